/*
 * fuzz_keystream.c - the key stream readers (lib/vi_keystream), text and
 * binary, on hostile input: headers, lengths, counts, escapes, truncation
 * anywhere.
 *
 * Input: byte 0 (low 3 bits) says how many bytes follow as the read
 * schedule (0: read whole); the rest is the stream.  Every record the
 * reader accepts must parse again from its canonical line to the same
 * values.  The records read (up to an error) are then written again in
 * both encodings and read back: the same lines must come out, and a
 * complete text stream must come out byte for byte as it went in (the
 * reader accepts only the canonical spelling).
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_keystream.h"

struct lines {
	char *buf;
	size_t len, cap;
	size_t *off;            /* off[i]..off[i+1]: line i */
	size_t n, ncap;
};

static void
lines_add(struct lines *l, const char *p, size_t n)
{
	if (l->len + n > l->cap) {
		l->cap = (l->len + n) * 2 + 256;
		l->buf = vi_xrealloc(l->buf, l->cap);
	}
	memcpy(l->buf + l->len, p, n);
	l->len += n;
	if (l->n + 2 > l->ncap) {
		l->ncap = l->ncap * 2 + 16;
		l->off = vi_xreallocarray(l->off, l->ncap, sizeof *l->off);
	}
	l->off[0] = 0;
	l->off[++l->n] = l->len;
}

static void
check_rec(const struct vi_ks_rec *r)
{
	struct vi_error e = { 0 };
	struct vi_ks_rec q;

	if (vi_ks_parse_line(r->line, r->linelen, &q, &e) < 0)
		fz_fail("record %llu: its line does not parse: %s",
		    (unsigned long long)r->number, e.msg);
	if (q.keylen != r->keylen || q.has_hash != r->has_hash ||
	    q.hash != r->hash || q.rownum != r->rownum ||
	    q.labellen != r->labellen || (q.label == NULL) !=
	    (r->label == NULL) || (r->label != NULL &&
	    memcmp(q.label, r->label, r->labellen) != 0))
		fz_fail("record %llu: its line parses to other values",
		    (unsigned long long)r->number);
	if (r->rownum == 0)
		fz_fail("record %llu: row number 0",
		    (unsigned long long)r->number);
}

/* Read the stream in fd: its lines into l; 0 at a clean end, else the
 * error status. */
static int
read_all(int fd, struct lines *l, struct vi_ks_header *hdr, int *enc)
{
	struct vi_error e = { 0 };
	struct vi_ks_reader *rd;
	struct vi_ks_rec r;
	const struct vi_ks_header *h;
	uint64_t n = 0;
	uint32_t i;
	int rc;

	rd = vi_ks_reader_open(fd, 0, "fuzz", &e);
	if (rd == NULL)
		return e.status ? e.status : -1;
	*enc = vi_ks_reader_encoding(rd);
	(void)vi_ks_reader_require_data(rd, &e);
	while ((rc = vi_ks_read(rd, &r, &e)) > 0) {
		if (r.number != ++n)
			fz_fail("record number %llu, expected %llu",
			    (unsigned long long)r.number,
			    (unsigned long long)n);
		check_rec(&r);
		lines_add(l, r.line, r.linelen);
	}
	if (rc == 0 && vi_ks_read(rd, &r, &e) != 0)
		fz_fail("a reader at its end read on");
	h = vi_ks_reader_header(rd);
	hdr->flags = h->flags;
	hdr->nkeys = h->nkeys;
	hdr->source = h->source ? vi_xstrdup(h->source) : NULL;
	hdr->names = NULL;
	if (h->names != NULL) {
		hdr->names = vi_xcalloc(h->nkeys, sizeof *hdr->names);
		for (i = 0; i < h->nkeys; i++)
			hdr->names[i] = vi_xstrdup(h->names[i]);
	}
	vi_ks_reader_close(rd);
	return rc < 0 ? (e.status ? e.status : -1) : 0;
}

