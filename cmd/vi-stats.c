/*
 * vi-stats - profile CSV files in one streaming pass: rows, nulls per
 * column, inferred types with their confidence, min/max, lengths, distinct
 * estimates, mean and standard deviation.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_cli.h"
#include "vi_csv.h"
#include "vi_dialect_opt.h"
#include "vi_err.h"
#include "vi_nulls.h"
#include "vi_profile.h"
#include "vi_pscan.h"
#include "vi_report.h"
#include "vi_schema.h"
#include "vi_size.h"

#define USAGE \
    "usage: vi-stats [-H] [-d delim] [-f format] [-j jobs] [-n limit] " \
    "[-o file]\n" \
    "                [--lenient] [--nulls spec] [--quote char] " \
    "[--block-size size]\n" \
    "                [--encoding name] [--progress] [--schema] [file ...]\n"

static const char usage[] = USAGE;

static const char help[] = USAGE
    "\nProfile CSV files in one streaming pass.\n\n"
    "  -d, --delimiter C   field delimiter (default ','; '\\t' or tab for TAB)\n"
    "      --encoding E    the input's encoding, any name iconv knows\n"
    "                      (latin1, cp1252, utf-16...; default UTF-8)\n"
    "  -f, --format F      table (default), tsv, csv or json\n"
    "      --json          the same as --format json\n"
    "  -H, --no-header     the first record is data; columns are numbered\n"
    "  -j, --jobs N        threads for a regular file (default: cores)\n"
    "  -n, --limit N       profile only the first N records (marked partial)\n"
    "  -o, --output FILE   write to FILE, replaced only when the run succeeds\n"
    "      --lenient       reject malformed records, count them, go on\n"
    "      --nulls SPEC    null tokens: pandas (default), empty, sql, or a\n"
    "                      comma-separated list (see vi-stats(1))\n"
    "      --quote C       quote character (default '\"')\n"
    "      --block-size S  parallel scan block size (default 16M)\n"
    "      --progress      show progress on stderr even if not a terminal\n"
    "      --schema        write the inferred Table Schema (JSON) instead\n"
    "  -h, --help          this help\n"
    "  -V, --version       version\n\n"
    "Exit status: 0 ok, 64 usage, 65 malformed input, 66 no input, "
    "74 I/O error.\n";

enum { OPT_NULLS = 256, OPT_BLOCK, OPT_JSON,
	OPT_SCHEMA };

static const struct option longopts[] = {
	{ "block-size", required_argument, NULL, OPT_BLOCK },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "limit", required_argument, NULL, 'n' },
	{ "nulls", required_argument, NULL, OPT_NULLS },
	{ "output", required_argument, NULL, 'o' },
	{ "schema", no_argument, NULL, OPT_SCHEMA },
	{ "version", no_argument, NULL, 'V' },
	VI_DIALECT_LONGOPTS,
	VI_CLI_PROGRESS_LONGOPT,
	VI_DIALECT_LENIENT_LONGOPT,
	{ NULL, 0, NULL, 0 }
};

/* The profile engine as the scanner's consumer. */
struct ctx {
	const struct vi_csv *c;
	const struct vi_nulls *nulls;
};

static void *
p_create(void *arg, int origin)
{
	const struct ctx *x = arg;
	size_t n;
	const struct vi_field *h = vi_csv_header(x->c, &n);
	struct vi_profile *p = vi_profile_new(x->nulls,
	    vi_csv_info(x->c)->columns, n ? h : NULL);

	if (origin)
		vi_profile_set_origin(p);
	return p;
}

static void
p_add(void *st, const struct vi_record *r)
{
	vi_profile_add(st, r);
}

static void
p_block_end(void *st)
{
	vi_profile_block_end(st);
}

static void
p_merge(void *dst, void *src)
{
	vi_profile_merge(dst, src);
}

static void
p_free(void *st)
{
	vi_profile_free(st);
}

/* Profile one file and print its report.  Returns an exit status. */
static int
stats_file(const char *path, const struct vi_dialect *d,
    const struct vi_pscan_opts *po, const struct vi_nulls *nulls,
    enum vi_report_format fmt, int first, int schema)
{
	struct ctx x;
	struct vi_error e = { 0 };
	struct vi_pscan_ops ops = { NULL, p_create, p_add, p_block_end,
		p_merge, p_free };
	struct vi_pscan_result res;
	struct vi_csv *c;
	int status = VI_EX_OK;

	c = vi_csv_open(path, d, &e);
	if (c == NULL) {
		vi_cli_report(path, &e);
		return e.status;
	}
	x.c = c;
	x.nulls = nulls;
	ops.arg = &x;
	if (vi_pscan_run(c, d, po, &ops, &res, &e) < 0) {
		vi_cli_report(path, &e);
		if (res.state)
			vi_profile_free(res.state);
		vi_csv_close(c);
		return e.status;
	}
	vi_dialect_report_rejects(path, &res.info);
	if (schema ? vi_schema_write_profile(stdout, res.state, &e) < 0 :
	    vi_report_write(stdout, fmt, path, &res.info, res.state,
	    po->limit, res.partial, first, &e) < 0)
		vi_cli_output_failed(&e);
	/* Only a run that gave its answer warns. */
	vi_dialect_report_utf8(path, &res.info);
	vi_profile_free(res.state);
	vi_csv_close(c);
	return status;
}

int
main(int argc, char **argv)
{
	struct vi_dialect d;
	struct vi_pscan_opts po = { 0, 0, 0 };
	struct vi_error e = { 0 };
	enum vi_report_format fmt = VI_REPORT_TABLE;
	const char *nulls = VI_NULLS_DEFAULT, *out = NULL;
	struct vi_nulls *ns;
	int ch, i, status = VI_EX_OK, rc, schema = 0;
	char *stdin_only[] = { "-", NULL };

	vi_cli_init(argv[0]);
	vi_dialect_default(&d);
	po.jobs = vi_scan_default_jobs();
	while ((ch = vi_cli_getopt(argc, argv, "Hd:f:hj:n:o:V", longopts,
	    usage, help)) != -1) {
		if (vi_dialect_option(&d, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'f':
			fmt = (enum vi_report_format)vi_cli_choice(usage,
			    "--format", optarg, vi_report_formats);
			break;
		case 'j':
			po.jobs = vi_scan_jobs_option(optarg, usage);
			break;
		case 'n':
			po.limit = vi_cli_parse_count(usage, "-n", optarg);
			if (po.limit == 0)
				vi_cli_usage_error(usage,
				    "-n: must be at least 1");
			break;
		case 'o':
			out = optarg;
			break;
		case OPT_BLOCK:
			po.block = vi_scan_block_option(optarg, usage);
			break;
		case OPT_JSON:
			fmt = VI_REPORT_JSON;
			break;
		case OPT_NULLS:
			nulls = optarg;
			break;
		case OPT_SCHEMA:
			schema = 1;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	vi_dialect_check(&d, usage);
	ns = vi_nulls_new(nulls, &e);
	if (ns == NULL)
		vi_cli_usage_error(usage, "--nulls: %s", e.msg);
	if (argc == 0)
		argv = stdin_only, argc = 1;
	vi_cli_output(out);
	for (i = 0; i < argc; i++) {
		rc = stats_file(argv[i], &d, &po, ns, fmt, i == 0,
		    schema);
		if (rc > status)
			status = rc;
	}
	vi_nulls_free(ns);
	vi_cli_exit(status);
}
