/* vi_tmp.c - temporary files removed on exit and on signals (see vi_tmp.h). */
#define _GNU_SOURCE     /* mkostemp */
#include "vi_tmp.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_alloc.h"

static const int caught[] = { SIGHUP, SIGINT, SIGPIPE, SIGTERM };
#define NCAUGHT (sizeof caught / sizeof caught[0])

static char **volatile list;          /* the listed paths */
static volatile size_t nlist;
static size_t caplist;
static sigset_t caughtset;
static int ready;
/* Held by whoever reads or changes the list, always with the caught signals
 * blocked in the holding thread, so that the handler, which takes it too,
 * never waits for its own thread.  A spin lock: the one kind a signal
 * handler may take. */
static atomic_flag lk = ATOMIC_FLAG_INIT;
/* This thread holds lk: an exit() while it does (out of memory while the
 * list grows) must not wait for itself in the atexit hook. */
static _Thread_local int holding;
/* Set by the first cleanup: the process is ending, and a file made after it
 * (by another thread) would be left behind, so none is made. */
static int closing;

static void
lock(void)
{
	while (atomic_flag_test_and_set_explicit(&lk, memory_order_acquire))
		continue;
	holding = 1;
}

static void
unlock(void)
{
	holding = 0;
	atomic_flag_clear_explicit(&lk, memory_order_release);
}

static void
block(sigset_t *old)
{
	pthread_sigmask(SIG_BLOCK, &caughtset, old);
	lock();
}

static void
unblock(const sigset_t *old)
{
	unlock();
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Unlink every listed file; the lock is held. */
static void
unlink_all(void)
{
	size_t i;

	for (i = 0; i < nlist; i++)
		if (list[i] != NULL)
			unlink(list[i]);
}

void
vi_tmp_cleanup(void)
{
	sigset_t old;

	if (holding) {          /* exiting from inside a change of the list */
		closing = 1;
		unlink_all();
		return;
	}
	block(&old);
	closing = 1;
	unlink_all();
	unblock(&old);
}

static void
on_signal(int sig)
{
	/* The caught signals are blocked here (sa_mask), so this thread does
	 * not hold the lock: another one may, for a moment. */
	lock();
	unlink_all();
	unlock();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
on_exit_hook(void)
{
	vi_tmp_cleanup();
}

void
vi_tmp_init(void)
{
	size_t i;

	if (ready)
		return;
	ready = 1;
	sigemptyset(&caughtset);
	for (i = 0; i < NCAUGHT; i++)
		sigaddset(&caughtset, caught[i]);
	for (i = 0; i < NCAUGHT; i++) {
		struct sigaction old, sa;

		if (sigaction(caught[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;       /* respect nohup and friends */
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sa.sa_mask = caughtset;
		sigaction(caught[i], &sa, NULL);
	}
	atexit(on_exit_hook);
}

const char *
vi_tmp_dir(const char *dir)
{
	const char *t;

	if (dir != NULL)
		return dir;
	t = getenv("TMPDIR");
	return t != NULL && *t != '\0' ? t : "/tmp";
}

int
vi_tmp_create(const char *dir, const char *prefix, const char **path,
    struct vi_error *e)
{
	size_t n = strlen(dir) + strlen(prefix) + 10;
	char *p = vi_xmalloc(n);
	sigset_t old;
	int fd, saved;

	vi_tmp_init();
	snprintf(p, n, "%s/%s.XXXXXX", dir, prefix);
	block(&old);
	if (nlist == caplist) {
		size_t ncap = caplist ? caplist * 2 : 16;

		list = vi_xreallocarray(list, ncap, sizeof *list);
		caplist = ncap;
	}
	if (closing) {
		fd = -1;
		errno = ECANCELED;
	} else {
		fd = mkostemp(p, O_CLOEXEC);
	}
	if (fd >= 0) {
		list[nlist] = p;
		nlist = nlist + 1;
	}
	saved = errno;
	unblock(&old);
	if (fd < 0) {
		vi_error_set(e, VI_EX_IOERR, saved, 0, 0,
		    "cannot create a temporary file in %s", dir);
		free(p);
		return -1;
	}
	*path = p;
	return fd;
}

/* Forget entry i; signals must be blocked. */
static void
forget(size_t i)
{
	char *p = list[i];

	list[i] = list[nlist - 1];
	nlist = nlist - 1;
	free(p);
}

static size_t
find(const char *path)
{
	size_t i;

	for (i = 0; i < nlist; i++)
		if (list[i] == path)
			return i;
	return (size_t)-1;
}

void
vi_tmp_remove(const char *path)
{
	sigset_t old;
	size_t i;

	block(&old);
	i = find(path);
	if (i != (size_t)-1) {
		unlink(path);
		forget(i);
	}
	unblock(&old);
}

int
vi_tmp_rename(const char *path, const char *dest, struct vi_error *e)
{
	sigset_t old;
	size_t i;
	int rc = 0;

	block(&old);
	if (rename(path, dest) < 0)
		rc = vi_error_set(e, VI_EX_IOERR, errno, 0, 0,
		    "cannot rename %s to %s", path, dest);
	else if ((i = find(path)) != (size_t)-1)
		forget(i);
	unblock(&old);
	return rc;
}
