/* The kernel-object model (model/kobjects.c) from hand-made observations:
 * one object when kcmp measured one, two when it measured two, '?' with the
 * reason when it failed (never shared or copied), fork's copied fd table
 * with shared open file descriptions, a thread's one signal_struct, a new
 * namespace; and the flags never decide (they say the opposite here). */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>

#include "diagram.h"
#include "kobjects.h"
#include "observation.h"
#include "fork-obs.h"
#include "tap.h"
#include "util.h"

/* A fork-like experiment that ran to its end: the lab 100, the child 101,
 * every kcmp measured two objects, fds 0..3 in both tables, each the same
 * open file description. */
static void
forked(struct observation *o)
{
	fork_observation(o);
	o->ids.threads = 1;
	o->fds[3].parent_pos = o->fds[3].child_pos = 5;
	str_copy(o->fds[3].target, "/memfd:clonesh-lab-file (deleted)", sizeof(o->fds[3].target));
	o->global.measured = true;
	o->global.before = o->global.parent_sees = 7;
	o->global.child_wrote = 8;
	o->global.child_wrote_valid = true;
	o->effects_measured = true;
	str_copy(o->cwd.parent, "/tmp", sizeof(o->cwd.parent));
	str_copy(o->cwd.child, "/tmp", sizeof(o->cwd.child));
	o->umask.parent = o->umask.child = 022;
}

static const struct kobject *
find(const struct kgraph *g, enum kobj_kind kind, int nth)
{
	for (int i = 0; i < g->nobjs; i++)
		if (g->objs[i].kind == kind && nth-- == 0)
			return &g->objs[i];
	return NULL;
}

static int
count(const struct kgraph *g, enum kobj_kind kind, enum kobj_state state)
{
	int n = 0;
	for (int i = 0; i < g->nobjs; i++)
		n += g->objs[i].kind == kind && g->objs[i].state == state;
	return n;
}

static void
test_fork(void)
{
	struct observation o;
	struct kgraph g;

	forked(&o);
	/* The flags say every resource shared: the measurements say copied. */
	o.cfg.flags = CLONE_VM | CLONE_FILES | CLONE_FS | CLONE_SIGHAND | CLONE_THREAD | CLONE_NEWUTS;
	kgraph_build(&o, o.reached, &g);
	ok(g.child.present && !g.child.thread, "fork: the child is there, not a thread");
	is_int(find(&g, KO_MM, 0)->state, KS_COPIED, "fork: mm_struct copied (kcmp), whatever the flags");
	is_str(find(&g, KO_MM, 0)->name, "mm_struct", "fork: the mm's name from the resources table");
	is_str(find(&g, KO_MM, 0)->parent, "global = 7", "fork: the parent reads its old global");
	o.vm_kb.parent = 10035;
	o.vm_kb.child = 10240;
	kgraph_build(&o, o.reached, &g);
	is_str(find(&g, KO_MM, 0)->parent, "9.8 MiB, global = 7", "fork: the parent's VmSize and global");
	is_str(find(&g, KO_MM, 0)->child, "10.0 MiB, global = 8", "fork: the child's own");
	o.vm_kb.parent = o.vm_kb.child = -1;
	kgraph_build(&o, o.reached, &g);
	is_str(find(&g, KO_MM, 0)->child, "global = 8", "fork: the child wrote its own");
	is_int(find(&g, KO_FILES, 0)->state, KS_COPIED, "fork: files_struct copied");
	is_str(find(&g, KO_FILES, 0)->parent, "fds 0 1 2 3", "fork: the parent's fds");
	is_int(g.nfiles, 4, "fork: an open file description per fd");
	is_int(count(&g, KO_FILE, KS_SHARED), 4, "fork: copied table, every description shared");
	is_int(find(&g, KO_FILE, 3)->fd, 3, "fork: the fourth description is fd 3's");
	is_str(find(&g, KO_FILE, 3)->parent, "memfd:clonesh-lab-file pos 5", "fork: a memfd by name, its offset");
	is_int(find(&g, KO_SIGNAL, 0)->state, KS_COPIED, "fork: a signal_struct each (tgid 101)");
	is_str(find(&g, KO_SIGNAL, 0)->child, "tgid 101", "fork: the child's tgid");
	is_int(find(&g, KO_NSPROXY, 0)->state, KS_SHARED, "fork: the same namespaces, despite CLONE_NEWUTS");
	is_str(find(&g, KO_FS, 0)->parent, "cwd /tmp umask 0022", "fork: fs content");
	is_str(find(&g, KO_SIGHAND, 0)->child, "all default", "fork: no handler");
	is_int(find(&g, KO_IO, 0)->state, KS_COPIED, "fork: io_context two");
	is_int(find(&g, KO_SYSVSEM, 0)->state, KS_COPIED, "fork: undo list two");
	ok(kobj_two(find(&g, KO_MM, 0)) && !kobj_two(find(&g, KO_FILE, 0)), "kobj_two");
}

