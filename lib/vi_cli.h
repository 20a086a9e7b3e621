/*
 * vi_cli.h - what every tool's main() shares: program name, messages in the
 * suite's format, exit statuses, stdout set-up and checked close.
 *
 * This is the cmd/ side of the library: these functions print to stderr and
 * some of them exit.  Messages look like
 *     vi-tool: message
 *     vi-tool: FILE: message
 *     vi-tool: FILE:LINE:BYTE: message
 * Nothing is printed on success.
 */
#ifndef VI_CLI_H
#define VI_CLI_H

#include <getopt.h>
#include <stdio.h>
#include <stddef.h>

#include "vi_err.h"

/* Remember the program name; give stdout a large buffer.  Call first. */
void vi_cli_init(const char *progname);
const char *vi_cli_progname(void);

/* "prog: message" on stderr. */
void vi_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: message", then exit(status). */
void vi_cli_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Print e as "prog: file:line:byte: msg" (or "prog: file: msg" when e has no
 * position, with strerror appended when e->errnum is set). */
void vi_cli_report(const char *file, const struct vi_error *e);
/* vi_cli_report, then exit with e->status (70 if it is 0). */
void vi_cli_fail(const char *file, const struct vi_error *e)
    __attribute__((noreturn));

/* Any error a library call reported, the one way: an output error
 * (e->side) is "prog: write error: ..." (exit 74) or a quiet death on EPIPE,
 * "prog: FILE: write error: ..." for a named output; anything else is
 * vi_cli_fail about e->file, or about file when e names none. */
void vi_cli_error(const char *file, const struct vi_error *e)
    __attribute__((noreturn));

/* A usage error: "prog: message" and the usage line, exit 64. */
void vi_cli_usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* "prog (ViewerIt core) VERSION" on stdout, then close stdout and exit 0. */
void vi_cli_version(void) __attribute__((noreturn));
/* Print text on stdout, close it checked, exit 0 (for --help). */
void vi_cli_help(const char *text) __attribute__((noreturn));
/* The same for the usage line followed by more text. */
void vi_cli_help2(const char *usage, const char *text)
    __attribute__((noreturn));

/* Write n bytes to f or end the process: quietly (status 141) on EPIPE,
 * "prog: write error: ..." and 74 otherwise. */
void vi_cli_write(FILE *f, const void *p, size_t n);
/* Call after a failed write to a stream: exits as vi_cli_write does. */
void vi_cli_write_failed(int errnum) __attribute__((noreturn));
/* After writing a result failed: "prog: message" and 70 when e says the
 * result could not be built (out of memory), else vi_cli_write_failed. */
void vi_cli_output_failed(const struct vi_error *e)
    __attribute__((noreturn));

/* Flush and close stdout, checking for errors (exit 74 on failure), then
 * exit(status).  Every tool ends through here. */
void vi_cli_exit(int status) __attribute__((noreturn));

/* --progress, for every tool that reads CSV: listed in the tool's long
 * options, handled by vi_cli_getopt (vi_progress_force()). */
enum { VI_CLI_OPT_PROGRESS = 2000 };
#define VI_CLI_PROGRESS_LONGOPT \
	{ "progress", no_argument, NULL, VI_CLI_OPT_PROGRESS }

/* getopt_long with the suite's rules, for every tool: shortopts and
 * longopts as for getopt_long (without a leading ':'; the tool lists 'h'
 * and 'V' and "help" and "version" like its own options).  -h/--help prints
 * help on stdout and exits 0; -V/--version prints the version and exits 0;
 * an unknown option is "prog: unknown option: --x" and an option without its
 * argument "prog: option requires an argument: -k", each followed by usage,
 * exit 64.  Returns the next option of the tool's own, or -1 at the end
 * (optind then indexes the first operand). */
int vi_cli_getopt(int argc, char *const argv[], const char *shortopts,
    const struct option *longopts, const char *usage, const char *help);

/* The index in names (NULL-ended) of arg, or a usage error such as
 * "--format: unknown value: xml (one of: csv, tsv, json)". */
int vi_cli_choice(const char *usage, const char *opt, const char *arg,
    const char *const *names);

/* -o FILE: from here on the standard output (fd 1 and stdout) goes to a
 * temporary file beside path, listed in vi_tmp so that an error exit or a
 * signal removes it; vi_cli_exit renames it over path when stdout closed
 * cleanly and the status is 0 or 1, so a failed run never leaves a file that
 * looks complete (and an input named as the output is read whole before it
 * is replaced).  An existing path that is not a regular file (/dev/null, a
 * FIFO) is opened and written directly, never replaced; a symbolic link is
 * followed, so the file it names is replaced.  NULL or "-" keeps the
 * standard output.  Exits 74 if the
 * file cannot be made. */
void vi_cli_output(const char *path);

/* Another output replaced only at a clean exit (vi-validate's --rejects and
 * --report): a stream on a temporary file beside path, renamed over it by
 * vi_cli_exit for status 0 or 1 (before the -o file), removed otherwise.
 * The caller closes the stream, checked, before vi_cli_exit.  As for
 * vi_cli_output, an existing path that is not a regular file (/dev/null) is
 * written directly and a symbolic link is followed.  Exits 74 on failure. */
FILE *vi_cli_output_file(const char *path);

/* The one input of a filter, from the operands left after the options:
 * argv[0], or "-" (standard input) when there is none; more than one is a
 * usage error. */
const char *vi_cli_one_input(int argc, char *const argv[], const char *usage);

/* The -S SIZE of a sorting tool (vi-sort, vi-keys -s, vi-diff): a size as
 * vi_size_parse reads it, raised to min; "-S: not a size" is a usage
 * error. */
size_t vi_cli_sort_budget(const char *usage, const char *arg, size_t min);

/* Parse a non-negative decimal integer option; usage error on junk/overflow. */
unsigned long long vi_cli_parse_count(const char *usage, const char *opt,
    const char *arg);

#endif
