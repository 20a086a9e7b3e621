/*
 * vi_validate.h - the checking engine behind vi-validate: one streaming pass
 * that checks every record of a CSV reader against a schema, copies the
 * header and every valid record to one stream and every invalid record to
 * another, byte for byte, and hands each violation to a callback.
 *
 * Contract
 * - The reader must be opened with header = 0 and lenient = 1: the engine
 *   takes the first record as the header itself (so it has its raw bytes)
 *   when opts->header is set, and turns the reader's rejects (ragged rows,
 *   quoting faults) into violations.  The schema must outlive the engine.
 * - Output: out gets everything before the header (a BOM), the header and
 *   every valid record; rejects (may be NULL) gets the same leading bytes
 *   and header, then every invalid record.  Records are copied from
 *   vi_record.raw, so a valid file comes out identical.  What the reader
 *   skips - blank lines and malformed records - is copied back from the
 *   file with pread(2) when the input is a regular file (blank lines to
 *   out, a stretch holding malformed records to rejects); from a pipe
 *   blank lines are dropped and malformed records counted as not copied.
 * - Validity: a record is invalid when any check fails (all of its
 *   violations are reported).  Each violation is passed to on_violation
 *   with borrowed pointers, valid for the call.  Row counts always satisfy
 *   rows == valid + invalid.
 * - Memory is flat in the number of rows except for unique and primaryKey:
 *   a set of 128-bit XXH3 hashes of the values (bytes as written; of the
 *   key's fields, length-prefixed, for primaryKey) per constrained column,
 *   all sets together within opts->unique_mem bytes.  Only values of valid
 *   rows are stored, so the valid output is unique.  When a set cannot
 *   grow, later values are still compared with the stored ones but no
 *   longer stored, and stats->unique_capped_line says from which line the
 *   check became partial.  Nothing is allocated per row or per field.
 * - Nothing prints; errors (I/O: 74, a malformed header: 65) fill e.
 * - Messages and the JSON report are made from what the engine keeps, by
 *   vi_validate_report.h.
 */
#ifndef VI_VALIDATE_H
#define VI_VALIDATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vi_csv.h"
#include "vi_err.h"
#include "vi_schema.h"

enum vi_vkind {
	VI_V_TYPE,          /* the value does not fit the field's type */
	VI_V_REQUIRED,      /* a missing value in a required field */
	VI_V_UNIQUE,
	VI_V_MINIMUM,
	VI_V_MAXIMUM,
	VI_V_MINLENGTH,
	VI_V_MAXLENGTH,
	VI_V_ENUM,
	VI_V_PATTERN,
	VI_V_PRIMARYKEY,    /* a duplicate key (row level) */
	VI_V_UTF8,          /* invalid UTF-8 in the record (row level) */
	VI_V_MALFORMED,     /* ragged record or quoting fault (row level) */
	VI_V_MISSING_COLUMN,/* header: a schema field absent from the file */
	VI_V_EXTRA_COLUMN,  /* header: a column the schema does not have */
	VI_V_COLUMN_ORDER,  /* header: a column out of the schema's order */
	VI_V_NKINDS
};

#define VI_V_ROW ((size_t)-1)   /* field of a row-level violation */

struct vi_violation {
	enum vi_vkind kind;
	uint64_t line, byte;      /* physical line; byte 0 when unknown */
	size_t field;             /* schema field index, or VI_V_ROW */
	const char *value;        /* the field's bytes, or the column name */
	size_t len;
	const char *reason;       /* malformed: the reader's reason */
	size_t position;          /* column order: 1-based column in the file */
};

struct vi_validate_opts {
	int header;               /* the first record names the columns */
	int ignore_order;         /* columns are matched by name only */
	size_t unique_mem;        /* bytes for all unique/primaryKey sets */
	FILE *out;                /* header + valid records */
	FILE *rejects;            /* header + invalid records, or NULL */
	const char *rejects_name; /* for error messages */
	void (*on_violation)(void *arg, const struct vi_violation *v);
	void *arg;
	size_t keep;              /* violations kept for the JSON report */
};

struct vi_validate_stats {
	uint64_t rows, valid, invalid;  /* data records (header excluded) */
	uint64_t malformed;             /* of invalid: rejected by the reader */
	uint64_t not_copied;            /* malformed records not in rejects */
	uint64_t blank_lines;
	uint64_t violations;            /* header ones included */
	uint64_t header_violations;
	int no_header;                  /* the input was empty */
	uint64_t unique_capped_line;    /* 0: every unique check was exact */
};

struct vi_validate;

struct vi_validate *vi_validate_new(const struct vi_schema *s,
    const struct vi_validate_opts *o);
void vi_validate_free(struct vi_validate *v);

/* Run over every record of c.  0 when done (look at the stats for the
 * answer), -1 with e on an error that stops the job. */
int vi_validate_run(struct vi_validate *v, struct vi_csv *c,
    struct vi_error *e);

const struct vi_validate_stats *vi_validate_stats(const struct vi_validate *v);

/* The per-column summary: violations of kind k in field f (VI_V_ROW for
 * row-level and header kinds without a schema field), and the line of the
 * first.  Returns the count. */
uint64_t vi_validate_count(const struct vi_validate *v, size_t f,
    enum vi_vkind k, uint64_t *first_line);

/* The schema v checks. */
const struct vi_schema *vi_validate_schema(const struct vi_validate *v);

/* The i-th of the first opts->keep violations (0-based), or NULL when
 * fewer were kept.  Its value is a copy of at most VI_V_KEPT_VALUE bytes
 * (len says how many), its reason a copy; both live until
 * vi_validate_free. */
#define VI_V_KEPT_VALUE 200
const struct vi_violation *vi_validate_kept(const struct vi_validate *v,
    size_t i);

#endif
