/* The plain interactive front end: GNU readline at a terminal, with
 * history and completion from the command table. */
#ifndef CLONESH_REPL_H
#define CLONESH_REPL_H

struct session;

/* Reads and runs lines until quit or end of input; the exit status. */
int repl_run(struct session *s);

#endif
