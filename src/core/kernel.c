#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/kcmp.h>

#include "kernel.h"
#include "probe.h"
#include "util.h"

#define CAP_SYS_ADMIN_BIT 21	/* <linux/capability.h> CAP_SYS_ADMIN */

static void
kernel_probe_version(struct kernel_info *k)
{
	struct utsname u;
	if (uname(&u) == 0 && sscanf(u.release, "%d.%d", &k->major, &k->minor) == 2)
		return;
	k->major = 0;
	k->minor = 0;
}

static bool
kernel_probe_cap_sys_admin(void)
{
	char text[8192], value[64];
	if (file_read("/proc/self/status", text, sizeof(text)) < 0)
		return false;
	if (status_field(text, "CapEff", value, sizeof(value)) == NULL)
		return false;
	unsigned long long caps = strtoull(value, NULL, 16);
	return (caps >> CAP_SYS_ADMIN_BIT) & 1;
}

/* A sysctl holding a number; def when it does not exist. */
static long
kernel_sysctl(const char *path, long def)
{
	char buf[64];
	if (file_read(path, buf, sizeof(buf)) <= 0)
		return def;
	return strtol(buf, NULL, 10);
}

static bool
kernel_probe_userns(void)
{
	if (kernel_sysctl("/proc/sys/user/max_user_namespaces", 1) <= 0)
		return false;
	/* Debian and Ubuntu kernels may carry this knob; upstream has none. */
	return kernel_sysctl("/proc/sys/kernel/unprivileged_userns_clone", 1) != 0;
}

/* Undoes mountinfo's octal escapes (\040 for a space) in place. */
static void
kernel_unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; ) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 4;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

static bool
kernel_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Our cgroup2 path ("0::PATH" in /proc/self/cgroup) under a cgroup2 mount. */
static void
kernel_probe_cgroup2(struct kernel_info *k)
{
	char path[512] = "";
	char line[1024];
	FILE *f;

	k->cgroup2 = false;
	k->cgroup2_dir[0] = '\0';

	if (probe_cgroup(getpid(), path, sizeof(path)) < 0 || path[0] != '/')
		return;

	f = fopen("/proc/self/mountinfo", "re");
	if (f == NULL)
		return;
	/* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER */
	while (fgets(line, sizeof(line), f) != NULL) {
		char *sep = strstr(line, " - ");
		if (sep == NULL || strncmp(sep + 3, "cgroup2 ", 8) != 0)
			continue;
		char root[512], mnt[512];
		if (sscanf(line, "%*s %*s %*s %511s %511s", root, mnt) != 2)
			continue;
		kernel_unescape(root);
		kernel_unescape(mnt);

		/* The mount shows the hierarchy from ROOT down: our path must lie below it. */
		const char *rest = path;
		if (strcmp(root, "/") != 0) {
			size_t rlen = strlen(root);
			if (strncmp(path, root, rlen) != 0 || (path[rlen] != '/' && path[rlen] != '\0'))
				continue;
			rest = path + rlen;
		}
		char dir[sizeof(k->cgroup2_dir)];
		if (strcmp(rest, "/") == 0)
			rest = "";
		if (snprintf(dir, sizeof(dir), "%s%s", strcmp(mnt, "/") == 0 && *rest ? "" : mnt,
		    rest) >= (int)sizeof(dir))
			continue;
		if (kernel_is_dir(dir)) {
			str_copy(k->cgroup2_dir, dir, sizeof(k->cgroup2_dir));
			k->cgroup2 = true;
			break;
		}
	}
	fclose(f);
}

const char *
kernel_cgroup2_dir(void)
{
	static struct kernel_info cg;
	static bool probed;
	if (!probed) {
		kernel_probe_cgroup2(&cg);
		probed = true;
	}
	return cg.cgroup2 ? cg.cgroup2_dir : NULL;
}

const struct kernel_info *
kernel_get(void)
{
	static struct kernel_info info;
	static bool probed;

	if (!probed) {
		kernel_probe_version(&info);
		info.cap_sys_admin = kernel_probe_cap_sys_admin();
		info.is_root = geteuid() == 0;
		info.userns_ok = kernel_probe_userns();
		const char *cg = kernel_cgroup2_dir();
		info.cgroup2 = cg != NULL;
		str_copy(info.cgroup2_dir, cg ? cg : "", sizeof(info.cgroup2_dir));
		info.env = kernel_env;
		probed = true;
	}
	return &info;
}

bool
kernel_at_least(const struct kernel_info *k, int major, int minor)
{
	return k->major > major || (k->major == major && k->minor >= minor);
}

/* --- the environment ------------------------------------------------------- */

/* Runs fn in a child that exits with its errno (0 for success); the errno,
 * or -1 when no child could be made. */
static int
kernel_try(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn() == 0 ? 0 : errno & 0xff);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int
try_userns(void)
{
	return unshare(CLONE_NEWUSER);
}

static int
try_uts(void)
{
	/* Without CAP_SYS_ADMIN a new user namespace grants it, as a learner's
	 * "flags +newuts +newuser" does. */
	return unshare(kernel_get()->cap_sys_admin ? CLONE_NEWUTS : CLONE_NEWUSER | CLONE_NEWUTS);
}

/* clone(CLONE_NEWNS | CLONE_FS), which the kernel always refuses with EINVAL
 * before any other check: EPERM instead means a seccomp filter refused the
 * namespace flag before the kernel saw the call. */
