#include "config.h"

#include <ctype.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef HAVE_LINUX_SCHED_H
#include <linux/sched.h>
#else
#include <sched.h>
#endif

#include "experiment.h"
#include "flags.h"
#include "funcs.h"
#include "util.h"

/*
 * thread: glibc 2.34 and later (Debian 12 has 2.36) create a thread in
 * nptl/pthread_create.c, create_thread():
 *
 *   const int clone_flags = (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM
 *                            | CLONE_SIGHAND | CLONE_THREAD
 *                            | CLONE_SETTLS | CLONE_PARENT_SETTID
 *                            | CLONE_CHILD_CLEARTID | 0);
 *
 * with "the termination signal chosen to be zero", passed in a struct
 * clone_args to __clone_internal(), which on x86-64
 * (sysdeps/unix/sysv/linux/clone-internal.c, HAVE_CLONE3_WRAPPER) tries
 * clone3() first and falls back to clone() only on ENOSYS.  So strace shows
 * clone3 for pthread_create here, and the preset uses clone3 too.  Checked on
 * the build machine: strace of pthread_create prints clone3({flags=CLONE_VM|
 * CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|
 * CLONE_PARENT_SETTID|CLONE_CHILD_CLEARTID, ..., exit_signal=0, ...}, 88).
 */
/*
 * glibc-fork: glibc 2.34 and later make fork() (posix/fork.c, _Fork) an
 * arch_fork(&THREAD_SELF->tid), which on Linux is the clone system call with
 * CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD and the child_tid
 * pointer at the new process's tid word in its TLS.  Checked on the build
 * machine (glibc 2.36): strace -f of fork() prints clone(child_stack=NULL,
 * flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=...).
 */
#define GLIBC_FORK_FLAGS (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)

#define GLIBC_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | \
	CLONE_SIGHAND | CLONE_THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

const struct preset experiment_presets[] = {
	{ "fork", "a copy of the parent, as the fork system call makes it: no flags, exit signal "
	  "SIGCHLD (glibc's fork() adds two tid flags: preset glibc-fork)",
	  VARIANT_CLONE, 0, SIGCHLD, 0, NULL, 1 },
	{ "glibc-fork", "the flags glibc's fork() passes to clone(): the fork system call's copy plus "
	  "CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID (glibc passes no stack; clonesh gives one)",
	  VARIANT_CLONE, GLIBC_FORK_FLAGS, SIGCHLD, 0, NULL, 1 },
	{ "vfork", "vfork(): share the memory, parent suspended until the child exits or execs",
	  VARIANT_CLONE, CLONE_VM | CLONE_VFORK, SIGCHLD, 0, NULL, 1 },
	{ "thread", "exactly what glibc's pthread_create passes (clone3, exit signal none)",
	  VARIANT_CLONE3, GLIBC_THREAD_FLAGS, 0, 0, NULL, 1 },
	{ "container", "every namespace clone() can make, with a user namespace to allow it",
	  VARIANT_CLONE, CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
	  CLONE_NEWNET | CLONE_NEWCGROUP, SIGCHLD, 0, NULL, 1 },
	{ "seed", "the seed article's call: CLONE_VM, exit signal none, 8k malloc'd stack (no guard "
	  "page), printf in the child",
	  VARIANT_CLONE, CLONE_VM, 0, (size_t)8 << 10, "seed-hello", 0 },
};

const size_t experiment_npresets = ARRAY_SIZE(experiment_presets);

/* f and its arguments into e; e is unchanged when they are refused. */
static int
set_fn(struct experiment *e, const struct child_func *f, int argc, char *const argv[],
    char *err, size_t errlen)
{
	struct fn_args a;

	if (funcs_parse_args(f, &a, argc, argv, err, errlen) != 0)
		return -1;
	e->fn = f;
	e->argc = a.argc;
	memcpy(e->argv, a.argv, sizeof(e->argv));
	memcpy(e->iarg, a.iarg, sizeof(e->iarg));
	return 0;
}

