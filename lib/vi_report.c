/* vi_report.c - vi-stats' report writer (see vi_report.h). */
#include "vi_report.h"
#include "vi_utf8.h"
#include "vi_nulls.h"
#include "vi_out.h"    /* the buffered output and its field encodings */

#include <inttypes.h>
#include <jansson.h>   /* JSON output: escaping is jansson's job */
#include "vi_json.h"   /* ... with every failure noticed */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_keys[VI_NTYPES] = {
	"boolean", "integer", "number", "date", "datetime", "string"
};

const char *const vi_report_formats[] = { "table", "tsv", "csv", "json",
	NULL };

/* The shortest form of d that strtod reads back as d: the fewest
 * significant digits that round-trip, in fixed notation when the decimal
 * exponent is in -4..16, else in exponent notation ("1e+20"). */
static void
fmt_double(char *out, size_t size, double d)
{
	char e[64], *x;
	int prec, exp10;

	if (isnan(d)) {
		snprintf(out, size, "nan");
		return;
	}
	if (isinf(d)) {
		snprintf(out, size, d < 0 ? "-inf" : "inf");
		return;
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(e, sizeof e, "%.*e", prec - 1, d);
		if (strtod(e, NULL) == d)
			break;
	}
	x = strchr(e, 'e');
	exp10 = x ? atoi(x + 1) : 0;
	if (exp10 >= -4 && exp10 < 17 && prec < exp10 + 1)
		prec = exp10 + 1;
	snprintf(out, size, "%.*g", prec, d);
}

void
vi_report_opts_default(struct vi_report_opts *o)
{
	memset(o, 0, sizeof *o);
	o->top = VI_TOPK_DEFAULT;
	o->nq = 3;
	o->q[0] = 0.25;
	o->q[1] = 0.5;
	o->q[2] = 0.75;
}

int
vi_report_quantiles_parse(struct vi_report_opts *o, const char *s,
    struct vi_error *e)
{
	const char *at = s;
	char *end;
	double f;

	o->nq = 0;
	if (strcmp(s, "none") == 0)
		return 0;
	for (;;) {
		if (o->nq == VI_REPORT_QUANTILES_MAX)
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0, "at most "
			    "%d quantiles", VI_REPORT_QUANTILES_MAX);
		errno = 0;
		f = *at >= '0' && *at <= '9' ? strtod(at, &end) : -1;
		if (f < 0 || f > 1 || errno != 0 || end == at ||
		    (*end != ',' && *end != '\0'))
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0, "\"%s\": "
			    "want fractions between 0 and 1, comma-separated, "
			    "or none", s);
		if (o->nq > 0 && f <= o->q[o->nq - 1])
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0, "\"%s\": "
			    "fractions must ascend", s);
		o->q[o->nq++] = f;
		if (*end == '\0')
			return 0;
		at = end + 1;
	}
}

/* ---------- JSON ---------- */

static json_t *
jreal(double d)
{
	return isfinite(d) ? json_real(d) : json_null();
}

static void
put(json_t *o, const char *key, json_t *v)
{
	vi_json_set(o, key, v);     /* a failure is seen at the dump */
}

static json_t *
jbound(const struct vi_column_summary *s, const struct vi_bound *b)
{
	if (!b->set)
		return json_null();
	switch (s->type) {
	case VI_TYPE_BOOLEAN:
		return json_boolean(b->boolean);
	case VI_TYPE_INTEGER:
		return json_integer((json_int_t)b->integer);
	case VI_TYPE_NUMBER:
		return jreal(b->number);
	default:
		return vi_json_str(b->text, b->len, 0);
	}
}

static json_t *
jexception(const struct vi_exception *x)
{
	json_t *o;

	if (!x->set)
		return json_null();
	o = json_object();
	put(o, "line", vi_json_u64(x->line));
	put(o, "value", vi_json_str(x->value, x->len, 0));
	put(o, "truncated", json_boolean(x->truncated));
	return o;
}

/* A quantile of an integer column (a value of it, so in int64 range but
 * for the rounding of the largest ones to doubles). */
