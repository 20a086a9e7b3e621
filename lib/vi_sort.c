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
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_tmp.h"

#define RUN_BUFSZ   (1u << 20)
#define SMALL       24          /* insertion sort below this */
#define DEPTH_MAX   512         /* radix depth before falling back */
#define PAR_MIN     (1u << 15)  /* fewest entries worth a thread */

struct ent {
	uint64_t pfx;           /* 8 line bytes at the current depth, BE */
	uint32_t off;           /* line offset in the block */
	uint32_t len;
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

/* Compare two entries whose lines are equal before byte w and whose pfx
 * holds bytes [w, w+8) (zero past the end; lines hold no NUL). */
static int
cmp_from(const struct ent *x, const struct ent *y, size_t w,
    const unsigned char *base)
{
	size_t s = w + 8, m;
	int c;

	if (x->pfx != y->pfx)
		return x->pfx < y->pfx ? -1 : 1;
	if (x->len <= s || y->len <= s)
		return (x->len > y->len) - (x->len < y->len);
	m = (x->len < y->len ? x->len : y->len) - s;
	c = memcmp(base + x->off + s, base + y->off + s, m);
	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

static void
insertion(struct ent *a, size_t n, size_t w, const unsigned char *base)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct ent t = a[i];

		for (j = i; j > 0 && cmp_from(&a[j - 1], &t, w, base) > 0; j--)
			a[j] = a[j - 1];
		a[j] = t;
	}
}

static void
mergesort_ents(struct ent *a, struct ent *tmp, size_t n, size_t w,
    const unsigned char *base)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n <= SMALL) {
		insertion(a, n, w, base);
		return;
	}
	mergesort_ents(a, tmp, h, w, base);
	mergesort_ents(a + h, tmp + h, n - h, w, base);
	while (i < h && j < n)
		tmp[k++] = cmp_from(&a[j], &a[i], w, base) < 0 ? a[j++] :
		    a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof *a);
}

/* MSD radix sort of a[0, n), whose lines agree on bytes [0, depth). */
static void
rsort(struct ent *a, struct ent *tmp, size_t n, size_t depth,
    const unsigned char *base)
{
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
			insertion(a, n, depth & ~(size_t)7, base);
			return;
		}
		if (depth >= DEPTH_MAX) {
			mergesort_ents(a, tmp, n, depth & ~(size_t)7, base);
			return;
		}
		shift = 56 - 8 * (unsigned)(depth & 7);
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[(a[i].pfx >> shift) & 255]++;
		b = (a[0].pfx >> shift) & 255;
		if (count[b] != n)
			break;
		if (b == 0)
			return;         /* all lines end here: all equal */
		depth++;
	}
	start[0] = 0;
	for (b = 1; b < 256; b++)
		start[b] = start[b - 1] + count[b - 1];
	for (i = 0; i < n; i++)
		tmp[start[(a[i].pfx >> shift) & 255]++] = a[i];
	memcpy(a, tmp, n * sizeof *a);
	/* Bucket 0 holds lines that end at depth: equal, already done. */
	for (b = 1, i = count[0]; b < 256; i += count[b], b++)
		if (count[b] > 1)
			rsort(a + i, tmp + i, count[b], depth + 1, base);
}

struct job {
	struct ent *a, *tmp;
	size_t n;
	const unsigned char *base;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;

	rsort(j->a, j->tmp, j->n, 0, j->base);
	return NULL;
}

/* ---- merge sources ---- */

enum { S_MEM, S_RUN, S_IN };

struct src {
	int kind;
	size_t idx;             /* tie-break: lower first */
	const char *line;
	size_t len;
	uint64_t pfx;           /* first 8 bytes of line, big-endian */
	/* S_MEM */
	const struct ent *e, *end;
	const unsigned char *base;
	/* S_RUN */
	int fd, eof;
	char *buf;
	size_t cap, pos, lim;
	const char *path;
	/* S_IN */
	struct vi_ks_reader *rd;
	struct vi_ks_order ord;
	struct vi_ks_rec rec;
};

