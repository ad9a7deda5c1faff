#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codegen.h"
#include "csource.h"
#include "experiment.h"
#include "flags.h"
#include "funcs.h"
#include "resources.h"
#include "util.h"

#include "clone-compat.h"

#define NS_FLAGS flags_with(FLAG_NAMESPACE)

/* What the program needs, decided once from the experiment. */
struct gen {
	const struct experiment *e;
	FILE *f;
	struct csource cs;	/* what the function's own C is written with */
	const char *fn;		/* the child function's name */
	unsigned needs;		/* the generic parts it needs (enum code_needs) */
	bool vfork;		/* the parent sleeps in clone(): the child measures */
	bool thread;		/* no waiting: futex or /proc/self/task */
	bool reparent;		/* CLONE_PARENT without CLONE_THREAD: a grandparent reaps */
	bool clone3;
	bool settls;
	bool idmap;		/* CLONE_NEWUSER: the parent writes the id maps */
	bool guard;
	bool seed;		/* the seed article's child: its fixes are commented */
	bool fatal_signal;	/* an exit signal whose default action ends the parent */
	bool procsig;		/* the child's signal state read from /proc */
	bool catch;		/* signal catch on: an SA_SIGINFO handler for the exit signal */
	bool seccomp;		/* the lab's seccomp filter, installed just before the clone */
};

static void __attribute__((format(printf, 2, 3)))
P(struct gen *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(g->f, fmt, ap);
	va_end(ap);
}

static void
S(struct gen *g, const char *text)
{
	fputs(text, g->f);
}

/* "\tstatic const int types[6] = { KCMP_VM, ... };" of the resource table (its
 * kcmp types, or its names as strings), wrapped before column 100. */
static void
emit_resource_list(struct gen *g, const char *decl, bool kcmp)
{
	char item[48];
	int col = 7 + fprintf(g->f, "\t%s[%d] = {", decl, SH_COUNT);	/* a tab is 8 columns */

	for (int k = 0; k < SH_COUNT; k++) {
		const struct resource *r = &resources_table[k];
		const char *end = k + 1 < SH_COUNT ? "," : " };";
		int n = kcmp ? snprintf(item, sizeof(item), " KCMP_%s%s", r->kcmp_name, end) :
		    snprintf(item, sizeof(item), " \"%s\"%s", r->name, end);
		if (col + n > 100) {
			S(g, "\n\t   ");
			col = 11;
		}
		S(g, item);
		col += n;
	}
	S(g, "\n");
}

/* The i-th namespace in the order code lists them (print_ns, unshare(1)). */
static const struct namespace *
ns_in_code_order(int i)
{
	for (int k = 0; k < NS_COUNT; k++)
		if (namespaces_table[k].code_order == i)
			return &namespaces_table[k];
	return &namespaces_table[i];
}

/* The child function's own C at one place of the program; false when it
 * has none there. */
static bool
fn_code(struct gen *g, enum code_at at)
{
	const struct fn_code *code = &g->e->fn->code;
	return code->write && code->write(&g->cs, at);
}

/* Text safe inside a comment: no "*" "/" pair, nothing unprintable. */
static const char *
c_comment(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	for (; *s && n + 2 < size; s++) {
		char c = (*s < 0x20 || *s == 0x7f) ? ' ' : *s;
		if (c == '/' && n > 0 && buf[n - 1] == '*')
			buf[n++] = ' ';
		buf[n++] = c;
	}
	buf[n] = '\0';
	return buf;
}

/* The flags as C, "CLONE_VM | CLONE_FILES | SIGCHLD"; with_signal for clone(). */
static void
c_flags(const struct experiment *e, bool with_signal, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < flags_count; i++)
		if (e->flags & flags_table[i].value)
			str_append(buf, size, "%s%s", buf[0] ? " | " : "", flags_table[i].name);
	if (with_signal && e->exit_signal) {
		char sig[32];
		str_append(buf, size, "%s%s", buf[0] ? " | " : "", csource_signal(e->exit_signal, sig,
		    sizeof(sig)));
	}
	if (!buf[0])
		str_copy(buf, "0", size);
}

static void
c_args(const struct experiment *e, char *buf, size_t size)
{
	char tmp[FN_ARG_LEN + 8];
	buf[0] = '\0';
	for (int i = 0; i < e->argc; i++)
		str_append(buf, size, " %s", c_comment(e->argv[i], tmp, sizeof(tmp)));
}

/* --- the top: what, how to build, where it works ------------------------ */

