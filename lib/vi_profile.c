/* vi_profile.c - per-column profile of a CSV file (see vi_profile.h). */
#include "vi_profile.h"
#include "vi_profile_impl.h"
#include "vi_alloc.h"
#include "vi_hll.h"
#include "vi_utf8.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define XXH_INLINE_ALL   /* XXH3_64bits inlined into the per-field path */
#include <xxhash.h>

/* Which bounds have a value (derived: see col_has()). */
enum {
	HAS_INT = 1, HAS_NUM = 2, HAS_DATE = 4, HAS_DT = 8, HAS_STR = 16
};

#define FITS_BELOW_STRING VI_PF_FITS_BELOW_STRING

/* A column's value state, empty: bounds at their sentinels. */
static void
column_init(struct vi_pf_column *c)
{
	memset(c, 0, sizeof *c);
	c->pending = FITS_BELOW_STRING;
	c->min_len = SIZE_MAX;
	c->smin_key = UINT64_MAX;
	c->imin = INT64_MAX;
	c->imax = INT64_MIN;
	c->dmin = HUGE_VAL;
	c->dmax = -HUGE_VAL;
	c->date_min.sec = c->dt_min.sec = INT64_MAX;
	c->date_max.sec = c->dt_max.sec = INT64_MIN;
}

struct vi_pf_column *
vi_pf_column_new(void)
{
	struct vi_pf_column *c = vi_xmalloc(sizeof *c);

	column_init(c);
	return c;
}

/* Give p its ncols columns, named by names or, when it is NULL, by their
 * 1-based index.  Nothing per column is allocated but the names, which
 * share one buffer. */
static void
cols_new(struct vi_profile *p, size_t ncols, const struct vi_field *names)
{
	size_t i, total = 0, n;
	char buf[32];
	char *w;

	free(p->cols);           /* the empty arrays of a profile sized late */
	free(p->names);
	p->ncols = ncols;
	p->cols = vi_xcalloc(ncols, sizeof *p->cols);
	for (i = 0; i < ncols; i++) {
		n = names != NULL ? names[i].n :
		    (size_t)snprintf(buf, sizeof buf, "%zu", i + 1);
		total = vi_xadd(total, vi_xadd(n, 1));
	}
	p->names = w = vi_xmalloc(total ? total : 1);
	for (i = 0; i < ncols; i++) {
		if (names != NULL) {
			n = names[i].n;
			if (n)
				memcpy(w, names[i].p, n);
		} else {
			n = (size_t)snprintf(buf, sizeof buf, "%zu", i + 1);
			memcpy(w, buf, n);
		}
		w[n] = '\0';
		p->cols[i].name = w;
		p->cols[i].name_len = n;
		w += n + 1;
	}
}

struct vi_profile *
vi_profile_new(const struct vi_nulls *nulls, size_t ncols,
    const struct vi_field *names)
{
	struct vi_profile *p = vi_xcalloc(1, sizeof *p);
	size_t i;

	p->nulls = nulls;
	p->ntok = vi_nulls_count(nulls);
	p->nl_empty = -1;
	for (i = 0; i < p->ntok; i++) {
		size_t n;
		const unsigned char *t = (const unsigned char *)
		    vi_nulls_token(nulls, i, &n);

		if (n == 0)
			p->nl_empty = (int)i;
		else if (n >= 64)
			p->nl_long = 1;
		else {
			p->nl_first[t[0]] |= (uint64_t)1 << n;
			p->nl_last[t[n - 1]] |= (uint64_t)1 << n;
		}
	}
	p->zeros = vi_xcalloc(p->ntok ? p->ntok : 1, sizeof *p->zeros);
	column_init(&p->none);
	p->numbered = names == NULL;
	cols_new(p, ncols, names);
	return p;
}

void
vi_profile_set_origin(struct vi_profile *p)
{
	p->origin = 1;
}

void
vi_profile_sketch(struct vi_profile *p, unsigned what)
{
	p->sketch = what & (VI_PROFILE_TOP | VI_PROFILE_QUANTILES);
}

unsigned
vi_profile_sketches(const struct vi_profile *p)
{
	return p->sketch;
}

struct vi_pf_sketch *
vi_pf_sketch(struct vi_pf_block *b)
{
	if (b->sk == NULL)
		b->sk = vi_xcalloc(1, sizeof *b->sk);
	return b->sk;
}

