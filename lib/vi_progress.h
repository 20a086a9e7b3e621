/*
 * vi_progress.h - one status line on stderr while a big input is read:
 * bytes and rows read, the rate, and the percentage and ETA when the size
 * is known.
 *
 * Contract
 * - Shown only when stderr is a terminal, or after vi_progress_force()
 *   (--progress); never otherwise, so pipes, logs and Python callers see
 *   nothing.  The line is redrawn at most 4 times a second ("\r" + line +
 *   erase to the end of the line), and erased ("\r", erase line) by
 *   vi_progress_done(); with --progress the final state is drawn once just
 *   before it is erased, so a log holds it.
 * - Cost: the readers call vi_progress_add() once per block read (1 MiB for
 *   a file); it returns at once when progress is off, else adds to two
 *   atomic counters and reads the monotonic clock.  Safe from any thread
 *   (the parallel scan's readers); one thread draws at a time.
 * - Like vi_cli.c this is the printing side of the library: messages
 *   printed through vi_cli erase the line first (vi_progress_clear()).
 */
#ifndef VI_PROGRESS_H
#define VI_PROGRESS_H

#include <stdint.h>

/* --progress: show it even when stderr is not a terminal. */
void vi_progress_force(void);

/* A new input named name; size in bytes, 0 if unknown (a pipe).  For a
 * compressed file the bytes counted are the compressed ones. */
void vi_progress_begin(const char *name, uint64_t size);

/* The same for n inputs read at once (vi-diff's threads), size their total
 * size: the line stays until vi_progress_done has been called n times. */
void vi_progress_begin_many(const char *name, uint64_t size, unsigned n);

/* bytes more of the input and rows more records were read. */
void vi_progress_add(uint64_t bytes, uint64_t rows);

/* Set the counters (a parallel scan that starts over). */
void vi_progress_set(uint64_t bytes, uint64_t rows);

/* The input is read: draw the final state (with --progress) and erase
 * the line.  Nothing if nothing was begun; safe to call twice. */
void vi_progress_done(void);

/* Erase the line, if one is shown, before another message. */
void vi_progress_clear(void);

#endif
