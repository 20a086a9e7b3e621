/* vi_keys.c - the vi-keys job (see vi_keys.h). */
#include "vi_keys.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>   /* temp part to stdout without a user copy */
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_pscan.h"
#include "vi_rowkey.h"
#include "vi_sort.h"
#include "vi_tmp.h"

/* Make the rowkey from column lists already resolved for ncols columns.
 * Touches nothing shared, so part states may call it on their threads. */
static struct vi_rowkey *
make_rk(const struct vi_keys_opts *o, size_t ncols)
{
	struct vi_rowkey *rk;
	size_t *rest = NULL, nrest;

	if (o->no_hash)
		return vi_rowkey_new(o->key->idx, o->key->n, NULL, 0, o->norm);
	if (o->hash != NULL)
		return vi_rowkey_new(o->key->idx, o->key->n, o->hash->idx,
		    o->hash->n, o->norm);
	nrest = vi_rowkey_rest(o->key->idx, o->key->n, ncols, &rest);
	rk = vi_rowkey_new(o->key->idx, o->key->n, rest, nrest, o->norm);
	free(rest);
	return rk;
}

/* Resolve the column lists for an input of ncols columns (hdr NULL without
 * a header) and make the rowkey. */
static struct vi_rowkey *
setup(const struct vi_keys_opts *o, const struct vi_field *hdr, size_t nhdr,
    size_t ncols, struct vi_error *e)
{
	if (vi_colspec_resolve(o->key, hdr, nhdr, ncols, e) < 0)
		return NULL;
	if (!o->no_hash && o->hash != NULL &&
	    vi_colspec_resolve(o->hash, hdr, nhdr, ncols, e) < 0)
		return NULL;
	return make_rk(o, ncols);
}

/* The writer, with a binary header naming the key columns: their header
 * names, or the items of -k as given when the columns are not known yet. */
static struct vi_ks_writer *
writer(const struct vi_keys_opts *o, const struct vi_field *hdr, int known,
    int fd)
{
	struct vi_ks_header h;
	struct vi_ks_writer *w;
	size_t i, n = o->key->n;

	h.flags = (o->no_hash ? 0 : VI_KS_F_HASH) |
	    (o->sort != NULL ? VI_KS_F_SORTED : 0);
	h.nkeys = (uint32_t)n;
	h.source = vi_xstrdup(o->source);
	h.names = vi_xcalloc(n, sizeof *h.names);
	for (i = 0; i < n; i++)
		if (known) {
			h.names[i] = vi_xmemdup(hdr[o->key->idx[i]].p,
			    hdr[o->key->idx[i]].n);
		} else {
			char num[24];

			snprintf(num, sizeof num, "%zu", o->key->idx[i] + 1);
			h.names[i] = vi_xstrdup(num);
		}
	w = vi_ks_writer_open(fd, 0, o->source, o->enc, &h);
	if (o->sort != NULL)
		w = vi_sort_writer(w, o->sort, NULL);
	for (i = 0; i < n; i++)
		free(h.names[i]);
	free(h.names);
	free(h.source);
	return w;
}

/* ---- the threaded job ----
 *
 * vi_pscan cuts the file into parts, one per thread.  Every part's state
 * writes the key stream of its records, in the output's encoding (a whole
 * binary stream, checked when it is read back), to its own temporary file, with
 * row numbers relative to the part (vi_pscan numbers a part's records from
 * 1).  States are merged in file order by handing over the files and their
 * record counts; then the main thread writes the parts to fd in order
 * through one writer, adding to each row number the records of the parts
 * before it.  The first part needs no fix-up: for text output it is copied
 * as it is (sendfile).
 *
 * Temporary files are made on the main thread before the scan (vi_tmp is
 * not for other threads) and unlinked at once, so none can be left behind;
 * states take them from a pool under a mutex and give them back, emptied,
 * when they are freed unmerged (the scan may throw its parallel states away
 * and start again sequentially).
 */
struct part {
	int fd;
	uint64_t records;     /* the last (relative) record number seen */
};

struct pctx {
	const struct vi_keys_opts *o;
	size_t ncols;
	pthread_mutex_t mu;
	int *pool;
	size_t npool;
};

struct pstate {
	struct pctx *x;
	struct vi_rowkey *rk;
	struct vi_ks_writer *w;       /* NULL once flushed (merged) */
	struct part *parts;           /* in file order; the last is its own */
	size_t nparts;
	size_t labellen;
	int failed;                   /* a temp write failed: e says why */
	struct vi_error e;
};

