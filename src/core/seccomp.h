/* seccomp: the filter the lab installs just before its clone (the experiment's
 * seccomp_deny and seccomp_clone3_enosys), built here as a BPF program. */
#ifndef CLONESH_SECCOMP_H
#define CLONESH_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>

struct experiment;

/* Whether e asks the lab for a filter. */
bool seccomp_wanted(const struct experiment *e);
/* Installs e's filter in the calling process: PR_SET_NO_NEW_PRIVS, then
 * seccomp(SECCOMP_SET_MODE_FILTER).  0, or the errno of the call that failed,
 * with its name ("prctl", "seccomp") in *what. */
int seccomp_install(const struct experiment *e, const char **what);
/* Why no filter can be tried here as the lesson and the tests need it, or
 * NULL: no seccomp in this kernel, no filters, an architecture whose filter
 * clonesh does not build, or clonesh already under a filter (a container's
 * profile), whose answers would mix with the lab's. */
const char *seccomp_unavailable(void);
/* The errno e's filter answers its own clone or clone3 with, or 0 when the
 * filter lets the call through: what the filter was built to say, compared
 * by the observer with the errno the kernel returned. */
int seccomp_answer(const struct experiment *e);

#endif
