/* vi_presence_out.c - summary and matrix output (see vi_presence_out.h). */
#include "vi_presence_out.h"

#include <jansson.h>       /* all JSON text, string escaping included */
#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"
#include "vi_json.h"
#include "vi_keystream.h"  /* vi_ks_escape, vi_ks_unescape */
#include "vi_out.h"

const char *const vi_pr_formats[] = { "csv", "tsv", "json", NULL };

/* A raw field in the key stream escaping (for TSV). */
static void
ob_esc(struct vi_out *b, const char *s, size_t n)
{
	b->len += vi_ks_escape(vi_out_room(b, vi_xmul(n, 4)), s, n);
}

/* A raw field in fmt (CSV or TSV). */
static void
ob_field(struct vi_out *b, enum vi_pr_format fmt, const char *s, size_t n)
{
	if (fmt == VI_PR_TSV)
		ob_esc(b, s, n);
	else
		vi_out_csv(b, s, n);
}

/* ---- JSON helpers ---- */

/* A JSON string for n raw bytes; *escaped is set when they are not valid
 * UTF-8 and were written escaped instead (see the header). */
static json_t *
jstr(const char *s, size_t n, int *escaped)
{
	static const char hexd[] = "0123456789abcdef";
	json_t *j = json_stringn(n ? s : "", n);
	char *t;
	size_t i, k;

	if (j != NULL || n == 0)        /* an empty field is no escape */
		return j;
	t = vi_xmalloc(vi_xmul(vi_xadd(n, 1), 4));
	for (i = k = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			t[k++] = '\\';
			t[k++] = 'x';
			t[k++] = hexd[c >> 4];
			t[k++] = hexd[c & 15];
		} else {
			k += vi_ks_escape(t + k, s + i, 1);
		}
	}
	j = json_stringn(t, k);
	free(t);
	if (escaped != NULL)
		*escaped = 1;
	return j;
}

static json_t *
jlabel(const char *s)
{
	return jstr(s, strlen(s), NULL);
}

static int
bit(const uint64_t *m, size_t i)
{
	return (m[i / 64] >> (i % 64)) & 1;
}

/* ---- the summary ---- */

/* "a;b;c": the labels of the streams in mask (all when mask is NULL). */
static void
ob_set(struct vi_out *b, enum vi_pr_format fmt, const uint64_t *mask,
    size_t n, char *const *labels)
{
	struct vi_out t = VI_OUT_INIT(NULL);
	size_t i;
	int first = 1;

	for (i = 0; i < n; i++) {
		if (mask != NULL && !bit(mask, i))
			continue;
		if (!first)
			vi_out_ch(&t, ';');
		vi_out_add(&t, labels[i], strlen(labels[i]));
		first = 0;
	}
	ob_field(b, fmt, t.p ? t.p : "", t.len);
	vi_out_free(&t);
}

static void
ob_row(struct vi_out *b, enum vi_pr_format fmt, const char *measure,
    const uint64_t *mask, size_t only, size_t n, char *const *labels,
    int known, uint64_t v)
{
	char sep = fmt == VI_PR_TSV ? '\t' : ',';

	vi_out_add(b, measure, strlen(measure));
	vi_out_ch(b, sep);
	if (only != (size_t)-1)
		ob_field(b, fmt, labels[only], strlen(labels[only]));
	else
		ob_set(b, fmt, mask, n, labels);
	vi_out_ch(b, sep);
	if (known)
		vi_out_u64(b, v);
	vi_out_ch(b, '\n');
}

