/* The pane's geometry and its rows, below curses: layout_compute at every
 * size from 1x1 to 300x100 (nothing past the edge, no overlap, the prompt
 * last, the notice exactly below the minimum), and view_build /
 * view_mark_changes on observations built by hand. */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "observation.h"
#include "tap.h"
#include "util.h"
#include "view.h"

#define MAX_COLS 300
#define MAX_LINES 100
/* Failures of one property reported in detail; the rest are only counted. */
#define SHOW_FAILURES 5

/* --- layout ------------------------------------------------------------------ */

struct named_rect {
	const char *name;
	const struct rect *r;
};

static int
regions(const struct layout *l, struct named_rect *out)
{
	int n = 0;
	out[n++] = (struct named_rect){ "status", &l->status };
	out[n++] = (struct named_rect){ "pane", &l->pane };
	out[n++] = (struct named_rect){ "syscall", &l->syscall };
	out[n++] = (struct named_rect){ "output", &l->output };
	out[n++] = (struct named_rect){ "prompt", &l->prompt };
	out[n++] = (struct named_rect){ "notice", &l->notice };
	return n;
}

static bool
rect_empty(const struct rect *r)
{
	return r->h <= 0 || r->w <= 0;
}

/* One property over every size: a test line, with the first few failures. */
struct property {
	const char *name;
	int failures;
};

static void __attribute__((format(printf, 4, 5)))
property_fail(struct property *p, int cols, int lines, const char *fmt, ...)
{
	if (p->failures++ < SHOW_FAILURES) {
		char why[256];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, sizeof(why), fmt, ap);
		va_end(ap);
		diag("  %s at %dx%d: %s", p->name, cols, lines, why);
	}
}

static void
property_report(struct property *p, int sizes)
{
	ok(p->failures == 0, "%s (%d sizes, %d failing)", p->name, sizes, p->failures);
}

/* The pane's columns as [x, x + w) intervals, in drawing order. */
static int
pane_columns(const struct layout *l, int x[5], int w[5], const char *names[5])
{
	int n = 0;
	if (l->group_w > 0) {
		names[n] = "group", x[n] = l->group_x, w[n++] = l->group_w;
	}
	names[n] = "label", x[n] = l->label_x, w[n++] = l->label_w;
	names[n] = "parent", x[n] = l->parent_x, w[n++] = l->parent_w;
	names[n] = "verdict", x[n] = l->verdict_x, w[n++] = l->verdict_w;
	names[n] = "child", x[n] = l->child_x, w[n++] = l->child_w;
	return n;
}

enum {
	P_INSIDE, P_OVERLAP, P_PROMPT, P_TOO_SMALL, P_COLUMNS, P_OUTPUT, P_PARTS, P_NOTICE,
	P_SIZE, P_COUNT,
};

static void
check_size(int cols, int lines, struct property *p)
{
	struct layout l;
	struct named_rect r[8];

	memset(&l, 0x5a, sizeof(l));	/* garbage, so a field left unset shows */
	layout_compute(cols, lines, &l);
	int n = regions(&l, r);

	if (l.cols != cols || l.lines != lines)
		property_fail(&p[P_SIZE], cols, lines, "recorded %dx%d", l.cols, l.lines);

	for (int i = 0; i < n; i++)
		if (!rect_inside(r[i].r, cols, lines) || r[i].r->h < 0 || r[i].r->w < 0)
			property_fail(&p[P_INSIDE], cols, lines, "%s is y %d x %d h %d w %d",
			    r[i].name, r[i].r->y, r[i].r->x, r[i].r->h, r[i].r->w);

	for (int i = 0; i < n; i++)
		for (int k = i + 1; k < n; k++)
			if (rect_overlap(r[i].r, r[k].r))
				property_fail(&p[P_OVERLAP], cols, lines, "%s (y %d h %d) and %s (y %d h %d)",
				    r[i].name, r[i].r->y, r[i].r->h, r[k].name, r[k].r->y, r[k].r->h);

	if (l.prompt.y != lines - 1 || l.prompt.h != 1 || l.prompt.x != 0 || l.prompt.w != cols)
		property_fail(&p[P_PROMPT], cols, lines, "prompt is y %d x %d h %d w %d",
		    l.prompt.y, l.prompt.x, l.prompt.h, l.prompt.w);
	/* Nothing below the prompt, and nothing on its line but the prompt. */
	for (int i = 0; i < n; i++)
		if (r[i].r != &l.prompt && !rect_empty(r[i].r) && r[i].r->y + r[i].r->h > lines - 1)
			property_fail(&p[P_PROMPT], cols, lines, "%s reaches the prompt's line", r[i].name);

	bool small = cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES;
	if (l.too_small != small)
		property_fail(&p[P_TOO_SMALL], cols, lines, "too_small is %s", l.too_small ? "true" :
		    "false");

	if (lines >= 3 && l.output.h < 1)
		property_fail(&p[P_OUTPUT], cols, lines, "output has %d lines", l.output.h);

	if (small) {
		if (!rect_empty(&l.status) || !rect_empty(&l.pane) || !rect_empty(&l.syscall))
			property_fail(&p[P_PARTS], cols, lines, "too small, yet the pane is laid out");
		if (lines >= 2 && (l.notice.y != 0 || l.notice.h != 1 || l.notice.w != cols))
			property_fail(&p[P_NOTICE], cols, lines, "notice is y %d h %d w %d",
			    l.notice.y, l.notice.h, l.notice.w);
		return;
	}
	if (!rect_empty(&l.notice))
		property_fail(&p[P_NOTICE], cols, lines, "a notice at a size that holds the pane");
	/* The pane needs its phase line, its header and at least one row. */
	if (l.status.h != 1 || l.status.w != cols || l.pane.h < 3 || l.pane.w != cols ||
	    l.syscall.h < 1 || rect_empty(&l.output))
		property_fail(&p[P_PARTS], cols, lines, "status h %d, pane h %d w %d, syscall h %d, "
		    "output h %d", l.status.h, l.pane.h, l.pane.w, l.syscall.h, l.output.h);

	int x[5], w[5];
	const char *names[5];
	int nc = pane_columns(&l, x, w, names);
	for (int i = 0; i < nc; i++) {
		if (w[i] < 1 || x[i] < 0 || x[i] + w[i] > l.pane.w)
			property_fail(&p[P_COLUMNS], cols, lines, "%s column is x %d w %d (pane w %d)",
			    names[i], x[i], w[i], l.pane.w);
		if (i > 0 && x[i] < x[i - 1] + w[i - 1])
			property_fail(&p[P_COLUMNS], cols, lines, "%s (x %d) overlaps %s (x %d w %d)",
			    names[i], x[i], names[i - 1], x[i - 1], w[i - 1]);
	}
	/* The verdict column holds the longest verdict: "✗ failed", "≠ copied". */
	if (l.verdict_w < 8)
		property_fail(&p[P_COLUMNS], cols, lines, "verdict column is %d cells", l.verdict_w);
}

