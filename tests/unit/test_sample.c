/* test_sample.c - vi-head's pieces: the reservoir sample is uniform over the
 * subsets (frequencies over many fixed seeds, so the result never changes),
 * the bounded draw has no bias, and table cells are cut by display width
 * without splitting a character or an escape. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "vi_out.h"
#include "vi_preview.h"
#include "vi_sample.h"
#include "vi_utf8.h"

/* Every 2-subset of 5 records, drawn with seeds 0..N-1: each of the 10
 * subsets should come N/10 times; the binomial standard deviation is
 * sqrt(N * 0.1 * 0.9) = 95 for N = 100000, so 5 % (500) is > 5 sigma. */
static void
subsets(void)
{
	enum { N = 100000 };
	static const char *const vals[5] = { "a", "b", "c", "d", "e" };
	unsigned count[32] = { 0 }, lo = N, hi = 0;
	struct vi_field f;
	struct vi_record r;
	uint64_t seed, number, prev;
	size_t i, nf, kinds = 0;
	unsigned mask;

	memset(&r, 0, sizeof r);
	for (seed = 0; seed < N; seed++) {
		struct vi_sample *s = vi_sample_new(2, seed);

		for (i = 0; i < 5; i++) {
			f.p = vals[i];
			f.n = 1;
			r.fields = &f;
			r.nfields = 1;
			r.number = i + 1;
			vi_sample_offer(s, &r);
		}
		mask = 0;
		prev = 0;
		for (i = 0; i < vi_sample_count(s); i++) {
			const struct vi_field *g = vi_sample_get(s, i, &nf,
			    &number);

			mask |= 1u << (g[0].p[0] - 'a');
			if (number <= prev || number != (uint64_t)(g[0].p[0] -
			    'a' + 1))
				mask |= 1u << 31;   /* not in input order */
			prev = number;
		}
		if (vi_sample_count(s) != 2)
			mask |= 1u << 31;
		count[mask & 31]++;
		if (mask >> 31)
			count[0]++;
		vi_sample_free(s);
	}
	for (mask = 0; mask < 32; mask++) {
		if (__builtin_popcount(mask) != 2)
			continue;
		kinds++;
		if (count[mask] < lo)
			lo = count[mask];
		if (count[mask] > hi)
			hi = count[mask];
	}
	TAP_OK(count[0] == 0, "every sample has 2 records, in input order");
	TAP_OK(kinds == 10 && lo > N / 10 - 500 && hi < N / 10 + 500,
	    "the 10 subsets of 2 of 5 are equally likely (%u..%u of %d)",
	    lo, hi, N / 10);
}

static void
below(void)
{
	uint64_t st = 7, n3[3] = { 0 }, i, big = UINT64_C(3) << 62, over = 0;

	for (i = 0; i < 300000; i++)
		n3[vi_sample_below(&st, 3)]++;
	TAP_OK(n3[0] > 99000 && n3[0] < 101000 && n3[1] > 99000 &&
	    n3[1] < 101000, "draws below 3 are uniform");
	/* n = 3 * 2^62: a quarter of the generator's values are redrawn. */
	for (i = 0; i < 100000; i++)
		over += vi_sample_below(&st, big) >= big;
	TAP_OK(over == 0, "draws below 3 * 2^62 stay below it");
	st = 0;
	TAP_OK(vi_sample_splitmix64(&st) == UINT64_C(0xE220A8397B1DCDAF),
	    "SplitMix64 from 0 gives the published first value");
}

static void
cell(const char *in, size_t n, size_t width, const char *want, size_t ww)
{
	struct vi_out o = VI_OUT_INIT(NULL);
	size_t w = vi_preview_cell(&o, in, n, width);

	TAP_OK(w == ww && o.len == strlen(want) &&
	    memcmp(o.p, want, o.len) == 0, "cell %zu: \"%.*s\" (width %zu)",
	    width, (int)o.len, o.p, w);
	vi_out_free(&o);
}

static void
cells(void)
{
	cell("abc", 3, 3, "abc", 3);
	cell("abcd", 4, 3, "ab\xe2\x80\xa6", 3);
	cell("abcd", 4, 0, "abcd", 4);
	cell("a\nb", 3, 4, "a\\nb", 4);
	cell("a\nb", 3, 3, "a\xe2\x80\xa6", 2);
	cell("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 9, 4,
	    "\xe6\x97\xa5\xe2\x80\xa6", 3);
	cell("\xe6\x97\xa5\xe6\x9c\xac", 6, 4, "\xe6\x97\xa5\xe6\x9c\xac", 4);
	cell("e\xcc\x81", 3, 1, "e\xcc\x81", 1);
	cell("\xff\x01", 2, 0, "\\xFF\\x01", 8);
	cell("\xc2\x85", 2, 0, "\\u0085", 6);
	cell("x", 1, 1, "x", 1);
	cell("xy", 2, 1, "\xe2\x80\xa6", 1);
	TAP_OK(vi_utf8_width("\xef\xbc\xa1" "b", 4) == 3,
	    "a fullwidth letter is 2 columns");
}

int
main(void)
{
	subsets();
	below();
	cells();
	return tap_done();
}
