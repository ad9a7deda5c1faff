#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "kernel.h"
#include "lab.h"
#include "labcpu.h"
#include "output.h"
#include "session.h"
#include "util.h"

/* doctor: what this system allows, as clonesh found it by trying, and what
 * each limit means for the experiments and the lessons.  Every line is keyed
 * on what was seen (the errno of the attempt), never on a guess. */

static void
line(struct session *s, const char *what, const char *state, const char *meaning)
{
	out_printf(s->out, "  %-16s %s\n", what, state);
	if (meaning && *meaning)
		out_wrapped(s->out, "                   ", "                   ", 78, meaning);
}

static const char *
errno_text(int err, char *buf, size_t size)
{
	const char *name = err > 0 ? strerrorname_np(err) : NULL;
	snprintf(buf, size, "%s", name ? name : "no child could be made to try");
	return buf;
}

/* What clonesh does without kcmp (lab.c: observation_by_behaviour, the probe). */
#define KCMP_INSTEAD "clonesh measures by behaviour instead, marked \"by behaviour\": the " \
	"address space, fd table, fs information and handler table from what the parent sees " \
	"after the child acted, or after a small change the child then makes and undoes (a word, " \
	"its umask, SIGPWR, an fd); an fd's open file by moving its offset. The I/O context, the " \
	"SysV undo list and the open file of an fd that keeps no offset (a pipe, /dev/null) are " \
	"shown as not measured."

static void
doctor_userns(struct session *s, const struct kernel_env *env)
{
	char st[128], e[32];
	errno_text(env->userns_errno, e, sizeof(e));
	if (env->userns_errno == 0) {
		line(s, "user namespaces", "yes: unshare(CLONE_NEWUSER) worked", NULL);
		return;
	}
	snprintf(st, sizeof(st), "no: unshare(CLONE_NEWUSER) failed with %s", e);
	const char *why;
	if (env->userns_errno == EPERM && env->chroot == 1)
		why = "clonesh runs in a chroot, and the kernel makes no user namespace there. "
		    "flags +newuser is refused, and lesson 12 is skipped.";
	else if (env->userns_errno == ENOSPC)
		why = "user.max_user_namespaces is 0 (or its count is reached): flags +newuser is "
		    "refused, and lesson 12 is skipped.";
	else if (env->userns_errno == EPERM && env->unprivileged_userns_clone == 0)
		why = "kernel.unprivileged_userns_clone is 0: only a privileged user may make user "
		    "namespaces. flags +newuser is refused, and lesson 12 is skipped.";
	else if (env->userns_errno == EPERM && env->apparmor_userns == 1)
		why = "kernel.apparmor_restrict_unprivileged_userns is 1: AppArmor refuses user "
		    "namespaces to unconfined programs. flags +newuser is refused, and lesson 12 is "
		    "skipped.";
	else if (env->userns_errno == EPERM && env->seccomp == 2)
		why = "a seccomp filter is installed (as a container's default profile does) and "
		    "refused it: flags +newuser is refused, and lesson 12 is skipped.";
	else
		why = "a chroot clonesh could not see, or a policy: flags +newuser is refused, and "
		    "lesson 12 is skipped.";
	line(s, "user namespaces", st, why);
}

/* Where the experiments run (lab/labcpu.c). */
static void
doctor_cpu(struct session *s)
{
	char st[128], why[96];
	int of, cpu = lab_cpu(why, sizeof(why), &of);
	if (cpu >= 0) {
		snprintf(st, sizeof(st), "CPU %d of %d: the lab, its children, clonesh observing", cpu, of);
		line(s, "lab CPU", st, "the maker forks the next standby lab on the others, where it "
		    "prepares itself. A hand-over between two processes on one CPU is a context switch; "
		    "to a process on an idle CPU, it waits until that CPU wakes up.");
	} else {
		snprintf(st, sizeof(st), "any: %s", why);
		line(s, "lab CPU", st, NULL);
	}
}

/* What the labs are (lab/clonesh-lab.c). */
static void
doctor_lab_program(struct session *s)
{
	char why[PATH_MAX + 96], st[PATH_MAX + 160], meaning[256];
	int maker_maps, own_maps;
	const char *path = lab_program(why, sizeof(why), &maker_maps, &own_maps);
	if (path) {
		snprintf(meaning, sizeof(meaning), "each lab is a process of this small program, forked "
		    "by the maker: it starts with the maker's %d mappings (/proc/PID/maps), where a copy "
		    "of clonesh has %d; a fork-like child copies them, and both tear them down.",
		    maker_maps, own_maps);
		line(s, "lab program", path, maker_maps > 0 && own_maps > 0 ? meaning : NULL);
	} else {
		snprintf(st, sizeof(st), "none: each lab is a copy of clonesh (%s)", why);
		line(s, "lab program", st, "every experiment is measured the same way; a fork-like one "
		    "copies and tears down clonesh's mappings, so it takes longer, and the lab's VmSize "
		    "is clonesh's. CLONESH_LAB names the program where it is elsewhere.");
	}
}

