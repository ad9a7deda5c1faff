/* The validator: every rule is reached by an experiment that breaks only
 * that rule; what clone-facts.md lists as accepted passes; the EPERM rule
 * follows CAP_SYS_ADMIN.  Then each verdict is checked against the running
 * kernel itself, in a disposable process. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef HAVE_LINUX_SCHED_H
#include <linux/sched.h>
#endif

#include "experiment.h"
#include "flags.h"
#include "kernel.h"
#include "rules.h"
#include "tap.h"
#include "util.h"

#include "clone-compat.h"

#define V_CLONE VARIANT_CLONE
#define V_CLONE3 VARIANT_CLONE3
#define THREAD_SHAPE (CLONE_VM | CLONE_SIGHAND | CLONE_THREAD)
#define NS7 (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
	CLONE_NEWNET | CLONE_NEWCGROUP)

enum who { ROOT_618, USER_618, ROOT_61, ROOT_618_NO_CGROUP2, ROOT_CHROOT, USER_POLICY, USER_LIMIT,
	USER_CGROUP_RO,
	ROOT_DOCKER };

/* Environments as kernel_env would find them: a chroot, a policy against
 * user namespaces, user.max_user_namespaces=0, Docker's default profile. */
static const struct kernel_env env_chroot = { .userns_errno = EPERM, .uts_errno = EPERM,
	.chroot = 1 };
static const struct kernel_env env_policy = { .userns_errno = EPERM, .uts_errno = EPERM,
	.unprivileged_userns_clone = 0 };
static const struct kernel_env env_limit = { .userns_errno = ENOSPC, .uts_errno = ENOSPC };
static const struct kernel_env env_docker = { .userns_errno = EPERM, .uts_errno = EPERM,
	.ns_filtered = true, .clone3_errno = ENOSYS, .kcmp_errno = EPERM, .seccomp = 2,
	.container = "docker" };
static const struct kernel_env env_cgroup_ro = { .cgroup_procs_denied = true };
static const struct kernel_env *get_chroot(void) { return &env_chroot; }
static const struct kernel_env *get_cgroup_ro(void) { return &env_cgroup_ro; }
static const struct kernel_env *get_policy(void) { return &env_policy; }
static const struct kernel_env *get_limit(void) { return &env_limit; }
static const struct kernel_env *get_docker(void) { return &env_docker; }

static const struct kernel_info fake_kernels[] = {
	[ROOT_618] = { .major = 6, .minor = 18, .cap_sys_admin = true, .userns_ok = true,
		.is_root = true, .cgroup2 = true, .cgroup2_dir = "/sys/fs/cgroup" },
	[USER_618] = { .major = 6, .minor = 18, .cap_sys_admin = false, .userns_ok = true,
		.is_root = false, .cgroup2 = true, .cgroup2_dir = "/sys/fs/cgroup" },
	[ROOT_61] = { .major = 6, .minor = 1, .cap_sys_admin = true, .userns_ok = true,
		.is_root = true, .cgroup2 = true, .cgroup2_dir = "/sys/fs/cgroup" },
	[ROOT_618_NO_CGROUP2] = { .major = 6, .minor = 18, .cap_sys_admin = true,
		.userns_ok = true, .is_root = true, .cgroup2 = false },
	[ROOT_CHROOT] = { .major = 6, .minor = 18, .cap_sys_admin = true, .userns_ok = true,
		.is_root = true, .env = get_chroot },
	[USER_POLICY] = { .major = 6, .minor = 18, .cap_sys_admin = false, .userns_ok = false,
		.env = get_policy },
	[USER_LIMIT] = { .major = 6, .minor = 18, .cap_sys_admin = false, .userns_ok = false,
		.env = get_limit },
	[ROOT_DOCKER] = { .major = 6, .minor = 18, .cap_sys_admin = true, .userns_ok = true,
		.is_root = true, .env = get_docker },
	[USER_CGROUP_RO] = { .major = 6, .minor = 18, .cap_sys_admin = false, .userns_ok = true,
		.cgroup2 = true, .cgroup2_dir = "/sys/fs/cgroup", .env = get_cgroup_ro },
};

