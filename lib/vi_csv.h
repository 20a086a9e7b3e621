/*
 * vi_csv.h - the one CSV reader every tool uses, over libcsv.
 *
 * Contract
 * - Input is a path or "-" (stdin, pipes included), read with read(2)/pread(2)
 *   into a bounded buffer that only grows to hold the longest record.  The
 *   file is never loaded or mapped whole.
 * - libcsv in strict mode is the parser of record.  Nothing is trimmed
 *   (a space function that says "no"), the last record without a newline is
 *   kept (csv_fini), and a line ending is LF, CRLF or a lone CR.  Blank lines
 *   (nothing but a line ending) are skipped and counted.  A record that is
 *   one line without a quote byte, ending in a line ending, is split by a
 *   fast path (vi_split.h) into the same fields with the same positions,
 *   errors and counts; VI_PARSER=libcsv in the environment sends every
 *   record through libcsv.
 * - Positions: lines are 1-based physical lines, counted across quoted
 *   newlines; bytes are 1-based offsets in the file (a stripped BOM counts).
 * - Encoding: a UTF-8 BOM is stripped and reported; a UTF-16/UTF-32 BOM is a
 *   data error (65) that names the --encoding to use.  Invalid UTF-8 is
 *   counted, the first place remembered (and whether its bytes look like
 *   Latin-1 or CP1252); it does not stop the reader.
 * - Compressed input (gzip, zstd; vi_decomp.h) is decompressed below the
 *   parser: positions and info.bytes are those of the decompressed bytes,
 *   raw bytes are decompressed bytes.
 * - dialect.encoding (vi_transcode.h): the input (decompressed) is
 *   transcoded to UTF-8 before parsing.  Fields and raw bytes are UTF-8;
 *   positions (record bytes, errors, rejects) and info.bytes are offsets in
 *   the source bytes, mapped back through the transcoder (exact, see
 *   vi_transcode.h for the multibyte encodings where they may not be).  A
 *   byte sequence invalid in the encoding is a data error (65) at its source
 *   byte, on the line the reader had reached.
 * - Malformed input: a stray quote, a character after a closing quote, an
 *   unterminated quoted field (reported at the line and byte where its quote
 *   opened) and a record whose field count differs from the header's (or from
 *   the first record's without a header).  Strict: vi_csv_next() fails with
 *   status 65 at the first one.  Lenient: the record is rejected, counted and
 *   remembered (the first VI_CSV_REJECTS_KEPT), the reader resumes at the next
 *   line, and records_read == records_ok + records_rejected always.
 * - The record limit (dialect.max_record): a record's bytes, the line
 *   ending that ends it aside, may be at most that many; no more than that
 *   (plus two bytes) of one record is ever read into the buffer.  A quoted
 *   field still open at the end of the input, or at the limit's byte, is an
 *   unterminated quote: in lenient mode the record is rejected up to the
 *   line where that quote opened, and reading resumes on the next line
 *   (the rest of a long line is skipped unread), so one stray quote never
 *   swallows the rest of the file.  Past the limit outside quotes is always
 *   a data error, "record longer than N bytes", at the record's start.
 * - Ownership: a record's fields and raw bytes are borrowed until the next
 *   call to vi_csv_next() or vi_csv_close(); copy to keep.  The header is
 *   owned by the reader until vi_csv_close().
 */
#ifndef VI_CSV_H
#define VI_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "vi_err.h"

struct vi_dialect {
	unsigned char delim;  /* ',' by default; '\t' with -d '\t' */
	unsigned char quote;  /* '"' by default */
	int header;           /* 1: the first record names the columns */
	int lenient;          /* 1: reject bad records and go on */
	size_t max_record;    /* longest record in bytes; 0 = the default */
	const char *encoding; /* --encoding: an iconv name; NULL = UTF-8 as
			       * is (borrowed: must outlive the readers) */
};

/* A record may be this long by default (its bytes are held in memory). */
#define VI_CSV_MAX_RECORD_DEFAULT ((size_t)64 << 20)

/* 1 if VI_PARSER=libcsv: no fast path (read when a reader is made). */
int vi_csv_parser_is_libcsv(void);

/* Defaults: comma, double quote, header, strict. */
void vi_dialect_default(struct vi_dialect *d);
/* Parse a -d argument: one byte, or "\t", "tab", "\\t".  -1 if invalid. */
int vi_dialect_parse_delim(const char *arg, unsigned char *out);