void
vi_pf_sketch_free(struct vi_pf_sketch *sk)
{
	if (sk == NULL)
		return;
	vi_topk_free(&sk->top);
	vi_quant_free(&sk->q);
	free(sk);
}

static int
sketch_empty(const struct vi_pf_sketch *sk)
{
	return sk == NULL || (sk->top.total == 0 && sk->q.n == 0);
}

void
vi_profile_free(struct vi_profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ncols; i++) {
		struct vi_pf_column *c = p->cols[i].v;

		if (c != NULL) {
			free(c->smin.p);
			free(c->smax.p);
			vi_hll_free(&c->hll);
			free(c);
		}
		free(p->cols[i].nullc);
		vi_pf_sketch_free(p->cols[i].open.sk);
		vi_pf_sketch_free(p->cols[i].total.sk);
	}
	for (i = 0; i < p->nblocks * p->ncols; i++)
		vi_pf_sketch_free(p->blocks[i].sk);
	free(p->cols);
	free(p->names);
	free((void *)p->zeros);
	free(p->blocks);
	free(p);
}

size_t
vi_profile_ncols(const struct vi_profile *p)
{
	return p->ncols;
}

uint64_t
vi_profile_rows(const struct vi_profile *p)
{
	return p->rows;
}

const struct vi_nulls *
vi_profile_nulls(const struct vi_profile *p)
{
	return p->nulls;
}

/* Chan, Golub and LeVeque's pairwise update: a becomes a + b. */
static void
combine(struct vi_pf_moments *a, const struct vi_pf_moments *b)
{
	double na, nb, n, delta;

	if (b->n == 0)
		return;
	if (a->n == 0) {
		*a = *b;
		return;
	}
	na = (double)a->n;
	nb = (double)b->n;
	n = na + nb;
	delta = b->mean - a->mean;
	a->mean += delta * (nb / n);
	a->m2 += b->m2 + delta * delta * (na * nb / n);
	a->n += b->n;
}

static void
sbuf_set(struct vi_pf_sbuf *b, const char *s, size_t n)
{
	if (n > b->cap) {
		size_t cap = b->cap ? b->cap : 16;

		while (cap < n)
			cap = cap > SIZE_MAX / 2 ? n : cap * 2;
		b->p = vi_xrealloc(b->p, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->p, s, n);
	b->n = n;
}

static int
bytes_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	int c;

	/* Most comparisons are decided by the first byte. */
	if (na && nb && a[0] != b[0])
		return (unsigned char)a[0] < (unsigned char)b[0] ? -1 : 1;
	/* An empty bound may have no buffer (NULL): memcmp must not see it. */
	c = na && nb ? memcmp(a, b, na < nb ? na : nb) : 0;

	if (c == 0)
		c = (na > nb) - (na < nb);
	return c;
}

/* The first 8 bytes of s, zero-padded, as a big-endian number: a smaller
 * key means a smaller string (memcmp order, a prefix first); equal keys
 * leave it to the bytes after the 8th and to the lengths. */
static inline uint64_t
load64(const char *s)
{
	uint64_t k;

	memcpy(&k, s, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	k = __builtin_bswap64(k);
#endif
	return k;
}

static inline uint64_t
load32(const char *s)
{
	uint32_t k;

	memcpy(&k, s, 4);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	k = __builtin_bswap32(k);
#endif
	return k;
}

static inline uint64_t
skey(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 8)
		return load64(s);
	if (n >= 4)    /* two loads that overlap for n < 8 */
		return load32(s) << 32 | load32(s + n - 4) << (64 - 8 * n);
	if (n == 0)
		return 0;
	return (uint64_t)u[0] << 56 | (uint64_t)u[n / 2] << (56 - 8 * (n / 2)) |
	    (uint64_t)u[n - 1] << (56 - 8 * (n - 1));
}

/* bytes_cmp() for two strings with the same skey(). */
static inline int
bytes_cmp_samekey(const char *a, size_t na, const char *b, size_t nb)
{
	size_t m = na < nb ? na : nb;
	int c = 0;

	if (m > 8)
		c = memcmp(a + 8, b + 8, m - 8);
	return c ? c : (na > nb) - (na < nb);
}

static void
smin_set(struct vi_pf_column *c, const char *s, size_t n, uint64_t key)
{
	sbuf_set(&c->smin, s, n);
	c->smin_key = key;
}

static void
smax_set(struct vi_pf_column *c, const char *s, size_t n, uint64_t key)
{
	sbuf_set(&c->smax, s, n);
	c->smax_key = key;
}

