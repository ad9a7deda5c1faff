/* What the running kernel and our credentials allow, probed once. */
#ifndef CLONESH_KERNEL_H
#define CLONESH_KERNEL_H

#include <stdbool.h>

struct kernel_info {
	int major, minor;		/* from uname(2) */
	bool cap_sys_admin;		/* in our user namespace */
	bool userns_ok;			/* unprivileged user namespaces can be made */
	bool is_root;
	bool cgroup2;			/* a cgroup2 mount holds our cgroup */
	char cgroup2_dir[512];		/* that directory, for CLONE_INTO_CGROUP */
};

/* The probed facts of this machine (probed on first call). */
const struct kernel_info *kernel_get(void);
bool kernel_at_least(const struct kernel_info *k, int major, int minor);

#endif
