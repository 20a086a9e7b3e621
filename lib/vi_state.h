/*
 * vi_state.h - vi-stats' partial results: the complete per-column state of
 * what one run read (vi-stats --partial), written to a file and merged
 * later, with any number of others, into the ordinary report (vi-stats
 * --merge).
 *
 * Contract
 * - A state is one line of JSON (format "vi-stats-state", format_version
 *   VI_STATE_FORMAT_VERSION, every key documented in vi-stats(1), STATE
 *   FILES) holding every field of the profile (vi_profile_impl.h) and of the
 *   reader's findings, so that a report made from it is the report the run
 *   would have printed, bit for bit.  Byte strings (names, values, null
 *   tokens, reasons, the file name) are lower-case hex; doubles are the hex
 *   of their IEEE 754 bits; counts are JSON integers.
 * - Completeness: the line ends with ,"checksum":"H"}, H the XXH3-64 (16
 *   hex digits) of every byte before that comma.  A state cut short at any
 *   byte, damaged, of another format or version, or not what the writer
 *   wrote is refused (65, "FILE: not a complete vi-stats state: ...");
 *   nothing is merged from it.
 * - Merging (vi_state_merge) folds the states in the order given through
 *   vi_profile_merge() and vi_pscan_info_add(), the functions that merge the
 *   threaded scan's parts: counts add up; min/max, first exceptions (the
 *   earliest state, then the earliest place in it), the first invalid UTF-8
 *   place and the kept rejects are the earliest; distinct sketches merge
 *   register by register (exact sets by union); moments by Chan et al.'s
 *   formula, block by block, so the parts of one file (vi_pscan_part) give
 *   the bits of one pass over it.  States must have the same columns (names
 *   and number) and null tokens (65 naming both files); the parts of one
 *   file must come in order, 1/N to N/N, all of them (65), and a part that
 *   met a quoting fault must be the last (65: the boundaries after it are
 *   not reliable).
 * - Nothing here prints or exits.  Ownership: vi_state_write() borrows
 *   everything; vi_state_merge() fills a struct vi_merged the caller owns
 *   and releases with vi_merged_free().
 */
#ifndef VI_STATE_H
#define VI_STATE_H

#include <stdint.h>
#include <stdio.h>

#include "vi_csv.h"
#include "vi_err.h"
#include "vi_nulls.h"
#include "vi_profile.h"

#define VI_STATE_FORMAT_VERSION 2

/* Where a state's records came from, when it is a part of a file. */
struct vi_state_part {
	uint64_t k, n;          /* part k of n; n 0: the whole input */
	uint64_t size;          /* the file's size in bytes */
	uint64_t start, end;    /* its records start in [start, end) */
};

/* Write the state of one run over file: its profile p and the reader's
 * findings info; part NULL (or n 0) for a whole input.  0, or -1 with e
 * (74 write error, 70 out of memory). */
int vi_state_write(FILE *out, const char *file,
    const struct vi_state_part *part, const struct vi_csv_info *info,
    const struct vi_profile *p, struct vi_error *e);

struct vi_merged {
	struct vi_nulls *nulls;   /* the states' null tokens */
	struct vi_profile *p;     /* the merged profile (uses nulls) */
	struct vi_csv_info info;  /* the merged findings */
	char *file;               /* the name to report: the states' files,
				   * distinct neighbours joined by '+' */
};

/* Read the n state files at paths ("-": the standard input, once) and merge
 * them in that order into m.  0, or -1 with e (its file names the state at
 * fault: 66 cannot be opened, 74 read error, 65 damaged or not mergeable);
 * m is then empty. */
int vi_state_merge(char *const *paths, size_t n, struct vi_merged *m,
    struct vi_error *e);

void vi_merged_free(struct vi_merged *m);

#endif