void
vi_pf_set_sbound(struct vi_pf_column *c, int max, const char *s, size_t n)
{
	uint64_t key = skey(s, n);

	if (max)
		smax_set(c, s, n, key);
	else
		smin_set(c, s, n, key);
}

/* Which bounds of c have a value. */
static unsigned
col_has(const struct vi_pf_column *c)
{
	return (c->imin <= c->imax ? HAS_INT : 0) |
	    (c->dmin <= c->dmax ? HAS_NUM : 0) |
	    (c->date_min.len ? HAS_DATE : 0) | (c->dt_min.len ? HAS_DT : 0) |
	    (c->non_null ? HAS_STR : 0);
}

/* The number of non-null values of c that fit type t. */
static uint64_t
col_fit(const struct vi_pf_column *c, int t)
{
	uint64_t n = 0;
	unsigned m;

	if (t >= VI_TYPE_STRING)
		return c->non_null;
	for (m = 0; m <= FITS_BELOW_STRING; m++)
		if (m >> t & 1)
			n += c->nfits[m];
	return n;
}

static int
tb_cmp(int64_t sec, int32_t ns, const struct vi_pf_tbound *b)
{
	if (sec != b->sec)
		return sec < b->sec ? -1 : 1;
	return (ns > b->ns) - (ns < b->ns);
}

static void
tb_set(struct vi_pf_tbound *b, int64_t sec, int32_t ns, const char *s, size_t n)
{
	b->sec = sec;
	b->ns = ns;
	b->len = (unsigned char)n;
	memcpy(b->text, s, n);
}

/* Keep the first VI_PROFILE_EXCERPT bytes of s, not splitting a UTF-8
 * character, and where record r starts. */
static void
exc_set(struct vi_pf_exc *x, const char *s, size_t n,
    const struct vi_record *r)
{
	size_t cut = vi_utf8_cut(s, n, VI_PROFILE_EXCERPT);

	x->set = 1;
	x->line = r->line;
	x->byte = r->byte;
	x->truncated = n > VI_PROFILE_EXCERPT;
	memcpy(x->v, s, cut);
	x->len = cut;
}

/* The first value that does not fit the types in miss. */
static void
first_exceptions(struct vi_pf_column *c, unsigned miss, const char *s,
    size_t n, const struct vi_record *r)
{
	int t;

	for (t = 0; t < VI_TYPE_STRING; t++)
		if (miss >> t & 1)
			exc_set(&c->exc[t], s, n, r);
	c->pending &= ~miss;
}

/* A value of one block's sketches: s[0..n), its hash and inference.
 * pending: the column's types that every value so far fits.  The quantile
 * sketch takes a finite number while number is among them, else a date or
 * datetime as its instant (UTC seconds, the fraction below) while datetime
 * is among them: once neither is, the column can never be reported with
 * quantiles, so its values are no longer sorted into them (the report is
 * the same).  A value fits number or datetime, never both, so a column
 * whose type is one of them fed every value of its own kind. */
static inline int
add_sketch(unsigned what, struct vi_pf_sketch *sk, uint64_t hash,
    const char *s, size_t n, const struct vi_value *v, unsigned pending)
{
	unsigned live = v->fits & pending;
	int seen = 0;

	if (what & VI_PROFILE_TOP)
		seen = vi_topk_add(&sk->top, hash, s, n);
	if (!(what & VI_PROFILE_QUANTILES))
		return seen;
	if (live & VI_FIT_NUMBER && !(v->flags & VI_VFLAG_NONFINITE))
		vi_quant_add(&sk->q, v->number);
	else if (live & VI_FIT_DATETIME)
		vi_quant_add(&sk->q, (double)v->seconds +
		    (double)v->nanos * 1e-9);
	return seen;
}

/* Welford's update of one block's moments by x. */
static inline void
welford(struct vi_pf_moments *m, double x)
{
	double d = x - m->mean;

	m->n++;
	m->mean += d / (double)m->n;
	m->m2 += d * (x - m->mean);
}

