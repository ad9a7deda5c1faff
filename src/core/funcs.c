#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "funcs.h"
#include "rawsys.h"
#include "util.h"

volatile long lab_global = LAB_GLOBAL_BEFORE;

/* --- tiny libc-free helpers for the child ------------------------------- */

static size_t
c_strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

/* Appends decimal v to buf at *pos (no locale, no errno). */
static void
c_put_long(char *buf, size_t size, size_t *pos, long v)
{
	char tmp[24];
	int n = 0;
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u && n < (int)sizeof(tmp));
	if (v < 0 && *pos + 1 < size)
		buf[(*pos)++] = '-';
	while (n > 0 && *pos + 1 < size)
		buf[(*pos)++] = tmp[--n];
	buf[*pos] = '\0';
}

static void
c_put_str(char *buf, size_t size, size_t *pos, const char *s)
{
	while (*s && *pos + 1 < size)
		buf[(*pos)++] = *s++;
	buf[*pos] = '\0';
}

static void
c_write(int fd, const char *s, size_t len)
{
	while (len > 0) {
		long r = RAW3(SYS_write, fd, s, len);
		if (r <= 0)
			return;
		s += r;
		len -= (size_t)r;
	}
}

static long
c_fail(struct child_ctx *ctx, const char *call, long r)
{
	size_t pos = 0;
	ctx->report->act_result = r;
	c_put_str(ctx->report->act_failed_call, sizeof(ctx->report->act_failed_call), &pos, call);
	return r;
}

/* --- the acts ----------------------------------------------------------- */

static long
act_hello(struct child_ctx *ctx)
{
	char line[128];
	size_t pos = 0;
	c_put_str(line, sizeof(line), &pos, "hello from the child: pid ");
	c_put_long(line, sizeof(line), &pos, RAW0(SYS_getpid));
	c_put_str(line, sizeof(line), &pos, ", tid ");
	c_put_long(line, sizeof(line), &pos, RAW0(SYS_gettid));
	c_put_str(line, sizeof(line), &pos, ", ppid ");
	c_put_long(line, sizeof(line), &pos, RAW0(SYS_getppid));
	c_put_str(line, sizeof(line), &pos, "\n");
	c_write(1, line, pos);
	return 0;
}

/* Exactly the seed article's child: printf in a child that may share the
 * parent's stdout buffer, TLS and locks.  Never call this from clonesh. */
static long
act_seed_hello(struct child_ctx *ctx)
{
	printf("Child pid : %d\n", getpid());
	return 0;
}

/* glibc's close(-1): the kernel says EBADF, and glibc stores it in errno, a
 * word of the TLS block the thread pointer points to, which is the parent's
 * unless the clone passed CLONE_SETTLS (or made a new address space). */
static long
act_libc_close(struct child_ctx *ctx)
{
	int r = close(-1);
	ctx->report->libc_called = true;
	ctx->report->libc_errno = r < 0 ? errno : 0;
	return 0;
}

/* The seed's printf, while the lab holds stdout's lock (flockfile): glibc's
 * stdio lock is recursive and knows its owner by the thread pointer, so a
 * child on the lab's TLS passes it, one with a TLS block of its own waits. */
static long
act_printf_locked(struct child_ctx *ctx)
{
	atomic_store(&ctx->report->printf_state, 1);
	printf("Child pid : %d\n", getpid());
	atomic_store(&ctx->report->printf_state, 2);
	return 0;
}

static long
act_write_global(struct child_ctx *ctx)
{
	lab_global = ctx->cfg->iarg[0];
	ctx->report->global_wrote = ctx->cfg->iarg[0];
	ctx->report->wrote_global = true;
	return 0;
}

static long
act_write_heap(struct child_ctx *ctx)
{
	*ctx->heap_word = ctx->cfg->iarg[0];
	ctx->report->heap_wrote = ctx->cfg->iarg[0];
	ctx->report->wrote_heap = true;
	return 0;
}

