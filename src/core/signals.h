/* Signals by name and number, as the command language and the
 * observation write them. */
#ifndef CLONESH_SIGNALS_H
#define CLONESH_SIGNALS_H

#include <stddef.h>

/* "SIGCHLD", "chld", "17", "none" -> 17 / 0; -1 when unknown. */
int signal_parse(const char *s);
/* 17 -> "SIGCHLD"; 0 -> "none"; 34 -> "SIGRTMIN"; 40 -> "SIGRTMIN+6". */
const char *signal_name(int sig, char *buf, size_t len);

#endif
