/*
 * test_csv.c - the shared reader: exact fields, lines and bytes for the
 * awkward corners (spaces at field edges on the fast and slow paths, CRLF,
 * lone CR, blank lines, a missing final newline, fields larger than the read
 * buffer, records straddling buffer refills), and the positions of errors.
 */
#include "tap.h"
#include "vi_csv.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[] = "/tmp/test_csv_XXXXXX";

static void
put(const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	fwrite(data, 1, n, f);
	fclose(f);
}

/* Parse path and render every record as "L<line>B<byte>:[f1][f2]..;" */
static char *
render(const struct vi_dialect *d, int *rc, struct vi_error *e)
{
	size_t cap = 1 << 16, len = 0, i;
	char *out = malloc(cap);
	struct vi_record r;
	struct vi_csv *c;

	memset(e, 0, sizeof *e);
	out[0] = '\0';
	c = vi_csv_open(path, d, e);
	if (c == NULL) {
		*rc = -1;
		return out;
	}
	while ((*rc = vi_csv_next(c, &r, e)) > 0) {
		len += (size_t)snprintf(out + len, cap - len, "L%lluB%llu:",
		    (unsigned long long)r.line, (unsigned long long)r.byte);
		for (i = 0; i < r.nfields; i++)
			len += (size_t)snprintf(out + len, cap - len, "[%.*s]",
			    (int)r.fields[i].n, r.fields[i].p);
		len += (size_t)snprintf(out + len, cap - len, ";");
	}
	vi_csv_close(c);
	return out;
}

static void
check2(const char *what, const char *in, int header, int lenient,
    const char *want)
{
	struct vi_dialect d;
	struct vi_error e;
	int rc;
	char *got;

	vi_dialect_default(&d);
	d.header = header;
	d.lenient = lenient;
	put(in, strlen(in));
	got = render(&d, &rc, &e);
	TAP_OK(rc == 0 && strcmp(got, want) == 0, "%s", what);
	if (rc != 0 || strcmp(got, want) != 0)
		printf("#   got  %s (rc %d: %s)\n#   want %s\n", got, rc, e.msg,
		    want);
	free(got);
}

static void
check(const char *what, const char *in, int header, const char *want)
{
	check2(what, in, header, 0, want);
}

static void
check_err(const char *what, const char *in, int lenient, unsigned long long line,
    unsigned long long byte, const char *msg)
{
	struct vi_dialect d;
	struct vi_error e;
	int rc;
	char *got;

	vi_dialect_default(&d);
	d.lenient = lenient;
	put(in, strlen(in));
	got = render(&d, &rc, &e);
	TAP_OK(rc < 0 && e.status == 65 && e.line == line && e.byte == byte &&
	    strcmp(e.msg, msg) == 0, "%s", what);
	if (!(rc < 0 && e.line == line && e.byte == byte))
		printf("#   got rc %d %llu:%llu %s\n", rc,
		    (unsigned long long)e.line, (unsigned long long)e.byte,
		    e.msg);
	free(got);
}

/* Write "h\n" + prefix + n bytes of x + suffix, read it all with the
 * given limit; returns vi_csv_next's last result, records in *nrec. */
static int
limit_run(size_t lim, int lenient, const char *prefix, size_t n,
    const char *suffix, int *nrec, struct vi_error *e,
    struct vi_csv_info *info)
{
	struct vi_dialect d;
	struct vi_record r;
	struct vi_csv *c;
	FILE *f = fopen(path, "wb");
	size_t k;
	int rc;

	fputs("h\n", f);
	fputs(prefix, f);
	for (k = 0; k < n; k++)
		putc('x', f);
	fputs(suffix, f);
	fclose(f);
	vi_dialect_default(&d);
	d.max_record = lim;
	d.lenient = lenient;
	memset(e, 0, sizeof *e);
	c = vi_csv_open(path, &d, e);
	*nrec = 0;
	while ((rc = vi_csv_next(c, &r, e)) > 0)
		(*nrec)++;
	*info = *vi_csv_info(c);
	vi_csv_close(c);
	return rc;
}

