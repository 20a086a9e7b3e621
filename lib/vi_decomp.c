/* vi_decomp.c - gzip and zstd input under the CSV reader (see vi_decomp.h). */
#include "vi_decomp.h"
#include "vi_alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>     /* gzip members: inflate */
#include <zstd.h>     /* zstd frames: ZSTD_decompressStream */

#define IN_CAP ((size_t)128 << 10)

struct vi_decomp {
	int fd;
	enum vi_decomp_kind kind;
	unsigned char peek[4];   /* the magic bytes, served first if plain */
	size_t npeek, peek_pos;

	unsigned char *in;       /* compressed bytes [in_pos, in_len) */
	size_t in_len, in_pos;
	uint64_t in_off;         /* bytes read from fd in all */
	int in_eof;

	z_stream z;
	int z_init;
	ZSTD_DStream *zs;
	int at_boundary;         /* between members/frames (or before one) */

	struct vi_error err;     /* sticky */
};

/* read(2), again on EINTR.  The count, 0 at the end, -1 with e set. */
static ssize_t
read_fd(int fd, void *buf, size_t n, struct vi_error *e)
{
	ssize_t got;

	for (;;) {
		got = read(fd, buf, n);
		if (got >= 0 || errno != EINTR)
			break;
	}
	if (got < 0)
		vi_error_set(e, VI_EX_IOERR, errno, 0, 0, "read error");
	return got;
}

struct vi_decomp *
vi_decomp_open(int fd, struct vi_error *e)
{
	struct vi_decomp *d = vi_xcalloc(1, sizeof *d);
	const unsigned char *p = d->peek;
	ssize_t got;

	d->fd = fd;
	while (d->npeek < sizeof d->peek) {
		got = read_fd(fd, d->peek + d->npeek, sizeof d->peek - d->npeek,
		    e);
		if (got < 0) {
			free(d);
			return NULL;
		}
		if (got == 0) {
			d->in_eof = 1;
			break;
		}
		d->npeek += (size_t)got;
	}
	d->in_off = d->npeek;
	if (d->npeek >= 2 && p[0] == 0x1F && p[1] == 0x8B)
		d->kind = VI_DECOMP_GZIP;
	else if (d->npeek == 4 && ((p[0] == 0x28 && p[1] == 0xB5 &&
	    p[2] == 0x2F && p[3] == 0xFD) || ((p[0] & 0xF0) == 0x50 &&
	    p[1] == 0x2A && p[2] == 0x4D && p[3] == 0x18)))
		d->kind = VI_DECOMP_ZSTD;
	if (d->kind == VI_DECOMP_NONE)
		return d;
	d->in = vi_xmalloc(IN_CAP);
	memcpy(d->in, d->peek, d->npeek);
	d->in_len = d->npeek;
	d->at_boundary = 1;
	if (d->kind == VI_DECOMP_GZIP) {
		/* 16 + 15: a gzip wrapper, the largest window. */
		if (inflateInit2(&d->z, 16 + MAX_WBITS) != Z_OK) {
			vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
			    "out of memory (zlib)");
			vi_decomp_close(d);
			return NULL;
		}
		d->z_init = 1;
	} else if ((d->zs = ZSTD_createDStream()) == NULL) {
		vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "out of memory (zstd)");
		vi_decomp_close(d);
		return NULL;
	}
	return d;
}

/* More compressed input, keeping what is unread.  -1 on a read error. */
static int
fill(struct vi_decomp *d)
{
	ssize_t got;

	if (d->in_pos > 0) {
		memmove(d->in, d->in + d->in_pos, d->in_len - d->in_pos);
		d->in_len -= d->in_pos;
		d->in_pos = 0;
	}
	got = read_fd(d->fd, d->in + d->in_len, IN_CAP - d->in_len, &d->err);
	if (got < 0)
		return -1;
	if (got == 0)
		d->in_eof = 1;
	d->in_len += (size_t)got;
	d->in_off += (uint64_t)got;
	return 0;
}

/* The 1-based offset of the last compressed byte consumed (at least 1). */
static uint64_t
consumed(const struct vi_decomp *d)
{
	uint64_t c = d->in_off - (d->in_len - d->in_pos);

	return c ? c : 1;
}

static int
corrupt(struct vi_decomp *d, const char *why)
{
	return vi_error_set(&d->err, VI_EX_DATAERR, 0, 0, 0,
	    "%s data corrupt at byte %llu of the compressed input: %s",
	    vi_decomp_name(d->kind), (unsigned long long)consumed(d), why);
}

static int
truncated(struct vi_decomp *d)
{
	return vi_error_set(&d->err, VI_EX_DATAERR, 0, 0, 0,
	    "%s data truncated: the compressed input ends at byte %llu "
	    "inside a %s", vi_decomp_name(d->kind),
	    (unsigned long long)d->in_off,
	    d->kind == VI_DECOMP_GZIP ? "member" : "frame");
}

