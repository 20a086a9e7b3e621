/* vi_infer.c - classify one value (see vi_infer.h). */
#include "vi_infer.h"
#include "vi_alloc.h"
#include "vi_le.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DIGIT(c) ((unsigned)(unsigned char)(c) - (unsigned)'0' < 10u)

/* Exact powers of ten for the fast path (all exactly representable). */
static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static int32_t
days_from_civil(int y, unsigned m, unsigned d)
{
	int era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (int32_t)(era * 146097 + (int)doe - 719468);
}

void
vi_civil_from_days(int32_t days, int *y, int *m, int *d)
{
	int z = days + 719468, era;
	unsigned doe, yoe, doy, mp;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)yoe + era * 400 + (*m <= 2);
}

static int
two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* Both bytes at p are digits (no branch per byte). */
#define DIGIT2(p) (DIGIT((p)[0]) & DIGIT((p)[1]))

/* The 8 bytes at p as a little-endian number. */
static inline uint64_t
load_le64(const char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* "DDDD-DD-" at p, D a digit: the bytes under dmask are digits (high
 * nibble 3 before and after adding 6: 0x30-0x39) and the others dashes.
 * A carry out of a byte only comes from a byte that fails its own test. */
static inline int
ymd_prefix(const char *p)
{
	const uint64_t hi = UINT64_C(0xF0F0F0F0F0F0F0F0);
	const uint64_t dmask = UINT64_C(0x00FFFF00FFFFFFFF);
	const uint64_t dash = UINT64_C(0x2D00002D00000000);
	const uint64_t zeros = UINT64_C(0x3030303030303030) & dmask;
	uint64_t w = load_le64(p);

	return (w & ~dmask) == dash && (w & hi & dmask) == zeros &&
	    ((w + UINT64_C(0x0606060606060606)) & hi & dmask) == zeros;
}

static int
digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!DIGIT(p[i]))
			return 0;
	return 1;
}

/* Case-insensitive ASCII comparison of n bytes with a lower-case word. */
static int
ieq(const char *p, size_t n, const char *lower)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (unsigned char)lower[i] || lower[i] == '\0')
			return 0;
	}
	return lower[n] == '\0';
}

/* inf, infinity, nan (any case) after an optional sign. */
static void
nonfinite(const char *p, size_t n, int neg, struct vi_value *v)
{
	if (n != 3 && n != 8)
		return;
	if (ieq(p, n, "inf") || ieq(p, n, "infinity"))
		v->number = neg ? -HUGE_VAL : HUGE_VAL;
	else if (ieq(p, n, "nan"))
		v->number = neg ? -NAN : NAN;
	else
		return;
	v->fits |= VI_FIT_NUMBER;
	v->flags |= VI_VFLAG_NONFINITE;
}

static double
slow_strtod(const char *p, size_t n)
{
	char buf[256], *copy;
	double d;

	if (n < sizeof buf) {
		memcpy(buf, p, n);
		buf[n] = '\0';
		return strtod(buf, NULL);
	}
	copy = vi_xmemdup(p, n);
	d = strtod(copy, NULL);
	free(copy);
	return d;
}

/* An optional sign at p[0]: *ip past it, *neg set.  -1 when the value is
 * decided already (a bare sign, or a signed non-finite token). */
static inline int
sign(const char *p, size_t n, size_t *ip, int *neg, struct vi_value *v)
{
	if (p[0] != '+' && p[0] != '-')
		return 0;
	*neg = p[0] == '-';
	*ip = 1;
	if (n == 1)
		return -1;
	if (!DIGIT(p[1]) && p[1] != '.') {
		nonfinite(p + 1, n - 1, *neg, v);
		return -1;
	}
	return 0;
}

/* The end of integer syntax: digits at p[int_start], int_digits of them,
 * value m (exact: m holds every digit). */
static inline void
finish_integer(const char *p, size_t int_start, size_t int_digits,
    uint64_t m, int exact, int neg, struct vi_value *v)
{
	if (int_digits == 0)
		return;
	if (int_digits > 1 && p[int_start] == '0') {
		v->flags |= VI_VFLAG_ZERO_PADDED;
		return;
	}
	if (!exact || m > (uint64_t)INT64_MAX + neg) {
		v->flags |= VI_VFLAG_INT64_OVERFLOW;
		return;
	}
	if (neg)
		v->integer = m == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
		    -(int64_t)m;
	else
		v->integer = (int64_t)m;
	v->number = (double)v->integer;
	if (neg && m == 0)
		v->number = -0.0;
	v->fits |= VI_FIT_INTEGER | VI_FIT_NUMBER;
}

