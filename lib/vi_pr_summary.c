/* vi_pr_summary.c - per-shard summaries added up (see vi_pr_summary.h). */
#include "vi_pr_summary.h"

#include <jansson.h>       /* reading the summaries */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_input.h"

struct vi_pr_sum {
	size_t n, words;          /* inputs; mask width */
	size_t nsum;              /* summaries read */
	char *firstpath;          /* the first summary's path, for messages */
	char **labels, **paths;   /* paths[i] NULL: not one path */
	struct vi_pr_stats st;
	int *file_hash;
	int *hash_known;          /* file_hash[i] came from records */
	size_t nkeys;             /* 0 until a summary with keys */
	int hash_null;            /* a summary with keys had "changed" null */
	/* Subsets: masks (words each) and counts, nreg of them. */
	uint64_t *rmask, *rcount;
	size_t nreg, regcap;
	struct vi_pr_region *regions;
	uint64_t *mask;           /* scratch */
};

struct vi_pr_sum *
vi_pr_sum_new(void)
{
	return vi_xcalloc(1, sizeof(struct vi_pr_sum));
}

void
vi_pr_sum_free(struct vi_pr_sum *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->labels[i]);
		free(s->paths[i]);
	}
	free(s->labels);
	free(s->paths);
	free(s->st.file);
	free(s->file_hash);
	free(s->hash_known);
	free(s->rmask);
	free(s->rcount);
	free(s->regions);
	free(s->mask);
	free(s->firstpath);
	free(s);
}

/* ---- reading one summary ---- */

/* One summary as read, before it is added. */
struct one {
	size_t n;
	json_t *files;            /* array of strings */
	struct vi_pr_stats st;
	int hash_null;
	size_t nkeys;
	json_t *subsets, *per;
	const char *bad;          /* the first key at fault */
};

static void
fault(struct one *o, const char *key)
{
	if (o->bad == NULL)
		o->bad = key;
}

static uint64_t
get_u64(struct one *o, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		fault(o, key);
		return 0;
	}
	return (uint64_t)json_integer_value(v);
}

static int
damaged(struct vi_error *e, const char *path, const char *why)
{
	vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "not a vi-presence summary "
	    "(vi-presence --summary --json): %s", why);
	return vi_error_at(e, VI_ERR_INPUT, path);
}

static int
unaddable(struct vi_error *e, const char *path, const char *first,
    const char *what)
{
	vi_error_set(e, VI_EX_DATAERR, 0, 0, 0, "cannot be added to %s: %s",
	    first, what);
	return vi_error_at(e, VI_ERR_INPUT, path);
}

/* Index of label in s's files, or (size_t)-1. */
static size_t
label_index(const struct vi_pr_sum *s, const char *l)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->labels[i], l) == 0)
			return i;
	return (size_t)-1;
}

/* Check the shape of the document d into o (its fields stay in d). */
static void
shape(json_t *d, struct one *o)
{
	json_t *c = json_object_get(d, "changed"),
	    *df = json_object_get(d, "differ");
	size_t i;

	if (!json_is_object(d)) {
		fault(o, "the top level");
		return;
	}
	o->files = json_object_get(d, "files");
	if (!json_is_array(o->files) || json_array_size(o->files) < 1 ||
	    json_array_size(o->files) > VI_PR_MAX_INPUTS)
		fault(o, "files");
	else
		for (i = 0; i < json_array_size(o->files); i++)
			if (!json_is_string(json_array_get(o->files, i)))
				fault(o, "files");
	o->n = json_array_size(o->files);
	o->st.keys = get_u64(o, d, "keys");
	o->st.in_all = get_u64(o, d, "in_all");
	o->nkeys = (size_t)get_u64(o, d, "key_fields");
	o->hash_null = json_is_null(c);
	if (o->hash_null) {
		if (!json_is_null(df))
			fault(o, "differ");
	} else {
		o->st.changed = get_u64(o, d, "changed");
		o->st.differ = get_u64(o, d, "differ");
	}
	o->subsets = json_object_get(d, "subsets");
	if (!json_is_array(o->subsets))
		fault(o, "subsets");
	o->per = json_object_get(d, "per_file");
	if (!json_is_array(o->per) || json_array_size(o->per) != o->n)
		fault(o, "per_file");
	if (o->st.in_all > o->st.keys)
		fault(o, "in_all");
}

