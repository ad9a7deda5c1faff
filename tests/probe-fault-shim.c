/*
 * A test's LD_PRELOAD shim: makes clonesh's probes fail, one kind at a time,
 * so that tests/probe-faults.sh can check that every row they feed says "not
 * measured" with a reason and never a verdict.
 *
 * PROBE_FAULT names the probes that fail, separated by commas:
 *   kcmp        every kcmp(2) returns EPERM
 *   kcmp-file   only KCMP_FILE (the per-fd comparison) does
 *   ioprio      ioprio_get(2) returns EPERM
 *   status stat ns fd fdinfo cwd maps mem pagemap cgroup
 *               /proc/PID/<that entry> of another process cannot be opened,
 *               read or stat'ed (EACCES); for ns, the pidfd's namespace ioctls fail
 *               too (EACCES), as they read the same
 *   fd-count    stat(2) of /proc/PID/fd gives size 0, as before Linux 6.2
 *               (where it counts the open fds): the fds are listed instead
 *   pidfd       every pidfd ioctl (PIDFD_GET_*) fails with ENOTTY, as on a
 *               kernel before 6.11: the probes take their /proc path
 * Only the process that loaded the shim (clonesh, the observer) is affected:
 * the lab and the child are forked from it and keep their own /proc.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/kcmp.h>

static pid_t observer;

__attribute__((constructor)) static void
shim_init(void)
{
	observer = getpid();
}

static int
fault(const char *name)
{
	const char *list = getenv("PROBE_FAULT");
	size_t n = strlen(name);
	if (!list || getpid() != observer)
		return 0;
	for (const char *p = list; *p; ) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/* /proc/N/ENTRY... of another process whose entry is faulted. */
static int
proc_fault(const char *path)
{
	if (!path || strncmp(path, "/proc/", 6) != 0)
		return 0;
	char *end;
	long pid = strtol(path + 6, &end, 10);
	if (end == path + 6 || *end != '/' || pid == (long)observer)
		return 0;
	char entry[32];
	size_t i = 0;
	for (const char *p = end + 1; *p && *p != '/' && i + 1 < sizeof(entry); p++)
		entry[i++] = *p;
	entry[i] = '\0';
	return fault(entry);
}

#define REAL(type, name, args) \
	static type (*real) args; \
	if (!real) \
		real = (type (*) args)dlsym(RTLD_NEXT, name)

int
open(const char *path, int flags, ...)
{
	REAL(int, "open", (const char *, int, ...));
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
	va_end(ap);
	if (proc_fault(path)) {
		errno = EACCES;
		return -1;
	}
	return real(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	REAL(int, "open64", (const char *, int, ...));
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
	va_end(ap);
	if (proc_fault(path)) {
		errno = EACCES;
		return -1;
	}
	return real(path, flags, mode);
}

FILE *
fopen(const char *path, const char *mode)
{
	REAL(FILE *, "fopen", (const char *, const char *));
	if (proc_fault(path)) {
		errno = EACCES;
		return NULL;
	}
	return real(path, mode);
}

FILE *
fopen64(const char *path, const char *mode)
{
	REAL(FILE *, "fopen64", (const char *, const char *));
	if (proc_fault(path)) {
		errno = EACCES;
		return NULL;
	}
	return real(path, mode);
}

ssize_t
readlink(const char *path, char *buf, size_t size)
{
	REAL(ssize_t, "readlink", (const char *, char *, size_t));
	if (proc_fault(path)) {
		errno = EACCES;
		return -1;
	}
	return real(path, buf, size);
}

/* Whether path is /proc/N/fd of another process, with fd-count faulted. */
static int
fd_count_fault(const char *path)
{
	size_t n = path ? strlen(path) : 0;
	return n > 3 && strcmp(path + n - 3, "/fd") == 0 && proc_fault(path) == 0 &&
	    strncmp(path, "/proc/", 6) == 0 && fault("fd-count") && atol(path + 6) != (long)observer;
}

/* stat(2) of /proc/PID/fd, whose size counts the open fds (probe_fds_counted). */
#define STAT_SHIM(name, type) \
	int \
	name(const char *path, type *st) \
	{ \
		REAL(int, #name, (const char *, type *)); \
		if (proc_fault(path)) { \
			errno = EACCES; \
			return -1; \
		} \
		int r = real(path, st); \
		if (r == 0 && fd_count_fault(path)) \
			st->st_size = 0; \
		return r; \
	}
STAT_SHIM(stat, struct stat)
STAT_SHIM(stat64, struct stat64)

long
syscall(long nr, ...)
{
	REAL(long, "syscall", (long, ...));
	va_list ap;
	long a[6];
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_kcmp && (fault("kcmp") || (a[2] == KCMP_FILE && fault("kcmp-file")))) {
		errno = EPERM;
		return -1;
	}
	if (nr == SYS_ioprio_get && fault("ioprio")) {
		errno = EPERM;
		return -1;
	}
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

int
ioctl(int fd, unsigned long request, ...)
{
	REAL(int, "ioctl", (int, unsigned long, ...));
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	/* The pidfd ioctls are type 0xFF; numbers 1 to 10 give a namespace. */
	if (_IOC_TYPE(request) == 0xFF) {
		if (fault("pidfd")) {
			errno = ENOTTY;
			return -1;
		}
		if (_IOC_NR(request) >= 1 && _IOC_NR(request) <= 10 && fault("ns")) {
			errno = EACCES;
			return -1;
		}
	}
	return real(fd, request, arg);
}
