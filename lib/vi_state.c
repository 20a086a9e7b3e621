/* vi_state.c - vi-stats' state files: write, check, read, merge (see
 * vi_state.h; the format is documented in man/vi-stats.1, STATE FILES). */
#include "vi_state.h"
#include "vi_profile_impl.h"
#include "vi_alloc.h"
#include "vi_input.h"
#include "vi_json.h"   /* jansson with every allocation failure noticed */
#include "vi_out.h"
#include "vi_pscan.h"  /* vi_pscan_info_add: the threaded scan's merge */

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#define FORMAT_NAME "vi-stats-state"
#define TRAILER ",\"checksum\":\""
/* How every state begins (the writer puts these keys first). */
#define HEAD "{\"format\":\"" FORMAT_NAME "\",\"format_version\":"
#define STR(x) #x
#define XSTR(x) STR(x)
#define VERSION_TEXT XSTR(VI_STATE_FORMAT_VERSION)
#define NTYPES_BELOW (VI_NTYPES - 1)    /* types with a first exception */
#define NFITS ((int)VI_PF_FITS_BELOW_STRING + 1)

/* ---------- writing ---------- */

static const char hexd[] = "0123456789abcdef";

static json_t *
jhex(const void *p, size_t n)
{
	const unsigned char *s = p;
	char *b = vi_xmalloc(n * 2 + 1);
	json_t *j;
	size_t i;

	for (i = 0; i < n; i++) {
		b[2 * i] = hexd[s[i] >> 4];
		b[2 * i + 1] = hexd[s[i] & 15];
	}
	j = json_stringn(b, n * 2);
	free(b);
	return j;
}

static json_t *
jbits(double d)
{
	uint64_t u;
	char b[17];

	memcpy(&u, &d, sizeof u);
	snprintf(b, sizeof b, "%016" PRIx64, u);
	return json_string(b);
}

static json_t *
jint(int64_t v)
{
	return json_integer((json_int_t)v);
}

static void
put(json_t *o, const char *key, json_t *v)
{
	vi_json_set(o, key, v);     /* a failure is seen at the dump */
}

/* A hash as 16 hex digits, big-endian. */
static json_t *
jhash(uint64_t v)
{
	unsigned char b[8];
	int j;

	for (j = 7; j >= 0; j--, v >>= 8)
		b[j] = (unsigned char)v;
	return jhex(b, 8);
}

static int
entry_by_hash(const void *a, const void *b)
{
	uint64_t x = ((const struct vi_topk_entry *)a)->hash,
	    y = ((const struct vi_topk_entry *)b)->hash;

	return (x > y) - (x < y);
}

/* A top-values summary: its counters in hash order (a canonical form). */
static json_t *
jtopk(const struct vi_topk *t)
{
	struct vi_topk_entry *e = vi_xcalloc(t->n ? t->n : 1, sizeof *e);
	json_t *o = json_object(), *a = json_array(), *x;
	uint32_t i;

	for (i = 0; i < t->n; i++)
		vi_topk_get(t, i, &e[i]);
	qsort(e, t->n, sizeof *e, entry_by_hash);
	put(o, "total", vi_json_u64(t->total));
	put(o, "err", vi_json_u64(t->err));
	for (i = 0; i < t->n; i++) {
		x = json_array();
		vi_json_append(x, jhash(e[i].hash));
		vi_json_append(x, vi_json_u64(e[i].count));
		vi_json_append(x, jhex(e[i].v, e[i].len));
		vi_json_append(x, json_boolean(e[i].truncated));
		vi_json_append(a, x);
	}
	free(e);
	put(o, "counters", a);
	return o;
}

/* A quantile sketch: per level its compactions and its keys. */
static json_t *
jquant(const struct vi_quant *q)
{
	json_t *o = json_object(), *a = json_array(), *x;
	unsigned char *b;
	unsigned h;
	uint32_t i;
	int j;

	put(o, "n", vi_json_u64(q->n));
	put(o, "err", vi_json_u64(q->err));
	for (h = 0; h < q->nlv; h++) {
		const struct vi_quant_level *l = &q->lv[h];

		b = vi_xcalloc((size_t)l->n + 1, 8);
		for (i = 0; i < l->n; i++) {
			uint64_t v = l->x[i];

			for (j = 7; j >= 0; j--, v >>= 8)
				b[(size_t)i * 8 + (size_t)j] = (unsigned char)v;
		}
		x = json_array();
		vi_json_append(x, vi_json_u64(l->compactions));
		vi_json_append(x, jhex(b, (size_t)l->n * 8));
		vi_json_append(a, x);
		free(b);
	}
	put(o, "levels", a);
	return o;
}

/* One block of one column: [n, mean, m2, sketches or null]. */
static json_t *
jblock(const struct vi_profile *p, const struct vi_pf_block *b)
{
	json_t *a = json_array(), *o;

	vi_json_append(a, vi_json_u64(b->m.n));
	vi_json_append(a, jbits(b->m.mean));
	vi_json_append(a, jbits(b->m.m2));
	if (b->sk == NULL || (b->sk->top.total == 0 && b->sk->q.n == 0)) {
		vi_json_append(a, json_null());
		return a;
	}
	o = json_object();
	put(o, "top", p->sketch & VI_PROFILE_TOP ? jtopk(&b->sk->top) :
	    json_null());
	put(o, "quantiles", p->sketch & VI_PROFILE_QUANTILES ?
	    jquant(&b->sk->q) : json_null());
	vi_json_append(a, o);
	return a;
}

static json_t *
jtbound(const struct vi_pf_tbound *b)
{
	json_t *a;

	if (b->len == 0)
		return json_null();
	a = json_array();
	vi_json_append(a, jint(b->sec));
	vi_json_append(a, jint(b->ns));
	vi_json_append(a, jhex(b->text, b->len));
	return a;
}

