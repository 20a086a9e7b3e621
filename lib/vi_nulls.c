/* vi_nulls.c - null token sets (see vi_nulls.h). */
#include "vi_nulls.h"
#include "vi_alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct token {
	char *p;
	size_t n;
};

struct vi_nulls {
	const char *preset;        /* static name, or NULL for a list */
	struct token *tok;
	size_t ntok;
	uint64_t lenmask;          /* bit n: some token has length n (n < 64) */
	int has_long;              /* some token is 64 bytes or longer */
	int has_empty;             /* index of "" or -1 */
	unsigned char first[256];  /* first[c]: some token starts with byte c */
};

static const char *const pandas_tokens[] = {
	"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
	"1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a",
	"nan", "null"
};
static const char *const sql_tokens[] = { "NULL", "\\N" };
static const char *const empty_tokens[] = { "" };

static const struct {
	const char *name;
	const char *const *tokens;
	size_t ntokens;
} presets[] = {
	{ "empty", empty_tokens, 1 },
	{ "pandas", pandas_tokens, sizeof pandas_tokens / sizeof *pandas_tokens },
	{ "sql", sql_tokens, 2 },
};

/* Add the n bytes at p unless already present.  -1 when the set is full or
 * the token too long. */
static int
add(struct vi_nulls *s, const char *p, size_t n, struct vi_error *e)
{
	size_t i;

	if (n > VI_NULLS_TOKEN_MAX)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "null token longer than %d bytes", VI_NULLS_TOKEN_MAX);
	for (i = 0; i < s->ntok; i++)
		if (s->tok[i].n == n && memcmp(s->tok[i].p, p, n) == 0)
			return 0;
	if (s->ntok == VI_NULLS_MAX)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "more than %d null tokens", VI_NULLS_MAX);
	s->tok[s->ntok].p = vi_xmemdup(p, n);
	s->tok[s->ntok].n = n;
	if (n < 64)
		s->lenmask |= (uint64_t)1 << n;
	else
		s->has_long = 1;
	if (n == 0)
		s->has_empty = (int)s->ntok;
	else
		s->first[(unsigned char)p[0]] = 1;
	s->ntok++;
	return 0;
}

struct vi_nulls *
vi_nulls_new(const char *spec, struct vi_error *e)
{
	struct vi_nulls *s;
	const char *p, *comma;
	size_t i;

	s = vi_xcalloc(1, sizeof *s);
	s->tok = vi_xcalloc(VI_NULLS_MAX, sizeof *s->tok);
	s->has_empty = -1;
	for (i = 0; i < sizeof presets / sizeof *presets; i++) {
		if (strcmp(spec, presets[i].name) != 0)
			continue;
		s->preset = presets[i].name;
		for (size_t j = 0; j < presets[i].ntokens; j++)
			(void)add(s, presets[i].tokens[j],
			    strlen(presets[i].tokens[j]), e);
		return s;
	}
	if (strncmp(spec, "list:", 5) == 0)
		spec += 5;
	for (p = spec;; p = comma + 1) {
		comma = strchr(p, ',');
		if (add(s, p, comma ? (size_t)(comma - p) : strlen(p), e) < 0) {
			vi_nulls_free(s);
			return NULL;
		}
		if (comma == NULL)
			break;
	}
	return s;
}

void
vi_nulls_free(struct vi_nulls *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ntok; i++)
		free(s->tok[i].p);
	free(s->tok);
	free(s);
}

int
vi_nulls_match(const struct vi_nulls *s, const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return s->has_empty;
	if (n < 64 ? !(s->lenmask >> n & 1) : !s->has_long)
		return -1;
	if (!s->first[(unsigned char)p[0]])
		return -1;
	for (i = 0; i < s->ntok; i++)
		if (s->tok[i].n == n && s->tok[i].p[0] == p[0] &&
		    memcmp(s->tok[i].p, p, n) == 0)
			return (int)i;
	return -1;
}

size_t
vi_nulls_count(const struct vi_nulls *s)
{
	return s->ntok;
}

const char *
vi_nulls_token(const struct vi_nulls *s, size_t i, size_t *len)
{
	if (len != NULL)
		*len = s->tok[i].n;
	return s->tok[i].p;
}

const char *
vi_nulls_preset(const struct vi_nulls *s)
{
	return s->preset;
}