static int64_t
q_int(double d)
{
	if (d >= 9223372036854775807.0)
		return INT64_MAX;
	return d <= -9223372036854775808.0 ? INT64_MIN : (int64_t)d;
}

/* Whether column s is reported with quantiles. */
static int
q_type(const struct vi_column_summary *s)
{
	return s->type == VI_TYPE_INTEGER || s->type == VI_TYPE_NUMBER ||
	    s->type == VI_TYPE_DATE || s->type == VI_TYPE_DATETIME;
}

/* A quantile of a date column as YYYY-MM-DD, of a datetime column as
 * YYYY-MM-DDTHH:MM:SS[.fff]Z: the instant d (vi_profile.h), UTC, rounded
 * to the millisecond but not up to the next second (a double holds it to
 * better than that up to 9999), the fraction without trailing zeros and
 * left out when 0. */
static void
q_time(char *out, size_t size, double d, enum vi_type t)
{
	double fl = floor(d);
	int64_t sec = (int64_t)fl, day;
	int ms = (int)floor((d - fl) * 1000.0 + 0.5), y, m, dd, r, k;
	char frac[16];

	if (ms > 999)
		ms = 999;   /* not up to the next second, past 9999 */
	day = sec / 86400;
	r = (int)(sec % 86400);
	if (r < 0) {
		r += 86400;
		day--;
	}
	vi_civil_from_days((int32_t)day, &y, &m, &dd);
	if (t == VI_TYPE_DATE)
		snprintf(out, size, "%04d-%02d-%02d", y, m, dd);
	else if (ms == 0)
		snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m,
		    dd, r / 3600, r / 60 % 60, r % 60);
	else {
		snprintf(frac, sizeof frac, "%03d", ms);
		for (k = 3; frac[k - 1] == '0'; k--)
			frac[k - 1] = '\0';
		snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%sZ", y,
		    m, dd, r / 3600, r / 60 % 60, r % 60, frac);
	}
}

/* A quantile of column s as text (not for integer columns). */
static void
q_text(char *out, size_t size, double d, const struct vi_column_summary *s)
{
	if (s->type == VI_TYPE_DATE || s->type == VI_TYPE_DATETIME)
		q_time(out, size, d, s->type);
	else
		fmt_double(out, size, d);
}

/* "top", "top_error", "quantiles", "quantile_rank_error" of column i. */
static void
jsketches(json_t *o, const struct vi_profile *p, size_t i,
    const struct vi_column_summary *s, const struct vi_report_opts *ro)
{
	struct vi_topk_entry top[VI_TOPK_CAP];
	double q[VI_REPORT_QUANTILES_MAX];
	uint64_t err, n;
	char key[64], num[64];
	size_t k, nt;
	json_t *a, *x;

	if (ro != NULL && ro->top > 0 &&
	    vi_profile_sketches(p) & VI_PROFILE_TOP) {
		nt = vi_profile_top(p, i, ro->top, top, &err);
		a = json_array();
		for (k = 0; k < nt; k++) {
			x = json_object();
			put(x, "value", vi_json_str(top[k].v, top[k].len, 0));
			put(x, "count", vi_json_u64(top[k].count));
			if (top[k].truncated)
				put(x, "truncated", json_true());
			vi_json_append(a, x);
		}
		put(o, "top", a);
		put(o, "top_error", vi_json_u64(err));
	} else {
		put(o, "top", json_null());
		put(o, "top_error", json_null());
	}
	if (ro != NULL && ro->nq > 0 && q_type(s) && vi_profile_quantiles(p,
	    i, ro->q, ro->nq, q, &n, &err) == 0) {
		x = json_object();
		for (k = 0; k < ro->nq; k++) {
			fmt_double(key, sizeof key, ro->q[k]);
			if (s->type == VI_TYPE_INTEGER)
				put(x, key, json_integer((json_int_t)
				    q_int(q[k])));
			else if (s->type == VI_TYPE_NUMBER)
				put(x, key, jreal(q[k]));
			else {
				q_text(num, sizeof num, q[k], s);
				put(x, key, vi_json_str(num, strlen(num), 0));
			}
		}
		put(o, "quantiles", x);
		put(o, "quantile_rank_error", json_real((double)err /
		    (double)n));
	} else {
		put(o, "quantiles", json_null());
		put(o, "quantile_rank_error", json_null());
	}
}