static void
test_layout_grid(void)
{
	static const int extra[][2] = {
		{ 80, 24 }, { 200, 60 }, { 69, 20 }, { 70, 19 }, { 70, 20 },
		{ LAYOUT_MIN_COLS - 1, LAYOUT_MIN_LINES - 1 }, { 1000, 300 }, { 2, 1 }, { 1, 2 },
	};
	struct property p[P_COUNT] = {
		[P_SIZE] = { "the layout records its size", 0 },
		[P_INSIDE] = { "every region lies inside the screen", 0 },
		[P_OVERLAP] = { "no two regions overlap", 0 },
		[P_PROMPT] = { "the prompt is the whole last line, alone", 0 },
		[P_TOO_SMALL] = { "too_small exactly below LAYOUT_MIN_COLS x LAYOUT_MIN_LINES", 0 },
		[P_OUTPUT] = { "the output keeps a line from 3 lines up", 0 },
		[P_PARTS] = { "status, pane, syscall, output: all or none", 0 },
		[P_NOTICE] = { "the notice is the top line exactly when too small", 0 },
		[P_COLUMNS] = { "the pane's columns are in order, apart, inside the width", 0 },
	};
	int sizes = 0;

	for (int cols = 1; cols <= MAX_COLS; cols++)
		for (int lines = 1; lines <= MAX_LINES; lines++, sizes++)
			check_size(cols, lines, p);
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++, sizes++)
		check_size(extra[i][0], extra[i][1], p);
	for (int i = 0; i < P_COUNT; i++)
		property_report(&p[i], sizes);
}

/* The sizes a reader knows, each on its own line. */
static void
test_layout_named(void)
{
	struct layout l;

	layout_compute(80, 24, &l);
	ok(!l.too_small && l.prompt.y == 23 && l.status.y == 0, "80x24 holds the pane");
	layout_compute(200, 60, &l);
	ok(!l.too_small && l.pane.h > 30 && l.child_x + l.child_w <= 200,
	    "200x60: a tall pane (%d lines), the child column ends at %d", l.pane.h,
	    l.child_x + l.child_w);
	/* The verdict near the parent's text: no 80-column gap on a wide screen. */
	ok(l.verdict_x - l.parent_x <= LAYOUT_PARENT_MAX && l.child_w <= LAYOUT_CHILD_MAX,
	    "200x60: the verdict is %d columns after the parent's, the child column %d wide",
	    l.verdict_x - l.parent_x, l.child_w);
	layout_compute(1000, 300, &l);
	ok(l.verdict_x - l.parent_x <= LAYOUT_PARENT_MAX && l.child_w <= LAYOUT_CHILD_MAX,
	    "1000x300: the verdict is %d columns after the parent's, the child column %d wide",
	    l.verdict_x - l.parent_x, l.child_w);
	layout_compute(100, 40, &l);
	is_int(l.child_x + l.child_w, 100, "100x40: the columns still fill the width");
	layout_compute(LAYOUT_MIN_COLS - 1, LAYOUT_MIN_LINES, &l);
	ok(l.too_small, "%dx%d is too small (one column short)", LAYOUT_MIN_COLS - 1,
	    LAYOUT_MIN_LINES);
	layout_compute(LAYOUT_MIN_COLS, LAYOUT_MIN_LINES - 1, &l);
	ok(l.too_small, "%dx%d is too small (one line short)", LAYOUT_MIN_COLS,
	    LAYOUT_MIN_LINES - 1);
	layout_compute(LAYOUT_MIN_COLS, LAYOUT_MIN_LINES, &l);
	ok(!l.too_small && l.pane.h >= 3, "%dx%d holds the pane (%d lines)", LAYOUT_MIN_COLS,
	    LAYOUT_MIN_LINES, l.pane.h);
	is_int(l.child_x + l.child_w, LAYOUT_MIN_COLS, "at the minimum the child column ends at "
	    "the edge");
	layout_compute(60, 20, &l);
	ok(l.too_small && l.notice.y == 0 && l.prompt.y == 19 && l.output.h == 18,
	    "60x20: notice on top, 18 lines of output, the prompt last");

	/* Degenerate sizes lay out nothing, and nothing is read out of bounds. */
	static const int bad[][2] = { { 0, 0 }, { 0, 24 }, { 80, 0 }, { -1, 24 }, { 80, -5 } };
	bool all_empty = true;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct named_rect r[8];
		layout_compute(bad[i][0], bad[i][1], &l);
		int n = regions(&l, r);
		for (int k = 0; k < n; k++)
			if (!rect_empty(r[k].r)) {
				all_empty = false;
				diag("  %dx%d: %s is not empty", bad[i][0], bad[i][1], r[k].name);
			}
	}
	ok(all_empty, "sizes of 0 or less lay out no region");
}

