/*
 * vi_labelset.h - the inputs of a labelled key stream (vi-keys --label):
 * which input each record's label names, for vi-presence --labelled.
 *
 * Contract.  A set is either fixed (made from a list of names, in that
 * order: the inputs and their order) or open (empty, growing with every new
 * label seen, up to a maximum).  vi_labelset_find() takes a label as a
 * record holds it (encoded as in vi-keys(5), not NUL-ended) and gives its
 * input index; in a fixed set a label that is not in the list is a data
 * error (65), in an open set a new label gets the next index, and one label
 * too many is a data error too.  A label that decodes to a NUL byte cannot
 * be a name and is refused (65).  vi_labelset_sort() puts an open set in
 * bytewise order of the decoded names and says where each index went.
 *
 * Names are decoded (raw bytes, NUL-ended), owned by the set and valid until
 * vi_labelset_free().  Nothing here prints or exits.
 */
#ifndef VI_LABELSET_H
#define VI_LABELSET_H

#include <stddef.h>

#include "vi_err.h"

struct vi_labelset;

/* A fixed set of n names (copied), or with names NULL an open set of at
 * most max labels. */
struct vi_labelset *vi_labelset_new(char *const *names, size_t n,
    size_t max);
/* The index of the encoded label lab[0, len) in *idx: 0, or -1 with e set
 * (65; the message quotes the label in its encoded form). */
int vi_labelset_find(struct vi_labelset *s, const char *lab, size_t len,
    size_t *idx, struct vi_error *e);
size_t vi_labelset_count(const struct vi_labelset *s);
/* The decoded names, in index order. */
char *const *vi_labelset_names(const struct vi_labelset *s);
/* Sort the names bytewise; perm[i] (count entries, caller-allocated)
 * receives the new index of old index i. */
void vi_labelset_sort(struct vi_labelset *s, size_t *perm);
void vi_labelset_free(struct vi_labelset *s);

#endif
