/*
 * csvloop.c - the bare libcsv parse loop: the ceiling for any tool built on
 * libcsv.
 *
 *	csvloop [-s] FILE
 *
 * Reads FILE in 1 MiB blocks with read(2), feeds them to csv_parse() with
 * callbacks that only count fields and records, calls csv_fini() and prints
 * "rows N fields M" (rows counts every record, the header included).
 *
 * Without -s libcsv runs with its default options.  With -s it runs with the
 * configuration the vi-* tools use: CSV_STRICT | CSV_STRICT_FINI, a space
 * function that returns 0 so that nothing is trimmed, default terminators.
 */
#include <csv.h>		/* libcsv */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK (1 << 20)

struct counts {
	uint64_t fields;
	uint64_t rows;
};

static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct counts *)data)->fields++;
}

static void
on_row(int c, void *data)
{
	(void)c;
	((struct counts *)data)->rows++;
}

/* Nothing is a space: libcsv must not trim unquoted fields. */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct csv_parser p;
	struct counts n = { 0, 0 };
	static char buf[BLOCK];
	ssize_t r;
	int fd, strict = 0;

	if (argc == 3 && strcmp(argv[1], "-s") == 0) {
		strict = 1;
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: csvloop [-s] file\n");
		return 64;
	}
	if ((fd = open(argv[1], O_RDONLY)) == -1) {
		fprintf(stderr, "csvloop: %s: %s\n", argv[1], strerror(errno));
		return 66;
	}
	if (csv_init(&p, strict ? CSV_STRICT | CSV_STRICT_FINI : 0) != 0) {
		fprintf(stderr, "csvloop: csv_init failed\n");
		return 70;
	}
	if (strict)
		csv_set_space_func(&p, no_space);

	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		if (csv_parse(&p, buf, (size_t)r, on_field, on_row, &n) !=
		    (size_t)r) {
			fprintf(stderr, "csvloop: %s: %s\n", argv[1],
			    csv_strerror(csv_error(&p)));
			return 65;
		}
	}
	if (r == -1) {
		fprintf(stderr, "csvloop: %s: %s\n", argv[1], strerror(errno));
		return 74;
	}
	if (csv_fini(&p, on_field, on_row, &n) != 0) {
		fprintf(stderr, "csvloop: %s: %s\n", argv[1],
		    csv_strerror(csv_error(&p)));
		return 65;
	}
	csv_free(&p);
	close(fd);
	printf("rows %" PRIu64 " fields %" PRIu64 "\n", n.rows, n.fields);
	return 0;
}
