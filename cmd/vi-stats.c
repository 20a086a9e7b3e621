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
#include "vi_state.h"

#define USAGE \
    "usage: vi-stats [-H] [-d delim] [-f format] [-j jobs] [-n limit] " \
    "[-o file]\n" \
    "                [--lenient] [--nulls spec] [--quote char] " \
    "[--block-size size]\n" \
    "                [--part k/n] [--partial] [--encoding name] [--progress]\n" \
    "                [--quantiles list] [--schema] [--top k] [file ...]\n" \
    "       vi-stats --merge [-f format] [-o file] [--schema] state ...\n"

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
    "      --quantiles L   the quantiles of number columns: fractions,\n"
    "                      comma-separated (default 0.25,0.5,0.75), or none\n"
    "      --schema        write the inferred Table Schema (JSON) instead\n"
    "      --top K         the K most frequent values per column (default 5;\n"
    "                      0: none; at most 128)\n"
    "      --part K/N      only the records that start in the K-th of N\n"
    "                      equal byte ranges of a regular file\n"
    "      --partial       write the run's complete state (a state file)\n"
    "                      instead of the report\n"
    "      --merge         merge state files, in the order given, into\n"
    "                      the report (or --schema) of all their records\n"
    "  -h, --help          this help\n"
    "  -V, --version       version\n\n"
    "Exit status: 0 ok, 64 usage, 65 malformed input, 66 no input, "
    "74 I/O error.\n";

/* Blocks per run of the threaded pass. */
#define RUN_BLOCKS 4

enum { OPT_NULLS = 256, OPT_BLOCK, OPT_JSON,
	OPT_SCHEMA, OPT_PART, OPT_PARTIAL, OPT_MERGE, OPT_QUANTILES, OPT_TOP };

static const struct option longopts[] = {
	{ "block-size", required_argument, NULL, OPT_BLOCK },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "limit", required_argument, NULL, 'n' },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "nulls", required_argument, NULL, OPT_NULLS },
	{ "output", required_argument, NULL, 'o' },
	{ "part", required_argument, NULL, OPT_PART },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "quantiles", required_argument, NULL, OPT_QUANTILES },
	{ "schema", no_argument, NULL, OPT_SCHEMA },
	{ "top", required_argument, NULL, OPT_TOP },
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
	unsigned sketch;         /* vi_profile_sketch() */
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
	vi_profile_sketch(p, x->sketch);
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

/* A part run (--part): the records of other parts' blocks. */
static void
p_add_counts(void *st, const struct vi_record *r)
{
	vi_profile_add_counts(st, r);
}

static void
p_add_block(void *st, const struct vi_record *r)
{
	vi_profile_add_moments(st, r);
}

/* What the run writes and how. */
struct job {
	const struct vi_dialect *d;
	const struct vi_pscan_opts *po;
	const struct vi_nulls *nulls;
	const struct vi_report_opts *ro;
	enum vi_report_format fmt;
	int schema, partial;
	uint64_t part_k, part_n;     /* part_n 0: the whole input */
};

/* The report, the schema or the state of profile p; exits on failure. */
static void
emit(const struct job *j, const char *file, const struct vi_csv_info *info,
    const struct vi_profile *p, int partial, int first,
    const struct vi_state_part *sp)
{
	struct vi_error e = { 0 };
	int rc;

	if (j->partial)
		rc = vi_state_write(stdout, file, sp, info, p, &e);
	else if (j->schema)
		rc = vi_schema_write_profile(stdout, p, &e);
	else
		rc = vi_report_write(stdout, j->fmt, file, info, p,
		    j->po->limit, partial, first, j->ro, &e);
	if (rc < 0)
		vi_cli_output_failed(&e);
}

/* Profile one file (or its part) and print its report or state.  Returns
 * an exit status. */
static int
stats_file(const char *path, const struct job *j, int first)
{
	struct ctx x;
	struct vi_error e = { 0 };
	struct vi_pscan_ops ops = { NULL, p_create, p_add, p_block_end,
		p_merge, p_free };
	struct vi_pscan_part pt = { j->part_k, j->part_n, 0, p_add_counts,
		p_add_block, 0, 0 };
	struct vi_state_part sp = { 0, 0, 0, 0, 0 };
	struct vi_pscan_result res;
	struct vi_csv *c;
	int rc;

	c = vi_csv_open(path, j->d, &e);
	if (c == NULL) {
		vi_cli_report(path, &e);
		return e.status;
	}
	x.c = c;
	x.nulls = j->nulls;
	x.sketch = (j->ro->top ? VI_PROFILE_TOP : 0) |
	    (j->ro->nq ? VI_PROFILE_QUANTILES : 0);
	ops.arg = &x;
	rc = j->part_n ? vi_pscan_part(c, j->d, j->po, &pt, &ops, &res, &e) :
	    vi_pscan_run(c, j->d, j->po, &ops, &res, &e);
	if (rc < 0) {
		vi_cli_report(path, &e);
		if (res.state)
			vi_profile_free(res.state);
		vi_csv_close(c);
		return e.status;
	}
	if (j->part_n) {
		int regular;

		sp.k = j->part_k;
		sp.n = j->part_n;
		sp.start = pt.start;
		sp.end = pt.end;
		vi_csv_fd(c, &regular, &sp.size);
	}
	vi_dialect_report_rejects(path, &res.info);
	emit(j, path, &res.info, res.state, res.partial, first, &sp);
	/* Only a run that gave its answer warns. */
	vi_dialect_report_utf8(path, &res.info);
	vi_profile_free(res.state);
	vi_csv_close(c);
	return VI_EX_OK;
}

