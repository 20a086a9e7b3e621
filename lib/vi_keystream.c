/* vi_keystream.c - key stream encoding, reading, writing (see vi_keystream.h
 * and man/vi-keys.5). */
#include "vi_keystream.h"
#include "vi_le.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "vi_alloc.h"

#define RD_BUFSZ (1u << 20)
#define WR_BUFSZ (1u << 20)
#define REC_MAX  (1u << 30)     /* longest binary record we accept */
#define HDR_MAX  (16u << 20)    /* longest binary header we accept */
#define END_LEN  20             /* end record: u32 0, u64 count, u64 sum */

/* Byte classes in an encoded line. */
enum { C_OK = 0, C_TAB, C_BSL, C_BAD };

static const char hexd[] = "0123456789abcdef";

const char *const vi_ks_encodings[] = { "text", "binary", NULL };

static unsigned char
cls(unsigned char c)
{
	if (c == '\t')
		return C_TAB;
	if (c == '\\')
		return C_BSL;
	if (c < 0x20 || c == 0x7f)
		return C_BAD;
	return C_OK;
}

static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static unsigned char clstab[256];
static signed char hextab[256];       /* value of a lowercase hex digit, or -1 */
static unsigned char esctab[256];     /* 0: as is; else the escape letter */
static int tables_ready;

static void
init_tables(void)
{
	int c;

	if (tables_ready)
		return;
	for (c = 0; c < 256; c++) {
		hextab[c] = (signed char)hexval((unsigned char)c);
		clstab[c] = cls((unsigned char)c);
		esctab[c] = (c < 0x20 || c == 0x7f) ? 'x' : 0;
	}
	esctab['\t'] = 't';
	esctab['\n'] = 'n';
	esctab['\r'] = 'r';
	esctab['\\'] = '\\';
	tables_ready = 1;
}

/* Constructor-free lazy init is racy only in theory: every writer of the
 * tables writes the same values.  Call it from the entry points instead of
 * in the hot loops. */
#define TABLES() do { if (!tables_ready) init_tables(); } while (0)

/* Does the 8-byte word w hold a byte that needs escaping (below 0x20,
 * 0x7f or a backslash)?  Exact as a yes/no (Hacker's Delight, 6-1). */
static int
word_special(uint64_t w)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	const uint64_t high = UINT64_C(0x8080808080808080);
	uint64_t del = w ^ (ones * 0x7f), bsl = w ^ (ones * '\\');

	return (((w - ones * 0x20) & ~w) | ((del - ones) & ~del) |
	    ((bsl - ones) & ~bsl)) & high ? 1 : 0;
}

size_t
vi_ks_escape(char *dst, const void *src, size_t n)
{
	const unsigned char *s = src;
	char *d = dst;
	size_t i = 0, stop;
	uint64_t w;

	TABLES();
	while (i < n) {
		/* Runs of bytes that stay as they are, a word at a time. */
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if (word_special(w))
				break;
			memcpy(d, s + i, 8);
			d += 8;
			i += 8;
		}
		for (stop = i + 8 < n ? i + 8 : n; i < stop; i++) {
			unsigned char c = s[i], x = esctab[c];

			if (x == 0) {
				*d++ = (char)c;
			} else if (x != 'x') {
				*d++ = '\\';
				*d++ = (char)x;
			} else {
				*d++ = '\\';
				*d++ = 'x';
				*d++ = hexd[c >> 4];
				*d++ = hexd[c & 15];
			}
		}
	}
	return (size_t)(d - dst);
}

size_t
vi_ks_unescape(void *dst, const char *src, size_t n)
{
	unsigned char *d = dst;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c != '\\' || i + 1 >= n) {
			*d++ = c;
			continue;
		}
		c = (unsigned char)src[++i];
		switch (c) {
		case 't': *d++ = '\t'; break;
		case 'n': *d++ = '\n'; break;
		case 'r': *d++ = '\r'; break;
		case 'x':
			if (i + 2 < n &&
			    hexval((unsigned char)src[i + 1]) >= 0 &&
			    hexval((unsigned char)src[i + 2]) >= 0) {
				*d++ = (unsigned char)(hexval((unsigned char)
				    src[i + 1]) << 4 |
				    hexval((unsigned char)src[i + 2]));
				i += 2;
			} else {
				*d++ = 'x';
			}
			break;
		default: *d++ = c; break;
		}
	}
	return (size_t)(d - (unsigned char *)dst);
}

/* Check the escapes and byte classes of an encoded region; count TABs and
 * remember the last one.  0, or -1 with *bad = offset and *why set. */
