/* code --run: compiling and running the exported program (cmd/ only). */
#ifndef CLONESH_CODE_RUN_H
#define CLONESH_CODE_RUN_H

#include <stdbool.h>
#include <stddef.h>

struct observation;

struct code_result {
	char output[8192];	/* what it wrote to stdout and stderr, cut there */
	size_t len;
	bool timed_out;		/* killed with its process group at the timeout */
	int status;		/* its wait status */
};

/* Compiles src into prog with $CC or cc, its messages into errfile: 0, 1
 * when the compiler refused the program, -1 when there is no compiler or it
 * could not run (msg says which, and what to install). */
int code_compile(const char *src, const char *prog, const char *errfile, char *msg, size_t size);
/* Runs prog in a process group of its own, stdin /dev/null, for at most
 * timeout_ms; 0, or -1 with errno when it could not start. */
int code_execute(const char *prog, int timeout_ms, struct code_result *r);

/* What a program's output told (code_observation). */
enum { CODE_TOLD_CLONE = 1, CODE_TOLD_EXIT = 2 };
/* Fills o with what the program printed, in the fields codegen_told names
 * (its kcmp verdicts, clone's answer, the end, the global, the caught exit
 * signal); everything else not measured.  Returns CODE_TOLD_* for the lines
 * it found. */
unsigned int code_observation(const struct code_result *r, struct observation *o);
/* Whether o, made by code_observation with told, gives a value for path:
 * one of codegen_told's fields, printed by this run. */
bool code_tells(const struct observation *o, unsigned int told, const char *path);

#endif