static inline void
add_value(struct vi_pf_column *c, struct vi_pf_moments *m,
    struct vi_pf_sketch *sk, unsigned what, int tail, const char *s,
    size_t n, const struct vi_record *r)
{
	struct vi_value v;
	unsigned fits, miss, live;
	uint64_t key, hash;

	c->non_null++;
	if (n < c->min_len)
		c->min_len = n;
	if (n > c->max_len)
		c->max_len = n;
	/* Hash first and touch the register and the top values' index now;
	 * update them last, so that a cache miss on a sketch overlaps with
	 * type inference. */
	hash = XXH3_64bits(s, n);
	vi_hll_prefetch(&c->hll, hash);
	if (what & VI_PROFILE_TOP)
		vi_topk_prefetch(&sk->top, hash);
	vi_infer(s, n, &v);
	fits = v.fits & FITS_BELOW_STRING;
	c->nfits[fits]++;
	miss = ~fits & c->pending;
	if (__builtin_expect(miss != 0, 0))
		first_exceptions(c, miss, s, n, r);
	if (__builtin_expect(v.flags != 0, 0)) {
		c->zero_padded += (v.flags & VI_VFLAG_ZERO_PADDED) != 0;
		c->int64_overflow += (v.flags & VI_VFLAG_INT64_OVERFLOW) != 0;
		c->nonfinite += (v.flags & VI_VFLAG_NONFINITE) != 0;
	}

	/* Bounds for each type, kept only while every value fits it (its
	 * bit still in pending).  A new minimum cannot also be a new maximum
	 * except for the first value, when both replace the sentinels. */
	live = fits & c->pending;
	if (live & VI_FIT_BOOLEAN)
		c->bools |= 1u << v.boolean;
	if (live & VI_FIT_INTEGER) {
		if (v.integer < c->imin)
			c->imin = v.integer;
		if (v.integer > c->imax)
			c->imax = v.integer;
	}
	if (fits & VI_FIT_NUMBER && !(v.flags & VI_VFLAG_NONFINITE)) {
		welford(m, v.number);
		if (live & VI_FIT_NUMBER) {
			if (v.number < c->dmin)
				c->dmin = v.number;
			if (v.number > c->dmax)
				c->dmax = v.number;
		}
	}
	if (live & (VI_FIT_DATE | VI_FIT_DATETIME)) {
		if (live & VI_FIT_DATE) {
			if (tb_cmp(v.seconds, 0, &c->date_min) < 0)
				tb_set(&c->date_min, v.seconds, 0, s, n);
			if (tb_cmp(v.seconds, 0, &c->date_max) > 0)
				tb_set(&c->date_max, v.seconds, 0, s, n);
		}
		if (live & VI_FIT_DATETIME) {
			if (tb_cmp(v.seconds, v.nanos, &c->dt_min) < 0)
				tb_set(&c->dt_min, v.seconds, v.nanos, s, n);
			if (tb_cmp(v.seconds, v.nanos, &c->dt_max) > 0)
				tb_set(&c->dt_max, v.seconds, v.nanos, s, n);
		}
	}

	/* String bounds: the keys decide unless they are equal.  smin starts
	 * unset (key all ones; non_null == 1 sets it), smax as "". */
	key = skey(s, n);
	if (key <= c->smin_key && (key < c->smin_key || c->non_null == 1 ||
	    bytes_cmp_samekey(s, n, c->smin.p, c->smin.n) < 0))
		smin_set(c, s, n, key);
	if (key >= c->smax_key && (key > c->smax_key ||
	    bytes_cmp_samekey(s, n, c->smax.p, c->smax.n) > 0))
		smax_set(c, s, n, key);
	/* A value that the open block's top values count already went into
	 * the distinct count with its first occurrence, and adding a hash
	 * twice changes nothing there: unless the block also had sketch-only
	 * records (tail), whose values the distinct count has not seen. */
	if (!(what && add_sketch(what, sk, hash, s, n, &v, c->pending) &&
	    !tail))
		vi_hll_add_hash(&c->hll, hash);
}

/* The index of the null token equal to s[0..len), or -1. */
static inline int
null_token(const struct vi_profile *p, const char *s, size_t len)
{
	if (len == 0)
		return p->nl_empty;
	if (len < 64 ? ((p->nl_first[(unsigned char)s[0]] &
	    p->nl_last[(unsigned char)s[len - 1]]) >> len & 1) != 0 :
	    p->nl_long != 0)
		return vi_nulls_match(p->nulls, s, len);
	return -1;
}

/* The fields of r in columns 0..n-1, and how many there are.  Without a
 * header the columns are known from the first record. */
