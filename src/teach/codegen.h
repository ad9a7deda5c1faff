/* The experiment turned back into code: a standalone C program that makes
 * the same clone, or the unshare(1) command line for namespace-only flags. */
#ifndef CLONESH_CODEGEN_H
#define CLONESH_CODEGEN_H

#include <stdbool.h>
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

/* The fields of the observation (paths of report --json) that the program's
 * printed lines tell: its kcmp verdicts, whether clone was refused and with
 * which errno, how the child ended, the global the parent reads, what a
 * caught exit signal carried.  A prediction of any other field cannot be
 * graded from a program's output.  Whether path is one of them: */
bool codegen_tells(const char *path);
/* Them in words, for an error. */
const char *codegen_told_list(char *buf, size_t size);

/* The C compiler code --run and code --edit use: $CC, else cc, looked up in
 * $PATH; its name in *cc, and false when there is none. */
bool codegen_compiler(const char **cc);

/* A change of the program, "s/OLD/NEW/": OLD, a literal text (no regular
 * expression), replaced by NEW.  How many times OLD occurs in text; when it
 * is exactly once, *out is the changed text (malloc'd), else NULL. */
int codegen_edit_apply(const char *text, const char *old, const char *new_text, char **out);
/* Whether changing old into new_text touches only flag and signal names
 * (CLONE_*, SIG*), numbers and "|": all a lesson's change may do, since
 * --run-lesson compiles and runs what it makes (a lesson is content from
 * elsewhere: it may change the experiment, not add code). */
bool codegen_edit_safe(const char *old, const char *new_text);

#endif
