/* The ncurses pane: the only module that includes <curses.h>.  It draws a
 * model it is given and hands back keys; it knows nothing of readline. */
#ifndef CLONESH_PANE_H
#define CLONESH_PANE_H

#include <stdbool.h>
#include <stdio.h>

#include "layout.h"
#include "scrollback.h"
#include "view.h"

struct cost_result;
struct kgraph;
struct md_line;

/* What a line of a lesson's page is, for its colour and weight. */
enum page_role {
	PAGE_ROLE_TEXT, PAGE_ROLE_COMMAND, PAGE_ROLE_QUESTION, PAGE_ROLE_NOTE, PAGE_ROLE_RIGHT,
	PAGE_ROLE_WRONG, PAGE_ROLE_DONE,
};

struct pane_page_line {
	const struct md_line *line;	/* wrapped to the region's width */
	enum page_role role;
};

/* A lesson step as the learner reads it: its header, then its lines from
 * top on, as many as the region holds. */
struct pane_page {
	const char *header;
	const struct pane_page_line *lines;
	int nlines;
	int top;
};

#define PANE_KEY_NONE (-1)
#define PANE_KEY_RESIZE (-2)

struct pane_model {
	const char *status;		/* the status line's text */
	const char *phase_line;		/* the pane's header: phase, live state, step prompt */
	const struct view *view;
	const struct kgraph *graph;	/* the same phase's kernel objects */
	bool diagram;			/* draw graph as the diagram, not view's rows */
	const struct cost_result *cost;	/* a cost's figures: drawn as its chart, or NULL */
	const char *syscall;
	const char *lesson;		/* a demo's step (lines), or NULL */
	const struct pane_page *page;	/* the lesson's page, or NULL */
	int page_lines;			/* the lines the page asks for, its header included */
	bool rows_kept;			/* beside a page: false, the pane gives it all rows but one */
	const struct scrollback *out;
	const char *prompt;
	const char *line;		/* readline's buffer */
	int point;			/* cursor, a byte offset into line */
	bool projector;			/* few, large elements for a class */
	bool light;			/* projector: the scheme for bright rooms */
	unsigned int focus;		/* projector: groups shown, 1 << VG_*; 0 the default */
};

/* Whether stdin and stdout are a terminal that can hold the pane (TERM set,
 * not dumb). */
bool pane_possible(void);
/* Takes the terminal; mono forces the monochrome scheme (so do NO_COLOR and
 * a terminal without colours), else each draw picks the model's scheme.  0, or -1 with
 * nothing changed when the terminal cannot be used. */
int pane_open(bool mono);
/* Gives the terminal back; safe to call twice. */
void pane_close(void);
bool pane_is_open(void);
/* Ctrl-Z: gives the terminal back, stops clonesh's job (suspend_job) and,
 * once continued, takes the terminal again for the next draw, which
 * repaints everything.  0, or -1 when clonesh could not be stopped. */
int pane_suspend(void);
/* Leaves curses mode for a program that needs the terminal (lend true: the
 * terminal as the shell had it), then takes it back (false: the next draw
 * repaints everything, at the terminal's size). */
void pane_lend(bool lend);
/* Restores the terminal from a signal handler (async-signal-safe). */
void pane_emergency_restore(void);
/* Lays out and draws everything, in one doupdate. */
void pane_draw(const struct pane_model *m);
/* Forces a full repaint on the next draw (Ctrl-L). */
void pane_invalidate(void);
/* The next input byte, PANE_KEY_RESIZE, or PANE_KEY_NONE when none waits. */
int pane_key(void);
/* Where a lesson's page of page_lines lines goes on the current screen, in
 * projector mode or not, beside rows of an observation or none. */
void pane_lesson_rect(int page_lines, unsigned int focus, bool has_rows, bool projector,
    struct rect *r);
/* The layout of the current screen; page_lines as in the model. */
void pane_layout(struct layout *l, int page_lines);
/* Writes the screen as it is now as text, one line a row; -1 when the pane
 * is not open or the write failed. */
int pane_snapshot(FILE *f);
/* Writes the screen as it is now as a terminal would be sent it, for a
 * recording: from the top-left corner, each row with SGR codes for the
 * attributes and colours the room sees (attributes only in monochrome),
 * newlines between rows, then the cursor's place; -1 as pane_snapshot. */
int pane_frame(FILE *f);
/* Hands the recorder the screen as it is now, while a recording runs. */
void pane_record(void);

#endif
