/*
 * vi_pscan.h - one pass over the data records of a CSV file, on several
 * threads when the input is a regular file, with a result identical to the
 * sequential pass.
 *
 * How: the file is cut in "blocks" at the first record that starts after
 * each multiple of the block size (default 16 MiB).  The consumer is told
 * where every block ends (block_end), in the sequential pass too, so that a
 * consumer whose merge is not associative (floating point) can keep
 * per-block partial results and fold them in file order.  Threads take runs
 * of whole blocks.  To find where a run starts without parsing from the
 * beginning, every thread first counts quote characters and line endings in
 * its raw byte range (a fast pass); the quote parity at a block's multiple
 * tells whether that offset is inside a quoted field, and the first line
 * ending outside quotes after it ends the last record of the previous run.
 * Each run is then parsed by its own reader and consumer state, and the
 * states are merged in order.  If anything is odd in any run (a data error,
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

#endif
