/*
 * vi_keys.h - the vi-keys job: one CSV input in, one key stream out.
 *
 * For every data record: the key columns (normalised, see vi_rowkey.h), the
 * row hash of the hash columns unless disabled, the record number and the
 * optional label are written as one key stream record (vi_keystream.h).
 * With a shard, only the records whose key falls in that shard are written.
 *
 * Columns are resolved against the header at once; without a header (or
 * with an empty input) at the first record, against its field count.
 *
 * With jobs > 1, a regular file with a header read strictly is scanned on
 * several threads (vi_pscan.h); every part's stream goes to an unlinked
 * temporary file ($TMPDIR) and the parts are written to fd in file order,
 * with absolute row numbers, so the output is the same bytes as with one
 * job.  Other inputs (pipes, --no-header, --lenient) are read sequentially.
 * A part (part_n) is read sequentially, from its first record on; its
 * records are numbered as in the whole file, so the parts' streams, sorted,
 * are the whole file's sorted stream.
 *
 * With o->sort, every record goes through a vi_sort_writer: the output is
 * the sorted stream, written after the last record is read; after an error
 * nothing is written.
 *
 * Nothing here prints or exits.  Ownership: the caller keeps the CSV reader,
 * the column lists and the output descriptor; vi_keys_run() opens and closes
 * its own key stream writer on fd (fd is not closed).
 */
#ifndef VI_KEYS_H
#define VI_KEYS_H

#include <stdint.h>

#include "vi_colspec.h"
#include "vi_csv.h"
#include "vi_err.h"
#include "vi_keystream.h"
#include "vi_sort.h"

struct vi_keys_opts {
	struct vi_colspec *key;     /* parsed, not yet resolved */
	struct vi_colspec *hash;    /* NULL: every non-key column */
	int no_hash;                /* 1: no row hash ("-" in META) */
	unsigned norm;              /* VI_RK_TRIM | VI_RK_FOLD */
	uint64_t shard_k, shard_n;  /* shard_n 0: no sharding */
	uint64_t part_k, part_n;    /* part_n 0: the whole input; else only
				     * the records that start in the part_k-th
				     * of part_n byte ranges of a regular
				     * file (vi_pscan_part), numbered as in
				     * the whole file */
	const char *label;          /* NULL: no label */
	enum vi_ks_encoding enc;
	const char *source;         /* the source name for a binary header */
	unsigned jobs;              /* threads; 0 or 1: sequential */
	uint64_t block;             /* vi_pscan block size; 0: its default */
	const struct vi_dialect *d; /* the reader's dialect (for -j) */
	const struct vi_sort_opts *sort; /* not NULL: the stream is written
				     * sorted (vi_sort.h), and only once the
				     * whole input is read without error */
	struct vi_csv_info *info;   /* not NULL: receives the reader's
				     * findings for the whole input (also
				     * after a threaded scan) */
};

/* Run the job.  0, or -1 with e set: e->side is VI_ERR_OUTPUT for a write
 * error on fd (74, errno in e->errnum), else the input's fault (64 a column
 * list, 65 data, 74 read).  After a data error the records before it have
 * been written (with o->sort: none is). */
int vi_keys_run(struct vi_csv *c, const struct vi_keys_opts *o, int fd,
    struct vi_error *e);

#endif
