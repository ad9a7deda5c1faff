#include "config.h"

#include <langinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "observation.h"
#include "snapshot.h"
#include "view.h"

/* The text layout of the pane without it: 100 columns. */
enum {
	SNAP_WIDTH = 100,
	SNAP_GROUP = 12, SNAP_LABEL = 14, SNAP_PARENT = 30, SNAP_VERDICT = 11,
	SNAP_CHILD = SNAP_WIDTH - SNAP_GROUP - SNAP_LABEL - SNAP_PARENT - SNAP_VERDICT,
};

/* Writes s in exactly width columns: cut, or padded with blanks (pad false:
 * no padding, for a row's last cell).  Counts display columns, not bytes. */
static void
snap_cell(FILE *f, const char *s, int width, bool pad)
{
	mbstate_t st;
	int used = 0;
	size_t len = strlen(s), i = 0;

	memset(&st, 0, sizeof(st));
	while (i < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + i, len - i, &st);
		bool valid = n != (size_t)-1 && n != (size_t)-2 && n != 0;
		int w = valid ? wcwidth(wc) : 1;
		if (!valid) {
			memset(&st, 0, sizeof(st));
			n = 1;
		}
		if (w < 0)
			w = 1;
		/* Leave the last column blank between cells. */
		if (used + w > width - (pad ? 1 : 0))
			break;
		if (valid)
			fwrite(s + i, 1, n, f);
		else
			fputc('?', f);
		used += w;
		i += n;
	}
	while (pad && used++ < width)
		fputc(' ', f);
}

/* The last observation as the pane lays it out: group, label, parent,
 * verdict (symbol and word), child. */
void
snapshot_view(const struct observation *o, FILE *f)
{
	struct view *v = malloc(sizeof(*v));
	bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	const char *dot = utf8 ? "·" : "-";

	if (!v)
		return;
	view_build(o, o->reached, v);
	fprintf(f, "clonesh %s experiment #%u %s %s\n\n", dot, o->number, dot,
	    !o->clone_ok ? "refused by the kernel" : o->timed_out ? "timed out" :
	    o->interrupted ? "interrupted" : phase_name(o->reached));
	snap_cell(f, "", SNAP_GROUP, true);
	snap_cell(f, "", SNAP_LABEL, true);
	snap_cell(f, "parent", SNAP_PARENT, true);
	snap_cell(f, "verdict", SNAP_VERDICT, true);
	fprintf(f, "child\n");
	for (int i = 0; i < v->nrows; i++) {
		const struct view_row *r = &v->rows[i];
		bool head = i == 0 || v->rows[i - 1].group != r->group;
		if (head && i > 0)
			fputc('\n', f);
		snap_cell(f, head ? view_group_names[r->group] : "", SNAP_GROUP, true);
		snap_cell(f, r->label, SNAP_LABEL, true);
		if (r->span) {
			snap_cell(f, r->parent, SNAP_WIDTH - SNAP_GROUP - SNAP_LABEL, false);
			fputc('\n', f);
			continue;
		}
		snap_cell(f, r->parent, SNAP_PARENT, true);
		char verdict[48] = "";
		if (r->verdict != V_NONE)
			snprintf(verdict, sizeof(verdict), "%s %s", verdict_symbol(r->verdict, utf8),
			    verdict_word(r->verdict));
		snap_cell(f, verdict, SNAP_VERDICT, true);
		snap_cell(f, r->child, SNAP_CHILD, false);
		fputc('\n', f);
	}
	if (o->syscall[0])
		fprintf(f, "\n%s\n", o->syscall);
	free(v);
}

