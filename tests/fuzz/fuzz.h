/*
 * fuzz.h - what the libFuzzer targets under tests/fuzz/ share.
 *
 * Every target defines LLVMFuzzerTestOneInput().  It is linked two ways:
 * with clang's libFuzzer (make fuzz, build-fuzz/fuzz_TARGET) and with
 * replay.c, a plain main() that runs it over tests/fuzz/regress/TARGET and
 * tests/fuzz/corpus/TARGET in the normal and the sanitizer builds (make
 * check, build/unit/test_fuzz_TARGET).  A target reports a finding - two
 * passes that should agree but do not, a broken invariant - with
 * fz_fail(), which prints what and aborts.
 *
 * Inputs reach the library the way a tool gives them: through file
 * descriptors.  fz_file() puts bytes into an in-memory file (memfd_create)
 * and returns its descriptor; fz_path() names it for the functions that
 * open a path.  While fz_chunks() is in effect, every read(2) the library
 * makes returns at most the next size of a schedule taken from the input,
 * so a reader meets every way its input can arrive in pieces (the targets
 * link with -Wl,--wrap=read; see fuzz_util.c).
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input, consumed from the front. */
struct fz {
	const uint8_t *p;
	size_t n;
};

/* The next byte, or 0 when the input is used up. */
uint8_t fz_byte(struct fz *f);
/* The next n bytes (fewer at the end); *len receives how many. */
const uint8_t *fz_take(struct fz *f, size_t n, size_t *len);

/* In-memory file number slot (0 to 7), emptied and filled with p[0..n),
 * its offset at 0.  The same descriptor is reused for a slot. */
int fz_file(int slot, const void *p, size_t n);
/* A path that opens the file of fd afresh ("/proc/self/fd/N"). */
const char *fz_path(int fd);
/* The whole content of the file of fd, malloc'ed, its length in *n. */
char *fz_slurp(int fd, size_t *n);

/* Reads return at most the sizes of sched[0..n), in turn, cycling; n 0
 * turns chunking off.  A schedule byte b means b + 1 bytes below 0xc0,
 * else (b - 0xbf) * 4096. */
void fz_chunks(const uint8_t *sched, size_t n);

/* Print a finding and abort. */
void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2),
    noreturn));

/* A running hash of what a pass saw, for differentials. */
uint64_t fz_mix(uint64_t h, const void *p, size_t n);
uint64_t fz_mix64(uint64_t h, uint64_t v);

#endif