static int
scan(const unsigned char *p, size_t n, size_t *ntabs, size_t *lasttab,
    size_t *bad, const char **why)
{
	size_t i, t = 0, last = (size_t)-1;
	uint64_t w;

	for (i = 0; i < n; i++) {
		unsigned char k;
		int hi, lo, v;

#ifdef __SSE2__
		/* Blocks of 16 bytes with no byte to check but TABs, which
		 * are counted from a bit mask. */
		while (i + 16 <= n) {
			__m128i b = _mm_loadu_si128((const __m128i *)(p + i));
			__m128i ctl = _mm_cmpeq_epi8(_mm_max_epu8(b,
			    _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
			__m128i tab = _mm_cmpeq_epi8(b, _mm_set1_epi8('\t'));
			__m128i odd = _mm_or_si128(_mm_cmpeq_epi8(b,
			    _mm_set1_epi8(0x7f)), _mm_cmpeq_epi8(b,
			    _mm_set1_epi8('\\')));
			unsigned mt = (unsigned)_mm_movemask_epi8(tab);

			if (((unsigned)_mm_movemask_epi8(ctl) & ~mt) |
			    (unsigned)_mm_movemask_epi8(odd))
				break;
			if (mt) {
				t += (size_t)__builtin_popcount(mt);
				last = i + 31 - (size_t)__builtin_clz(mt);
			}
			i += 16;
		}
#endif
		/* Ordinary bytes: words of them at once (word_special: no
		 * control byte, TAB included, no backslash), then one by
		 * one up to the next byte that is not. */
		while (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			if (word_special(w))
				break;
			i += 8;
		}
		while (i < n && clstab[p[i]] == C_OK)
			i++;
		if (i >= n)
			break;
		k = clstab[p[i]];
		if (k == C_TAB) {
			t++;
			last = i;
			continue;
		}
		if (k == C_BAD) {
			*bad = i;
			*why = p[i] == '\r' ? "raw carriage return (CR) in a "
			    "field; it must be written \\r" :
			    "raw control byte in a field; it must be escaped";
			return -1;
		}
		/* A backslash: only \t \n \r \\ \xHH are canonical. */
		if (i + 1 >= n) {
			*bad = i;
			*why = "backslash at the end of a field";
			return -1;
		}
		switch (p[i + 1]) {
		case 't': case 'n': case 'r': case '\\':
			i++;
			continue;
		case 'x':
			if (i + 3 >= n) {
				*bad = i;
				*why = "incomplete \\x escape";
				return -1;
			}
			hi = hexval(p[i + 2]);
			lo = hexval(p[i + 3]);
			if (hi < 0 || lo < 0) {
				*bad = i;
				*why = "\\x must be followed by two lowercase hex "
				    "digits";
				return -1;
			}
			v = hi << 4 | lo;
			if (esctab[v] != 'x') {
				*bad = i;
				*why = "non-canonical escape: \\x is only for "
				    "control bytes without a short form";
				return -1;
			}
			i += 3;
			continue;
		default:
			*bad = i;
			*why = "unknown escape (only \\t \\n \\r \\\\ \\xHH)";
			return -1;
		}
	}
	*ntabs = t;
	*lasttab = last;
	return 0;
}

/* Parse META = HASH ':' ROWNUM [':' LABEL] (label already scanned). */
static int
parse_meta(const char *m, size_t n, struct vi_ks_rec *r, size_t *bad,
    const char **why)
{
	size_t i = 0, start;
	uint64_t v = 0;

	if (n >= 1 && m[0] == '-') {
		r->has_hash = 0;
		r->hash = 0;
		i = 1;
	} else {
		uint64_t h = 0;
		int bad16 = 0;

		if (n >= 16) {
			for (i = 0; i < 16; i++) {
				int d = hextab[(unsigned char)m[i]];

				bad16 |= d;
				h = h << 4 | (uint64_t)(d & 15);
			}
		}
		if (n < 16 || bad16 < 0) {
			for (i = 0; i < 16 && i < n &&
			    hextab[(unsigned char)m[i]] >= 0; i++)
				continue;
			*bad = i;
			*why = "metadata field must start with a 16-digit "
			    "lowercase hex row hash or '-'";
			return -1;
		}
		i = 16;
		r->has_hash = 1;
		r->hash = h;
	}
	if (i >= n || m[i] != ':') {
		*bad = i;
		*why = "expected ':' after the row hash";
		return -1;
	}
	start = ++i;
	if (i >= n || m[i] < '1' || m[i] > '9') {
		*bad = i;
		*why = "row number must be a decimal number >= 1 without "
		    "leading zeros";
		return -1;
	}
	for (; i < n && m[i] >= '0' && m[i] <= '9'; i++) {
		unsigned d = (unsigned)(m[i] - '0');

		/* (no division per digit: this runs for every record) */
		if (v > UINT64_MAX / 10 ||
		    (v == UINT64_MAX / 10 && d > UINT64_MAX % 10)) {
			*bad = start;
			*why = "row number too large";
			return -1;
		}
		v = v * 10 + d;
	}
	r->rownum = v;
	if (i == n) {
		r->label = NULL;
		r->labellen = 0;
		return 0;
	}
	if (m[i] != ':') {
		*bad = i;
		*why = "expected ':' or the end after the row number";
		return -1;
	}
	if (i + 1 == n) {
		/* The binary form cannot tell an empty label from none. */
		*bad = i + 1;
		*why = "empty label after ':' (omit the ':' for no label)";
		return -1;
	}
	r->label = m + i + 1;
	r->labellen = n - i - 1;
	return 0;
}

int
vi_ks_parse_line(const char *line, size_t len, struct vi_ks_rec *r,
    struct vi_error *e)
{
	size_t ntabs, last, bad = 0;
	const char *why = NULL;

	TABLES();
	if (scan((const unsigned char *)line, len, &ntabs, &last, &bad,
	    &why) < 0)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, bad + 1, "%s",
		    why);
	if (ntabs == 0)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, len + 1,
		    "no TAB: a record needs at least one key field and the "
		    "metadata field");
	if (parse_meta(line + last + 1, len - last - 1, r, &bad, &why) < 0)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, last + 2 + bad,
		    "%s", why);
	r->line = line;
	r->linelen = len;
	r->keylen = last;
	return (int)(ntabs > 0x7fffffff ? 0x7fffffff : ntabs);
}

/* "00" to "ff" and "00" to "99": two digits per table look-up. */
static const char hexpairs[] =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
    "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
    "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
    "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
    "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
    "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
    "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
static const char decpairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

size_t
vi_ks_format_meta(char *dst, int has_hash, uint64_t hash, uint64_t rownum,
    const char *label, size_t labellen)
{
	char *d = dst, tmp[20];
	int i, k = 20;

	if (has_hash) {
		for (i = 7; i >= 0; i--) {
			memcpy(d, hexpairs + 2 * ((hash >> (8 * i)) & 0xff), 2);
			d += 2;
		}
	} else {
		*d++ = '-';
	}
	*d++ = ':';
	while (rownum >= 100) {
		k -= 2;
		memcpy(tmp + k, decpairs + 2 * (rownum % 100), 2);
		rownum /= 100;
	}
	if (rownum >= 10) {
		k -= 2;
		memcpy(tmp + k, decpairs + 2 * rownum, 2);
	} else {
		tmp[--k] = (char)('0' + rownum);
	}
	memcpy(d, tmp + k, (size_t)(20 - k));
	d += 20 - k;
	if (label != NULL) {
		*d++ = ':';
		memcpy(d, label, labellen);
		d += labellen;
	}
	return (size_t)(d - dst);
}

