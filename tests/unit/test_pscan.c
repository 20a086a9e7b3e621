/*
 * test_pscan.c - the threaded pass must see exactly what the sequential pass
 * sees: the same records, with the same lines and bytes, cut into the same
 * blocks.  Files with quoted newlines, doubled quotes, CRLF, lone CR, blank
 * lines and block boundaries falling everywhere; one run per thread, or
 * runs of one or three blocks folded as they end (with the states alive
 * counted).
 */
#include "tap.h"
#include "vi_pscan.h"
#include "vi_alloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "../test_helper/pscan_trace.h"


/* A pseudo-random CSV made of awkward pieces. */
static void
make_csv(const char *path, unsigned seed, int rows, const char *eol)
{
	FILE *f = fopen(path, "wb");
	int i;

	srand(seed);
	fprintf(f, "id,text,n%s", eol);
	for (i = 0; i < rows; i++) {
		switch (rand() % 7) {
		case 0:
			fprintf(f, "%d,\"multi%sline, \"\"quoted\"\"\",%d%s", i,
			    eol, rand() % 100, eol);
			break;
		case 1:
			fprintf(f, "%d,\"\",x%s%s", i, eol, rand() % 5 ? "" :
			    eol);
			break;
		case 2:
			fprintf(f, "%d,\"a\"\"\"\"b\n\n\",\"%s\"%s", i, eol, eol);
			break;
		default:
			fprintf(f, "%d,plain %d,%d%s", i, rand(), rand() % 9, eol);
		}
	}
	fclose(f);
}

static int
same(const struct trace *a, const struct trace *b)
{
	return a->n == b->n && a->records == b->records &&
	    memcmp(a->h, b->h, a->n * sizeof *a->h) == 0;
}

/* The trace consumer, counting its states alive (from several threads). */
static int live, max_live;

static void *
c_create(void *arg, int origin)
{
	int n = __atomic_add_fetch(&live, 1, __ATOMIC_SEQ_CST), m;

	while ((m = __atomic_load_n(&max_live, __ATOMIC_SEQ_CST)) < n &&
	    !__atomic_compare_exchange_n(&max_live, &m, n, 0,
	    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	return t_create(arg, origin);
}

static void
c_free(void *st)
{
	if (st != NULL)
		__atomic_sub_fetch(&live, 1, __ATOMIC_SEQ_CST);
	t_free(st);
}

static const struct vi_pscan_ops counted = {
	NULL, c_create, t_add, t_block_end, t_merge, c_free
};

static int
run(const char *path, unsigned jobs, uint64_t block, uint64_t runb,
    struct trace **out, struct vi_csv_info *info, int *parallel)
{
	struct vi_dialect d;
	struct vi_error e = { 0 };
	struct vi_pscan_opts o = { jobs, block, 0, runb };
	struct vi_pscan_result res;
	struct vi_csv *c;
	int rc;

	vi_dialect_default(&d);
	c = vi_csv_open(path, &d, &e);
	if (c == NULL)
		return -1;
	rc = vi_pscan_run(c, &d, &o, &counted, &res, &e);
	vi_csv_close(c);
	*out = res.state;
	*info = res.info;
	*parallel = res.parallel;
	return rc;
}

int
main(void)
{
	char path[] = "/tmp/test_pscan_XXXXXX";
	int fd = mkstemp(path);
	const char *eols[] = { "\n", "\r\n", "\r" };
	unsigned e, s, jobs, k, runs[] = { 0, 1, 3 }, bounded = 0,
	    nbounded = 0;
	uint64_t blocks[] = { 64, 100, 333, 4096 };
	size_t b;

	close(fd);
	for (e = 0; e < 3; e++)
		for (s = 1; s <= 3; s++) {
			make_csv(path, s, 400, eols[e]);
			for (b = 0; b < sizeof blocks / sizeof *blocks; b++) {
				struct trace *t1, *tn;
				struct vi_csv_info i1, in;
				int p1, pn, r1, rn;

				r1 = run(path, 1, blocks[b], 0, &t1, &i1, &p1);
				for (jobs = 2; jobs <= 5; jobs += 3)
				    for (k = 0; k < 3; k++) {
					live = max_live = 0;
					rn = run(path, jobs, blocks[b],
					    runs[k] * blocks[b], &tn, &in, &pn);
					TAP_OK(r1 == 0 && rn == 0 && same(t1, tn) &&
					    i1.lines == in.lines &&
					    i1.records_read == in.records_read &&
					    i1.blank_lines == in.blank_lines &&
					    i1.bytes == in.bytes &&
					    (pn || e == 2),
					    "eol %u seed %u block %llu jobs %u "
					    "runs of %u blocks: %zu blocks, %llu "
					    "records, threaded %d",
					    e, s, (unsigned long long)blocks[b],
					    jobs, runs[k], t1->n,
					    (unsigned long long)t1->records, pn);
					/* Runs are folded as they end: at
					 * most jobs + 2 of them open at once,
					 * and the first. */
					if (runs[k] != 0 && pn)
						bounded += max_live <=
						    (int)jobs + 3,
						    nbounded++;
					t_free(tn);
				    }
				t_free(t1);
			}
		}
	TAP_OK(nbounded > 20 && bounded == nbounded, "runs of 1 or 3 blocks: "
	    "never more than jobs + 3 states alive (%u of %u scans)",
	    bounded, nbounded);
	/* Many runs: the states alive stay few. */
	make_csv(path, 7, 20000, "\n");
	{
		struct trace *t1, *tn;
		struct vi_csv_info i1, in;
		int p1, pn;

		run(path, 1, 4096, 0, &t1, &i1, &p1);
		live = max_live = 0;
		run(path, 2, 4096, 4096, &tn, &in, &pn);
		TAP_OK(pn && same(t1, tn) && tn->n > 100 && max_live <= 5 &&
		    live == 1, "%zu blocks in runs of one on 2 threads: "
		    "the sequential result, at most %d states alive",
		    tn->n, max_live);
		t_free(t1);
		c_free(tn);
	}
	unlink(path);
	return tap_done();
}