/* The predicates the grid relies on. */
static void
test_rect_predicates(void)
{
	struct rect a = { 0, 0, 2, 10 }, below = { 2, 0, 1, 10 }, right = { 0, 10, 2, 5 },
	    cross = { 1, 9, 5, 5 }, empty = { 0, 0, 0, 10 }, flat = { 1, 0, 1, 0 };

	ok(!rect_overlap(&a, &below) && !rect_overlap(&below, &a), "rect_overlap: adjacent lines "
	    "do not overlap");
	ok(!rect_overlap(&a, &right), "rect_overlap: adjacent columns do not overlap");
	ok(rect_overlap(&a, &cross) && rect_overlap(&cross, &a), "rect_overlap: one shared cell "
	    "overlaps");
	ok(rect_overlap(&a, &a), "rect_overlap: a rectangle overlaps itself");
	ok(!rect_overlap(&a, &empty) && !rect_overlap(&flat, &a), "rect_overlap: empty rectangles "
	    "share nothing");
	ok(rect_inside(&a, 10, 2) && !rect_inside(&a, 9, 2) && !rect_inside(&a, 10, 1),
	    "rect_inside: up to the last cell and no further");
	struct rect neg = { -1, 0, 1, 1 };
	ok(!rect_inside(&neg, 10, 10) && rect_inside(&empty, 1, 1), "rect_inside: negative is "
	    "outside, empty is anywhere");
}

/* --- view ---------------------------------------------------------------------- */

static const struct view_row *
find_row(const struct view *v, enum view_group g, const char *label)
{
	for (int i = 0; i < v->nrows; i++)
		if (v->rows[i].group == g && strcmp(v->rows[i].label, label) == 0)
			return &v->rows[i];
	return NULL;
}

static int
row_verdict(const struct view *v, enum view_group g, const char *label)
{
	const struct view_row *r = find_row(v, g, label);
	return r ? (int)r->verdict : -1;
}

static const char *
row_parent(const struct view *v, enum view_group g, const char *label)
{
	const struct view_row *r = find_row(v, g, label);
	return r ? r->parent : NULL;
}

static const char *
row_child(const struct view *v, enum view_group g, const char *label)
{
	const struct view_row *r = find_row(v, g, label);
	return r ? r->child : NULL;
}

/* A plain fork-like experiment that ran to its end: the lab 100, the child 101. */
static void
observation_ran(struct observation *o)
{
	observation_init(o);
	o->number = 1;
	o->clone_ok = true;
	o->reached = PHASE_EXITED;
	o->parent.pid = o->parent.tid = 100;
	o->ids.pid_self = o->ids.tid = o->ids.tgid = 101;
	o->ids.pid_in_parent_ns = 101;
	o->ids.ppid = o->ids.status_ppid = 100;
	for (int i = 0; i < SH_COUNT; i++)
		o->shared[i].v = 0;
	for (int i = 0; i < NS_COUNT; i++) {
		o->ns[i].shared = 1;
		o->ns[i].parent = o->ns[i].child = 4026531835UL + (unsigned long)i;
	}
	o->global.measured = true;
	o->global.before = 7;
	o->global.child_wrote = 42;
	o->global.child_wrote_valid = true;
	o->global.parent_sees = 7;
	o->cfg.stack_size = 65536;
	o->cfg.guard = true;
	o->stack.measured = true;
	o->stack.size = 65536;
	o->stack.used = 512;
	o->exit.known = true;
	o->exit.exited = true;
	o->exit.status = 0;
	snprintf(o->exit.waited_with, sizeof(o->exit.waited_with), "waitpid(pid, __WALL)");
}

/* Structure every view must have, whatever the observation. */
static bool
view_well_formed(const struct view *v, const char *what)
{
	bool good = v->nrows >= 0 && v->nrows <= VIEW_MAX_ROWS;
	for (int i = 0; good && i < v->nrows; i++) {
		const struct view_row *r = &v->rows[i];
		bool head = i == 0 || v->rows[i - 1].group != r->group;
		const char *why = NULL;
		if (r->head != head)
			why = "head is wrong";
		else if (i > 0 && r->group < v->rows[i - 1].group)
			why = "groups out of order";
		else if (r->group >= VG_COUNT || !r->label[0])
			why = "no group or label";
		else if (r->priority < 0 || r->priority > 2)
			why = "priority outside 0..2";
		else if (r->bar < -1 || r->bar > 100)
			why = "bar outside -1..100";
		else if (memchr(r->parent, '\0', sizeof(r->parent)) == NULL ||
		    memchr(r->child, '\0', sizeof(r->child)) == NULL)
			why = "a cell is not terminated";
		if (why) {
			diag("  %s: row %d (%s): %s", what, i, r->label, why);
			good = false;
		}
	}
	return good;
}

