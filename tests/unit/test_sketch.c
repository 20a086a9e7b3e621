/* test_sketch.c - the per-value paths of the top-values summary and the
 * quantile sketch: the kept bytes of a value of every length (the inline
 * word copy and the UTF-8 cut), and quantiles within the counted rank error
 * for keys in order, in reverse, at random and with many ties, and the keys a
 * compaction sends up (the sort of a full level and its shortcuts). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "tap.h"
#include "vi_quant.h"
#include "vi_topk.h"

/* One value of n bytes (p[i] = 'a' + i % 26) into an empty summary: the
 * entry reported keeps its first min(n, 64) bytes, marked truncated past. */
static void
keep_lengths(void)
{
	char s[80];
	struct vi_topk_entry e;
	size_t n, i, bad = 0;

	for (n = 0; n < sizeof s; n++) {
		struct vi_topk t;

		memset(&t, 0, sizeof t);
		for (i = 0; i < n; i++)
			s[i] = (char)('a' + i % 26);
		vi_topk_add(&t, XXH3_64bits(s, n), s, n);
		if (vi_topk_top(&t, &e, 1) != 1 ||
		    e.len != (n < VI_TOPK_VALUE_MAX ? n : VI_TOPK_VALUE_MAX) ||
		    e.truncated != (n > VI_TOPK_VALUE_MAX) ||
		    memcmp(e.v, s, e.len) != 0 || e.count != 1)
			bad++;
		vi_topk_free(&t);
	}
	TAP_OK(bad == 0, "the kept bytes of values of 0 to 79 bytes");
}

/* 63 ASCII bytes then a 2-byte character: cut before it, truncated. */
static void
keep_utf8(void)
{
	char s[65];
	struct vi_topk t;
	struct vi_topk_entry e;

	memset(&t, 0, sizeof t);
	memset(s, 'x', 63);
	memcpy(s + 63, "\xc3\xa9", 2);
	vi_topk_add(&t, XXH3_64bits(s, 65), s, 65);
	TAP_OK(vi_topk_top(&t, &e, 1) == 1 && e.len == 63 && e.truncated &&
	    memcmp(e.v, s, 63) == 0, "a value cut before a split character");
	vi_topk_free(&t);
}

/* Values that come back after the counters were emptied keep their bytes. */
static void
keep_after_subtract(void)
{
	struct vi_topk t;
	struct vi_topk_entry e[2];
	char s[32];
	int i, n;

	memset(&t, 0, sizeof t);
	for (i = 0; i < 1000; i++) {
		n = snprintf(s, sizeof s, "value-%d", i);
		vi_topk_add(&t, XXH3_64bits(s, (size_t)n), s, (size_t)n);
		if (i % 3 == 0)
			vi_topk_add(&t, XXH3_64bits("ab", 2), "ab", 2);
	}
	TAP_OK(vi_topk_top(&t, e, 2) == 2 && e[0].len == 2 &&
	    memcmp(e[0].v, "ab", 2) == 0 && e[0].count + t.err >= 334 &&
	    e[0].count <= 334, "the frequent value kept among 1000 distinct");
	vi_topk_free(&t);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Two full level 0s of x[0..2K): after the first, level 1 holds its keys
 * sorted, every second one from the first; after the second, level 1 (its
 * keys and every second one of the second level 0, from the second) is
 * full and level 2 holds every second one of them, from the first. */
static void
quant_compaction(const char *what, const double *x)
{
	enum { K = VI_QUANT_K };
	static uint64_t a[2 * K], one[K], two[K / 2];
	struct vi_quant q;
	size_t i, n = 0;
	int first;

	memset(&q, 0, sizeof q);
	for (i = 0; i < 2 * K; i++)
		a[i] = vi_quant_key(x[i]);
	qsort(a, K, sizeof *a, cmp_u64);
	qsort(a + K, K, sizeof *a, cmp_u64);
	for (i = 0; i < K; i += 2)
		one[n++] = a[i];
	for (i = 0; i < K; i++)
		vi_quant_add(&q, x[i]);
	first = q.nlv == 2 && q.lv[0].n == 0 && q.lv[1].n == K / 2 &&
	    memcmp(q.lv[1].x, one, K / 2 * sizeof *one) == 0;
	for (i = K + 1; i < 2 * K; i += 2)
		one[n++] = a[i];
	qsort(one, n, sizeof *one, cmp_u64);
	for (i = 0, n = 0; i < K; i += 2)
		two[n++] = one[i];
	for (i = K; i < 2 * K; i++)
		vi_quant_add(&q, x[i]);
	TAP_OK(first && q.nlv == 3 && q.lv[0].n == 0 && q.lv[1].n == 0 &&
	    q.lv[2].n == K / 2 && memcmp(q.lv[2].x, two, sizeof two) == 0,
	    "levels 1 and 2 after compactions of keys %s", what);
	vi_quant_free(&q);
}

/* A sketch whose level 0 holds n unsorted keys (K <= n < 2K, any n mod 8),
 * merged into an empty one: the merge sorts them (the network and merge
 * passes, or the counting passes when few bytes differ), keeps the largest
 * back when n is odd and sends every second key up from the first or the
 * second by the count of compactions.  Against qsort, for every n. */
static void
quant_sort_any_n(const char *what, uint64_t mask)
{
	enum { K = VI_QUANT_K };
	static uint64_t keys[2 * K], want[2 * K];
	uint64_t r = 0x853c49e6748fea9bULL;
	struct vi_quant src, dst;
	size_t n, i, m, bad = 0;
	uint64_t comp;

	for (n = K; n < 2 * K; n++) {
		for (i = 0; i < n; i++) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			keys[i] = (r & mask) | (~mask & 0x4090000000000000ULL);
		}
		comp = n % 3;
		memset(&src, 0, sizeof src);
		memset(&dst, 0, sizeof dst);
		vi_quant_put_level(&src, 0, keys, n, comp);
		src.n = n;
		memcpy(want, keys, n * sizeof *keys);
		qsort(want, n, sizeof *want, cmp_u64);
		vi_quant_merge(&dst, &src);
		m = n & ~(size_t)1;
		for (i = 0; i < m / 2 && dst.nlv == 2 &&
		    dst.lv[1].n == m / 2; i++)
			if (dst.lv[1].x[i] != want[2 * i + (comp & 1)])
				break;
		if (dst.nlv != 2 || dst.lv[1].n != m / 2 || i != m / 2 ||
		    dst.lv[0].n != n - m ||
		    (n > m && dst.lv[0].x[0] != want[n - 1]))
			bad++;
		vi_quant_free(&src);
		vi_quant_free(&dst);
	}
	TAP_OK(bad == 0, "level 0 of %d to %d keys %s sorted and compacted as "
	    "by qsort (%zu differ)", K, 2 * K - 1, what, bad);
}

