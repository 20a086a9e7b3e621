/* vi_cli.c - messages, exit statuses, checked stdout (see vi_cli.h). */
#include "vi_cli.h"
#include "vi_progress.h"
#include "vi_size.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_tmp.h"

/* No descriptor for a standard stream could be had: nothing to report
 * on, so only a status. */
#define VI_EX_OSERR_FD 71

static const char *progname = "vi";
static char outbuf[1 << 20];

void
vi_cli_init(const char *name)
{
	const char *slash = strrchr(name, '/');
	int fd;

	progname = slash ? slash + 1 : name;
	/* A closed standard descriptor is taken by /dev/null opened the wrong
	 * way round: I/O on it still fails (EBADF) as on a closed one, but
	 * no input or temporary file can land on it and be mistaken for it. */
	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) != fd)
			_exit(VI_EX_OSERR_FD);
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
	vi_progress_clear();
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
	vi_progress_clear();
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
vi_cli_error(const char *file, const struct vi_error *e)
{
	if (e->side == VI_ERR_OUTPUT && e->status == VI_EX_IOERR) {
		if (e->errnum == EPIPE || e->file[0] == '\0')
			vi_cli_write_failed(e->errnum);
		vi_progress_clear();
		fprintf(stderr, "%s: %s: write error: %s\n", progname,
		    e->file, strerror(e->errnum ? e->errnum : EIO));
		vi_tmp_cleanup();
		exit(VI_EX_IOERR);
	}
	vi_cli_fail(e->file[0] != '\0' ? e->file : file, e);
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
		vi_tmp_cleanup();
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		_exit(128 + SIGPIPE);
	}
	fprintf(stderr, "%s: write error: %s\n", progname,
	    errnum ? strerror(errnum) : "unknown error");
	vi_tmp_cleanup();
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

/* Flush and close stdout, checked: 0, or -1 with errno set (0 if the stream
 * only had its error flag). */
static int
close_stdout(void)
{
	int saved;

	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		saved = errno;
		fclose(stdout);
		errno = saved;
		return -1;
	}
	return fclose(stdout) == EOF ? -1 : 0;
}

/* Outputs replaced at a clean exit: their temporary file (owned by vi_tmp)
 * and the path it is renamed to.  The standard output's (-o) is renamed
 * last. */
struct pending {
	const char *tmp;
	char *dest;
};
static struct pending pend[4];
static int npend;
static struct pending out_pend;         /* -o, if out_pend.tmp != NULL */

void
vi_cli_exit(int status)
{
	struct vi_error e;
	int i;

	if (close_stdout() < 0)
		vi_cli_write_failed(errno);
	for (i = 0; i <= npend; i++) {
		struct pending *p = i < npend ? &pend[i] : &out_pend;

		if (p->tmp == NULL)
			continue;
		if (status != VI_EX_OK && status != VI_EX_NO) {
			vi_tmp_remove(p->tmp);
		} else if (vi_tmp_rename(p->tmp, p->dest, &e) < 0) {
			vi_cli_report(p->dest, &e);
			exit(VI_EX_IOERR);      /* the atexit hook removes the rest */
		}
	}
	exit(status);
}

/* Open the output path: the descriptor of a new temporary file beside it,
 * listed in vi_tmp, with p filled in for the rename at exit; or, for a path
 * that exists and is not a regular file (/dev/null, a FIFO, a terminal),
 * the path itself, opened for writing (p->tmp stays NULL): renaming over
 * it would replace the device.  A symbolic link is followed, so the file it
 * names is replaced, not the link.  Exits 74 on failure. */
static int
open_output(const char *path, struct pending *p)
{
	struct vi_error e;
	struct stat st;
	char *dest, *dir, *slash;
	mode_t mask;
	int fd;

	vi_error_clear(&e);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		do
			fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		while (fd < 0 && errno == EINTR);
		if (fd < 0) {
			vi_error_set(&e, VI_EX_IOERR, errno, 0, 0, "%s", "");
			vi_cli_fail(path, &e);
		}
		return fd;
	}
	dest = NULL;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		dest = realpath(path, NULL);    /* NULL: a dangling link */
	if (dest == NULL)
		dest = vi_xstrdup(path);
	dir = vi_xstrdup(dest);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	if ((fd = vi_tmp_create(dir, ".vi-out", &p->tmp, &e)) < 0) {
		free(dir);
		free(dest);
		vi_cli_fail(path, &e);
	}
	free(dir);
	p->dest = dest;
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	return fd;
}

