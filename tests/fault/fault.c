/*
 * fault.c - an LD_PRELOAD shim that makes library calls fail on purpose, so
 * the tests can prove that failures are reported (exit 70 or 74 with a
 * message, 66 for an input), never turned into wrong output with exit 0.
 * In the spirit of jq's tests/inject_errors.c (fwrite/fclose fail for chosen
 * files) and SQLite's sqlite3_memdebug_fail (the Nth allocation fails, once
 * or from then on).
 *
 *   VI_FAULT=CLASS:N[+][:ERRNO][,CLASS:N[+][:ERRNO]...]
 *
 * makes the Nth call (1-based) of CLASS fail with ERRNO (a name such as
 * ENOSPC, or the class's default); "N+" makes the Nth and every later call
 * fail (SQLite's persistent mode; ignored for EINTR, which would loop).
 *
 *   class    calls counted                                  default errno
 *   malloc   malloc calloc realloc posix_memalign           ENOMEM
 *   read     read pread; fgetc getc fread when the stdio    EIO
 *            buffer is empty (they would call read(2))
 *   write    write sendfile; fwrite fputc fputs printf      ENOSPC
 *            fprintf vfprintf fflush fclose when the call
 *            would flush the stdio buffer (see below)
 *   open     open open64 openat fopen                       EACCES
 *   close    close fclose (the descriptor is released       EIO
 *            all the same, as Linux does)
 *   fsync    fsync fdatasync                                EIO
 *   rename   rename renameat renameat2                      EACCES
 *   mkstemp  mkstemp mkostemp                               ENOSPC
 *
 * Standard error (fd 2) is never failed nor counted: it carries the
 * messages the tests look for.
 *
 * Why stdio is wrapped by hand: glibc's fwrite/fflush reach the kernel
 * through libc-internal aliases (_IO_new_file_write calls __write, a hidden
 * symbol bound inside libc.so), so interposing write() never sees them.  The
 * wrappers read the public glibc FILE fields (_IO_write_ptr, _IO_buf_end,
 * _IO_read_ptr...) to tell whether the call would reach write(2)/read(2), so
 * that "the Nth write" means the same for write() and for a stdio flush.  A
 * failed stdio call sets the stream's error flag (_IO_ERR_SEEN) and errno
 * and returns the call's error value, as a failed flush inside glibc does.
 * EINTR is not injected into stdio: glibc does not retry it either, and no
 * tool installs a handler that returns, so it cannot happen there.  EINTR
 * is injected into read/pread/write/sendfile/open only, before any data
 * moves, as a signal arriving first would.
 *
 * VI_FAULT_LOG=FILE appends at exit one line "malloc=A read=B write=C ..."
 * with the number of calls of each class the process made, and a line
 * "fault CLASS N ERRNO" whenever a fault fires, so a sweep knows how far N
 * must go.  Nothing is changed when VI_FAULT and VI_FAULT_LOG are unset.
 * Not for sanitizer builds (ASan has its own allocator).  Glibc only.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

enum { F_MALLOC, F_READ, F_WRITE, F_OPEN, F_CLOSE, F_FSYNC, F_RENAME,
	F_MKSTEMP, F_N };

static const char *const names[F_N] = { "malloc", "read", "write", "open",
	"close", "fsync", "rename", "mkstemp" };
static const int deferr[F_N] = { ENOMEM, EIO, ENOSPC, EACCES, EIO, EIO,
	EACCES, ENOSPC };

static const struct { const char *name; int num; } errnames[] = {
	{ "EACCES", EACCES }, { "EAGAIN", EAGAIN }, { "EBADF", EBADF },
	{ "EDQUOT", EDQUOT }, { "EEXIST", EEXIST }, { "EFBIG", EFBIG },
	{ "EINTR", EINTR }, { "EIO", EIO }, { "EISDIR", EISDIR },
	{ "EMFILE", EMFILE }, { "ENFILE", ENFILE }, { "ENOENT", ENOENT },
	{ "ENOMEM", ENOMEM }, { "ENOSPC", ENOSPC }, { "EPERM", EPERM },
	{ "EPIPE", EPIPE }, { "EROFS", EROFS }, { "EXDEV", EXDEV },
};

static long target[F_N];        /* 0: never fail */
static int sticky[F_N];         /* fail from target on */
static int errv[F_N];
static long calls[F_N];
static int logfd = -1;
static int state;               /* 0 unset, 1 setting up, 2 ready */

#define REAL(f) static __typeof__(f) *real_##f
REAL(fwrite); REAL(fputc); REAL(fputs); REAL(vfprintf); REAL(fflush);
REAL(fclose); REAL(fgetc); REAL(fread); REAL(fopen); REAL(mkstemp);
REAL(mkostemp); REAL(rename); REAL(renameat); REAL(sendfile);

static void
logmsg(const char *s)
{
	if (logfd >= 0)
		(void)syscall(SYS_write, logfd, s, strlen(s));
}

static void
setup(void)
{
	const char *s, *log;
	char *end;
	size_t i;
	int f;

	if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 0)
		return;
	__atomic_store_n(&state, 1, __ATOMIC_RELEASE);