/* x[0..n) into a sketch; each quantile's value has a true rank range
 * within the counted error of ceil(f n). */
static void
quant_bound(const char *what, double *x, size_t n)
{
	static const double f[] = { 0, 0.1, 0.25, 0.5, 0.75, 0.9, 1 };
	double out[sizeof f / sizeof *f];
	struct vi_quant q;
	size_t i, k, lo, hi, bad = 0;

	memset(&q, 0, sizeof q);
	for (i = 0; i < n; i++)
		vi_quant_add(&q, x[i]);
	vi_quant_query(&q, f, sizeof f / sizeof *f, out);
	qsort(x, n, sizeof *x, cmp_double);
	for (k = 0; k < sizeof f / sizeof *f; k++) {
		uint64_t want = (uint64_t)(f[k] * (double)n + 0.999999);

		if (want == 0)
			want = 1;
		for (lo = 0; lo < n && x[lo] < out[k]; lo++)
			;
		for (hi = lo; hi < n && x[hi] == out[k]; hi++)
			;
		/* out[k] holds the ranks lo + 1 .. hi (none if hi == lo). */
		if (hi == lo || (want < lo + 1 && lo + 1 - want > q.err) ||
		    (want > hi && want - hi > q.err))
			bad++;
	}
	TAP_OK(bad == 0 && q.n == n && q.err > 0,
	    "quantiles of %zu keys %s within the rank error %llu", n, what,
	    (unsigned long long)q.err);
	vi_quant_free(&q);
}

int
main(void)
{
	enum { N = 20000 };
	static double x[N];
	uint64_t r = 88172645463325252ULL;
	size_t i;

	keep_lengths();
	keep_utf8();
	keep_after_subtract();
	for (i = 0; i < N; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		x[i] = (double)(int64_t)(r % 2000001) / 100.0 - 10000.0;
	}
	quant_compaction("at random", x);
	quant_sort_any_n("with all bytes differing", ~(uint64_t)0);
	quant_sort_any_n("with 3 bytes differing", 0xFFFFFF00ULL);
	quant_sort_any_n("of 4 distinct values", 0x3ULL << 40);
	for (i = 0; i < N; i++)
		x[i] = (double)(i % 2 ? i : -(double)i);
	quant_compaction("alternating signs", x);
	for (i = 0; i < N; i++)
		x[i] = (double)(i / 8 % 2 ? i % 8 : 8 - i % 8);   /* runs of 8 */
	quant_compaction("in runs of 8, ties", x);
	for (i = 0; i < N; i++)
		x[i] = (double)(i % 64 + (i / 64 % 2) * 1000);    /* runs apart */
	quant_compaction("in runs already in order", x);
	for (i = 0; i < N; i++)
		x[i] = (double)(N - i);
	quant_compaction("in reverse", x);
	for (i = 0; i < N; i++)
		x[i] = (double)i;
	quant_bound("in order", x, N);
	for (i = 0; i < N; i++)
		x[i] = (double)(N - i);
	quant_bound("in reverse", x, N);
	for (i = 0; i < N; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		x[i] = (double)(int64_t)(r % 2000001) / 100.0 - 10000.0;
	}
	quant_bound("at random, both signs", x, N);
	for (i = 0; i < N; i++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		x[i] = (double)(r % 5);
	}
	quant_bound("with many ties", x, N);
	for (i = 0; i < N; i++)
		x[i] = (double)(i % 1000);    /* runs in order, then a drop */
	quant_bound("in sawtooth runs", x, N);
	return tap_done();
}
