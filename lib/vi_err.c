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
	e->side = VI_ERR_INPUT;
	e->file[0] = '\0';
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

int
vi_error_at(struct vi_error *e, int side, const char *file)
{
	if (e == NULL)
		return -1;
	e->side = side;
	if (file != NULL)
		snprintf(e->file, sizeof e->file, "%s", file);
	return -1;
}
