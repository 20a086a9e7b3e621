/*
 * vi_csv.c - the CSV reader over libcsv (see vi_csv.h for the contract).
 *
 * How positions are kept: libcsv does not say where it is, so the input is
 * fed to it one physical line (a "segment", ending in LF, CRLF or a lone CR)
 * at a time.  A record can only end at a line ending, so at most one record
 * completes per segment, and after each csv_parse() call we know the line
 * and byte offset exactly.  A strict-mode parse error is located by
 * csv_parse()'s return value.  The buffer keeps every byte of the current
 * record, so a record's raw bytes are available for byte-exact output.
 */
#include "vi_csv.h"
#include "vi_alloc.h"
#include "vi_decomp.h"
#include "vi_input.h"
#include "vi_progress.h"
#include "vi_split.h"
#include "vi_transcode.h"
#include "vi_utf8.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUF_INIT (1u << 20)

/* libcsv's parser states (its csv.c does not export them). */
enum { ST_ROW_NOT_BEGUN = 0, ST_FIELD_NOT_BEGUN, ST_FIELD_BEGUN,
	ST_FIELD_MIGHT_HAVE_ENDED };

struct vi_csv {
	char *name;
	int fd, own_fd, regular;
	uint64_t fsize;
	struct vi_decomp *dz;   /* what read(2) gives, decompressed (not in
				 * range mode, which preads a plain file) */
	struct vi_transcode *tc;  /* --encoding: dz's bytes to UTF-8 */
	uint64_t cu, cs;        /* tc: UTF-8 offset cu is source offset cs;
				 * cu >= buf_off, moved forward only */
	int hint_bad;           /* an invalid byte no Latin-1/CP1252 text has */
	int hint_c1;            /* an invalid byte in 0x80-0x9F */
	int fast;               /* split quote-free lines without libcsv */
	size_t *dpos;           /* the fast path's delimiter offsets */
	size_t dcap;
	uint64_t prog_bytes, prog_rows;  /* told to vi_progress so far */
	struct vi_dialect d;
	struct csv_parser p;

	unsigned char *buf;
	size_t cap, len, pos;   /* buf holds file bytes [buf_off, buf_off+len) */
	size_t rec_start;       /* where the current record starts in buf */
	uint64_t buf_off, read_off, range_end;
	int eof, failed, clean_end;
	int src_failed;         /* the error came from below the parser */
	int skip;               /* lenient: dropping the rest of a line */

	uint64_t line;          /* physical line of the next segment */
	uint64_t start_line;    /* the line this reader started at */
	uint64_t utf8_hw;       /* bytes below this offset were validated */
	uint64_t number;        /* data records read so far */

	/* The record being assembled: field bytes copied out of libcsv. */
	char *fbuf;
	size_t fbuf_cap, fbuf_len;
	struct vi_field *fields;
	size_t nf, nf_cap;
	int row_done;
	uint64_t rec_line, rec_byte;

	/* Where the quoted field still open at the end of a line began. */
	uint64_t q_line, q_byte;

	size_t ncols;
	int ncols_known;
	char *hbuf;
	struct vi_field *hfields;
	size_t nh;
	uint64_t data_offset, data_line;

	struct vi_csv_info info;
};

/* The 1-based source offset of the 1-based UTF-8 offset u1 (0 stays 0):
 * identity unless transcoding.  Moves the cursor to u1, which must not be
 * before it (positions are asked for in reading order) nor past the bytes in
 * the buffer. */
static uint64_t
src_pos(struct vi_csv *c, uint64_t u1)
{
	uint64_t u = u1 - 1;

	if (c->tc == NULL || u1 == 0)
		return u1;
	if (u > c->cu && u <= c->buf_off + c->len) {
		c->cs += vi_transcode_src_len(c->tc, c->buf +
		    (c->cu - c->buf_off), (size_t)(u - c->cu));
		c->cu = u;
	}
	return c->cs + 1;
}

int
vi_csv_parser_is_libcsv(void)
{
	const char *v = getenv("VI_PARSER");

	return v != NULL && strcmp(v, "libcsv") == 0;
}

void
vi_dialect_default(struct vi_dialect *d)
{
	d->delim = ',';
	d->quote = '"';
	d->header = 1;
	d->lenient = 0;
	d->max_record = 0;
	d->encoding = NULL;
}

int
vi_dialect_parse_delim(const char *arg, unsigned char *out)
{
	if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0 ||
	    strcmp(arg, "\t") == 0) {
		*out = '\t';
		return 0;
	}
	if (strlen(arg) != 1 || arg[0] == '\n' || arg[0] == '\r')
		return -1;
	*out = (unsigned char)arg[0];
	return 0;
}

/* Nothing is a space: libcsv then trims nothing. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/*
 * libcsv calls the space function through a pointer for every byte of an
 * unquoted field, which costs about a third of its speed.  Its built-in test
 * (space or TAB) only matters where such a byte touches a field's edge: after
 * a delimiter, a quote or the line start (leading spaces are skipped), or
 * before a delimiter or the line end (trailing spaces are trimmed).  So a
 * line without such a byte is parsed with the built-in test, and any other
 * line with no_space.  Conservative: a byte inside a quoted field may make a
 * line take the slow path, never the wrong one.
 */
