/*
 * fuzz_schema.c - the schema reader (lib/vi_schema) on fuzzed JSON.
 *
 * Input: the schema file.  A schema that loads is then put to work: a CSV
 * file is made from it (a header of its field names, then rows of each
 * field's minimum, maximum, first enum member, an empty value and "1") and
 * validated against it (vrun.h), so every compiled constraint is used.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vi_schema.h"
#include "vrun.h"

/* Append p[0..n) to f as a quoted CSV field. */
static void
field(FILE *f, const char *p, size_t n, int first)
{
	size_t i;

	if (!first)
		fputc(',', f);
	fputc('"', f);
	for (i = 0; i < n; i++) {
		if (p[i] == '"')
			fputc('"', f);
		fputc(p[i], f);
	}
	fputc('"', f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vi_error e = { 0 };
	struct vi_dialect d;
	struct vi_schema *s;
	char *csv = NULL;
	size_t n = 0, i, row;
	FILE *f;
	int fd;

	fd = fz_file(1, data, size);
	s = vi_schema_load(fz_path(fd), &e);
	if (s == NULL) {
		if (e.status != 64 && e.status != 70)
			fz_fail("schema load failed with status %d: %s",
			    e.status, e.msg);
		return 0;
	}
	if ((f = open_memstream(&csv, &n)) == NULL)
		fz_fail("open_memstream");
	for (i = 0; i < s->nfields; i++)
		field(f, s->fields[i].name, s->fields[i].name_len, i == 0);
	fputs("\r\n", f);
	for (row = 0; row < 5; row++) {
		for (i = 0; i < s->nfields; i++) {
			const struct vi_schema_field *x = &s->fields[i];
			const char *v = "1";

			if (row == 0 && x->min_text)
				v = x->min_text;
			else if (row == 1 && x->max_text)
				v = x->max_text;
			else if (row == 2 && x->nenums)
				v = x->enums[0].text;
			else if (row == 3)
				v = "";
			field(f, v, strlen(v), i == 0);
		}
		fputs("\n", f);
	}
	fclose(f);
	vi_dialect_default(&d);
	fd = fz_file(0, csv, n);
	vrun(s, fd, (const uint8_t *)csv, n, &d, 1, 0, (size_t)1 << 20);
	free(csv);
	vi_schema_free(s);
	return 0;
}
