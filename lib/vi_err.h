/*
 * vi_err.h - the suite's exit statuses and the error record every library
 * function fills instead of printing.
 *
 * Contract: library code never prints and never exits (checked allocation in
 * vi_alloc.h is the one exception: out of memory ends the process with 70).
 * A function that fails returns a negative value or NULL and, when given a
 * struct vi_error, fills it: the exit status the tool should use, errno if a
 * system call failed, and the position (1-based line, 1-based byte) of a data
 * error.  Only cmd/ turns a vi_error into a message and an exit status.
 */
#ifndef VI_ERR_H
#define VI_ERR_H

#include <stdint.h>

/* Exit statuses, the same in every tool and man page (see STYLE.md). */
enum {
	VI_EX_OK = 0,        /* success */
	VI_EX_NO = 1,        /* a negative answer: invalid rows, differences */
	VI_EX_USAGE = 64,    /* bad command line */
	VI_EX_DATAERR = 65,  /* malformed input that stops the job */
	VI_EX_NOINPUT = 66,  /* an input cannot be opened */
	VI_EX_SOFTWARE = 70, /* internal error, out of memory */
	VI_EX_IOERR = 74     /* read or write failure, disk full */
};

/* Which way the failing file was going. */
enum { VI_ERR_INPUT = 0, VI_ERR_OUTPUT = 1 };

struct vi_error {
	int status;      /* one of VI_EX_*; 0 when no error was recorded */
	int errnum;      /* errno of a failed system call, else 0 */
	uint64_t line;   /* 1-based physical line of a data error, 0 if none */
	uint64_t byte;   /* 1-based byte offset in the file, 0 if none */
	int side;        /* VI_ERR_INPUT, or VI_ERR_OUTPUT for a write */
	char file[1024]; /* the file it concerns, "" when the caller knows */
	char msg[512];   /* the message, without program or file name */
};

/* Record an error; fmt is printf-style.  side and file are reset (input,
 * ""): say where with vi_error_at.  Returns -1 for convenience. */
int vi_error_set(struct vi_error *e, int status, int errnum, uint64_t line,
    uint64_t byte, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Say which file the recorded error concerns and which way (VI_ERR_*);
 * file may be NULL (unchanged).  Returns -1. */
int vi_error_at(struct vi_error *e, int side, const char *file);

void vi_error_clear(struct vi_error *e);

#endif
