/*
 * vi_keystream.h - key streams, the contract between vi-keys, vi-sort and
 * vi-presence.  The formats are specified exactly in man/vi-keys.5.
 *
 * A record is {k key fields, optional 64-bit row hash, 1-based source row
 * number, optional source label}.  Every record has one canonical text form,
 * its "line" (without the LF):
 *
 *     KEY1 TAB KEY2 ... TAB KEYk TAB META
 *     META = HASH ':' ROWNUM [ ':' LABEL ]
 *     HASH = 16 lowercase hex digits, or "-" when there is no hash
 *
 * Key fields and the label are escaped: every byte 0x00-0x1f, 0x7f and the
 * backslash become \t \n \r \\ or \xHH (lowercase hex, only for bytes with no
 * short form); nothing else is escaped.  Escaping is injective and canonical,
 * so two keys are equal exactly when their encoded bytes are equal, and a
 * reader rejects any other spelling.  TAB sorts below every byte an encoded
 * field can hold, so comparing whole lines bytewise (memcmp, what
 * `LC_ALL=C sort` does) orders records by key tuple first.  That bytewise
 * line order IS the sort order of both encodings.
 *
 * The binary encoding stores the key in the same encoded form and converts
 * back to the line for comparison, so text and binary streams sort and merge
 * identically.  A reader tells the encodings apart by the first byte: a
 * binary stream starts with NUL, which a text stream can never contain.
 *
 * A binary stream ends with an end record holding the record count and an
 * XXH3-64 checksum of the record bytes; a reader returns end of stream only
 * after it has checked both, and reports a stream that stops before it as
 * truncated (65).  A text stream has no such record (it must stay
 * byte-compatible with `LC_ALL=C sort`), so its truncation cannot be seen.
 *
 * Ownership: a record returned by vi_ks_read() (its line, key and label
 * pointers) is borrowed from the reader until the next vi_ks_read() or
 * vi_ks_reader_close(); copy to keep.  The reader's header is owned by the
 * reader.  Writers copy what they are given.  Nothing here prints or exits;
 * errors fill a struct vi_error (65 malformed input, 74 I/O).
 */
#ifndef VI_KEYSTREAM_H
#define VI_KEYSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "vi_err.h"

enum vi_ks_encoding { VI_KS_TEXT = 1, VI_KS_BINARY = 2 };
/* Their names, "text" and "binary", at index encoding - 1; NULL-ended. */
extern const char *const vi_ks_encodings[];

/* Binary header flags. */
#define VI_KS_F_SORTED   0x1u  /* records are in sort order */
#define VI_KS_F_HASH     0x2u  /* every record has a row hash */

#define VI_KS_MAGIC      "\0VIKEYS\x1a"   /* 8 bytes */
#define VI_KS_MAGIC_LEN  8
#define VI_KS_VERSION    2u

/* Longest META part of a line: 16 + 1 + 20 digits, plus ':' LABEL. */
#define VI_KS_META_MAX   38

struct vi_ks_rec {
	const char *line;     /* canonical text form, no LF, not NUL-ended */
	size_t linelen;
	size_t keylen;        /* the encoded key is line[0, keylen) */
	int has_hash;
	uint64_t hash;
	uint64_t rownum;      /* 1-based data record number in the source */
	const char *label;    /* encoded label (inside line), or NULL */
	size_t labellen;
	uint64_t number;      /* 1-based record number in this stream */
};

/* What a binary header says; for a text stream only nkeys is known (after
 * the first record) and the names are NULL. */
struct vi_ks_header {
	uint32_t flags;       /* VI_KS_F_* */
	uint32_t nkeys;       /* 0 = not known yet */
	char *source;         /* source file name (NUL-ended), or NULL */
	char **names;         /* nkeys column names, or NULL */
};

/* ---- Escaping ---- */

/* Escape n bytes of src into dst, which must hold 4*n bytes.  Returns the
 * number of bytes written. */
