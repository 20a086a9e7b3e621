/*
 * vi_pscan.h - one pass over the data records of a CSV file, on several
 * threads when the input is a regular file, with a result identical to the
 * sequential pass.
 *
 * How: the file is cut in "blocks" at the first record that starts after
 * each multiple of the block size (default 16 MiB).  The consumer is told
 * where every block ends (block_end), in the sequential pass too, so that a
 * consumer whose merge is not associative (floating point) can keep
 * per-block partial results and fold them in file order.  The file is cut
 * in runs of whole blocks: one per thread, or (opts.run) runs of a given
 * size.  To find where a run starts without parsing from the beginning,
 * the threads first count quote characters and line endings in each run's
 * raw byte range (a fast pass); the quote parity at a block's multiple
 * tells whether that offset is inside a quoted field, and the first line
 * ending outside quotes after it ends the last record of the previous run.
 * The threads then take the runs in file order, each parsed by its own
 * reader and consumer state; a run's state is merged into the first run's
 * as soon as every run before it is (ops->merge is called under a lock,
 * one at a time, in file order), and no thread starts a run more than
 * threads + 2 runs past the last one merged, so at most threads + 3 states
 * are alive at once, whatever the file's size.  If anything is odd in any run (a data error,
 * a quoting reject in lenient mode, a run that does not end at a record
 * boundary), the parallel result is thrown away and the file is read again
 * sequentially, so errors and rejects are always those of the sequential
 * pass.
 *
 * Ownership: the consumer's states are created and freed through ops; the
 * final state is handed to the caller in *out (free it with ops->free).
 */
#ifndef VI_PSCAN_H
#define VI_PSCAN_H

#include <stdint.h>

#include "vi_csv.h"
#include "vi_err.h"

struct vi_pscan_ops {
	void *arg;
	/* origin: the state will see the file's first data record */
	void *(*create)(void *arg, int origin);
	void (*add)(void *state, const struct vi_record *r);
	void (*block_end)(void *state);
	/* src saw the records that come right after dst's; fold it in.
	 * dst's last block was closed (block_end) just before, unless dst
	 * has seen no record yet: then src's first block is the first. */
	void (*merge)(void *dst, void *src);
	void (*free)(void *state);
};

struct vi_pscan_opts {
	unsigned jobs;      /* threads; 1 = sequential */
	uint64_t block;     /* block size in bytes; 0 = default */
	uint64_t limit;     /* stop after this many records; 0 = all */
	uint64_t run;       /* threaded: bytes per run (whole blocks, at
			     * least one); 0 = one run per thread */
};

#define VI_PSCAN_BLOCK_DEFAULT (UINT64_C(16) << 20)

struct vi_pscan_result {
	void *state;              /* the consumer's merged state */
	struct vi_csv_info info;  /* the reader's findings, whole file */
	int partial;              /* stopped at opts.limit */
	int parallel;             /* 1 if the threaded pass was used */
};

/* Scan the data records of c, opened with vi_csv_open() (its header already
 * read).  0 on success; -1 with e filled (65 data error in strict mode, 74
 * I/O error). */
int vi_pscan_run(struct vi_csv *c, const struct vi_dialect *d,
    const struct vi_pscan_opts *o, const struct vi_pscan_ops *ops,
    struct vi_pscan_result *res, struct vi_error *e);

/* Add a reader's findings for a later part to the ones before it: counts
 * add up, the first invalid UTF-8 place and the kept rejects are the
 * earliest.  (The threaded pass and vi-stats --merge both use it.) */
void vi_pscan_info_add(struct vi_csv_info *to, const struct vi_csv_info *from);

/*
 * One part of a regular file, for one of many workers (vi-stats and vi-keys
 * --part K/N): the data records that start in bytes [lo, hi) of the file,
 * lo = floor(size * (K-1) / N), hi = floor(size * K / N), so that N workers
 * over the N parts see every record exactly once.
 *
 * Record boundaries: a record starts where a line starts outside quotes.
 * One sequential pass over [0, hi) counts quote characters and line endings
 * (the vectorised count of the threaded pass, at memory speed); the quote
 * parity at lo - 1 says whether that byte is inside a quoted field, and the
 * first line ending outside quotes at or after it ends the last record of
 * the parts before.  The same at hi - 1 gives where the part ends.  The
 * count of line endings gives the absolute physical line of the first
 * record, so lines and bytes in messages are those of a whole-file run.
 * With numbers set, the records before the part are counted too (line
 * endings outside quotes, less blank lines; a scalar pass over [data, start)
 * of the file), so record numbers are absolute as well.  Quote parity is
 * exact for well-formed CSV; a quoting fault (a stray or unterminated
 * quote) before a part makes its boundaries unreliable: in strict mode the
 * part that holds the fault fails, in lenient mode it counts a quoting
 * reject (info.quoting_rejects), and the caller must not trust the parts
 * after it.
 *
 * Blocks: per-block results (floating-point moments) must be the same bits
 * as the sequential pass, whose blocks are the records that start in
 * (g*B, (g+1)*B], B the block size.  The part whose range holds g*B holds
 * block g: records of the part whose block starts before lo are given to
 * add_counts (everything but the per-block results), and after the part's
 * last record the file is read on to the end of its last block, whose
 * records are given to add_block (per-block results only; their reader's
 * findings and data errors are left to the part they belong to).  Without
 * add_counts and add_block every record of the part goes to ops->add.
 *
 * The state is created with origin set for part 1 only.  res->info holds
 * the part's findings (part 1 also the header's), bytes the part's share
 * of the file: [0, end) for part 1, [start, end) for the others, so that
 * the parts' bytes add up to the file's size.  0, or -1 with e (64 not a
 * regular file, 65 a data error in the part, 74 I/O).  res->state may be
 * set either way (free it with ops->free).
 */
struct vi_pscan_part {
	uint64_t k, n;          /* in: part k of n, 1 <= k <= n */
	int numbers;            /* in: number records absolutely */
	void (*add_counts)(void *state, const struct vi_record *r); /* in */
	void (*add_block)(void *state, const struct vi_record *r);  /* in */
	uint64_t start, end;    /* out: the part's records are in [start, end) */
};

int vi_pscan_part(struct vi_csv *c, const struct vi_dialect *d,
    const struct vi_pscan_opts *o, struct vi_pscan_part *pt,
    const struct vi_pscan_ops *ops, struct vi_pscan_result *res,
    struct vi_error *e);

#endif
