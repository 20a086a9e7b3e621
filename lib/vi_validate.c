/* vi_validate.c - the checking engine (see vi_validate.h). */
#include "vi_validate.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XXH_INLINE_ALL   /* XXH3_128bits inlined into the unique check */
#include <xxhash.h>

#include "vi_alloc.h"
#include "vi_infer.h"
#include "vi_nulls.h"
#include "vi_utf8.h"

/* An open-addressing set of 128-bit hashes; the all-zero hash is stored
 * as 1 so that zero can mean "empty". */
struct hset {
	XXH128_hash_t *slot;
	size_t cap, n;            /* cap: a power of two, or 0 */
	int full;                 /* cannot grow: lookups only */
};

struct count {
	uint64_t n, first_line;
};

/* A violation kept for the report: x.value and x.reason point to the
 * copies, owned here. */
struct vi_kept {
	struct vi_violation x;
	char *value, *reason;
};

struct vi_validate {
	const struct vi_schema *s;
	struct vi_kept *kept;         /* the first o.keep violations */
	size_t nkept;
	struct vi_validate_opts o;
	struct vi_nulls *nulls;       /* NULL: missingValues is [] */
	size_t ncols;                 /* columns in the file */
	size_t *field_of;             /* column -> schema field or VI_V_ROW */
	size_t *col_of;               /* schema field -> column or VI_V_ROW */
	unsigned *want;               /* per field: VI_FIT mask, 0 = no infer */
	struct hset *sets;            /* per field (unique) */
	XXH128_hash_t *uhash;         /* this row's unique-field hashes */
	unsigned char *uhave;         /* ... and which were computed */
	struct hset pkset;
	size_t mem_left;
	char *scratch;                /* pattern NUL copy, key bytes */
	size_t scratch_cap;
	char *gapbuf;
	struct count *counts;         /* (nfields + 1) * VI_V_NKINDS */
	struct vi_validate_stats st;
	uint64_t line;                /* of the record being checked */
	int row_bad;
};

struct vi_validate *
vi_validate_new(const struct vi_schema *s, const struct vi_validate_opts *o)
{
	struct vi_validate *v = vi_xcalloc(1, sizeof *v);
	struct vi_error e;
	size_t i;

	v->s = s;
	v->o = *o;
	if (s->missing_spec != NULL) {
		v->nulls = vi_nulls_new(s->missing_spec, &e);
		if (v->nulls == NULL)  /* checked at load; cannot happen */
			abort();
	}
	v->want = vi_xcalloc(s->nfields + 1, sizeof *v->want);
	for (i = 0; i < s->nfields; i++) {
		const struct vi_schema_field *f = &s->fields[i];

		if (f->type != VI_TYPE_STRING && f->type != VI_TYPE_ANY)
			v->want[i] = VI_FIT(f->type);
	}
	v->sets = vi_xcalloc(s->nfields + 1, sizeof *v->sets);
	v->uhash = vi_xcalloc(s->nfields + 1, sizeof *v->uhash);
	v->uhave = vi_xcalloc(s->nfields + 1, sizeof *v->uhave);
	v->col_of = vi_xcalloc(s->nfields + 1, sizeof *v->col_of);
	v->counts = vi_xcalloc(s->nfields + 1, VI_V_NKINDS *
	    sizeof *v->counts);
	v->mem_left = o->unique_mem;
	v->kept = vi_xcalloc(o->keep ? o->keep : 1, sizeof *v->kept);
	v->scratch_cap = 256;
	v->scratch = vi_xmalloc(v->scratch_cap);
	return v;
}

void
vi_validate_free(struct vi_validate *v)
{
	size_t i;

	if (v == NULL)
		return;
	vi_nulls_free(v->nulls);
	for (i = 0; i < v->s->nfields; i++)
		free(v->sets[i].slot);
	free(v->sets);
	free(v->uhash);
	free(v->uhave);
	free(v->pkset.slot);
	free(v->want);
	free(v->field_of);
	free(v->col_of);
	free(v->counts);
	free(v->scratch);
	free(v->gapbuf);
	for (i = 0; i < v->nkept; i++) {
		free(v->kept[i].value);
		free(v->kept[i].reason);
	}
	free(v->kept);
	free(v);
}