static const char *const who_names[] = {
	[ROOT_618] = "root on 6.18", [USER_618] = "an unprivileged user on 6.18",
	[ROOT_61] = "root on 6.1", [ROOT_618_NO_CGROUP2] = "root on 6.18 without cgroup2",
	[ROOT_CHROOT] = "root in a chroot", [USER_POLICY] = "a user where a policy forbids userns",
	[USER_LIMIT] = "a user with max_user_namespaces 0", [ROOT_DOCKER] = "root in Docker",
	[USER_CGROUP_RO] = "a user whose cgroup.procs is root's",
};

struct vcase {
	const char *rule;	/* expected rule id, NULL: accepted */
	int err;		/* its errno */
	enum variant variant;
	uint64_t flags;
	int sig;
	enum who who;
	const char *what;
};

/* One experiment per rule, breaking that rule and no other. */
static const struct vcase rule_cases[] = {
	{ "newtime-needs-clone3", 0, V_CLONE, CLONE_NEWTIME, SIGCHLD, ROOT_618, NULL },
	{ "clear-sighand-needs-clone3", 0, V_CLONE, CLONE_CLEAR_SIGHAND, SIGCHLD, ROOT_618, NULL },
	{ "into-cgroup-needs-clone3", 0, V_CLONE, CLONE_INTO_CGROUP, SIGCHLD, ROOT_618, NULL },
	{ "into-cgroup-needs-cgroup2", 0, V_CLONE3, CLONE_INTO_CGROUP, SIGCHLD,
	  ROOT_618_NO_CGROUP2, NULL },
	{ "clone3-unavailable", ENOSYS, V_CLONE3, 0, SIGCHLD, ROOT_DOCKER, NULL },
	{ "clone3-signal-range", EINVAL, V_CLONE3, 0, 65, ROOT_618, NULL },
	{ "clone3-detached", EINVAL, V_CLONE3, CLONE_DETACHED, SIGCHLD, ROOT_618, NULL },
	{ "sighand-clear-sighand", EINVAL, V_CLONE3, CLONE_VM | CLONE_SIGHAND | CLONE_CLEAR_SIGHAND,
	  SIGCHLD, ROOT_618, NULL },
	{ "clone3-thread-signal", EINVAL, V_CLONE3, THREAD_SHAPE, SIGCHLD, ROOT_618, NULL },
	{ "clone3-parent-signal", EINVAL, V_CLONE3, CLONE_PARENT, SIGCHLD, ROOT_618, NULL },
	{ "pidfd-parent-settid", EINVAL, V_CLONE, CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD,
	  ROOT_618, NULL },
	{ "sighand-needs-vm", EINVAL, V_CLONE, CLONE_SIGHAND, SIGCHLD, ROOT_618, NULL },
	{ "thread-needs-sighand", EINVAL, V_CLONE, CLONE_VM | CLONE_THREAD, 0, ROOT_618, NULL },
	{ "fs-newns", EINVAL, V_CLONE, CLONE_FS | CLONE_NEWNS, SIGCHLD, ROOT_618, NULL },
	{ "fs-newuser", EINVAL, V_CLONE, CLONE_FS | CLONE_NEWUSER, SIGCHLD, USER_618, NULL },
	{ "thread-newpid", EINVAL, V_CLONE, THREAD_SHAPE | CLONE_NEWPID, 0, ROOT_618, NULL },
	{ "thread-newuser", EINVAL, V_CLONE, THREAD_SHAPE | CLONE_NEWUSER, 0, USER_618, NULL },
	{ "pidfd-detached", EINVAL, V_CLONE, CLONE_PIDFD | CLONE_DETACHED, SIGCHLD, ROOT_618, NULL },
	{ "pidfd-thread", EINVAL, V_CLONE, THREAD_SHAPE | CLONE_PIDFD, 0, ROOT_61, NULL },
	{ "newuser-chroot", EPERM, V_CLONE, CLONE_NEWUSER, SIGCHLD, ROOT_CHROOT, NULL },
	{ "newuser-refused-here", EPERM, V_CLONE, CLONE_NEWUSER, SIGCHLD, USER_POLICY, NULL },
	{ "newuser-limit", ENOSPC, V_CLONE, CLONE_NEWUSER, SIGCHLD, USER_LIMIT, NULL },
	{ "namespace-filtered", EPERM, V_CLONE, CLONE_NEWUTS, SIGCHLD, ROOT_DOCKER, NULL },
	{ "namespace-needs-admin", EPERM, V_CLONE, CLONE_NEWUTS, SIGCHLD, USER_618, NULL },
	{ "newipc-sysvsem", EINVAL, V_CLONE, CLONE_NEWIPC | CLONE_SYSVSEM, SIGCHLD, ROOT_618, NULL },
	{ "into-cgroup-denied", EACCES, V_CLONE3, CLONE_INTO_CGROUP, SIGCHLD, USER_CGROUP_RO, NULL },
};

