/* vi_hll.c - HyperLogLog over XXH3-64 (see vi_hll.h). */
#include "vi_hll.h"

#include <math.h>
#include <string.h>
#define XXH_INLINE_ALL   /* XXH3_64bits compiled here: no PLT call */
#include <xxhash.h>

void
vi_hll_init(struct vi_hll *h)
{
	memset(h->reg, 0, sizeof h->reg);
}

void
vi_hll_add(struct vi_hll *h, const void *p, size_t n)
{
	vi_hll_add_hash(h, XXH3_64bits(p, n));
}

void
vi_hll_merge(struct vi_hll *dst, const struct vi_hll *src)
{
	size_t i;

	for (i = 0; i < VI_HLL_M; i++)
		if (src->reg[i] > dst->reg[i])
			dst->reg[i] = src->reg[i];
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