/* Byte i of r's canonical line (key TAB meta), meta already formatted
 * into m[0..ml) without the label; -1 past the end. */
static int
line_byte(const struct vi_ks_rec *r, const char *m, size_t ml, size_t i)
{
	if (i < r->keylen)
		return (unsigned char)r->line[i];
	if (i == r->keylen)
		return '\t';
	i -= r->keylen + 1;
	if (i < ml)
		return (unsigned char)m[i];
	if (r->label == NULL)
		return -1;
	if (i == ml)
		return ':';
	i -= ml + 1;
	return i < r->labellen ? (unsigned char)r->label[i] : -1;
}

/* Decimal digits of v, 1 to 20. */
static int
ndigits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* The order of the lines of two records with equal keys: META against
 * META (HASH ':' ROWNUM [':' LABEL]) without formatting either. */
static int
meta_cmp(const struct vi_ks_rec *a, const struct vi_ks_rec *b)
{
	size_t m;
	int c;

	if (a->has_hash != b->has_hash)
		return a->has_hash ? 1 : -1;            /* '-' < a hex digit */
	if (a->has_hash && a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;     /* 16 hex digits each */
	if (a->rownum != b->rownum) {
		int da = ndigits(a->rownum), db = ndigits(b->rownum), k;
		uint64_t x = a->rownum, y = b->rownum;

		/* Digit strings: the longer cut to the shorter's length. */
		for (k = db; k < da; k++)
			x /= 10;
		for (k = da; k < db; k++)
			y /= 10;
		if (x != y)
			return x < y ? -1 : 1;
		/* The shorter is a prefix of the longer: what follows it,
		 * ':' (above every digit) or the end (below), decides. */
		c = (da < db ? a : b)->label != NULL ? 1 : -1;
		return da < db ? c : -c;
	}
	if (a->label == NULL || b->label == NULL)
		return (a->label != NULL) - (b->label != NULL);
	m = a->labellen < b->labellen ? a->labellen : b->labellen;
	c = m ? memcmp(a->label, b->label, m) : 0;
	if (c != 0)
		return c;
	return (a->labellen > b->labellen) - (a->labellen < b->labellen);
}

int
vi_ks_reccmp(const struct vi_ks_rec *a, const struct vi_ks_rec *b)
{
	size_t m = a->keylen < b->keylen ? a->keylen : b->keylen, i, la, lb;
	char ma[VI_KS_META_MAX], mb[VI_KS_META_MAX];
	int c, x, y;

	c = vi_ks_memcmp(a->line, b->line, m);
	if (c != 0)
		return c;
	if (a->keylen == b->keylen)
		return meta_cmp(a, b);
	/* One key a prefix of the other: the lines' bytes. */
	la = vi_ks_format_meta(ma, a->has_hash, a->hash, a->rownum, NULL, 0);
	lb = vi_ks_format_meta(mb, b->has_hash, b->hash, b->rownum, NULL, 0);
	for (i = m;; i++) {
		x = line_byte(a, ma, la, i);
		y = line_byte(b, mb, lb, i);
		if (x != y)
			return x < y ? -1 : 1;
		if (x < 0)
			return 0;
	}
}

void
vi_ks_order_init(struct vi_ks_order *o)
{
	memset(o, 0, sizeof *o);
}

/* Keep a copy of n bytes of p in *buf (grown as needed). */
static void
keep(char **buf, size_t *cap, const char *p, size_t n)
{
	if (n > *cap) {
		*cap = n * 2 + 64;
		free(*buf);
		*buf = vi_xmalloc(*cap);
	}
	if (n)
		memcpy(*buf, p, n);
}

int
vi_ks_order_step(struct vi_ks_order *o, const struct vi_ks_rec *r)
{
	if (r->linelen == r->keylen) {
		/* A record without its line (vi_ks_reader_keys_only): the
		 * key and the fields. */
		struct vi_ks_rec prev = o->rec;

		prev.line = o->prev;
		prev.label = o->rec.label ? o->lab : NULL;
		if (o->have && vi_ks_reccmp(&prev, r) > 0)
			return -1;
		keep(&o->prev, &o->cap, r->line, r->keylen);
		if (r->label != NULL)
			keep(&o->lab, &o->labcap, r->label, r->labellen);
		o->rec = *r;
		o->len = r->keylen;
		o->have = 1;
		return 0;
	}
	if (o->have && vi_ks_linecmp(o->prev, o->len, r->line,
	    r->linelen) > 0)
		return -1;
	keep(&o->prev, &o->cap, r->line, r->linelen);
	o->len = r->linelen;
	o->have = 1;
	return 0;
}

void
vi_ks_order_free(struct vi_ks_order *o)
{
	free(o->prev);
	free(o->lab);
	memset(o, 0, sizeof *o);
}

/* ---- little-endian integers (vi_le.h) ---- */

#define get32 vi_le_get32
#define get64 vi_le_get64
#define put32 vi_le_put32
#define put64 vi_le_put64

/* ---- Reader ---- */

struct vi_ks_reader {
	int fd, own_fd, eof;
	char *name;
	enum vi_ks_encoding enc;
	unsigned char *buf;
	size_t cap, pos, end;
	uint64_t bufoff;        /* file offset of buf[0] */
	uint64_t nrec;
	uint64_t total;         /* bytes read from fd */
	int hashstate;          /* -1 unknown, 0 no hashes, 1 hashes */
	struct vi_ks_header hdr;
	char *line;             /* binary: the record's canonical line */
	size_t linecap;
	XXH3_state_t *sum;      /* binary: checksum of the record bytes */
	size_t sumpos;          /* buf[sumpos, pos) read but not yet summed */
	int ended;              /* binary: the end record was read */
	int keys_only;          /* binary: no canonical line, the key only */
};

/* Add buf[*from, to) to the checksum st (if any); *from becomes to.  Reader
 * and writer both sum their record bytes in bulk, as they pass. */
static void
sum_range(XXH3_state_t *st, const unsigned char *buf, size_t *from,
    size_t to)
{
	if (st != NULL && to > *from)
		(void)XXH3_64bits_update(st, buf + *from, to - *from);
	*from = to;
}

/* Add the record bytes consumed since the last call to the checksum. */
static void
sum_consumed(struct vi_ks_reader *rd)
{
	sum_range(rd->sum, rd->buf, &rd->sumpos, rd->pos);
}

/* Make at least need bytes available at pos, unless the stream ends first.
 * 0, or -1 on a read error. */
static int
fill(struct vi_ks_reader *rd, size_t need, struct vi_error *e)
{
	while (rd->end - rd->pos < need && !rd->eof) {
		ssize_t got;

		if (rd->pos > 0) {
			sum_consumed(rd);
			memmove(rd->buf, rd->buf + rd->pos, rd->end - rd->pos);
			rd->bufoff += rd->pos;
			rd->end -= rd->pos;
			rd->pos = 0;
			rd->sumpos = 0;
		}
		/* Grow only when the buffer is full of bytes read: a length
		 * field (up to REC_MAX) claims memory only as data arrives,
		 * so a damaged or hostile stream is reported as truncated
		 * instead of allocating what it claims. */
		if (rd->end == rd->cap) {
			rd->cap *= 2;
			rd->buf = vi_xrealloc(rd->buf, rd->cap);
		}
		got = read(rd->fd, rd->buf + rd->end, rd->cap - rd->end);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return vi_error_set(e, VI_EX_IOERR, errno, 0, 0,
			    "read error");
		}
		if (got == 0)
			rd->eof = 1;
		rd->end += (size_t)got;
		rd->total += (uint64_t)got;
	}
	return 0;
}

