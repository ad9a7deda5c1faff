#include "config.h"

#include <sched.h>

#include <linux/kcmp.h>

#include "resources.h"

/* Older UAPI headers lack the newest flags; the values are the kernel's ABI. */
#include "clone-compat.h"

/* kcmp's type and its name without the prefix: KCMP(VM) is KCMP_VM, "VM". */
#define KCMP(type) KCMP_##type, #type

const struct resource resources_table[SH_COUNT] = {
	[SH_VM] = { "vm", KCMP(VM), CLONE_VM, "address space", "address space", "its address space",
	  "parent and child are one address space: a write by either is seen by both",
	  "the child got a copy-on-write copy of the address space: its writes stay in its copy",
	  NULL,
	  "one address space: a write by either is seen by both",
	  "a copy-on-write copy of the address space: writes stay private",
	  "the address space (CLONE_VM)", "memory",
	  "The address space holds every mapping: code, globals, heap, stacks. Without CLONE_VM "
	  "the child gets a copy-on-write copy: both see the same values at first, a page is "
	  "copied the first time either one writes it, and the child's writes stay its own "
	  "(after write-global the parent still reads its old value). With CLONE_VM there is one "
	  "address space: the parent reads what the child wrote, a page the child maps appears "
	  "in the parent's /proc/PID/maps, and kcmp(KCMP_VM) says the two share it. A CLONE_VM "
	  "child needs a stack of its own, and without CLONE_SETTLS it also runs on its parent's "
	  "thread-local storage (explain tls).", "mm_struct" },
	[SH_FILES] = { "files", KCMP(FILES), CLONE_FILES, "fd table", "fd table", "its fd table",
	  "parent and child use one fd table: an fd either opens or closes is opened or closed "
	  "for both",
	  "the child got a copy of the fd table: fds it opens or closes afterwards are its own, "
	  "while the copied fds still point to the parent's open file descriptions",
	  NULL,
	  "one fd table: an fd opened or closed by either is in both",
	  "a copy of the fd table: later opens and closes stay private",
	  "the file descriptor table (CLONE_FILES)", "fds",
	  "The file descriptor table says which numbers are open, and their close-on-exec bits. "
	  "Without CLONE_FILES the child gets a copy: a file it opens or closes is not opened or "
	  "closed in the parent. With it the parent sees the change at once (open-fd, close-fd), "
	  "and kcmp(KCMP_FILES) says the table is shared. Even a copied table points at the same "
	  "open file descriptions, so the file offset is shared either way: seek-fd in a "
	  "fork-like child moves the parent's offset too, and kcmp(KCMP_FILE) says \"same\" for "
	  "that fd.", "files_struct" },
	[SH_FS] = { "fs", KCMP(FS), CLONE_FS, "root, cwd, umask", "fs info", "root, cwd, umask",
	  "parent and child share one root, cwd and umask: a chdir or umask in either changes both",
	  "the child got a copy of root, cwd and umask: its chdir and umask change only its own",
	  NULL,
	  "one root, cwd and umask: chdir or umask by either changes both",
	  "a copy of root, cwd and umask",
	  "root, current directory and umask (CLONE_FS)", NULL,
	  "The filesystem information is the root directory, the current directory and the "
	  "umask. Without CLONE_FS the child's chdir(), chroot() and umask() are its own; with "
	  "it the parent's cwd and umask change with the child's, and kcmp(KCMP_FS) says they "
	  "are shared. CLONE_FS cannot be combined with CLONE_NEWNS or CLONE_NEWUSER (EINVAL): "
	  "a new mount or user namespace needs a root and a cwd of its own.", "fs_struct" },
	[SH_SIGHAND] = { "sighand", KCMP(SIGHAND), CLONE_SIGHAND, "signal handlers",
	  "handler table", "its handler table",
	  "parent and child use one signal-handler table: a sigaction in either changes both",
	  "the child got a copy of the signal-handler table: its sigaction changes only its own copy",
	  NULL,
	  "one table of signal handlers",
	  "a copy of the signal handlers",
	  "the signal-handler table (CLONE_SIGHAND)", "signals",
	  "The signal-handler table says what each signal does: its default action, ignore, or "
	  "a handler function. Without CLONE_SIGHAND the child gets a copy; with it, sigaction() "
	  "in the child changes the parent's disposition too, and kcmp(KCMP_SIGHAND) says the "
	  "table is shared. A handler is an address, so CLONE_SIGHAND requires CLONE_VM. The "
	  "mask of blocked signals is never shared: it belongs to each task, so sigmask in the "
	  "child never shows in the parent. CLONE_CLEAR_SIGHAND (clone3) resets caught signals "
	  "to their default in the child and leaves ignored ones ignored.", "sighand_struct" },
	[SH_IO] = { "io", KCMP(IO), CLONE_IO, "I/O context", "I/O context", "its I/O context",
	  "parent and child share one I/O context: it holds the I/O priority, so an ioprio_set by "
	  "either changes both (and BFQ schedules them as one)",
	  "the child does not share the lab's I/O context",
	  "kcmp compares pointers, and two NULLs compare equal: a process has no I/O context until "
	  "something makes one (setting its I/O priority does; doing I/O need not), so clonesh "
	  "gave the lab one first (ioprio_set)",
	  "one I/O context: an ioprio_set by either changes both",
	  "its own I/O context",
	  NULL, NULL, NULL, "io_context" },
	[SH_SYSVSEM] = { "sysvsem", KCMP(SYSVSEM), CLONE_SYSVSEM, "SysV undo list", "SysV undo",
	  "its undo list",
	  "parent and child share one SysV semaphore undo list: its adjustments are applied only "
	  "when the last sharer exits",
	  "the child does not share the lab's SysV undo list: a SEM_UNDO it makes is undone when "
	  "it exits",
	  "kcmp compares pointers, and two NULLs compare equal: a process has an undo list only "
	  "after its first SEM_UNDO operation, so clonesh made one in the lab first",
	  "one list of SysV semaphore undos",
	  "its own, empty, list of SysV semaphore undos",
	  NULL, NULL, NULL, "sem_undo_list" },
};

