/*
 * vi_schema.h - the subset of the Frictionless Table Schema that vi-validate
 * enforces and vi-stats --schema writes (see man/vi-schema.5).
 *
 * Contract
 * - vi_schema_load() reads a JSON file with jansson and returns a schema
 *   owned by the caller (vi_schema_free releases it, compiled regexes
 *   included).  Anything outside the subset - an unknown type, an unknown
 *   constraint or property, a constraint value of the wrong kind, a pattern
 *   that does not compile - is an error (status 64) whose message names it;
 *   nothing is silently ignored.  A schema file that cannot be opened is
 *   status 66.
 * - Constraint values are parsed once, in the field's type, with vi_infer
 *   (the same rules the checks use), so a check never parses a constraint.
 * - vi_schema_write_profile() writes the schema inferred by a vi-stats
 *   profile: every column with its name and inferred type ("any" for a
 *   column without a value), "required": true for a column with values and
 *   no nulls, and missingValues = the null tokens in effect.  Pretty-printed
 *   by jansson, keys in a fixed order, so the output is deterministic.
 */
#ifndef VI_SCHEMA_H
#define VI_SCHEMA_H

#include <regex.h>     /* POSIX ERE for the pattern constraint */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vi_err.h"
#include "vi_infer.h"
#include "vi_profile.h"

/* One enum member: the value as written (string, any) or parsed. */
struct vi_schema_enum {
	char *text;
	size_t len;
	struct vi_value v;
};

struct vi_schema_field {
	char *name;               /* NUL-terminated (no NUL inside) */
	size_t name_len;
	enum vi_type type;        /* VI_TYPE_ANY: every value fits */
	int required, unique;
	int has_min, has_max;     /* typed, for integer..datetime */
	struct vi_value min, max;
	char *min_text, *max_text;/* as written in the schema, for messages */
	int has_minlen, has_maxlen;
	uint64_t minlen, maxlen;  /* UTF-8 characters */
	struct vi_schema_enum *enums;
	size_t nenums;
	int has_enum;
	int has_pattern;
	char *pattern;            /* as written */
	regex_t re;               /* "^(" pattern ")$", REG_EXTENDED|REG_NOSUB */
};

struct vi_schema {
	struct vi_schema_field *fields;
	size_t nfields;
	char **missing;           /* missingValues, in order */
	size_t nmissing;
	char *missing_spec;       /* the same as a vi_nulls "list:" spec, or
	                             NULL when missingValues is [] */
	size_t *pk;               /* primaryKey: field indexes */
	size_t npk;
};

/* Load path.  NULL and e (64 bad schema, 66 cannot open) on failure. */
struct vi_schema *vi_schema_load(const char *path, struct vi_error *e);
void vi_schema_free(struct vi_schema *s);

/* Write the schema a profile implies (see above) to out, then a newline.
 * 0, or -1 with e (74 and errno). */
int vi_schema_write_profile(FILE *out, const struct vi_profile *p,
    struct vi_error *e);

#endif
