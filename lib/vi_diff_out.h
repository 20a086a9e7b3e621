/*
 * vi_diff_out.h - vi-diff's outputs: the differences (CSV long format or
 * JSON lines) and the per-column summary (CSV or JSON).  The layouts are
 * specified in man/vi-diff.1; JSON carries "format_version": 1.
 *
 * Contract.  These functions format what the engine (vi_diff.h) found and
 * write it to a stdio stream; they never print anything else and never
 * exit.  A failed write returns -1 with e set (74, errno kept; 70 when a
 * JSON value could not be built).  labels[i] names input i and paths[i] is
 * the argument that named it; the caller keeps both, and the engine, alive
 * while a writer uses them.  Field values that are not valid UTF-8 are
 * written to JSON with U+FFFD for every invalid byte (CSV gets the bytes).
 */
#ifndef VI_DIFF_OUT_H
#define VI_DIFF_OUT_H

#include <stdio.h>

#include "vi_diff.h"
#include "vi_err.h"

enum vi_diff_format { VI_DIFF_CSV = 1, VI_DIFF_JSON };
/* Their names at index format - 1 ("csv", "json"), NULL-ended. */
extern const char *const vi_diff_formats[];

struct vi_diff_writer;

/* A writer of the differences; writes the CSV header line or the JSON
 * header object at once. */
struct vi_diff_writer *vi_diff_writer_open(FILE *f, enum vi_diff_format fmt,
    const struct vi_diff_info *info, char *const *labels,
    const char *const *paths, struct vi_error *e);
int vi_diff_writer_item(struct vi_diff_writer *w,
    const struct vi_diff_item *it, struct vi_error *e);
/* Flush and free w (also when e is NULL); JSON ends with the summary
 * object, so call it after the engine's last item. */
int vi_diff_writer_close(struct vi_diff_writer *w, struct vi_error *e);

/* The summary alone. */
int vi_diff_write_summary(FILE *f, enum vi_diff_format fmt,
    const struct vi_diff_info *info, char *const *labels,
    const char *const *paths, struct vi_error *e);

#endif
