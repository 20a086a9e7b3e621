/* vi_json.c - jansson with every failure noticed (see vi_json.h). */
#include "vi_json.h"

#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"
#include "vi_utf8.h"

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

int
vi_json_write(struct vi_out *o, json_t *j, size_t flags, struct vi_error *e)
{
	size_t need = failed ? 0 : json_dumpb(j, NULL, 0, flags);

	if (need != 0 && json_dumpb(j, vi_out_reserve(o, vi_xadd(need, 1)),
	    need, flags) != need)
		need = 0;
	json_decref(j);
	if (need == 0 || failed) {
		failed = 1;
		return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
		    "out of memory");
	}
	o->len += need;
	vi_out_ch(o, '\n');
	return 0;
}

int
vi_json_print(FILE *f, json_t *j, size_t flags, struct vi_error *e)
{
	struct vi_out o = VI_OUT_INIT(f);

	if (vi_json_write(&o, j, flags, e) < 0) {
		vi_out_free(&o);
		return -1;
	}
	return vi_out_close(&o, e);
}

json_t *
vi_json_str(const char *p, size_t n, unsigned flags)
{
	json_t *j = json_stringn(p, n);
	char *b, *d;
	size_t i, k;

	if (j != NULL)
		return j;
	d = b = vi_xmalloc(vi_xmul(vi_xadd(n, 1), 3));
	for (i = 0; i < n; i += k) {
		k = vi_utf8_seq((const unsigned char *)p + i, n - i);
		if (k == 0 || (p[i] == '\0' && (flags & VI_JSON_STR_NUL))) {
			memcpy(d, "\xEF\xBF\xBD", 3);
			d += 3;
			k = 1;
		} else {
			memcpy(d, p + i, k);
			d += k;
		}
	}
	j = json_stringn(b, (size_t)(d - b));
	free(b);
	return j;
}

void
vi_json_put_str(struct vi_out *o, const char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, j, k;

	vi_out_ch(o, '"');
	while (i < n) {
		for (j = i; j < n && s[j] >= 0x20 && s[j] < 0x80 && s[j] != '"' &&
		    s[j] != '\\'; j++)
			continue;
		vi_out_add(o, s + i, j - i);
		if ((i = j) == n)
			break;
		if (s[i] >= 0x80) {
			k = vi_utf8_seq(s + i, n - i);
			if (k == 0)
				vi_out_add(o, "\xEF\xBF\xBD", 3);
			else
				vi_out_add(o, s + i, k);
			i += k ? k : 1;
			continue;
		}
		vi_out_ch(o, '\\');
		switch (s[i]) {
		case '"': vi_out_ch(o, '"'); break;
		case '\\': vi_out_ch(o, '\\'); break;
		case '\b': vi_out_ch(o, 'b'); break;
		case '\f': vi_out_ch(o, 'f'); break;
		case '\n': vi_out_ch(o, 'n'); break;
		case '\r': vi_out_ch(o, 'r'); break;
		case '\t': vi_out_ch(o, 't'); break;
		default:
			vi_out_str(o, "u00");
			vi_out_ch(o, hex[s[i] >> 4]);
			vi_out_ch(o, hex[s[i] & 15]);
		}
		i++;
	}
	vi_out_ch(o, '"');
}

json_t *
vi_json_u64(uint64_t v)
{
	return json_integer((json_int_t)v);
}
