/* vi_validate_report.c - vi-validate's messages and JSON report (see
 * vi_validate_report.h). */
#include "vi_validate_report.h"

#include <jansson.h>   /* the JSON report */
#include <stdio.h>
#include <string.h>

#include "vi_json.h"   /* ... built and written with every failure noticed */

/* The report's messages are cut to this many bytes (NUL included). */
#define MESSAGE_MAX 512

static const char *const kind_names[VI_V_NKINDS] = {
	"type", "required", "unique", "minimum", "maximum", "minLength",
	"maxLength", "enum", "pattern", "primaryKey", "utf8", "malformed",
	"missing-column", "extra-column", "column-order"
};

const char *
vi_vkind_name(enum vi_vkind k)
{
	return k < VI_V_NKINDS ? kind_names[k] : "?";
}

/* ---- messages ---- */

/* Append the value at p, quoted, cut and escaped, to b (size left). */
static void
quoted(char **b, size_t *left, const char *p, size_t n)
{
	size_t i, lim = n > 60 ? 60 : n;
	char tmp[8];

#define ADD(s, k) do { size_t k_ = (k); if (k_ < *left) { \
	memcpy(*b, (s), k_); *b += k_; *left -= k_; **b = '\0'; } } while (0)
	ADD("\"", 1);
	for (i = 0; i < lim; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch == '"' || ch == '\\') {
			tmp[0] = '\\';
			tmp[1] = (char)ch;
			ADD(tmp, 2);
		} else if (ch == '\n') {
			ADD("\\n", 2);
		} else if (ch == '\r') {
			ADD("\\r", 2);
		} else if (ch == '\t') {
			ADD("\\t", 2);
		} else if (ch < 0x20 || ch == 0x7f) {
			snprintf(tmp, sizeof tmp, "\\x%02X", ch);
			ADD(tmp, 4);
		} else {
			tmp[0] = (char)ch;
			ADD(tmp, 1);
		}
	}
	ADD(n > lim ? "...\"" : "\"", n > lim ? 4 : 1);
#undef ADD
}

void
vi_validate_message(const struct vi_validate *v,
    const struct vi_violation *x, char *buf, size_t size)
{
	const struct vi_schema *s = vi_validate_schema(v);
	const struct vi_schema_field *f =
	    x->field == VI_V_ROW ? NULL : &s->fields[x->field];
	static const char *const a_type[] = {
		"a boolean", "an integer", "a number", "a date", "a datetime",
		"a string", "anything"
	};
	char *b = buf;
	size_t left = size, i, n;

	if (size == 0)
		return;
	buf[0] = '\0';
	switch (x->kind) {
	case VI_V_MALFORMED:
		snprintf(buf, size, "%s", x->reason);
		return;
	case VI_V_UTF8:
		snprintf(buf, size, "invalid UTF-8");
		return;
	case VI_V_PRIMARYKEY:
		n = (size_t)snprintf(buf, size, "primary key (");
		for (i = 0; i < s->npk && n < size; i++)
			n += (size_t)snprintf(buf + n, size - n, "%s\"%s\"",
			    i ? ", " : "", s->fields[s->pk[i]].name);
		if (n < size)
			snprintf(buf + n, size - n, ") is a duplicate");
		return;
	case VI_V_MISSING_COLUMN:
	case VI_V_EXTRA_COLUMN:
		n = (size_t)snprintf(buf, size, "%s column ",
		    x->kind == VI_V_MISSING_COLUMN ? "missing" : "extra");
		if (n >= size)
			return;
		b += n;
		left -= n;
		quoted(&b, &left, x->value, x->len);
		return;
	case VI_V_COLUMN_ORDER:
		n = (size_t)snprintf(buf, size, "column ");
		b += n;
		left -= n;
		quoted(&b, &left, x->value, x->len);
		snprintf(b, left, " is column %zu, out of the schema's order "
		    "(field %zu)", x->position, x->field + 1);
		return;
	default:
		break;
	}
	n = (size_t)snprintf(buf, size, "column \"%s\": ", f->name);
	if (n >= size)
		return;
	b += n;
	left -= n;
	quoted(&b, &left, x->value, x->len);
	switch (x->kind) {
	case VI_V_TYPE:
		snprintf(b, left, " is not %s", a_type[f->type]);
		break;
	case VI_V_REQUIRED:
		snprintf(b, left, " is a missing value (required)");
		break;
	case VI_V_UNIQUE:
		snprintf(b, left, " is a duplicate (unique)");
		break;
	case VI_V_MINIMUM:
		snprintf(b, left, " is less than the minimum %s",
		    f->min_text);
		break;
	case VI_V_MAXIMUM:
		snprintf(b, left, " is greater than the maximum %s",
		    f->max_text);
		break;
	case VI_V_MINLENGTH:
		snprintf(b, left, " is shorter than minLength %llu",
		    (unsigned long long)f->minlen);
		break;
	case VI_V_MAXLENGTH:
		snprintf(b, left, " is longer than maxLength %llu",
		    (unsigned long long)f->maxlen);
		break;
	case VI_V_ENUM:
		snprintf(b, left, " is not in the enum");
		break;
	case VI_V_PATTERN:
		snprintf(b, left, " does not match the pattern \"%s\"",
		    f->pattern);
		break;
	default:
		break;
	}
}

