/* vi_sort.c - external merge sort of key streams (see vi_sort.h). */
#include "vi_sort.h"
#include "vi_input.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_tmp.h"

#define SMALL       24          /* insertion sort below this */
#define DEPTH_MAX   512         /* radix depth before falling back */
#define PAR_MIN     (1u << 15)  /* fewest entries worth a thread */

/* A record in the block, from low to high addresses: its label bytes, u32
 * label length, u64 hash, u64 row number, then the key and a TAB.  The
 * entry points at the key: key and TAB are the first bytes of the record's
 * line and hold no NUL, so the radix sort runs over them; records with equal
 * keys are put in order by their fields (vi_ks_reccmp), never by text. */
#define META    20              /* label length, hash, row number */
#define PREFETCH 16             /* records fetched ahead in a merge */

struct ent {
	uint64_t pfx;           /* 8 key bytes at the current depth, BE */
	uint32_t off;           /* the key's offset in the block */
	uint32_t len;           /* key length + 1 (its TAB) */
};

struct area {
	const unsigned char *base;
	int has_hash;
};

/* ---- in-memory sort ---- */

static uint64_t
load_pfx(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	if (n >= 8) {
		memcpy(&v, p, 8);
		return __builtin_bswap64(v);
	}
	for (i = 0; i < 8; i++)
		v = v << 8 | (i < n ? p[i] : 0);
	return v;
}

/* The record of entry x, without its line. */
static void
ent_rec(const struct area *ar, const struct ent *x, struct vi_ks_rec *r)
{
	const unsigned char *k = ar->base + x->off;
	uint32_t ll;

	memcpy(&r->rownum, k - 8, 8);
	memcpy(&r->hash, k - 16, 8);
	memcpy(&ll, k - 20, 4);
	r->line = (const char *)k;
	r->linelen = r->keylen = x->len - 1;
	r->has_hash = ar->has_hash;
	r->label = ll ? (const char *)k - META - ll : NULL;
	r->labellen = ll;
	r->number = 0;
}

/* Compare two entries whose keys are equal before byte w and whose pfx
 * holds bytes [w, w+8) (zero past the end). */
static int
cmp_from(const struct ent *x, const struct ent *y, size_t w,
    const struct area *ar)
{
	size_t s = w + 8;
	struct vi_ks_rec a, b;

	if (x->pfx != y->pfx)
		return x->pfx < y->pfx ? -1 : 1;
	if (x->len > s && y->len > s) {
		size_t m = (x->len < y->len ? x->len : y->len) - s;
		int c = memcmp(ar->base + x->off + s, ar->base + y->off + s,
		    m);

		if (c != 0)
			return c;
	}
	ent_rec(ar, x, &a);
	ent_rec(ar, y, &b);
	return vi_ks_reccmp(&a, &b);
}

static void
insertion(struct ent *a, size_t n, size_t w, const struct area *ar)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct ent t = a[i];

		for (j = i; j > 0 && cmp_from(&a[j - 1], &t, w, ar) > 0; j--)
			a[j] = a[j - 1];
		a[j] = t;
	}
}

static void
mergesort_ents(struct ent *a, struct ent *tmp, size_t n, size_t w,
    const struct area *ar)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n <= SMALL) {
		insertion(a, n, w, ar);
		return;
	}
	mergesort_ents(a, tmp, h, w, ar);
	mergesort_ents(a + h, tmp + h, n - h, w, ar);
	while (i < h && j < n)
		tmp[k++] = cmp_from(&a[j], &a[i], w, ar) < 0 ? a[j++] :
		    a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof *a);
}