static void
test_thread(void)
{
	struct observation o;
	struct kgraph g;

	forked(&o);
	o.cfg.flags = 0;	/* the flags say fork: the measurements say thread */
	for (int i = 0; i < SH_COUNT; i++)
		o.shared[i].v = 1;
	o.ids.tgid = 100;
	o.ids.threads = 2;
	o.global.parent_sees = 8;
	o.sigs[0].parent = o.sigs[0].child = DISP_HANDLER;
	kgraph_build(&o, o.reached, &g);
	ok(g.child.thread, "thread: tgid 100 is the lab's");
	for (int i = 0; i < g.nobjs; i++)
		is_int(g.objs[i].state, KS_SHARED, "thread: %s shared", g.objs[i].name);
	is_str(find(&g, KO_SIGNAL, 0)->parent, "tgid 100: tids 100 101", "thread: one signal_struct, its members");
	is_str(find(&g, KO_MM, 0)->parent, "global = 8 (child wrote 8)", "thread: one mm, the child's write");
	is_str(find(&g, KO_SIGHAND, 0)->parent, "SIGCHLD handler", "thread: the handler that is not default");
}

static void
test_unmeasured(void)
{
	struct observation o;
	struct kgraph g;

	forked(&o);
	o.cfg.flags = CLONE_VM | CLONE_FILES;
	for (int i = 0; i < SH_COUNT; i++) {
		o.shared[i].v = -1;
		str_copy(o.shared[i].why, "kcmp: EPERM", sizeof(o.shared[i].why));
	}
	for (int i = 0; i < o.nfds; i++) {
		o.fds[i].same_ofd = -1;
		o.fds[i].ofd_errno = EPERM;
	}
	o.ids.tgid = -1;
	o.ns[NS_NET].shared = -1;
	o.ns[NS_USER].shared = -1;
	kgraph_build(&o, o.reached, &g);
	for (int i = 0; i < g.nobjs; i++) {
		is_int(g.objs[i].state, KS_UNKNOWN, "kcmp denied: %s not measured", g.objs[i].name);
		ok(g.objs[i].why[0], "kcmp denied: %s says why", g.objs[i].name);
	}
	is_str(find(&g, KO_MM, 0)->why, "kcmp: EPERM", "kcmp denied: the observation's reason");
	is_str(find(&g, KO_FILE, 0)->why, "kcmp KCMP_FILE: EPERM", "kcmp denied: the description's reason");
	ok(strstr(find(&g, KO_NSPROXY, 0)->why, "net") != NULL, "ns unreadable: names it");

	/* Measured by behaviour where kcmp failed: a verdict, marked so. */
	o.shared[SH_VM].v = 0;
	o.shared[SH_VM].by_behaviour = true;
	kgraph_build(&o, o.reached, &g);
	ok(find(&g, KO_MM, 0)->state == KS_COPIED && find(&g, KO_MM, 0)->by_behaviour,
	    "by behaviour: copied, marked");
}

static void
test_ns_and_fds(void)
{
	struct observation o;
	struct kgraph g;

	forked(&o);
	o.ns[NS_UTS].shared = o.ns[NS_PID].shared = 0;
	o.fds[2].same_ofd = 0;			/* the child reopened fd 2 */
	o.fds[3].in_parent = false;		/* fd 3 only in the child's table */
	o.nfds = 5;
	o.fds[4].fd = 4;
	o.fds[4].in_parent = true;
	o.fds[4].same_ofd = -1;
	kgraph_build(&o, o.reached, &g);
	is_int(find(&g, KO_NSPROXY, 0)->state, KS_NEW, "new namespaces: new");
	is_str(find(&g, KO_NSPROXY, 0)->child, "new: uts pid", "new namespaces: which");
	is_int(find(&g, KO_USERNS, 0)->state, KS_SHARED, "new namespaces but not the user one: one user_namespace");
	/* The user namespace hangs off the cred, not the nsproxy: a new one
	 * alone leaves the nsproxy shared (kernel/nsproxy.c). */
	for (int i = 0; i < NS_COUNT; i++)
		o.ns[i].shared = i == NS_USER ? 0 : 1;
	kgraph_build(&o, o.reached, &g);
	is_int(find(&g, KO_NSPROXY, 0)->state, KS_SHARED, "a new user namespace alone: one nsproxy");
	is_str(find(&g, KO_NSPROXY, 0)->parent, "the same 7 namespaces", "... holding the other seven");
	is_int(find(&g, KO_USERNS, 0)->state, KS_NEW, "... and the child's user_namespace new");
	is_int(find(&g, KO_FILE, 2)->state, KS_COPIED, "fd 2: two descriptions");
	is_int(find(&g, KO_FILE, 3)->state, KS_CHILD_ONLY, "fd 3: the child's only");
	is_int(find(&g, KO_FILE, 4)->state, KS_PARENT_ONLY, "fd 4: the parent's only");
	is_str(find(&g, KO_FILES, 0)->parent, "fds 0 1 2 4", "the parent's table");
	is_str(find(&g, KO_FILES, 0)->child, "fds 0 1 2 3", "the child's table");
}

