/*
 * vi_infer.h - which Frictionless Table Schema types one value fits.
 *
 * Contract
 * - vi_infer() classifies the n bytes at p (not NUL-terminated, never
 *   modified, never kept) into a struct vi_value owned by the caller.  It
 *   allocates nothing (one exotic case aside, below), calls no
 *   locale-dependent function that could see a locale other than "C" (the
 *   suite never calls setlocale), and is safe to call from many threads.
 * - The value is a non-null field: null tokens are the caller's business
 *   (vi_nulls.h).  Bytes are taken exactly: " 5" is a string, not 5.
 * - fits is a mask of VI_FIT_* bits; string always fits.  The rules:
 *   boolean   exactly true, false, True, False, TRUE or FALSE.  Not 0/1,
 *             yes/no or t/f: those are integers or strings, so a 0/1 column
 *             is integer.
 *   integer   [+-]digits with no leading zero ("0", "-0", "+7" fit; "007"
 *             and "-01" do not: VI_VFLAG_ZERO_PADDED), within int64
 *             (outside: VI_VFLAG_INT64_OVERFLOW).  A zero-padded or
 *             overflowing integer fits neither integer nor number - a round
 *             trip through a number would change it - so it is a string.
 *   number    [+-](digits[.digits*] | .digits)[(e|E)[+-]digits] ("1e5",
 *             "-2.5E-3", ".5", "5." fit), every integer, and the tokens
 *             inf, infinity and nan with an optional sign, in any case
 *             (VI_VFLAG_NONFINITE).  The zero-padding rule applies to the
 *             integer part here too: "007.5" and "00.5" are strings flagged
 *             zero-padded, "0.5" and "0e3" are numbers.  A decimal beyond
 *             the double range ("1e999") is a number whose value is +-inf,
 *             flagged non-finite like the tokens.  Non-finite numbers count
 *             as numbers but callers leave them out of mean, stddev, min
 *             and max.
 *   date      YYYY-MM-DD, year 0001-9999, a day that exists (2024-02-29
 *             fits, 2023-02-29 and 2024-02-30 do not; Gregorian leap
 *             years).  A date also fits datetime (midnight, no zone).
 *   datetime  YYYY-MM-DD, then T or one space, HH:MM, optionally :SS and
 *             then .F with 1 to 9 fraction digits, then optionally Z,
 *             +-HH:MM or +-HHMM.  Hours 00-23, minutes and seconds 00-59
 *             (no leap second), zone hours 00-23.
 * - The parsed values are valid only for the types that fit.  For ordering,
 *   a datetime is reduced to a UTC instant (seconds + nanoseconds since
 *   1970-01-01T00:00Z); a value without a zone is taken as UTC.
 * - Conversion of a decimal that is not exactly representable by the fast
 *   path goes through strtod on a NUL-terminated copy in a stack buffer;
 *   only a number spelled with more than 255 bytes is copied to the heap.
 */
#ifndef VI_INFER_H
#define VI_INFER_H

#include <stddef.h>
#include <stdint.h>

/* From narrowest to widest: the inferred type of a column is the first of
 * these that every non-null value fits.  VI_TYPE_ANY is for a column with no
 * non-null value (Frictionless "any"). */
enum vi_type {
	VI_TYPE_BOOLEAN,
	VI_TYPE_INTEGER,
	VI_TYPE_NUMBER,
	VI_TYPE_DATE,
	VI_TYPE_DATETIME,
	VI_TYPE_STRING,
	VI_TYPE_ANY
};
#define VI_NTYPES 6  /* the types a value can fit: boolean..string */

#define VI_FIT(t) (1u << (t))
#define VI_FIT_BOOLEAN  VI_FIT(VI_TYPE_BOOLEAN)
#define VI_FIT_INTEGER  VI_FIT(VI_TYPE_INTEGER)
#define VI_FIT_NUMBER   VI_FIT(VI_TYPE_NUMBER)
#define VI_FIT_DATE     VI_FIT(VI_TYPE_DATE)
#define VI_FIT_DATETIME VI_FIT(VI_TYPE_DATETIME)
#define VI_FIT_STRING   VI_FIT(VI_TYPE_STRING)

enum {
	VI_VFLAG_ZERO_PADDED = 1,     /* 007, -01, 00.5 */
	VI_VFLAG_INT64_OVERFLOW = 2,  /* integer syntax outside int64 */
	VI_VFLAG_NONFINITE = 4        /* inf, nan, or a decimal beyond double */
};

struct vi_value {
	unsigned fits;     /* VI_FIT_* */
	unsigned flags;    /* VI_VFLAG_* */
	int boolean;       /* 0 or 1 when VI_FIT_BOOLEAN */
	int64_t integer;   /* when VI_FIT_INTEGER */
	double number;     /* when VI_FIT_NUMBER (also for integers) */
	int32_t days;      /* date: days since 1970-01-01 (also for datetimes) */
	int64_t seconds;   /* datetime: UTC seconds since 1970-01-01T00:00Z */
	int32_t nanos;     /* datetime: 0..999999999 */
};

void vi_infer(const char *p, size_t n, struct vi_value *v);

/* "boolean", "integer", "number", "date", "datetime", "string", "any". */
const char *vi_type_name(enum vi_type t);

/* Days since 1970-01-01 to year, month (1-12), day (1-31). */
void vi_civil_from_days(int32_t days, int *y, int *m, int *d);

#endif