const struct vi_validate_stats *
vi_validate_stats(const struct vi_validate *v)
{
	return &v->st;
}

const struct vi_schema *
vi_validate_schema(const struct vi_validate *v)
{
	return v->s;
}

const struct vi_violation *
vi_validate_kept(const struct vi_validate *v, size_t i)
{
	return i < v->nkept ? &v->kept[i].x : NULL;
}

uint64_t
vi_validate_count(const struct vi_validate *v, size_t f, enum vi_vkind k,
    uint64_t *first_line)
{
	const struct count *c;

	if (f == VI_V_ROW || f > v->s->nfields)
		f = v->s->nfields;
	c = &v->counts[f * VI_V_NKINDS + k];
	if (first_line)
		*first_line = c->first_line;
	return c->n;
}

/* Count x, keep it for the report if there is room, pass it on. */
static void
emit(struct vi_validate *v, const struct vi_violation *x)
{
	struct count *c;

	c = &v->counts[(x->field == VI_V_ROW ? v->s->nfields : x->field) *
	    VI_V_NKINDS + x->kind];
	if (c->n++ == 0)
		c->first_line = x->line;
	v->st.violations++;
	if (v->nkept < v->o.keep) {
		struct vi_kept *k = &v->kept[v->nkept++];

		k->x = *x;
		if (x->value != NULL) {
			k->x.len = x->len > VI_V_KEPT_VALUE ? VI_V_KEPT_VALUE :
			    x->len;
			k->x.value = k->value = vi_xmemdup(x->value, k->x.len);
		}
		if (x->reason != NULL)
			k->x.reason = k->reason = vi_xstrdup(x->reason);
	}
	if (v->o.on_violation)
		v->o.on_violation(v->o.arg, x);
}

static void
violate(struct vi_validate *v, enum vi_vkind k, size_t field,
    const char *p, size_t n, uint64_t line, uint64_t byte)
{
	struct vi_violation x;

	v->row_bad = 1;
	memset(&x, 0, sizeof x);
	x.kind = k;
	x.line = line;
	x.byte = byte;
	x.field = field;
	x.value = p;
	x.len = n;
	emit(v, &x);
}

static void
scratch_need(struct vi_validate *v, size_t n)
{
	if (n > v->scratch_cap) {
		while (v->scratch_cap < n)
			v->scratch_cap *= 2;
		v->scratch = vi_xrealloc(v->scratch, v->scratch_cap);
	}
}

/* ---- hash sets ---- */

static XXH128_hash_t
hash_of(const void *p, size_t n)
{
	XXH128_hash_t h = XXH3_128bits(p, n);

	if (h.low64 == 0 && h.high64 == 0)
		h.low64 = 1;
	return h;
}

static size_t
hset_find(const struct hset *h, XXH128_hash_t k)
{
	size_t mask = h->cap - 1, i = (size_t)k.low64 & mask;

	while (h->slot[i].low64 != 0 || h->slot[i].high64 != 0) {
		if (h->slot[i].low64 == k.low64 &&
		    h->slot[i].high64 == k.high64)
			return i;
		i = (i + 1) & mask;
	}
	return i;
}

static int
hset_has(const struct hset *h, XXH128_hash_t k)
{
	size_t i;

	if (h->cap == 0)
		return 0;
	i = hset_find(h, k);
	return h->slot[i].low64 != 0 || h->slot[i].high64 != 0;
}