static void
test_view_verdicts(void)
{
	struct observation *o = calloc(1, sizeof(*o));
	struct view *v = calloc(1, sizeof(*v));

	view_build(NULL, PHASE_NONE, v);
	is_int(v->nrows, 0, "no observation, no rows");

	observation_ran(o);
	view_build(o, PHASE_EXITED, v);
	ok(view_well_formed(v, "fork"), "fork: the rows are well formed (%d rows)", v->nrows);
	is_int(v->phase, PHASE_EXITED, "the view records its phase");
	is_int(row_verdict(v, VG_MEMORY, "address space"), V_COPIED, "shared[vm] 0: address space "
	    "copied");
	is_int(row_verdict(v, VG_MEMORY, "global"), V_COPIED, "child wrote 42, parent reads 7: "
	    "global copied");
	is_str(row_parent(v, VG_MEMORY, "global"), "reads 7", "global: the parent's cell");
	is_str(row_child(v, VG_MEMORY, "global"), "wrote 42", "global: the child's cell");
	is_int(row_verdict(v, VG_IDS, "thread group"), V_NEW, "another tgid: a new thread group");
	is_int(row_verdict(v, VG_NS, "all 8"), V_SHARED, "every namespace shared: one \"all 8\" row");
	is_int(row_verdict(v, VG_EXIT, "end"), V_NONE, "exited 0: no verdict on the end row");
	is_str(row_child(v, VG_EXIT, "end"), "exited 0", "the end row says exited 0");
	is_int(row_verdict(v, VG_STACK, "child stack"), V_NEW, "a measured stack is new");
	ok(find_row(v, VG_STACK, "child stack") && find_row(v, VG_STACK, "child stack")->bar == 0,
	    "512 of 64k used: the bar is at 0%%");

	o->shared[SH_VM].v = 1;
	o->global.parent_sees = 42;
	o->ids.tgid = 100;
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_MEMORY, "address space"), V_SHARED, "shared[vm] 1: address space "
	    "shared");
	is_int(row_verdict(v, VG_MEMORY, "global"), V_SHARED, "parent reads what the child wrote: "
	    "global shared");
	is_int(row_verdict(v, VG_IDS, "thread group"), V_SHARED, "the lab's tgid: the same thread "
	    "group");

	o->global.child_wrote_valid = false;
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_MEMORY, "global"), V_NONE, "the child did not write: no verdict");
	is_str(row_child(v, VG_MEMORY, "global"), "(did not write)", "... and says so");

	o->shared[SH_VM].v = -1;
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_MEMORY, "address space"), V_PENDING, "shared[vm] -1: pending");
	is_str(row_parent(v, VG_MEMORY, "address space"), "not measured", "... not measured");

	/* File descriptors: the same open file, a copy, one only the child has. */
	observation_ran(o);
	o->shared[SH_FILES].v = 1;
	o->nfds = 3;
	o->fds[0] = (struct fd_obs){ .fd = 4, .in_parent = true, .in_child = true, .same_ofd = 1,
	    .target = "/etc/passwd" };
	o->fds[1] = (struct fd_obs){ .fd = 5, .in_parent = true, .in_child = true, .same_ofd = 0,
	    .target = "/etc/hosts" };
	o->fds[2] = (struct fd_obs){ .fd = 6, .in_child = true, .same_ofd = -1,
	    .target = "/etc/group" };
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_FDS, "fd table"), V_SHARED, "shared[files] 1: fd table shared");
	is_int(row_verdict(v, VG_FDS, "fd 4"), V_SHARED, "fd 4, the same open file: shared");
	is_str(row_parent(v, VG_FDS, "fd 4"), "/etc/passwd @0", "fd 4 names /etc/passwd");
	is_str(row_child(v, VG_FDS, "fd 4"), "same open file @0", "fd 4 in a shared table: the same "
	    "open file");
	is_int(row_verdict(v, VG_FDS, "fd 5"), V_COPIED, "fd 5, another open file: copied");
	is_str(row_child(v, VG_FDS, "fd 5"), "its own open file @0", "fd 5: says it is another open "
	    "file");
	is_str(row_child(v, VG_FDS, "fd 6"), "/etc/group @0", "fd 6: only the child has it");
	is_int(row_verdict(v, VG_FDS, "fd 6"), V_NEW, "fd 6, only in the child: new");
	is_str(row_parent(v, VG_FDS, "fd 6"), "(closed)", "fd 6: closed in the parent");

	/* Long targets keep their end: never "(deleted @0" (a cut parenthesis). */
	observation_ran(o);
	o->shared[SH_FILES].v = 1;
	o->nfds = 2;
	o->fds[0] = (struct fd_obs){ .fd = 3, .in_parent = true, .in_child = true, .same_ofd = 1,
	    .target = "/memfd:clonesh-lab-file (deleted)" };
	o->fds[1] = (struct fd_obs){ .fd = 4, .in_parent = true, .in_child = true, .same_ofd = 1,
	    .target = "/tmp/a-rather-long-directory/notes.txt (deleted)" };
	view_build(o, PHASE_EXITED, v);
	is_str(row_parent(v, VG_FDS, "fd 3"), "memfd:clonesh-lab-file @0", "a memfd by its name");
	is_str(row_parent(v, VG_FDS, "fd 4"), "…ory/notes.txt (deleted) @0",
	    "a long deleted path: its end, the parenthesis closed");
	o->fds[1].in_parent = false;
	view_build(o, PHASE_EXITED, v);
	is_str(row_child(v, VG_FDS, "fd 4"), "…y/notes.txt (deleted) @0",
	    "a long deleted path in the child column: the parenthesis closed");

	/* A copied fd table whose fds share their open files (fork): each row
	 * says so, from kcmp KCMP_FILE, whatever the flags asked. */
	observation_ran(o);
	o->cfg.flags = CLONE_FILES;
	o->shared[SH_FILES].v = 0;
	o->nfds = 3;
	o->fds[0] = (struct fd_obs){ .fd = 0, .in_parent = true, .in_child = true, .same_ofd = 1,
	    .target = "/dev/null" };
	o->fds[1] = (struct fd_obs){ .fd = 3, .in_parent = true, .in_child = true, .same_ofd = 1,
	    .parent_pos = 5, .child_pos = 5, .target = "/etc/passwd" };
	o->fds[2] = (struct fd_obs){ .fd = 4, .in_parent = true, .in_child = true, .same_ofd = -1,
	    .target = "/etc/hosts" };
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_FDS, "fd table"), V_COPIED, "a copied fd table: copied");
	is_int(row_verdict(v, VG_FDS, "fd 0"), V_SHARED, "its fd 0, the same open file: shared");
	is_str(row_child(v, VG_FDS, "fd 0"), "fd copy, same open file @0",
	    "fd 0 says the fd is a copy and the open file shared");
	is_str(row_child(v, VG_FDS, "fd 3"), "fd copy, same open file @5", "... with its offset");
	is_int(row_verdict(v, VG_FDS, "fd 4"), V_UNKNOWN, "kcmp file not measured: unknown, no verdict");
	is_str(row_child(v, VG_FDS, "fd 4"), "open file not measured: kcmp file: not made",
	    "... and says why");
	o->fds[2].ofd_errno = EPERM;
	view_build(o, PHASE_EXITED, v);
	is_str(row_child(v, VG_FDS, "fd 4"), "open file not measured: kcmp file: Operation not permitted",
	    "kcmp file failed: the row names the error");
	/* Only the parent has it: the tables differ there, nothing was copied. */
	o->fds[2] = (struct fd_obs){ .fd = 4, .in_parent = true, .same_ofd = -1, .target = "/etc/hosts" };
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_FDS, "fd 4"), V_DIFFERS, "fd 4 only in the parent: differs, not copied");
	is_str(row_child(v, VG_FDS, "fd 4"), "(closed: only in the parent)", "... and says so");
	o->fds[2].in_parent = false;
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_FDS, "fd 4"), V_NONE, "fd 4 in neither: no verdict");

	/* Signals: a handler both see through a shared table. */
	observation_ran(o);
	o->shared[SH_VM].v = o->shared[SH_SIGHAND].v = 1;
	o->nsigs = 3;
	o->sigs[0] = (struct sig_obs){ .sig = SIGUSR1, .parent = DISP_HANDLER, .child = DISP_HANDLER };
	o->sigs[1] = (struct sig_obs){ .sig = SIGUSR2 };
	o->sigs[2] = (struct sig_obs){ .sig = SIGTERM, .child_blocked = true };
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_SIGNALS, "handler table"), V_SHARED, "shared[sighand] 1: table shared");
	is_int(row_verdict(v, VG_SIGNALS, "SIGUSR1"), V_SHARED, "SIGUSR1 through a shared table: "
	    "shared");
	is_str(row_parent(v, VG_SIGNALS, "SIGUSR1"), "handler", "SIGUSR1: handler in the parent");
	is_str(row_child(v, VG_SIGNALS, "SIGUSR1"), "handler", "SIGUSR1: handler in the child");
	ok(!find_row(v, VG_SIGNALS, "SIGUSR2"), "SIGUSR2, default in both: no row");
	is_str(row_child(v, VG_SIGNALS, "blocked mask"), "TERM", "the child's blocked mask names TERM");
	o->shared[SH_SIGHAND].v = 0;
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_SIGNALS, "SIGUSR1"), V_COPIED, "SIGUSR1 through a copied table: "
	    "copied");
	is_int(row_verdict(v, VG_SIGNALS, "blocked mask"), V_DIFFERS, "masks none / TERM: differs");
	o->shared[SH_SIGHAND].v = -1;
	str_copy(o->shared[SH_SIGHAND].why, "kcmp sighand failed: Operation not permitted",
	    sizeof(o->shared[SH_SIGHAND].why));
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_SIGNALS, "handler table"), V_UNKNOWN, "kcmp sighand failed: unknown");
	is_str(row_child(v, VG_SIGNALS, "handler table"), "kcmp sighand failed: Operation not permitted",
	    "... with the reason");
	is_int(row_verdict(v, VG_SIGNALS, "SIGUSR1"), V_UNKNOWN, "SIGUSR1, table not measured: unknown, "
	    "never copied");
	is_str(row_child(v, VG_SIGNALS, "SIGUSR1"), "handler (table not measured)", "... and says so");
	o->sigs[0].parent_blocked = o->sigs[0].child_blocked = true;
	o->sigs[2].child_blocked = false;
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_SIGNALS, "blocked mask"), V_SAME, "masks USR1 / USR1: the same value, "
	    "not \"shared\"");

	/* Namespaces: one new. */
	observation_ran(o);
	o->ns[NS_UTS].shared = 0;
	o->ns[NS_UTS].child = 4026532000UL;
	view_build(o, PHASE_EXITED, v);
	ok(!find_row(v, VG_NS, "all 8"), "one new namespace: no \"all 8\" row");
	is_int(row_verdict(v, VG_NS, "uts"), V_NEW, "a new uts namespace: new");
	is_int(row_verdict(v, VG_NS, "pid"), V_SHARED, "the pid namespace: shared");

	/* Failures. */
	observation_ran(o);
	o->stack.overflow = true;
	o->exit.exited = false;
	o->exit.signal = SIGSEGV;
	view_build(o, PHASE_EXITED, v);
	is_int(row_verdict(v, VG_STACK, "child stack"), V_FAILED, "a stack overflow: failed");
	is_int(row_verdict(v, VG_EXIT, "end"), V_FAILED, "killed by SIGSEGV: failed");
	is_str(row_child(v, VG_EXIT, "end"), "killed by SIGSEGV", "... and says by which signal");

	observation_ran(o);
	o->reached = PHASE_STARTED;
	o->exit.known = false;
	o->timed_out = true;
	view_build(o, PHASE_STARTED, v);
	is_int(row_verdict(v, VG_EXIT, "end"), V_FAILED, "a timeout: failed");
	is_str(row_parent(v, VG_EXIT, "end"), "killed: timeout", "... killed by the timeout");

	/* A refused clone: one row and nothing else. */
	observation_init(o);
	o->clone_ok = false;
	o->clone_errno = EINVAL;
	snprintf(o->rule, sizeof(o->rule), "CLONE_SIGHAND requires CLONE_VM");
	view_build(o, PHASE_BEFORE, v);
	int failed = 0, other_groups = 0;
	bool names_errno = false, names_rule = false;
	for (int i = 0; i < v->nrows; i++) {
		const struct view_row *r = &v->rows[i];
		failed += r->verdict == V_REFUSED || r->verdict == V_FAILED;
		other_groups += r->group != VG_CLONE;
		names_errno |= strstr(r->parent, "EINVAL") || strstr(r->child, "EINVAL");
		names_rule |= strstr(r->parent, "CLONE_SIGHAND requires CLONE_VM") ||
		    strstr(r->child, "CLONE_SIGHAND requires CLONE_VM");
	}
	ok(v->nrows >= 1 && v->rows[0].verdict == V_REFUSED, "a refused clone: the first row is "
	    "refused");
	is_int(failed, 1, "a refused clone: exactly one refused row");
	is_int(other_groups, 0, "a refused clone: only clone rows, no pending resources");
	ok(names_errno, "a refused clone names the errno");
	ok(names_rule, "a refused clone gives the validator's rule");

	/* The most the lab can report still fits, and the end row is kept. */
	observation_ran(o);
	o->nfds = OBS_MAX_FDS;
	for (int i = 0; i < OBS_MAX_FDS; i++)
		o->fds[i] = (struct fd_obs){ .fd = i, .in_parent = true, .in_child = i % 2 == 0,
		    .same_ofd = 1, .target = "/a/rather/long/path/name/for/a/file/descriptor/target" };
	o->nsigs = OBS_MAX_SIGS;
	for (int i = 0; i < OBS_MAX_SIGS; i++)
		o->sigs[i] = (struct sig_obs){ .sig = i + 1, .parent = DISP_HANDLER, .child = DISP_IGNORE,
		    .parent_blocked = true, .child_blocked = true };
	o->effects_measured = true;
	memset(o->cwd.parent, 'p', sizeof(o->cwd.parent) - 1);
	memset(o->cwd.child, 'c', sizeof(o->cwd.child) - 1);
	o->mapping.addr = 0x7f0000000000UL;
	o->pages.measured = true;
	o->heap.measured = o->heap.child_wrote_valid = true;
	o->tls_shared.v = 0;
	o->ids.parent_state = 'S';
	memset(o->exit.waited_with, 'w', sizeof(o->exit.waited_with) - 1);
	view_build(o, PHASE_EXITED, v);
	ok(view_well_formed(v, "everything"), "the fullest observation: well formed (%d rows)",
	    v->nrows);
	ok(find_row(v, VG_EXIT, "end") != NULL, "the fullest observation keeps its end row");

	free(o);
	free(v);
}

