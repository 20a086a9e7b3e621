/*
 * vi_upset_svg.c - the UpSet plot of a vi_upset model as a standalone SVG
 * document (see vi_upset.h).  Layout, left to right: per-file totals as
 * horizontal bars, the file names, then one column per subset: its bar
 * above, its dots below (filled: the file holds the subset's keys).
 * Integer geometry only, so the same model gives the same bytes.
 */
#include <string.h>

#include "vi_upset.h"

#define FONT "font-family=\"sans-serif\""
#define COL_W 26               /* one subset column */
#define ROW_H 22               /* one file row */
#define BAR_H 180              /* the tallest subset bar */
#define TOTAL_W 110            /* the longest per-file bar */
#define CNT_W 64               /* per-file counts, left of their bars */
#define TOP 64                 /* title and caption above the bars */
#define NAME_CHARS 32          /* longer names are cut, with an ellipsis */

/* name as XML text: escaped, controls as '?', cut after NAME_CHARS
 * characters (UTF-8 sequences kept whole). */
static void
put_name(struct vi_out *o, const char *s, int cut)
{
	size_t chars = 0;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c & 0xC0) != 0x80 && cut && chars++ == NAME_CHARS) {
			vi_out_str(o, "\xE2\x80\xA6");
			return;
		}
		switch (c) {
		case '&': vi_out_str(o, "&amp;"); break;
		case '<': vi_out_str(o, "&lt;"); break;
		case '>': vi_out_str(o, "&gt;"); break;
		case '"': vi_out_str(o, "&quot;"); break;
		default:
			vi_out_ch(o, c < 0x20 || c == 0x7F ? '?' : (char)c);
		}
	}
}

/* The members of t by name, joined by " & ". */
static void
put_members(struct vi_out *o, const struct vi_upset *u,
    const struct vi_upset_subset *t)
{
	size_t i;
	int first = 1;

	for (i = 0; i < u->nfiles; i++)
		if (t->members & ((uint64_t)1 << i)) {
			if (!first)
				vi_out_str(o, " &amp; ");
			put_name(o, u->files[i].name, 0);
			first = 0;
		}
}

/* v scaled to [0, full] against max, at least 1 when v > 0. */
static unsigned
scale(uint64_t v, uint64_t max, unsigned full)
{
	unsigned x;

	if (v == 0 || max == 0)
		return 0;
	x = (unsigned)((long double)v * full / max + 0.5L);
	return x ? x : 1;
}

static size_t
name_width(const struct vi_upset *u)
{
	size_t i, w = 0;

	for (i = 0; i < u->nfiles; i++) {
		size_t n = 0;
		const unsigned char *s = (const unsigned char *)u->files[i].name;

		for (; *s != '\0'; s++)
			n += (*s & 0xC0) != 0x80;
		if (n > NAME_CHARS)
			n = NAME_CHARS + 1;
		if (n > w)
			w = n;
	}
	return 7 * w + 16;     /* ~7 px a character at 12 px */
}

void
vi_upset_svg(const struct vi_upset *u, const struct vi_upset_opts *opt,
    struct vi_out *o)
{
	size_t nb = u->nsubsets < opt->max_bars ? u->nsubsets : opt->max_bars;
	size_t names = name_width(u), i, j;
	size_t x0 = 20 + CNT_W + TOTAL_W + 16 + names;  /* first column */
	size_t ybar = TOP + 40 + BAR_H;                /* bars' baseline */
	size_t ymat = ybar + 16;                       /* first row's top */
	size_t width = x0 + (nb ? nb : 1) * COL_W + 20;
	if (width < 520)        /* room for the title and the caption */
		width = 520;
	size_t height = ymat + u->nfiles * ROW_H + 48;
	uint64_t maxbar = 0, maxfile = 0, dups = 0, rest = 0;

	for (j = 0; j < nb; j++)
		if (u->subsets[j].keys > maxbar)
			maxbar = u->subsets[j].keys;
	for (j = nb; j < u->nsubsets; j++)
		rest += u->subsets[j].keys;
	for (i = 0; i < u->nfiles; i++) {
		if (u->files[i].keys > maxfile)
			maxfile = u->files[i].keys;
		dups += u->files[i].duplicate_keys;
	}

	vi_out_fmt(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%zu\" "
	    "height=\"%zu\" viewBox=\"0 0 %zu %zu\" " FONT " font-size=\"12\">\n",
	    width, height, width, height);
	vi_out_fmt(o, "<rect width=\"%zu\" height=\"%zu\" fill=\"#ffffff\"/>\n",
	    width, height);
	vi_out_str(o, "<text x=\"20\" y=\"24\" font-size=\"16\" "
	    "font-weight=\"bold\">");
	if (opt->title != NULL)
		put_name(o, opt->title, 0);
	else
		vi_out_fmt(o, "Keys shared by %zu file%s", u->nfiles,
		    u->nfiles == 1 ? "" : "s");
	vi_out_str(o, "</text>\n");
	vi_out_fmt(o, "<text x=\"20\" y=\"44\" fill=\"#333333\" "
	    "class=\"caption\">%llu distinct keys, %llu in every file",
	    (unsigned long long)u->keys, (unsigned long long)u->in_all);
	if (u->has_changed)
		vi_out_fmt(o, ", %llu changed", (unsigned long long)u->changed);
	vi_out_fmt(o, ", %llu duplicate key%s</text>\n",
	    (unsigned long long)dups, dups == 1 ? "" : "s");

