/* vi_pscan.c - sequential or threaded pass over a CSV file (see vi_pscan.h). */
#include "vi_pscan.h"
#include "vi_progress.h"
#include "vi_alloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCAN_BUF (1u << 20)
#define MAX_JOBS 64

/* Where the next block boundary is, seen from a record starting at s. */
static uint64_t
ceil_to(uint64_t s, uint64_t b)
{
	return (s + b - 1) / b * b;
}

/* Feed records from reader r to the consumer, telling it where blocks end.
 * threshold: a record that starts (0-based) after it begins a new block.
 * fresh: the state is new, so the first record never closes a block. */
static int
feed(struct vi_csv *r, const struct vi_pscan_ops *ops, void *st,
    uint64_t block, uint64_t threshold, uint64_t limit, int *partial,
    struct vi_error *e)
{
	struct vi_record rec;
	int rc, first = 1;
	uint64_t n = 0, s;

	while ((rc = vi_csv_next(r, &rec, e)) > 0) {
		s = rec.byte - 1;
		if (s > threshold) {
			if (!first)
				ops->block_end(st);
			threshold = ceil_to(s, block);
		}
		first = 0;
		ops->add(st, &rec);
		if (limit && ++n >= limit) {
			*partial = 1;
			break;
		}
	}
	return rc < 0 ? -1 : 0;
}

static uint64_t
first_threshold(uint64_t data_off, uint64_t block)
{
	uint64_t t = ceil_to(data_off, block);

	return t ? t : block;
}

void
vi_pscan_info_add(struct vi_csv_info *to, const struct vi_csv_info *from)
{
	size_t i;

	to->lines += from->lines;
	to->records_read += from->records_read;
	to->records_ok += from->records_ok;
	to->records_rejected += from->records_rejected;
	to->quoting_rejects += from->quoting_rejects;
	to->blank_lines += from->blank_lines;
	if (to->utf8_invalid == 0 && from->utf8_invalid != 0) {
		to->utf8_first_line = from->utf8_first_line;
		to->utf8_first_byte = from->utf8_first_byte;
		to->utf8_hint = from->utf8_hint;
	} else if (from->utf8_invalid != 0) {   /* CP1252 covers Latin-1 */
		to->utf8_hint = to->utf8_hint == 0 || from->utf8_hint == 0 ? 0 :
		    to->utf8_hint > from->utf8_hint ? to->utf8_hint :
		    from->utf8_hint;
	}
	to->utf8_invalid += from->utf8_invalid;
	for (i = 0; i < from->nrejects_kept &&
	    to->nrejects_kept < VI_CSV_REJECTS_KEPT; i++)
		to->rejects[to->nrejects_kept++] = from->rejects[i];
}

/* The sequential pass over the rest of reader r. */
static int
run_seq(struct vi_csv *r, uint64_t block, const struct vi_pscan_opts *o,
    const struct vi_pscan_ops *ops, struct vi_pscan_result *res,
    struct vi_error *e)
{
	res->state = ops->create(ops->arg, 1);
	if (feed(r, ops, res->state, block,
	    first_threshold(vi_csv_data_offset(r), block), o->limit,
	    &res->partial, e) < 0)
		return -1;
	res->info = *vi_csv_info(r);
	return 0;
}

/* ---- the threaded pass ---- */

struct counts {
	uint64_t quotes, ends;
};

/* One run of whole blocks, parsed by one thread into its own state. */
struct run {
	uint64_t lo, hi;           /* phase 1: raw range to count */
	struct counts cnt;
	int io_errno;
	uint64_t start, end, line; /* phase 2: the records to parse */
	uint64_t threshold;
	int origin;
	void *state;               /* phase 3 */
	struct vi_csv_info info;   /* its reader's findings */
	int rc, clean, done;
	struct vi_error err;
};

/* What the threads share.  Phases 1 and 3 hand out runs in order (next).
 * In phase 3 a thread that ends a run folds every run that is done, in
 * order, into the first run's state (folded), and waits before it starts
 * a run window runs or more past the fold, so that the states alive are
 * bounded by the threads, not by the file. */
