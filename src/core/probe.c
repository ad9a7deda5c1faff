#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/kcmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "probe.h"
#include "util.h"

int
probe_kcmp(pid_t a, pid_t b, int type, unsigned long idx1, unsigned long idx2)
{
	long r = syscall(SYS_kcmp, a, b, type, idx1, idx2);
	if (r < 0)
		return -errno;
	/* 0 is equality; 1, 2 and 3 order or merely separate different objects. */
	return r == 0 ? 1 : 0;
}

/* readlink of /proc/PID/ENTRY into buf, terminated; -1 (buf "") if unreadable. */
static int
proc_readlink(pid_t pid, const char *entry, char *buf, size_t size)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, entry);
	ssize_t n = readlink(path, buf, size - 1);
	buf[n < 0 ? 0 : n] = '\0';
	return n < 0 ? -1 : 0;
}

/* The text of /proc/PID/fdinfo/FD; file_read's length. */
static long
fdinfo_read(pid_t pid, int fd, char *text, size_t size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)pid, fd);
	return proc_text_read(path, text, size);
}

/* The pidfd ioctls (include/uapi/linux/pidfd.h), defined here where the
 * headers (Debian 12's) do not: the running kernel says ENOTTY when it lacks
 * one, and the probes then read /proc. */
#define PROBE_PIDFS_MAGIC 0xFF
struct probe_pidfd_info {		/* PIDFD_INFO_SIZE_VER0, Linux 6.13 */
	uint64_t mask;
	uint64_t cgroupid;
	uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
	uint32_t spare0;		/* exit_code since 6.15 */
};
_Static_assert(sizeof(struct probe_pidfd_info) == 64, "PIDFD_INFO_SIZE_VER0");
#define PROBE_PIDFD_GET_INFO _IOWR(PROBE_PIDFS_MAGIC, 11, struct probe_pidfd_info)
#define PROBE_PIDFD_INFO_CGROUPID (1ULL << 2)
#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL		/* Linux 6.9 */
#endif

int
probe_pidfd_open(pid_t pid)
{
	/* PIDFD_THREAD for a thread that does not lead its group; a kernel
	 * before 6.9 takes only a group leader, without the flag. */
	long fd = syscall(SYS_pidfd_open, pid, PIDFD_THREAD);
	if (fd < 0 && errno == EINVAL)
		fd = syscall(SYS_pidfd_open, pid, 0);
	return fd < 0 ? -1 : (int)fd;
}

/* PIDFD_GET_<NAME>_NAMESPACE is _IO(0xFF, nr), nr 1 (cgroup) to 10 (uts). */
#define PROBE_PIDFD_NS_FIRST 1
#define PROBE_PIDFD_NS_LAST 10

/* Our own namespaces, held open (close-on-exec) from the first look-up on:
 * nsfs makes a namespace's dentry and inode when an fd of it is opened and
 * frees them with the last one, so every ioctl would make them again; held,
 * a process in them (every lab, most children) finds them made: half the
 * time of 8 look-ups.  Only our own, which live as long as we do. */
void
probe_hold_namespaces(void)
{
	static bool held;
	if (held)
		return;
	held = true;
	int self = probe_pidfd_open(getpid());
	if (self < 0)
		return;
	for (int nr = PROBE_PIDFD_NS_FIRST; nr <= PROBE_PIDFD_NS_LAST; nr++)
		(void)ioctl(self, _IO(PROBE_PIDFS_MAGIC, nr), 0);
	close(self);
}

/* The namespace's inode through the pidfd: the ioctl gives an nsfs fd, whose
 * inode number is the one /proc/PID/ns/NAME's link names.  0 on any failure
 * (a kernel before 6.11 says ENOTTY), for /proc to answer instead. */
static unsigned long
pidfd_ns_inode(int pidfd, int nr)
{
	if (pidfd < 0 || nr < PROBE_PIDFD_NS_FIRST || nr > PROBE_PIDFD_NS_LAST)
		return 0;
	int ns = ioctl(pidfd, _IO(PROBE_PIDFS_MAGIC, nr), 0);
	if (ns < 0)
		return 0;
	struct stat st;
	unsigned long ino = fstat(ns, &st) == 0 ? (unsigned long)st.st_ino : 0;
	close(ns);
	return ino;
}