static int
bin_header(struct vi_ks_reader *rd, struct vi_error *e)
{
	const unsigned char *p;
	uint32_t hlen, i, n;
	size_t off;

	if (fill(rd, 28, e) < 0)
		return -1;
	if (rd->end < 28 || memcmp(rd->buf, VI_KS_MAGIC, VI_KS_MAGIC_LEN) != 0)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "not a key stream: starts with a NUL byte but has no "
		    "valid binary header");
	p = rd->buf;
	if (get32(p + 8) == 1)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 9,
		    "binary key stream version 1 is no longer read: it has no "
		    "end record, so a truncated stream cannot be told from a "
		    "complete one; write it again with this vi-keys or vi-sort");
	if (get32(p + 8) != VI_KS_VERSION)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 9,
		    "binary key stream version %u is not supported (only %u)",
		    (unsigned)get32(p + 8), VI_KS_VERSION);
	if (get32(p + 12) != 0x01020304u)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 13,
		    "bad byte-order mark in binary header");
	rd->hdr.flags = get32(p + 16);
	n = get32(p + 20);
	hlen = get32(p + 24);
	if (hlen < 32 || hlen > HDR_MAX || n == 0 || n > hlen / 4)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 21,
		    "bad key count or header length in binary header");
	if (fill(rd, hlen, e) < 0)
		return -1;
	if (rd->end < hlen)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, rd->end + 1,
		    "truncated binary header");
	p = rd->buf;
	rd->hdr.nkeys = n;
	rd->hdr.names = vi_xcalloc(n, sizeof *rd->hdr.names);
	off = 28;
	for (i = 0; i <= n; i++) {
		uint32_t sl;

		if (off + 4 > hlen || (sl = get32(p + off)) > hlen - off - 4)
			return vi_error_set(e, VI_EX_DATAERR, 0, 0, off + 1,
			    "bad string in binary header");
		if (i == 0)
			rd->hdr.source = vi_xmemdup(p + off + 4, sl);
		else
			rd->hdr.names[i - 1] = vi_xmemdup(p + off + 4, sl);
		off += 4 + (size_t)sl;
	}
	rd->pos = hlen;
	rd->sumpos = hlen;
	rd->sum = vi_xnonnull(XXH3_createState());
	(void)XXH3_64bits_reset(rd->sum);
	return 0;
}

void
vi_ks_pipe_size(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat st;

	/* A pipe of 1 MB (the unprivileged maximum), not 64 KB: a reader and
	 * a writer that share two cores with other stages switch 16 times
	 * less.  Only ever grown; failure changes nothing. */
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    fcntl(fd, F_GETPIPE_SZ) < RD_BUFSZ)
		(void)fcntl(fd, F_SETPIPE_SZ, RD_BUFSZ);
#else
	(void)fd;
#endif
}

struct vi_ks_reader *
vi_ks_reader_open(int fd, int own_fd, const char *name, struct vi_error *e)
{
	struct vi_ks_reader *rd = vi_xcalloc(1, sizeof *rd);

	TABLES();
	rd->fd = fd;
	rd->own_fd = own_fd;
	rd->name = vi_xstrdup(name);
	rd->cap = RD_BUFSZ;
	rd->buf = vi_xmalloc(rd->cap);
	rd->hashstate = -1;
	rd->enc = VI_KS_TEXT;
	vi_ks_pipe_size(fd);
	if (fill(rd, 1, e) < 0)
		goto fail;
	if (rd->end > 0 && rd->buf[0] == 0) {
		rd->enc = VI_KS_BINARY;
		if (bin_header(rd, e) < 0)
			goto fail;
	}
	return rd;
fail:
	vi_ks_reader_close(rd);
	return NULL;
}

