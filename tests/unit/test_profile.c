/* test_profile.c - the per-column profile: counts, types, bounds,
 * confidence, and merges of parts that match the sequential pass byte for
 * byte in every report format. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RNG_SEED 88172645463325252ULL
#include "rng.h"
#include "tap.h"
#include "vi_profile.h"
#include "vi_report.h"

#define NCOLS 10
#define NROWS 30000

static char cell[NROWS][NCOLS][48];
static struct vi_field fields[NCOLS];

/* Deterministic mixed data; row r is on line r + 2 (after the header). */
static void
make_data(void)
{
	static const char *const nul[] = { "", "NA", "NULL", "n/a" };
	size_t r;

	for (r = 0; r < NROWS; r++) {
		uint64_t x = rnd64(), y = rnd64();
		char (*c)[48] = cell[r];

		snprintf(c[0], 48, "%lld", (long long)(x % 2000001) - 1000000);
		/* Doubles of very different magnitudes: folding order shows. */
		snprintf(c[1], 48, "%.6f", (double)(y % 1000000) / 7.0 *
		    (x % 3 == 0 ? 1e9 : 1e-3));
		snprintf(c[2], 48, "%04d-%02d-%02d", 1990 + (int)(x % 40),
		    1 + (int)(y % 12), 1 + (int)(x % 28));
		snprintf(c[3], 48, "2024-03-%02dT%02d:%02d:00%s",
		    1 + (int)(y % 28), (int)(x % 24), (int)(y % 60),
		    x % 2 ? "Z" : "+05:30");
		snprintf(c[4], 48, "%s", x % 2 ? "true" : "False");
		if (x % 10 == 0)
			snprintf(c[5], 48, "%s", nul[y % 4]);
		else
			snprintf(c[5], 48, "name-%llu",
			    (unsigned long long)(y % 5000));
		snprintf(c[6], 48, "%05llu", (unsigned long long)(x % 100000));
		snprintf(c[7], 48, "NA");
		/* Integers with one exception late in the file. */
		snprintf(c[8], 48, "%llu", (unsigned long long)(y % 1000));
		snprintf(c[9], 48, "%s", x % 5 == 0 ? "inf" : "0.5");
	}
	snprintf(cell[NROWS - 100][8], 48, "12x");
}

static void
feed(struct vi_profile *p, size_t from, size_t to, size_t block)
{
	struct vi_record rec;
	size_t r, c;

	memset(&rec, 0, sizeof rec);
	rec.fields = fields;
	rec.nfields = NCOLS;
	for (r = from; r < to; r++) {
		if (r > from && r % block == 0)
			vi_profile_block_end(p);
		for (c = 0; c < NCOLS; c++) {
			fields[c].p = cell[r][c];
			fields[c].n = strlen(cell[r][c]);
		}
		rec.number = r + 1;
		rec.line = r + 2;
		vi_profile_add(p, &rec);
	}
}

static const struct vi_field names[NCOLS] = {
	{ "int", 3 }, { "num", 3 }, { "date", 4 }, { "dt", 2 }, { "bool", 4 },
	{ "name", 4 }, { "zip", 3 }, { "allnull", 7 }, { "mostly_int", 10 },
	{ "nonfinite", 9 }
};

static char *
report(const struct vi_profile *p, enum vi_report_format fmt)
{
	struct vi_csv_info info;
	struct vi_error e;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	memset(&info, 0, sizeof info);
	info.records_read = info.records_ok = vi_profile_rows(p);
	info.columns = NCOLS;
	info.bytes = 12345;
	vi_report_write(f, fmt, "t.csv", &info, p, 0, 0, 1, NULL, &e);
	fclose(f);
	return text;
}

/* Profile rows [0, NROWS) cut into parts at the given row boundaries (each
 * a multiple of block), merged left to right.  origin: mark part 0. */