/* MSD radix sort of a[0, n), whose keys agree on bytes [0, depth). */
static void
rsort(struct ent *a, struct ent *tmp, size_t n, size_t depth,
    const struct area *ar)
{
	const unsigned char *base = ar->base;
	uint32_t count[256], start[256];
	size_t i, b;
	unsigned shift;

	for (;;) {
		if ((depth & 7) == 0 && depth > 0) {
			for (i = 0; i < n; i++)
				a[i].pfx = a[i].len > depth ? load_pfx(base +
				    a[i].off + depth, a[i].len - depth) : 0;
		}
		if (n <= SMALL) {
			insertion(a, n, depth & ~(size_t)7, ar);
			return;
		}
		if (depth >= DEPTH_MAX) {
			mergesort_ents(a, tmp, n, depth & ~(size_t)7, ar);
			return;
		}
		shift = 56 - 8 * (unsigned)(depth & 7);
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(a[i].pfx >> shift) & 255]++;
		b = (a[0].pfx >> shift) & 255;
		if (count[b] != n)
			break;
		if (b == 0) {
			/* Every key ended (keys hold no NUL): all equal. */
			mergesort_ents(a, tmp, n, depth & ~(size_t)7, ar);
			return;
		}
		depth++;
	}
	start[0] = 0;
	for (b = 1; b < 256; b++)
		start[b] = start[b - 1] + count[b - 1];
	for (i = 0; i < n; i++)
		tmp[start[(a[i].pfx >> shift) & 255]++] = a[i];
	memcpy(a, tmp, n * sizeof *a);
	/* Bucket 0 holds the keys that end at depth: equal keys. */
	if (count[0] > 1)
		mergesort_ents(a, tmp, count[0], depth & ~(size_t)7, ar);
	for (b = 1, i = count[0]; b < 256; i += count[b], b++)
		if (count[b] > 1)
			rsort(a + i, tmp + i, count[b], depth + 1, ar);
}

struct job {
	struct ent *a, *tmp;
	size_t n;
	const struct area *ar;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;

	rsort(j->a, j->tmp, j->n, 0, j->ar);
	return NULL;
}

/* ---- merge sources ---- */

enum { S_MEM, S_RUN, S_IN };

struct src {
	int kind;
	size_t idx;             /* tie-break: lower first */
	struct vi_ks_rec rec;   /* the current record (no line needed) */
	uint64_t pfx;           /* first 8 bytes of key TAB, big-endian */
	/* S_MEM */
	const struct ent *e, *end;
	const struct area *ar;
	/* S_RUN and S_IN */
	struct vi_ks_reader *rd;
	const char *path;       /* S_RUN */
	struct vi_ks_order ord; /* S_IN */
};

struct vi_sorter {
	const struct vi_sort_opts *o;
	struct vi_error *e;
	unsigned char *blk;
	size_t blksz, used, n;
	struct area ar;
	const char **runs;      /* run paths, owned by vi_tmp */
	size_t nruns, caprun;
	uint32_t nkeys;
	int has_hash;           /* -1 unknown */
};

/* After the error is recorded: the file it concerns.  Returns -1. */
static int
set_where(struct vi_sorter *s, const char *name, int output)
{
	return vi_error_at(s->e, output ? VI_ERR_OUTPUT : VI_ERR_INPUT, name);
}

/* Check that a record from input rd agrees with the others in shape. */
static int
check_shape(struct vi_sorter *so, struct vi_ks_reader *rd,
    const struct vi_ks_rec *r)
{
	uint32_t k = vi_ks_reader_header(rd)->nkeys;

	if (so->nkeys == 0)
		so->nkeys = k;
	if (so->has_hash < 0)
		so->has_hash = r->has_hash;
	if (k == so->nkeys && r->has_hash == so->has_hash)
		return 0;
	if (k != so->nkeys)
		vi_error_set(so->e, VI_EX_DATAERR, 0, 0, 0,
		    "record %llu has %u key fields, other input has %u",
		    (unsigned long long)r->number, (unsigned)k,
		    (unsigned)so->nkeys);
	else
		vi_error_set(so->e, VI_EX_DATAERR, 0, 0, 0,
		    "record %llu %s a row hash, other input %s",
		    (unsigned long long)r->number, r->has_hash ? "has" :
		    "has no", r->has_hash ? "has none" : "has them");
	return set_where(so, vi_ks_reader_name(rd), 0);
}

/* 1: s->rec set; 0: exhausted; -1: error. */
static int
src_next(struct src *s, struct vi_sorter *so)
{
	int rc;

	switch (s->kind) {
	case S_MEM:
		if (s->e == s->end)
			return 0;
		/* The records are scattered over the block: fetch ahead,
		 * both ends of the record (meta and key may straddle two
		 * cache lines). */
		if (s->end - s->e > PREFETCH) {
			const struct ent *f = &s->e[PREFETCH];

			__builtin_prefetch(s->ar->base + f->off - META);
			__builtin_prefetch(s->ar->base + f->off + f->len - 1);
		}
		ent_rec(s->ar, s->e, &s->rec);
		s->e++;
		return 1;
	case S_RUN:
		rc = vi_ks_read(s->rd, &s->rec, so->e);
		if (rc < 0)
			set_where(so, s->path, 0);
		return rc;
	default:
		rc = vi_ks_read(s->rd, &s->rec, so->e);
		if (rc < 0)
			set_where(so, vi_ks_reader_name(s->rd), 0);
		if (rc <= 0)
			return rc;
		if (check_shape(so, s->rd, &s->rec) < 0)
			return -1;
		if (vi_ks_order_step(&s->ord, &s->rec) < 0) {
			vi_error_set(so->e, VI_EX_DATAERR, 0, 0, 0,
			    "record %llu is out of order (-m needs sorted "
			    "inputs)", (unsigned long long)s->rec.number);
			return set_where(so, vi_ks_reader_name(s->rd), 0);
		}
		return 1;
	}
}