static int
text_read(struct vi_ks_reader *rd, struct vi_ks_rec *r, struct vi_error *e)
{
	unsigned char *nl;
	size_t start, len;
	int k;

	for (;;) {
		nl = memchr(rd->buf + rd->pos, '\n', rd->end - rd->pos);
		if (nl != NULL)
			break;
		if (rd->eof)
			break;
		if (fill(rd, rd->end - rd->pos + 1, e) < 0)
			return -1;
	}
	start = rd->pos;
	if (nl != NULL) {
		len = (size_t)(nl - (rd->buf + start));
		rd->pos = start + len + 1;
	} else {
		if (start == rd->end)
			return 0;
		len = rd->end - start;  /* last line without LF */
		rd->pos = rd->end;
	}
	rd->nrec++;
	k = vi_ks_parse_line((const char *)rd->buf + start, len, r, e);
	if (k < 0) {
		e->line = rd->nrec;
		e->byte += rd->bufoff + start;
		return -1;
	}
	if (rd->hdr.nkeys == 0)
		rd->hdr.nkeys = (uint32_t)k;
	else if ((uint32_t)k != rd->hdr.nkeys)
		return vi_error_set(e, VI_EX_DATAERR, 0, rd->nrec,
		    rd->bufoff + start + 1,
		    "record has %d key fields, the first had %u", k,
		    (unsigned)rd->hdr.nkeys);
	if (rd->hashstate < 0) {
		rd->hashstate = r->has_hash;
		if (r->has_hash)
			rd->hdr.flags |= VI_KS_F_HASH;
	} else if (rd->hashstate != r->has_hash) {
		return vi_error_set(e, VI_EX_DATAERR, 0, rd->nrec,
		    rd->bufoff + start + r->keylen + 2, "%s",
		    r->has_hash ? "record has a row hash, the first had none" :
		    "record has no row hash, the first had one");
	}
	r->number = rd->nrec;
	return 1;
}

/* The stream ends (or a record is cut off) before the end record. */
static int
truncated(struct vi_ks_reader *rd, struct vi_error *e)
{
	return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
	    "truncated key stream: it ends after %llu complete records "
	    "(%llu bytes) without its end record; the program that wrote it "
	    "probably failed or was killed", (unsigned long long)rd->nrec,
	    (unsigned long long)rd->total);
}

/* The end record at rd->pos: check the count and the checksum, and that
 * nothing follows.  0 (end of stream) or -1. */
static int
bin_end(struct vi_ks_reader *rd, struct vi_error *e)
{
	uint64_t at = rd->bufoff + rd->pos + 1, count, sum;

	if (fill(rd, END_LEN, e) < 0)
		return -1;
	if (rd->end - rd->pos < END_LEN)
		return truncated(rd, e);
	sum_consumed(rd);
	count = get64(rd->buf + rd->pos + 4);
	sum = get64(rd->buf + rd->pos + 12);
	rd->pos += END_LEN;
	rd->sumpos = rd->pos;
	if (count != rd->nrec)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "damaged key stream: its end record (byte %llu) counts "
		    "%llu records, the stream holds %llu",
		    (unsigned long long)at, (unsigned long long)count,
		    (unsigned long long)rd->nrec);
	if (sum != XXH3_64bits_digest(rd->sum))
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "damaged key stream: the checksum in its end record "
		    "(byte %llu) does not match the records",
		    (unsigned long long)at);
	if (fill(rd, 1, e) < 0)
		return -1;
	if (rd->end > rd->pos)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "bytes after the end record at byte %llu (concatenated "
		    "streams? merge them with vi-sort -m)",
		    (unsigned long long)(rd->bufoff + rd->pos + 1));
	rd->ended = 1;
	return 0;
}

static int
bin_read(struct vi_ks_reader *rd, struct vi_ks_rec *r, struct vi_error *e)
{
	const unsigned char *p;
	uint32_t reclen, keylen, lablen;
	size_t fixed, ntabs, last, bad, mlen;
	const char *why;
	uint64_t at, hash = 0, rownum;
	int has_hash = (rd->hdr.flags & VI_KS_F_HASH) != 0;

	if (rd->ended)
		return 0;
	if (fill(rd, 4, e) < 0)
		return -1;
	at = rd->bufoff + rd->pos + 1;
	if (rd->end - rd->pos < 4)
		return truncated(rd, e);
	reclen = get32(rd->buf + rd->pos);
	if (reclen == 0)
		return bin_end(rd, e);
	rd->nrec++;
	fixed = 4 + (has_hash ? 8 : 0) + 8 + 4;
	if (reclen < fixed || reclen > REC_MAX)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "binary record %llu at byte %llu: bad record length %u",
		    (unsigned long long)rd->nrec, (unsigned long long)at,
		    (unsigned)reclen);
	if (fill(rd, 4 + (size_t)reclen, e) < 0)
		return -1;
	if (rd->end - rd->pos < 4 + (size_t)reclen) {
		rd->nrec--;
		return truncated(rd, e);
	}
	p = rd->buf + rd->pos + 4;
	keylen = get32(p);
	if (keylen > reclen - fixed)
		goto badlen;
	p += 4;
	if (scan(p, keylen, &ntabs, &last, &bad, &why) < 0)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "binary record %llu at byte %llu: key byte %zu: %s",
		    (unsigned long long)rd->nrec, (unsigned long long)at,
		    bad + 1, why);
	if (ntabs + 1 != rd->hdr.nkeys)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "binary record %llu at byte %llu: key has %zu fields, "
		    "the header says %u", (unsigned long long)rd->nrec,
		    (unsigned long long)at, ntabs + 1,
		    (unsigned)rd->hdr.nkeys);
	p += keylen;
	if (has_hash) {
		hash = get64(p);
		p += 8;
	}
	rownum = get64(p);
	lablen = get32(p + 8);
	p += 12;
	if (lablen != reclen - fixed - keylen)
		goto badlen;
	if (rownum == 0)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "binary record %llu at byte %llu: row number 0",
		    (unsigned long long)rd->nrec, (unsigned long long)at);
	if (scan(p, lablen, &ntabs, &last, &bad, &why) < 0 || ntabs != 0)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "binary record %llu at byte %llu: bad label",
		    (unsigned long long)rd->nrec, (unsigned long long)at);
	if (rd->keys_only) {
		/* The key and label where they lie in the buffer. */
		r->line = (const char *)rd->buf + rd->pos + 8;
		r->linelen = r->keylen = keylen;
		r->has_hash = has_hash;
		r->hash = hash;
		r->rownum = rownum;
		r->label = lablen ? (const char *)p : NULL;
		r->labellen = lablen;
		r->number = rd->nrec;
		rd->pos += 4 + (size_t)reclen;
		return 1;
	}
	/* The canonical line: key TAB meta. */
	mlen = (size_t)keylen + 1 + VI_KS_META_MAX + 1 + lablen;
	if (mlen > rd->linecap) {
		rd->linecap = mlen * 2;
		free(rd->line);
		rd->line = vi_xmalloc(rd->linecap);
	}
	memcpy(rd->line, rd->buf + rd->pos + 8, keylen);
	rd->line[keylen] = '\t';
	mlen = vi_ks_format_meta(rd->line + keylen + 1, has_hash, hash,
	    rownum, lablen ? (const char *)p : NULL, lablen);
	r->line = rd->line;
	r->linelen = keylen + 1 + mlen;
	r->keylen = keylen;
	r->has_hash = has_hash;
	r->hash = hash;
	r->rownum = rownum;
	r->label = lablen ? rd->line + r->linelen - lablen : NULL;
	r->labellen = lablen;
	r->number = rd->nrec;
	rd->pos += 4 + (size_t)reclen;
	return 1;
