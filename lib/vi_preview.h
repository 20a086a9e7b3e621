/*
 * vi_preview.h - records written for a person or for the next tool: an
 * aligned table, RFC 4180 CSV, TSV or JSON lines (vi-head's output).
 *
 * Contract
 * - vi_preview_new() takes the stream (borrowed, never closed), the format
 *   and the header (NULL, 0 without one; rendered at once, not kept).  Rows
 *   come with vi_preview_row() in the order they are to be written; their
 *   fields are borrowed for the call only.  vi_preview_end() writes what is
 *   held, flushes, and frees the writer whatever happens; vi_preview_abort()
 *   frees it and writes nothing more.
 * - CSV, TSV and JSON rows are written as they come (buffered, flushed at
 *   VI_OUT_FLUSH_AT and at the end).  The table holds its rendered cells
 *   until vi_preview_end(), because column widths come from every row shown;
 *   a cell cut to the width takes at most about 6 * width bytes.
 * - CSV: comma-separated, LF-ended, fields quoted as Python's csv module
 *   does with QUOTE_MINIMAL (vi_out_csv); a row of one empty field is
 *   written "" so that it is not a blank line.  TSV: vi_out_tsv's
 *   escapes.  JSON: one array of strings per line, the header's first
 *   (vi_json_put_str: invalid UTF-8 becomes U+FFFD).
 * - Table: columns separated by two spaces, left-aligned (the record number
 *   right-aligned), no trailing spaces.  In a cell LF, CR and TAB are shown
 *   as \n, \r, \t; other control bytes and bytes that are not valid UTF-8
 *   as \xHH; C1 controls and U+2028/U+2029 as \uHHHH, so that one record is
 *   one line of valid UTF-8.  A cell wider than the width (display columns,
 *   vi_utf8_width; escapes count as written) is cut to width - 1 columns,
 *   never inside a character or an escape, and ends with the marker "…".
 * - With numbers, every row starts with the record number it was given, in
 *   a column named "#" (a JSON number in JSON).
 * - A failed write is kept (vi_out) and reported by vi_preview_end(): -1
 *   and e (74, "write error").  Nothing here prints or exits, but vi_alloc
 *   when out of memory.
 */
#ifndef VI_PREVIEW_H
#define VI_PREVIEW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vi_csv.h"
#include "vi_err.h"
#include "vi_out.h"

enum vi_preview_format { VI_PV_TABLE, VI_PV_CSV, VI_PV_TSV, VI_PV_JSON };

/* The formats' names in enum order, NULL-ended (for vi_cli_choice). */
extern const char *const vi_preview_formats[];

struct vi_preview_opts {
	enum vi_preview_format format;
	size_t width;        /* table: cut wider cells; 0 never cuts */
	int numbers;         /* a first column "#" with the record numbers */
};

struct vi_preview;

struct vi_preview *vi_preview_new(FILE *f, const struct vi_preview_opts *o,
    const struct vi_field *header, size_t nheader);
void vi_preview_row(struct vi_preview *p, uint64_t number,
    const struct vi_field *fields, size_t n);
int vi_preview_end(struct vi_preview *p, struct vi_error *e);
/* After a failed run: free the writer, writing nothing of what it holds
 * (what a full buffer already wrote stays written). */
void vi_preview_abort(struct vi_preview *p);

/* One table cell: the n bytes at s rendered as above into o, cut to width
 * columns (0: never).  Returns the display width of what was written. */
size_t vi_preview_cell(struct vi_out *o, const char *s, size_t n,
    size_t width);

#endif