static json_t *
jcolumn(const struct vi_profile *p, size_t i, const struct vi_report_opts *ro)
{
	const struct vi_nulls *ns = vi_profile_nulls(p);
	struct vi_column_summary s;
	json_t *o = json_object(), *x;
	size_t k, len;
	int t;

	vi_profile_column(p, i, &s);
	put(o, "name", vi_json_str(s.name, s.name_len, 0));
	put(o, "index", vi_json_u64(s.index));
	put(o, "type", json_string(vi_type_name(s.type)));
	put(o, "non_null", vi_json_u64(s.non_null));
	put(o, "nulls", vi_json_u64(s.nulls));
	x = json_object();
	for (k = 0; k < vi_nulls_count(ns); k++) {
		const char *tok = vi_nulls_token(ns, k, &len);
		json_t *key;

		if (s.null_counts[k] == 0)
			continue;
		/* Keys must be valid UTF-8 C strings: sanitized via jstr. */
		key = vi_json_str(tok, len, 0);
		put(x, json_string_value(key), vi_json_u64(s.null_counts[k]));
		json_decref(key);
	}
	put(o, "null_tokens", x);
	put(o, "min", jbound(&s, &s.min));
	put(o, "max", jbound(&s, &s.max));
	put(o, "min_length", s.non_null ? vi_json_u64(s.min_length) : json_null());
	put(o, "max_length", s.non_null ? vi_json_u64(s.max_length) : json_null());
	put(o, "distinct_estimate", vi_json_u64((uint64_t)llround(s.distinct)));
	put(o, "distinct_error", json_real(s.distinct_error));
	put(o, "mean", s.has_mean ? jreal(s.mean) : json_null());
	put(o, "stddev", s.has_stddev ? jreal(s.stddev) : json_null());
	jsketches(o, p, i, &s, ro);
	x = json_object();
	for (t = 0; t < VI_NTYPES; t++)
		put(x, type_keys[t], vi_json_u64(s.fits[t]));
	put(o, "fits", x);
	x = json_object();
	for (t = 0; t < VI_TYPE_STRING; t++)
		put(x, type_keys[t], jexception(&s.exceptions[t]));
	put(o, "exceptions", x);
	if (s.has_confidence) {
		const struct vi_exception *e =
		    &s.exceptions[s.confidence_type];

		x = json_object();
		put(x, "type", json_string(vi_type_name(s.confidence_type)));
		put(x, "fit", vi_json_u64(s.confidence_fit));
		put(x, "percent", json_real((double)vi_profile_share(&s,
		    s.confidence_type) / 1e5));
		put(x, "line", vi_json_u64(e->line));
		put(x, "value", vi_json_str(e->value, e->len, 0));
		put(o, "confidence", x);
	} else
		put(o, "confidence", json_null());
	x = json_object();
	put(x, "zero_padded", vi_json_u64(s.zero_padded));
	put(x, "int64_overflow", vi_json_u64(s.int64_overflow));
	put(x, "nonfinite", vi_json_u64(s.nonfinite));
	put(o, "flags", x);
	return o;
}

