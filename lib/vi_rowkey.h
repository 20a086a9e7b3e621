/*
 * vi_rowkey.h - what vi-keys computes from one CSV record: the normalised
 * key fields, the row hash, and the shard of the key.
 *
 * The field encoding.  A list of fields f1..fm is encoded as the
 * concatenation, for each field in order, of its length in bytes as an
 * unsigned 64-bit little-endian integer followed by its bytes.  The encoding
 * is injective ("a","bc" and "ab","c" differ), independent of the CSV
 * dialect (quotes and delimiters are not part of it), and the same on every
 * machine.
 *
 * Row hash: XXH3_64bits (seed 0) of the encoding of the hashed columns'
 * fields, exactly as the CSV reader decoded them (key normalisation does not
 * apply), in the order of the hash column list.  With no hashed column the
 * encoding is empty and the hash is XXH3_64bits("", 0) = 2d06800538d394c2.
 *
 * Shard: XXH3_64bits (seed 0) of the encoding of the normalised key fields,
 * modulo N, plus 1: shards are numbered 1..N.
 *
 * Normalisation (key fields only): VI_RK_TRIM strips ASCII spaces and tabs
 * at both ends; VI_RK_FOLD maps A-Z to a-z and leaves every other byte.
 *
 * Ownership: a rowkey owns copies of the column lists and its buffers.  The
 * key fields returned by vi_rowkey_key() point into the record or into the
 * rowkey's buffer and are borrowed until the next call or vi_rowkey_free().
 * The record must have a field for every column named (the CSV reader
 * guarantees it once the columns are resolved against its column count).
 * No allocation per record once the buffers have grown to the longest one.
 */
#ifndef VI_ROWKEY_H
#define VI_ROWKEY_H

#include <stddef.h>
#include <stdint.h>

#include "vi_csv.h"
#include "vi_err.h"

#define VI_RK_TRIM 0x1u
#define VI_RK_FOLD 0x2u

struct vi_rowkey;

/* keycols (nkeys >= 1) and hashcols (nhash may be 0) are 0-based column
 * indexes; they are copied. */
struct vi_rowkey *vi_rowkey_new(const size_t *keycols, size_t nkeys,
    const size_t *hashcols, size_t nhash, unsigned flags);
void vi_rowkey_free(struct vi_rowkey *rk);

/* Normalise the key fields of r; *fields and *lens get nkeys entries. */
void vi_rowkey_key(struct vi_rowkey *rk, const struct vi_record *r,
    const char *const **fields, const size_t **lens);
/* The row hash of r. */
uint64_t vi_rowkey_rowhash(struct vi_rowkey *rk, const struct vi_record *r);
/* The hash of the key last returned by vi_rowkey_key(). */
uint64_t vi_rowkey_keyhash(struct vi_rowkey *rk);

/* XXH3_64bits of the field encoding of n fields (the function both hashes
 * above use); buf/cap is a caller-owned buffer, grown as needed. */
uint64_t vi_fields_hash(const char *const *fields, const size_t *lens,
    size_t n, unsigned char **buf, size_t *cap);

/* The default hash columns: every column of 0..ncols-1 that is not a key
 * column, in file order.  *out is allocated (may be empty); returns the
 * count. */
size_t vi_rowkey_rest(const size_t *keycols, size_t nkeys, size_t ncols,
    size_t **out);

/* Parse "K/N" (decimal, 1 <= K <= N).  0, or -1 with e set (64). */
int vi_shard_parse(const char *s, uint64_t *k, uint64_t *n,
    struct vi_error *e);
/* The 1-based shard of a key hash among n shards. */
static inline uint64_t
vi_shard_of(uint64_t keyhash, uint64_t n)
{
	return keyhash % n + 1;
}

#endif