static void
emit_header(struct gen *g)
{
	const struct experiment *e = g->e;
	char fl[512], args[FN_MAX_ARGS * (FN_ARG_LEN + 8)], sig[32], size[32];

	c_flags(e, false, fl, sizeof(fl));
	c_args(e, args, sizeof(args));
	S(g, "/*\n * A clone experiment, written by clonesh's \"code\" command.\n *\n");
	P(g, " *   variant      %s\n", g->clone3 ? "clone3 (the raw system call)" :
	    "clone (glibc's wrapper)");
	P(g, " *   flags        %s\n", fl);
	P(g, " *   exit signal  %s%s\n", e->exit_signal ? signal_name(e->exit_signal, sig, sizeof(sig)) :
	    "none", g->catch ? ", caught by a handler (SA_SIGINFO)" : "");
	P(g, " *   stack        %s, %s\n", size_format(e->stack_size, size, sizeof(size)),
	    g->guard ? "with a guard page" : "no guard page");
	P(g, " *   child        %s%s\n", g->fn, args);
	S(g, " *\n"
	    " * The parent makes the child, lets it act, looks at what changed and prints\n"
	    " * one observation a line, \"what: value\" (\"vm: shared\", \"exit: status 0\").\n"
	    " * Parent and child take turns through two futex words in a MAP_SHARED page,\n"
	    " * which both see whatever the flags: the child says \"started\" and \"acted\",\n"
	    " * the parent lets it go on once it has looked.  kcmp(2) tells what they\n"
	    " * share; it needs the child alive, so the child waits to be released.\n"
	    " *\n"
	    " * Build: cc -Wall -Wextra -o clone-experiment clone-experiment.c\n"
	    " * Runs on Linux on x86-64 and aarch64 (glibc 2.32 or later): the child enters\n"
	    " * the kernel through a few lines of inline assembly for those two, and\n");
	if (g->clone3)
		S(g, " * clone3's child starts on its new stack through an assembly trampoline.\n");
	else
		S(g, " * nothing else is architecture-specific.\n");
	if (e->flags & NS_FLAGS)
		S(g, " * Namespace flags need root (CAP_SYS_ADMIN), or CLONE_NEWUSER alongside.\n");
	if (g->seccomp)
		S(g, " * Just before the clone it installs a seccomp filter on itself (and so on\n"
		    " * its child), as clonesh's lab did: see install_filter().\n");
	S(g, " */\n");
	if (g->seed)
		S(g, "\n/* FIX 1: _GNU_SOURCE before any #include.  The article had none, and\n"
		    " * <sched.h> declares clone() and the CLONE_* flags only with it. */\n");
	S(g, "#define _GNU_SOURCE\n\n"
	    "#include <errno.h>\n#include <fcntl.h>\n#include <limits.h>\n#include <linux/futex.h>\n"
	    "#include <linux/kcmp.h>\n#include <sched.h>\n#include <signal.h>\n#include <stdatomic.h>\n"
	    "#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
	    "#include <sys/ipc.h>\n#include <sys/mman.h>\n#include <sys/sem.h>\n#include <sys/stat.h>\n"
	    "#include <sys/syscall.h>\n#include <sys/utsname.h>\n#include <sys/wait.h>\n#include <time.h>\n"
	    "#include <unistd.h>\n\n");
	if (e->lab_uid >= 0)
		S(g, "#include <grp.h>\n#include <sys/prctl.h>\n\n");
	if (g->seccomp)
		S(g, "#include <linux/audit.h>\n#include <linux/filter.h>\n#include <linux/seccomp.h>\n"
		    "#include <stddef.h>\n#include <sys/prctl.h>\n\n");
	fn_code(g, CODE_INCLUDES);
	S(g, "#if !defined(__x86_64__) && !defined(__aarch64__)\n"
	    "#error \"this program enters the kernel with inline assembly for x86-64 and aarch64 only\"\n"
	    "#endif\n\n");
	/* Flags newer than some C libraries' headers. */
	static const struct { uint64_t v; const char *def; } late[] = {
		{ CLONE_PIDFD, "#ifndef CLONE_PIDFD\n#define CLONE_PIDFD 0x00001000\n#endif\n" },
		{ CLONE_NEWTIME, "#ifndef CLONE_NEWTIME\n#define CLONE_NEWTIME 0x00000080\n#endif\n" },
		{ CLONE_CLEAR_SIGHAND, "#ifndef CLONE_CLEAR_SIGHAND\n#define CLONE_CLEAR_SIGHAND 0x100000000ULL\n#endif\n" },
		{ CLONE_INTO_CGROUP, "#ifndef CLONE_INTO_CGROUP\n#define CLONE_INTO_CGROUP 0x200000000ULL\n#endif\n" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(late); i++)
		if (e->flags & late[i].v)
			S(g, late[i].def);
	P(g, "#define STACK_SIZE %zu\t/* %s */\n", e->stack_size, size_format(e->stack_size, size,
	    sizeof(size)));
	S(g, "#define PAGE 4096UL\n");
	if (!g->guard)
		S(g, "#define LANDING_SIZE (64 * 1024)\t/* ordinary memory below the stack */\n");
	P(g, "#define TIMEOUT_MS %d\t/* how long the parent waits for the child to act */\n\n",
	    e->timeout_ms);
}

/* --- raw system calls, shared memory, futexes --------------------------- */

/* pthreads' way: one word set to the tid at clone and cleared at exit. */
static bool
one_tid_word(const struct experiment *e)
{
	const uint64_t both = CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	return (e->flags & both) == both;
}

/* The child's raw system calls, and the thread pointer. */
static void
emit_raw_calls(struct gen *g)
{
	S(g, "/*\n"
	    " * Raw system calls for the child.  A CLONE_VM child shares stdout's buffer with\n"
	    " * its parent, and without CLONE_SETTLS it runs on its parent's TLS block:\n"
	    " * errno and malloc's cache are shared with a parent that glibc believes is\n"
	    " * the only thread, and nothing orders the two in printf() or malloc().  So\n"
	    " * the child never calls printf() or malloc(), nor syscall(), which sets errno:\n"
	    " * it enters the kernel here, and gets -errno back on failure.\n"
	    " */\n"
	    "static long\n"
	    "raw_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6)\n"
	    "{\n"
	    "#if defined(__x86_64__)\n"
	    "\tlong ret;\n"
	    "\tregister long r10 __asm__(\"r10\") = a4;\n"
	    "\tregister long r8 __asm__(\"r8\") = a5;\n"
	    "\tregister long r9 __asm__(\"r9\") = a6;\n"
	    "\t__asm__ volatile (\"syscall\" : \"=a\"(ret)\n"
	    "\t    : \"a\"(n), \"D\"(a1), \"S\"(a2), \"d\"(a3), \"r\"(r10), \"r\"(r8), \"r\"(r9)\n"
	    "\t    : \"rcx\", \"r11\", \"memory\");\n"
	    "\treturn ret;\n"
	    "#else\n"
	    "\tregister long x8 __asm__(\"x8\") = n;\n"
	    "\tregister long x0 __asm__(\"x0\") = a1;\n"
	    "\tregister long x1 __asm__(\"x1\") = a2;\n"
	    "\tregister long x2 __asm__(\"x2\") = a3;\n"
	    "\tregister long x3 __asm__(\"x3\") = a4;\n"
	    "\tregister long x4 __asm__(\"x4\") = a5;\n"
	    "\tregister long x5 __asm__(\"x5\") = a6;\n"
	    "\t__asm__ volatile (\"svc 0\" : \"+r\"(x0)\n"
	    "\t    : \"r\"(x8), \"r\"(x1), \"r\"(x2), \"r\"(x3), \"r\"(x4), \"r\"(x5) : \"memory\");\n"
	    "\treturn x0;\n"
	    "#endif\n"
	    "}\n\n"
	    "#define RAW0(n) raw_syscall((n), 0, 0, 0, 0, 0, 0)\n"
	    "#define RAW1(n, a) raw_syscall((n), (long)(a), 0, 0, 0, 0, 0)\n"
	    "#define RAW2(n, a, b) raw_syscall((n), (long)(a), (long)(b), 0, 0, 0, 0)\n"
	    "#define RAW3(n, a, b, c) raw_syscall((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)\n"
	    "#define RAW4(n, a, b, c, d) raw_syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)\n"
	    "#define RAW6(n, a, b, c, d, e, f) raw_syscall((n), (long)(a), (long)(b), (long)(c), \\\n"
	    "\t(long)(d), (long)(e), (long)(f))\n\n"
	    "/* The thread pointer: where glibc's TLS (errno among it) is found. */\n"
	    "static unsigned long\n"
	    "thread_pointer(void)\n"
	    "{\n"
	    "\tunsigned long tp;\n"
	    "#if defined(__x86_64__)\n"
	    "\t__asm__ volatile (\"movq %%fs:0, %0\" : \"=r\"(tp));\n"
	    "#else\n"
	    "\t__asm__ volatile (\"mrs %0, tpidr_el0\" : \"=r\"(tp));\n"
	    "#endif\n"
	    "\treturn tp;\n"
	    "}\n\n");
}

/* The page parent and child share whatever the flags, and the tid words. */
static void
emit_sync(struct gen *g)
{
	S(g, "/* One MAP_SHARED page, the same memory in parent and child whatever the flags. */\n"
	    "struct sync {\n"
	    "\t_Atomic unsigned int phase;\t/* child: 1 started, 2 acted (a futex word) */\n"
	    "\t_Atomic unsigned int release;\t/* parent: 1 may act, 2 may finish (a futex word) */\n"
	    "\tlong pid, tid, ppid, uid_start, uid_after;\t/* as the child sees itself */\n"
	    "\tunsigned long tls;\t\t/* the child's thread pointer */\n"
	    "\tlong parent_tid;\t\t/* the caller of clone */\n"
	    "\tlong child_pid;\t\t\t/* what clone returned */\n");
	P(g, "\tlong kcmp[%d];\t\t\t/* measured by the child when the parent cannot (vfork) */\n",
	    SH_COUNT);
	S(g, "\tlong act_result;\t\t/* 0, or -errno of the call that failed */\n"
	    "\tchar failed_call[32];\n"
	    "\tlong value;\t\t\t/* what the act made: an fd, an address, a depth */\n"
	    "\tchar hostname[65];\n"
	    "\tvolatile long *heap_word;\n"
	    "\tvolatile unsigned char *pages;\n"
	    "};\n\n");
	fn_code(g, CODE_GLOBALS);
	if (one_tid_word(g->e) || (!g->clone3 && (g->e->flags & CLONE_PIDFD)))
		S(g, "/* The CLONE_PARENT_SETTID and CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID word. */\n"
		    "static pid_t ctid_word;\n");
	else
		S(g, "/* The CLONE_PARENT_SETTID word, and the CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID one. */\n"
		    "static pid_t ptid_word, ctid_word;\n");
	if (g->e->flags & CLONE_PIDFD)
		S(g, "static int pidfd = -1;\t\t/* CLONE_PIDFD puts the pidfd here */\n");
}

/* The futex calls by which parent and child take turns, and the child's failure. */
static void
emit_futex(struct gen *g)
{
	S(g, "\n"
	    "/* No FUTEX_PRIVATE_FLAG: the word is in shared memory, maybe two processes. */\n"
	    "static void\n"
	    "futex_wake(_Atomic unsigned int *word)\n"
	    "{\n"
	    "\tRAW6(SYS_futex, word, FUTEX_WAKE, INT_MAX, 0, 0, 0);\n"
	    "}\n\n"
	    "static void\n"
	    "child_says(struct sync *s, unsigned int phase)\n"
	    "{\n"
	    "\tatomic_store(&s->phase, phase);\n"
	    "\tfutex_wake(&s->phase);\n"
	    "}\n\n");
	if (!g->vfork)
		S(g, "/* The child sleeps until the parent has looked. */\n"
		    "static void\n"
		    "child_wait(struct sync *s, unsigned int step)\n"
		    "{\n"
		    "\tunsigned int r;\n"
		    "\twhile ((r = atomic_load(&s->release)) < step)\n"
		    "\t\tRAW6(SYS_futex, &s->release, FUTEX_WAIT, r, 0, 0, 0);\n"
		    "}\n\n");
	if (g->needs & CODE_NEEDS_FAILED)
		S(g, "static void\n"
	    "child_failed(struct sync *s, const char *call, long r)\n"
	    "{\n"
	    "\tsize_t i = 0;\n"
	    "\tfor (; call[i] && i < sizeof(s->failed_call) - 1; i++)\n"
	    "\t\ts->failed_call[i] = call[i];\n"
	    "\ts->act_result = r;\n"
	    "}\n\n");
}

/* What the child may use: raw calls, the shared page, the futexes. */
static void
emit_raw(struct gen *g)
{
	emit_raw_calls(g);
	emit_sync(g);
	emit_futex(g);
}

/* --- the child ------------------------------------------------------------ */

static void
emit_text_helpers(struct gen *g)
{
	S(g, "/* printf() without libc: decimal numbers into a line, then write(2). */\n"
	    "static void\n"
	    "put_str(char *buf, size_t *pos, const char *s)\n"
	    "{\n"
	    "\twhile (*s && *pos < 150)\n"
	    "\t\tbuf[(*pos)++] = *s++;\n"
	    "}\n\n"
	    "static void\n"
	    "put_long(char *buf, size_t *pos, long v)\n"
	    "{\n"
	    "\tchar tmp[24];\n"
	    "\tint n = 0;\n"
	    "\tunsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v;\n"
	    "\tdo\n"
	    "\t\ttmp[n++] = (char)('0' + u % 10);\n"
	    "\twhile ((u /= 10) != 0);\n"
	    "\tif (v < 0)\n"
	    "\t\tbuf[(*pos)++] = '-';\n"
	    "\twhile (n > 0)\n"
	    "\t\tbuf[(*pos)++] = tmp[--n];\n"
	    "}\n\n");
}

static void
emit_child_helpers(struct gen *g)
{
	if (g->needs & CODE_NEEDS_TEXT)
		emit_text_helpers(g);
	fn_code(g, CODE_HELPERS);
	if (!g->vfork)
		return;
	S(g, "/* CLONE_VFORK: the parent sleeps inside clone() until the child exits or\n"
	    " * execs, and kcmp needs the child alive, so the child compares itself\n"
	    " * with its parent (kcmp(2) through a raw system call). */\n"
	    "static void\n"
	    "child_kcmp(struct sync *s)\n"
	    "{\n");
	emit_resource_list(g, "static const int types", true);
	P(g, "\tlong self = RAW0(SYS_gettid);\n"
	    "\tfor (int i = 0; i < %d; i++)\n"
	    "\t\ts->kcmp[i] = RAW6(SYS_kcmp, s->parent_tid, self, types[i], 0, 0, 0);\n"
	    "}\n\n", SH_COUNT);
}

/* The act, in the child, between "started" and "acted". */
static void
emit_act(struct gen *g)
{
	if (!fn_code(g, CODE_ACT))
		P(g, "\t/* %s: nothing to do before the parent looks. */\n", g->fn);
}

/* After the parent released the child: its exit status, a crash, or execve. */
static void
emit_finish(struct gen *g)
{
	if (!fn_code(g, CODE_FINISH))
		S(g, "\treturn 0;\n");
}

static void
emit_child(struct gen *g)
{
	const struct experiment *e = g->e;

	emit_child_helpers(g);
	if (e->fn && e->fn->code.glibc)
		P(g, "/* The child.  It runs on its own stack, with raw system calls but for the\n"
		    " * glibc %s it makes on purpose. */\n", e->fn->code.glibc);
	else
		S(g, "/* The child.  It runs on its own stack, and with raw system calls only. */\n");
	S(g, "static int\n"
	    "child_fn(void *arg)\n"
	    "{\n"
	    "\tstruct sync *s = arg;\n\n"
	    "\ts->pid = RAW0(SYS_getpid);\n"
	    "\ts->tid = RAW0(SYS_gettid);\n"
	    "\ts->ppid = RAW0(SYS_getppid);\n"
	    "\ts->uid_start = RAW0(SYS_getuid);\n"
	    "\ts->tls = thread_pointer();\n");
	if (g->vfork) {
		S(g, "\tchild_kcmp(s);\n"
		    "\t/* CLONE_VFORK: no waiting for the parent, which sleeps in clone(). */\n"
		    "\tchild_says(s, 1);\n\n");
	} else {
		S(g, "\tchild_says(s, 1);\n\tchild_wait(s, 1);\n\n");
	}
	S(g, "\t{\n");
	emit_act(g);
	S(g, "\t}\n\n\ts->uid_after = RAW0(SYS_getuid);\n");
	fn_code(g, CODE_ACTED);
	if (g->vfork)
		S(g, "\tchild_says(s, 2);\n\n");
	else
		S(g, "\tchild_says(s, 2);\n\tchild_wait(s, 2);\n\n");
	emit_finish(g);
	S(g, "}\n\n");
	(void)e;
}

static void
emit_clone3_trampoline(struct gen *g)
{
	S(g, "/* What clone3 takes (<linux/sched.h>, CLONE_ARGS_SIZE_VER2: 88 bytes). */\n"
	    "struct clone3_args {\n"
	    "\tuint64_t flags, pidfd, child_tid, parent_tid, exit_signal;\n"
	    "\tuint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;\n"
	    "};\n\n"
	    "/*\n"
	    " * clone3 has no glibc wrapper that takes a function: its child starts on the\n"
	    " * new stack, returning from the system call with no C frame to return to.\n"
	    " * syscall(SYS_clone3, ...) cannot be used for that.  These few instructions\n"
	    " * make the call, and in the child call fn(arg) and end the task with\n"
	    " * exit(2) (only this task, as glibc's clone() does).  x86-64 and aarch64.\n"
	    " */\n"
	    "long clone3_start(struct clone3_args *args, size_t size, int (*fn)(void *), void *arg);\n"
	    "#if defined(__x86_64__)\n"
	    "__asm__(\".text\\n\"\n"
	    "\t\".globl clone3_start\\n\"\n"
	    "\t\".type clone3_start,@function\\n\"\n"
	    "\t\"clone3_start:\\n\"\n"
	    "\t\"\\tmovq %rdx, %r8\\n\"\t\t/* fn and arg survive in the child's registers */\n"
	    "\t\"\\tmovq %rcx, %r9\\n\"\n"
	    "\t\"\\tmovl $435, %eax\\n\"\t\t/* SYS_clone3 */\n"
	    "\t\"\\tsyscall\\n\"\n"
	    "\t\"\\ttestq %rax, %rax\\n\"\n"
	    "\t\"\\tjnz 1f\\n\"\n"
	    "\t\"\\txorl %ebp, %ebp\\n\"\n"
	    "\t\"\\tandq $-16, %rsp\\n\"\t\t/* the ABI's alignment, which clone3 leaves to us */\n"
	    "\t\"\\tmovq %r9, %rdi\\n\"\n"
	    "\t\"\\tcall *%r8\\n\"\n"
	    "\t\"\\tmovl %eax, %edi\\n\"\n"
	    "\t\"\\tmovl $60, %eax\\n\"\t\t/* SYS_exit */\n"
	    "\t\"\\tsyscall\\n\"\n"
	    "\t\"\\thlt\\n\"\n"
	    "\t\"1:\\tret\\n\");\n"
	    "#else\n"
	    "__asm__(\".text\\n\"\n"
	    "\t\".globl clone3_start\\n\"\n"
	    "\t\".type clone3_start,%function\\n\"\n"
	    "\t\"clone3_start:\\n\"\n"
	    "\t\"\\tmov x8, #435\\n\"\n"
	    "\t\"\\tsvc #0\\n\"\n"
	    "\t\"\\tcbnz x0, 1f\\n\"\n"
	    "\t\"\\tmov x0, x3\\n\"\n"
	    "\t\"\\tblr x2\\n\"\n"
	    "\t\"\\tmov x8, #93\\n\"\n"
	    "\t\"\\tsvc #0\\n\"\n"
	    "\t\"1:\\tret\\n\");\n"
	    "#endif\n\n");
}

/* child_gone() without opening a file where it can: with CLONE_FILES a
 * parent's fopen() takes an fd number in the child's table too. */
static void
emit_child_gone(struct gen *g)
{
	S(g, "/* True once the child has ended (gone, or a zombie). */\n"
	    "static int\n"
	    "child_gone(pid_t pid)\n"
	    "{\n");
	if (g->thread) {
		S(g, "\tchar path[64];\n"
		    "\tsnprintf(path, sizeof(path), \"/proc/self/task/%d\", (int)pid);\n"
		    "\treturn access(path, F_OK) != 0;\n");
	} else if (!g->reparent) {
		S(g, "\tsiginfo_t si;\n"
		    "\tsi.si_pid = 0;\n"
		    "\t/* WNOWAIT: look, but leave the child to waitpid() below. */\n"
		    "\tif (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT | __WALL) < 0)\n"
		    "\t\treturn 1;\n"
		    "\treturn si.si_pid != 0;\n");
	} else {
		S(g, "\t/* Not our child (CLONE_PARENT): its state in /proc/PID/stat. */\n"
		    "\tchar path[64], buf[512];\n"
		    "\tsnprintf(path, sizeof(path), \"/proc/%d/stat\", (int)pid);\n"
		    "\tFILE *f = fopen(path, \"re\");\n"
		    "\tif (!f)\n"
		    "\t\treturn 1;\n"
		    "\tsize_t n = fread(buf, 1, sizeof(buf) - 1, f);\n"
		    "\tfclose(f);\n"
		    "\tbuf[n] = '\\0';\n"
		    "\tconst char *p = strrchr(buf, ')');\n"
		    "\treturn !p || p[1] == '\\0' || p[2] == 'Z' || p[2] == 'X';\n");
	}
	S(g, "}\n\n");
}

/* --- the parent ------------------------------------------------------------ */

/* How the parent tells an exit, and waits for a phase of the child
 * (sig_name, print_exit, child_gone, wait_phase, release). */
static void
emit_wait_helpers(struct gen *g)
{
	if (!g->thread)
		S(g, "/* \"SIGSEGV\", or the number of a signal without a short name. */\n"
	    "static const char *\n"
	    "sig_name(int sig, char *buf, size_t size)\n"
	    "{\n"
	    "\tconst char *abbrev = sigabbrev_np(sig);\n"
	    "\tif (abbrev)\n"
	    "\t\tsnprintf(buf, size, \"SIG%s\", abbrev);\n"
	    "\telse\n"
	    "\t\tsnprintf(buf, size, \"%d\", sig);\n"
	    "\treturn buf;\n"
	    "}\n\n");
	if (!g->thread)
		S(g, "static void\n"
	    "print_exit(int st, const char *how)\n"
	    "{\n"
	    "\tchar sig[32];\n"
	    "\tif (WIFEXITED(st))\n"
	    "\t\tprintf(\"exit: status %d%s\\n\", WEXITSTATUS(st), how);\n"
	    "\telse if (WIFSIGNALED(st))\n"
	    "\t\tprintf(\"exit: signal %s%s%s\\n\", sig_name(WTERMSIG(st), sig, sizeof(sig)),\n"
	    "\t\t    WCOREDUMP(st) ? \" (core dumped)\" : \"\", how);\n"
	    "}\n\n");
	if (!g->vfork || !g->guard)
		emit_child_gone(g);
	if (!g->vfork)
		S(g, "/* Waits until the child reached phase want: 1, 0 when it died first,\n"
	    " * -1 after TIMEOUT_MS. */\n"
	    "static int\n"
	    "wait_phase(struct sync *s, unsigned int want, pid_t pid)\n"
	    "{\n"
	    "\tfor (int ms = 0; ms < TIMEOUT_MS; ms += 10) {\n"
	    "\t\tunsigned int p = atomic_load(&s->phase);\n"
	    "\t\tif (p >= want)\n"
	    "\t\t\treturn 1;\n"
	    "\t\tif (child_gone(pid))\n"
	    "\t\t\treturn atomic_load(&s->phase) >= want;\n"
	    "\t\tstruct timespec tick = { 0, 10 * 1000 * 1000 };\n"
	    "\t\tsyscall(SYS_futex, &s->phase, FUTEX_WAIT, p, &tick, NULL, 0);\n"
	    "\t}\n"
	    "\treturn -1;\n"
	    "}\n\n"
	    "static void\n"
	    "release(struct sync *s, unsigned int step)\n"
	    "{\n"
	    "\tatomic_store(&s->release, step);\n"
	    "\tsyscall(SYS_futex, &s->release, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);\n"
	    "}\n\n");
}

/* kcmp(2) for each resource, and its results as words. */
static void
emit_kcmp_helpers(struct gen *g)
{
	P(g, "/* kcmp(2) results as words: 0 is the same kernel object. */\n"
	    "static void\n"
	    "print_kcmp(const long r[%d], const char *by)\n"
	    "{\n", SH_COUNT);
	emit_resource_list(g, "static const char *const names", false);
	P(g, "\tfor (int i = 0; i < %d; i++) {\n", SH_COUNT);
	S(g, "\t\tif (r[i] < 0)\n"
	    "\t\t\tprintf(\"%s: unknown (kcmp failed %s)\\n\", names[i], strerrorname_np((int)-r[i]));\n"
	    "\t\telse\n"
	    "\t\t\tprintf(\"%s: %s%s\\n\", names[i], r[i] == 0 ? \"shared\" : \"copied\", by);\n"
	    "\t}\n"
	    "}\n\n");
	if (!g->vfork) {
		P(g, "static void\n"
		    "measure_kcmp(pid_t a, pid_t b, long r[%d])\n"
		    "{\n", SH_COUNT);
		emit_resource_list(g, "static const int types", true);
		P(g, "\tfor (int i = 0; i < %d; i++) {\n"
		    "\t\tlong v = syscall(SYS_kcmp, a, b, types[i], 0, 0);\n"
		    "\t\tr[i] = v < 0 ? -errno : v;\n"
		    "\t}\n"
		    "}\n\n", SH_COUNT);
	}
}

/* What the parent reads or writes in /proc: namespaces, id maps, signal sets. */
static void
emit_proc_helpers(struct gen *g)
{
	const struct experiment *e = g->e;

	if ((e->flags & NS_FLAGS) && !g->vfork)
		S(g, "/* Same inode under /proc/PID/ns/NAME: the same namespace. */\n"
		    "static void\n"
		    "print_ns(const char *name, pid_t pid)\n"
		    "{\n"
		    "\tchar path[64];\n"
		    "\tstruct stat mine, theirs;\n"
		    "\tsnprintf(path, sizeof(path), \"/proc/%d/ns/%s\", (int)pid, name);\n"
		    "\tif (stat(path, &theirs) < 0 || (snprintf(path, sizeof(path), \"/proc/self/ns/%s\", name),\n"
		    "\t    stat(path, &mine) < 0))\n"
		    "\t\tprintf(\"ns %s: unknown (%s)\\n\", name, strerror(errno));\n"
		    "\telse\n"
		    "\t\tprintf(\"ns %s: %s\\n\", name, mine.st_ino == theirs.st_ino ? \"same\" : \"new\");\n"
		    "}\n\n");
	if (g->idmap)
		S(g, "static void\n"
		    "write_file(pid_t pid, const char *file, const char *text)\n"
		    "{\n"
		    "\tchar path[64];\n"
		    "\tsnprintf(path, sizeof(path), \"/proc/%d/%s\", (int)pid, file);\n"
		    "\tFILE *f = fopen(path, \"we\");\n"
		    "\tif (!f || fputs(text, f) < 0 || fclose(f) != 0)\n"
		    "\t\tprintf(\"user: cannot write %s: %s\\n\", path, strerror(errno));\n"
		    "}\n\n"
		    "/* CLONE_NEWUSER: the child is uid 65534 until its parent maps an id (once).\n"
		    " * Map ours to 0, so the child is root in its namespace, as clonesh does. */\n"
		    "static void\n"
		    "write_id_maps(pid_t pid)\n"
		    "{\n"
		    "\tchar map[64];\n"
		    "\twrite_file(pid, \"setgroups\", \"deny\");\n"
		    "\tsnprintf(map, sizeof(map), \"0 %u 1\\n\", (unsigned)geteuid());\n"
		    "\twrite_file(pid, \"uid_map\", map);\n"
		    "\tsnprintf(map, sizeof(map), \"0 %u 1\\n\", (unsigned)getegid());\n"
		    "\twrite_file(pid, \"gid_map\", map);\n"
		    "}\n\n");
	if (g->procsig)
		S(g, "/* A hex signal set of /proc/PID/status (\"SigCgt:\", \"SigBlk\"...); 0 if unread. */\n"
		    "static unsigned long long\n"
		    "proc_sigset(pid_t pid, const char *key)\n"
		    "{\n"
		    "\tchar path[64], line[256];\n"
		    "\tunsigned long long v = 0;\n"
		    "\tsnprintf(path, sizeof(path), \"/proc/%d/status\", (int)pid);\n"
		    "\tFILE *f = fopen(path, \"re\");\n"
		    "\twhile (f && fgets(line, sizeof(line), f))\n"
		    "\t\tif (strncmp(line, key, strlen(key)) == 0)\n"
		    "\t\t\tv = strtoull(line + strlen(key), NULL, 16);\n"
		    "\tif (f)\n"
		    "\t\tfclose(f);\n"
		    "\treturn v;\n"
		    "}\n\n");
}

/* What the lab does before every clone, and how a thread's end is seen. */
static void
emit_lab_helpers(struct gen *g)
{
	S(g, "/*\n"
	    " * kcmp compares kernel pointers, and two NULLs compare equal: a process that\n"
	    " * never did I/O or SEM_UNDO would look as if it shared them.  So the caller\n"
	    " * gets an I/O context (ioprio_set) and a SysV undo list first.\n"
	    " */\n"
	    "static void\n"
	    "give_io_context_and_undo_list(void)\n"
	    "{\n"
	    "\tsyscall(SYS_ioprio_set, 1, 0, (2 << 13) | 4);\t/* WHO_PROCESS, self: BE level 4 */\n"
	    "\tint id = semget(IPC_PRIVATE, 1, 0600);\n"
	    "\tif (id >= 0) {\n"
	    "\t\tstruct sembuf up = { 0, 1, SEM_UNDO }, down = { 0, -1, SEM_UNDO };\n"
	    "\t\tsemop(id, &up, 1);\n"
	    "\t\tsemop(id, &down, 1);\n"
	    "\t\tsemctl(id, 0, IPC_RMID);\t/* the undo list stays with the process */\n"
	    "\t}\n"
	    "}\n\n");
	if (g->thread)
		S(g, "/* A CLONE_THREAD child cannot be waited for, not even with __WALL. */\n"
		    "static void\n"
		    "wait_thread_end(pid_t tid)\n"
		    "{\n"
		    "\tif (__atomic_load_n(&ctid_word, __ATOMIC_SEQ_CST) != 0) {\n"
		    "\t\t/* As pthread_join() does: CLONE_CHILD_CLEARTID makes the kernel write 0\n"
		    "\t\t * here at the thread's exit and wake a futex waiter. */\n"
		    "\t\tpid_t v;\n"
		    "\t\twhile ((v = __atomic_load_n(&ctid_word, __ATOMIC_SEQ_CST)) != 0)\n"
		    "\t\t\tsyscall(SYS_futex, &ctid_word, FUTEX_WAIT, v, NULL, NULL, 0);\n"
		    "\t\tprintf(\"exit: none (thread; its end seen by the CLONE_CHILD_CLEARTID futex)\\n\");\n"
		    "\t\treturn;\n"
		    "\t}\n"
		    "\tchar path[64];\n"
		    "\tsnprintf(path, sizeof(path), \"/proc/self/task/%d\", (int)tid);\n"
		    "\tstruct timespec ms = { 0, 1000 * 1000 };\n"
		    "\twhile (access(path, F_OK) == 0)\n"
		    "\t\tnanosleep(&ms, NULL);\n"
		    "\tprintf(\"exit: none (thread; its end seen when /proc/self/task/%d went away)\\n\", (int)tid);\n"
		    "}\n\n");
}

/* signal catch on: the handler that keeps the first siginfo of the exit
 * signal, as clonesh's lab does (plain stores: async-signal-safe). */
static void
emit_catch_helpers(struct gen *g)
{
	S(g, "/* signal catch on: the first siginfo that came with the exit signal. */\n"
	    "static volatile sig_atomic_t caught_count;\n"
	    "static volatile int caught_signo, caught_code, caught_status;\n"
	    "static volatile long caught_pid;\n\n"
	    "static void\n"
	    "on_exit_signal(int sig, siginfo_t *si, void *uc)\n"
	    "{\n"
	    "\t(void)uc;\n"
	    "\tif (caught_count++ == 0) {\n"
	    "\t\tcaught_signo = sig;\n"
	    "\t\tcaught_code = si->si_code;\n"
	    "\t\tcaught_status = si->si_status;\n"
	    "\t\tcaught_pid = si->si_pid;\n"
	    "\t}\n"
	    "}\n\n"
	    "/* What the handler got: \"caught: SIGCHLD si_code CLD_EXITED si_status 0 si_pid N\". */\n"
	    "static void\n"
	    "print_caught(void)\n"
	    "{\n"
	    "\tstatic const char *const codes[] = { \"other\", \"CLD_EXITED\", \"CLD_KILLED\",\n"
	    "\t    \"CLD_DUMPED\", \"CLD_TRAPPED\", \"CLD_STOPPED\", \"CLD_CONTINUED\" };\n"
	    "\tchar sig[32];\n"
	    "\tint code = caught_code;\n"
	    "\tif (!caught_count) {\n"
	    "\t\tprintf(\"caught: none\\n\");\n"
	    "\t\treturn;\n"
	    "\t}\n"
	    "\tprintf(\"caught: %s si_code %s si_status %d si_pid %ld\\n\",\n"
	    "\t    sig_name(caught_signo, sig, sizeof(sig)),\n"
	    "\t    codes[code > 0 && code <= CLD_CONTINUED ? code : 0], caught_status, caught_pid);\n"
	    "}\n\n");
}

/* seccomp: the lab's filter as C, the same program seccomp_build (core/seccomp.c)
 * gives the kernel.  The denied flags are one #define, so that a lesson's
 * "> edit:" can change them. */
static void
emit_seccomp_helpers(struct gen *g)
{
	const struct experiment *e = g->e;
	if (e->seccomp_deny) {
		struct experiment deny = { .flags = e->seccomp_deny };
		char fl[512];
		c_flags(&deny, false, fl, sizeof(fl));
		P(g, "/* The clone() flags the filter refuses with EPERM. */\n"
		    "#define DENIED_FLAGS (%s)\n\n", fl);
	}
	S(g, "#if defined(__x86_64__)\n#define FILTER_ARCH AUDIT_ARCH_X86_64\n"
	    "#else\n#define FILTER_ARCH AUDIT_ARCH_AARCH64\n#endif\n"
	    "#ifndef SYS_clone3\n#define SYS_clone3 435\n#endif\n\n"
	    "/* A seccomp filter sees each system call's number and its register\n"
	    " * arguments, never the memory they point to: it can test clone()'s flags\n"
	    " * (the first argument; its low 32 bits, on these little-endian machines),\n"
	    " * not clone3()'s, which lie in struct clone_args behind a pointer.  Calls of\n"
	    " * another architecture pass.  PR_SET_NO_NEW_PRIVS lets a process without\n"
	    " * privileges install it; the child inherits it. */\n"
	    "static int\n"
	    "install_filter(void)\n"
	    "{\n"
	    "\tstruct sock_filter f[] = {\n"
	    "\t\tBPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),\n"
	    "\t\tBPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0),\n"
	    "\t\tBPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),\n"
	    "\t\tBPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),\n");
	if (e->seccomp_clone3_enosys)
		S(g, "\t\t/* clone3: ENOSYS, whatever its flags, as Docker's default profile. */\n"
		    "\t\tBPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),\n"
		    "\t\tBPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),\n");
	if (e->seccomp_deny)
		S(g, "\t\t/* clone: EPERM when a denied flag is set in its first argument. */\n"
		    "\t\tBPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 3),\n"
		    "\t\tBPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),\n"
		    "\t\tBPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (unsigned int)(DENIED_FLAGS), 0, 1),\n"
		    "\t\tBPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),\n");
	S(g, "\t\tBPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),\n"
	    "\t};\n"
	    "\tstruct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };\n"
	    "\tif (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||\n"
	    "\t    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {\n"
	    "\t\tprintf(\"seccomp: refused %s (%s)\\n\", strerrorname_np(errno), strerror(errno));\n"
	    "\t\treturn -1;\n"
	    "\t}\n"
	    "\tprintf(\"seccomp: installed\\n\");\n"
	    "\treturn 0;\n"
	    "}\n\n");
}

/* The parent's helper functions, each written only where the program uses it. */
static void
emit_parent_helpers(struct gen *g)
{
	emit_wait_helpers(g);
	emit_kcmp_helpers(g);
	emit_proc_helpers(g);
	emit_lab_helpers(g);
	if (g->catch)
		emit_catch_helpers(g);
	if (g->seccomp)
		emit_seccomp_helpers(g);
}

/* The caller of clone: clone, look, release, wait. */
/* run_parent()'s start: the lab user, a signal to clear, what the function prepares. */
static void
emit_parent_start(struct gen *g)
{
	const struct experiment *e = g->e;

	S(g, "/* Makes the child, looks at it, and waits for it. */\n"
	    "static int\n"
	    "run_parent(struct sync *s)\n"
	    "{\n"
	    "\tgive_io_context_and_undo_list();\n"
	    "\ts->parent_tid = gettid();\n");
	if (e->lab_uid >= 0)
		P(g, "\t/* lab user: become uid %ld (gid %ld, no supplementary groups) before the\n"
		    "\t * clone, as clonesh's lab did; this needs root.  A change of uid makes\n"
		    "\t * the process non-dumpable: dumpable again, so kcmp works as before. */\n"
		    "\tif (setgroups(0, NULL) < 0 || setgid(%ld) < 0 || setuid(%ld) < 0) {\n"
		    "\t\tperror(\"lab user\");\n"
		    "\t\treturn 1;\n"
		    "\t}\n"
		    "\tprctl(PR_SET_DUMPABLE, 1);\n", e->lab_uid, e->lab_gid, e->lab_gid, e->lab_uid);
	if (e->flags & CLONE_CLEAR_SIGHAND)
		S(g, "\t/* Something for CLONE_CLEAR_SIGHAND to reset: a handled signal.  An ignored\n"
		    "\t * one (SIGUSR2) stays ignored in the child. */\n"
		    "\tstruct sigaction sa;\n"
		    "\tmemset(&sa, 0, sizeof(sa));\n"
		    "\tsa.sa_handler = SIG_IGN;\n"
		    "\tsigaction(SIGUSR2, &sa, NULL);\n");
	if (g->catch) {
		char sig[32];
		P(g, "\t/* signal catch on: a handler for the exit signal, with SA_SIGINFO, so\n"
		    "\t * that the kernel's siginfo (si_code, si_status, si_pid) is kept. */\n"
		    "\tstruct sigaction catcher;\n"
		    "\tmemset(&catcher, 0, sizeof(catcher));\n"
		    "\tcatcher.sa_sigaction = on_exit_signal;\n"
		    "\tcatcher.sa_flags = SA_SIGINFO | SA_RESTART;\n"
		    "\tif (sigaction(%s, &catcher, NULL) < 0)\n"
		    "\t\tprintf(\"caught: sigaction failed %%s\\n\", strerrorname_np(errno));\n",
		    csource_signal(e->exit_signal, sig, sizeof(sig)));
	}
	fn_code(g, CODE_PREPARE);
}

/* The child's stack: mmap'd, with a guard page or a painted landing zone. */
static void
emit_parent_stack(struct gen *g)
{
	if (g->seed)
		S(g, "\n\t/* FIX 2: the stack.  The article malloc'd 8 KiB: no guard below it, so an\n"
		    "\t * overflow silently wrote over the heap.  mmap(2) gives page-aligned memory,\n"
		    "\t * and a PROT_NONE page below the stack turns an overflow into SIGSEGV. */\n");
	if (g->guard) {
		S(g, "\n\t/* The child's stack, with a PROT_NONE guard page below it: stacks grow\n"
		    "\t * down, and an overflow then faults (SIGSEGV) instead of writing over\n"
		    "\t * whatever memory lies below. */\n"
		    "\tsize_t map_size = PAGE + STACK_SIZE;\n"
		    "\tunsigned char *map = mmap(NULL, map_size, PROT_READ | PROT_WRITE,\n"
		    "\t    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);\n"
		    "\tif (map == MAP_FAILED || mprotect(map, PAGE, PROT_NONE) < 0) {\n"
		    "\t\tperror(\"stack\");\n\t\treturn 1;\n\t}\n"
		    "\tunsigned char *stack_lo = map + PAGE;\n");
	} else {
		S(g, "\n\t/* The child's stack, without a guard page (as asked).  Below it lie\n"
		    "\t * LANDING_SIZE bytes of ordinary memory, painted 0xA5: an overflow writes\n"
		    "\t * there and nothing stops it.  MAP_SHARED, so that the parent can count the\n"
		    "\t * damage even without CLONE_VM; a PROT_NONE page under it all keeps a\n"
		    "\t * runaway child from going further. */\n"
		    "\tsize_t map_size = PAGE + LANDING_SIZE + STACK_SIZE;\n"
		    "\tunsigned char *map = mmap(NULL, map_size, PROT_READ | PROT_WRITE,\n"
		    "\t    MAP_SHARED | MAP_ANONYMOUS, -1, 0);\n"
		    "\tif (map == MAP_FAILED || mprotect(map, PAGE, PROT_NONE) < 0) {\n"
		    "\t\tperror(\"stack\");\n\t\treturn 1;\n\t}\n"
		    "\tunsigned char *landing = map + PAGE;\n"
		    "\tmemset(landing, 0xA5, LANDING_SIZE);\n"
		    "\tunsigned char *stack_lo = landing + LANDING_SIZE;\n");
	}
}

/* The child's TLS block (CLONE_SETTLS) and the word for the parent's tid. */
static void
emit_parent_tls(struct gen *g)
{
	const struct experiment *e = g->e;

	if (g->settls) {
		S(g, "\n\t/* CLONE_SETTLS: a TLS block of the child's own.  Its thread control block\n"
		    "\t * starts as a copy of ours (self pointers, stack-protector canary). */\n"
		    "\tstatic unsigned char tls_block[8192] __attribute__((aligned(64)));\n"
		    "\tunsigned char *tcb = tls_block + 4096;\n"
		    "\tmemcpy(tcb, (void *)thread_pointer(), 64);\n"
		    "#if defined(__x86_64__)\n"
		    "\t((unsigned long *)tcb)[0] = (unsigned long)tcb;\t/* tcb->tcb */\n"
		    "\t((unsigned long *)tcb)[2] = (unsigned long)tcb;\t/* tcb->self */\n"
		    "#endif\n"
		    "\tunsigned long tls = (unsigned long)tcb;\n");
		fn_code(g, CODE_TLS);
	} else {
		S(g, "\tunsigned long tls = 0;\t/* no CLONE_SETTLS: the child keeps our TLS */\n");
	}
	if (g->clone3 == false && (e->flags & CLONE_PIDFD))
		;	/* clone() returns the pidfd where the tid would go: no settid word */
	else if (one_tid_word(e))
		S(g, "\t/* One word for CLONE_PARENT_SETTID and CLONE_CHILD_CLEARTID, as pthreads do:\n"
		    "\t * the tid at clone, 0 and a futex wake at exit. */\n"
		    "\tpid_t *settid = &ctid_word;\n");
	else
		S(g, "\tpid_t *settid = &ptid_word;\n");
}

/* The clone() or clone3() call, and what it returned. */
static void
emit_parent_clone(struct gen *g)
{
	const struct experiment *e = g->e;
	char fl[512], sig[32];

	S(g, "\n\tfflush(stdout);\t/* nothing buffered for a copied stdio to print twice */\n");
	if (e->flags & CLONE_VFORK)
		S(g, "\t/* CLONE_VFORK: we sleep inside clone() until the child exits or execs. */\n");
	fn_code(g, CODE_BEFORE_CLONE);
	if (g->seccomp)
		S(g, "\tif (install_filter() < 0)\n\t\treturn 1;\n");
	if (g->clone3) {
		c_flags(e, false, fl, sizeof(fl));
		S(g, "\tstruct clone3_args a;\n"
		    "\tmemset(&a, 0, sizeof(a));\n");
		P(g, "\ta.flags = %s;\n", fl);
		P(g, "\ta.exit_signal = %s;\t/* its own field: never in flags for clone3 */\n",
		    e->exit_signal ? csource_signal(e->exit_signal, sig, sizeof(sig)) : "0");
		S(g, "\ta.stack = (uintptr_t)stack_lo;\t/* clone3 takes the lowest byte and the size */\n"
		    "\ta.stack_size = STACK_SIZE;\n"
		    "\ta.tls = tls;\n"
		    "\ta.parent_tid = (uintptr_t)settid;\n"
		    "\ta.child_tid = (uintptr_t)&ctid_word;\n");
		if (e->flags & CLONE_PIDFD)
			S(g, "\ta.pidfd = (uintptr_t)&pidfd;\n");
		if (e->flags & CLONE_INTO_CGROUP)
			S(g, "\tint cg = open(\"/sys/fs/cgroup\", O_RDONLY | O_DIRECTORY);\t/* a cgroup2 directory */\n"
			    "\ta.cgroup = cg >= 0 ? (uint64_t)cg : 0;\n");
		S(g, "\tlong ret = clone3_start(&a, sizeof(a), child_fn, s);\n"
		    "\tif (ret < 0)\n\t\terrno = (int)-ret;\n"
		    "\tpid_t pid = ret < 0 ? -1 : (pid_t)ret;\n");
	} else {
		c_flags(e, true, fl, sizeof(fl));
		bool high = (e->flags >> 32) != 0;
		if (high)
			S(g, "\t/* clone()'s flags are an int: the bits above 31 are lost on the way. */\n");
		if (g->seed)
			S(g, "\t/* The article's call, with the stack's top (stacks grow down); no exit\n"
			    "\t * signal, as there.  FIX 3: the error is reported and ends the program\n"
			    "\t * with a failure status (the article exited 0). */\n");
		P(g, "\t/* parent_tid receives %s, child_tid is the CLONE_CHILD_* word. */\n",
		    (e->flags & CLONE_PIDFD) ? "the pidfd (CLONE_PIDFD)" : "the CLONE_PARENT_SETTID tid");
		if (e->stack_bottom)
			S(g, "\t/* stack end bottom: the stack's lowest address, not its top, the classic\n"
			    "\t * mistake.  glibc's clone() stores child_fn and s just below it, in\n"
			    "\t * this process, before the call: into the guard page, if there is one. */\n");
		P(g, "\tpid_t pid = clone(child_fn, %s, %s%s%s, s,\n"
		    "\t    %s, (void *)tls, &ctid_word);\n", e->stack_bottom ? "stack_lo" :
		    "stack_lo + STACK_SIZE", high ? "(int)(" : "", fl, high ? ")" : "",
		    (e->flags & CLONE_PIDFD) ? "&pidfd" : "settid");
	}
	fn_code(g, CODE_AFTER_CLONE);
	S(g, "\tif (pid < 0) {\n"
	    "\t\tprintf(\"clone: refused %s (%s)\\n\", strerrorname_np(errno), strerror(errno));\n"
	    "\t\treturn 1;\n"
	    "\t}\n"
	    "\ts->child_pid = pid;\n"
	    "\tprintf(\"clone: returned %d\\n\", (int)pid);\n");
	if (g->seed)
		S(g, "\tprintf(\"Parent pid : %d\\n\", getpid());\n");
	if (e->flags & CLONE_PIDFD)
		S(g, "\tprintf(\"pidfd: %d\\n\", pidfd);\n");
	if (e->flags & CLONE_PARENT_SETTID)
		S(g, "\tprintf(\"parent_settid: the parent's word holds %d\\n\", (int)*settid);\n");
}

/* Started: who the child is, and what kcmp says. */
static void
emit_parent_started(struct gen *g)
{
	const struct experiment *e = g->e;

	if (g->vfork) {
		S(g, "\n\t/* Back from clone(): the child has exited or exec'd. */\n"
		    "\tint acted = atomic_load(&s->phase) >= 2;\n");
	} else {
		S(g, "\n\tint started = wait_phase(s, 1, pid);\n"
		    "\tif (started < 0)\n"
		    "\t\tprintf(\"timeout: the child did not start within %d ms\\n\", TIMEOUT_MS);\n");
		if (g->idmap)
			S(g, "\tif (started > 0) {\n"
			    "\t\twrite_id_maps(pid);\n"
			    "\t\tprintf(\"user: wrote uid_map and gid_map \\\"0 %u 1\\\": the child is root in its namespace\\n\",\n"
			    "\t\t    (unsigned)geteuid());\n"
			    "\t}\n");
	}
	S(g, "\tprintf(\"child: pid %ld tid %ld ppid %ld (as it sees itself)\\n\", s->pid, s->tid, s->ppid);\n");
	if (g->vfork) {
		S(g, "\tprint_kcmp(s->kcmp, \" (kcmp by the child: the parent slept in clone)\");\n");
	} else {
		P(g, "\tif (started > 0) {\n"
		    "\t\tlong r[%d];\n"
		    "\t\tmeasure_kcmp(gettid(), pid, r);\n"
		    "\t\tprint_kcmp(r, \"\");\n", SH_COUNT);
		for (int i = 0; i < NS_COUNT; i++)
			if (e->flags & ns_in_code_order(i)->flag)
				P(g, "\t\tprint_ns(\"%s\", pid);\n", ns_in_code_order(i)->name);
		S(g, "\t}\n");
	}
	S(g, "\tprintf(\"tls: %s\\n\", s->tls == thread_pointer() ? \"the parent's thread pointer\" :\n"
	    "\t    \"a thread pointer of its own\");\n");
}

/* Acted: the child's act released and awaited, and what the parent then reads. */
static void
emit_parent_acted(struct gen *g)
{
	if (!g->vfork && !fn_code(g, CODE_RELEASE))
		S(g, "\tif (started > 0)\n\t\trelease(s, 1);\t/* act */\n"
		    "\tint acted = started > 0 ? wait_phase(s, 2, pid) : started;\n");
	if (!g->vfork) {
		S(g, "\tif (acted < 0) {\n"
		    "\t\tprintf(\"timeout: the child did not act within %d ms\\n\", TIMEOUT_MS);\n");
		if (g->thread)
			S(g, "\t\t/* A thread cannot be killed alone: exit_group(2) ends it with us. */\n"
			    "\t\texit(1);\n");
		else
			S(g, "\t\tkill(pid, SIGKILL);\n");
		S(g, "\t}\n");
	}
	S(g, "\tif (acted == 0)\n"
	    "\t\tprintf(\"act: the child ended before it had acted\\n\");\n"
	    "\tif (acted > 0 && s->act_result < 0)\n"
	    "\t\tprintf(\"act: %s failed %s\\n\", s->failed_call, strerrorname_np((int)-s->act_result));\n"
	    "\tif (acted > 0 && s->uid_after != s->uid_start)\n"
	    "\t\tprintf(\"child: uid %ld before the map, %ld after\\n\", s->uid_start, s->uid_after);\n"
	    "\tif (acted > 0) {\n");
	fn_code(g, CODE_EFFECTS);	/* what the parent reads after the child acted */
	S(g, "\t}\n");
	if (!g->vfork)
		S(g, "\trelease(s, 2);\t/* finish: return, crash or exec */\n");
}

/* The end: how the child is waited for, and the stack's damage without a guard. */
static void
emit_parent_end(struct gen *g)
{
	const struct experiment *e = g->e;
	char sig[32];

	S(g, "\n");
	if (g->thread) {
		S(g, "\twait_thread_end(pid);\n");
	} else if (g->reparent) {
		S(g, "\t/* CLONE_PARENT: the child is our sibling.  Our parent (the grandparent,\n"
		    "\t * main() below) reaps it; waitpid() here would fail with ECHILD. */\n"
		    "\tprintf(\"wait: none here (CLONE_PARENT: the grandparent reaps the child)\\n\");\n");
	} else {
		if (g->fatal_signal)
			P(g, "\t/* The exit signal %s goes to us when the child exits, and its default\n"
			    "\t * action ends this process: the exit line below is never printed. */\n"
			    "\tprintf(\"exit-signal: %s at the child's exit ends this process\\n\");\n",
			    signal_name(e->exit_signal, sig, sizeof(sig)), sig);
		if (g->seed)
			S(g, "\t/* FIX 5: the article slept one second and hoped.  waitpid() returns when\n"
			    "\t * the child has exited; __WALL because the child has no exit signal\n"
			    "\t * (SIGCHLD), and plain waitpid() would fail with ECHILD. */\n");
		else
			P(g, "\t/* __WALL waits for any child; %s */\n", e->exit_signal == SIGCHLD ?
			    "with SIGCHLD as exit signal plain waitpid() would do too." :
			    "without SIGCHLD as exit signal plain waitpid() fails with ECHILD.");
		S(g, "\tint st;\n"
		    "\tpid_t w;\n"
		    "\tdo\n"
		    "\t\tw = waitpid(pid, &st, __WALL);\n"
		    "\twhile (w < 0 && errno == EINTR);\n"
		    "\tif (w < 0)\n"
		    "\t\tprintf(\"exit: waitpid failed %s\\n\", strerrorname_np(errno));\n"
		    "\telse\n"
		    "\t\tprint_exit(st, \"\");\n");
	}
	if (g->catch)
		S(g, "\tprint_caught();\n");
	fn_code(g, CODE_END);
	if (!g->guard) {
		S(g, "\tif (!s->child_pid || !child_gone(pid))\n"
		    "\t\treturn 0;\n"
		    "\tsize_t below = 0;\n"
		    "\tfor (size_t k = 0; k < LANDING_SIZE; k++)\n"
		    "\t\tif (landing[k] != 0xA5) {\n"
		    "\t\t\tbelow = LANDING_SIZE - k;\n"
		    "\t\t\tbreak;\n"
		    "\t\t}\n"
		    "\tprintf(\"stack: %zu bytes written below the stack (no guard page)\\n\", below);\n");
	}
	S(g, "\treturn 0;\n}\n\n");
}

/* run_parent(): makes the child, looks at it, and waits for it; each part
 * above writes its piece of the one function. */
static void
emit_run_parent(struct gen *g)
{
	emit_parent_start(g);
	emit_parent_stack(g);
	emit_parent_tls(g);
	emit_parent_clone(g);
	emit_parent_started(g);
	emit_parent_acted(g);
	emit_parent_end(g);
}

static void
emit_main(struct gen *g)
{
	S(g, "int\n"
	    "main(void)\n"
	    "{\n"
	    "\t/* One line at a time, so every line is out before a possible death. */\n"
	    "\tsetvbuf(stdout, NULL, _IOLBF, 0);\n\n"
	    "\tstruct sync *s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,\n"
	    "\t    MAP_SHARED | MAP_ANONYMOUS, -1, 0);\n"
	    "\tif (s == MAP_FAILED) {\n\t\tperror(\"mmap\");\n\t\treturn 1;\n\t}\n");
	if (g->needs & CODE_NEEDS_MEMFD)
		S(g, "\n\t/* fd 3: a 4096-byte file (a memfd), as in clonesh's lab. */\n"
		    "\tint file = memfd_create(\"clone-experiment-file\", 0);\n"
		    "\tchar block[4096];\n"
		    "\tmemset(block, 'x', sizeof(block));\n"
		    "\tif (file < 0 || dup2(file, 3) < 0 || write(3, block, sizeof(block)) != sizeof(block) ||\n"
		    "\t    lseek(3, 0, SEEK_SET) != 0) {\n"
		    "\t\tperror(\"memfd\");\n\t\treturn 1;\n\t}\n"
		    "\tif (file != 3)\n\t\tclose(file);\n"
		    "\t/* Nothing above fd 3, as in the lab: the child's open() gets fd 4. */\n"
		    "\tsyscall(SYS_close_range, 4, ~0U, 0);\n");
	if (!g->reparent) {
		S(g, "\n\treturn run_parent(s);\n}\n");
		return;
	}
	S(g, "\n\t/* CLONE_PARENT gives the child the caller's parent.  So the caller is a\n"
	    "\t * process forked here, and this one, its parent, reaps both.  (The child's\n"
	    "\t * exit signal is then the caller's own: SIGCHLD from fork.) */\n"
	    "\tfflush(stdout);\n"
	    "\tpid_t caller = fork();\n"
	    "\tif (caller < 0) {\n\t\tperror(\"fork\");\n\t\treturn 1;\n\t}\n"
	    "\tif (caller == 0)\n"
	    "\t\t_exit(run_parent(s));\n"
	    "\tint st;\n"
	    "\twaitpid(caller, &st, 0);\n"
	    "\tif (s->child_pid > 0) {\n"
	    "\t\tif (waitpid((pid_t)s->child_pid, &st, __WALL) < 0)\n"
	    "\t\t\tprintf(\"exit: waitpid failed %s\\n\", strerrorname_np(errno));\n"
	    "\t\telse\n"
	    "\t\t\tprint_exit(st, \" (reaped by the grandparent)\");\n"
	    "\t}\n"
	    "\treturn 0;\n}\n");
}

static bool
signal_ends_process(int sig)
{
	switch (sig) {
	case 0: case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
		return false;
	}
	return true;
}

int
codegen_c(const struct experiment *e, FILE *f, char *err, size_t errlen)
{
	if (!e->fn) {
		snprintf(err, errlen, "code: no child function is set (try fn hello)");
		return -1;
	}
	/* A program of its own would have no lab and no timeout around it. */
	if (e->fn->code.refusal) {
		snprintf(err, errlen, "code: %s is not exported: %s", e->fn->name, e->fn->code.refusal);
		return -1;
	}
	struct gen g = {
		.e = e, .f = f, .fn = e->fn->name, .needs = e->fn->code.needs,
		.vfork = (e->flags & CLONE_VFORK) != 0,
		.thread = (e->flags & CLONE_THREAD) != 0,
		.clone3 = e->variant == VARIANT_CLONE3,
		.settls = (e->flags & CLONE_SETTLS) != 0,
		.guard = e->guard,
	};
	g.reparent = (e->flags & CLONE_PARENT) && !g.thread;
	g.idmap = (e->flags & CLONE_NEWUSER) && !g.vfork;
	g.cs = (struct csource){ .f = f, .e = e, .vfork = g.vfork, .thread = g.thread,
	    .settls = g.settls };
	g.seed = (g.needs & CODE_SEED) != 0;
	/* The fixed seed program has its guard page back (fix 2). */
	if (g.seed)
		g.guard = true;
	/* As the lab: no handler for SIGKILL or SIGSTOP, which none can catch. */
	g.seccomp = e->seccomp_deny != 0 || e->seccomp_clone3_enosys;
	g.catch = e->catch_exit_signal && e->exit_signal > 0 && e->exit_signal != SIGKILL &&
	    e->exit_signal != SIGSTOP;
	g.fatal_signal = !g.thread && !g.reparent && !g.catch && signal_ends_process(e->exit_signal);
	g.procsig = !g.vfork && (g.needs & CODE_NEEDS_PROCSIG);

	emit_header(&g);
	if (g.seed)
		S(&g, "/*\n"
		    " * The seed article's program (\"Clone system call example\", 2016), with its\n"
		    " * traps and its race fixed; each fix is marked FIX below:\n"
		    " *   1. _GNU_SOURCE, without which <sched.h> hides clone();\n"
		    " *   2. an mmap'd stack with a guard page instead of 8 KiB of malloc;\n"
		    " *   3. a failed clone() ends the program with a failure status;\n"
		    " *   4. no printf() in a CLONE_VM child, which shares stdout and the TLS;\n"
		    " *   5. waitpid(__WALL) for the child instead of sleep(1).\n"
		    " */\n\n");
	emit_raw(&g);
	emit_child(&g);
	if (g.clone3)
		emit_clone3_trampoline(&g);
	emit_parent_helpers(&g);
	emit_run_parent(&g);
	emit_main(&g);
	if (ferror(f)) {
		snprintf(err, errlen, "code: %s", strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

/* --- unshare(1) ------------------------------------------------------------ */

/* Why unshare(1) cannot do what a flag asks. */
static const struct {
	uint64_t flag;
	const char *why;
} unshare_cannot[] = {
	{ CLONE_VM, "unshare(1) cannot share memory with a new process" },
	{ CLONE_FILES, "unshare(1) cannot share a file descriptor table with a new process" },
	{ CLONE_FS, "unshare(1) cannot share root, cwd and umask with a new process" },
	{ CLONE_SIGHAND, "unshare(1) cannot share signal handlers with a new process" },
	{ CLONE_THREAD, "unshare(1) cannot make a thread" },
	{ CLONE_VFORK, "unshare(1) cannot suspend its caller until the program execs" },
	{ CLONE_PARENT, "unshare(1) cannot give its program its own parent" },
	{ CLONE_SYSVSEM, "unshare(1) cannot share a SysV semaphore undo list" },
	{ CLONE_IO, "unshare(1) cannot share an I/O context" },
	{ CLONE_SETTLS, "unshare(1) runs a program, which sets up its own TLS" },
};

int
codegen_unshare(const struct experiment *e, FILE *f, char *err, size_t errlen)
{
	uint64_t other = e->flags & ~NS_FLAGS;

	if (other) {
		char names[512] = "";
		const char *why = "unshare(1) has no option for it";
		int n = 0;
		for (size_t i = 0; i < flags_count; i++) {
			if (!(other & flags_table[i].value))
				continue;
			str_append(names, sizeof(names), "%s%s", n ? ", " : "", flags_table[i].name);
			if (n++ == 0)
				for (size_t k = 0; k < ARRAY_SIZE(unshare_cannot); k++)
					if (unshare_cannot[k].flag == flags_table[i].value)
						why = unshare_cannot[k].why;
		}
		snprintf(err, errlen, "code --unshare: %s %s not a namespace flag%s; %s (code prints a C "
		    "program instead)", names, n == 1 ? "is" : "are", n == 1 ? "" : "s", why);
		return -1;
	}
	if (!(e->flags & NS_FLAGS)) {
		snprintf(err, errlen, "code --unshare: no namespace flag is set (try flags + newuser "
		    "newpid newns newuts newipc newnet newcgroup newtime)");
		return -1;
	}

	char line[256] = "unshare";
	for (int i = 0; i < NS_COUNT; i++)
		if (e->flags & ns_in_code_order(i)->flag)
			str_append(line, sizeof(line), " %s", ns_in_code_order(i)->unshare);
	bool fork = (e->flags & (CLONE_NEWPID | CLONE_NEWTIME)) != 0;
	if (fork)
		str_append(line, sizeof(line), " --fork");
	fprintf(f, "%s sh\n", line);
	fprintf(f, "# differs: unshare(1) calls unshare(2) and then runs a program (here sh: put "
	    "any command there), while clone() runs a function in a new process;%s%s the rest "
	    "(fds, cwd, memory) is what exec leaves of unshare's own\n",
	    fork ? " --fork makes the program a child, since a new pid or time namespace takes "
	    "only the children of the caller;" : "",
	    (e->flags & CLONE_NEWUSER) ? " --map-root-user writes the uid and gid maps that "
	    "clonesh writes for its child;" : "");
	return ferror(f) ? -1 : 0;
}

/* Beside the kcmp verdicts (shared.NAME, a row of resources_table each) and
 * the namespaces the program prints (namespaces.NAME.shared). */
static const char *const told_paths[] = {
	"clone.ok", "clone.errno",
	"exit.status", "exit.signal", "exit.core", "run.timed_out",
	"effects.global.parent_sees",
	"exit.caught.count", "exit.caught.si_signo", "exit.caught.si_code", "exit.caught.si_status",
	NULL,
};

bool
codegen_tells(const char *path)
{
	for (size_t i = 0; told_paths[i]; i++)
		if (strcmp(told_paths[i], path) == 0)
			return true;
	char p[96];
	for (int i = 0; i < SH_COUNT; i++)
		if (snprintf(p, sizeof(p), "shared.%s", resources_table[i].name) > 0 &&
		    strcmp(p, path) == 0)
			return true;
	for (int i = 0; i < NS_COUNT; i++)
		if (snprintf(p, sizeof(p), "namespaces.%s.shared", namespaces_table[i].name) > 0 &&
		    strcmp(p, path) == 0)
			return true;
	return false;
}

const char *
codegen_told_list(char *buf, size_t size)
{
	buf[0] = '\0';
	str_append(buf, size, "shared.NAME (the kcmp verdicts), namespaces.NAME.shared (of the "
	    "namespace flags it sets)");
	for (size_t i = 0; told_paths[i]; i++)
		str_append(buf, size, ", %s", told_paths[i]);
	return buf;
}

bool
codegen_compiler(const char **cc)
{
	const char *want = getenv("CC");
	if (!want || !*want)
		want = "cc";
	*cc = want;
	if (strchr(want, '/'))
		return access(want, X_OK) == 0;
	const char *path = getenv("PATH");
	char dir[4096];
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");
		snprintf(dir, sizeof(dir), "%.*s/%s", (int)n, p, want);
		if (access(dir, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

int
codegen_edit_apply(const char *text, const char *old, const char *new_text, char **out)
{
	size_t olen = strlen(old);
	int n = 0;
	const char *at = NULL;
	*out = NULL;
	if (!olen)
		return 0;
	for (const char *p = strstr(text, old); p; p = strstr(p + 1, old))
		if (n++ == 0)
			at = p;
	if (n != 1)
		return n;
	size_t before = (size_t)(at - text), nlen = strlen(new_text), rest = strlen(at + olen);
	char *r = malloc(before + nlen + rest + 1);
	if (!r)
		return -1;
	memcpy(r, text, before);
	memcpy(r + before, new_text, nlen);
	memcpy(r + before + nlen, at + olen, rest + 1);
	*out = r;
	return 1;
}

/* The next token of p after white space: an identifier or number (a run of
 * [A-Za-z0-9_]), else one character; its length, 0 at the end. */
static size_t
edit_token(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n')
		(*p)++;
	size_t n = 0;
	while (isalnum((unsigned char)(*p)[n]) || (*p)[n] == '_')
		n++;
	return n ? n : **p ? 1 : 0;
}

/* What a lesson's change may touch: flag and signal names, numbers, "|". */
static bool
edit_free_token(const char *t, size_t n)
{
	return (n == 1 && *t == '|') || isdigit((unsigned char)*t) ||
	    (n > 6 && strncmp(t, "CLONE_", 6) == 0) || (n > 3 && strncmp(t, "SIG", 3) == 0 &&
	    isupper((unsigned char)t[3]));
}

/* The next token of p that is not one of those. */
static size_t
edit_fixed_token(const char **p)
{
	size_t n;
	while ((n = edit_token(p)) && edit_free_token(*p, n))
		*p += n;
	return n;
}

bool
codegen_edit_safe(const char *old, const char *new_text)
{
	const char *a = old, *b = new_text;
	for (;;) {
		size_t m = edit_fixed_token(&a), n = edit_fixed_token(&b);
		if (m != n || strncmp(a, b, n) != 0)
			return false;
		if (!n)
			return true;
		a += m;
		b += n;
	}
}
