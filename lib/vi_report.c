/* vi_report.c - vi-stats' report writer (see vi_report.h). */
#include "vi_report.h"
#include "vi_alloc.h"
#include "vi_utf8.h"
#include "vi_nulls.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>   /* JSON output: escaping is jansson's job */
#include "vi_json.h"   /* ... with every failure noticed */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A growable output buffer.  With a sink, it is written out whenever it
 * holds FLUSH_AT bytes, so that a report of a million columns is not held
 * whole; the first write error is kept in werr and later output dropped. */
struct buf {
	char *p;
	size_t n, cap;
	FILE *sink;
	int werr;
};

#define FLUSH_AT ((size_t)1 << 20)

static void
buf_flush(struct buf *b)
{
	errno = 0;
	if (b->n && !b->werr && fwrite(b->p, 1, b->n, b->sink) != b->n)
		b->werr = errno ? errno : EIO;
	b->n = 0;
}

static void
buf_add(struct buf *b, const void *s, size_t n)
{
	if (b->sink != NULL && b->n >= FLUSH_AT)
		buf_flush(b);
	if (n > b->cap - b->n) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap - b->n < n) {
			if (cap > SIZE_MAX / 2)
				vi_xmalloc(SIZE_MAX);   /* out of memory */
			cap *= 2;
		}
		b->p = vi_xrealloc(b->p, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static void buf_fmt(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
buf_fmt(struct buf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		vi_xmalloc(SIZE_MAX);   /* only ENOMEM/EOVERFLOW: out of memory */
	if ((size_t)n < sizeof small) {
		buf_add(b, small, (size_t)n);
		return;
	}
	{
		char *big = vi_xmalloc((size_t)n + 1);

		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		buf_add(b, big, (size_t)n);
		free(big);
	}
}

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

/* ---------- JSON ---------- */

/* A JSON string of n bytes; invalid UTF-8 becomes U+FFFD. */
static json_t *
jstr(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	struct buf b = { NULL, 0, 0, NULL, 0 };
	size_t i, k;

	if (j != NULL)
		return j;
	for (i = 0; i < n; i += k) {
		k = vi_utf8_seq((const unsigned char *)s + i, n - i);
		if (k == 0) {
			buf_add(&b, "\xEF\xBF\xBD", 3);
			k = 1;
		} else
			buf_add(&b, s + i, k);
	}
	j = json_stringn(b.p ? b.p : "", b.n);
	free(b.p);
	return j;
}

static json_t *
jreal(double d)
{
	return isfinite(d) ? json_real(d) : json_null();
}

static json_t *
ju64(uint64_t v)
{
	return json_integer((json_int_t)v);
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
		return jstr(b->text, b->len);
	}
}

static json_t *
jexception(const struct vi_exception *x)
{
	json_t *o;

	if (!x->set)
		return json_null();
	o = json_object();
	put(o, "line", ju64(x->line));
	put(o, "value", jstr(x->value, x->len));
	put(o, "truncated", json_boolean(x->truncated));
	return o;
}

static json_t *
jcolumn(const struct vi_profile *p, size_t i)
{
	const struct vi_nulls *ns = vi_profile_nulls(p);
	struct vi_column_summary s;
	json_t *o = json_object(), *x;
	size_t k, len;
	int t;

	vi_profile_column(p, i, &s);
	put(o, "name", jstr(s.name, s.name_len));
	put(o, "index", ju64(s.index));
	put(o, "type", json_string(vi_type_name(s.type)));
	put(o, "non_null", ju64(s.non_null));
	put(o, "nulls", ju64(s.nulls));
	x = json_object();
	for (k = 0; k < vi_nulls_count(ns); k++) {
		const char *tok = vi_nulls_token(ns, k, &len);
		json_t *key;

		if (s.null_counts[k] == 0)
			continue;
		/* Keys must be valid UTF-8 C strings: sanitized via jstr. */
		key = jstr(tok, len);
		put(x, json_string_value(key), ju64(s.null_counts[k]));
		json_decref(key);
	}
	put(o, "null_tokens", x);
	put(o, "min", jbound(&s, &s.min));
	put(o, "max", jbound(&s, &s.max));
	put(o, "min_length", s.non_null ? ju64(s.min_length) : json_null());
	put(o, "max_length", s.non_null ? ju64(s.max_length) : json_null());
	put(o, "distinct_estimate", ju64((uint64_t)llround(s.distinct)));
	put(o, "distinct_error", json_real(s.distinct_error));
	put(o, "mean", s.has_mean ? jreal(s.mean) : json_null());
	put(o, "stddev", s.has_stddev ? jreal(s.stddev) : json_null());
	x = json_object();
	for (t = 0; t < VI_NTYPES; t++)
		put(x, type_keys[t], ju64(s.fits[t]));
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
		put(x, "fit", ju64(s.confidence_fit));
		put(x, "percent", json_real((double)vi_profile_share(&s,
		    s.confidence_type) / 1e5));
		put(x, "line", ju64(e->line));
		put(x, "value", jstr(e->value, e->len));
		put(o, "confidence", x);
	} else
		put(o, "confidence", json_null());
	x = json_object();
	put(x, "zero_padded", ju64(s.zero_padded));
	put(x, "int64_overflow", ju64(s.int64_overflow));
	put(x, "nonfinite", ju64(s.nonfinite));
	put(o, "flags", x);
	return o;
}