static json_t *
json_summary(const struct vi_pr_summary_view *v)
{
	const struct vi_pr_stats *st = v->st;
	json_t *o, *files, *subsets, *per;
	size_t i, j;

	vi_json_begin();
	o = json_object();
	files = json_array();
	subsets = json_array();
	per = json_array();

	for (i = 0; i < st->n; i++)
		vi_json_append(files, jlabel(v->labels[i]));
	vi_json_set(o, "files", files);
	vi_json_set(o, "keys", vi_json_u64(st->keys));
	vi_json_set(o, "in_all", vi_json_u64(st->in_all));
	vi_json_set(o, "changed", st->has_hash ? vi_json_u64(st->changed) :
	    json_null());
	vi_json_set(o, "differ", st->has_hash ? vi_json_u64(st->differ) :
	    json_null());
	vi_json_set(o, "key_fields", vi_json_u64(v->nkeys));
	for (j = 0; j < v->nregions; j++) {
		json_t *s = json_object(), *fl = json_array();

		for (i = 0; i < st->n; i++)
			if (bit(v->regions[j].mask, i))
				vi_json_append(fl, jlabel(v->labels[i]));
		vi_json_set(s, "files", fl);
		vi_json_set(s, "keys", vi_json_u64(v->regions[j].keys));
		vi_json_append(subsets, s);
	}
	vi_json_set(o, "subsets", subsets);
	for (i = 0; i < st->n; i++) {
		const struct vi_pr_file_stats *fs = &st->file[i];
		json_t *f = json_object();

		vi_json_set(f, "name", jlabel(v->labels[i]));
		vi_json_set(f, "path", v->paths[i] != NULL ?
		    jlabel(v->paths[i]) : json_null());
		vi_json_set(f, "records", vi_json_u64(fs->records));
		vi_json_set(f, "keys", vi_json_u64(fs->keys));
		vi_json_set(f, "duplicate_keys",
		    vi_json_u64(fs->duplicate_keys));
		vi_json_set(f, "unique", vi_json_u64(fs->unique));
		vi_json_set(f, "has_hash", json_boolean(v->file_hash[i]));
		vi_json_append(per, f);
	}
	vi_json_set(o, "per_file", per);
	return o;
}

int
vi_pr_write_summary_view(FILE *f, enum vi_pr_format fmt,
    const struct vi_pr_summary_view *v, struct vi_error *e)
{
	const struct vi_pr_stats *st = v->st;
	char *const *labels = v->labels;
	struct vi_out b = VI_OUT_INIT(f);
	size_t i, none = (size_t)-1;
	char sep = fmt == VI_PR_TSV ? '\t' : ',';

	if (fmt == VI_PR_JSON)
		return vi_json_print(f, json_summary(v), JSON_INDENT(2), e);
	vi_out_add(&b, "measure", 7);
	vi_out_ch(&b, sep);
	vi_out_add(&b, "files", 5);
	vi_out_ch(&b, sep);
	vi_out_add(&b, "count\n", 6);
	ob_row(&b, fmt, "keys", NULL, none, st->n, labels, 1, st->keys);
	ob_row(&b, fmt, "in_all", NULL, none, st->n, labels, 1,
	    st->in_all);
	ob_row(&b, fmt, "changed", NULL, none, st->n, labels,
	    st->has_hash, st->changed);
	for (i = 0; i < st->n; i++) {
		const struct vi_pr_file_stats *fs = &st->file[i];

		ob_row(&b, fmt, "records", NULL, i, st->n, labels, 1,
		    fs->records);
		ob_row(&b, fmt, "file_keys", NULL, i, st->n, labels, 1,
		    fs->keys);
		ob_row(&b, fmt, "duplicate_keys", NULL, i, st->n,
		    labels, 1, fs->duplicate_keys);
		ob_row(&b, fmt, "unique", NULL, i, st->n, labels, 1,
		    fs->unique);
	}
	for (i = 0; i < v->nregions; i++)
		ob_row(&b, fmt, "subset", v->regions[i].mask, none, st->n,
		    labels, 1, v->regions[i].keys);
	return vi_out_close(&b, e);
}