static struct vi_profile *
parts(const struct vi_nulls *ns, const size_t *cut, size_t ncut,
    size_t block, int origin)
{
	struct vi_profile *dst = NULL, *p;
	size_t i, from = 0, to;

	for (i = 0; i <= ncut; i++) {
		to = i < ncut ? cut[i] : NROWS;
		p = vi_profile_new(ns, NCOLS, names);
		if (i == 0 && origin)
			vi_profile_set_origin(p);
		feed(p, from, to, block);
		if (dst == NULL)
			dst = p;
		else {
			vi_profile_block_end(dst);
			vi_profile_merge(dst, p);
			vi_profile_free(p);
		}
		from = to;
	}
	return dst;
}

int
main(void)
{
	struct vi_error e;
	struct vi_nulls *ns = vi_nulls_new("pandas", &e);
	struct vi_profile *seq, *par, *p, *q, *r;
	struct vi_column_summary s;
	static const size_t cut3[] = { 7000, 21000 };
	static const size_t cut5[] = { 1000, 2000, 13000, 29000 };
	static const enum vi_report_format fmts[] = {
		VI_REPORT_JSON, VI_REPORT_TABLE, VI_REPORT_TSV, VI_REPORT_CSV
	};
	char *a, *b;
	size_t i, k;
	double sum = 0, mean, ss = 0;

	make_data();
	seq = vi_profile_new(ns, NCOLS, names);
	vi_profile_set_origin(seq);
	feed(seq, 0, NROWS, 1000);

	TAP_OK(vi_profile_rows(seq) == NROWS, "rows counted");
	vi_profile_column(seq, 0, &s);
	TAP_OK(s.type == VI_TYPE_INTEGER && s.non_null == NROWS &&
	    s.nulls == 0, "int column: integer, all non-null");
	TAP_OK(s.min.set && s.min.integer >= -1000000 &&
	    s.max.integer <= 1000000 && s.min.integer < s.max.integer,
	    "int column: typed bounds");
	for (i = 0; i < NROWS; i++)
		sum += atof(cell[i][0]);
	mean = sum / NROWS;
	for (i = 0; i < NROWS; i++)
		ss += (atof(cell[i][0]) - mean) * (atof(cell[i][0]) - mean);
	TAP_OK(s.has_mean && fabs(s.mean - mean) < 1e-6 &&
	    fabs(s.stddev - sqrt(ss / (NROWS - 1))) < 1e-6,
	    "int column: mean %.6f and stddev %.6f", s.mean, s.stddev);
	TAP_OK(fabs(s.distinct - 29800) / 29800 < 0.03,
	    "int column: distinct estimate %.0f", s.distinct);
	TAP_OK(s.exceptions[VI_TYPE_BOOLEAN].set &&
	    s.exceptions[VI_TYPE_BOOLEAN].line == 2,
	    "int column: first boolean exception on line 2");

	vi_profile_column(seq, 1, &s);
	TAP_OK(s.type == VI_TYPE_NUMBER && s.has_stddev, "num column: number");
	vi_profile_column(seq, 2, &s);
	TAP_OK(s.type == VI_TYPE_DATE && s.min.len == 10 &&
	    memcmp(s.min.text, "1990-", 5) == 0, "date column: date, min 1990");
	TAP_OK(!s.has_mean, "date column: no mean");
	vi_profile_column(seq, 3, &s);
	TAP_OK(s.type == VI_TYPE_DATETIME && s.fits[VI_TYPE_DATE] == 0,
	    "dt column: datetime");
	vi_profile_column(seq, 4, &s);
	TAP_OK(s.type == VI_TYPE_BOOLEAN && s.min.boolean == 0 &&
	    s.max.boolean == 1, "bool column: boolean false..true");
	vi_profile_column(seq, 5, &s);
	TAP_OK(s.type == VI_TYPE_STRING && s.nulls > 2000 &&
	    s.nulls + s.non_null == NROWS, "name column: nulls counted");
	TAP_OK(s.null_counts[0] + s.null_counts[12] + s.null_counts[13] +
	    s.null_counts[16] == s.nulls && s.null_counts[12] > 0,
	    "name column: per-token counts add up");
	TAP_OK(s.min_length >= 6 && s.max_length == 9, "name column: lengths");
	vi_profile_column(seq, 6, &s);
	for (i = 0, k = 0; i < NROWS; i++)
		k += cell[i][6][0] == '0';
	TAP_OK(s.type == VI_TYPE_STRING && s.zero_padded == k && k > 0 &&
	    s.fits[VI_TYPE_INTEGER] == NROWS - k,
	    "zip column: string, %zu zero-padded counted", k);
	vi_profile_column(seq, 7, &s);
	TAP_OK(s.type == VI_TYPE_ANY && s.non_null == 0 &&
	    s.nulls == NROWS && !s.min.set, "all-null column: any");
	vi_profile_column(seq, 8, &s);
	TAP_OK(s.type == VI_TYPE_STRING && s.has_confidence &&
	    s.confidence_type == VI_TYPE_INTEGER &&
	    s.confidence_fit == NROWS - 1, "mostly_int: integer confidence");
	TAP_OK(s.exceptions[VI_TYPE_INTEGER].line == NROWS - 100 + 2 &&
	    s.exceptions[VI_TYPE_INTEGER].len == 3 &&
	    memcmp(s.exceptions[VI_TYPE_INTEGER].value, "12x", 3) == 0,
	    "mostly_int: first exception 12x with its line");
	TAP_OK(vi_profile_share(&s, VI_TYPE_INTEGER) == 9999666,
	    "mostly_int: share 99.99666 %% rounded down (%llu)",
	    (unsigned long long)vi_profile_share(&s, VI_TYPE_INTEGER));
	TAP_OK(!s.has_mean, "string column: no mean");
	vi_profile_column(seq, 9, &s);
	TAP_OK(s.type == VI_TYPE_NUMBER && s.nonfinite > 0 &&
	    s.numeric_count == NROWS - s.nonfinite && s.mean == 0.5 &&
	    s.stddev == 0 && s.min.number == 0.5 && s.max.number == 0.5,
	    "nonfinite: counted, left out of mean and bounds");

	/* Merges equal the sequential pass, byte for byte. */
	par = parts(ns, cut3, 2, 1000, 1);
	for (k = 0; k < sizeof fmts / sizeof *fmts; k++) {
		a = report(seq, fmts[k]);
		b = report(par, fmts[k]);
		TAP_OK(strcmp(a, b) == 0, "3 parts, format %zu: same bytes", k);
		free(a);
		free(b);
	}
	vi_profile_free(par);
	par = parts(ns, cut5, 4, 1000, 1);
	a = report(seq, VI_REPORT_JSON);
	b = report(par, VI_REPORT_JSON);
	TAP_OK(strcmp(a, b) == 0, "5 parts: same JSON");
	free(b);
	vi_profile_free(par);
	par = parts(ns, cut5, 4, 1000, 0);
	b = report(par, VI_REPORT_JSON);
	TAP_OK(strcmp(a, b) == 0, "5 parts, no origin mark: same JSON");
	free(b);
	vi_profile_free(par);

	/* A tree of merges: (p0) + ((p1 + p2)). */
	p = vi_profile_new(ns, NCOLS, names);
	q = vi_profile_new(ns, NCOLS, names);
	r = vi_profile_new(ns, NCOLS, names);
	vi_profile_set_origin(p);
	feed(p, 0, 5000, 1000);
	feed(q, 5000, 17000, 1000);
	feed(r, 17000, NROWS, 1000);
	vi_profile_block_end(q);
	vi_profile_merge(q, r);
	vi_profile_block_end(p);
	vi_profile_merge(p, q);
	b = report(p, VI_REPORT_JSON);
	TAP_OK(strcmp(a, b) == 0, "tree of merges: same JSON");
	free(b);
	vi_profile_free(p);
	vi_profile_free(q);
	vi_profile_free(r);

	/* An empty part on either side changes nothing. */
	p = vi_profile_new(ns, NCOLS, names);
	vi_profile_set_origin(p);
	q = parts(ns, cut3, 2, 1000, 0);
	vi_profile_merge(p, q);
	r = vi_profile_new(ns, NCOLS, names);
	vi_profile_merge(p, r);
	b = report(p, VI_REPORT_JSON);
	TAP_OK(strcmp(a, b) == 0, "empty parts: same JSON");
	free(b);
	vi_profile_free(p);
	vi_profile_free(q);
	vi_profile_free(r);

	/* Merging parts by folding their totals (ignoring blocks) is not the
	 * same computation: proof that the test can see the difference. */
	p = vi_profile_new(ns, NCOLS, names);
	vi_profile_set_origin(p);
	feed(p, 0, NROWS, NROWS);
	b = report(p, VI_REPORT_JSON);
	TAP_OK(strcmp(a, b) != 0, "other block boundaries: other bits");
	free(b);
	vi_profile_free(p);
	free(a);
	vi_profile_free(seq);

	/* No header: columns named by index; a short record. */
	p = vi_profile_new(ns, 3, NULL);
	{
		struct vi_field f[3] = { { "1", 1 }, { "x", 1 }, { "", 0 } };
		struct vi_record rec = { f, 2, 1, 7, 1, NULL, 0 };

		vi_profile_add(p, &rec);
		rec.nfields = 3;
		vi_profile_add(p, &rec);
	}
	vi_profile_column(p, 1, &s);
	TAP_OK(strcmp(s.name, "2") == 0 && s.index == 2, "no header: \"2\"");
	vi_profile_column(p, 2, &s);
	TAP_OK(s.nulls == 1 && s.non_null == 0 && s.type == VI_TYPE_ANY,
	    "short record leaves missing columns alone");
	vi_profile_column(p, 0, &s);
	TAP_OK(s.distinct == 1 || llround(s.distinct) == 1,
	    "same value twice: one distinct");
	vi_profile_free(p);

	/* A repeated value skips the distinct count once the open block's
	 * top values hold it, but not when a sketch-only record (the tail
	 * of a part, vi_profile_add_moments) put it there: the same value
	 * as a tail record and then as the block's own is one distinct. */
	p = vi_profile_new(ns, 1, NULL);
	vi_profile_sketch(p, VI_PROFILE_TOP);
	{
		struct vi_field f[1] = { { "v", 1 } };
		struct vi_record rec = { f, 1, 1, 1, 1, NULL, 0 };

		vi_profile_add_moments(p, &rec);
		vi_profile_add(p, &rec);
		vi_profile_add(p, &rec);
	}
	vi_profile_column(p, 0, &s);
	TAP_OK(s.non_null == 2 && llround(s.distinct) == 1,
	    "a value first seen in a part's tail is still counted distinct "
	    "(%.0f)", s.distinct);
	vi_profile_block_end(p);
	{
		struct vi_field f[1] = { { "w", 1 } };
		struct vi_record rec = { f, 1, 2, 2, 2, NULL, 0 };

		vi_profile_add(p, &rec);
		vi_profile_add(p, &rec);
	}
	vi_profile_column(p, 0, &s);
	TAP_OK(s.non_null == 4 && llround(s.distinct) == 2,
	    "a new block counts its own values (%.0f distinct)", s.distinct);
	vi_profile_free(p);

	/* A long exception is cut on a UTF-8 boundary. */
	p = vi_profile_new(ns, 1, NULL);
	{
		char v[100];
		struct vi_field f[1];
		struct vi_record rec = { f, 1, 1, 3, 1, NULL, 0 };

		memset(v, 'a', 63);
		memcpy(v + 63, "\xC3\xA9tail", 6);   /* é straddles byte 64 */
		f[0].p = v;
		f[0].n = 69;
		vi_profile_add(p, &rec);
	}
	vi_profile_column(p, 0, &s);
	TAP_OK(s.exceptions[VI_TYPE_INTEGER].len == 63 &&
	    s.exceptions[VI_TYPE_INTEGER].truncated,
	    "exception cut before a split UTF-8 character");
	vi_profile_free(p);
	vi_nulls_free(ns);
	return tap_done();
}
