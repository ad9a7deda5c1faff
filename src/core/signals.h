/* Signals by name and number, as the command language and the
 * observation write them. */
#ifndef CLONESH_SIGNALS_H
#define CLONESH_SIGNALS_H

#include <stddef.h>
#include <stdint.h>

/* "SIGCHLD", "chld", "17", "none" -> 17 / 0; -1 when unknown. */
int signal_parse(const char *s);
/* 17 -> "SIGCHLD"; 0 -> "none"; 34 -> "SIGRTMIN"; 40 -> "SIGRTMIN+6". */
const char *signal_name(int sig, char *buf, size_t len);
/* Back to SIG_DFL, each signal of set (bit sig - 1) but SIGKILL and SIGSTOP,
 * by the raw call: glibc's sigaction refuses 32 and 33, which it keeps for
 * itself, yet a disposition inherited there would show. */
void signals_default(uint64_t set);

#endif
