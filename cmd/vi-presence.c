/*
 * vi-presence - which keys are in which of N sorted key streams: the
 * Venn/UpSet summary, or the presence matrix (see man/vi-presence.1).
 *
 * Options and wiring only; the merge is lib/vi_presence.c, the output
 * layouts lib/vi_presence_out.c, the stream formats lib/vi_keystream.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_cli.h"
#include "vi_input.h"
#include "vi_keystream.h"
#include "vi_pr_summary.h"
#include "vi_labels.h"
#include "vi_presence.h"
#include "vi_presence_out.h"

#define USAGE \
    "usage: vi-presence [-s] [--summary | --matrix] [--changed] [--counts]\n" \
    "                   [--missing] [--rows] [-f format] [-o file]\n" \
    "                   [--names list] [--summary-to file] [--allow-empty]\n" \
    "                   file file ...\n" \
    "       vi-presence --labelled [options] stream\n" \
    "       vi-presence --merge-summaries [-s] [-f format] [-o file] " \
    "summary ...\n"

static const char usage[] = USAGE;

static const char help[] = USAGE
    "Compare N sorted key streams (vi-keys(5)) by key in one pass.\n"
    "  -s, --status    exit 1 if the inputs differ (a key not in every input,\n"
    "                  or a changed key)\n"
    "  --summary       per-subset (Venn) key counts, per-input totals,\n"
    "                  changed keys (the default)\n"
    "  --matrix        one line per distinct key: key fields, then 0/1 per "
    "input\n"
    "  --counts        matrix: occurrence counts instead of 0/1\n"
    "  --missing       matrix: only keys not in every input\n"
    "  --changed       matrix: only changed keys, with their row numbers\n"
    "  --rows          matrix: add each input's source row numbers\n"
    "  -f, --format F  csv (default), tsv or json; --csv, --tsv, --json\n"
    "                  are the same\n"
    "  -o, --output FILE  write to FILE, replaced only when the run succeeds\n"
    "  --names list    comma-separated input labels, in argument order\n"
    "  --summary-to FILE  also write the summary, as JSON, to FILE (with\n"
    "                  --matrix: both from one pass)\n"
    "  --allow-empty   read an input of 0 bytes as holding no keys (with a\n"
    "                  warning); by default it is an error\n"
    "  --labelled      read one stream of labelled records (vi-keys --label)\n"
    "                  sorted by key; each label is an input: those of\n"
    "                  --names in its order, else the labels seen, sorted\n"
    "  --merge-summaries  the inputs are --summary --json outputs over\n"
    "                  hash shards of the same inputs (vi-keys --shard):\n"
    "                  write the summary of the whole\n"
    "  -h, --help      this help;  -V, --version  the version\n"
    "Exit status: 0 compared, 1 differ (with -s), 64 usage, 65 bad or "
    "unsorted\ninput, 66 no input, 74 I/O error.\n";

enum { O_SUMMARY = 256, O_MATRIX, O_CHANGED, O_COUNTS, O_MISSING, O_ROWS,
	O_CSV, O_TSV, O_JSON, O_NAMES, O_ALLOW_EMPTY, O_SUMMARY_TO, O_MERGE,
	O_LABELLED };

static const struct option longopts[] = {
	{ "allow-empty", no_argument, NULL, O_ALLOW_EMPTY },
	{ "changed", no_argument, NULL, O_CHANGED },
	{ "counts", no_argument, NULL, O_COUNTS },
	{ "csv", no_argument, NULL, O_CSV },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, O_JSON },
	{ "labelled", no_argument, NULL, O_LABELLED },
	{ "matrix", no_argument, NULL, O_MATRIX },
	{ "merge-summaries", no_argument, NULL, O_MERGE },
	{ "missing", no_argument, NULL, O_MISSING },
	{ "names", required_argument, NULL, O_NAMES },
	{ "summary-to", required_argument, NULL, O_SUMMARY_TO },
	{ "output", required_argument, NULL, 'o' },
	{ "rows", no_argument, NULL, O_ROWS },
	{ "status", no_argument, NULL, 's' },
	{ "summary", no_argument, NULL, O_SUMMARY },
	{ "tsv", no_argument, NULL, O_TSV },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Labels from --names, or from the binary headers' source names (else the
 * arguments). */