/* Set up s for the inputs of its first summary o. */
static void
first(struct vi_pr_sum *s, struct one *o)
{
	size_t i;

	s->n = o->n;
	s->words = (o->n + 63) / 64;
	s->labels = vi_xcalloc(o->n, sizeof *s->labels);
	s->paths = vi_xcalloc(o->n, sizeof *s->paths);
	s->st.n = o->n;
	s->st.file = vi_xcalloc(o->n, sizeof *s->st.file);
	s->file_hash = vi_xcalloc(o->n, sizeof *s->file_hash);
	s->hash_known = vi_xcalloc(o->n, sizeof *s->hash_known);
	s->mask = vi_xcalloc(s->words, sizeof *s->mask);
	for (i = 0; i < o->n; i++) {
		json_t *f = json_object_get(json_array_get(o->per, i), "path");

		s->labels[i] = vi_xstrdup(json_string_value(
		    json_array_get(o->files, i)));
		if (json_is_string(f))
			s->paths[i] = vi_xstrdup(json_string_value(f));
	}
}

/* Add subset mask s->mask with count keys. */
static void
region_add(struct vi_pr_sum *s, uint64_t keys)
{
	size_t w = s->words, j;

	for (j = 0; j < s->nreg; j++)
		if (memcmp(s->rmask + j * w, s->mask, w * sizeof *s->mask) ==
		    0) {
			s->rcount[j] += keys;
			return;
		}
	if (s->nreg == s->regcap) {
		s->regcap = s->regcap ? 2 * s->regcap : 16;
		s->rmask = vi_xreallocarray(s->rmask, vi_xmul(s->regcap, w),
		    sizeof *s->rmask);
		s->rcount = vi_xreallocarray(s->rcount, s->regcap,
		    sizeof *s->rcount);
	}
	memcpy(s->rmask + s->nreg * w, s->mask, w * sizeof *s->mask);
	s->rcount[s->nreg++] = keys;
}

/* Check o against the sum and add it; path and firstpath for messages. */
static int
add(struct vi_pr_sum *s, struct one *o, const char *path,
    const char *firstpath, struct vi_error *e)
{
	size_t i, j, w = s->words;
	uint64_t total = 0;

	if (o->n != s->n)
		return unaddable(e, path, firstpath, "another number of files");
	for (i = 0; i < s->n; i++)
		if (strcmp(json_string_value(json_array_get(o->files, i)),
		    s->labels[i]) != 0)
			return unaddable(e, path, firstpath, "other files "
			    "(names), or in another order");
	if (o->st.keys > 0 && s->nkeys != 0 && o->nkeys != s->nkeys)
		return unaddable(e, path, firstpath, "another number of key "
		    "fields");
	/* Everything is checked before anything is added. */
	for (i = 0; i < s->n; i++) {
		json_t *f = json_array_get(o->per, i), *h, *nm, *pa;

		nm = json_object_get(f, "name");
		pa = json_object_get(f, "path");
		h = json_object_get(f, "has_hash");
		if (!json_is_object(f) || !json_is_string(nm) ||
		    (!json_is_string(pa) && !json_is_null(pa)) ||
		    !json_is_boolean(h))
			return damaged(e, path, "per_file");
		if (strcmp(json_string_value(nm), s->labels[i]) != 0)
			return damaged(e, path, "per_file names differ from "
			    "files");
		(void)get_u64(o, f, "records");
		(void)get_u64(o, f, "keys");
		(void)get_u64(o, f, "duplicate_keys");
		(void)get_u64(o, f, "unique");
		if (o->bad != NULL)
			return damaged(e, path, "per_file");
		if (get_u64(o, f, "records") > 0 && s->hash_known[i] &&
		    json_is_true(h) != s->file_hash[i])
			return unaddable(e, path, firstpath, "has_hash differs "
			    "for a file");
	}
	for (j = 0; j < json_array_size(o->subsets); j++) {
		json_t *r = json_array_get(o->subsets, j),
		    *fl = json_object_get(r, "files");

		if (!json_is_object(r) || !json_is_array(fl) ||
		    json_array_size(fl) < 1)
			return damaged(e, path, "subsets");
		for (i = 0; i < json_array_size(fl); i++)
			if (!json_is_string(json_array_get(fl, i)) ||
			    label_index(s, json_string_value(
			    json_array_get(fl, i))) == (size_t)-1)
				return damaged(e, path, "subsets: not one of "
				    "the files");
		total += get_u64(o, r, "keys");
	}
	if (o->bad != NULL)
		return damaged(e, path, "subsets");
	if (total != o->st.keys)
		return damaged(e, path, "its subsets do not add up to its keys");

	for (j = 0; j < json_array_size(o->subsets); j++) {
		json_t *r = json_array_get(o->subsets, j),
		    *fl = json_object_get(r, "files");

		memset(s->mask, 0, w * sizeof *s->mask);
		for (i = 0; i < json_array_size(fl); i++) {
			size_t k = label_index(s, json_string_value(
			    json_array_get(fl, i)));

			s->mask[k / 64] |= (uint64_t)1 << (k % 64);
		}
		region_add(s, get_u64(o, r, "keys"));
	}
	for (i = 0; i < s->n; i++) {
		json_t *f = json_array_get(o->per, i),
		    *pa = json_object_get(f, "path");
		struct vi_pr_file_stats *fs = &s->st.file[i];
		uint64_t rec = get_u64(o, f, "records");

		fs->records += rec;
		fs->keys += get_u64(o, f, "keys");
		fs->duplicate_keys += get_u64(o, f, "duplicate_keys");
		fs->unique += get_u64(o, f, "unique");
		if (!s->hash_known[i] && (rec > 0 || s->nsum == 0)) {
			s->file_hash[i] = json_is_true(json_object_get(f,
			    "has_hash"));
			s->hash_known[i] = rec > 0;
		}
		if (s->paths[i] != NULL && (!json_is_string(pa) ||
		    strcmp(json_string_value(pa), s->paths[i]) != 0)) {
			free(s->paths[i]);
			s->paths[i] = NULL;
		}
	}
	s->st.keys += o->st.keys;
	s->st.in_all += o->st.in_all;
	s->st.changed += o->st.changed;
	/* Without hashes a summary says differ null: keys not in all. */
	s->st.differ += o->hash_null ? o->st.keys - o->st.in_all :
	    o->st.differ;
	if (o->st.keys > 0) {
		s->nkeys = o->nkeys;
		if (o->hash_null)
			s->hash_null = 1;
	}
	s->nsum++;
	return 0;
}