/* 0, or -1 when building the JSON ran out of memory. */
static int
json_report(struct vi_out *out, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    uint64_t limit, int partial, const struct vi_report_opts *ro)
{
	const struct vi_nulls *ns = vi_profile_nulls(p);
	json_t *o, *x, *a;
	char *text;
	size_t i, len;

	vi_json_begin();
	o = json_object();
	put(o, "format_version", json_integer(VI_REPORT_FORMAT_VERSION));
	put(o, "file", vi_json_str(file, strlen(file), 0));
	put(o, "partial", json_boolean(partial));
	put(o, "limit", limit ? vi_json_u64(limit) : json_null());
	put(o, "rows", vi_json_u64(info->records_ok));
	put(o, "rows_read", vi_json_u64(info->records_read));
	put(o, "rows_rejected", vi_json_u64(info->records_rejected));
	put(o, "columns_count", vi_json_u64(vi_profile_ncols(p)));
	put(o, "bytes", vi_json_u64(info->bytes));
	x = json_object();
	put(x, "bom", json_boolean(info->bom_utf8));
	put(x, "utf8_invalid", vi_json_u64(info->utf8_invalid));
	if (info->utf8_invalid) {
		json_t *f = json_object();

		put(f, "line", vi_json_u64(info->utf8_first_line));
		put(f, "byte", vi_json_u64(info->utf8_first_byte));
		put(x, "first_invalid", f);
	} else
		put(x, "first_invalid", json_null());
	put(o, "encoding", x);
	put(o, "blank_lines", vi_json_u64(info->blank_lines));
	a = json_array();
	for (i = 0; i < info->nrejects_kept && i < VI_CSV_REJECTS_KEPT; i++) {
		const struct vi_reject *r = &info->rejects[i];

		x = json_object();
		put(x, "line", vi_json_u64(r->line));
		put(x, "byte", vi_json_u64(r->byte));
		put(x, "reason", vi_json_str(r->reason, strnlen(r->reason,
		    sizeof r->reason), 0));
		vi_json_append(a, x);
	}
	put(o, "rejects", a);
	put(o, "nulls_preset", vi_nulls_preset(ns) ?
	    json_string(vi_nulls_preset(ns)) : json_null());
	a = json_array();
	for (i = 0; i < vi_nulls_count(ns); i++) {
		const char *tok = vi_nulls_token(ns, i, &len);

		vi_json_append(a, vi_json_str(tok, len, 0));
	}
	put(o, "null_tokens", a);
	/* "columns", the last key, is written one column at a time instead
	 * of as one tree (a file may have a million columns).  jansson keeps
	 * keys in insertion order, so the text is that of the whole tree. */
	text = vi_json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
	if (text == NULL)
		return -1;
	vi_out_add(out, text, strlen(text) - 1);    /* without its last '}' */
	free(text);
	vi_out_str(out, ",\"columns\":[");
	for (i = 0; i < vi_profile_ncols(p); i++) {
		vi_json_begin();
		text = vi_json_dumps(jcolumn(p, i, ro),
		    JSON_COMPACT | JSON_REAL_PRECISION(17));
		if (text == NULL)
			return -1;
		if (i > 0)
			vi_out_str(out, ",");
		vi_out_str(out, text);
		free(text);
	}
	vi_out_str(out, "]}");
	return 0;
}

/* ---------- text cells ---------- */

/* Table cell: control characters escaped, cut to VI_REPORT_CELL_MAX
 * characters (UTF-8 aware) with "...". */
static void
cell_text(struct vi_out *b, const char *s, size_t n, int cut)
{
	size_t i, k, chars = 0;

	for (i = 0; i < n; i += k) {
		unsigned char c = (unsigned char)s[i];

		if (cut && chars == VI_REPORT_CELL_MAX) {
			vi_out_str(b, "...");
			return;
		}
		chars++;
		k = vi_utf8_seq((const unsigned char *)s + i, n - i);
		if (k > 1) {
			vi_out_add(b, s + i, k);
			continue;
		}
		k = 1;
		if (c == '\n')
			vi_out_str(b, "\\n");
		else if (c == '\t')
			vi_out_str(b, "\\t");
		else if (c == '\r')
			vi_out_str(b, "\\r");
		else if (c < 0x20 || c == 0x7F || c >= 0x80)
			vi_out_fmt(b, "\\x%02X", c);
		else
			vi_out_add(b, s + i, 1);
	}
}

/* A quoted string for notes: "..." with \ and " escaped, cut. */
static void
quoted(struct vi_out *b, const char *s, size_t n, int cut)
{
	struct vi_out t = VI_OUT_INIT(NULL);
	size_t i;

	cell_text(&t, s, n, cut);
	vi_out_str(b, "\"");
	for (i = 0; i < t.len; i++) {
		if (t.p[i] == '"')
			vi_out_str(b, "\\");
		vi_out_add(b, t.p + i, 1);
	}
	vi_out_str(b, "\"");
	vi_out_free(&t);
}

