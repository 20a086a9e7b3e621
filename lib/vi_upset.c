/*
 * vi_upset.c - reading a vi-presence summary (JSON) into the UpSet model,
 * checked member by member, and sorting its subsets.  See vi_upset.h.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"
#include "vi_upset.h"

static int
bad(struct vi_error *e, const char *what)
{
	return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
	    "not a vi-presence summary: %s", what);
}

/* A non-negative JSON integer member of o, or -1. */
static int
count(json_t *o, const char *key, uint64_t *v)
{
	json_t *j = json_object_get(o, key);

	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return -1;
	*v = (uint64_t)json_integer_value(j);
	return 0;
}

static int
cmp_subset(const void *pa, const void *pb)
{
	const struct vi_upset_subset *a = pa, *b = pb;
	uint64_t d;

	if (a->keys != b->keys)
		return a->keys > b->keys ? -1 : 1;
	if (a->degree != b->degree)
		return a->degree < b->degree ? -1 : 1;
	if (a->members == b->members)
		return 0;
	/* Lexicographic on the sorted member indexes: the set whose lowest
	 * differing file is a member comes first. */
	d = a->members ^ b->members;
	d &= -d;
	return (a->members & d) ? -1 : 1;
}

static int
read_doc(json_t *doc, struct vi_upset *u, struct vi_error *e)
{
	json_t *files, *subsets, *per, *s, *f, *m;
	size_t i, k, n;
	char what[128];

	if (!json_is_object(doc))
		return bad(e, "not a JSON object");
	files = json_object_get(doc, "files");
	if (!json_is_array(files) || json_array_size(files) == 0)
		return bad(e, "no \"files\" list");
	n = json_array_size(files);
	if (n > VI_UPSET_MAX_FILES)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "%zu files: at most %d can be drawn", n,
		    VI_UPSET_MAX_FILES);
	if (count(doc, "keys", &u->keys) < 0)
		return bad(e, "\"keys\" is not a count");
	if (count(doc, "in_all", &u->in_all) < 0)
		return bad(e, "\"in_all\" is not a count");
	u->has_changed = !json_is_null(json_object_get(doc, "changed"));
	if (u->has_changed && count(doc, "changed", &u->changed) < 0)
		return bad(e, "\"changed\" is not a count or null");
	u->files = vi_xcalloc(n, sizeof *u->files);
	u->nfiles = n;
	for (i = 0; i < n; i++) {
		f = json_array_get(files, i);
		if (!json_is_string(f)) {
			snprintf(what, sizeof what, "files[%zu] is not a "
			    "string", i);
			return bad(e, what);
		}
		u->files[i].name = vi_xstrdup(json_string_value(f));
	}
	per = json_object_get(doc, "per_file");
	if (!json_is_array(per) || json_array_size(per) != n)
		return bad(e, "\"per_file\" is not a list of one object per "
		    "file");
	for (i = 0; i < n; i++) {
		f = json_array_get(per, i);
		if (!json_is_object(f) ||
		    count(f, "keys", &u->files[i].keys) < 0 ||
		    count(f, "duplicate_keys", &u->files[i].duplicate_keys) < 0) {
			snprintf(what, sizeof what, "per_file[%zu] has no "
			    "\"keys\" or \"duplicate_keys\" count", i);
			return bad(e, what);
		}
	}
	subsets = json_object_get(doc, "subsets");
	if (!json_is_array(subsets))
		return bad(e, "no \"subsets\" list");
	u->nsubsets = json_array_size(subsets);
	u->subsets = vi_xcalloc(u->nsubsets ? u->nsubsets : 1,
	    sizeof *u->subsets);
	for (k = 0; k < u->nsubsets; k++) {
		struct vi_upset_subset *t = &u->subsets[k];

		s = json_array_get(subsets, k);
		m = json_object_get(s, "files");
		if (!json_is_object(s) || count(s, "keys", &t->keys) < 0 ||
		    !json_is_array(m) || json_array_size(m) == 0) {
			snprintf(what, sizeof what, "subsets[%zu] has no "
			    "\"files\" list or no \"keys\" count", k);
			return bad(e, what);
		}
		for (i = 0; i < json_array_size(m); i++) {
			const char *name = json_string_value(
			    json_array_get(m, i));
			size_t j;

			for (j = 0; name != NULL && j < n; j++)
				if (strcmp(name, u->files[j].name) == 0 &&
				    !(t->members & ((uint64_t)1 << j)))
					break;
			if (name == NULL || j == n) {
				snprintf(what, sizeof what, "subsets[%zu]."
				    "files[%zu] is not one of \"files\"", k,
				    i);
				return bad(e, what);
			}
			t->members |= (uint64_t)1 << j;
			t->degree++;
		}
	}
	qsort(u->subsets, u->nsubsets, sizeof *u->subsets, cmp_subset);
	return 0;
}

int
vi_upset_read(int fd, struct vi_upset *u, struct vi_error *e)
{
	json_error_t je;
	json_t *doc;
	int rc;

	memset(u, 0, sizeof *u);
	doc = json_loadfd(fd, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL) {
		if (json_error_code(&je) == json_error_out_of_memory)
			return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
			    "out of memory");
		return vi_error_set(e, VI_EX_DATAERR, 0,
		    je.line > 0 ? (uint64_t)je.line : 1,
		    je.column > 0 ? (uint64_t)je.column : 0,
		    "not JSON: %s", je.text);
	}
	rc = read_doc(doc, u, e);
	json_decref(doc);
	if (rc < 0)
		vi_upset_free(u);
	return rc;
}

void
vi_upset_free(struct vi_upset *u)
{
	size_t i;

	for (i = 0; u->files != NULL && i < u->nfiles; i++)
		free(u->files[i].name);
	free(u->files);
	free(u->subsets);
	memset(u, 0, sizeof *u);
}
