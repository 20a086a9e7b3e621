/*
 * vi_topk.h - the most frequent values of a stream in bounded memory: a
 * Misra-Gries summary with VI_TOPK_CAP counters, mergeable as in Agarwal et
 * al., "Mergeable summaries" (PODS 2012).
 *
 * Contract
 * - Values are told apart by their XXH3-64 hash (seed 0, the hash vi_hll
 *   takes), so two values with the same 64-bit hash count as one (for n
 *   distinct values, a chance of about n^2 / 2^65).  Of each value the
 *   first VI_TOPK_VALUE_MAX bytes are kept to show it, cut on a UTF-8
 *   character boundary and marked truncated.
 * - Counts: while no more than VI_TOPK_CAP distinct values have been seen
 *   (and no merge overflowed), every count is exact and vi_topk_error() is
 *   0.  Otherwise each value's true count c satisfies
 *       count <= c <= count + error,  error <= (n - sum of counts) / (m + 1)
 *   where n is the number of values added and m = VI_TOPK_CAP; a value
 *   whose true count exceeds n / (m + 1) is always kept.  Counts are never
 *   overestimated.
 * - Adding: a value kept gains 1; a new value takes a free counter; when all
 *   m are taken, every counter loses 1 (those at 0 are freed), the new value
 *   is not kept, and the error grows by 1.
 * - Merging (vi_topk_merge): counters of the same value add up, then if
 *   more than m remain, the (m+1)-th largest count is subtracted from all
 *   (those at 0 or below are freed) and added to the error, which is also
 *   the sum of both errors.  A merge is a pure function of the two
 *   summaries' contents (their value sets and counts), not of the order of
 *   their counters, but merging is not associative once counters are
 *   dropped: vi_profile.h says how the blocks of a file are folded so that
 *   the result does not depend on threads or parts.
 * - Reading (vi_topk_top): the k largest counts, ties broken by the kept
 *   bytes (memcmp, a prefix first), then by hash: a fixed order.
 * - Memory: an empty summary is all zero bytes (no allocation); counters
 *   grow with the values, to at most 2 m during a merge (about 24 KiB).
 *   The caller owns the struct; vi_topk_free() releases its storage.
 */
#ifndef VI_TOPK_H
#define VI_TOPK_H

#include <stddef.h>
#include <stdint.h>

#include "vi_le.h"

#define VI_TOPK_CAP 128        /* counters m */
#define VI_TOPK_VALUE_MAX 64   /* bytes kept of a value */
#define VI_TOPK_DEFAULT 5      /* values reported by default */

/* A value and its count, as the summary reports it. */
struct vi_topk_entry {
	uint64_t hash;
	uint64_t count;
	unsigned char len;         /* bytes in v */
	unsigned char truncated;   /* the value was longer */
	char v[VI_TOPK_VALUE_MAX];
};

/* Inside: a counter, the bytes of its value apart (only inserts and
 * reports touch them), and an index over the counters: linear probing
 * that never wraps, a control byte per slot (0: empty, else 0x80 | the
 * hash's top 7 bits) read eight at a time, so that a probe is one load, a
 * few bit operations and usually one hash compared, with few branches
 * whose way depends on the data.
 * - nslot home slots (a power of 2, twice cap), probed from hash & (nslot
 *   - 1) upwards: the first empty slot is at most n slots on, so
 *   nslot + cap slots always suffice, and 8 more control bytes, always 0,
 *   let a word be read at any slot.
 * - idx: the counter of an occupied slot (cap is at most 2 VI_TOPK_CAP). */
struct vi_topk_ctr {
	uint64_t hash, count;
};

struct vi_topk_val {
	unsigned char len, truncated;
	char v[VI_TOPK_VALUE_MAX];
};

struct vi_topk {
	struct vi_topk_ctr *c;     /* n counters in use */
	struct vi_topk_val *v;     /* their values */
	unsigned char *ctrl;       /* nslot + cap + 8 control bytes */
	uint16_t *idx;             /* nslot + cap counter indexes */
	uint32_t n, cap;           /* cap: counters allocated */
	uint32_t nslot;            /* home slots (a power of 2), or 0 */
	uint64_t total;            /* values added (n of the bound) */
	uint64_t err;              /* the most any count is below the truth */
};

#define VI_TOPK_LO UINT64_C(0x0101010101010101)
#define VI_TOPK_HI UINT64_C(0x8080808080808080)

/* The control byte of hash in an occupied slot. */
static inline unsigned char
vi_topk_tag(uint64_t hash)
{
	return (unsigned char)(0x80 | hash >> 57);
}

/* Probe for hash: the counter that holds it, or -1 with *free the slot
 * where it would go (the first empty one from its home).  Needs nslot != 0.
 * In a word of control bytes, the empty ones are those without their top
 * bit; the bytes equal to the tag are the zero bytes of w ^ tag, found
 * with the borrow of a subtraction (which may also flag a byte above a
 * zero one: the hash compare rejects it).  Only matches below the first
 * empty slot can be the hash. */
