/* vi_alloc.c - checked allocation (see vi_alloc.h). */
#include "vi_alloc.h"
#include "vi_cli.h"
#include "vi_err.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void
oom(void)
{
	vi_cli_die(VI_EX_SOFTWARE, "out of memory");
}

void *
vi_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
vi_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
vi_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

void *
vi_xreallocarray(void *p, size_t count, size_t size)
{
	return vi_xrealloc(p, vi_xmul(count, size));
}

size_t
vi_xadd(size_t a, size_t b)
{
	if (b > SIZE_MAX - a)
		oom();
	return a + b;
}

size_t
vi_xmul(size_t a, size_t b)
{
	if (b != 0 && a > SIZE_MAX / b)
		oom();
	return a * b;
}

char *
vi_xstrdup(const char *s)
{
	return vi_xmemdup(s, strlen(s));
}

char *
vi_xmemdup(const void *p, size_t n)
{
	char *q;

	if (n == SIZE_MAX)
		oom();
	q = vi_xmalloc(n + 1);
	memcpy(q, p, n);
	q[n] = '\0';
	return q;
}

void *
vi_xnonnull(void *p)
{
	if (p == NULL)
		oom();
	return p;
}
