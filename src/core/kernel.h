/* What the running kernel and our credentials allow, probed once. */
#ifndef CLONESH_KERNEL_H
#define CLONESH_KERNEL_H

#include <stdbool.h>

/* What this system allows, learnt by trying where clonesh can (each attempt
 * in a child process that exits at once): the environment a class may run
 * clonesh in (a chroot, a container, a locked-down user namespace policy). */
struct kernel_env {
	int userns_errno;	/* unshare(CLONE_NEWUSER) in a child: 0, or its errno */
	int uts_errno;		/* unshare(CLONE_NEWUTS), with CLONE_NEWUSER when not admin */
	bool ns_filtered;	/* a seccomp filter refuses clone's namespace flags (EPERM) */
	int clone3_errno;	/* clone3 with a bad size: ENOSYS when missing or filtered */
	int kcmp_errno;		/* kcmp(self, self, KCMP_VM): 0, ENOSYS, EPERM */
	int chroot;		/* 1 in a chroot, 0 not, -1 unknown (/proc/1/root unreadable) */
	int seccomp;		/* Seccomp: of /proc/self/status: 0 none, 1 strict, 2 filter */
	long max_user_namespaces;	/* user.max_user_namespaces; -1 absent */
	long unprivileged_userns_clone;	/* Debian's kernel.unprivileged_userns_clone; -1 absent */
	long apparmor_userns;	/* kernel.apparmor_restrict_unprivileged_userns; -1 absent */
	int pagemap_pfn;	/* 1 page frame numbers visible, 0 hidden, -1 unreadable */
	bool cgroup2_writable;	/* our cgroup2 directory can take a new cgroup */
	bool cgroup_procs_denied;	/* its cgroup.procs is not ours to write (access(2)) */
	char container[32];	/* "docker", "podman", "lxc", "wsl", "" none seen */
};

struct kernel_info {
	int major, minor;		/* from uname(2) */
	bool cap_sys_admin;		/* in our user namespace */
	bool userns_ok;			/* unprivileged user namespaces can be made */
	bool is_root;
	bool cgroup2;			/* a cgroup2 mount holds our cgroup */
	char cgroup2_dir[512];		/* that directory, for CLONE_INTO_CGROUP */
	/* The environment, probed on first use; NULL for an imagined kernel
	 * (tests), whose rules then assume nothing of the environment. */
	const struct kernel_env *(*env)(void);
};

/* The probed facts of this machine (probed on first call). */
const struct kernel_info *kernel_get(void);
/* The cgroup2 directory of our cgroup (kernel_get's cgroup2_dir), found
 * alone, once; NULL without one.  A lab opens it for CLONE_INTO_CGROUP. */
const char *kernel_cgroup2_dir(void);
bool kernel_at_least(const struct kernel_info *k, int major, int minor);
/* This system's environment (probed on first call: a few children). */
const struct kernel_env *kernel_env(void);
/* k's environment, or NULL when k does not describe this system. */
const struct kernel_env *kernel_env_of(const struct kernel_info *k);

#endif
