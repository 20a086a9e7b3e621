/*
 * vi_le.h - little-endian integers in byte buffers, whatever the host's
 * byte order (the binary key stream and the row hash's field layout are
 * defined in little-endian).  Written out byte by byte, in a form that
 * compilers turn into one load or store on a little-endian host.
 */
#ifndef VI_LE_H
#define VI_LE_H

#include <stdint.h>

static inline uint32_t
vi_le_get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
vi_le_get64(const unsigned char *p)
{
	return (uint64_t)vi_le_get32(p) | (uint64_t)vi_le_get32(p + 4) << 32;
}

static inline void
vi_le_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static inline void
vi_le_put64(unsigned char *p, uint64_t v)
{
	vi_le_put32(p, (uint32_t)v);
	vi_le_put32(p + 4, (uint32_t)(v >> 32));
}

#endif