struct par {
	int fd;
	const char *name;
	const struct vi_dialect *d;
	const struct vi_pscan_ops *ops;
	uint64_t block, size;
	size_t ncols;
	struct run *r;
	unsigned nr, window;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned next, folded;
	int bad;                   /* a run failed: take no more */
	uint64_t seen;             /* records folded */
	struct vi_csv_info info;   /* the folded runs' findings */
};

static int
read_at(int fd, unsigned char *buf, size_t n, uint64_t off, size_t *got)
{
	ssize_t k;

	for (;;) {
		k = pread(fd, buf, n, (off_t)off);
		if (k >= 0)
			break;
		if (errno != EINTR)
			return -1;
	}
	*got = (size_t)k;
	return 0;
}

/*
 * Counting quotes and line endings in a block, 16 bytes at a time with GCC's
 * portable vector extensions (SSE2 on x86-64, NEON on arm64).  A comparison
 * gives -1 in each matching lane, so subtracting it counts; lanes are summed
 * before they can overflow (at most 255 steps).  The block is followed by at
 * least one readable byte (for "CR not followed by LF").
 */
typedef unsigned char v16u __attribute__((vector_size(16)));

static inline v16u
load16(const unsigned char *p)
{
	v16u v;

	memcpy(&v, p, sizeof v);
	return v;
}

static inline uint64_t
hsum(v16u v)
{
	uint64_t s = 0;
	int i;

	for (i = 0; i < 16; i++)
		s += v[i];
	return s;
}

static void
count_block(const unsigned char *buf, size_t n, unsigned char q,
    struct counts *cnt)
{
	const v16u vq = (v16u){ 0 } + q, lf = (v16u){ 0 } + '\n',
	    cr = (v16u){ 0 } + '\r';
	size_t i = 0;

	while (i + 16 <= n) {
		v16u aq = { 0 }, ae = { 0 };
		unsigned k;

		for (k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
			v16u v = load16(buf + i), next = load16(buf + i + 1);

			aq -= (v16u)(v == vq);
			ae -= (v16u)((v == lf) | ((v == cr) & (next != lf)));
		}
		cnt->quotes += hsum(aq);
		cnt->ends += hsum(ae);
	}
	for (; i < n; i++) {
		cnt->quotes += buf[i] == q;
		cnt->ends += buf[i] == '\n' || (buf[i] == '\r' &&
		    buf[i + 1] != '\n');
	}
}

/* Quotes and line endings (LF, or CR not followed by LF) in [lo, hi) of
 * fd, added to *cnt; a CR at hi-1 looks at the byte at hi.  0, or -1 with
 * errno.  Phase 1 of the threaded pass, and the cursor of a part. */
static int
count_range(int fd, const struct vi_dialect *d, uint64_t size, uint64_t lo,
    uint64_t hi, struct counts *cnt)
{
	unsigned char *buf;
	uint64_t off = lo;
	size_t got, n;
	int err = 0;

	if (lo >= hi)
		return 0;
	buf = vi_xmalloc(SCAN_BUF + 16);
	while (off < hi) {
		n = hi - off < SCAN_BUF ? (size_t)(hi - off) : SCAN_BUF;
		/* one byte more, to see what follows a CR at the end */
		if (read_at(fd, buf, n + (off + n < size), off, &got) < 0) {
			err = errno;
			break;
		}
		if (got < n) {
			err = EIO;
			break;
		}
		buf[got] = 0;   /* past the end of the file: not a LF */
		count_block(buf, n, d->quote, cnt);
		off += n;
	}
	free(buf);
	errno = err;
	return err ? -1 : 0;
}

static void *
count_job(void *arg)
{
	struct par *p = arg;
	unsigned k;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		k = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (k >= p->nr)
			return NULL;
		if (count_range(p->fd, p->d, p->size, p->r[k].lo, p->r[k].hi,
		    &p->r[k].cnt) < 0)
			p->r[k].io_errno = errno;
	}
}

/* Phase 2 (main thread): from offset at, with the quote parity and line
 * number there, find where the first record starting after at begins.
 * Returns that offset (size if none) and its line in *line. */
