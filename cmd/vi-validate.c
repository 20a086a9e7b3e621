/*
 * vi-validate - enforce a Table Schema on a CSV stream: the header and the
 * valid rows go to stdout byte for byte, invalid rows to --rejects, every
 * violation to stderr.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vi_cli.h"
#include "vi_csv.h"
#include "vi_dialect_opt.h"
#include "vi_err.h"
#include "vi_schema.h"
#include "vi_size.h"
#include "vi_validate.h"
#include "vi_validate_report.h"

#define USAGE \
    "usage: vi-validate --schema file [-H] [-d delim] [-f format] [-o file]\n" \
    "                   [--ignore-order] [--max-errors n] [--quote char]\n" \
    "                   [--rejects file] [--report file] [--unique-memory size]\n" \
    "                   [--encoding name] [--progress] [file]\n"

static const char usage[] = USAGE;

static const char help[] = USAGE
    "\nCheck a CSV file against a Table Schema; pass valid rows through.\n\n"
    "  -d, --delimiter C     field delimiter (default ','; '\\t' for TAB)\n"
    "      --encoding E      the input's encoding, any name iconv knows\n"
    "                        (latin1, cp1252, utf-16...; default UTF-8);\n"
    "                        rows are then written in UTF-8\n"
    "  -H, --no-header       no header: columns match fields by position\n"
    "      --ignore-order    columns match fields by name, in any order\n"
    "  -f, --format F        the report on stderr: text (default) or json\n"
    "      --json            the same as --format json\n"
    "  -o, --output FILE     write the valid rows to FILE, replaced only when\n"
    "                        the run succeeds (exit 0 or 1)\n"
    "      --max-errors N    report at most N violations (default 100)\n"
    "      --progress        show progress on stderr even if not a terminal\n"
    "      --quote C         quote character (default '\"')\n"
    "      --rejects FILE    write the header and the invalid rows to FILE\n"
    "      --report FILE     also write the JSON report to FILE\n"
    "      --schema FILE     the Table Schema (JSON, see vi-schema(5))\n"
    "      --unique-memory S memory for unique and primaryKey (default 1G)\n"
    "  -h, --help            this help\n"
    "  -V, --version         version\n\n"
    "Exit status: 0 all rows valid, 1 violations found, 64 usage or bad "
    "schema,\n65 unreadable input, 66 no input, 74 I/O error.\n";

enum { OPT_IGNORE_ORDER = 256, OPT_JSON, OPT_MAX_ERRORS,
	OPT_REJECTS, OPT_REPORT, OPT_SCHEMA, OPT_UNIQUE_MEM };

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "ignore-order", no_argument, NULL, OPT_IGNORE_ORDER },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
	{ "output", required_argument, NULL, 'o' },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "report", required_argument, NULL, OPT_REPORT },
	{ "schema", required_argument, NULL, OPT_SCHEMA },
	{ "unique-memory", required_argument, NULL, OPT_UNIQUE_MEM },
	{ "version", no_argument, NULL, 'V' },
	VI_DIALECT_LONGOPTS,
	VI_CLI_PROGRESS_LONGOPT,
	{ NULL, 0, NULL, 0 }
};

struct sink {
	const char *file;
	const struct vi_validate *v;
	uint64_t max, shown;
	int quiet;
};

/* Each violation, up to --max-errors, as "vi-validate: FILE:LINE: msg", or
 * "vi-validate: FILE:LINE:BYTE: msg" where the byte is known. */
static void
on_violation(void *arg, const struct vi_violation *x)
{
	struct sink *k = arg;
	char msg[1024];

	if (k->quiet || k->shown >= k->max)
		return;
	k->shown++;
	vi_validate_message(k->v, x, msg, sizeof msg);
	if (x->byte)
		fprintf(stderr, "%s: %s:%llu:%llu: %s\n", vi_cli_progname(),
		    k->file, (unsigned long long)x->line,
		    (unsigned long long)x->byte, msg);
	else
		fprintf(stderr, "%s: %s:%llu: %s\n", vi_cli_progname(),
		    k->file, (unsigned long long)x->line, msg);
}

