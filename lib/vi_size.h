/*
 * vi_size.h - parsing memory sizes such as "256M" (for -S).
 *
 * A size is a decimal number followed by at most one suffix: b (bytes),
 * K, M, G, T (powers of 1024, either case).  A bare number counts KiB, as in
 * sort(1).  Every multiplication is checked for overflow.
 */
#ifndef VI_SIZE_H
#define VI_SIZE_H

#include <stddef.h>

/* 0 and *out set, or -1 if s is not a size or does not fit in size_t. */
int vi_size_parse(const char *s, size_t *out);

#endif