/* The first 8 bytes of r's key and TAB, big-endian, zero past them. */
static uint64_t
rec_pfx(const struct vi_ks_rec *r)
{
	unsigned char t[8] = { 0 };

	if (r->keylen >= 8)
		return load_pfx((const unsigned char *)r->line, 8);
	if (r->keylen > 0)
		memcpy(t, r->line, r->keylen);
	t[r->keylen] = '\t';
	return load_pfx(t, 8);
}

static int
less(const struct src *a, const struct src *b)
{
	int c;

	if (a->pfx != b->pfx)
		return a->pfx < b->pfx;
	c = vi_ks_reccmp(&a->rec, &b->rec);
	return c < 0 || (c == 0 && a->idx < b->idx);
}

/* src_next, then the prefix of the new record. */
static int
src_adv(struct src *s, struct vi_sorter *so)
{
	int rc = src_next(s, so);

	if (rc > 0)     /* (an entry's pfx is left at its last depth) */
		s->pfx = rec_pfx(&s->rec);
	return rc;
}

static void
sift(struct src **h, size_t n, size_t i)
{
	struct src *t = h[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && less(h[c + 1], h[c]))
			c++;
		if (!less(h[c], t))
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = t;
}

/* Merge the k sources into w; w's name is wname (for errors). */
static int
merge(struct vi_sorter *so, struct src *srcs, size_t k,
    struct vi_ks_writer *w, const char *wname, int wout)
{
	struct src **h = vi_xcalloc(k ? k : 1, sizeof *h);
	size_t n = 0, i;
	int rc = 0;

	for (i = 0; i < k; i++) {
		srcs[i].idx = i;
		rc = src_adv(&srcs[i], so);
		if (rc < 0)
			goto out;
		if (rc > 0)
			h[n++] = &srcs[i];
	}
	rc = 0;
	for (i = n / 2; i-- > 0;)
		sift(h, n, i);
	while (n > 0) {
		struct src *t = h[0];
		int r;

		if (vi_ks_write(w, &t->rec, so->e) < 0) {
			set_where(so, wname, wout);
			rc = -1;
			goto out;
		}
		r = src_adv(t, so);
		if (r < 0) {
			rc = -1;
			goto out;
		}
		if (r == 0)
			h[0] = h[--n];
		if (n > 0)
			sift(h, n, 0);
	}
out:
	free(h);
	return rc;
}

/* ---- runs ----
 *
 * A run file is a binary key stream: its end record and checksum are
 * checked when it is read back, so a damaged temporary file is an error,
 * never a wrong answer. */

static int
run_open(struct vi_sorter *so, struct src *s, const char *path)
{
	int fd = vi_input_open_rdonly(path);

	memset(s, 0, sizeof *s);
	s->kind = S_RUN;
	s->path = path;
	if (fd < 0) {
		vi_error_set(so->e, VI_EX_IOERR, errno, 0, 0,
		    "cannot reopen run file");
		return set_where(so, path, 0);
	}
	s->rd = vi_ks_reader_open(fd, 1, path, so->e);
	if (s->rd == NULL)
		return set_where(so, path, 0);
	vi_ks_reader_keys_only(s->rd);
	return 0;
}

static void
src_free(struct src *s)
{
	if (s->kind == S_RUN)
		vi_ks_reader_close(s->rd);
	else if (s->kind == S_IN)
		vi_ks_order_free(&s->ord);
}

