/* The catalog of functions a clone child can run: one file a function in
 * this folder (its arguments, its act, what the lab and the parent then do,
 * its C for `code`), and one table of them all (funcs.c).
 *
 * Every act runs inside the child and uses raw system calls (rawsys.h): no
 * errno, no malloc, no stdio, so it is safe in a CLONE_VM child that shares
 * its parent's TLS.  Three call glibc on purpose, to show why: seed-hello
 * and printf-locked call printf() as the seed article does, libc-close calls
 * glibc's close(), which sets errno in whatever TLS the child runs on. */
#ifndef CLONESH_FUNCS_H
#define CLONESH_FUNCS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct experiment;

#define FN_MAX_ARGS 4
#define FN_ARG_LEN 256

#define LAB_GLOBAL_BEFORE 7	/* the global's value before every experiment */
#define LAB_HEAP_BEFORE 11	/* the heap word's value before every experiment */
#define LAB_PAGES 64		/* pages of the buffer touch-pages writes */
#define LAB_FILE_FD 3		/* the lab's own seekable file (a memfd) */
#define LAB_FILE_SIZE 4096

/* exec-probe: the child's state right before its execve, as the child read
 * it (raw calls), to set beside what the program it execs then reports. */
struct exec_before {
	bool recorded;
	long pid, uid, euid, gid, egid;
	int umask;
	uint64_t blocked, ignored, caught;	/* bit N-1: signal N */
	int sig_handled, sig_ignored, sig_blocked;	/* the signals the act set up */
	int fd_cloexec, fd_plain;	/* the fds the act opened with and without O_CLOEXEC */
	unsigned long marker_addr, marker_value;	/* a word the act wrote in a new page */
	char cwd[256];
};

/* What the child writes about itself and its act (in memory shared with the
 * observer whatever the flags). */
struct child_report {
	long pid_self, tid, ppid;	/* getpid(), gettid(), getppid() in the child */
	long uid_start, gid_start;	/* before the observer wrote any id map */
	long uid_after, gid_after;	/* after the act */
	unsigned long tls_base;		/* FS base (x86-64) / TPIDR_EL0 (arm64) */
	long ctid_seen;			/* the child's own copy of the CHILD_SETTID word */
	long global_wrote, heap_wrote;	/* values written by write-global / write-heap */
	bool wrote_global, wrote_heap;
	unsigned long mapping;		/* address mmap-new made, 0 if none */
	int fd_opened;			/* open-fd's result, -1 if none */
	int pages_touched;
	long recurse_depth;		/* frames reached by recurse */
	char hostname[65];		/* uname().nodename in the child after the act */
	long act_result;		/* 0, or -errno of the act's failing call */
	char act_failed_call[32];	/* which call failed */
	long exec_errno;		/* errno of a failed execve, 0 otherwise */
	bool libc_called;		/* libc-close ran glibc's close(-1) */
	int libc_errno;			/* ... and read this errno right after it */
	_Atomic int printf_state;	/* printf-locked: 1 printf entered, 2 returned */
	struct exec_before exec_before;	/* exec-probe */
};

/* What the act needs from the lab. */
struct child_ctx {
	const struct experiment *cfg;
	struct child_report *report;
	volatile long *heap_word;	/* malloc'd by the lab before the clone */
	volatile unsigned char *pages;	/* LAB_PAGES pages, written by the lab before the clone */
	size_t page;			/* their size: the child calls no libc to learn it */
	const char *exec_path;		/* the program of the function's .program, "" if not found */
};

enum fn_after {
	AFTER_RETURN,		/* the child returns its code after the observer released it */
	AFTER_CRASH,		/* ... then dies of a signal */
	AFTER_EXEC,		/* ... then calls execve */
};

enum arg_kind { ARG_NONE, ARG_INT, ARG_OCTAL, ARG_SIGNAL, ARG_STRING, ARG_PATH, ARG_WORD };

/* What the lab prepares or watches for a function, beyond what it does for
 * every one.  (A function whose first argument is a signal has that signal
 * listed among the observed ones, whatever its state.) */
enum fn_lab {
	FN_LAB_PAGES = 1 << 0,		/* LAB_PAGES pages filled before the clone; which were copied */
	FN_LAB_STDOUT_LOCK = 1 << 1,	/* the lab holds stdout's lock while the child acts */
};

/* What the function changes that the parent then reads: the effect drill
 * asks about and answers, and why explains. */
enum fn_effect {
	EFFECT_NONE,
	EFFECT_GLOBAL,		/* the global word */
	EFFECT_HEAP,		/* the heap word */
	EFFECT_MAPPING,		/* a new mapping */
	EFFECT_PAGES,		/* the pages the lab filled */
	EFFECT_NEW_FD,		/* an fd the child opened */
	EFFECT_CLOSED_FD,	/* fd iarg[0], which the child closed */
	EFFECT_FD_OFFSET,	/* the offset of fd iarg[1] */
	EFFECT_DISPOSITION,	/* of signal iarg[0] */
	EFFECT_SIGMASK,		/* signal iarg[0] blocked */
	EFFECT_CWD,
	EFFECT_UMASK,
	EFFECT_HOSTNAME,
	EFFECT_ERRNO,		/* the lab's errno */
	EFFECT_IOPRIO,		/* the I/O priority */
};