/* One decompression step into out[*done..n).  1: go on; 0: the end of the
 * input; -1: error in d->err. */
static int
step(struct vi_decomp *d, unsigned char *out, size_t n, size_t *done)
{
	if (d->in_pos == d->in_len) {
		if (d->in_eof)
			return d->at_boundary ? 0 : truncated(d);
		return fill(d) < 0 ? -1 : 1;
	}
	if (d->kind == VI_DECOMP_GZIP) {
		int rc;

		if (d->at_boundary) {
			/* Another member, or bytes that are not one. */
			if (d->in_len - d->in_pos < 2 && !d->in_eof)
				return fill(d) < 0 ? -1 : 1;
			if (d->in_len - d->in_pos < 2 ||
			    d->in[d->in_pos] != 0x1F ||
			    d->in[d->in_pos + 1] != 0x8B) {
				d->in_pos++;
				return corrupt(d, "not a gzip member after "
				    "the end of the previous one");
			}
			if (inflateReset(&d->z) != Z_OK)
				return corrupt(d, "inflateReset failed");
		}
		d->at_boundary = 0;
		d->z.next_in = d->in + d->in_pos;
		d->z.avail_in = (uInt)(d->in_len - d->in_pos);
		d->z.next_out = out + *done;
		d->z.avail_out = (uInt)(n - *done);
		rc = inflate(&d->z, Z_NO_FLUSH);
		d->in_pos = d->in_len - d->z.avail_in;
		*done = n - d->z.avail_out;
		if (rc == Z_STREAM_END)
			d->at_boundary = 1;
		else if (rc == Z_MEM_ERROR)
			return vi_error_set(&d->err, VI_EX_SOFTWARE, 0, 0, 0,
			    "out of memory (zlib)");
		else if (rc != Z_OK && rc != Z_BUF_ERROR)
			return corrupt(d, d->z.msg ? d->z.msg : "bad data");
		else if (rc == Z_BUF_ERROR && d->z.avail_in > 0)
			return corrupt(d, "no progress");
	} else {
		ZSTD_inBuffer in = { d->in, d->in_len, d->in_pos };
		ZSTD_outBuffer o = { out, n, *done };
		size_t rc = ZSTD_decompressStream(d->zs, &o, &in);

		*done = o.pos;
		if (ZSTD_isError(rc)) {
			/* The input position is not kept on an error: the
			 * damage is in what was given (a block at most). */
			d->in_pos = in.pos > d->in_pos ? in.pos : d->in_len;
			return corrupt(d, ZSTD_getErrorName(rc));
		}
		d->in_pos = in.pos;
		d->at_boundary = rc == 0;
	}
	return 1;
}

ssize_t
vi_decomp_read(struct vi_decomp *d, void *buf, size_t n, struct vi_error *e)
{
	size_t done = 0;
	int rc;

	if (d->err.status) {
		*e = d->err;
		return -1;
	}
	if (d->kind == VI_DECOMP_NONE) {
		ssize_t got;

		if (d->peek_pos < d->npeek) {
			size_t k = d->npeek - d->peek_pos;

			if (k > n)
				k = n;
			memcpy(buf, d->peek + d->peek_pos, k);
			d->peek_pos += k;
			return (ssize_t)k;
		}
		if (d->in_eof)
			return 0;
		if ((got = read_fd(d->fd, buf, n, &d->err)) < 0) {
			*e = d->err;
			return -1;
		}
		d->in_off += (uint64_t)got;
		return got;
	}
	/* Until something came out: a step may only consume input. */
	while (done == 0) {
		rc = step(d, buf, n, &done);
		if (rc < 0) {
			if (done > 0)   /* deliver these first */
				break;
			*e = d->err;
			return -1;
		}
		if (rc == 0)
			break;
	}
	return (ssize_t)done;
}

int
vi_decomp_verify(struct vi_decomp *d, struct vi_error *e)
{
	unsigned char sink[16384];
	ssize_t got;

	if (d->kind == VI_DECOMP_NONE)
		return 0;
	while ((got = vi_decomp_read(d, sink, sizeof sink, e)) > 0)
		;
	return got < 0 ? -1 : 0;
}

enum vi_decomp_kind
vi_decomp_kind(const struct vi_decomp *d)
{
	return d->kind;
}

const char *
vi_decomp_name(enum vi_decomp_kind k)
{
	return k == VI_DECOMP_GZIP ? "gzip" : k == VI_DECOMP_ZSTD ? "zstd" :
	    "none";
}

uint64_t
vi_decomp_in_bytes(const struct vi_decomp *d)
{
	return d->in_off;
}

void
vi_decomp_close(struct vi_decomp *d)
{
	if (d == NULL)
		return;
	if (d->z_init)
		inflateEnd(&d->z);
	ZSTD_freeDStream(d->zs);
	free(d->in);
	free(d);
}
