/* Measuring a pair from outside: kcmp, namespaces, /proc ids. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pair.h"
#include "probe.h"
#include "util.h"

static void
tri_kcmp(struct tri *t, int kcmp_result, const char *what)
{
	if (kcmp_result >= 0) {
		t->v = kcmp_result;
		t->why[0] = '\0';
	} else {
		t->v = -1;
		snprintf(t->why, sizeof(t->why), "kcmp %s failed: %s", what, strerror(-kcmp_result));
	}
}

void
pair_measure_shared(struct observation *o, pid_t parent, pid_t child)
{
	for (int i = 0; i < SH_COUNT; i++) {
		if (child <= 0) {
			o->shared[i].v = -1;
			str_copy(o->shared[i].why, "the child's pid could not be found", sizeof(o->shared[i].why));
			continue;
		}
		tri_kcmp(&o->shared[i], probe_kcmp(parent, child, resources_table[i].kcmp, 0, 0),
		    resources_table[i].name);
	}
}

void
pair_measure_ns(struct observation *o, pid_t parent, int parent_pidfd,
    const struct ns_inodes *parent_ns, pid_t child, int child_pidfd)
{
	for (int i = 0; i < NS_COUNT; i++) {
		const struct namespace *n = &namespaces_table[i];
		o->ns[i].parent = parent_ns ? parent_ns->ino[i] :
		    probe_ns_inode(parent, parent_pidfd, n->name, n->pidfd_nr);
		o->ns[i].child = child > 0 ? probe_ns_inode(child, child_pidfd, n->name, n->pidfd_nr) : 0;
		o->ns[i].shared = o->ns[i].parent && o->ns[i].child ?
		    o->ns[i].parent == o->ns[i].child : -1;
	}
}

/* The real uid and gid of /proc/PID/status (its first field each). */
static void
status_ids(pid_t pid, long *uid, long *gid)
{
	char path[64], text[4096];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	*uid = *gid = -1;
	if (file_read(path, text, sizeof(text)) < 0)
		return;
	const char *u = strstr(text, "\nUid:"), *g = strstr(text, "\nGid:");
	if (u)
		sscanf(u + 5, "%ld", uid);
	if (g)
		sscanf(g + 5, "%ld", gid);
}

/* kcmp compares pointers, and two NULLs compare equal: where a resource
 * exists only once made (an I/O context, a SysV undo list), "same" is
 * sharing only if the child's is not NULL, which null_ref tells: a process
 * known to have neither. */
static void
pair_null_objects(struct observation *o, pid_t child, pid_t null_ref)
{
	for (int i = 0; i < SH_COUNT; i++) {
		const struct resource *r = &resources_table[i];
		if (!r->why_trap || o->shared[i].v != 1)
			continue;
		int none = null_ref > 0 ? probe_kcmp(child, null_ref, r->kcmp, 0, 0) : -1;
		if (none == 0)
			continue;
		o->shared[i].v = -1;
		if (none == 1)
			snprintf(o->shared[i].why, sizeof(o->shared[i].why), "no %s in either: kcmp "
			    "compares pointers, and two NULLs compare equal", r->what);
		else
			snprintf(o->shared[i].why, sizeof(o->shared[i].why), "kcmp %s said equal, which two "
			    "NULLs are too (no process without one to tell)", r->name);
	}
}

void
pair_measure(struct observation *o, pid_t parent, pid_t child, pid_t null_ref)
{
	struct proc_status ps, cs;

	o->parent.pid = parent;
	o->parent.tid = parent;
	o->ids.pid_in_parent_ns = child;
	o->ids.tid = child;
	if (probe_status(parent, &ps) == 0) {
		o->parent.pid = ps.tgid;
		o->parent.ppid = ps.ppid;
		o->ids.threads = (int)ps.threads;
		o->ids.parent_state = ps.state;
		o->lab_before.measured = true;
		o->lab_before.umask = ps.umask;
		o->lab_before.sig_ign = ps.sig_ign;
		o->lab_before.sig_cgt = ps.sig_cgt;
	}
	status_ids(parent, &o->parent.uid, &o->parent.gid);
	if (probe_status(child, &cs) == 0) {
		o->ids.tgid = cs.tgid;
		o->ids.status_ppid = cs.ppid;
		/* What getpid() returns in the child: its group leader's id in
		 * its own pid namespace, the last of NSpid. */
		struct proc_status lead;
		if (cs.tgid == child)
			o->ids.pid_self = cs.nspid_last;
		else if (cs.tgid > 0 && probe_status((pid_t)cs.tgid, &lead) == 0)
			o->ids.pid_self = lead.nspid_last;
	}
	status_ids(child, &o->ids.uid_start, &o->ids.gid_start);
	o->ids.uid_after = o->ids.uid_start;
	o->ids.gid_after = o->ids.gid_start;
	if (probe_exit_signal(child, &o->ids.exit_signal) == 0)
		o->ids.exit_signal_measured = true;
	pair_measure_shared(o, parent, child);
	pair_null_objects(o, child, null_ref);
	int ppfd = probe_pidfd_open(parent), cpfd = probe_pidfd_open(child);
	pair_measure_ns(o, parent, ppfd, NULL, child, cpfd);
	if (ppfd >= 0)
		close(ppfd);
	if (cpfd >= 0)
		close(cpfd);
	o->tp_same.v = -1;
	str_copy(o->tp_same.why, "a traced program's thread pointer is not read",
	    sizeof(o->tp_same.why));
	observation_tls_verdict(o);
}