int
vi_pr_sum_read(struct vi_pr_sum *s, const char *path, struct vi_error *e)
{
	struct one o;
	json_error_t je;
	json_t *d;
	int fd, rc;

	memset(&o, 0, sizeof o);
	if ((fd = vi_input_open(path, e)) < 0)
		return vi_error_at(e, VI_ERR_INPUT, path);
	d = json_loadfd(fd, JSON_REJECT_DUPLICATES, &je);
	if (fd != STDIN_FILENO)
		close(fd);
	if (d == NULL) {
		vi_error_set(e, VI_EX_DATAERR, 0, (uint64_t)(je.line > 0 ?
		    je.line : 0), (uint64_t)(je.position > 0 ? je.position :
		    0), "not a vi-presence summary: %s", je.text);
		return vi_error_at(e, VI_ERR_INPUT, path);
	}
	shape(d, &o);
	if (o.bad != NULL) {
		rc = damaged(e, path, o.bad);
	} else {
		if (s->nsum == 0) {
			first(s, &o);
			s->firstpath = vi_xstrdup(path);
		}
		rc = add(s, &o, path, s->firstpath, e);
	}
	json_decref(d);
	return rc;
}

void
vi_pr_sum_view(struct vi_pr_sum *s, struct vi_pr_summary_view *v)
{
	size_t j;

	s->st.has_hash = !s->hash_null;
	free(s->regions);
	s->regions = vi_xcalloc(s->nreg ? s->nreg : 1, sizeof *s->regions);
	for (j = 0; j < s->nreg; j++) {
		size_t w, c = 0;

		s->regions[j].mask = s->rmask + j * s->words;
		for (w = 0; w < s->words; w++)
			c += (size_t)__builtin_popcountll(
			    s->regions[j].mask[w]);
		s->regions[j].nfiles = c;
		s->regions[j].keys = s->rcount[j];
	}
	vi_pr_regions_sort(s->regions, s->nreg, s->words);
	v->st = &s->st;
	v->nkeys = s->nkeys;
	v->regions = s->regions;
	v->nregions = s->nreg;
	v->file_hash = s->file_hash;
	v->labels = s->labels;
	v->paths = s->paths;
}

uint64_t
vi_pr_sum_differ(const struct vi_pr_sum *s)
{
	return s->st.differ;
}
