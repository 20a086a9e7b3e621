/*
 * fuzz_prlabelled.c - vi-presence --labelled (vi_pr_open_labelled) against
 * the N-stream merge it must agree with.
 *
 * Input: byte 0 chooses VI_PR_ROWS; the rest is one key stream, text or
 * binary.  It is read three ways: labelled, the inputs being the labels
 * seen; labelled again, the inputs named by those labels (as --names); and,
 * when that worked, its records split by label into one stream per label,
 * each sorted, merged by vi_pr_open().  Checked: the labels seen come out
 * in bytewise order; an error is a data error (65) naming the stream; the
 * groups of the named pass and of the split streams are the same (key,
 * mask, counts, changed, rows); the statistics and regions of all three
 * passes are the same.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"
#include "vi_keystream.h"
#include "vi_presence.h"

#define MAXL 7                  /* fz_file slots 1..7 for split streams */

struct line {
	char *p;
	size_t n;
	char *label;            /* decoded, NUL-ended */
};

static int
cmp_line(const void *a, const void *b)
{
	const struct line *x = a, *y = b;

	return vi_ks_linecmp(x->p, x->n, y->p, y->n);
}

/* Every group of p hashed (all of it when full, else what does not depend
 * on the numbering of the inputs), then the statistics and regions; -1 when
 * the merge failed (e set), else the hash of the end state in *end. */
static int
run(struct vi_presence *p, size_t n, int full, uint64_t *groups,
    uint64_t *end, struct vi_error *e)
{
	struct vi_pr_group g;
	const struct vi_pr_stats *st;
	const struct vi_pr_region *reg;
	size_t i, k, nreg;
	uint64_t h = 0;
	int rc;

	while ((rc = vi_pr_next(p, &g, e)) > 0) {
		h = fz_mix(h, g.key, g.keylen);
		h = fz_mix64(h, g.nin);
		h = fz_mix64(h, (uint64_t)g.changed);
		for (i = 0; full && i < n; i++) {
			h = fz_mix64(h, (g.mask[i / 64] >> (i % 64)) & 1);
			h = fz_mix64(h, g.counts[i]);
			for (k = 0; g.rows != NULL && k < g.counts[i]; k++)
				h = fz_mix64(h, g.rows[i][k]);
		}
		if (full)
			h = fz_mix64(h, (uint64_t)g.in_all);
	}
	*groups = h;
	if (rc < 0)
		return -1;
	st = vi_pr_stats(p);
	h = fz_mix64(0, st->n);
	h = fz_mix64(h, st->keys);
	h = fz_mix64(h, st->in_all);
	h = fz_mix64(h, st->has_hash ? st->changed : 0);
	h = fz_mix64(h, st->differ);
	h = fz_mix64(h, (uint64_t)st->has_hash);
	for (i = 0; i < st->n; i++) {
		h = fz_mix64(h, st->file[i].records);
		h = fz_mix64(h, st->file[i].keys);
		h = fz_mix64(h, st->file[i].duplicate_keys);
		h = fz_mix64(h, st->file[i].unique);
		h = fz_mix64(h, (uint64_t)vi_pr_file_hash(p, i));
	}
	reg = vi_pr_regions(p, &nreg);
	for (i = 0; i < nreg; i++) {
		h = fz_mix(h, reg[i].mask, ((st->n + 63) / 64) *
		    sizeof *reg[i].mask);
		h = fz_mix64(h, reg[i].keys);
	}
	*end = h;
	return 0;
}

/* The records of the stream in fd, each with its decoded label; NULL if it
 * cannot be read (it was read once already). */