static long
act_mmap_new(struct child_ctx *ctx)
{
	long addr = RAW6(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (addr < 0 && addr > -4096)
		return c_fail(ctx, "mmap", addr);
	*(volatile char *)addr = 1;
	ctx->report->mapping = (unsigned long)addr;
	return 0;
}

static long
act_touch_pages(struct child_ctx *ctx)
{
	long n = ctx->cfg->iarg[0];
	for (long i = 0; i < n; i++)
		ctx->pages[(size_t)i * ctx->page] = (unsigned char)(0xC0 + (i & 0x0f));
	ctx->report->pages_touched = (int)n;
	return 0;
}

static long
act_open_fd(struct child_ctx *ctx)
{
	long fd = RAW4(SYS_openat, AT_FDCWD, ctx->cfg->argv[0], O_RDONLY, 0);
	if (fd < 0)
		return c_fail(ctx, "open", fd);
	ctx->report->fd_opened = (int)fd;
	return 0;
}

static long
act_close_fd(struct child_ctx *ctx)
{
	long r = RAW1(SYS_close, ctx->cfg->iarg[0]);
	return r < 0 ? c_fail(ctx, "close", r) : 0;
}

static long
act_seek_fd(struct child_ctx *ctx)
{
	long r = RAW3(SYS_lseek, ctx->cfg->iarg[1], ctx->cfg->iarg[0], SEEK_SET);
	return r < 0 ? c_fail(ctx, "lseek", r) : 0;
}

static void
child_sig_handler(int sig)
{
	(void)sig;
}

#if defined(__x86_64__)
/* x86-64 signal frames need SA_RESTORER; this is glibc's __restore_rt. */
void clonesh_restore_rt(void);
__asm__(".text\n"
	".globl clonesh_restore_rt\n"
	".type clonesh_restore_rt,@function\n"
	".align 16\n"
	"clonesh_restore_rt:\n"
	"\tmovq $15, %rax\n"	/* SYS_rt_sigreturn */
	"\tsyscall\n");

struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};
#define KSA_RESTORER 0x04000000UL
#endif

static long
act_sigaction(struct child_ctx *ctx)
{
	int sig = (int)ctx->cfg->iarg[0];
	const char *how = ctx->cfg->argv[1];
	void (*h)(int) = strcmp(how, "handler") == 0 ? child_sig_handler :
	    strcmp(how, "ignore") == 0 ? SIG_IGN : SIG_DFL;
#if defined(__x86_64__)
	struct kernel_sigaction ksa = {
		.handler = h, .flags = KSA_RESTORER | SA_RESTART,
		.restorer = clonesh_restore_rt, .mask = 0,
	};
	long r = RAW4(SYS_rt_sigaction, sig, &ksa, 0, sizeof(ksa.mask));
#else
	/* Elsewhere glibc's sigaction, which touches errno only on failure. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sa.sa_flags = SA_RESTART;
	long r = sigaction(sig, &sa, NULL) == 0 ? 0 : -EINVAL;
#endif
	return r < 0 ? c_fail(ctx, "rt_sigaction", r) : 0;
}

static long
act_sigmask(struct child_ctx *ctx)
{
	unsigned long set = 1UL << (ctx->cfg->iarg[0] - 1);
	long r = RAW4(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, sizeof(set));
	return r < 0 ? c_fail(ctx, "rt_sigprocmask", r) : 0;
}

static long
act_chdir(struct child_ctx *ctx)
{
	long r = RAW1(SYS_chdir, ctx->cfg->argv[0]);
	return r < 0 ? c_fail(ctx, "chdir", r) : 0;
}

static long
act_umask(struct child_ctx *ctx)
{
	RAW1(SYS_umask, ctx->cfg->iarg[0]);
	return 0;
}

static long
act_sethostname(struct child_ctx *ctx)
{
	/* Checked again here: whatever a caller did, never rename the host. */
	if (!(ctx->cfg->flags & CLONE_NEWUTS))
		return c_fail(ctx, "sethostname", -EPERM);
	const char *name = ctx->cfg->argv[0];
	long r = RAW2(SYS_sethostname, name, c_strlen(name));
	return r < 0 ? c_fail(ctx, "sethostname", r) : 0;
}

static long
act_ids(struct child_ctx *ctx)
{
	char line[160];
	size_t pos = 0;
	c_put_str(line, sizeof(line), &pos, "child ids: pid ");
	c_put_long(line, sizeof(line), &pos, RAW0(SYS_getpid));
	c_put_str(line, sizeof(line), &pos, " tid ");
	c_put_long(line, sizeof(line), &pos, RAW0(SYS_gettid));
	c_put_str(line, sizeof(line), &pos, " ppid ");
	c_put_long(line, sizeof(line), &pos, RAW0(SYS_getppid));
	c_put_str(line, sizeof(line), &pos, " uid ");
	c_put_long(line, sizeof(line), &pos, RAW0(SYS_getuid));
	c_put_str(line, sizeof(line), &pos, " gid ");
	c_put_long(line, sizeof(line), &pos, RAW0(SYS_getgid));
	c_put_str(line, sizeof(line), &pos, "\n");
	c_write(1, line, pos);
	return 0;
}

