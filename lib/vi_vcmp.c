/* vi_vcmp.c - value comparison rules for reconciliation (see vi_vcmp.h). */
#include "vi_vcmp.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A decimal number taken apart: sign, significant digits (no leading or
 * trailing zero; none for zero) and the exponent of the first digit. */
struct dec {
	int neg;
	const char *int_p, *frac_p;   /* digits before and after the point */
	size_t int_n, frac_n;
	int64_t exp;                  /* the written exponent (clamped) */
};

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

static int
parse_dec(const char *p, size_t n, struct dec *d)
{
	size_t i = 0;

	memset(d, 0, sizeof *d);
	if (i < n && (p[i] == '+' || p[i] == '-'))
		d->neg = p[i++] == '-';
	d->int_p = p + i;
	while (i < n && isdig(p[i]))
		i++;
	d->int_n = (size_t)(p + i - d->int_p);
	if (i < n && p[i] == '.') {
		d->frac_p = p + ++i;
		while (i < n && isdig(p[i]))
			i++;
		d->frac_n = (size_t)(p + i - d->frac_p);
	}
	if (d->int_n + d->frac_n == 0)
		return 0;
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		int eneg = 0;
		size_t s;

		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			eneg = p[i++] == '-';
		for (s = i; i < n && isdig(p[i]); i++)
			if (d->exp < ((int64_t)1 << 40))
				d->exp = d->exp * 10 + (p[i] - '0');
		if (i == s)
			return 0;
		if (eneg)
			d->exp = -d->exp;
	}
	return i == n;
}

/* The k-th digit of the digit string int ++ frac. */
static char
digit_at(const struct dec *d, size_t k)
{
	return k < d->int_n ? d->int_p[k] : d->frac_p[k - d->int_n];
}

/* The significant digits [*first, *last] of d's digit string and the
 * decimal exponent of the first one (value = 0.d1d2... * 10^e); 0 when d
 * is zero. */
static int
significant(const struct dec *d, size_t *first, size_t *last, int64_t *e)
{
	size_t n = d->int_n + d->frac_n, f = 0, l;

	while (f < n && digit_at(d, f) == '0')
		f++;
	if (f == n)
		return 0;
	l = n - 1;
	while (digit_at(d, l) == '0')
		l--;
	*first = f;
	*last = l;
	*e = d->exp + (int64_t)d->int_n - (int64_t)f;
	return 1;
}

static int
dec_equal(const struct dec *a, const struct dec *b)
{
	size_t af, al, bf, bl, k;
	int64_t ae, be;
	int az = !significant(a, &af, &al, &ae);
	int bz = !significant(b, &bf, &bl, &be);

	if (az || bz)
		return az && bz;
	if (a->neg != b->neg || ae != be || al - af != bl - bf)
		return 0;
	for (k = 0; k <= al - af; k++)
		if (digit_at(a, af + k) != digit_at(b, bf + k))
			return 0;
	return 1;
}

int
vi_vcmp_is_number(const char *p, size_t n)
{
	struct dec d;

	return parse_dec(p, n, &d);
}

/* strtod wants a NUL-ended string: copy what fits, else give up. */
static int
to_double(const char *p, size_t n, double *v)
{
	char buf[512];

	if (n >= sizeof buf)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	*v = strtod(buf, NULL);
	return 1;
}

static int
fold_equal(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (vi_fold_ascii((unsigned char)a[i]) !=
		    vi_fold_ascii((unsigned char)b[i]))
			return 0;
	return 1;
}

int
vi_vcmp_equal(const struct vi_vcmp *r, const char *a, size_t an,
    const char *b, size_t bn)
{
	unsigned fl = r->flags;

	if (fl & VI_VC_TRIM) {
		vi_trim_blanks(&a, &an);
		vi_trim_blanks(&b, &bn);
	}
	if (r->nulls != NULL) {
		int na = vi_nulls_match(r->nulls, a, an) >= 0;
		int nb = vi_nulls_match(r->nulls, b, bn) >= 0;

		if (na || nb)
			return na && nb;
	}
	if (an == bn && memcmp(a, b, an) == 0)
		return 1;
	if ((fl & VI_VC_NUMERIC) || r->abs_tol > 0 || r->rel_tol > 0) {
		struct dec da, db;

		if (parse_dec(a, an, &da) && parse_dec(b, bn, &db)) {
			double x, y, m;

			if (dec_equal(&da, &db))
				return 1;
			if (!(r->abs_tol > 0 || r->rel_tol > 0) ||
			    !to_double(a, an, &x) || !to_double(b, bn, &y))
				return 0;
			if (!isfinite(x) || !isfinite(y))
				return x == y;  /* out of double's range */
			m = fabs(x) > fabs(y) ? fabs(x) : fabs(y);
			m *= r->rel_tol;
			if (m < r->abs_tol)
				m = r->abs_tol;
			return fabs(x - y) <= m;
		}
	}
	return (fl & VI_VC_FOLD) && an == bn && fold_equal(a, b, an);
}
