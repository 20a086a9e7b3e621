/* vi_presence.c - the N-way merge of sorted key streams (see vi_presence.h). */
#include "vi_presence.h"

#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"
#include "vi_labelset.h"

struct src {
	struct vi_ks_reader *rd;
	struct vi_ks_rec cur;     /* the current record, valid while live */
	int live;
	struct vi_ks_order ord;   /* checks the stream's order */
	size_t rowcap;            /* capacity of rows[i] */
	uint64_t *hash;           /* labelled: the group's row hashes in i */
	size_t hashcap;
};

struct vi_presence {
	size_t n, words;
	size_t cap;               /* inputs allocated for (n, or the most
				   * labels while they are being found) */
	unsigned flags;
	struct src *s;
	size_t *heap, hn;         /* min-heap of live stream indexes */
	char *key;                /* the current group's key */
	size_t keylen, keycap;
	uint64_t *mask, *counts, **rows;
	uint64_t *fp;             /* fp[i]: set fingerprint of stream i */
	uint64_t *ndist;          /* ndist[i]: distinct row hashes in stream i */
	size_t *members, nmem;
	size_t nkeys;
	int has_hash;
	char **names;
	struct vi_pr_stats st;
	/* The region table: open addressing on the mask; a slot is empty when
	 * its count is 0. */
	uint64_t *rmask, *rcount;
	uint64_t *rchanged;       /* changed keys among rcount */
	size_t rcap, rused, rlast;
	struct vi_pr_region *regions;
	/* The labelled mode: one stream whose labels name the inputs. */
	struct vi_labelset *ls;   /* NULL in the N-stream mode */
	struct vi_ks_reader *lrd;
	struct vi_ks_rec lcur;    /* its current record, valid while llive */
	size_t lidx;              /* the input lcur's label names */
	int llive;
	int discover;             /* no names given: inputs are labels seen */
	int done;
};

/* ---- the heap, ordered by current key, then by stream index ---- */

static int
before(const struct vi_presence *p, size_t a, size_t b)
{
	int c = vi_ks_keycmp(&p->s[a].cur, &p->s[b].cur);

	return c < 0 || (c == 0 && a < b);
}

static void
heap_push(struct vi_presence *p, size_t i)
{
	size_t k = p->hn++;

	while (k > 0) {
		size_t up = (k - 1) / 2;

		if (!before(p, i, p->heap[up]))
			break;
		p->heap[k] = p->heap[up];
		k = up;
	}
	p->heap[k] = i;
}

static size_t
heap_pop(struct vi_presence *p)
{
	size_t top = p->heap[0], last = p->heap[--p->hn], k = 0;

	for (;;) {
		size_t c = 2 * k + 1;

		if (c >= p->hn)
			break;
		if (c + 1 < p->hn && before(p, p->heap[c + 1], p->heap[c]))
			c++;
		if (!before(p, p->heap[c], last))
			break;
		p->heap[k] = p->heap[c];
		k = c;
	}
	if (p->hn > 0)
		p->heap[k] = last;
	return top;
}

/* ---- reading ---- */

/* Read the next record of stream i and check its order.  1, 0 at the end,
 * -1 with e set. */
static int
advance(struct vi_presence *p, size_t i, struct vi_error *e)
{
	struct src *s = &p->s[i];
	int rc = vi_ks_read(s->rd, &s->cur, e);

	if (rc <= 0) {
		s->live = 0;
		if (rc < 0)
			vi_error_at(e, VI_ERR_INPUT, vi_ks_reader_name(s->rd));
		return rc;
	}
	if (vi_ks_order_step(&s->ord, &s->cur) < 0) {
		s->live = 0;
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "record %llu sorts before record %llu: the stream is not "
		    "sorted (sort it with vi-sort or LC_ALL=C sort)",
		    (unsigned long long)s->cur.number,
		    (unsigned long long)s->cur.number - 1);
		return vi_error_at(e, VI_ERR_INPUT, vi_ks_reader_name(s->rd));
	}
	s->live = 1;
	p->st.file[i].records++;
	return 1;
}