uint64_t
probe_cgroup_id(int pidfd)
{
	struct probe_pidfd_info info = { .mask = PROBE_PIDFD_INFO_CGROUPID };
	if (pidfd < 0 || ioctl(pidfd, PROBE_PIDFD_GET_INFO, &info) < 0 ||
	    !(info.mask & PROBE_PIDFD_INFO_CGROUPID))
		return 0;
	return info.cgroupid;
}

unsigned long
probe_ns_inode(pid_t pid, int pidfd, const char *name, int pidfd_nr)
{
	if (pidfd >= 0)
		probe_hold_namespaces();
	return probe_ns_inode_unheld(pid, pidfd, name, pidfd_nr);
}

unsigned long
probe_ns_inode_unheld(pid_t pid, int pidfd, const char *name, int pidfd_nr)
{
	unsigned long ino = pidfd_ns_inode(pidfd, pidfd_nr);
	if (ino)
		return ino;
	char entry[32], link[64];
	snprintf(entry, sizeof(entry), "ns/%s", name);
	if (proc_readlink(pid, entry, link, sizeof(link)) < 0)
		return 0;
	const char *br = strchr(link, '[');
	return br ? strtoul(br + 1, NULL, 10) : 0;
}

/* One line of /proc/PID/status, "Key:\tvalue", into st. */
static void
status_line(struct proc_status *st, const char *key, size_t klen, const char *v)
{
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(key, k, klen) == 0)
	if (KEY("Tgid"))
		st->tgid = atol(v);
	else if (KEY("Pid"))
		st->pid = atol(v);
	else if (KEY("PPid"))
		st->ppid = atol(v);
	else if (KEY("Threads"))
		st->threads = atol(v);
	else if (KEY("Umask"))
		st->umask = (int)strtol(v, NULL, 8);
	else if (KEY("SigBlk"))
		st->sig_blk = strtoull(v, NULL, 16);
	else if (KEY("SigIgn"))
		st->sig_ign = strtoull(v, NULL, 16);
	else if (KEY("SigCgt"))
		st->sig_cgt = strtoull(v, NULL, 16);
	else if (KEY("State"))
		st->state = *v && *v != '\n' ? *v : '?';
	else if (KEY("VmSize"))
		st->vm_size_kb = atol(v);
	else if (KEY("Seccomp"))
		st->seccomp = atoi(v);
	else if (KEY("Seccomp_filters"))
		st->seccomp_filters = atoi(v);
	else if (KEY("NSpid")) {
		/* The innermost pid is the last of the tab-separated list. */
		const char *end = v + strcspn(v, "\n"), *last = v;
		for (const char *p = v; p < end; p++)
			if (*p == '\t')
				last = p + 1;
		st->nspid_last = atol(last);
	}
#undef KEY
}

/* The status text into st: one pass over the lines, each "Key:" then
 * blanks then the value. */
static void
status_parse(const char *text, struct proc_status *st)
{
	memset(st, 0, sizeof(*st));
	st->umask = -1;
	st->tgid = st->pid = st->ppid = st->threads = st->nspid_last = -1;
	st->state = '?';
	st->vm_size_kb = -1;
	st->seccomp = st->seccomp_filters = -1;
	for (const char *line = text; *line; ) {
		const char *colon = strchr(line, ':'), *eol = strchr(line, '\n');
		if (!colon || (eol && colon > eol))
			break;
		const char *v = colon + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		status_line(st, line, (size_t)(colon - line), v);
		if (!eol)
			break;
		line = eol + 1;
	}
	if (st->nspid_last < 0)
		st->nspid_last = st->pid;
}

int
probe_status(pid_t pid, struct proc_status *st)
{
	int fd = -1;
	int r = probe_status_fd(pid, &fd, st);
	if (fd >= 0)
		close(fd);
	return r;
}