/* A new empty run file, opened for writing as a binary stream. */
static struct vi_ks_writer *
run_create(struct vi_sorter *so, const char **path)
{
	const char *dir = vi_tmp_dir(so->o->tmpdir);
	int fd = vi_tmp_create(dir, "vi-sort", path, so->e);

	if (fd < 0) {
		set_where(so, dir, 0);
		return NULL;
	}
	if (so->nruns == so->caprun) {
		so->caprun = so->caprun ? so->caprun * 2 : 16;
		so->runs = vi_xreallocarray(so->runs, so->caprun,
		    sizeof *so->runs);
	}
	so->runs[so->nruns++] = *path;
	return vi_ks_writer_open(fd, 1, *path, VI_KS_BINARY, NULL);
}

static int
run_finish(struct vi_sorter *so, struct vi_ks_writer *w, const char *path,
    int rc)
{
	if (rc != 0) {
		vi_ks_writer_abort(w);
		return rc;
	}
	if (vi_ks_writer_close(w, so->e) < 0)
		return set_where(so, path, 0);
	return 0;
}

/* Sort the block and write it to w (a run, or the output). */
static int
flush_block(struct vi_sorter *so, struct vi_ks_writer *w, const char *wname,
    int wout)
{
	struct ent *a = (struct ent *)(so->blk + so->blksz) - so->n;
	struct ent *tmp = (struct ent *)(so->blk + ((so->used + 15) & ~(size_t)15));
	size_t parts = so->o->threads, i;
	struct job jobs[64];
	pthread_t tid[64];
	struct src srcs[64];
	sigset_t all, old;
	int rc;

	so->ar.base = so->blk;
	so->ar.has_hash = so->has_hash > 0;
	if (parts > 64)
		parts = 64;
	while (parts > 1 && so->n / parts < PAR_MIN)
		parts--;
	for (i = 0; i < parts; i++) {
		size_t lo = so->n * i / parts, hi = so->n * (i + 1) / parts;

		jobs[i].a = a + lo;
		jobs[i].tmp = tmp + lo;
		jobs[i].n = hi - lo;
		jobs[i].ar = &so->ar;
	}
	/* Workers start with every signal blocked, so the vi_tmp handler
	 * only ever runs in the main thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 1; i < parts; i++)
		if (pthread_create(&tid[i], NULL, job_run, &jobs[i]) != 0)
			tid[i] = 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	for (i = 1; i < parts; i++)
		if (tid[i] == 0)
			job_run(&jobs[i]);
	job_run(&jobs[0]);
	for (i = 1; i < parts; i++)
		if (tid[i] != 0)
			pthread_join(tid[i], NULL);
	memset(srcs, 0, sizeof srcs);
	for (i = 0; i < parts; i++) {
		srcs[i].kind = S_MEM;
		srcs[i].e = jobs[i].a;
		srcs[i].end = jobs[i].a + jobs[i].n;
		srcs[i].ar = &so->ar;
	}
	rc = merge(so, srcs, parts, w, wname, wout);
	so->n = 0;
	so->used = 0;
	return rc;
}

static int
spill(struct vi_sorter *so)
{
	const char *path;
	struct vi_ks_writer *w = run_create(so, &path);

	if (w == NULL)
		return -1;
	return run_finish(so, w, path, flush_block(so, w, path, 0));
}

/* The block: aligned and marked for transparent huge pages, which spares
 * the kernel a page fault per 4 KiB of a budget of hundreds of MB. */
static unsigned char *
blk_alloc(size_t n)
{
	void *p = NULL;

	if (n >= (8u << 20) && posix_memalign(&p, 2u << 20, n) == 0) {
#ifdef MADV_HUGEPAGE
		(void)madvise(p, n & ~(size_t)((2u << 20) - 1), MADV_HUGEPAGE);
#endif
		return p;
	}
	return vi_xmalloc(n);
}

struct vi_sorter *
vi_sorter_new(const struct vi_sort_opts *o, struct vi_error *e)
{
	struct vi_sorter *so = vi_xcalloc(1, sizeof *so);

	so->o = o;
	so->e = e;
	so->has_hash = -1;
	so->blksz = o->mem;
	if (so->blksz > (16u << 20))
		so->blksz -= 4u << 20;   /* the buffers outside the block */
	if (so->blksz < VI_SORT_MIN_MEM)
		so->blksz = VI_SORT_MIN_MEM;
	if (so->blksz > (size_t)UINT32_MAX)
		so->blksz = (size_t)UINT32_MAX;
	so->blksz &= ~(size_t)15;
	return so;
}

int
vi_sorter_add(struct vi_sorter *so, const struct vi_ks_rec *r,
    struct vi_error *e)
{
	struct ent *en;
	unsigned char *p;
	uint32_t ll = (uint32_t)r->labellen;
	size_t klen = r->keylen + 1, rec = r->labellen + META + klen;
	size_t need = rec + 16 + 2 * sizeof(struct ent);

	so->e = e;
	if (so->has_hash < 0)
		so->has_hash = r->has_hash;
	if (r->has_hash != so->has_hash)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "record %llu %s a row hash, the records before %s",
		    (unsigned long long)r->number, r->has_hash ? "has" :
		    "has no", r->has_hash ? "have none" : "have them");
	if (rec > UINT32_MAX / 2)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "record longer than 2 GiB");
	if (so->blk == NULL || so->blksz - so->used -
	    2 * sizeof(struct ent) * so->n < need) {
		if (so->n > 0 && spill(so) < 0)
			return -1;
		if (so->blksz < need) {
			/* One record bigger than the budget: make room. */
			free(so->blk);
			so->blk = NULL;
			so->blksz = (need + 15) & ~(size_t)15;
		}
		if (so->blk == NULL)
			so->blk = blk_alloc(so->blksz);
	}
	p = so->blk + so->used;
	if (ll)
		memcpy(p, r->label, ll);
	p += ll;
	memcpy(p, &ll, 4);
	memcpy(p + 4, &r->hash, 8);
	memcpy(p + 12, &r->rownum, 8);
	p += META;
	if (r->keylen)
		memcpy(p, r->line, r->keylen);
	p[r->keylen] = '\t';
	en = (struct ent *)(so->blk + so->blksz) - ++so->n;
	en->pfx = load_pfx(p, klen);
	en->off = (uint32_t)(p - so->blk);
	en->len = (uint32_t)klen;
	so->used += rec;
	return 0;
}

