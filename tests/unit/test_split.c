/*
 * test_split.c - vi_split_line(): every implementation this CPU has gives
 * what a plain reading of the contract gives, on chosen lines and on many
 * random ones (lengths across the 16- and 32-byte blocks, the stop byte in
 * every lane, high bytes, delimiter arrays too small).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "tap.h"
#include "vi_split.h"

struct res {
	int rc, high;
	size_t nd, len;
	size_t pos[512];
};

/* The contract, read plainly. */
static void
reference(const unsigned char *s, size_t n, unsigned char d, unsigned char q,
    size_t cap, struct res *r)
{
	size_t i, k = 0;
	int hi = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			if (k > cap) {
				r->rc = VI_SPLIT_FULL;
				return;
			}
			r->rc = VI_SPLIT_LINE;
			r->nd = k;
			r->len = i;
			r->high = hi;
			return;
		}
		if (s[i] == q) {
			r->rc = VI_SPLIT_QUOTE;
			return;
		}
		if (s[i] == d) {
			if (k < 512)
				r->pos[k] = i;
			k++;
		}
		hi |= s[i] >= 0x80;
	}
	r->rc = VI_SPLIT_MORE;
}

/* Run one implementation, growing the array on FULL as a caller does. */
static int
run(const unsigned char *s, size_t n, unsigned char d, unsigned char q,
    size_t cap, struct res *r)
{
	int rc;

	for (;;) {
		rc = vi_split_line(s, n, d, q, r->pos, cap, &r->nd, &r->len,
		    &r->high);
		if (rc != VI_SPLIT_FULL || cap >= 512)
			break;
		cap *= 2;
	}
	r->rc = rc;
	return rc;
}

static int
same(const struct res *a, const struct res *b)
{
	if (a->rc != b->rc)
		return 0;
	if (a->rc != VI_SPLIT_LINE)
		return 1;
	return a->nd == b->nd && a->len == b->len && !a->high == !b->high &&
	    memcmp(a->pos, b->pos, a->nd * sizeof a->pos[0]) == 0;
}

static int
check_all(const char *impl, int rounds)
{
	static const unsigned char alpha[] = { 'a', 'b', ',', ',', ';', '\t',
		' ', '"', '\n', '\r', 0, 0xc3, 0xa9, 0xff, 0x80, 'z' };
	unsigned char s[300];
	struct res want, got;
	int bad = 0, i;

	for (i = 0; i < rounds && !bad; i++) {
		size_t n = rnd(sizeof s), stop = rnd((unsigned)n + 1), j;
		unsigned char d = rnd(4) ? ',' : rnd(2) ? '\t' : ';';
		unsigned char q = rnd(8) ? '"' : '\'';
		size_t cap = (size_t)(1u << rnd(10));

		/* Mostly ordinary bytes, a stop byte somewhere (or none). */
		for (j = 0; j < n; j++) {
			unsigned char b = alpha[rnd(sizeof alpha)];

			s[j] = b == '\n' || b == '\r' || b == '"' ||
			    b == '\'' ? (unsigned char)('a' + rnd(26)) : b;
		}
		if (stop < n && rnd(4))
			s[stop] = "\n\r\"'"[rnd(4)];
		reference(s, n, d, q, 512, &want);
		run(s, n, d, q, cap, &got);
		if (!same(&want, &got)) {
			bad = 1;
			printf("# %s: n %zu delim %d quote %d cap %zu: rc %d/%d "
			    "nd %zu/%zu len %zu/%zu\n", impl, n, d, q, cap,
			    want.rc, got.rc, want.nd, got.nd, want.len,
			    got.len);
		}
	}
	return !bad;
}

int
main(void)
{
	static const char *impls[] = { "scalar", "sse2", "avx2" };
	struct res r;
	size_t i, lane;

	for (i = 0; i < 3; i++) {
		const char *name = impls[i];
		unsigned char s[100];

		if (vi_split_use(name) < 0) {
			printf("ok %d - # SKIP %s: not on this CPU\n", ++tap_n,
			    name);
			continue;
		}
		TAP_OK(strcmp(vi_split_impl(), name) == 0, "%s: in use", name);

		run((const unsigned char *)"a,bb,,c\n", 8, ',', '"', 64, &r);
		TAP_OK(r.rc == VI_SPLIT_LINE && r.nd == 3 && r.len == 7 &&
		    r.pos[0] == 1 && r.pos[1] == 4 && r.pos[2] == 5 && !r.high,
		    "%s: a,bb,,c LF", name);
		run((const unsigned char *)"x;y\r\n", 5, ';', '"', 64, &r);
		TAP_OK(r.rc == VI_SPLIT_LINE && r.nd == 1 && r.len == 3,
		    "%s: CR ends the line", name);
		run((const unsigned char *)"\n", 1, ',', '"', 64, &r);
		TAP_OK(r.rc == VI_SPLIT_LINE && r.nd == 0 && r.len == 0,
		    "%s: an empty line", name);
		run((const unsigned char *)"a,\"b\"\n", 6, ',', '"', 64, &r);
		TAP_OK(r.rc == VI_SPLIT_QUOTE, "%s: a quote", name);
		run((const unsigned char *)"a,b", 3, ',', '"', 64, &r);
		TAP_OK(r.rc == VI_SPLIT_MORE, "%s: no line end", name);
		run((const unsigned char *)"", 0, ',', '"', 64, &r);
		TAP_OK(r.rc == VI_SPLIT_MORE, "%s: nothing", name);

		/* The stop byte in every lane of the first blocks, after
		 * high bytes, NUL bytes and delimiters; nothing read past n. */
		for (lane = 0; lane < 70; lane++) {
			unsigned char *h = malloc(lane + 1);
			size_t j, k;

			for (j = 0; j < lane; j++)
				h[j] = j % 3 == 0 ? ',' : j % 3 == 1 ? 0xe9 : 0;
			h[lane] = '\n';
			run(h, lane + 1, ',', '"', 64, &r);
			k = (lane + 2) / 3;
			if (!(r.rc == VI_SPLIT_LINE && r.len == lane &&
			    r.nd == k && !r.high == (lane < 2)))
				break;
			h[lane] = '"';
			run(h, lane + 1, ',', '"', 64, &r);
			if (r.rc != VI_SPLIT_QUOTE)
				break;
			run(h, lane, ',', '"', 64, &r);
			free(h);
			h = NULL;
			if (r.rc != VI_SPLIT_MORE)
				break;
		}
		TAP_OK(lane == 70, "%s: the stop byte in every lane (%zu)",
		    name, lane);

		/* A line with more delimiters than the array holds. */
		memset(s, ',', sizeof s);
		s[99] = '\n';
		TAP_OK(vi_split_line(s, 100, ',', '"', r.pos, 40, &r.nd,
		    &r.len, &r.high) == VI_SPLIT_FULL, "%s: FULL", name);
		run(s, 100, ',', '"', 8, &r);
		TAP_OK(r.rc == VI_SPLIT_LINE && r.nd == 99 && r.len == 99 &&
		    r.pos[98] == 98, "%s: 99 delimiters after growing", name);

		TAP_OK(check_all(name, 200000),
		    "%s: 200000 random lines as the reference", name);
	}
	return tap_done();
}