	/* Row shading, then the subset columns: bar, count, dots. */
	for (i = 0; i < u->nfiles; i++)
		if (i % 2 == 0)
			vi_out_fmt(o, "<rect x=\"20\" y=\"%zu\" width=\"%zu\" "
			    "height=\"%d\" fill=\"#f2f2f2\"/>\n",
			    ymat + i * ROW_H, width - 40, ROW_H);
	vi_out_fmt(o, "<line x1=\"%zu\" y1=\"%zu\" x2=\"%zu\" y2=\"%zu\" "
	    "stroke=\"#999999\"/>\n", x0 - 4, ybar, width - 20, ybar);
	for (j = 0; j < nb; j++) {
		const struct vi_upset_subset *t = &u->subsets[j];
		size_t cx = x0 + j * COL_W + COL_W / 2;
		unsigned h = scale(t->keys, maxbar, BAR_H);
		size_t lo = (size_t)-1, hi = 0;

		vi_out_fmt(o, "<g class=\"subset\" data-keys=\"%llu\" "
		    "data-files=\"", (unsigned long long)t->keys);
		put_members(o, u, t);
		vi_out_str(o, "\"><title>");
		put_members(o, u, t);
		vi_out_fmt(o, ": %llu keys</title>\n",
		    (unsigned long long)t->keys);
		vi_out_fmt(o, "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" "
		    "height=\"%u\" fill=\"#3b5b92\"/>\n", cx - (COL_W - 8) / 2,
		    ybar - h, COL_W - 8, h);
		vi_out_fmt(o, "<text transform=\"translate(%zu,%zu) "
		    "rotate(-90)\" font-size=\"10\">%llu</text>\n", cx + 3,
		    ybar - h - 4,
		    (unsigned long long)t->keys);
		for (i = 0; i < u->nfiles; i++) {
			int in = (t->members >> i) & 1;

			if (in && lo == (size_t)-1)
				lo = i;
			if (in)
				hi = i;
		}
		if (lo != (size_t)-1 && hi > lo)
			vi_out_fmt(o, "<line x1=\"%zu\" y1=\"%zu\" x2=\"%zu\" "
			    "y2=\"%zu\" stroke=\"#222222\" stroke-width=\"3\"/>\n",
			    cx, ymat + lo * ROW_H + ROW_H / 2, cx,
			    ymat + hi * ROW_H + ROW_H / 2);
		for (i = 0; i < u->nfiles; i++)
			vi_out_fmt(o, "<circle cx=\"%zu\" cy=\"%zu\" r=\"6\" "
			    "fill=\"%s\"/>\n", cx, ymat + i * ROW_H + ROW_H / 2,
			    (t->members >> i) & 1 ? "#222222" : "#d0d0d0");
		vi_out_str(o, "</g>\n");
	}

	/* Per-file totals and names. */
	for (i = 0; i < u->nfiles; i++) {
		const struct vi_upset_file *f = &u->files[i];
		unsigned w = scale(f->keys, maxfile, TOTAL_W);
		size_t cy = ymat + i * ROW_H + ROW_H / 2;

		vi_out_fmt(o, "<g class=\"file\" data-keys=\"%llu\" "
		    "data-duplicate-keys=\"%llu\"><title>",
		    (unsigned long long)f->keys,
		    (unsigned long long)f->duplicate_keys);
		put_name(o, f->name, 0);
		vi_out_fmt(o, ": %llu keys, %llu duplicate keys</title>\n",
		    (unsigned long long)f->keys,
		    (unsigned long long)f->duplicate_keys);
		vi_out_fmt(o, "<rect x=\"%u\" y=\"%zu\" width=\"%u\" "
		    "height=\"%d\" fill=\"#7f9cc9\"/>\n",
		    20 + CNT_W + TOTAL_W - w, cy - 7, w, 14);
		vi_out_fmt(o, "<text x=\"%d\" y=\"%zu\" font-size=\"10\" "
		    "text-anchor=\"end\">%llu</text>\n", 20 + CNT_W - 6, cy + 4,
		    (unsigned long long)f->keys);
		vi_out_fmt(o, "<text x=\"%zu\" y=\"%zu\" text-anchor=\"end\">",
		    x0 - 10, cy + 4);
		put_name(o, f->name, 1);
		vi_out_str(o, "</text>\n</g>\n");
	}
	vi_out_fmt(o, "<text x=\"20\" y=\"%zu\" font-size=\"10\" "
	    "fill=\"#555555\">keys per file</text>\n", ymat - 4);
	if (rest > 0 || nb < u->nsubsets)
		vi_out_fmt(o, "<text x=\"20\" y=\"%zu\" class=\"note\" "
		    "fill=\"#555555\">%zu more subsets with %llu keys in all "
		    "are not drawn (--max-bars %zu)</text>\n", height - 16,
		    u->nsubsets - nb, (unsigned long long)rest, opt->max_bars);
	vi_out_str(o, "</svg>\n");
}