/* Merge runs until at most fanin are left, then merge the rest into out. */
static int
merge_runs(struct vi_sorter *so, struct vi_ks_writer *out, const char *oname)
{
	size_t fanin = so->o->fanin ? so->o->fanin : VI_SORT_FANIN, i, k;
	struct src *srcs;
	int rc = 0;

	if (fanin < 2)
		fanin = 2;
	srcs = vi_xcalloc(fanin, sizeof *srcs);
	for (;;) {
		struct vi_ks_writer *w = out;
		const char *wname = oname, *path = NULL;

		/* As GNU sort does: merge just enough runs first that the
		 * rest can be merged in one go. */
		k = so->nruns <= fanin ? so->nruns :
		    (so->nruns - fanin + 1 < fanin ? so->nruns - fanin + 1 :
		    fanin);
		for (i = 0; i < k; i++) {
			if (run_open(so, &srcs[i], so->runs[i]) < 0) {
				rc = -1;
				k = i + 1;
				goto done;
			}
		}
		if (k < so->nruns) {
			w = run_create(so, &path);
			if (w == NULL) {
				rc = -1;
				goto done;
			}
			wname = path;
		}
		rc = merge(so, srcs, k, w, wname, w == out);
		if (w != out)
			rc = run_finish(so, w, path, rc);
done:
		for (i = 0; i < k; i++)
			src_free(&srcs[i]);
		if (rc < 0)
			break;
		for (i = 0; i < k; i++)
			vi_tmp_remove(so->runs[i]);
		memmove(so->runs, so->runs + k,
		    (so->nruns - k) * sizeof *so->runs);
		so->nruns -= k;
		if (w == out)
			break;
	}
	free(srcs);
	return rc;
}

int
vi_sorter_finish(struct vi_sorter *so, struct vi_ks_writer *out,
    struct vi_error *e)
{
	int rc = 0;

	so->e = e;
	if (so->nruns == 0)
		return so->n > 0 ? flush_block(so, out, "", 1) : 0;
	if (so->n > 0)
		rc = spill(so);
	free(so->blk);
	so->blk = NULL;
	return rc == 0 ? merge_runs(so, out, "") : rc;
}

void
vi_sorter_free(struct vi_sorter *so)
{
	size_t i;

	if (so == NULL)
		return;
	for (i = 0; i < so->nruns; i++)
		vi_tmp_remove(so->runs[i]);
	free(so->runs);
	free(so->blk);
	free(so);
}

/* ---- a writer that sorts ---- */

struct sortw {
	struct vi_sorter *so;
	struct vi_ks_writer *out;
};

static int
sortw_put(void *ctx, const struct vi_ks_rec *r, struct vi_error *e)
{
	return vi_sorter_add(((struct sortw *)ctx)->so, r, e);
}