/* clone-facts.md section 4, "accepted although someone might expect a
 * refusal", and other shapes the kernel takes. */
static const struct vcase accepted_cases[] = {
	{ NULL, 0, V_CLONE, THREAD_SHAPE, 0, ROOT_618, "a thread" },
	{ NULL, 0, V_CLONE, THREAD_SHAPE, 0, USER_618, "a thread, unprivileged" },
	{ NULL, 0, V_CLONE, CLONE_VM | CLONE_SIGHAND, SIGCHLD, ROOT_618, "vm|sighand" },
	{ NULL, 0, V_CLONE, THREAD_SHAPE | CLONE_PIDFD, 0, ROOT_618, "pidfd|thread on 6.18" },
	{ NULL, 0, V_CLONE3, THREAD_SHAPE | CLONE_PIDFD, 0, ROOT_618, "clone3 pidfd|thread on 6.18" },
	{ NULL, 0, V_CLONE, CLONE_NEWPID | CLONE_PARENT, SIGCHLD, ROOT_618, "newpid|parent" },
	{ NULL, 0, V_CLONE, CLONE_NEWUSER | CLONE_PARENT, SIGCHLD, USER_618, "newuser|parent" },
	{ NULL, 0, V_CLONE, CLONE_NEWPID | CLONE_VM | CLONE_SIGHAND, SIGCHLD, ROOT_618,
	  "newpid|vm|sighand" },
	{ NULL, 0, V_CLONE, THREAD_SHAPE | CLONE_VFORK, 0, ROOT_618, "thread|vfork" },
	{ NULL, 0, V_CLONE, NS7, SIGCHLD, USER_618, "the 7 clone() namespaces, unprivileged" },
	{ NULL, 0, V_CLONE, NS7 & ~(uint64_t)CLONE_NEWUSER, SIGCHLD, ROOT_618,
	  "6 namespaces without newuser, as root" },
	{ NULL, 0, V_CLONE, NS7, SIGCHLD, ROOT_618, "the 7 clone() namespaces, as root" },
	{ NULL, 0, V_CLONE, CLONE_NEWUSER, SIGCHLD, USER_618, "newuser alone needs nothing" },
	{ NULL, 0, V_CLONE, CLONE_DETACHED, SIGCHLD, ROOT_618, "clone() ignores detached" },
	{ NULL, 0, V_CLONE, CLONE_PARENT, SIGCHLD, ROOT_618, "clone() parent with a signal" },
	{ NULL, 0, V_CLONE, CLONE_VM | CLONE_VFORK, SIGCHLD, USER_618, "vfork" },
	{ NULL, 0, V_CLONE, CLONE_VM, 0, USER_618, "the seed's call" },
	{ NULL, 0, V_CLONE, CLONE_NEWIPC | CLONE_NEWUSER, SIGCHLD, USER_618, "newipc with newuser" },
	{ NULL, 0, V_CLONE3, CLONE_NEWTIME, SIGCHLD, ROOT_618, "clone3 newtime as root" },
	{ NULL, 0, V_CLONE3, CLONE_NEWTIME | CLONE_NEWUSER, SIGCHLD, USER_618,
	  "clone3 newtime|newuser, unprivileged" },
	{ NULL, 0, V_CLONE3, THREAD_SHAPE, 0, ROOT_618, "clone3 thread, no exit signal" },
	{ NULL, 0, V_CLONE3, CLONE_PARENT, 0, ROOT_618, "clone3 parent, no exit signal" },
	{ NULL, 0, V_CLONE3, CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD, ROOT_618,
	  "clone3 pidfd|parent_settid (two pointers)" },
	{ NULL, 0, V_CLONE3, CLONE_CLEAR_SIGHAND, SIGCHLD, ROOT_618, "clone3 clear_sighand" },
	{ NULL, 0, V_CLONE3, CLONE_INTO_CGROUP, 0, ROOT_618, "clone3 into_cgroup with cgroup2" },
	{ NULL, 0, V_CLONE3, 0, 64, ROOT_618, "clone3 exit signal 64" },
	{ NULL, 0, V_CLONE3, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_SIGHAND |
	  CLONE_THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, 0, USER_618,
	  "pthread_create's clone3" },
	/* one refusal that depends on the version, checked the other way round */
	{ "pidfd-thread", EINVAL, V_CLONE3, THREAD_SHAPE | CLONE_PIDFD, 0, ROOT_61,
	  "clone3 pidfd|thread on 6.1" },
	/* the kernel checks the capability before the IPC rule */
	{ "namespace-needs-admin", EPERM, V_CLONE, CLONE_NEWIPC | CLONE_SYSVSEM, SIGCHLD, USER_618,
	  "newipc|sysvsem unprivileged is EPERM first" },
	{ "newipc-sysvsem", EINVAL, V_CLONE, CLONE_NEWIPC | CLONE_SYSVSEM | CLONE_NEWUSER, SIGCHLD,
	  USER_618, "newipc|sysvsem|newuser" },
	{ "namespace-needs-admin", EPERM, V_CLONE3, CLONE_NEWTIME, SIGCHLD, USER_618,
	  "clone3 newtime unprivileged" },
	/* the environment: what the kernel checks first still comes first */
	{ "fs-newuser", EINVAL, V_CLONE, CLONE_FS | CLONE_NEWUSER, SIGCHLD, ROOT_CHROOT,
	  "fs|newuser in a chroot: EINVAL before the user namespace is tried" },
	{ NULL, 0, V_CLONE, CLONE_VM, SIGCHLD, ROOT_CHROOT, "vm in a chroot" },
	{ NULL, 0, V_CLONE, CLONE_NEWUTS, SIGCHLD, ROOT_CHROOT, "newuts as root in a chroot" },
	{ "newuser-chroot", EPERM, V_CLONE, CLONE_NEWUSER | CLONE_NEWUTS, SIGCHLD, ROOT_CHROOT,
	  "newuser|newuts in a chroot" },
	{ NULL, 0, V_CLONE, CLONE_VM | CLONE_FILES, SIGCHLD, ROOT_DOCKER, "vm|files in Docker" },
	{ "namespace-filtered", EPERM, V_CLONE, CLONE_NEWUSER, SIGCHLD, ROOT_DOCKER,
	  "newuser in Docker: the filter refuses it before the kernel sees it" },
	{ "namespace-filtered", EPERM, V_CLONE, CLONE_FS | CLONE_NEWNS, SIGCHLD, ROOT_DOCKER,
	  "fs|newns in Docker: the filter answers before the kernel's EINVAL" },
};

