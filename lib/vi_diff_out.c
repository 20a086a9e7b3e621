/* vi_diff_out.c - vi-diff's output layouts (see vi_diff_out.h). */
#include "vi_diff_out.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"
#include "vi_json.h"
#include "vi_out.h"

const char *const vi_diff_formats[] = { "csv", "json", NULL };

static const char *const kinds[] = { NULL, "changed", "only", "duplicate" };

struct vi_diff_writer {
	struct vi_out b;
	enum vi_diff_format fmt;
	const struct vi_diff_info *info;
	char *const *labels;
	const char *const *paths;
};

/* ---- JSON pieces ---- */

static json_t *
jfield(const struct vi_field *f)
{
	return f->p == NULL ? json_null() : vi_json_str(f->p, f->n, 0);
}

static json_t *
jfields(const struct vi_field *f, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		vi_json_append(a, f[i].p == NULL ? vi_json_str("", 0, 0) :
		    jfield(&f[i]));
	return a;
}

static json_t *
jstr0(const char *s)
{
	return vi_json_str(s, strlen(s), 0);
}

static json_t *
jmissing(const struct vi_diff_info *info, char *const *labels)
{
	json_t *a = json_array();
	size_t m, i;

	for (m = 0; m < info->nmissing; m++) {
		json_t *o = json_object(), *from = json_array();

		vi_json_set(o, "column", jfield(&info->missing[m].name));
		for (i = 0; i < info->n; i++)
			if (info->missing[m].absent[i])
				vi_json_append(from, jstr0(labels[i]));
		vi_json_set(o, "missing_from", from);
		vi_json_append(a, o);
	}
	return a;
}

static json_t *
jfiles(const struct vi_diff_info *info, char *const *labels,
    const char *const *paths, int counts)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < info->n; i++) {
		json_t *o = json_object();

		vi_json_set(o, "name", jstr0(labels[i]));
		vi_json_set(o, "path", jstr0(paths[i]));
		if (counts) {
			const struct vi_diff_file *f = &info->files[i];

			vi_json_set(o, "records", vi_json_u64(f->records));
			vi_json_set(o, "keys", vi_json_u64(f->keys));
			vi_json_set(o, "duplicate_keys",
			    vi_json_u64(f->duplicate_keys));
		}
		vi_json_append(a, o);
	}
	return a;
}

static json_t *
jsummary(const struct vi_diff_info *info, char *const *labels,
    const char *const *paths)
{
	json_t *o = json_object(), *k = json_object(), *cols = json_array();
	size_t c;

	vi_json_set(o, "format_version", json_integer(1));
	vi_json_set(o, "type", jstr0("summary"));
	vi_json_set(o, "files", jfiles(info, labels, paths, 1));
	vi_json_set(o, "key", jfields(info->key_names, info->nkeys));
	vi_json_set(k, "total", vi_json_u64(info->keys));
	vi_json_set(k, "in_all", vi_json_u64(info->in_all));
	vi_json_set(k, "not_in_all", vi_json_u64(info->not_in_all));
	vi_json_set(k, "compared", vi_json_u64(info->compared));
	vi_json_set(k, "changed", vi_json_u64(info->changed));
	vi_json_set(k, "equal_under_rules", vi_json_u64(info->rule_equal));
	vi_json_set(k, "duplicate", vi_json_u64(info->duplicate));
	vi_json_set(o, "keys", k);
	for (c = 0; c < info->ncols; c++) {
		const struct vi_diff_column *col = &info->cols[c];
		json_t *co = json_object(), *ex;

		vi_json_set(co, "column", jfield(&col->name));
		vi_json_set(co, "differ", vi_json_u64(col->differ));
		if (col->ex_key == NULL) {
			ex = json_null();
		} else {
			json_t *v = json_array();
			size_t i;

			ex = json_object();
			vi_json_set(ex, "key", jfields(col->ex_key,
			    info->nkeys));
			for (i = 0; i < info->n; i++)
				vi_json_append(v, jfield(&col->ex_values[i]));
			vi_json_set(ex, "values", v);
		}
		vi_json_set(co, "example", ex);
		vi_json_append(cols, co);
	}
	vi_json_set(o, "columns", cols);
	vi_json_set(o, "missing_columns", jmissing(info, labels));
	return o;
}

/* One item as a JSON line, written directly (the items are many: no
 * jansson tree per item); the same bytes jansson would dump. */
