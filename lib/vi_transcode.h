/*
 * vi_transcode.h - input in another encoding, transcoded to UTF-8 with
 * iconv(3) before the CSV reader parses it (--encoding NAME).
 *
 * Contract
 * - vi_transcode_open() takes any name iconv knows ("latin1", "cp1252",
 *   "utf-16", "UTF-16LE", "SHIFT_JIS"...); an unknown name is status 64.
 *   "utf-16" and "utf-32" (any case, with or without the dash) read a byte
 *   order mark when there is one (it is skipped) and otherwise tell the byte
 *   order from the first character's zero bytes (little-endian if the first
 *   code unit's high bytes are zero when read that way, else big-endian).
 * - vi_transcode_read() pulls source bytes through the callback src (the
 *   decompressed input) and gives UTF-8, whole characters only.  A byte
 *   sequence that is invalid in the encoding, or a character cut short by
 *   the end of the input, is status 65 with e->byte the 1-based offset of
 *   its first byte in the source (e->line 0: the reader knows the line);
 *   the UTF-8 of the characters before it is delivered first.
 * - Positions: vi_transcode_src_len() says how many source bytes encoded
 *   the UTF-8 bytes u[0..n) (whole characters).  Exact for single-byte
 *   encodings (any encoding in which no byte starts a multi-byte
 *   character: Latin-1, CP1252, ISO-8859-x, KOI8...) and for UTF-16 and
 *   UTF-32 (computed from the code points); for other multibyte encodings
 *   the characters are encoded again with iconv and their bytes counted,
 *   which is exact unless the encoding has shift states or several byte
 *   sequences for one character.  vi_transcode_bom() is the length of the
 *   byte order mark skipped at the start (the first UTF-8 byte is then at
 *   source offset bom).
 * - Nothing here prints or exits.
 */
#ifndef VI_TRANSCODE_H
#define VI_TRANSCODE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vi_err.h"

/* Where source bytes come from: as read(2), with errors in e. */
typedef ssize_t (*vi_transcode_src)(void *arg, void *buf, size_t n,
    struct vi_error *e);

struct vi_transcode;

/* 1 if iconv can convert from this encoding to UTF-8. */
int vi_transcode_known(const char *encoding);

/* NULL with e filled: 64 for an encoding iconv does not know. */
struct vi_transcode *vi_transcode_open(const char *encoding,
    vi_transcode_src src, void *arg, struct vi_error *e);

/* Up to n (at least 4) bytes of UTF-8 into buf: their number, 0 at the end,
 * -1 with e filled (65 bad input, 74 read error).  Errors are sticky. */
ssize_t vi_transcode_read(struct vi_transcode *t, void *buf, size_t n,
    struct vi_error *e);

/* Source bytes of the UTF-8 characters u[0..n). */
uint64_t vi_transcode_src_len(struct vi_transcode *t, const unsigned char *u,
    size_t n);
/* The byte order mark skipped at the start (0, 2 or 4 bytes). */
unsigned vi_transcode_bom(const struct vi_transcode *t);
/* Source bytes consumed so far, the byte order mark included. */
uint64_t vi_transcode_src_bytes(const struct vi_transcode *t);

void vi_transcode_close(struct vi_transcode *t);

#endif
