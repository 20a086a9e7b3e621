/* vi_topk.c - Misra-Gries most frequent values (see vi_topk.h). */
#include "vi_topk.h"
#include "vi_alloc.h"
#include "vi_utf8.h"

#include <stdlib.h>
#include <string.h>

#define M VI_TOPK_CAP

void
vi_topk_free(struct vi_topk *t)
{
	free(t->c);
	free(t->v);
	free(t->ctrl);
	free(t->idx);
	memset(t, 0, sizeof *t);
}

/* The control bytes allocated (see vi_topk.h). */
static size_t
nctrl(const struct vi_topk *t)
{
	return t->nslot ? (size_t)t->nslot + t->cap + 8 : 0;
}

/* The slot of a new counter for hash (not present). */
static uint32_t
free_slot(const struct vi_topk *t, uint64_t hash)
{
	uint32_t j = (uint32_t)hash & (t->nslot - 1);
	uint64_t e;

	for (;; j += 8)
		if ((e = ~vi_le_get64(t->ctrl + j) & VI_TOPK_HI) != 0)
			return j + ((unsigned)__builtin_ctzll(e) >> 3);
}

/* Index every counter again. */
static void
reindex(struct vi_topk *t)
{
	uint32_t i, j;

	if (t->nslot == 0)
		return;
	memset(t->ctrl, 0, nctrl(t));
	for (i = 0; i < t->n; i++) {
		j = free_slot(t, t->c[i].hash);
		t->ctrl[j] = vi_topk_tag(t->c[i].hash);
		t->idx[j] = (uint16_t)i;
	}
}

/* Room for more counters: the index stays at most half full. */
static void
grow(struct vi_topk *t)
{
	uint32_t cap = t->cap ? t->cap * 2 : 1;

	t->c = vi_xreallocarray(t->c, cap, sizeof *t->c);
	t->v = vi_xreallocarray(t->v, cap, sizeof *t->v);
	t->cap = cap;
	free(t->ctrl);
	free(t->idx);
	t->nslot = cap * 2;
	t->ctrl = vi_xcalloc(nctrl(t), 1);
	t->idx = vi_xreallocarray(NULL, (size_t)t->nslot + cap,
	    sizeof *t->idx);
	reindex(t);
}

void
vi_topk_clear(struct vi_topk *t)
{
	t->n = 0;
	t->total = t->err = 0;
	if (t->nslot)
		memset(t->ctrl, 0, nctrl(t));
}

void
vi_topk_copy(struct vi_topk *dst, const struct vi_topk *src)
{
	vi_topk_clear(dst);
	while (dst->cap < src->n)
		grow(dst);
	if (src->n) {
		memcpy(dst->c, src->c, src->n * sizeof *src->c);
		memcpy(dst->v, src->v, src->n * sizeof *src->v);
	}
	dst->n = src->n;
	dst->total = src->total;
	dst->err = src->err;
	reindex(dst);
}

/* The counter index of hash, or -1. */
static long
find(const struct vi_topk *t, uint64_t hash)
{
	uint32_t j;

	return t->nslot == 0 ? -1 : vi_topk_probe(t, hash, &j);
}

/* A new counter for hash (not present) with count c; its index. */
static uint32_t
insert(struct vi_topk *t, uint64_t hash, uint64_t c)
{
	uint32_t j;

	if (t->n == t->cap)
		grow(t);
	t->c[t->n].hash = hash;
	t->c[t->n].count = c;
	j = free_slot(t, hash);
	t->ctrl[j] = vi_topk_tag(hash);
	t->idx[j] = (uint16_t)t->n;
	return t->n++;
}

/* Take d from every count; free the counters at 0 or below. */
static void
subtract(struct vi_topk *t, uint64_t d)
{
	uint32_t i, k = 0;

	for (i = 0; i < t->n; i++)
		if (t->c[i].count > d) {
			if (k != i) {
				t->c[k] = t->c[i];
				t->v[k] = t->v[i];
			}
			t->c[k++].count -= d;
		}
	t->n = k;
	t->err += d;
	reindex(t);
}

void
vi_topk_keep_long(struct vi_topk_val *x, const char *s, size_t n)
{
	size_t cut = vi_utf8_cut(s, n, VI_TOPK_VALUE_MAX);

	memcpy(x->v, s, cut);
	x->len = (unsigned char)cut;
	x->truncated = cut < n;
}

void
vi_topk_insert(struct vi_topk *t, uint32_t j, uint64_t hash, const char *s,
    size_t n)
{
	uint32_t i;

	if (t->n == M) {
		subtract(t, 1);
		return;
	}
	if (t->n == t->cap)
		i = insert(t, hash, 1);    /* the index is rebuilt: probe again */
	else {
		i = t->n++;
		t->c[i].hash = hash;
		t->c[i].count = 1;
		t->ctrl[j] = vi_topk_tag(hash);
		t->idx[j] = (uint16_t)(t->n - 1);
	}
	vi_topk_keep(&t->v[i], s, n);
}

static int
count_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x < y) - (x > y);
}

void
vi_topk_merge(struct vi_topk *dst, const struct vi_topk *src)
{
	uint64_t c[2 * M];
	uint32_t i, k;
	long at;

	for (i = 0; i < src->n; i++) {
		if ((at = find(dst, src->c[i].hash)) >= 0)
			dst->c[at].count += src->c[i].count;
		else {
			k = insert(dst, src->c[i].hash, src->c[i].count);
			dst->v[k] = src->v[i];
		}
	}
	dst->total += src->total;
	dst->err += src->err;
	if (dst->n <= M)
		return;
	for (i = 0; i < dst->n; i++)
		c[i] = dst->c[i].count;
	qsort(c, dst->n, sizeof *c, count_desc);
	subtract(dst, c[M]);
}

void
vi_topk_get(const struct vi_topk *t, uint32_t i, struct vi_topk_entry *out)
{
	out->hash = t->c[i].hash;
	out->count = t->c[i].count;
	out->len = t->v[i].len;
	out->truncated = t->v[i].truncated;
	memcpy(out->v, t->v[i].v, t->v[i].len);
}

/* The reported order: count descending, then bytes, then hash. */
static int
entry_order(const void *a, const void *b)
{
	const struct vi_topk_entry *x = a, *y = b;
	size_t m = x->len < y->len ? x->len : y->len;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	c = m ? memcmp(x->v, y->v, m) : 0;
	if (c == 0)
		c = (x->len > y->len) - (x->len < y->len);
	if (c == 0)
		c = (x->hash > y->hash) - (x->hash < y->hash);
	return c;
}

size_t
vi_topk_top(const struct vi_topk *t, struct vi_topk_entry *out, size_t k)
{
	struct vi_topk_entry *all = vi_xreallocarray(NULL, t->n ? t->n : 1,
	    sizeof *all);
	uint32_t i;

	for (i = 0; i < t->n; i++)
		vi_topk_get(t, i, &all[i]);
	qsort(all, t->n, sizeof *all, entry_order);
	if (k > t->n)
		k = t->n;
	memcpy(out, all, k * sizeof *out);
	free(all);
	return k;
}

int
vi_topk_put(struct vi_topk *t, const struct vi_topk_entry *x)
{
	uint32_t k;

	if (x->count == 0 || x->len > VI_TOPK_VALUE_MAX || t->n >= M ||
	    find(t, x->hash) >= 0)
		return -1;
	k = insert(t, x->hash, x->count);
	t->v[k].len = x->len;
	t->v[k].truncated = x->truncated;
	memcpy(t->v[k].v, x->v, x->len);
	return 0;
}
