/*
 * vi_split.c - delimiters of a quote-free line (see vi_split.h).
 *
 * The vector versions compare a block of 16 (SSE2) or 32 (AVX2) bytes with
 * the delimiter, the quote, LF and CR at once and turn each comparison into
 * a bit mask (as simdjson and simdcsv do): the delimiters are the set bits
 * of one mask, and the first set bit of the other ends the line (or the
 * fast path, at a quote).  The bytes after the last whole block go through
 * the byte loop, which is also the portable version.
 */
#include "vi_split.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__) && defined(__x86_64__)
#define VI_SPLIT_X86 1
#include <immintrin.h>
#endif

/* The byte loop from offset i on, k delimiters found so far, hi the high
 * bytes seen so far. */
static int
split_tail(const unsigned char *s, size_t n, size_t i, unsigned char delim,
    unsigned char quote, size_t *pos, size_t cap, size_t k, unsigned hi,
    size_t *nd, size_t *len, int *high)
{
	for (; i < n; i++) {
		unsigned char b = s[i];

		if (b == delim) {
			if (k == cap)
				return VI_SPLIT_FULL;
			pos[k++] = i;
		} else if (b == '\n' || b == '\r') {
			*nd = k;
			*len = i;
			*high = hi != 0;
			return VI_SPLIT_LINE;
		} else if (b == quote) {
			return VI_SPLIT_QUOTE;
		}
		hi |= b & 0x80;
	}
	return VI_SPLIT_MORE;
}

static int
split_scalar(const unsigned char *s, size_t n, unsigned char delim,
    unsigned char quote, size_t *pos, size_t cap, size_t *nd, size_t *len,
    int *high)
{
	return split_tail(s, n, 0, delim, quote, pos, cap, 0, 0, nd, len,
	    high);
}

#ifdef VI_SPLIT_X86
/* The set bits of m, as offsets from i. */
#define EMIT(m, i) do {                                         \
	while (m) {                                             \
		pos[k++] = (i) + (size_t)__builtin_ctz(m);      \
		m &= m - 1;                                     \
	}                                                       \
} while (0)

static int
split_sse2(const unsigned char *s, size_t n, unsigned char delim,
    unsigned char quote, size_t *pos, size_t cap, size_t *nd, size_t *len,
    int *high)
{
	const __m128i vd = _mm_set1_epi8((char)delim);
	const __m128i vq = _mm_set1_epi8((char)quote);
	const __m128i vl = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r');
	size_t i = 0, k = 0;
	unsigned hi = 0;

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		unsigned md = (unsigned)_mm_movemask_epi8(
		    _mm_cmpeq_epi8(v, vd));
		unsigned ms = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(v, vq),
		    _mm_cmpeq_epi8(v, vl)), _mm_cmpeq_epi8(v, vr)));
		unsigned mh = (unsigned)_mm_movemask_epi8(v);

		if (k + 16 > cap)
			return VI_SPLIT_FULL;
		if (ms != 0) {
			unsigned b = (unsigned)__builtin_ctz(ms);
			unsigned below = (1u << b) - 1;

			if (s[i + b] == quote)
				return VI_SPLIT_QUOTE;
			md &= below;
			EMIT(md, i);
			*nd = k;
			*len = i + b;
			*high = (hi | (mh & below)) != 0;
			return VI_SPLIT_LINE;
		}
		hi |= mh;
		EMIT(md, i);
	}
	return split_tail(s, n, i, delim, quote, pos, cap, k, hi, nd, len,
	    high);
}

__attribute__((target("avx2"))) static int
split_avx2(const unsigned char *s, size_t n, unsigned char delim,
    unsigned char quote, size_t *pos, size_t cap, size_t *nd, size_t *len,
    int *high)
{
	const __m256i vd = _mm256_set1_epi8((char)delim);
	const __m256i vq = _mm256_set1_epi8((char)quote);
	const __m256i vl = _mm256_set1_epi8('\n');
	const __m256i vr = _mm256_set1_epi8('\r');
	size_t i = 0, k = 0;
	uint32_t hi = 0;

	for (; i + 32 <= n; i += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(s + i));
		uint32_t md = (uint32_t)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(v, vd));
		uint32_t ms = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_or_si256(_mm256_cmpeq_epi8(v, vq),
		    _mm256_cmpeq_epi8(v, vl)), _mm256_cmpeq_epi8(v, vr)));
		uint32_t mh = (uint32_t)_mm256_movemask_epi8(v);

		if (k + 32 > cap)
			return VI_SPLIT_FULL;
		if (ms != 0) {
			unsigned b = (unsigned)__builtin_ctz(ms);
			uint32_t below = b == 31 ? UINT32_C(0x7fffffff) :
			    (UINT32_C(1) << b) - 1;

			if (s[i + b] == quote)
				return VI_SPLIT_QUOTE;
			md &= below;
			EMIT(md, i);
			*nd = k;
			*len = i + b;
			*high = (hi | (mh & below)) != 0;
			return VI_SPLIT_LINE;
		}
		hi |= mh;
		EMIT(md, i);
	}
	return split_tail(s, n, i, delim, quote, pos, cap, k, hi, nd, len,
	    high);
}
#endif

typedef int split_fn(const unsigned char *, size_t, unsigned char,
    unsigned char, size_t *, size_t, size_t *, size_t *, int *);

static split_fn *impl = split_scalar;
static const char *impl_name = "scalar";
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void choose(void);
static int use(const char *name);

int
vi_split_use(const char *name)
{
	pthread_once(&once, choose);
	return use(name);
}

static int
use(const char *name)
{
	if (strcmp(name, "scalar") == 0) {
		impl = split_scalar;
		impl_name = "scalar";
		return 0;
	}
#ifdef VI_SPLIT_X86
	__builtin_cpu_init();
	if (strcmp(name, "sse2") == 0) {
		impl = split_sse2;
		impl_name = "sse2";
		return 0;
	}
	if (strcmp(name, "avx2") == 0 && __builtin_cpu_supports("avx2")) {
		impl = split_avx2;
		impl_name = "avx2";
		return 0;
	}
#endif
	return -1;
}

static void
choose(void)
{
	const char *env = getenv("VI_SPLIT");

	if (env != NULL && use(env) == 0)
		return;
	if (use("avx2") < 0 && use("sse2") < 0)
		(void)use("scalar");
}

int
vi_split_line(const unsigned char *s, size_t n, unsigned char delim,
    unsigned char quote, size_t *pos, size_t cap, size_t *nd, size_t *len,
    int *high)
{
	pthread_once(&once, choose);
	return impl(s, n, delim, quote, pos, cap, nd, len, high);
}

const char *
vi_split_impl(void)
{
	pthread_once(&once, choose);
	return impl_name;
}
