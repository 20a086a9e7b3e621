/*
 * vi_sort.h - external merge sort of key streams under a memory budget.
 *
 * Records are sorted in the key stream order (vi_keystream.h: bytewise order
 * of canonical lines), so the text output is byte-identical to what
 * `LC_ALL=C sort` makes of the same text stream.  Records that compare equal
 * are byte-identical, so the output does not depend on the budget, the
 * number of threads or the order in which runs are merged.
 *
 * How: records are copied into one block of about opts->mem bytes (each
 * record's key, hash, row number and label from the front, 16-byte entries
 * {8 key bytes big-endian, offset, length} from the back); a full block is
 * sorted by an MSD radix sort over the keys (records with equal keys by
 * their fields, vi_ks_reccmp: no record is turned into text to be ordered),
 * split over opts->threads threads, and written as a run file (a binary key
 * stream, so its end record and checksum are checked when it is read back)
 * made with vi_tmp.  Runs are merged at most opts->fanin at a time, over as
 * many passes as needed, ties going to the lower run index.  Without a
 * spill nothing touches the disk.
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

/* The sort as a consumer of records: vi_sorter_add() takes a record (its
 * key and fields; the line is not needed) and copies it; vi_sorter_finish()
 * writes every record added, in order, to out (not closed);
 * vi_sorter_free() removes any run files left.  All records must have the
 * same number of key fields and all or none a row hash (a record that
 * differs in the hash is refused, 65).  0, or -1 with e set. */
struct vi_sorter;
struct vi_sorter *vi_sorter_new(const struct vi_sort_opts *o,
    struct vi_error *e);
int vi_sorter_add(struct vi_sorter *s, const struct vi_ks_rec *r,
    struct vi_error *e);
int vi_sorter_finish(struct vi_sorter *s, struct vi_ks_writer *out,
    struct vi_error *e);
void vi_sorter_free(struct vi_sorter *s);

/* A writer (vi_ks_writer_open_sink) that sorts what is written to it: its
 * vi_ks_writer_close() writes the records in order to out and closes out;
 * its vi_ks_writer_abort() drops them and aborts out (which then holds
 * nothing: no record reaches out before the close).  Takes out over.  o
 * must stay valid until then. */
struct vi_ks_writer *vi_sort_writer(struct vi_ks_writer *out,
    const struct vi_sort_opts *o, struct vi_error *e);

/* Sort every record of the n inputs into out.  All inputs must have the
 * same number of key fields and all or none must carry row hashes.
 * 0, or -1 with e set, e->file and e->side naming the input, run file or
 * output it concerns. */
int vi_sort(struct vi_ks_reader **in, size_t n, struct vi_ks_writer *out,
    const struct vi_sort_opts *o, struct vi_error *e);

/* Merge n sorted inputs into out, checking that each is sorted (an unsorted
 * input is a data error naming it and the record).  vi_sort, vi_sort_merge
 * and vi_sort_check read their inputs as vi_ks_reader_keys_only. */
int vi_sort_merge(struct vi_ks_reader **in, size_t n,
    struct vi_ks_writer *out, const struct vi_sort_opts *o,
    struct vi_error *e);

/* 0 if in is sorted; 1 if not, with e (status 1) naming the first record out
 * of order; -1 on a read or data error. */
int vi_sort_check(struct vi_ks_reader *in, struct vi_error *e);

#endif