static void
header_free(struct vi_ks_header *h)
{
	uint32_t i;

	if (h->names != NULL)
		for (i = 0; i < h->nkeys; i++)
			free(h->names[i]);
	free(h->names);
	free(h->source);
}

/* Write lines l in encoding enc to slot 1 and read them back. */
static void
round_trip(const struct lines *l, const struct vi_ks_header *h, int enc,
    const uint8_t *orig, size_t orig_n, int orig_enc, int orig_complete)
{
	struct vi_error e = { 0 };
	struct vi_ks_writer *w;
	struct vi_ks_header h2 = { 0, 0, NULL, NULL };
	struct lines back = { 0 };
	int fd = fz_file(1, "", 0), rc, enc2 = 0;
	size_t i;

	w = vi_ks_writer_open(fd, 0, "out", (enum vi_ks_encoding)enc, h);
	for (i = 0; i < l->n; i++)
		if (vi_ks_write_line(w, l->buf + l->off[i],
		    l->off[i + 1] - l->off[i], &e) < 0)
			fz_fail("write of record %zu: %s", i + 1, e.msg);
	if (vi_ks_writer_close(w, &e) < 0)
		fz_fail("writer close: %s", e.msg);
	if (lseek(fd, 0, SEEK_SET) < 0)
		fz_fail("lseek");
	fz_chunks(NULL, 0);
	rc = read_all(fd, &back, &h2, &enc2);
	if (rc != 0 && !(rc == 65 && enc == VI_KS_TEXT && l->n == 0))
		fz_fail("%s stream written from %zu records does not read "
		    "back (status %d)", enc == VI_KS_TEXT ? "text" :
		    "binary", l->n, rc);
	if (back.n != l->n || back.len != l->len ||
	    (l->len && memcmp(back.buf, l->buf, l->len) != 0) ||
	    (l->n && memcmp(back.off, l->off, (l->n + 1) *
	    sizeof *l->off) != 0))
		fz_fail("%s round trip changed the records",
		    enc == VI_KS_TEXT ? "text" : "binary");
	if (l->n > 0 && h2.nkeys != h->nkeys)
		fz_fail("round trip: %u keys, was %u", h2.nkeys, h->nkeys);
	if (enc == VI_KS_BINARY && h->names != NULL && orig_enc == enc) {
		for (i = 0; i < h->nkeys; i++)
			if (strcmp(h->names[i], h2.names[i]) != 0)
				fz_fail("round trip: key name %zu changed", i);
		if (strcmp(h->source, h2.source) != 0)
			fz_fail("round trip: source name changed");
	}
	if (enc == VI_KS_TEXT && orig_enc == VI_KS_TEXT && orig_complete) {
		size_t n;
		char *out = fz_slurp(fd, &n);

		if (!(n == orig_n || (n == orig_n + 1 && out[n - 1] == '\n' &&
		    orig[orig_n - 1] != '\n')) || memcmp(out, orig,
		    orig_n < n ? orig_n : n) != 0)
			fz_fail("a text stream read and written again "
			    "changed");
		free(out);
	}
	header_free(&h2);
	free(back.buf);
	free(back.off);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct lines l = { 0 };
	struct vi_ks_header h = { 0, 0, NULL, NULL };
	const uint8_t *sched;
	size_t ns;
	int fd, rc, enc = 0;

	sched = fz_take(&f, fz_byte(&f) & 7, &ns);
	fd = fz_file(0, f.p, f.n);
	fz_chunks(sched, ns);
	rc = read_all(fd, &l, &h, &enc);
	fz_chunks(NULL, 0);
	if (enc != 0) {
		round_trip(&l, &h, VI_KS_TEXT, f.p, f.n, enc, rc == 0);
		round_trip(&l, &h, VI_KS_BINARY, f.p, f.n, enc, rc == 0);
	}
	header_free(&h);
	free(l.buf);
	free(l.off);
	return 0;
}