static void
test_view_pending(void)
{
	struct observation *o = calloc(1, sizeof(*o));
	struct view *v = calloc(1, sizeof(*v));

	observation_init(o);
	o->clone_ok = true;
	o->reached = PHASE_BEFORE;
	o->parent.pid = o->parent.tid = 100;
	view_build(o, PHASE_BEFORE, v);
	ok(view_well_formed(v, "before clone"), "before clone: well formed (%d rows)", v->nrows);
	is_int(row_verdict(v, VG_IDS, "pid (getpid)"), V_PENDING, "before clone: pid pending");
	is_str(row_child(v, VG_IDS, "pid (getpid)"), "", "before clone: no child pid");
	is_str(row_parent(v, VG_IDS, "pid (getpid)"), "100", "before clone: the lab's pid");
	is_int(row_verdict(v, VG_IDS, "thread group"), V_PENDING, "before clone: thread group pending");
	is_int(row_verdict(v, VG_MEMORY, "address space"), V_PENDING, "before clone: address space "
	    "pending");
	is_int(row_verdict(v, VG_STACK, "child stack"), V_PENDING, "before clone: stack pending");
	is_int(row_verdict(v, VG_EXIT, "end"), V_PENDING, "before clone: end pending");
	int wrong = 0;
	for (int i = 0; i < v->nrows; i++)
		if (v->rows[i].verdict != V_PENDING && v->rows[i].verdict != V_NONE) {
			diag("  before clone: %s has verdict %s", v->rows[i].label,
			    verdict_word(v->rows[i].verdict));
			wrong++;
		}
	is_int(wrong, 0, "before clone: no row has a verdict yet");

	o->reached = PHASE_STARTED;
	o->ids.pid_self = o->ids.tid = o->ids.tgid = o->ids.pid_in_parent_ns = 101;
	view_build(o, PHASE_STARTED, v);
	is_int(row_verdict(v, VG_IDS, "pid (getpid)"), V_NONE, "child started: pid known");
	is_str(row_child(v, VG_IDS, "pid (getpid)"), "101", "child started: the child's pid");
	is_int(row_verdict(v, VG_EXIT, "end"), V_PENDING, "child started: end still pending");

	free(o);
	free(v);
}

