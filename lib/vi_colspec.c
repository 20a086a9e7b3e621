/* vi_colspec.c - column lists resolved against a header (see vi_colspec.h). */
#include "vi_colspec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"

/* An all-digit item that is not a valid column number (0, or too large). */
#define NUM_INVALID SIZE_MAX

/* 0 if s is not all digits; else its value, NUM_INVALID for 0 or overflow. */
static size_t
number(const char *s)
{
	size_t v = 0;

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		unsigned d = (unsigned)(unsigned char)*s - '0';

		if (d > 9)
			return 0;
		if (v > (NUM_INVALID - 1 - d) / 10)
			v = NUM_INVALID;
		else if (v != NUM_INVALID)
			v = v * 10 + d;
	}
	return v == 0 ? NUM_INVALID : v;
}

int
vi_colspec_parse(struct vi_colspec *cs, const char *opt, const char *spec,
    struct vi_error *e)
{
	const char *p, *comma;
	size_t n = 1, i;

	memset(cs, 0, sizeof *cs);
	cs->opt = opt;
	if (*spec == '\0')
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "%s: empty column list", opt);
	for (p = spec; *p != '\0'; p++)
		n += *p == ',';
	cs->items = vi_xcalloc(n, sizeof *cs->items);
	cs->num = vi_xcalloc(n, sizeof *cs->num);
	cs->idx = vi_xcalloc(n, sizeof *cs->idx);
	cs->n = n;
	for (i = 0, p = spec; i < n; i++, p = comma + 1) {
		comma = strchr(p, ',');
		if (comma == NULL)
			comma = p + strlen(p);
		if (comma == p) {
			vi_colspec_free(cs);
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "%s: empty item in column list: %s", opt, spec);
		}
		cs->items[i] = vi_xmemdup(p, (size_t)(comma - p));
		cs->num[i] = number(cs->items[i]);
	}
	return 0;
}

int
vi_colspec_resolve(struct vi_colspec *cs, const struct vi_field *hdr,
    size_t nhdr, size_t ncols, struct vi_error *e)
{
	size_t i, j, len;

	for (i = 0; i < cs->n; i++) {
		len = strlen(cs->items[i]);
		for (j = 0; j < nhdr; j++)
			if (hdr[j].n == len &&
			    memcmp(hdr[j].p, cs->items[i], len) == 0)
				break;
		if (j < nhdr) {
			cs->idx[i] = j;
			continue;
		}
		if (cs->num[i] == 0)
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    hdr == NULL ? "%s: no such column: %s (without a "
			    "header, columns are given by number)" :
			    "%s: no such column: %s", cs->opt, cs->items[i]);
		if (cs->num[i] == NUM_INVALID)
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "%s: no such column: %s (columns are numbered "
			    "from 1)", cs->opt, cs->items[i]);
		if (cs->num[i] > ncols)
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "%s: no such column: %s (the input has %zu "
			    "column%s)", cs->opt, cs->items[i], ncols,
			    ncols == 1 ? "" : "s");
		cs->idx[i] = cs->num[i] - 1;
	}
	return 0;
}

void
vi_colspec_free(struct vi_colspec *cs)
{
	size_t i;

	if (cs->items != NULL)
		for (i = 0; i < cs->n; i++)
			free(cs->items[i]);
	free(cs->items);
	free(cs->num);
	free(cs->idx);
	cs->items = NULL;
	cs->num = cs->idx = NULL;
	cs->n = 0;
}