static int
sortw_finish(void *ctx, struct vi_error *e)
{
	struct sortw *s = ctx;
	int rc = vi_sorter_finish(s->so, s->out, e);

	vi_sorter_free(s->so);
	if (rc == 0)
		rc = vi_ks_writer_close(s->out, e);
	else
		vi_ks_writer_abort(s->out);
	free(s);
	return rc;
}

static void
sortw_abandon(void *ctx)
{
	struct sortw *s = ctx;

	vi_sorter_free(s->so);
	vi_ks_writer_abort(s->out);
	free(s);
}

struct vi_ks_writer *
vi_sort_writer(struct vi_ks_writer *out, const struct vi_sort_opts *o,
    struct vi_error *e)
{
	struct sortw *s = vi_xcalloc(1, sizeof *s);
	struct vi_ks_sink sink = { sortw_put, sortw_finish, sortw_abandon,
		NULL };

	s->so = vi_sorter_new(o, e);
	s->out = out;
	sink.ctx = s;
	return vi_ks_writer_open_sink(&sink, "sort");
}

/* ---- the tools' entry points ---- */

int
vi_sort(struct vi_ks_reader **in, size_t n, struct vi_ks_writer *out,
    const struct vi_sort_opts *o, struct vi_error *e)
{
	struct vi_sorter *so = vi_sorter_new(o, e);
	struct vi_ks_rec r;
	size_t i;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		int k;

		vi_ks_reader_keys_only(in[i]);
		while ((k = vi_ks_read(in[i], &r, e)) > 0) {
			if (check_shape(so, in[i], &r) < 0 ||
			    vi_sorter_add(so, &r, e) < 0) {
				rc = -1;
				break;
			}
		}
		if (k < 0) {
			set_where(so, vi_ks_reader_name(in[i]), 0);
			rc = -1;
		}
	}
	if (rc == 0)
		rc = vi_sorter_finish(so, out, e);
	vi_sorter_free(so);
	return rc;
}

int
vi_sort_merge(struct vi_ks_reader **in, size_t n, struct vi_ks_writer *out,
    const struct vi_sort_opts *o, struct vi_error *e)
{
	size_t fanin = o->fanin ? o->fanin : VI_SORT_FANIN, i = 0, k;
	struct vi_sorter *so = vi_sorter_new(o, e);
	struct src *srcs;
	int rc = 0;

	if (fanin < 2)
		fanin = 2;
	srcs = vi_xcalloc(fanin, sizeof *srcs);
	/* Inputs beyond the fan-in are merged into runs first. */
	while (rc == 0 && i < n) {
		struct vi_ks_writer *w = out;
		const char *path = "-";

		k = n - i < fanin ? n - i : fanin;
		if (i + k < n || so->nruns > 0) {
			w = run_create(so, &path);
			if (w == NULL) {
				rc = -1;
				break;
			}
		}
		memset(srcs, 0, fanin * sizeof *srcs);
		for (size_t j = 0; j < k; j++) {
			srcs[j].kind = S_IN;
			srcs[j].rd = in[i + j];
			vi_ks_reader_keys_only(in[i + j]);
			vi_ks_order_init(&srcs[j].ord);
		}
		rc = merge(so, srcs, k, w, path, w == out);
		for (size_t j = 0; j < k; j++)
			src_free(&srcs[j]);
		if (w != out)
			rc = run_finish(so, w, path, rc);
		i += k;
	}
	free(srcs);
	if (rc == 0 && so->nruns > 0)
		rc = merge_runs(so, out, "");
	vi_sorter_free(so);
	return rc;
}

int
vi_sort_check(struct vi_ks_reader *in, struct vi_error *e)
{
	struct vi_ks_order ord;
	struct vi_ks_rec r;
	int k, rc = 0;

	vi_ks_reader_keys_only(in);
	vi_ks_order_init(&ord);
	while ((k = vi_ks_read(in, &r, e)) > 0) {
		if (vi_ks_order_step(&ord, &r) < 0) {
			vi_error_set(e, VI_EX_NO, 0, 0, 0,
			    "not sorted: record %llu sorts before record %llu",
			    (unsigned long long)r.number,
			    (unsigned long long)r.number - 1);
			rc = 1;
			break;
		}
	}
	if (k < 0)
		rc = -1;
	vi_ks_order_free(&ord);
	return rc;
}
