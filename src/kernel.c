#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

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
		kernel_probe_cgroup2(&info);
		probed = true;
	}
	return &info;
}

bool
kernel_at_least(const struct kernel_info *k, int major, int minor)
{
	return k->major > major || (k->major == major && k->minor >= minor);
}