badlen:
	return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
	    "binary record %llu at byte %llu: lengths do not add up",
	    (unsigned long long)rd->nrec, (unsigned long long)at);
}

int
vi_ks_read(struct vi_ks_reader *rd, struct vi_ks_rec *r, struct vi_error *e)
{
	return rd->enc == VI_KS_BINARY ? bin_read(rd, r, e) :
	    text_read(rd, r, e);
}

void
vi_ks_reader_keys_only(struct vi_ks_reader *rd)
{
	rd->keys_only = 1;
}

enum vi_ks_encoding
vi_ks_reader_encoding(const struct vi_ks_reader *rd)
{
	return rd->enc;
}

const struct vi_ks_header *
vi_ks_reader_header(const struct vi_ks_reader *rd)
{
	return &rd->hdr;
}

const char *
vi_ks_reader_name(const struct vi_ks_reader *rd)
{
	return rd->name;
}

int
vi_ks_reader_require_data(const struct vi_ks_reader *rd, struct vi_error *e)
{
	if (rd->total != 0)
		return 0;
	return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
	    "empty input (0 bytes), not even a binary header: the program "
	    "that should have written it probably failed (--allow-empty "
	    "reads it as a stream without records)");
}

void
vi_ks_reader_close(struct vi_ks_reader *rd)
{
	uint32_t i;

	if (rd == NULL)
		return;
	if (rd->own_fd)
		close(rd->fd);
	if (rd->hdr.names != NULL)
		for (i = 0; i < rd->hdr.nkeys; i++)
			free(rd->hdr.names[i]);
	free(rd->hdr.names);
	free(rd->hdr.source);
	if (rd->sum != NULL)
		XXH3_freeState(rd->sum);
	free(rd->line);
	free(rd->buf);
	free(rd->name);
	free(rd);
}

/* ---- Writer ---- */

struct vi_ks_writer {
	int fd, own_fd, failed, errnum;
	char *name;
	enum vi_ks_encoding enc;
	unsigned char *buf;
	size_t cap, len;
	int hdr_done, hash_known;
	struct vi_ks_header hdr;
	char *tmp;              /* for vi_ks_write_fields */
	size_t tmpcap;
	XXH3_state_t *sum;      /* binary: checksum of the record bytes */
	size_t sumfrom;         /* buf[sumfrom, len) not yet summed */
	uint64_t nrec;          /* binary: records written */
	struct vi_ks_sink sink; /* sink.put != NULL: records go there */
};

static void
sum_pending(struct vi_ks_writer *w)
{
	sum_range(w->sum, w->buf, &w->sumfrom, w->len);
}

struct vi_ks_writer *
vi_ks_writer_open(int fd, int own_fd, const char *name,
    enum vi_ks_encoding enc, const struct vi_ks_header *h)
{
	struct vi_ks_writer *w = vi_xcalloc(1, sizeof *w);
	uint32_t i;

	TABLES();
	w->fd = fd;
	w->own_fd = own_fd;
	w->name = vi_xstrdup(name);
	w->enc = enc;
	vi_ks_pipe_size(fd);
	w->cap = WR_BUFSZ;
	w->buf = vi_xmalloc(w->cap);
	if (h != NULL) {
		w->hdr.flags = h->flags;
		w->hdr.nkeys = h->nkeys;
		w->hash_known = h->nkeys != 0;
		if (h->source != NULL)
			w->hdr.source = vi_xstrdup(h->source);
		if (h->names != NULL && h->nkeys != 0) {
			w->hdr.names = vi_xcalloc(h->nkeys, sizeof(char *));
			for (i = 0; i < h->nkeys; i++)
				w->hdr.names[i] = vi_xstrdup(h->names[i] ?
				    h->names[i] : "");
		}
	}
	return w;
}

struct vi_ks_writer *
vi_ks_writer_open_sink(const struct vi_ks_sink *sink, const char *name)
{
	struct vi_ks_writer *w = vi_xcalloc(1, sizeof *w);

	TABLES();
	w->fd = -1;
	w->name = vi_xstrdup(name);
	w->enc = VI_KS_BINARY;          /* records as fields, no line text */
	w->sink = *sink;
	return w;
}

