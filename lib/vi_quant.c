/* vi_quant.c - deterministic mergeable quantile sketch (see vi_quant.h). */
#include "vi_quant.h"
#include "vi_alloc.h"

#include <stdlib.h>
#include <string.h>

#define K VI_QUANT_K

void
vi_quant_free(struct vi_quant *q)
{
	unsigned h;

	for (h = 0; h < q->caplv; h++)
		free(q->lv[h].x);
	free(q->lv);
	free(q->tmp);
	memset(q, 0, sizeof *q);
}

void
vi_quant_clear(struct vi_quant *q)
{
	unsigned h;

	for (h = 0; h < q->nlv; h++) {
		q->lv[h].n = 0;
		q->lv[h].unsorted = 0;
		q->lv[h].compactions = 0;
	}
	q->nlv = q->caplv > 0 && q->lv[0].cap != 0; /* vi_quant_add() */
	q->n = q->err = 0;
}

uint64_t
vi_quant_key(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	return u >> 63 ? ~u : u | (uint64_t)1 << 63;
}

double
vi_quant_value(uint64_t key)
{
	uint64_t u = key >> 63 ? key & ~((uint64_t)1 << 63) : ~key;
	double x;

	memcpy(&x, &u, sizeof x);
	return x;
}

/* Room for n keys in level h (levels below it in use too). */
static void
reserve(struct vi_quant *q, unsigned h, uint32_t n)
{
	struct vi_quant_level *l;

	if (h >= q->caplv) {
		q->lv = vi_xreallocarray(q->lv, h + 1, sizeof *q->lv);
		memset(q->lv + q->caplv, 0, (h + 1 - q->caplv) *
		    sizeof *q->lv);
		q->caplv = h + 1;
	}
	l = &q->lv[h];
	if (n > l->cap) {
		uint32_t cap = l->cap ? l->cap : 2;

		while (cap < n)
			cap *= 2;
		l->x = vi_xreallocarray(l->x, cap, sizeof *l->x);
		l->cap = cap;
	}
	if (h >= q->nlv)
		q->nlv = h + 1;
}

/* The number of keys in level h (0 if it is not allocated). */
static uint32_t
level_n(const struct vi_quant *q, unsigned h)
{
	return h < q->caplv ? q->lv[h].n : 0;
}

/* One step of a merge: the least of a[*i] and b[*j] (a's on a tie) to
 * out[*k], without a branch on the keys. */
#define MERGE_STEP(a, i, b, j, out, k) do {				\
	uint64_t x_ = (a)[i], y_ = (b)[j];				\
	uint32_t t_ = y_ < x_;						\
									\
	(out)[(k)++] = t_ ? y_ : x_;					\
	(j) += t_;							\
	(i) += t_ ^ 1;							\
} while (0)

/* Merge the sorted runs a[0..na) and b[0..nb) into out.  The run whose
 * last key is the least (a's on a tie) runs out first, so the loop only
 * tests that run's end. */
static void
merge_runs(const uint64_t *a, uint32_t na, const uint64_t *b, uint32_t nb,
    uint64_t *out)
{
	uint32_t i = 0, j = 0, k = 0;

	if (na == 0 || nb == 0 || a[na - 1] <= b[0])
		;    /* in order already: copied below */
	else if (a[na - 1] <= b[nb - 1]) {
		while (i < na)
			MERGE_STEP(a, i, b, j, out, k);
	} else {
		while (j < nb)
			MERGE_STEP(a, i, b, j, out, k);
	}
	while (i < na)
		out[k++] = a[i++];
	while (j < nb)
		out[k++] = b[j++];
}

/* Sort n keys by their bytes that differ (least significant first, one
 * counting pass each) when there are at most RADIX_MAX of them: a column
 * of small integers, of dates or of zip codes varies in two to five of its
 * eight bytes.  0 (a untouched) when more vary. */
#define RADIX_MAX 5