int
vi_pr_write_summary(FILE *f, enum vi_pr_format fmt, struct vi_presence *p,
    char *const *labels, char *const *paths, struct vi_error *e)
{
	struct vi_pr_summary_view v;
	int *fh, rc;
	size_t i;

	v.st = vi_pr_stats(p);
	v.nkeys = vi_pr_nkeys(p);
	v.regions = vi_pr_regions(p, &v.nregions);
	v.labels = labels;
	v.paths = paths;
	fh = vi_xcalloc(v.st->n ? v.st->n : 1, sizeof *fh);
	for (i = 0; i < v.st->n; i++)
		fh[i] = vi_pr_file_hash(p, i);
	v.file_hash = fh;
	rc = vi_pr_write_summary_view(f, fmt, &v, e);
	free(fh);
	return rc;
}

/* ---- the matrix ---- */

struct vi_pr_matrix {
	struct vi_out b;
	enum vi_pr_format fmt;
	unsigned flags;
	size_t n, nkeys;
	char *const *labels;
	char *raw;                /* an unescaped key */
	size_t rawcap;
};

struct vi_pr_matrix *
vi_pr_matrix_open(FILE *f, enum vi_pr_format fmt, unsigned mflags,
    const struct vi_presence *p, char *const *labels, struct vi_error *e)
{
	struct vi_pr_matrix *m = vi_xcalloc(1, sizeof *m);
	char *const *names = vi_pr_key_names(p);
	char sep = fmt == VI_PR_TSV ? '\t' : ',', tmp[32];
	size_t i;

	m->b.f = f;   /* the rest of m->b zeroed by calloc */
	m->fmt = fmt;
	m->flags = mflags;
	m->n = vi_pr_stats(p)->n;
	m->nkeys = vi_pr_nkeys(p) ? vi_pr_nkeys(p) : 1;
	m->labels = labels;
	if (fmt == VI_PR_JSON)
		return m;
	for (i = 0; i < m->nkeys; i++) {
		if (i > 0)
			vi_out_ch(&m->b, sep);
		if (names != NULL) {
			ob_field(&m->b, fmt, names[i], strlen(names[i]));
		} else {
			snprintf(tmp, sizeof tmp, "key%zu", i + 1);
			vi_out_add(&m->b, tmp, strlen(tmp));
		}
	}
	for (i = 0; i < m->n; i++) {
		vi_out_ch(&m->b, sep);
		ob_field(&m->b, fmt, labels[i], strlen(labels[i]));
	}
	if (mflags & VI_PR_M_ROWS) {
		for (i = 0; i < m->n; i++) {
			struct vi_out t = VI_OUT_INIT(NULL);

			vi_out_ch(&m->b, sep);
			vi_out_add(&t, labels[i], strlen(labels[i]));
			vi_out_add(&t, "_rows", 5);
			ob_field(&m->b, fmt, t.p, t.len);
			vi_out_free(&t);
		}
	}
	vi_out_ch(&m->b, '\n');
	if (vi_out_flush(&m->b) < 0) {
		(void)vi_out_check(&m->b, e);
		vi_pr_matrix_close(m, NULL);
		return NULL;
	}
	return m;
}

/* Unescape one encoded key field into m->raw; returns its length. */
static size_t
unescape(struct vi_pr_matrix *m, const char *s, size_t n)
{
	if (n > m->rawcap) {
		m->rawcap = 2 * n + 64;
		free(m->raw);
		m->raw = vi_xmalloc(m->rawcap);
	}
	return vi_ks_unescape(m->raw, s, n);
}

static int
json_row(struct vi_pr_matrix *m, const struct vi_pr_group *g,
    struct vi_error *e)
{
	json_t *o, *key, *cnt;
	const char *s = g->key, *end = g->key + g->keylen, *t;
	size_t i, k, n;
	int escaped = 0;

	vi_json_begin();
	o = json_object();
	key = json_array();
	cnt = json_array();

