#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#ifdef HAVE_LINUX_SCHED_H
#include <linux/sched.h>
#endif

#include "flags.h"
#include "signals.h"
#include "util.h"

/* Older UAPI headers lack the newest flags; the values are the kernel's ABI. */
#include "clone-compat.h"

/* In value order, so that walking the table prints flags as strace does. */
const struct clone_flag flags_table[] = {
	{ "CLONE_NEWTIME", "newtime", CLONE_NEWTIME,
	  "unshare() since Linux 5.6, clone3() since 6.3",
	  "new time namespace (clone3 only)",
	  "The child starts in a new time namespace, where CLOCK_MONOTONIC and "
	  "CLOCK_BOOTTIME may carry offsets of their own; the wall clock is never "
	  "affected. Of the two clone calls only clone3() can ask for it (unshare() "
	  "can too): in clone() the value 0x80 lies in "
	  "the low byte of the flags, which is the exit signal, so CLONE_NEWTIME|SIGCHLD "
	  "there just means exit signal 145. Like every namespace except the user "
	  "namespace it needs CAP_SYS_ADMIN, or CLONE_NEWUSER alongside.",
	  FLAG_CLONE3_ONLY | FLAG_NAMESPACE },
	{ "CLONE_VM", "vm", CLONE_VM, "2.0",
	  "share the address space",
	  "Parent and child run in the same memory: a global or heap word the child "
	  "writes is what the parent then reads, and a mapping the child makes appears "
	  "in the parent's /proc/PID/maps. Without it the child gets a copy-on-write "
	  "copy, and its writes stay its own. Trap: globals are shared too, stdout's "
	  "buffer among them, and unless CLONE_SETTLS gives the child its own "
	  "thread-local storage it runs on the parent's: errno is shared, and glibc, "
	  "believing the process has one thread, lets both into malloc at once. Such a "
	  "child must not call printf or malloc (explain tls).",
	  FLAG_CORE },
	{ "CLONE_FS", "fs", CLONE_FS, "2.0",
	  "share root, working directory and umask",
	  "The child shares the parent's filesystem information: a chdir(), umask() or "
	  "chroot() in one is seen by the other. Without it the child starts with a "
	  "copy and changes only its own. It cannot be combined with CLONE_NEWNS or "
	  "CLONE_NEWUSER, since a new mount or user namespace needs root and cwd of "
	  "its own.",
	  FLAG_CORE },
	{ "CLONE_FILES", "files", CLONE_FILES, "2.0",
	  "share the file descriptor table",
	  "The child shares the table of file descriptors, close-on-exec bits "
	  "included: an fd the child opens or closes is opened or closed for the "
	  "parent too. Without it the child gets a copy of the table. Trap: the open "
	  "file descriptions behind the fds are shared either way, so an lseek() in a "
	  "plain fork-like child still moves the parent's offset.",
	  FLAG_CORE },
	{ "CLONE_SIGHAND", "sighand", CLONE_SIGHAND, "2.0",
	  "share the signal-handler table (requires CLONE_VM)",
	  "The child shares the table of signal dispositions: a sigaction() in one "
	  "changes what the other does on that signal. It requires CLONE_VM, because a "
	  "handler is an address in memory. Trap: the blocked-signal mask is never "
	  "shared, each task keeps its own, with or without this flag. A CLONE_NEWPID "
	  "child sharing the table sets SIGCHLD to ignored in it when it exits, which "
	  "is the parent's table too.",
	  FLAG_CORE },
	{ "CLONE_PIDFD", "pidfd", CLONE_PIDFD, "5.2",
	  "return a pidfd for the child",
	  "The parent gets a file descriptor that names the child: poll() says "
	  "readable once it exits, and waitid(P_PIDFD) reaps it. clone() returns the fd "
	  "through the parent_tid pointer, so it cannot be combined with "
	  "CLONE_PARENT_SETTID there; clone3() has a field of its own. The fd is made "
	  "after the fd table is copied, so only a CLONE_FILES child has it too. Since "
	  "Linux 6.9 it also works with CLONE_THREAD and then names the thread.",
	  0 },
	{ "CLONE_PTRACE", "ptrace", CLONE_PTRACE, "2.2",
	  "trace the child too if the caller is traced",
	  "If the caller is being traced, the child is traced by the same tracer from "
	  "its first instruction. If the caller is not traced it does nothing at all.",
	  0 },
	{ "CLONE_VFORK", "vfork", CLONE_VFORK, "2.2",
	  "suspend the parent until the child exits or execs",
	  "The caller sleeps inside clone() until the child exits or calls execve(); "
	  "only then does clone() return. It is independent of CLONE_VM: without "
	  "CLONE_VM the child still gets a copy-on-write address space. vfork() is "
	  "CLONE_VM|CLONE_VFORK, so the child borrows the parent's memory while the "
	  "parent cannot run.",
	  FLAG_CORE },
	{ "CLONE_PARENT", "parent", CLONE_PARENT, "2.3.12",
	  "give the child the caller's own parent",
	  "The child becomes a sibling of the caller: its parent is the caller's "
	  "parent, so the caller cannot wait for it (ECHILD) and the grandparent reaps "
	  "it. Through clone() the exit signal asked for is ignored: the child gets "
	  "the caller's own exit signal, sent to the grandparent. clone3() requires "
	  "exit signal none with it. An init process (pid 1) may not use it.",
	  FLAG_CORE },
	{ "CLONE_THREAD", "thread", CLONE_THREAD, "2.4.0",
	  "put the child in the caller's thread group",
	  "The child becomes a thread of the caller's process: the same getpid(), its "
	  "own gettid(), and the parent's Threads: count goes up. It requires "
	  "CLONE_SIGHAND, hence CLONE_VM. A thread has no exit signal and cannot be "
	  "waited for, not even with __WALL: pthread_join learns of its end through "
	  "CLONE_CHILD_CLEARTID. A fatal signal in any thread ends the whole group.",
	  FLAG_CORE },
	{ "CLONE_NEWNS", "newns", CLONE_NEWNS, "2.4.19",
	  "new mount namespace",
	  "The child starts with a copy of the parent's mount table; mounts it makes "
	  "afterwards are its own unless propagation says otherwise. It needs "
	  "CAP_SYS_ADMIN, or CLONE_NEWUSER alongside, and cannot be combined with "
	  "CLONE_FS.",
	  FLAG_NAMESPACE | FLAG_CORE },
	{ "CLONE_SYSVSEM", "sysvsem", CLONE_SYSVSEM, "2.5.10",
	  "share the System V semaphore undo list",
	  "The child shares the list of SEM_UNDO adjustments: they are applied only "
	  "when the last process sharing the list exits. Without it, a child's "
	  "semop(SEM_UNDO) is undone when that child exits. It cannot be combined "
	  "with CLONE_NEWIPC, whose semaphores the old list could not reach.",
	  FLAG_CORE },
	{ "CLONE_SETTLS", "settls", CLONE_SETTLS, "2.5.32",
	  "give the child its own thread-local storage",
	  "The child's thread pointer (the FS base on x86-64) is set to the tls "
	  "argument. Without it the child keeps the parent's value, that is, the "
	  "parent's TLS block: with CLONE_VM that means a shared errno (a glibc call "
	  "failing in the child sets the parent's), shared malloc caches, and locks "
	  "that take the child for their owner, since glibc knows a lock's owner by "
	  "the thread pointer. pthread_create always passes it.",
	  0 },
	{ "CLONE_PARENT_SETTID", "parent_settid", CLONE_PARENT_SETTID, "2.5.49",
	  "store the child's tid in the parent's memory",
	  "The kernel writes the child's thread id into the parent_tid word in the "
	  "parent's memory before clone() returns. In clone() that pointer is also "
	  "where CLONE_PIDFD puts its fd, so the two cannot be combined there.",
	  0 },
	{ "CLONE_CHILD_CLEARTID", "child_cleartid", CLONE_CHILD_CLEARTID, "2.5.49",
	  "clear the child's tid word and wake a futex at exit",
	  "When the child exits while another task still uses its address space "
	  "(CLONE_VM), the kernel writes 0 to the child_tid word and wakes anyone "
	  "waiting on it with a futex; a child with an address space of its own gets "
	  "no such write. This is how pthread_join learns that a thread, which cannot "
	  "be waited for, has ended.",
	  0 },
	{ "CLONE_DETACHED", "detached", CLONE_DETACHED,
	  "no effect since Linux 2.6.0 (clone(2))",
	  "historical; ignored by clone(), refused by clone3()",
	  "A leftover of the Linux 2.5 threading work. clone() silently ignores it, "
	  "except together with CLONE_PIDFD (EINVAL); clone3() refuses it outright "
	  "with EINVAL so that the bit can be reused one day.",
	  0 },
	{ "CLONE_UNTRACED", "untraced", CLONE_UNTRACED, "2.5.46",
	  "a tracer may not force tracing on the child",
	  "A tracer that asked to follow forks (PTRACE_O_TRACEFORK) does not get the "
	  "child. It does not cancel an explicit CLONE_PTRACE. From an untraced "
	  "caller it does nothing.",
	  0 },
	{ "CLONE_CHILD_SETTID", "child_settid", CLONE_CHILD_SETTID, "2.5.49",
	  "store the child's tid in the child's memory",
	  "The kernel writes the child's thread id into the child_tid word in the "
	  "child's memory before the child runs. The parent sees it there only with "
	  "CLONE_VM; otherwise it lands in the child's copy.",
	  0 },
	{ "CLONE_NEWCGROUP", "newcgroup", CLONE_NEWCGROUP, "4.6",
	  "new cgroup namespace",
	  "The child's current cgroup becomes the root (/) of what it sees in "
	  "/proc/self/cgroup. It needs CAP_SYS_ADMIN, or CLONE_NEWUSER alongside.",
	  FLAG_NAMESPACE },
	{ "CLONE_NEWUTS", "newuts", CLONE_NEWUTS, "2.6.19",
	  "new UTS namespace (hostname)",
	  "The child gets its own copy of the hostname and domain name: a "
	  "sethostname() in the child is invisible to the parent. It needs "
	  "CAP_SYS_ADMIN, or CLONE_NEWUSER alongside.",
	  FLAG_NAMESPACE | FLAG_CORE },
	{ "CLONE_NEWIPC", "newipc", CLONE_NEWIPC, "2.6.19",
	  "new IPC namespace",
	  "The child gets its own System V IPC objects and POSIX message queues: the "
	  "parent's semaphores and shared memory are invisible to it (EINVAL). It "
	  "needs CAP_SYS_ADMIN, or CLONE_NEWUSER alongside, and cannot be combined "
	  "with CLONE_SYSVSEM.",
	  FLAG_NAMESPACE },
	{ "CLONE_NEWUSER", "newuser", CLONE_NEWUSER, "2.6.23",
	  "new user namespace",
	  "The child starts in a new user namespace, where it has every capability "
	  "but only over namespaces that namespace owns. Before the parent writes a "
	  "uid and gid map the child is 65534 (nobody). It needs no capability (since "
	  "Linux 3.8), which is why adding it lets an unprivileged user create the "
	  "other namespaces. It cannot be combined with CLONE_FS or CLONE_THREAD, is "
	  "refused inside a chroot (EPERM) and past user.max_user_namespaces "
	  "(ENOSPC), and some distributions restrict it by policy.",
	  FLAG_NAMESPACE },
	{ "CLONE_NEWPID", "newpid", CLONE_NEWPID, "2.6.24",
	  "new pid namespace",
	  "The child is pid 1 of a new pid namespace: getpid() says 1 and getppid() "
	  "says 0, while the parent sees an ordinary pid. When that init exits, every "
	  "other process of the namespace is killed. It needs CAP_SYS_ADMIN, or "
	  "CLONE_NEWUSER alongside, and cannot be combined with CLONE_THREAD.",
	  FLAG_NAMESPACE | FLAG_CORE },
	{ "CLONE_NEWNET", "newnet", CLONE_NEWNET, "2.6.24",
	  "new network namespace",
	  "The child gets its own network stack: only a loopback interface, and that "
	  "one down. It needs CAP_SYS_ADMIN, or CLONE_NEWUSER alongside.",
	  FLAG_NAMESPACE },
	{ "CLONE_IO", "io", CLONE_IO, "2.6.25",
	  "share the I/O context",
	  "The child shares the parent's I/O context, if the parent has one: the I/O "
	  "priority lives there, so an ioprio_set() in the child changes the parent's "
	  "priority too. An I/O scheduler that keeps state per context (BFQ) also "
	  "treats both as one submitter. Trap: a process gets an "
	  "I/O context when it sets its I/O priority, not necessarily when it does "
	  "I/O; without one CLONE_IO shares nothing, and two missing contexts compare "
	  "as the same, so kcmp says \"shared\" for two fresh processes. \"fn ioprio\" "
	  "shows it, measured.",
	  FLAG_CORE },
	{ "CLONE_CLEAR_SIGHAND", "clear_sighand", CLONE_CLEAR_SIGHAND, "5.5",
	  "reset caught signals to their default in the child (clone3 only)",
	  "Every signal the parent catches with a handler is reset to its default "
	  "action in the child; ignored signals stay ignored. Only clone3() can pass "
	  "it (the bit is above clone()'s int), and it cannot be combined with "
	  "CLONE_SIGHAND, which would share the very table it resets.",
	  FLAG_CLONE3_ONLY },
	{ "CLONE_INTO_CGROUP", "into_cgroup", CLONE_INTO_CGROUP, "5.7",
	  "start the child in another cgroup (clone3 only)",
	  "The child starts in the cgroup2 directory given by a file descriptor in "
	  "clone3()'s cgroup field, instead of the parent's cgroup; there is no moment "
	  "when it runs in the old one. Only clone3() can pass it, and it needs a "
	  "cgroup2 hierarchy where the caller may create and move into a cgroup.",
	  FLAG_CLONE3_ONLY },
};