/* Which rows of now differ from before: by group and label, any field. */
static bool
differs(const struct view_row *r, const struct view *before)
{
	for (int k = 0; before && k < before->nrows; k++) {
		const struct view_row *b = &before->rows[k];
		if (b->group == r->group && strcmp(b->label, r->label) == 0)
			return b->verdict != r->verdict || strcmp(b->parent, r->parent) != 0 ||
			    strcmp(b->child, r->child) != 0 || b->bar != r->bar;
	}
	return true;
}

static int
count_changed(const struct view *v)
{
	int n = 0;
	for (int i = 0; i < v->nrows; i++)
		n += v->rows[i].changed;
	return n;
}

static void
test_view_changes(void)
{
	struct observation *o = calloc(1, sizeof(*o));
	struct view *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));

	observation_ran(o);
	view_build(o, PHASE_EXITED, a);
	view_mark_changes(a, NULL);
	is_int(count_changed(a), a->nrows, "no previous phase: every row is new");

	view_build(o, PHASE_EXITED, b);
	view_mark_changes(b, a);
	is_int(count_changed(b), 0, "the same observation again: nothing changed");

	*b = *a;
	int g = -1;
	for (int i = 0; i < b->nrows; i++)
		if (strcmp(b->rows[i].label, "global") == 0)
			g = i;
	if (g >= 0) {
		snprintf(b->rows[g].child, sizeof(b->rows[g].child), "wrote 43");
		view_mark_changes(b, a);
		ok(count_changed(b) == 1 && b->rows[g].changed, "one cell differs: exactly that row "
		    "is marked");
		*b = *a;
		b->rows[g].verdict = V_SHARED;
		view_mark_changes(b, a);
		ok(count_changed(b) == 1 && b->rows[g].changed, "one verdict differs: exactly that row "
		    "is marked");
	} else {
		skip(2, "no global row to change");
	}
	*b = *a;
	for (int i = 0; i < b->nrows; i++)
		if (b->rows[i].bar >= 0)
			b->rows[i].bar = 50;
	view_mark_changes(b, a);
	ok(count_changed(b) == 1, "the stack bar moves: exactly its row is marked");

	/* From one phase to the next, the marks are exactly the differences. */
	observation_init(o);
	o->clone_ok = true;
	o->reached = PHASE_BEFORE;
	o->parent.pid = o->parent.tid = 100;
	view_build(o, PHASE_BEFORE, a);
	observation_ran(o);
	o->reached = PHASE_STARTED;
	o->exit.known = false;
	o->exit.waited_with[0] = '\0';
	view_build(o, PHASE_STARTED, b);
	view_mark_changes(b, a);
	int wrong = 0, marked = 0;
	for (int i = 0; i < b->nrows; i++) {
		bool want = differs(&b->rows[i], a);
		marked += b->rows[i].changed;
		if (b->rows[i].changed != want) {
			diag("  %s: marked %d, differs %d", b->rows[i].label, b->rows[i].changed, want);
			wrong++;
		}
	}
	ok(wrong == 0 && marked > 0 && marked < b->nrows, "before clone -> child started: the %d "
	    "marked rows are those that differ (of %d)", marked, b->nrows);
	const struct view_row *pid = find_row(b, VG_IDS, "pid (getpid)");
	ok(pid && pid->changed, "child started: the pid row is marked");
	const struct view_row *end = find_row(b, VG_EXIT, "end");
	ok(end && !end->changed, "child started: the end row, still pending, is not marked");

	free(o);
	free(a);
	free(b);
}

