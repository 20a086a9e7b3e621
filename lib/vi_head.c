/* vi_head.c - the first or a sample of the records (see vi_head.h). */
#include "vi_head.h"
#include "vi_sample.h"

/* The records into the writer: the first count, or the sample. */
static int
feed(struct vi_csv *c, const struct vi_head_opts *o, struct vi_preview *p,
    struct vi_error *e)
{
	struct vi_sample *s;
	struct vi_record r;
	const struct vi_field *f;
	uint64_t done, number;
	size_t i, n;
	int rc;

	if (!o->sample) {
		for (done = 0; done < o->count; done++) {
			if ((rc = vi_csv_next(c, &r, e)) <= 0)
				return rc;
			vi_preview_row(p, r.number, r.fields, r.nfields);
		}
		return 0;
	}
	s = vi_sample_new(o->count, o->seed);
	while ((rc = vi_csv_next(c, &r, e)) > 0)
		vi_sample_offer(s, &r);
	if (rc == 0)
		for (i = 0; i < vi_sample_count(s); i++) {
			f = vi_sample_get(s, i, &n, &number);
			vi_preview_row(p, number, f, n);
		}
	vi_sample_free(s);
	return rc;
}

int
vi_head_run(struct vi_csv *c, const struct vi_head_opts *o, FILE *out,
    struct vi_error *e)
{
	const struct vi_field *h;
	struct vi_preview *p;
	struct vi_error we = { 0 };
	size_t nh;
	int rc;

	h = vi_csv_header(c, &nh);
	p = vi_preview_new(out, &o->out, nh ? h : NULL, nh);
	rc = feed(c, o, p, e);
	if (rc < 0) {
		/* No header nor rows held back for a run that failed. */
		vi_preview_abort(p);
		return rc;
	}
	if (vi_preview_end(p, &we) < 0) {
		*e = we;
		vi_error_at(e, VI_ERR_OUTPUT, NULL);
		rc = -1;
	}
	return rc;
}
