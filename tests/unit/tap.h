/*
 * tap.h - a minimal TAP producer for the C unit tests.  Each check prints
 * "ok N - what" or "not ok N - what"; tap_done() returns the exit status.
 */
#ifndef TAP_H
#define TAP_H
#include <stdio.h>

static int tap_n, tap_failed;

#define TAP_OK(cond, ...) do { \
	int tap_c_ = (cond) ? 1 : 0; \
	printf("%s %d - ", tap_c_ ? "ok" : "not ok", ++tap_n); \
	printf(__VA_ARGS__); \
	printf("%s\n", tap_c_ ? "" : "  [" #cond "]"); \
	if (!tap_c_) tap_failed++; \
} while (0)

static inline int
tap_done(void)
{
	printf("# %d tests, %d failed\n", tap_n, tap_failed);
	return tap_failed ? 1 : 0;
}
#endif
