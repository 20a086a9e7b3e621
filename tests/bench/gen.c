/*
 * gen.c - deterministic generator of realistic CSV for the benchmarks.
 *
 *	gen SIZE_BYTES SEED > file.csv 2> file.counts.json
 *
 * Writes a header and then whole records until at least SIZE_BYTES bytes
 * have been written (the file ends on a record boundary, so it is at most
 * one record longer than asked).  The same SIZE_BYTES and SEED give the same
 * bytes on every machine: the only randomness is a splitmix64 stream, and no
 * locale or libc formatting is involved.
 *
 * Twelve columns of mixed types: an integer id, a short region code, an ISO
 * date, an ISO datetime, a price with two decimals, an integer quantity, a
 * boolean, a zip code with leading zeros, a free-text comment (sometimes
 * quoted, with commas, doubled quotes, embedded newlines and UTF-8), an
 * e-mail address, a category and a sparse integer rating.
 *
 * Nulls are written only as three tokens that every tool in the benchmark
 * can be told to treat as null: the empty field, NA and NULL (pandas'
 * default na_values contain all three; DuckDB is given them as nullstr;
 * vi-stats' "pandas" preset contains them).  No non-null value is ever one
 * of pandas' na_values, and an empty field is never quoted.
 *
 * On success a JSON object goes to stderr: the number of data rows, bytes,
 * and per column the number of nulls, split by token.  The bench compares
 * every tool's counts against it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS 12

enum { TOK_EMPTY, TOK_NA, TOK_NULL, NTOK };
static const char *const tok_text[NTOK] = { "", "NA", "NULL" };
static const char *const tok_name[NTOK] = { "empty", "NA", "NULL" };

/*
 * Per column: its name, the null rate in parts per 10000, and how a null is
 * spelled (weights for empty, NA and NULL, summing to 100).
 */
static const struct col {
	const char *name;
	unsigned null_bp;
	unsigned tok_w[NTOK];
} cols[NCOLS] = {
	{ "id",         0,    { 0, 0, 0 } },
	{ "region",     50,   { 0, 0, 100 } },
	{ "order_date", 200,  { 100, 0, 0 } },
	{ "created_at", 100,  { 50, 0, 50 } },
	{ "price",      300,  { 60, 40, 0 } },
	{ "quantity",   500,  { 0, 100, 0 } },
	{ "is_gift",    1000, { 100, 0, 0 } },
	{ "zip",        400,  { 50, 25, 25 } },
	{ "comment",    2000, { 100, 0, 0 } },
	{ "email",      700,  { 40, 30, 30 } },
	{ "category",   100,  { 0, 100, 0 } },
	{ "rating",     3000, { 80, 10, 10 } },
};

static const char *const regions[] = {
	"EU-W", "EU-E", "EU-N", "US-E", "US-W", "US-C", "APAC", "LATAM",
	"MEA", "UK", "CA", "ANZ",
};
static const char *const categories[] = {
	"electronics", "books", "garden", "toys", "grocery", "clothing",
	"sports", "beauty", "automotive", "music", "office", "pet supplies",
};
static const char *const words[] = {
	"the", "parcel", "arrived", "late", "box", "was", "damaged", "great",
	"value", "would", "buy", "again", "colour", "not", "as", "shown",
	"fast", "delivery", "thanks", "size", "runs", "small", "gift", "for",
	"my", "sister", "café", "naïve", "über", "déjà", "vu", "works",
	"fine", "after", "update", "returned", "it", "two", "stars", "ok",
};
static const char *const domains[] = {
	"example.com", "mail.example.org", "corp.example.net", "example.co.uk",
	"inbox.example.io",
};
static const char *const users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor", "walter",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rng;

/* splitmix64: fast, seedable and the same everywhere. */
static uint64_t
next64(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform integer in [0, n); the modulo bias is irrelevant here. */
static unsigned
below(unsigned n)
{
	return (unsigned)((next64() >> 11) % n);
}

/* Output goes through one large buffer, flushed with fwrite. */
static char obuf[1 << 20];
static size_t olen;
static uint64_t written;

static void
flush(void)
{
	if (olen && fwrite(obuf, 1, olen, stdout) != olen) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		exit(74);
	}
	written += olen;
	olen = 0;
}

static void
put(const char *s, size_t n)
{
	if (olen + n > sizeof(obuf))
		flush();
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

static void
putc_(char c)
{
	if (olen == sizeof(obuf))
		flush();
	obuf[olen++] = c;
}

/* An unsigned decimal, zero-padded to at least width digits. */
static void
putu(uint64_t v, int width)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while ((int)sizeof(tmp) - i < width)
		tmp[--i] = '0';
	put(tmp + i, sizeof(tmp) - i);
}

static const unsigned mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

/* A valid date between 2015-01-01 and 2024-12-31 (leap days included). */
static void
put_date(void)
{
	unsigned y = 2015 + below(10), m = below(12), dim = mdays[m];

	if (m == 1 && y % 4 == 0)
		dim = 29;
	putu(y, 4);
	putc_('-');
	putu(m + 1, 2);
	putc_('-');
	putu(1 + below(dim), 2);
}

