/* What the glibc clonesh runs on does that a sentence depends on. */
#ifndef CLONESH_GLIBC_H
#define CLONESH_GLIBC_H

#include <stdbool.h>
#include <stddef.h>

/* How printf in a CLONE_VM child without CLONE_SETTLS meets stdout's lock,
 * for this glibc's version: one or two sentences into buf, returned. */
const char *glibc_stdout_lock_text(char *buf, size_t len);
/* Whether this glibc's printf takes stdout's lock in a process with a single
 * thread (2.36 and older; 2.37 and later skip it until pthread_create). */
bool glibc_printf_locks_alone(void);

#endif
