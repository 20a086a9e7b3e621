/*
 * vi_diff.h - the vi-diff engine: reconcile N CSV files by key, column by
 * column, in bounded memory.
 *
 * How (man/vi-diff.1 says the same for users):
 *  1. Each input is read once.  Its header is matched with the others': key
 *     columns by -k (resolved in each file), compared columns by header
 *     name.  For every data record a key stream record is made (the key,
 *     an XXH3 row hash of the compared columns' values in one order common
 *     to all files, the row number), and the record's place is noted in a
 *     row index (16 bytes per record: offset and length of its bytes).  An
 *     input that cannot be read again (a pipe) is copied, record by record,
 *     to a spool file, and the index points there.  Per input, one thread
 *     parses and another sorts the key stream (vi_sort, the budget shared
 *     out), so N inputs use up to 2N threads; the sorted streams go to
 *     unlinked temporary files.
 *  2. The sorted streams are merged by key (vi_presence).  A key whose row
 *     hashes are equal in every file holding it is equal under any rule, and
 *     costs nothing more.  Only for a key whose hashes differ are its
 *     records read again (one pread each, parsed by the same reader) and
 *     compared column by column under the rules (vi_vcmp.h), every file's
 *     value against that of the first file holding the key.
 * A key repeated within a file is reported as a duplicate, with all its
 * rows, and never compared.  Memory: the sort budget, about 1 MB per input
 * for buffers, and the longest record of each input.  Disk: the sort runs
 * (when the budget is exceeded), the sorted streams (~40 bytes per record),
 * the row index (16 bytes per record) and, for pipes, the spool.
 *
 * Ownership and errors.  The engine owns its readers, threads and temporary
 * files; vi_diff_close() releases everything, also after an error.  An
 * item and everything it points to is borrowed until the next
 * vi_diff_next() or vi_diff_close().  Errors fill a struct vi_error with
 * e->file naming the input (or the temporary file, e->side VI_ERR_OUTPUT
 * for a failed temporary write); usage errors (64) are about column lists.
 * Nothing here prints or exits.
 */
#ifndef VI_DIFF_H
#define VI_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "vi_csv.h"
#include "vi_err.h"
#include "vi_vcmp.h"

#define VI_DIFF_MAX_INPUTS 64

struct vi_diff_opts {
	const char *key;            /* -k: a column list (vi_colspec.h) */
	const char *columns;        /* --columns, or NULL: every column */
	const char *ignore;         /* --ignore-columns, or NULL */
	struct vi_vcmp rules;
	size_t mem;                 /* sort budget, bytes, for all inputs */
	const char *tmpdir;         /* NULL: vi_tmp_dir's default */
	struct vi_dialect d;        /* with a header: columns are matched by
				     * name */
};

enum vi_diff_kind {
	VI_DIFF_CHANGED = 1,        /* in >= 2 files, values differ */
	VI_DIFF_ONLY,               /* not in every file, the rest equal */
	VI_DIFF_DUPLICATE           /* repeated within a file */
};

struct vi_diff_item {
	enum vi_diff_kind kind;
	const struct vi_field *key; /* the key's fields, decoded */
	/* Per input i: counts[i] rows hold the key, rows[i][0..counts[i])
	 * their 1-based data record numbers, ascending. */
	const uint64_t *counts;
	uint64_t *const *rows;
	/* VI_DIFF_CHANGED: the compared columns (indexes into the info's
	 * columns) whose values differ, in column order, and every input's
	 * values of the compared columns: values[i][c], values[i] NULL when
	 * input i does not hold the key. */
	size_t ndiff;
	const size_t *diff;
	const struct vi_field *const *values;
};

/* A compared column and what the merge found in it. */
struct vi_diff_column {
	struct vi_field name;       /* header bytes (first input's) */
	uint64_t differ;            /* keys whose values differ in it */
	/* The first such key and its values (NULL: none yet); values[i].p
	 * is NULL when input i lacks the key. */
	struct vi_field *ex_key;
	struct vi_field *ex_values;
};

/* A column not compared: absent from some input. */
struct vi_diff_missing {
	struct vi_field name;
	unsigned char *absent;      /* absent[i]: input i lacks it */
};

struct vi_diff_file {
	const char *path;
	uint64_t records;           /* data records read */
	uint64_t keys;              /* distinct keys */
	uint64_t duplicate_keys;    /* distinct keys seen more than once */
	struct vi_csv_info csv;     /* the reader's findings */
};

struct vi_diff_info {
	size_t n;                   /* inputs */
	size_t nkeys;
	const struct vi_field *key_names;   /* the first input's */
	size_t ncols;
	struct vi_diff_column *cols;
	size_t nmissing;
	const struct vi_diff_missing *missing;
	const struct vi_diff_file *files;
	/* Totals, final once vi_diff_next() returned 0. */
	uint64_t keys;              /* distinct keys */
	uint64_t in_all;            /* in every input */
	uint64_t not_in_all;
	uint64_t compared;          /* in >= 2 inputs, not duplicate */
	uint64_t changed;           /* of those, with a differing column */
	uint64_t rule_equal;        /* rows that differ in bytes but are
				     * equal under the rules */
	uint64_t duplicate;         /* repeated within some input */
};

struct vi_diff;

/* Open the n inputs (paths; "-" is stdin, at most once), read and match
 * their headers.  NULL with e set: 64 a column list, 66 an input that cannot
 * be opened, 65 malformed input. */
struct vi_diff *vi_diff_open(const char *const *paths, size_t n,
    const struct vi_diff_opts *o, struct vi_error *e);

/* Pass 1: read every input, make and sort the key streams.  0, or -1 with
 * e set. */
int vi_diff_scan(struct vi_diff *d, struct vi_error *e);

/* Pass 2: the next item in key order.  1: an item in *it; 0: done (the
 * totals are final); -1: error in e. */
int vi_diff_next(struct vi_diff *d, struct vi_diff_item *it,
    struct vi_error *e);

const struct vi_diff_info *vi_diff_info(const struct vi_diff *d);

void vi_diff_close(struct vi_diff *d);

#endif