static int
edge_byte(const unsigned char *s, size_t n, size_t i, unsigned char delim,
    unsigned char quote)
{
	unsigned char prev, next;

	if (i == 0 || i + 1 >= n)
		return 1;
	prev = s[i - 1];
	next = s[i + 1];
	return prev == delim || prev == quote || next == delim ||
	    next == '\r' || next == '\n';
}

/* Is position i of the line outside quotes?  in_quote: the line starts
 * inside a quoted field.  *qp and *odd carry the scan between calls for
 * increasing i. */
static int
outside_quotes(const unsigned char *s, size_t n, size_t i,
    unsigned char quote, const unsigned char **qp, int *odd)
{
	while (*qp != NULL && *qp < s + i) {
		*odd ^= 1;
		*qp = memchr(*qp + 1, quote, (size_t)(s + n - (*qp + 1)));
	}
	return !*odd;
}

/* Does a space or TAB outside quotes touch a field edge? */
static int
edge_space(const unsigned char *s, size_t n, unsigned char delim,
    unsigned char quote, int in_quote)
{
	const unsigned char *end = s + n, *p, *qp;
	static const unsigned char blanks[2] = { ' ', '\t' };
	int b, odd;

	for (b = 0; b < 2; b++) {
		if (delim == blanks[b])
			continue;
		qp = memchr(s, quote, n);
		odd = in_quote;
		/* Hop from blank to blank: most lines have few. */
		for (p = s; (p = memchr(p, blanks[b], (size_t)(end - p))) != NULL;
		    p++) {
			size_t i = (size_t)(p - s);

			if (edge_byte(s, n, i, delim, quote) &&
			    outside_quotes(s, n, i, quote, &qp, &odd))
				return 1;
		}
	}
	return 0;
}

static void
parser_init(struct vi_csv *c)
{
	csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI);
	csv_set_delim(&c->p, c->d.delim);
	csv_set_quote(&c->p, c->d.quote);
	csv_set_space_func(&c->p, no_space);
	csv_set_blk_size(&c->p, 4096);
}

static void
parser_reset(struct vi_csv *c)
{
	csv_free(&c->p);
	parser_init(c);
	c->nf = 0;
	c->fbuf_len = 0;
	c->row_done = 0;
}

/* Make room for what feeding n more bytes can produce: at most the bytes
 * libcsv holds plus n, in at most n + 1 fields.  Field pointers are kept
 * valid when the buffer moves. */
static void
reserve(struct vi_csv *c, size_t n)
{
	size_t need = vi_xadd(vi_xadd(c->fbuf_len, c->p.entry_pos), n);
	size_t nf = vi_xadd(c->nf, vi_xadd(n, 1));

	if (need > c->fbuf_cap) {
		char *old = c->fbuf;
		size_t i;

		if (c->fbuf_cap == 0)
			c->fbuf_cap = 4096;
		while (c->fbuf_cap < need)
			c->fbuf_cap *= 2;
		c->fbuf = vi_xrealloc(c->fbuf, c->fbuf_cap);
		for (i = 0; i < c->nf; i++)
			c->fields[i].p = c->fbuf + (c->fields[i].p - old);
	}
	if (nf > c->nf_cap) {
		if (c->nf_cap == 0)
			c->nf_cap = 64;
		while (c->nf_cap < nf)
			c->nf_cap *= 2;
		c->fields = vi_xreallocarray(c->fields, c->nf_cap,
		    sizeof *c->fields);
	}
}

/* libcsv's field callback: copy the field out (its buffer is reused).
 * reserve() was called before the bytes were fed. */
static void
on_field(void *s, size_t n, void *data)
{
	struct vi_csv *c = data;
	struct vi_field *f = &c->fields[c->nf++];

	f->p = c->fbuf + c->fbuf_len;
	f->n = n;
	memcpy(c->fbuf + c->fbuf_len, s, n);
	c->fbuf_len += n;
}

static void
on_row(int ch, void *data)
{
	(void)ch;
	((struct vi_csv *)data)->row_done = 1;
}

static struct vi_csv *
new_reader(const char *name, const struct vi_dialect *d)
{
	struct vi_csv *c = vi_xcalloc(1, sizeof *c);

	c->name = vi_xstrdup(name);
	c->d = *d;
	c->fd = -1;
	c->line = 1;
	c->range_end = UINT64_MAX;
	c->start_line = 1;
	if (c->d.max_record == 0)
		c->d.max_record = VI_CSV_MAX_RECORD_DEFAULT;
	c->cap = BUF_INIT;
	c->buf = vi_xmalloc(c->cap);
	c->fast = !vi_csv_parser_is_libcsv();
	parser_init(c);
	return c;
}

/* Tell vi_progress what was read since the last call: input bytes (the
 * compressed ones for a compressed file) and records. */