static int
try_ns_filter(void)
{
	long r = syscall(SYS_clone, (unsigned long)(CLONE_NEWNS | CLONE_FS | SIGCHLD), 0, 0, 0, 0);
	if (r == 0)
		_exit(0);	/* a kernel that took it: not a filter's EPERM */
	if (r > 0)
		waitpid((pid_t)r, NULL, 0);
	return r < 0 ? -1 : 0;
}

/* Whether / is pid 1's root: 1 in a chroot, 0 not, -1 unknown. */
static int
kernel_probe_chroot(void)
{
	struct stat mine, init;
	if (stat("/", &mine) == 0 && stat("/proc/1/root/", &init) == 0)
		return mine.st_dev != init.st_dev || mine.st_ino != init.st_ino;
	/* Else mountinfo: it leaves out the mounts a process cannot reach, so
	 * in a chroot of a plain directory no mount is at "/" (a chroot of a
	 * mount point looks like none: unknown). */
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -1;
	char line[1024];
	bool root = false;
	while (!root && fgets(line, sizeof(line), f)) {
		char mnt[512];
		root = sscanf(line, "%*s %*s %*s %*s %511s", mnt) == 1 && strcmp(mnt, "/") == 0;
	}
	fclose(f);
	return root ? -1 : 1;
}

static int
kernel_probe_seccomp(void)
{
	char text[8192], value[64];
	if (file_read("/proc/self/status", text, sizeof(text)) < 0 ||
	    status_field(text, "Seccomp", value, sizeof(value)) == NULL)
		return 0;
	return atoi(value);
}

/* Whether pagemap shows page frame numbers (it does to CAP_SYS_ADMIN). */
static int
kernel_probe_pagemap(void)
{
	static volatile char page[1];
	page[0] = 1;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	uint64_t entry = 0;
	off_t off = (off_t)((uintptr_t)page / (uintptr_t)sysconf(_SC_PAGESIZE) * sizeof(entry));
	ssize_t n = pread(fd, &entry, sizeof(entry), off);
	close(fd);
	if (n != (ssize_t)sizeof(entry))
		return -1;
	return (entry & ((1ULL << 55) - 1)) != 0;
}

/* The container runtime's marks, where one left them. */
static void
kernel_probe_container(struct kernel_env *e)
{
	char buf[4096];
	e->container[0] = '\0';
	if (access("/.dockerenv", F_OK) == 0)
		str_copy(e->container, "docker", sizeof(e->container));
	else if (access("/run/.containerenv", F_OK) == 0)
		str_copy(e->container, "podman", sizeof(e->container));
	else if (file_read("/proc/sys/kernel/osrelease", buf, sizeof(buf)) > 0 &&
	    (strstr(buf, "microsoft") || strstr(buf, "Microsoft")))
		str_copy(e->container, "wsl", sizeof(e->container));
	else if (file_read("/proc/1/environ", buf, sizeof(buf)) > 0) {
		/* NUL-separated: look at each variable. */
		for (size_t i = 0; i < sizeof(buf) - 1 && buf[i]; i += strlen(buf + i) + 1)
			if (strncmp(buf + i, "container=", 10) == 0) {
				str_copy(e->container, buf + i + 10, sizeof(e->container));
				break;
			}
	}
}

const struct kernel_env *
kernel_env(void)
{
	static struct kernel_env env;
	static bool probed;

	if (probed)
		return &env;
	probed = true;
	const struct kernel_info *k = kernel_get();
	env.userns_errno = kernel_try(try_userns);
	env.uts_errno = kernel_try(try_uts);
	env.ns_filtered = kernel_try(try_ns_filter) == EPERM;
	/* clone3 with a size below the first version's: EINVAL where it exists,
	 * ENOSYS where it does not or a filter refuses it; nothing is made. */
	errno = 0;
	env.clone3_errno = syscall(SYS_clone3, NULL, (size_t)0) < 0 && errno == ENOSYS ? ENOSYS : 0;
	int same = probe_kcmp(getpid(), getpid(), KCMP_VM, 0, 0);
	env.kcmp_errno = same < 0 ? -same : 0;
	env.chroot = kernel_probe_chroot();
	env.seccomp = kernel_probe_seccomp();
	env.max_user_namespaces = kernel_sysctl("/proc/sys/user/max_user_namespaces", -1);
	env.unprivileged_userns_clone = kernel_sysctl("/proc/sys/kernel/unprivileged_userns_clone", -1);
	env.apparmor_userns = kernel_sysctl("/proc/sys/kernel/apparmor_restrict_unprivileged_userns", -1);
	env.pagemap_pfn = kernel_probe_pagemap();
	env.cgroup2_writable = k->cgroup2 && access(k->cgroup2_dir, W_OK) == 0;
	if (k->cgroup2) {
		char procs[sizeof(k->cgroup2_dir) + 32];
		snprintf(procs, sizeof(procs), "%s/cgroup.procs", k->cgroup2_dir);
		env.cgroup_procs_denied = access(procs, W_OK) != 0 && errno == EACCES;
	}
	kernel_probe_container(&env);
	return &env;
}

const struct kernel_env *
kernel_env_of(const struct kernel_info *k)
{
	return k && k->env ? k->env() : NULL;
}
