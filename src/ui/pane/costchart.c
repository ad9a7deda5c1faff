#include "config.h"

#include "costchart.h"

void
costchart_draw(const struct rect *r, const struct cost_result *c, bool utf8,
    const attr_t attrs[COST_SEG_NOTE + 1], costchart_put_fn put)
{
	static struct cost_chart ch;	/* large: not on the stack */
	cost_chart(c, r->w, r->h, utf8, &ch);
	for (int y = 0; y < ch.nlines; y++) {
		const struct cost_chart_line *l = &ch.lines[y];
		for (int i = 0; i < l->nsegs; i++) {
			const struct cost_seg *s = &l->segs[i];
			if (s->x < r->w)
				put(r->y + y, r->x + s->x, r->w - s->x, s->text, attrs[s->role]);
		}
	}
}