static json_t *
jhll(const struct vi_hll *h)
{
	json_t *o = json_object();
	uint64_t *hs;
	uint32_t i, k = 0;

	if (h->reg != NULL) {
		put(o, "registers", jhex(h->reg, VI_HLL_M));
		return o;
	}
	/* The members as 16 hex digits each, big-endian, in slot order. */
	hs = vi_xcalloc(h->cap ? h->cap : 1, sizeof *hs);
	for (i = 0; i < h->cap; i++)
		if (h->set[i] != 0) {
			uint64_t v = h->set[i];
			unsigned char b[8];
			int j;

			for (j = 7; j >= 0; j--, v >>= 8)
				b[j] = (unsigned char)v;
			memcpy(&hs[k++], b, 8);
		}
	put(o, "zero", json_boolean(h->zero));
	put(o, "hashes", jhex(hs, (size_t)k * 8));
	free(hs);
	return o;
}

static json_t *
jvalues(const struct vi_pf_column *c)
{
	json_t *o = json_object(), *a;
	int t;

	put(o, "non_null", vi_json_u64(c->non_null));
	put(o, "min_len", vi_json_u64(c->min_len));
	put(o, "max_len", vi_json_u64(c->max_len));
	put(o, "pending", json_integer(c->pending));
	put(o, "bools", json_integer(c->bools));
	put(o, "imin", jint(c->imin));
	put(o, "imax", jint(c->imax));
	put(o, "dmin", jbits(c->dmin));
	put(o, "dmax", jbits(c->dmax));
	put(o, "smin", jhex(c->smin.p, c->smin.n));
	put(o, "smax", jhex(c->smax.p, c->smax.n));
	a = json_array();
	for (t = 0; t < NFITS; t++)
		vi_json_append(a, vi_json_u64(c->nfits[t]));
	put(o, "nfits", a);
	put(o, "zero_padded", vi_json_u64(c->zero_padded));
	put(o, "int64_overflow", vi_json_u64(c->int64_overflow));
	put(o, "nonfinite", vi_json_u64(c->nonfinite));
	put(o, "date_min", jtbound(&c->date_min));
	put(o, "date_max", jtbound(&c->date_max));
	put(o, "datetime_min", jtbound(&c->dt_min));
	put(o, "datetime_max", jtbound(&c->dt_max));
	a = json_array();
	for (t = 0; t < NTYPES_BELOW; t++) {
		const struct vi_pf_exc *x = &c->exc[t];
		json_t *xo;

		if (!x->set) {
			vi_json_append(a, json_null());
			continue;
		}
		xo = json_object();
		put(xo, "line", vi_json_u64(x->line));
		put(xo, "byte", vi_json_u64(x->byte));
		put(xo, "value", jhex(x->v, x->len));
		put(xo, "truncated", json_boolean(x->truncated));
		vi_json_append(a, xo);
	}
	put(o, "exceptions", a);
	put(o, "distinct", jhll(&c->hll));
	return o;
}

static json_t *
jcolumn(const struct vi_profile *p, size_t i)
{
	const struct vi_pf_col *k = &p->cols[i];
	json_t *o = json_object(), *a;
	size_t t, b;

	put(o, "name", jhex(k->name, k->name_len));
	put(o, "nulls", vi_json_u64(k->nulls));
	if (k->nullc != NULL) {
		a = json_array();
		for (t = 0; t < p->ntok; t++)
			vi_json_append(a, vi_json_u64(k->nullc[t]));
		put(o, "null_counts", a);
	} else
		put(o, "null_counts", json_null());
	put(o, "total", jblock(p, &k->total));
	a = json_array();
	for (b = 0; b < p->nblocks; b++)
		vi_json_append(a, jblock(p, &p->blocks[b * p->ncols + i]));
	put(o, "blocks", a);
	put(o, "open", jblock(p, &k->open));
	put(o, "values", k->v != NULL ? jvalues(k->v) : json_null());
	return o;
}

static json_t *
jinfo(const struct vi_csv_info *in)
{
	json_t *o = json_object(), *a;
	size_t i;

	put(o, "bytes", vi_json_u64(in->bytes));
	put(o, "lines", vi_json_u64(in->lines));
	put(o, "records_read", vi_json_u64(in->records_read));
	put(o, "records_ok", vi_json_u64(in->records_ok));
	put(o, "records_rejected", vi_json_u64(in->records_rejected));
	put(o, "quoting_rejects", vi_json_u64(in->quoting_rejects));
	put(o, "blank_lines", vi_json_u64(in->blank_lines));
	put(o, "columns", vi_json_u64(in->columns));
	put(o, "bom", json_boolean(in->bom_utf8));
	put(o, "utf8_invalid", vi_json_u64(in->utf8_invalid));
	put(o, "utf8_first_line", vi_json_u64(in->utf8_first_line));
	put(o, "utf8_first_byte", vi_json_u64(in->utf8_first_byte));
	a = json_array();
	for (i = 0; i < in->nrejects_kept && i < VI_CSV_REJECTS_KEPT; i++) {
		const struct vi_reject *r = &in->rejects[i];
		json_t *x = json_object();

		put(x, "line", vi_json_u64(r->line));
		put(x, "byte", vi_json_u64(r->byte));
		put(x, "reason", jhex(r->reason, strnlen(r->reason,
		    sizeof r->reason)));
		vi_json_append(a, x);
	}
	put(o, "rejects", a);
	return o;
}

/* The bytes written, hashed on the way out. */
struct hout {
	struct vi_out out;
	XXH3_state_t *h;
};

static void
hadd(struct hout *w, const char *s, size_t n)
{
	XXH3_64bits_update(w->h, s, n);
	vi_out_add(&w->out, s, n);
}

/* Dump j (released) into w; cut: leave out its last byte ('}' or ']'). */
static int
hdump(struct hout *w, json_t *j, int cut)
{
	char *text = vi_json_dumps(j, JSON_COMPACT);

	if (text == NULL)
		return -1;
	hadd(w, text, strlen(text) - (cut != 0));
	free(text);
	return 0;
}

