/* The observation as rows of a two-column view (parent | child), one group
 * per resource, each with a verdict in a symbol and a word.  Plain data: the
 * pane draws it, and so can anything that prints the pane as text. */
#ifndef CLONESH_VIEW_H
#define CLONESH_VIEW_H

#include <stdbool.h>

#include "groups.h"
#include "observation.h"

/* V_REFUSED: the kernel refused the call; V_FAILED: the child did not end
 * well (its stack overflowed, a signal or the timeout killed it); V_PENDING:
 * its phase has not come yet; V_UNKNOWN: the measurement was tried and
 * failed, and the row's text says why (never a verdict in its place). */
/* V_SAME / V_DIFFERS compare two values (a per-thread signal mask is never
 * one shared object, so equal values are "same", not "shared"). */
enum verdict {
	V_NONE, V_SHARED, V_COPIED, V_NEW, V_FAILED, V_PENDING, V_REFUSED, V_UNKNOWN, V_SAME, V_DIFFERS,
};

#define VIEW_MAX_ROWS 96
#define VIEW_TEXT 200

struct view_row {
	enum view_group group;
	bool head;			/* the group's first row, which carries its name */
	char label[24];
	char parent[VIEW_TEXT], child[VIEW_TEXT];
	enum verdict verdict;
	int priority;			/* 0 must show; 1 and 2 give way when space is short */
	int bar;			/* 0..100 for a gauge in the child column, -1 none */
	bool changed;			/* differs from the previous phase */
	bool span;			/* the parent text runs across the whole row */
};

struct view {
	struct view_row rows[VIEW_MAX_ROWS];
	int nrows;
	enum phase phase;
	/* The parent column's title: "parent (the lab)", or "parent (traced)"
	 * for a creation trace measured. */
	const char *parent_title;
};


/* Rows for what o holds so far (fields not yet measured are pending). */
void view_build(const struct observation *o, enum phase phase, struct view *v);
/* Marks the rows of now that are new or differ from before. */
void view_mark_changes(struct view *now, const struct view *before);
/* "=" / "≠" / "+" / "✗" / "?" (ASCII "=", "!=", "+", "x", "?" when utf8 is false);
 * V_SAME is "=", V_DIFFERS "≠". */
const char *verdict_symbol(enum verdict v, bool utf8);
/* "shared", "copied", "new", "failed", "pending", "refused", "unknown", "same", "differs" */
const char *verdict_word(enum verdict v);

#endif
