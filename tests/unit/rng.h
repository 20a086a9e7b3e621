/*
 * rng.h - the C unit tests' pseudo-random numbers: Marsaglia's xorshift64
 * (13, 7, 17) from a fixed seed, so that every run draws the same cases.
 * A test may define RNG_SEED before including this file.
 */
#ifndef RNG_H
#define RNG_H
#include <stdint.h>

#ifndef RNG_SEED
#define RNG_SEED 0x9e3779b97f4a7c15u
#endif

static uint64_t rng = RNG_SEED;

static inline uint64_t
rnd64(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A number below m (m > 0). */
static inline unsigned
rnd(unsigned m)
{
	return (unsigned)(rnd64() % m);
}
#endif