static inline size_t
record_columns(struct vi_profile *p, const struct vi_record *r)
{
	if (__builtin_expect(p->ncols == 0, 0) && p->numbered && p->rows == 0)
		cols_new(p, r->nfields, NULL);
	return r->nfields < p->ncols ? r->nfields : p->ncols;
}

/* vi_profile_add, or with moments 0 vi_profile_add_counts: the moments
 * of such a record go to a scratch block that is thrown away. */
static inline void
add_record(struct vi_profile *p, const struct vi_record *r, int moments)
{
	size_t i, n = record_columns(p, r);
	const struct vi_field *f = r->fields;
	struct vi_pf_col *cols = p->cols;
	struct vi_pf_moments scratch = { 0, 0, 0 };
	unsigned what = moments ? p->sketch : 0;
	int t;

	p->rows++;
	for (i = 0; i < n; i++) {
		const char *s = f[i].p;
		size_t len = f[i].n;

		t = null_token(p, s, len);
		if (t >= 0) {
			cols[i].nulls++;
			if (__builtin_expect(cols[i].nullc == NULL, 0))
				cols[i].nullc = vi_xcalloc(p->ntok,
				    sizeof *cols[i].nullc);
			cols[i].nullc[t]++;
		} else {
			if (__builtin_expect(cols[i].v == NULL, 0))
				cols[i].v = vi_pf_column_new();
			add_value(cols[i].v, moments ? &cols[i].open.m :
			    &scratch, what == 0 ? NULL : cols[i].open.sk ?
			    cols[i].open.sk : vi_pf_sketch(&cols[i].open),
			    what, p->tail, s, len, r);
		}
	}
}

void
vi_profile_add(struct vi_profile *p, const struct vi_record *r)
{
	add_record(p, r, 1);
}

void
vi_profile_add_counts(struct vi_profile *p, const struct vi_record *r)
{
	add_record(p, r, 0);
}

void
vi_profile_add_moments(struct vi_profile *p, const struct vi_record *r)
{
	size_t i, n = record_columns(p, r);
	struct vi_value v;

	p->tail = 1;
	for (i = 0; i < n; i++) {
		const char *s = r->fields[i].p;
		size_t len = r->fields[i].n;

		if (null_token(p, s, len) >= 0)
			continue;
		vi_infer(s, len, &v);
		if (v.fits & VI_FIT_NUMBER && !(v.flags & VI_VFLAG_NONFINITE))
			welford(&p->cols[i].open.m, v.number);
		if (p->sketch)
			add_sketch(p->sketch, vi_pf_sketch(&p->cols[i].open),
			    XXH3_64bits(s, len), s, len, &v, p->cols[i].v != NULL ?
			    p->cols[i].v->pending : VI_FIT_NUMBER |
			    VI_FIT_DATETIME);
	}
}

/* a becomes a followed by b: moments by Chan's formula, sketches merged. */
static void
block_fold(struct vi_pf_block *a, const struct vi_pf_block *b)
{
	combine(&a->m, &b->m);
	if (sketch_empty(b->sk))
		return;
	vi_topk_merge(&vi_pf_sketch(a)->top, &b->sk->top);
	vi_quant_merge(&a->sk->q, &b->sk->q);
}

/* a becomes an empty block (keeping its sketches' storage). */
static void
block_clear(struct vi_pf_block *a)
{
	memset(&a->m, 0, sizeof a->m);
	if (a->sk != NULL) {
		vi_topk_clear(&a->sk->top);
		vi_quant_clear(&a->sk->q);
	}
}

/* a becomes a copy of b. */
static void
block_copy(struct vi_pf_block *a, const struct vi_pf_block *b)
{
	block_clear(a);
	block_fold(a, b);
}

static int
block_empty(const struct vi_pf_block *b)
{
	return b->m.n == 0 && sketch_empty(b->sk);
}

/* Append one block (ncols columns, stride apart) to p's list; move: take
 * its sketches (the block is left without), else copy them. */
static void
push_block(struct vi_profile *p, struct vi_pf_block *m, size_t stride,
    int move)
{
	size_t i;

	if (p->nblocks == p->capblocks) {
		p->capblocks = p->capblocks ? p->capblocks * 2 : 8;
		p->blocks = vi_xreallocarray(p->blocks, p->capblocks,
		    p->ncols * sizeof *p->blocks);
	}
	for (i = 0; i < p->ncols; i++) {
		struct vi_pf_block *b = (struct vi_pf_block *)((char *)m +
		    i * stride), *to = &p->blocks[p->nblocks * p->ncols + i];

		if (move) {
			*to = *b;
			b->sk = NULL;
		} else {
			memset(to, 0, sizeof *to);
			block_copy(to, b);
		}
	}
	p->nblocks++;
}

