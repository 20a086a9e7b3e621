/*
 * fuzz_pscan.c - the threaded scan (lib/vi_pscan) against the sequential
 * pass, on a regular file.
 *
 * Input: byte 0 chooses header, lenient, the delimiter and the quote (as in
 * fuzz_csv.c); byte 1 the block size (1 to 256 bytes, so a small file has
 * many blocks); byte 2 the number of threads (2 to 5, its low two bits)
 * and the run size (its next two: one run per thread, or runs of 1 to 3
 * blocks folded as they end); the rest is the file.  Both passes must give the same records, in the same blocks, the
 * same findings (lines, counts, rejects, invalid UTF-8) and the same error.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"
#include "vi_pscan.h"

#include "../test_helper/pscan_trace.h"


static const unsigned char delims[8] = { ',', '\t', ';', '|', ' ', ',',
	0, 0 };
static const unsigned char quotes[4] = { '"', '\'', 0, '"' };

/* One scan: the hash of its result. */
static uint64_t
scan(const char *path, const struct vi_dialect *d, unsigned jobs,
    uint64_t block, uint64_t runb, int *parallel)
{
	struct vi_error e = { 0 };
	struct vi_pscan_opts o = { jobs, block, 0, runb };
	struct vi_pscan_result res;
	const struct vi_csv_info *in = &res.info;
	struct trace *t;
	struct vi_csv *c;
	uint64_t h = 0;
	size_t i;

	*parallel = 0;
	c = vi_csv_open(path, d, &e);
	if (c == NULL)
		return fz_mix64(h, (uint64_t)e.status);
	if (vi_pscan_run(c, d, &o, &ops, &res, &e) < 0) {
		/* The state is the caller's only on success. */
		h = fz_mix64(h, (uint64_t)e.status);
		h = fz_mix64(h, e.line);
		h = fz_mix64(h, e.byte);
		h = fz_mix(h, e.msg, strlen(e.msg));
		t_free(res.state);
		vi_csv_close(c);
		return h;
	}
	t = res.state;
	*parallel = res.parallel;
	h = fz_mix64(h, t->n);
	h = fz_mix64(h, t->records);
	h = fz_mix(h, t->h, t->n * sizeof *t->h);
	h = fz_mix64(h, in->bytes);
	h = fz_mix64(h, in->lines);
	h = fz_mix64(h, in->records_read);
	h = fz_mix64(h, in->records_ok);
	h = fz_mix64(h, in->records_rejected);
	h = fz_mix64(h, in->quoting_rejects);
	h = fz_mix64(h, in->blank_lines);
	h = fz_mix64(h, in->columns);
	h = fz_mix64(h, (uint64_t)in->bom_utf8);
	h = fz_mix64(h, in->utf8_invalid);
	h = fz_mix64(h, in->utf8_first_line);
	h = fz_mix64(h, in->utf8_first_byte);
	h = fz_mix64(h, in->nrejects_kept);
	for (i = 0; i < in->nrejects_kept; i++) {
		h = fz_mix64(h, in->rejects[i].line);
		h = fz_mix64(h, in->rejects[i].byte);
		h = fz_mix(h, in->rejects[i].reason,
		    strlen(in->rejects[i].reason));
	}
	if (getenv("FZ_VERBOSE") != NULL) {
		fprintf(stderr, "jobs %u parallel %d: %zu blocks, %llu records, "
		    "bytes %llu lines %llu read %llu ok %llu rejected %llu "
		    "quoting %llu blank %llu columns %zu utf8 %llu at %llu:%llu\n",
		    jobs, res.parallel, t->n, (unsigned long long)t->records,
		    (unsigned long long)in->bytes,
		    (unsigned long long)in->lines,
		    (unsigned long long)in->records_read,
		    (unsigned long long)in->records_ok,
		    (unsigned long long)in->records_rejected,
		    (unsigned long long)in->quoting_rejects,
		    (unsigned long long)in->blank_lines, in->columns,
		    (unsigned long long)in->utf8_invalid,
		    (unsigned long long)in->utf8_first_line,
		    (unsigned long long)in->utf8_first_byte);
		for (i = 0; i < in->nrejects_kept; i++)
			fprintf(stderr, "  reject %llu:%llu %s\n",
			    (unsigned long long)in->rejects[i].line,
			    (unsigned long long)in->rejects[i].byte,
			    in->rejects[i].reason);
		for (i = 0; i < t->n; i++)
			fprintf(stderr, "  block %zu %016llx\n", i,
			    (unsigned long long)t->h[i]);
	}
	if (t->records != in->records_ok)
		fz_fail("the consumer saw %llu records, the reader %llu ok",
		    (unsigned long long)t->records,
		    (unsigned long long)in->records_ok);
	t_free(t);
	vi_csv_close(c);
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct vi_dialect d;
	uint8_t opt = fz_byte(&f);
	uint64_t block = (uint64_t)fz_byte(&f) + 1, h1, hn;
	uint8_t jb = fz_byte(&f);
	unsigned jobs = 2 + jb % 4;
	uint64_t runb = (uint64_t)(jb >> 2 & 3) * block;
	int fd, p1, pn;

	vi_dialect_default(&d);
	d.header = opt & 1;
	d.lenient = (opt >> 1) & 1;
	d.delim = delims[(opt >> 2) & 7];
	d.quote = quotes[(opt >> 5) & 3];
	if (d.delim == 0)
		d.delim = fz_byte(&f);
	if (d.quote == 0)
		d.quote = fz_byte(&f);
	if (d.delim == d.quote || d.delim == '\n' || d.delim == '\r' ||
	    d.quote == '\n' || d.quote == '\r')
		return 0;
	fd = fz_file(0, f.p, f.n);
	h1 = scan(fz_path(fd), &d, 1, block, 0, &p1);
	hn = scan(fz_path(fd), &d, jobs, block, runb, &pn);
	if (h1 != hn)
		fz_fail("%u threads (%s) and one thread disagree, block %llu, "
		    "run %llu", jobs, pn ? "threaded" : "fell back",
		    (unsigned long long)block, (unsigned long long)runb);
	return 0;
}