static void
progress(struct vi_csv *c)
{
	uint64_t b = c->dz ? vi_decomp_in_bytes(c->dz) : c->read_off;

	vi_progress_add(b - c->prog_bytes,
	    c->info.records_read - c->prog_rows);
	c->prog_bytes = b;
	c->prog_rows = c->info.records_read;
}

/* The line endings (LF, CRLF, lone CR) in s[0..n). */
static uint64_t
line_ends(const unsigned char *s, size_t n)
{
	uint64_t k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		k += s[i] == '\n' || (s[i] == '\r' && (i + 1 == n ||
		    s[i + 1] != '\n'));
	return k;
}

/* Read more input after buf[len]; keep the current record (or, between
 * records, the unfed bytes).  0 ok (maybe EOF), -1 I/O error. */
static int
refill(struct vi_csv *c, struct vi_error *e)
{
	size_t keep_from = c->nf || c->p.pstate != ST_ROW_NOT_BEGUN ?
	    c->rec_start : c->pos;
	size_t want;
	ssize_t got;

	if (keep_from > c->pos)
		keep_from = c->pos;
	if (c->tc != NULL)      /* the cursor stays in the buffer */
		(void)src_pos(c, c->buf_off + keep_from + 1);
	if (keep_from > 0) {
		memmove(c->buf, c->buf + keep_from, c->len - keep_from);
		c->len -= keep_from;
		c->pos -= keep_from;
		c->rec_start -= keep_from < c->rec_start ? keep_from :
		    c->rec_start;
		c->buf_off += keep_from;
	}
	if (c->len == c->cap) {
		/* Never more than a record at the limit needs to be told from
		 * one over it: max_record bytes, one more, and a CR that may
		 * be a line ending (vi_csv_next stops before). */
		size_t most = c->d.max_record + 2;

		if (c->cap >= most)
			return vi_error_set(e, VI_EX_SOFTWARE, 0, 0, 0,
			    "internal error: record buffer full");
		c->cap = c->cap > most / 2 ? most : c->cap * 2;
		c->buf = vi_xrealloc(c->buf, c->cap);
	}
	want = c->cap - c->len;
	if (c->range_end != UINT64_MAX) {
		uint64_t left = c->range_end - c->read_off;

		if (left < want)
			want = (size_t)left;
		if (want == 0) {
			c->eof = 1;
			return 0;
		}
	}
	if (c->range_end == UINT64_MAX) {
		got = c->tc ? vi_transcode_read(c->tc, c->buf + c->len, want,
		    e) : vi_decomp_read(c->dz, c->buf + c->len, want, e);
		if (got < 0) {
			c->src_failed = 1;
			if (e->status == VI_EX_DATAERR && e->byte)
				e->line = c->line + line_ends(c->buf + c->pos,
				    c->len - c->pos);
			return -1;
		}
	} else {
		for (;;) {
			got = pread(c->fd, c->buf + c->len, want,
			    (off_t)c->read_off);
			if (got >= 0)
				break;
			if (errno != EINTR)
				return vi_error_set(e, VI_EX_IOERR, errno, 0,
				    0, "read error");
		}
	}
	if (got == 0)
		c->eof = 1;
	c->len += (size_t)got;
	c->read_off += (uint64_t)got;
	progress(c);
	return 0;
}

/* The first bytes of a file: byte order marks and UTF-16 without one. */
static int
check_start(struct vi_csv *c, struct vi_error *e)
{
	size_t bl;
	enum vi_bom b;

	while (c->len < 4 && !c->eof)
		if (refill(c, e) < 0)
			return -1;
	b = vi_utf8_bom(c->buf, c->len, &bl);
	if (b == VI_BOM_UTF8) {
		c->info.bom_utf8 = 1;
		c->pos = bl;
	} else if (b != VI_BOM_NONE) {
		return vi_error_set(e, VI_EX_DATAERR, 0, 1, 1,
		    "%s byte order mark: the input is not UTF-8; read it "
		    "with --encoding %s", vi_utf8_bom_name(b),
		    b == VI_BOM_UTF16LE || b == VI_BOM_UTF16BE ? "utf-16" :
		    "utf-32");
	} else if (c->len >= 4 && c->buf[0] != 0 && c->buf[1] == 0 &&
	    c->buf[2] != 0 && c->buf[3] == 0) {
		return vi_error_set(e, VI_EX_DATAERR, 0, 1, 2,
		    "NUL bytes between characters: the input looks like "
		    "UTF-16LE without a byte order mark; read it with "
		    "--encoding utf-16le");
	}
	c->rec_start = c->pos;
	return 0;
}

/* After a line that ends inside a quoted field: find where the quote that
 * is still open began, if it began on this line.  in_quote says whether the
 * line started inside a quoted field.  Returns whether s[0..n) ends inside
 * a quoted field (so it also tells the state at any point of a line). */