void
vi_pf_push_block(struct vi_profile *p, struct vi_pf_block *b)
{
	push_block(p, b, sizeof *b, 1);
}

/* Fold or keep one closed block given as ncols columns, stride apart
 * (move: its sketches may be taken). */
static void
close_block(struct vi_profile *p, const struct vi_pf_block *m, size_t stride,
    int move)
{
	size_t i;
	int any = 0;

	for (i = 0; i < p->ncols && !any; i++)
		any = !block_empty((const struct vi_pf_block *)
		    ((const char *)m + i * stride));
	if (!any)
		return;    /* an empty block is the identity of block_fold */
	if (p->origin) {
		for (i = 0; i < p->ncols; i++)
			block_fold(&p->cols[i].total, (const struct vi_pf_block *)
			    ((const char *)m + i * stride));
		p->folded++;
	} else
		push_block(p, (struct vi_pf_block *)(uintptr_t)m, stride,
		    move);
}

void
vi_profile_block_end(struct vi_profile *p)
{
	size_t i;

	if (p->ncols == 0)
		return;
	close_block(p, &p->cols[0].open, sizeof *p->cols, 1);
	for (i = 0; i < p->ncols; i++)
		block_clear(&p->cols[i].open);
	p->tail = 0;
}

static void
merge_column(struct vi_pf_column *d, const struct vi_pf_column *s)
{
	unsigned dhas = col_has(d), shas = col_has(s), m;
	int t;

	if (d->non_null == 0 || s->min_len < d->min_len)
		d->min_len = s->min_len;
	if (s->max_len > d->max_len)
		d->max_len = s->max_len;
	for (t = 0; t < VI_TYPE_STRING; t++)
		if (!d->exc[t].set && s->exc[t].set)
			d->exc[t] = s->exc[t];
	d->pending &= s->pending;
	/* A bound that went stale on one side belongs to a type that no
	 * longer fits every value, so it is never reported: taking the
	 * better of two sides is exact whenever it matters, and ties keep
	 * dst's, the earlier value, as the sequential pass does. */
	d->bools |= s->bools;
	if (shas & HAS_INT) {
		if (!(dhas & HAS_INT)) {
			d->imin = s->imin;
			d->imax = s->imax;
		} else {
			if (s->imin < d->imin)
				d->imin = s->imin;
			if (s->imax > d->imax)
				d->imax = s->imax;
		}
	}
	if (shas & HAS_NUM) {
		if (!(dhas & HAS_NUM)) {
			d->dmin = s->dmin;
			d->dmax = s->dmax;
		} else {
			if (s->dmin < d->dmin)
				d->dmin = s->dmin;
			if (s->dmax > d->dmax)
				d->dmax = s->dmax;
		}
	}
	if (shas & HAS_DATE) {
		if (!(dhas & HAS_DATE) ||
		    tb_cmp(s->date_min.sec, s->date_min.ns, &d->date_min) < 0)
			d->date_min = s->date_min;
		if (!(dhas & HAS_DATE) ||
		    tb_cmp(s->date_max.sec, s->date_max.ns, &d->date_max) > 0)
			d->date_max = s->date_max;
	}
	if (shas & HAS_DT) {
		if (!(dhas & HAS_DT) ||
		    tb_cmp(s->dt_min.sec, s->dt_min.ns, &d->dt_min) < 0)
			d->dt_min = s->dt_min;
		if (!(dhas & HAS_DT) ||
		    tb_cmp(s->dt_max.sec, s->dt_max.ns, &d->dt_max) > 0)
			d->dt_max = s->dt_max;
	}
	if (shas & HAS_STR) {
		if (!(dhas & HAS_STR) || bytes_cmp(s->smin.p, s->smin.n,
		    d->smin.p, d->smin.n) < 0)
			smin_set(d, s->smin.p, s->smin.n, s->smin_key);
		if (!(dhas & HAS_STR) || bytes_cmp(s->smax.p, s->smax.n,
		    d->smax.p, d->smax.n) > 0)
			smax_set(d, s->smax.p, s->smax.n, s->smax_key);
	}
	d->non_null += s->non_null;
	for (m = 0; m <= FITS_BELOW_STRING; m++)
		d->nfits[m] += s->nfits[m];
	d->zero_padded += s->zero_padded;
	d->int64_overflow += s->int64_overflow;
	d->nonfinite += s->nonfinite;
	vi_hll_merge(&d->hll, &s->hll);
}

