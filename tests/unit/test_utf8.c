/*
 * test_utf8.c - vi_utf8_invalid() against a plain reading of Unicode's
 * table of well-formed UTF-8 byte sequences (Unicode 15, table 3-7) and
 * its "maximal subpart" practice: chosen sequences, then many random lines
 * mixing ASCII runs (across the 8-byte words of the fast path, the high
 * byte in every lane) with valid and broken sequences.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RNG_SEED 0x2545f4914f6cdd1du
#include "rng.h"
#include "tap.h"
#include "vi_utf8.h"

/* The second byte's range for lead byte c, and the sequence length; 0 for
 * a byte that cannot start a sequence. */
static size_t
lead(unsigned c, unsigned *lo, unsigned *hi)
{
	*lo = 0x80;
	*hi = 0xBF;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c == 0xE0)
		*lo = 0xA0;
	if (c == 0xED)
		*hi = 0x9F;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c == 0xF0)
		*lo = 0x90;
	if (c == 0xF4)
		*hi = 0x8F;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* One byte at a time: a valid sequence is stepped over; otherwise the
 * longest prefix of a valid sequence (at least one byte) is one error. */
static size_t
reference(const unsigned char *p, size_t n, size_t *first)
{
	size_t i = 0, bad = 0, len, k;
	unsigned lo, hi;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		len = lead(p[i], &lo, &hi);
		for (k = 1; k < len && i + k < n; k++) {
			if (p[i + k] < lo || p[i + k] > hi)
				break;
			lo = 0x80;
			hi = 0xBF;
		}
		if (len != 0 && k == len) {
			i += len;
			continue;
		}
		if (bad++ == 0)
			*first = i;
		i += k;         /* len 0: k is 1 */
	}
	return bad;
}

static const unsigned char edge[] = {
	0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
	0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
};

/* A valid encoding of a random code point (no surrogates) at p. */
static size_t
put_cp(unsigned char *p)
{
	unsigned long c;

	switch (rnd(3)) {
	case 0:
		c = 0x80 + rnd(0x800 - 0x80);
		p[0] = (unsigned char)(0xC0 | c >> 6);
		p[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	case 1:
		do
			c = 0x800 + rnd(0x10000 - 0x800);
		while (c >= 0xD800 && c <= 0xDFFF);
		p[0] = (unsigned char)(0xE0 | c >> 12);
		p[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		p[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	default:
		c = 0x10000 + rnd(0x110000 - 0x10000);
		p[0] = (unsigned char)(0xF0 | c >> 18);
		p[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
		p[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		p[3] = (unsigned char)(0x80 | (c & 0x3F));
		return 4;
	}
}

static void
check(const char *what, const char *s, size_t want, size_t want_first)
{
	size_t first = 999, got;

	got = vi_utf8_invalid((const unsigned char *)s, strlen(s), &first);
	TAP_OK(got == want && (want == 0 ? first == 999 : first == want_first),
	    "%s: %zu invalid, first at %zu", what, got, first);
}

int
main(void)
{
	unsigned char buf[160];
	size_t n, t, bad_r, bad_v, first_r, first_v, fails = 0, highs = 0;

	check("ASCII only", "plain ASCII text, longer than a word", 0, 0);
	check("valid 2, 3 and 4 bytes", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
	    0, 0);
	check("a stray continuation after 9 ASCII", "123456789\x80x", 1, 9);
	check("overlong E0 80 80 is three", "ab\xE0\x80\x80", 3, 2);
	check("a surrogate ED A0 80 is three", "\xED\xA0\x80", 3, 0);
	check("above U+10FFFF", "x\xF4\x90\x80\x80", 4, 1);
	check("truncated F0 9F 98 at the end is one", "0123456789\xF0\x9F\x98",
	    1, 10);
	check("truncated, then ASCII", "\xE2\x82" "abcdefgh", 1, 0);
	check("C0, C1, F5 and FF", "\xC0\xC1\xF5\xFF", 4, 0);
	check("high byte in the last lane of a word", "1234567\xC3\xA9", 0, 0);
	check("broken in the last lane of a word", "1234567\xC3" "x", 1, 7);

	for (t = 0; t < 200000; t++) {
		n = 0;
		while (n < sizeof buf - 8 && rnd(24) != 0) {
			unsigned k = rnd(10);

			if (k < 6) {
				unsigned run = rnd(k < 3 ? 4 : 20);

				while (run-- > 0 && n < sizeof buf - 8)
					buf[n++] = (unsigned char)(0x20 +
					    rnd(0x5F));
			} else if (k < 8)
				n += put_cp(buf + n);
			else if (k < 9)
				buf[n++] = edge[rnd(sizeof edge)];
			else {
				/* a valid sequence cut short */
				size_t m = put_cp(buf + n);

				n += 1 + rnd((unsigned)m - 1);
			}
		}
		first_r = first_v = 7777;
		bad_r = reference(buf, n, &first_r);
		bad_v = vi_utf8_invalid(buf, n, &first_v);
		highs += bad_r != 0;
		if (bad_r != bad_v || first_r != first_v) {
			if (fails++ < 5) {
				size_t i;

				printf("# mismatch: reference %zu at %zu, "
				    "vi_utf8_invalid %zu at %zu; line",
				    bad_r, first_r, bad_v, first_v);
				for (i = 0; i < n; i++)
					printf(" %02X", buf[i]);
				printf("\n");
			}
		}
	}
	TAP_OK(fails == 0, "200000 random lines: counts and first offsets "
	    "agree with the reference (%zu differ)", fails);
	TAP_OK(highs > 10000, "the random lines have errors (%zu)", highs);
	return tap_done();
}
