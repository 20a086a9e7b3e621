/*
 * vi_upset.h - an UpSet plot of a vi-presence summary: the model read from
 * `vi-presence --summary --json` (vi_upset_read) and its drawing as a
 * standalone SVG document (vi_upset_svg, in vi_upset_svg.c).
 *
 * Contract
 * - vi_upset_read() parses the JSON read from fd (jansson) and checks it is a
 *   summary: "files" (labels, at least one, at most VI_UPSET_MAX_FILES),
 *   "keys", "in_all", "changed" (a count, or null without row hashes),
 *   "subsets" (each "files" a non-empty list
 *   of distinct labels of "files", "keys" a count) and "per_file" (one
 *   object per file with "name", "keys", "duplicate_keys").  Anything else
 *   is a data error (status 65) whose message says which member is wrong;
 *   JSON that does not parse is 65 at its line and byte.
 * - The subsets come out sorted: more keys first; on a tie fewer files
 *   first, then by membership read as file indexes in order (lexicographic),
 *   so the order depends on the counts and the file order only.
 * - vi_upset_svg() writes the SVG into o: the same model and options give
 *   the same bytes (integer geometry, no time, no randomness).  The first
 *   max_bars subsets get a bar each; the rest are summed in a note.
 *   Labels are XML-escaped; a control character becomes '?'.
 * - The model owns its memory; vi_upset_free() releases it.  Nothing here
 *   prints or exits (but through vi_alloc).
 */
#ifndef VI_UPSET_H
#define VI_UPSET_H

#include <stddef.h>
#include <stdint.h>

#include "vi_err.h"
#include "vi_out.h"

#define VI_UPSET_MAX_FILES 64

struct vi_upset_subset {
	uint64_t keys;
	uint64_t members;        /* bit i: file i holds the subset's keys */
	unsigned degree;         /* number of member files */
};

struct vi_upset_file {
	char *name;              /* UTF-8, NUL-ended */
	uint64_t keys;           /* distinct keys in the file */
	uint64_t duplicate_keys;
};

struct vi_upset {
	size_t nfiles;
	struct vi_upset_file *files;
	size_t nsubsets;
	struct vi_upset_subset *subsets;  /* sorted, see above */
	uint64_t keys, in_all, changed;
	int has_changed;          /* "changed" was a count, not null */
};

/* Read, parse and check the document on fd, up to its end.  0, or -1
 * with e (65, or 70 out of memory) and u left empty. */
int vi_upset_read(int fd, struct vi_upset *u, struct vi_error *e);
void vi_upset_free(struct vi_upset *u);

struct vi_upset_opts {
	size_t max_bars;         /* at least 1 */
	const char *title;       /* NULL: "UpSet plot of N files" */
};

/* The SVG document into o. */
void vi_upset_svg(const struct vi_upset *u, const struct vi_upset_opts *opt,
    struct vi_out *o);

#endif