static void
test_verdict_words(void)
{
	static const struct {
		enum verdict v;
		const char *utf8, *ascii, *word;
	} t[] = {
		{ V_SHARED, "=", "=", "shared" },
		{ V_COPIED, "≠", "!=", "copied" },
		{ V_NEW, "+", "+", "new" },
		{ V_FAILED, "✗", "x", "failed" },
		{ V_REFUSED, "✗", "x", "refused" },
		{ V_UNKNOWN, "?", "?", "unknown" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char name[64];
		snprintf(name, sizeof(name), "verdict %s: %s / %s", t[i].word, t[i].utf8, t[i].ascii);
		ok(strcmp(verdict_symbol(t[i].v, true), t[i].utf8) == 0 &&
		    strcmp(verdict_symbol(t[i].v, false), t[i].ascii) == 0 &&
		    strcmp(verdict_word(t[i].v), t[i].word) == 0, "%s", name);
	}
	is_str(verdict_word(V_NONE), "", "no verdict, no word");
	/* "✗ failed" and the like must fit the verdict column (10 cells at any size). */
	struct layout l;
	layout_compute(LAYOUT_MIN_COLS, LAYOUT_MIN_LINES, &l);
	size_t longest = 0;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t n = strlen(t[i].ascii) + 1 + strlen(t[i].word);
		longest = n > longest ? n : longest;
	}
	ok((int)longest <= l.verdict_w, "the longest verdict (%zu cells, ASCII) fits the verdict "
	    "column (%d)", longest, l.verdict_w);
	for (int g = 0; g < VG_COUNT; g++)
		if (!view_group_names[g] || !view_group_names[g][0])
			diag("  group %d has no name", g);
	int named = 0;
	int longest_group = 0;
	for (int g = 0; g < VG_COUNT; g++) {
		named += view_group_names[g] && view_group_names[g][0];
		int n = view_group_names[g] ? (int)strlen(view_group_names[g]) : 0;
		longest_group = n > longest_group ? n : longest_group;
	}
	is_int(named, VG_COUNT, "every group has a name");
	layout_compute(100, 40, &l);
	/* The pane draws a group's name from group_x + 1 and needs a gap before the label. */
	ok(l.group_w == 0 || longest_group + 2 <= l.group_w, "the longest group name (%d) fits its "
	    "column (%d) with a space before the label", longest_group, l.group_w);
}

/* --- projector mode ------------------------------------------------------------ */

enum { Q_INSIDE, Q_OVERLAP, Q_PROMPT, Q_GROUPS, Q_ROWS, Q_OUTPUT, Q_SMALL, Q_COUNT };