/* Add k (known absent).  Grows at 3/4 load within the memory budget. */
static void
hset_add(struct vi_validate *v, struct hset *h, XXH128_hash_t k)
{
	if (h->full)
		return;
	if (h->cap == 0 || (h->n + 1) * 4 > h->cap * 3) {
		size_t ncap = h->cap ? h->cap * 2 : 1024, i;
		size_t need = ncap * sizeof *h->slot;
		size_t old = h->cap * sizeof *h->slot;
		XXH128_hash_t *os = h->slot;
		struct hset nh;

		if (ncap < h->cap || need / sizeof *h->slot != ncap ||
		    need - old > v->mem_left) {
			h->full = 1;
			if (v->st.unique_capped_line == 0)
				v->st.unique_capped_line = v->line;
			return;
		}
		nh.slot = vi_xcalloc(ncap, sizeof *nh.slot);
		nh.cap = ncap;
		for (i = 0; i < h->cap; i++)
			if (os[i].low64 != 0 || os[i].high64 != 0)
				nh.slot[hset_find(&nh, os[i])] = os[i];
		free(os);
		v->mem_left -= need - old;
		h->slot = nh.slot;
		h->cap = ncap;
	}
	h->slot[hset_find(h, k)] = k;
	h->n++;
}

/* ---- header ---- */

static size_t
field_by_name(const struct vi_schema *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (s->fields[i].name_len == n &&
		    memcmp(s->fields[i].name, p, n) == 0)
			return i;
	return VI_V_ROW;
}

static void
header_violation(struct vi_validate *v, enum vi_vkind k, size_t field,
    const char *p, size_t n, size_t position)
{
	struct vi_violation x;

	v->st.header_violations++;
	memset(&x, 0, sizeof x);
	x.kind = k;
	x.line = v->line;
	x.field = field;
	x.value = p;
	x.len = n;
	x.position = position;
	emit(v, &x);
}

/* Map the file's columns to schema fields: by name from the header, or by
 * position without one.  Reports missing, extra and reordered columns. */
static void
map_columns(struct vi_validate *v, const struct vi_record *r)
{
	const struct vi_schema *s = v->s;
	size_t i, f, rank = 0, nf = r->nfields;
	char name[32];

	v->ncols = nf;
	v->field_of = vi_xcalloc(nf ? nf : 1, sizeof *v->field_of);
	for (f = 0; f < s->nfields; f++)
		v->col_of[f] = VI_V_ROW;
	for (i = 0; i < nf; i++) {
		if (v->o.header)
			f = field_by_name(s, r->fields[i].p, r->fields[i].n);
		else
			f = i < s->nfields ? i : VI_V_ROW;
		if (f != VI_V_ROW && v->col_of[f] != VI_V_ROW)
			f = VI_V_ROW;  /* a duplicate name: the first counts */
		v->field_of[i] = f;
		if (f != VI_V_ROW) {
			v->col_of[f] = i;
			continue;
		}
		if (v->o.header) {
			header_violation(v, VI_V_EXTRA_COLUMN, VI_V_ROW,
			    r->fields[i].p, r->fields[i].n, i + 1);
		} else {
			snprintf(name, sizeof name, "%zu", i + 1);
			header_violation(v, VI_V_EXTRA_COLUMN, VI_V_ROW, name,
			    strlen(name), i + 1);
		}
	}
	for (f = 0; f < s->nfields; f++)
		if (v->col_of[f] == VI_V_ROW)
			header_violation(v, VI_V_MISSING_COLUMN, f,
			    s->fields[f].name, s->fields[f].name_len, 0);
	if (v->o.ignore_order || !v->o.header)
		return;
	/* In order when the columns both have come in the schema's order:
	 * the k-th common column in the file is the k-th in the schema. */
	for (f = 0; f < s->nfields; f++) {
		size_t k = 0;

		if (v->col_of[f] == VI_V_ROW)
			continue;
		for (i = 0; i < v->col_of[f]; i++)
			k += v->field_of[i] != VI_V_ROW;
		if (k != rank)
			header_violation(v, VI_V_COLUMN_ORDER, f,
			    s->fields[f].name, s->fields[f].name_len,
			    v->col_of[f] + 1);
		rank++;
	}
}

/* ---- values ---- */

static int
cmp_value(enum vi_type t, const struct vi_value *a, const struct vi_value *b)
{
	switch (t) {
	case VI_TYPE_INTEGER:
		return (a->integer > b->integer) - (a->integer < b->integer);
	case VI_TYPE_NUMBER:
		return (a->number > b->number) - (a->number < b->number);
	case VI_TYPE_DATE:
		return (a->days > b->days) - (a->days < b->days);
	case VI_TYPE_DATETIME:
		if (a->seconds != b->seconds)
			return a->seconds < b->seconds ? -1 : 1;
		return (a->nanos > b->nanos) - (a->nanos < b->nanos);
	case VI_TYPE_BOOLEAN:
		return a->boolean - b->boolean;
	default:
		return 0;
	}
}

