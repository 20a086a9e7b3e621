/* vi_labels.c - input names for outputs (see vi_labels.h). */
#include "vi_labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"

static char *
default_label(const char *s)
{
	static const char *const zs[] = { ".gz", ".zst", ".zstd" };
	const char *slash, *dot;
	size_t n, i;

	if (strcmp(s, "-") == 0)
		return vi_xstrdup("stdin");
	slash = strrchr(s, '/');
	if (slash != NULL && slash[1] != '\0')
		s = slash + 1;
	n = strlen(s);
	/* A compression suffix goes first: "a.csv.gz" is "a". */
	for (i = 0; i < sizeof zs / sizeof zs[0]; i++) {
		size_t k = strlen(zs[i]);

		if (n > k + 1 && strcmp(s + n - k, zs[i]) == 0) {
			n -= k;
			break;
		}
	}
	for (dot = s + n; dot > s && dot[-1] != '.'; dot--)
		continue;
	if (dot > s + 1)
		n = (size_t)(dot - 1 - s);
	return vi_xmemdup(s, n);
}

static char **
from_list(const char *names, size_t n, struct vi_error *e)
{
	char **l = vi_xcalloc(n ? n : 1, sizeof *l), *list, *tok, *next;
	size_t j, k = 0;

	list = vi_xstrdup(names);
	for (tok = list; tok != NULL; tok = next) {
		if ((next = strchr(tok, ',')) != NULL)
			*next++ = '\0';
		if (k == n) {
			vi_error_set(e, VI_EX_USAGE, 0, 0, 0, "--names: more "
			    "names than inputs (%zu)", n);
			goto fail;
		}
		if (*tok == '\0') {
			vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "--names: empty name");
			goto fail;
		}
		for (j = 0; j < k; j++)
			if (strcmp(l[j], tok) == 0) {
				vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
				    "--names: name given twice: %s", tok);
				goto fail;
			}
		l[k++] = vi_xstrdup(tok);
	}
	if (k != n) {
		vi_error_set(e, VI_EX_USAGE, 0, 0, 0, "--names: %zu names for "
		    "%zu inputs", k, n);
		goto fail;
	}
	free(list);
	return l;
fail:
	free(list);
	vi_labels_free(l, k);
	return NULL;
}

char **
vi_labels_make(const char *names, size_t n, const char *const *sources,
    struct vi_error *e)
{
	char **l, *dup;
	size_t i, j;

	if (names != NULL)
		return from_list(names, n, e);
	l = vi_xcalloc(n ? n : 1, sizeof *l);
	for (i = 0; i < n; i++)
		l[i] = default_label(sources[i]);
	dup = vi_xcalloc(n ? n : 1, sizeof *dup);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(l[i], l[j]) == 0)
				dup[i] = dup[j] = 1;
	for (i = 0; i < n; i++) {
		if (dup[i]) {
			size_t len = strlen(l[i]) + 24;
			char *t = vi_xmalloc(len);

			snprintf(t, len, "%s#%zu", l[i], i + 1);
			free(l[i]);
			l[i] = t;
		}
	}
	free(dup);
	return l;
}

void
vi_labels_free(char **labels, size_t n)
{
	size_t i;

	if (labels == NULL)
		return;
	for (i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
}