static void
json_item(struct vi_out *b, const struct vi_diff_info *info,
    const struct vi_diff_item *it)
{
	size_t i, c, r;

	vi_out_str(b, "{\"type\":\"");
	vi_out_str(b, kinds[it->kind]);
	vi_out_str(b, "\",\"key\":[");
	for (i = 0; i < info->nkeys; i++) {
		if (i > 0)
			vi_out_ch(b, ',');
		vi_json_put_str(b, it->key[i].p, it->key[i].n);
	}
	vi_out_str(b, "],\"rows\":[");
	for (i = 0; i < info->n; i++) {
		if (i > 0)
			vi_out_ch(b, ',');
		if (it->kind == VI_DIFF_DUPLICATE) {
			vi_out_ch(b, '[');
			for (r = 0; r < it->counts[i]; r++) {
				if (r > 0)
					vi_out_ch(b, ',');
				vi_out_u64(b, it->rows[i][r]);
			}
			vi_out_ch(b, ']');
		} else if (it->counts[i]) {
			vi_out_u64(b, it->rows[i][0]);
		} else {
			vi_out_str(b, "null");
		}
	}
	vi_out_ch(b, ']');
	if (it->kind == VI_DIFF_CHANGED) {
		vi_out_str(b, ",\"columns\":{");
		for (c = 0; c < it->ndiff; c++) {
			const struct vi_field *name =
			    &info->cols[it->diff[c]].name;

			if (c > 0)
				vi_out_ch(b, ',');
			vi_json_put_str(b, name->p, name->n);
			vi_out_str(b, ":[");
			for (i = 0; i < info->n; i++) {
				const struct vi_field *v;

				if (i > 0)
					vi_out_ch(b, ',');
				if (it->values[i] == NULL) {
					vi_out_str(b, "null");
					continue;
				}
				v = &it->values[i][it->diff[c]];
				vi_json_put_str(b, v->p, v->n);
			}
			vi_out_ch(b, ']');
		}
		vi_out_ch(b, '}');
	}
	vi_out_str(b, "}\n");
}

/* ---- CSV pieces ---- */

static void
csv_label(struct vi_out *b, const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	char *t = vi_xmalloc(vi_xadd(n, m) + 1);

	memcpy(t, s, n);
	memcpy(t + n, suffix, m + 1);
	vi_out_csv(b, t, n + m);
	free(t);
}

static void
csv_key(struct vi_out *b, const struct vi_field *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		vi_out_csv(b, k[i].p, k[i].n);
		vi_out_ch(b, ',');
	}
}

static void
csv_rows(struct vi_out *b, const struct vi_diff_info *info,
    const struct vi_diff_item *it)
{
	size_t i, r;

	for (i = 0; i < info->n; i++) {
		vi_out_ch(b, ',');
		for (r = 0; r < it->counts[i]; r++) {
			if (r > 0)
				vi_out_ch(b, ';');
			vi_out_u64(b, it->rows[i][r]);
		}
	}
	vi_out_ch(b, '\n');
}

static void
csv_item(struct vi_out *b, const struct vi_diff_info *info,
    const struct vi_diff_item *it)
{
	size_t i, c;

	if (it->kind != VI_DIFF_CHANGED) {
		csv_key(b, it->key, info->nkeys);
		vi_out_str(b, kinds[it->kind]);
		vi_out_ch(b, ',');
		for (i = 0; i < info->n; i++)
			vi_out_ch(b, ',');
		csv_rows(b, info, it);
		return;
	}
	for (c = 0; c < it->ndiff; c++) {
		const struct vi_field *name = &info->cols[it->diff[c]].name;

		csv_key(b, it->key, info->nkeys);
		vi_out_str(b, "changed,");
		vi_out_csv(b, name->p, name->n);
		for (i = 0; i < info->n; i++) {
			vi_out_ch(b, ',');
			if (it->values[i] != NULL)
				vi_out_csv(b, it->values[i][it->diff[c]].p,
				    it->values[i][it->diff[c]].n);
		}
		csv_rows(b, info, it);
	}
}

