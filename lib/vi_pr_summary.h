/*
 * vi_pr_summary.h - vi-presence summaries read back and added up: the
 * per-shard summaries of one comparison (vi-presence --summary --json over
 * the keys of one hash shard, vi-keys --shard K/N) give the summary of the
 * whole (vi-presence --merge-summaries).
 *
 * Contract.  Hash shards partition the keys, so every key-level count adds
 * up exactly: keys, in_all, changed, differ, each subset's keys (matched by
 * its set of files), and per input records, keys, duplicate_keys, unique.
 * The summaries must name the same files in the same order; key_fields must
 * agree between the summaries that hold keys (an empty shard says 0, which
 * fits any); an input's has_hash must agree between the summaries where it
 * has records.  "changed" and "differ" are null in the result when they are
 * in any summary that holds keys (some input had no row hashes), as they are
 * in one run.  An input's "path" is kept when every summary gives the same
 * one, else it is null (the shards were files of their own).  Anything else
 * is refused (65, e->file naming the summary): text that is not JSON (with
 * its line and byte), cut short, or not of the summary's shape; a summary
 * whose subsets do not add up to its keys.
 *
 * vi_pr_sum_read() reads files into the sum one by one; vi_pr_sum_view()
 * then gives the result to vi_pr_write_summary_view() (vi_presence_out.h),
 * borrowed from the sum until vi_pr_sum_free().  Nothing prints or exits.
 */
#ifndef VI_PR_SUMMARY_H
#define VI_PR_SUMMARY_H

#include "vi_err.h"
#include "vi_presence_out.h"

struct vi_pr_sum;

struct vi_pr_sum *vi_pr_sum_new(void);
/* Add the summary in path ("-": the standard input).  0, or -1 with e set
 * (66 cannot open, 74 read error, 65 malformed or not addable). */
int vi_pr_sum_read(struct vi_pr_sum *s, const char *path,
    struct vi_error *e);
/* The sum so far (at least one summary read). */
void vi_pr_sum_view(struct vi_pr_sum *s, struct vi_pr_summary_view *v);
/* What -s tests: keys not in every input, or changed. */
uint64_t vi_pr_sum_differ(const struct vi_pr_sum *s);
void vi_pr_sum_free(struct vi_pr_sum *s);

#endif