/* 0, or -1 when building the JSON ran out of memory. */
static int
json_report(struct buf *out, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    uint64_t limit, int partial)
{
	const struct vi_nulls *ns = vi_profile_nulls(p);
	json_t *o, *x, *a;
	char *text;
	size_t i, len;

	vi_json_begin();
	o = json_object();
	put(o, "format_version", json_integer(VI_REPORT_FORMAT_VERSION));
	put(o, "file", jstr(file, strlen(file)));
	put(o, "partial", json_boolean(partial));
	put(o, "limit", limit ? ju64(limit) : json_null());
	put(o, "rows", ju64(info->records_ok));
	put(o, "rows_read", ju64(info->records_read));
	put(o, "rows_rejected", ju64(info->records_rejected));
	put(o, "columns_count", ju64(vi_profile_ncols(p)));
	put(o, "bytes", ju64(info->bytes));
	x = json_object();
	put(x, "bom", json_boolean(info->bom_utf8));
	put(x, "utf8_invalid", ju64(info->utf8_invalid));
	if (info->utf8_invalid) {
		json_t *f = json_object();

		put(f, "line", ju64(info->utf8_first_line));
		put(f, "byte", ju64(info->utf8_first_byte));
		put(x, "first_invalid", f);
	} else
		put(x, "first_invalid", json_null());
	put(o, "encoding", x);
	put(o, "blank_lines", ju64(info->blank_lines));
	a = json_array();
	for (i = 0; i < info->nrejects_kept && i < VI_CSV_REJECTS_KEPT; i++) {
		const struct vi_reject *r = &info->rejects[i];

		x = json_object();
		put(x, "line", ju64(r->line));
		put(x, "byte", ju64(r->byte));
		put(x, "reason", jstr(r->reason, strnlen(r->reason,
		    sizeof r->reason)));
		vi_json_append(a, x);
	}
	put(o, "rejects", a);
	put(o, "nulls_preset", vi_nulls_preset(ns) ?
	    json_string(vi_nulls_preset(ns)) : json_null());
	a = json_array();
	for (i = 0; i < vi_nulls_count(ns); i++) {
		const char *tok = vi_nulls_token(ns, i, &len);

		vi_json_append(a, jstr(tok, len));
	}
	put(o, "null_tokens", a);
	/* "columns", the last key, is written one column at a time instead
	 * of as one tree (a file may have a million columns).  jansson keeps
	 * keys in insertion order, so the text is that of the whole tree. */
	text = vi_json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
	if (text == NULL)
		return -1;
	buf_add(out, text, strlen(text) - 1);    /* without its last '}' */
	free(text);
	buf_str(out, ",\"columns\":[");
	for (i = 0; i < vi_profile_ncols(p); i++) {
		vi_json_begin();
		text = vi_json_dumps(jcolumn(p, i),
		    JSON_COMPACT | JSON_REAL_PRECISION(17));
		if (text == NULL)
			return -1;
		if (i > 0)
			buf_str(out, ",");
		buf_str(out, text);
		free(text);
	}
	buf_str(out, "]}");
	return 0;
}

/* ---------- text cells ---------- */

/* Table cell: control characters escaped, cut to VI_REPORT_CELL_MAX
 * characters (UTF-8 aware) with "...". */
