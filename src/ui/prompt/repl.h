/* The plain interactive front end: GNU readline at a terminal, with
 * history and completion from the command table. */
#ifndef CLONESH_REPL_H
#define CLONESH_REPL_H

struct session;

/* Runs first(s, arg) first when not NULL (demo_plain, handed in by main.c:
 * the demo sits on the prompt, not under it), then reads and runs lines
 * until quit, end of input, or "pane on" (which sets ui_state.switch_front); the
 * exit status.  SIGINT interrupts a line or an experiment; SIGTERM, SIGHUP
 * and SIGQUIT end clonesh once readline has given the terminal back. */
int repl_run(struct session *s, void (*first)(struct session *s, const char *arg),
    const char *arg);

/* Inside repl_run: one key, unechoed; EOF on Ctrl-C or a signal that ends
 * clonesh. */
int repl_key(void);

/* Inside repl_run: reads and runs lines at prompt; 0 when a line is just
 * until (not run), -1 at end of input, quit, a switch or a signal. */
int repl_loop(struct session *s, const char *prompt, const char *until);

/* readline's setup shared by both front ends: name, completion, history. */
void repl_readline_init(void);
/* Saves the history file; the next repl_readline_init starts over. */
void repl_readline_done(void);
/* Adds a line to the history, in memory and in the history file. */
void repl_remember(const char *line);

#endif
