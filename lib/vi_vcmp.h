/*
 * vi_vcmp.h - when two field values are "the same" for a reconciliation
 * (vi-diff's comparison rules).
 *
 * Contract.  With no rule, two values are equal exactly when their bytes
 * are.  The rules apply in this order to each value:
 *   VI_VC_TRIM     ASCII spaces and tabs at both ends are dropped;
 *   nulls          when a null token set is given, a value that is one of
 *                  its tokens (after trimming) is null: two nulls are
 *                  equal, a null and a non-null differ;
 *   VI_VC_NUMERIC  two values that both have the form of a decimal number
 *                  ([+-] digits [. digits] [e|E [+-] digits], at least one
 *                  digit before the exponent) are compared by value, exactly
 *                  (47.07 = 47.070 = 4.707e1 = +47.07, 0 = -0.0), whatever
 *                  their length; with a tolerance, |a - b| <= max(abs_tol,
 *                  rel_tol * max(|a|, |b|)) in double precision (Python's
 *                  math.isclose), after the exact test;
 *   VI_VC_FOLD     otherwise the bytes are compared with A-Z folded to a-z.
 * A value that is not a number is compared as text even with
 * VI_VC_NUMERIC.  Equality is symmetric; with a tolerance it is not
 * transitive (vi-diff compares every file's value with the first one's).
 * Nothing here allocates, prints or exits; rules are read-only, so threads
 * may share them.
 */
#ifndef VI_VCMP_H
#define VI_VCMP_H

#include <stddef.h>

#include "vi_nulls.h"

#define VI_VC_TRIM    0x1u
#define VI_VC_FOLD    0x2u
#define VI_VC_NUMERIC 0x4u

struct vi_vcmp {
	unsigned flags;
	double abs_tol, rel_tol;       /* 0: none; either implies NUMERIC */
	const struct vi_nulls *nulls;  /* NULL: no value is null */
};

/* The two normalisations, shared with the key columns' (vi_rowkey.h):
 * drop ASCII spaces and tabs at both ends of the n bytes at p; fold A-Z
 * to a-z. */
static inline void
vi_trim_blanks(const char **p, size_t *n)
{
	while (*n > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

static inline unsigned char
vi_fold_ascii(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* 1 when a and b are the same under the rules, else 0. */
int vi_vcmp_equal(const struct vi_vcmp *r, const char *a, size_t an,
    const char *b, size_t bn);

/* 1 when the n bytes at p have the form of a decimal number (above). */
int vi_vcmp_is_number(const char *p, size_t n);

#endif
