/* The experiment a learner edits: variant, flags, exit signal, stack, child
 * function and its arguments.  Plain data, copied by value into the lab. */
#ifndef CLONESH_EXPERIMENT_H
#define CLONESH_EXPERIMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "funcs.h"
#include "signals.h"

#define STACK_MIN ((size_t)4 << 10)       /* 4k: one page */
#define STACK_MAX ((size_t)256 << 20)     /* 256m */
#define STACK_DEFAULT ((size_t)64 << 10)

#define TIMEOUT_DEFAULT_MS 5000
#define CHILDREN_MAX 1024
#define TIMEOUT_MIN_MS 100
#define TIMEOUT_MAX_MS 600000

enum variant {
	VARIANT_CLONE,		/* glibc's clone() wrapper */
	VARIANT_CLONE3,		/* raw clone3() with struct clone_args */
};

struct child_func;

struct experiment {
	enum variant variant;
	uint64_t flags;		/* CLONE_* bits, never the exit signal */
	int exit_signal;	/* 0 for none */
	size_t stack_size;
	bool guard;		/* PROT_NONE page below the stack */
	/* stack end bottom: clone() is handed the stack's lowest address, not its
	 * top (stacks grow down): the classic mistake, as an experiment. */
	bool stack_bottom;
	/* signal catch on: the lab handles the exit signal (SA_SIGINFO) and
	 * records the siginfo the kernel sends with it. */
	bool catch_exit_signal;
	/* seccomp: the lab installs a filter just before the clone (seccomp.h)
	 * that answers clone() with EPERM when its flags hold one of these
	 * (bits of clone()'s int only), and clone3 with ENOSYS when asked. */
	uint64_t seccomp_deny;
	bool seccomp_clone3_enosys;
	const struct child_func *fn;
	int argc;
	char argv[FN_MAX_ARGS][FN_ARG_LEN];
	long iarg[FN_MAX_ARGS];	/* numeric arguments, parsed before the spawn */
	int timeout_ms;
	int nchildren;		/* spawn -n: children made with the same settings (1..CHILDREN_MAX) */
	long lab_uid, lab_gid;	/* lab user: the lab becomes them before the clone; -1: clonesh's own */
};

struct preset {
	const char *name;
	const char *summary;
	enum variant variant;
	uint64_t flags;
	int exit_signal;
	size_t stack_size;	/* 0: keep the current size */
	const char *fn;		/* NULL: keep the current function */
	int guard;		/* 0 off, 1 on, -1 keep the current setting */
};

extern const struct preset experiment_presets[];
extern const size_t experiment_npresets;

void experiment_init(struct experiment *e);
const struct preset *experiment_find_preset(const char *name);
/* Applies a preset; 0, or -1 with a one-line message in err. */
int experiment_apply_preset(struct experiment *e, const char *name, char *err, size_t errlen);
/* Chooses a child function and its arguments; 0, or -1 with a message. */
int experiment_set_fn(struct experiment *e, const char *name, int argc, char *const argv[],
    char *err, size_t errlen);

/* False when mine and step would run the same experiment: variant, flags,
 * exit signal, stack size and guard, function and its arguments, children
 * (not the timeout).  Else true, with one short part for each setting that
 * differs in buf, in the learner's words: "flags: yours are CLONE_VM
 * CLONE_FILES, the step's CLONE_VM; fn: yours is crash SEGV, the step's hello". */
bool experiment_differs(const struct experiment *mine, const struct experiment *step, char *buf,
    size_t size);

/* The child function and its arguments as typed: "crash SEGV", "none";
 * an argument with blanks or quotes is quoted. */
const char *experiment_fn_describe(const struct experiment *e, char *buf, size_t len);

/* "64k" -> 65536; 0, or -1 with a message naming the allowed forms and range. */
int size_parse(const char *s, size_t *out, char *err, size_t errlen);
/* 65536 -> "64k" (exact units only, else bytes). */
const char *size_format(size_t n, char *buf, size_t len);


const char *variant_name(enum variant v);
/* seccomp's settings in words: "clone() with CLONE_NEWUSER refused (EPERM);
 * clone3 refused (ENOSYS)", or "off". */
const char *experiment_seccomp_describe(const struct experiment *e, char *buf, size_t len);

#endif
