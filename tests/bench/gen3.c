/*
 * gen3.c - deterministic generator of three overlapping CSV files for the
 * key pipeline benchmark (tests/bench/pipeline-bench.sh).
 *
 *	gen3 SIZE_BYTES SEED DIR
 *
 * Writes DIR/a.csv, DIR/b.csv and DIR/c.csv, each about SIZE_BYTES long,
 * and DIR/expect.json: the exact answers every tool must find.
 *
 * The files are drawn from one universe of keys i = 0, 1, 2, ...  Key i is
 * the pair (code, id): a short code from a fixed list and a 63-bit number
 * (a bijective mix of i, so every key is distinct).  A hash of i puts it in
 * one Venn region: 70 % in all three files, 5 % in each of a, b, c only, and
 * 5 % in each of ab, ac and bc.  Every file lists its keys in the order of
 * i, so the key order in a file is random, the same in the three files.
 * i runs until a.csv reaches SIZE_BYTES; b and c stop at the same i.
 *
 * A row's other ten fields are a function of i only, so a key present in
 * several files has the same row everywhere, except for about 3 % of the
 * keys present in two or more files ("changed"): in the last file that
 * holds such a key, its price differs.  About 0.5 % of the keys of each
 * file are written twice (an identical second row a few rows later: a
 * duplicate key, not a change).  About a quarter of the comments are quoted,
 * with commas, doubled quotes and embedded newlines.
 *
 * The only randomness is splitmix64 of (seed, i, purpose), and no locale or
 * libc number formatting is used, so the bytes are the same everywhere.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFILES 3
#define OBUF (1u << 20)

static const char *const codes[] = {
	"EU", "US", "APAC", "LATAM", "MEA", "NA", "UK", "DE", "FR", "JP",
	"CN", "IN", "BR", "AU", "CA", "MX", "ZA", "KR", "SG", "NL"
};
static const char *const cats[] = {
	"books", "garden", "toys", "music", "sports", "food", "tools", "home"
};
static const char *const words[] = {
	"late", "delivery", "box", "damaged", "gift", "wrap", "thanks", "ok",
	"résumé", "café", "naïve", "fast", "slow", "again", "never", "ünïcode"
};

/* Region of a key: bit f set = present in file f (a=1, b=2, c=4). */
static const unsigned region_of[20] = {
	7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,  /* 70 % */
	1, 2, 4, 3, 5, 6                            /* 5 % each */
};

static uint64_t seed;

static uint64_t
mix(uint64_t z)
{
	z += UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* The pseudo-random value number k of key i. */
static uint64_t
rnd(uint64_t i, unsigned k)
{
	return mix(mix(seed ^ (i * 64 + k)) + k);
}

struct out {
	FILE *f;
	char *buf;
	size_t len;
	uint64_t bytes, rows, dupkeys;
};

static void
flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len) {
		perror("gen3: write");
		exit(74);
	}
	o->bytes += o->len;
	o->len = 0;
}

static void
put(struct out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void
putu(struct out *o, uint64_t v, int width)
{
	char t[24];
	int n = 0;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width)
		t[n++] = '0';
	while (n)
		o->buf[o->len++] = t[--n];
}

/* One row of key i into o; chg: the changed variant. */
static void
row(struct out *o, uint64_t i, int chg)
{
	uint64_t r = rnd(i, 1), id = mix(i ^ UINT64_C(0x5bd1e995)) >> 1;
	unsigned k, nw;

	puts_(o, codes[rnd(i, 2) % 20]);
	put(o, ",", 1);
	putu(o, id, 0);
	put(o, ",", 1);
	/* order_date, created_at */
	putu(o, 2015 + r % 10, 0);
	put(o, "-", 1);
	putu(o, 1 + (r >> 4) % 12, 2);
	put(o, "-", 1);
	putu(o, 1 + (r >> 8) % 28, 2);
	put(o, ",", 1);
	putu(o, 2015 + (r >> 12) % 10, 0);
	put(o, "-", 1);
	putu(o, 1 + (r >> 16) % 12, 2);
	put(o, "-", 1);
	putu(o, 1 + (r >> 20) % 28, 2);
	put(o, "T", 1);
	putu(o, (r >> 25) % 24, 2);
	put(o, ":", 1);
	putu(o, (r >> 30) % 60, 2);
	put(o, ":", 1);
	putu(o, (r >> 36) % 60, 2);
	put(o, ",", 1);
	/* price: cents; the changed variant adds one cent */
	r = rnd(i, 3);
	k = (unsigned)(r % 100000) + (chg ? 1 : 0);
	putu(o, k / 100, 0);
	put(o, ".", 1);
	putu(o, k % 100, 2);
	put(o, ",", 1);
	putu(o, 1 + (r >> 20) % 20, 0);                 /* quantity */
	put(o, ",", 1);
	puts_(o, (r >> 28) % 5 == 0 ? "true" : "false");  /* is_gift */
	put(o, ",", 1);
	putu(o, (r >> 32) % 100000, 5);                 /* zip */
	put(o, ",", 1);
	/* comment: a quarter quoted, with commas, quotes and newlines */
	r = rnd(i, 4);
	nw = 1 + (unsigned)(r % 6);
	if ((r >> 8) % 4 == 0) {
		put(o, "\"", 1);
		for (k = 0; k < nw; k++) {
			if (k)
				puts_(o, (r >> (12 + k)) & 1 ? ", " : "\n");
			puts_(o, words[(r >> (20 + 4 * k)) % 16]);
		}
		if ((r >> 50) % 3 == 0)
			puts_(o, " \"\"sic\"\"");
		put(o, "\"", 1);
	} else {
		for (k = 0; k < nw; k++) {
			if (k)
				put(o, " ", 1);
			puts_(o, words[(r >> (20 + 4 * k)) % 16]);
		}
	}
	put(o, ",", 1);
	/* email */
	r = rnd(i, 5);
	put(o, "u", 1);
	putu(o, r % 1000000, 0);
	puts_(o, (r >> 24) & 1 ? "@example.com" : "@mail.example.org");
	put(o, ",", 1);
	puts_(o, cats[(r >> 32) % 8]);                  /* category */
	put(o, ",", 1);
	if ((r >> 40) % 10 >= 3)                        /* rating, 30 % null */
		putu(o, 1 + (r >> 44) % 5, 0);
	put(o, "\n", 1);
}

