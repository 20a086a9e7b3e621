/* test_keystream.c - escaping, line parsing, order and size parsing. */
#include <string.h>

#include "tap.h"
#include "vi_keystream.h"
#include "vi_size.h"

static int
parse(const char *s, struct vi_ks_rec *r)
{
	struct vi_error e;

	return vi_ks_parse_line(s, strlen(s), r, &e);
}

int
main(void)
{
	unsigned char all[256], back[256];
	char enc[1024];
	struct vi_ks_rec r, q;
	size_t n, m, i;
	int ok;

	for (i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	n = vi_ks_escape(enc, all, 256);
	m = vi_ks_unescape(back, enc, n);
	TAP_OK(m == 256 && memcmp(all, back, 256) == 0,
	    "escape/unescape round trip of every byte");
	ok = 1;
	for (i = 0; i < n; i++)
		if ((unsigned char)enc[i] < 0x20 || enc[i] == 0x7f)
			ok = 0;
	TAP_OK(ok, "escaped text holds no control byte");
	n = vi_ks_escape(enc, "a\tb\nc\rd\\e\001\177\200", 12);
	TAP_OK(n == 22 && memcmp(enc, "a\\tb\\nc\\rd\\\\e\\x01\\x7f\200", n)
	    == 0, "escape table: short forms and \\xHH");

	TAP_OK(parse("k1\tk2\t0123456789abcdef:42", &r) == 2 && r.has_hash &&
	    r.hash == 0x0123456789abcdefULL && r.rownum == 42 &&
	    r.keylen == 5 && r.label == NULL, "parse a two-key line");
	TAP_OK(parse("\t-:1:lab:el", &r) == 1 && !r.has_hash &&
	    r.keylen == 0 && r.rownum == 1 && r.labellen == 6 &&
	    memcmp(r.label, "lab:el", 6) == 0,
	    "empty key, no hash, label with a colon");
	TAP_OK(parse("a\\x09\t-:1", &r) < 0, "non-canonical \\x09 rejected");
	TAP_OK(parse("a\\x41\t-:1", &r) < 0, "\\x for a printable rejected");
	TAP_OK(parse("a\\X0b\t-:1", &r) < 0, "unknown escape rejected");
	TAP_OK(parse("a\\x0B\t-:1", &r) < 0, "uppercase hex rejected");
	TAP_OK(parse("a\\x0b\t-:1", &r) == 1, "\\x0b accepted");
	TAP_OK(parse("a\r\t-:1", &r) < 0, "raw CR rejected");
	TAP_OK(parse("a\t-:01", &r) < 0, "leading zero rejected");
	TAP_OK(parse("a\t-:0", &r) < 0, "row number 0 rejected");
	TAP_OK(parse("a\t-:18446744073709551616", &r) < 0,
	    "row number overflow rejected");
	TAP_OK(parse("a\t-:18446744073709551615", &r) == 1,
	    "largest row number accepted");
	TAP_OK(parse("a\t0123:5", &r) < 0, "short hash rejected");
	TAP_OK(parse("a-:5", &r) < 0, "line without TAB rejected");
	TAP_OK(parse("a\t-:1:", &r) < 0,
	    "empty label (trailing colon) rejected");
	TAP_OK(parse("a\t-:1::", &r) == 1 && r.labellen == 1,
	    "label ':' accepted");

	parse("a\tb\t-:9", &r);
	parse("a\\tb\t-:1", &q);
	TAP_OK(vi_ks_keycmp(&r, &q) < 0 && vi_ks_cmp(&r, &q) < 0,
	    "TAB separator sorts before an escaped tab");
	parse("ab\t-:9", &r);
	parse("a\t-:9", &q);
	TAP_OK(vi_ks_cmp(&q, &r) < 0, "shorter key first");
	parse("a\t-:9", &r);
	parse("a\t-:10", &q);
	TAP_OK(vi_ks_keycmp(&q, &r) == 0 && vi_ks_cmp(&q, &r) < 0,
	    "equal keys, bytewise metadata order");

	{
		size_t v;

		TAP_OK(vi_size_parse("256M", &v) == 0 && v == 256u << 20,
		    "256M");
		TAP_OK(vi_size_parse("4", &v) == 0 && v == 4096,
		    "bare number is KiB");
		TAP_OK(vi_size_parse("100b", &v) == 0 && v == 100, "100b");
		TAP_OK(vi_size_parse("99999999999999999999T", &v) < 0 &&
		    vi_size_parse("16777216T", &v) < 0, "overflow rejected");
		TAP_OK(vi_size_parse("1MB", &v) < 0 &&
		    vi_size_parse("", &v) < 0 && vi_size_parse("M", &v) < 0,
		    "junk rejected");
	}
	return tap_done();
}