static uint64_t
utf8_chars(const char *p, size_t n)
{
	uint64_t k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		k += ((unsigned char)p[i] & 0xC0) != 0x80;
	return k;
}

/* Check one non-null value of field f.  Counts its violations. */
static void
check_value(struct vi_validate *v, size_t fi, const char *p, size_t n,
    uint64_t byte)
{
	const struct vi_schema_field *f = &v->s->fields[fi];
	struct vi_value val;
	uint64_t len;
	size_t k;

	if (v->want[fi]) {
		vi_infer(p, n, &val);
		if (!(val.fits & v->want[fi])) {
			violate(v, VI_V_TYPE, fi, p, n, v->line, byte);
			return;
		}
		if (f->type == VI_TYPE_NUMBER && (val.flags &
		    VI_VFLAG_NONFINITE) && val.number != val.number &&
		    (f->has_min || f->has_max)) {
			/* NaN is neither above a minimum nor below a
			 * maximum: it fails both. */
			violate(v, f->has_min ? VI_V_MINIMUM : VI_V_MAXIMUM,
			    fi, p, n, v->line, byte);
		} else {
			if (f->has_min && cmp_value(f->type, &val, &f->min) < 0)
				violate(v, VI_V_MINIMUM, fi, p, n, v->line,
				    byte);
			if (f->has_max && cmp_value(f->type, &val, &f->max) > 0)
				violate(v, VI_V_MAXIMUM, fi, p, n, v->line,
				    byte);
		}
		if (f->has_enum) {
			for (k = 0; k < f->nenums; k++)
				if (cmp_value(f->type, &val,
				    &f->enums[k].v) == 0)
					break;
			if (k == f->nenums)
				violate(v, VI_V_ENUM, fi, p, n, v->line, byte);
		}
	} else if (f->has_enum) {
		for (k = 0; k < f->nenums; k++)
			if (f->enums[k].len == n &&
			    memcmp(f->enums[k].text, p, n) == 0)
				break;
		if (k == f->nenums)
			violate(v, VI_V_ENUM, fi, p, n, v->line, byte);
	}
	if (f->has_minlen || f->has_maxlen) {
		len = utf8_chars(p, n);
		if (f->has_minlen && len < f->minlen)
			violate(v, VI_V_MINLENGTH, fi, p, n, v->line, byte);
		if (f->has_maxlen && len > f->maxlen)
			violate(v, VI_V_MAXLENGTH, fi, p, n, v->line, byte);
	}
	if (f->has_pattern) {
		scratch_need(v, n + 1);
		memcpy(v->scratch, p, n);
		v->scratch[n] = '\0';
		/* A NUL inside the value never matches. */
		if (memchr(p, '\0', n) != NULL ||
		    regexec(&f->re, v->scratch, 0, NULL, 0) != 0)
			violate(v, VI_V_PATTERN, fi, p, n, v->line, byte);
	}
}