const struct namespace namespaces_table[NS_COUNT] = {
	[NS_UTS] = { "uts", CLONE_NEWUTS, "a UTS", "UTS",
	  "its own hostname and domain name: a sethostname in it is invisible to the parent",
	  "the hostname", "--uts", 3, 10 },
	[NS_PID] = { "pid", CLONE_NEWPID, "a pid", "pid",
	  "its own pid numbering: the child is its pid 1, its init, and getppid() returns 0; when "
	  "it exits the kernel kills the rest of the namespace",
	  "the pid numbers", "--pid", 1, 5 },
	[NS_MNT] = { "mnt", CLONE_NEWNS, "a mount", "mount",
	  "a copy of the mount table: its mounts are its own unless mount propagation shares "
	  "them (under a shared mount, as systemd makes /, they reach the parent's namespace too)",
	  "the mounts", "--mount", 2, 3 },
	[NS_NET] = { "net", CLONE_NEWNET, "a network", "network",
	  "its own network stack: only lo, and it is down",
	  "the network (only a loopback device, down)", "--net", 5, 4 },
	[NS_IPC] = { "ipc", CLONE_NEWIPC, "an IPC", "IPC",
	  "its own SysV IPC objects and POSIX message queues: the parent's are invisible",
	  "System V IPC and POSIX message queues", "--ipc", 4, 2 },
	[NS_USER] = { "user", CLONE_NEWUSER, "a user", "user",
	  "its own uids and capabilities: uid 65534 until an id map is written, and every "
	  "capability over the namespaces it owns",
	  "user and group ids and capabilities", "--user --map-root-user", 0, 9 },
	[NS_CGROUP] = { "cgroup", CLONE_NEWCGROUP, "a cgroup", "cgroup",
	  "its own view of the cgroup tree: its current cgroup becomes its /",
	  "the root of the cgroup tree", "--cgroup", 6, 1 },
	[NS_TIME] = { "time", CLONE_NEWTIME, "a time", "time",
	  "its own CLOCK_MONOTONIC and CLOCK_BOOTTIME offsets (clone3 only)",
	  "clock offsets (clone3 only)", "--time", 7, 7 },
};