static void
limit_cases(size_t lim)
{
	struct vi_error e;
	struct vi_csv_info in;
	char msg[128];
	int n, rc;

	snprintf(msg, sizeof msg, "record longer than %zu bytes", lim);
	rc = limit_run(lim, 0, "", lim, "\n", &n, &e, &in);
	TAP_OK(rc == 0 && n == 1, "limit %zu: a record of exactly the limit "
	    "is read", lim);
	rc = limit_run(lim, 0, "", lim, "\r\nz\n", &n, &e, &in);
	TAP_OK(rc == 0 && n == 2, "limit %zu: ... with CRLF", lim);
	rc = limit_run(lim, 0, "", lim, "", &n, &e, &in);
	TAP_OK(rc == 0 && n == 1, "limit %zu: ... without a final newline",
	    lim);
	rc = limit_run(lim, 0, "", lim + 1, "\n", &n, &e, &in);
	TAP_OK(rc < 0 && e.status == 65 && e.line == 2 && e.byte == 3 &&
	    strcmp(e.msg, msg) == 0, "limit %zu: one byte more is a data "
	    "error where the record starts (%s)", lim, e.msg);
	rc = limit_run(lim, 1, "", lim + 1, "\r", &n, &e, &in);
	TAP_OK(rc < 0 && e.status == 65 && strcmp(e.msg, msg) == 0,
	    "limit %zu: ... also lenient, outside quotes", lim);
	/* A quoted field over the limit on one line: strict, an unterminated
	 * quote where it opened; lenient, rejected, the next line read. */
	rc = limit_run(lim, 0, "\"", lim + 1, "\"\nz\n", &n, &e, &in);
	TAP_OK(rc < 0 && e.status == 65 && e.line == 2 && e.byte == 3 &&
	    strstr(e.msg, "unterminated quoted field (still open after") ==
	    e.msg, "limit %zu: a long quoted field, strict (%s)", lim,
	    e.msg);
	rc = limit_run(lim, 1, "\"", lim + 1, "\"\r\nz\n", &n, &e, &in);
	TAP_OK(rc == 0 && n == 1 && in.records_rejected == 1 &&
	    in.records_read == 2 && in.lines == 3, "limit %zu: a long "
	    "quoted field, lenient: rejected, next line read", lim);
	rc = limit_run(lim, 0, "\"", lim - 2, "\"\n", &n, &e, &in);
	TAP_OK(rc == 0 && n == 1, "limit %zu: a quoted field at the limit",
	    lim);
	/* A multi-line record: past the limit after its quote closed. */
	rc = limit_run(lim, 1, "\"a\nb\",", lim, "\nz\n", &n, &e, &in);
	TAP_OK(rc < 0 && e.status == 65 && e.line == 2 && e.byte == 3 &&
	    strcmp(e.msg, msg) == 0, "limit %zu: a multi-line record over "
	    "the limit outside quotes (%s)", lim, e.msg);
}