/* The value of a bound as text (empty when unset). */
static void
bound_text(struct vi_out *b, const struct vi_column_summary *s,
    const struct vi_bound *v, int table)
{
	char num[64];

	if (!v->set)
		return;
	switch (s->type) {
	case VI_TYPE_BOOLEAN:
		vi_out_str(b, v->boolean ? "true" : "false");
		break;
	case VI_TYPE_INTEGER:
		vi_out_fmt(b, "%" PRId64, v->integer);
		break;
	case VI_TYPE_NUMBER:
		fmt_double(num, sizeof num, v->number);
		vi_out_str(b, num);
		break;
	default:
		if (table)
			cell_text(b, v->text, v->len, 1);
		else
			vi_out_add(b, v->text, v->len);
		break;
	}
}

static void
share_text(struct vi_out *b, const struct vi_column_summary *s)
{
	uint64_t sh = vi_profile_share(s, s->confidence_type);

	vi_out_fmt(b, "%" PRIu64 ".%05" PRIu64, sh / 100000, sh % 100000);
}

/* The null tokens seen: "NA"=3 ""=5 */
static void
null_counts_text(struct vi_out *b, const struct vi_profile *p,
    const struct vi_column_summary *s)
{
	const struct vi_nulls *ns = vi_profile_nulls(p);
	size_t k, len;
	int any = 0;

	for (k = 0; k < vi_nulls_count(ns); k++) {
		const char *tok = vi_nulls_token(ns, k, &len);

		if (s->null_counts[k] == 0)
			continue;
		if (any++)
			vi_out_str(b, " ");
		quoted(b, tok, len, 0);
		vi_out_fmt(b, "=%" PRIu64, s->null_counts[k]);
	}
}

/* ---------- table ---------- */

enum { T_IDX, T_NAME, T_TYPE, T_NONNULL, T_NULLS, T_MIN, T_MAX, T_MINLEN,
	T_MAXLEN, T_DISTINCT, T_MEAN, T_STDDEV, T_NOTES, T_NCOLS };

static const char *const table_head[T_NCOLS] = {
	"#", "name", "type", "non_null", "nulls", "min", "max", "min_len",
	"max_len", "distinct", "mean", "stddev", "notes"
};
/* Right-aligned (numeric) columns. */
static const unsigned char table_right[T_NCOLS] = {
	1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0
};

static void
notes_text(struct vi_out *b, const struct vi_profile *p,
    const struct vi_column_summary *s)
{
	size_t start = b->len;

#define SEP() do { if (b->len > start) vi_out_str(b, "; "); } while (0)
	if (s->has_confidence) {
		const struct vi_exception *e =
		    &s->exceptions[s->confidence_type];

		vi_out_fmt(b, "%s ", vi_type_name(s->confidence_type));
		share_text(b, s);
		vi_out_fmt(b, " %%, first exception line %" PRIu64 ": ", e->line);
		quoted(b, e->value, e->len, 1);
	}
	if (s->zero_padded) {
		SEP();
		vi_out_fmt(b, "zero-padded %" PRIu64, s->zero_padded);
	}
	if (s->int64_overflow) {
		SEP();
		vi_out_fmt(b, "int64 overflow %" PRIu64, s->int64_overflow);
	}
	if (s->nonfinite) {
		SEP();
		vi_out_fmt(b, "non-finite %" PRIu64, s->nonfinite);
	}
	if (s->nulls) {
		SEP();
		vi_out_str(b, "nulls ");
		null_counts_text(b, p, s);
	}
#undef SEP
}