static int
note_open_quote(struct vi_csv *c, const unsigned char *s, size_t n,
    int in_quote, uint64_t seg_off)
{
	unsigned char q = c->d.quote, dl = c->d.delim;
	const unsigned char *p = s, *end = s + n;
	size_t i;

	/* From quote byte to quote byte: inside a quoted field a quote ends
	 * it unless another follows (an escaped quote); outside, it opens one
	 * where a field starts (the line's start, if the line starts outside
	 * quotes, or after a delimiter, which is then outside quotes too). */
	while ((p = memchr(p, q, (size_t)(end - p))) != NULL) {
		i = (size_t)(p - s);
		if (in_quote) {
			if (i + 1 < n && s[i + 1] == q) {
				p += 2;
				continue;
			}
			in_quote = 0;
		} else if (i == 0 || s[i - 1] == dl) {
			in_quote = 1;
			c->q_line = c->line;
			c->q_byte = seg_off + i + 1;
		}
		p++;
	}
	return in_quote;
}

static void
reject(struct vi_csv *c, uint64_t line, uint64_t byte, const char *reason,
    int quoting)
{
	struct vi_csv_info *in = &c->info;

	in->quoting_rejects += quoting != 0;
	in->records_read++;
	in->records_rejected++;
	c->number++;
	if (in->nrejects_kept < VI_CSV_REJECTS_KEPT) {
		struct vi_reject *r = &in->rejects[in->nrejects_kept++];

		r->line = line;
		r->byte = src_pos(c, byte);
		snprintf(r->reason, sizeof r->reason, "%s", reason);
	}
}

/* Find the end of the line at c->pos.  0 and *end set; 1 if more input is
 * needed to tell. */
static int
segment_end(struct vi_csv *c, size_t *end)
{
	const unsigned char *s = c->buf + c->pos;
	size_t n = c->len - c->pos;
	const unsigned char *lf = memchr(s, '\n', n);
	size_t upto = lf ? (size_t)(lf - s) : n;
	const unsigned char *cr = memchr(s, '\r', upto);

	if (cr != NULL) {
		size_t i = (size_t)(cr - s);

		if (i + 1 < n) {
			*end = c->pos + i + 1 + (s[i + 1] == '\n');
			return 0;
		}
		if (!c->eof)
			return 1;
		*end = c->pos + i + 1;
		return 0;
	}
	if (lf != NULL) {
		*end = c->pos + upto + 1;
		return 0;
	}
	if (!c->eof)
		return 1;
	*end = c->len;
	return 0;
}

/* A line with invalid UTF-8: do the bytes outside valid sequences look
 * like Latin-1 or CP1252?  (0x81, 0x8D, 0x8F, 0x90 and 0x9D are not CP1252
 * characters; other bytes of 0x80-0x9F are CP1252's, control characters in
 * Latin-1.) */
static void
note_hint(struct vi_csv *c, const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	unsigned char b;

	while (i < n) {
		if ((k = vi_utf8_seq(s + i, n - i)) != 0) {
			i += k;
			continue;
		}
		b = s[i++];
		if (b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 ||
		    b == 0x9D)
			c->hint_bad = 1;
		else if (b < 0xA0)
			c->hint_c1 = 1;
	}
	c->info.utf8_hint = c->hint_bad ? 0 : c->hint_c1 ? VI_CSV_CP1252 :
	    VI_CSV_LATIN1;
}

/* The bytes of the line ending that ends s[0..n): 0, 1 or 2. */
static size_t
eol_len(const unsigned char *s, size_t n)
{
	if (n && s[n - 1] == '\n')
		return n >= 2 && s[n - 2] == '\r' ? 2 : 1;
	return n && s[n - 1] == '\r';
}

static int
is_blank(const unsigned char *s, size_t n)
{
	return (n == 1 && (s[0] == '\n' || s[0] == '\r')) ||
	    (n == 2 && s[0] == '\r' && s[1] == '\n');
}

static const char *
parse_error_reason(const struct vi_csv *c)
{
	if (c->p.status == CSV_ENOMEM || c->p.status == CSV_ETOOBIG)
		return NULL;
	if (c->p.pstate == ST_FIELD_MIGHT_HAVE_ENDED)
		return "unexpected character after a closing quote";
	return "quote character in an unquoted field";
}

/* Hand the completed record in c to the caller.  1, or 0 if it was rejected
 * (lenient), or -1 on a strict error. */
static int
finish_record(struct vi_csv *c, struct vi_record *r, size_t raw_end,
    struct vi_error *e)
{
	char why[96];

	c->row_done = 0;
	if (!c->ncols_known) {
		c->ncols = c->nf;
		c->ncols_known = 1;
		c->info.columns = c->nf;
	}
	if (c->nf != c->ncols) {
		snprintf(why, sizeof why, "expected %zu fields, found %zu",
		    c->ncols, c->nf);
		if (!c->d.lenient)
			return vi_error_set(e, VI_EX_DATAERR, 0, c->rec_line,
			    c->rec_byte, "%s", why);
		reject(c, c->rec_line, c->rec_byte, why, 0);
		c->nf = 0;
		c->fbuf_len = 0;
		return 0;
	}
	c->info.records_read++;
	c->info.records_ok++;
	r->fields = c->fields;
	r->nfields = c->nf;
	r->number = ++c->number;
	r->line = c->rec_line;
	r->byte = c->rec_byte;
	r->raw = (const char *)c->buf + c->rec_start;
	r->raw_len = raw_end - c->rec_start;
	c->nf = 0;
	c->fbuf_len = 0;
	return 1;
}

