/* vi_colspec.c - column selections resolved against a header (see
 * vi_colspec.h). */
#include "vi_colspec.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"

struct vi_colitem {
	char *text;            /* decoded bytes, quotes removed, NUL-ended */
	size_t len;
	unsigned char *lit;    /* lit[i]: text[i] came from inside quotes */
	int neg;               /* a '!' item */
	char *given;           /* the item as typed, for messages */
};

int
vi_colspec_parse(struct vi_colspec *cs, const char *opt, const char *spec,
    struct vi_error *e)
{
	const char *p = spec, *start;
	size_t cap = 0;

	memset(cs, 0, sizeof *cs);
	cs->opt = opt;
	if (*spec == '\0')
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "%s: empty column list", opt);
	for (;;) {
		struct vi_colitem *it;
		size_t n = 0, max = strlen(p);
		int quoted = 0;

		if (cs->nitems == cap) {
			cap = cap ? cap * 2 : 4;
			cs->items = vi_xreallocarray(cs->items, cap,
			    sizeof *cs->items);
		}
		it = &cs->items[cs->nitems++];
		memset(it, 0, sizeof *it);
		it->text = vi_xmalloc(max + 1);
		it->lit = vi_xmalloc(max + 1);
		start = p;
		if (*p == '!') {
			it->neg = 1;
			p++;
		}
		while (*p != '\0' && *p != ',') {
			if (*p != '"') {
				it->lit[n] = 0;
				it->text[n++] = *p++;
				continue;
			}
			quoted = 1;
			for (p++;; p++) {
				if (*p == '\0') {
					vi_colspec_free(cs);
					return vi_error_set(e, VI_EX_USAGE, 0,
					    0, 0, "%s: unterminated quote in "
					    "column list: %s", opt, spec);
				}
				if (*p == '"' && p[1] != '"')
					break;
				if (*p == '"')
					p++;
				it->lit[n] = 1;
				it->text[n++] = *p;
			}
			p++;
		}
		it->text[n] = '\0';
		it->len = n;
		it->given = vi_xmemdup(start, (size_t)(p - start));
		if (n == 0 && !quoted) {
			vi_colspec_free(cs);
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "%s: empty item in column list: %s", opt, spec);
		}
		if (*p == '\0')
			break;
		p++;
	}
	return 0;
}

/* ---- resolving ---- */

enum { EP_NONE, EP_FOUND, EP_BAD };

struct ctx {
	const struct vi_field *hdr;
	size_t nhdr, ncols;
	const char *why;        /* why a number is no column, for messages */
};

/* Resolve text[a, b) of it as one column: a header name, else a number. */
static int
endpoint(struct ctx *c, const struct vi_colitem *it, size_t a, size_t b,
    size_t *col)
{
	size_t j, v = 0, i;
	int digits = b > a, over = 0;

	for (j = 0; j < c->nhdr; j++)
		if (c->hdr[j].n == b - a &&
		    memcmp(c->hdr[j].p, it->text + a, b - a) == 0) {
			*col = j;
			return EP_FOUND;
		}
	for (i = a; i < b && digits; i++) {
		unsigned d = (unsigned)(unsigned char)it->text[i] - '0';

		if (d > 9 || it->lit[i])
			digits = 0;
		else if (v > (SIZE_MAX - 1 - d) / 10)
			over = 1;
		else
			v = v * 10 + d;
	}
	if (!digits)
		return EP_NONE;
	if (over || v == 0) {
		c->why = " (columns are numbered from 1)";
		return EP_BAD;
	}
	if (c->ncols != SIZE_MAX && v > c->ncols) {
		c->why = "";    /* filled in by the caller: needs ncols */
		return EP_BAD;
	}
	*col = v - 1;
	return EP_FOUND;
}

/* Lowercase ASCII. */
static unsigned char
low(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
}