int
main(void)
{
	int fd = mkstemp(path);
	size_t big = 3u << 20, i;
	char *s;

	close(fd);
	check("plain LF", "a,b\n1,2\n", 1, "L2B5:[1][2];");
	check("no header", "a,b\n1,2\n", 0, "L1B1:[a][b];L2B5:[1][2];");
	check("CRLF and a missing final newline", "a,b\r\n1,2\r\n3,4", 1,
	    "L2B6:[1][2];L3B11:[3][4];");
	check("lone CR line endings", "a,b\r1,2\r3,4\r", 1,
	    "L2B5:[1][2];L3B9:[3][4];");
	check("blank lines are skipped, lines still counted",
	    "a,b\n\n1,2\r\n\r\n\n3,4\n", 1, "L3B6:[1][2];L6B14:[3][4];");
	check("spaces kept at every edge (fast path checked)",
	    "a,b\n 1,2 \n  ,  \n\t1\t,\t\n", 1,
	    "L2B5:[ 1][2 ];L3B11:[  ][  ];L4B17:[\t1\t][\t];");
	check("spaces next to quoted fields inside quotes",
	    "a,b\n\" x \",\"y, \"\n", 1, "L2B5:[ x ][y, ];");
	check("an edge space after quoted fields with spaces inside",
	    "a,b,c,d\n\"b,b\",\" EU\", EU,U \n", 1,
	    "L2B9:[b,b][ EU][ EU][U ];");
	check("quoted delimiters, doubled quotes, newlines", "a,b\n"
	    "\"x,y\",\"he said \"\"hi\"\"\"\n\"multi\nline\",\"\r\n\"\n", 1,
	    "L2B5:[x,y][he said \"hi\"];L3B28:[multi\nline][\r\n];");
	check("a line of spaces inside a quoted field", "a\n\"x\n   \ny\"\n",
	    1, "L2B3:[x\n   \ny];");
	check("empty fields", "a,b,c\n,,\n\"\",,\"\"\n", 1,
	    "L2B7:[][][];L3B10:[][][];");

	/* A field three times the read buffer, and records after it. */
	s = malloc(big + 64);
	memcpy(s, "a,b\n1,\"", 7);
	for (i = 7; i < 7 + big; i++)
		s[i] = (i % 1000 == 0) ? '\n' : 'x';
	strcpy(s + 7 + big, "\"\n2,3\n");
	put(s, strlen(s));
	{
		struct vi_dialect d;
		struct vi_error e = { 0 };
		struct vi_record r;
		struct vi_csv *c;
		int ok;

		vi_dialect_default(&d);
		c = vi_csv_open(path, &d, &e);
		ok = vi_csv_next(c, &r, &e) == 1 && r.nfields == 2 &&
		    r.fields[1].n == big && r.raw_len == big + 5 &&
		    r.line == 2 && memcmp(r.raw, "1,\"", 3) == 0;
		ok = ok && vi_csv_next(c, &r, &e) == 1 && r.nfields == 2 &&
		    r.fields[0].n == 1 && r.fields[0].p[0] == '2' &&
		    r.byte == 7 + big + 3 && r.line == 2 + big / 1000 + 1;
		ok = ok && vi_csv_next(c, &r, &e) == 0 &&
		    vi_csv_info(c)->lines == 3 + big / 1000;
		if (!ok)
			printf("# n %zu raw %zu line %llu byte %llu lines %llu\n",
			    r.nfields ? r.fields[r.nfields - 1].n : 0, r.raw_len,
			    (unsigned long long)r.line,
			    (unsigned long long)r.byte,
			    (unsigned long long)vi_csv_info(c)->lines);
		TAP_OK(ok, "a 3 MiB quoted field with newlines, then more "
		    "records");
		vi_csv_close(c);
	}
	free(s);

	check_err("unterminated quote: where it opened", "a,b\n1,2\n3,\"x\ny\n",
	    0, 3, 11, "unterminated quoted field");
	check_err("unterminated quote opened after a closed one",
	    "a,b\n\"p\nq\",\"x\ny\n", 0, 3, 11, "unterminated quoted field");
	check_err("stray quote", "a,b\n1,x\"y\n", 0, 2, 8,
	    "quote character in an unquoted field");
	check_err("space after a closing quote", "a,b\n\"1\" ,2\n", 0, 2, 8,
	    "unexpected character after a closing quote");
	check_err("ragged record at its start", "a,b\n1,2\n3\n", 0, 3, 9,
	    "expected 2 fields, found 1");
	check2("lenient: ragged and bad records skipped",
	    "a,b\n1,2\n3\n4,x\"y\n5,6\n", 1, 1, "L2B5:[1][2];L5B17:[5][6];");
	check2("lenient: an unterminated quote is rejected up to its line, "
	    "reading resumes after it", "a,b\n1,2\n3,\"x\n4,5\n6,7",
	    1, 1, "L2B5:[1][2];L4B14:[4][5];L5B18:[6][7];");

	/* The record limit: a quote that never closes stops at the limit
	 * (strict) or is skipped (lenient), without reading on forever. */
	{
		struct vi_dialect d;
		struct vi_error e = { 0 };
		struct vi_record r;
		struct vi_csv *c;
		size_t k;
		int rc, n = 0;
		FILE *f = fopen(path, "wb");

		fputs("a,b\n1,\"never closed\n", f);
		for (k = 0; k < 20000; k++)
			fputs("2,3\n", f);
		fclose(f);
		vi_dialect_default(&d);
		d.max_record = 1000;
		c = vi_csv_open(path, &d, &e);
		rc = vi_csv_next(c, &r, &e);
		TAP_OK(rc == -1 && e.line == 2 && e.byte == 7 &&
		    strstr(e.msg, "unterminated quoted field (still open after "
		    "1000 bytes)") != NULL, "strict: a runaway quote stops at "
		    "the record limit, reported where it opened");
		vi_csv_close(c);
		d.lenient = 1;
		c = vi_csv_open(path, &d, &e);
		while ((rc = vi_csv_next(c, &r, &e)) > 0)
			n++;
		TAP_OK(rc == 0 && n == 20000 &&
		    vi_csv_info(c)->records_rejected == 1 &&
		    vi_csv_info(c)->records_read == 20001 &&
		    vi_csv_info(c)->lines == 20002,
		    "lenient: the runaway quote's record is rejected, every "
		    "later record read (%d)", n);
		vi_csv_close(c);

		f = fopen(path, "wb");
		fputs("a,b\n", f);
		for (k = 0; k < 5000; k++)
			fputc('x', f);
		fclose(f);
		d.lenient = 1;
		c = vi_csv_open(path, &d, &e);
		rc = vi_csv_next(c, &r, &e);
		TAP_OK(rc == -1 && e.status == 65 && e.line == 2 &&
		    e.byte == 5 &&
		    strcmp(e.msg, "record longer than 1000 bytes") == 0,
		    "a line longer than the limit is a data error");
		vi_csv_close(c);
	}

	/* The limit is exact, whatever the buffer does: 3 MiB grows the
	 * 1 MiB read buffer twice, 1000 never does. */
	{
		size_t lims[2] = { 1000, (size_t)3 << 20 }, li;

		for (li = 0; li < 2; li++)
			limit_cases(lims[li]);
		/* ... and again through libcsv alone. */
		setenv("VI_PARSER", "libcsv", 1);
		for (li = 0; li < 2; li++)
			limit_cases(lims[li]);
		unsetenv("VI_PARSER");
	}

	/* VI_PARSER=libcsv is obeyed: the fast path hands out fields in
	 * the record's raw bytes, libcsv copies of them. */
	{
		struct vi_dialect d;
		struct vi_error e = { 0 };
		struct vi_record r;
		struct vi_csv *c;
		int k;

		put("a,b\n1,2\n", 8);
		vi_dialect_default(&d);
		for (k = 0; k < 2; k++) {
			if (k)
				setenv("VI_PARSER", "libcsv", 1);
			c = vi_csv_open(path, &d, &e);
			TAP_OK(c != NULL && vi_csv_next(c, &r, &e) == 1 &&
			    r.nfields == 2 && r.fields[0].n == 1 &&
			    r.fields[0].p[0] == '1' &&
			    (r.fields[0].p == r.raw) == !k,
			    "VI_PARSER %s: the fields %s the raw bytes",
			    k ? "libcsv" : "unset", k ? "are copies of" :
			    "point into");
			vi_csv_close(c);
		}
		unsetenv("VI_PARSER");
	}
	unlink(path);
	return tap_done();
}