static int
wfail(struct vi_ks_writer *w, struct vi_error *e)
{
	return vi_error_set(e, VI_EX_IOERR, w->errnum, 0, 0, "write error");
}

static int
write_all(struct vi_ks_writer *w, const unsigned char *p, size_t n,
    struct vi_error *e)
{
	while (n > 0) {
		ssize_t k = write(w->fd, p, n);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			w->failed = 1;
			w->errnum = errno;
			return wfail(w, e);
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int
vi_ks_writer_flush(struct vi_ks_writer *w, struct vi_error *e)
{
	if (w->failed)
		return wfail(w, e);
	if (w->sink.put != NULL)
		return 0;
	sum_pending(w);
	if (write_all(w, w->buf, w->len, e) < 0)
		return -1;
	w->len = 0;
	w->sumfrom = 0;
	return 0;
}

/* Room for n more bytes in the buffer. */
static int
room(struct vi_ks_writer *w, size_t n, struct vi_error *e)
{
	if (w->cap - w->len >= n)
		return 0;
	if (vi_ks_writer_flush(w, e) < 0)
		return -1;
	if (n > w->cap) {
		w->buf = vi_xrealloc(w->buf, n);
		w->cap = n;
	}
	return 0;
}

static void
putstr(struct vi_ks_writer *w, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put32(w->buf + w->len, (uint32_t)n);
	memcpy(w->buf + w->len + 4, s ? s : "", n);
	w->len += 4 + n;
}

static int
write_header(struct vi_ks_writer *w, struct vi_error *e)
{
	size_t hlen = 28 + 4, i;

	w->hdr_done = 1;
	if (w->hdr.nkeys == 0)
		w->hdr.nkeys = 1;       /* an empty stream of unknown shape */
	hlen += w->hdr.source ? strlen(w->hdr.source) : 0;
	for (i = 0; i < w->hdr.nkeys; i++)
		hlen += 4 + (w->hdr.names ? strlen(w->hdr.names[i]) : 0);
	if (hlen > HDR_MAX)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "binary header too long");
	if (room(w, hlen, e) < 0)
		return -1;
	memcpy(w->buf + w->len, VI_KS_MAGIC, VI_KS_MAGIC_LEN);
	put32(w->buf + w->len + 8, VI_KS_VERSION);
	put32(w->buf + w->len + 12, 0x01020304u);
	put32(w->buf + w->len + 16, w->hdr.flags);
	put32(w->buf + w->len + 20, w->hdr.nkeys);
	put32(w->buf + w->len + 24, (uint32_t)hlen);
	w->len += 28;
	putstr(w, w->hdr.source);
	for (i = 0; i < w->hdr.nkeys; i++)
		putstr(w, w->hdr.names ? w->hdr.names[i] : "");
	w->sumfrom = w->len;
	w->sum = vi_xnonnull(XXH3_createState());
	(void)XXH3_64bits_reset(w->sum);
	return 0;
}

static int
bin_write(struct vi_ks_writer *w, const struct vi_ks_rec *r,
    struct vi_error *e)
{
	size_t reclen, i;
	unsigned char *p;
	int has_hash;

	if (!w->hdr_done) {
		if (!w->hash_known) {
			size_t tabs = 0;

			for (i = 0; i < r->keylen; i++)
				tabs += r->line[i] == '\t';
			w->hdr.nkeys = (uint32_t)(tabs + 1);
			if (r->has_hash)
				w->hdr.flags |= VI_KS_F_HASH;
			else
				w->hdr.flags &= ~VI_KS_F_HASH;
		}
		if (write_header(w, e) < 0)
			return -1;
	}
	has_hash = (w->hdr.flags & VI_KS_F_HASH) != 0;
	if (has_hash != r->has_hash)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "%s",
		    r->has_hash ? "record has a row hash, the stream has none" :
		    "record has no row hash, the stream has them");
	reclen = 4 + r->keylen + (has_hash ? 8 : 0) + 8 + 4 + r->labellen;
	if (reclen > REC_MAX)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "record too long for the binary encoding");
	if (room(w, 4 + reclen, e) < 0)
		return -1;
	p = w->buf + w->len;
	put32(p, (uint32_t)reclen);
	put32(p + 4, (uint32_t)r->keylen);
	memcpy(p + 8, r->line, r->keylen);
	p += 8 + r->keylen;
	if (has_hash) {
		put64(p, r->hash);
		p += 8;
	}
	put64(p, r->rownum);
	put32(p + 8, (uint32_t)r->labellen);
	if (r->labellen)
		memcpy(p + 12, r->label, r->labellen);
	w->len += 4 + reclen;
	w->nrec++;
	return 0;
}

/* A record without its line (linelen == keylen) as a text line. */
static int
text_write_fields(struct vi_ks_writer *w, const struct vi_ks_rec *r,
    struct vi_error *e)
{
	size_t n = r->keylen + 1 + VI_KS_META_MAX + 1 + r->labellen;

	if (room(w, n + 1, e) < 0)
		return -1;
	memcpy(w->buf + w->len, r->line, r->keylen);
	w->buf[w->len + r->keylen] = '\t';
	n = r->keylen + 1 + vi_ks_format_meta((char *)w->buf + w->len +
	    r->keylen + 1, r->has_hash, r->hash, r->rownum, r->label,
	    r->labellen);
	w->buf[w->len + n] = '\n';
	w->len += n + 1;
	return 0;
}

