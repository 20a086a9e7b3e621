/* fuzz_util.c - helpers shared by the fuzz targets (see fuzz.h). */
#define _GNU_SOURCE             /* memfd_create */
#include "fuzz.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>           /* memfd_create */
#include <sys/types.h>
#include <unistd.h>
#include <xxhash.h>

uint8_t
fz_byte(struct fz *f)
{
	if (f->n == 0)
		return 0;
	f->n--;
	return *f->p++;
}

const uint8_t *
fz_take(struct fz *f, size_t n, size_t *len)
{
	const uint8_t *p = f->p;

	if (n > f->n)
		n = f->n;
	f->p += n;
	f->n -= n;
	*len = n;
	return p;
}

#define SLOTS 8
static int slot_fd[SLOTS] = { -1, -1, -1, -1, -1, -1, -1, -1 };

int
fz_file(int slot, const void *p, size_t n)
{
	const char *b = p;
	ssize_t k;
	size_t off = 0;

	if (slot < 0 || slot >= SLOTS)
		fz_fail("fz_file: bad slot %d", slot);
	if (slot_fd[slot] < 0 &&
	    (slot_fd[slot] = memfd_create("fuzz", MFD_CLOEXEC)) < 0)
		fz_fail("memfd_create: %s", strerror(errno));
	if (ftruncate(slot_fd[slot], 0) < 0)
		fz_fail("ftruncate: %s", strerror(errno));
	while (off < n) {
		k = pwrite(slot_fd[slot], b + off, n - off, (off_t)off);
		if (k <= 0)
			fz_fail("pwrite: %s", strerror(errno));
		off += (size_t)k;
	}
	if (lseek(slot_fd[slot], 0, SEEK_SET) < 0)
		fz_fail("lseek: %s", strerror(errno));
	return slot_fd[slot];
}

const char *
fz_path(int fd)
{
	static char path[64];

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return path;
}

char *
fz_slurp(int fd, size_t *n)
{
	off_t end = lseek(fd, 0, SEEK_END);
	char *b;
	ssize_t k;

	if (end < 0)
		fz_fail("lseek: %s", strerror(errno));
	b = malloc((size_t)end + 1);
	if (b == NULL)
		fz_fail("out of memory");
	*n = 0;
	while (*n < (size_t)end) {
		k = pread(fd, b + *n, (size_t)end - *n, (off_t)*n);
		if (k <= 0)
			fz_fail("pread: %s", strerror(errno));
		*n += (size_t)k;
	}
	return b;
}

/* ---- read(2) in pieces ---- */

static const uint8_t *chunk_sched;
static size_t chunk_n, chunk_i;

void
fz_chunks(const uint8_t *sched, size_t n)
{
	chunk_sched = sched;
	chunk_n = n;
	chunk_i = 0;
}

ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
	if (chunk_n > 0 && n > 0) {
		uint8_t b = chunk_sched[chunk_i++ % chunk_n];
		size_t most = b < 0xc0 ? (size_t)b + 1 :
		    (size_t)(b - 0xbf) * 4096;

		if (n > most)
			n = most;
	}
	return __real_read(fd, buf, n);
}

void
fz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("FUZZ FINDING: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

uint64_t
fz_mix(uint64_t h, const void *p, size_t n)
{
	return XXH3_64bits_withSeed(p, n, h ^ n);
}

uint64_t
fz_mix64(uint64_t h, uint64_t v)
{
	return XXH3_64bits_withSeed(&v, sizeof v, h);
}
