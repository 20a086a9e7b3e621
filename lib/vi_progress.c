/* vi_progress.c - the status line on stderr (see vi_progress.h). */
#include "vi_progress.h"
#include "vi_cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define INTERVAL_NS 250000000LL   /* at most 4 draws a second */
#define ERASE "\r\033[K"

static int forced;
static atomic_int on;                 /* the current input shows progress */
static atomic_int shown;              /* a line is on the screen */
static atomic_uint_fast64_t nbytes, nrows;
static atomic_llong due;              /* when the next draw may be */
static uint64_t total;
static long long t0;
static char name[512];
static unsigned readers = 1;          /* vi_progress_done calls to wait for */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
put(const char *s, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(STDERR_FILENO, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;     /* nothing to be done about it */
		s += k;
		n -= (size_t)k;
	}
}

static void
human(char *buf, size_t cap, double v)
{
	if (v < 1024)
		snprintf(buf, cap, "%.0f B", v);
	else if (v < 1024.0 * 1024)
		snprintf(buf, cap, "%.1f KiB", v / 1024);
	else if (v < 1024.0 * 1024 * 1024)
		snprintf(buf, cap, "%.1f MiB", v / (1024.0 * 1024));
	else
		snprintf(buf, cap, "%.2f GiB", v / (1024.0 * 1024 * 1024));
}

/* With the lock held. */
static void
draw(long long now)
{
	char line[1024], b[32], s[32], r[32];
	uint64_t bytes = atomic_load(&nbytes), rows = atomic_load(&nrows);
	double secs = (double)(now - t0) / 1e9;
	double rate = secs > 0 ? (double)bytes / secs : 0;
	int n;

	human(b, sizeof b, (double)bytes);
	human(r, sizeof r, rate);
	if (total > 0) {
		uint64_t left = bytes < total ? total - bytes : 0;
		unsigned long eta = rate > 0 ? (unsigned long)((double)left /
		    rate + 0.5) : 0;

		human(s, sizeof s, (double)total);
		n = snprintf(line, sizeof line, "\r%s: %s: %s of %s (%d%%), "
		    "%llu rows, %s/s, ETA %lu:%02lu%s", vi_cli_progname(), name,
		    b, s, bytes >= total ? 100 : (int)(bytes * 100 / total),
		    (unsigned long long)rows, r, eta / 60, eta % 60, "\033[K");
	} else {
		n = snprintf(line, sizeof line, "\r%s: %s: %s, %llu rows, "
		    "%s/s%s", vi_cli_progname(), name, b,
		    (unsigned long long)rows, r, "\033[K");
	}
	if (n > 0)
		put(line, (size_t)n < sizeof line ? (size_t)n :
		    sizeof line - 1);
	shown = 1;
}

void
vi_progress_force(void)
{
	forced = 1;
}

void
vi_progress_begin(const char *nm, uint64_t size)
{
	if (!forced && !isatty(STDERR_FILENO))
		return;
	pthread_mutex_lock(&lock);
	snprintf(name, sizeof name, "%s", nm);
	total = size;
	readers = 1;
	atomic_store(&nbytes, 0);
	atomic_store(&nrows, 0);
	t0 = now_ns();
	atomic_store(&due, t0);     /* the first block draws */
	atomic_store(&on, 1);
	pthread_mutex_unlock(&lock);
}

void
vi_progress_begin_many(const char *nm, uint64_t size, unsigned n)
{
	vi_progress_begin(nm, size);
	pthread_mutex_lock(&lock);
	readers = n ? n : 1;
	pthread_mutex_unlock(&lock);
}

void
vi_progress_add(uint64_t bytes, uint64_t rows)
{
	long long now;

	if (!atomic_load_explicit(&on, memory_order_relaxed))
		return;
	atomic_fetch_add(&nbytes, bytes);
	atomic_fetch_add(&nrows, rows);
	now = now_ns();
	if (now < atomic_load(&due) || pthread_mutex_trylock(&lock) != 0)
		return;
	if (atomic_load(&on)) {
		atomic_store(&due, now + INTERVAL_NS);
		draw(now);
	}
	pthread_mutex_unlock(&lock);
}

void
vi_progress_set(uint64_t bytes, uint64_t rows)
{
	atomic_store(&nbytes, bytes);
	atomic_store(&nrows, rows);
}

void
vi_progress_done(void)
{
	if (!atomic_load(&on))
		return;
	pthread_mutex_lock(&lock);
	if (readers > 1) {
		readers--;
	} else if (atomic_load(&on)) {
		atomic_store(&on, 0);
		if (forced)
			draw(now_ns());
		if (shown)
			put(ERASE, sizeof ERASE - 1);
		shown = 0;
	}
	pthread_mutex_unlock(&lock);
}

void
vi_progress_clear(void)
{
	if (!shown)
		return;
	pthread_mutex_lock(&lock);
	if (shown)
		put(ERASE, sizeof ERASE - 1);
	shown = 0;
	pthread_mutex_unlock(&lock);
}