int
vi_state_write(FILE *out, const char *file,
    const struct vi_state_part *part, const struct vi_csv_info *info,
    const struct vi_profile *p, struct vi_error *e)
{
	const struct vi_nulls *ns = p->nulls;
	struct hout w = { VI_OUT_INIT(out), XXH3_createState() };
	json_t *o, *x, *a;
	size_t i, len;
	char tail[64];
	int rc = 0;

	if (w.h == NULL)
		return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "out of memory");
	XXH3_64bits_reset(w.h);
	vi_json_begin();
	o = json_object();
	put(o, "format", json_string(FORMAT_NAME));
	put(o, "format_version", json_integer(VI_STATE_FORMAT_VERSION));
	put(o, "file", jhex(file, strlen(file)));
	if (part != NULL && part->n != 0) {
		x = json_object();
		put(x, "k", vi_json_u64(part->k));
		put(x, "n", vi_json_u64(part->n));
		put(x, "size", vi_json_u64(part->size));
		put(x, "start", vi_json_u64(part->start));
		put(x, "end", vi_json_u64(part->end));
		put(o, "part", x);
	} else
		put(o, "part", json_null());
	x = json_object();
	put(x, "preset", vi_nulls_preset(ns) ?
	    json_string(vi_nulls_preset(ns)) : json_null());
	a = json_array();
	for (i = 0; i < vi_nulls_count(ns); i++) {
		const char *tok = vi_nulls_token(ns, i, &len);

		vi_json_append(a, jhex(tok, len));
	}
	put(x, "tokens", a);
	put(o, "nulls", x);
	put(o, "reader", jinfo(info));
	x = json_object();
	put(x, "rows", vi_json_u64(p->rows));
	put(x, "columns", vi_json_u64(p->ncols));
	put(x, "numbered", json_boolean(p->numbered));
	put(x, "origin", json_boolean(p->origin));
	put(x, "folded", vi_json_u64(p->folded));
	put(x, "blocks", vi_json_u64(p->nblocks));
	put(x, "sketches", json_integer(p->sketch));
	put(o, "profile", x);
	/* "columns", the last key but the checksum, one column at a time. */
	if (hdump(&w, o, 1) < 0)
		goto oom;
	hadd(&w, ",\"columns\":[", 12);
	for (i = 0; i < p->ncols; i++) {
		if (i > 0)
			hadd(&w, ",", 1);
		vi_json_begin();
		if (hdump(&w, jcolumn(p, i), 0) < 0)
			goto oom;
	}
	hadd(&w, "]", 1);
	snprintf(tail, sizeof tail, TRAILER "%016" PRIx64 "\"}\n",
	    (uint64_t)XXH3_64bits_digest(w.h));
	vi_out_str(&w.out, tail);
	rc = vi_out_close(&w.out, e);
	XXH3_freeState(w.h);
	return rc;
oom:
	vi_out_free(&w.out);
	XXH3_freeState(w.h);
	return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0, "out of memory");
}

/* ---------- reading ---------- */

/* What went wrong first while reading a state's fields. */
struct rd {
	const char *bad;      /* the key at fault, or NULL */
};

/* Note the first key at fault. */
static void
fault(struct rd *r, const char *key)
{
	if (r->bad == NULL)
		r->bad = key;
}

static json_t *
get(struct rd *r, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	if (v == NULL)
		fault(r, key);
	return v;
}

/* Is ok true?  Else note key. */
static int
want(struct rd *r, int ok, const char *key)
{
	if (!ok)
		fault(r, key);
	return ok;
}

static uint64_t
get_u64(struct rd *r, json_t *o, const char *key)
{
	json_t *v = get(r, o, key);

	return want(r, json_is_integer(v) && json_integer_value(v) >= 0, key) ?
	    (uint64_t)json_integer_value(v) : 0;
}

static int64_t
get_i64(struct rd *r, json_t *o, const char *key)
{
	json_t *v = get(r, o, key);

	return want(r, json_is_integer(v), key) ?
	    (int64_t)json_integer_value(v) : 0;
}

static int
get_bool(struct rd *r, json_t *o, const char *key)
{
	json_t *v = get(r, o, key);

	return want(r, json_is_boolean(v), key) && json_is_true(v);
}

static int
unhex1(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The bytes of hex string v (allocated, NUL-ended; *n its length), or NULL
 * with r->bad set.  max: the most bytes allowed. */
static char *
hex_of(struct rd *r, json_t *v, const char *key, size_t max, size_t *n)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), i;
	char *b;

	if (s == NULL || len % 2 != 0 || len / 2 > max) {
		fault(r, key);
		return NULL;
	}
	b = vi_xmalloc(len / 2 + 1);
	for (i = 0; i < len / 2; i++) {
		int hi = unhex1(s[2 * i]), lo = unhex1(s[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(b);
			fault(r, key);
			return NULL;
		}
		b[i] = (char)(hi << 4 | lo);
	}
	b[len / 2] = '\0';
	*n = len / 2;
	return b;
}

static char *
get_hex(struct rd *r, json_t *o, const char *key, size_t max, size_t *n)
{
	return hex_of(r, get(r, o, key), key, max, n);
}

static double
bits_of(struct rd *r, json_t *v, const char *key)
{
	size_t n;
	char *b = hex_of(r, v, key, 8, &n);
	uint64_t u = 0;
	double d = 0;
	size_t i;

	if (b != NULL && n == 8) {
		for (i = 0; i < 8; i++)
			u = u << 8 | (unsigned char)b[i];
		memcpy(&d, &u, sizeof d);
	} else
		fault(r, key);
	free(b);
	return d;
}

static double
get_bits(struct rd *r, json_t *o, const char *key)
{
	return bits_of(r, get(r, o, key), key);
}

/* An array of exactly n items (n SIZE_MAX: any), or NULL with r->bad. */
static json_t *
get_array(struct rd *r, json_t *o, const char *key, size_t n)
{
	json_t *v = get(r, o, key);

	if (!json_is_array(v) || (n != SIZE_MAX && json_array_size(v) != n)) {
		fault(r, key);
		return NULL;
	}
	return v;
}

