/*
 * vi-upset - draw a vi-presence summary as an UpSet plot (standalone SVG).
 *
 * Options and wiring only; the model is lib/vi_upset.c, the drawing
 * lib/vi_upset_svg.c (see man/vi-upset.1).
 */
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include "vi_cli.h"
#include "vi_input.h"
#include "vi_out.h"
#include "vi_upset.h"

#define USAGE \
    "usage: vi-upset [--max-bars n] [--title text] [-o file] [summary.json]\n"

static const char usage[] = USAGE;

static const char help[] = USAGE
    "Draw a vi-presence --summary --json document (a file, or the standard\n"
    "input) as an UpSet plot: one bar per subset of files, largest first,\n"
    "the files of each subset as dots, per-file key totals.  Standalone SVG\n"
    "on the standard output.\n"
    "  --max-bars N    at most N subset bars (default 40); the rest are\n"
    "                  summed in a note\n"
    "  --title TEXT    the title (default: \"Keys shared by N files\")\n"
    "  -o, --output FILE  write to FILE, replaced only when the run succeeds\n"
    "  -h, --help      this help;  -V, --version  the version\n"
    "Exit status: 0 drawn, 64 usage, 65 not a summary, 66 no input, 74 I/O\n"
    "error.\n";

enum { O_MAX_BARS = 256, O_TITLE };

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "max-bars", required_argument, NULL, O_MAX_BARS },
	{ "output", required_argument, NULL, 'o' },
	{ "title", required_argument, NULL, O_TITLE },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char **argv)
{
	struct vi_error e = { 0 };
	struct vi_upset_opts opt = { 40, NULL };
	struct vi_upset u;
	struct vi_out o = VI_OUT_INIT(stdout);
	const char *in = "-", *out = NULL;
	int ch, fd;

	vi_cli_init(argv[0]);
	while ((ch = vi_cli_getopt(argc, argv, "ho:V", longopts, usage,
	    help)) != -1) {
		switch (ch) {
		case 'o':
			out = optarg;
			break;
		case O_MAX_BARS:
			opt.max_bars = (size_t)vi_cli_parse_count(usage,
			    "--max-bars", optarg);
			if (opt.max_bars == 0)
				vi_cli_usage_error(usage, "--max-bars: at "
				    "least 1");
			break;
		case O_TITLE:
			opt.title = optarg;
			break;
		}
	}
	if (argc - optind > 1)
		vi_cli_usage_error(usage, "one summary at most");
	if (argc - optind == 1)
		in = argv[optind];
	if ((fd = vi_input_open(in, &e)) < 0)
		vi_cli_fail(in, &e);
	if (vi_upset_read(fd, &u, &e) < 0)
		vi_cli_fail(in, &e);
	if (fd != STDIN_FILENO)
		close(fd);
	vi_cli_output(out);
	vi_upset_svg(&u, &opt, &o);
	vi_upset_free(&u);
	if (vi_out_close(&o, &e) < 0)
		vi_cli_output_failed(&e);
	vi_cli_exit(0);
}
