/* Measuring one process or a pair from outside: kcmp(2) and /proc. */
#ifndef CLONESH_PROBE_H
#define CLONESH_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* kcmp(2): 1 same object, 0 different, -errno when it cannot say. */
int probe_kcmp(pid_t a, pid_t b, int type, unsigned long idx1, unsigned long idx2);

/* A pidfd for pid, a process or a thread, or -1 (no pidfd_open, or it is
 * gone): what probe_ns_inode and probe_cgroup_id ask first. */
int probe_pidfd_open(pid_t pid);

/* The inode of namespace NAME (a name of /proc/PID/ns) of pid: through its
 * pidfd when pidfd >= 0 and the kernel has PIDFD_GET_<NAME>_NAMESPACE, which
 * is _IO(0xFF, pidfd_nr) (Linux 6.11), no /proc entry made; else from the link
 * /proc/PID/ns/NAME.  0 when unreadable. */
unsigned long probe_ns_inode(pid_t pid, int pidfd, const char *name, int pidfd_nr);
/* The same without holding our own namespaces first (probe_hold_namespaces):
 * for a lab, whose fds are 0 to 3 only, and whose maker holds them. */
unsigned long probe_ns_inode_unheld(pid_t pid, int pidfd, const char *name, int pidfd_nr);
/* Our own namespaces, held open (close-on-exec) from the first call on: nsfs
 * makes a namespace's dentry and inode when an fd of it is opened and frees
 * them with the last one; held, a process in them finds them made. */
void probe_hold_namespaces(void);

/* The id of the cgroup2 cgroup of pidfd's process or thread (PIDFD_GET_INFO,
 * Linux 6.13), which the inode of its directory is; 0 when the kernel does
 * not say. */
uint64_t probe_cgroup_id(int pidfd);

struct proc_status {
	long tgid, pid, ppid, threads;
	int umask;			/* -1 when absent */
	uint64_t sig_blk, sig_ign, sig_cgt;
	long nspid_last;		/* the innermost pid of NSpid: */
	char state;			/* the State: letter (R, S, D, T, Z...), '?' if absent */
	long vm_size_kb;		/* VmSize: the address space's size in KiB, -1 if absent */
	int seccomp, seccomp_filters;	/* Seccomp: and Seccomp_filters:, -1 if absent */
};
int probe_status(pid_t pid, struct proc_status *st);
/* The same through *fd, /proc/PID/status opened the first time (*fd -1) and
 * kept open for the next, which reads it again; the caller closes *fd. */
int probe_status_fd(pid_t pid, int *fd, struct proc_status *st);

/* The state letter of /proc/PID/stat (R, S, D, T, Z...), or '?'. */
char probe_state(pid_t pid);

/* The exit signal the kernel stored for PID (field 38 of /proc/PID/stat; -1
 * for a thread) in *sig: 0, or -1 when unreadable. */
int probe_exit_signal(pid_t pid, int *sig);

/* The open fds of PID in ascending order; how many, or -1. */
int probe_fds(pid_t pid, int *fds, int max);
/* The same, found without listing /proc/PID/fd where the kernel allows: its
 * size (Linux 6.2) counts the open fds, and kcmp(2) finds them; else the
 * listing. */
int probe_fds_counted(pid_t pid, int *fds, int max);
int probe_fd_target(pid_t pid, int fd, char *buf, size_t size);
/* fdinfo pos: of the fd, or -1. */
long probe_fd_pos(pid_t pid, int fd);
/* The Pid: line of a pidfd's fdinfo, or -1. */
long probe_fd_pidfd_pid(pid_t pid, int fd);
int probe_cwd(pid_t pid, char *buf, size_t size);
/* The cgroup2 path of PID (the "0::" line of /proc/PID/cgroup); -1 if none. */
int probe_cgroup(pid_t pid, char *buf, size_t size);
/* ioprio_get(2)'s and ioprio_set(2)'s words, which glibc does not declare. */
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_CLASS_BE 2
#define IOPRIO_CLASS_SHIFT 13
/* The level of a best-effort I/O priority, -1 for another class or none read. */
static inline int
ioprio_be_level(int prio)
{
	return prio >= 0 && prio >> IOPRIO_CLASS_SHIFT == IOPRIO_CLASS_BE ? prio & 0xff : -1;
}
/* pid's I/O priority as ioprio_get(IOPRIO_WHO_PROCESS) gives it (class << 13
 * | level), or -1 with errno. */
int probe_ioprio(pid_t pid);
/* 1 when /proc/PID/maps has a mapping containing addr, 0 when not, -1 unreadable. */
int probe_has_mapping(pid_t pid, unsigned long addr);
/* How many mappings /proc/PID/maps lists, or -1 unreadable. */
int probe_mapping_count(pid_t pid);
/* /proc/PID/mem opened for reading, or -errno; then reads len bytes at addr
 * through it: 0 or -errno. */
int probe_mem_open(pid_t pid);
int probe_read_mem_fd(int fd, unsigned long addr, void *buf, size_t len);
/* n pagemap entries from addr; 0 or -errno. */
int probe_pagemap(pid_t pid, unsigned long addr, uint64_t *entries, size_t n);
/* The global pid of a child of parent whose innermost pid is nspid (for
 * children in a new pid namespace); 0 when not found. */
pid_t probe_find_child(pid_t parent, long nspid);

#endif