static void *
p_create(void *arg, int origin)
{
	struct pctx *x = arg;
	struct pstate *s = vi_xcalloc(1, sizeof *s);
	int fd = -1;

	(void)origin;
	s->x = x;
	s->labellen = x->o->label ? strlen(x->o->label) : 0;
	pthread_mutex_lock(&x->mu);
	if (x->npool > 0)
		fd = x->pool[--x->npool];
	pthread_mutex_unlock(&x->mu);
	s->parts = vi_xcalloc(1, sizeof *s->parts);
	s->nparts = 1;
	s->parts[0].fd = fd;
	if (fd < 0) {
		s->failed = 1;
		vi_error_set(&s->e, VI_EX_SOFTWARE, 0, 0, 0,
		    "internal error: no temporary file for a part");
		return s;
	}
	s->rk = make_rk(x->o, x->ncols);
	s->w = vi_ks_writer_open(fd, 0, "temporary file", x->o->enc, NULL);
	return s;
}

static void
p_add(void *st, const struct vi_record *r)
{
	struct pstate *s = st;
	const struct vi_keys_opts *o = s->x->o;
	const char *const *kp;
	const size_t *kl;
	uint64_t hash = 0;

	s->parts[s->nparts - 1].records = r->number;
	if (s->failed)
		return;
	vi_rowkey_key(s->rk, r, &kp, &kl);
	if (o->shard_n > 1 && vi_shard_of(vi_rowkey_keyhash(s->rk),
	    o->shard_n) != o->shard_k)
		return;
	if (!o->no_hash)
		hash = vi_rowkey_rowhash(s->rk, r);
	if (vi_ks_write_fields(s->w, o->key->n, kp, kl, !o->no_hash, hash,
	    r->number, o->label, s->labellen, &s->e) < 0)
		s->failed = 1;
}

static void
p_block_end(void *st)
{
	(void)st;
}

/* Flush and close s's writer (not its file). */
static void
p_finish(struct pstate *s)
{
	if (s->w != NULL && vi_ks_writer_close(s->w, s->failed ? NULL :
	    &s->e) < 0)
		s->failed = 1;
	s->w = NULL;
}

static void
p_merge(void *dst, void *src)
{
	struct pstate *d = dst, *s = src;

	p_finish(s);
	if (s->failed && !d->failed) {
		d->failed = 1;
		d->e = s->e;
	}
	d->parts = vi_xreallocarray(d->parts, d->nparts + s->nparts,
	    sizeof *d->parts);
	memcpy(d->parts + d->nparts, s->parts, s->nparts * sizeof *s->parts);
	d->nparts += s->nparts;
	s->nparts = 0;      /* the files are d's now */
}

static void
p_free(void *st)
{
	struct pstate *s = st;
	size_t i;

	if (s == NULL)
		return;
	p_finish(s);
	/* Files not handed over go back to the pool, empty. */
	pthread_mutex_lock(&s->x->mu);
	for (i = 0; i < s->nparts; i++)
		if (s->parts[i].fd >= 0) {
			if (ftruncate(s->parts[i].fd, 0) < 0 ||
			    lseek(s->parts[i].fd, 0, SEEK_SET) < 0) {
				close(s->parts[i].fd);
				continue;
			}
			s->x->pool[s->x->npool++] = s->parts[i].fd;
		}
	pthread_mutex_unlock(&s->x->mu);
	vi_rowkey_free(s->rk);
	free(s->parts);
	free(s);
}

/* Copy a whole file to out: sendfile, or read/write where it cannot. */
static int
copy_all(int in, int out, struct vi_error *e)
{
	off_t off = 0;
	ssize_t n;
	char *buf;

	for (;;) {
		n = sendfile(out, in, &off, (size_t)1 << 30);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EINVAL || errno == ENOSYS)
				break;
			return vi_error_set(e, VI_EX_IOERR, errno, 0, 0,
			    "write error");
		}
	}
	buf = vi_xmalloc((size_t)1 << 20);
	for (;;) {
		ssize_t got = pread(in, buf, (size_t)1 << 20, off), put = 0;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(buf);
			return vi_error_set(e, VI_EX_IOERR, errno, 0, 0,
			    "read error on a temporary file");
		}
		if (got == 0)
			break;
		off += got;
		while (put < got) {
			ssize_t k = write(out, buf + put, (size_t)(got - put));

			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				free(buf);
				return vi_error_set(e, VI_EX_IOERR, errno, 0,
				    0, "write error");
			}
			put += k;
		}
	}
	free(buf);
	return 0;
}