static char **
make_labels(const char *names, int n, char **paths,
    struct vi_ks_reader **rd)
{
	const char **src = vi_xcalloc((size_t)n, sizeof *src);
	struct vi_error e = { 0 };
	char **l;
	int i;

	for (i = 0; i < n; i++) {
		const struct vi_ks_header *h = vi_ks_reader_header(rd[i]);

		src[i] = h->source != NULL && h->source[0] != '\0' ?
		    h->source : paths[i];
	}
	l = vi_labels_make(names, (size_t)n, src, &e);
	free(src);
	if (l == NULL)
		vi_cli_usage_error(usage, "%s", e.msg);
	return l;
}

/* What main() holds, freed by cleanup() before an exit on an error. */
static struct vi_presence *pr;
static struct vi_ks_reader **readers;
static char **labels;
static int ninputs;

static void
cleanup(void)
{
	int i;

	if (pr != NULL)
		vi_pr_close(pr);
	else if (readers != NULL)
		for (i = 0; i < ninputs; i++)
			vi_ks_reader_close(readers[i]);
	vi_labels_free(labels, (size_t)ninputs);
	free(readers);
	pr = NULL;
	readers = NULL;
	labels = NULL;
}

/* Report e about input path, free everything, exit with e's status. */
static void
fail(const char *path, const struct vi_error *e)
{
	vi_cli_report(path, e);
	cleanup();
	exit(e->status ? e->status : VI_EX_SOFTWARE);
}

/* Open path ('-' is the standard input) or exit 66 naming it. */
static int
open_input(const char *path)
{
	struct vi_error e = { 0 };
	int fd;

	if ((fd = vi_input_open(path, &e)) < 0)
		vi_cli_fail(path, &e);
	return fd;
}

/* Whether rd, read from path, may be used: an input of 0 bytes is a data
 * error in e (-1), or with --allow-empty a warning (0). */
static int
check_data(struct vi_ks_reader *rd, const char *path, int allow_empty,
    struct vi_error *e)
{
	if (vi_ks_reader_require_data(rd, e) == 0)
		return 0;
	if (!allow_empty)
		return -1;
	vi_cli_warn("%s: warning: empty input (0 bytes), read as holding no "
	    "keys", path);
	return 0;
}

/* --labelled: the one input path read as a labelled stream, the inputs
 * named by --names (split here, checked like the labels of N inputs) or by
 * the labels seen.  The engine is left in pr, its names in *lab. */
static struct vi_presence *
open_labelled(const char *path, const char *names, unsigned flags,
    int allow_empty, char *const **lab)
{
	struct vi_error e = { 0 };
	struct vi_ks_reader *rd;
	const char *c;
	size_t n = 1;
	int fd;

	if (names != NULL) {
		for (c = names; *c != '\0'; c++)
			n += *c == ',';
		if (n > VI_PR_MAX_INPUTS)
			vi_cli_usage_error(usage, "at most %d inputs",
			    VI_PR_MAX_INPUTS);
		if ((labels = vi_labels_make(names, n, NULL, &e)) == NULL)
			vi_cli_usage_error(usage, "%s", e.msg);
		ninputs = (int)n;
	}
	fd = open_input(path);
	if ((rd = vi_ks_reader_open(fd, fd != STDIN_FILENO, path,
	    &e)) == NULL) {
		if (fd != STDIN_FILENO)
			close(fd);
		fail(path, &e);
	}
	if (check_data(rd, path, allow_empty, &e) < 0) {
		vi_ks_reader_close(rd);
		fail(path, &e);
	}
	if ((pr = vi_pr_open_labelled(rd, labels, n, flags, &e)) == NULL)
		fail(e.file, &e);
	*lab = vi_pr_labels(pr);
	return pr;
}