/* An optional exponent at p[*ip]: added to *exp (capped in size).  -1 for
 * an 'e' without digits. */
static inline int
parse_exponent(const char *p, size_t n, size_t *ip, long *exp)
{
	size_t i = *ip, exp_start;
	int eneg = 0;

	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		if (++i < n && (p[i] == '+' || p[i] == '-'))
			eneg = p[i++] == '-';
		exp_start = i;
		for (; i < n && DIGIT(p[i]); i++)
			if (*exp < 100000)
				*exp = *exp * 10 + (p[i] - '0');
		if (i == exp_start)
			return -1;
		if (eneg)
			*exp = -*exp;
	}
	*ip = i;
	return 0;
}

/* The end of number syntax: mantissa m (exact: every significant digit
 * is in it), decimal exponent exp.  Clinger's fast path: an exact
 * mantissa times an exact power of ten is correctly rounded; everything
 * else goes to strtod. */
static inline void
finish_number(const char *p, size_t n, size_t int_start, size_t int_digits,
    uint64_t m, int exact, long exp, int neg, struct vi_value *v)
{
	if (int_digits > 1 && p[int_start] == '0') {
		v->flags |= VI_VFLAG_ZERO_PADDED;
		return;
	}
	if (exact && m <= (uint64_t)1 << 53 && exp >= -22 && exp <= 22) {
		double d = (double)m;

		d = exp < 0 ? d / pow10_exact[-exp] : d * pow10_exact[exp];
		v->number = neg ? -d : d;
	} else
		v->number = slow_strtod(p, n);
	v->fits |= VI_FIT_NUMBER;
	if (!isfinite(v->number))
		v->flags |= VI_VFLAG_NONFINITE;
}

/* Any decimal: counts significant digits so that a long mantissa is known
 * to be inexact.  number() below calls it for more than 19 digits. */
static void
number_slow(const char *p, size_t n, struct vi_value *v)
{
	size_t i = 0, int_start, int_digits, frac_digits = 0;
	uint64_t m = 0;
	int neg = 0, sig = 0, exact = 1;
	long exp = 0;

	if (sign(p, n, &i, &neg, v) < 0)
		return;
	int_start = i;
	for (; i < n && DIGIT(p[i]); i++) {
		if (sig < 19) {
			m = m * 10 + (uint64_t)(p[i] - '0');
			sig += m != 0;
		} else
			exact = 0;
	}
	int_digits = i - int_start;
	if (i == n) {
		finish_integer(p, int_start, int_digits, m, exact, neg, v);
		return;
	}
	if (p[i] == '.') {
		size_t frac_start = ++i;

		for (; i < n && DIGIT(p[i]); i++) {
			if (sig < 19) {
				m = m * 10 + (uint64_t)(p[i] - '0');
				sig += m != 0;
				frac_digits++;
			} else
				exact = 0;
		}
		if (int_digits == 0 && i == frac_start)
			return;
	} else if (int_digits == 0)
		return;
	if (parse_exponent(p, n, &i, &exp) < 0 || i != n)
		return;
	finish_number(p, n, int_start, int_digits, m, exact,
	    exp - (long)frac_digits, neg, v);
}

/*
 * number_slow() for at most 19 digits in all, where every digit is taken
 * into m (sig never reaches 19) and m is exact: the same steps without the
 * per-digit bookkeeping.  More digits go to number_slow().
 */
static void
number(const char *p, size_t n, struct vi_value *v)
{
	size_t i = 0, int_start, int_digits, frac_digits = 0;
	uint64_t m = 0;
	unsigned d;
	int neg = 0;
	long exp = 0;

	if (sign(p, n, &i, &neg, v) < 0)
		return;
	int_start = i;
	for (; i < n && (d = (unsigned)(unsigned char)p[i] - '0') < 10; i++)
		m = m * 10 + d;
	int_digits = i - int_start;
	if (i == n) {
		finish_integer(p, int_start, int_digits, m,
		    int_digits <= 19, neg, v);
		return;
	}
	if (p[i] == '.') {
		size_t frac_start = ++i;

		for (; i < n && (d = (unsigned)(unsigned char)p[i] - '0') < 10;
		    i++)
			m = m * 10 + d;
		frac_digits = i - frac_start;
		if (int_digits == 0 && frac_digits == 0)
			return;
	} else if (int_digits == 0)
		return;
	if (int_digits + frac_digits > 19) {
		number_slow(p, n, v);
		return;
	}
	if (parse_exponent(p, n, &i, &exp) < 0 || i != n)
		return;
	finish_number(p, n, int_start, int_digits, m, 1,
	    exp - (long)frac_digits, neg, v);
}

