/* test_rowkey.c - column lists, key normalisation, the field encoding the
 * row and shard hashes use, shard parsing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>     /* XXH3_64bits, the reference */

#include "tap.h"
#include "vi_colspec.h"
#include "vi_rowkey.h"

#define F(s) { s, sizeof(s) - 1 }

/* The encoding of vi_rowkey.h, built by hand for two fields. */
static uint64_t
ref2(const char *a, size_t na, const char *b, size_t nb)
{
	unsigned char buf[256];
	size_t at = 0;
	int i;

	for (i = 0; i < 8; i++)
		buf[at++] = (unsigned char)((uint64_t)na >> (8 * i));
	memcpy(buf + at, a, na);
	at += na;
	for (i = 0; i < 8; i++)
		buf[at++] = (unsigned char)((uint64_t)nb >> (8 * i));
	memcpy(buf + at, b, nb);
	at += nb;
	return XXH3_64bits(buf, at);
}

int
main(void)
{
	struct vi_error e;
	struct vi_colspec cs;
	struct vi_field hdr[] = { F("region"), F("date"), F("3"), F("a,b"),
		F("date") };
	struct vi_field row[] = { F("  Eu\t"), F("2024"), F("x"), F("bc"),
		F("") };
	struct vi_record r;
	struct vi_rowkey *rk;
	const char *const *kp;
	const size_t *kl;
	const char *fa[] = { "a", "bc" }, *fb[] = { "ab", "c" };
	size_t la[] = { 1, 2 }, lb[] = { 2, 1 }, *rest, n, cols[] = { 0, 3 };
	unsigned char *buf = NULL;
	size_t cap = 0;
	uint64_t k, m;

	vi_error_clear(&e);
	TAP_OK(vi_colspec_parse(&cs, "-k", "region,1,3,date", &e) == 0 &&
	    cs.nitems == 4, "parse four items");
	TAP_OK(vi_colspec_resolve(&cs, hdr, 5, 5, &e) == 0 && cs.n == 4 &&
	    cs.idx[0] == 0 && cs.idx[1] == 0 && cs.idx[2] == 2 &&
	    cs.idx[3] == 1, "names, numbers, a numeric name wins, first "
	    "duplicate");
	vi_colspec_free(&cs);
	vi_colspec_parse(&cs, "-k", "4,regionx", &e);
	TAP_OK(vi_colspec_resolve(&cs, hdr, 5, 5, &e) < 0 && e.status == 64 &&
	    strcmp(e.msg, "-k: no such column: regionx (columns, closest "
	    "first: region, date, 3, \"a,b\", date)") == 0,
	    "a missing name is named: %s", e.msg);
	vi_colspec_free(&cs);
	vi_colspec_parse(&cs, "-k", "6", &e);
	TAP_OK(vi_colspec_resolve(&cs, hdr, 5, 5, &e) < 0 &&
	    strcmp(e.msg, "-k: no such column: 6 (the input has 5 columns)")
	    == 0, "a number past the end: %s", e.msg);
	vi_colspec_free(&cs);
	vi_colspec_parse(&cs, "-k", "0", &e);
	TAP_OK(vi_colspec_resolve(&cs, NULL, 0, 9, &e) < 0, "0 is no column");
	vi_colspec_free(&cs);
	vi_colspec_parse(&cs, "-k", "99999999999999999999999", &e);
	TAP_OK(vi_colspec_resolve(&cs, NULL, 0, 9, &e) < 0,
	    "an overflowing number is no column");
	vi_colspec_free(&cs);
	TAP_OK(vi_colspec_parse(&cs, "-k", "a,,b", &e) < 0 && e.status == 64,
	    "an empty item is an error: %s", e.msg);
	vi_colspec_free(&cs);
	TAP_OK(vi_colspec_parse(&cs, "-k", "", &e) < 0, "an empty list too");
	vi_colspec_free(&cs);
	TAP_OK(vi_colspec_parse(&cs, "-k", "a,", &e) < 0, "a trailing comma");
	vi_colspec_free(&cs);
	vi_colspec_parse(&cs, "-k", "2-4,!3", &e);
	TAP_OK(vi_colspec_resolve(&cs, NULL, 0, SIZE_MAX, &e) == 0 &&
	    cs.n == 3, "column count unknown: a closed range is counted, an "
	    "exclusion waits");
	TAP_OK(vi_colspec_resolve(&cs, NULL, 0, 5, &e) == 0 && cs.n == 2 &&
	    cs.idx[0] == 1 && cs.idx[1] == 3, "then applied: 2,4");
	vi_colspec_free(&cs);
	vi_colspec_parse(&cs, "-k", "date-", &e);
	TAP_OK(vi_colspec_resolve(&cs, hdr, 5, 5, &e) == 0 && cs.n == 4 &&
	    cs.idx[0] == 1 && cs.idx[3] == 4, "an open range from a name");
	vi_colspec_free(&cs);
	vi_colspec_parse(&cs, "-k", "\"a,b\",3", &e);
	TAP_OK(vi_colspec_resolve(&cs, hdr, 5, 5, &e) == 0 && cs.n == 2 &&
	    cs.idx[0] == 3 && cs.idx[1] == 2, "a quoted name with a comma");
	vi_colspec_free(&cs);
	vi_colspec_parse(&cs, "-k", "\"3\"", &e);
	TAP_OK(vi_colspec_resolve(&cs, NULL, 0, 5, &e) < 0,
	    "a quoted number is a name, never a number");
	vi_colspec_free(&cs);

	TAP_OK(vi_fields_hash(fa, la, 2, &buf, &cap) !=
	    vi_fields_hash(fb, lb, 2, &buf, &cap), "a|bc and ab|c differ");
	TAP_OK(vi_fields_hash(fa, la, 2, &buf, &cap) == ref2("a", 1, "bc", 2),
	    "the encoding is 8-byte LE length then bytes");
	TAP_OK(vi_fields_hash(NULL, NULL, 0, &buf, &cap) ==
	    0x2d06800538d394c2ull, "no fields: XXH3 of nothing");
	free(buf);

	n = vi_rowkey_rest(cols, 2, 5, &rest);
	TAP_OK(n == 3 && rest[0] == 1 && rest[1] == 2 && rest[2] == 4,
	    "the rest of the columns, in file order");
	memset(&r, 0, sizeof r);
	r.fields = row;
	r.nfields = 5;
	rk = vi_rowkey_new(cols, 2, rest, n, 0);
	vi_rowkey_key(rk, &r, &kp, &kl);
	TAP_OK(kl[0] == 5 && memcmp(kp[0], "  Eu\t", 5) == 0 && kl[1] == 2,
	    "no normalisation by default");
	TAP_OK(vi_rowkey_keyhash(rk) == ref2("  Eu\t", 5, "bc", 2),
	    "the key hash is over the key fields");
	vi_rowkey_free(rk);
	rk = vi_rowkey_new(cols, 2, rest, n, VI_RK_TRIM | VI_RK_FOLD);
	vi_rowkey_key(rk, &r, &kp, &kl);
	TAP_OK(kl[0] == 2 && memcmp(kp[0], "eu", 2) == 0 &&
	    memcmp(kp[1], "bc", 2) == 0, "trimmed and folded");
	TAP_OK(vi_rowkey_keyhash(rk) == ref2("eu", 2, "bc", 2),
	    "the key hash is over the normalised key");
	vi_rowkey_free(rk);
	free(rest);
	cols[0] = 1;
	cols[1] = 2;
	rk = vi_rowkey_new(cols, 1, cols, 2, VI_RK_FOLD);
	TAP_OK(vi_rowkey_rowhash(rk, &r) == ref2("2024", 4, "x", 1),
	    "the row hash is over the hash columns as read");
	vi_rowkey_free(rk);

	TAP_OK(vi_shard_parse("2/3", &k, &m, &e) == 0 && k == 2 && m == 3,
	    "2/3");
	TAP_OK(vi_shard_parse("1/1", &k, &m, &e) == 0, "1/1");
	TAP_OK(vi_shard_parse("0/3", &k, &m, &e) < 0 && e.status == 64,
	    "0/3 is out of range");
	TAP_OK(vi_shard_parse("4/3", &k, &m, &e) < 0, "4/3 is out of range");
	TAP_OK(vi_shard_parse("1/0", &k, &m, &e) < 0, "1/0");
	TAP_OK(vi_shard_parse("1/3x", &k, &m, &e) < 0, "junk after N");
	TAP_OK(vi_shard_parse("-1/3", &k, &m, &e) < 0, "a sign");
	TAP_OK(vi_shard_parse("1/99999999999999999999", &k, &m, &e) < 0,
	    "overflow");
	TAP_OK(vi_shard_of(7, 3) == 2 && vi_shard_of(6, 3) == 1,
	    "shard = hash mod N + 1");
	return tap_done();
}
