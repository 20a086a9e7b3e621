/* test_hll.c - HyperLogLog: exact small counts, error bounds, merge. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "vi_hll.h"

static struct vi_hll a, b, all;

static double
relerr(double est, double n)
{
	return fabs(est - n) / n;
}

static void
fill(struct vi_hll *h, const char *prefix, unsigned long from,
    unsigned long to)
{
	char buf[64];
	unsigned long i;
	int n;

	for (i = from; i < to; i++) {
		n = snprintf(buf, sizeof buf, "%s%lu", prefix, i);
		vi_hll_add(h, buf, (size_t)n);
	}
}

int
main(void)
{
	static const unsigned long sizes[] = {
		1000, 10000, 30000, 40000, 60000, 100000, 1000000
	};
	double e;
	size_t i;

	vi_hll_init(&a);
	TAP_OK(vi_hll_estimate(&a) == 0, "empty sketch estimates 0");
	vi_hll_add(&a, "x", 1);
	vi_hll_add(&a, "x", 1);
	TAP_OK(llround(vi_hll_estimate(&a)) == 1, "one value twice: 1");
	vi_hll_add(&a, "", 0);
	TAP_OK(llround(vi_hll_estimate(&a)) == 2, "the empty string counts");

	vi_hll_init(&a);
	fill(&a, "v", 0, 100);
	TAP_OK(llround(vi_hll_estimate(&a)) == 100, "100 values: 100");

	/* 3 standard errors (2.44 %) is the bound for every size. */
	for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		vi_hll_init(&a);
		fill(&a, "key-", 0, sizes[i]);
		fill(&a, "key-", 0, sizes[i] / 2);  /* repeats change nothing */
		e = vi_hll_estimate(&a);
		TAP_OK(relerr(e, (double)sizes[i]) < 3 * VI_HLL_ERROR,
		    "%lu distinct: estimate %.0f within 3 sigma", sizes[i], e);
	}

	/* Merge of two halves (overlapping) equals the sketch of the union. */
	vi_hll_init(&a);
	vi_hll_init(&b);
	vi_hll_init(&all);
	fill(&a, "m", 0, 600000);
	fill(&b, "m", 400000, 1000000);
	fill(&all, "m", 0, 1000000);
	vi_hll_merge(&a, &b);
	TAP_OK(memcmp(a.reg, all.reg, sizeof a.reg) == 0,
	    "merged registers equal the one-pass registers");
	e = vi_hll_estimate(&a);
	TAP_OK(relerr(e, 1e6) < 3 * VI_HLL_ERROR,
	    "merged 1e6 estimate %.0f within 3 sigma", e);
	TAP_OK(fabs(VI_HLL_ERROR - 1.04 / sqrt(VI_HLL_M)) < 1e-12,
	    "stated error is 1.04/sqrt(m)");
	return tap_done();
}
