/*
 * test_topk.c - vi_topk against a plain Misra-Gries summary (arrays and
 * linear search, the rules of vi_topk.h read literally): the same counters,
 * counts, totals and errors after every stream and every merge, and each
 * kept value still the bytes of its own hash.  The hashes are chosen to
 * stress the index: fully random ones, and ones that share their home slot
 * bits and their tag bits or differ only in a few bits (long probe runs,
 * tag matches that are not the value), from pools of 3 to 10,000 values with skewed frequencies.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "tap.h"
#include "vi_topk.h"

#define M VI_TOPK_CAP

struct ref {
	uint64_t h[2 * M + 2], c[2 * M + 2];
	uint32_t n;
	uint64_t total, err;
};

static long
ref_find(const struct ref *r, uint64_t h)
{
	uint32_t i;

	for (i = 0; i < r->n; i++)
		if (r->h[i] == h)
			return (long)i;
	return -1;
}

static void
ref_sub(struct ref *r, uint64_t d)
{
	uint32_t i, k = 0;

	for (i = 0; i < r->n; i++)
		if (r->c[i] > d) {
			r->h[k] = r->h[i];
			r->c[k++] = r->c[i] - d;
		}
	r->n = k;
	r->err += d;
}

static void
ref_add(struct ref *r, uint64_t h)
{
	long i;

	r->total++;
	if ((i = ref_find(r, h)) >= 0)
		r->c[i]++;
	else if (r->n < M) {
		r->h[r->n] = h;
		r->c[r->n++] = 1;
	} else
		ref_sub(r, 1);
}

static int
desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y) - (x > y);
}

static void
ref_merge(struct ref *d, const struct ref *s)
{
	uint64_t c[2 * M + 2];
	uint32_t i;
	long at;

	for (i = 0; i < s->n; i++) {
		if ((at = ref_find(d, s->h[i])) >= 0)
			d->c[at] += s->c[i];
		else {
			d->h[d->n] = s->h[i];
			d->c[d->n++] = s->c[i];
		}
	}
	d->total += s->total;
	d->err += s->err;
	if (d->n <= M)
		return;
	memcpy(c, d->c, d->n * sizeof *c);
	qsort(c, d->n, sizeof *c, desc);
	ref_sub(d, c[M]);
}

/* The bytes kept for hash h: its decimal digits. */
static size_t
text(uint64_t h, char *buf)
{
	return (size_t)sprintf(buf, "%" PRIu64, h);
}

static int
pair_order(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* 0 when t holds exactly r's counters and its values are its hashes'. */
static int
same(const struct vi_topk *t, const struct ref *r)
{
	static uint64_t a[2 * M + 2][2], b[2 * M + 2][2];
	struct vi_topk_entry e;
	char buf[32];
	uint32_t i;

	if (t->n != r->n || t->total != r->total || t->err != r->err)
		return -1;
	for (i = 0; i < t->n; i++) {
		vi_topk_get(t, i, &e);
		if (e.len != text(e.hash, buf) || memcmp(e.v, buf, e.len) != 0)
			return -1;
		a[i][0] = e.hash;
		a[i][1] = e.count;
		b[i][0] = r->h[i];
		b[i][1] = r->c[i];
	}
	qsort(a, t->n, sizeof a[0], pair_order);
	qsort(b, t->n, sizeof b[0], pair_order);
	return memcmp(a, b, t->n * sizeof a[0]) == 0 ? 0 : -1;
}

/* A pool of n distinct hashes.  mode 0: random; 1: only 4 home slots
 * and 2 tags; 2: one base and consecutive low bits (one tag, adjacent
 * homes); 3: one base and bits 20 and up (one tag, one home: every probe
 * runs through all the counters). */
static void
pool_fill(uint64_t *pool, uint32_t n, int mode)
{
	uint64_t base = rnd64();
	uint32_t i, j;

	for (i = 0; i < n; i++) {
		do {
			pool[i] = rnd64();
			if (mode == 1)
				pool[i] = (pool[i] & ~(UINT64_C(0x7F) << 57) &
				    ~(uint64_t)0x3FF) | (uint64_t)rnd(2) << 57 |
				    rnd(4);
			else if (mode == 2)
				pool[i] = base + i;
			else if (mode == 3)
				pool[i] = base ^ (uint64_t)(i + 1) << 20;
			for (j = 0; j < i && pool[j] != pool[i]; j++)
				;
		} while (j < i);
	}
}

/* Feed count values drawn from pool (skewed: small indexes more often). */
static void
feed(struct vi_topk *t, struct ref *r, const uint64_t *pool, uint32_t n,
    uint32_t count)
{
	char buf[32];
	uint64_t h;

	while (count-- > 0) {
		h = pool[rnd(rnd(n) + 1)];
		vi_topk_add(t, h, buf, text(h, buf));
		ref_add(r, h);
	}
}

int
main(void)
{
	static const uint32_t sizes[] = { 3, 100, 128, 129, 200, 300, 10000 };
	static uint64_t pool[10000];
	static struct ref r1, r2;
	struct vi_topk t1, t2, t3;
	uint32_t s, round, bad_add = 0, bad_merge = 0, bad_copy = 0, runs = 0;
	int mode;

	for (mode = 0; mode < 4; mode++)
		for (s = 0; s < sizeof sizes / sizeof *sizes; s++)
			for (round = 0; round < 10; round++) {
				memset(&t1, 0, sizeof t1);
				memset(&t2, 0, sizeof t2);
				memset(&t3, 0, sizeof t3);
				memset(&r1, 0, sizeof r1);
				memset(&r2, 0, sizeof r2);
				pool_fill(pool, sizes[s], mode);
				feed(&t1, &r1, pool, sizes[s], rnd(3000));
				feed(&t2, &r2, pool, sizes[s], rnd(3000));
				bad_add += same(&t1, &r1) != 0;
				bad_add += same(&t2, &r2) != 0;
				vi_topk_merge(&t1, &t2);
				ref_merge(&r1, &r2);
				bad_merge += same(&t1, &r1) != 0;
				/* the merged summary goes on taking values */
				feed(&t1, &r1, pool, sizes[s], rnd(500));
				bad_merge += same(&t1, &r1) != 0;
				vi_topk_copy(&t3, &t1);
				bad_copy += same(&t3, &r1) != 0;
				feed(&t3, &r1, pool, sizes[s], 200);
				bad_copy += same(&t3, &r1) != 0;
				vi_topk_clear(&t3);
				memset(&r2, 0, sizeof r2);
				feed(&t3, &r2, pool, sizes[s], 300);
				bad_copy += same(&t3, &r2) != 0;
				vi_topk_free(&t1);
				vi_topk_free(&t2);
				vi_topk_free(&t3);
				runs++;
			}
	TAP_OK(bad_add == 0, "%u streams, random and colliding hashes: the "
	    "counters of the reference (%u differ)", 2 * runs, bad_add);
	TAP_OK(bad_merge == 0, "%u merges, and values added after them: the "
	    "reference's (%u differ)", runs, bad_merge);
	TAP_OK(bad_copy == 0, "copies and cleared summaries go on like the "
	    "reference (%u differ)", bad_copy);
	return tap_done();
}