static void
put_datetime(void)
{
	put_date();
	putc_('T');
	putu(below(24), 2);
	putc_(':');
	putu(below(60), 2);
	putc_(':');
	putu(below(60), 2);
}

/*
 * Free text: a few words.  About a quarter of the values need quoting
 * (a comma, a doubled quote or an embedded newline); a few are quoted
 * although they need not be.
 */
static void
put_comment(void)
{
	char tmp[512];
	size_t n = 0;
	unsigned nw = 2 + below(10), i, r = below(100);
	int comma = r < 15, dq = r >= 15 && r < 20, nl = r >= 20 && r < 23;
	int quoted = comma || dq || nl || r >= 95;

	for (i = 0; i < nw; i++) {
		const char *w = words[below(NELEM(words))];
		size_t wl = strlen(w);

		if (i) {
			if (comma && i == nw / 2)
				tmp[n++] = ',';
			else if (nl && i == nw / 2)
				tmp[n++] = '\n';
			tmp[n++] = ' ';
		}
		if (dq && i == 1) {
			/* "word" inside a quoted field: each quote doubled. */
			memcpy(tmp + n, "\"\"", 2);
			n += 2;
			memcpy(tmp + n, w, wl);
			n += wl;
			memcpy(tmp + n, "\"\"", 2);
			n += 2;
		} else {
			memcpy(tmp + n, w, wl);
			n += wl;
		}
	}
	if (quoted)
		putc_('"');
	put(tmp, n);
	if (quoted)
		putc_('"');
}

static void
put_value(int c, uint64_t id)
{
	unsigned v;

	switch (c) {
	case 0:
		putu(id, 0);
		break;
	case 1:
		puts_(regions[below(NELEM(regions))]);
		break;
	case 2:
		put_date();
		break;
	case 3:
		put_datetime();
		break;
	case 4:
		v = 1 + below(999999);		/* cents */
		putu(v / 100, 0);
		putc_('.');
		putu(v % 100, 2);
		break;
	case 5:
		putu(1 + below(500), 0);
		break;
	case 6:
		puts_(below(2) ? "true" : "false");
		break;
	case 7:
		putu(below(100000), 5);		/* 00501 .. 99999 style */
		break;
	case 8:
		put_comment();
		break;
	case 9:
		puts_(users[below(NELEM(users))]);
		putu(below(10000), 0);
		putc_('@');
		puts_(domains[below(NELEM(domains))]);
		break;
	case 10:
		puts_(categories[below(NELEM(categories))]);
		break;
	case 11:
		putu(1 + below(5), 0);
		break;
	}
}

/* Parse a size: digits with an optional K, M or G suffix (powers of 1000). */
static int
parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case 'k': case 'K': mul = 1000ULL; p++; break;
	case 'm': case 'M': mul = 1000000ULL; p++; break;
	case 'g': case 'G': mul = 1000000000ULL; p++; break;
	}
	if (*p != '\0' || (v && mul > UINT64_MAX / v))
		return -1;
	*out = v * mul;
	return 0;
}

int
main(int argc, char *argv[])
{
	uint64_t size, seed, rows = 0, nulls[NCOLS][NTOK];
	int c, t;

	if (argc != 3 || parse_size(argv[1], &size) == -1 ||
	    parse_size(argv[2], &seed) == -1) {
		fprintf(stderr, "usage: gen size_bytes seed > file.csv\n");
		return 64;
	}
	rng = seed;
	memset(nulls, 0, sizeof(nulls));

	for (c = 0; c < NCOLS; c++) {
		if (c)
			putc_(',');
		puts_(cols[c].name);
	}
	putc_('\n');

	while (written + olen < size) {
		rows++;
		for (c = 0; c < NCOLS; c++) {
			if (c)
				putc_(',');
			if (cols[c].null_bp && below(10000) < cols[c].null_bp) {
				unsigned r = below(100);

				for (t = 0; t < NTOK - 1; t++) {
					if (r < cols[c].tok_w[t])
						break;
					r -= cols[c].tok_w[t];
				}
				nulls[c][t]++;
				puts_(tok_text[t]);
			} else
				put_value(c, rows);
		}
		putc_('\n');
	}
	flush();
	if (ferror(stdout) || fclose(stdout) == EOF) {
		fprintf(stderr, "gen: write error: %s\n", strerror(errno));
		return 74;
	}

	fprintf(stderr, "{\"seed\": %" PRIu64 ", \"size_requested\": %" PRIu64
	    ", \"bytes\": %" PRIu64 ", \"rows\": %" PRIu64 ", \"columns\": [",
	    seed, size, written, rows);
	for (c = 0; c < NCOLS; c++) {
		uint64_t tot = 0;

		for (t = 0; t < NTOK; t++)
			tot += nulls[c][t];
		fprintf(stderr, "%s\n  {\"name\": \"%s\", \"nulls\": %" PRIu64,
		    c ? "," : "", cols[c].name, tot);
		for (t = 0; t < NTOK; t++)
			fprintf(stderr, ", \"nulls_%s\": %" PRIu64, tok_name[t],
			    nulls[c][t]);
		fprintf(stderr, "}");
	}
	fprintf(stderr, "\n]}\n");
	return 0;
}