const size_t flags_count = ARRAY_SIZE(flags_table);

/* "CLONE_VM", "clone_vm", "vm", "parent-settid" all name a table entry. */
const struct clone_flag *
flags_find(const char *name)
{
	char want[64];
	size_t n = 0;

	if (strncasecmp(name, "CLONE_", 6) == 0)
		name += 6;
	for (; name[n] != '\0'; n++) {
		if (n + 1 >= sizeof(want))
			return NULL;
		want[n] = name[n] == '-' ? '_' : (char)tolower((unsigned char)name[n]);
	}
	want[n] = '\0';
	if (n == 0)
		return NULL;
	for (size_t i = 0; i < flags_count; i++)
		if (strcmp(flags_table[i].short_name, want) == 0)
			return &flags_table[i];
	return NULL;
}

const struct clone_flag *
flags_by_value(uint64_t bit)
{
	for (size_t i = 0; i < flags_count; i++)
		if (flags_table[i].value == bit)
			return &flags_table[i];
	return NULL;
}

const char *
flags_format(uint64_t flags, int exit_signal, char *buf, size_t len)
{
	uint64_t unknown = 0;
	bool any = false;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (int b = 0; b < 64; b++) {
		uint64_t bit = (uint64_t)1 << b;
		if (!(flags & bit))
			continue;
		const struct clone_flag *f = flags_by_value(bit);
		if (f == NULL) {
			unknown |= bit;
			continue;
		}
		str_append(buf, len, "%s%s", any ? "|" : "", f->name);
		any = true;
	}
	if (unknown) {
		str_append(buf, len, "%s%#" PRIx64, any ? "|" : "", unknown);
		any = true;
	}
	if (exit_signal != 0) {
		char sig[32];
		str_append(buf, len, "%s%s", any ? "|" : "",
		    signal_name(exit_signal, sig, sizeof(sig)));
		any = true;
	}
	if (!any)
		str_copy(buf, "0", len);
	return buf;
}

