/* vi_diff.c - the vi-diff engine (see vi_diff.h). */
#include "vi_diff.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_colspec.h"
#include "vi_keystream.h"
#include "vi_presence.h"
#include "vi_progress.h"
#include "vi_rowkey.h"
#include "vi_sort.h"
#include "vi_tmp.h"

#define IDX_ENTRY 16            /* u64 offset, u64 length, little-endian */
#define WBUF (1u << 20)

/* A buffered writer on a temporary file (the row index, the spool). */
struct wfile {
	int fd;
	unsigned char *b;
	size_t n;
	uint64_t off;           /* bytes written so far, buffered included */
	int err;                /* errno of the first failed write */
};

struct input {
	const char *path;
	struct vi_csv *c;
	const struct vi_field *hdr;
	size_t nhdr;
	int regular;            /* records can be read again from c's fd */
	size_t *keycols;
	size_t *cmpcols;        /* the compared columns' indexes here */
	struct vi_rowkey *rk;

	int pipefd[2];
	int idx_fd, spool_fd, sorted_fd;
	struct wfile idx, spool;
	uint64_t next_number;   /* the next row the index expects */

	pthread_t pt, st;
	int pt_on, st_on;
	int prc, src;
	struct vi_error pe, se;
	size_t mem, nkeys;
	const char *tmpdir;

	struct vi_csv *fetch;   /* reads single records again */
	struct vi_field *vals;  /* the compared values of the fetched row */
	struct vi_diff_file file;
};

struct vi_diff {
	size_t n;
	struct input *in;
	struct vi_diff_opts o;
	size_t nkeys, ncols;
	struct vi_diff_info info;
	struct vi_field *key_names;
	struct vi_diff_column *cols;
	struct vi_diff_missing *missing;
	size_t nmissing;
	struct vi_diff_file *files;

	struct vi_presence *pr;
	/* The current item's storage. */
	struct vi_field *key;
	char *keybuf;
	size_t keycap;
	size_t *diff;
	const struct vi_field **values;
	int scanned;
};

/* ---- small helpers ---- */

static int
field_eq(const struct vi_field *a, const struct vi_field *b)
{
	return a->n == b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
}

static int
wfile_flush(struct wfile *w)
{
	size_t put = 0;

	while (put < w->n && w->err == 0) {
		ssize_t k = write(w->fd, w->b + put, w->n - put);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			w->err = errno;
		else
			put += (size_t)k;
	}
	w->n = 0;
	return w->err ? -1 : 0;
}

static void
wfile_add(struct wfile *w, const void *p, size_t n)
{
	const unsigned char *s = p;

	w->off += n;
	while (n > 0) {
		size_t k = WBUF - w->n < n ? WBUF - w->n : n;

		memcpy(w->b + w->n, s, k);
		w->n += k;
		s += k;
		n -= k;
		if (w->n == WBUF)
			wfile_flush(w);
	}
}

