/*
 * vi_out.h - buffered output of formatted text, and the field encodings the
 * reports share: RFC 4180 CSV fields and backslash-escaped TSV fields.
 *
 * Contract
 * - A struct vi_out collects bytes in a growable buffer.  With a stream
 *   (f != NULL) the buffer is written to f with one fwrite whenever it holds
 *   VI_OUT_FLUSH_AT bytes or more before an append, so output of any size
 *   (a report of a million columns) is written in pieces of about that size
 *   and memory stays bounded.  Without a stream it is a plain growing
 *   string: p[0, len), not NUL-ended; a caller may read p and len, and may
 *   set len to 0 to reuse the buffer.
 * - Appending never fails: every size is checked for overflow and memory
 *   comes from vi_alloc (out of memory: message and exit 70).
 * - The first failed write keeps its errno in werr (EIO when fwrite set
 *   none); from then on output is dropped.  vi_out_close() turns werr into
 *   e: status 74, "write error", the errno (cmd/ ends quietly on EPIPE).
 * - The stream is borrowed: vi_out never flushes or closes the FILE itself.
 *   Nothing here prints and nothing exits but through vi_alloc.
 */
#ifndef VI_OUT_H
#define VI_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vi_err.h"

#define VI_OUT_FLUSH_AT ((size_t)1 << 20)

struct vi_out {
	FILE *f;          /* where the bytes go, or NULL: memory only */
	char *p;
	size_t len, cap;
	int werr;         /* errno of the first failed write, else 0 */
};

#define VI_OUT_INIT(stream) { (stream), NULL, 0, 0, 0 }

void vi_out_str(struct vi_out *o, const char *s);
void vi_out_u64(struct vi_out *o, uint64_t v);   /* plain decimal */
void vi_out_fmt(struct vi_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Room for n more bytes at the end: returns p + len, with at least n bytes
 * available there.  The caller writes k <= n bytes and adds k to len. */
char *vi_out_reserve(struct vi_out *o, size_t n);

/* The same, inline when the room is there (the per-byte path of the
 * matrix and report writers). */
static inline char *
vi_out_room(struct vi_out *o, size_t n)
{
	if (o->len < VI_OUT_FLUSH_AT && n <= o->cap - o->len)
		return o->p + o->len;
	return vi_out_reserve(o, n);
}

static inline void
vi_out_add(struct vi_out *o, const void *s, size_t n)
{
	char *d = vi_out_room(o, n);

	if (n != 0)
		memcpy(d, s, n);
	o->len += n;
}

static inline void
vi_out_ch(struct vi_out *o, char c)
{
	*vi_out_room(o, 1) = c;
	o->len++;
}

/* One CSV field (RFC 4180, comma-separated): written as is, or quoted with
 * its quotes doubled when it holds a comma, a quote, CR or LF - what
 * Python's csv module does with QUOTE_MINIMAL. */
void vi_out_csv(struct vi_out *o, const char *s, size_t n);

/* One TSV field: backslash, TAB, LF and CR written as \\, \t, \n, \r, every
 * other byte as is.  (vi-presence writes its TSV in the key stream escaping
 * instead, vi_ks_escape, which also escapes other control bytes.) */
void vi_out_tsv(struct vi_out *o, const char *s, size_t n);

/* Write what is buffered (nothing without a stream).  0, or -1 when a write
 * has failed, now or before (werr). */
int vi_out_flush(struct vi_out *o);

/* 0, or -1 with e set (74, "write error", werr) when a write has failed. */
int vi_out_check(const struct vi_out *o, struct vi_error *e);

/* Flush, then release the buffer.  0, or -1 with e set (74, "write error",
 * werr) when a write failed. */
int vi_out_close(struct vi_out *o, struct vi_error *e);

/* Release the buffer without writing it. */
void vi_out_free(struct vi_out *o);

#endif
