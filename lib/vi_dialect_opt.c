/* vi_dialect_opt.c - shared CSV dialect options (see vi_dialect_opt.h). */
#include "vi_dialect_opt.h"
#include "vi_cli.h"
#include "vi_rowkey.h"   /* vi_shard_parse: the K/N syntax of --part */
#include "vi_size.h"
#include "vi_transcode.h"

#include <string.h>
#include <unistd.h>

int
vi_dialect_option(struct vi_dialect *d, int ch, const char *arg,
    const char *usage)
{
	switch (ch) {
	case 'd':
		if (vi_dialect_parse_delim(arg, &d->delim) < 0)
			vi_cli_usage_error(usage,
			    "-d: not a single-byte delimiter: %s", arg);
		return 1;
	case 'H':
		d->header = 0;
		return 1;
	case VI_OPT_QUOTE:
		if (strlen(arg) != 1 || arg[0] == '\n' || arg[0] == '\r')
			vi_cli_usage_error(usage,
			    "--quote: not a single byte: %s", arg);
		d->quote = (unsigned char)arg[0];
		return 1;
	case VI_OPT_LENIENT:
		d->lenient = 1;
		return 1;
	case VI_OPT_ENCODING:
		if (!vi_transcode_known(arg))
			vi_cli_usage_error(usage, "--encoding: unknown "
			    "encoding: %s (iconv -l lists them)", arg);
		d->encoding = arg;
		return 1;
	default:
		return 0;
	}
}

void
vi_dialect_check(const struct vi_dialect *d, const char *usage)
{
	if (d->quote == d->delim)
		vi_cli_usage_error(usage, "the quote and the delimiter are "
		    "the same byte");
}

void
vi_dialect_report_rejects(const char *file, const struct vi_csv_info *in)
{
	if (in->records_rejected == 0)
		return;
	vi_cli_warn("%s: %llu of %llu records rejected, the first at line "
	    "%llu byte %llu: %s", file,
	    (unsigned long long)in->records_rejected,
	    (unsigned long long)in->records_read,
	    (unsigned long long)in->rejects[0].line,
	    (unsigned long long)in->rejects[0].byte, in->rejects[0].reason);
}

void
vi_dialect_report_utf8(const char *file, const struct vi_csv_info *in)
{
	if (in->utf8_invalid == 0)
		return;
	vi_cli_warn("%s:%llu:%llu: warning: %llu invalid UTF-8 sequence%s "
	    "(%s); %s", file,
	    (unsigned long long)in->utf8_first_line,
	    (unsigned long long)in->utf8_first_byte,
	    (unsigned long long)in->utf8_invalid,
	    in->utf8_invalid == 1 ? "" : "s",
	    in->utf8_invalid == 1 ? "here" : "first here",
	    in->utf8_hint == VI_CSV_LATIN1 ? "the bytes look like Latin-1: "
	    "read the file with --encoding latin1" :
	    in->utf8_hint == VI_CSV_CP1252 ? "the bytes look like CP1252: "
	    "read the file with --encoding cp1252" :
	    "if you know the file's encoding, read it with --encoding NAME");
}

unsigned
vi_scan_jobs_option(const char *arg, const char *usage)
{
	unsigned long long n = vi_cli_parse_count(usage, "-j", arg);

	if (n < 1 || n > 64)
		vi_cli_usage_error(usage, "-j: must be 1 to 64: %s", arg);
	return (unsigned)n;
}

uint64_t
vi_scan_block_option(const char *arg, const char *usage)
{
	size_t bs;

	if (vi_size_parse(arg, &bs) < 0 || bs < 64)
		vi_cli_usage_error(usage, "--block-size: not a size of at least "
		    "64 bytes: %s", arg);
	return bs;
}

void
vi_scan_part_option(const char *arg, const char *usage, uint64_t *k,
    uint64_t *n)
{
	struct vi_error e = { 0 };

	if (vi_shard_parse(arg, k, n, &e) < 0)
		vi_cli_usage_error(usage, "--part: not K/N with 1 <= K <= N: "
		    "%s", arg);
}

unsigned
vi_scan_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}