void
vi_profile_merge(struct vi_profile *dst, const struct vi_profile *src)
{
	size_t i, b;

	if (src->ncols == 0 && src->rows == 0)
		return;    /* an empty profile without columns yet */
	if (dst->ncols == 0 && dst->numbered && dst->rows == 0)
		cols_new(dst, src->ncols, NULL);
	assert(dst->ncols == src->ncols && dst->nulls == src->nulls &&
	    dst->sketch == src->sketch);
	/* A marked src has folded its blocks into one: the bits of a
	 * sequential pass when dst is empty or src closed at most one block;
	 * otherwise (states of different files) Chan's parallel formula. */
	vi_profile_block_end(dst);
	if (dst->rows == 0 && src->origin)
		dst->origin = 1;
	for (i = 0; i < dst->ncols; i++) {
		struct vi_pf_col *d = &dst->cols[i];
		const struct vi_pf_col *sc = &src->cols[i];
		size_t t;

		d->nulls += sc->nulls;
		if (sc->nullc != NULL) {
			if (d->nullc == NULL)
				d->nullc = vi_xcalloc(dst->ntok,
				    sizeof *d->nullc);
			for (t = 0; t < dst->ntok; t++)
				d->nullc[t] += sc->nullc[t];
		}
		if (sc->v != NULL && sc->v->non_null != 0) {
			if (d->v == NULL)
				d->v = vi_pf_column_new();
			merge_column(d->v, sc->v);
		}
	}
	dst->rows += src->rows;
	if (dst->ncols == 0)
		return;
	/* src's closed blocks in order, then its open block stays open. */
	if (src->origin)
		close_block(dst, &src->cols[0].total, sizeof *src->cols, 0);
	for (b = 0; b < src->nblocks; b++)
		close_block(dst, &src->blocks[b * src->ncols],
		    sizeof *src->blocks, 0);
	for (i = 0; i < dst->ncols; i++)
		block_copy(&dst->cols[i].open, &src->cols[i].open);
}

/* The left fold of every block, the open one last.  With sketches 0 the
 * moments only; else the caller frees out->sk. */
static void
final_block(const struct vi_profile *p, size_t i, int sketches,
    struct vi_pf_block *out)
{
	const struct vi_pf_col *k = &p->cols[i];
	size_t b;

	out->m = k->total.m;
	out->sk = NULL;
	if (sketches)
		block_fold(out, &(struct vi_pf_block){ { 0, 0, 0 },
		    k->total.sk });
	for (b = 0; b < p->nblocks; b++) {
		const struct vi_pf_block *x = &p->blocks[b * p->ncols + i];

		if (sketches)
			block_fold(out, x);
		else
			combine(&out->m, &x->m);
	}
	if (sketches)
		block_fold(out, &k->open);
	else
		combine(&out->m, &k->open.m);
}

static struct vi_pf_moments
final_moments(const struct vi_profile *p, size_t i)
{
	struct vi_pf_block b;

	final_block(p, i, 0, &b);
	return b.m;
}

size_t
vi_profile_top(const struct vi_profile *p, size_t i, size_t k,
    struct vi_topk_entry *out, uint64_t *err)
{
	struct vi_pf_block b;
	size_t n = 0;

	*err = 0;
	if (!(p->sketch & VI_PROFILE_TOP))
		return 0;
	final_block(p, i, 1, &b);
	if (b.sk != NULL) {
		n = vi_topk_top(&b.sk->top, out, k < VI_TOPK_CAP ? k :
		    VI_TOPK_CAP);
		*err = b.sk->top.err;
	}
	vi_pf_sketch_free(b.sk);
	return n;
}

int
vi_profile_quantiles(const struct vi_profile *p, size_t i,
    const double *f, size_t nf, double *out, uint64_t *n, uint64_t *err)
{
	struct vi_pf_block b;
	int rc = -1;

	*n = *err = 0;
	if (!(p->sketch & VI_PROFILE_QUANTILES))
		return -1;
	final_block(p, i, 1, &b);
	if (b.sk != NULL && b.sk->q.n > 0) {
		vi_quant_query(&b.sk->q, f, nf, out);
		*n = b.sk->q.n;
		*err = b.sk->q.err;
		rc = 0;
	}
	vi_pf_sketch_free(b.sk);
	return rc;
}

