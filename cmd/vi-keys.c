/*
 * vi-keys - read a CSV file and write its key stream: the key columns, a
 * hash of the rest of the row and the row number of every record (see
 * man/vi-keys.1; the stream formats are man/vi-keys.5).
 *
 * Options and wiring only; the job is lib/vi_keys.c, the key and hash
 * lib/vi_rowkey.c, the column lists lib/vi_colspec.c.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_cli.h"
#include "vi_colspec.h"
#include "vi_csv.h"
#include "vi_dialect_opt.h"
#include "vi_keys.h"
#include "vi_rowkey.h"
#include "vi_sort.h"
#include "vi_tmp.h"

#define USAGE \
    "usage: vi-keys [-biHs] [-k cols] [-d delim] [--hash-cols cols | --no-hash]\n" \
    "               [-f format] [-j jobs] [-o file] [-S size] [-T dir]\n" \
    "               [--block-size size]\n" \
    "               [--label label] [--lenient] [--part k/n] [--quote char]\n" \
    "               [--shard k/n] [--encoding name] [--progress] [--trim] [file]\n"

static const char usage[] = USAGE;

static const char help[] = USAGE
    "Write the key stream of a CSV file: for every record its key columns,\n"
    "a hash of the rest of the row and its row number (see vi-keys(1)).\n"
    "  -b, --binary        the same as --format binary\n"
    "  -d, --delimiter C   field delimiter (default ','; '\\t' or tab for TAB)\n"
    "      --encoding E    the input's encoding, any name iconv knows\n"
    "                      (latin1, cp1252, utf-16...; default UTF-8)\n"
    "  -H, --no-header     the first record is data; columns by number only\n"
    "  -f, --format F      text (default) or binary (see vi-keys(5))\n"
    "  -i, --fold-case     fold ASCII A-Z to a-z in key fields\n"
    "  -j, --jobs N        threads for a regular file (default: 1)\n"
    "  -k, --key COLS      key columns in order: names, 1-based numbers,\n"
    "                      ranges (2-4), exclusions (!note) (default: 1)\n"
    "  -o, --output FILE   write to FILE, replaced only when the run succeeds\n"
    "  -s, --sort          write the stream sorted, as vi-sort would (all of\n"
    "                      it at the end; nothing if the run fails)\n"
    "  -S, --buffer-size S memory for --sort (default 256M; with K, M, G)\n"
    "  -T, --temporary-directory DIR  run files of --sort (default $TMPDIR\n"
    "                      or /tmp)\n"
    "      --block-size S  parallel scan block size (default 16M)\n"
    "      --hash-cols COLS  columns the row hash covers (default: all\n"
    "                      columns that are not key columns)\n"
    "      --no-hash       no row hash\n"
    "      --label L       attach the source label L to every record\n"
    "      --lenient       reject malformed records, count them, go on\n"
    "      --part K/N      only the records that start in the K-th of N\n"
    "                      equal byte ranges of a regular file\n"
    "      --progress      show progress on stderr even if not a terminal\n"
    "      --quote C       quote character (default '\"')\n"
    "      --shard K/N     only keys in shard K of N (1 <= K <= N)\n"
    "      --trim          strip ASCII spaces and tabs around key fields\n"
    "  -h, --help          this help\n"
    "  -V, --version       version\n"
    "Exit status: 0 ok, 64 usage, 65 malformed input, 66 no input, "
    "74 I/O error.\n";

enum { OPT_BLOCK = 256, OPT_HASHCOLS, OPT_LABEL, OPT_NOHASH, OPT_PART,
	OPT_SHARD, OPT_TRIM };

static const struct option longopts[] = {
	{ "binary", no_argument, NULL, 'b' },
	{ "block-size", required_argument, NULL, OPT_BLOCK },
	{ "fold-case", no_argument, NULL, 'i' },
	{ "format", required_argument, NULL, 'f' },
	{ "hash-cols", required_argument, NULL, OPT_HASHCOLS },
	{ "help", no_argument, NULL, 'h' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "key", required_argument, NULL, 'k' },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "no-hash", no_argument, NULL, OPT_NOHASH },
	{ "output", required_argument, NULL, 'o' },
	{ "part", required_argument, NULL, OPT_PART },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "sort", no_argument, NULL, 's' },
	{ "buffer-size", required_argument, NULL, 'S' },
	{ "temporary-directory", required_argument, NULL, 'T' },
	{ "trim", no_argument, NULL, OPT_TRIM },
	{ "version", no_argument, NULL, 'V' },
	VI_DIALECT_LONGOPTS,
	VI_CLI_PROGRESS_LONGOPT,
	VI_DIALECT_LENIENT_LONGOPT,
	{ NULL, 0, NULL, 0 }
};

/* Parse a column list for option opt, or exit 64. */
static void
colspec(struct vi_colspec *cs, const char *opt, const char *arg)
{
	struct vi_error e = { 0 };

	if (vi_colspec_parse(cs, opt, arg, &e) < 0)
		vi_cli_usage_error(usage, "%s", e.msg);
}