/*
 * "Changed" compares, between the streams that hold a key, the sets of the
 * distinct row hashes of its records, in constant memory per stream however
 * many duplicates the key has.  A stream is sorted by whole lines, so the
 * records of one key come in row-hash order and equal hashes are adjacent:
 * each stream keeps the number of distinct hashes (p->ndist) and the sum,
 * modulo 2^64, of fpmix() of each distinct hash.  fpmix() is a bijection
 * (the SplitMix64 finalizer), so for one distinct row per stream this is
 * exactly "the hashes differ", and two different sets of the same size give
 * the same sum only with probability about 2^-64.  How many times a row
 * repeats is not a change: the duplicate counts report it.
 */
static uint64_t
fpmix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebu;
	h ^= h >> 31;
	return h;
}

static int
same_key(const struct vi_presence *p, const struct vi_ks_rec *r)
{
	return r->keylen == p->keylen &&
	    vi_ks_memcmp(r->line, p->key, p->keylen) == 0;
}

/* ---- the region table ---- */

static size_t
popcount(const uint64_t *m, size_t words)
{
	size_t w, c = 0;

	for (w = 0; w < words; w++)
		c += (size_t)__builtin_popcountll(m[w]);
	return c;
}

static uint64_t
mix(const uint64_t *m, size_t words)
{
	uint64_t h = 0x9e3779b97f4a7c15u;
	size_t w;

	for (w = 0; w < words; w++) {
		h ^= m[w];
		h *= 0xbf58476d1ce4e5b9u;
		h ^= h >> 31;
	}
	return h;
}

static void
region_grow(struct vi_presence *p)
{
	size_t ocap = p->rcap, ncap = ocap ? ocap * 2 : 64, i, w = p->words;
	uint64_t *om = p->rmask, *oc = p->rcount, *och = p->rchanged;

	p->rmask = vi_xcalloc(ncap, w * sizeof *p->rmask);
	p->rcount = vi_xcalloc(ncap, sizeof *p->rcount);
	p->rchanged = vi_xcalloc(ncap, sizeof *p->rchanged);
	p->rcap = ncap;
	for (i = 0; i < ocap; i++) {
		size_t j;

		if (oc[i] == 0)
			continue;
		j = (size_t)mix(om + i * w, w) & (ncap - 1);
		while (p->rcount[j] != 0)
			j = (j + 1) & (ncap - 1);
		memcpy(p->rmask + j * w, om + i * w, w * sizeof *om);
		p->rcount[j] = oc[i];
		p->rchanged[j] = och[i];
	}
	free(om);
	free(oc);
	free(och);
	p->rlast = (size_t)-1;
}

/* Add keys keys, changed of them changed, to the region of mask m. */
static void
region_add(struct vi_presence *p, const uint64_t *m, uint64_t keys,
    uint64_t changed)
{
	size_t w = p->words, j, bytes = w * sizeof *m;

	/* Neighbouring keys are often in the same files. */
	if (p->rlast != (size_t)-1 &&
	    memcmp(p->rmask + p->rlast * w, m, bytes) == 0) {
		p->rcount[p->rlast] += keys;
		p->rchanged[p->rlast] += changed;
		return;
	}
	if ((p->rused + 1) * 2 > p->rcap)
		region_grow(p);
	j = (size_t)mix(m, w) & (p->rcap - 1);
	while (p->rcount[j] != 0 &&
	    memcmp(p->rmask + j * w, m, bytes) != 0)
		j = (j + 1) & (p->rcap - 1);
	if (p->rcount[j] == 0) {
		memcpy(p->rmask + j * w, m, bytes);
		p->rused++;
	}
	p->rcount[j] += keys;
	p->rchanged[j] += changed;
	p->rlast = j;
}

/* ---- the engine ---- */