static int
radix_keys(uint64_t *a, uint64_t *tmp, uint32_t n)
{
	uint64_t all = ~(uint64_t)0, any = 0, diff, *src = a, *dst = tmp, *t;
	uint32_t count[RADIX_MAX][256], i, sum, c;
	unsigned b, nb = 0, shift[8];

	for (i = 0; i < n; i++) {
		all &= a[i];
		any |= a[i];
	}
	diff = all ^ any;
	for (b = 0; b < 8; b++)
		if ((diff >> (8 * b)) & 0xff)
			shift[nb++] = 8 * b;
	if (nb > RADIX_MAX)
		return 0;
	/* Every byte's counts in one pass, then a scatter per byte. */
	memset(count, 0, nb * sizeof count[0]);
	for (i = 0; i < n; i++)
		for (b = 0; b < nb; b++)
			count[b][(a[i] >> shift[b]) & 0xff]++;
	for (b = 0; b < nb; b++) {
		for (i = 0, sum = 0; i < 256; i++) {
			c = count[b][i];
			count[b][i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[b][(src[i] >> shift[b]) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	return 1;
}

/* Order a[i] and a[j] without a branch on the keys. */
#define CSWAP(a, i, j) do {						\
	uint64_t x_ = (a)[i], y_ = (a)[j];				\
									\
	(a)[i] = x_ < y_ ? x_ : y_;					\
	(a)[j] = x_ < y_ ? y_ : x_;					\
} while (0)

/* Sort a[0..8): the 19 comparators of Knuth's optimal network (TAOCP
 * 5.3.4), in six rounds. */
static void
sort8(uint64_t *a)
{
	CSWAP(a, 0, 2); CSWAP(a, 1, 3); CSWAP(a, 4, 6); CSWAP(a, 5, 7);
	CSWAP(a, 0, 4); CSWAP(a, 1, 5); CSWAP(a, 2, 6); CSWAP(a, 3, 7);
	CSWAP(a, 0, 1); CSWAP(a, 2, 3); CSWAP(a, 4, 5); CSWAP(a, 6, 7);
	CSWAP(a, 2, 4); CSWAP(a, 3, 5);
	CSWAP(a, 1, 4); CSWAP(a, 3, 6);
	CSWAP(a, 1, 2); CSWAP(a, 3, 4); CSWAP(a, 5, 6);
}

/* Sort n keys: runs of 8 by a sorting network (a shorter last run by
 * insertion), then merge passes; keys in order already (a column of ids,
 * of times) cost one look each. */
static void
sort_keys(struct vi_quant *q, uint64_t *a, uint32_t n)
{
	uint64_t *src = a, *dst, *t, x;
	uint32_t i, j, lo, w;

	for (i = 1; i < n && a[i - 1] <= a[i]; i++)
		;
	if (i >= n)
		return;
	if (q->ntmp < n) {
		free(q->tmp);
		q->tmp = vi_xreallocarray(NULL, n, sizeof *q->tmp);
		q->ntmp = n;
	}
	if (radix_keys(a, q->tmp, n))
		return;
	dst = q->tmp;
	for (lo = 0; lo + 8 <= n; lo += 8)
		sort8(a + lo);
	for (i = lo + 1; i < n; i++) {
		x = a[i];
		for (j = i; j > lo && a[j - 1] > x; j--)
			a[j] = a[j - 1];
		a[j] = x;
	}
	for (w = 8; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			uint32_t mid = lo + w < n ? lo + w : n,
			    hi = lo + 2 * w < n ? lo + 2 * w : n;

			merge_runs(src + lo, mid - lo, src + mid, hi - mid,
			    dst + lo);
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
}

/* Append the m sorted keys at a to level l, keeping it sorted if it was:
 * merged from the back, in place (l->x has room for both), without a
 * branch on the keys; of equal keys, a's go after l's. */
static void
append_run(struct vi_quant_level *l, const uint64_t *a, uint32_t m)
{
	uint32_t i = l->n, j = m, k = l->n + m, t;

	if (l->unsorted || l->n == 0) {
		memcpy(l->x + l->n, a, m * sizeof *a);
		l->n += m;
		return;
	}
	while (i > 0 && j > 0) {
		uint64_t x = l->x[i - 1], y = a[j - 1];

		t = x > y;
		l->x[--k] = t ? x : y;
		i -= t;
		j -= t ^ 1;
	}
	memcpy(l->x, a, j * sizeof *a);    /* k == j: what is left of a */
	l->n += m;
}

/* Compact level h, then the levels above it that fill up. */
static void
compact(struct vi_quant *q, unsigned h)
{
	for (; h + 1 < VI_QUANT_LEVELS && level_n(q, h) >= K; h++) {
		struct vi_quant_level *l = &q->lv[h], *up;
		uint32_t m = l->n & ~(uint32_t)1, i, off;

		if (h == 0 || l->unsorted)
			sort_keys(q, l->x, l->n);
		reserve(q, h + 1, level_n(q, h + 1) + m / 2);
		l = &q->lv[h];
		up = &q->lv[h + 1];
		off = (uint32_t)(l->compactions & 1);
		/* Every second key, gathered in place: a sorted run. */
		for (i = off; i < m; i += 2)
			l->x[i / 2] = l->x[i];
		append_run(up, l->x, m / 2);
		if (l->n > m)
			l->x[0] = l->x[l->n - 1];
		l->n -= m;
		l->unsorted = 0;
		l->compactions++;
		q->err += (uint64_t)1 << h;
	}
}

void
vi_quant_full(struct vi_quant *q)
{
	if (q->caplv > 0 && q->lv[0].n >= K)
		compact(q, 0);
	else
		reserve(q, 0, q->caplv > 0 ? q->lv[0].n + 1 : 1);
	if (q->nlv == 0)
		q->nlv = 1;
}

void
vi_quant_merge(struct vi_quant *dst, const struct vi_quant *src)
{
	unsigned h;

	for (h = 0; h < src->nlv; h++) {
		const struct vi_quant_level *s = &src->lv[h];
		struct vi_quant_level *d;

		reserve(dst, h, level_n(dst, h) + s->n);
		d = &dst->lv[h];
		if (s->n) {
			memcpy(d->x + d->n, s->x, s->n * sizeof *s->x);
			d->unsorted = 1;
		}
		d->n += s->n;
		d->compactions += s->compactions;
	}
	dst->n += src->n;
	dst->err += src->err;
	for (h = 0; h < dst->nlv; h++)
		compact(dst, h);
}

void
vi_quant_copy(struct vi_quant *dst, const struct vi_quant *src)
{
	vi_quant_clear(dst);
	vi_quant_merge(dst, src);
}

struct wkey {
	uint64_t key, w;
};

static int
wkey_order(const void *a, const void *b)
{
	uint64_t x = ((const struct wkey *)a)->key,
	    y = ((const struct wkey *)b)->key;

	return (x > y) - (x < y);
}

void
vi_quant_query(const struct vi_quant *q, const double *f, size_t nf,
    double *out)
{
	struct wkey *all;
	size_t total = 0, i, j, k = 0;
	unsigned h;
	uint64_t cum, want;

	for (h = 0; h < q->nlv; h++)
		total += q->lv[h].n;
	all = vi_xreallocarray(NULL, total ? total : 1, sizeof *all);
	for (h = 0; h < q->nlv; h++)
		for (i = 0; i < q->lv[h].n; i++) {
			all[k].key = q->lv[h].x[i];
			all[k++].w = (uint64_t)1 << h;
		}
	qsort(all, total, sizeof *all, wkey_order);
	for (j = 0; j < nf; j++) {
		long double r = (long double)f[j] * (long double)q->n;

		want = (uint64_t)r;
		if ((long double)want < r)
			want++;
		if (want == 0)
			want = 1;
		for (i = 0, cum = 0; i + 1 < total; i++) {
			cum += all[i].w;
			if (cum >= want)
				break;
		}
		out[j] = vi_quant_value(all[i].key);
	}
	free(all);
}

void
vi_quant_put_level(struct vi_quant *q, unsigned h, const uint64_t *keys,
    size_t n, uint64_t compactions)
{
	struct vi_quant_level *l;

	reserve(q, h, (uint32_t)n);
	l = &q->lv[h];
	if (n)
		memcpy(l->x, keys, n * sizeof *keys);
	l->n = (uint32_t)n;
	l->unsorted = 1;
	l->compactions = compactions;
}

int
vi_quant_check(const struct vi_quant *q)
{
	unsigned __int128 w = 0;
	unsigned h;

	for (h = 0; h < q->nlv; h++) {
		if (q->lv[h].n >= K && h + 1 < VI_QUANT_LEVELS)
			return -1;
		w += (unsigned __int128)q->lv[h].n << h;
	}
	return w == q->n ? 0 : -1;
}