#define RESOLVE(f) real_##f = (__typeof__(f) *)dlsym(RTLD_NEXT, #f)
	RESOLVE(fwrite); RESOLVE(fputc); RESOLVE(fputs); RESOLVE(vfprintf);
	RESOLVE(fflush); RESOLVE(fclose); RESOLVE(fgetc); RESOLVE(fread);
	RESOLVE(fopen); RESOLVE(mkstemp); RESOLVE(mkostemp); RESOLVE(rename);
	RESOLVE(renameat); RESOLVE(sendfile);
	for (s = getenv("VI_FAULT"); s != NULL && *s != '\0'; ) {
		size_t len = strcspn(s, ":,");

		for (f = 0; f < F_N; f++)
			if (strlen(names[f]) == len &&
			    strncmp(s, names[f], len) == 0)
				break;
		s += len;
		if (f == F_N || *s != ':') {
			s = strchr(s, ',');
			s = s ? s + 1 : NULL;
			continue;
		}
		target[f] = strtol(s + 1, &end, 10);
		errv[f] = deferr[f];
		s = end;
		if (*s == '+') {
			sticky[f] = 1;
			s++;
		}
		if (*s == ':') {
			len = strcspn(++s, ",");
			for (i = 0; i < sizeof errnames / sizeof errnames[0]; i++)
				if (strlen(errnames[i].name) == len &&
				    strncmp(s, errnames[i].name, len) == 0)
					errv[f] = errnames[i].num;
			s += len;
		}
		if (errv[f] == EINTR)
			sticky[f] = 0;
		if (*s == ',')
			s++;
	}
	log = getenv("VI_FAULT_LOG");
	if (log != NULL && *log != '\0')
		logfd = (int)syscall(SYS_openat, AT_FDCWD, log,
		    O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	__atomic_store_n(&state, 2, __ATOMIC_RELEASE);
}

__attribute__((constructor)) static void
init(void)
{
	setup();
}

__attribute__((destructor)) static void
fini(void)
{
	char line[512];
	size_t n = 0;
	int f;

	if (logfd < 0)
		return;
	for (f = 0; f < F_N; f++)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s%s=%ld",
		    f ? " " : "", names[f], __atomic_load_n(&calls[f],
		    __ATOMIC_RELAXED));
	snprintf(line + n, sizeof line - n, "\n");
	logmsg(line);
}

/* Count a call of class f: 1 (errno set) if it must fail. */
static int
fail(int f)
{
	long k;

	if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 2) {
		setup();
		if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 2)
			return 0;       /* called by dlsym during setup */
	}
	k = __atomic_add_fetch(&calls[f], 1, __ATOMIC_RELAXED);
	if (target[f] <= 0 || k < target[f] || (k > target[f] && !sticky[f]))
		return 0;
	if (logfd >= 0) {
		char line[80];
		size_t i;
		const char *en = "?";

		for (i = 0; i < sizeof errnames / sizeof errnames[0]; i++)
			if (errnames[i].num == errv[f])
				en = errnames[i].name;
		snprintf(line, sizeof line, "fault %s %ld %s\n", names[f], k,
		    en);
		logmsg(line);
	}
	errno = errv[f];
	return 1;
}

/* The same for a stdio call, where EINTR is never injected. */
static int
fail_stdio(int f)
{
	if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) == 2 && errv[f] == EINTR)
		return 0;
	return fail(f);
}

/* ---- malloc ---- */

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

/* ---- descriptors ---- */

ssize_t
read(int fd, void *p, size_t n)
{
	return fail(F_READ) ? -1 : syscall(SYS_read, fd, p, n);
}

ssize_t
pread(int fd, void *p, size_t n, off_t off)
{
	return fail(F_READ) ? -1 : syscall(SYS_pread64, fd, p, n, off);
}

ssize_t
write(int fd, const void *p, size_t n)
{
	if (fd != STDERR_FILENO && fail(F_WRITE))
		return -1;
	return syscall(SYS_write, fd, p, n);
}

ssize_t
sendfile(int out, int in, off_t *off, size_t n)
{
	if (fail(F_WRITE))
		return -1;
	return real_sendfile(out, in, off, n);
}

static int
vopen(int dirfd, const char *path, int flags, va_list ap)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	if (fail(F_OPEN))
		return -1;
	return (int)syscall(SYS_openat, dirfd, path, flags, mode);
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = vopen(AT_FDCWD, path, flags, ap);
	va_end(ap);
	return fd;
}

int
open64(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = vopen(AT_FDCWD, path, flags, ap);
	va_end(ap);
	return fd;
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = vopen(dirfd, path, flags, ap);
	va_end(ap);
	return fd;
}

int
close(int fd)
{
	int rc, saved;

	if (fd == STDERR_FILENO)
		return (int)syscall(SYS_close, fd);
	rc = fail(F_CLOSE);
	saved = errno;
	if (syscall(SYS_close, fd) < 0)
		return -1;
	errno = saved;
	return rc ? -1 : 0;
}

