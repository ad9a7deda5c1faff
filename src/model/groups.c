#include "config.h"

#include "groups.h"
#include "util.h"

const char *const view_group_names[VG_COUNT] = {
	[VG_CLONE] = "clone", [VG_IDS] = "identity", [VG_MEMORY] = "memory",
	[VG_FDS] = "fds", [VG_SIGNALS] = "signals", [VG_FS] = "fs",
	[VG_NS] = "namespaces", [VG_STACK] = "stack", [VG_EXIT] = "exit",
};

const struct view_focus view_focus_table[] = {
	{ "memory", VG_MEMORY, "address space, globals, heap, pages" },
	{ "fds", VG_FDS, "file descriptors and their offsets" },
	{ "signals", VG_SIGNALS, "handlers and the blocked mask" },
	{ "fs", VG_FS, "root, cwd, umask" },
	{ "ns", VG_NS, "mount, pid, net, uts, ipc, user, cgroup, time" },
	{ "stack", VG_STACK, "the stack the child runs on" },
	{ "ids", VG_IDS, "pid, tid, thread group, parent" },
};
const int view_focus_count = (int)ARRAY_SIZE(view_focus_table);
