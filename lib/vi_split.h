/*
 * vi_split.h - find the delimiters of one quote-free CSV line, fast.
 *
 * Contract
 * - vi_split_line() scans s[0..n) from its start for the first line ending
 *   byte (LF or CR) and, before it, the delimiter bytes, stopping early at a
 *   quote byte.  It never reads past s + n.
 * - VI_SPLIT_LINE: s[0..*len) is a line without quote, LF or CR bytes and
 *   s[*len] is LF or CR; pos[0..*nd) are the offsets of its delimiters in
 *   increasing order; *high is nonzero if a byte of the line is >= 0x80.
 * - VI_SPLIT_QUOTE: a quote byte comes before any line ending.
 * - VI_SPLIT_MORE: no line ending (and no quote) in s[0..n).
 * - VI_SPLIT_FULL: the line has more than cap delimiters, or so many that
 *   pos might overflow: call again with a larger array (cap >= 2 * cap).
 *   On QUOTE, MORE and FULL, *len, *nd and *high are unspecified.
 * - The same results whichever implementation runs: AVX2 or SSE2 where the
 *   CPU has them (checked at run time), else a portable byte loop.  For
 *   tests, the environment variable VI_SPLIT (scalar, sse2, avx2) names the
 *   one to use, read once, at the first call.
 * - delim, quote, LF and CR must be four different bytes.
 */
#ifndef VI_SPLIT_H
#define VI_SPLIT_H

#include <stddef.h>

enum { VI_SPLIT_LINE, VI_SPLIT_QUOTE, VI_SPLIT_MORE, VI_SPLIT_FULL };

int vi_split_line(const unsigned char *s, size_t n, unsigned char delim,
    unsigned char quote, size_t *pos, size_t cap, size_t *nd, size_t *len,
    int *high);

/* Which implementation vi_split_line() uses: "avx2", "sse2" or "scalar". */
const char *vi_split_impl(void);

/* Use the implementation of that name from now on (tests): 0, or -1 if
 * this CPU or build does not have it.  Not thread-safe: call it before
 * any thread splits. */
int vi_split_use(const char *name);

#endif