static void
bound_text(struct vi_bound *b, const char *s, size_t n)
{
	b->set = 1;
	b->text = s;
	b->len = n;
}

void
vi_profile_column(const struct vi_profile *p, size_t i,
    struct vi_column_summary *s)
{
	const struct vi_pf_col *k = &p->cols[i];
	const struct vi_pf_column *c = k->v != NULL ? k->v : &p->none;
	struct vi_pf_moments m;
	uint64_t best = 0;
	int t;

	memset(s, 0, sizeof *s);
	s->name = k->name;
	s->name_len = k->name_len;
	s->index = i + 1;
	s->nulls = k->nulls;
	s->non_null = c->non_null;
	s->null_counts = k->nullc != NULL ? k->nullc : p->zeros;
	s->type = VI_TYPE_ANY;
	for (t = 0; t < VI_NTYPES; t++) {
		s->fits[t] = col_fit(c, t);
		if (t < VI_TYPE_STRING && c->exc[t].set) {
			s->exceptions[t].set = 1;
			s->exceptions[t].line = c->exc[t].line;
			s->exceptions[t].byte = c->exc[t].byte;
			s->exceptions[t].value = c->exc[t].v;
			s->exceptions[t].len = c->exc[t].len;
			s->exceptions[t].truncated = c->exc[t].truncated;
		}
		if (c->non_null && s->type == VI_TYPE_ANY &&
		    s->fits[t] == c->non_null)
			s->type = (enum vi_type)t;
	}
	s->zero_padded = c->zero_padded;
	s->int64_overflow = c->int64_overflow;
	s->nonfinite = c->nonfinite;
	s->distinct_error = VI_HLL_ERROR;
	if (c->non_null == 0)
		return;
	s->min_length = c->min_len;
	s->max_length = c->max_len;
	s->distinct = vi_hll_estimate(&c->hll);

	switch (s->type) {
	case VI_TYPE_BOOLEAN:
		s->min.set = s->max.set = 1;
		s->min.boolean = !(c->bools & 1);
		s->max.boolean = (c->bools & 2) != 0;
		break;
	case VI_TYPE_INTEGER:
		s->min.set = s->max.set = 1;
		s->min.integer = c->imin;
		s->max.integer = c->imax;
		s->min.number = (double)c->imin;
		s->max.number = (double)c->imax;
		break;
	case VI_TYPE_NUMBER:
		s->min.set = s->max.set = (col_has(c) & HAS_NUM) != 0;
		s->min.number = c->dmin;
		s->max.number = c->dmax;
		break;
	case VI_TYPE_DATE:
		bound_text(&s->min, c->date_min.text, c->date_min.len);
		bound_text(&s->max, c->date_max.text, c->date_max.len);
		break;
	case VI_TYPE_DATETIME:
		bound_text(&s->min, c->dt_min.text, c->dt_min.len);
		bound_text(&s->max, c->dt_max.text, c->dt_max.len);
		break;
	default:
		bound_text(&s->min, c->smin.p, c->smin.n);
		bound_text(&s->max, c->smax.p, c->smax.n);
		break;
	}

	m = final_moments(p, i);
	s->numeric_count = m.n;
	if (s->type == VI_TYPE_INTEGER || s->type == VI_TYPE_NUMBER) {
		s->has_mean = m.n >= 1;
		s->mean = m.mean;
		s->has_stddev = m.n >= 2;
		if (m.n >= 2)
			s->stddev = sqrt(m.m2 / (double)(m.n - 1));
	}

	/* Confidence: the narrower type with the most fits, if >= 99 %. */
	for (t = 0; t < (int)s->type && t < VI_TYPE_STRING; t++)
		if (s->fits[t] > best) {
			best = s->fits[t];
			s->confidence_type = (enum vi_type)t;
		}
	if (best > 0 && (unsigned __int128)best * 100 >=
	    (unsigned __int128)c->non_null * VI_PROFILE_CONFIDENCE_PCT) {
		s->has_confidence = 1;
		s->confidence_fit = best;
	}
}

uint64_t
vi_profile_share(const struct vi_column_summary *s, enum vi_type t)
{
	unsigned __int128 x;

	if (s->non_null == 0)
		return 0;
	x = (unsigned __int128)s->fits[t] * 10000000u / s->non_null;
	return (uint64_t)x;
}
