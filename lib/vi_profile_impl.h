/*
 * vi_profile_impl.h - the inside of a struct vi_profile, for vi_profile.c
 * and the state file code (vi_state.c) only: nothing else includes this.
 *
 * The state file (vi_state.h) writes and reads these fields one for one;
 * a change here is a change of its format_version.
 */
#ifndef VI_PROFILE_IMPL_H
#define VI_PROFILE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "vi_hll.h"
#include "vi_profile.h"
#include "vi_quant.h"
#include "vi_topk.h"

/* Count, mean and sum of squared deviations of one block (Welford). */
struct vi_pf_moments {
	uint64_t n;
	double mean, m2;
};

/* The sketches of one block of one column (vi_profile_sketch()). */
struct vi_pf_sketch {
	struct vi_topk top;
	struct vi_quant q;
};

/* What one column folds block by block, in file order: its moments and,
 * when kept, its sketches (NULL while empty). */
struct vi_pf_block {
	struct vi_pf_moments m;
	struct vi_pf_sketch *sk;
};

/* A date or datetime bound: its UTC instant and its text. */
#define VI_PF_TEXT_MAX 40   /* the longest datetime is 35 bytes */
struct vi_pf_tbound {
	int64_t sec;
	int32_t ns;
	unsigned char len;
	char text[VI_PF_TEXT_MAX];
};

/* A growable byte string for the string bounds. */
struct vi_pf_sbuf {
	char *p;
	size_t n, cap;
};

struct vi_pf_exc {
	int set, truncated;
	uint64_t line, byte;      /* where the record starts (1-based) */
	size_t len;
	char v[VI_PROFILE_EXCERPT];
};

/* The fits of a value below string (string always fits): VI_FIT bits 0-4. */
#define VI_PF_FITS_BELOW_STRING (VI_FIT_STRING - 1)

/*
 * The values of one column, allocated at its first non-null value (a column
 * with none costs only its struct col).  The fields every value touches
 * come first.  Bounds start at
 * sentinels (an empty range: min above max) so that the hot path needs no
 * "first value" test; col_has() tells which bounds are set.  fit[] is not
 * kept per type but per combination of fits below string (nfits[mask]), so
 * a value costs one increment; col_fit() sums it.
 */
struct vi_pf_column {
	uint64_t non_null;
	size_t min_len, max_len;   /* min_len: SIZE_MAX until a value */
	unsigned pending;          /* VI_FIT bits of types with no exception */
	unsigned bools;            /* bit 0: false seen, bit 1: true seen */
	uint64_t smin_key, smax_key; /* skey() of smin and smax */
	int64_t imin, imax;        /* INT64_MAX, INT64_MIN when unset */
	double dmin, dmax;         /* +inf, -inf when unset */
	struct vi_pf_sbuf smin, smax;    /* smax starts as "", the least string */
	uint64_t nfits[VI_PF_FITS_BELOW_STRING + 1];
	uint64_t zero_padded, int64_overflow, nonfinite;
	struct vi_pf_tbound date_min, date_max, dt_min, dt_max; /* len 0: unset */
	struct vi_pf_exc exc[VI_NTYPES - 1];
	struct vi_hll hll;         /* its storage grows with the values */
};

/* One column as the profile holds it: small until it has values. */
struct vi_pf_col {
	uint64_t nulls;
	struct vi_pf_block open;         /* the current block */
	struct vi_pf_block total;        /* origin profiles: closed blocks folded */
	struct vi_pf_column *v;          /* NULL until a non-null value */
	uint64_t *nullc;           /* per null token; NULL until a null */
	const char *name;          /* in the profile's names buffer */
	size_t name_len;
};

struct vi_profile {
	const struct vi_nulls *nulls;
	size_t ntok, ncols;
	/* A filter in front of vi_nulls_match(): a field of length n in
	 * 1..63 can only be a null if bit n is set in both nl_first[its first
	 * byte] and nl_last[its last byte]; longer ones only if nl_long. */
	int nl_empty;              /* token index of "", or -1 */
	int nl_long;               /* some token is 64 bytes or longer */
	uint64_t nl_first[256], nl_last[256];
	uint64_t rows;
	int origin;                /* starts at the file's first record */
	int numbered;              /* no header: columns named by index */
	unsigned sketch;           /* VI_PROFILE_TOP | VI_PROFILE_QUANTILES */
	int tail;                  /* the open block had sketch-only records
				    * (vi_profile_add_moments): its top values
				    * may hold values not in a distinct count */
	uint64_t folded;           /* origin: closed blocks folded into total */
	struct vi_pf_col *cols;
	char *names;               /* every name, each NUL-terminated */
	const uint64_t *zeros;     /* ntok zero counts, for a column w/o null */
	struct vi_pf_column none;        /* what a column without values reads as */
	struct vi_pf_block *blocks;      /* not origin: nblocks x ncols, in order */
	size_t nblocks, capblocks;
};

/* A column's value state, empty: bounds at their sentinels (allocated;
 * free with the profile). */
struct vi_pf_column *vi_pf_column_new(void);

/* Set the string min (max 0) or max (max 1) of c to the n bytes at s. */
void vi_pf_set_sbound(struct vi_pf_column *c, int max, const char *s,
    size_t n);

/* Append one closed block of ncols columns to p's list (not origin); the
 * sketches are p's from now on. */
void vi_pf_push_block(struct vi_profile *p, struct vi_pf_block *b);

/* b's sketches, allocated empty if b has none yet. */
struct vi_pf_sketch *vi_pf_sketch(struct vi_pf_block *b);
void vi_pf_sketch_free(struct vi_pf_sketch *sk);   /* NULL is fine */

#endif