static long
act_nothing(struct child_ctx *ctx)
{
	return 0;
}

/* Each frame holds a 256-byte array the compiler cannot drop. */
static long __attribute__((noinline))
recurse(volatile long *depth, long left)
{
	volatile char frame[256];
	frame[0] = (char)left;
	frame[255] = (char)left;
	/* The array's address escapes, so no compiler may shrink the frame. */
	__asm__ volatile ("" : : "r"(frame) : "memory");
	(*depth)++;
	if (left > 1)
		return recurse(depth, left - 1) + frame[0];
	return frame[255];
}

static long
act_recurse(struct child_ctx *ctx)
{
	volatile long *depth = &ctx->report->recurse_depth;
	*depth = 0;
	recurse(depth, ctx->cfg->iarg[0]);
	return 0;
}

static long
act_sleep(struct child_ctx *ctx)
{
	struct timespec ts = { .tv_sec = ctx->cfg->iarg[0], .tv_nsec = 0 };
	while (RAW2(SYS_nanosleep, &ts, &ts) == -EINTR)
		;
	return 0;
}

static long
act_spin(struct child_ctx *ctx)
{
	for (volatile unsigned long i = 0; ; i++)
		;
	return 0;
}

/* fork-bomb's limit: RLIMIT_NPROC counts the processes of the real uid. */
#define FORK_BOMB_NPROC 128
#define FORK_BOMB_UID 65534	/* nobody: the kernel exempts uid 0 from RLIMIT_NPROC */

/* Every process it makes forks too, without end.  What contains it: the
 * kernel refuses fork() (EAGAIN) once the uid has FORK_BOMB_NPROC processes,
 * and the timeout kills the lab's process group, which every descendant
 * stays in (none calls setpgid or setsid). */
static long
act_fork_bomb(struct child_ctx *ctx)
{
	struct { unsigned long cur, max; } lim = { FORK_BOMB_NPROC, FORK_BOMB_NPROC }, old;
	char line[200];
	size_t pos = 0;

	/* Lowering a limit is always allowed; never raise one the lab was given. */
	if (RAW4(SYS_prlimit64, 0, RLIMIT_NPROC, 0, &old) == 0 && old.max < lim.max)
		lim.cur = lim.max = old.max;
	long r = RAW4(SYS_prlimit64, 0, RLIMIT_NPROC, &lim, 0);
	if (r < 0)
		return c_fail(ctx, "prlimit64", r);
	/* uid 0 ignores RLIMIT_NPROC: give it up, for this task only (raw call,
	 * not glibc's setresuid, which would change every thread of the lab). */
	if (RAW0(SYS_getuid) == 0)
		RAW3(SYS_setresuid, FORK_BOMB_UID, FORK_BOMB_UID, FORK_BOMB_UID);
	if (RAW0(SYS_getuid) == 0) {
		c_put_str(line, sizeof(line), &pos, "fork-bomb: uid 0 here cannot become nobody (a new "
		    "user namespace maps only uid 0), and uid 0 ignores RLIMIT_NPROC: not forking\n");
		c_write(1, line, pos);
		return c_fail(ctx, "setresuid", -EPERM);
	}

	bool first = true;
	long made = 0;
	struct timespec retry = { 0, 10000000 };
	for (;;) {
		/* fork(): SIGCHLD and no stack, so the new process returns here too. */
		long pid = RAW6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
		if (pid == 0) {
			first = false;
			continue;
		}
		if (pid > 0) {
			made++;
			continue;
		}
		if (first) {
			c_put_str(line, sizeof(line), &pos, "fork-bomb: fork() failed with errno ");
			c_put_long(line, sizeof(line), &pos, -pid);
			c_put_str(line, sizeof(line), &pos, pid == -EAGAIN ? " (EAGAIN)" : "");
			c_put_str(line, sizeof(line), &pos, " after ");
			c_put_long(line, sizeof(line), &pos, made);
			c_put_str(line, sizeof(line), &pos, " forks of the child's own and more by its "
			    "descendants: RLIMIT_NPROC ");
			c_put_long(line, sizeof(line), &pos, (long)lim.max);
			c_put_str(line, sizeof(line), &pos, " holds; every process keeps trying\n");
			c_write(1, line, pos);
			first = false;
		}
		/* Refused forks still cost a task allocation: do not spin on them. */
		RAW2(SYS_nanosleep, &retry, 0);
	}
	return 0;
}