static int
cmd_doctor(struct session *s, int argc, char **argv)
{
	const struct kernel_info *k = kernel_get();
	const struct kernel_env *env = kernel_env();
	char st[640], e[32];

	out_printf(s->out, "this system, as clonesh found it (by trying, where it could):\n");
	snprintf(st, sizeof(st), "Linux %d.%d", k->major, k->minor);
	line(s, "kernel", st, NULL);
	snprintf(st, sizeof(st), "%s, CAP_SYS_ADMIN %s", k->is_root ? "root" : "not root",
	    k->cap_sys_admin ? "yes" : "no");
	line(s, "privileges", st, k->cap_sys_admin ? NULL : "namespace flags need newuser "
	    "alongside (a user namespace grants the capability over the namespaces it owns).");
	doctor_userns(s, env);

	if (env->uts_errno == 0) {
		snprintf(st, sizeof(st), "yes: unshare(CLONE_NEWUTS%s) worked",
		    k->cap_sys_admin ? "" : "|CLONE_NEWUSER");
		line(s, "namespaces", st, NULL);
	} else {
		snprintf(st, sizeof(st), "no: unshare(CLONE_NEWUTS%s) failed with %s",
		    k->cap_sys_admin ? "" : "|CLONE_NEWUSER", errno_text(env->uts_errno, e, sizeof(e)));
		line(s, "namespaces", st, env->ns_filtered ?
		    "a seccomp filter refuses namespace flags (as Docker's default profile does: "
		    "clone(CLONE_NEWNS|CLONE_FS), which the kernel refuses with EINVAL, failed with "
		    "EPERM): namespace experiments are refused, and lesson 12 is skipped." :
		    "namespace experiments are refused, and lesson 12 is skipped.");
	}

	if (env->clone3_errno == ENOSYS)
		line(s, "clone3", "no: clone3 failed with ENOSYS", "the kernel predates Linux 5.3 or a "
		    "seccomp filter refuses clone3 (Docker's default profile does, since it cannot read "
		    "clone3's flags): variant clone3 is refused, variant clone still works.");
	else
		line(s, "clone3", "yes: the system call is there", NULL);

	if (env->kcmp_errno == 0)
		line(s, "kcmp", "yes: kcmp(2) compares kernel objects", NULL);
	else if (env->kcmp_errno == ENOSYS)
		line(s, "kcmp", "no: kcmp failed with ENOSYS", "this kernel was built without kcmp "
		    "(CONFIG_KCMP). " KCMP_INSTEAD);
	else {
		snprintf(st, sizeof(st), "denied: kcmp failed with %s",
		    errno_text(env->kcmp_errno, e, sizeof(e)));
		line(s, "kcmp", st, "a seccomp filter or Yama's ptrace policy denies it (Docker's "
		    "default profile does without CAP_SYS_PTRACE). " KCMP_INSTEAD);
	}

	snprintf(st, sizeof(st), "%s", env->seccomp == 2 ? "a filter is installed (Seccomp: 2)" :
	    env->seccomp == 1 ? "strict mode (Seccomp: 1)" : "none (Seccomp: 0)");
	line(s, "seccomp", st, NULL);
	line(s, "chroot", env->chroot == 1 ? "yes: / is not the root of pid 1" :
	    env->chroot == 0 ? "no" : "unknown: /proc/1/root cannot be read here", NULL);
	if (!k->cgroup2)
		line(s, "cgroup2", "no cgroup2 mount holds clonesh's cgroup",
		    "flags +into_cgroup is refused.");
	else {
		snprintf(st, sizeof(st), "%s: %s", env->cgroup2_writable ? "yes, writable" :
		    env->cgroup_procs_denied ? "mounted, its cgroup.procs not writable" :
		    "mounted, not writable", k->cgroup2_dir);
		line(s, "cgroup2", st, env->cgroup2_writable ? NULL : env->cgroup_procs_denied ?
		    "flags +into_cgroup is refused: moving the child into clonesh's cgroup needs "
		    "write access to its cgroup.procs (EACCES)." : "CLONE_INTO_CGROUP can only "
		    "target the lab's own cgroup.");
	}
	line(s, "page frames", env->pagemap_pfn == 1 ? "visible in /proc/PID/pagemap" :
	    env->pagemap_pfn == 0 ? "hidden (they are shown to CAP_SYS_ADMIN only)" :
	    "pagemap cannot be read", env->pagemap_pfn == 1 ? NULL : "touch-pages tells shared "
	    "pages by the page-exclusive bit instead of the frame number.");
	doctor_cpu(s);
	doctor_lab_program(s);
	line(s, "container", env->container[0] ? env->container : "none seen (no runtime's mark)",
	    NULL);
	return 0;
}

const struct command cmd_doctor_entry = {
	.name = "doctor",
	.args = "",
	.summary = "say what this system allows, and what each limit means",
	.help =
	    "Lists what clonesh found by trying on this system: user namespaces, namespaces, "
	    "clone3, kcmp, a seccomp filter, a chroot, cgroup2, page frame numbers, the CPU the "
	    "experiments run on, the lab program (or why labs are copies of clonesh), a container; "
	    "for each limit, what it means for the experiments "
	    "and the lessons (a refused flag, a skipped lesson, a verdict not measured). clonesh "
	    "--doctor prints the same.",
	.man =
	    "Say what this system allows, as clonesh found it by trying: user namespaces\n"
	    "(and why not: a chroot, user.max_user_namespaces, a policy, a seccomp\n"
	    "filter), namespace flags, clone3, kcmp, a seccomp filter, a chroot, cgroup2,\n"
	    "page frame numbers, the CPU the experiments run on, the lab program and\n"
	    "its mappings against clonesh's (or why labs are copies of clonesh), a\n"
	    "container; and for\n"
	    "each limit what it means for the experiments and the lessons.\n"
	    "The validator uses the same findings before a call: in a chroot,\n"
	    ".B flags +newuser\n"
	    "is refused with the kernel's EPERM and the reason.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_doctor,
};