/* The closing summary on stderr: one line per column and constraint. */
static void
summary(const struct vi_validate *v, const struct vi_schema *s,
    const struct sink *k)
{
	const struct vi_validate_stats *st = vi_validate_stats(v);
	const char *p = vi_cli_progname();
	uint64_t n, first;
	size_t f;
	int kd;

	if (st->violations > k->shown)
		fprintf(stderr, "%s: %s: %llu more violations not shown "
		    "(--max-errors %llu)\n", p, k->file,
		    (unsigned long long)(st->violations - k->shown),
		    (unsigned long long)k->max);
	fprintf(stderr, "%s: %s: %llu of %llu rows invalid, %llu "
	    "violations\n", p, k->file, (unsigned long long)st->invalid,
	    (unsigned long long)st->rows,
	    (unsigned long long)st->violations);
	for (f = 0; f <= s->nfields; f++)
		for (kd = 0; kd < VI_V_NKINDS; kd++) {
			n = vi_validate_count(v, f == s->nfields ? VI_V_ROW :
			    f, (enum vi_vkind)kd, &first);
			if (n == 0)
				continue;
			if (f < s->nfields)
				fprintf(stderr, "%s: %s: column \"%s\": %s: "
				    "%llu (first at line %llu)\n", p, k->file,
				    s->fields[f].name, vi_vkind_name(kd),
				    (unsigned long long)n,
				    (unsigned long long)first);
			else
				fprintf(stderr, "%s: %s: %s: %llu (first at "
				    "line %llu)\n", p, k->file,
				    vi_vkind_name(kd), (unsigned long long)n,
				    (unsigned long long)first);
		}
	if (st->not_copied)
		fprintf(stderr, "%s: %s: %llu malformed rows could not be "
		    "copied to the rejects (the input is not a regular file "
		    "read as it is: a pipe, a compressed file or --encoding)\n",
		    p, k->file, (unsigned long long)st->not_copied);
}

/* A file the run reads or writes, for the same-file check below.  An
 * output that does not exist yet is known by its directory and last
 * component, so that two names of one new file (r and ./r) are caught. */
struct ident {
	const char *name;     /* the message's FILE */
	const char *what;     /* how the message names it as the other one */
	struct stat st;       /* the file's, or its directory's if reg == 2 */
	const char *base;     /* the last component when reg == 2 */
	int reg;              /* 1 a regular file that exists, 2 a new one */
};

static void
ident_path(struct ident *x, const char *what, const char *path)
{
	char dir[4096];
	const char *slash;

	x->name = path;
	x->what = what;
	x->reg = 0;
	if (path == NULL)
		return;
	if (stat(path, &x->st) == 0) {
		x->reg = S_ISREG(x->st.st_mode);
		return;
	}
	if (errno != ENOENT)
		return;
	slash = strrchr(path, '/');
	x->base = slash ? slash + 1 : path;
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1,
	    slash ? path : ".");
	if (stat(dir, &x->st) == 0)
		x->reg = 2;
}

static void
ident_fd(struct ident *x, const char *name, const char *what, int fd)
{
	x->name = name;
	x->what = what;
	x->reg = fstat(fd, &x->st) == 0 && S_ISREG(x->st.st_mode);
}

static int
same(const struct ident *a, const struct ident *b)
{
	return a->reg && a->reg == b->reg && a->st.st_dev == b->st.st_dev &&
	    a->st.st_ino == b->st.st_ino &&
	    (a->reg == 1 || strcmp(a->base, b->base) == 0);
}

/* Before any output is opened (and so truncated): refuse an output that is
 * the CSV input (named or on stdin), the schema, or another output.  By
 * device and inode, regular files only (a terminal or /dev/null may well be
 * both).  stdout's file was opened by the shell: if it is the input, a '>'
 * has emptied it already, a '>>' would make the run read its own output. */
static void
check_outputs(int infd, const char *path, const char *schema,
    const char *rejects, const char *report)
{
	struct ident in[2], out[3];
	size_t i, j;

	ident_fd(&in[0], path, strcmp(path, "-") == 0 ?
	    "the input (standard input)" : "the input", infd);
	ident_path(&in[1], "the schema", schema);
	ident_path(&out[0], "the --rejects file", rejects);
	ident_path(&out[1], "the --report file", report);
	ident_fd(&out[2], "standard output", "standard output", 1);
	for (i = 0; i < 3; i++) {
		for (j = 0; j < 2; j++)
			if (same(&out[i], &in[j]))
				vi_cli_usage_error(usage, "%s: is also %s",
				    out[i].name, in[j].what);
		for (j = i + 1; j < 3; j++)
			if (same(&out[i], &out[j]))
				vi_cli_usage_error(usage, "%s: is also %s",
				    out[i].name, out[j].what);
	}
}

static void
close_out(FILE *f, const char *path)
{
	errno = 0;
	if (f != NULL && (fflush(f) == EOF || ferror(f) || fclose(f) == EOF))
		vi_cli_die(VI_EX_IOERR, "%s: write error: %s", path,
		    strerror(errno ? errno : EIO));
}