/* --- what happens after the observer released the child ---------------- */

static int
finish_zero(struct child_ctx *ctx)
{
	return 0;
}

static int
finish_exit(struct child_ctx *ctx)
{
	return (int)ctx->cfg->iarg[0];
}

static NO_SANITIZE int
finish_crash(struct child_ctx *ctx)
{
	const char *how = ctx->cfg->argv[0];
	long tgid = RAW0(SYS_getpid), tid = RAW0(SYS_gettid);

	if (strcmp(how, "SEGV") == 0) {
		volatile int *volatile null_page = NULL;
		*null_page = 1;
	} else if (strcmp(how, "FPE") == 0) {
		volatile int zero = 0;
		volatile int x = 1 / zero;
		(void)x;
	}
	int sig = strcmp(how, "ABRT") == 0 ? SIGABRT : strcmp(how, "BUS") == 0 ? SIGBUS :
	    strcmp(how, "FPE") == 0 ? SIGFPE : SIGSEGV;
	RAW3(SYS_tgkill, tgid, tid, sig);
	return 128 + sig;
}

struct exec_allowed {
	const char *name;
	const char *paths[3];
};

static const struct exec_allowed exec_allowlist[] = {
	{ "true", { "/usr/bin/true", "/bin/true", NULL } },
	{ "false", { "/usr/bin/false", "/bin/false", NULL } },
	{ "echo", { "/usr/bin/echo", "/bin/echo", NULL } },
	/* Nobody, root included, can create a file in /proc: execve fails with ENOENT. */
	{ "missing", { "/proc/self/clonesh-missing-program", NULL, NULL } },
};

static const char *const exec_words[] = { "true", "false", "echo", "missing", NULL };
static const char *const crash_words[] = { "SEGV", "ABRT", "BUS", "FPE", NULL };
static const char *const disp_words[] = { "handler", "ignore", "default", NULL };

static int
finish_exec(struct child_ctx *ctx)
{
	const struct experiment *e = ctx->cfg;
	const char *argv[FN_MAX_ARGS + 1];
	const char *envp[] = { "PATH=/usr/bin:/bin", NULL };
	int argc = 0;

	for (int i = 0; i < e->argc && i < FN_MAX_ARGS; i++)
		argv[argc++] = e->argv[i];
	argv[argc] = NULL;
	long r = -ENOENT;
	for (size_t i = 0; i < ARRAY_SIZE(exec_allowlist); i++) {
		if (strcmp(exec_allowlist[i].name, e->argv[0]) != 0)
			continue;
		for (int p = 0; exec_allowlist[i].paths[p]; p++) {
			r = RAW3(SYS_execve, exec_allowlist[i].paths[p], argv, envp);
			if (r != -ENOENT)
				break;
		}
	}
	ctx->report->exec_errno = -r;
	return 127;
}

/* --- the table ---------------------------------------------------------- */

#define NOWORDS { NULL, NULL, NULL, NULL }

