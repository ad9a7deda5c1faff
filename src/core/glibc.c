#include "config.h"

#include <gnu/libc-version.h>
#include <stdio.h>

#include "glibc.h"

/*
 * Measured with glibc 2.36 (Debian 12): printf takes stdout's recursive lock
 * even in a single-threaded process (the lock's count is 1 inside printf,
 * its owner the thread pointer), and a CLONE_VM child's printf, while the
 * parent holds flockfile(stdout), raises the count to 2 and goes through,
 * where a pthread blocks.  glibc 2.37's vfprintf (stdio-common/
 * vfprintf-internal.c) skips the lock when !_IO_need_lock (s), that is until
 * the first pthread_create; measured with glibc 2.41 (Debian 13, make
 * check-environments): the child's printf goes through while the parent holds
 * flockfile(stdout), with CLONE_SETTLS too.
 */
bool
glibc_printf_locks_alone(void)
{
	int major = 0, minor = 0;
	return sscanf(gnu_get_libc_version(), "%d.%d", &major, &minor) != 2 ||
	    !(major > 2 || (major == 2 && minor >= 37));
}

const char *
glibc_stdout_lock_text(char *buf, size_t len)
{
	const char *v = gnu_get_libc_version();

	if (!glibc_printf_locks_alone())
		snprintf(buf, len, "glibc %s, which clonesh runs on, takes no lock in printf while it "
		    "believes the process has a single thread (glibc 2.37 and later skip it): the "
		    "child's printf goes straight into stdout's buffer, even while the parent holds "
		    "flockfile(stdout), where a thread made by pthread_create would wait.", v);
	else
		snprintf(buf, len, "glibc %s, which clonesh runs on, takes stdout's lock in every printf, "
		    "even with a single thread. That lock is recursive and knows its owner by the "
		    "thread pointer, which the child shares with its parent: while the parent holds it "
		    "(flockfile(stdout), or in its own printf), the child's printf counts itself as the "
		    "owner and goes straight through, where a thread made by pthread_create would "
		    "wait.", v);
	return buf;
}
