/* vi_err.c - filling the error record (see vi_err.h). */
#include "vi_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
vi_error_set(struct vi_error *e, int status, int errnum, uint64_t line,
    uint64_t byte, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return -1;
	e->status = status;
	e->errnum = errnum;
	e->line = line;
	e->byte = byte;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return -1;
}

void
vi_error_clear(struct vi_error *e)
{
	memset(e, 0, sizeof *e);
}
