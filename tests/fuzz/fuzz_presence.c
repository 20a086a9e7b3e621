/*
 * fuzz_presence.c - vi-presence's merge (lib/vi_presence.h) over 2 to 4
 * fuzzed key streams, text or binary, sorted or not, well formed or not.
 *
 * Input: byte 0 chooses the number of streams and VI_PR_ROWS; then every
 * stream but the last is a 2-byte little-endian length and that many
 * bytes, the last one the rest.  Checked: keys come in strictly increasing
 * order; a group's mask, counts, nin and in_all agree; row numbers are
 * sorted; at the end the statistics and the regions add up to the groups
 * seen.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vi_alloc.h"
#include "vi_keystream.h"
#include "vi_presence.h"

#define MAXS 4

/* The index of the stream e names ("s0", "s1", ...), or -1. */
static long
stream_of(const struct vi_error *e, size_t n)
{
	char *end;
	long k;

	if (e->file[0] != 's' || e->file[1] == '\0')
		return -1;
	k = strtol(e->file + 1, &end, 10);
	return *end == '\0' && k >= 0 && (size_t)k < n ? k : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	uint8_t opt = fz_byte(&f);
	size_t n = 2 + opt % 3, i, k, len, nreg;
	unsigned flags = opt & 0x80 ? VI_PR_ROWS : 0;
	struct vi_ks_reader *rd[MAXS];
	struct vi_error e = { 0 };
	struct vi_presence *p;
	struct vi_pr_group g;
	const struct vi_pr_stats *st;
	const struct vi_pr_region *reg;
	uint64_t groups = 0, recs[MAXS] = { 0 }, keys[MAXS] = { 0 }, rk;
	char *prev = NULL;
	size_t prevlen = 0, nin;
	const uint8_t *s;
	int rc, fd;

	for (i = 0; i < n; i++) {
		if (i + 1 < n) {
			len = fz_byte(&f);
			len |= (size_t)fz_byte(&f) << 8;
		} else {
			len = f.n;
		}
		s = fz_take(&f, len, &len);
		fd = fz_file((int)i, s, len);
		char name[24];

		snprintf(name, sizeof name, "s%zu", i);
		if ((rd[i] = vi_ks_reader_open(fd, 0, name, &e)) == NULL) {
			while (i-- > 0)
				vi_ks_reader_close(rd[i]);
			return 0;
		}
	}
	if ((p = vi_pr_open(rd, n, flags, &e)) == NULL) {
		if (stream_of(&e, n) < 0)
			fz_fail("vi_pr_open failed on no stream: \"%s\"",
			    e.file);
		return 0;
	}
	(void)vi_pr_key_names(p);
	(void)vi_pr_has_hash(p);
	while ((rc = vi_pr_next(p, &g, &e)) > 0) {
		if (groups++ > 0 && vi_ks_linecmp(prev, prevlen, g.key,
		    g.keylen) >= 0)
			fz_fail("group %llu: its key is not after the last",
			    (unsigned long long)groups);
		free(prev);
		prev = vi_xmemdup(g.key, g.keylen);
		prevlen = g.keylen;
		for (i = 0, nin = 0; i < n; i++) {
			int in = (g.mask[0] >> i) & 1;

			if (in != (g.counts[i] > 0))
				fz_fail("group %llu: stream %zu: mask and "
				    "count disagree", (unsigned long long)groups,
				    i);
			nin += (size_t)in;
			recs[i] += g.counts[i];
			keys[i] += (uint64_t)in;
			if (g.rows != NULL && in)
				for (k = 1; k < g.counts[i]; k++)
					if (g.rows[i][k - 1] > g.rows[i][k])
						fz_fail("group %llu: rows not "
						    "sorted", (unsigned long long)
						    groups);
		}
		if (nin != g.nin || nin == 0 || g.in_all != (nin == n) ||
		    (g.changed != -1 && g.changed != 0 && g.changed != 1) ||
		    (nin < 2 && g.changed == 1))
			fz_fail("group %llu: nin %zu, counted %zu, in_all %d, "
			    "changed %d", (unsigned long long)groups, g.nin,
			    nin, g.in_all, g.changed);
	}
	free(prev);
	if (rc == 0) {
		st = vi_pr_stats(p);
		if (st->keys != groups || st->n != n)
			fz_fail("%llu keys counted, %llu groups",
			    (unsigned long long)st->keys,
			    (unsigned long long)groups);
		for (i = 0; i < n; i++)
			if (st->file[i].records != recs[i] ||
			    st->file[i].keys != keys[i] ||
			    st->file[i].unique > keys[i] ||
			    st->file[i].duplicate_keys > keys[i])
				fz_fail("stream %zu: statistics do not add up",
				    i);
		reg = vi_pr_regions(p, &nreg);
		for (i = 0, rk = 0; i < nreg; i++) {
			rk += reg[i].keys;
			if (reg[i].nfiles == 0 || reg[i].nfiles > n ||
			    (size_t)__builtin_popcountll(reg[i].mask[0]) !=
			    reg[i].nfiles || (i > 0 && reg[i].nfiles <
			    reg[i - 1].nfiles))
				fz_fail("region %zu is wrong", i);
		}
		if (rk != groups)
			fz_fail("regions hold %llu keys, %llu groups",
			    (unsigned long long)rk,
			    (unsigned long long)groups);
	} else if (stream_of(&e, n) < 0 || e.status != 65) {
		fz_fail("error %d on stream \"%s\"", e.status, e.file);
	}
	vi_pr_close(p);
	return 0;
}