static struct line *
records(int fd, size_t *count)
{
	struct vi_error e = { 0 };
	struct vi_ks_reader *rd = vi_ks_reader_open(fd, 0, "l", &e);
	struct vi_ks_rec r;
	struct line *v = NULL;
	size_t cap = 0, n = 0;
	int rc;

	if (rd == NULL)
		fz_fail("the stream opened once, not twice");
	while ((rc = vi_ks_read(rd, &r, &e)) > 0) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = vi_xreallocarray(v, cap, sizeof *v);
		}
		v[n].p = vi_xmemdup(r.line, r.linelen);
		v[n].n = r.linelen;
		v[n].label = vi_xmalloc(r.labellen + 1);
		v[n].label[vi_ks_unescape(v[n].label, r.label,
		    r.labellen)] = '\0';
		n++;
	}
	vi_ks_reader_close(rd);
	if (rc < 0)
		fz_fail("the stream read once, not twice: %s", e.msg);
	*count = n;
	return v;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	unsigned flags = fz_byte(&f) & 1 ? VI_PR_ROWS : 0;
	struct vi_ks_reader *rd, *split[MAXL];
	struct vi_error e = { 0 };
	struct vi_presence *p;
	struct line *v;
	const uint8_t *s;
	char *names[MAXL];
	char *const *seen;
	uint64_t g1, g2, g3, end1, end2, end3;
	size_t len, n, i, j, nrec;
	int fd;

	s = fz_take(&f, f.n, &len);
	fd = fz_file(0, s, len);
	if ((rd = vi_ks_reader_open(fd, 0, "l", &e)) == NULL)
		return 0;
	if ((p = vi_pr_open_labelled(rd, NULL, 0, flags, &e)) == NULL ||
	    run(p, 0, 0, &g1, &end1, &e) < 0) {
		if (e.status != 65 || strcmp(e.file, "l") != 0)
			fz_fail("error %d on \"%s\": %s", e.status, e.file,
			    e.msg);
		vi_pr_close(p);
		return 0;
	}
	seen = vi_pr_labels(p);
	n = vi_pr_stats(p)->n;
	for (i = 1; i < n; i++)
		if (strcmp(seen[i - 1], seen[i]) >= 0)
			fz_fail("labels %zu and %zu not in bytewise order",
			    i - 1, i);
	if (n > MAXL) {
		vi_pr_close(p);
		return 0;
	}
	for (i = 0; i < n; i++)
		names[i] = vi_xstrdup(seen[i]);
	vi_pr_close(p);

	/* Named by the labels seen, in their order. */
	fd = fz_file(0, s, len);
	if ((rd = vi_ks_reader_open(fd, 0, "l", &e)) == NULL ||
	    (p = vi_pr_open_labelled(rd, names, n, flags, &e)) == NULL ||
	    run(p, n, 1, &g2, &end2, &e) < 0)
		fz_fail("the stream failed with --names: %s", e.msg);
	if (end2 != end1)
		fz_fail("the labels seen and --names give other totals");
	vi_pr_close(p);

	/* Split by label, each part sorted, merged as N streams. */
	fd = fz_file(0, s, len);
	v = records(fd, &nrec);
	for (i = 0; i < n; i++) {
		struct line *part = vi_xcalloc(nrec + 1, sizeof *part);
		char *text = NULL;
		size_t np = 0, tl = 0;

		for (j = 0; j < nrec; j++)
			if (strcmp(v[j].label, names[i]) == 0)
				part[np++] = v[j];
		qsort(part, np, sizeof *part, cmp_line);
		for (j = 0; j < np; j++) {
			text = vi_xrealloc(text, tl + part[j].n + 1);
			memcpy(text + tl, part[j].p, part[j].n);
			tl += part[j].n;
			text[tl++] = '\n';
		}
		fd = fz_file((int)i + 1, text, tl);
		if ((split[i] = vi_ks_reader_open(fd, 0, names[i], &e)) ==
		    NULL)
			fz_fail("split stream %zu: %s", i, e.msg);
		free(text);
		free(part);
	}
	if ((p = vi_pr_open(split, n, flags, &e)) == NULL ||
	    run(p, n, 1, &g3, &end3, &e) < 0)
		fz_fail("the split streams failed: %s: %s", e.file, e.msg);
	if (g3 != g2)
		fz_fail("the split streams give other groups");
	if (end3 != end1)
		fz_fail("the split streams give other totals");
	vi_pr_close(p);
	(void)g1;
	for (j = 0; j < nrec; j++) {
		free(v[j].p);
		free(v[j].label);
	}
	free(v);
	for (i = 0; i < n; i++)
		free(names[i]);
	return 0;
}
