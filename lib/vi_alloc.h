/*
 * vi_alloc.h - checked allocation.
 *
 * Contract: these never return NULL.  On failure they print
 * "PROG: out of memory" and exit with 70 (EX_SOFTWARE); PROG is the name given
 * to vi_cli_init().  Sizes are checked for overflow before multiplying.
 */
#ifndef VI_ALLOC_H
#define VI_ALLOC_H

#include <stddef.h>

void *vi_xmalloc(size_t n);
void *vi_xcalloc(size_t count, size_t size);
void *vi_xrealloc(void *p, size_t n);
/* realloc to count*size bytes, checking the multiplication. */
void *vi_xreallocarray(void *p, size_t count, size_t size);
/* a + b and a * b, or the out-of-memory exit when the result does not fit a
 * size_t: for sizes computed before an allocation. */
size_t vi_xadd(size_t a, size_t b);
size_t vi_xmul(size_t a, size_t b);
char *vi_xstrdup(const char *s);
char *vi_xmemdup(const void *p, size_t n); /* adds a NUL after n bytes */
/* p itself, or the out-of-memory exit when p is NULL: for what other
 * libraries allocate (XXH3_createState, json_object, ...). */
void *vi_xnonnull(void *p);

#endif