/* The cells of table row r: the head for 0, else column r - 1. */
static void
table_cells(struct vi_out *row, const struct vi_profile *p, size_t r)
{
	struct vi_column_summary s;
	char num[64];
	size_t c;

	for (c = 0; c < T_NCOLS; c++)
		row[c].len = 0;
	if (r == 0) {
		for (c = 0; c < T_NCOLS; c++)
			vi_out_str(&row[c], table_head[c]);
		return;
	}
	vi_profile_column(p, r - 1, &s);
	vi_out_fmt(&row[T_IDX], "%zu", s.index);
	cell_text(&row[T_NAME], s.name, s.name_len, 1);
	vi_out_str(&row[T_TYPE], vi_type_name(s.type));
	vi_out_fmt(&row[T_NONNULL], "%" PRIu64, s.non_null);
	vi_out_fmt(&row[T_NULLS], "%" PRIu64, s.nulls);
	bound_text(&row[T_MIN], &s, &s.min, 1);
	bound_text(&row[T_MAX], &s, &s.max, 1);
	if (s.non_null) {
		vi_out_fmt(&row[T_MINLEN], "%zu", s.min_length);
		vi_out_fmt(&row[T_MAXLEN], "%zu", s.max_length);
	}
	vi_out_fmt(&row[T_DISTINCT], "~%lld", llround(s.distinct));
	if (s.has_mean) {
		snprintf(num, sizeof num, "%.6g", s.mean);
		vi_out_str(&row[T_MEAN], num);
	}
	if (s.has_stddev) {
		snprintf(num, sizeof num, "%.6g", s.stddev);
		vi_out_str(&row[T_STDDEV], num);
	}
	notes_text(&row[T_NOTES], p, &s);
	for (c = 0; c < T_NCOLS; c++)
		if (row[c].len == 0)
			vi_out_str(&row[c], "-");
}

static void
table_report(struct vi_out *out, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    uint64_t limit, int partial, int first)
{
	const struct vi_nulls *ns = vi_profile_nulls(p);
	size_t ncols = vi_profile_ncols(p), nrows = ncols + 1, r, c, i, len;
	size_t width[T_NCOLS] = { 0 }, w, pad;
	struct vi_out row[T_NCOLS];
	int pass;

	memset(row, 0, sizeof row);
	if (!first)
		vi_out_str(out, "\n");
	vi_out_str(out, "file: ");
	cell_text(out, file, strlen(file), 0);
	if (partial)
		vi_out_fmt(out, "  PARTIAL: first %" PRIu64 " records only",
		    limit);
	vi_out_fmt(out, "\nrows: %" PRIu64 "  read: %" PRIu64 "  rejected: %"
	    PRIu64 "  columns: %zu  bytes: %" PRIu64 "  blank lines: %" PRIu64
	    "\n", info->records_ok, info->records_read,
	    info->records_rejected, ncols, info->bytes, info->blank_lines);
	vi_out_str(out, "encoding: UTF-8");
	if (info->bom_utf8)
		vi_out_str(out, ", BOM stripped");
	if (info->utf8_invalid)
		vi_out_fmt(out, ", %" PRIu64 " invalid UTF-8 sequences, the "
		    "first at line %" PRIu64 " byte %" PRIu64,
		    info->utf8_invalid, info->utf8_first_line,
		    info->utf8_first_byte);
	vi_out_str(out, "\n");
	if (info->records_rejected && info->nrejects_kept) {
		const struct vi_reject *rj = &info->rejects[0];

		vi_out_fmt(out, "first reject: line %" PRIu64 " byte %" PRIu64
		    ": ", rj->line, rj->byte);
		cell_text(out, rj->reason, strnlen(rj->reason,
		    sizeof rj->reason), 0);
		vi_out_str(out, "\n");
	}
	if (vi_nulls_preset(ns))
		vi_out_fmt(out, "nulls: %s\n", vi_nulls_preset(ns));
	else {
		vi_out_str(out, "nulls:");
		for (i = 0; i < vi_nulls_count(ns); i++) {
			const char *tok = vi_nulls_token(ns, i, &len);

			vi_out_str(out, " ");
			quoted(out, tok, len, 0);
		}
		vi_out_str(out, "\n");
	}

	/* Two passes over the rows, one cell row at a time: the widths,
	 * then the aligned rows (a file may have a million columns). */
	for (pass = 0; pass < 2; pass++)
		for (r = 0; r < nrows; r++) {
			table_cells(row, p, r);
			for (c = 0; c < T_NCOLS; c++) {
				w = vi_utf8_width(row[c].p, row[c].len);
				if (pass == 0) {
					if (w > width[c])
						width[c] = w;
					continue;
				}
				pad = width[c] - w;
				if (c > 0)
					vi_out_str(out, "  ");
				if (table_right[c])
					while (pad--)
						vi_out_str(out, " ");
				vi_out_add(out, row[c].p, row[c].len);
				if (!table_right[c] && c + 1 < T_NCOLS)
					while (pad--)
						vi_out_str(out, " ");
			}
			if (pass == 1)
				vi_out_str(out, "\n");
		}
	for (c = 0; c < T_NCOLS; c++)
		vi_out_free(&row[c]);
}