/* The 8-byte big-endian numbers of hex string v, allocated, *n of them. */
static uint64_t *
u64s_of(struct rd *r, json_t *v, const char *key, size_t max, size_t *n)
{
	size_t len, i;
	char *b = hex_of(r, v, key, max * 8, &len);
	uint64_t *u;
	int j;

	if (b == NULL || len % 8 != 0) {
		fault(r, key);
		free(b);
		return NULL;
	}
	*n = len / 8;
	u = vi_xcalloc(*n + 1, sizeof *u);
	for (i = 0; i < *n; i++)
		for (j = 0; j < 8; j++)
			u[i] = u[i] << 8 | (unsigned char)b[i * 8 + (size_t)j];
	free(b);
	return u;
}

static void
rd_topk(struct rd *r, json_t *o, struct vi_topk *t)
{
	json_t *a = get_array(r, o, "counters", SIZE_MAX), *x;
	struct vi_topk_entry e;
	uint64_t *h, sum = 0;
	size_t i, n;
	char *v;

	t->total = get_u64(r, o, "total");
	t->err = get_u64(r, o, "err");
	for (i = 0; a != NULL && i < json_array_size(a); i++) {
		x = json_array_get(a, i);
		if (!json_is_array(x) || json_array_size(x) != 4 ||
		    !json_is_integer(json_array_get(x, 1)) ||
		    json_integer_value(json_array_get(x, 1)) <= 0 ||
		    !json_is_boolean(json_array_get(x, 3))) {
			fault(r, "counters");
			return;
		}
		memset(&e, 0, sizeof e);
		h = u64s_of(r, json_array_get(x, 0), "counters", 1, &n);
		v = hex_of(r, json_array_get(x, 2), "counters",
		    VI_TOPK_VALUE_MAX, &n);
		if (h != NULL && v != NULL) {
			e.hash = h[0];
			e.count = (uint64_t)json_integer_value(
			    json_array_get(x, 1));
			e.len = (unsigned char)n;
			memcpy(e.v, v, n);
			e.truncated = json_is_true(json_array_get(x, 3));
			sum += e.count;
			if (vi_topk_put(t, &e) < 0)
				fault(r, "counters");
		}
		free(h);
		free(v);
	}
	if (sum > t->total)
		fault(r, "counters");
}

static void
rd_quant(struct rd *r, json_t *o, struct vi_quant *q)
{
	json_t *a = get_array(r, o, "levels", SIZE_MAX), *x;
	uint64_t *k;
	size_t h, n;

	q->n = get_u64(r, o, "n");
	q->err = get_u64(r, o, "err");
	if (a != NULL && json_array_size(a) > VI_QUANT_LEVELS)
		fault(r, "levels");
	for (h = 0; r->bad == NULL && a != NULL && h < json_array_size(a);
	    h++) {
		x = json_array_get(a, h);
		if (!json_is_array(x) || json_array_size(x) != 2 ||
		    !json_is_integer(json_array_get(x, 0)) ||
		    json_integer_value(json_array_get(x, 0)) < 0) {
			fault(r, "levels");
			return;
		}
		k = u64s_of(r, json_array_get(x, 1), "levels", VI_QUANT_K,
		    &n);
		if (k != NULL)
			vi_quant_put_level(q, (unsigned)h, k, n,
			    (uint64_t)json_integer_value(json_array_get(x, 0)));
		free(k);
	}
	if (r->bad == NULL && vi_quant_check(q) < 0)
		fault(r, "levels");
}

/* One block as jblock() wrote it, for a profile keeping sketch. */
static void
rd_block(struct rd *r, json_t *a, const char *key, unsigned sketch,
    struct vi_pf_block *b)
{
	json_t *n, *s, *x;

	if (!json_is_array(a) || json_array_size(a) != 4 ||
	    !json_is_integer(n = json_array_get(a, 0)) ||
	    json_integer_value(n) < 0) {
		fault(r, key);
		return;
	}
	b->m.n = (uint64_t)json_integer_value(n);
	b->m.mean = bits_of(r, json_array_get(a, 1), key);
	b->m.m2 = bits_of(r, json_array_get(a, 2), key);
	s = json_array_get(a, 3);
	if (json_is_null(s))
		return;
	if (!json_is_object(s) || sketch == 0) {
		fault(r, key);
		return;
	}
	x = get(r, s, "top");
	if (sketch & VI_PROFILE_TOP && json_is_object(x))
		rd_topk(r, x, &vi_pf_sketch(b)->top);
	else if (!json_is_null(x) || sketch & VI_PROFILE_TOP)
		fault(r, "top");
	x = get(r, s, "quantiles");
	if (sketch & VI_PROFILE_QUANTILES && json_is_object(x))
		rd_quant(r, x, &vi_pf_sketch(b)->q);
	else if (!json_is_null(x) || sketch & VI_PROFILE_QUANTILES)
		fault(r, "quantiles");
}

static void
rd_tbound(struct rd *r, json_t *o, const char *key, struct vi_pf_tbound *b)
{
	json_t *a = get(r, o, key), *sec, *ns;
	char *t;
	size_t n;

	if (json_is_null(a))
		return;     /* unset: the sentinel column_new() put there */
	if (!json_is_array(a) || json_array_size(a) != 3 ||
	    !json_is_integer(sec = json_array_get(a, 0)) ||
	    !json_is_integer(ns = json_array_get(a, 1))) {
		fault(r, key);
		return;
	}
	t = hex_of(r, json_array_get(a, 2), key, VI_PF_TEXT_MAX, &n);
	if (t == NULL)
		return;
	if (n == 0)
		fault(r, key);
	b->sec = (int64_t)json_integer_value(sec);
	b->ns = (int32_t)json_integer_value(ns);
	b->len = (unsigned char)n;
	memcpy(b->text, t, n);
	free(t);
}

