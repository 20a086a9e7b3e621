/*
 * test_pscan.c - the threaded pass must see exactly what the sequential pass
 * sees: the same records, with the same lines and bytes, cut into the same
 * blocks.  Files with quoted newlines, doubled quotes, CRLF, lone CR, blank
 * lines and block boundaries falling everywhere.
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

static int
run(const char *path, unsigned jobs, uint64_t block, struct trace **out,
    struct vi_csv_info *info, int *parallel)
{
	struct vi_dialect d;
	struct vi_error e = { 0 };
	struct vi_pscan_opts o = { jobs, block, 0 };
	struct vi_pscan_result res;
	struct vi_csv *c;
	int rc;

	vi_dialect_default(&d);
	c = vi_csv_open(path, &d, &e);
	if (c == NULL)
		return -1;
	rc = vi_pscan_run(c, &d, &o, &ops, &res, &e);
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
	unsigned e, s, jobs;
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

				r1 = run(path, 1, blocks[b], &t1, &i1, &p1);
				for (jobs = 2; jobs <= 5; jobs += 3) {
					rn = run(path, jobs, blocks[b], &tn, &in,
					    &pn);
					TAP_OK(r1 == 0 && rn == 0 && same(t1, tn) &&
					    i1.lines == in.lines &&
					    i1.records_read == in.records_read &&
					    i1.blank_lines == in.blank_lines &&
					    i1.bytes == in.bytes &&
					    (pn || e == 2),
					    "eol %u seed %u block %llu jobs %u: "
					    "%zu blocks, %llu records, threaded %d",
					    e, s, (unsigned long long)blocks[b], jobs,
					    t1->n, (unsigned long long)t1->records,
					    pn);
					t_free(tn);
				}
				t_free(t1);
			}
		}
	unlink(path);
	return tap_done();
}
