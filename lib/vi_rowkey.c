/* vi_rowkey.c - key normalisation, row hash, shards (see vi_rowkey.h). */
#include "vi_rowkey.h"
#include "vi_le.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xxhash.h>     /* XXH3_64bits */

#include "vi_alloc.h"
#include "vi_vcmp.h"

struct vi_rowkey {
	size_t nkeys, nhash;
	size_t *keycols, *hashcols;
	unsigned flags;
	const char **kp;        /* the key fields last normalised */
	size_t *kl;
	const char **hp;        /* the hashed fields of a record */
	size_t *hl;
	char *fold;             /* case-folded key bytes */
	size_t foldcap;
	unsigned char *enc;     /* the field encoding being hashed */
	size_t enccap;
};

/* buf grown to hold need bytes (at least doubling); the contents are not
 * kept. */
static void *
reserve(void *buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return buf;
	if (need < 256)
		need = 256;
	if (*cap < (size_t)-1 / 2 && need < 2 * *cap)
		need = 2 * *cap;
	free(buf);
	*cap = need;
	return vi_xmalloc(need);
}

static size_t *
copycols(const size_t *cols, size_t n)
{
	size_t *c = vi_xcalloc(n ? n : 1, sizeof *c);

	if (n)
		memcpy(c, cols, n * sizeof *c);
	return c;
}

struct vi_rowkey *
vi_rowkey_new(const size_t *keycols, size_t nkeys, const size_t *hashcols,
    size_t nhash, unsigned flags)
{
	struct vi_rowkey *rk = vi_xcalloc(1, sizeof *rk);

	rk->nkeys = nkeys;
	rk->nhash = nhash;
	rk->keycols = copycols(keycols, nkeys);
	rk->hashcols = copycols(hashcols, nhash);
	rk->flags = flags;
	rk->kp = vi_xcalloc(nkeys ? nkeys : 1, sizeof *rk->kp);
	rk->kl = vi_xcalloc(nkeys ? nkeys : 1, sizeof *rk->kl);
	rk->hp = vi_xcalloc(nhash ? nhash : 1, sizeof *rk->hp);
	rk->hl = vi_xcalloc(nhash ? nhash : 1, sizeof *rk->hl);
	return rk;
}

void
vi_rowkey_free(struct vi_rowkey *rk)
{
	if (rk == NULL)
		return;
	free(rk->keycols);
	free(rk->hashcols);
	free(rk->kp);
	free(rk->kl);
	free(rk->hp);
	free(rk->hl);
	free(rk->fold);
	free(rk->enc);
	free(rk);
}

void
vi_rowkey_key(struct vi_rowkey *rk, const struct vi_record *r,
    const char *const **fields, const size_t **lens)
{
	size_t i, j, total = 0;
	char *d;

	for (i = 0; i < rk->nkeys; i++) {
		const struct vi_field *f = &r->fields[rk->keycols[i]];
		const char *p = f->p;
		size_t n = f->n;

		if (rk->flags & VI_RK_TRIM)
			vi_trim_blanks(&p, &n);
		rk->kp[i] = p;
		rk->kl[i] = n;
		total += n;
	}
	if (rk->flags & VI_RK_FOLD) {
		/* One buffer for all the folded fields, grown as needed. */
		rk->fold = reserve(rk->fold, &rk->foldcap, total);
		d = rk->fold;
		for (i = 0; i < rk->nkeys; i++) {
			const char *s = rk->kp[i];

			for (j = 0; j < rk->kl[i]; j++) {
				d[j] = (char)vi_fold_ascii((unsigned char)s[j]);
			}
			rk->kp[i] = d;
			d += rk->kl[i];
		}
	}
	*fields = rk->kp;
	*lens = rk->kl;
}

/* memcpy for the short fields of a row without a call: two overlapping
 * moves that stay inside both ranges. */
static inline void
copy_short(unsigned char *d, const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 8 && n <= 16) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + n - 4, &y, 4);
	} else if (n > 16) {
		memcpy(d, s, n);
	} else {
		while (n-- > 0)
			*d++ = (unsigned char)*s++;
	}
}

uint64_t
vi_fields_hash(const char *const *fields, const size_t *lens, size_t n,
    unsigned char **buf, size_t *cap)
{
	size_t i, need = 0, at = 0;
	unsigned char *b;

	/* The fields are in memory, so their lengths plus 8 bytes each
	 * cannot overflow a size_t. */
	for (i = 0; i < n; i++)
		need += 8 + lens[i];
	b = *buf = reserve(*buf, cap, need);
	for (i = 0; i < n; i++) {
		vi_le_put64(b + at, (uint64_t)lens[i]);
		copy_short(b + at + 8, fields[i], lens[i]);
		at += 8 + lens[i];
	}
	return XXH3_64bits(b, at);
}

uint64_t
vi_rowkey_rowhash(struct vi_rowkey *rk, const struct vi_record *r)
{
	size_t i;

	for (i = 0; i < rk->nhash; i++) {
		const struct vi_field *f = &r->fields[rk->hashcols[i]];

		rk->hp[i] = f->p;
		rk->hl[i] = f->n;
	}
	return vi_fields_hash(rk->hp, rk->hl, rk->nhash, &rk->enc,
	    &rk->enccap);
}

uint64_t
vi_rowkey_keyhash(struct vi_rowkey *rk)
{
	return vi_fields_hash(rk->kp, rk->kl, rk->nkeys, &rk->enc,
	    &rk->enccap);
}

size_t
vi_rowkey_rest(const size_t *keycols, size_t nkeys, size_t ncols,
    size_t **out)
{
	size_t i, j, n = 0;

	*out = vi_xcalloc(ncols ? ncols : 1, sizeof **out);
	for (i = 0; i < ncols; i++) {
		for (j = 0; j < nkeys; j++)
			if (keycols[j] == i)
				break;
		if (j == nkeys)
			(*out)[n++] = i;
	}
	return n;
}

/* A decimal number of at least one digit, no sign; -1 on junk or overflow.
 * *end is set past the digits. */
static int
decimal(const char *s, const char **end, uint64_t *v)
{
	uint64_t x = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*end = s;
	*v = x;
	return 0;
}

int
vi_shard_parse(const char *s, uint64_t *k, uint64_t *n, struct vi_error *e)
{
	const char *p;

	if (decimal(s, &p, k) < 0 || *p != '/' ||
	    decimal(p + 1, &p, n) < 0 || *p != '\0')
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "not K/N (two decimal numbers): %s", s);
	if (*n == 0 || *k == 0 || *k > *n)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "shards are numbered 1 to N, N >= 1: %s", s);
	return 0;
}