/* Lenient recovery from a quoted field that never closes: reject the record
 * up to the line where the quote opened and go on from the next line.  The
 * quote is still in the buffer (it holds the current record from its
 * start); the rest of its line may not be, so vi_csv_next skips it. */
static void
resume_after_quote(struct vi_csv *c)
{
	reject(c, c->q_line, c->q_byte, "unterminated quoted field", 1);
	c->pos = (size_t)(c->q_byte - 1 - c->buf_off);
	c->line = c->q_line;
	c->skip = 1;
	parser_reset(c);
}

/* Skip mode: drop bytes up to and including the next line ending.  0: done
 * or more input read; -1: I/O error. */
static int
skip_line(struct vi_csv *c, struct vi_error *e)
{
	const unsigned char *s = c->buf + c->pos, *lf, *cr;
	size_t n = c->len - c->pos, i;

	lf = memchr(s, '\n', n);
	cr = memchr(s, '\r', lf ? (size_t)(lf - s) : n);
	if (cr == NULL && lf == NULL) {
		c->pos = c->len;
		if (!c->eof)
			return refill(c, e);
	} else {
		i = (size_t)((cr ? cr : lf) - s);
		if (cr && i + 1 == n && !c->eof) {
			c->pos += i;     /* a CR: an LF may follow */
			return refill(c, e);
		}
		c->pos += i + 1 + (cr && i + 1 < n && s[i + 1] == '\n');
	}
	c->skip = 0;
	c->line++;
	c->info.lines = c->line - c->start_line;
	return 0;
}

/* The record has more than max_record bytes (line endings that end it
 * aside): upto is how far the current line (at c->pos) is in the buffer.
 * At the limit's byte, inside a quoted field, it is an unterminated quote
 * (lenient: rejected, reading goes on after the quote's line); outside, a
 * data error at the record's start.  0: recovered; -1: error. */
static int
too_long(struct vi_csv *c, size_t upto, struct vi_error *e)
{
	size_t lim = c->rec_start + c->d.max_record, k;
	int in_quote = c->p.pstate == ST_FIELD_BEGUN && c->p.quoted;

	k = lim > c->pos ? lim - c->pos : 0;
	if (k > upto - c->pos)
		k = upto - c->pos;
	if (note_open_quote(c, c->buf + c->pos, k, in_quote,
	    c->buf_off + c->pos)) {
		if (c->d.lenient) {
			resume_after_quote(c);
			return 0;
		}
		c->failed = 1;
		return vi_error_set(e, VI_EX_DATAERR, 0, c->q_line, c->q_byte,
		    "unterminated quoted field (still open after %zu bytes)",
		    c->d.max_record);
	}
	c->failed = 1;
	return vi_error_set(e, VI_EX_DATAERR, 0, c->rec_line, c->rec_byte,
	    "record longer than %zu bytes", c->d.max_record);
}

/* The end of input: flush libcsv's last record.  1: a record; 0: the end;
 * 2: lenient recovery, go on reading; -1: error. */
static int
at_eof(struct vi_csv *c, struct vi_record *r, struct vi_error *e)
{
	c->info.bytes = c->buf_off + c->len;
	if (c->p.pstate == ST_ROW_NOT_BEGUN && c->nf == 0) {
		c->clean_end = 1;
		progress(c);
		if (c->dz != NULL)      /* the whole input, not a part */
			vi_progress_done();
		return 0;
	}
	reserve(c, 0);
	if (csv_fini(&c->p, on_field, on_row, c) != 0) {
		if (!c->d.lenient) {
			c->failed = 1;
			return vi_error_set(e, VI_EX_DATAERR, 0, c->q_line,
			    c->q_byte, "unterminated quoted field");
		}
		resume_after_quote(c);
		return 2;
	}
	if (!c->row_done)
		return 0;
	return finish_record(c, r, c->len, e);
}

/*
 * Parse one line, on libcsv's fast built-in space test whenever that cannot
 * change a byte: a line without quote characters inside a quoted field; a
 * line without quote characters that starts a record, checked afterwards
 * (its field bytes, delimiters and line ending must add up to the line, or
 * something was trimmed and the line is parsed again without trimming); any
 * other line where no space touches a field edge (edge_space).  Returns
 * what csv_parse() returns.
 */
