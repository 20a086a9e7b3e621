/*
 * vi_sort.h - external merge sort of key streams under a memory budget.
 *
 * Records are sorted in the key stream order (vi_keystream.h: bytewise order
 * of canonical lines), so the text output is byte-identical to what
 * `LC_ALL=C sort` makes of the same text stream.  Records that compare equal
 * are byte-identical, so the output does not depend on the budget, the
 * number of threads or the order in which runs are merged.
 *
 * How: records are copied into one block of about opts->mem bytes (line
 * bytes from the front, 16-byte entries {8-byte big-endian prefix, offset,
 * length} from the back); a full block is sorted by an MSD radix sort on the
 * cached prefixes, split over opts->threads threads, and written as a run
 * file (canonical text lines) made with vi_tmp.  Runs are merged at most
 * opts->fanin at a time, over as many passes as needed, ties going to the
 * lower run index.  Without a spill nothing touches the disk.
 *
 * Memory: the block plus about 1 MB per open run or input and 1 MB of output
 * buffer; a single record longer than the block enlarges it to fit.
 *
 * Errors fill e and copy the name of the file concerned (an input's name,
 * a run file's path, or the output's name) into where.  Nothing prints.
 */
#ifndef VI_SORT_H
#define VI_SORT_H

#include <stddef.h>

#include "vi_err.h"
#include "vi_keystream.h"

#define VI_SORT_MIN_MEM  (16u << 10)   /* smallest budget accepted */
#define VI_SORT_FANIN    16u

struct vi_sort_opts {
	size_t mem;           /* the budget in bytes (>= VI_SORT_MIN_MEM) */
	const char *tmpdir;   /* directory for run files */
	unsigned threads;     /* >= 1 */
	unsigned fanin;       /* runs merged at once; 0 means VI_SORT_FANIN */
};

/* Sort every record of the n inputs into out.  All inputs must have the
 * same number of key fields and all or none must carry row hashes.
 * 0, or -1 with e set, e->file and e->side naming the input, run file or
 * output it concerns. */
int vi_sort(struct vi_ks_reader **in, size_t n, struct vi_ks_writer *out,
    const struct vi_sort_opts *o, struct vi_error *e);

/* Merge n sorted inputs into out, checking that each is sorted (an unsorted
 * input is a data error naming it and the record). */
int vi_sort_merge(struct vi_ks_reader **in, size_t n,
    struct vi_ks_writer *out, const struct vi_sort_opts *o,
    struct vi_error *e);

/* 0 if in is sorted; 1 if not, with e (status 1) naming the first record out
 * of order; -1 on a read or data error. */
int vi_sort_check(struct vi_ks_reader *in, struct vi_error *e);

#endif
