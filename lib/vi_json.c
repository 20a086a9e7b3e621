/* vi_json.c - jansson with every failure noticed (see vi_json.h). */
#include "vi_json.h"

#include <stdlib.h>

static int failed;

static void *
noting_malloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL)
		failed = 1;
	return p;
}

void
vi_json_begin(void)
{
	json_set_alloc_funcs(noting_malloc, free);
	failed = 0;
}

int
vi_json_failed(void)
{
	return failed;
}

json_t *
vi_json_chk(json_t *v)
{
	if (v == NULL)
		failed = 1;
	return v;
}

/* jansson's setters release v themselves when o or v is NULL; a NULL key
 * it would pass to strlen. */
void
vi_json_set(json_t *o, const char *key, json_t *v)
{
	if (key == NULL) {
		json_decref(v);
		failed = 1;
	} else if (json_object_set_new(o, key, v) != 0) {
		failed = 1;
	}
}

void
vi_json_append(json_t *a, json_t *v)
{
	if (json_array_append_new(a, v) != 0)
		failed = 1;
}

char *
vi_json_dumps(json_t *j, size_t flags)
{
	char *text = j != NULL && !failed ? json_dumps(j, flags) : NULL;

	json_decref(j);
	if (text != NULL && failed) {
		free(text);
		text = NULL;
	}
	if (text == NULL)
		failed = 1;
	return text;
}
