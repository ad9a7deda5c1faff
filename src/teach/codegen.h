/* The experiment turned back into code: a standalone C program that makes
 * the same clone, or the unshare(1) command line for namespace-only flags. */
#ifndef CLONESH_CODEGEN_H
#define CLONESH_CODEGEN_H

#include <stddef.h>
#include <stdio.h>

struct experiment;

/* Writes a C program (gcc -Wall -Wextra -Werror clean) that makes the
 * experiment e and prints what it observes, one "what: value" a line.
 * 0, or -1 with a one-line message in err. */
int codegen_c(const struct experiment *e, FILE *f, char *err, size_t errlen);

/* Writes the unshare(1) command line that makes the namespaces of e, and a
 * line saying what differs; -1 with a message naming the flags that are not
 * namespace flags. */
int codegen_unshare(const struct experiment *e, FILE *f, char *err, size_t errlen);

#endif