static int
find_start(int fd, const struct vi_dialect *d, uint64_t size, uint64_t at,
    int parity, uint64_t *line, uint64_t *start)
{
	unsigned char *buf = vi_xmalloc(SCAN_BUF + 1);
	uint64_t off = at;
	size_t got, i;
	int rc = 0;

	*start = size;
	while (off < size) {
		size_t n = size - off < SCAN_BUF ? (size_t)(size - off) :
		    SCAN_BUF;

		if (read_at(fd, buf, n + (off + n < size), off, &got) < 0 ||
		    got < n) {
			rc = -1;
			break;
		}
		for (i = 0; i < n; i++) {
			unsigned char ch = buf[i];

			if (ch == d->quote) {
				parity ^= 1;
			} else if (ch == '\n' || (ch == '\r' &&
			    (i + 1 >= got || buf[i + 1] != '\n'))) {
				(*line)++;
				if (!parity) {
					*start = off + i + 1;
					goto out;
				}
			}
		}
		off += n;
	}
out:
	free(buf);
	return rc;
}

/* Phase 3: parse run k into a new state. */
static void
parse_run(struct par *p, struct run *k)
{
	struct vi_csv *rd;
	int partial = 0;

	k->state = p->ops->create(p->ops->arg, k->origin);
	rd = vi_csv_open_range(p->fd, p->name, p->d, k->start, k->end,
	    k->line, 0, p->ncols, &k->err);
	k->rc = feed(rd, p->ops, k->state, p->block, k->threshold, 0,
	    &partial, &k->err);
	k->clean = vi_csv_clean_end(rd);
	k->info = *vi_csv_info(rd);
	vi_csv_close(rd);
}

/* Fold the runs that are done, in order (p->mu held).  A run that failed
 * or cannot be trusted stops everything: the caller then reads the file
 * again sequentially (or reports the I/O error). */
static void
fold_done(struct par *p)
{
	struct run *k;

	while (!p->bad && p->folded < p->nr && p->r[p->folded].done) {
		k = &p->r[p->folded];
		if (k->rc < 0 || k->info.quoting_rejects ||
		    (p->folded + 1 < p->nr && !k->clean)) {
			p->bad = 1;
			break;
		}
		vi_pscan_info_add(&p->info, &k->info);
		/* As in the sequential pass, a block ends only before a
		 * record, never before the first one. */
		if (p->folded > 0) {
			if (k->info.records_ok) {
				if (p->seen)
					p->ops->block_end(p->r[0].state);
				p->ops->merge(p->r[0].state, k->state);
			}
			p->ops->free(k->state);
			k->state = NULL;
		}
		p->seen += k->info.records_ok;
		p->folded++;
	}
	pthread_cond_broadcast(&p->cv);
}

static void *
parse_job(void *arg)
{
	struct par *p = arg;
	unsigned k;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->bad && p->next < p->nr &&
		    p->next >= p->folded + p->window)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->bad || p->next >= p->nr)
			break;
		k = p->next++;
		pthread_mutex_unlock(&p->mu);
		parse_run(p, &p->r[k]);
		pthread_mutex_lock(&p->mu);
		p->r[k].done = 1;
		fold_done(p);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Without a header: the field count of the first data record, which every
 * part must then have, as in the sequential pass.  0 if there is none or it
 * is not plain (the caller then scans sequentially). */
static size_t
first_ncols(const struct vi_csv *c, const struct vi_dialect *d, int fd,
    uint64_t size)
{
	struct vi_error pe = { 0 };
	struct vi_record rec;
	struct vi_csv *r = vi_csv_open_range(fd, vi_csv_name(c), d,
	    vi_csv_data_offset(c), size, vi_csv_data_line(c), 0, 0, &pe);
	size_t n = 0;

	if (vi_csv_next(r, &rec, &pe) > 0 &&
	    vi_csv_info(r)->records_rejected == 0)
		n = rec.nfields;
	vi_csv_close(r);
	return n;
}

/* Run job on nt threads, this one among them. */
static void
on_threads(struct par *p, unsigned nt, void *(*job)(void *))
{
	pthread_t tid[MAX_JOBS];
	unsigned t;

	p->next = 0;
	for (t = 1; t < nt; t++)
		pthread_create(&tid[t], NULL, job, p);
	job(p);
	for (t = 1; t < nt; t++)
		pthread_join(tid[t], NULL);
}

