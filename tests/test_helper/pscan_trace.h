/*
 * pscan_trace.h - a vi_pscan consumer for tests: one XXH3 hash per block of
 * every record's position, raw bytes and fields, and the record count, so
 * that a threaded scan and a sequential one can be compared exactly.
 * Included by tests/unit/test_pscan.c and tests/fuzz/fuzz_pscan.c.
 */
#ifndef PSCAN_TRACE_H
#define PSCAN_TRACE_H

#include <stdint.h>
#include <stdlib.h>
#include <xxhash.h>

#include "vi_alloc.h"
#include "vi_pscan.h"

/* The state: one hash per block, and the record count. */
struct trace {
	uint64_t *h;
	size_t n, cap;
	uint64_t records;
};

static void *
t_create(void *arg, int origin)
{
	struct trace *t = vi_xcalloc(1, sizeof *t);

	(void)arg;
	(void)origin;
	t->cap = 16;
	t->h = vi_xcalloc(t->cap, sizeof *t->h);
	t->n = 1;
	return t;
}

static void
t_add(void *st, const struct vi_record *r)
{
	struct trace *t = st;
	uint64_t h = t->h[t->n - 1];
	size_t i;

	h = XXH3_64bits_withSeed(&r->line, sizeof r->line, h);
	h = XXH3_64bits_withSeed(&r->byte, sizeof r->byte, h);
	h = XXH3_64bits_withSeed(r->raw, r->raw_len, h);
	for (i = 0; i < r->nfields; i++)
		h = XXH3_64bits_withSeed(r->fields[i].p, r->fields[i].n, h + i);
	t->h[t->n - 1] = h;
	t->records++;
}

static void
t_block_end(void *st)
{
	struct trace *t = st;

	if (t->n == t->cap) {
		t->cap *= 2;
		t->h = vi_xreallocarray(t->h, t->cap, sizeof *t->h);
	}
	t->h[t->n++] = 0;
}

static void
t_merge(void *dst, void *src)
{
	struct trace *d = dst, *s = src;
	size_t i;

	/* dst's open block was closed by the caller: its last slot is new. */
	d->n--;
	for (i = 0; i < s->n; i++) {
		t_block_end(d);
		d->h[d->n - 1] = s->h[i];
	}
	d->records += s->records;
}

static void
t_free(void *st)
{
	struct trace *t = st;

	if (t) {
		free(t->h);
		free(t);
	}
}

static const struct vi_pscan_ops ops = {
	NULL, t_create, t_add, t_block_end, t_merge, t_free
};

#endif
