/*
 * vi_profile.h - the per-column profile of one CSV file behind vi-stats:
 * counts, null tokens, type fits, first exceptions, typed min/max, lengths,
 * distinct estimate, mean and standard deviation.
 *
 * Contract
 * - A profile is fed accepted records in file order (vi_profile_add), told
 *   where blocks end (vi_profile_block_end) and read through
 *   vi_profile_column().  One thread per profile; the null set is shared
 *   read-only and must outlive the profile.  The profile copies what it
 *   keeps from a record (names, exceptions, string bounds); records are
 *   borrowed only for the call.  vi_profile_free() releases everything.
 * - Memory does not grow with the number of rows.  A column costs about
 *   100 bytes and its name until it has a value; its value state (about
 *   1.1 KiB) is allocated at its first non-null value, its null counts at
 *   its first null, and its distinct count grows from 64 bytes to at most
 *   16 KiB (vi_hll.h).  Add the longest string min and max, and, for a
 *   profile not marked with vi_profile_set_origin(), 24 bytes per column
 *   for every closed block that held a finite number (see below).
 * - The hot path allocates only when a column first gets a value or a null
 *   or its distinct set grows (a string min/max buffer only grows),
 *   classifies each field once (vi_infer) and hashes it once (XXH3).  A
 *   value that the open block's top values count already is not added to
 *   the distinct count again (it is there since its first occurrence),
 *   unless the block had records of vi_profile_add_moments().
 * - Nulls: a field equal to a token of the set is a null, counted per
 *   token; every other field is a non-null value.  A record with fewer
 *   fields than the profile has columns leaves the missing columns alone;
 *   extra fields are ignored (the reader never passes such a record).
 * - Types: a column's type is the first of boolean, integer, number, date,
 *   datetime, string that every non-null value fits (vi_infer.h); a column
 *   with no non-null value (all null, or no rows) is VI_TYPE_ANY.
 *   For every type but string the first value that did not fit is kept
 *   with its physical line (the record's first line), cut to at most
 *   VI_PROFILE_EXCERPT bytes on a UTF-8 character boundary.
 * - Confidence: when the type is wider than necessary for all but a few
 *   values, vi_profile_column() names the narrower type with the most fits
 *   (ties: the narrower) if at least 99 % of the non-null values fit it
 *   (VI_PROFILE_CONFIDENCE_PCT), with its first exception.
 * - Bounds: min and max are kept for every type at once while all values so
 *   far fit it, and reported for the inferred type: booleans false < true,
 *   integers as int64, numbers as doubles over finite values only (inf and
 *   nan are left out; -0 and 0 tie, the first seen is kept), dates and
 *   datetimes by instant (a datetime without a zone counts as UTC; ties
 *   keep the first seen; the original text is reported), strings by bytes
 *   (memcmp; a prefix sorts first).  Lengths are in bytes over non-null
 *   values.
 * - Distinct: over the bytes of non-null values (vi_hll.h): exact up to
 *   VI_HLL_EXACT values, then HyperLogLog with relative standard error
 *   VI_HLL_ERROR.
 * - Mean and standard deviation: over the values that fit number and are
 *   finite (integers included), Welford's update within a block; the
 *   sample standard deviation (divisor n - 1).  Reported for integer and
 *   number columns only.
 * - Most frequent values and quantiles (vi_profile_sketch(); off unless
 *   asked for): a Misra-Gries summary of every column's non-null values
 *   (vi_topk.h) and a compactor sketch of its finite numbers, the values of
 *   the mean, or of its dates and datetimes as instants (UTC seconds since
 *   1970-01-01T00:00Z as a double, the fraction below; a date at its
 *   midnight), while every value so far fits number or datetime
 *   (vi_quant.h).  They are per-block results like the moments:
 *   each block starts empty sketches, which are folded in file order as
 *   below, so the threaded pass, the parts of --part and any in-order merge
 *   of them give the same sketches as the sequential pass.  They cost
 *   about 24 KiB and 16 KiB per level a column while in use, twice (the
 *   open block and the fold), and again for every closed block that a
 *   profile not marked with vi_profile_set_origin() keeps.
 * - Determinism: counts, bounds, sketches and first exceptions merge
 *   exactly.  Floating-point moments do not associate, so they are kept per
 *   block (vi_profile_block_end closes one) and the result is always the
 *   left fold, in file order, of the per-block moments combined with Chan
 *   et al.'s formula, starting from the file's first block.  A profile
 *   marked with vi_profile_set_origin() starts at the file's first record
 *   and folds each block as it closes; any other profile keeps its closed
 *   blocks' moments until it is merged into one or read.  So the sequential
 *   pass and any in-order merge of parts cut at block boundaries give the
 *   same bits, marked or not.
 */
#ifndef VI_PROFILE_H
#define VI_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "vi_csv.h"
#include "vi_infer.h"
#include "vi_nulls.h"
#include "vi_topk.h"

#define VI_PROFILE_EXCERPT 64        /* bytes kept of an exception value */
#define VI_PROFILE_CONFIDENCE_PCT 99 /* minimum share for a confidence note */

struct vi_profile;

/* A profile of ncols columns.  names: the header's ncols fields (copied),
 * or NULL to name the columns "1", "2", ...  With names NULL, ncols may be
 * 0 (no header: the column count is not known yet): the profile then takes
 * its columns from the first record it is given, or from the first
 * profile merged into it that has some. */
struct vi_profile *vi_profile_new(const struct vi_nulls *nulls, size_t ncols,
    const struct vi_field *names);

