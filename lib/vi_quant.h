/*
 * vi_quant.h - approximate quantiles of a stream of doubles in bounded
 * memory: a deterministic compactor sketch (Manku, Rajagopalan and Lindsay
 * 1998; the levels of KLL without its random choices), mergeable, with a
 * rank error that it counts as it goes.
 *
 * Contract
 * - Level h holds values of weight 2^h; a value added goes to level 0.
 *   When a level holds VI_QUANT_K values or more it is compacted: sorted,
 *   the largest value kept back if their number is odd, and of the others
 *   every second one (starting at the first or the second, alternately,
 *   by the level's count of compactions) goes up one level.  The weights
 *   always add up to the number of values added.
 * - Error: a compaction at level h moves the estimated rank of any value by
 *   at most 2^h, so the sketch counts err, the sum of 2^h over every
 *   compaction it (and every sketch merged into it) made.  For every value
 *   y, the estimated rank (the weight of kept values <= y) is within err of
 *   the number of values added <= y.  err is 0 (exact) until the first
 *   compaction; at most n * L / (VI_QUANT_K - 1) for n values over L
 *   levels (L about log2(n / VI_QUANT_K) + 1): about 2 % of n for a
 *   million values.  Typical errors are much smaller.
 * - Merging (vi_quant_merge) appends each of src's levels to dst's and adds
 *   the counts, then compacts from level 0 up: a pure function of the two
 *   sketches (the order of values within a level does not matter, they are
 *   sorted before use), not associative; vi_profile.h says how blocks are
 *   folded so that the result does not depend on threads or parts.
 * - Cost: level 0 is sorted at each compaction (a counting pass per
 *   byte when at most five of the keys' eight bytes differ, else runs of
 *   8 sorted by insertion, then merged without branches on the keys; the
 *   same order either way); a level above
 *   gets sorted runs, merged as they come, so it is sorted only after a
 *   merge of sketches.
 * - Values are kept as order-preserving 64-bit keys of the doubles: -0
 *   sorts before 0; NaN and infinities must not be added.
 * - Memory: an empty sketch is all zero bytes; a level grows with its
 *   values, to about 8 * VI_QUANT_K bytes (twice that after a merge), and
 *   a sketch that compacts keeps 8 * VI_QUANT_K bytes of scratch.  The caller owns the struct; vi_quant_free()
 *   releases its storage.
 */
#ifndef VI_QUANT_H
#define VI_QUANT_H

#include <stddef.h>
#include <stdint.h>

#define VI_QUANT_K 512
#define VI_QUANT_LEVELS 56

struct vi_quant_level {
	uint64_t *x;          /* n keys */
	uint32_t n, cap;
	int unsorted;         /* x is not known to be in order */
	uint64_t compactions;
};

struct vi_quant {
	struct vi_quant_level *lv; /* caplv levels allocated */
	unsigned nlv, caplv;  /* nlv: levels in use */
	uint64_t n;           /* values added */
	uint64_t err;         /* the rank error bound */
	uint64_t *tmp;        /* scratch for sorting */
	uint32_t ntmp;
};

void vi_quant_free(struct vi_quant *q);
void vi_quant_clear(struct vi_quant *q);
void vi_quant_copy(struct vi_quant *dst, const struct vi_quant *src);

/* Not inline: level 0 is full or has no room. */
void vi_quant_full(struct vi_quant *q);

/* Add x.  Inline: it is on the per-field path. */
static inline void
vi_quant_add(struct vi_quant *q, double x)
{
	struct vi_quant_level *l;
	uint64_t u;

	if (q->caplv == 0 || q->lv[0].n == q->lv[0].cap)
		vi_quant_full(q);
	l = &q->lv[0];
	__builtin_memcpy(&u, &x, sizeof u);
	l->x[l->n++] = u >> 63 ? ~u : u | (uint64_t)1 << 63;
	q->n++;
	if (l->n >= VI_QUANT_K)
		vi_quant_full(q);
}

/* dst becomes the sketch of dst's values and src's (src unchanged). */
void vi_quant_merge(struct vi_quant *dst, const struct vi_quant *src);

/* For each of the nf fractions f[i] in [0, 1], the least kept value whose
 * estimated rank is at least ceil(f[i] * n) (the least value for 0) in
 * out[i].  q must have a value. */
void vi_quant_query(const struct vi_quant *q, const double *f, size_t nf,
    double *out);

/* The key of a double and back (the state file writes keys). */
uint64_t vi_quant_key(double x);
double vi_quant_value(uint64_t key);

/* For the state file: level h (< VI_QUANT_LEVELS) as read, its n keys and
 * compactions, levels in order from 0; the caller sets n and err, then
 * calls vi_quant_check(), which is 0 when the weights add up to n and no
 * level is full. */
void vi_quant_put_level(struct vi_quant *q, unsigned h, const uint64_t *keys,
    size_t n, uint64_t compactions);
int vi_quant_check(const struct vi_quant *q);

#endif
