#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"
#include "util.h"

/* What the act sets up for execve to keep, reset or close. */
#define EXEC_SIG_HANDLED SIGUSR1
#define EXEC_SIG_IGNORED SIGUSR2
#define EXEC_SIG_BLOCKED SIGALRM
#define EXEC_UMASK 027
#define EXEC_CWD "/"
#define EXEC_MARKER 0xc1035eedUL

/* The kernel's struct sigaction on x86-64 and aarch64 (SA_RESTORER on both). */
struct exec_ksigaction {
	unsigned long handler, flags, restorer;
	uint64_t mask;
};

#if defined(__x86_64__)
/* sigaction.c's trampoline: a handler on x86-64 needs SA_RESTORER. */
void clonesh_restore_rt(void);
#define EXEC_RESTORER ((unsigned long)clonesh_restore_rt)
#define EXEC_SA_RESTORER 0x04000000UL
#else
#define EXEC_RESTORER 0UL
#define EXEC_SA_RESTORER 0UL
#endif

static void
exec_probe_handler(int sig)
{
	(void)sig;
}

/* In the child, raw calls only: two fds, a handled, an ignored and a
 * blocked signal, a umask, a cwd, and a marker word in a page of its own. */
static long
act_exec_probe(struct child_ctx *ctx)
{
	struct exec_before *b = &ctx->report->exec_before;
	b->fd_cloexec = b->fd_plain = -1;
	b->sig_handled = EXEC_SIG_HANDLED;
	b->sig_ignored = EXEC_SIG_IGNORED;
	b->sig_blocked = EXEC_SIG_BLOCKED;

	long fd = RAW4(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return act_fail(ctx, "openat", fd);
	b->fd_cloexec = (int)fd;
	fd = RAW4(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY, 0);
	if (fd < 0)
		return act_fail(ctx, "openat", fd);
	b->fd_plain = (int)fd;

	struct exec_ksigaction handled = {
		.handler = (unsigned long)exec_probe_handler, .flags = SA_RESTART | EXEC_SA_RESTORER,
		.restorer = EXEC_RESTORER,
	}, ignored = { .handler = (unsigned long)SIG_IGN };
	long r = RAW4(SYS_rt_sigaction, EXEC_SIG_HANDLED, &handled, 0, sizeof(handled.mask));
	if (r == 0)
		r = RAW4(SYS_rt_sigaction, EXEC_SIG_IGNORED, &ignored, 0, sizeof(ignored.mask));
	if (r < 0)
		return act_fail(ctx, "rt_sigaction", r);
	uint64_t block = 1ULL << (EXEC_SIG_BLOCKED - 1);
	r = RAW4(SYS_rt_sigprocmask, SIG_BLOCK, &block, 0, sizeof(block));
	if (r < 0)
		return act_fail(ctx, "rt_sigprocmask", r);

	RAW1(SYS_umask, EXEC_UMASK);
	r = RAW1(SYS_chdir, EXEC_CWD);
	if (r < 0)
		return act_fail(ctx, "chdir", r);

	long page = RAW6(SYS_mmap, 0, ctx->page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	if (page < 0 && page > -4096)
		return act_fail(ctx, "mmap", page);
	*(volatile unsigned long *)page = EXEC_MARKER;
	b->marker_addr = (unsigned long)page;
	b->marker_value = EXEC_MARKER;
	return 0;
}

/* The child's state right before execve, as it reads it itself. */
static void
exec_record(struct exec_before *b)
{
	b->pid = RAW0(SYS_getpid);
	b->uid = RAW0(SYS_getuid);
	b->euid = RAW0(SYS_geteuid);
	b->gid = RAW0(SYS_getgid);
	b->egid = RAW0(SYS_getegid);
	long old = RAW1(SYS_umask, 0);
	RAW1(SYS_umask, old);
	b->umask = (int)old;
	uint64_t set = 0;
	if (RAW4(SYS_rt_sigprocmask, SIG_BLOCK, 0, &set, sizeof(set)) == 0)
		b->blocked = set;
	for (int sig = 1; sig <= 64; sig++) {
		struct exec_ksigaction ka;
		if (RAW4(SYS_rt_sigaction, sig, 0, &ka, sizeof(ka.mask)) != 0)
			continue;
		if (ka.handler == (unsigned long)SIG_IGN)
			b->ignored |= 1ULL << (sig - 1);
		else if (ka.handler != (unsigned long)SIG_DFL)
			b->caught |= 1ULL << (sig - 1);
	}
	if (RAW2(SYS_getcwd, b->cwd, sizeof(b->cwd)) < 0)
		b->cwd[0] = '\0';
	b->recorded = true;
}

/* "ADDR:VALUE" in hex, as the probe's --marker takes it; no stdio here. */
static void
exec_marker_arg(char *buf, unsigned long addr, unsigned long value)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	for (int pass = 0; pass < 2; pass++) {
		unsigned long v = pass ? value : addr;
		char tmp[16];
		int k = 0;
		do
			tmp[k++] = hex[v & 15];
		while ((v >>= 4) != 0);
		while (k > 0)
			buf[n++] = tmp[--k];
		buf[n++] = pass ? '\0' : ':';
	}
}

static int
finish_exec_probe(struct child_ctx *ctx)
{
	struct exec_before *b = &ctx->report->exec_before;
	exec_record(b);
	if (!ctx->exec_path || !ctx->exec_path[0]) {
		ctx->report->exec_errno = ENOENT;
		return 127;
	}
	char marker[40];
	exec_marker_arg(marker, b->marker_addr, b->marker_value);
	const char *argv[] = { "clonesh-probe", "--marker", marker, NULL };
	const char *envp[] = { NULL };
	long r = RAW3(SYS_execve, ctx->exec_path, argv, envp);
	ctx->report->exec_errno = -r;
	return 127;
}

/* The probe: $CLONESH_PROBE, else the build tree's (src/probe-path beside
 * this clonesh), else the installed one. */
static bool
exec_probe_program(char *path, size_t size, char *why, size_t whylen)
{
	char build[PATH_MAX];
	const char *env = getenv("CLONESH_PROBE");
	const char *p = env && *env ? env : build_tree_dir("probe-path", build, sizeof(build));
	if (!p)
		p = PKGLIBEXECDIR "/clonesh-probe";
	if (access(p, X_OK) != 0) {
		snprintf(why, whylen, "the probe program %s is not there (%s)", p, strerror(errno));
		return false;
	}
	str_copy(path, p, size);
	return true;
}

/* Its C for `code`: the same state, then the probe clonesh found now (it
 * is a program of clonesh's, not something to paste), or a note. */
static bool
write_code(struct csource *c, enum code_at at)
{
	char path[PATH_MAX], why[256], q[PATH_MAX * 4 + 8];
	switch (at) {
	case CODE_GLOBALS:
		csource_puts(c, "/* exec-probe: the child's marker page, whose address it hands the probe. */\n"
		    "static volatile unsigned long *exec_marker;\n\n");
		return true;
	case CODE_HELPERS:
		csource_puts(c, "/* exec-probe's handler: it does nothing, and does not survive execve. */\n"
		    "static void\nexec_probe_handler(int sig)\n{\n\t(void)sig;\n}\n\n"
		    "/* v in hex at buf, then c; the next place.  No stdio in the child. */\n"
		    "static char *\nexec_hex(char *buf, unsigned long v, char c)\n{\n"
		    "\tchar tmp[16];\n\tint k = 0;\n"
		    "\tdo\n\t\ttmp[k++] = \"0123456789abcdef\"[v & 15];\n\twhile ((v >>= 4) != 0);\n"
		    "\twhile (k > 0)\n\t\t*buf++ = tmp[--k];\n\t*buf++ = c;\n\treturn buf;\n}\n\n");
		return true;
	case CODE_ACT:
		csource_puts(c, "\t/* exec-probe: an fd with O_CLOEXEC and one without, a handled, an\n"
		    "\t * ignored and a blocked signal, a umask, a cwd, a marker word.\n"
		    "\t * glibc's sigaction() and sigprocmask() set errno only when they fail. */\n"
		    "\tlong r = RAW4(SYS_openat, AT_FDCWD, \"/dev/null\", O_RDONLY | O_CLOEXEC, 0);\n"
		    "\tif (r >= 0)\n"
		    "\t\tr = RAW4(SYS_openat, AT_FDCWD, \"/dev/null\", O_RDONLY, 0);\n"
		    "\tif (r < 0)\n"
		    "\t\tchild_failed(s, \"openat\", r);\n"
		    "\tstruct sigaction sa;\n"
		    "\tmemset(&sa, 0, sizeof(sa));\n"
		    "\tsa.sa_handler = exec_probe_handler;\n"
		    "\tsigaction(SIGUSR1, &sa, NULL);\n"
		    "\tsa.sa_handler = SIG_IGN;\n"
		    "\tsigaction(SIGUSR2, &sa, NULL);\n"
		    "\tsigset_t block;\n"
		    "\tsigemptyset(&block);\n"
		    "\tsigaddset(&block, SIGALRM);\n"
		    "\tsigprocmask(SIG_BLOCK, &block, NULL);\n"
		    "\tRAW1(SYS_umask, 027);\n"
		    "\tRAW1(SYS_chdir, \"/\");\n"
		    "\tlong page = RAW6(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,\n"
		    "\t    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);\n"
		    "\tif (page < 0 && page > -4096)\n"
		    "\t\tchild_failed(s, \"mmap\", page);\n"
		    "\telse\n"
		    "\t\t*(exec_marker = (volatile unsigned long *)page) = 0xc1035eedUL;\n");
		return true;
	case CODE_FINISH:
		csource_puts(c, "\t/* exec: clonesh's probe reports what it found of this process. */\n"
		    "\tchar marker[40] = \"0:0\";\n"
		    "\tif (exec_marker)\n"
		    "\t\texec_hex(exec_hex(marker, (unsigned long)exec_marker, ':'), *exec_marker, '\\0');\n"
		    "\tconst char *argv[] = { \"clonesh-probe\", \"--marker\", marker, NULL };\n"
		    "\tconst char *envp[] = { NULL };\n");
		if (exec_probe_program(path, sizeof(path), why, sizeof(why)))
			csource_printf(c, "\tlong r = RAW3(SYS_execve, %s, argv, envp);\n",
			    csource_quote(path, q, sizeof(q)));
		else
			csource_printf(c, "\t/* When this was written, %s. */\n"
			    "\tlong r = RAW3(SYS_execve, \"clonesh-probe\", argv, envp);\n", why);
		csource_puts(c, "\t/* The probe is a program of clonesh's, installed with it: say so. */\n"
		    "\tstatic const char note[] = \"exec-probe: execve of clonesh-probe failed: it is \"\n"
		    "\t    \"a program of clonesh's, installed with clonesh\\n\";\n"
		    "\tRAW3(SYS_write, 2, note, sizeof(note) - 1);\n"
		    "\tchild_failed(s, \"execve\", r);\n"
		    "\treturn 127;\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_exec_probe = {
	.name = "exec-probe",
	.usage = "",
	.min_args = 0, .max_args = 0,
	.summary = "sets fds, signals, umask, cwd, then execs clonesh's probe: what did exec keep?",
	.touches = "exit, memory, fds, signals, fs",
	.explain = "The child opens /dev/null twice (with O_CLOEXEC and without), handles SIGUSR1, "
	    "ignores SIGUSR2, blocks SIGALRM, sets its umask to 027 and its cwd to /, and writes a "
	    "marker word in a new page. After clonesh has observed it, it calls execve() on "
	    "clonesh-probe, a small program that reports its own fds, signals, umask, cwd and ids, "
	    "and whether the marker's address holds anything in its new address space.",
	.after = AFTER_EXEC,
	.act = act_exec_probe,
	.finish = finish_exec_probe,
	.program = exec_probe_program,
	.code = { .needs = CODE_NEEDS_FAILED, .write = write_code },
};