int
main(int argc, char **argv)
{
	struct vi_dialect d;
	struct vi_error e = { 0 };
	struct vi_validate_opts o;
	struct vi_schema *s;
	struct vi_validate *v;
	struct vi_csv *c;
	struct sink k = { NULL, NULL, 100, 0, 0 };
	const char *schema = NULL, *rejects = NULL, *report = NULL, *path,
	    *out = NULL;
	FILE *rf = NULL, *rep = NULL;
	uint64_t size;
	int ch, json = 0, header = 1, regular, fd;

	vi_cli_init(argv[0]);
	vi_dialect_default(&d);
	memset(&o, 0, sizeof o);
	o.unique_mem = (size_t)1 << 30;
	while ((ch = vi_cli_getopt(argc, argv, "Hd:f:ho:V", longopts, usage,
	    help)) != -1) {
		switch (ch) {
		case 'H':
			header = 0;
			break;
		case 'f':
			json = vi_cli_choice(usage, "--format", optarg,
			    (const char *const[]){ "text", "json", NULL });
			break;
		case 'o':
			out = optarg;
			break;
		case OPT_IGNORE_ORDER:
			o.ignore_order = 1;
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_MAX_ERRORS:
			k.max = vi_cli_parse_count(usage, "--max-errors",
			    optarg);
			break;
		case OPT_REJECTS:
			rejects = optarg;
			break;
		case OPT_REPORT:
			report = optarg;
			break;
		case OPT_SCHEMA:
			schema = optarg;
			break;
		case OPT_UNIQUE_MEM:
			if (vi_size_parse(optarg, &o.unique_mem) < 0)
				vi_cli_usage_error(usage, "--unique-memory: "
				    "not a size: %s", optarg);
			break;
		default:
			(void)vi_dialect_option(&d, ch, optarg, usage);
			break;
		}
	}
	argc -= optind;
	argv += optind;
	path = vi_cli_one_input(argc, argv, usage);
	vi_dialect_check(&d, usage);
	if (schema == NULL)     /* before any input is read */
		vi_cli_usage_error(usage, "--schema is required");
	d.header = 0;   /* the engine reads the header itself */
	d.lenient = 1;  /* malformed records become violations */
	c = vi_csv_open(path, &d, &e);
	if (c == NULL)
		vi_cli_fail(path, &e);
	s = vi_schema_load(schema, &e);
	if (s == NULL)
		vi_cli_fail(schema, &e);
	fd = vi_csv_fd(c, &regular, &size);
	check_outputs(fd, path, schema, rejects, report);
	/* Like -o, replaced only at a clean exit (status 0 or 1). */
	if (rejects)
		rf = vi_cli_output_file(rejects);
	if (report)
		rep = vi_cli_output_file(report);
	if (out != NULL && strcmp(out, "-") != 0) {
		/* -o replaces its file at the end: never one written here. */
		struct ident o_, r_;
		const char *other[2] = { rejects, report };

		ident_path(&o_, "the -o file", out);
		for (ch = 0; ch < 2; ch++) {
			ident_path(&r_, ch ? "the --report file" :
			    "the --rejects file", other[ch]);
			if (other[ch] != NULL && (strcmp(out, other[ch]) == 0 ||
			    same(&o_, &r_)))
				vi_cli_usage_error(usage, "%s: is also %s",
				    out, r_.what);
		}
	}
	vi_cli_output(out);
	k.file = path;
	k.quiet = json;
	o.header = header;
	o.out = stdout;
	o.rejects = rf;
	o.rejects_name = rejects;
	o.on_violation = on_violation;
	o.arg = &k;
	o.keep = (size_t)(k.max > 100000 ? 100000 : k.max);
	v = vi_validate_new(s, &o);
	k.v = v;
	if (vi_validate_run(v, c, &e) < 0)
		vi_cli_error(path, &e);
	close_out(rf, rejects);
	if (json && vi_validate_report_json(stderr, v, path, &e) < 0) {
		if (e.status == VI_EX_SOFTWARE)
			vi_cli_die(VI_EX_SOFTWARE, "%s", e.msg);
		vi_cli_die(VI_EX_IOERR, "write error: %s", strerror(e.errnum));
	}
	if (rep != NULL) {
		if (vi_validate_report_json(rep, v, path, &e) < 0) {
			if (e.status == VI_EX_SOFTWARE)
				vi_cli_die(VI_EX_SOFTWARE, "%s", e.msg);
			vi_cli_die(VI_EX_IOERR, "%s: write error: %s", report,
			    strerror(e.errnum));
		}
		close_out(rep, report);
	}
	if (!json && vi_validate_stats(v)->violations)
		summary(v, s, &k);
	ch = vi_validate_stats(v)->violations ? VI_EX_NO : VI_EX_OK;
	if (!json)     /* stderr holds the JSON report */
		vi_dialect_report_utf8(path, vi_csv_info(c));
	if (vi_validate_stats(v)->unique_capped_line)
		vi_cli_warn("%s: unique checks partial from line %llu: "
		    "--unique-memory reached", path, (unsigned long long)
		    vi_validate_stats(v)->unique_capped_line);
	vi_validate_free(v);
	vi_schema_free(s);
	vi_csv_close(c);
	vi_cli_exit(ch);
}
