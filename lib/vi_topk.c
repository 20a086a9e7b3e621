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
	free(t->e);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

/* Index every entry in the slot table again. */
static void
reindex(struct vi_topk *t)
{
	uint32_t i, j, mask = t->nslot - 1;

	if (t->nslot == 0)
		return;
	memset(t->slot, 0, t->nslot * sizeof *t->slot);
	for (i = 0; i < t->n; i++) {
		for (j = (uint32_t)t->e[i].hash & mask; t->slot[j].idx != 0;
		    j = (j + 1) & mask)
			;
		t->slot[j].hash = t->e[i].hash;
		t->slot[j].idx = i + 1;
	}
}

/* Room for one more entry: the table stays at most half full. */
static void
grow(struct vi_topk *t)
{
	uint32_t cap = t->cap ? t->cap * 2 : 1;

	t->e = vi_xreallocarray(t->e, cap, sizeof *t->e);
	t->cap = cap;
	free(t->slot);
	t->nslot = cap * 2;
	t->slot = vi_xcalloc(t->nslot, sizeof *t->slot);
	reindex(t);
}

void
vi_topk_clear(struct vi_topk *t)
{
	t->n = 0;
	t->total = t->err = 0;
	if (t->nslot)
		memset(t->slot, 0, t->nslot * sizeof *t->slot);
}

void
vi_topk_copy(struct vi_topk *dst, const struct vi_topk *src)
{
	vi_topk_clear(dst);
	while (dst->cap < src->n)
		grow(dst);
	if (src->n)
		memcpy(dst->e, src->e, src->n * sizeof *src->e);
	dst->n = src->n;
	dst->total = src->total;
	dst->err = src->err;
	reindex(dst);
}

/* The entry of hash, or NULL. */
static inline struct vi_topk_entry *
find(const struct vi_topk *t, uint64_t hash)
{
	uint32_t j, mask = t->nslot - 1, k;

	if (t->nslot == 0)
		return NULL;
	for (j = (uint32_t)hash & mask; (k = t->slot[j].idx) != 0;
	    j = (j + 1) & mask)
		if (t->slot[j].hash == hash)
			return &t->e[k - 1];
	return NULL;
}

/* A new entry for hash (not present) with count c and the value's bytes. */
static struct vi_topk_entry *
insert(struct vi_topk *t, uint64_t hash, uint64_t c)
{
	struct vi_topk_entry *x;
	uint32_t j, mask;

	if (t->n == t->cap)
		grow(t);
	x = &t->e[t->n++];
	x->hash = hash;
	x->count = c;
	mask = t->nslot - 1;
	for (j = (uint32_t)hash & mask; t->slot[j].idx != 0;
	    j = (j + 1) & mask)
		;
	t->slot[j].hash = hash;
	t->slot[j].idx = t->n;
	return x;
}

/* Take d from every count; free the counters at 0 or below. */
static void
subtract(struct vi_topk *t, uint64_t d)
{
	uint32_t i, k = 0;

	for (i = 0; i < t->n; i++)
		if (t->e[i].count > d) {
			t->e[k] = t->e[i];
			t->e[k++].count -= d;
		}
	t->n = k;
	t->err += d;
	reindex(t);
}

void
vi_topk_insert(struct vi_topk *t, uint32_t j, uint64_t hash, const char *s,
    size_t n)
{
	struct vi_topk_entry *x;
	size_t cut;

	if (t->n == M) {
		subtract(t, 1);
		return;
	}
	if (t->n == t->cap)
		x = insert(t, hash, 1);    /* the index is rebuilt: probe again */
	else {
		x = &t->e[t->n++];
		x->hash = hash;
		x->count = 1;
		t->slot[j].hash = hash;
		t->slot[j].idx = t->n;
	}
	cut = vi_utf8_cut(s, n, VI_TOPK_VALUE_MAX);
	memcpy(x->v, s, cut);
	x->len = (unsigned char)cut;
	x->truncated = cut < n;
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
	struct vi_topk_entry *x;
	uint64_t c[2 * M];
	uint32_t i;

	for (i = 0; i < src->n; i++) {
		const struct vi_topk_entry *y = &src->e[i];

		if ((x = find(dst, y->hash)) != NULL)
			x->count += y->count;
		else {
			x = insert(dst, y->hash, 0);
			*x = *y;
		}
	}
	dst->total += src->total;
	dst->err += src->err;
	if (dst->n <= M)
		return;
	for (i = 0; i < dst->n; i++)
		c[i] = dst->e[i].count;
	qsort(c, dst->n, sizeof *c, count_desc);
	subtract(dst, c[M]);
}

/* The reported order: count descending, then bytes, then hash. */
static int
entry_order(const void *a, const void *b)
{
	const struct vi_topk_entry *x = *(const struct vi_topk_entry *const *)a,
	    *y = *(const struct vi_topk_entry *const *)b;
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
vi_topk_top(const struct vi_topk *t, const struct vi_topk_entry **out,
    size_t k)
{
	const struct vi_topk_entry *all[2 * M];
	uint32_t i;

	for (i = 0; i < t->n; i++)
		all[i] = &t->e[i];
	qsort(all, t->n, sizeof *all, entry_order);
	if (k > t->n)
		k = t->n;
	memcpy(out, all, k * sizeof *out);
	return k;
}

int
vi_topk_put(struct vi_topk *t, const struct vi_topk_entry *x)
{
	if (x->count == 0 || x->len > VI_TOPK_VALUE_MAX || t->n >= M ||
	    find(t, x->hash) != NULL)
		return -1;
	*insert(t, x->hash, 0) = *x;
	return 0;
}
