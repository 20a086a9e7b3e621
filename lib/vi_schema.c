/* vi_schema.c - load and write the Table Schema subset (see vi_schema.h). */
#include "vi_schema.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_input.h"
#include "vi_json.h"
#include "vi_nulls.h"

static const char *const type_names[] = {
	"boolean", "integer", "number", "date", "datetime", "string", "any"
};

static int
parse_type(const char *s, enum vi_type *t)
{
	size_t i;

	for (i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
		if (strcmp(s, type_names[i]) == 0) {
			*t = (enum vi_type)i;
			return 0;
		}
	return -1;
}

/* Limits on a pattern, checked before regcomp: glibc expands x{m,n} into n
 * copies of x, so nested or stacked bounds multiply ("a{1,32767}{1,32767}"
 * asked for gigabytes).  See vi-schema(5). */
enum {
	PAT_MAX_BYTES = 4096,  /* the pattern as written */
	PAT_MAX_DUP = 255,     /* any single bound: POSIX's _POSIX_RE_DUP_MAX */
	PAT_MAX_SIZE = 4096,   /* atoms once every repetition is expanded */
	PAT_MAX_DEPTH = 256    /* nested parentheses */
};

/* Read an interval "{m}", "{m,}", "{m,n}" or "{,n}" at p (p[0] == '{').
 * Sets *copies to the number of copies glibc makes of the operand (n, or
 * m + 1 when open-ended) and *big when a bound exceeds PAT_MAX_DUP;
 * returns the length, or 0 if this is no interval (regcomp judges it). */
static size_t
pat_interval(const char *p, uint64_t *copies, uint64_t *big)
{
	uint64_t v[2] = { 0, 0 };
	size_t i = 1;
	int k = 0, digits[2] = { 0, 0 }, comma = 0;

	for (;; i++) {
		if (p[i] >= '0' && p[i] <= '9') {
			if (v[k] <= 1000000)
				v[k] = v[k] * 10 + (uint64_t)(p[i] - '0');
			digits[k] = 1;
		} else if (p[i] == ',' && !comma) {
			comma = 1;
			k = 1;
		} else if (p[i] == '}') {
			break;
		} else {
			return 0;
		}
	}
	if (!digits[0] && !digits[1])
		return 0;
	*big = v[0] > v[1] ? v[0] : v[1];
	if (!comma)
		*copies = v[0];
	else if (!digits[1])
		*copies = v[0] + 1;
	else
		*copies = v[1];
	if (*copies == 0)
		*copies = 1;
	return i + 1;
}

/* Skip a bracket expression at p (p[0] == '['); returns its length, or the
 * rest of the string if it does not end (regcomp reports that). */
static size_t
pat_bracket(const char *p)
{
	size_t i = 1;
	const char *end;

	if (p[i] == '^')
		i++;
	if (p[i] == ']')
		i++;
	for (; p[i] != '\0' && p[i] != ']'; i++)
		if (p[i] == '[' && (p[i + 1] == ':' || p[i + 1] == '=' ||
		    p[i + 1] == '.')) {
			char close[3] = { p[i + 1], ']', '\0' };

			if ((end = strstr(p + i + 2, close)) == NULL)
				return strlen(p);
			i = (size_t)(end - p) + 1;
		}
	return p[i] == ']' ? i + 1 : i;
}

/* 0 if the ERE p is within the limits above, else -1 with *why set. */
static int
pat_check(const char *p, const char **why)
{
	/* Per open group: the size of the finished alternatives, of the
	 * current branch, and of its last operand (what a postfix repeats). */
	struct { uint64_t alts, cur, last; } st[PAT_MAX_DEPTH + 1];
	size_t i = 0, d = 0, n;
	uint64_t copies, big;

	if (strlen(p) > PAT_MAX_BYTES) {
		*why = "longer than 4096 bytes";
		return -1;
	}
	memset(&st[0], 0, sizeof st[0]);
	while (p[i] != '\0') {
		copies = 0;
		switch (p[i]) {
		case '(':
			if (d == PAT_MAX_DEPTH) {
				*why = "nested deeper than 256 parentheses";
				return -1;
			}
			memset(&st[++d], 0, sizeof st[0]);
			i++;
			continue;
		case ')':
			if (d == 0) {
				n = 1;
				break;
			}
			n = st[d].alts + st[d].cur;
			d--;
			st[d].last = n;
			st[d].cur += n;
			i++;
			goto size;
		case '|':
			st[d].alts += st[d].cur;
			st[d].cur = st[d].last = 0;
			i++;
			continue;
		case '*':
		case '?':
			i++;
			continue;
		case '+':
			copies = 2;
			n = 1;
			break;
		case '{':
			if ((n = pat_interval(p + i, &copies, &big)) == 0) {
				n = 1;
				break;
			}
			if (big > PAT_MAX_DUP) {
				*why = "a repetition bound is over 255";
				return -1;
			}
			break;
		case '[':
			n = pat_bracket(p + i);
			break;
		case '\\':
			n = p[i + 1] != '\0' ? 2 : 1;
			break;
		default:
			n = 1;
			break;
		}
		i += n;
		if (copies > 0) {
			/* A postfix: the last operand, copies times. */
			st[d].cur -= st[d].last;
			st[d].last *= copies;
			st[d].cur += st[d].last;
		} else {
			st[d].last = 1;
			st[d].cur += 1;
		}
size:
		if (st[d].cur + st[d].alts > PAT_MAX_SIZE) {
			*why = "too complex: its repetitions expand to more "
			    "than 4096 elements";
			return -1;
		}
	}
	return 0;
}

/* A typed constraint value: a JSON value of the field's type, or a string
 * that vi_infer says fits it.  text gets a NUL-terminated copy as written. */
static int
typed_value(const struct vi_schema_field *f, json_t *j, struct vi_value *v,
    char **text)
{
	char buf[64];
	const char *s;
	size_t n;

	memset(v, 0, sizeof *v);
	if (json_is_string(j)) {
		s = json_string_value(j);
		n = json_string_length(j);
		vi_infer(s, n, v);
		if (!(v->fits & VI_FIT(f->type)))
			return -1;
		if (text)
			*text = vi_xmemdup(s, n);
		return 0;
	}
	switch (f->type) {
	case VI_TYPE_BOOLEAN:
		if (!json_is_boolean(j))
			return -1;
		v->fits = VI_FIT_BOOLEAN;
		v->boolean = json_is_true(j);
		snprintf(buf, sizeof buf, "%s", v->boolean ? "true" : "false");
		break;
	case VI_TYPE_INTEGER:
		if (!json_is_integer(j))
			return -1;
		v->fits = VI_FIT_INTEGER | VI_FIT_NUMBER;
		v->integer = (int64_t)json_integer_value(j);
		v->number = (double)v->integer;
		snprintf(buf, sizeof buf, "%lld", (long long)v->integer);
		break;
	case VI_TYPE_NUMBER:
		if (!json_is_number(j))
			return -1;
		v->fits = VI_FIT_NUMBER;
		v->number = json_number_value(j);
		snprintf(buf, sizeof buf, "%.17g", v->number);
		break;
	default:
		return -1;
	}
	if (text)
		*text = vi_xstrdup(buf);
	return 0;
}

static int
is_count(json_t *j, uint64_t *out)
{
	if (!json_is_integer(j) || json_integer_value(j) < 0)
		return -1;
	*out = (uint64_t)json_integer_value(j);
	return 0;
}

/* Parse one field's constraints object.  -1 with e on error. */
static int
load_constraints(struct vi_schema_field *f, json_t *c, struct vi_error *e)
{
	const char *key;
	json_t *val;
	int ordered = f->type >= VI_TYPE_INTEGER && f->type <= VI_TYPE_DATETIME;

	if (!json_is_object(c))
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "field \"%s\": constraints is not an object", f->name);
	json_object_foreach(c, key, val) {
		if (strcmp(key, "required") == 0 || strcmp(key, "unique") == 0) {
			if (!json_is_boolean(val))
				goto bad;
			if (key[0] == 'r')
				f->required = json_is_true(val);
			else
				f->unique = json_is_true(val);
		} else if (strcmp(key, "minimum") == 0 ||
		    strcmp(key, "maximum") == 0) {
			int max = key[1] == 'a';

			if (!ordered)
				return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
				    "field \"%s\": constraint %s does not "
				    "apply to type %s", f->name, key,
				    type_names[f->type]);
			if (typed_value(f, val, max ? &f->max : &f->min,
			    max ? &f->max_text : &f->min_text) < 0)
				goto bad;
			if (max)
				f->has_max = 1;
			else
				f->has_min = 1;
		} else if (strcmp(key, "minLength") == 0) {
			if (is_count(val, &f->minlen) < 0)
				goto bad;
			f->has_minlen = 1;
		} else if (strcmp(key, "maxLength") == 0) {
			if (is_count(val, &f->maxlen) < 0)
				goto bad;
			f->has_maxlen = 1;
		} else if (strcmp(key, "enum") == 0) {
			size_t i;
			json_t *m;

			if (!json_is_array(val))
				goto bad;
			f->has_enum = 1;
			f->nenums = json_array_size(val);
			f->enums = vi_xcalloc(f->nenums ? f->nenums : 1,
			    sizeof *f->enums);
			json_array_foreach(val, i, m) {
				struct vi_schema_enum *en = &f->enums[i];

				if (f->type == VI_TYPE_STRING ||
				    f->type == VI_TYPE_ANY) {
					if (!json_is_string(m))
						goto bad;
					en->len = json_string_length(m);
					en->text = vi_xmemdup(
					    json_string_value(m), en->len);
				} else if (typed_value(f, m, &en->v,
				    &en->text) < 0) {
					goto bad;
				}
			}
		} else if (strcmp(key, "pattern") == 0) {
			char *re, msg[128];
			const char *why;
			int rc;
			size_t n;

			if (!json_is_string(val))
				goto bad;
			f->pattern = vi_xstrdup(json_string_value(val));
			if (pat_check(f->pattern, &why) < 0)
				return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
				    "field \"%s\": pattern \"%.100s%s\": %s",
				    f->name, f->pattern, strlen(f->pattern) >
				    100 ? "..." : "", why);
			n = strlen(f->pattern);
			re = vi_xmalloc(n + 5);
			snprintf(re, n + 5, "^(%s)$", f->pattern);
			rc = regcomp(&f->re, re, REG_EXTENDED | REG_NOSUB);
			free(re);
			if (rc == REG_ESPACE)
				return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
				    "out of memory");
			if (rc != 0) {
				regerror(rc, NULL, msg, sizeof msg);
				return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
				    "field \"%s\": pattern \"%s\": %s",
				    f->name, f->pattern, msg);
			}
			f->has_pattern = 1;
		} else {
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "field \"%s\": unknown constraint \"%s\"",
			    f->name, key);
		}
		continue;
