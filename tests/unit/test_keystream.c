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

static size_t
rnd(uint32_t *x, size_t n)
{
	*x = *x * 1103515245u + 12345u;
	return (*x >> 16) % n;
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
	/* The word-at-a-time escape against a byte-by-byte reading of the
	 * table, on random strings of every length up to 40 with the special
	 * bytes at every place. */
	{
		static const unsigned char pick[] = { 'a', '0', ' ', '~', 0x80,
			0xff, '\t', '\n', '\r', '\\', 0, 1, 0x1f, 0x7f, 0x20,
			'[', ']', 0x7e };
		unsigned char in[40];
		char got[160], want[160];
		uint32_t x = 12345;
		int bad = 0, round;

		for (round = 0; round < 20000 && !bad; round++) {
			size_t n = (size_t)round % 41, i2, w = 0, g;

			for (i2 = 0; i2 < n; i2++) {
				x = x * 1103515245u + 12345u;
				in[i2] = (x >> 16) % 4 ? (unsigned char)('a' +
				    (x >> 8) % 26) : pick[(x >> 20) % sizeof pick];
			}
			for (i2 = 0; i2 < n; i2++) {
				unsigned char c = in[i2];

				if (c == '\t' || c == '\n' || c == '\r' ||
				    c == '\\') {
					want[w++] = '\\';
					want[w++] = c == '\t' ? 't' : c == '\n' ?
					    'n' : c == '\r' ? 'r' : '\\';
				} else if (c < 0x20 || c == 0x7f) {
					w += (size_t)sprintf(want + w, "\\x%02x",
					    c);
				} else {
					want[w++] = (char)c;
				}
			}
			g = vi_ks_escape(got, in, n);
			bad = g != w || memcmp(got, want, w) != 0;
		}
		TAP_OK(!bad, "escape: 20000 random strings as the table says");
	}
	/* vi_ks_reccmp (key and fields) orders records as their lines do:
	 * random keys that share prefixes, hashes and row numbers with
	 * different digit counts, labels or none. */
	{
		static const char *keys[] = { "a", "a\tb", "a\tbc", "ab",
			"a\\\\tb", "z", "\tb", "a\\x01", "b\t", "a\tb\tc" };
		static const uint64_t hashes[] = { 0, 1, 0xa, 0xffffffffffffffffu,
			0x10 };
		static const uint64_t rows[] = { 1, 9, 10, 12, 100, 123,
			1000, 1844674407370955161u, 18446744073709551615u,
			10000000000000000000u };
		static const char *labels[] = { NULL, "la", "x", "x:y", "b" };
		char la[200], lb[200];
		struct vi_ks_rec a, b, ka, kb;
		uint32_t x = 99;
		int bad = 0, round, hh;

		for (round = 0; round < 40000 && !bad; round++) {
			size_t n, m;
			const char *lab;
			struct vi_error e;

			hh = round & 1;
#define PICK(arr) arr[rnd(&x, sizeof arr / sizeof arr[0])]
			uint64_t hv, rv;

			n = (size_t)sprintf(la, "%s\t", PICK(keys));
			lab = PICK(labels);
			hv = PICK(hashes);
			rv = PICK(rows);
			n += vi_ks_format_meta(la + n, hh, hv, rv, lab,
			    lab ? strlen(lab) : 0);
			m = (size_t)sprintf(lb, "%s\t", PICK(keys));
			if (round % 3 == 0)
				hh = !hh;       /* one with a hash, one without */
			lab = PICK(labels);
			hv = PICK(hashes);
			rv = PICK(rows);
			m += vi_ks_format_meta(lb + m, hh, hv, rv, lab,
			    lab ? strlen(lab) : 0);
#undef PICK
			if (vi_ks_parse_line(la, n, &a, &e) < 0 ||
			    vi_ks_parse_line(lb, m, &b, &e) < 0) {
				printf("# unparsable: %.*s / %.*s: %s\n",
				    (int)n, la, (int)m, lb, e.msg);
				bad = 1;
				break;
			}
			ka = a;
			kb = b;
			ka.linelen = ka.keylen;
			kb.linelen = kb.keylen;
			{
				int c1 = vi_ks_cmp(&a, &b), c2 = vi_ks_reccmp(&ka,
				    &kb);

				if ((c1 > 0) != (c2 > 0) || (c1 < 0) != (c2 < 0)) {
					printf("# %.*s vs %.*s: %d, %d\n", (int)n,
					    la, (int)m, lb, c1, c2);
					bad = 1;
				}
			}
		}
		TAP_OK(!bad, "reccmp: 40000 random pairs in line order");
	}
	/* vi_ks_memcmp and vi_ks_linecmp agree in sign with memcmp: random
	 * buffers of 0 to 40 bytes over four byte values (two above 0x7f), the
	 * second a copy with one bit flipped anywhere or none (long shared
	 * prefixes, the difference in every word position). */
	{
		unsigned char a[48], b[48];
		uint32_t x = 7;
		int bad = 0, round;

		for (round = 0; round < 200000 && !bad; round++) {
			size_t n = rnd(&x, 41), m = rnd(&x, 41), i, k;
			int c1, c2;

			for (i = 0; i < n; i++)
				a[i] = (unsigned char)"ab\x80\xff"[rnd(&x, 4)];
			memcpy(b, a, sizeof a);
			if (m > 0 && rnd(&x, 3) != 0) {
				k = rnd(&x, (uint32_t)m);
				b[k] = (unsigned char)(b[k] ^ (1u << rnd(&x, 8)));
			}
			k = n < m ? n : m;
			c1 = k ? memcmp(a, b, k) : 0;
			c2 = vi_ks_memcmp(a, b, k);
			if ((c1 > 0) != (c2 > 0) || (c1 < 0) != (c2 < 0))
				bad = 1;
			c1 = c1 != 0 ? c1 : (n < m ? -1 : n > m);
			c2 = vi_ks_linecmp((const char *)a, n, (const char *)b, m);
			if ((c1 > 0) != (c2 > 0) || (c1 < 0) != (c2 < 0))
				bad = 1;
			if (bad)
				printf("# n %zu m %zu round %d\n", n, m, round);
		}
		TAP_OK(!bad, "memcmp/linecmp: 200000 random pairs as memcmp orders them");
	}
	/* format_meta against printf at the digit-count edges. */
	{
		static const uint64_t v[] = { 1, 9, 10, 11, 99, 100, 101, 999,
			1000, 12345678, 18446744073709551615u, 10000000000000000000u,
			9999999999999999999u };
		char m[64], want[64];
		size_t k, n;
		int bad = 0;

		for (k = 0; k < sizeof v / sizeof v[0]; k++) {
			n = vi_ks_format_meta(m, 1, v[k] * 0x9e3779b97f4a7c15u,
			    v[k], "lab", 3);
			snprintf(want, sizeof want, "%016llx:%llu:lab",
			    (unsigned long long)(v[k] * 0x9e3779b97f4a7c15u),
			    (unsigned long long)v[k]);
			bad |= n != strlen(want) || memcmp(m, want, n) != 0;
			n = vi_ks_format_meta(m, 0, 0, v[k], NULL, 0);
			snprintf(want, sizeof want, "-:%llu",
			    (unsigned long long)v[k]);
			bad |= n != strlen(want) || memcmp(m, want, n) != 0;
		}
		TAP_OK(!bad, "format_meta: hashes and row numbers as printf");
	}
	return tap_done();
}