static size_t
feed_line(struct vi_csv *c, const unsigned char *s, size_t n, int in_quote,
    int at_start)
{
	unsigned char dl = c->d.delim;
	size_t ret, eol = 0;
	int fast;

	if (n && s[n - 1] == '\n')
		eol = n >= 2 && s[n - 2] == '\r' ? 2 : 1;
	else if (n && s[n - 1] == '\r')
		eol = 1;
	reserve(c, n);
	if (dl == ' ' || dl == '\t')
		fast = 0;
	else if (memchr(s, c->d.quote, n) == NULL && (in_quote ||
	    (at_start && eol)))
		fast = in_quote ? 1 : 2;
	else
		fast = !edge_space(s, n, dl, c->d.quote, in_quote);
	c->p.is_space = fast ? NULL : no_space;
	/* libcsv grows its field buffer by blk_size at a time: by at least
	 * this line and what it has, one step per call and geometric. */
	csv_set_blk_size(&c->p, c->p.entry_size > n ? c->p.entry_size :
	    n > 4096 ? n : 4096);

	ret = csv_parse(&c->p, s, n, on_field, on_row, c);
	if (fast != 2 || ret < n ||
	    (c->row_done && c->fbuf_len + c->nf - 1 + eol == n))
		return ret;
	/* Something was trimmed: again, trimming nothing. */

	c->nf = 0;
	c->fbuf_len = 0;
	c->row_done = 0;
	c->p.pstate = ST_ROW_NOT_BEGUN;
	c->p.quoted = 0;
	c->p.spaces = 0;
	c->p.entry_pos = 0;
	c->p.is_space = no_space;
	return csv_parse(&c->p, s, n, on_field, on_row, c);
}

/*
 * The fast path: a record that starts at c->pos and whose first line has no
 * quote byte and ends in a line ending is that one line, and libcsv (strict,
 * trimming nothing) would split it at every delimiter: so split it here
 * (vi_split_line), without copying a byte.  Everything else -- a quote, a
 * blank line, a line whose end is not in the buffer yet, a record over the
 * limit -- is left to the libcsv path.  1: a record in *r; 0: not taken;
 * 2: taken and rejected (lenient); -1: error.  tests/parser.bats and the
 * fuzz_csv target hold it to the libcsv path's results.
 */
static int
fast_record(struct vi_csv *c, struct vi_record *r, struct vi_error *e)
{
	const unsigned char *s = c->buf + c->pos;
	size_t n = c->len - c->pos, nd, len, end, j, at, first = 0, bad;
	int high, rc;

	for (;;) {
		rc = vi_split_line(s, n, c->d.delim, c->d.quote, c->dpos,
		    c->dcap, &nd, &len, &high);
		if (rc != VI_SPLIT_FULL)
			break;
		c->dcap = c->dcap ? vi_xmul(c->dcap, 2) : 256;
		c->dpos = vi_xreallocarray(c->dpos, c->dcap, sizeof *c->dpos);
	}
	if (rc != VI_SPLIT_LINE || len == 0 || len > c->d.max_record)
		return 0;
	end = len + 1;
	if (s[len] == '\r') {
		if (end == n && !c->eof)
			return 0;       /* CR at the end: is an LF next? */
		end += end < n && s[end] == '\n';
	}
	end += c->pos;

	c->rec_start = c->pos;
	c->rec_line = c->line;
	c->rec_byte = c->buf_off + c->pos + 1;
	if (c->buf_off + end > c->utf8_hw) {
		if (high && (bad = vi_utf8_invalid(s, len, &first)) != 0) {
			note_hint(c, s, len);
			if (c->info.utf8_invalid == 0) {
				c->info.utf8_first_line = c->line;
				c->info.utf8_first_byte = c->rec_byte + first;
			}
			c->info.utf8_invalid += bad;
		}
		c->utf8_hw = c->buf_off + end;
	}
	if (nd + 1 > c->nf_cap) {
		c->nf_cap = c->nf_cap ? c->nf_cap : 64;
		while (c->nf_cap < nd + 1)
			c->nf_cap *= 2;
		c->fields = vi_xreallocarray(c->fields, c->nf_cap,
		    sizeof *c->fields);
	}
	for (j = 0, at = 0; j < nd; j++) {
		c->fields[j].p = (const char *)s + at;
		c->fields[j].n = c->dpos[j] - at;
		at = c->dpos[j] + 1;
	}
	c->fields[nd].p = (const char *)s + at;
	c->fields[nd].n = len - at;
	c->nf = nd + 1;

	c->pos = end;
	c->info.lines++;
	c->line++;
	rc = finish_record(c, r, end, e);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return 2;
	c->info.bytes = c->buf_off + c->pos;
	return 1;
}

