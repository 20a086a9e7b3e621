/*
 * vi_colspec.h - column lists such as "region,date,3": parse them, then
 * resolve them against a CSV header to 0-based column indexes.
 *
 * Syntax: items separated by commas, in the order given, repeats allowed.
 * An item is a column name (its exact bytes, nothing trimmed) or a 1-based
 * column number (decimal digits only).  When an item is both the name of a
 * header column and a number, the name wins; a column whose name contains a
 * comma can only be given by its number.  With several header columns of the
 * same name, the first one is meant.  An empty item is an error.
 *
 * Errors are usage errors: status 64 and a message that starts with the
 * option the list came from and names the item, e.g.
 * "-k: no such column: regionx".  Nothing here prints or exits.
 *
 * Ownership: a colspec owns its copy of the list; free it with
 * vi_colspec_free().  idx[] is valid after a successful resolve.
 */
#ifndef VI_COLSPEC_H
#define VI_COLSPEC_H

#include <stddef.h>

#include "vi_csv.h"
#include "vi_err.h"

struct vi_colspec {
	const char *opt;   /* the option, for messages (not copied) */
	size_t n;          /* number of items */
	char **items;      /* the items as given, NUL-ended */
	size_t *num;       /* 1-based number if the item is all digits, else 0 */
	size_t *idx;       /* resolved 0-based column indexes */
};

/* Split spec, given to option opt, into items.  0, or -1 with e set (64) for an empty list or an
 * empty item.  cs is left empty (and safe to free) on error. */
int vi_colspec_parse(struct vi_colspec *cs, const char *opt,
    const char *spec, struct vi_error *e);

/* Resolve every item against the header (hdr may be NULL with nhdr 0: then
 * only numbers are allowed) for an input of ncols columns.  0, or -1 with e
 * set (64) naming the first item that matches no column.  Resolving again
 * (say, once the column count is known) is allowed. */
int vi_colspec_resolve(struct vi_colspec *cs, const struct vi_field *hdr,
    size_t nhdr, size_t ncols, struct vi_error *e);

void vi_colspec_free(struct vi_colspec *cs);

#endif
