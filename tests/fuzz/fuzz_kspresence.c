/*
 * fuzz_kspresence.c - the same records as a text and as a binary key
 * stream must give the same vi-presence answer (lib/vi_presence.h).
 *
 * Input: byte 0 chooses whether the streams are sorted first and whether
 * row numbers are collected (VI_PR_ROWS); the rest is two streams of text
 * lines, split at the first 0xff byte.  Lines that are not canonical
 * records, or whose key count or row hash differ from the stream's first
 * record, are dropped, so each stream can be written in both encodings.
 * Presence then runs over the pairs (text, text), (binary, binary),
 * (text, binary) and (binary, text): every group, the statistics, the
 * regions and any error (status and stream) must be the same.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_keystream.h"
#include "vi_presence.h"

struct line {
	const char *p;
	size_t n;
};

static int
cmp_line(const void *a, const void *b)
{
	const struct line *x = a, *y = b;

	return vi_ks_linecmp(x->p, x->n, y->p, y->n);
}

/* The canonical records among the lines of p[0..n). */
static struct line *
records(const char *p, size_t n, size_t *count, int sort)
{
	struct line *v = vi_xcalloc(n / 2 + 1, sizeof *v);
	struct vi_error e;
	struct vi_ks_rec r;
	const char *end = p + n, *nl;
	int k, nkeys = -1, hash = -1;

	*count = 0;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		if ((k = vi_ks_parse_line(p, (size_t)(nl - p), &r, &e)) < 0)
			continue;
		if (nkeys < 0) {
			nkeys = k;
			hash = r.has_hash;
		}
		if (k != nkeys || r.has_hash != hash)
			continue;
		v[*count].p = p;
		v[(*count)++].n = (size_t)(nl - p);
	}
	if (sort)
		qsort(v, *count, sizeof *v, cmp_line);
	return v;
}

/* Write the records to slot in encoding enc; the descriptor. */
static int
write_stream(int slot, const struct line *v, size_t n, int enc)
{
	struct vi_error e = { 0 };
	struct vi_ks_writer *w;
	int fd = fz_file(slot, "", 0);
	size_t i;

	w = vi_ks_writer_open(fd, 0, "stream", (enum vi_ks_encoding)enc,
	    NULL);
	for (i = 0; i < n; i++)
		if (vi_ks_write_line(w, v[i].p, v[i].n, &e) < 0)
			fz_fail("writing record %zu: %s", i + 1, e.msg);
	if (vi_ks_writer_close(w, &e) < 0)
		fz_fail("closing a writer: %s", e.msg);
	return fd;
}

/* Presence over the streams in fds[0..2): the hash of its answer. */
static uint64_t
presence(const int *fds, unsigned flags)
{
	struct vi_ks_reader *rd[2];
	struct vi_error e = { 0 };
	struct vi_presence *p;
	struct vi_pr_group g;
	const struct vi_pr_stats *st;
	const struct vi_pr_region *reg;
	uint64_t h = 0;
	size_t i, nreg;
	int rc, k;

	for (k = 0; k < 2; k++) {
		if (lseek(fds[k], 0, SEEK_SET) < 0)
			fz_fail("lseek");
		if ((rd[k] = vi_ks_reader_open(fds[k], 0, k ? "s1" : "s0",
		    &e)) == NULL)
			fz_fail("a stream just written does not open: %s",
			    e.msg);
	}
	p = vi_pr_open(rd, 2, flags, &e);
	if (p == NULL)
		return fz_mix(fz_mix64(h, (uint64_t)e.status), e.file,
		    strlen(e.file));
	while ((rc = vi_pr_next(p, &g, &e)) > 0) {
		h = fz_mix(h, g.key, g.keylen);
		h = fz_mix64(h, g.mask[0]);
		h = fz_mix64(h, g.nin);
		h = fz_mix64(h, (uint64_t)g.in_all);
		h = fz_mix64(h, (uint64_t)(int64_t)g.changed);
		for (k = 0; k < 2; k++) {
			h = fz_mix64(h, g.counts[k]);
			if (g.rows != NULL && g.counts[k] > 0)
				h = fz_mix(h, g.rows[k], g.counts[k] *
				    sizeof *g.rows[k]);
		}
	}
	h = fz_mix64(h, (uint64_t)rc);
	if (rc < 0) {
		h = fz_mix64(h, (uint64_t)e.status);
		h = fz_mix(h, e.file, strlen(e.file));
	} else {
		st = vi_pr_stats(p);
		h = fz_mix64(h, st->keys);
		h = fz_mix64(h, st->in_all);
		h = fz_mix64(h, st->changed);
		h = fz_mix64(h, st->differ);
		h = fz_mix64(h, (uint64_t)st->has_hash);
		for (k = 0; k < 2; k++)
			h = fz_mix(h, &st->file[k], sizeof st->file[k]);
		h = fz_mix64(h, vi_pr_nkeys(p));
		reg = vi_pr_regions(p, &nreg);
		for (i = 0; i < nreg; i++) {
			h = fz_mix64(h, reg[i].mask[0]);
			h = fz_mix64(h, reg[i].keys);
		}
	}
	vi_pr_close(p);
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t opt = fz_byte(&f);
	const char *a = (const char *)f.p, *b;
	size_t na, nb, ra, rb;
	struct line *va, *vb;
	int fd[4], pair[2];
	uint64_t h[4];
	unsigned flags = opt & 2 ? VI_PR_ROWS : 0;

	b = memchr(a, 0xff, f.n);
	na = b ? (size_t)(b - a) : f.n;
	nb = b ? f.n - na - 1 : 0;
	b = b ? b + 1 : a + f.n;
	va = records(a, na, &ra, opt & 1);
	vb = records(b, nb, &rb, opt & 1);
	fd[0] = write_stream(0, va, ra, VI_KS_TEXT);
	fd[1] = write_stream(1, va, ra, VI_KS_BINARY);
	fd[2] = write_stream(2, vb, rb, VI_KS_TEXT);
	fd[3] = write_stream(3, vb, rb, VI_KS_BINARY);
	pair[0] = fd[0], pair[1] = fd[2];
	h[0] = presence(pair, flags);
	pair[0] = fd[1], pair[1] = fd[3];
	h[1] = presence(pair, flags);
	pair[0] = fd[0], pair[1] = fd[3];
	h[2] = presence(pair, flags);
	pair[0] = fd[1], pair[1] = fd[2];
	h[3] = presence(pair, flags);
	if (h[0] != h[1] || h[0] != h[2] || h[0] != h[3])
		fz_fail("text and binary streams give different answers "
		    "(text/text %016llx, binary/binary %016llx, text/binary "
		    "%016llx, binary/text %016llx)", (unsigned long long)h[0],
		    (unsigned long long)h[1], (unsigned long long)h[2],
		    (unsigned long long)h[3]);
	free(va);
	free(vb);
	return 0;
}
