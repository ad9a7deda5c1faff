/* code --run: compiling and running the exported program (cmd/ only). */
#ifndef CLONESH_CODE_RUN_H
#define CLONESH_CODE_RUN_H

#include <stdbool.h>
#include <stddef.h>

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

#endif