/* Declare that p begins at the first data record of the file (the
 * sequential pass, or the first part of a parallel one): its blocks are
 * folded as they close, so its memory stays flat.  Call before the first
 * vi_profile_add().  Optional: results are the same without it. */
void vi_profile_set_origin(struct vi_profile *p);

/* Which sketches to keep (VI_PROFILE_TOP, VI_PROFILE_QUANTILES, or 0 for
 * none, the default).  Call before the first record; profiles merged must
 * keep the same ones. */
#define VI_PROFILE_TOP 1u
#define VI_PROFILE_QUANTILES 2u
void vi_profile_sketch(struct vi_profile *p, unsigned what);
unsigned vi_profile_sketches(const struct vi_profile *p);

/* One accepted record; r->line and r->byte are kept for first exceptions. */
void vi_profile_add(struct vi_profile *p, const struct vi_record *r);

/* For a part of a file (vi_pscan_part): vi_profile_add_counts() adds r to
 * everything but the moments (its block belongs to another part's state);
 * vi_profile_add_moments() adds r to the moments of the open block only
 * (a record of another part that ends this part's last block).  Together
 * they add exactly what vi_profile_add() does. */
void vi_profile_add_counts(struct vi_profile *p, const struct vi_record *r);
void vi_profile_add_moments(struct vi_profile *p, const struct vi_record *r);

/* Close the current block (a no-op when it is empty). */
void vi_profile_block_end(struct vi_profile *p);

/* src profiled the records that come right after dst's, starting at a block
 * boundary; dst becomes the profile of both, exactly as if one sequential
 * pass had seen them all.  dst's open block is closed first.  src is left
 * unchanged and must still be freed.  Both must have the same null set (the
 * same object) and column count.  For the bits of the sequential pass, src
 * must not be marked with vi_profile_set_origin() unless dst has no rows; a
 * marked src merged after other rows (states of different files, vi-stats
 * --merge) brings its folded blocks as one block, by Chan's formula. */
void vi_profile_merge(struct vi_profile *dst, const struct vi_profile *src);

void vi_profile_free(struct vi_profile *p);

size_t vi_profile_ncols(const struct vi_profile *p);
uint64_t vi_profile_rows(const struct vi_profile *p);
const struct vi_nulls *vi_profile_nulls(const struct vi_profile *p);

/* A typed min or max.  Which member is meaningful depends on the type:
 * boolean, integer, number; date, datetime and string use text/len. */
struct vi_bound {
	int set;              /* 0: no value (no non-null value, type any) */
	int boolean;
	int64_t integer;
	double number;
	const char *text;     /* not NUL-terminated */
	size_t len;
};

struct vi_exception {
	int set;              /* 0: every non-null value fit the type */
	uint64_t line;        /* physical line of the record */
	uint64_t byte;        /* 1-based offset of the record in its file */
	const char *value;    /* at most VI_PROFILE_EXCERPT bytes */
	size_t len;
	int truncated;        /* the value was longer than what is kept */
};

struct vi_column_summary {
	const char *name;            /* NUL-terminated copy of the header */
	size_t name_len;             /* (may contain NUL bytes: use this) */
	size_t index;                /* 1-based */
	enum vi_type type;           /* inferred; VI_TYPE_ANY if no value */
	uint64_t nulls, non_null;
	const uint64_t *null_counts; /* per token of vi_profile_nulls() */
	uint64_t fits[VI_NTYPES];    /* non-null values that fit each type */
	struct vi_exception exceptions[VI_NTYPES]; /* [VI_TYPE_STRING] unset */
	struct vi_bound min, max;    /* for type */
	size_t min_length, max_length; /* bytes; 0 when non_null is 0 */
	double distinct;             /* estimate over non-null values */
	double distinct_error;       /* relative standard error */
	int has_mean, has_stddev;    /* integer/number columns with 1, 2 values */
	double mean, stddev;         /* may be inf if the values overflow */
	uint64_t numeric_count;      /* finite numbers in mean/stddev */
	uint64_t zero_padded, int64_overflow, nonfinite; /* flag counts */
	int has_confidence;          /* a confidence note applies */
	enum vi_type confidence_type;/* the narrower type nearly all fit */
	uint64_t confidence_fit;     /* = fits[confidence_type] */
};

/* Fill s for column i (0-based).  Pointers in s are borrowed from p until
 * p is next changed or freed. */
void vi_profile_column(const struct vi_profile *p, size_t i,
    struct vi_column_summary *s);

/* The k (or fewer) most frequent non-null values of column i, copied into
 * out[] in the reported order (vi_topk.h); *err the most any count may be
 * below the truth (0: exact).  Returns how many; 0 when not kept. */
size_t vi_profile_top(const struct vi_profile *p, size_t i, size_t k,
    struct vi_topk_entry *out, uint64_t *err);

/* The quantiles f[0..nf) of the finite numbers of column i in out[]
 * (vi_quant.h), or of its instants when its type is date or datetime, *n
 * their number and *err the bound on the rank error.  0, or -1 when not
 * kept or the column has no such value.  Meaningful only for a column of
 * type integer, number, date or datetime. */
int vi_profile_quantiles(const struct vi_profile *p, size_t i,
    const double *f, size_t nf, double *out, uint64_t *n, uint64_t *err);

/* The share of non-null values that fit type t, in 1e-5 percent units,
 * rounded down (9999997 is "99.99997 %"): never shows 100 % for less. */
uint64_t vi_profile_share(const struct vi_column_summary *s, enum vi_type t);

#endif