static void
rd_hll(struct rd *r, json_t *o, struct vi_hll *h)
{
	json_t *d = get(r, o, "distinct");
	size_t n, i;
	char *b;

	if (!json_is_object(d)) {
		fault(r, "distinct");
		return;
	}
	if (json_object_get(d, "registers") != NULL) {
		b = get_hex(r, d, "registers", VI_HLL_M, &n);
		if (b == NULL || n != VI_HLL_M) {
			fault(r, "registers");
			free(b);
			return;
		}
		for (i = 0; i < VI_HLL_M; i++)
			if ((unsigned char)b[i] > 64 - VI_HLL_P + 1)
				fault(r, "registers");
		h->reg = (uint8_t *)b;   /* VI_HLL_M bytes and a NUL */
		return;
	}
	b = get_hex(r, d, "hashes", (size_t)VI_HLL_EXACT * 8, &n);
	if (b == NULL || n % 8 != 0) {
		fault(r, "hashes");
		free(b);
		return;
	}
	for (i = 0; i < n; i += 8) {
		uint64_t v = 0;
		int j;

		for (j = 0; j < 8; j++)
			v = v << 8 | (unsigned char)b[i + (size_t)j];
		if (v == 0)
			fault(r, "hashes");
		vi_hll_add_hash(h, v);
	}
	if (get_bool(r, d, "zero"))
		vi_hll_add_hash(h, 0);
	free(b);
}

static void
rd_values(struct rd *r, json_t *o, struct vi_pf_column *c)
{
	json_t *a, *x;
	char *b;
	size_t n;
	int t;

	c->non_null = get_u64(r, o, "non_null");
	c->min_len = (size_t)get_u64(r, o, "min_len");
	c->max_len = (size_t)get_u64(r, o, "max_len");
	c->pending = (unsigned)get_u64(r, o, "pending") &
	    VI_PF_FITS_BELOW_STRING;
	c->bools = (unsigned)get_u64(r, o, "bools") & 3;
	c->imin = get_i64(r, o, "imin");
	c->imax = get_i64(r, o, "imax");
	c->dmin = get_bits(r, o, "dmin");
	c->dmax = get_bits(r, o, "dmax");
	if ((b = get_hex(r, o, "smin", SIZE_MAX / 4, &n)) != NULL)
		vi_pf_set_sbound(c, 0, b, n);
	free(b);
	if ((b = get_hex(r, o, "smax", SIZE_MAX / 4, &n)) != NULL)
		vi_pf_set_sbound(c, 1, b, n);
	free(b);
	if ((a = get_array(r, o, "nfits", NFITS)) != NULL)
		for (t = 0; t < NFITS; t++) {
			x = json_array_get(a, (size_t)t);
			if (json_is_integer(x) && json_integer_value(x) >= 0)
				c->nfits[t] = (uint64_t)json_integer_value(x);
			else
				fault(r, "nfits");
		}
	c->zero_padded = get_u64(r, o, "zero_padded");
	c->int64_overflow = get_u64(r, o, "int64_overflow");
	c->nonfinite = get_u64(r, o, "nonfinite");
	rd_tbound(r, o, "date_min", &c->date_min);
	rd_tbound(r, o, "date_max", &c->date_max);
	rd_tbound(r, o, "datetime_min", &c->dt_min);
	rd_tbound(r, o, "datetime_max", &c->dt_max);
	if ((a = get_array(r, o, "exceptions", NTYPES_BELOW)) != NULL)
		for (t = 0; t < NTYPES_BELOW; t++) {
			struct vi_pf_exc *e = &c->exc[t];

			x = json_array_get(a, (size_t)t);
			if (json_is_null(x))
				continue;
			e->set = 1;
			e->line = get_u64(r, x, "line");
			e->byte = get_u64(r, x, "byte");
			e->truncated = get_bool(r, x, "truncated");
			if ((b = get_hex(r, x, "value", VI_PROFILE_EXCERPT,
			    &n)) != NULL) {
				memcpy(e->v, b, n);
				e->len = n;
			}
			free(b);
		}
	rd_hll(r, o, &c->hll);
}

/* Fill column i of p from o. */
static void
rd_column(struct rd *r, json_t *o, struct vi_profile *p, size_t i,
    struct vi_pf_block *blocks)
{
	struct vi_pf_col *k = &p->cols[i];
	json_t *a, *v;
	size_t t, b;

	k->nulls = get_u64(r, o, "nulls");
	v = get(r, o, "null_counts");
	if (json_is_array(v)) {
		if (json_array_size(v) != p->ntok)
			fault(r, "null_counts");
		k->nullc = vi_xcalloc(p->ntok ? p->ntok : 1,
		    sizeof *k->nullc);
		for (t = 0; t < p->ntok && t < json_array_size(v); t++) {
			json_t *x = json_array_get(v, t);

			if (json_is_integer(x) && json_integer_value(x) >= 0)
				k->nullc[t] = (uint64_t)json_integer_value(x);
			else
				fault(r, "null_counts");
		}
	} else if (!json_is_null(v))
		fault(r, "null_counts");
	rd_block(r, get(r, o, "total"), "total", p->sketch, &k->total);
	rd_block(r, get(r, o, "open"), "open", p->sketch, &k->open);
	if ((a = get_array(r, o, "blocks", p->nblocks)) != NULL)
		for (b = 0; b < p->nblocks; b++)
			rd_block(r, json_array_get(a, b), "blocks", p->sketch,
			    &blocks[b * p->ncols + i]);
	v = get(r, o, "values");
	if (json_is_object(v)) {
		k->v = vi_pf_column_new();
		rd_values(r, v, k->v);
		if (k->v->non_null == 0)
			fault(r, "non_null");
	} else if (!json_is_null(v))
		fault(r, "values");
}

/* One state as read. */
struct state {
	char *file;                  /* its "file", NUL-ended */
	struct vi_state_part part;
	char *preset;
	char **tokens;
	size_t *toklen, ntok;
	struct vi_csv_info info;
	size_t ncols;
	int numbered;
	unsigned sketch;             /* the profile's vi_profile_sketch() */
	char **names;
	size_t *namelen;
	json_t *doc;
};

static void
state_free(struct state *s)
{
	size_t i;

	for (i = 0; i < s->ntok; i++)
		free(s->tokens[i]);
	for (i = 0; s->names != NULL && i < s->ncols; i++)
		free(s->names[i]);
	free(s->tokens);
	free(s->toklen);
	free(s->names);
	free(s->namelen);
	free(s->file);
	free(s->preset);
	json_decref(s->doc);
	memset(s, 0, sizeof *s);
}

