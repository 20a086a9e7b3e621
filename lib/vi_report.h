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

#define VI_REPORT_FORMAT_VERSION 1
#define VI_REPORT_CELL_MAX 40  /* table: characters shown of a value */

/* The format names in enum order, NULL-ended (for vi_cli_choice). */
extern const char *const vi_report_formats[];

/* Write the report of one file.  file: its name as given ("-" for stdin);
 * limit: the record limit in effect (0 = whole file); partial: 1 when the
 * limit stopped the scan before the end; first: 1 for the first file of
 * this output (TSV/CSV header row; table separator).  0, or -1 and e. */
int vi_report_write(FILE *out, enum vi_report_format fmt, const char *file,
    const struct vi_csv_info *info, const struct vi_profile *p,
    uint64_t limit, int partial, int first, struct vi_error *e);

#endif
