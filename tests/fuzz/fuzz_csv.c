/*
 * fuzz_csv.c - the CSV reader (lib/vi_csv) under every dialect and mode.
 *
 * Input: byte 0 chooses header, lenient, the delimiter and the quote;
 * byte 1 the record limit; byte 2 (low 3 bits) how many bytes follow as
 * the read schedule; the rest is the file.  The file is read twice, in one
 * piece and in the scheduled pieces, and once more in one piece through
 * libcsv alone (VI_PARSER=libcsv): all three passes must see the same
 * records, fields, positions, errors and findings -- the proof that the
 * fast path for quote-free lines (vi_split, in its vector version for the
 * first pass and its byte loop for the second) is the libcsv path.  Every record's raw bytes must be
 * the file's bytes at its offset, and the counts must add up.
 */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "vi_csv.h"
#include "vi_split.h"

static const unsigned char delims[8] = { ',', '\t', ';', '|', ' ', ',',
	0, 0 };
static const unsigned char quotes[4] = { '"', '\'', 0, '"' };

static void
info_hash(uint64_t *h, const struct vi_csv_info *in)
{
	size_t i;

	*h = fz_mix64(*h, in->bytes);
	*h = fz_mix64(*h, in->lines);
	*h = fz_mix64(*h, in->records_read);
	*h = fz_mix64(*h, in->records_ok);
	*h = fz_mix64(*h, in->records_rejected);
	*h = fz_mix64(*h, in->quoting_rejects);
	*h = fz_mix64(*h, in->blank_lines);
	*h = fz_mix64(*h, in->columns);
	*h = fz_mix64(*h, (uint64_t)in->bom_utf8);
	*h = fz_mix64(*h, in->utf8_invalid);
	*h = fz_mix64(*h, in->utf8_first_line);
	*h = fz_mix64(*h, in->utf8_first_byte);
	*h = fz_mix64(*h, in->nrejects_kept);
	for (i = 0; i < in->nrejects_kept; i++) {
		*h = fz_mix64(*h, in->rejects[i].line);
		*h = fz_mix64(*h, in->rejects[i].byte);
		*h = fz_mix(*h, in->rejects[i].reason,
		    strlen(in->rejects[i].reason));
	}
}

/* One pass; returns the hash of everything it saw. */
static uint64_t
pass(const char *path, const struct vi_dialect *d, const uint8_t *file,
    size_t size)
{
	struct vi_error e = { 0 };
	struct vi_record r;
	struct vi_csv *c;
	const struct vi_csv_info *in;
	const struct vi_field *hf;
	uint64_t h = 0, lastline = 0;
	size_t nh, i;
	int rc;

	c = vi_csv_open(path, d, &e);
	if (c == NULL) {
		h = fz_mix64(h, (uint64_t)e.status);
		h = fz_mix64(h, e.line);
		h = fz_mix64(h, e.byte);
		return fz_mix(h, e.msg, strlen(e.msg));
	}
	in = vi_csv_info(c);
	hf = vi_csv_header(c, &nh);
	for (i = 0; i < nh; i++)
		h = fz_mix(h, hf[i].p, hf[i].n);
	h = fz_mix64(h, vi_csv_data_offset(c));
	h = fz_mix64(h, vi_csv_data_line(c));
	while ((rc = vi_csv_next(c, &r, &e)) > 0) {
		if (r.byte == 0 || r.byte - 1 > size ||
		    r.raw_len > size - (r.byte - 1) ||
		    memcmp(r.raw, file + r.byte - 1, r.raw_len) != 0)
			fz_fail("record %llu: raw bytes are not the file's "
			    "bytes at %llu", (unsigned long long)r.number,
			    (unsigned long long)r.byte);
		if (r.raw_len == 0)
			fz_fail("record %llu: empty raw bytes",
			    (unsigned long long)r.number);
		if (r.nfields != in->columns)
			fz_fail("record %llu: %zu fields, %zu columns",
			    (unsigned long long)r.number, r.nfields,
			    in->columns);
		if (r.number != in->records_read)
			fz_fail("record number %llu, %llu records read",
			    (unsigned long long)r.number,
			    (unsigned long long)in->records_read);
		if (r.line < lastline)
			fz_fail("record %llu: line %llu after line %llu",
			    (unsigned long long)r.number,
			    (unsigned long long)r.line,
			    (unsigned long long)lastline);
		lastline = r.line;
		h = fz_mix64(h, r.number);
		h = fz_mix64(h, r.line);
		h = fz_mix64(h, r.byte);
		h = fz_mix(h, r.raw, r.raw_len);
		for (i = 0; i < r.nfields; i++)
			h = fz_mix(h, r.fields[i].p, r.fields[i].n);
	}
	if (in->records_read != in->records_ok + in->records_rejected)
		fz_fail("%llu records read, %llu ok, %llu rejected",
		    (unsigned long long)in->records_read,
		    (unsigned long long)in->records_ok,
		    (unsigned long long)in->records_rejected);
	if (rc < 0) {
		h = fz_mix64(h, (uint64_t)e.status);
		h = fz_mix64(h, e.line);
		h = fz_mix64(h, e.byte);
		h = fz_mix(h, e.msg, strlen(e.msg));
		/* Once failed, the reader says so again. */
		if (vi_csv_next(c, &r, &e) >= 0)
			fz_fail("a failed reader read on");
	} else {
		h = fz_mix64(h, (uint64_t)vi_csv_clean_end(c));
		if (in->bytes != size)
			fz_fail("at the end: %llu bytes read of %zu",
			    (unsigned long long)in->bytes, size);
		if (vi_csv_next(c, &r, &e) != 0)
			fz_fail("a reader at its end read on");
	}
	info_hash(&h, in);
	vi_csv_close(c);
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct vi_dialect d;
	uint8_t opt = fz_byte(&f), lim = fz_byte(&f);
	const uint8_t *sched;
	size_t ns;
	uint64_t h1, h2, h3;
	const char *impl;
	int fd;

	vi_dialect_default(&d);
	d.header = opt & 1;
	d.lenient = (opt >> 1) & 1;
	d.delim = delims[(opt >> 2) & 7];
	d.quote = quotes[(opt >> 5) & 3];
	if (d.delim == 0)
		d.delim = fz_byte(&f);
	if (d.quote == 0)
		d.quote = fz_byte(&f);
	/* What the command line refuses (vi_dialect_option, _check). */
	if (d.delim == d.quote || d.delim == '\n' || d.delim == '\r' ||
	    d.quote == '\n' || d.quote == '\r')
		return 0;
	if (lim >= 0x80)
		d.max_record = (size_t)(lim - 0x7f) * 3;
	sched = fz_take(&f, fz_byte(&f) & 7, &ns);

	fd = fz_file(0, f.p, f.n);
	impl = vi_split_impl();
	h1 = pass(fz_path(fd), &d, f.p, f.n);
	fz_chunks(ns ? sched : (const uint8_t *)"\0", ns ? ns : 1);
	(void)vi_split_use("scalar");
	h2 = pass(fz_path(fd), &d, f.p, f.n);
	(void)vi_split_use(impl);
	fz_chunks(NULL, 0);
	if (h1 != h2)
		fz_fail("read whole and in pieces, the reader saw different "
		    "things");
	setenv("VI_PARSER", "libcsv", 1);
	h3 = pass(fz_path(fd), &d, f.p, f.n);
	unsetenv("VI_PARSER");
	if (h1 != h3)
		fz_fail("the fast path and libcsv alone saw different things");
	return 0;
}