int
probe_status_fd(pid_t pid, int *fd, struct proc_status *st)
{
	char text[4096];
	if (*fd < 0) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
		*fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	/* A seq_file read from offset 0 makes its text anew (procps reads its
	 * files so): the open and the path's look-up are spared. */
	ssize_t n = *fd >= 0 ? pread(*fd, text, sizeof(text) - 1, 0) : -1;
	if (n <= 0) {
		status_parse("", st);
		return -1;
	}
	text[n] = '\0';
	status_parse(text, st);
	return 0;
}

/* The text of /proc/PID/stat into text; the start of its field n (3, the
 * state, or after: the command name before may hold spaces and
 * parentheses, and its last ')' ends it), or NULL. */
static const char *
stat_field(pid_t pid, char *text, size_t size, int n)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (proc_text_read(path, text, size) <= 0)
		return NULL;
	const char *p = strrchr(text, ')');
	if (!p || p[1] != ' ')
		return NULL;
	p += 2;
	for (int field = 3; field < n; field++) {
		p = strchr(p, ' ');
		if (!p)
			return NULL;
		p++;
	}
	return *p ? p : NULL;
}

char
probe_state(pid_t pid)
{
	char text[512];
	const char *p = stat_field(pid, text, sizeof(text), 3);
	return p ? *p : '?';
}

int
probe_exit_signal(pid_t pid, int *sig)
{
	char text[1024];
	const char *p = stat_field(pid, text, sizeof(text), 38);
	if (!p)
		return -1;
	char *end;
	long v = strtol(p, &end, 10);
	if (end == p)
		return -1;
	*sig = (int)v;
	return 0;
}

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The fds listed in /proc/PID/DIR, fd or fdinfo: the same list, as both
 * walk the fd table, and each makes the entries of its own directory. */
static int
list_fds(pid_t pid, const char *dir, int *fds, int max)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, dir);
	int d = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d < 0)
		return -1;
	/* getdents64 into a small buffer on the stack, not opendir's 32 KiB on
	 * the heap: clonesh lists fds while a lab shares its pages, and every
	 * page it writes then is a copy-on-write fault. */
	union {
		struct dirent64 de;
		char bytes[2048];
	} buf;
	int n = 0;
	pid_t self_pid = getpid();
	long got;
	while (n < max && (got = syscall(SYS_getdents64, d, buf.bytes, sizeof(buf.bytes))) > 0) {
		for (long off = 0; off < got && n < max;) {
			const struct dirent64 *de = (const struct dirent64 *)(buf.bytes + off);
			off += de->d_reclen;
			if (de->d_name[0] < '0' || de->d_name[0] > '9')
				continue;
			int fd = atoi(de->d_name);
			/* Our own directory fd shows when we list ourselves. */
			if (pid == self_pid && fd == d)
				continue;
			fds[n++] = fd;
		}
	}
	close(d);
	qsort(fds, (size_t)n, sizeof(*fds), cmp_int);
	return n;
}

int
probe_fds(pid_t pid, int *fds, int max)
{
	return list_fds(pid, "fd", fds, max);
}

/* How far probe_fds_counted looks for the fds the count says are open. */
#define FD_SCAN_MAX 256

int
probe_fds_counted(pid_t pid, int *fds, int max)
{
	/* Since Linux 6.2 the size of /proc/PID/fd is how many fds are open
	 * (proc_fd_getattr); before, it is 0.  kcmp(2) of an fd with itself
	 * then says whether it is open (0) or not (EBADF), with no /proc
	 * entry made an fd, as a listing makes: a quarter of the time here. */
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	if (stat(path, &st) < 0)
		return -1;
	long open_fds = st.st_size;
	int n = 0;
	for (int fd = 0; open_fds > 0 && n < open_fds && n < max && fd < FD_SCAN_MAX; fd++) {
		int same = probe_kcmp(pid, pid, KCMP_FILE, (unsigned long)fd, (unsigned long)fd);
		if (same == 1)
			fds[n++] = fd;
		else if (same != -EBADF)
			break;
	}
	/* No count (an older kernel, or no fd at all), kcmp refused, or an fd
	 * beyond the scan: the listing says it. */
	if (n == (open_fds < max ? open_fds : max) && open_fds > 0)
		return n;
	return list_fds(pid, "fd", fds, max);
}

