/* vi_transcode.c - --encoding: source bytes to UTF-8 with iconv (see
 * vi_transcode.h). */
#include "vi_transcode.h"
#include "vi_alloc.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>    /* glibc's converters */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IN_CAP ((size_t)64 << 10)

/* How source lengths are computed from UTF-8 (see the header). */
enum width { W_ONE, W_UTF16, W_UTF32, W_ICONV };

struct vi_transcode {
	iconv_t cd;              /* source -> UTF-8 */
	iconv_t rcd;             /* UTF-8 -> source, for W_ICONV */
	enum width width;
	char name[64];           /* as given, for messages */
	vi_transcode_src src;
	void *arg;
	unsigned char *in;       /* source bytes [in_pos, in_len) */
	size_t in_len, in_pos;
	uint64_t src_off;        /* source offset of in[in_pos] */
	int eof;
	unsigned bom;
	struct vi_error err;     /* sticky */
};

/* Upper case, without '-' and '_': "utf-16le" -> "UTF16LE". */
static void
norm(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	for (; *s && n + 1 < cap; s++)
		if (*s != '-' && *s != '_')
			out[n++] = (char)toupper((unsigned char)*s);
	out[n] = '\0';
}

/* 1 if no byte of the encoding starts a longer sequence. */
static int
single_byte(iconv_t cd)
{
	char ib[1], ob[16], *ip, *op;
	size_t il, ol;
	int b;

	for (b = 0; b < 256; b++) {
		ib[0] = (char)b;
		ip = ib;
		il = 1;
		op = ob;
		ol = sizeof ob;
		iconv(cd, NULL, NULL, NULL, NULL);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 &&
		    errno == EINVAL)
			return 0;
	}
	iconv(cd, NULL, NULL, NULL, NULL);
	return 1;
}

/* More source bytes, keeping the unread ones.  -1 on error (in t->err). */
static int
fill(struct vi_transcode *t)
{
	ssize_t got;

	if (t->in_pos > 0) {
		memmove(t->in, t->in + t->in_pos, t->in_len - t->in_pos);
		t->in_len -= t->in_pos;
		t->in_pos = 0;
	}
	got = t->src(t->arg, t->in + t->in_len, IN_CAP - t->in_len, &t->err);
	if (got < 0)
		return -1;
	if (got == 0)
		t->eof = 1;
	t->in_len += (size_t)got;
	return 0;
}

/* For "UTF-16" and "UTF-32" without a byte order: the one to use, after
 * reading the first bytes; the BOM is skipped. */