struct sorter {
	const struct vi_sort_opts *o;
	struct vi_error *e;
	unsigned char *blk;
	size_t blksz, used, n;
	const char **runs;      /* run paths, owned by vi_tmp */
	size_t nruns, caprun;
	uint32_t nkeys;
	int has_hash;           /* -1 unknown */
	size_t runbuf;
};

/* After the error is recorded: the file it concerns.  Returns -1. */
static int
set_where(struct sorter *s, const char *name, int output)
{
	return vi_error_at(s->e, output ? VI_ERR_OUTPUT : VI_ERR_INPUT, name);
}

static int
run_next(struct src *s, struct sorter *so)
{
	char *nl;

	for (;;) {
		nl = memchr(s->buf + s->pos, '\n', s->lim - s->pos);
		if (nl != NULL) {
			s->line = s->buf + s->pos;
			s->len = (size_t)(nl - s->line);
			s->pos += s->len + 1;
			return 1;
		}
		if (s->eof) {
			if (s->pos != s->lim) {
				vi_error_set(so->e, VI_EX_SOFTWARE, 0,
				    0, 0, "run file ends without a newline");
				return set_where(so, s->path, 0);
			}
			return 0;
		}
		if (s->pos > 0) {
			memmove(s->buf, s->buf + s->pos, s->lim - s->pos);
			s->lim -= s->pos;
			s->pos = 0;
		}
		if (s->lim == s->cap) {
			s->cap *= 2;
			s->buf = vi_xrealloc(s->buf, s->cap);
		}
		for (;;) {
			ssize_t k = read(s->fd, s->buf + s->lim,
			    s->cap - s->lim);

			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				vi_error_set(so->e, VI_EX_IOERR, errno,
				    0, 0, "read error");
				return set_where(so, s->path, 0);
			}
			if (k == 0)
				s->eof = 1;
			s->lim += (size_t)k;
			break;
		}
	}
}