/* The sections after the table: "top K:" with a line per column that has
 * values, "quantiles F1 F2 ...:" with a line per integer, number, date or
 * datetime column. */
static void
table_sketches(struct vi_out *out, const struct vi_profile *p,
    const struct vi_report_opts *ro)
{
	struct vi_topk_entry top[VI_TOPK_CAP];
	struct vi_column_summary s;
	double q[VI_REPORT_QUANTILES_MAX];
	uint64_t err, n;
	char num[64];
	size_t i, k, nt;
	int head = 0;

	if (ro == NULL)
		return;
	for (i = 0; ro->top > 0 && i < vi_profile_ncols(p); i++) {
		nt = vi_profile_top(p, i, ro->top, top, &err);
		if (nt == 0)
			continue;
		if (!head++)
			vi_out_fmt(out, "top %zu:\n", ro->top);
		vi_profile_column(p, i, &s);
		vi_out_fmt(out, "  %zu ", s.index);
		cell_text(out, s.name, s.name_len, 1);
		vi_out_str(out, ":");
		for (k = 0; k < nt; k++) {
			vi_out_str(out, " ");
			quoted(out, top[k].v, top[k].len, 1);
			vi_out_fmt(out, "=%" PRIu64, top[k].count);
		}
		if (err)
			vi_out_fmt(out, " (counts may be up to %" PRIu64
			    " low)", err);
		vi_out_str(out, "\n");
	}
	head = 0;
	for (i = 0; ro->nq > 0 && i < vi_profile_ncols(p); i++) {
		vi_profile_column(p, i, &s);
		if (!q_type(&s) || vi_profile_quantiles(p, i, ro->q, ro->nq, q,
		    &n, &err) < 0)
			continue;
		if (!head++) {
			vi_out_str(out, "quantiles");
			for (k = 0; k < ro->nq; k++) {
				fmt_double(num, sizeof num, ro->q[k]);
				vi_out_fmt(out, " %s", num);
			}
			vi_out_str(out, ":\n");
		}
		vi_out_fmt(out, "  %zu ", s.index);
		cell_text(out, s.name, s.name_len, 1);
		vi_out_str(out, ":");
		for (k = 0; k < ro->nq; k++) {
			if (s.type == VI_TYPE_INTEGER)
				snprintf(num, sizeof num, "%" PRId64,
				    q_int(q[k]));
			else
				q_text(num, sizeof num, q[k], &s);
			vi_out_fmt(out, " %s", num);
		}
		if (err)
			vi_out_fmt(out, " (rank error at most %.3g %%)",
			    100.0 * (double)err / (double)n);
		vi_out_str(out, "\n");
	}
}

/* ---------- TSV and CSV ---------- */

static const char *const sv_head[] = {
	"file", "partial", "rows", "index", "name", "type", "non_null",
	"nulls", "min", "max", "min_length", "max_length",
	"distinct_estimate", "distinct_error", "mean", "stddev",
	"confidence_type", "confidence_percent", "exception_line",
	"exception_value", "zero_padded", "int64_overflow", "nonfinite",
	"null_tokens"
};
#define SV_NCOLS (sizeof sv_head / sizeof *sv_head)

static void
sv_row(struct vi_out *out, enum vi_report_format fmt, struct vi_out *cells)
{
	size_t c;

	for (c = 0; c < SV_NCOLS; c++) {
		if (c > 0)
			vi_out_str(out, fmt == VI_REPORT_TSV ? "\t" : ",");
		if (fmt == VI_REPORT_TSV)
			vi_out_tsv(out, cells[c].p, cells[c].len);
		else
			vi_out_csv(out, cells[c].p, cells[c].len);
	}
	vi_out_str(out, "\n");
}