/* Threaded pass.  1: done; 0: not suitable or not trustworthy (the caller
 * then runs the sequential pass); -1: I/O error. */
static int
run_par(struct vi_csv *c, const struct vi_dialect *d, unsigned jobs,
    uint64_t block, uint64_t run_bytes, const struct vi_pscan_ops *ops,
    struct vi_pscan_result *res, struct vi_error *e)
{
	int regular, ok = 1;
	uint64_t size, data_off = vi_csv_data_offset(c), first, last, nmult;
	uint64_t line, quotes, per, want;
	int fd = vi_csv_fd(c, &regular, &size);
	size_t ncols = vi_csv_info(c)->columns;
	struct par p;
	struct run *r;
	unsigned t, nt, nr;

	if (!regular || jobs < 2 || size <= data_off)
		return 0;
	if (ncols == 0 && (ncols = first_ncols(c, d, fd, size)) == 0)
		return 0;
	first = data_off / block + 1;   /* first multiple after data_off */
	last = (size - 1) / block;      /* last multiple before size */
	if (last < first)
		return 0;
	nmult = last - first + 1;
	/* The parts count their own bytes from here (what c read ahead of
	 * its first record is not counted twice). */
	vi_progress_set(data_off, 0);
	nt = jobs > MAX_JOBS ? MAX_JOBS : jobs;
	if (nt > nmult + 1)
		nt = (unsigned)(nmult + 1);
	/* Runs: one per thread, the block multiples shared out evenly, or
	 * run_bytes of whole blocks each (at least one block). */
	per = run_bytes / block ? run_bytes / block : 1;
	want = run_bytes ? (nmult + per) / per : 0;
	nr = want <= nt ? nt : want > 1u << 20 ? 1u << 20 : (unsigned)want;

	memset(&p, 0, sizeof p);
	p.fd = fd;
	p.name = vi_csv_name(c);
	p.d = d;
	p.ops = ops;
	p.block = block;
	p.size = size;
	p.ncols = ncols;
	p.nr = nr;
	p.window = nt + 2;
	p.r = r = vi_xcalloc(nr, sizeof *r);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	r[0].lo = data_off;
	for (t = 1; t < nr; t++)
		r[t].lo = r[t - 1].hi =
		    (first + (nmult + 1) * t / nr - 1) * block;
	r[nr - 1].hi = size;

	on_threads(&p, nt, count_job);
	for (t = 0; t < nr; t++)
		if (r[t].io_errno) {
			vi_error_set(e, VI_EX_IOERR, r[t].io_errno, 0, 0,
			    "read error");
			ok = -1;
			goto out;
		}

	/* Where each run starts, and its first line. */
	r[0].start = data_off;
	r[0].origin = 1;
	r[0].line = vi_csv_data_line(c);
	r[0].threshold = first_threshold(data_off, block);
	line = vi_csv_data_line(c);
	quotes = 0;
	for (t = 1; t < nr; t++) {
		uint64_t l;

		line += r[t - 1].cnt.ends;
		quotes += r[t - 1].cnt.quotes;
		l = line;
		if (find_start(fd, d, size, r[t].lo, (int)(quotes & 1), &l,
		    &r[t].start) < 0) {
			vi_error_set(e, VI_EX_IOERR, errno, 0, 0, "read error");
			ok = -1;
			goto out;
		}
		if (r[t].start < r[t - 1].start)
			r[t].start = r[t - 1].start;
		r[t].line = l;
		r[t].threshold = r[t].lo;
	}
	for (t = 0; t < nr; t++)
		r[t].end = t + 1 < nr ? r[t + 1].start : size;

	p.info = *vi_csv_info(c);
	on_threads(&p, nt, parse_job);
	if (p.folded < nr) {
		ok = 0;
		/* An I/O error in a run is reported (the first in order). */
		for (t = 0; t < nr; t++)
			if (r[t].done && r[t].rc < 0 &&
			    r[t].err.status == VI_EX_IOERR) {
				*e = r[t].err;
				ok = -1;
				break;
			}
	} else {
		res->state = r[0].state;
		r[0].state = NULL;
		res->info = p.info;
		res->info.columns = ncols;
		res->info.bytes = size;
		res->parallel = 1;
	}
out:
	for (t = 0; t < nr; t++)
		if (r[t].state != NULL)
			ops->free(r[t].state);
	free(r);
	pthread_cond_destroy(&p.cv);
	pthread_mutex_destroy(&p.mu);
	if (ok == 0)    /* read again sequentially */
		vi_progress_set(data_off, 0);
	return ok;
}

