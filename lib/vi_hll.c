/* vi_hll.c - exact set, then HyperLogLog, over XXH3-64 (see vi_hll.h). */
#include "vi_hll.h"
#include "vi_alloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL   /* XXH3_64bits compiled here: no PLT call */
#include <xxhash.h>

#define SPARSE_START 8   /* slots of a new set: 64 bytes */

void
vi_hll_init(struct vi_hll *h)
{
	memset(h, 0, sizeof *h);
}

void
vi_hll_free(struct vi_hll *h)
{
	free(h->set);
	free(h->reg);
	memset(h, 0, sizeof *h);
}

void
vi_hll_add(struct vi_hll *h, const void *p, size_t n)
{
	vi_hll_add_hash(h, XXH3_64bits(p, n));
}

/* Replace the set by the registers of its members. */
static void
densify(struct vi_hll *h)
{
	uint64_t *set = h->set;
	uint32_t i, cap = h->cap;
	int zero = h->zero;

	h->reg = vi_xcalloc(VI_HLL_M, 1);
	h->set = NULL;
	h->cap = h->n = 0;
	h->zero = 0;
	for (i = 0; i < cap; i++)
		if (set[i] != 0)
			vi_hll_add_hash(h, set[i]);
	if (zero)
		vi_hll_add_hash(h, 0);
	free(set);
}

/* Put a nonzero hash known not to be in the set into a free slot. */
static void
place(uint64_t *set, uint32_t cap, uint64_t hash)
{
	uint32_t m = cap - 1, i = (uint32_t)hash & m;

	while (set[i] != 0)
		i = (i + 1) & m;
	set[i] = hash;
}

static void
grow(struct vi_hll *h)
{
	uint32_t i, ncap = h->cap ? h->cap * 2 : SPARSE_START;
	uint64_t *set = vi_xcalloc(ncap, sizeof *set);

	for (i = 0; i < h->cap; i++)
		if (h->set[i] != 0)
			place(set, ncap, h->set[i]);
	free(h->set);
	h->set = set;
	h->cap = ncap;
}

void
vi_hll_insert(struct vi_hll *h, uint64_t hash)
{
	uint32_t m, i;

	if (h->reg != NULL) {
		vi_hll_add_hash(h, hash);
		return;
	}
	if (hash == 0) {
		if (h->zero)
			return;
		h->zero = 1;
	} else {
		if (h->cap == 0)
			grow(h);
		m = h->cap - 1;
		for (i = (uint32_t)hash & m; h->set[i] != 0; i = (i + 1) & m)
			if (h->set[i] == hash)
				return;
		h->set[i] = hash;
	}
	if (++h->n > VI_HLL_EXACT)
		densify(h);
	else if ((h->n - (uint32_t)h->zero) * 2 > h->cap)
		grow(h);   /* at most half full, so that a probe always ends */
}

void
vi_hll_merge(struct vi_hll *dst, const struct vi_hll *src)
{
	size_t i;

	if (src->reg != NULL) {
		if (dst->reg == NULL)
			densify(dst);
		for (i = 0; i < VI_HLL_M; i++)
			if (src->reg[i] > dst->reg[i])
				dst->reg[i] = src->reg[i];
		return;
	}
	for (i = 0; i < src->cap; i++)
		if (src->set[i] != 0)
			vi_hll_add_hash(dst, src->set[i]);
	if (src->zero)
		vi_hll_add_hash(dst, 0);
}

int
vi_hll_exact(const struct vi_hll *h)
{
	return h->reg == NULL;
}

/* Ertl's sigma and tau series (arXiv:1702.01284, algorithm 6). */
static double
sigma(double x)
{
	double y = 1, z = x, zp;

	if (x == 1)
		return INFINITY;
	do {
		x *= x;
		zp = z;
		z += x * y;
		y += y;
	} while (zp != z);
	return z;
}

static double
tau(double x)
{
	double y = 1, z, zp;

	if (x == 0 || x == 1)
		return 0;
	z = 1 - x;
	do {
		x = sqrt(x);
		zp = z;
		y *= 0.5;
		z -= (1 - x) * (1 - x) * y;
	} while (zp != z);
	return z / 3;
}

double
vi_hll_estimate(const struct vi_hll *h)
{
	const double m = VI_HLL_M;
	const int q = 64 - VI_HLL_P;
	uint32_t c[64 - VI_HLL_P + 2] = { 0 };
	double z;
	size_t i;
	int k;

	if (h->reg == NULL)
		return h->n;
	for (i = 0; i < VI_HLL_M; i++)
		c[h->reg[i]]++;
	/* Small range: linear counting, the most accurate estimate while at
	 * least half the registers are still zero. */
	if (c[0] >= VI_HLL_M / 2)
		return m * log(m / (double)c[0]);
	z = m * tau(1 - c[q + 1] / m);
	for (k = q; k >= 1; k--)
		z = 0.5 * (z + c[k]);
	z += m * sigma(c[0] / m);
	return m * m / (2 * log(2.0)) / z;
}
