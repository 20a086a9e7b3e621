/*
 * vi-diff - reconcile CSV files by key: for every key whose rows differ,
 * which columns differ and their values (see man/vi-diff.1).
 *
 * Options and wiring only; the engine is lib/vi_diff.c, the comparison
 * rules lib/vi_vcmp.c, the output layouts lib/vi_diff_out.c.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"
#include "vi_cli.h"
#include "vi_dialect_opt.h"
#include "vi_diff.h"
#include "vi_diff_out.h"
#include "vi_labels.h"
#include "vi_nulls.h"
#include "vi_sort.h"
#include "vi_tmp.h"

#define USAGE \
    "usage: vi-diff -k keys [--columns list] [--ignore-columns list]\n" \
    "               [--numeric] [--abs-tol x] [--rel-tol x] [--trim] [-i]\n" \
    "               [--nulls spec] [--changed-only] [--summary]\n" \
    "               [--summary-to file] [-f format] [-o file] [--names list]\n"\
    "               [-S size] [-T dir] [-d delim] [--quote c] [--lenient]\n" \
    "               [--encoding name] [--progress] file file ...\n"

static const char usage[] = USAGE;

static const char help[] = USAGE
    "Reconcile CSV files by key: for every key whose rows differ, the\n"
    "columns that differ and their values; keys not in every file; keys\n"
    "repeated within a file.  Columns are matched by header name.\n"
    "  -k, --key list      the key columns (names, numbers, ranges)\n"
    "  --columns list      compare only these columns (of the first file)\n"
    "  --ignore-columns list  do not compare these columns\n"
    "  --numeric           compare numbers by value (47.07 = 47.070)\n"
    "  --abs-tol x, --rel-tol x  numbers this close are equal (implies\n"
    "                      --numeric)\n"
    "  --trim              ignore spaces and tabs at both ends of values\n"
    "  -i, --ignore-case   ignore ASCII case\n"
    "  --nulls spec        these values are all equal to each other (as\n"
    "                      vi-stats --nulls: empty, pandas, sql or a list)\n"
    "  --changed-only      leave out keys that are only in some files\n"
    "  --summary           only the per-column summary\n"
    "  --summary-to FILE   also write the summary, as JSON, to FILE\n"
    "  -f, --format F      csv (default) or json (JSON lines)\n"
    "  -o, --output FILE   write to FILE, replaced only when the run succeeds\n"
    "  --names list        comma-separated input labels, in argument order\n"
    "  -S size             memory budget for the sorts (default 256M)\n"
    "  -T dir              directory for temporary files (default $TMPDIR)\n"
    "  -d, --delimiter c, --quote c, --lenient, --encoding name   the CSV\n"
    "                      dialect and the inputs' encoding (as vi-stats)\n"
    "  --progress          show progress on stderr even if not a terminal\n"
    "  -h, --help          this help;  -V, --version  the version\n"
    "Exit status: 0 no difference, 1 differences, 64 usage, 65 malformed\n"
    "input, 66 no input, 74 I/O error.\n";

enum { O_COLUMNS = 256, O_IGNORE, O_NUMERIC, O_ABS, O_REL, O_TRIM, O_NULLS,
	O_CHANGED_ONLY, O_SUMMARY, O_SUMMARY_TO, O_NAMES };

static const struct option longopts[] = {
	VI_DIALECT_LONGOPTS,
	VI_DIALECT_LENIENT_LONGOPT,
	VI_CLI_PROGRESS_LONGOPT,
	{ "abs-tol", required_argument, NULL, O_ABS },
	{ "changed-only", no_argument, NULL, O_CHANGED_ONLY },
	{ "columns", required_argument, NULL, O_COLUMNS },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "ignore-case", no_argument, NULL, 'i' },
	{ "ignore-columns", required_argument, NULL, O_IGNORE },
	{ "key", required_argument, NULL, 'k' },
	{ "names", required_argument, NULL, O_NAMES },
	{ "nulls", required_argument, NULL, O_NULLS },
	{ "numeric", no_argument, NULL, O_NUMERIC },
	{ "output", required_argument, NULL, 'o' },
	{ "rel-tol", required_argument, NULL, O_REL },
	{ "summary", no_argument, NULL, O_SUMMARY },
	{ "summary-to", required_argument, NULL, O_SUMMARY_TO },
	{ "trim", no_argument, NULL, O_TRIM },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static double
tolerance(const char *opt, const char *arg)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end != '\0' || errno != 0 || !isfinite(v) ||
	    v < 0)
		vi_cli_usage_error(usage, "%s: not a non-negative number: %s",
		    opt, arg);
	return v;
}

/* What main() holds, freed before an exit on an error. */
static struct vi_diff *engine;
static struct vi_nulls *nulls;
static char **labels;
static size_t ninputs;

static void
cleanup(void)
{
	vi_diff_close(engine);
	vi_nulls_free(nulls);
	vi_labels_free(labels, ninputs);
	engine = NULL;
	nulls = NULL;
	labels = NULL;
}

static void
fail(const char *file, const struct vi_error *e)
{
	struct vi_error copy = *e;

	cleanup();
	vi_cli_error(file, &copy);
}

