/* vi_out.c - buffered output and field encodings (see vi_out.h). */
#include "vi_out.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"

char *
vi_out_reserve(struct vi_out *o, size_t n)
{
	size_t need, cap;

	if (o->f != NULL && o->len >= VI_OUT_FLUSH_AT)
		(void)vi_out_flush(o);   /* an error stays in werr */
	if (n > o->cap - o->len) {
		need = vi_xadd(o->len, n);
		cap = o->cap ? o->cap : 256;
		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : 2 * cap;
		o->p = vi_xrealloc(o->p, cap);
		o->cap = cap;
	}
	return o->p + o->len;
}

void
vi_out_str(struct vi_out *o, const char *s)
{
	vi_out_add(o, s, strlen(s));
}

void
vi_out_u64(struct vi_out *o, uint64_t v)
{
	char tmp[20];
	size_t k = 0;
	char *d;

	do {
		tmp[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	d = vi_out_room(o, k);
	o->len += k;
	while (k > 0)
		*d++ = tmp[--k];
}

void
vi_out_fmt(struct vi_out *o, const char *fmt, ...)
{
	va_list ap;
	size_t room;
	char *d;
	int n;

	d = vi_out_reserve(o, 64);
	room = o->cap - o->len;
	va_start(ap, fmt);
	n = vsnprintf(d, room, fmt, ap);
	va_end(ap);
	if (n < 0)               /* only ENOMEM or EOVERFLOW */
		vi_xnonnull(NULL);
	if ((size_t)n >= room) {
		d = vi_out_reserve(o, vi_xadd((size_t)n, 1));
		va_start(ap, fmt);
		(void)vsnprintf(d, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	o->len += (size_t)n;
}

void
vi_out_csv(struct vi_out *o, const char *s, size_t n)
{
	size_t i;
	char *d;

	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			break;
	if (i == n) {
		vi_out_add(o, s, n);
		return;
	}
	d = vi_out_reserve(o, vi_xadd(vi_xmul(n, 2), 2));
	*d++ = '"';
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			*d++ = '"';
		*d++ = s[i];
	}
	*d++ = '"';
	o->len = (size_t)(d - o->p);
}

void
vi_out_tsv(struct vi_out *o, const char *s, size_t n)
{
	size_t i;
	char *d = vi_out_reserve(o, vi_xmul(n, 2));

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\': *d++ = '\\'; *d++ = '\\'; break;
		case '\t': *d++ = '\\'; *d++ = 't'; break;
		case '\n': *d++ = '\\'; *d++ = 'n'; break;
		case '\r': *d++ = '\\'; *d++ = 'r'; break;
		default: *d++ = s[i]; break;
		}
	}
	o->len = (size_t)(d - o->p);
}

int
vi_out_flush(struct vi_out *o)
{
	if (o->f == NULL)
		return 0;
	if (o->len != 0 && o->werr == 0) {
		errno = 0;
		if (fwrite(o->p, 1, o->len, o->f) != o->len)
			o->werr = errno ? errno : EIO;
	}
	o->len = 0;
	return o->werr ? -1 : 0;
}

int
vi_out_check(const struct vi_out *o, struct vi_error *e)
{
	if (o->werr != 0) {
		vi_error_set(e, VI_EX_IOERR, o->werr, 0, 0, "write error");
		return vi_error_at(e, VI_ERR_OUTPUT, NULL);
	}
	return 0;
}

int
vi_out_close(struct vi_out *o, struct vi_error *e)
{
	int rc;

	(void)vi_out_flush(o);
	rc = vi_out_check(o, e);
	vi_out_free(o);
	return rc;
}

void
vi_out_free(struct vi_out *o)
{
	free(o->p);
	o->p = NULL;
	o->len = o->cap = 0;
}