static void
case_experiment(const struct vcase *c, struct experiment *e)
{
	experiment_init(e);
	e->variant = c->variant;
	e->flags = c->flags;
	e->exit_signal = c->sig;
}

static const char *
case_label(const struct vcase *c, char *buf, size_t len)
{
	char f[256];
	snprintf(buf, len, "%s %s (%s)", variant_name(c->variant),
	    flags_format(c->flags, c->sig, f, sizeof(f)), who_names[c->who]);
	return buf;
}

static void
test_rules(void)
{
	for (size_t i = 0; i < flags_nrules; i++) {
		const struct flags_rule *r = &flags_rules[i];
		ok(r->id && r->text && r->fix && r->applies, "rule %zu is complete", i);
		ok(r->err == 0 || r->err == EINVAL || r->err == EPERM || r->err == ENOSPC ||
		    r->err == ENOSYS || r->err == EACCES, "rule %s: errno %d", r->id, r->err);
		for (size_t j = 0; j < i; j++)
			if (strcmp(flags_rules[j].id, r->id) == 0)
				ok(false, "rules %zu and %zu share the id %s", j, i, r->id);

		const struct vcase *c = NULL;
		for (size_t j = 0; j < ARRAY_SIZE(rule_cases); j++)
			if (strcmp(rule_cases[j].rule, r->id) == 0)
				c = &rule_cases[j];
		if (!ok(c != NULL, "rule %s has a case here", r->id))
			continue;

		struct experiment e;
		char label[400];
		case_experiment(c, &e);
		const struct kernel_info *k = &fake_kernels[c->who];
		const struct flags_rule *got = flags_validate(&e, k);
		is_str(got ? got->id : NULL, r->id, "%s breaks %s", case_label(c, label, sizeof(label)),
		    r->id);
		is_int(r->err, c->err, "rule %s returns errno %d", r->id, c->err);
		int n = 0;
		for (size_t j = 0; j < flags_nrules; j++)
			n += flags_rules[j].applies(&e, k);
		is_int(n, 1, "%s breaks no other rule", label);
	}
	is_int(ARRAY_SIZE(rule_cases), flags_nrules, "one case per rule, no case without a rule");
}

