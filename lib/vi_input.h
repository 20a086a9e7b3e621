/*
 * vi_input.h - opening an input the one way every tool does.
 *
 * "-" is the standard input (fd 0, not to be closed by the caller).  Any
 * other path is opened read-only with O_CLOEXEC.  An input that cannot be
 * opened, and a directory, are status 66 with errno set (ENOENT, EACCES,
 * EISDIR...) and no message of its own, so that the tool prints
 * "prog: FILE: No such file or directory" / "prog: FILE: Is a directory".
 * Nothing here prints or exits.
 */
#ifndef VI_INPUT_H
#define VI_INPUT_H

#include "vi_err.h"

/* open(path, O_RDONLY | O_CLOEXEC), again while it fails with EINTR (a
 * FIFO's open blocks and a signal may interrupt it): the fd, or -1. */
int vi_input_open_rdonly(const char *path);

/* The fd, or -1 with e set (66). */
int vi_input_open(const char *path, struct vi_error *e);

#endif