/* How close an unknown word is to a flag: 0 is best, -1 not close at all. */
static int
flags_closeness(const char *bad, const struct clone_flag *f)
{
	const char *bare = bad;
	if (strncasecmp(bare, "CLONE_", 6) == 0)
		bare += 6;
	size_t blen = strlen(bare);
	if (blen == 0)
		return -1;

	int d = str_distance(bare, f->short_name);
	int dk = str_distance(bad, f->name);
	if (dk < d)
		d = dk;
	/* Two-letter names (vm, fs, io) are within 2 of any two letters. */
	if (d <= 2 && (size_t)d < strlen(f->short_name))
		return d;
	if (blen >= 2 && strncasecmp(f->short_name, bare, blen) == 0)
		return 2;
	return -1;
}

const char *
flags_suggest(const char *bad, char *buf, size_t len)
{
	enum { MAX_SUGGEST = 3 };
	const struct clone_flag *best[MAX_SUGGEST];
	int score[MAX_SUGGEST];
	int n = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < flags_count; i++) {
		int s = flags_closeness(bad, &flags_table[i]);
		if (s < 0)
			continue;
		/* Insert in order of closeness, table order among equals. */
		int at = n;
		while (at > 0 && score[at - 1] > s)
			at--;
		if (at >= MAX_SUGGEST)
			continue;
		if (n < MAX_SUGGEST)
			n++;
		for (int j = n - 1; j > at; j--) {
			best[j] = best[j - 1];
			score[j] = score[j - 1];
		}
		best[at] = &flags_table[i];
		score[at] = s;
	}
	for (int j = 0; j < n; j++)
		str_append(buf, len, "%s%s", j ? ", " : "", best[j]->short_name);
	return buf;
}


uint64_t
flags_with(unsigned int attrs)
{
	uint64_t set = 0;
	for (size_t i = 0; i < flags_count; i++)
		if ((flags_table[i].attrs & attrs) == attrs)
			set |= flags_table[i].value;
	return set;
}
