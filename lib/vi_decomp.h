/*
 * vi_decomp.h - the bytes of an input, decompressed when it is gzip or zstd.
 *
 * Contract
 * - vi_decomp_open() reads the first bytes of fd (a file, a pipe, a
 *   terminal; fd is borrowed, never closed) and tells the format by its
 *   magic bytes, never by a name: 1F 8B is gzip (zlib), 28 B5 2F FD or a
 *   zstd skippable frame (5? 2A 4D 18) is zstd (libzstd), anything else is
 *   read as it is.
 * - vi_decomp_read() gives the next bytes of the decompressed stream (of
 *   the input itself when it is not compressed: then read(2) goes straight
 *   into the caller's buffer, no copy).  Concatenated gzip members and zstd
 *   frames are one stream, as with gzip -d and zstd -d.
 * - Errors never look like the end of the input: corrupt data, a stream
 *   cut short (a truncated file ends inside a member or frame) and bytes
 *   after the last member that are not another member are status 65, with
 *   the 1-based byte offset in the compressed input in the message (the
 *   error's line and byte stay 0: they are positions in the CSV).  For gzip
 *   it is where inflate stopped; for zstd, which checks a block at a time,
 *   the end of the input it had been given (at most 128 KiB after the
 *   damage).  The bytes
 *   decompressed before the fault are delivered first; the error comes with
 *   the next call.  A read error is 74, out of memory 70.
 * - Nothing here prints or exits.  Memory: a 128 KiB input buffer and the
 *   decompressor's state (zstd: at most its default window limit, 128 MiB;
 *   a frame that needs more is a data error).
 */
#ifndef VI_DECOMP_H
#define VI_DECOMP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vi_err.h"

enum vi_decomp_kind { VI_DECOMP_NONE = 0, VI_DECOMP_GZIP, VI_DECOMP_ZSTD };

struct vi_decomp;

/* NULL with e filled on a read error (74) or out of memory (70). */
struct vi_decomp *vi_decomp_open(int fd, struct vi_error *e);

/* Up to n (> 0) bytes into buf: their number, 0 at the end of the input,
 * -1 with e filled.  After an error every call fails the same way. */
ssize_t vi_decomp_read(struct vi_decomp *d, void *buf, size_t n,
    struct vi_error *e);

/* Decompress and drop the rest of the input: 0 if it is intact (or not
 * compressed), -1 with e filled if not.  For a caller that found a fault in
 * the decompressed bytes: damaged compressed data gives garbage before its
 * checksum says so, and the damage is the error to report. */
int vi_decomp_verify(struct vi_decomp *d, struct vi_error *e);

enum vi_decomp_kind vi_decomp_kind(const struct vi_decomp *d);
/* "gzip", "zstd" or "none". */
const char *vi_decomp_name(enum vi_decomp_kind k);
/* Bytes of the input (compressed, when it is) read so far. */
uint64_t vi_decomp_in_bytes(const struct vi_decomp *d);

void vi_decomp_close(struct vi_decomp *d);

#endif