int
vi_ks_write(struct vi_ks_writer *w, const struct vi_ks_rec *r,
    struct vi_error *e)
{
	if (w->failed)
		return wfail(w, e);
	if (w->sink.put != NULL) {
		if (w->sink.put(w->sink.ctx, r, e) < 0) {
			w->failed = -1;         /* the sink's own error */
			return -1;
		}
		return 0;
	}
	if (w->enc == VI_KS_BINARY)
		return bin_write(w, r, e);
	if (r->linelen == r->keylen)
		return text_write_fields(w, r, e);
	if (room(w, r->linelen + 1, e) < 0)
		return -1;
	memcpy(w->buf + w->len, r->line, r->linelen);
	w->buf[w->len + r->linelen] = '\n';
	w->len += r->linelen + 1;
	return 0;
}

int
vi_ks_write_line(struct vi_ks_writer *w, const char *line, size_t len,
    struct vi_error *e)
{
	struct vi_ks_rec r;
	size_t last, bad;
	const char *why;

	if (w->enc == VI_KS_TEXT && w->sink.put == NULL) {
		if (w->failed)
			return wfail(w, e);
		if (room(w, len + 1, e) < 0)
			return -1;
		memcpy(w->buf + w->len, line, len);
		w->buf[w->len + len] = '\n';
		w->len += len + 1;
		return 0;
	}
	for (last = len; last > 0 && line[last - 1] != '\t'; last--)
		continue;
	if (last == 0)
		return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "internal error: record without TAB");
	if (parse_meta(line + last, len - last, &r, &bad, &why) < 0)
		return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "internal error: bad metadata: %s", why);
	r.line = line;
	r.linelen = len;
	r.keylen = last - 1;
	return w->sink.put != NULL ? vi_ks_write(w, &r, e) :
	    bin_write(w, &r, e);
}

int
vi_ks_write_fields(struct vi_ks_writer *w, size_t nkeys,
    const char *const *fields, const size_t *lens, int has_hash,
    uint64_t hash, uint64_t rownum, const char *label, size_t labellen,
    struct vi_error *e)
{
	size_t need = VI_KS_META_MAX + 2 + 8 * labellen, i, n = 0;
	struct vi_ks_rec r;
	char *lab;

	if (nkeys == 0)
		return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "internal error: a record needs at least one key field");
	for (i = 0; i < nkeys; i++)
		need += 4 * lens[i] + 1;
	if (need > w->tmpcap) {
		w->tmpcap = need * 2;
		free(w->tmp);
		w->tmp = vi_xmalloc(w->tmpcap);
	}
	for (i = 0; i < nkeys; i++) {
		n += vi_ks_escape(w->tmp + n, fields[i], lens[i]);
		w->tmp[n++] = '\t';
	}
	memset(&r, 0, sizeof r);
	r.keylen = n - 1;
	r.has_hash = has_hash;
	r.hash = hash;
	r.rownum = rownum;
	/* The label is escaped into the tail of tmp, past where the line can
	 * reach, then copied into place by vi_ks_format_meta. */
	lab = w->tmp + need - 4 * labellen;
	if (label != NULL)
		r.labellen = vi_ks_escape(lab, label, labellen);
	r.line = w->tmp;
	if (w->enc == VI_KS_BINARY) {
		/* The binary record holds the numbers, not their text. */
		r.label = label != NULL ? lab : NULL;
		r.linelen = r.keylen;
		return vi_ks_write(w, &r, e);
	}
	n += vi_ks_format_meta(w->tmp + n, has_hash, hash, rownum,
	    label != NULL ? lab : NULL, r.labellen);
	if (label != NULL)
		r.label = w->tmp + n - r.labellen;
	r.linelen = n;
	return vi_ks_write(w, &r, e);
}

/* The binary end record: u32 0, the record count, the checksum. */
static int
write_end(struct vi_ks_writer *w, struct vi_error *e)
{
	if (!w->hdr_done && write_header(w, e) < 0)
		return -1;
	if (room(w, END_LEN, e) < 0)
		return -1;
	sum_pending(w);
	put32(w->buf + w->len, 0);
	put64(w->buf + w->len + 4, w->nrec);
	put64(w->buf + w->len + 12, XXH3_64bits_digest(w->sum));
	w->len += END_LEN;
	w->sumfrom = w->len;
	return 0;
}

static void
writer_free(struct vi_ks_writer *w)
{
	uint32_t i;

	if (w->hdr.names != NULL)
		for (i = 0; i < w->hdr.nkeys; i++)
			free(w->hdr.names[i]);
	free(w->hdr.names);
	free(w->hdr.source);
	if (w->sum != NULL)
		XXH3_freeState(w->sum);
	free(w->tmp);
	free(w->buf);
	free(w->name);
	free(w);
}

int
vi_ks_writer_close(struct vi_ks_writer *w, struct vi_error *e)
{
	int rc = 0;

	if (w == NULL)
		return 0;
	if (w->sink.put != NULL) {
		if (w->failed) {
			w->sink.abandon(w->sink.ctx);
			rc = vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
			    "internal error: closing a failed stream");
		} else {
			rc = w->sink.finish(w->sink.ctx, e);
		}
		writer_free(w);
		return rc;
	}
	if (w->failed)
		rc = wfail(w, e);
	if (rc == 0 && w->enc == VI_KS_BINARY)
		rc = write_end(w, e);
	if (rc == 0)
		rc = vi_ks_writer_flush(w, e);
	if (w->own_fd && close(w->fd) < 0 && rc == 0)
		rc = vi_error_set(e, VI_EX_IOERR, errno, 0, 0, "write error");
	writer_free(w);
	return rc;
}

void
vi_ks_writer_abort(struct vi_ks_writer *w)
{
	struct vi_error ignored;

	if (w == NULL)
		return;
	if (w->sink.put != NULL) {
		w->sink.abandon(w->sink.ctx);
		writer_free(w);
		return;
	}
	if (!w->failed && (w->hdr_done || w->enc == VI_KS_TEXT))
		(void)vi_ks_writer_flush(w, &ignored);
	if (w->own_fd)
		close(w->fd);
	writer_free(w);
}