/* Check that a record from input rd agrees with the others in shape. */
static int
check_shape(struct sorter *so, struct vi_ks_reader *rd,
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

/* 1: s->line set; 0: exhausted; -1: error. */
static int
src_next(struct src *s, struct sorter *so)
{
	int rc;

	switch (s->kind) {
	case S_MEM:
		if (s->e == s->end)
			return 0;
		/* The lines are scattered over the block: fetch ahead. */
		if (s->end - s->e > 8)
			__builtin_prefetch(s->base + s->e[8].off);
		s->line = (const char *)s->base + s->e->off;
		s->len = s->e->len;
		s->e++;
		return 1;
	case S_RUN:
		return run_next(s, so);
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
		s->line = s->rec.line;
		s->len = s->rec.linelen;
		return 1;
	}
}

static int
less(const struct src *a, const struct src *b)
{
	int c;

	if (a->pfx != b->pfx)
		return a->pfx < b->pfx;
	if (a->len <= 8 || b->len <= 8)
		c = (a->len > b->len) - (a->len < b->len);
	else
		c = vi_ks_linecmp(a->line + 8, a->len - 8, b->line + 8,
		    b->len - 8);
	return c < 0 || (c == 0 && a->idx < b->idx);
}

/* src_next, then the prefix of the new line. */
static int
src_adv(struct src *s, struct sorter *so)
{
	int rc = src_next(s, so);

	if (rc > 0)
		s->pfx = load_pfx((const unsigned char *)s->line, s->len);
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
merge(struct sorter *so, struct src *srcs, size_t k, struct vi_ks_writer *w,
    const char *wname, int wout)
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

		if (vi_ks_write_line(w, t->line, t->len, so->e) < 0) {
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

/* ---- runs ---- */

static void
run_open(struct sorter *so, struct src *s, const char *path)
{
	memset(s, 0, sizeof *s);
	s->kind = S_RUN;
	s->path = path;
	s->cap = so->runbuf;
	s->buf = vi_xmalloc(s->cap);
	s->fd = vi_input_open_rdonly(path);
}

static void
src_free(struct src *s)
{
	if (s->kind == S_RUN) {
		if (s->fd >= 0)
			close(s->fd);
		free(s->buf);
	} else if (s->kind == S_IN) {
		vi_ks_order_free(&s->ord);
	}
}

/* A new empty run file, opened for writing as a text stream. */
static struct vi_ks_writer *
run_create(struct sorter *so, const char **path)
{
	struct vi_ks_writer *w;
	const char *dir = vi_tmp_dir(so->o->tmpdir);
	int fd = vi_tmp_create(dir, "vi-sort", path, so->e);

	if (fd < 0) {
		set_where(so, dir, 0);
		return NULL;
	}
	w = vi_ks_writer_open(fd, 1, *path, VI_KS_TEXT, NULL);
	if (so->nruns == so->caprun) {
		so->caprun = so->caprun ? so->caprun * 2 : 16;
		so->runs = vi_xreallocarray(so->runs, so->caprun,
		    sizeof *so->runs);
	}
	so->runs[so->nruns++] = *path;
	return w;
}

static int
run_finish(struct sorter *so, struct vi_ks_writer *w, const char *path,
    int rc)
{
	if (vi_ks_writer_close(w, rc == 0 ? so->e : NULL) < 0 && rc == 0) {
		set_where(so, path, 0);
		rc = -1;
	}
	return rc;
}

/* Sort the block and write it to w (a run, or the output). */
static int
flush_block(struct sorter *so, struct vi_ks_writer *w, const char *wname,
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

	if (parts > 64)
		parts = 64;
	while (parts > 1 && so->n / parts < PAR_MIN)
		parts--;
	for (i = 0; i < parts; i++) {
		size_t lo = so->n * i / parts, hi = so->n * (i + 1) / parts;

		jobs[i].a = a + lo;
		jobs[i].tmp = tmp + lo;
		jobs[i].n = hi - lo;
		jobs[i].base = so->blk;
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
		srcs[i].base = so->blk;
	}
	rc = merge(so, srcs, parts, w, wname, wout);
	so->n = 0;
	so->used = 0;
	return rc;
}

static int
spill(struct sorter *so)
{
	const char *path;
	struct vi_ks_writer *w = run_create(so, &path);

	if (w == NULL)
		return -1;
	return run_finish(so, w, path, flush_block(so, w, path, 0));
}

static int
add(struct sorter *so, const char *line, size_t len)
{
	struct ent *e;
	size_t need = len + 16 + 2 * sizeof(struct ent);

	if (len > UINT32_MAX)
		return vi_error_set(so->e, VI_EX_DATAERR, 0, 0, 0,
		    "record longer than 4 GiB");
	if (so->blksz - so->used - 2 * sizeof(struct ent) * so->n < need) {
		if (so->n > 0 && spill(so) < 0)
			return -1;
		if (so->blksz < need) {
			/* One record bigger than the budget: make room. */
			free(so->blk);
			so->blksz = (need + 15) & ~(size_t)15;
			so->blk = vi_xmalloc(so->blksz);
		}
	}
	memcpy(so->blk + so->used, line, len);
	e = (struct ent *)(so->blk + so->blksz) - ++so->n;
	e->pfx = load_pfx((const unsigned char *)line, len);
	e->off = (uint32_t)so->used;
	e->len = (uint32_t)len;
	so->used += len;
	return 0;
}

static void
sorter_init(struct sorter *so, const struct vi_sort_opts *o,
    struct vi_error *e)
{
	memset(so, 0, sizeof *so);
	so->o = o;
	so->e = e;
	so->has_hash = -1;
}

static void
sorter_free(struct sorter *so)
{
	size_t i;

	for (i = 0; i < so->nruns; i++)
		vi_tmp_remove(so->runs[i]);
	free(so->runs);
	free(so->blk);
}

/* Merge runs until at most fanin are left, then merge the rest (and any
 * extra sources) into out. */
static int
merge_runs(struct sorter *so, struct vi_ks_writer *out, const char *oname)
{
	size_t fanin = so->o->fanin ? so->o->fanin : VI_SORT_FANIN, i, k;
	struct src *srcs;
	int rc = 0;

	if (fanin < 2)
		fanin = 2;
	so->runbuf = so->o->mem / (fanin + 1);
	if (so->runbuf > RUN_BUFSZ)
		so->runbuf = RUN_BUFSZ;
	if (so->runbuf < 4096)
		so->runbuf = 4096;
	srcs = vi_xcalloc(fanin, sizeof *srcs);
	for (;;) {
		struct vi_ks_writer *w = out;
		const char *wname = oname, *path = NULL;
		size_t first;

		/* As GNU sort does: merge just enough runs first that the
		 * rest can be merged in one go. */
		k = so->nruns <= fanin ? so->nruns :
		    (so->nruns - fanin + 1 < fanin ? so->nruns - fanin + 1 :
		    fanin);
		first = 0;
		for (i = 0; i < k; i++) {
			run_open(so, &srcs[i], so->runs[first + i]);
			if (srcs[i].fd < 0) {
				vi_error_set(so->e, VI_EX_IOERR, errno, 0, 0,
				    "cannot reopen run file");
				rc = set_where(so, so->runs[first + i], 0);
				k = i;
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
vi_sort(struct vi_ks_reader **in, size_t n, struct vi_ks_writer *out,
    const struct vi_sort_opts *o, struct vi_error *e)
{
	struct sorter so;
	struct vi_ks_rec r;
	size_t i;
	int rc = 0;

	sorter_init(&so, o, e);
	so.blksz = o->mem;
	if (so.blksz > (16u << 20))
		so.blksz -= 4u << 20;   /* the buffers outside the block */
	if (so.blksz < VI_SORT_MIN_MEM)
		so.blksz = VI_SORT_MIN_MEM;
	if (so.blksz > (size_t)UINT32_MAX)
		so.blksz = (size_t)UINT32_MAX;
	so.blksz &= ~(size_t)15;
	so.blk = vi_xmalloc(so.blksz);
	for (i = 0; i < n && rc == 0; i++) {
		int k;

		while ((k = vi_ks_read(in[i], &r, e)) > 0) {
			if (check_shape(&so, in[i], &r) < 0 ||
			    add(&so, r.line, r.linelen) < 0) {
				rc = -1;
				break;
			}
		}
		if (k < 0) {
			set_where(&so, vi_ks_reader_name(in[i]), 0);
			rc = -1;
		}
	}
	if (rc == 0) {
		if (so.nruns == 0) {
			rc = flush_block(&so, out, "", 1);
		} else {
			if (so.n > 0)
				rc = spill(&so);
			free(so.blk);
			so.blk = NULL;
			if (rc == 0)
				rc = merge_runs(&so, out, "");
		}
	}
	sorter_free(&so);
	return rc;
}

int
vi_sort_merge(struct vi_ks_reader **in, size_t n, struct vi_ks_writer *out,
    const struct vi_sort_opts *o, struct vi_error *e)
{
	size_t fanin = o->fanin ? o->fanin : VI_SORT_FANIN, i = 0, k;
	struct sorter so;
	struct src *srcs;
	int rc = 0;

	sorter_init(&so, o, e);
	if (fanin < 2)
		fanin = 2;
	srcs = vi_xcalloc(fanin, sizeof *srcs);
	/* Inputs beyond the fan-in are merged into runs first. */
	while (rc == 0 && i < n) {
		struct vi_ks_writer *w = out;
		const char *path = "-";

		k = n - i < fanin ? n - i : fanin;
		if (i + k < n || so.nruns > 0) {
			w = run_create(&so, &path);
			if (w == NULL) {
				rc = -1;
				break;
			}
		}
		memset(srcs, 0, fanin * sizeof *srcs);
		for (size_t j = 0; j < k; j++) {
			srcs[j].kind = S_IN;
			srcs[j].rd = in[i + j];
			vi_ks_order_init(&srcs[j].ord);
		}
		rc = merge(&so, srcs, k, w, path, w == out);
		for (size_t j = 0; j < k; j++)
			src_free(&srcs[j]);
		if (w != out)
			rc = run_finish(&so, w, path, rc);
		i += k;
	}
	free(srcs);
	if (rc == 0 && so.nruns > 0) {
		so.o = o;
		rc = merge_runs(&so, out, "");
	}
	sorter_free(&so);
	return rc;
}

int
vi_sort_check(struct vi_ks_reader *in, struct vi_error *e)
{
	struct vi_ks_order ord;
	struct vi_ks_rec r;
	int k, rc = 0;

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