/* An engine for n inputs (room for cap), no stream attached yet. */
static struct vi_presence *
engine_new(size_t n, size_t cap, unsigned flags)
{
	struct vi_presence *p = vi_xcalloc(1, sizeof *p);
	size_t i;

	p->n = n;
	p->cap = cap;
	p->words = (cap + 63) / 64;
	p->flags = flags;
	p->s = vi_xcalloc(cap, sizeof *p->s);
	for (i = 0; i < cap; i++)
		vi_ks_order_init(&p->s[i].ord);
	p->heap = vi_xcalloc(cap, sizeof *p->heap);
	p->members = vi_xcalloc(cap, sizeof *p->members);
	p->mask = vi_xcalloc(p->words, sizeof *p->mask);
	p->counts = vi_xcalloc(cap, sizeof *p->counts);
	p->fp = vi_xcalloc(cap, sizeof *p->fp);
	p->ndist = vi_xcalloc(cap, sizeof *p->ndist);
	p->rows = vi_xcalloc(cap, sizeof *p->rows);
	p->st.n = n;
	p->st.file = vi_xcalloc(cap, sizeof *p->st.file);
	p->rlast = (size_t)-1;
	p->has_hash = 1;
	return p;
}

/* The key column names of the first header of rd that has them. */
static void
take_names(struct vi_presence *p, struct vi_ks_reader *rd)
{
	const struct vi_ks_header *h = vi_ks_reader_header(rd);
	uint32_t k;

	if (p->names != NULL || h->names == NULL || h->nkeys != p->nkeys)
		return;
	for (k = 0; k < h->nkeys; k++)
		if (h->names[k][0] != '\0')
			p->names = h->names;
}

struct vi_presence *
vi_pr_open(struct vi_ks_reader **readers, size_t n, unsigned flags,
    struct vi_error *e)
{
	struct vi_presence *p = engine_new(n, n, flags);
	size_t i, first = (size_t)-1;

	for (i = 0; i < n; i++) {
		p->s[i].rd = readers[i];
		vi_ks_reader_keys_only(readers[i]);
	}
	for (i = 0; i < n; i++) {
		const struct vi_ks_header *h;
		int rc = advance(p, i, e);

		if (rc < 0)
			goto fail;
		if (rc == 0)
			continue;
		h = vi_ks_reader_header(p->s[i].rd);
		if (first == (size_t)-1) {
			first = i;
			p->nkeys = h->nkeys;
		} else if (h->nkeys != p->nkeys) {
			vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
			    "records have %u key fields, those of %s have %zu",
			    (unsigned)h->nkeys,
			    vi_ks_reader_name(p->s[first].rd), p->nkeys);
			vi_error_at(e, VI_ERR_INPUT,
			    vi_ks_reader_name(p->s[i].rd));
			goto fail;
		}
		if (!p->s[i].cur.has_hash)
			p->has_hash = 0;
		heap_push(p, i);
	}
	for (i = 0; i < n; i++)
		take_names(p, p->s[i].rd);
	p->st.has_hash = p->has_hash;
	return p;
fail:
	vi_pr_close(p);
	return NULL;
}

/* Read the next record of the labelled stream, find the input its label
 * names and check that its key does not sort before the last one's (the
 * current group's key).  1, 0 at the end, -1 with e set. */
static int
ladvance(struct vi_presence *p, struct vi_error *e)
{
	struct vi_ks_rec *r = &p->lcur;
	int rc = vi_ks_read(p->lrd, r, e);

	p->llive = 0;
	if (rc == 0)
		return 0;
	if (rc < 0)
		return vi_error_at(e, VI_ERR_INPUT, vi_ks_reader_name(p->lrd));
	if (r->label == NULL)
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "record %llu has no "
		    "label: --labelled reads records made with vi-keys "
		    "--label", (unsigned long long)r->number);
	else if (p->key != NULL && vi_ks_linecmp(r->line, r->keylen, p->key,
	    p->keylen) < 0)
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "record %llu sorts before record %llu: the stream is not "
		    "sorted (sort it with vi-sort or LC_ALL=C sort)",
		    (unsigned long long)r->number,
		    (unsigned long long)r->number - 1);
	else if (vi_labelset_find(p->ls, r->label, r->labellen, &p->lidx,
	    e) == 0) {
		p->llive = 1;
		return 1;
	} else {
		char msg[sizeof e->msg];

		memcpy(msg, e->msg, sizeof msg);
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "record %llu: %s",
		    (unsigned long long)r->number, msg);
	}
	return vi_error_at(e, VI_ERR_INPUT, vi_ks_reader_name(p->lrd));
}

