/* The ncurses pane: the only module that includes <curses.h>.  It draws a
 * model it is given and hands back keys; it knows nothing of readline. */
#ifndef CLONESH_PANE_H
#define CLONESH_PANE_H

#include <stdbool.h>
#include <stdio.h>

#include "layout.h"
#include "scrollback.h"
#include "view.h"

#define PANE_KEY_NONE (-1)
#define PANE_KEY_RESIZE (-2)

struct pane_model {
	const char *status;		/* the status line's text */
	const char *phase_line;		/* the pane's header: phase, live state, step prompt */
	const struct view *view;
	const char *syscall;
	const char *lesson;		/* the lesson step's text (lines), or NULL */
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
/* Restores the terminal from a signal handler (async-signal-safe). */
void pane_emergency_restore(void);
/* Lays out and draws everything, in one doupdate. */
void pane_draw(const struct pane_model *m);
/* Forces a full repaint on the next draw (Ctrl-L). */
void pane_invalidate(void);
/* The next input byte, PANE_KEY_RESIZE, or PANE_KEY_NONE when none waits. */
int pane_key(void);
/* The layout of the current screen. */
void pane_layout(struct layout *l);
/* Writes the screen as it is now as text, one line a row; -1 when the pane
 * is not open or the write failed. */
int pane_snapshot(FILE *f);

#endif
