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
#include "vi_keystream.h"
#include "vi_size.h"
#include "vi_sort.h"
#include "vi_tmp.h"

static const char usage[] =
    "usage: vi-sort [-cm] [-o file] [-S size] [-T dir] [--parallel n]\n"
    "               [--to-binary | --to-text] [file ...]\n";

static const char help[] =
    "usage: vi-sort [-cm] [-o file] [-S size] [-T dir] [--parallel n]\n"
    "               [--to-binary | --to-text] [file ...]\n"
    "Sort key streams (text or binary, see vi-keys(5)) in bytewise order,\n"
    "the order of LC_ALL=C sort, within a memory budget.\n"
    "  -c            check that each input is sorted; exit 1 if not\n"
    "  -m            merge inputs that are already sorted\n"
    "  -o file       write to file (may be an input) instead of stdout\n"
    "  -S size       memory budget, K/M/G suffix (default 256M)\n"
    "  -T dir        directory for run files (default $TMPDIR or /tmp)\n"
    "  --parallel n  sort with n threads (default: number of cores)\n"
    "  --to-binary   write the binary encoding whatever the input's\n"
    "  --to-text     write the text encoding whatever the input's\n"
    "  -h, --help    show this help;  --version  show the version\n";

/* Global, so that what is still open when a message ends the process is
 * reachable, not a leak. */
static struct vi_ks_reader **in;

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "parallel", required_argument, NULL, 'P' },
		{ "to-binary", no_argument, NULL, 'B' },
		{ "to-text", no_argument, NULL, 'A' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct vi_sort_opts so = { 256u << 20, NULL, 1, 0 };
	struct vi_ks_writer *w;
	struct vi_ks_header h;
	struct vi_sort_where where;
	struct vi_error e;
	enum vi_ks_encoding enc = 0, first = 0;
	const char *out = NULL, *tmpout = NULL;
	char *dir;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int ch, check = 0, mergeonly = 0, fd, rc, i;
	mode_t mask;

	vi_cli_init(argv[0]);
	vi_tmp_init();
	vi_error_clear(&e);
	so.threads = cores < 1 ? 1 : cores > 64 ? 64 : (unsigned)cores;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":cho:mS:T:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'A': enc = VI_KS_TEXT; break;
		case 'B': enc = VI_KS_BINARY; break;
		case 'c': check = 1; break;
		case 'h': vi_cli_help(help);
		case 'm': mergeonly = 1; break;
		case 'o': out = optarg; break;
		case 'P':
			so.threads = (unsigned)vi_cli_parse_count(usage,
			    "--parallel", optarg);
			if (so.threads < 1 || so.threads > 64)
				vi_cli_usage_error(usage, "--parallel: must "
				    "be from 1 to 64: %s", optarg);
			break;
		case 'S':
			if (vi_size_parse(optarg, &so.mem) < 0)
				vi_cli_usage_error(usage, "-S: not a size: %s",
				    optarg);
			if (so.mem < VI_SORT_MIN_MEM)
				so.mem = VI_SORT_MIN_MEM;
			break;
		case 'T': so.tmpdir = optarg; break;
		case 'V': vi_cli_version();
		case ':': vi_cli_usage_error(usage, "option needs an "
		    "argument: %s", argv[optind - 1]);
		default: vi_cli_usage_error(usage, "unknown option: %s",
		    optopt ? (char[]){ '-', (char)optopt, '\0' } :
		    argv[optind - 1]);
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
		int std = strcmp(argv[i], "-") == 0;

		fd = std ? 0 : open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			vi_cli_die(VI_EX_NOINPUT, "%s: %s", argv[i],
			    strerror(errno));
		if ((in[i] = vi_ks_reader_open(fd, !std, argv[i], &e)) == NULL)
			vi_cli_fail(argv[i], &e);
		/* Kept here: under -c, in[0] is closed by now. */
		if (i == 0)
			first = vi_ks_reader_encoding(in[0]);
		if (vi_ks_reader_encoding(in[i]) != first)
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
	fd = 1;
	if (out != NULL) {
		/* Write next to the output, rename when complete: -o may
		 * name an input, and a failure leaves the old file alone. */
		dir = vi_xstrdup(out);
		if (strrchr(dir, '/') != NULL)
			strrchr(dir, '/')[strrchr(dir, '/') == dir] = '\0';
		else
			strcpy(dir, ".");
		if ((fd = vi_tmp_create(dir, ".vi-sort-out", &tmpout, &e)) < 0)
			vi_cli_fail(out, &e);
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
		free(dir);
	}
	w = vi_ks_writer_open(fd, out != NULL, out ? out : "stdout", enc, &h);
	rc = mergeonly ? vi_sort_merge(in, (size_t)argc, w, &so, &e, &where) :
	    vi_sort(in, (size_t)argc, w, &so, &e, &where);
	if (rc == 0 && vi_ks_writer_close(w, &e) < 0) {
		rc = -1;
		where.output = 1;
	}
	if (rc < 0) {
		if (where.output && e.errnum == EPIPE) {
			vi_tmp_cleanup();
			vi_cli_write_failed(EPIPE);
		}
		vi_cli_fail(where.output ? (out ? out : "stdout") : where.name,
		    &e);
	}
	/* stdout is known good before the output replaces anything. */
	if (out != NULL && vi_cli_close_stdout() < 0) {
		vi_tmp_cleanup();
		vi_cli_write_failed(errno);
	}
	if (out != NULL && vi_tmp_rename(tmpout, out, &e) < 0)
		vi_cli_fail(out, &e);
	for (i = 0; i < argc; i++)
		vi_ks_reader_close(in[i]);
	free(in);
	vi_cli_exit(VI_EX_OK);
}