int
main(int argc, char **argv)
{
	struct vi_dialect d;
	struct vi_error e = { 0 };
	struct vi_colspec key = { 0 }, hash = { 0 };
	struct vi_keys_opts o = { 0 };
	const char *path, *keyarg = "1", *hasharg = NULL, *out = NULL;
	struct vi_csv *c;
	struct vi_csv_info info = { 0 };
	struct vi_sort_opts so = { 256u << 20, NULL, 1, 0 };
	int ch, sort = 0, sortopt = 0;

	vi_cli_init(argv[0]);
	vi_tmp_init();
	vi_dialect_default(&d);
	o.enc = VI_KS_TEXT;
	o.jobs = 1;     /* threads cost more CPU than they save in a pipeline */
	while ((ch = vi_cli_getopt(argc, argv, "bd:f:Hhij:k:o:sS:T:V", longopts,
	    usage, help)) != -1) {
		if (vi_dialect_option(&d, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'b':
			o.enc = VI_KS_BINARY;
			break;
		case 'f':
			o.enc = (enum vi_ks_encoding)(vi_cli_choice(usage,
			    "--format", optarg, vi_ks_encodings) + 1);
			break;
		case 'i':
			o.norm |= VI_RK_FOLD;
			break;
		case 'j':
			o.jobs = vi_scan_jobs_option(optarg, usage);
			break;
		case 'k':
			keyarg = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 's':
			sort = 1;
			break;
		case 'S':
			so.mem = vi_cli_sort_budget(usage, optarg,
			    VI_SORT_MIN_MEM);
			sortopt = 1;
			break;
		case 'T':
			so.tmpdir = optarg;
			sortopt = 1;
			break;
		case OPT_BLOCK:
			o.block = vi_scan_block_option(optarg, usage);
			break;
		case OPT_HASHCOLS:
			hasharg = optarg;
			break;
		case OPT_LABEL:
			if (optarg[0] == '\0')
				vi_cli_usage_error(usage,
				    "--label: the label is empty");
			o.label = optarg;
			break;
		case OPT_NOHASH:
			o.no_hash = 1;
			break;
		case OPT_PART:
			vi_scan_part_option(optarg, usage, &o.part_k,
			    &o.part_n);
			break;
		case OPT_SHARD:
			if (vi_shard_parse(optarg, &o.shard_k, &o.shard_n,
			    &e) < 0)
				vi_cli_usage_error(usage, "--shard: %s", e.msg);
			break;
		case OPT_TRIM:
			o.norm |= VI_RK_TRIM;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	path = vi_cli_one_input(argc, argv, usage);
	if (o.part_n != 0 && strcmp(path, "-") == 0)
		vi_cli_usage_error(usage, "--part needs a regular file, not "
		    "the standard input");
	vi_dialect_check(&d, usage);
	if (sortopt && !sort)
		vi_cli_usage_error(usage, "-S and -T go with --sort");
	if (sort) {
		so.threads = o.jobs;
		o.sort = &so;
	}
	if (hasharg != NULL && o.no_hash)
		vi_cli_usage_error(usage, "--hash-cols and --no-hash exclude "
		    "each other");
	colspec(&key, "-k", keyarg);
	o.key = &key;
	if (hasharg != NULL) {
		colspec(&hash, "--hash-cols", hasharg);
		o.hash = &hash;
	}
	/* Without a header, names cannot match: say so before reading. */
	if (!d.header && (vi_colspec_resolve(&key, NULL, 0, SIZE_MAX, &e) < 0 ||
	    (o.hash && vi_colspec_resolve(&hash, NULL, 0, SIZE_MAX, &e) < 0)))
		vi_cli_usage_error(usage, "%s", e.msg);
	o.source = path;
	o.d = &d;
	o.info = &info;

	if ((c = vi_csv_open(path, &d, &e)) == NULL)
		vi_cli_fail(path, &e);
	vi_cli_output(out);
	if (vi_keys_run(c, &o, STDOUT_FILENO, &e) < 0)
		vi_cli_error(path, &e);  /* a column not in the header: 64 */
	vi_dialect_report_rejects(path, &info);
	vi_dialect_report_utf8(path, &info);
	vi_csv_close(c);
	vi_colspec_free(&key);
	vi_colspec_free(&hash);
	vi_cli_exit(VI_EX_OK);
}