/* --merge-summaries: add up the summaries in paths, write the whole. */
static void
merge_summaries(int n, char **paths, enum vi_pr_format fmt, const char *out,
    int status_opt)
{
	struct vi_error e = { 0 };
	struct vi_pr_summary_view v;
	struct vi_pr_sum *s;
	int i, stdins = 0, rc;

	if (n < 1)
		vi_cli_usage_error(usage, "--merge-summaries needs a summary");
	for (i = 0; i < n; i++)
		stdins += strcmp(paths[i], "-") == 0;
	if (stdins > 1)
		vi_cli_usage_error(usage, "at most one input can be '-'");
	s = vi_pr_sum_new();
	for (i = 0; i < n; i++)
		if (vi_pr_sum_read(s, paths[i], &e) < 0) {
			vi_pr_sum_free(s);
			vi_cli_fail(paths[i], &e);
		}
	vi_cli_output(out);
	vi_pr_sum_view(s, &v);
	if (vi_pr_write_summary_view(stdout, fmt, &v, &e) < 0) {
		vi_pr_sum_free(s);
		vi_cli_output_failed(&e);
	}
	rc = status_opt && vi_pr_sum_differ(s) > 0 ? VI_EX_NO : VI_EX_OK;
	vi_pr_sum_free(s);
	vi_cli_exit(rc);
}