static const unsigned char mdays[] = {
	0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
};

/* YYYY-MM-DD at p (n >= 10 and p[4] == '-' already known). */
static void
date_time(const char *p, size_t n, struct vi_value *v)
{
	int y, mo, d, hh, mm, ss = 0, off = 0;
	int32_t ns = 0;
	size_t i;

	if (!ymd_prefix(p) || !DIGIT2(p + 8))
		return;
	y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + two(p + 2);
	mo = two(p + 5);
	d = two(p + 8);
	if (y == 0 || mo < 1 || mo > 12 || d < 1)
		return;
	if (d > mdays[mo] && !(mo == 2 && d == 29 &&
	    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return;
	v->days = days_from_civil(y, (unsigned)mo, (unsigned)d);
	if (n == 10) {
		v->seconds = (int64_t)v->days * 86400;
		v->nanos = 0;
		v->fits |= VI_FIT_DATE | VI_FIT_DATETIME;
		return;
	}
	/* [T ]HH:MM */
	if (n < 16 || (p[10] != 'T' && p[10] != ' ') || p[13] != ':' ||
	    !(DIGIT2(p + 11) & DIGIT2(p + 14)))
		return;
	hh = two(p + 11);
	mm = two(p + 14);
	if (hh > 23 || mm > 59)
		return;
	i = 16;
	if (i < n && p[i] == ':') {
		if (n - i < 3 || !DIGIT2(p + i + 1))
			return;
		ss = two(p + i + 1);
		if (ss > 59)
			return;
		i += 3;
		if (i < n && p[i] == '.') {
			size_t f = ++i;
			int32_t scale = 100000000;

			for (; i < n && DIGIT(p[i]) && i - f < 9; i++) {
				ns += (p[i] - '0') * scale;
				scale /= 10;
			}
			if (i == f || (i < n && DIGIT(p[i])))
				return;
		}
	}
	if (i < n) {
		if (p[i] == 'Z') {
			if (++i != n)
				return;
		} else if (p[i] == '+' || p[i] == '-') {
			int sign = p[i] == '-' ? -1 : 1, oh, om;

			i++;
			if (n - i == 5 && p[i + 2] == ':' && digits(p + i, 2) &&
			    digits(p + i + 3, 2)) {
				oh = two(p + i);
				om = two(p + i + 3);
			} else if (n - i == 4 && digits(p + i, 4)) {
				oh = two(p + i);
				om = two(p + i + 2);
			} else
				return;
			if (oh > 23 || om > 59)
				return;
			off = sign * (oh * 3600 + om * 60);
		} else
			return;
	}
	v->seconds = (int64_t)v->days * 86400 + hh * 3600 + mm * 60 + ss - off;
	v->nanos = ns;
	v->fits |= VI_FIT_DATETIME;
}

/* What the first byte of a value can start. */
enum { C_OTHER, C_DIGIT, C_NUMBER, C_TRUE, C_FALSE, C_NONFINITE };
static const unsigned char first_class[256] = {
	['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT,
	['4'] = C_DIGIT, ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT,
	['8'] = C_DIGIT, ['9'] = C_DIGIT,
	['+'] = C_NUMBER, ['-'] = C_NUMBER, ['.'] = C_NUMBER,
	['t'] = C_TRUE, ['T'] = C_TRUE, ['f'] = C_FALSE, ['F'] = C_FALSE,
	['i'] = C_NONFINITE, ['I'] = C_NONFINITE, ['n'] = C_NONFINITE,
	['N'] = C_NONFINITE
};

/* The value of the eight digits at p, or -1 if one of the bytes is not a
 * digit.  One little-endian load: every byte's high nibble is 3 and stays
 * 3 when 6 is added (0x30..0x39, no carry between bytes then); the
 * digits are then combined in pairs, fours and eights by three
 * multiplications (the first digit is the lowest byte). */
static inline int64_t
eight_digits(const char *p)
{
	uint64_t w = vi_le_get64((const unsigned char *)p);

	if (((w & UINT64_C(0xF0F0F0F0F0F0F0F0)) |
	    ((w + UINT64_C(0x0606060606060606)) &
	    UINT64_C(0xF0F0F0F0F0F0F0F0)) >> 4) !=
	    UINT64_C(0x3333333333333333))
		return -1;
	w = (w & UINT64_C(0x0F0F0F0F0F0F0F0F)) * 2561 >> 8;
	w = (w & UINT64_C(0x00FF00FF00FF00FF)) * 6553601 >> 16;
	return (int64_t)((w & UINT64_C(0x0000FFFF0000FFFF)) *
	    UINT64_C(42949672960001) >> 32);
}

/*
 * The common numbers the short way: digits[.digits], at most 18 digits in
 * all, no leading zero in the integer part, no exponent.  Then m < 10^18
 * fits int64 and is exact, and the result is number()'s.  Also a plain
 * integer of 19 digits (an id): m < 10^19 < 2^64 holds it exactly, and it
 * is what number() finishes as.  0 when the value is not of those forms
 * (nothing is written then).  The integer part's first digits are taken
 * eight at a time while there are eight.
 */
static inline int
plain_decimal(const char *p, size_t n, struct vi_value *v)
{
	uint64_t m = 0;
	size_t i = 0, int_digits, frac_digits;
	unsigned d;
	int64_t x;

	if (n > 19)
		return 0;
	for (; i + 8 <= n && (x = eight_digits(p + i)) >= 0; i += 8)
		m = m * 100000000 + (uint64_t)x;
	for (; i < n && (d = (unsigned)(unsigned char)p[i] - '0') < 10; i++)
		m = m * 10 + d;
	int_digits = i;
	if (int_digits > 1 && p[0] == '0')
		return 0;
	if (i == n) {
		if (n > 18) {
			finish_integer(p, 0, n, m, 1, 0, v);
			return 1;
		}
		v->integer = (int64_t)m;
		v->number = (double)(int64_t)m;
		v->fits |= VI_FIT_INTEGER | VI_FIT_NUMBER;
		return 1;
	}
	if (p[i] != '.')
		return 0;
	for (i++; i < n && (d = (unsigned)(unsigned char)p[i] - '0') < 10; i++)
		m = m * 10 + d;
	frac_digits = i - int_digits - 1;
	if (i != n || int_digits + frac_digits > 18 || m > (uint64_t)1 << 53)
		return 0;
	/* number(): exp = -frac_digits, within the exact powers of ten. */
	v->number = (double)m / pow10_exact[frac_digits];
	v->fits |= VI_FIT_NUMBER;
	return 1;
}

void
vi_infer(const char *p, size_t n, struct vi_value *v)
{
	v->fits = VI_FIT_STRING;
	v->flags = 0;
	if (n == 0)
		return;
	switch (first_class[(unsigned char)p[0]]) {
	case C_DIGIT:
		if (n >= 10 && p[4] == '-')
			date_time(p, n, v);
		else if (!plain_decimal(p, n, v))
			number(p, n, v);
		return;
	case C_NUMBER:
		number(p, n, v);
		return;
	case C_TRUE:
		if (n == 4 && (memcmp(p, "true", 4) == 0 ||
		    memcmp(p, "True", 4) == 0 || memcmp(p, "TRUE", 4) == 0)) {
			v->fits |= VI_FIT_BOOLEAN;
			v->boolean = 1;
		}
		return;
	case C_FALSE:
		if (n == 5 && (memcmp(p, "false", 5) == 0 ||
		    memcmp(p, "False", 5) == 0 || memcmp(p, "FALSE", 5) == 0)) {
			v->fits |= VI_FIT_BOOLEAN;
			v->boolean = 0;
		}
		return;
	case C_NONFINITE:
		nonfinite(p, n, 0, v);
		return;
	default:
		return;
	}
}

const char *
vi_type_name(enum vi_type t)
{
	static const char *const names[] = {
		"boolean", "integer", "number", "date", "datetime", "string",
		"any"
	};

	return (unsigned)t <= VI_TYPE_ANY ? names[t] : "any";
}
