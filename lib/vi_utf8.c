/* vi_utf8.c - BOM detection and UTF-8 validation (see vi_utf8.h). */
#include "vi_utf8.h"

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

	while (i < n) {
		/* ASCII fast path, eight bytes at a time. */
		while (i + 8 <= n) {
			memcpy(&w, p + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		while (i < n && p[i] < 0x80)
			i++;
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