static void
cell_text(struct buf *b, const char *s, size_t n, int cut)
{
	size_t i, k, chars = 0;

	for (i = 0; i < n; i += k) {
		unsigned char c = (unsigned char)s[i];

		if (cut && chars == VI_REPORT_CELL_MAX) {
			buf_str(b, "...");
			return;
		}
		chars++;
		k = vi_utf8_seq((const unsigned char *)s + i, n - i);
		if (k > 1) {
			buf_add(b, s + i, k);
			continue;
		}
		k = 1;
		if (c == '\n')
			buf_str(b, "\\n");
		else if (c == '\t')
			buf_str(b, "\\t");
		else if (c == '\r')
			buf_str(b, "\\r");
		else if (c < 0x20 || c == 0x7F || c >= 0x80)
			buf_fmt(b, "\\x%02X", c);
		else
			buf_add(b, s + i, 1);
	}
}

/* A quoted string for notes: "..." with \ and " escaped, cut. */
static void
quoted(struct buf *b, const char *s, size_t n, int cut)
{
	struct buf t = { NULL, 0, 0, NULL, 0 };
	size_t i;

	cell_text(&t, s, n, cut);
	buf_str(b, "\"");
	for (i = 0; i < t.n; i++) {
		if (t.p[i] == '"')
			buf_str(b, "\\");
		buf_add(b, t.p + i, 1);
	}
	buf_str(b, "\"");
	free(t.p);
}

/* The value of a bound as text (empty when unset). */
static void
bound_text(struct buf *b, const struct vi_column_summary *s,
    const struct vi_bound *v, int table)
{
	char num[64];

	if (!v->set)
		return;
	switch (s->type) {
	case VI_TYPE_BOOLEAN:
		buf_str(b, v->boolean ? "true" : "false");
		break;
	case VI_TYPE_INTEGER:
		buf_fmt(b, "%" PRId64, v->integer);
		break;
	case VI_TYPE_NUMBER:
		fmt_double(num, sizeof num, v->number);
		buf_str(b, num);
		break;
	default:
		if (table)
			cell_text(b, v->text, v->len, 1);
		else
			buf_add(b, v->text, v->len);
		break;
	}
}

static void
share_text(struct buf *b, const struct vi_column_summary *s)
{
	uint64_t sh = vi_profile_share(s, s->confidence_type);

	buf_fmt(b, "%" PRIu64 ".%05" PRIu64, sh / 100000, sh % 100000);
}

