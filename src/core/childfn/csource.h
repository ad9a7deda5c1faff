/* C source for `code`: what teach/codegen.c hands a child function's code
 * hook (funcs.h), and the helpers both write the program with. */
#ifndef CLONESH_CSOURCE_H
#define CLONESH_CSOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct experiment;

struct csource {
	FILE *f;
	const struct experiment *e;
	bool vfork;		/* CLONE_VFORK: the parent sleeps in clone(); the child measures */
	bool thread;		/* CLONE_THREAD: no waitpid, and a fatal signal ends the parent too */
	bool settls;		/* CLONE_SETTLS: the child has a TLS block of its own */
};

void csource_printf(struct csource *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void csource_puts(struct csource *c, const char *text);
/* s as a C string literal, quotes included. */
const char *csource_quote(const char *s, char *buf, size_t size);
/* A signal as C: SIGUSR1, or a number for real-time signals. */
const char *csource_signal(int sig, char *buf, size_t size);

#endif
