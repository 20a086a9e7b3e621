/* test_infer.c - type classification of single values, every boundary. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "vi_infer.h"

static struct vi_value v;

static unsigned
fits(const char *s)
{
	vi_infer(s, strlen(s), &v);
	return v.fits;
}

#define S VI_FIT_STRING
#define I (VI_FIT_INTEGER | VI_FIT_NUMBER | S)
#define N (VI_FIT_NUMBER | S)
#define B (VI_FIT_BOOLEAN | S)
#define D (VI_FIT_DATE | VI_FIT_DATETIME | S)
#define DT (VI_FIT_DATETIME | S)

/*
 * A value that starts with a digit takes the short ways (eight digits at
 * a time, plain decimals, 19-digit integers); the same value after a '+'
 * takes the general number syntax.  Both must classify it alike, to the
 * bit: random digit strings of 1 to 24 bytes, with leading zeros, a
 * point, an exponent or a stray byte here and there.
 */
static void
short_ways_agree(void)
{
	static const char junk[] = ".e-+a 0/:?";
	uint64_t r = 0x6a09e667f3bcc909u;
	struct vi_value a, b;
	char s[40], t[41];
	size_t n, i, bad = 0, nint = 0, nnum = 0;
	int k;

	for (k = 0; k < 300000; k++) {
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		n = 1 + r % 24;
		for (i = 0; i < n; i++) {
			r ^= r << 13, r ^= r >> 7, r ^= r << 17;
			s[i] = (char)('0' + r % 10);
		}
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		if (r % 4 != 0)
			s[0] = (char)('1' + r % 9 % 9);    /* mostly no padding */
		if (r % 5 == 0 && n > 1)
			s[1 + (r >> 8) % (n - 1)] = '.';
		if (r % 7 == 0 && n > 2)
			s[1 + (r >> 16) % (n - 1)] = junk[(r >> 32) % 10];
		s[n] = '\0';
		t[0] = '+';
		memcpy(t + 1, s, n + 1);
		vi_infer(s, n, &a);
		vi_infer(t, n + 1, &b);
		nint += (a.fits & VI_FIT_INTEGER) != 0;
		nnum += (a.fits & VI_FIT_NUMBER) != 0;
		if (a.fits != b.fits || a.flags != b.flags ||
		    ((a.fits & VI_FIT_INTEGER) && a.integer != b.integer) ||
		    ((a.fits & VI_FIT_NUMBER) &&
		    memcmp(&a.number, &b.number, sizeof a.number) != 0)) {
			if (bad++ < 5)
				printf("# differs: %s\n", s);
		}
	}
	TAP_OK(bad == 0 && nint > 50000 && nnum > nint,
	    "300000 digit strings classified alike with and without a '+' "
	    "(%zu differ; %zu integers, %zu numbers)", bad, nint, nnum);
}

