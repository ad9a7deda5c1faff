/*
 * clonesh-probe: the program clonesh's exec-probe child function execs.  It
 * says what it found of its process right after execve, in one line that
 * clonesh reads (src/model/exec-report.c parses it):
 *
 *   clonesh-probe 1 pid=P ppid=P uid=U euid=U gid=G egid=G umask=0027
 *     blocked=HEX ignored=HEX caught=HEX fds=0,1,2,6 cloexec=
 *     marker=absent cwd=/the/cwd
 *
 * (one line; the masks have bit N-1 for signal N; fds lists the open fds
 * and cloexec those of them with FD_CLOEXEC; marker says whether the
 * address the child's old program had written a marker at is readable here
 * and holds it: "absent", "held", "other", or "none" when not asked; cwd
 * goes last and takes the rest of the line, a backslash or a newline in it
 * written \\ and \n).
 *
 * Usage: clonesh-probe [--fd N] [--marker ADDR:VALUE]   (hex, no 0x)
 *
 * It opens no file before it lists the fds, changes nothing of its state,
 * and asks the kernel directly (rt_sigaction, rt_sigprocmask, fcntl): no
 * /proc, which a chroot may lack.  It is built without sanitizers, whose
 * runtime would install signal handlers of its own.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FD_SCAN_MAX 4096
#define REPORT_MAX 4000		/* one write below PIPE_BUF: never interleaved */

struct report {
	char buf[REPORT_MAX];
	size_t len;
	int overflow;
};

static void
put(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
put(struct report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->buf + r->len, sizeof(r->buf) - r->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(r->buf) - r->len)
		r->overflow = 1;
	else
		r->len += (size_t)n;
}

/* The kernel's struct sigaction, read whole with the raw call: glibc's
 * sigaction refuses 32 and 33, which it keeps for itself. */
struct ksigaction {
	unsigned long handler, flags, restorer;
	uint64_t mask;
};

static void
signal_masks(uint64_t *ignored, uint64_t *caught, uint64_t *blocked)
{
	*ignored = *caught = *blocked = 0;
	for (int sig = 1; sig <= 64; sig++) {
		struct ksigaction ka;
		if (syscall(SYS_rt_sigaction, sig, NULL, &ka, sizeof(ka.mask)) != 0)
			continue;
		if (ka.handler == (unsigned long)SIG_IGN)
			*ignored |= 1ULL << (sig - 1);
		else if (ka.handler != (unsigned long)SIG_DFL)
			*caught |= 1ULL << (sig - 1);
	}
	uint64_t set = 0;
	if (syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &set, sizeof(set)) == 0)
		*blocked = set;
}

/* The open fds, and which of them have FD_CLOEXEC; fcntl opens nothing. */
static void
list_fds(struct report *r)
{
	struct rlimit rl;
	int max = FD_SCAN_MAX;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)max)
		max = (int)rl.rlim_cur;
	int flags[FD_SCAN_MAX];
	for (int fd = 0; fd < max; fd++)
		flags[fd] = fcntl(fd, F_GETFD);
	const char *sep = "";
	put(r, " fds=");
	for (int fd = 0; fd < max; fd++)
		if (flags[fd] >= 0) {
			put(r, "%s%d", sep, fd);
			sep = ",";
		}
	sep = "";
	put(r, " cloexec=");
	for (int fd = 0; fd < max; fd++)
		if (flags[fd] >= 0 && (flags[fd] & FD_CLOEXEC)) {
			put(r, "%s%d", sep, fd);
			sep = ",";
		}
}

/* Whether addr is readable in this address space, and holds value: a
 * write from it into a pipe fails with EFAULT where nothing is mapped,
 * where reading it directly would fault. */
static const char *
marker_state(const char *arg)
{
	if (!arg)
		return "none";
	char *end;
	unsigned long addr = strtoul(arg, &end, 16);
	if (*end != ':')
		return "none";
	unsigned long value = strtoul(end + 1, NULL, 16);
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return "none";
	unsigned long got = 0;
	ssize_t n = write(p[1], (const void *)addr, sizeof(got));
	if (n == (ssize_t)sizeof(got) && read(p[0], &got, sizeof(got)) != (ssize_t)sizeof(got))
		n = -1;
	close(p[0]);
	close(p[1]);
	if (n != (ssize_t)sizeof(got))
		return "absent";
	return got == value ? "held" : "other";
}

static void
put_cwd(struct report *r)
{
	char cwd[1024];
	if (!getcwd(cwd, sizeof(cwd))) {
		put(r, " cwd=");
		return;
	}
	put(r, " cwd=");
	for (const char *p = cwd; *p; p++) {
		if (*p == '\\')
			put(r, "\\\\");
		else if (*p == '\n')
			put(r, "\\n");
		else
			put(r, "%c", *p);
	}
}

int
main(int argc, char **argv)
{
	int out = 1;
	const char *marker = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--fd") == 0 && i + 1 < argc)
			out = atoi(argv[++i]);
		else if (strcmp(argv[i], "--marker") == 0 && i + 1 < argc)
			marker = argv[++i];
		else {
			fprintf(stderr, "clonesh-probe: unknown argument \"%s\" (usage: clonesh-probe "
			    "[--fd N] [--marker ADDR:VALUE])\n", argv[i]);
			return 2;
		}
	}

	struct report r = { .len = 0 };
	uint64_t ignored, caught, blocked;
	signal_masks(&ignored, &caught, &blocked);
	mode_t mask = umask(0);
	umask(mask);
	put(&r, "clonesh-probe 1 pid=%ld ppid=%ld uid=%ld euid=%ld gid=%ld egid=%ld umask=%04o",
	    (long)getpid(), (long)getppid(), (long)getuid(), (long)geteuid(), (long)getgid(),
	    (long)getegid(), (unsigned)mask);
	put(&r, " blocked=%llx ignored=%llx caught=%llx", (unsigned long long)blocked,
	    (unsigned long long)ignored, (unsigned long long)caught);
	list_fds(&r);
	put(&r, " marker=%s", marker_state(marker));
	put_cwd(&r);
	if (r.overflow) {
		fprintf(stderr, "clonesh-probe: the report does not fit %d bytes\n", REPORT_MAX);
		return 1;
	}
	put(&r, "\n");
	return write(out, r.buf, r.len) == (ssize_t)r.len ? 0 : 1;
}
