/* vi_preview.c - table, CSV, TSV and JSON lines output of records (see
 * vi_preview.h). */
#include "vi_preview.h"
#include "vi_alloc.h"
#include "vi_json.h"   /* vi_json_put_str: JSON strings without a tree */
#include "vi_utf8.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

const char *const vi_preview_formats[] = { "table", "csv", "tsv", "json",
	NULL };

/* A table cell: bytes [off, off + len) of the text, w columns wide. */
struct cell {
	size_t off, len, w;
};

struct vi_preview {
	struct vi_preview_opts o;
	struct vi_out out;       /* on the stream */
	/* The table: every cell rendered into text, rows as runs of cells. */
	struct vi_out text;
	struct cell *cells;
	size_t ncells, cap;
	size_t *rows;            /* the first cell of each row */
	size_t nrows, rcap;
	int header;              /* rows[0] is the header */
};

static const char marker[] = "\xe2\x80\xa6";   /* U+2026, one column */

/* The unit of text at s[0..n): what a table shows for it in buf (at most 6
 * bytes, *len), its width in *w; returns the bytes it stands for. */
static size_t
unit(const unsigned char *s, size_t n, char *buf, size_t *len, size_t *w)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned long cp;
	size_t k;

	if (s[0] >= 0x20 && s[0] < 0x7F) {
		buf[0] = (char)s[0];
		*len = *w = 1;
		return 1;
	}
	if (s[0] == '\n' || s[0] == '\r' || s[0] == '\t') {
		buf[0] = '\\';
		buf[1] = s[0] == '\n' ? 'n' : s[0] == '\r' ? 'r' : 't';
		*len = *w = 2;
		return 1;
	}
	k = s[0] < 0x80 ? 0 : vi_utf8_seq(s, n);
	if (k == 0) {            /* a control byte or not UTF-8 */
		buf[0] = '\\';
		buf[1] = 'x';
		buf[2] = hex[s[0] >> 4];
		buf[3] = hex[s[0] & 15];
		*len = *w = 4;
		return 1;
	}
	cp = vi_utf8_decode(s, k);
	if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029) {
		buf[0] = '\\';
		buf[1] = 'u';
		buf[2] = hex[cp >> 12 & 15];
		buf[3] = hex[cp >> 8 & 15];
		buf[4] = hex[cp >> 4 & 15];
		buf[5] = hex[cp & 15];
		*len = *w = 6;
		return k;
	}
	memcpy(buf, s, k);
	*len = k;
	*w = (size_t)vi_utf8_cp_width(cp);
	return k;
}

size_t
vi_preview_cell(struct vi_out *o, const char *s, size_t n, size_t width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k, len, w, total = 0, budget = SIZE_MAX;
	char buf[8];

	if (width != 0) {
		/* Does it fit?  Stop counting as soon as it does not. */
		for (i = 0; i < n && total <= width; i += k) {
			k = unit(p + i, n - i, buf, &len, &w);
			total += w;
		}
		if (total > width)
			budget = width - 1;
	}
	total = 0;
	for (i = 0; i < n; i += k) {
		k = unit(p + i, n - i, buf, &len, &w);
		if (total + w > budget)
			break;
		vi_out_add(o, buf, len);
		total += w;
	}
	if (budget != SIZE_MAX) {
		vi_out_add(o, marker, sizeof marker - 1);
		total++;
	}
	return total;
}

static void
table_cell(struct vi_preview *p, const char *s, size_t n)
{
	struct cell *c;

	if (p->ncells == p->cap) {
		p->cap = p->cap ? vi_xmul(p->cap, 2) : 64;
		p->cells = vi_xreallocarray(p->cells, p->cap, sizeof *p->cells);
	}
	c = &p->cells[p->ncells++];
	c->off = p->text.len;
	c->w = vi_preview_cell(&p->text, s, n, p->o.width);
	c->len = p->text.len - c->off;
}

static void
table_row(struct vi_preview *p, const char *num, const struct vi_field *f,
    size_t n)
{
	size_t i;

	if (p->nrows == p->rcap) {
		p->rcap = p->rcap ? vi_xmul(p->rcap, 2) : 16;
		p->rows = vi_xreallocarray(p->rows, p->rcap, sizeof *p->rows);
	}
	p->rows[p->nrows++] = p->ncells;
	if (p->o.numbers)
		table_cell(p, num, strlen(num));
	for (i = 0; i < n; i++)
		table_cell(p, f[i].p, f[i].n);
}

static void
csv_row(struct vi_out *o, const char *num, const struct vi_field *f,
    size_t n)
{
	size_t i;

	if (num != NULL) {
		vi_out_csv(o, num, strlen(num));
		if (n)
			vi_out_ch(o, ',');
	} else if (n == 1 && f[0].n == 0)
		vi_out_str(o, "\"\"");   /* not a blank line */
	for (i = 0; i < n; i++) {
		if (i)
			vi_out_ch(o, ',');
		vi_out_csv(o, f[i].p, f[i].n);
	}
	vi_out_ch(o, '\n');
}