size_t vi_ks_escape(char *dst, const void *src, size_t n);
/* Undo vi_ks_escape on a field known to be valid (as every field a reader
 * returns is).  dst must hold n bytes.  Returns the decoded length. */
size_t vi_ks_unescape(void *dst, const char *src, size_t n);

/* Check and split a canonical line (no LF).  Fills r (pointers into line)
 * and returns the number of key fields, or -1 with e set (byte offsets in e
 * are 1-based within the line). */
int vi_ks_parse_line(const char *line, size_t len, struct vi_ks_rec *r,
    struct vi_error *e);

/* Format META for the given values into dst (VI_KS_META_MAX + labellen
 * bytes); returns its length.  label is already encoded. */
size_t vi_ks_format_meta(char *dst, int has_hash, uint64_t hash,
    uint64_t rownum, const char *label, size_t labellen);

/* ---- Order ---- */

/* memcmp(a, b, n) in sign, the first 16 bytes compared as words without a
 * call (keys are short and share prefixes: the call and its size dispatch
 * were a fifth of vi-presence's time). */
static inline int
vi_ks_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	size_t i = 0;

	for (; i + 8 <= n && i < 16; i += 8) {
		uint64_t u, v;

		__builtin_memcpy(&u, x + i, 8);
		__builtin_memcpy(&v, y + i, 8);
		if (u != v) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			u = __builtin_bswap64(u);
			v = __builtin_bswap64(v);
#endif
			return u < v ? -1 : 1;
		}
	}
	return n > i ? __builtin_memcmp(x + i, y + i, n - i) : 0;
}

/* Bytewise order of a[0..alen) and b[0..blen), the shorter first when it
 * is a prefix of the other. */
static inline int
vi_ks_linecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = vi_ks_memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* The sort order: bytewise comparison of whole lines, a shorter line first
 * when it is a prefix of the other.  <0, 0, >0 like memcmp. */
static inline int
vi_ks_cmp(const struct vi_ks_rec *a, const struct vi_ks_rec *b)
{
	return vi_ks_linecmp(a->line, a->linelen, b->line, b->linelen);
}

/* Key order and equality only (encoded keys compared bytewise). */
static inline int
vi_ks_keycmp(const struct vi_ks_rec *a, const struct vi_ks_rec *b)
{
	return vi_ks_linecmp(a->line, a->keylen, b->line, b->keylen);
}

/* The same order from a record's key and fields (line[0..keylen),
 * has_hash, hash, rownum, label): its canonical line need not be there
 * (vi_ks_reader_keys_only). */
int vi_ks_reccmp(const struct vi_ks_rec *a, const struct vi_ks_rec *b);

/* Checks that successive records are in order.  Keeps a copy of the
 * previous line, or of the key, fields and label of a record without its
 * line (grown as needed, no per-record allocation otherwise). */
struct vi_ks_order {
	char *prev;
	size_t len, cap;
	int have;
	struct vi_ks_rec rec;   /* the previous record without its line */
	char *lab;
	size_t labcap;
};
void vi_ks_order_init(struct vi_ks_order *o);
/* 0 if r is not before the previous record, else -1 (r is out of order). */
int vi_ks_order_step(struct vi_ks_order *o, const struct vi_ks_rec *r);
void vi_ks_order_free(struct vi_ks_order *o);

/* If fd is a pipe, make its buffer 1 MB (readers and writers call it). */
void vi_ks_pipe_size(int fd);

/* ---- Reading ---- */

struct vi_ks_reader;

/* Start reading fd (not closed by the reader unless own_fd).  name is used in
 * messages.  Reads the first bytes to learn the encoding and, for a binary
 * stream, the header.  Returns NULL with e set on error. */
struct vi_ks_reader *vi_ks_reader_open(int fd, int own_fd, const char *name,
    struct vi_error *e);
/* 1: a record in *r; 0: end of stream; -1: error in e (65 malformed input
 * with line = text line or binary record number and byte = file offset, 74
 * read error). */
int vi_ks_read(struct vi_ks_reader *rd, struct vi_ks_rec *r,
    struct vi_error *e);
