/* test_hll.c - distinct counts: exact while sparse, HyperLogLog error bounds
 * when dense, merges of every combination of forms. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "tap.h"
#include "vi_hll.h"

static struct vi_hll a, b, all;
static uint8_t ref[VI_HLL_M];

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

/* The registers as the dense-only sketch computed them, independently. */
static void
ref_fill(const char *prefix, unsigned long from, unsigned long to)
{
	char buf[64];
	unsigned long i;
	int n, rank;
	uint64_t hash, rest;

	for (i = from; i < to; i++) {
		n = snprintf(buf, sizeof buf, "%s%lu", prefix, i);
		hash = XXH3_64bits(buf, (size_t)n);
		rest = hash << VI_HLL_P;
		for (rank = 1; rank <= 64 - VI_HLL_P && !(rest >> 63);
		    rank++)
			rest <<= 1;
		if (rank > ref[hash >> (64 - VI_HLL_P)])
			ref[hash >> (64 - VI_HLL_P)] = (uint8_t)rank;
	}
}

static int
same_regs(const struct vi_hll *h)
{
	return h->reg != NULL && memcmp(h->reg, ref, sizeof ref) == 0;
}

static void
reset(void)
{
	vi_hll_free(&a);
	vi_hll_free(&b);
	vi_hll_free(&all);
	memset(ref, 0, sizeof ref);
}

int
main(void)
{
	static const unsigned long sizes[] = {
		2000, 10000, 30000, 40000, 60000, 100000, 1000000
	};
	static const unsigned long small[] = {
		1, 2, 7, 100, 496, 500, 777, 1000, VI_HLL_EXACT
	};
	double e;
	size_t i;
	unsigned long n, bad;

	vi_hll_init(&a);
	TAP_OK(vi_hll_estimate(&a) == 0 && vi_hll_exact(&a),
	    "empty sketch: exactly 0");
	TAP_OK(a.set == NULL && a.reg == NULL, "empty sketch allocates "
	    "nothing");
	vi_hll_add(&a, "x", 1);
	vi_hll_add(&a, "x", 1);
	TAP_OK(vi_hll_estimate(&a) == 1, "one value twice: 1");
	vi_hll_add(&a, "", 0);
	TAP_OK(vi_hll_estimate(&a) == 2, "the empty string counts");
	TAP_OK(a.cap * sizeof *a.set == 64, "a small set takes 64 bytes");
	vi_hll_add_hash(&a, 0);
	vi_hll_add_hash(&a, 0);
	TAP_OK(vi_hll_estimate(&a) == 3, "the hash 0 is a member, once");
	reset();

	/* Exact up to the threshold, at every size on the way. */
	bad = 0;
	for (n = 1; n <= VI_HLL_EXACT; n++) {
		fill(&a, "v", n - 1, n);
		fill(&a, "v", n / 2, n / 2 + 1);     /* a repeat */
		if (vi_hll_estimate(&a) != (double)n || !vi_hll_exact(&a))
			bad++;
	}
	TAP_OK(bad == 0, "every count from 1 to %d is exact",
	    VI_HLL_EXACT);
	TAP_OK(a.cap * sizeof *a.set <= VI_HLL_M, "the set at the threshold "
	    "is no larger than the registers (%zu bytes)",
	    a.cap * sizeof *a.set);
	fill(&a, "v", VI_HLL_EXACT, VI_HLL_EXACT + 1);
	ref_fill("v", 0, VI_HLL_EXACT + 1);
	TAP_OK(!vi_hll_exact(&a) && a.set == NULL && same_regs(&a),
	    "one more: dense, registers of all %d values", VI_HLL_EXACT + 1);
	e = vi_hll_estimate(&a);
	TAP_OK(relerr(e, VI_HLL_EXACT + 1) < 3 * VI_HLL_ERROR,
	    "estimate %.1f within 3 sigma", e);
	reset();
	for (i = 0; i < sizeof small / sizeof *small; i++) {
		fill(&a, "key-", 0, small[i]);
		TAP_OK(vi_hll_estimate(&a) == (double)small[i],
		    "%lu distinct: exactly %lu", small[i], small[i]);
		vi_hll_free(&a);
	}

	/* 3 standard errors (2.44 %) is the bound for every dense size. */
	for (i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		fill(&a, "key-", 0, sizes[i]);
		fill(&a, "key-", 0, sizes[i] / 2);  /* repeats change nothing */
		e = vi_hll_estimate(&a);
		TAP_OK(relerr(e, (double)sizes[i]) < 3 * VI_HLL_ERROR,
		    "%lu distinct: estimate %.0f within 3 sigma", sizes[i], e);
		vi_hll_free(&a);
	}

	/* sparse + sparse, the union still small: exact. */
	fill(&a, "s", 0, 600);
	fill(&b, "s", 300, 900);
	vi_hll_merge(&a, &b);
	TAP_OK(vi_hll_exact(&a) && vi_hll_estimate(&a) == 900,
	    "sparse + sparse (union 900): exactly 900");
	TAP_OK(vi_hll_exact(&b) && vi_hll_estimate(&b) == 600,
	    "the source is unchanged");
	reset();

	/* sparse + sparse crossing the threshold: the registers of the
	 * union, either way round. */
	fill(&a, "c", 0, 700);
	fill(&b, "c", 400, 1200);
	ref_fill("c", 0, 1200);
	TAP_OK(vi_hll_exact(&a) && vi_hll_exact(&b), "700 and 800: sparse");
	vi_hll_merge(&a, &b);
	TAP_OK(same_regs(&a), "sparse + sparse (union 1200): dense, "
	    "registers of the union");
	vi_hll_free(&a);
	fill(&a, "c", 0, 700);
	vi_hll_merge(&b, &a);
	TAP_OK(same_regs(&b), "the other way round: the same registers");
	reset();

	/* sparse + dense and dense + sparse. */
	fill(&a, "d", 0, 500);
	fill(&b, "d", 400, 5000);
	ref_fill("d", 0, 5000);
	vi_hll_merge(&a, &b);
	TAP_OK(same_regs(&a), "sparse + dense: registers of the union");
	vi_hll_free(&a);
	fill(&a, "d", 0, 500);
	vi_hll_merge(&b, &a);
	TAP_OK(same_regs(&b), "dense + sparse: registers of the union");
	vi_hll_free(&a);
	vi_hll_merge(&a, &b);
	TAP_OK(same_regs(&a), "empty + dense: a copy of the registers");
	vi_hll_free(&a);
	fill(&a, "d", 0, 10);
	vi_hll_free(&b);
	vi_hll_merge(&a, &b);
	TAP_OK(vi_hll_exact(&a) && vi_hll_estimate(&a) == 10,
	    "sparse + empty: unchanged");
	reset();

	/* dense + dense: as before, register-wise max, equal to one pass. */
	fill(&a, "m", 0, 600000);
	fill(&b, "m", 400000, 1000000);
	fill(&all, "m", 0, 1000000);
	ref_fill("m", 0, 1000000);
	vi_hll_merge(&a, &b);
	TAP_OK(same_regs(&a) && same_regs(&all),
	    "dense + dense: registers of the one pass and of the reference");
	e = vi_hll_estimate(&a);
	TAP_OK(e == vi_hll_estimate(&all) && relerr(e, 1e6) <
	    3 * VI_HLL_ERROR, "merged 1e6 estimate %.0f within 3 sigma", e);
	TAP_OK(fabs(VI_HLL_ERROR - 1.04 / sqrt(VI_HLL_M)) < 1e-12,
	    "stated error is 1.04/sqrt(m)");
	reset();
	return tap_done();
}