bad:
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "field \"%s\": constraint %s: not a valid value for type "
		    "%s", f->name, key, type_names[f->type]);
	}
	return 0;
}

static int
load_field(struct vi_schema *s, size_t i, json_t *j, struct vi_error *e)
{
	struct vi_schema_field *f = &s->fields[i];
	json_t *name = json_object_get(j, "name");
	json_t *type = json_object_get(j, "type");
	json_t *cons = json_object_get(j, "constraints");
	const char *key;
	json_t *val;
	size_t k;

	if (!json_is_object(j))
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "fields[%zu] is not an object", i);
	if (!json_is_string(name) ||
	    memchr(json_string_value(name), '\0',
	    json_string_length(name)) != NULL)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "fields[%zu]: no name (a string)", i);
	f->name = vi_xstrdup(json_string_value(name));
	f->name_len = strlen(f->name);
	for (k = 0; k < i; k++)
		if (strcmp(s->fields[k].name, f->name) == 0)
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "field \"%s\" is defined twice", f->name);
	f->type = VI_TYPE_STRING;  /* the Frictionless default */
	if (type != NULL && (!json_is_string(type) ||
	    parse_type(json_string_value(type), &f->type) < 0))
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "field \"%s\": unknown type %s", f->name,
		    json_is_string(type) ? json_string_value(type) :
		    "(not a string)");
	json_object_foreach(j, key, val) {
		if (strcmp(key, "name") == 0 || strcmp(key, "type") == 0 ||
		    strcmp(key, "constraints") == 0 ||
		    strcmp(key, "title") == 0 ||
		    strcmp(key, "description") == 0 ||
		    strcmp(key, "example") == 0)
			continue;
		if (strcmp(key, "format") == 0 && json_is_string(val) &&
		    strcmp(json_string_value(val), "default") == 0)
			continue;
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "field \"%s\": unsupported property \"%s\"", f->name,
		    key);
	}
	if (cons != NULL && load_constraints(f, cons, e) < 0)
		return -1;
	return 0;
}

