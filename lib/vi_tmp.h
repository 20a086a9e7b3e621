/*
 * vi_tmp.h - temporary files that cannot leak.
 *
 * Every file made here is on one list until it is removed or renamed into
 * place.  The list is only changed with the caught signals blocked.  A
 * handler for SIGHUP, SIGINT, SIGPIPE and SIGTERM (each only if it was not
 * ignored when vi_tmp_init ran, so nohup is respected) unlinks every listed
 * file, restores the default action and re-raises the signal, so the process
 * still dies of it (status 128+n).  An atexit handler removes them on any
 * exit() too; code that leaves with _exit() must call vi_tmp_cleanup first.
 *
 * This module is process-wide state; any thread may call it (the list is
 * guarded by a spin lock that the handler takes too, held only with the
 * caught signals blocked).  vi_tmp_init must have run before a second
 * thread starts.  It never prints; failures fill a struct vi_error.
 */
#ifndef VI_TMP_H
#define VI_TMP_H

#include "vi_err.h"

/* Install the handlers and the atexit hook.  Call once, early. */
void vi_tmp_init(void);

/* The directory for run files: dir if not NULL, else $TMPDIR if set and
 * not empty, else /tmp. */
const char *vi_tmp_dir(const char *dir);

/* Create dir/PREFIX.XXXXXX with mkostemp (O_CLOEXEC), mode 0600, and list it.
 * Returns the fd and sets *path (owned by the list: valid until the file is
 * removed or renamed), or -1 with e set (74). */
int vi_tmp_create(const char *dir, const char *prefix, const char **path,
    struct vi_error *e);

/* Unlink a listed file and forget it. */
void vi_tmp_remove(const char *path);

/* Rename a listed file to dest and forget it.  0, or -1 with e set (74);
 * the file stays listed (and so is removed at exit) on failure. */
int vi_tmp_rename(const char *path, const char *dest, struct vi_error *e);

/* Unlink every listed file now (async-signal-safe). */
void vi_tmp_cleanup(void);

#endif
