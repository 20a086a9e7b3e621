/*
 * fault.c - an LD_PRELOAD shim that makes library calls fail on purpose, so
 * the tests can prove that failures are reported (exit 70 or 74 with a
 * message), never turned into wrong output with exit 0.
 *
 *   VI_FAULT=NAME:N[,NAME:N...]
 *
 * lets the first N calls of NAME succeed and fails every later one.  Names:
 *   malloc   malloc, calloc, realloc and posix_memalign share one count;
 *            a failure returns NULL with errno ENOMEM.
 * New names are one row in the table below and one wrapper.  Nothing is
 * changed when VI_FAULT is unset.  Not for sanitizer builds (ASan has its
 * own allocator).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

enum { F_MALLOC, F_N };

static const char *const names[F_N] = { "malloc" };
static long limit[F_N];            /* -1: never fail */
static long calls[F_N];
static int ready;

static void
setup(void)
{
	const char *s = getenv("VI_FAULT");
	int i;

	for (i = 0; i < F_N; i++)
		limit[i] = -1;
	while (s != NULL && *s != '\0') {
		const char *colon = strchr(s, ':');
		size_t len = colon ? (size_t)(colon - s) : 0;

		if (colon == NULL)
			break;
		for (i = 0; i < F_N; i++)
			if (strlen(names[i]) == len &&
			    strncmp(s, names[i], len) == 0)
				limit[i] = strtol(colon + 1, NULL, 10);
		s = strchr(colon, ',');
		if (s != NULL)
			s++;
	}
	__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
}

/* 1 if this call of f must fail. */
static int
fail(int f)
{
	if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
		setup();
	if (limit[f] < 0)
		return 0;
	if (__atomic_add_fetch(&calls[f], 1, __ATOMIC_RELAXED) <= limit[f])
		return 0;
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t n)
{
	return fail(F_MALLOC) ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t k)
{
	return fail(F_MALLOC) ? NULL : __libc_calloc(n, k);
}

void *
realloc(void *p, size_t n)
{
	/* realloc(p, 0) frees: never make that fail. */
	if (p != NULL && n == 0)
		return __libc_realloc(p, n);
	return fail(F_MALLOC) ? NULL : __libc_realloc(p, n);
}

int
posix_memalign(void **p, size_t align, size_t n)
{
	if (fail(F_MALLOC))
		return ENOMEM;
	*p = __libc_memalign(align, n);
	return *p == NULL ? ENOMEM : 0;
}
