/*
 * vi_labels.h - the names of a tool's inputs in its outputs (matrix and
 * report columns, JSON "files"): from --names, or made from the inputs.
 *
 * Contract.  With a list ("a,b,c"), there must be exactly one non-empty,
 * distinct name per input, taken byte for byte.  Without one, input i is
 * named after sources[i]: its basename without the last extension
 * ("data/a.csv" -> "a"; a compression suffix .gz, .zst or .zstd goes
 * first: "a.csv.gz" -> "a"), "stdin" for "-"; names that come out equal get
 * "#N" appended, N the 1-based input position ("a#1", "a#3").
 * The result is an array of n malloc'd strings (free with vi_labels_free).
 * Errors are usage errors (64) about --names; nothing prints or exits.
 */
#ifndef VI_LABELS_H
#define VI_LABELS_H

#include <stddef.h>

#include "vi_err.h"

char **vi_labels_make(const char *names, size_t n,
    const char *const *sources, struct vi_error *e);
void vi_labels_free(char **labels, size_t n);

#endif