struct vi_field {
	const char *p;        /* not NUL-terminated */
	size_t n;
};

struct vi_record {
	const struct vi_field *fields;
	size_t nfields;
	uint64_t number;      /* 1-based data record number (header excluded) */
	uint64_t line;        /* physical line where the record starts */
	uint64_t byte;        /* 1-based offset of its first byte */
	const char *raw;      /* the record's bytes as read, line ending included */
	size_t raw_len;
};

struct vi_reject {
	uint64_t line, byte;
	char reason[96];
};

#define VI_CSV_REJECTS_KEPT 10

enum { VI_CSV_LATIN1 = 1, VI_CSV_CP1252 = 2 };

/* What the reader found; valid at any time, final after EOF. */
struct vi_csv_info {
	uint64_t bytes;             /* bytes read (BOM included) */
	uint64_t lines;             /* physical lines seen */
	uint64_t records_read;      /* data records, header excluded */
	uint64_t records_ok;
	uint64_t records_rejected;
	uint64_t quoting_rejects;   /* rejected for a quoting fault */
	uint64_t blank_lines;
	size_t columns;             /* from the header or the first record */
	int bom_utf8;               /* a UTF-8 BOM was stripped */
	uint64_t utf8_invalid;      /* invalid UTF-8 sequences */
	uint64_t utf8_first_line, utf8_first_byte;
	/* What the bytes of the invalid sequences look like: VI_CSV_LATIN1
	 * (all of them Latin-1 letters/signs), VI_CSV_CP1252 (some in
	 * 0x80-0x9F, all defined in CP1252), else 0. */
	int utf8_hint;
	size_t nrejects_kept;
	struct vi_reject rejects[VI_CSV_REJECTS_KEPT];
};

struct vi_csv;

/* Open path ("-" = stdin).  NULL on failure with e filled (66 if it cannot be
 * opened).  The header (when the dialect has one) is read at once; a file
 * that is empty or has only a header yields no records. */
struct vi_csv *vi_csv_open(const char *path, const struct vi_dialect *d,
    struct vi_error *e);

/* A part of a regular file for a parallel scan: bytes [start, end) of fd,
 * which must begin at a record boundary; first_line is the physical line at
 * start; ncols is the field count every record must have; records are
 * numbered from first_number (a parallel scan may pass 0: numbers are then
 * relative to the part).  ncols 0: the first record's field count, as
 * without a header.  The header is not read.  fd is not closed. */
struct vi_csv *vi_csv_open_range(int fd, const char *name,
    const struct vi_dialect *d, uint64_t start, uint64_t end,
    uint64_t first_line, uint64_t first_number, size_t ncols,
    struct vi_error *e);

/* Aim a reader made by vi_csv_open_range() at bytes [start, end) of its
 * file, as if it had been opened there (same column count), keeping its
 * buffers: for reading single records again at offsets saved from an
 * earlier pass (r->byte - 1, r->raw_len).  The reader's info keeps
 * counting. */
void vi_csv_seek(struct vi_csv *c, uint64_t start, uint64_t end,
    uint64_t first_line, uint64_t first_number);

/* 1: a record in *r.  0: end of input.  -1: error in e (65 data, 74 I/O). */
int vi_csv_next(struct vi_csv *c, struct vi_record *r, struct vi_error *e);

/* The header's fields (NULL, 0 without a header). */
const struct vi_field *vi_csv_header(const struct vi_csv *c, size_t *n);
const struct vi_csv_info *vi_csv_info(const struct vi_csv *c);
const char *vi_csv_name(const struct vi_csv *c);
/* The file descriptor and whether the reader's offsets are offsets in it:
 * *regular is 1 only for a regular file read as it is, neither compressed
 * nor transcoded.  Only then may a caller pread(2) records at their byte
 * offsets or split the file for a parallel scan.  *size is the file's size
 * (a regular file's, compressed or not; 0 for a pipe). */
int vi_csv_fd(const struct vi_csv *c, int *regular, uint64_t *size);
/* After vi_csv_next() returned 0: 1 if the input ended at a record
 * boundary (no partial last record had to be flushed). */
int vi_csv_clean_end(const struct vi_csv *c);
/* The offset just past the header (where data records start). */
uint64_t vi_csv_data_offset(const struct vi_csv *c);
uint64_t vi_csv_data_line(const struct vi_csv *c);

void vi_csv_close(struct vi_csv *c);

#endif