static void
test_phases(void)
{
	struct observation o;
	struct kgraph g;

	forked(&o);
	kgraph_build(&o, PHASE_BEFORE, &g);
	ok(g.parent.present && !g.child.present, "before clone: the parent alone");
	for (int i = 0; i < g.nobjs; i++)
		is_int(g.objs[i].state, KS_PENDING, "before clone: %s pending", g.objs[i].name);
	is_int(g.nfiles, 0, "before clone: no descriptions yet");

	observation_init(&o);
	o.clone_ok = false;
	o.clone_errno = EINVAL;
	o.parent.pid = 100;
	kgraph_build(&o, PHASE_BEFORE, &g);
	ok(!g.clone_ok && !g.child.present, "refused: no child");
	is_str(g.refused, "EINVAL", "refused: the errno");
	is_int(g.nobjs, 0, "refused: no objects drawn");

	kgraph_build(NULL, PHASE_NONE, &g);
	is_int(g.nobjs, 0, "no observation: nothing");
}

/* How many times needle is in the diagram's lines, its legend (the last)
 * left out. */
static int
occurs(const struct diagram *d, const char *needle)
{
	int n = 0;
	for (int y = 0; y < d->nlines - 1; y++)
		for (const char *p = d->lines[y].text; (p = strstr(p, needle)); p += strlen(needle))
			n++;
	return n;
}

/* The renderer draws what the model says: one box for one object, two for
 * two, dashed for not measured, in every size and in ASCII. */
static void
test_render(void)
{
	static struct observation o;
	static struct kgraph g;
	static struct diagram d;

	forked(&o);
	kgraph_build(&o, o.reached, &g);
	diagram_render(&g, 100, 29, true, false, 0, &d);
	ok(!d.tall && d.left_out == 0, "100x29: one-line boxes, nothing left out");
	is_int(occurs(&d, "│mm_struct"), 2, "fork: two mm_struct boxes");
	is_int(occurs(&d, "║file"), 4, "fork: four open files, one box each");
	is_int(occurs(&d, "║nsproxy"), 1, "fork: one nsproxy");
	ok(d.nlines <= 29, "fits its height");
	for (int y = 0; y < d.nlines; y++)
		ok(strlen(d.lines[y].text) > 0, "line %d drawn", y);
	diagram_render(&g, 80, 13, true, false, 0, &d);
	ok(d.nlines <= 13, "80x13: fits");
	is_int(occurs(&d, "║file  fd 0 1 2 3"), 1, "80x13: the open files folded into one box");
	diagram_render(&g, 100, 80, false, false, 0, &d);
	ok(d.tall, "tall when there is room");
	is_int(occurs(&d, "+ mm_struct -"), 2, "ASCII: two mm_struct boxes");
	is_int(occurs(&d, "# file ="), 4, "ASCII: four shared files");
	diagram_render(&g, 80, 4, true, false, 1u << VG_FDS, &d);
	ok(occurs(&d, "files_struct") == 2 && occurs(&d, "mm_struct") == 0, "a focus on fds keeps them");

	for (int i = 0; i < SH_COUNT; i++) {
		o.shared[i].v = -1;
		str_copy(o.shared[i].why, "kcmp: EPERM", sizeof(o.shared[i].why));
	}
	for (int i = 0; i < o.nfds; i++)
		o.fds[i].same_ofd = -1;
	o.ids.tgid = -1;
	o.ns[NS_UTS].shared = -1;
	o.ns[NS_USER].shared = -1;
	kgraph_build(&o, o.reached, &g);
	diagram_render(&g, 100, 29, true, false, 0, &d);
	int arrows = occurs(&d, "▶") + occurs(&d, "◀") + occurs(&d, "║") + occurs(&d, "┃");
	is_int(arrows, 0, "nothing measured: no arrow, no shared or new box");
	is_int(occurs(&d, "┆? not measured") + occurs(&d, "? not measured"), 13,
	    "nothing measured: every object dashed with ?");
}

int
main(void)
{
	test_fork();
	test_thread();
	test_unmeasured();
	test_ns_and_fds();
	test_phases();
	test_render();
	return done_testing();
}
