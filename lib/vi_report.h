/*
 * vi_report.h - vi-stats' report of one file: the reader's findings and the
 * per-column profile, as an aligned table, TSV, CSV or JSON.
 *
 * Contract
 * - vi_report_write() formats into a vi_out buffer (vi_out.h), written in
 *   checked pieces of about 1 MiB; on failure it returns -1 with e filled
 *   (status 74 and errno; the caller turns EPIPE into a quiet exit; 70 when
 *   the JSON cannot be built).  It never prints anything else and never
 *   exits.  It borrows info and p for the call.
 * - Output is byte-for-byte deterministic: no locale (the suite never calls
 *   setlocale, so printf's C locale applies), fixed number formats:
 *     integers and counts    plain decimal;
 *     number min/max         shortest %g form that reads back to the same
 *                            double (table, TSV, CSV);
 *     mean, stddev           table: %.6g; TSV and CSV: shortest round-trip;
 *     JSON reals             jansson with 17 significant digits (exact).
 * - Formats (see man/vi-stats.1, OUTPUT, for every field):
 *     table  a few summary lines (file, rows, encoding, rejects, nulls, and
 *            PARTIAL when limited), then one aligned row per column; long
 *            values are cut to VI_REPORT_CELL_MAX characters with "...",
 *            control characters are shown as \n, \t, \r, \xHH.  Files after
 *            the first are preceded by an empty line.
 *     tsv    a header row (first file only), then one row per column with
 *            the file-level facts file, partial and rows repeated on each
 *            row, so reports of several files concatenate; other
 *            file-level facts are in JSON only.  \, tab, LF and CR in
 *            values are written \\, \t, \n, \r.
 *     csv    the same columns, RFC 4180 quoting, LF line endings.
 *     json   one compact object per file, one per line, keys in a fixed
 *            order, written with jansson; invalid UTF-8 in names and values
 *            is replaced by U+FFFD.
 */
#ifndef VI_REPORT_H
#define VI_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "vi_csv.h"
#include "vi_err.h"
#include "vi_profile.h"

enum vi_report_format {
	VI_REPORT_TABLE,
	VI_REPORT_TSV,
	VI_REPORT_CSV,
	VI_REPORT_JSON
};

#define VI_REPORT_FORMAT_VERSION 2
#define VI_REPORT_CELL_MAX 40  /* table: characters shown of a value */

/* What the report shows of the profile's sketches (vi_profile_sketch()):
 * the top values of each column and the quantiles of its numbers.  The
 * table shows them in two sections after the columns, JSON in "top",
 * "top_error", "quantiles" and "quantile_rank_error" (null when off or not
 * kept); TSV and CSV not at all. */
#define VI_REPORT_QUANTILES_MAX 16
struct vi_report_opts {
	size_t top;                        /* values per column; 0: none */
	size_t nq;                         /* quantiles; 0: none */
	double q[VI_REPORT_QUANTILES_MAX]; /* fractions in [0, 1], ascending */
};

/* The defaults: VI_TOPK_DEFAULT values, quantiles 0.25, 0.5, 0.75. */
void vi_report_opts_default(struct vi_report_opts *o);

/* Parse --quantiles: "none", or up to VI_REPORT_QUANTILES_MAX fractions in
 * [0, 1], comma-separated, ascending without repeats.  0, or -1 with a
 * message in e. */
int vi_report_quantiles_parse(struct vi_report_opts *o, const char *s,
    struct vi_error *e);

/* The format names in enum order, NULL-ended (for vi_cli_choice). */
extern const char *const vi_report_formats[];

/* Write the report of one file.  file: its name as given ("-" for stdin);
 * limit: the record limit in effect (0 = whole file); partial: 1 when the
 * limit stopped the scan before the end; first: 1 for the first file of
 * this output (TSV/CSV header row; table separator); ro: what to show of
 * the sketches (NULL: nothing).  0, or -1 and e. */
int vi_report_write(FILE *out, enum vi_report_format fmt, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    uint64_t limit, int partial, int first, const struct vi_report_opts *ro,
    struct vi_error *e);

#endif