static int
load_missing(struct vi_schema *s, json_t *mv, struct vi_error *e)
{
	struct vi_nulls *nulls;
	struct vi_error ne;
	size_t i, total = 6;
	json_t *m;
	char *p;

	if (mv == NULL) {
		/* The Frictionless default: [""]. */
		s->nmissing = 1;
		s->missing = vi_xcalloc(1, sizeof *s->missing);
		s->missing[0] = vi_xstrdup("");
		s->missing_spec = vi_xstrdup("list:");
		return 0;
	}
	if (!json_is_array(mv))
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "missingValues is not an array of strings");
	s->nmissing = json_array_size(mv);
	s->missing = vi_xcalloc(s->nmissing ? s->nmissing : 1,
	    sizeof *s->missing);
	json_array_foreach(mv, i, m) {
		const char *t = json_string_value(m);

		if (!json_is_string(m) ||
		    strlen(t) != json_string_length(m))
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "missingValues[%zu] is not a string", i);
		if (strchr(t, ',') != NULL)
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "missingValues[%zu]: a token with a comma is not "
			    "supported: \"%s\"", i, t);
		s->missing[i] = vi_xstrdup(t);
		total += strlen(t) + 1;
	}
	if (s->nmissing == 0)
		return 0;
	s->missing_spec = p = vi_xmalloc(total);
	p += sprintf(p, "list:");
	for (i = 0; i < s->nmissing; i++)
		p += sprintf(p, "%s%s", i ? "," : "", s->missing[i]);
	/* The engine builds the same set: its limits (number and length of
	 * tokens) are the schema's, checked here. */
	if ((nulls = vi_nulls_new(s->missing_spec, &ne)) == NULL)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "missingValues: %s", ne.msg);
	vi_nulls_free(nulls);
	return 0;
}