void
experiment_init(struct experiment *e)
{
	char err[256];
	char *none[1] = { NULL };

	memset(e, 0, sizeof(*e));
	e->variant = VARIANT_CLONE;
	e->flags = 0;
	e->exit_signal = SIGCHLD;
	e->stack_size = STACK_DEFAULT;
	e->guard = true;
	e->timeout_ms = TIMEOUT_DEFAULT_MS;
	e->nchildren = 1;
	e->lab_uid = e->lab_gid = -1;
	e->fn = funcs_default();
	if (e->fn != NULL && set_fn(e, e->fn, 0, none, err, sizeof(err)) != 0)
		e->argc = 0;
}

const struct preset *
experiment_find_preset(const char *name)
{
	for (size_t i = 0; i < experiment_npresets; i++)
		if (strcasecmp(experiment_presets[i].name, name) == 0)
			return &experiment_presets[i];
	return NULL;
}

static void
preset_list(char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < experiment_npresets; i++)
		str_append(buf, len, "%s%s", i ? ", " : "", experiment_presets[i].name);
}

int
experiment_apply_preset(struct experiment *e, const char *name, char *err, size_t errlen)
{
	const struct preset *p = experiment_find_preset(name);
	if (p == NULL) {
		char list[128];
		preset_list(list, sizeof(list));
		snprintf(err, errlen, "preset: \"%s\" is not a preset (try %s)", name, list);
		return -1;
	}

	/* Work on a copy: a preset whose function fails leaves e as it was. */
	struct experiment next = *e;
	next.variant = p->variant;
	next.flags = p->flags;
	next.exit_signal = p->exit_signal;
	if (p->stack_size != 0)
		next.stack_size = p->stack_size;
	/* The article's stack comes from malloc: no guard page below it. */
	if (p->guard >= 0)
		next.guard = p->guard != 0;
	if (p->fn != NULL) {
		char *none[1] = { NULL };
		if (experiment_set_fn(&next, p->fn, 0, none, err, errlen) != 0)
			return -1;
	}
	*e = next;
	return 0;
}

/* "helo" -> "hello, seed-hello"; empty when nothing is close. */
static void
funcs_close_to(const char *bad, char *buf, size_t len)
{
	int n = 0;

	buf[0] = '\0';
	for (int d = 0; d <= 2 && n < 3; d++) {
		for (size_t i = 0; i < funcs_count && n < 3; i++) {
			const char *name = funcs_table[i]->name;
			int dist = str_distance(bad, name);
			bool prefix = strlen(bad) >= 2 && strncasecmp(name, bad, strlen(bad)) == 0;
			int score = dist < (int)strlen(name) ? dist : 99;
			if (prefix && score > 2)
				score = 2;
			if (score != d)
				continue;
			str_append(buf, len, "%s%s", n ? ", " : "", name);
			n++;
		}
	}
}

int
experiment_set_fn(struct experiment *e, const char *name, int argc, char *const argv[],
    char *err, size_t errlen)
{
	const struct child_func *f = funcs_find(name);
	if (f == NULL) {
		char near[128];
		funcs_close_to(name, near, sizeof(near));
		if (near[0] != '\0')
			snprintf(err, errlen, "fn: \"%s\" is not a function (did you mean %s? "
			    "`functions` lists them)", name, near);
		else
			snprintf(err, errlen, "fn: \"%s\" is not a function (`functions` lists them)",
			    name);
		return -1;
	}

	return set_fn(e, f, argc, argv, err, errlen);
}

/* --- sizes ---------------------------------------------------------------- */

#define STACK_PAGE ((size_t)4096)

static void
size_range(char *buf, size_t len)
{
	char lo[32], hi[32];
	snprintf(buf, len, "%s to %s", size_format(STACK_MIN, lo, sizeof(lo)),
	    size_format(STACK_MAX, hi, sizeof(hi)));
}