static int
next(struct vi_csv *c, struct vi_record *r, struct vi_error *e)
{
	size_t end, n, ret, first, bad;
	const unsigned char *s;
	int in_quote, rc, at_start;

	if (c->failed)
		return vi_error_set(e, VI_EX_DATAERR, 0, 0, 0,
		    "reader already failed");
	for (;;) {
		if (c->skip) {
			if (skip_line(c, e) < 0) {
				c->failed = 1;
				return -1;
			}
			continue;
		}
		if (c->eof && c->pos >= c->len) {
			rc = at_eof(c, r, e);
			if (rc < 0)
				c->failed = 1;
			if (rc == 2)
				continue;
			return rc;
		}
		if (c->fast && c->nf == 0 && c->p.pstate == ST_ROW_NOT_BEGUN &&
		    c->pos < c->len) {
			rc = fast_record(c, r, e);
			if (rc < 0)
				c->failed = 1;
			if (rc == 1 || rc < 0)
				return rc;
			if (rc == 2)
				continue;
		}
		if (c->pos >= c->len || segment_end(c, &end) != 0) {
			int begun = c->nf || c->p.pstate != ST_ROW_NOT_BEGUN;
			size_t from = begun ? c->rec_start : c->pos;

			/* Over the limit already, even if a last CR in the
			 * buffer turns out to be the line ending. */
			if (c->len - from - (c->len > from &&
			    c->buf[c->len - 1] == '\r') > c->d.max_record) {
				if (!begun) {
					c->rec_start = c->pos;
					c->rec_line = c->line;
					c->rec_byte = c->buf_off + c->pos + 1;
				}
				if (too_long(c, c->len, e) < 0)
					return -1;
				continue;
			}
			if (refill(c, e) < 0) {
				c->failed = 1;
				return -1;
			}
			continue;
		}
		s = c->buf + c->pos;
		n = end - c->pos;
		at_start = c->p.pstate == ST_ROW_NOT_BEGUN && c->nf == 0;
		if (at_start) {
			if (is_blank(s, n)) {
				c->info.blank_lines++;
				c->info.lines++;
				c->line++;
				c->pos = end;
				continue;
			}
			c->rec_start = c->pos;
			c->rec_line = c->line;
			c->rec_byte = c->buf_off + c->pos + 1;
		}
		if (end - eol_len(s, n) - c->rec_start > c->d.max_record) {
			if (too_long(c, end, e) < 0)
				return -1;
			continue;
		}
		first = 0;
		bad = 0;
		if (c->buf_off + end > c->utf8_hw) {
			bad = vi_utf8_invalid(s, n, &first);
			c->utf8_hw = c->buf_off + end;
		}
		if (bad) {
			note_hint(c, s, n);
			if (c->info.utf8_invalid == 0) {
				c->info.utf8_first_line = c->line;
				c->info.utf8_first_byte =
				    c->buf_off + c->pos + first + 1;
			}
			c->info.utf8_invalid += bad;
		}
		in_quote = c->p.pstate == ST_FIELD_BEGUN && c->p.quoted;
		ret = feed_line(c, s, n, in_quote, at_start);
		if (ret < n) {
			const char *why = parse_error_reason(c);
			uint64_t at = c->buf_off + c->pos + ret + 1;

			if (why == NULL) {
				c->failed = 1;
				return vi_error_set(e, VI_EX_SOFTWARE, 0,
				    c->line, at, "out of memory");
			}
			if (!c->d.lenient) {
				c->failed = 1;
				return vi_error_set(e, VI_EX_DATAERR, 0,
				    c->line, at, "%s", why);
			}
			reject(c, c->line, at, why, 1);
			parser_reset(c);
			c->info.lines++;
			c->line++;
			c->pos = end;
			continue;
		}
		c->pos = end;
		c->info.lines++;
		if (!c->row_done) {
			if (c->p.pstate == ST_FIELD_BEGUN && c->p.quoted)
				note_open_quote(c, s, n, in_quote,
				    c->buf_off + (uint64_t)(s - c->buf));
			c->line++;
			continue;
		}
		c->line++;
		rc = finish_record(c, r, end, e);
		if (rc < 0) {
			c->failed = 1;
			return -1;
		}
		if (rc > 0) {
			c->info.bytes = c->buf_off + c->pos;
			return 1;
		}
	}
}

int
vi_csv_next(struct vi_csv *c, struct vi_record *r, struct vi_error *e)
{
	struct vi_error de;     /* not cleared: 1.5 KiB per record */
	int rc = next(c, r, e), from_parser = !c->src_failed;

	if (c->tc != NULL) {    /* positions in the source bytes */
		if (rc > 0) {
			r->byte = src_pos(c, r->byte);
			c->info.bytes = src_pos(c, c->info.bytes + 1) - 1;
		} else if (rc == 0) {
			c->info.bytes = vi_transcode_src_bytes(c->tc);
		} else if (from_parser) {
			e->byte = src_pos(c, e->byte);
		}
	}
	/* A data error in decompressed bytes may be damage that the
	 * compressed stream's checksum would find: that is the error. */
	if (rc < 0 && e->status == VI_EX_DATAERR && from_parser &&
	    c->dz != NULL && vi_decomp_verify(c->dz, &de) < 0)
		*e = de;
	return rc;
}

