/*
 * vi-head - a CSV-aware look at the first records of a file (an aligned
 * table, or CSV, TSV, JSON lines), or at a uniform random sample of them.
 *
 * Options and wiring only; the job is lib/vi_head.c, the output
 * lib/vi_preview.c, the sample lib/vi_sample.c.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vi_cli.h"
#include "vi_csv.h"
#include "vi_dialect_opt.h"
#include "vi_head.h"

#define USAGE \
    "usage: vi-head [-HN] [-d delim] [-f format] [-n count] [-o file] [-w width]\n" \
    "               [--sample count] [--seed seed] [--lenient] [--quote char]\n" \
    "               [--encoding name] [--progress] [file]\n"

static const char usage[] = USAGE;

static const char help[] = USAGE
    "\nShow the first records of a CSV file, or a random sample of them.\n\n"
    "  -d, --delimiter C   field delimiter (default ','; '\\t' or tab for TAB)\n"
    "      --encoding E    the input's encoding, any name iconv knows\n"
    "                      (latin1, cp1252, utf-16...; default UTF-8)\n"
    "  -f, --format F      table (default), csv, tsv or json\n"
    "  -H, --no-header     the first record is data\n"
    "  -n, --records N     the first N records (default 10); reading stops\n"
    "                      there\n"
    "  -N, --numbers       a first column \"#\" with the record numbers\n"
    "  -o, --output FILE   write to FILE, replaced only when the run succeeds\n"
    "  -w, --width W       table: cut cells wider than W columns (default 32;\n"
    "                      0 never)\n"
    "      --lenient       reject malformed records, count them, go on\n"
    "      --progress      show progress on stderr even if not a terminal\n"
    "      --quote C       quote character (default '\"')\n"
    "      --sample N      a uniform random sample of N records of the whole\n"
    "                      input (reservoir sampling), in input order\n"
    "      --seed S        the sample's seed (default 0: the same sample\n"
    "                      every run)\n"
    "  -h, --help          this help\n"
    "  -V, --version       version\n\n"
    "Exit status: 0 ok, 64 usage, 65 malformed input, 66 no input, "
    "74 I/O error.\n";

enum { OPT_SAMPLE = 256, OPT_SEED };

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "numbers", no_argument, NULL, 'N' },
	{ "output", required_argument, NULL, 'o' },
	{ "records", required_argument, NULL, 'n' },
	{ "sample", required_argument, NULL, OPT_SAMPLE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "version", no_argument, NULL, 'V' },
	{ "width", required_argument, NULL, 'w' },
	VI_DIALECT_LONGOPTS,
	VI_CLI_PROGRESS_LONGOPT,
	VI_DIALECT_LENIENT_LONGOPT,
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct vi_dialect d;
	struct vi_error e = { 0 };
	struct vi_head_opts o = { 0 };
	const char *path, *out = NULL;
	struct vi_csv *c;
	int ch, first = 0, seeded = 0;
	unsigned long long w;

	vi_cli_init(argv[0]);
	vi_dialect_default(&d);
	o.count = 10;
	o.out.format = VI_PV_TABLE;
	o.out.width = 32;
	while ((ch = vi_cli_getopt(argc, argv, "d:f:HhNn:o:Vw:", longopts,
	    usage, help)) != -1) {
		if (vi_dialect_option(&d, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'f':
			o.out.format = (enum vi_preview_format)vi_cli_choice(
			    usage, "--format", optarg, vi_preview_formats);
			break;
		case 'N':
			o.out.numbers = 1;
			break;
		case 'n':
			o.count = vi_cli_parse_count(usage, "-n", optarg);
			first = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'w':
			w = vi_cli_parse_count(usage, "--width", optarg);
			if (w > 1000000)
				vi_cli_usage_error(usage, "--width: more than "
				    "1000000: %s", optarg);
			o.out.width = (size_t)w;
			break;
		case OPT_SAMPLE:
			o.count = vi_cli_parse_count(usage, "--sample", optarg);
			o.sample = 1;
			break;
		case OPT_SEED:
			o.seed = vi_cli_parse_count(usage, "--seed", optarg);
			seeded = 1;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	path = vi_cli_one_input(argc, argv, usage);
	if (first && o.sample)
		vi_cli_usage_error(usage, "-n and --sample exclude each other");
	if (seeded && !o.sample)
		vi_cli_usage_error(usage, "--seed needs --sample");
	vi_dialect_check(&d, usage);

	if ((c = vi_csv_open(path, &d, &e)) == NULL)
		vi_cli_fail(path, &e);
	vi_cli_output(out);
	if (vi_head_run(c, &o, stdout, &e) < 0)
		vi_cli_error(path, &e);
	vi_dialect_report_rejects(path, vi_csv_info(c));
	vi_dialect_report_utf8(path, vi_csv_info(c));
	vi_csv_close(c);
	vi_cli_exit(VI_EX_OK);
}