struct vi_presence *
vi_pr_open_labelled(struct vi_ks_reader *rd, char *const *names, size_t n,
    unsigned flags, struct vi_error *e)
{
	struct vi_presence *p = names != NULL ?
	    engine_new(n, n, flags) : engine_new(0, VI_PR_MAX_INPUTS, flags);
	int rc;

	p->lrd = rd;
	vi_ks_reader_keys_only(rd);
	p->discover = names == NULL;
	p->ls = vi_labelset_new(names, n, VI_PR_MAX_INPUTS);
	if ((rc = ladvance(p, e)) < 0) {
		vi_pr_close(p);
		return NULL;
	}
	if (rc > 0) {
		p->nkeys = vi_ks_reader_header(rd)->nkeys;
		p->has_hash = p->lcur.has_hash;
		take_names(p, rd);
	}
	p->st.has_hash = p->has_hash;
	return p;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Forget the last group (its counts and mask). */
static void
group_clear(struct vi_presence *p)
{
	size_t k;

	for (k = 0; k < p->nmem; k++)
		p->counts[p->members[k]] = 0;
	memset(p->mask, 0, p->words * sizeof *p->mask);
	p->nmem = 0;
}

/* Start a group for the key of record r: the key copied, since the records
 * it came from are replaced as their streams advance. */
static void
group_start(struct vi_presence *p, const struct vi_ks_rec *r)
{
	group_clear(p);
	p->keylen = r->keylen;
	if (p->key == NULL || p->keylen > p->keycap) {
		p->keycap = p->keylen * 2 + 64;
		free(p->key);
		p->key = vi_xmalloc(p->keycap);
	}
	memcpy(p->key, r->line, p->keylen);
}

/* Keep rownum as the c-th row of the group's key in input i. */
static void
group_row(struct vi_presence *p, size_t i, uint64_t c, uint64_t rownum)
{
	struct src *s = &p->s[i];

	if (!(p->flags & VI_PR_ROWS))
		return;
	if (c == s->rowcap) {
		s->rowcap = s->rowcap ? 2 * s->rowcap : 16;
		p->rows[i] = vi_xreallocarray(p->rows[i], s->rowcap,
		    sizeof *p->rows[i]);
	}
	p->rows[i][c] = rownum;
}

/* Member k of the group, input i, had c records with nd distinct row
 * hashes of fingerprint fp: its totals; *diff set when its hashes are not
 * those of the first member. */
static void
group_member(struct vi_presence *p, size_t k, uint64_t c, uint64_t fp,
    uint64_t nd, int *diff)
{
	size_t i = p->members[k];

	p->counts[i] = c;
	p->fp[i] = fp;
	p->ndist[i] = nd;
	if (k > 0 && (nd != p->ndist[p->members[0]] ||
	    fp != p->fp[p->members[0]]))
		*diff = 1;
	p->mask[i / 64] |= (uint64_t)1 << (i % 64);
	if ((p->flags & VI_PR_ROWS) && c > 1)
		qsort(p->rows[i], c, sizeof *p->rows[i], cmp_u64);
	p->st.file[i].keys++;
	if (c > 1)
		p->st.file[i].duplicate_keys++;
	if (p->nmem == 1)
		p->st.file[i].unique++;
}

/* The group complete: fill g, count it.  Returns 1. */
static int
group_end(struct vi_presence *p, struct vi_pr_group *g, int diff)
{
	g->key = p->key;
	g->keylen = p->keylen;
	g->mask = p->mask;
	g->counts = p->counts;
	g->nin = p->nmem;
	g->in_all = p->nmem == p->n;
	g->changed = !p->has_hash ? -1 : p->nmem >= 2 && diff;
	g->rows = (p->flags & VI_PR_ROWS) ? p->rows : NULL;

	p->st.keys++;
	if (g->in_all)
		p->st.in_all++;
	if (g->changed == 1)
		p->st.changed++;
	if (!g->in_all || g->changed == 1)
		p->st.differ++;
	region_add(p, p->mask, 1, g->changed == 1);
	return 1;
}

static int
heap_next(struct vi_presence *p, struct vi_pr_group *g, struct vi_error *e)
{
	size_t k, i;
	int diff = 0;

	if (p->hn == 0) {
		group_clear(p);
		return 0;
	}
	group_start(p, &p->s[p->heap[0]].cur);
	while (p->hn > 0 && same_key(p, &p->s[p->heap[0]].cur))
		p->members[p->nmem++] = heap_pop(p);

	/* Consume every record with this key from each stream that has it. */
	for (k = 0; k < p->nmem; k++) {
		struct src *s;
		uint64_t c = 0, fp = 0, nd = 0, prev = 0;
		int rc;

		i = p->members[k];
		s = &p->s[i];
		do {
			if (c == 0 || s->cur.hash != prev) {
				fp += fpmix(s->cur.hash);
				nd++;
				prev = s->cur.hash;
			}
			group_row(p, i, c, s->cur.rownum);
			c++;
			if ((rc = advance(p, i, e)) < 0)
				return -1;
		} while (rc > 0 && same_key(p, &s->cur));
		if (rc > 0)
			heap_push(p, i);
		group_member(p, k, c, fp, nd, &diff);
	}
	return group_end(p, g, diff);
}

/*
 * The labelled stream is sorted by key only: within one key its records
 * may come in any order (a MapReduce shuffle sorts by key and leaves the
 * values unordered), so the row hashes of each input are kept for the
 * group, then sorted to find the distinct ones.
 */
static int
labelled_next(struct vi_presence *p, struct vi_pr_group *g,
    struct vi_error *e)
{
	size_t k, i;
	int diff = 0, rc;

	if (!p->llive) {
		group_clear(p);
		return 0;
	}
	group_start(p, &p->lcur);
	do {
		struct src *s = &p->s[i = p->lidx];
		uint64_t c = p->counts[i];

		if (c == 0)
			p->members[p->nmem++] = i;
		if (c == s->hashcap) {
			s->hashcap = s->hashcap ? 2 * s->hashcap : 16;
			s->hash = vi_xreallocarray(s->hash, s->hashcap,
			    sizeof *s->hash);
		}
		s->hash[c] = p->lcur.hash;
		group_row(p, i, c, p->lcur.rownum);
		p->counts[i] = c + 1;
		p->st.file[i].records++;
		if ((rc = ladvance(p, e)) < 0)
			return -1;
	} while (rc > 0 && same_key(p, &p->lcur));

	for (k = 0; k < p->nmem; k++) {
		struct src *s = &p->s[i = p->members[k]];
		uint64_t c = p->counts[i], fp = 0, nd = 0, j;

		for (j = 1; j < c && s->hash[j - 1] <= s->hash[j]; j++)
			continue;
		if (j < c)
			qsort(s->hash, c, sizeof *s->hash, cmp_u64);
		for (j = 0; j < c; j++)
			if (j == 0 || s->hash[j] != s->hash[j - 1]) {
				fp += fpmix(s->hash[j]);
				nd++;
			}
		group_member(p, k, c, fp, nd, &diff);
	}
	return group_end(p, g, diff);
}

/*
 * The inputs were the labels seen: now that they are all known, put them in
 * bytewise order, renumber the totals and the regions, and count what
 * needed the number of inputs (keys in all, keys that differ).
 */
static int
labelled_finish(struct vi_presence *p, struct vi_error *e)
{
	size_t n = vi_labelset_count(p->ls), ow = p->words, ocap = p->rcap;
	size_t i, b, *perm;
	uint64_t *om = p->rmask, *oc = p->rcount, *och = p->rchanged, *m;
	struct vi_pr_file_stats *nf;

	if (n == 0) {
		vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "the stream holds no "
		    "record, so no label names an input (name them with "
		    "--names)");
		return vi_error_at(e, VI_ERR_INPUT, vi_ks_reader_name(p->lrd));
	}
	perm = vi_xcalloc(n, sizeof *perm);
	vi_labelset_sort(p->ls, perm);
	nf = vi_xcalloc(n, sizeof *nf);
	for (i = 0; i < n; i++)
		nf[perm[i]] = p->st.file[i];
	free(p->st.file);
	p->st.file = nf;
	p->n = p->st.n = n;
	p->words = (n + 63) / 64;
	p->rmask = p->rcount = p->rchanged = NULL;
	p->rcap = p->rused = 0;
	p->rlast = (size_t)-1;
	m = vi_xcalloc(p->words, sizeof *m);
	p->st.in_all = 0;
	p->st.differ = p->st.keys;
	for (i = 0; i < ocap; i++) {
		if (oc[i] == 0)
			continue;
		memset(m, 0, p->words * sizeof *m);
		for (b = 0; b < n; b++) {
			size_t to = perm[b];

			if (om[i * ow + b / 64] >> (b % 64) & 1)
				m[to / 64] |= (uint64_t)1 << (to % 64);
		}
		region_add(p, m, oc[i], och[i]);
		if (popcount(m, p->words) == n) {
			p->st.in_all = oc[i];
			p->st.differ = p->st.keys - oc[i] + och[i];
		}
	}
	free(m);
	free(perm);
	free(om);
	free(oc);
	free(och);
	return 0;
}

