/* vi_sample.c - reservoir sampling, Algorithm R (see vi_sample.h). */
#include "vi_sample.h"
#include "vi_alloc.h"

#include <stdlib.h>
#include <string.h>

/* A kept record: its field array followed by the bytes, one allocation. */
struct kept {
	uint64_t seq;            /* when it was offered, from 1 */
	uint64_t number;
	size_t nfields;
	struct vi_field *fields;
};

struct vi_sample {
	uint64_t k, seen, state;
	struct kept *slot;
	size_t nslots, cap;
	int sorted;
};

uint64_t
vi_sample_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

uint64_t
vi_sample_below(uint64_t *state, uint64_t n)
{
	/* 2^64 mod n values at the bottom would be drawn once more often
	 * than the rest: draw again when one of them comes. */
	uint64_t floor = (0 - n) % n, r;

	do
		r = vi_sample_splitmix64(state);
	while (r < floor);
	return r % n;
}

struct vi_sample *
vi_sample_new(uint64_t k, uint64_t seed)
{
	struct vi_sample *s = vi_xcalloc(1, sizeof *s);

	s->k = k;
	s->state = seed;
	return s;
}

static void
keep(struct kept *x, uint64_t seq, const struct vi_record *r)
{
	size_t i, bytes = 0, head;
	char *p;

	for (i = 0; i < r->nfields; i++)
		bytes = vi_xadd(bytes, r->fields[i].n);
	head = vi_xmul(r->nfields, sizeof *x->fields);
	x->fields = vi_xmalloc(vi_xadd(vi_xadd(head, bytes), 1));
	p = (char *)x->fields + head;
	for (i = 0; i < r->nfields; i++) {
		if (r->fields[i].n)
			memcpy(p, r->fields[i].p, r->fields[i].n);
		x->fields[i].p = p;
		x->fields[i].n = r->fields[i].n;
		p += r->fields[i].n;
	}
	x->nfields = r->nfields;
	x->seq = seq;
	x->number = r->number;
}

void
vi_sample_offer(struct vi_sample *s, const struct vi_record *r)
{
	uint64_t j;

	s->seen++;
	if (s->seen <= s->k) {
		if (s->nslots == s->cap) {
			s->cap = s->cap ? vi_xmul(s->cap, 2) : 64;
			s->slot = vi_xreallocarray(s->slot, s->cap,
			    sizeof *s->slot);
		}
		keep(&s->slot[s->nslots++], s->seen, r);
		return;
	}
	j = vi_sample_below(&s->state, s->seen);
	if (j < s->k) {
		free(s->slot[j].fields);
		keep(&s->slot[j], s->seen, r);
	}
}

size_t
vi_sample_count(const struct vi_sample *s)
{
	return s->nslots;
}

static int
by_seq(const void *a, const void *b)
{
	const struct kept *x = a, *y = b;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

const struct vi_field *
vi_sample_get(struct vi_sample *s, size_t i, size_t *nfields,
    uint64_t *number)
{
	if (!s->sorted) {
		if (s->nslots > 1)
			qsort(s->slot, s->nslots, sizeof *s->slot, by_seq);
		s->sorted = 1;
	}
	*nfields = s->slot[i].nfields;
	*number = s->slot[i].number;
	return s->slot[i].fields;
}

void
vi_sample_free(struct vi_sample *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nslots; i++)
		free(s->slot[i].fields);
	free(s->slot);
	free(s);
}
