/* test_nulls.c - null token sets: presets, lists, the empty token, matching. */
#include <string.h>

#include "tap.h"
#include "vi_nulls.h"

static int
m(const struct vi_nulls *s, const char *v)
{
	return vi_nulls_match(s, v, strlen(v));
}

int
main(void)
{
	struct vi_error e;
	struct vi_nulls *s;
	size_t len;
	char big[VI_NULLS_TOKEN_MAX + 2];

	vi_error_clear(&e);
	s = vi_nulls_new("pandas", &e);
	TAP_OK(s != NULL, "pandas preset builds");
	TAP_OK(vi_nulls_count(s) == 19, "pandas has 19 tokens");
	TAP_OK(strcmp(vi_nulls_preset(s), "pandas") == 0, "preset name kept");
	TAP_OK(m(s, "") == 0, "pandas: empty is token 0");
	TAP_OK(m(s, "#N/A N/A") == 2, "pandas: #N/A N/A");
	TAP_OK(m(s, "NA") == 12, "pandas: NA is token 12");
	TAP_OK(m(s, "null") == 18, "pandas: null is the last token");
	TAP_OK(m(s, "-1.#QNAN") == 5, "pandas: -1.#QNAN");
	TAP_OK(m(s, "na") == -1, "pandas: na is not null (case matters)");
	TAP_OK(m(s, "NULL ") == -1, "pandas: trailing space is not null");
	TAP_OK(m(s, "Nan") == -1, "pandas: Nan is not null");
	TAP_OK(m(s, "12") == -1, "pandas: a number is not null");
	TAP_OK(vi_nulls_match(s, "NAN", 2) == 12, "match uses the length given");
	TAP_OK(strcmp(vi_nulls_token(s, 13, &len), "NULL") == 0 && len == 4,
	    "token 13 is NULL, length 4");
	vi_nulls_free(s);

	s = vi_nulls_new("empty", &e);
	TAP_OK(vi_nulls_count(s) == 1 && m(s, "") == 0 && m(s, "NA") == -1,
	    "empty: only the empty field");
	vi_nulls_free(s);

	s = vi_nulls_new("sql", &e);
	TAP_OK(vi_nulls_count(s) == 2 && m(s, "NULL") == 0 &&
	    m(s, "\\N") == 1, "sql: NULL and \\N");
	TAP_OK(m(s, "") == -1, "sql: empty is not null");
	vi_nulls_free(s);

	s = vi_nulls_new("NA,NULL", &e);
	TAP_OK(s != NULL && vi_nulls_preset(s) == NULL, "list has no preset");
	TAP_OK(vi_nulls_count(s) == 2 && m(s, "NA") == 0 && m(s, "NULL") == 1,
	    "list NA,NULL");
	TAP_OK(m(s, "") == -1, "list without empty item: empty is a value");
	vi_nulls_free(s);

	s = vi_nulls_new(",NA", &e);
	TAP_OK(vi_nulls_count(s) == 2 && m(s, "") == 0 && m(s, "NA") == 1,
	    "leading comma adds the empty string");
	vi_nulls_free(s);
	s = vi_nulls_new("NA,", &e);
	TAP_OK(vi_nulls_count(s) == 2 && m(s, "") == 1, "trailing comma too");
	vi_nulls_free(s);
	s = vi_nulls_new("NA,,x", &e);
	TAP_OK(vi_nulls_count(s) == 3 && m(s, "") == 1 && m(s, "x") == 2,
	    "double comma too");
	vi_nulls_free(s);
	s = vi_nulls_new("", &e);
	TAP_OK(vi_nulls_count(s) == 1 && m(s, "") == 0,
	    "empty specification is the empty string");
	vi_nulls_free(s);
	s = vi_nulls_new("x,x,,", &e);
	TAP_OK(vi_nulls_count(s) == 2, "duplicates dropped");
	vi_nulls_free(s);
	s = vi_nulls_new("list:sql", &e);
	TAP_OK(vi_nulls_count(s) == 1 && m(s, "sql") == 0 &&
	    m(s, "NULL") == -1 && vi_nulls_preset(s) == NULL,
	    "list: prefix makes a preset name a token");
	vi_nulls_free(s);
	s = vi_nulls_new(" NA ", &e);
	TAP_OK(m(s, " NA ") == 0 && m(s, "NA") == -1, "tokens are not trimmed");
	vi_nulls_free(s);

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	s = vi_nulls_new(big, &e);
	TAP_OK(s == NULL && e.status == VI_EX_USAGE, "too long token: 64");
	memset(big, 'y', 100);
	big[100] = '\0';
	s = vi_nulls_new(big, &e);
	TAP_OK(s != NULL && m(s, big) == 0 && vi_nulls_match(s, big, 99) == -1,
	    "a 100-byte token matches");
	vi_nulls_free(s);
	return tap_done();
}
