/*
 * vi_utf8.h - encoding checks on raw input bytes, and the display width of
 * UTF-8 text on a terminal (for the aligned tables).
 *
 * Contract: pure functions over borrowed bytes; nothing is kept.  Widths
 * are computed here, never by wcwidth(3), so that a table has the same bytes
 * whatever the machine's locale.
 */
#ifndef VI_UTF8_H
#define VI_UTF8_H

#include <stddef.h>

/* Byte order marks found at the start of a file. */
enum vi_bom {
	VI_BOM_NONE = 0,
	VI_BOM_UTF8,     /* EF BB BF */
	VI_BOM_UTF16LE,  /* FF FE */
	VI_BOM_UTF16BE,  /* FE FF */
	VI_BOM_UTF32LE,  /* FF FE 00 00 */
	VI_BOM_UTF32BE   /* 00 00 FE FF */
};

/* Which BOM p starts with (n bytes available; needs 4 to tell UTF-32LE). */
enum vi_bom vi_utf8_bom(const unsigned char *p, size_t n, size_t *bom_len);
const char *vi_utf8_bom_name(enum vi_bom b);

/* The length (1 to 4) of the valid UTF-8 sequence that starts p (n bytes
 * available), or 0 if p does not start one. */
size_t vi_utf8_seq(const unsigned char *p, size_t n);

/* Count the invalid UTF-8 sequences in p[0..n) (overlongs, surrogates,
 * code points above U+10FFFF and truncated sequences are invalid; each
 * maximal invalid subpart counts once).  The offset of the first one goes in
 * *first (unchanged when there is none).  Sequences must not be split across
 * calls: callers pass whole lines (a line ending is never inside one). */
size_t vi_utf8_invalid(const unsigned char *p, size_t n, size_t *first);

/* The code point of the valid sequence of len bytes at p (len from
 * vi_utf8_seq, 1 to 4). */
unsigned long vi_utf8_decode(const unsigned char *p, size_t len);

/* Terminal columns of a printable code point: 0 for combining marks,
 * zero-width spaces and joiners and variation selectors, 2 for East Asian
 * wide and fullwidth characters (Hangul, CJK, kana, fullwidth forms) and
 * the emoji blocks, else 1 - a reasonable subset of Unicode's
 * East_Asian_Width, after Markus Kuhn's wcwidth. */
int vi_utf8_cp_width(unsigned long cp);

/* The display width of n bytes of text: each valid UTF-8 sequence as
 * vi_utf8_cp_width says, each other byte 1. */
size_t vi_utf8_width(const char *p, size_t n);

/* How many of the n bytes at s to keep for at most max bytes: n if n <= max,
 * else max less the continuation bytes (at most 3) that would split a UTF-8
 * character at the cut. */
size_t vi_utf8_cut(const char *s, size_t n, size_t max);

#endif