int
fsync(int fd)
{
	return fail(F_FSYNC) ? -1 : (int)syscall(SYS_fsync, fd);
}

int
fdatasync(int fd)
{
	return fail(F_FSYNC) ? -1 : (int)syscall(SYS_fdatasync, fd);
}

int
rename(const char *a, const char *b)
{
	return fail(F_RENAME) ? -1 : real_rename(a, b);
}

int
renameat(int da, const char *a, int db, const char *b)
{
	return fail(F_RENAME) ? -1 : real_renameat(da, a, db, b);
}

int
renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
	return fail(F_RENAME) ? -1 :
	    (int)syscall(SYS_renameat2, da, a, db, b, flags);
}

int
mkstemp(char *tmpl)
{
	return fail(F_MKSTEMP) ? -1 : real_mkstemp(tmpl);
}

int
mkostemp(char *tmpl, int flags)
{
	return fail(F_MKSTEMP) ? -1 : real_mkostemp(tmpl, flags);
}

/* ---- stdio ---- */

#define ERR_SEEN 0x20           /* glibc's _IO_ERR_SEEN */
#define UNBUFFERED 0x2          /* _IO_UNBUFFERED */
#define LINE_BUF 0x200          /* _IO_LINE_BUF */

/* Would writing n bytes (p, if known) to f reach write(2)? */
static int
flushes(FILE *f, const void *p, size_t n)
{
	size_t room;

	if (f == NULL || fileno(f) == STDERR_FILENO || n == 0)
		return 0;
	if (f->_flags & UNBUFFERED)
		return 1;
	if ((f->_flags & LINE_BUF) && p != NULL && memchr(p, '\n', n) != NULL)
		return 1;
	if (f->_IO_buf_base == NULL)
		return n >= BUFSIZ;
	room = (size_t)(f->_IO_buf_end - (f->_IO_write_ptr > f->_IO_buf_base ?
	    f->_IO_write_ptr : f->_IO_buf_base));
	return n > room;
}

/* Does f hold unwritten output? */
static int
dirty(FILE *f)
{
	return f != NULL && fileno(f) != STDERR_FILENO &&
	    f->_IO_write_ptr > f->_IO_write_base;
}

static int
stdio_failed(FILE *f)
{
	f->_flags |= ERR_SEEN;
	return 1;
}

size_t
fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	if (size != 0 && n != 0 && flushes(f, p, size * n) &&
	    fail_stdio(F_WRITE) && stdio_failed(f))
		return 0;
	return real_fwrite(p, size, n, f);
}

int
fputc(int c, FILE *f)
{
	char ch = (char)c;

	if (flushes(f, &ch, 1) && fail_stdio(F_WRITE) && stdio_failed(f))
		return EOF;
	return real_fputc(c, f);
}

int
fputs(const char *s, FILE *f)
{
	if (flushes(f, s, strlen(s)) && fail_stdio(F_WRITE) &&
	    stdio_failed(f))
		return EOF;
	return real_fputs(s, f);
}

int
vfprintf(FILE *f, const char *fmt, va_list ap)
{
	char small[1024];
	va_list aq;
	int n;

	if (fileno(f) != STDERR_FILENO) {
		va_copy(aq, ap);
		n = vsnprintf(small, sizeof small, fmt, aq);
		va_end(aq);
		if (n > 0 && flushes(f, n < (int)sizeof small ? small : NULL,
		    (size_t)n) && fail_stdio(F_WRITE) && stdio_failed(f))
			return -1;
	}
	return real_vfprintf(f, fmt, ap);
}

int
fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int
printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int
fflush(FILE *f)
{
	if (dirty(f == NULL ? stdout : f) && fail_stdio(F_WRITE) &&
	    stdio_failed(f == NULL ? stdout : f))
		return EOF;
	return real_fflush(f);
}

int
fclose(FILE *f)
{
	int wfail = 0, cfail = 0, rc, saved = 0;

	if (dirty(f) && fail_stdio(F_WRITE)) {
		wfail = 1;
		saved = errno;
	}
	if (fileno(f) != STDERR_FILENO && fail_stdio(F_CLOSE)) {
		cfail = 1;
		saved = errno;
	}
	rc = real_fclose(f);
	if (wfail || cfail) {
		errno = saved;
		return EOF;
	}
	return rc;
}

int
fgetc(FILE *f)
{
	if (f->_IO_read_ptr >= f->_IO_read_end && fail_stdio(F_READ)) {
		f->_flags |= ERR_SEEN;
		return EOF;
	}
	return real_fgetc(f);
}

int
getc(FILE *f)
{
	return fgetc(f);
}

size_t
fread(void *p, size_t size, size_t n, FILE *f)
{
	if (size != 0 && n != 0 &&
	    (size_t)(f->_IO_read_end - f->_IO_read_ptr) < size * n &&
	    fail_stdio(F_READ)) {
		f->_flags |= ERR_SEEN;
		return 0;
	}
	return real_fread(p, size, n, f);
}

FILE *
fopen(const char *path, const char *mode)
{
	return fail(F_OPEN) ? NULL : real_fopen(path, mode);
}
