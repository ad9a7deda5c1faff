#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#ifdef HAVE_LINUX_SCHED_H
#include <linux/sched.h>
#endif

#include "experiment.h"
#include "flags.h"
#include "kernel.h"
#include "rules.h"
#include "util.h"

/* Older UAPI headers lack the newest flags; the values are the kernel's ABI. */
#include "clone-compat.h"

/* --- the rules ------------------------------------------------------------
 * Kept in the order in which the kernel checks them, so that the first rule
 * broken predicts the errno the kernel returns first; within one stage of
 * the kernel the most basic rule comes first. */

#define HAS(e, f) (((e)->flags & (uint64_t)(f)) != 0)

static bool
rule_newtime_clone(const struct experiment *e, const struct kernel_info *k)
{
	return e->variant == VARIANT_CLONE && HAS(e, CLONE_NEWTIME);
}

static bool
rule_clear_sighand_clone(const struct experiment *e, const struct kernel_info *k)
{
	return e->variant == VARIANT_CLONE && HAS(e, CLONE_CLEAR_SIGHAND);
}

static bool
rule_into_cgroup_clone(const struct experiment *e, const struct kernel_info *k)
{
	return e->variant == VARIANT_CLONE && HAS(e, CLONE_INTO_CGROUP);
}

static bool
rule_into_cgroup_no_cgroup2(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_INTO_CGROUP) && !k->cgroup2;
}

/* clone3: copy_clone_args_from_user() */
static bool
rule_clone3_signal_range(const struct experiment *e, const struct kernel_info *k)
{
	return e->variant == VARIANT_CLONE3 && (e->exit_signal < 0 || e->exit_signal > 64);
}

/* clone3: clone3_args_valid() */
static bool
rule_clone3_detached(const struct experiment *e, const struct kernel_info *k)
{
	return e->variant == VARIANT_CLONE3 && HAS(e, CLONE_DETACHED);
}

static bool
rule_sighand_clear_sighand(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_SIGHAND) && HAS(e, CLONE_CLEAR_SIGHAND);
}

static bool
rule_clone3_thread_signal(const struct experiment *e, const struct kernel_info *k)
{
	return e->variant == VARIANT_CLONE3 && HAS(e, CLONE_THREAD) && e->exit_signal != 0;
}

static bool
rule_clone3_parent_signal(const struct experiment *e, const struct kernel_info *k)
{
	return e->variant == VARIANT_CLONE3 && HAS(e, CLONE_PARENT) && e->exit_signal != 0;
}

/* kernel_clone(): clone() passes one pointer for both */
static bool
rule_pidfd_parent_settid(const struct experiment *e, const struct kernel_info *k)
{
	return e->variant == VARIANT_CLONE && HAS(e, CLONE_PIDFD) && HAS(e, CLONE_PARENT_SETTID);
}

/* copy_process() */
static bool
rule_sighand_needs_vm(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_SIGHAND) && !HAS(e, CLONE_VM);
}

static bool
rule_thread_needs_sighand(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_THREAD) && !HAS(e, CLONE_SIGHAND);
}

static bool
rule_fs_newns(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_FS) && HAS(e, CLONE_NEWNS);
}

static bool
rule_fs_newuser(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_FS) && HAS(e, CLONE_NEWUSER);
}

static bool
rule_thread_newpid(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_THREAD) && HAS(e, CLONE_NEWPID);
}

static bool
rule_thread_newuser(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_THREAD) && HAS(e, CLONE_NEWUSER);
}

static bool
rule_pidfd_detached(const struct experiment *e, const struct kernel_info *k)
{
	return e->variant == VARIANT_CLONE && HAS(e, CLONE_PIDFD) && HAS(e, CLONE_DETACHED);
}

/* Linux 6.9 ("vfs-6.9.pidfd") made CLONE_PIDFD|CLONE_THREAD a thread pidfd. */
static bool
rule_pidfd_thread_old(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_PIDFD) && HAS(e, CLONE_THREAD) && !kernel_at_least(k, 6, 9);
}

/* The environment clonesh runs in, as tried (kernel_env): these rules apply
 * only to this system, never to an imagined kernel. */
static bool
env_refuses_userns(const struct experiment *e, const struct kernel_info *k, int err)
{
	const struct kernel_env *env = kernel_env_of(k);
	return HAS(e, CLONE_NEWUSER) && env && env->userns_errno == err;
}

/* create_user_ns(): a chrooted process may not make a user namespace. */
static bool
rule_newuser_chroot(const struct experiment *e, const struct kernel_info *k)
{
	const struct kernel_env *env = kernel_env_of(k);
	return env_refuses_userns(e, k, EPERM) && env->chroot == 1;
}

static bool
rule_newuser_refused(const struct experiment *e, const struct kernel_info *k)
{
	const struct kernel_env *env = kernel_env_of(k);
	return env_refuses_userns(e, k, EPERM) && env->chroot != 1;
}

static bool
rule_newuser_limit(const struct experiment *e, const struct kernel_info *k)
{
	return env_refuses_userns(e, k, ENOSPC);
}