static void
put_u64(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* A temporary file, unlinked at once: nothing can be left behind. */
static int
anon_tmp(const char *dir, const char *what, struct vi_error *e)
{
	const char *path;
	int fd = vi_tmp_create(dir, what, &path, e);

	if (fd < 0) {
		vi_error_at(e, VI_ERR_OUTPUT, dir);
		return -1;
	}
	vi_tmp_remove(path);
	return fd;
}

/* ---- matching the headers ---- */

struct named {
	const struct vi_field *name;
	size_t idx;
};

static int
named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	size_t n = x->name->n < y->name->n ? x->name->n : y->name->n;
	int c = n ? memcmp(x->name->p, y->name->p, n) : 0;

	if (c != 0)
		return c;
	if (x->name->n != y->name->n)
		return x->name->n < y->name->n ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The first non-key column of in named name, or SIZE_MAX. */
static size_t
lookup(const struct named *t, size_t nt, const struct vi_field *name)
{
	size_t lo = 0, hi = nt;
	struct named k = { name, 0 };

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (named_cmp(&t[mid], &k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nt && field_eq(t[lo].name, name) ? t[lo].idx : SIZE_MAX;
}

static int
is_key(const struct input *in, size_t nkeys, size_t col)
{
	size_t k;

	for (k = 0; k < nkeys; k++)
		if (in->keycols[k] == col)
			return 1;
	return 0;
}

/* A table of in's non-key columns by name, for lookup(). */
static struct named *
name_table(const struct input *in, size_t nkeys, size_t *nt)
{
	struct named *t = vi_xcalloc(in->nhdr + 1, sizeof *t);
	size_t i, n = 0;

	for (i = 0; i < in->nhdr; i++)
		if (!is_key(in, nkeys, i)) {
			t[n].name = &in->hdr[i];
			t[n++].idx = i;
		}
	qsort(t, n, sizeof *t, named_cmp);
	*nt = n;
	return t;
}

/* Resolve list (for option opt) against in's header; *idx gets the
 * indexes.  The count, or -1 with e set naming the file. */
static long
resolve(const struct input *in, const char *opt, const char *list,
    size_t **idx, struct vi_error *e)
{
	struct vi_colspec cs;
	long n;

	if (vi_colspec_parse(&cs, opt, list, e) < 0 ||
	    vi_colspec_resolve(&cs, in->hdr, in->nhdr, in->nhdr, e) < 0) {
		vi_colspec_free(&cs);
		return vi_error_at(e, VI_ERR_INPUT, in->path);
	}
	*idx = vi_xcalloc(cs.n + 1, sizeof **idx);
	memcpy(*idx, cs.idx, cs.n * sizeof **idx);
	n = (long)cs.n;
	vi_colspec_free(&cs);
	return n;
}

/* Which of the first input's columns (not keys) the selection keeps:
 * sel[i] for header column i. */
static int
selection(struct vi_diff *d, unsigned char **selp, struct vi_error *e)
{
	const struct input *in0 = &d->in[0];
	unsigned char *sel = vi_xcalloc(in0->nhdr + 1, 1);
	size_t *idx = NULL, i;
	long n;

	if (d->o.columns != NULL) {
		if ((n = resolve(in0, "--columns", d->o.columns, &idx, e)) < 0)
			goto fail;
		for (i = 0; i < (size_t)n; i++)
			sel[idx[i]] = 1;
		free(idx);
		idx = NULL;
	} else {
		memset(sel, 1, in0->nhdr);
	}
	if (d->o.ignore != NULL) {
		if ((n = resolve(in0, "--ignore-columns", d->o.ignore, &idx,
		    e)) < 0)
			goto fail;
		for (i = 0; i < (size_t)n; i++)
			sel[idx[i]] = 0;
		free(idx);
	}
	for (i = 0; i < in0->nhdr; i++)
		if (is_key(in0, d->nkeys, i))
			sel[i] = 0;
	*selp = sel;
	return 0;
fail:
	free(sel);
	return -1;
}

/* Key columns in every input, then the compared columns: the first input's
 * selected non-key columns, in its order, that every input has (by name,
 * the first of equal names); the others, and the other inputs' columns the
 * first lacks (unless a selection leaves them out), are "missing". */
static int
match_columns(struct vi_diff *d, struct vi_error *e)
{
	struct named **tab = vi_xcalloc(d->n, sizeof *tab);
	size_t *nt = vi_xcalloc(d->n, sizeof *nt), i, j, c;
	unsigned char *sel = NULL;
	int rc = -1;

	for (i = 0; i < d->n; i++) {
		long k = resolve(&d->in[i], "-k", d->o.key, &d->in[i].keycols,
		    e);

		if (k < 0)
			goto out;
		if (i == 0) {
			d->nkeys = (size_t)k;
		} else if ((size_t)k != d->nkeys) {
			vi_error_set(e, VI_EX_USAGE, 0, 0, 0, "-k selects %ld "
			    "columns here but %zu in %s", k, d->nkeys,
			    d->in[0].path);
			vi_error_at(e, VI_ERR_INPUT, d->in[i].path);
			goto out;
		}
		tab[i] = name_table(&d->in[i], d->nkeys, &nt[i]);
	}
	if (d->nkeys > UINT32_MAX) {
		vi_error_set(e, VI_EX_USAGE, 0, 0, 0, "too many key columns");
		goto out;
	}
	if (selection(d, &sel, e) < 0)
		goto out;
	d->key_names = vi_xcalloc(d->nkeys + 1, sizeof *d->key_names);
	for (j = 0; j < d->nkeys; j++)
		d->key_names[j] = d->in[0].hdr[d->in[0].keycols[j]];
	for (i = 0; i < d->n; i++)
		d->in[i].cmpcols = vi_xcalloc(d->in[0].nhdr + 1,
		    sizeof *d->in[i].cmpcols);
	d->cols = vi_xcalloc(d->in[0].nhdr + 1, sizeof *d->cols);
	d->missing = vi_xcalloc(1, sizeof *d->missing);
	for (c = 0; c < d->in[0].nhdr; c++) {
		const struct vi_field *name = &d->in[0].hdr[c];
		int all = 1;

		/* Only the first column of a name counts. */
		if (!sel[c] || lookup(tab[0], nt[0], name) != c)
			continue;
		for (i = 1; i < d->n; i++)
			if (lookup(tab[i], nt[i], name) == SIZE_MAX)
				all = 0;
		if (all) {
			for (i = 0; i < d->n; i++)
				d->in[i].cmpcols[d->ncols] = i == 0 ? c :
				    lookup(tab[i], nt[i], name);
			d->cols[d->ncols++].name = *name;
			continue;
		}
		d->missing = vi_xreallocarray(d->missing, d->nmissing + 1,
		    sizeof *d->missing);
		d->missing[d->nmissing].name = *name;
		d->missing[d->nmissing].absent = vi_xcalloc(d->n, 1);
		for (i = 1; i < d->n; i++)
			d->missing[d->nmissing].absent[i] =
			    lookup(tab[i], nt[i], name) == SIZE_MAX;
		d->nmissing++;
	}
	/* Columns of later inputs that the first lacks; with --columns only
	 * the selected names are of interest. */
	for (i = 1; i < d->n && d->o.columns == NULL; i++) {
		for (c = 0; c < d->in[i].nhdr; c++) {
			const struct vi_field *name = &d->in[i].hdr[c];
			size_t m, k;
			int seen = 0;

			if (is_key(&d->in[i], d->nkeys, c) ||
			    lookup(tab[i], nt[i], name) != c ||
			    lookup(tab[0], nt[0], name) != SIZE_MAX)
				continue;
			for (m = 0; m < d->nmissing && !seen; m++)
				seen = field_eq(&d->missing[m].name, name);
			if (seen)
				continue;
			d->missing = vi_xreallocarray(d->missing,
			    d->nmissing + 1, sizeof *d->missing);
			d->missing[d->nmissing].name = *name;
			d->missing[d->nmissing].absent = vi_xcalloc(d->n, 1);
			for (k = 0; k < d->n; k++)
				d->missing[d->nmissing].absent[k] =
				    lookup(tab[k], nt[k], name) == SIZE_MAX;
			d->nmissing++;
		}
	}
	rc = 0;
out:
	for (i = 0; i < d->n; i++)
		free(tab[i]);
	free(tab);
	free(nt);
	free(sel);
	return rc;
}

/* ---- opening ---- */

struct vi_diff *
vi_diff_open(const char *const *paths, size_t n, const struct vi_diff_opts *o,
    struct vi_error *e)
{
	struct vi_diff *d = vi_xcalloc(1, sizeof *d);
	size_t i;

	d->n = n;
	d->o = *o;
	d->in = vi_xcalloc(n, sizeof *d->in);
	d->files = vi_xcalloc(n, sizeof *d->files);
	for (i = 0; i < n; i++) {
		struct input *in = &d->in[i];

		in->path = paths[i];
		in->idx_fd = in->spool_fd = in->sorted_fd = -1;
		in->pipefd[0] = in->pipefd[1] = -1;
	}
	for (i = 0; i < n; i++) {
		struct input *in = &d->in[i];
		uint64_t size;

		if ((in->c = vi_csv_open(in->path, &o->d, e)) == NULL) {
			vi_error_at(e, VI_ERR_INPUT, in->path);
			goto fail;
		}
		in->hdr = vi_csv_header(in->c, &in->nhdr);
		vi_csv_fd(in->c, &in->regular, &size);
	}
	if (match_columns(d, e) < 0)
		goto fail;
	/* One progress line for the inputs read together (pass 1). */
	{
		uint64_t total = 0, size;
		int regular;
		char nm[64];

		for (i = 0; i < n; i++) {
			vi_csv_fd(d->in[i].c, &regular, &size);
			if (size == 0 || total == UINT64_MAX)
				total = UINT64_MAX;     /* a pipe: unknown */
			else
				total += size;
		}
		snprintf(nm, sizeof nm, "%zu inputs", n);
		vi_progress_begin_many(nm, total == UINT64_MAX ? 0 : total,
		    (unsigned)n);
	}
	d->info.n = n;
	d->info.nkeys = d->nkeys;
	d->info.key_names = d->key_names;
	d->info.ncols = d->ncols;
	d->info.cols = d->cols;
	d->info.nmissing = d->nmissing;
	d->info.missing = d->missing;
	d->info.files = d->files;
	return d;
fail:
	vi_diff_close(d);
	return NULL;
}

/* ---- pass 1 ---- */

/* Note where record r is (and spool it when the input is a pipe). */
static void
index_record(struct input *in, const struct vi_record *r)
{
	unsigned char ent[IDX_ENTRY];
	uint64_t off;

	/* Records rejected in lenient mode leave holes. */
	memset(ent, 0, sizeof ent);
	while (in->next_number < r->number) {
		wfile_add(&in->idx, ent, sizeof ent);
		in->next_number++;
	}
	if (in->regular) {
		off = r->byte - 1;
	} else {
		off = in->spool.off;
		wfile_add(&in->spool, r->raw, r->raw_len);
	}
	put_u64(ent, off);
	put_u64(ent + 8, r->raw_len);
	wfile_add(&in->idx, ent, sizeof ent);
	in->next_number++;
}

static void *
produce(void *arg)
{
	struct input *in = arg;
	struct vi_ks_header h = { VI_KS_F_HASH, 0, NULL, NULL };
	struct vi_ks_writer *w;
	struct vi_record r;
	const char *const *kp;
	const size_t *kl;
	int rc, cut = 0;

	h.nkeys = (uint32_t)in->nkeys;
	w = vi_ks_writer_open(in->pipefd[1], 1, in->path, VI_KS_BINARY, &h);
	in->pipefd[1] = -1;
	in->next_number = 1;
	while ((rc = vi_csv_next(in->c, &r, &in->pe)) > 0) {
		vi_rowkey_key(in->rk, &r, &kp, &kl);
		index_record(in, &r);
		if (vi_ks_write_fields(w, in->nkeys, kp, kl, 1,
		    vi_rowkey_rowhash(in->rk, &r), r.number, NULL, 0,
		    &in->pe) < 0) {
			cut = 1;
			rc = -1;
			break;
		}
	}
	if (rc < 0 && !cut)
		vi_error_at(&in->pe, VI_ERR_INPUT, in->path);
	if (rc == 0 && (wfile_flush(&in->idx) < 0 ||
	    wfile_flush(&in->spool) < 0)) {
		vi_error_set(&in->pe, VI_EX_IOERR, in->idx.err ? in->idx.err :
		    in->spool.err, 0, 0, "write error on a temporary file");
		vi_error_at(&in->pe, VI_ERR_OUTPUT, vi_tmp_dir(in->tmpdir));
		rc = -1;
	}
	if (rc == 0 && vi_ks_writer_close(w, &in->pe) < 0) {
		cut = 1;
		rc = -1;
	} else if (rc < 0) {
		vi_ks_writer_abort(w);
	}
	/* A write to the pipe fails with EPIPE when the sorter went away: its
	 * error says why.  Any other failure is this side's. */
	if (cut && in->pe.errnum == EPIPE)
		in->pe.status = 0;
	else if (cut)
		vi_error_at(&in->pe, VI_ERR_OUTPUT, "the pipe to the sorter");
	in->file.csv = *vi_csv_info(in->c);
	in->prc = rc;
	return NULL;
}

static void *
sort_one(void *arg)
{
	struct input *in = arg;
	struct vi_sort_opts so;
	struct vi_ks_reader *rd;
	struct vi_ks_writer *w;
	int fd = in->pipefd[0];

	in->pipefd[0] = -1;
	so.mem = in->mem;
	so.tmpdir = in->tmpdir;
	so.threads = 1;
	so.fanin = 0;
	if ((rd = vi_ks_reader_open(fd, 1, in->path, &in->se)) == NULL) {
		in->src = -1;
		return NULL;
	}
	/* Even an empty input makes a header: no byte at all means the
	 * parsing thread failed. */
	if (vi_ks_reader_require_data(rd, &in->se) < 0) {
		vi_ks_reader_close(rd);
		in->src = -1;
		return NULL;
	}
	w = vi_ks_writer_open(in->sorted_fd, 0, "temporary file",
	    VI_KS_BINARY, NULL);
	in->src = vi_sort(&rd, 1, w, &so, &in->se);
	if (in->src == 0)
		in->src = vi_ks_writer_close(w, &in->se);
	else
		vi_ks_writer_abort(w);
	vi_ks_reader_close(rd);
	return NULL;
}

static int
start(struct input *in, struct vi_error *e)
{
	sigset_t all, old;
	int rc = 0;

	if (pipe(in->pipefd) < 0)
		return vi_error_set(e, VI_EX_IOERR, errno, 0, 0,
		    "cannot make a pipe");
	/* The threads take no signal: the main thread's handlers remove the
	 * temporary files. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	if (pthread_create(&in->st, NULL, sort_one, in) != 0)
		rc = vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "cannot start a thread");
	else
		in->st_on = 1;
	if (rc == 0 && pthread_create(&in->pt, NULL, produce, in) != 0)
		rc = vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "cannot start a thread");
	else if (rc == 0)
		in->pt_on = 1;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

/* Wait for in's threads; pipes still open are closed first, so that a
 * thread never waits for one that did not start. */
static void
join(struct input *in)
{
	if (in->pt_on) {
		pthread_join(in->pt, NULL);
		in->pt_on = 0;
	} else if (in->pipefd[1] >= 0) {
		close(in->pipefd[1]);
		in->pipefd[1] = -1;
	}
	if (in->st_on) {
		pthread_join(in->st, NULL);
		in->st_on = 0;
	}
	if (in->pipefd[0] >= 0) {
		close(in->pipefd[0]);
		in->pipefd[0] = -1;
	}
}

/* The first error of in's threads: the reader's before the sorter's (a
 * sorter fails after its producer did, as a consequence). */
static int
thread_error(struct input *in, struct vi_error *e)
{
	if (in->prc < 0 && in->pe.status != 0) {
		*e = in->pe;
		return -1;
	}
	if (in->src < 0) {
		*e = in->se;
		if (e->side == VI_ERR_INPUT)
			vi_error_at(e, VI_ERR_INPUT, in->path);
		return -1;
	}
	if (in->prc < 0) {
		vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "internal error: the key stream of this input was cut");
		return vi_error_at(e, VI_ERR_INPUT, in->path);
	}
	return 0;
}

int
vi_diff_scan(struct vi_diff *d, struct vi_error *e)
{
	struct vi_ks_reader **rd;
	const char *dir = vi_tmp_dir(d->o.tmpdir);
	size_t i, mem = d->o.mem / d->n;
	int rc = 0;

	if (mem < VI_SORT_MIN_MEM)
		mem = VI_SORT_MIN_MEM;
	vi_tmp_init();
	for (i = 0; i < d->n && rc == 0; i++) {
		struct input *in = &d->in[i];

		in->nkeys = d->nkeys;
		in->mem = mem;
		in->tmpdir = d->o.tmpdir;
		in->rk = vi_rowkey_new(in->keycols, d->nkeys, in->cmpcols,
		    d->ncols, 0);
		if ((in->idx_fd = anon_tmp(dir, "vi-diff", e)) < 0 ||
		    (in->sorted_fd = anon_tmp(dir, "vi-diff", e)) < 0 ||
		    (!in->regular &&
		    (in->spool_fd = anon_tmp(dir, "vi-diff", e)) < 0)) {
			rc = -1;
			break;
		}
		in->idx.fd = in->idx_fd;
		in->idx.b = vi_xmalloc(WBUF);
		in->spool.fd = in->spool_fd;
		in->spool.b = in->regular ? NULL : vi_xmalloc(WBUF);
		rc = start(in, e);
	}
	for (i = 0; i < d->n; i++)
		join(&d->in[i]);
	for (i = 0; i < d->n && rc == 0; i++)
		rc = thread_error(&d->in[i], e);
	for (i = 0; i < d->n; i++) {
		free(d->in[i].idx.b);
		free(d->in[i].spool.b);
		d->in[i].idx.b = d->in[i].spool.b = NULL;
	}
	if (rc < 0)
		return -1;

	/* Pass 2 reads the sorted streams and the records again. */
	rd = vi_xcalloc(d->n, sizeof *rd);
	for (i = 0; i < d->n; i++) {
		struct input *in = &d->in[i];
		int fd = in->regular ? vi_csv_fd(in->c, &(int){ 0 },
		    &(uint64_t){ 0 }) : in->spool_fd;

		in->file.path = in->path;
		in->fetch = vi_csv_open_range(fd, in->path, &d->o.d, 0, 0, 0,
		    0, in->nhdr, e);
		in->vals = vi_xcalloc(d->ncols + 1, sizeof *in->vals);
		if (lseek(in->sorted_fd, 0, SEEK_SET) < 0 ||
		    (rd[i] = vi_ks_reader_open(in->sorted_fd, 1,
		    "temporary file", e)) == NULL) {
			if (e->status == 0)
				vi_error_set(e, VI_EX_IOERR, errno, 0, 0,
				    "cannot read a temporary file again");
			while (i > 0)
				vi_ks_reader_close(rd[--i]);
			free(rd);
			return -1;
		}
		in->sorted_fd = -1;     /* the reader's now */
	}
	d->pr = vi_pr_open(rd, d->n, VI_PR_ROWS, e);
	free(rd);
	if (d->pr == NULL)
		return -1;
	d->key = vi_xcalloc(d->nkeys + 1, sizeof *d->key);
	d->diff = vi_xcalloc(d->ncols + 1, sizeof *d->diff);
	d->values = vi_xcalloc(d->n, sizeof *d->values);
	d->scanned = 1;
	return 0;
}

/* ---- pass 2 ---- */

/* Decode the group's key into d->key. */
static void
decode_key(struct vi_diff *d, const char *k, size_t n)
{
	size_t i, start = 0, used = 0;

	if (d->keycap < n + 1) {
		d->keycap = n + 1;
		d->keybuf = vi_xrealloc(d->keybuf, d->keycap);
	}
	for (i = 0; i < d->nkeys; i++) {
		const char *tab = memchr(k + start, '\t', n - start);
		size_t len = tab != NULL ? (size_t)(tab - (k + start)) :
		    n - start;
		size_t m = vi_ks_unescape(d->keybuf + used, k + start, len);

		d->key[i].p = d->keybuf + used;
		d->key[i].n = m;
		used += m;
		start += len + 1;
	}
}

/* Read row back from input in; in->vals gets its compared values. */
static int
fetch(struct input *in, size_t ncols, uint64_t row, struct vi_error *e)
{
	unsigned char ent[IDX_ENTRY];
	struct vi_record r;
	uint64_t off, len;
	ssize_t k;
	size_t c;

	do
		k = pread(in->idx_fd, ent, sizeof ent,
		    (off_t)((row - 1) * IDX_ENTRY));
	while (k < 0 && errno == EINTR);
	if (k != (ssize_t)sizeof ent) {
		vi_error_set(e, VI_EX_IOERR, k < 0 ? errno : 0, 0, 0,
		    "cannot read the row index (a temporary file)");
		return vi_error_at(e, VI_ERR_INPUT, vi_tmp_dir(NULL));
	}
	off = get_u64(ent);
	len = get_u64(ent + 8);
	vi_csv_seek(in->fetch, off, off + len, 0, row - 1);
	k = vi_csv_next(in->fetch, &r, e);
	if (k < 0 && e->status == VI_EX_IOERR)
		return vi_error_at(e, VI_ERR_INPUT, in->path);
	if (k <= 0 || r.raw_len != len || r.number != row) {
		vi_error_set(e, VI_EX_DATAERR, 0, 0, off + 1, "record %llu "
		    "is not what it was when read first: the file changed "
		    "while vi-diff read it", (unsigned long long)row);
		return vi_error_at(e, VI_ERR_INPUT, in->path);
	}
	for (c = 0; c < ncols; c++)
		in->vals[c] = r.fields[in->cmpcols[c]];
	return 0;
}

static struct vi_field *
copy_fields(const struct vi_field *f, size_t n)
{
	struct vi_field *c = vi_xcalloc(n + 1, sizeof *c);
	size_t i;

	for (i = 0; i < n; i++)
		if (f[i].p != NULL) {
			c[i].p = vi_xmemdup(f[i].p, f[i].n);
			c[i].n = f[i].n;
		}
	return c;
}

static void
free_fields(struct vi_field *f, size_t n)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < n; i++)
		free((void *)f[i].p);
	free(f);
}

/* Compare the group's rows (one per input that has the key); fills
 * d->diff.  The number of differing columns, or -1. */
static long
compare(struct vi_diff *d, const struct vi_pr_group *g, struct vi_error *e)
{
	size_t i, c, ref = SIZE_MAX, nd = 0;

	for (i = 0; i < d->n; i++) {
		d->values[i] = NULL;
		if (g->counts[i] == 0)
			continue;
		if (fetch(&d->in[i], d->ncols, g->rows[i][0], e) < 0)
			return -1;
		d->values[i] = d->in[i].vals;
		if (ref == SIZE_MAX)
			ref = i;
	}
	for (c = 0; c < d->ncols; c++) {
		const struct vi_field *a = &d->values[ref][c];

		for (i = ref + 1; i < d->n; i++) {
			const struct vi_field *b;

			if (d->values[i] == NULL)
				continue;
			b = &d->values[i][c];
			if (!vi_vcmp_equal(&d->o.rules, a->p, a->n, b->p,
			    b->n))
				break;
		}
		if (i < d->n)
			d->diff[nd++] = c;
	}
	for (c = 0; c < nd; c++) {
		struct vi_diff_column *col = &d->cols[d->diff[c]];

		if (col->differ++ == 0) {
			struct vi_field *v = vi_xcalloc(d->n + 1, sizeof *v);

			col->ex_key = copy_fields(d->key, d->nkeys);
			for (i = 0; i < d->n; i++)
				if (d->values[i] != NULL)
					v[i] = d->values[i][d->diff[c]];
			col->ex_values = copy_fields(v, d->n);
			free(v);
		}
	}
	return (long)nd;
}

int
vi_diff_next(struct vi_diff *d, struct vi_diff_item *it, struct vi_error *e)
{
	struct vi_pr_group g;
	int rc;

	if (!d->scanned)
		return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "internal error: vi_diff_next before vi_diff_scan");
	while ((rc = vi_pr_next(d->pr, &g, e)) > 0) {
		size_t i;
		int dup = 0;
		long nd;

		d->info.keys++;
		if (g.in_all)
			d->info.in_all++;
		else
			d->info.not_in_all++;
		for (i = 0; i < d->n; i++)
			if (g.counts[i] > 1)
				dup = 1;
		memset(it, 0, sizeof *it);
		it->counts = g.counts;
		it->rows = g.rows;
		it->key = d->key;
		if (dup) {
			d->info.duplicate++;
			decode_key(d, g.key, g.keylen);
			it->kind = VI_DIFF_DUPLICATE;
			return 1;
		}
		if (g.nin >= 2)
			d->info.compared++;
		if (g.nin >= 2 && g.changed == 1) {
			decode_key(d, g.key, g.keylen);
			if ((nd = compare(d, &g, e)) < 0)
				return -1;
			if (nd > 0) {
				d->info.changed++;
				it->kind = VI_DIFF_CHANGED;
				it->ndiff = (size_t)nd;
				it->diff = d->diff;
				it->values = d->values;
				return 1;
			}
			d->info.rule_equal++;
		}
		if (!g.in_all) {
			decode_key(d, g.key, g.keylen);
			it->kind = VI_DIFF_ONLY;
			return 1;
		}
	}
	if (rc == 0) {
		const struct vi_pr_stats *st = vi_pr_stats(d->pr);
		size_t i;

		for (i = 0; i < d->n; i++) {
			d->files[i] = d->in[i].file;
			d->files[i].records = st->file[i].records;
			d->files[i].keys = st->file[i].keys;
			d->files[i].duplicate_keys =
			    st->file[i].duplicate_keys;
		}
	}
	return rc;
}