int
main(int argc, char **argv)
{
	struct vi_diff_opts o;
	struct vi_error e = { 0 };
	struct vi_diff_writer *w = NULL;
	struct vi_diff_item it;
	const struct vi_diff_info *info;
	enum vi_diff_format fmt = VI_DIFF_CSV;
	const char *out = NULL, *summary_to = NULL, *names = NULL;
	int ch, i, summary = 0, changed_only = 0, stdins = 0, rc, differ = 0;

	vi_cli_init(argv[0]);
	vi_tmp_init();
	memset(&o, 0, sizeof o);
	vi_dialect_default(&o.d);
	o.mem = (size_t)256 << 20;
	while ((ch = vi_cli_getopt(argc, argv, "d:f:Hhik:o:S:T:V", longopts,
	    usage, help)) != -1) {
		if (ch == 'H')
			vi_cli_usage_error(usage, "-H: vi-diff matches columns "
			    "by header name, so every input needs a header");
		if (vi_dialect_option(&o.d, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'f':
			fmt = (enum vi_diff_format)(vi_cli_choice(usage,
			    "--format", optarg, vi_diff_formats) + 1);
			break;
		case 'i':
			o.rules.flags |= VI_VC_FOLD;
			break;
		case 'k':
			o.key = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'S':
			o.mem = vi_cli_sort_budget(usage, optarg, 0);
			break;
		case 'T':
			o.tmpdir = optarg;
			break;
		case O_ABS:
			o.rules.abs_tol = tolerance("--abs-tol", optarg);
			o.rules.flags |= VI_VC_NUMERIC;
			break;
		case O_REL:
			o.rules.rel_tol = tolerance("--rel-tol", optarg);
			o.rules.flags |= VI_VC_NUMERIC;
			break;
		case O_CHANGED_ONLY:
			changed_only = 1;
			break;
		case O_COLUMNS:
			o.columns = optarg;
			break;
		case O_IGNORE:
			o.ignore = optarg;
			break;
		case O_NAMES:
			names = optarg;
			break;
		case O_NULLS:
			vi_nulls_free(nulls);
			if ((nulls = vi_nulls_new(optarg, &e)) == NULL)
				vi_cli_usage_error(usage, "--nulls: %s", e.msg);
			break;
		case O_NUMERIC:
			o.rules.flags |= VI_VC_NUMERIC;
			break;
		case O_SUMMARY:
			summary = 1;
			break;
		case O_SUMMARY_TO:
			summary_to = optarg;
			break;
		case O_TRIM:
			o.rules.flags |= VI_VC_TRIM;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	vi_dialect_check(&o.d, usage);
	o.rules.nulls = nulls;
	if (o.key == NULL)
		vi_cli_usage_error(usage, "-k is required");
	if (argc < 2)
		vi_cli_usage_error(usage, "at least two inputs are needed");
	if (argc > VI_DIFF_MAX_INPUTS)
		vi_cli_usage_error(usage, "at most %d inputs",
		    VI_DIFF_MAX_INPUTS);
	for (i = 0; i < argc; i++)
		stdins += strcmp(argv[i], "-") == 0;
	if (stdins > 1)
		vi_cli_usage_error(usage, "at most one input can be '-'");
	if (o.mem < VI_SORT_MIN_MEM)
		o.mem = VI_SORT_MIN_MEM;
	ninputs = (size_t)argc;
	if ((labels = vi_labels_make(names, ninputs,
	    (const char *const *)argv, &e)) == NULL)
		vi_cli_usage_error(usage, "%s", e.msg);

	if ((engine = vi_diff_open((const char *const *)argv, ninputs, &o,
	    &e)) == NULL)
		fail(e.file, &e);
	info = vi_diff_info(engine);
	if (vi_diff_scan(engine, &e) < 0)
		fail(e.file, &e);
	vi_cli_output(out);
	if (!summary && (w = vi_diff_writer_open(stdout, fmt, info, labels,
	    (const char *const *)argv, &e)) == NULL)
		vi_cli_output_failed(&e);
	while ((rc = vi_diff_next(engine, &it, &e)) > 0) {
		if (changed_only && it.kind == VI_DIFF_ONLY)
			continue;
		differ = 1;
		if (w != NULL && vi_diff_writer_item(w, &it, &e) < 0)
			vi_cli_output_failed(&e);
	}
	if (rc < 0) {
		if (w != NULL)
			vi_diff_writer_close(w, NULL);
		fail(e.file, &e);
	}
	if (w != NULL && vi_diff_writer_close(w, &e) < 0)
		vi_cli_output_failed(&e);
	if (summary && vi_diff_write_summary(stdout, fmt, info, labels,
	    (const char *const *)argv, &e) < 0)
		vi_cli_output_failed(&e);
	if (summary_to != NULL) {
		FILE *sf = vi_cli_output_file(summary_to);

		if (vi_diff_write_summary(sf, VI_DIFF_JSON, info, labels,
		    (const char *const *)argv, &e) < 0 || fclose(sf) == EOF) {
			if (e.status == 0)
				vi_error_set(&e, VI_EX_IOERR, errno, 0, 0,
				    "write error");
			vi_error_at(&e, VI_ERR_OUTPUT, summary_to);
			fail(summary_to, &e);
		}
	}
	for (i = 0; i < argc; i++) {
		vi_dialect_report_rejects(argv[i], &info->files[i].csv);
		vi_dialect_report_utf8(argv[i], &info->files[i].csv);
	}
	cleanup();
	vi_cli_exit(differ ? VI_EX_NO : VI_EX_OK);
}