static int
find_field(const struct vi_schema *s, const char *name, size_t *out)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, name) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

static int
load_pk(struct vi_schema *s, json_t *pk, struct vi_error *e)
{
	size_t i, n;
	json_t *m;

	if (pk == NULL)
		return 0;
	if (json_is_string(pk)) {
		s->pk = vi_xcalloc(1, sizeof *s->pk);
		s->npk = 1;
		if (find_field(s, json_string_value(pk), &s->pk[0]) < 0)
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "primaryKey: no field \"%s\"",
			    json_string_value(pk));
		return 0;
	}
	if (!json_is_array(pk) || (n = json_array_size(pk)) == 0)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "primaryKey is not a field name or an array of them");
	s->pk = vi_xcalloc(n, sizeof *s->pk);
	s->npk = n;
	json_array_foreach(pk, i, m) {
		if (!json_is_string(m))
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "primaryKey[%zu] is not a string", i);
		if (find_field(s, json_string_value(m), &s->pk[i]) < 0)
			return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "primaryKey: no field \"%s\"",
			    json_string_value(m));
	}
	return 0;
}

struct vi_schema *
vi_schema_load(const char *path, struct vi_error *e)
{
	struct vi_schema *s;
	json_error_t je;
	json_t *root, *fields, *val;
	const char *key;
	FILE *f;
	size_t i;
	int fd;

	if ((fd = vi_input_open(path, e)) < 0) {
		if (e->errnum == ENOMEM)
			e->status = VI_EX_SOFTWARE;
		return NULL;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		vi_error_set(e, VI_EX_SOFTWARE, errno, 0, 0, "%s", "");
		if (fd != 0)
			close(fd);
		return NULL;
	}
	vi_json_begin();
	errno = 0;
	root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
	if (ferror(f)) {        /* not the JSON's fault: a read error */
		vi_error_set(e, VI_EX_IOERR, errno ? errno : EIO, 0, 0,
		    "read error");
		fclose(f);
		json_decref(root);
		return NULL;
	}
	fclose(f);
	if (root == NULL && (vi_json_failed() ||
	    json_error_code(&je) == json_error_out_of_memory)) {
		vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0, "out of memory");
		return NULL;
	}
	if (root == NULL) {
		vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "line %d column %d: invalid JSON: %s", je.line,
		    je.column, je.text);
		return NULL;
	}
	s = vi_xcalloc(1, sizeof *s);
	if (!json_is_object(root)) {
		vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "the schema is not a JSON object");
		goto fail;
	}
	json_object_foreach(root, key, val) {
		if (strcmp(key, "fields") && strcmp(key, "missingValues") &&
		    strcmp(key, "primaryKey") && strcmp(key, "$schema") &&
		    strcmp(key, "title") && strcmp(key, "description")) {
			vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
			    "unsupported schema property \"%s\"", key);
			goto fail;
		}
	}
	fields = json_object_get(root, "fields");
	if (!json_is_array(fields)) {
		vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "no \"fields\" array");
		goto fail;
	}
	s->nfields = json_array_size(fields);
	s->fields = vi_xcalloc(s->nfields ? s->nfields : 1,
	    sizeof *s->fields);
	for (i = 0; i < s->nfields; i++)
		if (load_field(s, i, json_array_get(fields, i), e) < 0)
			goto fail;
	if (load_missing(s, json_object_get(root, "missingValues"), e) < 0 ||
	    load_pk(s, json_object_get(root, "primaryKey"), e) < 0)
		goto fail;
	json_decref(root);
	return s;