int
size_parse(const char *s, size_t *out, char *err, size_t errlen)
{
	char range[64];
	const char *p = s;
	uint64_t n = 0;
	bool overflow = false;

	size_range(range, sizeof(range));
	if (*p == '-' && isdigit((unsigned char)p[1])) {
		snprintf(err, errlen, "stack: \"%s\" is negative (try 8k, 64k, 1m; %s)", s, range);
		return -1;
	}
	if (!isdigit((unsigned char)*p)) {
		snprintf(err, errlen, "stack: \"%s\" is not a size (try 8k, 64k, 1m; %s)", s, range);
		return -1;
	}
	for (; isdigit((unsigned char)*p); p++) {
		unsigned int digit = (unsigned int)(*p - '0');
		if (n > (UINT64_MAX - digit) / 10)
			overflow = true;
		else
			n = n * 10 + digit;
	}

	/* Binary units as the lessons write them (k, K, KiB), and the units past
	 * the limit too, so that "1T" is refused as too big, not as a typo. */
	static const struct { const char *suffix; unsigned int shift; } units[] = {
		{ "", 0 }, { "k", 10 }, { "kib", 10 }, { "m", 20 }, { "mib", 20 },
		{ "g", 30 }, { "gib", 30 }, { "t", 40 }, { "tib", 40 }, { "p", 50 }, { "pib", 50 },
		{ "e", 60 }, { "eib", 60 },
	};
	unsigned int shift = 0;
	size_t u;
	for (u = 0; u < ARRAY_SIZE(units); u++) {
		if (strcasecmp(p, units[u].suffix) == 0) {
			shift = units[u].shift;
			break;
		}
	}
	if (u == ARRAY_SIZE(units)) {
		snprintf(err, errlen, "stack: \"%s\" is not a size (try 8k, 64k, 1m; %s)", s, range);
		return -1;
	}
	if (overflow || n > (UINT64_MAX >> shift)) {
		snprintf(err, errlen, "stack: %s is over the limit (%s)", s, range);
		return -1;
	}
	n <<= shift;
	if (n == 0) {
		snprintf(err, errlen, "stack: 0 is not a stack size (%s)", range);
		return -1;
	}
	if (n < STACK_MIN) {
		snprintf(err, errlen, "stack: %s is below the minimum (%s)", s, range);
		return -1;
	}
	if (n > STACK_MAX) {
		snprintf(err, errlen, "stack: %s is over the limit (%s)", s, range);
		return -1;
	}
	if (n % STACK_PAGE != 0) {
		snprintf(err, errlen, "stack: %s is not a whole number of 4k pages (%s)", s, range);
		return -1;
	}
	*out = (size_t)n;
	return 0;
}

const char *
experiment_fn_describe(const struct experiment *e, char *buf, size_t len)
{
	if (!e->fn) {
		str_copy(buf, "none", len);
		return buf;
	}
	str_copy(buf, e->fn->name, len);
	for (int i = 0; i < e->argc; i++) {
		const char *a = e->argv[i];
		bool plain = *a && strpbrk(a, " \t\"'\\;#") == NULL;
		str_append(buf, len, plain ? " %s" : " \"%s\"", a);
	}
	return buf;
}

const char *
size_format(size_t n, char *buf, size_t len)
{
	static const struct { unsigned int shift; char suffix; } units[] = {
		{ 30, 'g' }, { 20, 'm' }, { 10, 'k' },
	};

	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		size_t unit = (size_t)1 << units[i].shift;
		if (n != 0 && n % unit == 0) {
			snprintf(buf, len, "%zu%c", n / unit, units[i].suffix);
			return buf;
		}
	}
	snprintf(buf, len, "%zu", n);
	return buf;
}

/* --- signals -------------------------------------------------------------- */


const char *
variant_name(enum variant v)
{
	switch (v) {
	case VARIANT_CLONE:
		return "clone";
	case VARIANT_CLONE3:
		return "clone3";
	}
	return "?";
}

/* --- comparing ------------------------------------------------------------ */

/* "CLONE_VM CLONE_FILES", or "none". */
static const char *
flag_words(uint64_t flags, char *buf, size_t len)
{
	if (flags == 0) {
		str_copy(buf, "none", len);
		return buf;
	}
	flags_format(flags, 0, buf, len);
	for (char *p = buf; *p; p++)
		if (*p == '|')
			*p = ' ';
	return buf;
}

/* "write-global 42", or "none". */
static const char *
fn_words(const struct experiment *e, char *buf, size_t len)
{
	str_copy(buf, e->fn ? e->fn->name : "none", len);
	for (int i = 0; e->fn && i < e->argc; i++)
		str_append(buf, len, *e->argv[i] && !strchr(e->argv[i], ' ') ? " %s" : " \"%s\"",
		    e->argv[i]);
	return buf;
}

static bool
same_fn(const struct experiment *a, const struct experiment *b)
{
	if (a->fn != b->fn || a->argc != b->argc)
		return false;
	for (int i = 0; i < a->argc; i++)
		if (strcmp(a->argv[i], b->argv[i]) != 0 || a->iarg[i] != b->iarg[i])
			return false;
	return true;
}