/* Check a data record.  1 if valid. */
static int
check_record(struct vi_validate *v, const struct vi_record *r)
{
	const struct vi_schema *s = v->s;
	size_t i, fi, ncols = r->nfields < v->ncols ? r->nfields : v->ncols;
	uint64_t byte = r->byte;
	XXH128_hash_t h;

	v->row_bad = 0;
	v->line = r->line;
	for (i = 0; i < ncols; i++) {
		const char *p = r->fields[i].p;
		size_t n = r->fields[i].n;

		fi = v->field_of[i];
		if (fi == VI_V_ROW)
			continue;
		if (v->nulls != NULL && vi_nulls_match(v->nulls, p, n) >= 0) {
			if (s->fields[fi].required)
				violate(v, VI_V_REQUIRED, fi, p, n, v->line,
				    byte);
			continue;
		}
		check_value(v, fi, p, n, byte);
	}
	/* Primary key fields must not be null. */
	for (i = 0; i < s->npk; i++) {
		size_t c = v->col_of[s->pk[i]];
		const struct vi_field *fl;

		if (c == VI_V_ROW)
			continue;
		fl = &r->fields[c];
		if (!s->fields[s->pk[i]].required && v->nulls != NULL &&
		    vi_nulls_match(v->nulls, fl->p, fl->n) >= 0)
			violate(v, VI_V_REQUIRED, s->pk[i], fl->p, fl->n,
			    v->line, byte);
	}
	/* Uniqueness last: checked here, stored below (hashes kept) only
	 * for rows that are otherwise valid. */
	for (fi = 0; fi < s->nfields; fi++) {
		size_t c = v->col_of[fi];
		const struct vi_field *fl;

		v->uhave[fi] = 0;
		if (!s->fields[fi].unique || c == VI_V_ROW)
			continue;
		fl = &r->fields[c];
		if (v->nulls != NULL &&
		    vi_nulls_match(v->nulls, fl->p, fl->n) >= 0)
			continue;
		v->uhash[fi] = hash_of(fl->p, fl->n);
		v->uhave[fi] = 1;
		if (hset_has(&v->sets[fi], v->uhash[fi]))
			violate(v, VI_V_UNIQUE, fi, fl->p, fl->n, v->line,
			    byte);
	}
	if (s->npk) {
		size_t n = 0, k;

		for (k = 0; k < s->npk; k++) {
			size_t c = v->col_of[s->pk[k]];
			size_t fl = c == VI_V_ROW ? 0 : r->fields[c].n;

			scratch_need(v, n + fl + sizeof fl);
			memcpy(v->scratch + n, &fl, sizeof fl);
			n += sizeof fl;
			if (fl)
				memcpy(v->scratch + n, r->fields[c].p, fl);
			n += fl;
		}
		h = hash_of(v->scratch, n);
		if (hset_has(&v->pkset, h))
			violate(v, VI_V_PRIMARYKEY, VI_V_ROW, NULL, 0, v->line,
			    byte);
		else if (!v->row_bad)
			hset_add(v, &v->pkset, h);
	}
	if (!v->row_bad)
		for (fi = 0; fi < s->nfields; fi++)
			if (v->uhave[fi])
				hset_add(v, &v->sets[fi], v->uhash[fi]);
	return !v->row_bad;
}

/* ---- output ---- */

static int
put(struct vi_validate *v, FILE *f, const void *p, size_t n,
    struct vi_error *e)
{
	if (f == NULL || n == 0)
		return 0;
	errno = 0;
	if (fwrite(p, 1, n, f) != n) {
		vi_error_set(e, VI_EX_IOERR, errno, 0, 0, "write error");
		return vi_error_at(e, VI_ERR_OUTPUT,
		    f == v->o.out ? "" : v->o.rejects_name);
	}
	return 0;
}

#define GAP_CHUNK (1u << 20)

/* Copy bytes [from, to) of the input file to f. */
static int
copy_gap(struct vi_validate *v, int fd, uint64_t from, uint64_t to,
    FILE *f, FILE *f2, struct vi_error *e)
{
	ssize_t got;
	size_t want;

	if (v->gapbuf == NULL)
		v->gapbuf = vi_xmalloc(GAP_CHUNK);
	while (from < to) {
		want = to - from > GAP_CHUNK ? GAP_CHUNK : (size_t)(to - from);
		got = pread(fd, v->gapbuf, want, (off_t)from);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return vi_error_set(e, VI_EX_IOERR, got < 0 ? errno : 0,
			    0, 0, "%s", got < 0 ? "read error" : "file shrank");
		if (put(v, f, v->gapbuf, (size_t)got, e) < 0 ||
		    put(v, f2, v->gapbuf, (size_t)got, e) < 0)
			return -1;
		from += (uint64_t)got;
	}
	return 0;
}

