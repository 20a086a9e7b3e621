/*
 * vi-sort - sort, merge or check key streams (see man/vi-sort.1).
 *
 * Options and wiring only; the sorting is lib/vi_sort.c, the formats are
 * lib/vi_keystream.c, the run files lib/vi_tmp.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_cli.h"
#include "vi_dialect_opt.h"
#include "vi_input.h"
#include "vi_keystream.h"
#include "vi_sort.h"
#include "vi_tmp.h"

#define USAGE \
    "usage: vi-sort [-cm] [-f format] [-j jobs] [-o file] [-S size] [-T dir]\n" \
    "               [--allow-empty] [file ...]\n"

static const char usage[] = USAGE;

static const char help[] = USAGE
    "Sort key streams (text or binary, see vi-keys(5)) in bytewise order,\n"
    "the order of LC_ALL=C sort, within a memory budget.\n"
    "  -c            check that each input is sorted; exit 1 if not\n"
    "  -f, --format F  write text or binary (default: the input's)\n"
    "  -j, --jobs N  sort with N threads, 1 to 64 (default: cores;\n"
    "                --parallel N is the same)\n"
    "  -m            merge inputs that are already sorted\n"
    "  -o file       write to file (may be an input), replaced only when\n"
    "                the run succeeds\n"
    "  -S size       memory budget, K/M/G suffix (default 256M)\n"
    "  -T dir        directory for run files (default $TMPDIR or /tmp)\n"
    "  --to-binary, --to-text  the same as -f binary, -f text\n"
    "  --allow-empty read an input of 0 bytes as a stream without records\n"
    "                (by default it is an error: a failed producer's trace)\n"
    "  -h, --help    show this help;  -V, --version  show the version\n";

/* Global, so that what is still open when a message ends the process is
 * reachable, not a leak. */
static struct vi_ks_reader **in;

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "allow-empty", no_argument, NULL, 'E' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "parallel", required_argument, NULL, 'j' },
		{ "to-binary", no_argument, NULL, 'B' },
		{ "to-text", no_argument, NULL, 'A' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct vi_sort_opts so = { 256u << 20, NULL, 1, 0 };
	struct vi_ks_writer *w;
	struct vi_ks_header h;
	struct vi_error e;
	enum vi_ks_encoding enc = 0, enc0 = VI_KS_TEXT;
	const char *out = NULL;
	int ch, check = 0, mergeonly = 0, allow_empty = 0, fd, rc, i;

	vi_cli_init(argv[0]);
	vi_tmp_init();
	vi_error_clear(&e);
	so.threads = vi_scan_default_jobs();
	while ((ch = vi_cli_getopt(argc, argv, "cf:hj:mo:S:T:V", longopts,
	    usage, help)) != -1) {
		switch (ch) {
		case 'A': enc = VI_KS_TEXT; break;
		case 'B': enc = VI_KS_BINARY; break;
		case 'c': check = 1; break;
		case 'E': allow_empty = 1; break;
		case 'f':
			enc = (enum vi_ks_encoding)(vi_cli_choice(usage,
			    "--format", optarg, vi_ks_encodings) + 1);
			break;
		case 'j':
			so.threads = vi_scan_jobs_option(optarg, usage);
			break;
		case 'm': mergeonly = 1; break;
		case 'o': out = optarg; break;
		case 'S':
			so.mem = vi_cli_sort_budget(usage, optarg,
			    VI_SORT_MIN_MEM);
			break;
		case 'T': so.tmpdir = optarg; break;
		}
	}
	argc -= optind;
	argv += optind;
	if (check && mergeonly)
		vi_cli_usage_error(usage, "-c and -m cannot be combined");
	if (argc == 0) {
		static char *dash[] = { "-", NULL };
		argc = 1;
		argv = dash;
	}
	in = vi_xcalloc((size_t)argc, sizeof *in);
	for (i = 0; i < argc; i++) {
		if ((fd = vi_input_open(argv[i], &e)) < 0)
			vi_cli_fail(argv[i], &e);
		if ((in[i] = vi_ks_reader_open(fd, fd != STDIN_FILENO, argv[i],
		    &e)) == NULL)
			vi_cli_fail(argv[i], &e);
		if (!allow_empty && vi_ks_reader_require_data(in[i], &e) < 0)
			vi_cli_fail(argv[i], &e);
		if (i == 0)
			enc0 = vi_ks_reader_encoding(in[0]);
		if (vi_ks_reader_encoding(in[i]) != enc0)
			vi_cli_die(VI_EX_DATAERR, "%s: text and binary key "
			    "streams cannot be mixed", argv[i]);
		if (check) {
			if ((rc = vi_sort_check(in[i], &e)) != 0)
				vi_cli_fail(argv[i], &e);
			vi_ks_reader_close(in[i]);
		}
	}
	if (check)
		vi_cli_exit(VI_EX_OK);

	if (enc == 0)
		enc = vi_ks_reader_encoding(in[0]);
	memset(&h, 0, sizeof h);
	if (vi_ks_reader_encoding(in[0]) == VI_KS_BINARY)
		h = *vi_ks_reader_header(in[0]);
	h.flags |= VI_KS_F_SORTED;
	/* Every input is open: -o may name one of them, and its temporary
	 * file is renamed over it only at a clean exit. */
	vi_cli_output(out);
	fd = STDOUT_FILENO;
	w = vi_ks_writer_open(fd, 0, out ? out : "stdout", enc, &h);
	rc = mergeonly ? vi_sort_merge(in, (size_t)argc, w, &so, &e) :
	    vi_sort(in, (size_t)argc, w, &so, &e);
	if (rc == 0 && vi_ks_writer_close(w, &e) < 0)
		rc = vi_error_at(&e, VI_ERR_OUTPUT, NULL);
	if (rc < 0)
		vi_cli_error("-", &e);
	for (i = 0; i < argc; i++)
		vi_ks_reader_close(in[i]);
	free(in);
	vi_cli_exit(VI_EX_OK);
}