/* A filter (Docker's default seccomp profile) refuses namespace flags to a
 * caller that has CAP_SYS_ADMIN, where the kernel alone would not. */
static bool
rule_namespace_filtered(const struct experiment *e, const struct kernel_info *k)
{
	const struct kernel_env *env = kernel_env_of(k);
	return (e->flags & flags_with(FLAG_NAMESPACE)) && env && env->ns_filtered &&
	    e->variant == VARIANT_CLONE;
}

/* CLONE_INTO_CGROUP into clonesh's cgroup is a move into it: the kernel
 * wants write access to its cgroup.procs (EACCES), which the lab has only as
 * clonesh's own user, as clonesh found it. */
static bool
rule_into_cgroup_denied(const struct experiment *e, const struct kernel_info *k)
{
	const struct kernel_env *env = kernel_env_of(k);
	return HAS(e, CLONE_INTO_CGROUP) && k->cgroup2 && env && env->cgroup_procs_denied &&
	    e->lab_uid < 0;
}

/* clone3 is missing (before Linux 5.3) or a filter makes it fail with ENOSYS. */
static bool
rule_clone3_unavailable(const struct experiment *e, const struct kernel_info *k)
{
	const struct kernel_env *env = kernel_env_of(k);
	return e->variant == VARIANT_CLONE3 && env && env->clone3_errno == ENOSYS;
}

/* copy_namespaces(): the capability check comes before the IPC one */
static bool
rule_namespace_needs_admin(const struct experiment *e, const struct kernel_info *k)
{
	return (e->flags & flags_with(FLAG_NAMESPACE) & ~(uint64_t)CLONE_NEWUSER) &&
	    !HAS(e, CLONE_NEWUSER) &&
	    (!k->cap_sys_admin || e->lab_uid > 0);	/* setuid away from root drops them all */
}

static bool
rule_newipc_sysvsem(const struct experiment *e, const struct kernel_info *k)
{
	return HAS(e, CLONE_NEWIPC) && HAS(e, CLONE_SYSVSEM);
}