/* How drill draws the function. */
struct fn_drill {
	int rank;		/* its place among the drawn functions, from 1; 0: never drawn.  Kept
				 * so that a seed draws the same drill as before; a new one takes the next */
	bool hard;		/* only at --level hard */
	const char *args[2];	/* each a "|"-separated list of equally likely choices; "" none */
};

struct csource;

/* Where in the program `code` writes a function's own C: teach/codegen.c
 * calls the function's code hook at each place, in this order. */
enum code_at {
	CODE_INCLUDES,		/* after the #includes: headers and helpers of the parent */
	CODE_GLOBALS,		/* after struct sync: globals of the program */
	CODE_HELPERS,		/* before child_fn: functions the child calls */
	CODE_ACT,		/* the act, between "started" and "acted" (else a comment) */
	CODE_ACTED,		/* right after the act: what the child records */
	CODE_FINISH,		/* after the release: the child's end (else return 0) */
	CODE_PREPARE,		/* in run_parent, before the stack: what the parent sets up */
	CODE_TLS,		/* after the CLONE_SETTLS block is made */
	CODE_BEFORE_CLONE,	/* just before the clone */
	CODE_AFTER_CLONE,	/* right after clone returned */
	CODE_RELEASE,		/* the parent lets the child act (not with CLONE_VFORK; else
				 * release and wait) */
	CODE_EFFECTS,		/* what the parent reads after the child acted */
	CODE_END,		/* after the child's end was waited for */
};

/* The generic parts of the program a function needs. */
enum code_needs {
	CODE_NEEDS_TEXT = 1 << 0,	/* put_str, put_long: the child writes a line */
	CODE_NEEDS_FAILED = 1 << 1,	/* child_failed: a call of the act can fail */
	CODE_NEEDS_MEMFD = 1 << 2,	/* fd 3 a memfd, as in the lab */
	CODE_NEEDS_PROCSIG = 1 << 3,	/* proc_sigset: the child's signal state from /proc */
	CODE_SEED = 1 << 4,		/* the seed article's program, each of its fixes marked */
};

struct fn_code {
	const char *refusal;	/* why `code` does not export it; NULL: it does */
	unsigned needs;		/* enum code_needs */
	/* Writes the function's C at one place; false when it has nothing there. */
	bool (*write)(struct csource *c, enum code_at at);
	const char *glibc;	/* the glibc call the exported child makes on purpose; NULL: none */
};

struct child_func {
	const char *name;
	const char *usage;	/* "[V]", "SIG handler|ignore|default" */
	int min_args, max_args;
	enum arg_kind kinds[FN_MAX_ARGS];
	const char *const *words[FN_MAX_ARGS];	/* allowed words for ARG_WORD, NULL-terminated */
	long lo[FN_MAX_ARGS], hi[FN_MAX_ARGS];	/* range for ARG_INT */
	const char *defaults[FN_MAX_ARGS];	/* default text of optional arguments */
	const char *summary;	/* one line */
	const char *touches;	/* resources: "memory", "fds", "signals", "fs", "uts", "ids", "stack", "exit" */
	const char *explain;	/* a short paragraph */
	bool uses_stdio;	/* calls printf: its lines are counted; CLONE_SETTLS needs glibc's TLS copied */
	enum fn_after after;
	/* The act, in the child, before "child acted": returns 0 or -errno. */
	long (*act)(struct child_ctx *ctx);
	/* After release: for AFTER_RETURN the exit code; else the signal / exec. */
	int (*finish)(struct child_ctx *ctx);
	unsigned lab;		/* enum fn_lab */
	uint64_t needs_flags;	/* clonesh refuses the function without these CLONE_* flags */
	const char *refusal;	/* ... and says this */
	enum fn_effect effect;
	struct fn_drill drill;
	struct fn_code code;
	/* The program finish execs that clonesh finds before the run (the lab
	 * hands its path to the child as ctx->exec_path): true with its path,
	 * or false with why it is not there.  NULL: none. */
	bool (*program)(char *path, size_t size, char *why, size_t whylen);
};

/* Every child function, one pointer each (funcs.c). */
extern const struct child_func *const funcs_table[];
extern const size_t funcs_count;

const struct child_func *funcs_find(const char *name);
/* The function of a new experiment. */
const struct child_func *funcs_default(void);
/* A function's arguments, checked and converted, defaults filled in. */
struct fn_args {
	int argc;
	char argv[FN_MAX_ARGS][FN_ARG_LEN];
	long iarg[FN_MAX_ARGS];	/* numeric arguments */
};

/* Checks and converts arguments into a; 0, or -1 with a one-line message
 * naming what is allowed (a is then unchanged). */
int funcs_parse_args(const struct child_func *f, struct fn_args *a, int argc,
    char *const argv[], char *err, size_t errlen);

/* The words clonesh reads in the lab's memory once the child acted (this
 * global, the tid words, the pidfd, the probe's word) are defined in one
 * section of their own, which the linker lays out in one piece: one read
 * of /proc/LAB/mem gives them all, and each read costs a page walk. */
#define LAB_WORD __attribute__((section("clonesh_lab_words")))

/* The global the child may write: a private .data word in every process
 * unless CLONE_VM shares the address space. */
extern volatile long lab_global;

#endif
