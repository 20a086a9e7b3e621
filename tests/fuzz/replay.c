/*
 * replay.c - runs a fuzz target without libFuzzer: over the files named on
 * the command line, or else over every file in tests/fuzz/regress/TARGET
 * and tests/fuzz/corpus/TARGET (VI_FUZZ_DIR and VI_FUZZ_TARGET are set by
 * the Makefile).  Each input runs in a child process, so a crash, an abort
 * (a finding), a sanitizer report or a leak is one "not ok" line of TAP
 * and the other inputs still run.  Without AddressSanitizer (which reserves
 * terabytes of address space) a child may use at most REPLAY_MEM bytes,
 * as libFuzzer's -rss_limit_mb would allow: an input that makes the
 * library allocate what a length field claims fails here too.
 */
#include "fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../unit/tap.h"

#define REPLAY_MEM ((rlim_t)1 << 30)

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run_one(const char *path)
{
	FILE *f;
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, k;
	pid_t pid;
	int st;

	fflush(stdout);
	if ((pid = fork()) < 0) {
		TAP_OK(0, "%s: fork: %s", path, strerror(errno));
		return;
	}
	if (pid == 0) {
#ifndef HAVE_ASAN
		struct rlimit rl = { REPLAY_MEM, REPLAY_MEM };

		(void)setrlimit(RLIMIT_AS, &rl);
#endif
		if ((f = fopen(path, "rb")) == NULL) {
			fprintf(stderr, "%s: %s\n", path, strerror(errno));
			_exit(2);
		}
		do {
			if (n == cap) {
				cap = cap ? 2 * cap : 4096;
				if ((buf = realloc(buf, cap)) == NULL)
					_exit(2);
			}
			k = fread(buf + n, 1, cap - n, f);
			n += k;
		} while (k > 0);
		fclose(f);
		/* libFuzzer hands over a copy of exactly n bytes. */
		LLVMFuzzerTestOneInput(buf, n);
		free(buf);
		exit(0);        /* through exit(): LeakSanitizer runs */
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			break;
	if (WIFEXITED(st))
		TAP_OK(WEXITSTATUS(st) == 0, "%s: %s exit status %d",
		    VI_FUZZ_TARGET, path, WEXITSTATUS(st));
	else
		TAP_OK(0, "%s: %s killed by signal %d", VI_FUZZ_TARGET, path,
		    WTERMSIG(st));
}

static void
run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL, path[4096];
	size_t n = 0, i;

	if (d == NULL)
		return;     /* a target may have no regressions yet */
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((names = realloc(names, (n + 1) * sizeof *names)) == NULL ||
		    (names[n] = strdup(de->d_name)) == NULL) {
			TAP_OK(0, "%s: out of memory", dir);
			exit(1);
		}
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		run_one(path);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	int i;

	if (argc > 1) {
		for (i = 1; i < argc; i++)
			run_one(argv[i]);
	} else {
		run_dir(VI_FUZZ_DIR "/regress/" VI_FUZZ_TARGET);
		run_dir(VI_FUZZ_DIR "/corpus/" VI_FUZZ_TARGET);
		/* An empty input, always. */
		run_one("/dev/null");
	}
	return tap_done();
}
