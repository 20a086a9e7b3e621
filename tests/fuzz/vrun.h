/*
 * vrun.h - one run of vi-validate's engine for the fuzz targets, with the
 * checks that hold on any input (included by fuzz_validate.c and
 * fuzz_schema.c; static, one copy per target).
 *
 * The CSV file is in fd's in-memory file (regular, so the engine copies
 * back what the reader skipped).  Checked: rows == valid + invalid, the
 * malformed rows are among the invalid ones, every violation has a
 * message, the JSON report is written, and a file with no invalid row
 * comes out on the valid output byte for byte as it went in.
 */
#ifndef VRUN_H
#define VRUN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "vi_validate.h"
#include "vi_validate_report.h"

struct vrun {
	const struct vi_validate *v;
	uint64_t seen;
};

static void
vrun_violation(void *arg, const struct vi_violation *x)
{
	struct vrun *k = arg;
	char msg[1024], tiny[7];

	k->seen++;
	if (x->kind >= VI_V_NKINDS)
		fz_fail("violation of kind %d", (int)x->kind);
	vi_validate_message(k->v, x, msg, sizeof msg);
	vi_validate_message(k->v, x, tiny, sizeof tiny);
	if (msg[0] == '\0' || strlen(tiny) >= sizeof tiny)
		fz_fail("violation %s: bad message", vi_vkind_name(x->kind));
	if (x->field != VI_V_ROW && x->field >= 1000000)
		fz_fail("violation %s: field %zu", vi_vkind_name(x->kind),
		    x->field);
}

/* Validate the file in fd (its bytes are file[0..size)) against s. */
static void
vrun(const struct vi_schema *s, int fd, const uint8_t *file, size_t size,
    const struct vi_dialect *dialect, int header, int ignore_order,
    size_t unique_mem)
{
	struct vi_dialect d = *dialect;
	struct vi_error e = { 0 };
	struct vi_validate_opts o;
	struct vi_validate *v;
	const struct vi_validate_stats *st;
	struct vrun k = { NULL, 0 };
	struct vi_csv *c;
	char *outb = NULL, *rejb = NULL, *repb = NULL;
	size_t outn = 0, rejn = 0, repn = 0;
	FILE *out, *rej, *rep;
	int rc;

	d.header = 0;   /* as vi-validate: the engine reads the header */
	d.lenient = 1;
	c = vi_csv_open(fz_path(fd), &d, &e);
	if (c == NULL)
		return;
	out = open_memstream(&outb, &outn);
	rej = open_memstream(&rejb, &rejn);
	if (out == NULL || rej == NULL)
		fz_fail("open_memstream");
	memset(&o, 0, sizeof o);
	o.header = header;
	o.ignore_order = ignore_order;
	o.unique_mem = unique_mem;
	o.out = out;
	o.rejects = rej;
	o.rejects_name = "rejects";
	o.on_violation = vrun_violation;
	o.arg = &k;
	o.keep = 5;
	v = vi_validate_new(s, &o);
	k.v = v;
	rc = vi_validate_run(v, c, &e);
	st = vi_validate_stats(v);
	if (rc < 0 && e.status != 65)
		fz_fail("validate: status %d: %s", e.status, e.msg);
	if (st->rows != st->valid + st->invalid)
		fz_fail("%llu rows, %llu valid, %llu invalid",
		    (unsigned long long)st->rows,
		    (unsigned long long)st->valid,
		    (unsigned long long)st->invalid);
	if (st->malformed > st->invalid || st->not_copied != 0 ||
	    st->header_violations > st->violations ||
	    k.seen != st->violations)
		fz_fail("counts do not add up: %llu malformed, %llu invalid, "
		    "%llu not copied, %llu violations, %llu reported",
		    (unsigned long long)st->malformed,
		    (unsigned long long)st->invalid,
		    (unsigned long long)st->not_copied,
		    (unsigned long long)st->violations,
		    (unsigned long long)k.seen);
	if (fclose(out) != 0 || fclose(rej) != 0)
		fz_fail("fclose of a memory stream");
	if (rc == 0 && st->invalid == 0 && !st->no_header &&
	    (outn != size || memcmp(outb, file, size) != 0))
		fz_fail("no invalid row, but the output (%zu bytes) is not "
		    "the input (%zu bytes)", outn, size);
	if (rc == 0) {
		if ((rep = open_memstream(&repb, &repn)) == NULL)
			fz_fail("open_memstream");
		if (vi_validate_report_json(rep, v, "in", &e) < 0)
			fz_fail("JSON report: %s", e.msg);
		fclose(rep);
		if (repn == 0 || repb[0] != '{')
			fz_fail("JSON report: not an object");
		free(repb);
	}
	free(outb);
	free(rejb);
	vi_validate_free(v);
	vi_csv_close(c);
}

#endif