/* Adds "what: yours is MINE, the step's STEP" to buf; true. */
static bool
differs_part(char *buf, size_t size, const char *what, bool plural, const char *mine,
    const char *step)
{
	if (size)
		str_append(buf, size, "%s%s: yours %s %s, the step's %s", *buf ? "; " : "", what,
		    plural ? "are" : "is", mine, step);
	return true;
}

/* The lab's seccomp filter in words (seccomp.h builds it). */
const char *
experiment_seccomp_describe(const struct experiment *e, char *buf, size_t len)
{
	if (!e->seccomp_deny && !e->seccomp_clone3_enosys) {
		snprintf(buf, len, "off");
		return buf;
	}
	size_t used = 0;
	buf[0] = '\0';
	if (e->seccomp_deny) {
		char names[512];
		flags_format(e->seccomp_deny, 0, names, sizeof(names));
		used += (size_t)snprintf(buf, len, "clone() with %s refused (EPERM)", names);
	}
	if (e->seccomp_clone3_enosys && used < len)
		snprintf(buf + used, len - used, "%sclone3 refused (ENOSYS)", used ? "; " : "");
	return buf;
}

bool
experiment_differs(const struct experiment *mine, const struct experiment *step, char *buf,
    size_t size)
{
	char a[FN_MAX_ARGS * FN_ARG_LEN + 64], b[FN_MAX_ARGS * FN_ARG_LEN + 64];
	bool differs = false;

	if (size)
		buf[0] = '\0';
	if (mine->variant != step->variant)
		differs = differs_part(buf, size, "variant", false, variant_name(mine->variant),
		    variant_name(step->variant));
	if (mine->flags != step->flags) {
		flag_words(mine->flags, a, sizeof(a));
		differs = differs_part(buf, size, "flags", true, a,
		    flag_words(step->flags, b, sizeof(b)));
	}
	if (mine->exit_signal != step->exit_signal)
		differs = differs_part(buf, size, "exit signal", false, signal_name(mine->exit_signal,
		    a, sizeof(a)), signal_name(step->exit_signal, b, sizeof(b)));
	if (mine->stack_size != step->stack_size)
		differs = differs_part(buf, size, "stack", false, size_format(mine->stack_size, a,
		    sizeof(a)), size_format(step->stack_size, b, sizeof(b)));
	if (mine->guard != step->guard)
		differs = differs_part(buf, size, "guard page", false, mine->guard ? "on" : "off",
		    step->guard ? "on" : "off");
	if (mine->catch_exit_signal != step->catch_exit_signal)
		differs = differs_part(buf, size, "signal catch", false, mine->catch_exit_signal ? "on" :
		    "off", step->catch_exit_signal ? "on" : "off");
	if (mine->stack_bottom != step->stack_bottom)
		differs = differs_part(buf, size, "stack end", false, mine->stack_bottom ? "bottom" :
		    "top", step->stack_bottom ? "bottom" : "top");
	if (mine->seccomp_deny != step->seccomp_deny ||
	    mine->seccomp_clone3_enosys != step->seccomp_clone3_enosys)
		differs = differs_part(buf, size, "seccomp", false, experiment_seccomp_describe(mine, a, sizeof(a)),
		    experiment_seccomp_describe(step, b, sizeof(b)));
	if (!same_fn(mine, step))
		differs = differs_part(buf, size, "fn", false, fn_words(mine, a, sizeof(a)),
		    fn_words(step, b, sizeof(b)));
	if (mine->nchildren != step->nchildren) {
		snprintf(a, sizeof(a), "%d", mine->nchildren);
		snprintf(b, sizeof(b), "%d", step->nchildren);
		differs = differs_part(buf, size, "children", false, a, b);
	}
	if (mine->lab_uid != step->lab_uid) {
		if (mine->lab_uid < 0)
			snprintf(a, sizeof(a), "clonesh's own");
		else
			snprintf(a, sizeof(a), "uid %ld", mine->lab_uid);
		if (step->lab_uid < 0)
			snprintf(b, sizeof(b), "clonesh's own");
		else
			snprintf(b, sizeof(b), "uid %ld", step->lab_uid);
		differs = differs_part(buf, size, "lab user", false, a, b);
	}
	return differs;
}
