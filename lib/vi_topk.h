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
 * reports touch them), and an index whose slots hold the high half of the
 * hash, so that a probe touches little memory. */
struct vi_topk_ctr {
	uint64_t hash, count;
};

struct vi_topk_val {
	unsigned char len, truncated;
	char v[VI_TOPK_VALUE_MAX];
};

struct vi_topk_slot {
	uint32_t tag;              /* hash >> 32 */
	uint32_t idx;              /* counter index + 1; 0: an empty slot */
};

struct vi_topk {
	struct vi_topk_ctr *c;     /* n counters in use */
	struct vi_topk_val *v;     /* their values */
	struct vi_topk_slot *slot; /* open addressing over c */
	uint32_t n, cap;           /* cap: counters allocated */
	uint32_t nslot;            /* slots (a power of 2), or 0 */
	uint64_t total;            /* values added (n of the bound) */
	uint64_t err;              /* the most any count is below the truth */
};

void vi_topk_free(struct vi_topk *t);

/* t becomes empty (keeps its storage). */
void vi_topk_clear(struct vi_topk *t);

/* dst becomes a copy of src (dst's storage is reused or released). */
void vi_topk_copy(struct vi_topk *dst, const struct vi_topk *src);

/* Not inline: a value that is not kept yet (j: its free slot). */
void vi_topk_insert(struct vi_topk *t, uint32_t j, uint64_t hash,
    const char *s, size_t n);

/* Add the value s[0..n) whose XXH3_64bits hash is hash.  Inline: it is on
 * the per-field path. */
static inline void
vi_topk_add(struct vi_topk *t, uint64_t hash, const char *s, size_t n)
{
	uint32_t j = 0, mask = t->nslot - 1, k, tag = (uint32_t)(hash >> 32);

	t->total++;
	if (t->nslot != 0)
		for (j = (uint32_t)hash & mask; (k = t->slot[j].idx) != 0;
		    j = (j + 1) & mask)
			if (t->slot[j].tag == tag && t->c[k - 1].hash == hash) {
				t->c[k - 1].count++;
				return;
			}
	vi_topk_insert(t, j, hash, s, n);
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