/* Write one part's lines (text, LF-ended, as p_add wrote them) to w with
 * add added to every row number.  The META is what follows the last TAB:
 * HASH ':' ROWNUM [':' LABEL].  -1 with e set (74 write error, 70 if the
 * part is not what we wrote). */
static int
emit_part(int in, uint64_t add, struct vi_ks_writer *w, char **bufp,
    size_t *capp, char **linep, size_t *lcapp, struct vi_error *e)
{
	char *buf = *bufp, *nl, *tab, *p, *q, *end, digits[20];
	size_t have = 0, start, len, n, k, ll;
	off_t pos = 0;
	ssize_t got;
	uint64_t num;

	for (;;) {
		if (have == *capp) {
			buf = *bufp = vi_xreallocarray(buf, *capp, 2);
			*capp *= 2;
		}
		got = pread(in, buf + have, *capp - have, pos);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return vi_error_set(e, VI_EX_IOERR, errno, 0, 0,
			    "read error on a temporary file");
		pos += got;
		len = have + (size_t)got;
		for (start = 0; (nl = memchr(buf + start, '\n',
		    len - start)) != NULL; start = (size_t)(nl - buf) + 1) {
			p = buf + start;
			n = (size_t)(nl - p);
			for (tab = nl; tab > p && tab[-1] != '\t'; tab--)
				continue;
			if (tab == p || (q = memchr(tab, ':',
			    (size_t)(nl - tab))) == NULL)
				goto bad;
			for (num = 0, end = ++q; end < nl && *end != ':'; end++)
				num = num * 10 + (uint64_t)(*end - '0');
			num += add;
			k = 0;
			do {
				digits[k++] = (char)('0' + num % 10);
				num /= 10;
			} while (num);
			if (*lcapp < n + 20) {
				*lcapp = n + 64;
				*linep = vi_xrealloc(*linep, *lcapp);
			}
			memcpy(*linep, p, (size_t)(q - p));
			ll = (size_t)(q - p);
			while (k)
				(*linep)[ll++] = digits[--k];
			memcpy(*linep + ll, end, (size_t)(nl - end));
			ll += (size_t)(nl - end);
			if (vi_ks_write_line(w, *linep, ll, e) < 0)
				return -1;
		}
		if (got == 0) {
			if (start != len)
				goto bad;
			return 0;
		}
		memmove(buf, buf + start, len - start);
		have = len - start;
	}
bad:
	return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
	    "internal error: a temporary key stream is damaged");
}

/* A binary part (a whole stream, as p_add wrote it) to w, add added to
 * every row number: records are read without their text line and written
 * as they are.  -1 with e set (74 write error, 70 if the part is not what
 * we wrote). */
static int
emit_part_bin(int in, uint64_t add, struct vi_ks_writer *w,
    struct vi_error *e)
{
	struct vi_ks_reader *rd;
	struct vi_ks_rec r;
	int rc;

	if (lseek(in, 0, SEEK_SET) < 0 ||
	    (rd = vi_ks_reader_open(in, 0, "temporary file", e)) == NULL)
		return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "internal error: a temporary key stream cannot be read");
	vi_ks_reader_keys_only(rd);
	while ((rc = vi_ks_read(rd, &r, e)) > 0) {
		r.rownum += add;
		if (vi_ks_write(w, &r, e) < 0)
			break;
	}
	vi_ks_reader_close(rd);
	if (rc < 0)
		return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "internal error: a temporary key stream is damaged");
	return rc > 0 ? -1 : 0;
}

/* Write the parts of s to fd in order.  0, or -1 with e set (e->side says
 * which way).  Only
 * a complete scan (no data error after the parts) ends a binary stream with
 * its end record. */
