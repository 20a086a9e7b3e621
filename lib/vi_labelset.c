/* vi_labelset.c - the inputs of a labelled key stream (see vi_labelset.h). */
#include "vi_labelset.h"

#include <stdlib.h>
#include <string.h>

#include <xxhash.h>            /* XXH3_64bits: the lookup table's hash */

#include "vi_alloc.h"
#include "vi_keystream.h"

struct label {
	char *enc;                /* encoded as in a record */
	size_t enclen;
};

struct vi_labelset {
	struct label *l;
	char **names;             /* decoded, NUL-ended, parallel to l */
	size_t n, max;
	int fixed;
	size_t *slot, nslot;      /* open addressing: index + 1, 0 = empty */
	size_t last;              /* the index found last, or max */
};

static size_t
slot_of(const struct vi_labelset *s, const char *lab, size_t len)
{
	size_t j = (size_t)XXH3_64bits(lab, len) & (s->nslot - 1);

	while (s->slot[j] != 0) {
		const struct label *l = &s->l[s->slot[j] - 1];

		if (l->enclen == len && memcmp(l->enc, lab, len) == 0)
			break;
		j = (j + 1) & (s->nslot - 1);
	}
	return j;
}

static void
add(struct vi_labelset *s, char *name, char *enc, size_t enclen)
{
	struct label *l = &s->l[s->n];

	s->names[s->n] = name;
	l->enc = enc;
	l->enclen = enclen;
	s->slot[slot_of(s, enc, enclen)] = ++s->n;
}

struct vi_labelset *
vi_labelset_new(char *const *names, size_t n, size_t max)
{
	struct vi_labelset *s = vi_xcalloc(1, sizeof *s);
	size_t i;

	s->fixed = names != NULL;
	s->max = s->fixed ? n : max;
	s->l = vi_xcalloc(s->max ? s->max : 1, sizeof *s->l);
	s->names = vi_xcalloc(s->max ? s->max : 1, sizeof *s->names);
	for (s->nslot = 16; s->nslot < 2 * s->max; s->nslot *= 2)
		continue;
	s->slot = vi_xcalloc(s->nslot, sizeof *s->slot);
	s->last = s->max;
	for (i = 0; s->fixed && i < n; i++) {
		size_t len = strlen(names[i]);
		char *enc = vi_xmalloc(vi_xmul(len ? len : 1, 4));

		add(s, vi_xstrdup(names[i]), enc,
		    vi_ks_escape(enc, names[i], len));
	}
	return s;
}

int
vi_labelset_find(struct vi_labelset *s, const char *lab, size_t len,
    size_t *idx, struct vi_error *e)
{
	size_t j, dlen;
	char *name;

	/* Records of one label often come together. */
	if (s->last < s->n && s->l[s->last].enclen == len &&
	    memcmp(s->l[s->last].enc, lab, len) == 0) {
		*idx = s->last;
		return 0;
	}
	j = slot_of(s, lab, len);
	if (s->slot[j] != 0) {
		*idx = s->last = s->slot[j] - 1;
		return 0;
	}
	if (s->fixed)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "label %.*s is "
		    "not in --names", (int)len, lab);
	if (s->n == s->max)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "label %.*s is "
		    "one too many: at most %zu labels", (int)len, lab, s->max);
	name = vi_xmalloc(len + 1);
	dlen = vi_ks_unescape(name, lab, len);
	name[dlen] = '\0';
	if (strlen(name) != dlen) {
		free(name);
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "label %.*s "
		    "holds a NUL byte and cannot name an input", (int)len,
		    lab);
	}
	add(s, name, vi_xmemdup(lab, len), len);
	*idx = s->last = s->n - 1;
	return 0;
}

size_t
vi_labelset_count(const struct vi_labelset *s)
{
	return s->n;
}

char *const *
vi_labelset_names(const struct vi_labelset *s)
{
	return s->names;
}

/* qsort has no context argument: sort (name, old index) pairs. */
struct byname {
	char *name;
	struct label l;
	size_t old;
};

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct byname *)a)->name,
	    ((const struct byname *)b)->name);
}

void
vi_labelset_sort(struct vi_labelset *s, size_t *perm)
{
	struct byname *t = vi_xcalloc(s->n ? s->n : 1, sizeof *t);
	size_t i, n = s->n;

	for (i = 0; i < n; i++) {
		t[i].name = s->names[i];
		t[i].l = s->l[i];
		t[i].old = i;
	}
	qsort(t, n, sizeof *t, cmp_name);
	memset(s->slot, 0, s->nslot * sizeof *s->slot);
	s->n = 0;
	for (i = 0; i < n; i++) {
		perm[t[i].old] = i;
		add(s, t[i].name, t[i].l.enc, t[i].l.enclen);
	}
	s->last = s->max;
	free(t);
}

void
vi_labelset_free(struct vi_labelset *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->names[i]);
		free(s->l[i].enc);
	}
	free(s->names);
	free(s->l);
	free(s->slot);
	free(s);
}