fail:
	json_decref(root);
	vi_schema_free(s);
	return NULL;
}

void
vi_schema_free(struct vi_schema *s)
{
	size_t i, k;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfields; i++) {
		struct vi_schema_field *f = &s->fields[i];

		free(f->name);
		free(f->min_text);
		free(f->max_text);
		for (k = 0; k < f->nenums; k++)
			free(f->enums[k].text);
		free(f->enums);
		if (f->has_pattern)
			regfree(&f->re);
		free(f->pattern);
	}
	free(s->fields);
	for (i = 0; i < s->nmissing; i++)
		free(s->missing[i]);
	free(s->missing);
	free(s->missing_spec);
	free(s->pk);
	free(s);
}

int
vi_schema_write_profile(FILE *out, const struct vi_profile *p,
    struct vi_error *e)
{
	json_t *root, *fields, *mv;
	const struct vi_nulls *ns = vi_profile_nulls(p);
	struct vi_column_summary cs;
	size_t i, n, len;

	vi_json_begin();
	root = json_object();
	fields = json_array();

	for (i = 0; i < vi_profile_ncols(p); i++) {
		json_t *f = json_object();

		vi_profile_column(p, i, &cs);
		vi_json_set(f, "name", vi_json_str(cs.name, cs.name_len,
		    VI_JSON_STR_NUL));
		vi_json_set(f, "type",
		    json_string(type_names[cs.type]));
		if (cs.nulls == 0 && cs.non_null > 0) {
			json_t *c = json_object();

			vi_json_set(c, "required", json_true());
			vi_json_set(f, "constraints", c);
		}
		vi_json_append(fields, f);
	}
	vi_json_set(root, "fields", fields);
	mv = json_array();
	n = vi_nulls_count(ns);
	for (i = 0; i < n; i++) {
		const char *t = vi_nulls_token(ns, i, &len);

		vi_json_append(mv, vi_json_str(t, len, VI_JSON_STR_NUL));
	}
	vi_json_set(root, "missingValues", mv);
	return vi_json_print(out, root, JSON_INDENT(2) | JSON_PRESERVE_ORDER,
	    e);
}