int
vi_validate_run(struct vi_validate *v, struct vi_csv *c, struct vi_error *e)
{
	const struct vi_csv_info *in = vi_csv_info(c);
	struct vi_record r;
	uint64_t prev_end = 0, prev_lines = 0, rej_seen = 0, utf8_seen = 0;
	uint64_t blank_seen = 0, end, k;
	int regular, fd, rc, got_first = 0, ok;
	uint64_t fsize;
	size_t first;

	fd = vi_csv_fd(c, &regular, &fsize);
	for (;;) {
		rc = vi_csv_next(c, &r, e);
		if (rc < 0)
			return -1;
		end = rc ? r.byte - 1 : in->bytes;
		if (!got_first && rc && v->o.header &&
		    in->records_rejected > 0)
			return vi_error_set(e, VI_EX_DATAERR, 0,
			    in->rejects[0].line, in->rejects[0].byte,
			    "malformed header: %s", in->rejects[0].reason);
		/* What the reader skipped since the last record. */
		if (in->records_rejected > rej_seen) {
			for (k = rej_seen; k < in->records_rejected; k++) {
				struct vi_violation x;

				memset(&x, 0, sizeof x);
				x.kind = VI_V_MALFORMED;
				x.field = VI_V_ROW;
				if (k < in->nrejects_kept) {
					x.line = in->rejects[k].line;
					x.byte = in->rejects[k].byte;
					x.reason = in->rejects[k].reason;
				} else {
					x.line = prev_lines + 1;
					x.reason = "malformed record";
				}
				v->line = x.line;
				emit(v, &x);
			}
			v->st.malformed += in->records_rejected - rej_seen;
			v->st.invalid += in->records_rejected - rej_seen;
			v->st.rows += in->records_rejected - rej_seen;
			if (regular) {
				if (copy_gap(v, fd, prev_end, end,
				    v->o.rejects, NULL, e) < 0)
					return -1;
			} else {
				v->st.not_copied +=
				    in->records_rejected - rej_seen;
			}
			rej_seen = in->records_rejected;
		} else if (end > prev_end) {
			/* Blank lines, or the BOM before the header. */
			if (regular) {
				if (copy_gap(v, fd, prev_end, end, v->o.out,
				    got_first ? NULL : v->o.rejects, e) < 0)
					return -1;
			} else if (!got_first && in->bom_utf8) {
				if (put(v, v->o.out, "\xEF\xBB\xBF", 3, e) ||
				    put(v, v->o.rejects, "\xEF\xBB\xBF", 3,
				    e))
					return -1;
			}
		}
		v->st.blank_lines += in->blank_lines - blank_seen;
		blank_seen = in->blank_lines;
		if (rc == 0)
			break;
		prev_end = r.byte - 1 + r.raw_len;
		prev_lines = in->lines;
		v->line = r.line;
		if (!got_first) {
			got_first = 1;
			map_columns(v, &r);
			if (v->o.header) {
				if (put(v, v->o.out, r.raw, r.raw_len, e) < 0 ||
				    put(v, v->o.rejects, r.raw, r.raw_len,
				    e) < 0)
					return -1;
				utf8_seen = in->utf8_invalid;
				continue;
			}
		}
		ok = check_record(v, &r);
		if (in->utf8_invalid != utf8_seen) {
			utf8_seen = in->utf8_invalid;
			first = 0;
			if (vi_utf8_invalid((const unsigned char *)r.raw,
			    r.raw_len, &first)) {
				violate(v, VI_V_UTF8, VI_V_ROW, NULL, 0,
				    r.line, r.byte + first);
				ok = 0;
			}
		}
		v->st.rows++;
		if (ok) {
			v->st.valid++;
			rc = put(v, v->o.out, r.raw, r.raw_len, e);
		} else {
			v->st.invalid++;
			rc = put(v, v->o.rejects, r.raw, r.raw_len, e);
		}
		if (rc < 0)
			return -1;
	}
	if (!got_first && v->o.header) {
		v->st.no_header = 1;
		v->line = 1;
		for (k = 0; k < v->s->nfields; k++)
			header_violation(v, VI_V_MISSING_COLUMN, k,
			    v->s->fields[k].name, v->s->fields[k].name_len,
			    0);
	}
	return 0;
}