static void
tsv_row(struct vi_out *o, const char *num, const struct vi_field *f,
    size_t n)
{
	size_t i;

	if (num != NULL) {
		vi_out_str(o, num);
		if (n)
			vi_out_ch(o, '\t');
	}
	for (i = 0; i < n; i++) {
		if (i)
			vi_out_ch(o, '\t');
		vi_out_tsv(o, f[i].p, f[i].n);
	}
	vi_out_ch(o, '\n');
}

/* num: the number column's text; is_num: a JSON number, not a string. */
static void
json_row(struct vi_out *o, const char *num, int is_num,
    const struct vi_field *f, size_t n)
{
	size_t i;

	vi_out_ch(o, '[');
	if (num != NULL) {
		if (is_num)
			vi_out_str(o, num);
		else
			vi_json_put_str(o, num, strlen(num));
		if (n)
			vi_out_ch(o, ',');
	}
	for (i = 0; i < n; i++) {
		if (i)
			vi_out_ch(o, ',');
		vi_json_put_str(o, f[i].p, f[i].n);
	}
	vi_out_str(o, "]\n");
}

/* One row in the format; num NULL without the number column. */
static void
row(struct vi_preview *p, const char *num, int is_num,
    const struct vi_field *f, size_t n)
{
	switch (p->o.format) {
	case VI_PV_TABLE:
		table_row(p, num, f, n);
		break;
	case VI_PV_CSV:
		csv_row(&p->out, num, f, n);
		break;
	case VI_PV_TSV:
		tsv_row(&p->out, num, f, n);
		break;
	case VI_PV_JSON:
		json_row(&p->out, num, is_num, f, n);
		break;
	}
}

struct vi_preview *
vi_preview_new(FILE *f, const struct vi_preview_opts *o,
    const struct vi_field *header, size_t nheader)
{
	struct vi_preview *p = vi_xcalloc(1, sizeof *p);

	p->o = *o;
	p->out.f = f;
	if (header != NULL) {
		p->header = 1;
		row(p, o->numbers ? "#" : NULL, 0, header, nheader);
	}
	return p;
}

void
vi_preview_row(struct vi_preview *p, uint64_t number,
    const struct vi_field *fields, size_t n)
{
	char num[24];

	snprintf(num, sizeof num, "%" PRIu64, number);
	row(p, p->o.numbers ? num : NULL, 1, fields, n);
}

/* The held table, aligned. */
static void
table_write(struct vi_preview *p)
{
	size_t *width = NULL, ncols = 0, r, c, first, end, pad;
	const struct cell *x;

	for (r = 0; r < p->nrows; r++) {
		end = r + 1 < p->nrows ? p->rows[r + 1] : p->ncells;
		if (end - p->rows[r] > ncols) {
			width = vi_xreallocarray(width, end - p->rows[r],
			    sizeof *width);
			memset(width + ncols, 0,
			    (end - p->rows[r] - ncols) * sizeof *width);
			ncols = end - p->rows[r];
		}
		for (c = p->rows[r]; c < end; c++)
			if (p->cells[c].w > width[c - p->rows[r]])
				width[c - p->rows[r]] = p->cells[c].w;
	}
	for (r = 0; r < p->nrows; r++) {
		first = p->rows[r];
		end = r + 1 < p->nrows ? p->rows[r + 1] : p->ncells;
		while (end > first + 1 && p->cells[end - 1].len == 0)
			end--;   /* no trailing spaces */
		for (c = first; c < end; c++) {
			x = &p->cells[c];
			pad = width[c - first] - x->w;
			if (c > first)
				vi_out_str(&p->out, "  ");
			/* The record number right-aligned, the rest left. */
			if (p->o.numbers && c == first)
				while (pad--)
					vi_out_ch(&p->out, ' ');
			vi_out_add(&p->out, p->text.p + x->off, x->len);
			if (!(p->o.numbers && c == first) && c + 1 < end)
				while (pad--)
					vi_out_ch(&p->out, ' ');
		}
		vi_out_ch(&p->out, '\n');
	}
	free(width);
}

static void
preview_free(struct vi_preview *p)
{
	vi_out_free(&p->text);
	free(p->cells);
	free(p->rows);
	free(p);
}

int
vi_preview_end(struct vi_preview *p, struct vi_error *e)
{
	int rc;

	if (p->o.format == VI_PV_TABLE)
		table_write(p);
	rc = vi_out_close(&p->out, e);
	preview_free(p);
	return rc;
}

void
vi_preview_abort(struct vi_preview *p)
{
	vi_out_free(&p->out);
	preview_free(p);
}