static int
concat(struct pstate *s, const struct vi_keys_opts *o,
    const struct vi_field *hdr, int fd, int complete, struct vi_error *e)
{
	struct vi_ks_writer *w = writer(o, hdr, 1, fd);
	char *buf = NULL, *line = NULL;
	size_t cap = (size_t)4 << 20, lcap = 0, i;
	uint64_t add = 0;
	int ret = 0;

	buf = vi_xmalloc(cap);
	for (i = 0; i < s->nparts && ret == 0; i++) {
		if (i == 0 && o->enc == VI_KS_TEXT && o->sort == NULL) {
			if (copy_all(s->parts[0].fd, fd, e) < 0)
				ret = e->status == VI_EX_IOERR ?
				    vi_error_at(e, VI_ERR_OUTPUT, NULL) : -1;
		} else if (o->enc == VI_KS_BINARY ?
		    emit_part_bin(s->parts[i].fd, add, w, e) < 0 :
		    emit_part(s->parts[i].fd, add, w, &buf, &cap, &line,
		    &lcap, e) < 0) {
			ret = e->status == VI_EX_IOERR ?
			    vi_error_at(e, VI_ERR_OUTPUT, NULL) : -1;
		}
		add += s->parts[i].records;
	}
	free(buf);
	free(line);
	if (ret == 0 && complete) {
		if (vi_ks_writer_close(w, e) < 0)
			ret = vi_error_at(e, VI_ERR_OUTPUT, NULL);
	} else if (ret == 0) {
		struct vi_error fe;

		if (vi_ks_writer_flush(w, &fe) < 0) {
			*e = fe;
			ret = vi_error_at(e, VI_ERR_OUTPUT, NULL);
		}
		vi_ks_writer_abort(w);
	} else {
		vi_ks_writer_abort(w);
	}
	return ret;
}

/* The threaded job over a regular file with a header, strict. */
static int
run_par(struct vi_csv *c, const struct vi_keys_opts *o,
    const struct vi_field *hdr, size_t nhdr, int fd, struct vi_error *e)
{
	struct pctx x;
	struct vi_pscan_opts po = { o->jobs, o->block, 0, 0 };
	struct vi_pscan_ops ops = { NULL, p_create, p_add, p_block_end,
		p_merge, p_free };
	struct vi_pscan_result res;
	struct vi_error pe = { 0 };
	struct pstate *s;
	const char *path;
	size_t i, n = o->jobs > 64 ? 65 : o->jobs + 1;
	int prc, ret = 0;

	x.o = o;
	x.ncols = nhdr;
	x.pool = vi_xcalloc(n, sizeof *x.pool);
	x.npool = 0;
	pthread_mutex_init(&x.mu, NULL);
	for (i = 0; i < n; i++) {
		int t = vi_tmp_create(vi_tmp_dir(NULL), "vi-keys", &path, e);

		if (t < 0) {
			ret = vi_error_at(e, VI_ERR_OUTPUT, NULL);
			goto out;
		}
		vi_tmp_remove(path);        /* kept open, never left behind */
		x.pool[x.npool++] = t;
	}
	ops.arg = &x;
	prc = vi_pscan_run(c, o->d, &po, &ops, &res, &pe);
	if (o->info != NULL)
		*o->info = res.info;
	s = res.state;
	if (s != NULL) {
		p_finish(s);
		if (s->failed) {
			*e = s->e;
			ret = e->status == VI_EX_IOERR ?
			    vi_error_at(e, VI_ERR_OUTPUT, NULL) : -1;
		} else {
			/* After a data error, what came before it; nothing
			 * (not even a binary header) if no record did, as
			 * the sequential job does. */
			uint64_t before = 0;

			for (i = 0; i < s->nparts; i++)
				before += s->parts[i].records;
			if (prc == 0 || before > 0)
				ret = concat(s, o, hdr, fd, prc == 0, e);
		}
		for (i = 0; i < s->nparts; i++)
			close(s->parts[i].fd);
		s->nparts = 0;
		p_free(s);
	}
	if (prc < 0 && ret == 0) {
		*e = pe;
		ret = -1;
	}
out:
	for (i = 0; i < x.npool; i++)
		close(x.pool[i]);
	free(x.pool);
	pthread_mutex_destroy(&x.mu);
	return ret;
}

/* ---- the sequential job and a part (--part) ----
 *
 * One writer, opened once the columns are known to exist (so that a usage
 * error writes nothing, not even a binary header), fed record by record.
 */
struct sink {
	const struct vi_keys_opts *o;
	const struct vi_field *hdr;
	size_t nhdr, labellen;
	int fd, failed;
	struct vi_rowkey *rk;
	struct vi_ks_writer *w;
	struct vi_error e;          /* why it failed */
};