/* Edit distance of a and b (case-insensitive, the first 64 bytes). */
static size_t
distance(const char *a, size_t an, const char *b, size_t bn)
{
	size_t row[65], i, j, diag, up;

	an = an > 64 ? 64 : an;
	bn = bn > 64 ? 64 : bn;
	for (j = 0; j <= bn; j++)
		row[j] = j;
	for (i = 1; i <= an; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= bn; j++) {
			size_t best = diag + (low((unsigned char)a[i - 1]) !=
			    low((unsigned char)b[j - 1]));

			up = row[j];
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[bn];
}

struct near {
	size_t d, j;
};

static int
nearcmp(const void *x, const void *y)
{
	const struct near *a = x, *b = y;

	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return a->j < b->j ? -1 : a->j > b->j;
}

#define NEAR_SHOWN 8

/* " (columns, closest first: a, b, c, and 5 more)" into buf. */
static void
closest(const struct ctx *c, const struct vi_colitem *it, char *buf,
    size_t cap)
{
	struct near *nr = vi_xcalloc(c->nhdr, sizeof *nr);
	size_t j, len, shown = c->nhdr < NEAR_SHOWN ? c->nhdr : NEAR_SHOWN;

	for (j = 0; j < c->nhdr; j++) {
		nr[j].d = distance(it->text, it->len, c->hdr[j].p,
		    c->hdr[j].n);
		nr[j].j = j;
	}
	qsort(nr, c->nhdr, sizeof *nr, nearcmp);
	len = (size_t)snprintf(buf, cap, " (columns, closest first: ");
	for (j = 0; j < shown && len < cap; j++) {
		const struct vi_field *f = &c->hdr[nr[j].j];
		size_t w = f->n > 40 ? 40 : f->n, i;
		int q = memchr(f->p, ',', f->n) != NULL ||
		    memchr(f->p, '"', f->n) != NULL;

		/* A name the list syntax would split is shown quoted, as it
		 * would be typed. */
		len += (size_t)snprintf(buf + len, cap - len, "%s%s",
		    j ? ", " : "", q ? "\"" : "");
		for (i = 0; i < w && len + 2 < cap; i++) {
			if (f->p[i] == '"')
				buf[len++] = '"';
			buf[len++] = f->p[i];
		}
		buf[len] = '\0';
		if (len < cap)
			len += (size_t)snprintf(buf + len, cap - len, "%s%s",
			    f->n > 40 ? "..." : "", q ? "\"" : "");
	}
	if (len < cap && c->nhdr > shown)
		len += (size_t)snprintf(buf + len, cap - len,
		    ", and %zu more", c->nhdr - shown);
	if (len < cap)
		snprintf(buf + len, cap - len, ")");
	free(nr);
}

/* Resolve one item to the columns [*lo .. *hi] (hi < lo: reversed); *open
 * is set when an end is left out and ncols is not known. */
static int
item(struct ctx *c, const struct vi_colspec *cs, const struct vi_colitem *it,
    size_t *lo, size_t *hi, int *open, struct vi_error *e)
{
	size_t i, l = 0, h = 0, found = 0;
	char near[320];
	int r;

	*open = 0;
	c->why = NULL;
	r = endpoint(c, it, 0, it->len, lo);
	if (r == EP_FOUND) {
		*hi = *lo;
		return 0;
	}
	for (i = 0; i < it->len; i++) {
		size_t a = 0, b = 0;
		int ra, rb, opn = 0;

		if (it->text[i] != '-' || it->lit[i])
			continue;
		if (i == 0) {
			ra = EP_FOUND;
			opn |= c->ncols == SIZE_MAX;
		} else {
			ra = endpoint(c, it, 0, i, &a);
		}
		if (i + 1 == it->len) {
			rb = EP_FOUND;
			opn |= c->ncols == SIZE_MAX;
			b = c->ncols == SIZE_MAX ? 0 : c->ncols - 1;
		} else {
			rb = endpoint(c, it, i + 1, it->len, &b);
		}
		if (ra != EP_FOUND || rb != EP_FOUND)
			continue;
		if (found++ == 0) {
			l = a;
			h = b;
			*open = opn;
		}
	}
	if (found == 1) {
		*lo = l;
		*hi = h;
		return 0;
	}
	if (found > 1)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0, "%s: ambiguous "
		    "range: %s (it can be split at more than one dash; quote "
		    "the names)", cs->opt, it->given);
	if (c->why != NULL && c->why[0] == '\0')
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "%s: no such column: %s (the input has %zu column%s)",
		    cs->opt, it->given, c->ncols, c->ncols == 1 ? "" : "s");
	if (c->why != NULL)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "%s: no such column: %s%s", cs->opt, it->given, c->why);
	if (c->hdr == NULL)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "%s: no such column: %s (without a header, columns are "
		    "given by number)", cs->opt, it->given);
	closest(c, it, near, sizeof near);
	return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
	    "%s: no such column: %s%s", cs->opt, it->given, near);
}

int
vi_colspec_resolve(struct vi_colspec *cs, const struct vi_field *hdr,
    size_t nhdr, size_t ncols, struct vi_error *e)
{
	struct ctx c = { hdr, nhdr, ncols, NULL };
	unsigned char *out = NULL;
	size_t i, k, cap = 0, lo = 0, hi = 0;
	int open, positive = 0;

	free(cs->idx);
	cs->idx = NULL;
	cs->n = 0;
	if (ncols != SIZE_MAX)
		out = vi_xcalloc((ncols > nhdr ? ncols : nhdr) + 1, 1);
	for (i = 0; i < cs->nitems; i++) {
		const struct vi_colitem *it = &cs->items[i];
		size_t cnt;

		if (item(&c, cs, it, &lo, &hi, &open, e) < 0) {
			free(out);
			return -1;
		}
		positive |= !it->neg;
		if (open)
			continue;       /* needs the column count */
		if (it->neg) {
			if (out != NULL)
				for (k = lo < hi ? lo : hi;
				    k <= (lo < hi ? hi : lo); k++)
					out[k] = 1;
			continue;
		}
		cnt = (lo < hi ? hi - lo : lo - hi) + 1;
		if (cs->n + cnt > cap) {
			cap = (cs->n + cnt) * 2;
			cs->idx = vi_xreallocarray(cs->idx, cap,
			    sizeof *cs->idx);
		}
		for (k = 0; k < cnt; k++)
			cs->idx[cs->n++] = lo <= hi ? lo + k : lo - k;
	}
	if (out == NULL)
		return 0;
	if (!positive) {
		cs->idx = vi_xreallocarray(cs->idx, ncols ? ncols : 1,
		    sizeof *cs->idx);
		for (k = 0; k < ncols; k++)
			cs->idx[k] = k;
		cs->n = ncols;
	}
	for (i = k = 0; i < cs->n; i++)
		if (!out[cs->idx[i]])
			cs->idx[k++] = cs->idx[i];
	cs->n = k;
	free(out);
	if (cs->n == 0)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "%s: the selection names no column", cs->opt);
	return 0;
}

void
vi_colspec_free(struct vi_colspec *cs)
{
	size_t i;

	for (i = 0; i < cs->nitems; i++) {
		free(cs->items[i].text);
		free(cs->items[i].lit);
		free(cs->items[i].given);
	}
	free(cs->items);
	free(cs->idx);
	cs->items = NULL;
	cs->idx = NULL;
	cs->n = cs->nitems = 0;
}