int
main(int argc, char **argv)
{
	struct vi_error e = { 0 };
	struct vi_presence *p;
	struct vi_pr_matrix *m = NULL;
	enum vi_pr_format fmt = VI_PR_CSV;
	const char *names = NULL, *out = NULL, *summary_to = NULL;
	char *const *lab, *const *paths;
	FILE *sf = NULL;
	unsigned mflags = 0, flags = 0;
	int ch, i, status_opt = 0, summary = 0, matrix = 0, only_missing = 0,
	    only_changed = 0, stdins = 0, allow_empty = 0, merge = 0,
	    labelled = 0, rc;
	int *fds;

	vi_cli_init(argv[0]);
	while ((ch = vi_cli_getopt(argc, argv, "f:ho:sV", longopts, usage,
	    help)) != -1) {
		switch (ch) {
		case 'f':
			fmt = (enum vi_pr_format)(vi_cli_choice(usage,
			    "--format", optarg, vi_pr_formats) + 1);
			break;
		case 'o':
			out = optarg;
			break;
		case 's':
			status_opt = 1;
			break;
		case O_ALLOW_EMPTY:
			allow_empty = 1;
			break;
		case O_CHANGED:
			only_changed = 1;
			mflags |= VI_PR_M_ROWS;
			break;
		case O_COUNTS:
			mflags |= VI_PR_M_COUNTS;
			break;
		case O_CSV:
			fmt = VI_PR_CSV;
			break;
		case O_JSON:
			fmt = VI_PR_JSON;
			break;
		case O_LABELLED:
			labelled = 1;
			break;
		case O_MATRIX:
			matrix = 1;
			break;
		case O_MERGE:
			merge = 1;
			break;
		case O_MISSING:
			only_missing = 1;
			break;
		case O_SUMMARY_TO:
			summary_to = optarg;
			break;
		case O_NAMES:
			names = optarg;
			break;
		case O_ROWS:
			mflags |= VI_PR_M_ROWS;
			break;
		case O_SUMMARY:
			summary = 1;
			break;
		case O_TSV:
			fmt = VI_PR_TSV;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	paths = argv;
	if (merge) {
		if (matrix || mflags != 0 || only_missing || only_changed ||
		    names != NULL || summary_to != NULL || allow_empty ||
		    labelled)
			vi_cli_usage_error(usage, "--merge-summaries takes only "
			    "-s, -f and -o");
		merge_summaries(argc, argv, fmt, out, status_opt);
	}
	if (summary && matrix)
		vi_cli_usage_error(usage, "--summary and --matrix exclude each "
		    "other");
	if (mflags != 0 || only_missing || only_changed) {
		if (summary)
			vi_cli_usage_error(usage, "--changed, --counts, "
			    "--missing and --rows are matrix options");
		matrix = 1;
	}
	if (mflags & VI_PR_M_ROWS)
		flags |= VI_PR_ROWS;
	if (labelled) {
		if (argc != 1)
			vi_cli_usage_error(usage, "--labelled reads one stream "
			    "(merge several with sort -m or vi-sort -m)");
		if (matrix && names == NULL)
			vi_cli_usage_error(usage, "--labelled --matrix needs "
			    "--names: the matrix names its inputs before the "
			    "first key");
		p = open_labelled(argv[0], names, flags, allow_empty, &lab);
		goto run;
	}
	/* The inputs are opened first so that one that cannot be opened is
	 * reported as such (66) however many there are. */
	fds = vi_xcalloc((size_t)argc + 1, sizeof *fds);
	for (i = 0; i < argc; i++)
		fds[i] = open_input(argv[i]);
	if (argc < 2)
		vi_cli_usage_error(usage, "at least two inputs are needed");
	if (argc > VI_PR_MAX_INPUTS)
		vi_cli_usage_error(usage, "at most %d inputs", VI_PR_MAX_INPUTS);
	for (i = 0; i < argc; i++)
		stdins += strcmp(argv[i], "-") == 0;
	if (stdins > 1)
		vi_cli_usage_error(usage, "at most one input can be '-'");

	ninputs = argc;
	readers = vi_xcalloc((size_t)argc, sizeof *readers);
	for (i = 0; i < argc; i++)
		if ((readers[i] = vi_ks_reader_open(fds[i],
		    fds[i] != STDIN_FILENO, argv[i], &e)) == NULL) {
			const char *path = argv[i];

			while (++i < argc)
				if (fds[i] != STDIN_FILENO)
					close(fds[i]);
			free(fds);
			fail(path, &e);
		}
	free(fds);
	for (i = 0; i < argc; i++)
		if (check_data(readers[i], argv[i], allow_empty, &e) < 0)
			fail(argv[i], &e);
	labels = make_labels(names, argc, argv, readers);
	lab = labels;
	p = pr = vi_pr_open(readers, (size_t)argc, flags, &e);
	if (p == NULL) {
		free(readers);          /* vi_pr_open closed them */
		readers = NULL;
		fail(e.file, &e);
	}
run:
	if (only_changed && !vi_pr_has_hash(p)) {
		vi_error_set(&e, VI_EX_DATAERR, 0, 0, 0, "needs row hashes, "
		    "and an input has none (made with vi-keys --no-hash?)");
		fail("--changed", &e);
	}

	vi_cli_output(out);
	if (matrix && (m = vi_pr_matrix_open(stdout, fmt, mflags, p, lab,
	    &e)) == NULL)
		vi_cli_write_failed(e.errnum);
	rc = vi_pr_run(p, m, (only_missing ? VI_PR_ONLY_MISSING : 0) |
	    (only_changed ? VI_PR_ONLY_CHANGED : 0), &e);
	if (rc < 0 && e.side == VI_ERR_OUTPUT)
		vi_cli_output_failed(&e);
	if (rc < 0)
		fail(e.file, &e);
	if (m != NULL && vi_pr_matrix_close(m, &e) < 0)
		vi_cli_write_failed(e.errnum);
	/* A labelled stream's inputs are files named by their labels. */
	if (labelled)
		lab = paths = vi_pr_labels(p);
	if (summary_to != NULL) {
		sf = vi_cli_output_file(summary_to);
		if (vi_pr_write_summary(sf, VI_PR_JSON, p, lab, paths,
		    &e) < 0 || fclose(sf) == EOF) {
			if (e.status == 0)
				vi_error_set(&e, VI_EX_IOERR, errno, 0, 0,
				    "write error");
			vi_error_at(&e, VI_ERR_OUTPUT, summary_to);
			vi_cli_error(summary_to, &e);
		}
	}
	if (!matrix && vi_pr_write_summary(stdout, fmt, p, lab, paths,
	    &e) < 0)
		vi_cli_output_failed(&e);
	rc = status_opt && vi_pr_stats(p)->differ > 0 ? VI_EX_NO : VI_EX_OK;
	cleanup();
	vi_cli_exit(rc);
}