int
main(void)
{
	static const struct { const char *s; unsigned fits; } cases[] = {
		{ "", S }, { "abc", S }, { " 5", S }, { "5 ", S },
		{ "true", B }, { "false", B }, { "True", B }, { "False", B },
		{ "TRUE", B }, { "FALSE", B }, { "tRUE", S }, { "yes", S },
		{ "t", S }, { "0", I }, { "1", I }, { "-0", I }, { "+0", I },
		{ "+7", I }, { "-", S }, { "+", S }, { "007", S }, { "-01", S },
		{ "00", S }, { "9223372036854775807", I },
		{ "9223372036854775808", S }, { "-9223372036854775808", I },
		{ "-9223372036854775809", S },
		{ "99999999999999999999999", S },
		{ "1e5", N }, { "1E5", N }, { "-2.5E-3", N }, { ".5", N },
		{ "5.", N }, { "+.5", N }, { ".", S }, { "e5", S }, { "1e", S },
		{ "1e+", S }, { "1e-x", S }, { "1.2.3", S }, { "0x10", S },
		{ "1_000", S }, { "0.5", N }, { "0e3", N }, { "007.5", S },
		{ "00.5", S }, { "-0.0", N }, { "1e999", N },
		{ "9223372036854775808.0", N },
		{ "inf", N }, { "-inf", N }, { "+INF", N }, { "Infinity", N },
		{ "-infinity", N }, { "nan", N }, { "NaN", N }, { "-nan", N },
		{ "infin", S }, { "nana", S }, { "in", S },
		{ "2024-02-29", D }, { "2023-02-29", S }, { "2024-02-30", S },
		{ "2000-02-29", D }, { "1900-02-29", S }, { "2024-04-31", S },
		{ "2024-12-31", D }, { "2024-13-01", S }, { "2024-00-10", S },
		{ "2024-01-00", S }, { "0000-01-01", S }, { "0001-01-01", D },
		{ "9999-12-31", D }, { "2024-1-01", S }, { "2024/01/01", S },
		{ "2024-01-01x", S },
		{ "2024-01-01T00:00", DT }, { "2024-01-01 23:59", DT },
		{ "2024-01-01T24:00", S }, { "2024-01-01T12:60", S },
		{ "2024-01-01T12:30:59", DT }, { "2024-01-01T12:30:60", S },
		{ "2024-01-01T12:30:00.5", DT },
		{ "2024-01-01T12:30:00.123456789", DT },
		{ "2024-01-01T12:30:00.1234567891", S },
		{ "2024-01-01T12:30:00.", S }, { "2024-01-01T12:30:00Z", DT },
		{ "2024-01-01T12:30Z", DT }, { "2024-01-01T12:30:00+02:00", DT },
		{ "2024-01-01T12:30:00-0530", DT },
		{ "2024-01-01T12:30:00+2:00", S },
		{ "2024-01-01T12:30:00+24:00", S }, { "2024-01-01T12:30:00z", S },
		{ "2024-01-01t12:30", S }, { "2024-01-01T12", S },
		{ "2024-02-30T00:00", S }, { "2024-01-01T12:30:00Zx", S },
	};
	size_t i;
	int y, mo, d;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		TAP_OK(fits(cases[i].s) == cases[i].fits,
		    "\"%s\" fits %#x (got %#x)", cases[i].s, cases[i].fits,
		    v.fits);

	fits("9223372036854775807");
	TAP_OK(v.integer == INT64_MAX, "int64 max value");
	fits("-9223372036854775808");
	TAP_OK(v.integer == INT64_MIN, "int64 min value");
	fits("9223372036854775808");
	TAP_OK(v.flags == VI_VFLAG_INT64_OVERFLOW, "int64 max + 1 flagged");
	fits("-9223372036854775809");
	TAP_OK(v.flags == VI_VFLAG_INT64_OVERFLOW, "int64 min - 1 flagged");
	fits("007");
	TAP_OK(v.flags == VI_VFLAG_ZERO_PADDED, "007 flagged zero-padded");
	fits("007.5");
	TAP_OK(v.flags == VI_VFLAG_ZERO_PADDED, "007.5 flagged zero-padded");
	fits("0");
	TAP_OK(v.flags == 0 && v.integer == 0, "0 is a plain integer");
	fits("-0");
	TAP_OK(v.integer == 0 && signbit(v.number), "-0: integer 0, number -0");
	fits("-2.5E-3");
	TAP_OK(v.number == -2.5e-3, "-2.5E-3 value");
	fits(".5");
	TAP_OK(v.number == 0.5, ".5 value");
	fits("5.");
	TAP_OK(v.number == 5.0, "5. value");
	fits("0.1");
	TAP_OK(v.number == 0.1, "0.1 correctly rounded");
	fits("3.141592653589793238462643383279");
	TAP_OK(v.number == 3.141592653589793, "long mantissa via strtod");
	fits("1.7976931348623157e308");
	TAP_OK(v.number == 1.7976931348623157e308 && v.flags == 0,
	    "DBL_MAX is finite");
	fits("1e999");
	TAP_OK(isinf(v.number) && v.flags == VI_VFLAG_NONFINITE,
	    "1e999 is +inf, non-finite");
	fits("4.9e-324");
	TAP_OK(v.number > 0 && v.flags == 0, "smallest subnormal");
	fits("-inf");
	TAP_OK(isinf(v.number) && v.number < 0 &&
	    v.flags == VI_VFLAG_NONFINITE, "-inf value and flag");
	fits("NaN");
	TAP_OK(isnan(v.number) && v.flags == VI_VFLAG_NONFINITE, "NaN flag");
	fits("123456789012345678");
	TAP_OK(v.integer == 123456789012345678LL &&
	    v.number == 123456789012345678.0, "18-digit integer");
	fits("1234567890123456789.5");
	TAP_OK(v.number == 1234567890123456789.5, "20 significant digits");
	fits("true");
	TAP_OK(v.boolean == 1, "true is 1");
	fits("FALSE");
	TAP_OK(v.boolean == 0, "FALSE is 0");
	fits("1970-01-01");
	TAP_OK(v.days == 0 && v.seconds == 0, "epoch day 0");
	fits("2024-02-29");
	TAP_OK(v.days == 19782, "2024-02-29 is day 19782");
	vi_civil_from_days(19782, &y, &mo, &d);
	TAP_OK(y == 2024 && mo == 2 && d == 29, "civil_from_days inverse");
	vi_civil_from_days(-719162, &y, &mo, &d);
	TAP_OK(y == 1 && mo == 1 && d == 1, "day of 0001-01-01");
	fits("1970-01-01T01:00:00+01:00");
	TAP_OK(v.seconds == 0, "zone offset subtracted");
	fits("1970-01-01T00:00:00-0130");
	TAP_OK(v.seconds == 5400, "negative compact offset");
	fits("1970-01-01 00:00:01.25Z");
	TAP_OK(v.seconds == 1 && v.nanos == 250000000, "fraction to nanos");
	TAP_OK(strcmp(vi_type_name(VI_TYPE_ANY), "any") == 0 &&
	    strcmp(vi_type_name(VI_TYPE_DATETIME), "datetime") == 0,
	    "type names");
	short_ways_agree();
	return tap_done();
}