const struct flags_rule flags_rules[] = {
	/* clonesh's own refusals: these never reach the kernel */
	{ "newtime-needs-clone3", 0,
	  "CLONE_NEWTIME needs clone3: clone()'s flags argument is an int whose low byte "
	  "is the exit signal",
	  "variant clone3, or remove newtime", rule_newtime_clone },
	{ "clear-sighand-needs-clone3", 0,
	  "CLONE_CLEAR_SIGHAND needs clone3: its bit lies above clone()'s 32-bit flags",
	  "variant clone3, or remove clear_sighand", rule_clear_sighand_clone },
	{ "into-cgroup-needs-clone3", 0,
	  "CLONE_INTO_CGROUP needs clone3: its bit lies above clone()'s 32-bit flags, "
	  "and only clone3 has a field for the cgroup",
	  "variant clone3, or remove into_cgroup", rule_into_cgroup_clone },
	{ "into-cgroup-needs-cgroup2", 0,
	  "CLONE_INTO_CGROUP needs a cgroup2 directory: no cgroup2 hierarchy holds "
	  "clonesh's cgroup here",
	  "remove into_cgroup", rule_into_cgroup_no_cgroup2 },
	/* the system call itself */
	{ "clone3-unavailable", ENOSYS,
	  "clone3 is not available here: this kernel predates it (Linux 5.3) or a seccomp "
	  "filter refuses it, as Docker's default profile does (it cannot inspect clone3's flags)",
	  "variant clone", rule_clone3_unavailable },
	/* a seccomp filter: it answers before the kernel's own checks */
	{ "namespace-filtered", EPERM,
	  "a seccomp filter refuses clone's namespace flags here, as Docker's default profile "
	  "does, before the kernel sees the call (clonesh tried: EPERM where the kernel says EINVAL)",
	  "remove the namespace flags; \"doctor\" explains the limit", rule_namespace_filtered },
	/* clone3's checks of struct clone_args */
	{ "clone3-signal-range", EINVAL,
	  "clone3 refuses an exit signal above 64",
	  "signal SIGCHLD, or any signal from 1 to 64, or none", rule_clone3_signal_range },
	{ "clone3-detached", EINVAL,
	  "clone3 refuses CLONE_DETACHED, which clone() ignores",
	  "remove detached", rule_clone3_detached },
	{ "sighand-clear-sighand", EINVAL,
	  "CLONE_CLEAR_SIGHAND cannot reset a signal-handler table that CLONE_SIGHAND shares",
	  "remove sighand, or remove clear_sighand", rule_sighand_clear_sighand },
	{ "clone3-thread-signal", EINVAL,
	  "clone3 refuses CLONE_THREAD with an exit signal: a thread sends none",
	  "signal none", rule_clone3_thread_signal },
	{ "clone3-parent-signal", EINVAL,
	  "clone3 refuses CLONE_PARENT with an exit signal: the child inherits the caller's",
	  "signal none", rule_clone3_parent_signal },
	/* clone(): pidfd and parent_tid are the same pointer */
	{ "pidfd-parent-settid", EINVAL,
	  "CLONE_PIDFD and CLONE_PARENT_SETTID cannot both be used with clone(): "
	  "both write through its one parent_tid pointer",
	  "remove parent_settid, or remove pidfd, or variant clone3", rule_pidfd_parent_settid },
	/* copy_process() */
	{ "sighand-needs-vm", EINVAL,
	  "CLONE_SIGHAND requires CLONE_VM: a shared handler is an address in shared memory",
	  "add vm, or remove sighand", rule_sighand_needs_vm },
	{ "thread-needs-sighand", EINVAL,
	  "CLONE_THREAD requires CLONE_SIGHAND: threads of a process share its signal handlers",
	  "add sighand and vm, or remove thread", rule_thread_needs_sighand },
	{ "fs-newns", EINVAL,
	  "CLONE_FS cannot be combined with CLONE_NEWNS: a new mount namespace needs "
	  "a root and cwd of its own",
	  "remove fs, or remove newns", rule_fs_newns },
	{ "fs-newuser", EINVAL,
	  "CLONE_FS cannot be combined with CLONE_NEWUSER: a new user namespace needs "
	  "a root and cwd of its own",
	  "remove fs, or remove newuser", rule_fs_newuser },
	{ "thread-newpid", EINVAL,
	  "CLONE_THREAD cannot be combined with CLONE_NEWPID: a thread stays in its "
	  "process's pid namespace",
	  "remove thread, or remove newpid", rule_thread_newpid },
	{ "thread-newuser", EINVAL,
	  "CLONE_THREAD cannot be combined with CLONE_NEWUSER: a thread stays in its "
	  "process's user namespace",
	  "remove thread, or remove newuser", rule_thread_newuser },
	{ "pidfd-detached", EINVAL,
	  "CLONE_PIDFD cannot be combined with CLONE_DETACHED in clone()",
	  "remove detached", rule_pidfd_detached },
	{ "pidfd-thread", EINVAL,
	  "CLONE_PIDFD cannot be combined with CLONE_THREAD before Linux 6.9",
	  "remove pidfd, or remove thread", rule_pidfd_thread_old },
	/* copy_creds(): a new user namespace, as this system allows it */
	{ "newuser-chroot", EPERM,
	  "CLONE_NEWUSER is refused in a chroot: the kernel makes no user namespace for a "
	  "process whose root is not its mount namespace's root (clonesh tried: EPERM)",
	  "remove newuser; outside a chroot (a container with a mount namespace of its own) "
	  "user namespaces work", rule_newuser_chroot },
	{ "newuser-refused-here", EPERM,
	  "this system refuses new user namespaces (clonesh tried: EPERM): a chroot, or a policy "
	  "such as kernel.unprivileged_userns_clone=0, AppArmor's restriction or a seccomp filter",
	  "remove newuser; \"doctor\" says which limit applies", rule_newuser_refused },
	{ "newuser-limit", ENOSPC,
	  "no more user namespaces may be made here: user.max_user_namespaces is 0 or its "
	  "count is reached (clonesh tried: ENOSPC)",
	  "remove newuser, or raise user.max_user_namespaces (a sysctl, as root)",
	  rule_newuser_limit },
	/* copy_namespaces() */
	{ "namespace-needs-admin", EPERM,
	  "a new mount, UTS, IPC, pid, network, cgroup or time namespace needs "
	  "CAP_SYS_ADMIN, which the lab does not have here",
	  "add newuser: a new user namespace grants the capabilities over namespaces it owns",
	  rule_namespace_needs_admin },
	{ "newipc-sysvsem", EINVAL,
	  "CLONE_NEWIPC cannot be combined with CLONE_SYSVSEM: the shared undo list "
	  "would point at semaphores of the old IPC namespace",
	  "remove sysvsem, or remove newipc", rule_newipc_sysvsem },
	/* cgroup_css_set_fork(): the move into the cgroup */
	{ "into-cgroup-denied", EACCES,
	  "CLONE_INTO_CGROUP moves the child into clonesh's cgroup, which needs write access to "
	  "its cgroup.procs, and clonesh's user has none here (clonesh tried access(2))",
	  "remove into_cgroup; as root, or in a cgroup delegated to this user, it works",
	  rule_into_cgroup_denied },
};

const size_t flags_nrules = ARRAY_SIZE(flags_rules);

/* clonesh's own refusals that spawn --force still hands to the kernel: the
 * call can be made, and what the kernel does with it is the lesson
 * (CLONE_NEWTIME through clone() becomes part of the exit signal). */
static const char *const forceable_rules[] = { "newtime-needs-clone3" };

bool
flags_rule_forceable(const struct flags_rule *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(forceable_rules); i++)
		if (strcmp(r->id, forceable_rules[i]) == 0)
			return true;
	return false;
}

const struct flags_rule *
flags_validate(const struct experiment *e, const struct kernel_info *k)
{
	for (size_t i = 0; i < flags_nrules; i++)
		if (flags_rules[i].applies(e, k))
			return &flags_rules[i];
	return NULL;
}