const struct child_func funcs_table[] = {
	{ "hello", "", 0, 0, { ARG_NONE }, NOWORDS, { 0 }, { 0 }, { NULL },
	  "writes its pid, tid and ppid with write(2)",
	  "ids, output",
	  "The child prints one line with write(2): its pid, tid and parent's pid as it sees "
	  "them. write(2) is a plain system call, so it is safe in any child, even one that "
	  "shares the parent's memory and TLS.",
	  false, AFTER_RETURN, act_hello, finish_zero },
	{ "seed-hello", "", 0, 0, { ARG_NONE }, NOWORDS, { 0 }, { 0 }, { NULL },
	  "printf(\"Child pid : %d\\n\", getpid()), as the seed article's child does",
	  "output, stdio",
	  "The seed article's child: printf() from a child that, with CLONE_VM, prints into "
	  "the parent's stdout buffer (a global) and, without CLONE_SETTLS, runs on the "
	  "parent's TLS (explain tls). Nothing orders its "
	  "printf against one in the parent: in the seed program the parent prints right "
	  "after clone() returns, the lines come in either order, and now and then one is "
	  "lost or mangled, or malloc's heap is corrupted. Every "
	  "other function uses raw system calls for that reason.",
	  true, AFTER_RETURN, act_seed_hello, finish_zero },
	{ "printf-locked", "", 0, 0, { ARG_NONE }, NOWORDS, { 0 }, { 0 }, { NULL },
	  "the seed's printf while the parent holds flockfile(stdout); does it wait for the lock?",
	  "output, stdio",
	  "The lab takes stdout's lock with flockfile() before the clone. The child calls "
	  "printf(\"Child pid : %d\\n\", getpid()), which takes the same lock; the lab gives the "
	  "child 300 ms to finish, notes whether it did, and only then calls funlockfile(). glibc's "
	  "stdio lock is recursive and recognises its owner by the thread pointer: a CLONE_VM child "
	  "without CLONE_SETTLS has the lab's, and goes straight through; a child with a TLS block "
	  "of its own (CLONE_SETTLS, as a thread) waits until the lab lets go.",
	  true, AFTER_RETURN, act_printf_locked, finish_zero },
	{ "libc-close", "", 0, 0, { ARG_NONE }, NOWORDS, { 0 }, { 0 }, { NULL },
	  "calls glibc's close(-1), which fails with EBADF and sets errno; does the parent's errno change?",
	  "memory",
	  "The child calls glibc's close(-1). The kernel refuses with EBADF and glibc stores it in "
	  "errno, which lives in thread-local storage, found through the thread pointer. The lab "
	  "sets its own errno to 0 before the clone and clonesh reads it after the child acted. A "
	  "CLONE_VM child without CLONE_SETTLS runs on the lab's TLS block, so the lab's errno "
	  "becomes EBADF although the lab called nothing; with CLONE_SETTLS the child has a block of "
	  "its own, and without CLONE_VM it writes its own copy.",
	  false, AFTER_RETURN, act_libc_close, finish_zero },
	{ "write-global", "[V]", 0, 1, { ARG_INT }, NOWORDS, { -1000000000 }, { 1000000000 }, { "42" },
	  "stores V (default 42) in a global variable the parent reads afterwards",
	  "memory",
	  "The child stores V in a global variable that holds 7 before every experiment. With "
	  "CLONE_VM parent and child are one address space and the parent reads V; without it "
	  "the child wrote its own copy-on-write copy and the parent still reads 7.",
	  false, AFTER_RETURN, act_write_global, finish_zero },
	{ "write-heap", "[V]", 0, 1, { ARG_INT }, NOWORDS, { -1000000000 }, { 1000000000 }, { "42" },
	  "stores V (default 42) in a word the parent malloc'd before the clone",
	  "memory",
	  "The lab malloc()s a word and stores 11 in it before the clone; the child writes V "
	  "through the pointer. The heap is ordinary memory: shared with CLONE_VM, copied on "
	  "write without it.",
	  false, AFTER_RETURN, act_write_heap, finish_zero },
	{ "mmap-new", "", 0, 0, { ARG_NONE }, NOWORDS, { 0 }, { 0 }, { NULL },
	  "maps a new anonymous page; is it in the parent's /proc/PID/maps?",
	  "memory",
	  "The child calls mmap() for one new page and writes to it. With CLONE_VM the mapping "
	  "appears in the parent's /proc/PID/maps too, because there is one list of mappings; "
	  "without it the parent's address space does not change.",
	  false, AFTER_RETURN, act_mmap_new, finish_zero },
	{ "touch-pages", "N", 1, 1, { ARG_INT }, NOWORDS, { 1 }, { LAB_PAGES }, { NULL },
	  "writes the first N of 64 pages the parent filled before the clone",
	  "memory",
	  "The lab fills 64 private pages before the clone. The child writes one byte in each "
	  "of the first N. Without CLONE_VM each written page is copied for the child (copy on "
	  "write) and the parent keeps its own; clonesh reads /proc/PID/pagemap to show which "
	  "pages parent and child still share.",
	  false, AFTER_RETURN, act_touch_pages, finish_zero },
	{ "open-fd", "[PATH]", 0, 1, { ARG_PATH }, NOWORDS, { 0 }, { 0 }, { "/etc/passwd" },
	  "opens PATH read-only (default /etc/passwd); does the parent get the fd?",
	  "fds",
	  "The child opens PATH read-only. With CLONE_FILES parent and child use one file "
	  "descriptor table, so the new fd appears in the parent too; without it only the "
	  "child's copy of the table gets it.",
	  false, AFTER_RETURN, act_open_fd, finish_zero },
	{ "close-fd", "[FD]", 0, 1, { ARG_INT }, NOWORDS, { 0 }, { 1023 }, { "3" },
	  "closes FD (default 3, the lab's file); is it closed in the parent?",
	  "fds",
	  "The child closes FD (by default fd 3, a file the lab opened before the clone). With "
	  "CLONE_FILES the one shared table loses the fd and the parent's fd 3 is gone too; "
	  "without it only the child's copy of the table changes.",
	  false, AFTER_RETURN, act_close_fd, finish_zero },
	{ "seek-fd", "OFFSET [FD]", 1, 2, { ARG_INT, ARG_INT }, NOWORDS, { 0, 0 }, { 1L << 30, 1023 },
	  { NULL, "3" },
	  "moves the offset of FD (default 3) to OFFSET; does the parent's offset move?",
	  "fds",
	  "The child calls lseek() on FD. The offset lives in the open file description, not "
	  "in the fd table, and a copied table still points at the same description: the "
	  "parent's offset moves even without CLONE_FILES.",
	  false, AFTER_RETURN, act_seek_fd, finish_zero },
	{ "sigaction", "SIG handler|ignore|default", 2, 2, { ARG_SIGNAL, ARG_WORD },
	  { NULL, disp_words, NULL, NULL }, { 1, 0 }, { 64, 0 }, { NULL, NULL },
	  "sets the disposition of SIG; does the parent's change?",
	  "signals",
	  "The child installs a handler for SIG, ignores it, or restores the default. With "
	  "CLONE_SIGHAND parent and child share one table of handlers and the parent's "
	  "disposition changes too; without it the child changed its own copy.",
	  false, AFTER_RETURN, act_sigaction, finish_zero },
	{ "sigmask", "SIG", 1, 1, { ARG_SIGNAL }, NOWORDS, { 1 }, { 64 }, { NULL },
	  "blocks SIG in the child's signal mask; is the parent's mask changed?",
	  "signals",
	  "The child blocks SIG. The blocked mask belongs to each task and is never shared, "
	  "not even by CLONE_SIGHAND or CLONE_THREAD: the parent's mask stays as it was.",
	  false, AFTER_RETURN, act_sigmask, finish_zero },
	{ "chdir", "[PATH]", 0, 1, { ARG_PATH }, NOWORDS, { 0 }, { 0 }, { "/tmp" },
	  "changes the working directory (default /tmp); does the parent's change?",
	  "fs",
	  "The child changes its current directory. With CLONE_FS parent and child share root, "
	  "cwd and umask, so the parent moves too; without it only the child moves.",
	  false, AFTER_RETURN, act_chdir, finish_zero },
	{ "umask", "MODE", 1, 1, { ARG_OCTAL }, NOWORDS, { 0 }, { 0777 }, { NULL },
	  "sets the umask (octal); does the parent's change?",
	  "fs",
	  "The child sets its umask. The umask lives with cwd and root in the fs information: "
	  "shared with CLONE_FS, copied without it.",
	  false, AFTER_RETURN, act_umask, finish_zero },
	{ "sethostname", "NAME", 1, 1, { ARG_STRING }, NOWORDS, { 1 }, { 64 }, { NULL },
	  "renames the host, only inside a new UTS namespace (needs newuts)",
	  "uts",
	  "The child calls sethostname(). clonesh allows it only with CLONE_NEWUTS, so the "
	  "name changes in the child's own UTS namespace and never on this machine; the parent "
	  "keeps its hostname.",
	  false, AFTER_RETURN, act_sethostname, finish_zero },
	{ "ids", "", 0, 0, { ARG_NONE }, NOWORDS, { 0 }, { 0 }, { NULL },
	  "writes its pid, tid, ppid, uid and gid as it sees them",
	  "ids, output",
	  "The child prints its ids as it sees them. In a new pid namespace it is pid 1 with "
	  "ppid 0; in a new user namespace it is uid 65534 until its parent writes a uid map.",
	  false, AFTER_RETURN, act_ids, finish_zero },
	{ "exit", "N", 1, 1, { ARG_INT }, NOWORDS, { 0 }, { 255 }, { NULL },
	  "returns N from the child function: the exit status",
	  "exit",
	  "The child function returns N. glibc's clone() wrapper passes the return value to "
	  "the exit system call, so N becomes the status the parent collects with waitpid().",
	  false, AFTER_RETURN, act_nothing, finish_exit },
	{ "crash", "[SEGV|ABRT|BUS|FPE]", 0, 1, { ARG_WORD }, { crash_words, NULL, NULL, NULL },
	  { 0 }, { 0 }, { "SEGV" },
	  "dies of a fatal signal after the observation (default SEGV)",
	  "exit",
	  "After clonesh has observed it, the child dies of a fatal signal: SEGV writes to a "
	  "null pointer, FPE divides by zero, ABRT and BUS are sent with tgkill(). The parent "
	  "sees 'killed by signal'. If the child is a thread (CLONE_THREAD), the whole thread "
	  "group dies with it, parent included.",
	  false, AFTER_CRASH, act_nothing, finish_crash },
	{ "recurse", "DEPTH", 1, 1, { ARG_INT }, NOWORDS, { 1 }, { 10000000 }, { NULL },
	  "calls itself DEPTH times with a 256-byte frame each: stack use and overflow",
	  "stack",
	  "The child recurses DEPTH times, each frame holding 256 bytes. The stack grows down "
	  "towards the guard page; past it the child dies of SIGSEGV, a stack overflow. "
	  "Without a guard page the child writes into whatever lies below its stack.",
	  false, AFTER_RETURN, act_recurse, finish_zero },
	{ "sleep", "SECONDS", 1, 1, { ARG_INT }, NOWORDS, { 0 }, { 3600 }, { NULL },
	  "sleeps SECONDS before it acts (past the timeout the lab is killed)",
	  "time",
	  "The child sleeps with nanosleep(). A sleep longer than the timeout shows how clonesh "
	  "kills a hanging lab and keeps going.",
	  false, AFTER_RETURN, act_sleep, finish_zero },
	{ "spin", "", 0, 0, { ARG_NONE }, NOWORDS, { 0 }, { 0 }, { NULL },
	  "loops forever; the timeout ends it",
	  "time",
	  "The child never stops computing. clonesh kills the lab when the timeout expires and "
	  "reports the phase it was in.",
	  false, AFTER_RETURN, act_spin, finish_zero },
	{ "fork-bomb", "", 0, 0, { ARG_NONE }, NOWORDS, { 0 }, { 0 }, { NULL },
	  "forks without end, and so does every process it makes; contained",
	  "time, ids",
	  "The child, and every process it makes, calls fork() in a loop that never ends. "
	  "Two limits contain it. RLIMIT_NPROC: the child sets it to 128 processes first and, "
	  "as uid 0 is exempt from it, gives up root for uid 65534 (nobody); past 128 processes "
	  "of that uid the kernel refuses fork() with EAGAIN. The timeout: clonesh then kills "
	  "the lab's process group, and every descendant is in it, as nobody calls setpgid(), "
	  "so none survives. In a new user namespace, where only uid 0 is mapped, the child "
	  "cannot give up root and does not fork at all.",
	  false, AFTER_RETURN, act_fork_bomb, finish_zero },
	{ "exec", "PROGRAM [ARGS]", 1, FN_MAX_ARGS, { ARG_WORD, ARG_STRING, ARG_STRING, ARG_STRING },
	  { exec_words, NULL, NULL, NULL }, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { NULL },
	  "calls execve() on true, false, echo or missing after the observation",
	  "exit, memory",
	  "After clonesh has observed it, the child replaces its program with execve(). Only "
	  "true, false and echo are allowed, and missing: /proc/self/clonesh-missing-program, "
	  "a path that cannot exist because nobody can create files in /proc, so execve fails "
	  "with ENOENT and the child exits 127, as a shell does for a command not found. With "
	  "CLONE_VFORK the exec is the moment the parent wakes up; with CLONE_VM the child "
	  "leaves the shared address space for a new one.",
	  false, AFTER_EXEC, act_nothing, finish_exec },
};