/* ---- the JSON report ---- */

int
vi_validate_report_json(FILE *out, const struct vi_validate *v,
    const char *file, struct vi_error *e)
{
	const struct vi_validate_stats *st = vi_validate_stats(v);
	const struct vi_schema *s = vi_validate_schema(v);
	const struct vi_violation *x;
	json_t *root, *errs, *sum;
	char msg[MESSAGE_MAX];
	size_t i, f;
	int k;

	vi_json_begin();
	root = json_object();
	errs = json_array();
	sum = json_array();

	vi_json_set(root, "file", vi_json_str(file, strlen(file),
	    VI_JSON_STR_NUL));
	vi_json_set(root, "valid",
	    json_boolean(st->violations == 0));
	vi_json_set(root, "rows", vi_json_u64(st->rows));
	vi_json_set(root, "rows_valid", vi_json_u64(st->valid));
	vi_json_set(root, "rows_invalid", vi_json_u64(st->invalid));
	vi_json_set(root, "rows_malformed", vi_json_u64(st->malformed));
	vi_json_set(root, "rows_not_copied", vi_json_u64(st->not_copied));
	vi_json_set(root, "blank_lines", vi_json_u64(st->blank_lines));
	vi_json_set(root, "header_violations",
	    vi_json_u64(st->header_violations));
	vi_json_set(root, "violations", vi_json_u64(st->violations));
	vi_json_set(root, "unique_exact",
	    json_boolean(st->unique_capped_line == 0));
	if (st->unique_capped_line)
		vi_json_set(root, "unique_partial_from_line",
		    vi_json_u64(st->unique_capped_line));
	for (f = 0; f <= s->nfields; f++)
		for (k = 0; k < VI_V_NKINDS; k++) {
			uint64_t n, first;
			json_t *o;

			n = vi_validate_count(v, f, (enum vi_vkind)k, &first);
			if (n == 0)
				continue;
			o = json_object();
			vi_json_set(o, "column", f < s->nfields ?
			    json_string(s->fields[f].name) : json_null());
			vi_json_set(o, "constraint",
			    json_string(kind_names[k]));
			vi_json_set(o, "count", vi_json_u64(n));
			vi_json_set(o, "first_line", vi_json_u64(first));
			vi_json_append(sum, o);
		}
	vi_json_set(root, "summary", sum);
	for (i = 0; (x = vi_validate_kept(v, i)) != NULL; i++) {
		json_t *o = json_object();

		vi_json_set(o, "line", vi_json_u64(x->line));
		if (x->byte)
			vi_json_set(o, "byte", vi_json_u64(x->byte));
		vi_json_set(o, "column", x->field < s->nfields ?
		    json_string(s->fields[x->field].name) : json_null());
		vi_json_set(o, "constraint",
		    json_string(kind_names[x->kind]));
		if (x->value != NULL)
			vi_json_set(o, "value", vi_json_str(x->value, x->len,
			    VI_JSON_STR_NUL));
		vi_validate_message(v, x, msg, sizeof msg);
		vi_json_set(o, "message", vi_json_str(msg, strlen(msg),
		    VI_JSON_STR_NUL));
		vi_json_append(errs, o);
	}
	vi_json_set(root, "errors", errs);
	return vi_json_print(out, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER,
	    e);
}
