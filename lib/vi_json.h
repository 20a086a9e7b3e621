/*
 * vi_json.h - building JSON with jansson without losing an allocation
 * failure.
 *
 * jansson reports running out of memory only by returning NULL or -1, and
 * its "_new" setters quietly drop a NULL value, so a document built with
 * unchecked calls comes out incomplete but well-formed.  Here:
 * - vi_json_begin() routes jansson's allocations through a wrapper that
 *   remembers any failure, and clears that memory;
 * - vi_json_set() and vi_json_append() take a value (consumed, as
 *   json_object_set_new/json_array_append_new do) that may be NULL and
 *   remember a NULL or a failed insertion;
 * - vi_json_dumps() dumps, or returns NULL when anything failed since
 *   vi_json_begin() (the caller then reports "out of memory", status 70);
 *   vi_json_write() dumps into a struct vi_out (vi_out.h) instead;
 * - vi_json_str() and vi_json_u64() make the values every report needs:
 *   strings from raw bytes that may not be valid UTF-8, and counts.
 * Main thread only.  Never prints, never exits (but through vi_alloc).
 */
#ifndef VI_JSON_H
#define VI_JSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vi_err.h"
#include "vi_out.h"

void vi_json_begin(void);
/* 1 if an allocation or a build step failed since vi_json_begin(). */
int vi_json_failed(void);
void vi_json_set(json_t *o, const char *key, json_t *v);
void vi_json_append(json_t *a, json_t *v);
/* json_dumps(j, flags), then j is released; NULL if anything failed. */
char *vi_json_dumps(json_t *j, size_t flags);
/* Dump j (released) into o, then a newline.  0, or -1 with e set (70, "out
 * of memory") if anything failed since vi_json_begin(). */
int vi_json_write(struct vi_out *o, json_t *j, size_t flags,
    struct vi_error *e);
/* The same as one text on its own: j (released) and a newline written to
 * f.  0, or -1 with e (70 out of memory, or 74 and errno: write error). */
int vi_json_print(FILE *f, json_t *j, size_t flags, struct vi_error *e);

/* A new JSON string of the n bytes at p (NUL bytes allowed).  When they are
 * not valid UTF-8, every byte that does not start a valid sequence becomes
 * U+FFFD; with VI_JSON_STR_NUL, NUL bytes then do too (vi_schema's form).
 * NULL when out of memory (vi_json_set notes it). */
#define VI_JSON_STR_NUL 0x1u
json_t *vi_json_str(const char *p, size_t n, unsigned flags);
/* Write the n bytes at p to o as a JSON string, exactly as jansson dumps
 * vi_json_str(p, n, 0) (the same escapes, U+FFFD for every byte that does
 * not start a valid UTF-8 sequence), without building a value: for writers
 * of many small objects. */
void vi_json_put_str(struct vi_out *o, const char *p, size_t n);

/* A JSON integer of a count. */
json_t *vi_json_u64(uint64_t v);

#endif
