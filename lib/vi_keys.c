/* vi_keys.c - the vi-keys job (see vi_keys.h). */
#include "vi_keys.h"

#include <stdlib.h>
#include <string.h>

#include "vi_alloc.h"
#include "vi_rowkey.h"

/* Resolve the column lists for an input of ncols columns (hdr NULL without
 * a header) and make the rowkey. */
static struct vi_rowkey *
setup(const struct vi_keys_opts *o, const struct vi_field *hdr, size_t nhdr,
    size_t ncols, struct vi_error *e)
{
	struct vi_rowkey *rk;
	size_t *rest = NULL, nrest;

	if (vi_colspec_resolve(o->key, hdr, nhdr, ncols, e) < 0)
		return NULL;
	if (o->no_hash)
		return vi_rowkey_new(o->key->idx, o->key->n, NULL, 0, o->norm);
	if (o->hash != NULL) {
		if (vi_colspec_resolve(o->hash, hdr, nhdr, ncols, e) < 0)
			return NULL;
		return vi_rowkey_new(o->key->idx, o->key->n, o->hash->idx,
		    o->hash->n, o->norm);
	}
	nrest = vi_rowkey_rest(o->key->idx, o->key->n, ncols, &rest);
	rk = vi_rowkey_new(o->key->idx, o->key->n, rest, nrest, o->norm);
	free(rest);
	return rk;
}

/* The writer, with a binary header naming the key columns: their header
 * names, or the items of -k as given when the columns are not known yet. */
static struct vi_ks_writer *
writer(const struct vi_keys_opts *o, const struct vi_field *hdr, int known,
    int fd)
{
	struct vi_ks_header h;
	struct vi_ks_writer *w;
	size_t i, n = o->key->n;

	h.flags = o->no_hash ? 0 : VI_KS_F_HASH;
	h.nkeys = (uint32_t)n;
	h.source = vi_xstrdup(o->source);
	h.names = vi_xcalloc(n, sizeof *h.names);
	for (i = 0; i < n; i++)
		h.names[i] = known ? vi_xmemdup(hdr[o->key->idx[i]].p,
		    hdr[o->key->idx[i]].n) : vi_xstrdup(o->key->items[i]);
	w = vi_ks_writer_open(fd, 0, o->source, o->enc, &h);
	for (i = 0; i < n; i++)
		free(h.names[i]);
	free(h.names);
	free(h.source);
	return w;
}

int
vi_keys_run(struct vi_csv *c, const struct vi_keys_opts *o, int fd,
    struct vi_error *e)
{
	struct vi_rowkey *rk = NULL;
	struct vi_ks_writer *w = NULL;
	struct vi_record r;
	const struct vi_field *hdr;
	const char *const *kp;
	const size_t *kl;
	size_t nhdr, labellen = o->label ? strlen(o->label) : 0;
	int has_hash = !o->no_hash, rc, ret = 0;
	uint64_t hash = 0;

	if (o->key->n > UINT32_MAX)
		return vi_error_set(e, VI_EX_USAGE, 0, 0, 0,
		    "too many key columns");
	hdr = vi_csv_header(c, &nhdr);
	if (nhdr > 0 && (rk = setup(o, hdr, nhdr, nhdr, e)) == NULL)
		return VI_KEYS_EINPUT;
	/* The writer is opened once the columns are known to exist, so that a
	 * usage error writes nothing, not even a binary header. */
	while ((rc = vi_csv_next(c, &r, e)) > 0) {
		if (rk == NULL && (rk = setup(o, NULL, 0, r.nfields, e)) ==
		    NULL) {
			rc = -1;
			break;
		}
		if (w == NULL)
			w = writer(o, hdr, nhdr > 0, fd);
		vi_rowkey_key(rk, &r, &kp, &kl);
		if (o->shard_n > 1 && vi_shard_of(vi_rowkey_keyhash(rk),
		    o->shard_n) != o->shard_k)
			continue;
		if (has_hash)
			hash = vi_rowkey_rowhash(rk, &r);
		if (vi_ks_write_fields(w, o->key->n, kp, kl, has_hash, hash,
		    r.number, o->label, labellen, e) < 0) {
			ret = e->status == VI_EX_IOERR ? VI_KEYS_EOUTPUT :
			    VI_KEYS_EINPUT;
			break;
		}
	}
	if (rc < 0)
		ret = VI_KEYS_EINPUT;
	if (w == NULL && ret == 0)
		w = writer(o, hdr, nhdr > 0, fd);      /* an empty input */
	if (ret == 0) {
		if (vi_ks_writer_close(w, e) < 0)
			ret = VI_KEYS_EOUTPUT;
	} else {
		/* Write what came before the error; the error is the news. */
		vi_ks_writer_close(w, NULL);
	}
	vi_rowkey_free(rk);
	return ret;
}
