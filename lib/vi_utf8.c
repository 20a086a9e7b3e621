/* vi_utf8.c - BOM detection and UTF-8 validation (see vi_utf8.h). */
#include "vi_utf8.h"
#include "vi_le.h"

#include <stdint.h>
#include <string.h>

enum vi_bom
vi_utf8_bom(const unsigned char *p, size_t n, size_t *bom_len)
{
	*bom_len = 0;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*bom_len = 3;
		return VI_BOM_UTF8;
	}
	if (n >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0) {
		*bom_len = 4;
		return VI_BOM_UTF32LE;
	}
	if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF) {
		*bom_len = 4;
		return VI_BOM_UTF32BE;
	}
	if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE) {
		*bom_len = 2;
		return VI_BOM_UTF16LE;
	}
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		*bom_len = 2;
		return VI_BOM_UTF16BE;
	}
	return VI_BOM_NONE;
}

const char *
vi_utf8_bom_name(enum vi_bom b)
{
	switch (b) {
	case VI_BOM_UTF8: return "UTF-8";
	case VI_BOM_UTF16LE: return "UTF-16LE";
	case VI_BOM_UTF16BE: return "UTF-16BE";
	case VI_BOM_UTF32LE: return "UTF-32LE";
	case VI_BOM_UTF32BE: return "UTF-32BE";
	default: return "none";
	}
}

/* Length of the valid sequence at p (1..4), or 0 if p starts an invalid one;
 * *skip is then the length of the maximal invalid subpart to step over. */
static size_t
seq_len(const unsigned char *p, size_t n, size_t *skip)
{
	unsigned c = p[0];
	unsigned lo = 0x80, hi = 0xBF;
	size_t len, i;

	if (c < 0xC2) {
		*skip = 1;
		return 0;
	} else if (c < 0xE0) {
		len = 2;
	} else if (c < 0xF0) {
		len = 3;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c < 0xF5) {
		len = 4;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		*skip = 1;
		return 0;
	}
	for (i = 1; i < len; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*skip = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xBF;
	}
	return len;
}

size_t
vi_utf8_seq(const unsigned char *p, size_t n)
{
	size_t skip;

	if (n == 0)
		return 0;
	return p[0] < 0x80 ? 1 : seq_len(p, n, &skip);
}

size_t
vi_utf8_invalid(const unsigned char *p, size_t n, size_t *first)
{
	size_t i = 0, bad = 0, skip, len;
	uint64_t w;

	for (;;) {
		/* ASCII fast path, eight bytes at a time; the first high
		 * byte of a word found by its bit (byte k of a little-endian
		 * load is bits 8k..8k+7), not by a loop. */
		for (;;) {
			if (i + 8 > n) {
				while (i < n && p[i] < 0x80)
					i++;
				break;
			}
			w = vi_le_get64(p + i) & UINT64_C(0x8080808080808080);
			if (w != 0) {
				i += (size_t)__builtin_ctzll(w) >> 3;
				break;
			}
			i += 8;
		}
		if (i >= n)
			break;
		len = seq_len(p + i, n - i, &skip);
		if (len) {
			i += len;
			continue;
		}
		if (bad++ == 0)
			*first = i;
		i += skip;
	}
	return bad;
}

unsigned long
vi_utf8_decode(const unsigned char *p, size_t len)
{
	switch (len) {
	case 1:
		return p[0];
	case 2:
		return (p[0] & 0x1FUL) << 6 | (p[1] & 0x3FUL);
	case 3:
		return (p[0] & 0x0FUL) << 12 | (p[1] & 0x3FUL) << 6 |
		    (p[2] & 0x3FUL);
	default:
		return (p[0] & 0x07UL) << 18 | (p[1] & 0x3FUL) << 12 |
		    (p[2] & 0x3FUL) << 6 | (p[3] & 0x3FUL);
	}
}

struct range {
	unsigned long lo, hi;
};

/* Sorted, not overlapping. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
	{ 0x0610, 0x061A }, { 0x064B, 0x065F }, { 0x0E31, 0x0E31 },
	{ 0x0E34, 0x0E3A }, { 0x0E47, 0x0E4E }, { 0x1AB0, 0x1AFF },
	{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x2060, 0x2064 },
	{ 0x20D0, 0x20FF }, { 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	{ 0xFEFF, 0xFEFF }, { 0xE0100, 0xE01EF }
};

static const struct range wide[] = {
	{ 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A },
	{ 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF },
	{ 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF }, { 0xA960, 0xA97F },
	{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 },
	{ 0xFE30, 0xFE6F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 },
	{ 0x1F300, 0x1F64F }, { 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD },
	{ 0x30000, 0x3FFFD }
};

static int
in_ranges(unsigned long cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
vi_utf8_cp_width(unsigned long cp)
{
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_width, sizeof zero_width / sizeof *zero_width))
		return 0;
	if (in_ranges(cp, wide, sizeof wide / sizeof *wide))
		return 2;
	return 1;
}

size_t
vi_utf8_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, len;

	while (i < n) {
		if (p[i] < 0x80) {
			w++;
			i++;
			continue;
		}
		len = vi_utf8_seq(p + i, n - i);
		if (len == 0) {
			w++;
			i++;
			continue;
		}
		w += (size_t)vi_utf8_cp_width(vi_utf8_decode(p + i, len));
		i += len;
	}
	return w;
}

size_t
vi_utf8_cut(const char *s, size_t n, size_t max)
{
	size_t cut = max;
	int k;

	if (n <= max)
		return n;
	for (k = 0; k < 3 && cut > 0 &&
	    ((unsigned char)s[cut] & 0xC0) == 0x80; k++)
		cut--;
	return cut;
}