int
probe_fd_target(pid_t pid, int fd, char *buf, size_t size)
{
	char entry[32], whole[PATH_MAX + 16];
	snprintf(entry, sizeof(entry), "fd/%d", fd);
	/* A long path keeps its end, where " (deleted)" is. */
	int r = proc_readlink(pid, entry, whole, sizeof(whole));
	str_copy_tail(buf, whole, size);
	return r;
}

long
probe_fd_pos(pid_t pid, int fd)
{
	char text[1024], v[64];
	if (fdinfo_read(pid, fd, text, sizeof(text)) <= 0)
		return -1;
	return status_field(text, "pos", v, sizeof(v)) ? atol(v) : -1;
}

long
probe_fd_pidfd_pid(pid_t pid, int fd)
{
	char text[1024], v[64];
	if (fdinfo_read(pid, fd, text, sizeof(text)) <= 0)
		return -1;
	return status_field(text, "Pid", v, sizeof(v)) ? atol(v) : -1;
}

int
probe_cwd(pid_t pid, char *buf, size_t size)
{
	if (proc_readlink(pid, "cwd", buf, size) < 0) {
		str_copy(buf, "?", size);
		return -1;
	}
	return 0;
}

int
probe_cgroup(pid_t pid, char *buf, size_t size)
{
	char path[64], text[4096];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	buf[0] = '\0';
	if (proc_text_read(path, text, sizeof(text)) <= 0)
		return -1;
	for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (str_prefix(line, "0::")) {
			size_t n = strcspn(line + 3, "\n");
			if (n >= size)
				n = size - 1;
			memcpy(buf, line + 3, n);
			buf[n] = '\0';
			return 0;
		}
	}
	return -1;
}

int
probe_has_mapping(pid_t pid, unsigned long addr)
{
	char path[64], line[512];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	int found = 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && addr >= lo && addr < hi) {
			found = 1;
			break;
		}
	}
	fclose(f);
	return found;
}

int
probe_mapping_count(pid_t pid)
{
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC), lines = 0;
	if (fd < 0)
		return -1;
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (ssize_t i = 0; i < n; i++)
			lines += buf[i] == '\n';
	close(fd);
	return n < 0 ? -1 : lines;
}

int
probe_mem_open(pid_t pid)
{
	/* /proc/PID/mem rather than process_vm_readv: the latter pins the pages,
	 * and pinning a copy-on-write page makes the kernel unshare it, which
	 * would change what we are measuring. */
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int
probe_read_mem_fd(int fd, unsigned long addr, void *buf, size_t len)
{
	if (fd < 0)
		return fd;
	ssize_t n = pread(fd, buf, len, (off_t)addr);
	return n == (ssize_t)len ? 0 : -(n < 0 ? errno : EIO);
}

int
probe_pagemap(pid_t pid, unsigned long addr, uint64_t *entries, size_t n)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t r = pread(fd, entries, n * sizeof(*entries), (off_t)(addr / page_size() * 8));
	int err = errno;
	close(fd);
	return r == (ssize_t)(n * sizeof(*entries)) ? 0 : -(r < 0 ? err : EIO);
}

pid_t
probe_find_child(pid_t parent, long nspid)
{
	char path[96], text[4096];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)parent, (int)parent);
	if (proc_text_read(path, text, sizeof(text)) <= 0)
		return 0;
	char *save = NULL;
	for (char *tok = strtok_r(text, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		pid_t c = (pid_t)atoi(tok);
		struct proc_status st;
		if (probe_status(c, &st) == 0 && st.nspid_last == nspid)
			return c;
	}
	return 0;
}

int
probe_ioprio(pid_t pid)
{
	return (int)syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, pid);
}