/* ---- one part of a file (vi_pscan_part) ---- */

/* A forward cursor over the quote parity and line count of a file: where
 * the first line that starts at or after offset at begins (never before
 * the data, never past the end), and its line number. */
struct cursor {
	int fd;
	const struct vi_dialect *d;
	uint64_t size, data_off, data_line;
	uint64_t pos;            /* counted up to here */
	struct counts cnt;
};

static int
line_start(struct cursor *k, uint64_t at, uint64_t *start, uint64_t *line)
{
	uint64_t l;

	if (at == 0 || at <= k->data_off) {
		*start = k->data_off;
		*line = k->data_line;
		return 0;
	}
	if (at > k->size)
		at = k->size;
	/* The line ending at at - 1 ends a line before at. */
	if (count_range(k->fd, k->d, k->size, k->pos, at - 1, &k->cnt) < 0)
		return -1;
	k->pos = at - 1;
	l = 1 + k->cnt.ends;
	if (find_start(k->fd, k->d, k->size, at - 1, (int)(k->cnt.quotes & 1),
	    &l, start) < 0)
		return -1;
	*line = l;
	return 0;
}

/* The block of a record that starts at 0-based offset s: the blocks of the
 * sequential pass (feed) are the records with s in (g*B, (g+1)*B], the
 * first one from offset 0. */
static uint64_t
block_of(uint64_t s, uint64_t b)
{
	return s ? (s - 1) / b : 0;
}

struct part_feed {
	const struct vi_pscan_ops *ops;
	const struct vi_pscan_part *pt;
	void *st;
	uint64_t block, lo, hi;
	uint64_t prev;           /* the block of the last record fed */
	int any;                 /* a record was fed */
};

/* Feed the records of r; tail: they only complete the part's last block. */
static int
feed_part(struct part_feed *f, struct vi_csv *r, int tail, struct vi_error *e)
{
	struct vi_record rec;
	uint64_t g;
	int rc;

	while ((rc = vi_csv_next(r, &rec, e)) > 0) {
		g = block_of(rec.byte - 1, f->block);
		if (f->any && g != f->prev)
			f->ops->block_end(f->st);
		f->any = 1;
		f->prev = g;
		if (tail)
			f->pt->add_block(f->st, &rec);
		else if (f->pt->add_counts != NULL &&
		    !(f->lo <= g * f->block && g * f->block < f->hi))
			f->pt->add_counts(f->st, &rec);
		else
			f->ops->add(f->st, &rec);
	}
	return rc;
}

/* The number of data records before offset at (a line start outside quotes,
 * at >= data_off): line endings outside quotes, less blank lines. */
static int
count_records(int fd, const struct vi_dialect *d, uint64_t data_off,
    uint64_t at, uint64_t *n)
{
	unsigned char *buf = vi_xmalloc(SCAN_BUF + 1);
	uint64_t off = data_off;
	size_t got, i;
	int parity = 0, empty = 1, rc = 0;

	*n = 0;
	while (off < at) {
		size_t len = at - off < SCAN_BUF ? (size_t)(at - off) : SCAN_BUF;

		if (read_at(fd, buf, len + 1, off, &got) < 0 || got < len) {
			rc = -1;
			break;
		}
		for (i = 0; i < len; i++) {
			unsigned char ch = buf[i];

			if (ch == d->quote)
				parity ^= 1;
			if (ch == '\n' || (ch == '\r' && (i + 1 >= got ||
			    buf[i + 1] != '\n'))) {
				if (!parity) {
					*n += !empty;
					empty = 1;
				}
			} else if (ch != '\r')
				empty = 0;
		}
		off += len;
	}
	free(buf);
	return rc;
}