const size_t funcs_count = ARRAY_SIZE(funcs_table);

const struct child_func *
funcs_find(const char *name)
{
	for (size_t i = 0; i < funcs_count; i++)
		if (strcasecmp(funcs_table[i].name, name) == 0)
			return &funcs_table[i];
	return NULL;
}

static int
parse_long(const char *s, int base, long *out)
{
	char *end;
	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	long v = strtol(s, &end, base);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int
parse_arg(const struct child_func *f, int i, const char *text, struct experiment *e,
    char *err, size_t errlen)
{
	long v = 0;
	const char *argname = i == 0 ? "first argument" : i == 1 ? "second argument" : "argument";

	if (strlen(text) >= FN_ARG_LEN) {
		snprintf(err, errlen, "%s: %s is %zu bytes long (at most %d)", f->name, argname,
		    strlen(text), FN_ARG_LEN - 1);
		return -1;
	}
	switch (f->kinds[i]) {
	case ARG_NONE:
		break;
	case ARG_INT:
		if (parse_long(text, 10, &v) < 0 || v < f->lo[i] || v > f->hi[i]) {
			snprintf(err, errlen, "%s: \"%s\" is not a whole number from %ld to %ld "
			    "(usage: %s %s)", f->name, text, f->lo[i], f->hi[i], f->name, f->usage);
			return -1;
		}
		break;
	case ARG_OCTAL:
		if (parse_long(text, 8, &v) < 0 || v < f->lo[i] || v > f->hi[i]) {
			snprintf(err, errlen, "%s: \"%s\" is not an octal mode from 0 to 0777 "
			    "(try 022, 077)", f->name, text);
			return -1;
		}
		break;
	case ARG_SIGNAL:
		v = signal_parse(text);
		if (v <= 0) {
			snprintf(err, errlen, "%s: \"%s\" is not a signal (try SIGUSR1, USR2, TERM, "
			    "or a number from 1 to 64)", f->name, text);
			return -1;
		}
		if (v == SIGKILL || v == SIGSTOP) {
			snprintf(err, errlen, "%s: %s cannot be caught, blocked or ignored "
			    "(try SIGUSR1, SIGTERM, SIGINT)", f->name, v == SIGKILL ? "SIGKILL" : "SIGSTOP");
			return -1;
		}
		break;
	case ARG_WORD: {
		const char *const *w = f->words[i];
		bool found = false;
		char list[160] = "";
		for (int k = 0; w && w[k]; k++) {
			if (strcasecmp(w[k], text) == 0) {
				found = true;
				text = w[k];
			}
			str_append(list, sizeof(list), "%s%s", k ? ", " : "", w[k]);
		}
		if (!found) {
			snprintf(err, errlen, "%s: \"%s\" is not allowed here (allowed: %s)", f->name,
			    text, list);
			return -1;
		}
		break;
	}
	case ARG_STRING:
		if (f->hi[i] && (long)strlen(text) > f->hi[i]) {
			snprintf(err, errlen, "%s: \"%s\" is longer than %ld bytes", f->name, text,
			    f->hi[i]);
			return -1;
		}
		if (!*text && f->lo[i]) {
			snprintf(err, errlen, "%s: the %s is empty (usage: %s %s)", f->name, argname,
			    f->name, f->usage);
			return -1;
		}
		break;
	case ARG_PATH:
		if (!*text) {
			snprintf(err, errlen, "%s: the path is empty (usage: %s %s)", f->name, f->name,
			    f->usage);
			return -1;
		}
		break;
	}
	str_copy(e->argv[i], text, FN_ARG_LEN);
	e->iarg[i] = v;
	return 0;
}

int
funcs_parse_args(const struct child_func *f, struct experiment *e, int argc,
    char *const argv[], char *err, size_t errlen)
{
	struct experiment tmp = *e;

	if (argc < f->min_args || argc > f->max_args) {
		if (f->max_args == 0)
			snprintf(err, errlen, "%s: takes no arguments", f->name);
		else
			snprintf(err, errlen, "%s: %s arguments (usage: %s %s)", f->name,
			    argc < f->min_args ? "missing" : "too many", f->name, f->usage);
		return -1;
	}
	memset(tmp.argv, 0, sizeof(tmp.argv));
	memset(tmp.iarg, 0, sizeof(tmp.iarg));
	tmp.argc = 0;
	for (int i = 0; i < f->max_args; i++) {
		const char *text = i < argc ? argv[i] : f->defaults[i];
		if (!text)
			break;
		if (parse_arg(f, i, text, &tmp, err, errlen) < 0)
			return -1;
		tmp.argc = i + 1;
	}
	tmp.fn = f;
	*e = tmp;
	return 0;
}