static void
test_accepted(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(accepted_cases); i++) {
		const struct vcase *c = &accepted_cases[i];
		struct experiment e;
		char label[400];
		case_experiment(c, &e);
		const struct flags_rule *got = flags_validate(&e, &fake_kernels[c->who]);
		is_str(got ? got->id : NULL, c->rule, "%s: %s", c->what,
		    case_label(c, label, sizeof(label)));
	}
}

/* The EPERM rule follows CAP_SYS_ADMIN, and CLONE_NEWUSER lifts it. */
static void
test_privilege(void)
{
	for (size_t i = 0; i < flags_count; i++) {
		const struct clone_flag *f = &flags_table[i];
		if (!(f->attrs & FLAG_NAMESPACE))
			continue;
		struct experiment e;
		experiment_init(&e);
		e.variant = (f->attrs & FLAG_CLONE3_ONLY) ? VARIANT_CLONE3 : VARIANT_CLONE;
		e.flags = f->value;
		const struct flags_rule *user = flags_validate(&e, &fake_kernels[USER_618]);
		const struct flags_rule *root = flags_validate(&e, &fake_kernels[ROOT_618]);
		if (f->value == CLONE_NEWUSER) {
			ok(user == NULL && root == NULL, "%s alone needs no privilege", f->name);
			continue;
		}
		ok(user != NULL && user->err == EPERM, "%s without CAP_SYS_ADMIN: EPERM", f->name);
		ok(user != NULL && strstr(user->text, "CAP_SYS_ADMIN") && strstr(user->fix, "newuser"),
		    "%s: the refusal names the privilege and the newuser route", f->name);
		ok(root == NULL, "%s with CAP_SYS_ADMIN: accepted", f->name);
		e.flags |= CLONE_NEWUSER;
		ok(flags_validate(&e, &fake_kernels[USER_618]) == NULL,
		    "%s with newuser, unprivileged: accepted", f->name);
	}
}

/* --- the running kernel ---------------------------------------------------- */

static int
child_fn(void *arg)
{
	return 0;
}

/* In a disposable process: drop privileges if asked, make the call, and
 * report 0 or the errno through the pipe. */
static void
sandbox(const struct experiment *e, bool drop, int fd)
{
	int result;
	/* The child's exit signal (SIGRTMAX, SIGUSR1...) would kill the sandbox
	 * before it reports: keep every signal pending instead. */
	sigset_t all;
	sigfillset(&all);
	sigdelset(&all, SIGALRM);
	sigprocmask(SIG_BLOCK, &all, NULL);
	alarm(5);
	if (drop && geteuid() == 0) {
		if (setgroups(0, NULL) != 0 || setresgid(65534, 65534, 65534) != 0 ||
		    setresuid(65534, 65534, 65534) != 0)
			_exit(100);
	}

	pid_t ptid = 0, ctid = 0;
	int pidfd = -1;
	size_t size = 64 << 10;
	char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK,
	    -1, 0);
	if (stack == MAP_FAILED)
		_exit(101);

	if (e->variant == VARIANT_CLONE) {
		int r = clone(child_fn, stack + size, (int)(e->flags | (unsigned int)e->exit_signal),
		    NULL, &ptid, NULL, &ctid);
		result = r == -1 ? errno : 0;
	} else {
		struct clone_args a;
		memset(&a, 0, sizeof(a));
		a.flags = e->flags;
		a.pidfd = (uintptr_t)&pidfd;
		a.parent_tid = (uintptr_t)&ptid;
		a.child_tid = (uintptr_t)&ctid;
		a.exit_signal = (uint64_t)e->exit_signal;
		long r = syscall(SYS_clone3, &a, CLONE_ARGS_SIZE_VER0);
		if (r == 0)
			syscall(SYS_exit, 0);	/* a fork-like child: leave at once */
		result = r == -1 ? errno : 0;
	}
	if (write(fd, &result, sizeof(result)) != (ssize_t)sizeof(result))
		_exit(102);
	_exit(0);
}