static inline long
vi_topk_probe(const struct vi_topk *t, uint64_t hash, uint32_t *free)
{
	uint64_t tagw = vi_topk_tag(hash) * VI_TOPK_LO, w, x, e, m;
	uint32_t j = (uint32_t)hash & (t->nslot - 1), k;

	for (;; j += 8) {
		w = vi_le_get64(t->ctrl + j);
		e = ~w & VI_TOPK_HI;
		x = w ^ tagw;
		m = (x - VI_TOPK_LO) & ~x & VI_TOPK_HI;
		if (e != 0)
			m &= (e & -e) - 1;
		for (; m != 0; m &= m - 1) {
			k = t->idx[j + ((unsigned)__builtin_ctzll(m) >> 3)];
			if (t->c[k].hash == hash)
				return (long)k;
		}
		if (e != 0) {
			*free = j + ((unsigned)__builtin_ctzll(e) >> 3);
			return -1;
		}
	}
}

void vi_topk_free(struct vi_topk *t);

/* t becomes empty (keeps its storage). */
void vi_topk_clear(struct vi_topk *t);

/* dst becomes a copy of src (dst's storage is reused or released). */
void vi_topk_copy(struct vi_topk *dst, const struct vi_topk *src);

/* Not inline: a value that is not kept yet (j: its free slot) when no
 * counter is free or allocated. */
void vi_topk_insert(struct vi_topk *t, uint32_t j, uint64_t hash,
    const char *s, size_t n);

/* Not inline: the kept bytes of a value longer than VI_TOPK_VALUE_MAX. */
void vi_topk_keep_long(struct vi_topk_val *x, const char *s, size_t n);

/* x keeps the value s[0..n).  Inline, without a call to memcpy for the
 * short values of the per-field path: 8-byte words, the last one
 * overlapping (x->v has room for VI_TOPK_VALUE_MAX bytes); below 8 bytes,
 * two 4-byte words or three bytes, overlapping the same way. */
static inline void
vi_topk_keep(struct vi_topk_val *x, const char *s, size_t n)
{
	size_t i;

	if (n > VI_TOPK_VALUE_MAX) {
		vi_topk_keep_long(x, s, n);
		return;
	}
	x->len = (unsigned char)n;
	x->truncated = 0;
	if (n >= 8) {
		for (i = 0; i + 8 < n; i += 8)
			__builtin_memcpy(x->v + i, s + i, 8);
		__builtin_memcpy(x->v + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		__builtin_memcpy(x->v, s, 4);
		__builtin_memcpy(x->v + n - 4, s + n - 4, 4);
	} else if (n > 0) {
		x->v[0] = s[0];
		x->v[n / 2] = s[n / 2];
		x->v[n - 1] = s[n - 1];
	}
}

/* Fetch the control bytes that a probe for hash reads first, ahead of
 * vi_topk_add() (no effect on the result). */
static inline void
vi_topk_prefetch(const struct vi_topk *t, uint64_t hash)
{
	if (t->nslot != 0)
		__builtin_prefetch(t->ctrl + ((uint32_t)hash & (t->nslot - 1)));
}

/* Add the value s[0..n) whose XXH3_64bits hash is hash.  Inline: it is on
 * the per-field path, and so is a new value that takes a free counter
 * (every value of a column of distinct values but one in 129).  1 when the
 * value was counted already (it had a counter), else 0. */
static inline int
vi_topk_add(struct vi_topk *t, uint64_t hash, const char *s, size_t n)
{
	uint32_t i, j = 0;
	long k;

	t->total++;
	if (t->nslot != 0 && (k = vi_topk_probe(t, hash, &j)) >= 0) {
		t->c[k].count++;
		return 1;
	}
	if (t->n == t->cap || t->n == VI_TOPK_CAP) {
		vi_topk_insert(t, j, hash, s, n);
		return 0;
	}
	i = t->n++;
	t->c[i].hash = hash;
	t->c[i].count = 1;
	t->ctrl[j] = vi_topk_tag(hash);
	t->idx[j] = (uint16_t)i;
	vi_topk_keep(&t->v[i], s, n);
	return 0;
}

/* dst becomes the summary of dst's values and then src's (src unchanged). */
void vi_topk_merge(struct vi_topk *dst, const struct vi_topk *src);

/* Counter i (< t->n) as an entry. */
void vi_topk_get(const struct vi_topk *t, uint32_t i,
    struct vi_topk_entry *out);

/* Copy to out[] the k (or fewer) most frequent entries in the reported
 * order; returns how many. */
size_t vi_topk_top(const struct vi_topk *t, struct vi_topk_entry *out,
    size_t k);

/* For the state file: insert an entry as read (count > 0, hash not yet
 * present, fewer than VI_TOPK_CAP entries); 0, or -1 if it is not valid. */
int vi_topk_put(struct vi_topk *t, const struct vi_topk_entry *x);

#endif