static const char *
byte_order(struct vi_transcode *t, int unit)
{
	const unsigned char *p = t->in;

	while (t->in_len < 4 && !t->eof)
		if (fill(t) < 0)
			return NULL;
	if (unit == 2) {
		if (t->in_len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
			return t->bom = 2, "UTF-16LE";
		if (t->in_len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
			return t->bom = 2, "UTF-16BE";
		return t->in_len >= 2 && p[0] != 0 && p[1] == 0 ?
		    "UTF-16LE" : "UTF-16BE";
	}
	if (t->in_len >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 &&
	    p[3] == 0)
		return t->bom = 4, "UTF-32LE";
	if (t->in_len >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE &&
	    p[3] == 0xFF)
		return t->bom = 4, "UTF-32BE";
	return t->in_len >= 4 && p[0] != 0 && p[3] == 0 ? "UTF-32LE" :
	    "UTF-32BE";
}

int
vi_transcode_known(const char *encoding)
{
	iconv_t cd = iconv_open("UTF-8", encoding);

	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

struct vi_transcode *
vi_transcode_open(const char *encoding, vi_transcode_src src, void *arg,
    struct vi_error *e)
{
	struct vi_transcode *t;
	char n[64];
	const char *from = encoding;
	iconv_t probe;

	if ((probe = iconv_open("UTF-8", encoding)) == (iconv_t)-1) {
		vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "--encoding: unknown encoding: %s (see iconv -l)",
		    encoding);
		return NULL;
	}
	t = vi_xcalloc(1, sizeof *t);
	t->cd = t->rcd = (iconv_t)-1;
	snprintf(t->name, sizeof t->name, "%s", encoding);
	t->src = src;
	t->arg = arg;
	t->in = vi_xmalloc(IN_CAP);
	norm(encoding, n, sizeof n);
	if (strncmp(n, "UTF16", 5) == 0 || strncmp(n, "UCS2", 4) == 0)
		t->width = W_UTF16;
	else if (strncmp(n, "UTF32", 5) == 0 || strncmp(n, "UCS4", 4) == 0)
		t->width = W_UTF32;
	else
		t->width = single_byte(probe) ? W_ONE : W_ICONV;
	if (strcmp(n, "UTF16") == 0 || strcmp(n, "UTF32") == 0) {
		from = byte_order(t, strcmp(n, "UTF16") == 0 ? 2 : 4);
		if (from == NULL) {
			*e = t->err;
			iconv_close(probe);
			vi_transcode_close(t);
			return NULL;
		}
		t->in_pos = t->bom;
		t->src_off = t->bom;
		iconv_close(probe);
		probe = iconv_open("UTF-8", from);
	}
	t->cd = probe;
	if (t->width == W_ICONV &&
	    (t->rcd = iconv_open(from, "UTF-8")) == (iconv_t)-1) {
		vi_error_set(e, VI_EX_USAGE, 0, 0, 0, "--encoding: %s: "
		    "cannot convert back from UTF-8 (for positions)", encoding);
		vi_transcode_close(t);
		return NULL;
	}
	return t;
}

ssize_t
vi_transcode_read(struct vi_transcode *t, void *buf, size_t n,
    struct vi_error *e)
{
	char *ip, *op;
	size_t il, ol, r, used, got;
	int errnum;

	if (t->err.status)
		goto fail;
	for (;;) {
		if (t->in_pos == t->in_len && !t->eof) {
			if (fill(t) < 0)
				goto fail;
			continue;
		}
		ip = (char *)t->in + t->in_pos;
		il = t->in_len - t->in_pos;
		op = buf;
		ol = n;
		if (il == 0)     /* the end: any shift state back to initial */
			r = iconv(t->cd, NULL, NULL, &op, &ol);
		else
			r = iconv(t->cd, &ip, &il, &op, &ol);
		errnum = errno;
		used = t->in_len - t->in_pos - il;
		t->in_pos += used;
		t->src_off += used;
		got = n - ol;
		if (r != (size_t)-1) {
			if (got > 0 || t->in_pos == t->in_len)
				return (ssize_t)got;
			continue;
		}
		if (got > 0)
			return (ssize_t)got;
		if (errnum == EINVAL && !t->eof) {
			if (fill(t) < 0)
				goto fail;
			continue;
		}
		if (errnum == EINVAL || errnum == EILSEQ)
			vi_error_set(&t->err, VI_EX_DATAERR, 0, 0,
			    t->src_off + 1, "%s in %s", errnum == EINVAL ?
			    "incomplete character at the end of the input" :
			    "invalid byte sequence", t->name);
		else
			vi_error_set(&t->err, VI_EX_SOFTWARE, errnum, 0, 0,
			    "iconv failed");
		goto fail;
	}
fail:
	*e = t->err;
	return -1;
}

uint64_t
vi_transcode_src_len(struct vi_transcode *t, const unsigned char *u,
    size_t n)
{
	uint64_t chars = 0, four = 0, total = 0;
	char ob[4096], *ip = (char *)u, *op;
	size_t i, il = n, ol;

	if (t->width != W_ICONV) {
		for (i = 0; i < n; i++) {
			chars += (u[i] & 0xC0) != 0x80;
			four += u[i] >= 0xF0;
		}
		return t->width == W_ONE ? chars : t->width == W_UTF32 ?
		    chars * 4 : (chars + four) * 2;
	}
	iconv(t->rcd, NULL, NULL, NULL, NULL);
	while (il > 0) {
		op = ob;
		ol = sizeof ob;
		if (iconv(t->rcd, &ip, &il, &op, &ol) == (size_t)-1 &&
		    errno != E2BIG) {
			/* Not representable: count it as one byte. */
			total += sizeof ob - ol + 1;
			ip++;
			il--;
			continue;
		}
		total += sizeof ob - ol;
	}
	return total;
}

unsigned
vi_transcode_bom(const struct vi_transcode *t)
{
	return t->bom;
}

uint64_t
vi_transcode_src_bytes(const struct vi_transcode *t)
{
	return t->src_off;
}

void
vi_transcode_close(struct vi_transcode *t)
{
	if (t == NULL)
		return;
	if (t->cd != (iconv_t)-1)
		iconv_close(t->cd);
	if (t->rcd != (iconv_t)-1)
		iconv_close(t->rcd);
	free(t->in);
	free(t);
}
