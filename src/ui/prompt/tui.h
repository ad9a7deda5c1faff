/* The pane front end: the ncurses pane beside a readline prompt. */
#ifndef CLONESH_TUI_H
#define CLONESH_TUI_H

#include <stdbool.h>

struct session;

/* Whether stdin and stdout are a terminal that can hold the pane. */
bool tui_available(void);
/* Runs the pane (playing the demo script first when demo is not NULL) until quit, end of input, a terminating signal (raised again
 * once the terminal is restored) or "pane off" (ui_state.switch_front).  -1 when
 * the terminal cannot hold the pane (nothing changed). */
int tui_run(struct session *s, bool mono, const char *demo);

#endif