/* The null tokens seen: "NA"=3 ""=5 */
static void
null_counts_text(struct buf *b, const struct vi_profile *p,
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
			buf_str(b, " ");
		quoted(b, tok, len, 0);
		buf_fmt(b, "=%" PRIu64, s->null_counts[k]);
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

static size_t
display_width(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

static void
notes_text(struct buf *b, const struct vi_profile *p,
    const struct vi_column_summary *s)
{
	size_t start = b->n;

#define SEP() do { if (b->n > start) buf_str(b, "; "); } while (0)
	if (s->has_confidence) {
		const struct vi_exception *e =
		    &s->exceptions[s->confidence_type];

		buf_fmt(b, "%s ", vi_type_name(s->confidence_type));
		share_text(b, s);
		buf_fmt(b, " %%, first exception line %" PRIu64 ": ", e->line);
		quoted(b, e->value, e->len, 1);
	}
	if (s->zero_padded) {
		SEP();
		buf_fmt(b, "zero-padded %" PRIu64, s->zero_padded);
	}
	if (s->int64_overflow) {
		SEP();
		buf_fmt(b, "int64 overflow %" PRIu64, s->int64_overflow);
	}
	if (s->nonfinite) {
		SEP();
		buf_fmt(b, "non-finite %" PRIu64, s->nonfinite);
	}
	if (s->nulls) {
		SEP();
		buf_str(b, "nulls ");
		null_counts_text(b, p, s);
	}
#undef SEP
}

/* The cells of table row r: the head for 0, else column r - 1. */
static void
table_cells(struct buf *row, const struct vi_profile *p, size_t r)
{
	struct vi_column_summary s;
	char num[64];
	size_t c;

	for (c = 0; c < T_NCOLS; c++)
		row[c].n = 0;
	if (r == 0) {
		for (c = 0; c < T_NCOLS; c++)
			buf_str(&row[c], table_head[c]);
		return;
	}
	vi_profile_column(p, r - 1, &s);
	buf_fmt(&row[T_IDX], "%zu", s.index);
	cell_text(&row[T_NAME], s.name, s.name_len, 1);
	buf_str(&row[T_TYPE], vi_type_name(s.type));
	buf_fmt(&row[T_NONNULL], "%" PRIu64, s.non_null);
	buf_fmt(&row[T_NULLS], "%" PRIu64, s.nulls);
	bound_text(&row[T_MIN], &s, &s.min, 1);
	bound_text(&row[T_MAX], &s, &s.max, 1);
	if (s.non_null) {
		buf_fmt(&row[T_MINLEN], "%zu", s.min_length);
		buf_fmt(&row[T_MAXLEN], "%zu", s.max_length);
	}
	buf_fmt(&row[T_DISTINCT], "~%lld", llround(s.distinct));
	if (s.has_mean) {
		snprintf(num, sizeof num, "%.6g", s.mean);
		buf_str(&row[T_MEAN], num);
	}
	if (s.has_stddev) {
		snprintf(num, sizeof num, "%.6g", s.stddev);
		buf_str(&row[T_STDDEV], num);
	}
	notes_text(&row[T_NOTES], p, &s);
	for (c = 0; c < T_NCOLS; c++)
		if (row[c].n == 0)
			buf_str(&row[c], "-");
}

static void
table_report(struct buf *out, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    uint64_t limit, int partial, int first)
{
	const struct vi_nulls *ns = vi_profile_nulls(p);
	size_t ncols = vi_profile_ncols(p), nrows = ncols + 1, r, c, i, len;
	size_t width[T_NCOLS] = { 0 }, w, pad;
	struct buf row[T_NCOLS];
	int pass;

	memset(row, 0, sizeof row);
	if (!first)
		buf_str(out, "\n");
	buf_str(out, "file: ");
	cell_text(out, file, strlen(file), 0);
	if (partial)
		buf_fmt(out, "  PARTIAL: first %" PRIu64 " records only",
		    limit);
	buf_fmt(out, "\nrows: %" PRIu64 "  read: %" PRIu64 "  rejected: %"
	    PRIu64 "  columns: %zu  bytes: %" PRIu64 "  blank lines: %" PRIu64
	    "\n", info->records_ok, info->records_read,
	    info->records_rejected, ncols, info->bytes, info->blank_lines);
	buf_str(out, "encoding: UTF-8");
	if (info->bom_utf8)
		buf_str(out, ", BOM stripped");
	if (info->utf8_invalid)
		buf_fmt(out, ", %" PRIu64 " invalid UTF-8 sequences, the "
		    "first at line %" PRIu64 " byte %" PRIu64,
		    info->utf8_invalid, info->utf8_first_line,
		    info->utf8_first_byte);
	buf_str(out, "\n");
	if (info->records_rejected && info->nrejects_kept) {
		const struct vi_reject *rj = &info->rejects[0];

		buf_fmt(out, "first reject: line %" PRIu64 " byte %" PRIu64
		    ": ", rj->line, rj->byte);
		cell_text(out, rj->reason, strnlen(rj->reason,
		    sizeof rj->reason), 0);
		buf_str(out, "\n");
	}
	if (vi_nulls_preset(ns))
		buf_fmt(out, "nulls: %s\n", vi_nulls_preset(ns));
	else {
		buf_str(out, "nulls:");
		for (i = 0; i < vi_nulls_count(ns); i++) {
			const char *tok = vi_nulls_token(ns, i, &len);

			buf_str(out, " ");
			quoted(out, tok, len, 0);
		}
		buf_str(out, "\n");
	}

	/* Two passes over the rows, one cell row at a time: the widths,
	 * then the aligned rows (a file may have a million columns). */
	for (pass = 0; pass < 2; pass++)
		for (r = 0; r < nrows; r++) {
			table_cells(row, p, r);
			for (c = 0; c < T_NCOLS; c++) {
				w = display_width(row[c].p, row[c].n);
				if (pass == 0) {
					if (w > width[c])
						width[c] = w;
					continue;
				}
				pad = width[c] - w;
				if (c > 0)
					buf_str(out, "  ");
				if (table_right[c])
					while (pad--)
						buf_str(out, " ");
				buf_add(out, row[c].p, row[c].n);
				if (!table_right[c] && c + 1 < T_NCOLS)
					while (pad--)
						buf_str(out, " ");
			}
			if (pass == 1)
				buf_str(out, "\n");
		}
	for (c = 0; c < T_NCOLS; c++)
		free(row[c].p);
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
sv_field(struct buf *out, enum vi_report_format fmt, const char *s,
    size_t n)
{
	size_t i;

	if (fmt == VI_REPORT_TSV) {
		for (i = 0; i < n; i++) {
			switch (s[i]) {
			case '\\': buf_str(out, "\\\\"); break;
			case '\t': buf_str(out, "\\t"); break;
			case '\n': buf_str(out, "\\n"); break;
			case '\r': buf_str(out, "\\r"); break;
			default: buf_add(out, s + i, 1); break;
			}
		}
		return;
	}
	/* RFC 4180: quote a field holding a comma, a quote or a line end. */
	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			break;
	if (i == n) {
		buf_add(out, s, n);
		return;
	}
	buf_str(out, "\"");
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_str(out, "\"");
		buf_add(out, s + i, 1);
	}
	buf_str(out, "\"");
}

static void
sv_row(struct buf *out, enum vi_report_format fmt, struct buf *cells)
{
	size_t c;

	for (c = 0; c < SV_NCOLS; c++) {
		if (c > 0)
			buf_str(out, fmt == VI_REPORT_TSV ? "\t" : ",");
		sv_field(out, fmt, cells[c].p ? cells[c].p : "", cells[c].n);
	}
	buf_str(out, "\n");
}

static void
sv_report(struct buf *out, enum vi_report_format fmt, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    int partial, int first)
{
	struct buf cells[SV_NCOLS];
	size_t c, i;
	char num[64], err[64] = "";
	double last_err = -1;

	memset(cells, 0, sizeof cells);
	if (first) {
		for (c = 0; c < SV_NCOLS; c++)
			buf_str(&cells[c], sv_head[c]);
		sv_row(out, fmt, cells);
	}
	for (i = 0; i < vi_profile_ncols(p); i++) {
		struct vi_column_summary s;

		for (c = 0; c < SV_NCOLS; c++)
			cells[c].n = 0;
		vi_profile_column(p, i, &s);
		c = 0;
		buf_str(&cells[c++], file);
		buf_str(&cells[c++], partial ? "true" : "false");
		buf_fmt(&cells[c++], "%" PRIu64, info->records_ok);
		buf_fmt(&cells[c++], "%zu", s.index);
		buf_add(&cells[c++], s.name, s.name_len);
		buf_str(&cells[c++], vi_type_name(s.type));
		buf_fmt(&cells[c++], "%" PRIu64, s.non_null);
		buf_fmt(&cells[c++], "%" PRIu64, s.nulls);
		bound_text(&cells[c++], &s, &s.min, 0);
		bound_text(&cells[c++], &s, &s.max, 0);
		if (s.non_null) {
			buf_fmt(&cells[c++], "%zu", s.min_length);
			buf_fmt(&cells[c++], "%zu", s.max_length);
		} else
			c += 2;
		buf_fmt(&cells[c++], "%lld", llround(s.distinct));
		if (s.distinct_error != last_err) {   /* the same for all */
			last_err = s.distinct_error;
			fmt_double(err, sizeof err, last_err);
		}
		buf_str(&cells[c++], err);
		if (s.has_mean) {
			fmt_double(num, sizeof num, s.mean);
			buf_str(&cells[c], num);
		}
		c++;
		if (s.has_stddev) {
			fmt_double(num, sizeof num, s.stddev);
			buf_str(&cells[c], num);
		}
		c++;
		if (s.has_confidence) {
			const struct vi_exception *e =
			    &s.exceptions[s.confidence_type];

			buf_str(&cells[c++], vi_type_name(s.confidence_type));
			share_text(&cells[c++], &s);
			buf_fmt(&cells[c++], "%" PRIu64, e->line);
			buf_add(&cells[c++], e->value, e->len);
		} else
			c += 4;
		buf_fmt(&cells[c++], "%" PRIu64, s.zero_padded);
		buf_fmt(&cells[c++], "%" PRIu64, s.int64_overflow);
		buf_fmt(&cells[c++], "%" PRIu64, s.nonfinite);
		null_counts_text(&cells[c++], p, &s);
		sv_row(out, fmt, cells);
	}
	for (c = 0; c < SV_NCOLS; c++)
		free(cells[c].p);
}

int
vi_report_write(FILE *out, enum vi_report_format fmt, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    uint64_t limit, int partial, int first, struct vi_error *e)
{
	struct buf b = { NULL, 0, 0, out, 0 };
	int rc = 0;

	switch (fmt) {
	case VI_REPORT_JSON:
		if (json_report(&b, file, info, p, limit, partial) < 0) {
			free(b.p);
			return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
			    "out of memory");
		}
		buf_str(&b, "\n");
		break;
	case VI_REPORT_TSV:
	case VI_REPORT_CSV:
		sv_report(&b, fmt, file, info, p, partial, first);
		break;
	default:
		table_report(&b, file, info, p, limit, partial, first);
		break;
	}
	buf_flush(&b);
	if (b.werr)
		rc = vi_error_set(e, VI_EX_IOERR, b.werr, 0, 0,
		    "write error");
	free(b.p);
	return rc;
}
