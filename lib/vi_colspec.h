/*
 * vi_colspec.h - column selections such as "region,date,3", "2-4",
 * "region-id", "!note" or "\"a,b\"": parse them once, then resolve them
 * against a CSV header to 0-based column indexes.  The one parser of every
 * option that selects columns (vi-keys -k and --hash-cols), in the syntax
 * xsv and qsv users type.
 *
 * Syntax: items separated by commas, taken in the order given, repeats
 * allowed.  An item is
 *   NAME        a column name: its exact bytes, nothing trimmed;
 *   N           a 1-based column number (decimal digits only);
 *   A-B         the columns from A to B inclusive, A and B names or numbers
 *               (B before A gives them in reverse); A or B left out means
 *               the first or the last column ("-3", "4-");
 *   !ITEM       exclude ITEM's columns: they are removed from the selection;
 *               a selection of exclusions only starts from every column.
 * A name (or part of one) in double quotes is taken literally: commas,
 * dashes, a leading '!' and digits lose their meaning there, and "" stands
 * for one quote: "\"a,b\"", "\"x-y\"-z".
 * When an item is both the name of a header column and something else (a
 * number, a range), the name wins.  A range whose dash could split the item
 * in more than one way that resolves is an error (quote the name).  With
 * several header columns of the same name, the first one is meant.  An empty
 * item, an unterminated quote and a selection of no column are errors.
 *
 * Errors are usage errors: status 64 and a message that starts with the
 * option the list came from and names the item.  An unknown name lists the
 * header's columns, closest name first (edit distance), e.g.
 * "-k: no such column: regio (columns, closest first: region, id, date)".
 * Nothing here prints or exits.
 *
 * Ownership: a colspec owns its parsed items; free it with
 * vi_colspec_free().  n and idx[] are valid after a successful resolve.
 */
#ifndef VI_COLSPEC_H
#define VI_COLSPEC_H

#include <stddef.h>

#include "vi_csv.h"
#include "vi_err.h"

struct vi_colitem;

struct vi_colspec {
	const char *opt;   /* the option, for messages (not copied) */
	size_t n;          /* resolved columns */
	size_t *idx;       /* their 0-based indexes, n of them */
	size_t nitems;     /* parsed items */
	struct vi_colitem *items;
};

/* Split spec, given to option opt, into items.  0, or -1 with e set (64) for
 * an empty list, an empty item or an unterminated quote.  cs is left empty
 * (and safe to free) on error. */
int vi_colspec_parse(struct vi_colspec *cs, const char *opt,
    const char *spec, struct vi_error *e);

/* Resolve every item against the header (hdr may be NULL with nhdr 0: then
 * only numbers are allowed) for an input of ncols columns; ncols SIZE_MAX
 * means "not known yet": the items are checked, and only numbers and closed
 * ranges of numbers are counted in n (exclusions and open ranges wait for
 * the column count).  0, or -1
 * with e set (64) naming the first item that matches no column.  Resolving
 * again (say, once the column count is known) is allowed. */
int vi_colspec_resolve(struct vi_colspec *cs, const struct vi_field *hdr,
    size_t nhdr, size_t ncols, struct vi_error *e);

void vi_colspec_free(struct vi_colspec *cs);

#endif