/* The whole of fd, NUL-ended.  NULL with errno on a read error. */
static char *
slurp(int fd, size_t *n)
{
	size_t cap = 1 << 16, len = 0;
	char *b = vi_xmalloc(cap);
	ssize_t k;

	for (;;) {
		if (len + 1 >= cap)
			b = vi_xreallocarray(b, cap, 2), cap *= 2;
		k = read(fd, b + len, cap - len - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int err = errno;

			free(b);
			errno = err;
			return NULL;
		}
		if (k == 0)
			break;
		len += (size_t)k;
	}
	b[len] = '\0';
	*n = len;
	return b;
}

/* The checksum and the trailer: NULL when good, else what is wrong. */
static const char *
check_whole(const char *b, size_t n)
{
	static const size_t tl = sizeof TRAILER - 1;
	const char *t;
	char want[17];

	if (n == 0)
		return "it is empty";
	if (n < tl + 19 || memcmp(b + n - 3, "\"}\n", 3) != 0)
		return "it does not end with its checksum (cut short?)";
	t = b + n - 3 - 16 - tl;
	if (memcmp(t, TRAILER, tl) != 0)
		return "it does not end with its checksum (cut short?)";
	snprintf(want, sizeof want, "%016" PRIx64,
	    (uint64_t)XXH3_64bits(b, (size_t)(t - b)));
	if (memcmp(t + tl, want, 16) != 0)
		return "checksum mismatch (the file is damaged)";
	return NULL;
}

static int
damaged(struct vi_error *e, const char *path, const char *why)
{
	vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
	    "not a complete vi-stats state: %s", why);
	return vi_error_at(e, VI_ERR_INPUT, path);
}

static void
rd_info(struct rd *r, json_t *o, struct vi_csv_info *in)
{
	json_t *a, *x;
	size_t i, n;
	char *b;

	memset(in, 0, sizeof *in);
	in->bytes = get_u64(r, o, "bytes");
	in->lines = get_u64(r, o, "lines");
	in->records_read = get_u64(r, o, "records_read");
	in->records_ok = get_u64(r, o, "records_ok");
	in->records_rejected = get_u64(r, o, "records_rejected");
	in->quoting_rejects = get_u64(r, o, "quoting_rejects");
	in->blank_lines = get_u64(r, o, "blank_lines");
	in->columns = (size_t)get_u64(r, o, "columns");
	in->bom_utf8 = get_bool(r, o, "bom");
	in->utf8_invalid = get_u64(r, o, "utf8_invalid");
	in->utf8_first_line = get_u64(r, o, "utf8_first_line");
	in->utf8_first_byte = get_u64(r, o, "utf8_first_byte");
	a = get(r, o, "rejects");
	if (!json_is_array(a) || json_array_size(a) > VI_CSV_REJECTS_KEPT) {
		fault(r, "rejects");
		return;
	}
	for (i = 0; i < json_array_size(a); i++) {
		struct vi_reject *rj = &in->rejects[in->nrejects_kept++];

		x = json_array_get(a, i);
		rj->line = get_u64(r, x, "line");
		rj->byte = get_u64(r, x, "byte");
		b = get_hex(r, x, "reason", sizeof rj->reason - 1, &n);
		if (b != NULL)
			memcpy(rj->reason, b, n + 1);
		free(b);
	}
}

/* Read and check the state at path into s (its columns stay in s->doc). */
static int
state_read(const char *path, struct state *s, struct vi_error *e)
{
	struct rd r = { NULL };
	json_error_t je;
	json_t *o, *x, *a;
	size_t n, i;
	char *b;
	const char *why;
	int fd;

	memset(s, 0, sizeof *s);
	if ((fd = vi_input_open(path, e)) < 0)
		return vi_error_at(e, VI_ERR_INPUT, path);
	b = slurp(fd, &n);
	if (b == NULL) {
		vi_error_set(e, VI_EX_IOERR, errno, 0, 0, "read error");
		if (fd != 0)
			close(fd);
		return vi_error_at(e, VI_ERR_INPUT, path);
	}
	if (fd != 0)
		close(fd);
	/* Another version may end otherwise: say so before the checksum. */
	if (n > sizeof HEAD - 1 && memcmp(b, HEAD, sizeof HEAD - 1) == 0 &&
	    strncmp(b + sizeof HEAD - 1, VERSION_TEXT ",",
	    sizeof VERSION_TEXT) != 0) {
		free(b);
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "a state of another "
		    "format_version (this vi-stats reads %d)",
		    VI_STATE_FORMAT_VERSION);
		return vi_error_at(e, VI_ERR_INPUT, path);
	}
	if ((why = check_whole(b, n)) != NULL) {
		free(b);
		return damaged(e, path, why);
	}
	s->doc = o = json_loadb(b, n, JSON_REJECT_DUPLICATES, &je);
	free(b);
	if (o == NULL)
		return damaged(e, path, "invalid JSON");
	x = json_object_get(o, "format");
	if (!json_is_string(x) || strcmp(json_string_value(x),
	    FORMAT_NAME) != 0)
		return damaged(e, path, "no \"format\": \"" FORMAT_NAME "\"");
	if (get_u64(&r, o, "format_version") != VI_STATE_FORMAT_VERSION) {
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "a state of another "
		    "format_version (this vi-stats reads %d)",
		    VI_STATE_FORMAT_VERSION);
		return vi_error_at(e, VI_ERR_INPUT, path);
	}
	s->file = get_hex(&r, o, "file", SIZE_MAX / 4, &n);
	x = get(&r, o, "part");
	if (json_is_object(x)) {
		s->part.k = get_u64(&r, x, "k");
		s->part.n = get_u64(&r, x, "n");
		s->part.size = get_u64(&r, x, "size");
		s->part.start = get_u64(&r, x, "start");
		s->part.end = get_u64(&r, x, "end");
		if ((s->part.k == 0 || s->part.k > s->part.n))
			fault(&r, "part");
	}
	x = get(&r, o, "nulls");
	if (json_is_string(json_object_get(x, "preset")))
		s->preset = vi_xstrdup(json_string_value(json_object_get(x,
		    "preset")));
	if ((a = get_array(&r, x, "tokens", SIZE_MAX)) != NULL) {
		s->ntok = json_array_size(a);
		s->tokens = vi_xcalloc(s->ntok + 1, sizeof *s->tokens);
		s->toklen = vi_xcalloc(s->ntok + 1, sizeof *s->toklen);
		for (i = 0; i < s->ntok; i++)
			s->tokens[i] = hex_of(&r, json_array_get(a, i),
			    "tokens", VI_NULLS_TOKEN_MAX, &s->toklen[i]);
	}
	rd_info(&r, get(&r, o, "reader"), &s->info);
	x = get(&r, o, "profile");
	s->ncols = (size_t)get_u64(&r, x, "columns");
	s->numbered = get_bool(&r, x, "numbered");
	s->sketch = (unsigned)get_u64(&r, x, "sketches");
	if (s->sketch & ~(VI_PROFILE_TOP | VI_PROFILE_QUANTILES))
		fault(&r, "sketches");
	if ((a = get_array(&r, o, "columns", s->ncols)) != NULL) {
		s->names = vi_xcalloc(s->ncols + 1, sizeof *s->names);
		s->namelen = vi_xcalloc(s->ncols + 1, sizeof *s->namelen);
		for (i = 0; i < s->ncols && r.bad == NULL; i++)
			s->names[i] = get_hex(&r, json_array_get(a, i),
			    "name", SIZE_MAX / 4, &s->namelen[i]);
	}
	if (r.bad != NULL) {
		char why2[128];

		snprintf(why2, sizeof why2, "bad or missing \"%s\"", r.bad);
		return damaged(e, path, why2);
	}
	return 0;
}

