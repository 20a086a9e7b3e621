/*
 * fuzz_validate.c - vi-validate's engine (lib/vi_validate.h) on fuzzed CSV
 * against fixed schemas.
 *
 * Input: byte 0 chooses the schema (one with every type and constraint, one
 * with unique columns and a primary key), -H, --ignore-order, a tiny
 * --unique-memory (so the unique sets fill up), the delimiter and the
 * quote; the rest is the CSV file.  See vrun.h for what is checked.
 */
#include "fuzz.h"

#include <string.h>

#include "vi_schema.h"
#include "vrun.h"

static const char schema_types[] =
    "{\"fields\": ["
    "{\"name\": \"id\", \"type\": \"integer\", \"constraints\": "
    "{\"required\": true, \"unique\": true, \"minimum\": 1, "
    "\"maximum\": 100}},"
    "{\"name\": \"price\", \"type\": \"number\", \"constraints\": "
    "{\"minimum\": 0, \"maximum\": 1000.5}},"
    "{\"name\": \"ok\", \"type\": \"boolean\"},"
    "{\"name\": \"day\", \"type\": \"date\", \"constraints\": "
    "{\"minimum\": \"2024-01-01\", \"maximum\": \"2024-12-31\"}},"
    "{\"name\": \"at\", \"type\": \"datetime\", \"constraints\": "
    "{\"minimum\": \"2024-01-01T00:00:00Z\"}},"
    "{\"name\": \"code\", \"type\": \"string\", \"constraints\": "
    "{\"pattern\": \"[A-Z]{2}[0-9]+\", \"minLength\": 3, "
    "\"maxLength\": 5}},"
    "{\"name\": \"color\", \"type\": \"string\", \"constraints\": "
    "{\"enum\": [\"red\", \"green\", \"caf\\u00e9\"]}},"
    "{\"name\": \"note\", \"type\": \"any\"}],"
    "\"missingValues\": [\"\", \"NA\"]}";

static const char schema_keys[] =
    "{\"fields\": ["
    "{\"name\": \"id\", \"type\": \"integer\"},"
    "{\"name\": \"name\"},"
    "{\"name\": \"email\", \"type\": \"string\", \"constraints\": "
    "{\"unique\": true, \"required\": true}},"
    "{\"name\": \"n\", \"type\": \"number\", \"constraints\": "
    "{\"enum\": [1, 2.5, \"3e2\"], \"unique\": true}}],"
    "\"primaryKey\": [\"id\", \"name\"], \"missingValues\": []}";

static struct vi_schema *
load(int slot, const char *text)
{
	struct vi_error e = { 0 };
	struct vi_schema *s;
	int fd = fz_file(slot, text, strlen(text));

	if ((s = vi_schema_load(fz_path(fd), &e)) == NULL)
		fz_fail("the fixed schema does not load: %s", e.msg);
	return s;
}

static const unsigned char delims[4] = { ',', '\t', ';', ',' };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vi_schema *schemas[2];
	struct fz f = { data, size };
	struct vi_dialect d;
	uint8_t opt = fz_byte(&f);
	int fd;

	if (schemas[0] == NULL) {
		schemas[0] = load(1, schema_types);
		schemas[1] = load(2, schema_keys);
	}
	vi_dialect_default(&d);
	d.delim = delims[(opt >> 4) & 3];
	d.quote = opt & 0x40 ? '\'' : '"';
	fd = fz_file(0, f.p, f.n);
	vrun(schemas[opt & 1], fd, f.p, f.n, &d, !(opt & 2), (opt >> 2) & 1,
	    opt & 8 ? 96 : (size_t)1 << 24);
	return 0;
}
