/* vi_size.c - memory size parsing (see vi_size.h). */
#include "vi_size.h"

#include <stdint.h>

int
vi_size_parse(const char *s, size_t *out)
{
	size_t v = 0;
	int shift = 10, digits = 0;

	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		size_t d = (size_t)(*s - '0');

		if (v > (SIZE_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (digits == 0)
		return -1;
	switch (*s) {
	case '\0': shift = 10; s--; break;
	case 'b': shift = 0; break;
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	case 't': case 'T': shift = 40; break;
	default: return -1;
	}
	if (s[1] != '\0')
		return -1;
	/* Check before every multiplication, as OpenBSD sort does. */
	for (; shift > 0; shift -= 10) {
		if (v > SIZE_MAX / 1024)
			return -1;
		v *= 1024;
	}
	*out = v;
	return 0;
}