/* A profile without rows with the columns of s. */
static struct vi_profile *
empty_like(const struct state *s, const struct vi_nulls *ns)
{
	struct vi_field *names = NULL;
	struct vi_profile *p;
	size_t i;

	if (!s->numbered) {
		names = vi_xcalloc(s->ncols + 1, sizeof *names);
		for (i = 0; i < s->ncols; i++) {
			names[i].p = s->names[i];
			names[i].n = s->namelen[i];
		}
	}
	p = vi_profile_new(ns, s->ncols, names);
	vi_profile_sketch(p, s->sketch);
	free(names);
	return p;
}

/* The profile of state s over the null set ns. */
static struct vi_profile *
state_profile(const struct state *s, const struct vi_nulls *ns,
    const char *path, struct vi_error *e)
{
	struct rd r = { NULL };
	json_t *pr = json_object_get(s->doc, "profile"),
	    *cols = json_object_get(s->doc, "columns");
	struct vi_profile *p = empty_like(s, ns);
	struct vi_pf_block *blocks = NULL;
	size_t i, nb;

	p->rows = get_u64(&r, pr, "rows");
	p->origin = get_bool(&r, pr, "origin");
	p->folded = get_u64(&r, pr, "folded");
	nb = (size_t)get_u64(&r, pr, "blocks");
	if (nb > 0 && s->ncols > 0) {
		if (nb > json_array_size(json_object_get(json_array_get(cols,
		    0), "blocks")))
			r.bad = "blocks";
		else
			blocks = vi_xcalloc(vi_xmul(nb, s->ncols),
			    sizeof *blocks);
	}
	if (r.bad == NULL) {
		p->nblocks = nb;    /* for the column readers; pushed below */
		for (i = 0; i < s->ncols && r.bad == NULL; i++)
			rd_column(&r, json_array_get(cols, i), p, i, blocks);
		p->nblocks = 0;
	}
	for (i = 0; r.bad == NULL && blocks != NULL && i < nb; i++)
		vi_pf_push_block(p, &blocks[i * s->ncols]);
	for (i = 0; r.bad != NULL && blocks != NULL && i < nb * s->ncols; i++)
		vi_pf_sketch_free(blocks[i].sk);
	free(blocks);
	if (r.bad != NULL) {
		char why[128];

		vi_profile_free(p);
		snprintf(why, sizeof why, "bad or missing \"%s\"", r.bad);
		damaged(e, path, why);
		return NULL;
	}
	return p;
}

/* ---------- merging ---------- */

/* The null set of the first state: its preset, or its list. */
static struct vi_nulls *
nulls_of(const struct state *s)
{
	struct vi_out spec = VI_OUT_INIT(NULL);
	struct vi_nulls *ns;
	struct vi_error ne = { 0 };
	size_t i;

	if (s->preset != NULL)
		vi_out_str(&spec, s->preset);
	else {
		vi_out_str(&spec, "list:");
		for (i = 0; i < s->ntok; i++) {
			if (i > 0)
				vi_out_str(&spec, ",");
			vi_out_add(&spec, s->tokens[i], s->toklen[i]);
		}
	}
	vi_out_add(&spec, "", 1);
	ns = vi_nulls_new(spec.p, &ne);
	vi_out_free(&spec);
	return ns;
}

/* Does null set ns hold exactly the tokens of s? */
static int
same_nulls(const struct vi_nulls *ns, const struct state *s)
{
	const char *pre = vi_nulls_preset(ns);
	size_t i, n;

	if ((pre == NULL) != (s->preset == NULL) ||
	    (pre != NULL && strcmp(pre, s->preset) != 0) ||
	    vi_nulls_count(ns) != s->ntok)
		return 0;
	for (i = 0; i < s->ntok; i++) {
		const char *t = vi_nulls_token(ns, i, &n);

		if (n != s->toklen[i] || memcmp(t, s->tokens[i], n) != 0)
			return 0;
	}
	return 1;
}

/* Do a and b name their columns alike (a state without columns yet, of an
 * input without a header and without records, names none)? */
static int
same_columns(const struct state *a, const struct state *b, size_t *at)
{
	size_t i;

	*at = 0;
	if (a->ncols != b->ncols)
		return 0;
	for (i = 0; i < a->ncols; i++)
		if (a->namelen[i] != b->namelen[i] || memcmp(a->names[i],
		    b->names[i], a->namelen[i]) != 0) {
			*at = i + 1;
			return 0;
		}
	return 1;
}

