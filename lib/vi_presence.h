/*
 * vi_presence.h - the N-way merge behind vi-presence: which keys are in which
 * of N sorted key streams, how often, and whether their rows agree.
 *
 * Contract.  The caller opens N >= 2 key stream readers (vi_keystream.h) and
 * hands them to vi_pr_open(), which takes ownership of them (they are closed
 * by vi_pr_close(), also on error).  Each stream must be in the key stream
 * sort order (bytewise line order, what vi-sort and `LC_ALL=C sort` produce);
 * the engine checks this record by record and stops with a data error (65)
 * naming the stream and the record instead of giving a wrong answer.  Text
 * and binary streams can be mixed: they share one order.
 *
 * vi_pr_next() merges the streams in one pass and returns one group per
 * distinct key, in key order.  Keys are compared by their encoded bytes
 * (vi_ks_keycmp), never by hash, so two different keys are never merged.
 * Memory is O(N) plus the longest key, plus, for a key that is repeated
 * within one stream, its row numbers when VI_PR_ROWS is asked for; nothing
 * is allocated per record once buffers have grown.
 *
 * A group (struct vi_pr_group) and everything it points to is borrowed from
 * the engine until the next vi_pr_next() or vi_pr_close().  The running
 * totals (struct vi_pr_stats, the region table) are updated by vi_pr_next()
 * for every group and are complete once it has returned 0.
 *
 * The labelled mode (vi_pr_open_labelled) reads one stream instead, whose
 * records carry labels (vi-keys --label): each label names an input, and
 * the groups, totals and regions are those of N streams, one per label.
 * That stream must be sorted by key (keys never decrease: what
 * `LC_ALL=C sort`, `sort -m` of sorted streams or a MapReduce shuffle on
 * the key fields give); within one key its records may come in any order.
 * The inputs are the given names, in their order (a label not among them is
 * a data error), or else the labels seen, in bytewise order, known only at
 * the end: until vi_pr_next() has returned 0 a group's mask, counts and
 * in_all do not use the final numbering, so only the summary is meaningful.
 * Memory there also holds the row hashes of the current key (O(records of
 * one key)).
 *
 * Nothing here prints or exits.  Errors fill a struct vi_error and name the
 * stream (e->file, its reader's name).
 */
#ifndef VI_PRESENCE_H
#define VI_PRESENCE_H

#include <stddef.h>
#include <stdint.h>

#include "vi_err.h"
#include "vi_keystream.h"

/* More inputs than this would cost more than 1 MB of read buffer each. */
#define VI_PR_MAX_INPUTS 256

/* vi_pr_open() flags. */
#define VI_PR_ROWS 0x1u     /* collect each group's source row numbers */

struct vi_presence;

/* One distinct key and where it is. */
struct vi_pr_group {
	const char *key;          /* encoded key (fields joined by TAB) */
	size_t keylen;
	const uint64_t *mask;     /* bit i of word i/64: key is in stream i */
	const uint64_t *counts;   /* counts[i]: records with this key in i */
	size_t nin;               /* number of streams that have the key */
	int in_all;               /* nin == N */
	int changed;              /* in >= 2 streams, and the sets of
				   * distinct row hashes of its records
				   * differ between them (repeats are
				   * duplicates, not changes); -1 when unknown
				   * (no hashes).  Compared by fingerprint:
				   * see vi_presence.c. */
	/* With VI_PR_ROWS: rows[i][0..counts[i]) are the source row numbers
	 * of the key in stream i, in increasing order. */
	uint64_t *const *rows;
};

/* Per-stream totals. */
struct vi_pr_file_stats {
	uint64_t records;         /* records read */
	uint64_t keys;            /* distinct keys */
	uint64_t duplicate_keys;  /* distinct keys seen more than once */
	uint64_t unique;          /* keys in this stream only */
};

struct vi_pr_stats {
	size_t n;                 /* number of streams */
	uint64_t keys;            /* distinct keys over all streams */
	uint64_t in_all;          /* keys in every stream */
	uint64_t changed;         /* see struct vi_pr_group; valid only when
				   * has_hash */
	uint64_t differ;          /* keys not in all streams, or changed */
	int has_hash;             /* every record read had a row hash */
	struct vi_pr_file_stats *file;   /* n entries */
};

/* A Venn/UpSet region: the keys present in exactly the streams of mask. */
struct vi_pr_region {
	const uint64_t *mask;
	size_t nfiles;            /* bits set in mask */
	uint64_t keys;
};

/* Take ownership of readers[0..n) (the array itself is copied).  Reads the
 * first record of every stream and checks that the non-empty streams have
 * the same number of key fields.  NULL with e set on error (the readers are
 * closed; e->file names the failing stream). */
struct vi_presence *vi_pr_open(struct vi_ks_reader **readers, size_t n,
    unsigned flags, struct vi_error *e);

/* The labelled mode: take ownership of rd, whose labels name the inputs:
 * names[0..n) (copied; raw bytes, as --names gives them), or with names
 * NULL the labels seen (at most VI_PR_MAX_INPUTS), numbered in bytewise
 * order at the end.  NULL with e set on error (rd is closed). */
struct vi_presence *vi_pr_open_labelled(struct vi_ks_reader *rd,
    char *const *names, size_t n, unsigned flags, struct vi_error *e);

/* 1: the next group in *g; 0: all streams are done and the stats are final;
 * -1: error in e, e->file naming the stream (its reader's name). */
int vi_pr_next(struct vi_presence *p, struct vi_pr_group *g,
    struct vi_error *e);

/* Number of key fields (0 when every stream is empty). */
size_t vi_pr_nkeys(const struct vi_presence *p);
/* Whether every non-empty stream has row hashes; known after vi_pr_open(). */
int vi_pr_has_hash(const struct vi_presence *p);
/* Key column names from the first binary header that has non-empty names,
 * or NULL (text streams carry no names). */
char *const *vi_pr_key_names(const struct vi_presence *p);
/* Whether input i has row hashes (the binary header's flag, or the first
 * record's; in the labelled mode: it has records, and they have hashes). */
int vi_pr_file_hash(const struct vi_presence *p, size_t i);
/* The labelled mode's input names (raw, NUL-ended, in input order; final
 * once vi_pr_next() returned 0 when they are the labels seen), owned by the
 * engine; NULL in the N-stream mode. */
char *const *vi_pr_labels(const struct vi_presence *p);

const struct vi_pr_stats *vi_pr_stats(const struct vi_presence *p);

/* The regions with at least one key, sorted by number of streams, then by
 * the lowest stream index where two masks differ (so {a} {b} {c} {a,b}
 * {a,c} {b,c} {a,b,c} for three streams).  Call after vi_pr_next() returned
 * 0.  The array is owned by the engine; *count receives its length. */
const struct vi_pr_region *vi_pr_regions(struct vi_presence *p,
    size_t *count);

/* Sort n regions of masks words words wide in that order (nfiles set). */
void vi_pr_regions_sort(struct vi_pr_region *r, size_t n, size_t words);

void vi_pr_close(struct vi_presence *p);

#endif