/* Write the key stream record of r.  0, or -1 with s->e set. */
static int
sink_add(struct sink *s, const struct vi_record *r)
{
	const struct vi_keys_opts *o = s->o;
	const char *const *kp;
	const size_t *kl;
	uint64_t hash = 0;

	if (s->rk == NULL && (s->rk = setup(o, NULL, 0, r->nfields,
	    &s->e)) == NULL)
		return -1;
	if (s->w == NULL)
		s->w = writer(o, s->hdr, s->nhdr > 0, s->fd);
	vi_rowkey_key(s->rk, r, &kp, &kl);
	if (o->shard_n > 1 && vi_shard_of(vi_rowkey_keyhash(s->rk),
	    o->shard_n) != o->shard_k)
		return 0;
	if (!o->no_hash)
		hash = vi_rowkey_rowhash(s->rk, r);
	if (vi_ks_write_fields(s->w, o->key->n, kp, kl, !o->no_hash, hash,
	    r->number, o->label, s->labellen, &s->e) < 0)
		return s->e.status == VI_EX_IOERR ?
		    vi_error_at(&s->e, VI_ERR_OUTPUT, NULL) : -1;
	return 0;
}

/* End the stream: with its end record when ok, else as far as it got.
 * Returns ret, or -1 with e set when closing fails. */
static int
sink_close(struct sink *s, int ret, struct vi_error *e)
{
	if (s->w == NULL && ret == 0)
		s->w = writer(s->o, s->hdr, s->nhdr > 0, s->fd); /* no record */
	if (ret == 0) {
		if (vi_ks_writer_close(s->w, e) < 0)
			ret = vi_error_at(e, VI_ERR_OUTPUT, NULL);
	} else {
		/* Write what came before the error, but no end record: a
		 * binary stream stays visibly incomplete. */
		vi_ks_writer_abort(s->w);
	}
	vi_rowkey_free(s->rk);
	return ret;
}

static void *
sink_create(void *arg, int origin)
{
	(void)origin;
	return arg;
}

static void
sink_record(void *st, const struct vi_record *r)
{
	struct sink *s = st;

	if (!s->failed && sink_add(s, r) < 0)
		s->failed = 1;
}

static void
sink_nothing(void *st)
{
	(void)st;
}

static void
sink_merge(void *dst, void *src)
{
	(void)dst;
	(void)src;
}

/* --part K/N: the records that start in the K-th of N byte ranges of the
 * file, numbered as in the whole file (vi_pscan_part). */
static int
run_part(struct vi_csv *c, struct sink *s, struct vi_error *e)
{
	const struct vi_keys_opts *o = s->o;
	struct vi_pscan_opts po = { 1, o->block, 0, 0 };
	struct vi_pscan_part pt = { o->part_k, o->part_n, 1, NULL, NULL, 0,
		0 };
	struct vi_pscan_ops ops = { s, sink_create, sink_record, sink_nothing,
		sink_merge, sink_nothing };
	struct vi_pscan_result res;
	int rc = vi_pscan_part(c, o->d, &po, &pt, &ops, &res, e);

	if (o->info != NULL)
		*o->info = res.info;
	if (s->failed) {
		*e = s->e;
		rc = -1;
	}
	return sink_close(s, rc, e);
}

int
vi_keys_run(struct vi_csv *c, const struct vi_keys_opts *o, int fd,
    struct vi_error *e)
{
	struct sink s;
	struct vi_record r;
	int rc, ret = 0;

	if (o->key->n > UINT32_MAX)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "too many key columns");
	memset(&s, 0, sizeof s);
	s.o = o;
	s.fd = fd;
	s.labellen = o->label ? strlen(o->label) : 0;
	s.hdr = vi_csv_header(c, &s.nhdr);
	if (s.nhdr > 0 && (s.rk = setup(o, s.hdr, s.nhdr, s.nhdr, e)) == NULL)
		return -1;
	if (o->part_n != 0)
		return run_part(c, &s, e);
	if (o->jobs > 1 && s.nhdr > 0 && o->d != NULL && !o->d->lenient) {
		int regular;
		uint64_t size;

		vi_csv_fd(c, &regular, &size);
		if (regular) {
			vi_rowkey_free(s.rk);
			return run_par(c, o, s.hdr, s.nhdr, fd, e);
		}
	}
	while ((rc = vi_csv_next(c, &r, e)) > 0)
		if (sink_add(&s, &r) < 0) {
			*e = s.e;
			ret = -1;
			break;
		}
	if (rc < 0)
		ret = -1;
	ret = sink_close(&s, ret, e);
	if (o->info != NULL)
		*o->info = *vi_csv_info(c);
	return ret;
}