/* Key i's region and, if it is changed, the file holding the change. */
static unsigned
key_info(uint64_t i, int *chg_file)
{
	uint64_t h = rnd(i, 0);
	unsigned reg = region_of[h % 20];

	*chg_file = -1;
	if ((reg & (reg - 1)) && (h >> 8) % 100 < 3)
		*chg_file = reg & 4 ? 2 : reg & 2 ? 1 : 0;
	return reg;
}

static int
parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v == 0)
		return -1;
	*out = v;
	return 0;
}

int
main(int argc, char *argv[])
{
	static const char *const name[NFILES] = { "a", "b", "c" };
	struct out o[NFILES];
	uint64_t size, i, venn[8] = { 0 }, changed = 0;
	uint64_t pend[NFILES][8];   /* duplicate rows due later */
	unsigned npend[NFILES] = { 0 }, f, reg;
	char path[4096];
	FILE *js;

	if (argc != 4 || parse_size(argv[1], &size) < 0 ||
	    parse_size(argv[2], &seed) < 0) {
		fprintf(stderr, "usage: gen3 SIZE_BYTES SEED DIR\n");
		return 64;
	}
	for (f = 0; f < NFILES; f++) {
		snprintf(path, sizeof path, "%s/%s.csv", argv[3], name[f]);
		memset(&o[f], 0, sizeof o[f]);
		if ((o[f].f = fopen(path, "w")) == NULL) {
			perror(path);
			return 66;
		}
		o[f].buf = malloc(OBUF + 4096);
		if (o[f].buf == NULL)
			return 70;
		puts_(&o[f], "code,id,order_date,created_at,price,quantity,"
		    "is_gift,zip,comment,email,category,rating\n");
	}
	for (i = 0; o[0].bytes + o[0].len < size; i++) {
		int cf, cj;

		reg = key_info(i, &cf);
		venn[reg]++;
		changed += cf >= 0;
		for (f = 0; f < NFILES; f++) {
			if (!(reg & (1u << f)))
				continue;
			row(&o[f], i, cf == (int)f);
			o[f].rows++;
			/* 0.5 % written again, after the next 7 keys. */
			if (rnd(i, 10 + f) % 200 == 0 && npend[f] < 8) {
				pend[f][npend[f]++] = i + 7;
				o[f].dupkeys++;
			}
			while (npend[f] && pend[f][0] <= i) {
				uint64_t j = pend[f][0] - 7;

				key_info(j, &cj);
				row(&o[f], j, cj == (int)f);
				o[f].rows++;
				memmove(pend[f], pend[f] + 1,
				    --npend[f] * sizeof pend[f][0]);
			}
			if (o[f].len >= OBUF)
				flush(&o[f]);
		}
	}
	for (f = 0; f < NFILES; f++) {
		/* Pending duplicates are written at the end. */
		for (unsigned k = 0; k < npend[f]; k++) {
			uint64_t j = pend[f][k] - 7;
			int cj;

			key_info(j, &cj);
			row(&o[f], j, cj == (int)f);
			o[f].rows++;
		}
		flush(&o[f]);
		if (fclose(o[f].f) == EOF) {
			perror("gen3: close");
			return 74;
		}
		free(o[f].buf);
	}
	snprintf(path, sizeof path, "%s/expect.json", argv[3]);
	if ((js = fopen(path, "w")) == NULL) {
		perror(path);
		return 66;
	}
	fprintf(js, "{\"keys\": %" PRIu64 ", \"venn\": {\"a\": %" PRIu64
	    ", \"b\": %" PRIu64 ", \"c\": %" PRIu64 ", \"ab\": %" PRIu64
	    ", \"ac\": %" PRIu64 ", \"bc\": %" PRIu64 ", \"abc\": %" PRIu64
	    "}, \"changed\": %" PRIu64 ", \"per_file\": [", i, venn[1],
	    venn[2], venn[4], venn[3], venn[5], venn[6], venn[7], changed);
	for (f = 0; f < NFILES; f++)
		fprintf(js, "%s{\"name\": \"%s\", \"records\": %" PRIu64
		    ", \"keys\": %" PRIu64 ", \"duplicate_keys\": %" PRIu64
		    ", \"bytes\": %" PRIu64 "}", f ? ", " : "", name[f],
		    o[f].rows, o[f].rows - o[f].dupkeys, o[f].dupkeys,
		    o[f].bytes);
	fprintf(js, "]}\n");
	if (fclose(js) == EOF)
		return 74;
	return 0;
}