	for (;;) {
		t = memchr(s, '\t', (size_t)(end - s));
		if (t == NULL)
			t = end;
		n = unescape(m, s, (size_t)(t - s));
		vi_json_append(key, jstr(m->raw, n, &escaped));
		if (t == end)
			break;
		s = t + 1;
	}
	vi_json_set(o, "key", key);
	if (escaped)
		vi_json_set(o, "escaped", json_true());
	for (i = 0; i < m->n; i++)
		vi_json_append(cnt, (m->flags & VI_PR_M_COUNTS) ?
		    vi_json_u64(g->counts[i]) : vi_json_u64(g->counts[i] != 0));
	vi_json_set(o, (m->flags & VI_PR_M_COUNTS) ? "counts" :
	    "present", cnt);
	vi_json_set(o, "changed", g->changed < 0 ? json_null() :
	    json_boolean(g->changed));
	if ((m->flags & VI_PR_M_ROWS) && g->rows != NULL) {
		json_t *rows = json_array();

		for (i = 0; i < m->n; i++) {
			json_t *r = json_array();

			for (k = 0; k < g->counts[i]; k++)
				vi_json_append(r, vi_json_u64(g->rows[i][k]));
			vi_json_append(rows, r);
		}
		vi_json_set(o, "rows", rows);
	}
	return vi_json_write(&m->b, o, JSON_COMPACT, e);
}

int
vi_pr_matrix_row(struct vi_pr_matrix *m, const struct vi_pr_group *g,
    struct vi_error *e)
{
	struct vi_out *b = &m->b;
	char sep = m->fmt == VI_PR_TSV ? '\t' : ',';
	size_t i, k, n;

	if (m->fmt == VI_PR_JSON) {
		if (json_row(m, g, e) < 0)
			return -1;
	} else if (m->fmt == VI_PR_TSV) {
		/* The encoded key is already TAB-separated and escaped. */
		vi_out_add(b, g->key, g->keylen);
	} else {
		const char *s = g->key, *end = g->key + g->keylen, *t;

		for (;;) {
			t = memchr(s, '\t', (size_t)(end - s));
			if (t == NULL)
				t = end;
			n = unescape(m, s, (size_t)(t - s));
			vi_out_csv(b, m->raw, n);
			if (t == end)
				break;
			vi_out_ch(b, ',');
			s = t + 1;
		}
	}
	if (m->fmt != VI_PR_JSON) {
		for (i = 0; i < m->n; i++) {
			vi_out_ch(b, sep);
			if (m->flags & VI_PR_M_COUNTS)
				vi_out_u64(b, g->counts[i]);
			else
				vi_out_ch(b, g->counts[i] ? '1' : '0');
		}
		if ((m->flags & VI_PR_M_ROWS) && g->rows != NULL) {
			for (i = 0; i < m->n; i++) {
				vi_out_ch(b, sep);
				for (k = 0; k < g->counts[i]; k++) {
					if (k > 0)
						vi_out_ch(b, ';');
					vi_out_u64(b, g->rows[i][k]);
				}
			}
		}
		vi_out_ch(b, '\n');
	}
	return vi_out_check(b, e);   /* written when the buffer is full */
}

int
vi_pr_matrix_close(struct vi_pr_matrix *m, struct vi_error *e)
{
	int rc = 0;

	if (m == NULL)
		return 0;
	if (e != NULL)
		rc = vi_out_close(&m->b, e);
	vi_out_free(&m->b);
	free(m->raw);
	free(m);
	return rc;
}

int
vi_pr_run(struct vi_presence *p, struct vi_pr_matrix *m, unsigned only,
    struct vi_error *e)
{
	struct vi_pr_group g;
	int rc;

	while ((rc = vi_pr_next(p, &g, e)) > 0) {
		if (m == NULL)
			continue;
		if (only != 0 &&
		    !((only & VI_PR_ONLY_MISSING) && !g.in_all) &&
		    !((only & VI_PR_ONLY_CHANGED) && g.changed == 1))
			continue;
		if (vi_pr_matrix_row(m, &g, e) < 0)
			return vi_error_at(e, VI_ERR_OUTPUT, NULL);
	}
	return rc < 0 ? -1 : 0;
}
