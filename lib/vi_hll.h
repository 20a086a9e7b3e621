/*
 * vi_hll.h - distinct count over XXH3-64: exact while small, then a
 * HyperLogLog estimate.
 *
 * Contract
 * - A value is hashed with XXH3_64bits over its bytes, seed 0.  Hashing is
 *   byte-exact: "1" and "1.0" are two values.
 * - Sparse: up to VI_HLL_EXACT distinct hashes are kept exactly, in an
 *   open-addressing set that grows with them (64 bytes to start, at most
 *   16 KiB), and their number is the count: exact, short of two values
 *   with the same 64-bit hash (for n values, about n^2 / 2^65).
 * - Dense: past VI_HLL_EXACT the set is replaced by the HyperLogLog
 *   registers it stands for: precision 14, 16384 one-byte registers
 *   (16 KiB), relative standard error 1.04 / sqrt(16384) = 0.8125 %.  The
 *   top 14 bits of a hash pick the register, the rank of the first 1 bit in
 *   the other 50 (1..51) is kept if it is larger.
 * - Estimate (dense): linear counting, 16384 * ln(16384 / zeros), while at
 *   least half the registers are zero (up to about 11000 distinct values,
 *   where it is the most accurate); above that, Ertl's improved raw
 *   estimator ("New cardinality estimation algorithms for HyperLogLog
 *   sketches", 2017, algorithm 6), which has no bias in the 2.5m..5m range
 *   where the classic estimator over-counts by up to 4 % and needs no
 *   large-range correction.  The estimate is a pure function of the
 *   registers.
 * - Both forms are a pure function of the set of hashes added: sparse while
 *   it has at most VI_HLL_EXACT members, else the registers of all of them.
 *   So merging (a set union, or a register-wise max) is exact, associative
 *   and commutative, in any combination of forms, and sketches of parts of
 *   a file merge to the sketch of the whole file.
 * - Memory: an empty sketch is the struct alone (all zero bytes, so calloc
 *   makes one); storage is allocated as values come.  The caller owns the
 *   struct; vi_hll_free() releases the storage.  Allocation failure aborts
 *   (vi_alloc.h).
 */
#ifndef VI_HLL_H
#define VI_HLL_H

#include <stddef.h>
#include <stdint.h>

#define VI_HLL_P 14
#define VI_HLL_M (1u << VI_HLL_P)
#define VI_HLL_ERROR 0.008125  /* 1.04 / sqrt(VI_HLL_M) */
#define VI_HLL_EXACT 1024      /* distinct values counted exactly */

struct vi_hll {
	uint64_t *set;     /* sparse: open addressing, 0 = empty slot */
	uint8_t *reg;      /* dense: VI_HLL_M registers; set is then NULL */
	uint32_t n;        /* sparse: members, the zero hash included */
	uint32_t cap;      /* sparse: slots in set (a power of 2), or 0 */
	int zero;          /* sparse: the hash 0 is a member */
};

void vi_hll_init(struct vi_hll *h);
void vi_hll_free(struct vi_hll *h);
void vi_hll_add(struct vi_hll *h, const void *p, size_t n);
/* Not inline: a hash that is not in the sparse set yet. */
void vi_hll_insert(struct vi_hll *h, uint64_t hash);

/* Add a value by its XXH3_64bits hash (seed 0).  Inline: it is on the
 * profile's per-field path, which hashes with xxHash's inline build. */
static inline void
vi_hll_add_hash(struct vi_hll *h, uint64_t hash)
{
	if (__builtin_expect(h->reg != NULL, 1)) {
		uint32_t idx = (uint32_t)(hash >> (64 - VI_HLL_P));
		/* The low 64 - P bits, with a stop bit below them so that
		 * an all-zero rest ranks 64 - P + 1 (51) without a test. */
		uint64_t rest = hash << VI_HLL_P |
		    (uint64_t)1 << (VI_HLL_P - 1);
		uint8_t rank = (uint8_t)(__builtin_clzll(rest) + 1);

		if (rank > h->reg[idx])
			h->reg[idx] = rank;
		return;
	}
	if (h->cap != 0 && hash != 0) {
		uint32_t m = h->cap - 1, i = (uint32_t)hash & m;

		/* Linear probing in a set at most half full. */
		while (h->set[i] != 0) {
			if (h->set[i] == hash)
				return;
			i = (i + 1) & m;
		}
	}
	vi_hll_insert(h, hash);
}

/* Fetch the line that vi_hll_add_hash(h, hash) will touch. */
static inline void
vi_hll_prefetch(const struct vi_hll *h, uint64_t hash)
{
	if (h->reg != NULL)
		__builtin_prefetch(&h->reg[hash >> (64 - VI_HLL_P)], 1);
	else if (h->cap != 0)
		__builtin_prefetch(&h->set[(uint32_t)hash & (h->cap - 1)], 1);
}

void vi_hll_merge(struct vi_hll *dst, const struct vi_hll *src);
/* The exact count while sparse, else the HyperLogLog estimate. */
double vi_hll_estimate(const struct vi_hll *h);
/* 1 while the count is exact (at most VI_HLL_EXACT distinct hashes). */
int vi_hll_exact(const struct vi_hll *h);

#endif
