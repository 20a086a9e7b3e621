/*
 * vi_dialect_opt.h - the command-line options every CSV-reading tool shares
 * (-d/--delimiter, -H/--no-header, --quote, --encoding, --lenient), parsed
 * one way, and
 * the one-line reports of rejected records (lenient mode) and of invalid
 * UTF-8 that follow a run.
 *
 * This is cmd/ side code: on a bad value it prints the usage error and
 * exits 64 (vi_cli_usage_error).
 */
#ifndef VI_DIALECT_OPT_H
#define VI_DIALECT_OPT_H

#include <getopt.h>
#include <stdint.h>

#include "vi_csv.h"

/* getopt_long values of the long-only dialect options. */
enum { VI_OPT_QUOTE = 1000, VI_OPT_LENIENT, VI_OPT_ENCODING };

/* Entries for a tool's struct option array (short options: "d:H"). */
#define VI_DIALECT_LONGOPTS \
	{ "delimiter", required_argument, NULL, 'd' }, \
	{ "no-header", no_argument, NULL, 'H' }, \
	{ "quote", required_argument, NULL, VI_OPT_QUOTE }, \
	{ "encoding", required_argument, NULL, VI_OPT_ENCODING }
#define VI_DIALECT_LENIENT_LONGOPT \
	{ "lenient", no_argument, NULL, VI_OPT_LENIENT }

/* If ch (from getopt_long) is a dialect option, apply it to d and return
 * 1; else return 0.  A bad value is a usage error (exit 64). */
int vi_dialect_option(struct vi_dialect *d, int ch, const char *arg,
    const char *usage);

/* The parallel-scan options of vi-stats and vi-keys: -j N (1 to 64) and
 * --block-size SIZE (at least 64 bytes; see vi_size.h for suffixes).
 * Usage error on a bad value.  vi_scan_default_jobs(): the number of online
 * processors, 1 to 64. */
unsigned vi_scan_jobs_option(const char *arg, const char *usage);
uint64_t vi_scan_block_option(const char *arg, const char *usage);
unsigned vi_scan_default_jobs(void);
/* --part K/N (vi-stats, vi-keys): 1 <= K <= N, else a usage error. */
void vi_scan_part_option(const char *arg, const char *usage, uint64_t *k,
    uint64_t *n);

/* After the options: the quote and the delimiter must differ. */
void vi_dialect_check(const struct vi_dialect *d, const char *usage);

/* "prog: FILE: N of M records rejected, the first at line L byte B: why"
 * on stderr when the reader rejected records (lenient mode); else nothing. */
void vi_dialect_report_rejects(const char *file,
    const struct vi_csv_info *info);

/* When the reader saw invalid UTF-8, one warning on stderr:
 * "prog: FILE:LINE:BYTE: warning: N invalid UTF-8 sequences (first here);
 * the bytes look like Latin-1: read the file with --encoding latin1" (or
 * CP1252, or "if you know the file's encoding, read it with --encoding
 * NAME", after info->utf8_hint), at the first one; else nothing.  For a run that succeeded: the
 * exit status is not changed. */
void vi_dialect_report_utf8(const char *file, const struct vi_csv_info *info);

#endif