/* Read the header record into owned storage. */
static int
read_header(struct vi_csv *c, struct vi_error *e)
{
	struct vi_record r;
	int lenient = c->d.lenient, rc;
	size_t i, total = 0;

	c->d.lenient = 0;
	c->ncols_known = 0;
	rc = vi_csv_next(c, &r, e);
	c->d.lenient = lenient;
	if (rc < 0)
		return -1;
	if (rc == 0) {
		c->ncols_known = 0;
		c->info.columns = 0;
	} else {
		c->info.records_read--;
		c->info.records_ok--;
		c->number--;
		for (i = 0; i < r.nfields; i++)
			total += r.fields[i].n;
		c->hbuf = vi_xmalloc(total);
		c->hfields = vi_xcalloc(r.nfields, sizeof *c->hfields);
		c->nh = r.nfields;
		for (i = 0, total = 0; i < r.nfields; i++) {
			memcpy(c->hbuf + total, r.fields[i].p, r.fields[i].n);
			c->hfields[i].p = c->hbuf + total;
			c->hfields[i].n = r.fields[i].n;
			total += r.fields[i].n;
		}
	}
	c->data_offset = c->buf_off + c->pos;
	c->data_line = c->line;
	return 0;
}

static ssize_t
decomp_src(void *arg, void *buf, size_t n, struct vi_error *e)
{
	return vi_decomp_read(arg, buf, n, e);
}

struct vi_csv *
vi_csv_open(const char *path, const struct vi_dialect *d, struct vi_error *e)
{
	struct vi_csv *c;
	struct stat st;
	int stdin_ = strcmp(path, "-") == 0;

	c = new_reader(stdin_ ? "-" : path, d);
	if ((c->fd = vi_input_open(path, e)) < 0) {
		vi_csv_close(c);
		return NULL;
	}
	c->own_fd = !stdin_;
	if (fstat(c->fd, &st) == 0 && S_ISREG(st.st_mode)) {
		c->regular = 1;
		c->fsize = (uint64_t)st.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
		posix_fadvise(c->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	}
	vi_progress_begin(c->name, c->fsize);
	if ((c->dz = vi_decomp_open(c->fd, e)) == NULL) {
		vi_csv_close(c);
		return NULL;
	}
	/* Offsets are those of the decompressed bytes: no pread at them. */
	if (vi_decomp_kind(c->dz) != VI_DECOMP_NONE)
		c->regular = 0;
	if (d->encoding != NULL) {
		c->tc = vi_transcode_open(d->encoding, decomp_src, c->dz, e);
		if (c->tc == NULL) {
			vi_csv_close(c);
			return NULL;
		}
		c->regular = 0;
		c->cs = vi_transcode_bom(c->tc);
	}
	if (check_start(c, e) < 0 ||
	    (d->header ? read_header(c, e) :
	    (c->data_offset = c->pos, c->data_line = 1, 0)) < 0) {
		vi_csv_close(c);
		return NULL;
	}
	return c;
}

struct vi_csv *
vi_csv_open_range(int fd, const char *name, const struct vi_dialect *d,
    uint64_t start, uint64_t end, uint64_t first_line, uint64_t first_number,
    size_t ncols, struct vi_error *e)
{
	struct vi_csv *c = new_reader(name, d);

	(void)e;
	c->fd = fd;
	c->regular = 1;
	c->buf_off = c->read_off = c->data_offset = c->prog_bytes = start;
	c->range_end = end;
	c->line = c->data_line = c->start_line = first_line;
	c->utf8_hw = start;
	c->number = first_number;
	c->ncols = ncols;
	c->ncols_known = ncols != 0;
	c->info.columns = ncols;
	return c;
}

void
vi_csv_seek(struct vi_csv *c, uint64_t start, uint64_t end,
    uint64_t first_line, uint64_t first_number)
{
	parser_reset(c);
	c->len = c->pos = c->rec_start = 0;
	c->buf_off = c->read_off = c->data_offset = start;
	c->range_end = end;
	c->eof = c->failed = c->clean_end = c->skip = 0;
	c->line = c->data_line = c->start_line = first_line;
	c->utf8_hw = start;
	c->number = first_number;
}

const struct vi_field *
vi_csv_header(const struct vi_csv *c, size_t *n)
{
	*n = c->nh;
	return c->hfields;
}

const struct vi_csv_info *
vi_csv_info(const struct vi_csv *c)
{
	return &c->info;
}

const char *
vi_csv_name(const struct vi_csv *c)
{
	return c->name;
}

int
vi_csv_fd(const struct vi_csv *c, int *regular, uint64_t *size)
{
	*regular = c->regular;
	*size = c->fsize;
	return c->fd;
}

int
vi_csv_clean_end(const struct vi_csv *c)
{
	return c->clean_end;
}

uint64_t
vi_csv_data_offset(const struct vi_csv *c)
{
	return c->data_offset;
}

uint64_t
vi_csv_data_line(const struct vi_csv *c)
{
	return c->data_line;
}

void
vi_csv_close(struct vi_csv *c)
{
	if (c == NULL)
		return;
	if (c->dz != NULL) {
		progress(c);
		vi_progress_done();
	}
	if (c->own_fd && c->fd >= 0)
		close(c->fd);
	vi_transcode_close(c->tc);
	vi_decomp_close(c->dz);
	csv_free(&c->p);
	free(c->buf);
	free(c->fbuf);
	free(c->fields);
	free(c->dpos);
	free(c->hbuf);
	free(c->hfields);
	free(c->name);
	free(c);
}
