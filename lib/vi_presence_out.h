/*
 * vi_presence_out.h - vi-presence's outputs: the summary and the presence
 * matrix, as CSV, TSV or JSON (layouts specified in man/vi-presence.1).
 *
 * Contract.  These functions format what the merge engine (vi_presence.h)
 * found and write it to a stdio stream; they never print anything else and
 * never exit.  A failed write returns -1 with e set (74, errno kept) so that
 * cmd/ can end quietly on EPIPE and loudly otherwise.  labels[i] names input
 * i (raw bytes, NUL-ended); the caller owns labels and paths and keeps them
 * alive while a matrix writer uses them.  JSON is produced with jansson;
 * strings that are not valid UTF-8 are written in the key stream escaping
 * with every byte >= 0x80 as \xHH as well (and matrix keys so written are
 * marked "escaped": true).
 */
#ifndef VI_PRESENCE_OUT_H
#define VI_PRESENCE_OUT_H

#include <stdio.h>

#include "vi_err.h"
#include "vi_presence.h"

enum vi_pr_format { VI_PR_CSV = 1, VI_PR_TSV, VI_PR_JSON };
/* Their names at index format - 1 ("csv", "tsv", "json"), NULL-ended. */
extern const char *const vi_pr_formats[];

/* Matrix options. */
#define VI_PR_M_COUNTS 0x1u   /* occurrence counts instead of 0/1 */
#define VI_PR_M_ROWS   0x2u   /* a source row number list per input */

/* The whole summary.  Call after vi_pr_next() returned 0.  paths[i] is the
 * argument that named input i (reported in JSON only). */
int vi_pr_write_summary(FILE *f, enum vi_pr_format fmt, struct vi_presence *p,
    char *const *labels, char *const *paths, struct vi_error *e);

/* A summary as data, wherever it came from (a merge, or per-shard
 * summaries added up by vi_pr_summary.h).  Everything is borrowed.
 * file_hash[i]: input i's records carry row hashes; paths[i] may be NULL
 * (JSON null: no one path). */
struct vi_pr_summary_view {
	const struct vi_pr_stats *st;
	size_t nkeys;
	const struct vi_pr_region *regions;   /* in vi_pr_regions() order */
	size_t nregions;
	const int *file_hash;
	char *const *labels;
	char *const *paths;
};

int vi_pr_write_summary_view(FILE *f, enum vi_pr_format fmt,
    const struct vi_pr_summary_view *v, struct vi_error *e);

struct vi_pr_matrix;

/* A matrix writer for p; writes the header line (CSV, TSV) at once. */
struct vi_pr_matrix *vi_pr_matrix_open(FILE *f, enum vi_pr_format fmt,
    unsigned mflags, const struct vi_presence *p, char *const *labels,
    struct vi_error *e);
/* One line for group g. */
int vi_pr_matrix_row(struct vi_pr_matrix *m, const struct vi_pr_group *g,
    struct vi_error *e);
/* Which groups vi_pr_run() writes to the matrix: every one (0), or those
 * not in every input and/or those whose rows changed. */
#define VI_PR_ONLY_MISSING 0x1u
#define VI_PR_ONLY_CHANGED 0x2u

/* Run the merge of p to its end, writing the selected groups to m (m may be
 * NULL: the merge only counts, for the summary).  0 at the end; -1 with e
 * set when the merge failed (from vi_pr_next: a malformed or unsorted input,
 * e->file naming it) or a write failed (e->side VI_ERR_OUTPUT, e->errnum). */
int vi_pr_run(struct vi_presence *p, struct vi_pr_matrix *m, unsigned only,
    struct vi_error *e);

/* Flush what is buffered and free m (also when e is NULL). */
int vi_pr_matrix_close(struct vi_pr_matrix *m, struct vi_error *e);

#endif
