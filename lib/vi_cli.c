/* vi_cli.c - messages, exit statuses, checked stdout (see vi_cli.h). */
#include "vi_cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *progname = "vi";
static char outbuf[1 << 20];

void
vi_cli_init(const char *name)
{
	const char *slash = strrchr(name, '/');

	progname = slash ? slash + 1 : name;
	setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
}

const char *
vi_cli_progname(void)
{
	return progname;
}

static void
vwarn(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
vi_cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
vi_cli_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(status);
}

void
vi_cli_report(const char *file, const struct vi_error *e)
{
	if (file == NULL)
		file = "-";
	if (e->line > 0)
		fprintf(stderr, "%s: %s:%llu:%llu: %s\n", progname, file,
		    (unsigned long long)e->line, (unsigned long long)e->byte,
		    e->msg);
	else if (e->errnum != 0 && e->msg[0] != '\0')
		fprintf(stderr, "%s: %s: %s: %s\n", progname, file, e->msg,
		    strerror(e->errnum));
	else if (e->errnum != 0)
		fprintf(stderr, "%s: %s: %s\n", progname, file,
		    strerror(e->errnum));
	else
		fprintf(stderr, "%s: %s: %s\n", progname, file, e->msg);
}

void
vi_cli_fail(const char *file, const struct vi_error *e)
{
	vi_cli_report(file, e);
	exit(e->status ? e->status : VI_EX_SOFTWARE);
}

void
vi_cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s", usage);
	exit(VI_EX_USAGE);
}

void
vi_cli_version(void)
{
	printf("%s (ViewerIt core) %s\n", progname, VI_VERSION);
	vi_cli_exit(VI_EX_OK);
}

void
vi_cli_help(const char *text)
{
	vi_cli_write(stdout, text, strlen(text));
	vi_cli_exit(VI_EX_OK);
}

void
vi_cli_help2(const char *usage, const char *text)
{
	vi_cli_write(stdout, usage, strlen(usage));
	vi_cli_help(text);
}

void
vi_cli_write_failed(int errnum)
{
	if (errnum == EPIPE) {
		/* The reader went away: die as if by SIGPIPE, quietly. */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		_exit(128 + SIGPIPE);
	}
	fprintf(stderr, "%s: write error: %s\n", progname,
	    errnum ? strerror(errnum) : "unknown error");
	_exit(VI_EX_IOERR);
}

void
vi_cli_output_failed(const struct vi_error *e)
{
	if (e->status == VI_EX_SOFTWARE)
		vi_cli_die(VI_EX_SOFTWARE, "%s", e->msg);
	vi_cli_write_failed(e->errnum);
}

void
vi_cli_write(FILE *f, const void *p, size_t n)
{
	if (n != 0 && fwrite(p, 1, n, f) != n)
		vi_cli_write_failed(errno);
}

static int stdout_closed;

int
vi_cli_close_stdout(void)
{
	int saved;

	if (stdout_closed)
		return 0;
	stdout_closed = 1;
	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		saved = errno;
		fclose(stdout);
		errno = saved;
		return -1;
	}
	return fclose(stdout) == EOF ? -1 : 0;
}

void
vi_cli_exit(int status)
{
	if (vi_cli_close_stdout() < 0)
		vi_cli_write_failed(errno);
	exit(status);
}

unsigned long long
vi_cli_parse_count(const char *usage, const char *opt, const char *arg)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (arg[0] < '0' || arg[0] > '9')
		vi_cli_usage_error(usage, "%s: not a number: %s", opt, arg);
	v = strtoull(arg, &end, 10);
	if (errno == ERANGE || *end != '\0')
		vi_cli_usage_error(usage, "%s: not a valid number: %s", opt,
		    arg);
	return v;
}