static void
sv_report(struct vi_out *out, enum vi_report_format fmt, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    int partial, int first)
{
	struct vi_out cells[SV_NCOLS];
	size_t c, i;
	char num[64], err[64] = "";
	double last_err = -1;

	memset(cells, 0, sizeof cells);
	if (first) {
		for (c = 0; c < SV_NCOLS; c++)
			vi_out_str(&cells[c], sv_head[c]);
		sv_row(out, fmt, cells);
	}
	for (i = 0; i < vi_profile_ncols(p); i++) {
		struct vi_column_summary s;

		for (c = 0; c < SV_NCOLS; c++)
			cells[c].len = 0;
		vi_profile_column(p, i, &s);
		c = 0;
		vi_out_str(&cells[c++], file);
		vi_out_str(&cells[c++], partial ? "true" : "false");
		vi_out_fmt(&cells[c++], "%" PRIu64, info->records_ok);
		vi_out_fmt(&cells[c++], "%zu", s.index);
		vi_out_add(&cells[c++], s.name, s.name_len);
		vi_out_str(&cells[c++], vi_type_name(s.type));
		vi_out_fmt(&cells[c++], "%" PRIu64, s.non_null);
		vi_out_fmt(&cells[c++], "%" PRIu64, s.nulls);
		bound_text(&cells[c++], &s, &s.min, 0);
		bound_text(&cells[c++], &s, &s.max, 0);
		if (s.non_null) {
			vi_out_fmt(&cells[c++], "%zu", s.min_length);
			vi_out_fmt(&cells[c++], "%zu", s.max_length);
		} else
			c += 2;
		vi_out_fmt(&cells[c++], "%lld", llround(s.distinct));
		if (s.distinct_error != last_err) {   /* the same for all */
			last_err = s.distinct_error;
			fmt_double(err, sizeof err, last_err);
		}
		vi_out_str(&cells[c++], err);
		if (s.has_mean) {
			fmt_double(num, sizeof num, s.mean);
			vi_out_str(&cells[c], num);
		}
		c++;
		if (s.has_stddev) {
			fmt_double(num, sizeof num, s.stddev);
			vi_out_str(&cells[c], num);
		}
		c++;
		if (s.has_confidence) {
			const struct vi_exception *e =
			    &s.exceptions[s.confidence_type];

			vi_out_str(&cells[c++], vi_type_name(s.confidence_type));
			share_text(&cells[c++], &s);
			vi_out_fmt(&cells[c++], "%" PRIu64, e->line);
			vi_out_add(&cells[c++], e->value, e->len);
		} else
			c += 4;
		vi_out_fmt(&cells[c++], "%" PRIu64, s.zero_padded);
		vi_out_fmt(&cells[c++], "%" PRIu64, s.int64_overflow);
		vi_out_fmt(&cells[c++], "%" PRIu64, s.nonfinite);
		null_counts_text(&cells[c++], p, &s);
		sv_row(out, fmt, cells);
	}
	for (c = 0; c < SV_NCOLS; c++)
		vi_out_free(&cells[c]);
}

int
vi_report_write(FILE *out, enum vi_report_format fmt, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    uint64_t limit, int partial, int first, const struct vi_report_opts *ro,
    struct vi_error *e)
{
	struct vi_out b = VI_OUT_INIT(out);

	switch (fmt) {
	case VI_REPORT_JSON:
		if (json_report(&b, file, info, p, limit, partial, ro) < 0) {
			vi_out_free(&b);
			return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
			    "out of memory");
		}
		vi_out_str(&b, "\n");
		break;
	case VI_REPORT_TSV:
	case VI_REPORT_CSV:
		sv_report(&b, fmt, file, info, p, partial, first);
		break;
	default:
		table_report(&b, file, info, p, limit, partial, first);
		table_sketches(&b, p, ro);
		break;
	}
	return vi_out_close(&b, e);
}
