/*
 * vi_nulls.h - the set of strings that mean "no value" (null tokens).
 *
 * Contract
 * - A set is built once from a specification and is read-only afterwards, so
 *   any number of threads may call vi_nulls_match() on it at once.  The set
 *   owns copies of its tokens; vi_nulls_free() releases them.
 * - A specification is either a preset name or an explicit list:
 *     "empty"   only the empty field;
 *     "pandas"  pandas' default na_values (the suite's default), in this order:
 *               "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN",
 *               "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL",
 *               "NaN", "None", "n/a", "nan", "null";
 *     "sql"     "NULL" and "\N";
 *   anything else is a comma-separated list of tokens, taken byte for byte
 *   (no trimming, case matters).  An empty item - a leading, trailing or
 *   doubled comma, or an empty specification - is the empty string:
 *   "NA,NULL" does not make empty fields null, ",NA,NULL" and "NA,NULL," do.
 *   A token cannot contain a comma.  Duplicates are dropped (the first one
 *   keeps its place).  A list that is exactly one preset name needs the
 *   prefix "list:", which always starts an explicit list ("list:sql" is the
 *   one token "sql"; "list:" alone is the empty string).
 * - Tokens are numbered 0..vi_nulls_count()-1 in the order above; a match
 *   returns that index so callers can count each token separately.
 * - Matching allocates nothing and is cheap for the common non-null case:
 *   a length mask and a first-byte table reject most values before memcmp.
 */
#ifndef VI_NULLS_H
#define VI_NULLS_H

#include <stddef.h>

#include "vi_err.h"

struct vi_nulls;

/* Build a set from a preset name or a list (see above).  NULL with e filled
 * (status 64) when the specification is unusable (a token longer than
 * VI_NULLS_TOKEN_MAX bytes, more than VI_NULLS_MAX tokens). */
#define VI_NULLS_MAX 256
#define VI_NULLS_TOKEN_MAX 1024
struct vi_nulls *vi_nulls_new(const char *spec, struct vi_error *e);
void vi_nulls_free(struct vi_nulls *s);

/* The index of the token equal to the n bytes at p, or -1 if none is. */
int vi_nulls_match(const struct vi_nulls *s, const char *p, size_t n);

/* The tokens in effect, in index order: count, and token i (NUL-terminated;
 * its length in *len when len is not NULL). */
size_t vi_nulls_count(const struct vi_nulls *s);
const char *vi_nulls_token(const struct vi_nulls *s, size_t i, size_t *len);

/* The preset name ("empty", "pandas", "sql") or NULL for an explicit list. */
const char *vi_nulls_preset(const struct vi_nulls *s);

/* The default specification: "pandas". */
#define VI_NULLS_DEFAULT "pandas"

#endif