/* From now on, binary records come without their canonical line: line
 * points at the encoded key in the reader's buffer, linelen == keylen, and
 * label (if any) points into the buffer too; both are valid until the next
 * read.  For readers that need keys and fields only (vi-presence): no meta
 * text is formatted per record.  No effect on a text stream. */
void vi_ks_reader_keys_only(struct vi_ks_reader *rd);
enum vi_ks_encoding vi_ks_reader_encoding(const struct vi_ks_reader *rd);
const struct vi_ks_header *vi_ks_reader_header(const struct vi_ks_reader *rd);
const char *vi_ks_reader_name(const struct vi_ks_reader *rd);
/* An input that held no byte at all is not a binary stream (which always
 * has a header and an end record) but what a failed producer leaves: 0 when
 * rd read something, else -1 with e set (65, the message every reading tool
 * prints). */
int vi_ks_reader_require_data(const struct vi_ks_reader *rd,
    struct vi_error *e);
void vi_ks_reader_close(struct vi_ks_reader *rd);

/* ---- Writing ---- */

struct vi_ks_writer;

/* Write to fd (closed by vi_ks_writer_close only if own_fd) with a 1 MB
 * buffer.  For the binary encoding h gives flags, names and source; nkeys 0
 * or missing flags/names are taken from the first record (names become empty
 * strings).  The header is written with the first record or at close. */
struct vi_ks_writer *vi_ks_writer_open(int fd, int own_fd, const char *name,
    enum vi_ks_encoding enc, const struct vi_ks_header *h);
/* A writer that hands its records to put() instead of writing bytes (a
 * sort, say): put() gets every record as its key and fields (line[0,keylen),
 * has_hash, hash, rownum, label; the canonical line may be missing, as with
 * vi_ks_reader_keys_only) and returns 0 or -1 with e set; after a failed
 * put() the writer fails.  vi_ks_writer_close() calls finish() (0 or -1
 * with e set; e may be NULL), vi_ks_writer_abort() and a close after a
 * failure call abandon().  The sink's context is the caller's; exactly one
 * of finish() and abandon() is called. */
struct vi_ks_sink {
	int (*put)(void *ctx, const struct vi_ks_rec *r, struct vi_error *e);
	int (*finish)(void *ctx, struct vi_error *e);
	void (*abandon)(void *ctx);
	void *ctx;
};
struct vi_ks_writer *vi_ks_writer_open_sink(const struct vi_ks_sink *sink,
    const char *name);
/* Append one record given by its canonical line (as vi_ks_parse_line
 * accepts; not re-validated for text).  0 or -1 with e set. */
int vi_ks_write_line(struct vi_ks_writer *w, const char *line, size_t len,
    struct vi_error *e);
/* Append r; a record without its line (linelen == keylen) is written from
 * its key and fields in either encoding. */
int vi_ks_write(struct vi_ks_writer *w, const struct vi_ks_rec *r,
    struct vi_error *e);
/* Build and append a record from raw (unescaped) key fields; for vi-keys. */
int vi_ks_write_fields(struct vi_ks_writer *w, size_t nkeys,
    const char *const *fields, const size_t *lens, int has_hash,
    uint64_t hash, uint64_t rownum, const char *label, size_t labellen,
    struct vi_error *e);
/* Flush buffered output.  0 or -1 with e set (74, errno kept). */
int vi_ks_writer_flush(struct vi_ks_writer *w, struct vi_error *e);
/* Complete the stream: for the binary encoding write the header if no record
 * did, then the end record (record count and checksum); flush, close fd if
 * owned, free.  0 or -1 with e set (e may be NULL).  Call only when every
 * record was written: a stream closed here claims to be complete. */
int vi_ks_writer_close(struct vi_ks_writer *w, struct vi_error *e);
/* Give up: write what is buffered (a binary stream only if its header is
 * out) but no end record, so readers see the stream as truncated; close fd
 * if owned, free. */
void vi_ks_writer_abort(struct vi_ks_writer *w);

#endif