void
vi_cli_output(const char *path)
{
	struct vi_error e;
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return;
	fd = open_output(path, &out_pend);
	/* (With stdout closed, the file may have got fd 1 itself.) */
	if (fd != STDOUT_FILENO && (fflush(stdout) == EOF ||
	    dup2(fd, STDOUT_FILENO) < 0)) {
		vi_error_set(&e, VI_EX_IOERR, errno, 0, 0, "%s", "");
		vi_cli_fail(path, &e);
	}
	if (fd != STDOUT_FILENO)
		close(fd);
}

FILE *
vi_cli_output_file(const char *path)
{
	struct vi_error e;
	struct pending p = { NULL, NULL };
	FILE *f;
	int fd;

	if (npend == (int)(sizeof pend / sizeof pend[0]))
		vi_cli_die(VI_EX_SOFTWARE, "too many output files");
	fd = open_output(path, &p);
	if ((f = fdopen(fd, "w")) == NULL) {
		vi_error_set(&e, errno == ENOMEM ? VI_EX_SOFTWARE :
		    VI_EX_IOERR, errno, 0, 0, "%s", "");
		vi_cli_fail(path, &e);
	}
	if (p.tmp != NULL)
		pend[npend++] = p;
	return f;
}

int
vi_cli_getopt(int argc, char *const argv[], const char *shortopts,
    const struct option *longopts, const char *usage, const char *help)
{
	static char opts[128] = ":";
	int ch, at;

	if (opts[1] == '\0')
		snprintf(opts + 1, sizeof opts - 1, "%s", shortopts);
	opterr = 0;
	do {
		at = optind;
		ch = getopt_long(argc, argv, opts, longopts, NULL);
		if (ch == VI_CLI_OPT_PROGRESS)
			vi_progress_force();
	} while (ch == VI_CLI_OPT_PROGRESS);
	switch (ch) {
	case 'h':
		vi_cli_help(help);
	case 'V':
		vi_cli_version();
	case ':': {
		const char *a = argv[optind - 1];

		if (a[0] == '-' && a[1] == '-')
			vi_cli_usage_error(usage, "option requires an "
			    "argument: %.*s", (int)strcspn(a, "="), a);
		vi_cli_usage_error(usage, "option requires an argument: -%c",
		    optopt);
	}
	case '?': {
		/* The element getopt stopped at: a long option is named as
		 * typed, without "=value". */
		const char *a = argv[optind > at ? optind - 1 : at];
		int n = (int)strcspn(a, "=");

		if (a[0] != '-' || a[1] != '-')
			vi_cli_usage_error(usage, "unknown option: -%c",
			    optopt);
		if (optopt != 0)
			vi_cli_usage_error(usage, "option takes no argument: "
			    "%.*s", n, a);
		vi_cli_usage_error(usage, "unknown option: %.*s", n, a);
	}
	}
	return ch;
}

int
vi_cli_choice(const char *usage, const char *opt, const char *arg,
    const char *const *names)
{
	char list[256];
	size_t i, n = 0;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(arg, names[i]) == 0)
			return (int)i;
	list[0] = '\0';
	for (i = 0; names[i] != NULL && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
		    i ? ", " : "", names[i]);
	vi_cli_usage_error(usage, "%s: unknown value: %s (one of: %s)", opt,
	    arg, list);
}

const char *
vi_cli_one_input(int argc, char *const argv[], const char *usage)
{
	if (argc > 1)
		vi_cli_usage_error(usage, "one input at most");
	return argc == 1 ? argv[0] : "-";
}

size_t
vi_cli_sort_budget(const char *usage, const char *arg, size_t min)
{
	size_t v;

	if (vi_size_parse(arg, &v) < 0)
		vi_cli_usage_error(usage, "-S: not a size: %s", arg);
	return v < min ? min : v;
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