/* Reaps what the sandboxes left behind (CLONE_PARENT children come here). */
static void
reap_all(void)
{
	for (int tries = 0; tries < 200; tries++) {
		pid_t p = waitpid(-1, NULL, __WALL | WNOHANG);
		if (p < 0)
			return;
		if (p == 0) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
	}
}

static void
kernel_check(const struct vcase *c)
{
	char label[400];
	char f[256];
	struct experiment e;
	case_experiment(c, &e);
	bool drop = c->who == USER_618;
	snprintf(label, sizeof(label), "%s %s (%s)", variant_name(c->variant),
	    flags_format(c->flags, c->sig, f, sizeof(f)), drop ? "unprivileged" : "as we are");

	/* Predict with what this machine really is, as the sandbox will be. */
	struct kernel_info k = *kernel_get();
	if (drop) {
		k.cap_sys_admin = false;
		k.is_root = false;
	}
	const struct flags_rule *predicted = flags_validate(&e, &k);
	if (predicted != NULL && predicted->err == 0) {
		skip(1, "clonesh's own refusal: nothing reaches the kernel");
		return;
	}
	if (e.flags & CLONE_INTO_CGROUP) {
		skip(1, "CLONE_INTO_CGROUP needs a cgroup fd: the lab tests it");
		return;
	}
	if (predicted == NULL && e.variant == VARIANT_CLONE3 && (e.flags & CLONE_VM)) {
		skip(1, "an accepted clone3 with CLONE_VM needs the lab's child trampoline");
		return;
	}
	if (predicted == NULL && (e.flags & CLONE_SETTLS)) {
		skip(1, "CLONE_SETTLS needs a TLS block: the lab tests it");
		return;
	}
	if (!k.userns_ok && (e.flags & CLONE_NEWUSER)) {
		skip(1, "user namespaces are not available here");
		return;
	}

	int fds[2];
	if (pipe(fds) != 0) {
		ok(false, "pipe: %s", strerror(errno));
		return;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		sandbox(&e, drop, fds[1]);
	}
	close(fds[1]);
	int result = -1;
	ssize_t got = read(fds[0], &result, sizeof(result));
	close(fds[0]);
	int st = 0;
	waitpid(pid, &st, __WALL);
	reap_all();
	if (got != (ssize_t)sizeof(result)) {
		ok(false, "kernel: %s: the sandbox reported nothing (status %#x)", label, st);
		return;
	}
	int want = predicted ? predicted->err : 0;
	if (!is_int(result, want, "kernel agrees: %s -> %s", label,
	    predicted ? predicted->id : "accepted"))
		diag("  the kernel said: %s", result ? strerror(result) : "accepted");
}

static void
test_kernel(void)
{
	const struct kernel_info *k = kernel_get();
	diag("this kernel: %d.%d, CAP_SYS_ADMIN %s, user namespaces %s, cgroup2 %s", k->major,
	    k->minor, k->cap_sys_admin ? "yes" : "no", k->userns_ok ? "yes" : "no",
	    k->cgroup2 ? k->cgroup2_dir : "no");
	/* CLONE_PARENT children of the sandboxes are reparented to us. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	for (size_t i = 0; i < ARRAY_SIZE(rule_cases); i++)
		kernel_check(&rule_cases[i]);
	for (size_t i = 0; i < ARRAY_SIZE(accepted_cases); i++)
		kernel_check(&accepted_cases[i]);
}

int
main(void)
{
	test_rules();
	test_accepted();
	test_privilege();
	test_kernel();
	return done_testing();
}