int
vi_pr_next(struct vi_presence *p, struct vi_pr_group *g,
    struct vi_error *e)
{
	int rc;

	if (p->ls == NULL)
		return heap_next(p, g, e);
	if ((rc = labelled_next(p, g, e)) != 0 || p->done)
		return rc;
	p->done = 1;
	return p->discover ? labelled_finish(p, e) : 0;
}

size_t
vi_pr_nkeys(const struct vi_presence *p)
{
	return p->nkeys;
}

int
vi_pr_has_hash(const struct vi_presence *p)
{
	return p->has_hash;
}

char *const *
vi_pr_key_names(const struct vi_presence *p)
{
	return p->names;
}

int
vi_pr_file_hash(const struct vi_presence *p, size_t i)
{
	if (p->ls != NULL)
		return p->has_hash && p->st.file[i].records > 0;
	return (vi_ks_reader_header(p->s[i].rd)->flags & VI_KS_F_HASH) != 0;
}

char *const *
vi_pr_labels(const struct vi_presence *p)
{
	return p->ls != NULL ? vi_labelset_names(p->ls) : NULL;
}

const struct vi_pr_stats *
vi_pr_stats(const struct vi_presence *p)
{
	return &p->st;
}

/* qsort has no context argument; the comparator reads the mask width from
 * here.  Not reentrant, like the rest of one vi_presence. */