static void
check_projector(int cols, int lines, int ngroups, int lesson, struct property *q)
{
	struct projector_layout p;
	struct named_rect r[8 + LAYOUT_PROJECTOR_GROUPS];
	int n = 0;

	memset(&p, 0x5a, sizeof(p));
	layout_projector(cols, lines, ngroups, lesson, &p);
	r[n++] = (struct named_rect){ "notice", &p.notice };
	r[n++] = (struct named_rect){ "status", &p.status };
	r[n++] = (struct named_rect){ "header", &p.header };
	r[n++] = (struct named_rect){ "lesson", &p.lesson };
	r[n++] = (struct named_rect){ "body", &p.body };
	r[n++] = (struct named_rect){ "syscall", &p.syscall };
	r[n++] = (struct named_rect){ "output", &p.output };
	r[n++] = (struct named_rect){ "prompt", &p.prompt };

	for (int i = 0; i < n; i++)
		if (!rect_inside(r[i].r, cols, lines) || r[i].r->h < 0 || r[i].r->w < 0)
			property_fail(&q[Q_INSIDE], cols, lines, "%s is y %d x %d h %d w %d",
			    r[i].name, r[i].r->y, r[i].r->x, r[i].r->h, r[i].r->w);
	for (int i = 0; i < n; i++)
		for (int k = i + 1; k < n; k++)
			if (rect_overlap(r[i].r, r[k].r))
				property_fail(&q[Q_OVERLAP], cols, lines, "%s (y %d h %d) and %s (y %d h %d)",
				    r[i].name, r[i].r->y, r[i].r->h, r[k].name, r[k].r->y, r[k].r->h);
	if (p.prompt.y != lines - 1 || p.prompt.h != 1 || p.prompt.w != cols)
		property_fail(&q[Q_PROMPT], cols, lines, "prompt is y %d h %d w %d", p.prompt.y,
		    p.prompt.h, p.prompt.w);

	bool small = cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES;
	if (p.too_small != small)
		property_fail(&q[Q_SMALL], cols, lines, "too_small is %s", p.too_small ? "true" : "false");
	if (small)
		return;
	/* Every group inside the body, in order, a blank line apart, each a heading and rows. */
	int want = ngroups < 1 ? 1 : ngroups > LAYOUT_PROJECTOR_GROUPS ? LAYOUT_PROJECTOR_GROUPS :
	    ngroups;
	if (p.ngroups != want)
		property_fail(&q[Q_GROUPS], cols, lines, "%d groups asked, %d laid out", ngroups,
		    p.ngroups);
	for (int i = 0; i < p.ngroups; i++) {
		const struct rect *g = &p.group[i];
		if (g->h != 1 + p.rows || g->y < p.body.y || g->y + g->h > p.body.y + p.body.h ||
		    (i > 0 && g->y != p.group[i - 1].y + p.group[i - 1].h + 1))
			property_fail(&q[Q_GROUPS], cols, lines, "group %d is y %d h %d (body y %d h %d)",
			    i, g->y, g->h, p.body.y, p.body.h);
	}
	if (p.rows < 1 || p.rows > LAYOUT_PROJECTOR_ROWS)
		property_fail(&q[Q_ROWS], cols, lines, "%d rows a group", p.rows);
	/* At 80x24 and above, the full three rows of each of three groups. */
	if (cols >= 80 && lines >= 24 && lesson == 0 && p.rows != LAYOUT_PROJECTOR_ROWS)
		property_fail(&q[Q_ROWS], cols, lines, "%d rows a group, not %d", p.rows,
		    LAYOUT_PROJECTOR_ROWS);
	if (p.output.h < LAYOUT_PROJECTOR_OUTPUT || p.syscall.h != 1 || p.status.h != 1 ||
	    p.output.y + p.output.h != lines - 1)
		property_fail(&q[Q_OUTPUT], cols, lines, "output y %d h %d, syscall h %d", p.output.y,
		    p.output.h, p.syscall.h);
}

static void
test_layout_projector(void)
{
	struct property q[Q_COUNT] = {
		[Q_INSIDE] = { "projector: every region lies inside the screen", 0 },
		[Q_OVERLAP] = { "projector: no two regions overlap", 0 },
		[Q_PROMPT] = { "projector: the prompt is the whole last line", 0 },
		[Q_GROUPS] = { "projector: the groups lie in the body, a line apart", 0 },
		[Q_ROWS] = { "projector: 1 to 3 rows a group, 3 from 80x24", 0 },
		[Q_OUTPUT] = { "projector: a syscall line and 3 or more output lines above the prompt",
		    0 },
		[Q_SMALL] = { "projector: too_small exactly below the pane's minimum", 0 },
	};
	int sizes = 0;
	for (int cols = 1; cols <= 200; cols += 3)
		for (int lines = 1; lines <= MAX_LINES; lines++)
			for (int g = 0; g <= 4; g++)
				for (int lesson = 0; lesson <= 2; lesson += 2, sizes++)
					check_projector(cols, lines, g, lesson, q);
	for (int g = 1; g <= 3; g++, sizes++)
		check_projector(80, 24, g, 0, q);
	check_projector(80, 24, 3, 2, q);
	sizes++;
	for (int i = 0; i < Q_COUNT; i++)
		property_report(&q[i], sizes);

	/* 80x24, the size it is made for: status, header, three groups of 3 rows a
	 * line apart, a blank line, the call, 5 lines of output, the prompt. */
	struct projector_layout p;
	layout_projector(80, 24, 3, 0, &p);
	is_int(p.rows, 3, "projector 80x24: 3 rows under each heading");
	is_int(p.body.y, 2, "projector 80x24: the groups start under the header");
	is_int(p.body.h, 14, "projector 80x24: three groups take 14 lines");
	is_int(p.syscall.y, 17, "projector 80x24: a blank line, then the call");
	is_int(p.output.h, 5, "projector 80x24: 5 lines of output");
	layout_projector(80, 24, 3, 2, &p);
	ok(p.lesson.h == 2 && p.rows == 3, "projector 80x24 with a lesson: 2 lesson lines and "
	    "still 3 rows (lesson %d, rows %d)", p.lesson.h, p.rows);
	layout_projector(LAYOUT_MIN_COLS, LAYOUT_MIN_LINES, 3, 2, &p);
	ok(p.rows >= 1 && p.rows < 3, "projector at the minimum size: fewer rows (%d)", p.rows);
	layout_projector(LAYOUT_MIN_COLS - 1, 24, 3, 0, &p);
	ok(p.too_small, "projector below the minimum: the notice");
}

int
main(void)
{
	test_rect_predicates();
	test_layout_grid();
	test_layout_named();
	test_verdict_words();
	test_view_pending();
	test_view_verdicts();
	test_view_changes();
	test_layout_projector();
	return done_testing();
}