const struct vi_diff_info *
vi_diff_info(const struct vi_diff *d)
{
	return &d->info;
}

void
vi_diff_close(struct vi_diff *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		join(&d->in[i]);
	if (d->pr != NULL)
		vi_pr_close(d->pr);
	for (i = 0; i < d->n; i++) {
		struct input *in = &d->in[i];

		vi_csv_close(in->fetch);
		vi_csv_close(in->c);
		vi_rowkey_free(in->rk);
		if (in->idx_fd >= 0)
			close(in->idx_fd);
		if (in->spool_fd >= 0)
			close(in->spool_fd);
		if (in->sorted_fd >= 0)
			close(in->sorted_fd);
		free(in->idx.b);
		free(in->spool.b);
		free(in->keycols);
		free(in->cmpcols);
		free(in->vals);
	}
	for (i = 0; i < d->ncols; i++) {
		free_fields(d->cols[i].ex_key, d->nkeys);
		free_fields(d->cols[i].ex_values, d->n);
	}
	for (i = 0; i < d->nmissing; i++)
		free(d->missing[i].absent);
	free(d->missing);
	free(d->cols);
	free(d->key_names);
	free(d->key);
	free(d->keybuf);
	free(d->diff);
	free(d->values);
	free(d->files);
	free(d->in);
	free(d);
}