static void
csv_summary(struct vi_out *b, const struct vi_diff_info *info,
    char *const *labels)
{
	size_t c, i, m;

	vi_out_str(b, "column,differ,missing_from");
	for (i = 0; i < info->nkeys; i++) {
		vi_out_ch(b, ',');
		vi_out_csv(b, info->key_names[i].p, info->key_names[i].n);
	}
	for (i = 0; i < info->n; i++) {
		vi_out_ch(b, ',');
		vi_out_csv(b, labels[i], strlen(labels[i]));
	}
	vi_out_ch(b, '\n');
	for (c = 0; c < info->ncols; c++) {
		const struct vi_diff_column *col = &info->cols[c];

		vi_out_csv(b, col->name.p, col->name.n);
		vi_out_ch(b, ',');
		vi_out_u64(b, col->differ);
		vi_out_ch(b, ',');
		for (i = 0; i < info->nkeys; i++) {
			vi_out_ch(b, ',');
			if (col->ex_key != NULL)
				vi_out_csv(b, col->ex_key[i].p,
				    col->ex_key[i].n);
		}
		for (i = 0; i < info->n; i++) {
			vi_out_ch(b, ',');
			if (col->ex_values != NULL &&
			    col->ex_values[i].p != NULL)
				vi_out_csv(b, col->ex_values[i].p,
				    col->ex_values[i].n);
		}
		vi_out_ch(b, '\n');
	}
	for (m = 0; m < info->nmissing; m++) {
		int first = 1;

		vi_out_csv(b, info->missing[m].name.p, info->missing[m].name.n);
		vi_out_str(b, ",,");
		for (i = 0; i < info->n; i++)
			if (info->missing[m].absent[i]) {
				if (!first)
					vi_out_ch(b, ';');
				first = 0;
				vi_out_str(b, labels[i]);
			}
		for (i = 0; i < info->nkeys + info->n; i++)
			vi_out_ch(b, ',');
		vi_out_ch(b, '\n');
	}
}

/* ---- the writer ---- */

struct vi_diff_writer *
vi_diff_writer_open(FILE *f, enum vi_diff_format fmt,
    const struct vi_diff_info *info, char *const *labels,
    const char *const *paths, struct vi_error *e)
{
	struct vi_diff_writer *w = vi_xcalloc(1, sizeof *w);
	struct vi_out b0 = VI_OUT_INIT(f);
	size_t i, c;

	w->b = b0;
	w->fmt = fmt;
	w->info = info;
	w->labels = labels;
	w->paths = paths;
	if (fmt == VI_DIFF_JSON) {
		json_t *o, *cols;

		vi_json_begin();
		o = json_object();
		cols = json_array();
		vi_json_set(o, "format_version", json_integer(1));
		vi_json_set(o, "type", jstr0("header"));
		vi_json_set(o, "files", jfiles(info, labels, paths, 0));
		vi_json_set(o, "key", jfields(info->key_names, info->nkeys));
		for (c = 0; c < info->ncols; c++)
			vi_json_append(cols, jfield(&info->cols[c].name));
		vi_json_set(o, "columns", cols);
		vi_json_set(o, "missing_columns", jmissing(info, labels));
		if (vi_json_write(&w->b, o, JSON_COMPACT, e) < 0) {
			vi_out_free(&w->b);
			free(w);
			return NULL;
		}
		return w;
	}
	csv_key(&w->b, info->key_names, info->nkeys);
	vi_out_str(&w->b, "status,column");
	for (i = 0; i < info->n; i++) {
		vi_out_ch(&w->b, ',');
		csv_label(&w->b, labels[i], "");
	}
	for (i = 0; i < info->n; i++) {
		vi_out_ch(&w->b, ',');
		csv_label(&w->b, labels[i], "_rows");
	}
	vi_out_ch(&w->b, '\n');
	return w;
}

int
vi_diff_writer_item(struct vi_diff_writer *w, const struct vi_diff_item *it,
    struct vi_error *e)
{
	if (w->fmt == VI_DIFF_JSON)
		json_item(&w->b, w->info, it);
	else
		csv_item(&w->b, w->info, it);
	return vi_out_check(&w->b, e);
}

int
vi_diff_writer_close(struct vi_diff_writer *w, struct vi_error *e)
{
	struct vi_error dummy;
	int rc = 0;

	if (e == NULL)
		e = &dummy;
	if (w->fmt == VI_DIFF_JSON) {
		vi_json_begin();
		rc = vi_json_write(&w->b, jsummary(w->info, w->labels,
		    w->paths), JSON_COMPACT, e);
	}
	if (rc == 0)
		rc = vi_out_close(&w->b, e);
	else
		vi_out_free(&w->b);
	free(w);
	return rc;
}

int
vi_diff_write_summary(FILE *f, enum vi_diff_format fmt,
    const struct vi_diff_info *info, char *const *labels,
    const char *const *paths, struct vi_error *e)
{
	struct vi_out b = VI_OUT_INIT(f);

	if (fmt == VI_DIFF_JSON) {
		vi_json_begin();
		return vi_json_print(f, jsummary(info, labels, paths),
		    JSON_INDENT(2), e);
	}
	csv_summary(&b, info, labels);
	return vi_out_close(&b, e);
}