/* The order of parts: an open run of parts of one file. */
struct run {
	char *file;
	uint64_t n, size, next;   /* next 0: no run open */
};

static int
check_part(struct run *run, const struct state *s, const char *path,
    struct vi_error *e)
{
	const struct vi_state_part *p = &s->part;

	if (run->next != 0 && (p->n == 0 || p->k != run->next ||
	    p->n != run->n || p->size != run->size ||
	    strcmp(s->file, run->file) != 0)) {
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "part %" PRIu64 "/%"
		    PRIu64 " of %s was expected here: merge the parts of a "
		    "file in order, all of them", run->next, run->n,
		    run->file);
		return vi_error_at(e, VI_ERR_INPUT, path);
	}
	if (p->n == 0)
		return 0;
	if (run->next == 0 && p->k != 1) {
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "part %" PRIu64 "/%"
		    PRIu64 " without the parts before it: merge the parts of "
		    "a file in order, all of them", p->k, p->n);
		return vi_error_at(e, VI_ERR_INPUT, path);
	}
	if (p->k < p->n && s->info.quoting_rejects != 0) {
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "part %" PRIu64 "/%"
		    PRIu64 " met %" PRIu64 " quoting faults: the record "
		    "boundaries of the parts after it cannot be trusted; "
		    "profile %s without --part", p->k, p->n,
		    s->info.quoting_rejects, s->file);
		return vi_error_at(e, VI_ERR_INPUT, path);
	}
	if (p->k == 1) {
		free(run->file);
		run->file = vi_xstrdup(s->file);
		run->n = p->n;
		run->size = p->size;
	}
	run->next = p->k == p->n ? 0 : p->k + 1;
	return 0;
}

/* Fold the findings of a later state into m's. */
static void
merge_info(struct vi_merged *m, const struct vi_csv_info *in, int first)
{
	if (first) {
		m->info = *in;
		return;
	}
	vi_pscan_info_add(&m->info, in);
	m->info.bytes += in->bytes;
	m->info.bom_utf8 |= in->bom_utf8;
	if (in->columns > m->info.columns)
		m->info.columns = in->columns;
}

/* Add file to the name to report unless it repeats the last one. */
static void
merge_name(struct vi_out *name, char **last, const char *file)
{
	if (*last != NULL && strcmp(*last, file) == 0)
		return;
	if (*last != NULL)
		vi_out_str(name, "+");
	vi_out_str(name, file);
	free(*last);
	*last = vi_xstrdup(file);
}

int
vi_state_merge(char *const *paths, size_t n, struct vi_merged *m,
    struct vi_error *e)
{
	struct state first = { 0 }, s = { 0 }, *cur;
	struct run run = { NULL, 0, 0, 0 };
	struct vi_out name = VI_OUT_INIT(NULL);
	const char *first_path = NULL;
	char *last_name = NULL;
	struct vi_profile *p;
	size_t i, at;
	int have_cols = 0;

	memset(m, 0, sizeof *m);
	for (i = 0; i < n; i++) {
		cur = i == 0 ? &first : &s;
		if (state_read(paths[i], cur, e) < 0)
			goto fail;
		if (i == 0) {
			first_path = paths[0];
			if ((m->nulls = nulls_of(cur)) == NULL ||
			    !same_nulls(m->nulls, cur)) {
				damaged(e, paths[0], "bad \"nulls\"");
				goto fail;
			}
		} else if (!same_nulls(m->nulls, cur)) {
			vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "other null "
			    "tokens than %s's (--nulls must be the same)",
			    first_path);
			vi_error_at(e, VI_ERR_INPUT, paths[i]);
			goto fail;
		}
		if (cur->ncols > 0 || !cur->numbered) {
			if (!have_cols) {
				if (cur != &first) {
					/* The first state with columns is
					 * what the others must match. */
					state_free(&first);
					first = s;
					memset(&s, 0, sizeof s);
					cur = &first;
				}
				first_path = paths[i];
				have_cols = 1;
				m->p = empty_like(cur, m->nulls);
			} else if (!same_columns(&first, cur, &at)) {
				if (at)
					vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
					    "column %zu is named differently "
					    "in %s: the states are of "
					    "different tables", at, first_path);
				else
					vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
					    "%zu columns, %s has %zu: the "
					    "states are of different tables",
					    cur->ncols, first_path,
					    first.ncols);
				vi_error_at(e, VI_ERR_INPUT, paths[i]);
				goto fail;
			}
		}
		if (cur->sketch != first.sketch) {
			vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "other "
			    "sketches than %s's (--top 0 and --quantiles "
			    "none must be the same)", first_path);
			vi_error_at(e, VI_ERR_INPUT, paths[i]);
			goto fail;
		}
		if (check_part(&run, cur, paths[i], e) < 0)
			goto fail;
		if ((p = state_profile(cur, m->nulls, paths[i], e)) == NULL)
			goto fail;
		if (m->p != NULL)
			vi_profile_merge(m->p, p);
		vi_profile_free(p);
		merge_info(m, &cur->info, i == 0);
		merge_name(&name, &last_name, cur->file);
		if (cur == &s)
			state_free(&s);
	}
	if (run.next != 0) {
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "part %" PRIu64 "/%"
		    PRIu64 " of %s is missing: merge the parts of a file in "
		    "order, all of them", run.next, run.n, run.file);
		vi_error_at(e, VI_ERR_INPUT, paths[n - 1]);
		goto fail;
	}
	if (m->p == NULL)
		m->p = vi_profile_new(m->nulls, 0, NULL);
	m->info.columns = vi_profile_ncols(m->p);
	vi_out_add(&name, "", 1);
	m->file = vi_xstrdup(name.p);
	vi_out_free(&name);
	state_free(&first);
	free(run.file);
	free(last_name);
	return 0;
fail:
	free(last_name);
	state_free(&first);
	state_free(&s);
	free(run.file);
	vi_out_free(&name);
	vi_merged_free(m);
	return -1;
}

void
vi_merged_free(struct vi_merged *m)
{
	vi_profile_free(m->p);
	vi_nulls_free(m->nulls);
	free(m->file);
	memset(m, 0, sizeof *m);
}
