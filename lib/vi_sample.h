/*
 * vi_sample.h - a uniform random sample of k records from a stream whose
 * length is not known in advance: reservoir sampling, Algorithm R (Vitter,
 * "Random sampling with a reservoir", 1985), with a seeded generator
 * (SplitMix64) so that a seed gives the same sample on every machine.
 *
 * Contract
 * - vi_sample_offer() is called with every record in turn.  The first k
 *   are kept; the i-th after them (i > k, counting every record offered)
 *   replaces the slot j drawn uniformly from 0..i-1 when j < k, so it is
 *   kept with probability k/i.  After n records every set of min(k, n) of
 *   them is equally likely: the draws are exact (rejection sampling, no
 *   modulo bias), the only departure from uniform is the generator's own.
 * - Kept records are copied: their fields belong to the sampler until
 *   vi_sample_free().  Memory: the kept records, grown as they come (a
 *   large k costs nothing until that many records were offered).
 * - vi_sample_get() gives the kept records in the order they were offered
 *   (the first call sorts them: offer nothing after it), with the record
 *   number each had.
 * - Never prints, never exits (but vi_alloc when out of memory).
 */
#ifndef VI_SAMPLE_H
#define VI_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "vi_csv.h"

struct vi_sample;

struct vi_sample *vi_sample_new(uint64_t k, uint64_t seed);
void vi_sample_offer(struct vi_sample *s, const struct vi_record *r);
/* How many records are kept: min(k, records offered). */
size_t vi_sample_count(const struct vi_sample *s);
/* The i-th kept record in input order: its fields, their count, and its
 * record number (r->number when offered). */
const struct vi_field *vi_sample_get(struct vi_sample *s, size_t i,
    size_t *nfields, uint64_t *number);
void vi_sample_free(struct vi_sample *s);

/* The generator, for tests: SplitMix64's next value from *state. */
uint64_t vi_sample_splitmix64(uint64_t *state);
/* A uniform draw from 0..n-1 (n >= 1), exact. */
uint64_t vi_sample_below(uint64_t *state, uint64_t n);

#endif
