/*
 * vi_head.h - vi-head's job: the first N records of a CSV input, or a
 * uniform random sample of N of them, written by vi_preview.
 *
 * Contract
 * - First records (sample == 0): the header, then records are read and
 *   written one at a time until count of them were; nothing after the
 *   count-th record is read, so an endless input is fine and a fault
 *   further on is never seen.  count 0 writes the header alone.
 * - Sample (sample == 1): every record is read and offered to vi_sample
 *   (Algorithm R, seeded with seed); at the end the kept ones are written
 *   in input order with their record numbers.
 * - The reader is borrowed (opened and closed by the caller); records come
 *   from vi_csv_next, so in lenient mode rejected records are skipped and
 *   counted by the reader (they keep their record numbers: the others are
 *   numbered as in the whole file).
 * - Returns 0, or -1 with e: the reader's error (65 malformed input, 74
 *   read error, e->file unset) or the writer's (74, side VI_ERR_OUTPUT).
 *   Never prints, never exits (but vi_alloc).
 */
#ifndef VI_HEAD_H
#define VI_HEAD_H

#include <stdint.h>
#include <stdio.h>

#include "vi_csv.h"
#include "vi_err.h"
#include "vi_preview.h"

struct vi_head_opts {
	uint64_t count;                 /* records to write (default 10) */
	int sample;                     /* 1: a random sample of count */
	uint64_t seed;                  /* the sample's generator seed */
	struct vi_preview_opts out;
};

int vi_head_run(struct vi_csv *c, const struct vi_head_opts *o, FILE *out,
    struct vi_error *e);

#endif
