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
 *   vi_json_begin() (the caller then reports "out of memory", status 70).
 * Main thread only.  Never prints, never exits.
 */
#ifndef VI_JSON_H
#define VI_JSON_H

#include <jansson.h>

void vi_json_begin(void);
/* 1 if an allocation or a build step failed since vi_json_begin(). */
int vi_json_failed(void);
/* Note a result: NULL counts as a failure.  Returns v. */
json_t *vi_json_chk(json_t *v);
void vi_json_set(json_t *o, const char *key, json_t *v);
void vi_json_append(json_t *a, json_t *v);
/* json_dumps(j, flags), then j is released; NULL if anything failed. */
char *vi_json_dumps(json_t *j, size_t flags);

#endif