static size_t sort_words;

static int
cmp_region(const void *va, const void *vb)
{
	const struct vi_pr_region *a = va, *b = vb;
	size_t w;

	if (a->nfiles != b->nfiles)
		return a->nfiles < b->nfiles ? -1 : 1;
	/* The mask whose lowest differing bit is set lists the smaller
	 * stream index first. */
	for (w = 0; w < sort_words; w++) {
		uint64_t x = a->mask[w] ^ b->mask[w];

		if (x != 0)
			return (a->mask[w] & (x & -x)) ? -1 : 1;
	}
	return 0;
}

void
vi_pr_regions_sort(struct vi_pr_region *r, size_t n, size_t words)
{
	sort_words = words;
	qsort(r, n, sizeof *r, cmp_region);
}

const struct vi_pr_region *
vi_pr_regions(struct vi_presence *p, size_t *count)
{
	size_t i, k = 0;

	free(p->regions);
	p->regions = vi_xcalloc(p->rused ? p->rused : 1, sizeof *p->regions);
	for (i = 0; i < p->rcap; i++) {
		if (p->rcount[i] == 0)
			continue;
		p->regions[k].mask = p->rmask + i * p->words;
		p->regions[k].nfiles = popcount(p->regions[k].mask, p->words);
		p->regions[k].keys = p->rcount[i];
		k++;
	}
	vi_pr_regions_sort(p->regions, k, p->words);
	*count = k;
	return p->regions;
}

void
vi_pr_close(struct vi_presence *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->cap; i++) {
		vi_ks_reader_close(p->s[i].rd);
		vi_ks_order_free(&p->s[i].ord);
		free(p->s[i].hash);
		free(p->rows[i]);
	}
	vi_ks_reader_close(p->lrd);
	vi_labelset_free(p->ls);
	free(p->s);
	free(p->heap);
	free(p->members);
	free(p->mask);
	free(p->counts);
	free(p->fp);
	free(p->ndist);
	free(p->rows);
	free(p->key);
	free(p->st.file);
	free(p->rmask);
	free(p->rcount);
	free(p->rchanged);
	free(p->regions);
	free(p);
}
