/*
 * vi_validate_report.h - what vi-validate says about the violations the
 * engine (vi_validate.h) found: the message for one violation, the names of
 * the kinds, and the JSON report of a whole run.
 *
 * Contract.  These functions read a struct vi_validate (borrowed for the
 * call) and never change it.  Only vi_validate_report_json writes, to the
 * stream it is given; nothing else prints and nothing exits but through
 * vi_alloc.
 */
#ifndef VI_VALIDATE_REPORT_H
#define VI_VALIDATE_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "vi_err.h"
#include "vi_validate.h"

/* The name used in summaries and the JSON report ("type", "required",
 * ..., "primaryKey", "utf8", "malformed", "missing-column", ...). */
const char *vi_vkind_name(enum vi_vkind k);

/* The message for x, without program, file and line: e.g.
 *   column "price": "12,5" is not a number
 * Values are cut to 60 bytes ("...") and escaped (\" \\ \n \r \t \xHH).
 * Written into buf (size bytes, NUL-ended, cut to fit). */
void vi_validate_message(const struct vi_validate *v,
    const struct vi_violation *x, char *buf, size_t size);

/* The JSON report (see vi-validate(1), OUTPUT): counts, the summary per
 * column and constraint, and the violations kept (vi_validate_kept), each
 * with its message.  Pretty-printed by jansson, then a newline.  0, or -1
 * with e (74 and errno; 70 when out of memory). */
int vi_validate_report_json(FILE *out, const struct vi_validate *v,
    const char *file, struct vi_error *e);

#endif