/* --merge: the report of the states at paths, merged in order. */
static void
merge_states(char **paths, int n, const struct job *j)
{
	struct vi_merged m;
	struct vi_error e = { 0 };

	if (vi_state_merge(paths, (size_t)n, &m, &e) < 0)
		vi_cli_error(NULL, &e);
	vi_dialect_report_rejects(m.file, &m.info);
	emit(j, m.file, &m.info, m.p, 0, 1, NULL);
	vi_dialect_report_utf8(m.file, &m.info);
	vi_merged_free(&m);
}

int
main(int argc, char **argv)
{
	struct vi_dialect d;
	struct vi_pscan_opts po = { 0, 0, 0, 0 };
	struct vi_error e = { 0 };
	const char *nulls = VI_NULLS_DEFAULT, *out = NULL;
	struct vi_nulls *ns;
	struct vi_report_opts ro;
	struct job j = { &d, &po, NULL, &ro, VI_REPORT_TABLE, 0, 0, 0, 0 };
	int ch, i, status = VI_EX_OK, rc, merge = 0;
	char *stdin_only[] = { "-", NULL };

	vi_cli_init(argv[0]);
	vi_dialect_default(&d);
	vi_report_opts_default(&ro);
	po.jobs = vi_scan_default_jobs();
	while ((ch = vi_cli_getopt(argc, argv, "Hd:f:hj:n:o:V", longopts,
	    usage, help)) != -1) {
		if (vi_dialect_option(&d, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'f':
			j.fmt = (enum vi_report_format)vi_cli_choice(usage,
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
			j.fmt = VI_REPORT_JSON;
			break;
		case OPT_NULLS:
			nulls = optarg;
			break;
		case OPT_SCHEMA:
			j.schema = 1;
			break;
		case OPT_PART:
			vi_scan_part_option(optarg, usage, &j.part_k,
			    &j.part_n);
			break;
		case OPT_PARTIAL:
			j.partial = 1;
			break;
		case OPT_QUANTILES:
			if (vi_report_quantiles_parse(&ro, optarg, &e) < 0)
				vi_cli_usage_error(usage, "--quantiles: %s",
				    e.msg);
			break;
		case OPT_TOP:
			ro.top = vi_cli_parse_count(usage, "--top", optarg);
			if (ro.top > VI_TOPK_CAP)
				vi_cli_usage_error(usage, "--top: at most %d",
				    VI_TOPK_CAP);
			break;
		case OPT_MERGE:
			merge = 1;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	/* Threaded runs of a few blocks, folded as they end: the blocks'
	 * sketches kept for the fold stay few whatever the file's size. */
	{
		uint64_t b = po.block ? po.block : VI_PSCAN_BLOCK_DEFAULT;

		po.run = b > UINT64_MAX / RUN_BLOCKS ? 0 : RUN_BLOCKS * b;
	}
	vi_dialect_check(&d, usage);
	ns = vi_nulls_new(nulls, &e);
	if (ns == NULL)
		vi_cli_usage_error(usage, "--nulls: %s", e.msg);
	j.nulls = ns;
	if (merge && (j.partial || j.part_n || po.limit))
		vi_cli_usage_error(usage, "--merge reads states: -n, --part "
		    "and --partial do not apply");
	if (merge && argc == 0)
		vi_cli_usage_error(usage, "--merge: no state files");
	if (j.partial && j.schema)
		vi_cli_usage_error(usage, "--partial and --schema exclude "
		    "each other");
	if ((j.partial || j.part_n) && po.limit)
		vi_cli_usage_error(usage, "-n does not apply with %s",
		    j.part_n ? "--part" : "--partial");
	if ((j.partial || j.part_n) && argc > 1)
		vi_cli_usage_error(usage, "%s: one input at most",
		    j.part_n ? "--part" : "--partial");
	if (j.part_n && (argc == 0 || strcmp(argv[0], "-") == 0))
		vi_cli_usage_error(usage, "--part needs a regular file, not "
		    "the standard input");
	if (argc == 0)
		argv = stdin_only, argc = 1;
	vi_cli_output(out);
	if (merge)
		merge_states(argv, argc, &j);
	for (i = 0; i < argc && !merge; i++) {
		rc = stats_file(argv[i], &j, i == 0);
		if (rc > status)
			status = rc;
	}
	vi_nulls_free(ns);
	vi_cli_exit(status);
}