int
vi_pscan_part(struct vi_csv *c, const struct vi_dialect *d,
    const struct vi_pscan_opts *o, struct vi_pscan_part *pt,
    const struct vi_pscan_ops *ops, struct vi_pscan_result *res,
    struct vi_error *e)
{
	uint64_t block = o->block ? o->block : VI_PSCAN_BLOCK_DEFAULT;
	struct part_feed f;
	struct cursor k;
	struct vi_csv *r = NULL, *t = NULL;
	struct vi_error te = { 0 };
	uint64_t lo, hi, line, tline, tail_at, number = 0;
	int regular, rc;
	size_t ncols = vi_csv_info(c)->columns;

	memset(res, 0, sizeof *res);
	memset(&k, 0, sizeof k);
	k.fd = vi_csv_fd(c, &regular, &k.size);
	if (!regular)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "--part needs a regular file");
	k.d = d;
	k.data_off = vi_csv_data_offset(c);
	k.data_line = vi_csv_data_line(c);
	lo = (uint64_t)((unsigned __int128)k.size * (pt->k - 1) / pt->n);
	hi = (uint64_t)((unsigned __int128)k.size * pt->k / pt->n);
	if (ncols == 0 && !d->header)
		ncols = first_ncols(c, d, k.fd, k.size);
	if (line_start(&k, lo, &pt->start, &line) < 0 ||
	    (pt->k == pt->n ? (pt->end = k.size, 0) :
	    line_start(&k, hi, &pt->end, &tline)) < 0)
		goto ioerr;
	if (pt->end < pt->start)
		pt->end = pt->start;
	if (pt->numbers && count_records(k.fd, d, k.data_off, pt->start,
	    &number) < 0)
		goto ioerr;

	f.ops = ops;
	f.pt = pt;
	f.block = block;
	f.lo = lo;
	f.hi = hi;
	f.any = 0;
	f.prev = 0;
	f.st = res->state = ops->create(ops->arg, pt->k == 1);
	r = vi_csv_open_range(k.fd, vi_csv_name(c), d, pt->start, pt->end,
	    line, number, ncols, e);
	if ((rc = feed_part(&f, r, 0, e)) < 0)
		goto out;
	/* The last block this part holds (the one at the last multiple of
	 * the block size below hi) may go on past the part: read on to its
	 * end for its moments only.  A data error there is another part's. */
	if (pt->add_block != NULL && hi > 0 &&
	    (lo == 0 || (lo + block - 1) / block * block < hi)) {
		tail_at = (hi + block - 1) / block * block;
		if (line_start(&k, tail_at + 1, &tail_at, &tline) < 0)
			goto ioerr;
		if (tail_at > pt->end) {
			t = vi_csv_open_range(k.fd, vi_csv_name(c), d, pt->end,
			    tail_at, tline, 0, ncols, &te);
			if (feed_part(&f, t, 1, &te) < 0 &&
			    te.status == VI_EX_IOERR) {
				*e = te;
				rc = -1;
				goto out;
			}
		}
	}
	if (pt->k == 1)
		res->info = *vi_csv_info(c);
	res->info.columns = ncols;
	vi_pscan_info_add(&res->info, vi_csv_info(r));
	res->info.bytes = pt->end - (pt->k == 1 ? 0 : pt->start);
	rc = 0;
out:
	vi_csv_close(r);
	vi_csv_close(t);
	return rc;
ioerr:
	vi_csv_close(r);
	return vi_error_set(e, VI_EX_IOERR, errno, 0, 0, "read error");
}

int
vi_pscan_run(struct vi_csv *c, const struct vi_dialect *d,
    const struct vi_pscan_opts *o, const struct vi_pscan_ops *ops,
    struct vi_pscan_result *res, struct vi_error *e)
{
	uint64_t block = o->block ? o->block : VI_PSCAN_BLOCK_DEFAULT;
	int rc;

	memset(res, 0, sizeof *res);
	if (o->limit == 0) {
		rc = run_par(c, d, o->jobs, block, o->run, ops, res, e);
		if (rc != 0) {
			vi_progress_done();
			return rc < 0 ? -1 : 0;
		}
	}
	/* Sequential, through c itself: a threaded try reads with pread()
	 * and leaves c where it was, at the first data record.  (After a
	 * threaded try the progress shown runs short by what c had read
	 * ahead: it only counts from there.) */
	rc = run_seq(c, block, o, ops, res, e);
	vi_progress_done();
	return rc;
}
