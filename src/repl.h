/* The plain interactive front end: GNU readline at a terminal, with
 * history and completion from the command table. */
#ifndef CLONESH_REPL_H
#define CLONESH_REPL_H

struct session;

/* Reads and runs lines until quit, end of input, or "pane on" (which sets
 * s->switch_front); the exit status. */
int repl_run(struct session *s);

/* readline's setup shared by both front ends: name, completion, history. */
void repl_readline_init(void);
/* Saves the history file; the next repl_readline_init starts over. */
void repl_readline_done(void);
/* Adds a line to the history, in memory and in the history file. */
void repl_remember(const char *line);

#endif
