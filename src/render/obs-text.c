#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cost-text.h"
#include "exec-report.h"
#include "flags.h"
#include "obs-text.h"
#include "observation.h"
#include "output.h"
#include "util.h"

/* The observation as text: show and the summary after a spawn. */

const char *const observation_sections[] = {
	"clone", "ids", "children", "memory", "fds", "signals", "fs", "ns", "stack", "exit", "exec",
	NULL,
};

bool
observation_section_valid(const char *name)
{
	if (strcmp(name, "all") == 0)
		return true;
	for (int i = 0; observation_sections[i]; i++)
		if (strcmp(observation_sections[i], name) == 0)
			return true;
	return false;
}

/* "=" shared, "≠" copied: the symbol and the word carry the meaning. */
static const char *
verdict(int v)
{
	return v < 0 ? "?  not measured" : v ? "=  shared" : "≠  copied";
}

static const char *
sig_str(int sig, char *buf, size_t len)
{
	return signal_name(sig, buf, len);
}

static void
show_clone(const struct observation *o, bool asked, struct output *out)
{
	out_printf(out, "experiment #%u%s\n", o->number, o->forced ? " (forced)" : "");
	out_printf(out, "  %s\n", o->syscall);
	if (!o->clone_ok) {
		out_printf(out, "  ✗  refused: %s\n", o->clone_errno ? strerrorname_np(o->clone_errno) :
		    "lab error");
		if (o->rule[0])
			out_printf(out, "     rule: %s\n", o->rule);
	}
	if (o->lab_note[0])
		out_printf(out, "  lab: %s\n", o->lab_note);
	out_printf(out, "  reached: %s\n", phase_name(o->reached));
	for (int i = 0; i < o->nnotes; i++)
		out_printf(out, "  note: %s\n", o->notes[i]);
	if (o->output_len) {
		out_printf(out, "  output:\n");
		out_lines(out, "    | ", o->output);
		if (o->output_truncated)
			out_printf(out, "    | ... (truncated)\n");
	}
}

static const char *
state_words(char st)
{
	switch (st) {
	case 'R': return "running";
	case 'S': return "sleeping, e.g. in waitpid";
	case 'D': return "uninterruptible sleep: suspended inside clone() by CLONE_VFORK";
	case 'T': case 't': return "stopped";
	case 'Z': return "zombie";
	}
	return "unknown";
}

/* An id as text: "?" when it was not measured (-1). */
static const char *
id_str(long v, char buf[24])
{
	if (v < 0)
		return "?";
	snprintf(buf, 24, "%ld", v);
	return buf;
}

static void
show_ids(const struct observation *o, bool asked, struct output *out)
{
	char a[24], b[24];
	out_printf(out, "ids                     %-17s child\n", o->traced ? "parent (traced)" :
	    "parent (lab)");
	out_printf(out, "  pid (getpid)          %-17s %s\n", id_str(o->parent.pid, a), id_str(o->ids.pid_self, b));
	out_printf(out, "  tid (gettid)          %-17s %s\n", id_str(o->parent.tid, a), id_str(o->ids.tid, b));
	out_printf(out, "  tgid (/proc)          %-17s %s\n", id_str(o->parent.pid, a), id_str(o->ids.tgid, b));
	out_printf(out, "  ppid (child's view)   %-17s %s\n", "", id_str(o->ids.ppid, b));
	out_printf(out, "  child's pid in the parent's namespace: %s\n", id_str(o->ids.pid_in_parent_ns, b));
	/* A traced creation's parent is the program's process, not a lab. */
	const char *parent = o->traced ? "the parent" : "the lab";
	out_printf(out, "  threads in %s's group: %s\n", parent, id_str(o->ids.threads, b));
	if (o->parent.uid >= 0)
		out_printf(out, "  %s's uid and gid (/proc): %ld, %ld%s\n", parent, o->parent.uid,
		    o->parent.gid, o->cfg.lab_uid >= 0 && !o->traced ? " (lab user)" : "");
	if (o->ids.parent_state)
		out_printf(out, "  %s's state while the child ran: %c (%s)\n", parent, o->ids.parent_state,
		    state_words(o->ids.parent_state));
	if (o->ids.uid_start != o->ids.uid_after && o->effects_measured && o->ids.uid_start >= 0 &&
	    o->ids.uid_after >= 0)
		out_printf(out, "  child's uid: %ld at start, %ld after the id map\n", o->ids.uid_start,
		    o->ids.uid_after);
	if (o->tls_shared.v == 1)
		out_printf(out, "  thread pointer (TLS)  =  shared: the child runs on the parent's TLS\n");
	else if (o->tls_shared.v == 0 && o->tp_same.v == 1)
		out_printf(out, "  thread pointer (TLS)  ≠  copied: the same address, in its own copy of "
		    "the memory\n");
	else if (o->tls_shared.v == 0)
		out_printf(out, "  thread pointer (TLS)  ≠  own TLS block\n");
	else if (o->reached >= PHASE_STARTED)
		out_printf(out, "  thread pointer (TLS)  ?  not measured (%s)\n", o->tls_shared.why);
	if (o->tids.measured) {
		/* asked: each word exists only when its flag was asked */
		if (o->cfg.flags & CLONE_PARENT_SETTID)
			out_printf(out, "  CLONE_PARENT_SETTID: the parent's word holds %s\n",
			    id_str(o->tids.ptid_parent, a));
		if (o->cfg.flags & CLONE_CHILD_SETTID)	/* asked: as above */
			out_printf(out, "  CLONE_CHILD_SETTID: the child's word holds %ld, the parent's %s\n",
			    o->tids.ctid_child, id_str(o->tids.ctid_parent, a));
		if (o->cfg.flags & CLONE_CHILD_CLEARTID)	/* asked: as above */
			out_printf(out, "  CLONE_CHILD_CLEARTID: the parent's word after the child's exit: %ld\n",
			    o->tids.ctid_after_exit);
		if (o->tids.pidfd >= 0)
			out_printf(out, "  CLONE_PIDFD: the parent got pidfd %d (fdinfo Pid: %ld)\n",
			    o->tids.pidfd, o->tids.pidfd_pid);
	}
}

static void
show_child_exit(const struct child_obs *c, char *buf, size_t len)
{
	char name[32];
	if (!c->exit_known)
		snprintf(buf, len, "no status");
	else if (c->exited)
		snprintf(buf, len, "exited %d", c->status);
	else
		snprintf(buf, len, "killed by %s", signal_name(c->signal, name, sizeof(name)));
}

/* spawn -n: the process tree, the lab and its children (or its threads). */
static void
show_children(const struct observation *o, bool asked, struct output *out)
{
	if (o->nchildren <= 1 && !o->children_errno) {
		if (asked)
			out_printf(out, "children: one, the child the other sections describe (spawn -n N "
			    "makes more)\n");
		return;
	}
	bool threads = o->nchildren > 0 && o->children[0].tgid == o->parent.pid;
	out_printf(out, "children: %d of %d asked%s\n", o->nmade, o->cfg.nchildren,
	    threads ? ", threads in the lab's group" : "");
	if (o->nmade > o->nchildren)
		out_printf(out, "  (the first %d are listed)\n", o->nchildren);
	if (o->children_errno)
		out_printf(out, "  the next one could not be made: %s\n", strerror(o->children_errno));
	out_printf(out, "  lab %ld\n", o->parent.pid);
	for (int i = 0; i < o->nchildren; i++) {
		const struct child_obs *c = &o->children[i];
		char ex[48], self[64] = "";
		show_child_exit(c, ex, sizeof(ex));
		if (c->pid_self == c->tgid && c->tgid != c->tid)
			snprintf(self, sizeof(self), " (getpid() gives its group's %ld)", c->tgid);
		else if (c->pid_self != c->tid)
			snprintf(self, sizeof(self), " (it sees itself as pid %ld)", c->pid_self);
		char tg[24], pp[24];
		out_printf(out, "  %s %-7ld tgid %-7s ppid %-7s %c  %s%s\n", i + 1 < o->nchildren ?
		    "├─" : "└─", c->tid, id_str(c->tgid, tg), id_str(c->ppid, pp), c->state ? c->state : '?',
		    ex, self);
	}
}

static void
show_shared_row(const struct observation *o, struct output *out, enum share_kind k)
{
	out_printf(out, "  %-8s %-17s %s", resources_table[k].name, resources_table[k].what,
	    verdict(o->shared[k].v));
	if ((o->shared[k].v < 0 || o->shared[k].by_behaviour) && o->shared[k].why[0])
		out_printf(out, " (%s)", o->shared[k].why);
	out_printf(out, "   [%s]\n", o->shared[k].by_behaviour ? "behaviour" : "kcmp");
}

/* An errno value as its name, "0" for none. */
static void
show_memory(const struct observation *o, bool asked, struct output *out)
{
	out_printf(out, "memory\n");
	show_shared_row(o, out, SH_VM);
	if (o->global.measured && o->global.child_wrote_valid)
		out_printf(out, "  global   before %ld, child wrote %ld, parent sees %ld\n", o->global.before,
		    o->global.child_wrote, o->global.parent_sees);
	else if (o->global.measured)
		out_printf(out, "  global   %ld (the child did not write it)\n", o->global.parent_sees);
	if (o->heap.measured && o->heap.child_wrote_valid)
		out_printf(out, "  heap     before %ld, child wrote %ld, parent sees %ld\n", o->heap.before,
		    o->heap.child_wrote, o->heap.parent_sees);
	if (o->err.child_called)
		out_printf(out, "  errno    before 0, the child's close(-1) set %s, parent sees %s\n",
		    errno_name(o->err.child_set), o->err.measured ? errno_name(o->err.parent_sees) :
		    "(not measured)");
	if (o->stdio.measured)
		out_printf(out, "  stdio    the child's printf %s while the parent held stdout's lock\n",
		    o->stdio.done_while_locked ? "returned" : "waited (it returned only after funlockfile)");
	if (o->stdio.lines_counted && o->stdio.lines_expected > 1)
		out_printf(out, "  stdio    %d children printed \"Child pid : N\": %d lines whole, %d lost or "
		    "mangled\n", o->stdio.lines_expected, o->stdio.lines_intact,
		    o->stdio.lines_expected - o->stdio.lines_intact);
	else if (o->cfg.fn && o->cfg.fn->uses_stdio && o->nmade > 1 && !o->stdio.lines_counted)
		out_printf(out, "  stdio    %d children printed: lines not counted (the output was cut at "
		    "%d bytes)\n", o->nmade, OBS_OUTPUT_MAX - 1);
	if (o->mapping.addr)
		out_printf(out, "  mapping  child mapped %#lx: %s\n", o->mapping.addr, !o->mapping.measured ?
		    "not measured" : o->mapping.in_parent ? "in the parent's maps too" :
		    "not in the parent's maps");
	if (o->pages.measured) {
		out_printf(out, "  pages    child wrote %d of %d; parent reads the new value in %d\n",
		    o->pages.touched, LAB_PAGES, o->pages.parent_changed);
		if (o->pages.shared_frames >= 0)
			out_printf(out, "           frames: %d shared, %d split (%s)\n", o->pages.shared_frames,
			    o->pages.split_frames, o->pages.method);
		else
			out_printf(out, "           frames: not measured (%s)\n", o->pages.method);
		if (o->pages.before[0])
			out_printf(out, "           before %s\n", o->pages.before);
		if (o->pages.after[0])
			out_printf(out, "           after  %s   (= one frame for both, | a frame each%s)\n",
			    o->pages.after, strchr(o->pages.after, '?') ? ", ? not measured" : "");
	}
}

static void
show_fds(const struct observation *o, bool asked, struct output *out)
{
	out_printf(out, "file descriptors\n");
	show_shared_row(o, out, SH_FILES);
	if (!o->effects_measured)
		return;
	if (o->fds_why[0]) {
		out_printf(out, "  fds not measured: %s\n", o->fds_why);
		return;
	}
	out_printf(out, "  fd  parent child  description  offset(p/c)  target\n");
	for (int i = 0; i < o->nfds; i++) {
		const struct fd_obs *f = &o->fds[i];
		char pos[48], p[24] = "-", c[24] = "-";
		if (f->in_parent)
			observation_offset(f->parent_pos, p, sizeof(p));
		if (f->in_child)
			observation_offset(f->child_pos, c, sizeof(c));
		snprintf(pos, sizeof(pos), "%s/%s", p, c);
		out_printf(out, "  %-3d %-6s %-6s %-12s %-12s %s\n", f->fd, f->in_parent ? "yes" : "no",
		    f->in_child ? "yes" : "no", f->same_ofd == 1 ? "= same" : f->same_ofd == 0 ?
		    "≠ different" : f->in_parent && f->in_child ? "? unknown" : "-", pos, f->target);
		if (f->same_ofd < 0 && f->in_parent && f->in_child)
			out_printf(out, "      description not measured: kcmp file: %s\n", f->ofd_errno ?
			    strerror(f->ofd_errno) : "not made");
		else if (f->ofd_by_behaviour)
			out_printf(out, "      description by behaviour: the child moved its offset, and the "
			    "parent's %s\n", f->same_ofd == 1 ? "moved with it" : "did not move");
	}
}

const char *
observation_offset(long pos, char *buf, size_t size)
{
	if (pos < 0)
		snprintf(buf, size, "?");
	else
		snprintf(buf, size, "%ld", pos);
	return buf;
}

static void
show_signals(const struct observation *o, bool asked, struct output *out)
{
	char name[32];
	out_printf(out, "signal handlers\n");
	show_shared_row(o, out, SH_SIGHAND);
	if (!o->effects_measured)
		return;
	out_printf(out, "  signal      parent           child\n");
	for (int i = 0; i < o->nsigs; i++) {
		const struct sig_obs *s = &o->sigs[i];
		char p[32], c[32];
		snprintf(p, sizeof(p), "%s%s", disposition_name(s->parent), s->parent_blocked ? ", blocked" : "");
		snprintf(c, sizeof(c), "%s%s", disposition_name(s->child), s->child_blocked ? ", blocked" : "");
		out_printf(out, "  %-11s %-16s %s\n", sig_str(s->sig, name, sizeof(name)), p, c);
	}
}

static void
show_fs(const struct observation *o, bool asked, struct output *out)
{
	out_printf(out, "fs information\n");
	show_shared_row(o, out, SH_FS);
	if (!o->effects_measured)
		return;
	char pu[16] = "?", cu[16] = "?";
	if (o->umask.parent >= 0)
		snprintf(pu, sizeof(pu), "%04o", o->umask.parent);
	if (o->umask.child >= 0)
		snprintf(cu, sizeof(cu), "%04o", o->umask.child);
	out_printf(out, "  cwd      parent %s, child %s\n", o->cwd.parent[0] ? o->cwd.parent : "?",
	    o->cwd.child[0] ? o->cwd.child : "?");
	out_printf(out, "  umask    parent %s, child %s\n", pu, cu);
	show_shared_row(o, out, SH_IO);
	show_shared_row(o, out, SH_SYSVSEM);
}

static void
show_ns(const struct observation *o, bool asked, struct output *out)
{
	out_printf(out, "namespaces              parent        child\n");
	for (int i = 0; i < NS_COUNT; i++) {
		const char *v = o->ns[i].shared < 0 ? "?  not measured" : o->ns[i].shared ? "=  same" : "+  new";
		out_printf(out, "  %-8s %-14s %-13lu %-13lu\n", namespaces_table[i].name, v, o->ns[i].parent,
		    o->ns[i].child);
	}
	if (o->effects_measured) {
		out_printf(out, "  hostname parent %s, child %s\n", o->hostname.parent, o->hostname.child);
		if (o->cgroup.parent[0] || o->cgroup.child[0])
			out_printf(out, "  cgroup   parent %s, child %s\n", o->cgroup.parent, o->cgroup.child);
	}
}

static void
show_stack(const struct observation *o, bool asked, struct output *out)
{
	char sz[32];
	out_printf(out, "stack\n");
	if (!o->stack.measured) {
		out_printf(out, "  not measured\n");
		return;
	}
	out_printf(out, "  size %s, used %zu bytes (high-water mark), guard page %s\n",
	    size_format(o->stack.size, sz, sizeof(sz)), o->stack.used, o->stack.guard ? "on" : "off");
	out_printf(out, "  overflow: %s", o->stack.overflow ? "yes" : "no");
	if (o->stack.below)
		out_printf(out, ", %zu bytes written below the stack", o->stack.below);
	out_printf(out, "\n");
}

/* One of the lab's waitpid() calls and the kernel's answer. */
static void
show_wait_call(struct output *out, const char *call, const struct wait_call *c, long pid)
{
	if (!c->called)
		return;
	if (c->ret < 0)
		out_printf(out, "  the lab's %s failed: %s (%s)\n", call, strerrorname_np(c->err) ?
		    strerrorname_np(c->err) : "?", strerror(c->err));
	else
		out_printf(out, "  the lab's %s returned %ld%s\n", call, c->ret, c->ret == pid ?
		    ", the child's pid" : "");
}

static void
show_exit(const struct observation *o, bool asked, struct output *out)
{
	char name[32];
	out_printf(out, "exit\n");
	if (!o->exit.known)
		out_printf(out, "  status unknown\n");
	else if (o->exit.exited)
		out_printf(out, "  exited with status %d\n", o->exit.status);
	else
		out_printf(out, "  killed by %s%s\n", sig_str(o->exit.signal, name, sizeof(name)),
		    o->exit.core ? " (core dumped)" : "");
	out_printf(out, "  waited: %s\n", o->exit.waited_with);
	show_wait_call(out, "waitpid(pid, &st, 0)", &o->wait.plain, o->ids.pid_in_parent_ns);
	show_wait_call(out, "waitpid(pid, &st, __WALL)", &o->wait.all, o->ids.pid_in_parent_ns);
	if (o->exit_si.count > 0) {
		out_printf(out, "  the lab's handler caught %s (%d time%s): si_pid %ld, si_code %s, "
		    "si_status %d\n", sig_str(o->exit_si.signo, name, sizeof(name)), o->exit_si.count,
		    o->exit_si.count == 1 ? "" : "s", o->exit_si.pid, cld_code_name(o->exit_si.code),
		    o->exit_si.status);
	} else if (o->exit_si.count == 0) {
		out_printf(out, "  the lab's handler for %s never ran\n", sig_str(o->cfg.exit_signal, name,
		    sizeof(name)));
	}
	if (o->lab_signal)
		out_printf(out, "  the lab (parent) died of %s\n", sig_str(o->lab_signal, name, sizeof(name)));
}

/* exec-probe: one rule a line, each verdict measured (the child before its
 * execve, the probe after), "?" where it was not. */
static const char *
exec_word(int kept, const char *yes, const char *no)
{
	return kept < 0 ? "?" : kept ? yes : no;
}

static void
show_exec_rules(const struct observation *o, struct output *out)
{
	const struct exec_before *b = &o->exec.before;
	const struct exec_report *a = &o->exec.after;
	char n1[32], n2[32], n3[32];
	out_printf(out, "  pid      %-7s %ld before, %ld after\n", exec_word(exec_pid_kept(o), "kept",
	    "changed"), b->pid, a->pid);
	out_printf(out, "  fd %-5d %-7s opened with O_CLOEXEC\n", b->fd_cloexec,
	    exec_word(exec_fd_kept(o, true), "kept", "closed"));
	out_printf(out, "  fd %-5d %-7s opened without it (open after: %s)\n", b->fd_plain,
	    exec_word(exec_fd_kept(o, false), "kept", "closed"), a->fds_text);
	int dh = exec_disposition_after(o, b->sig_handled), di = exec_disposition_after(o, b->sig_ignored);
	out_printf(out, "  %-8s %-7s handler before, %s after\n", sig_str(b->sig_handled, n1, sizeof(n1)),
	    exec_word(exec_sig_kept(o, 0), "kept", "reset"), dh < 0 ? "?" :
	    disposition_name((enum disposition)dh));
	out_printf(out, "  %-8s %-7s ignore before, %s after\n", sig_str(b->sig_ignored, n2, sizeof(n2)),
	    exec_word(exec_sig_kept(o, 1), "kept", "reset"), di < 0 ? "?" :
	    disposition_name((enum disposition)di));
	int kb = exec_sig_kept(o, 2);
	out_printf(out, "  %-8s %-7s blocked before, %s after\n", sig_str(b->sig_blocked, n3, sizeof(n3)),
	    exec_word(kb, "kept", "reset"), exec_word(kb, "blocked", "not blocked"));
	out_printf(out, "  cwd      %-7s %s before, %s after\n", exec_word(exec_cwd_kept(o), "kept",
	    "changed"), b->cwd, a->cwd);
	out_printf(out, "  umask    %-7s %04o before, %04o after\n", exec_word(exec_umask_kept(o), "kept",
	    "changed"), (unsigned)b->umask, (unsigned)a->umask);
	out_printf(out, "  ids      %-7s uid %ld euid %ld gid %ld egid %ld after\n",
	    exec_word(exec_ids_kept(o), "kept", "changed"), a->uid, a->euid, a->gid, a->egid);
	int m = exec_memory_kept(o);
	out_printf(out, "  memory   %-7s the marker the child wrote at %#lx %s\n",
	    exec_word(m, "kept", "new"), b->marker_addr, m < 0 ? "was not looked for" : m ?
	    "is still there" : a->marker == MARKER_ABSENT ? "is not mapped in the new program" :
	    "holds something else in the new program");
}

static void
show_exec(const struct observation *o, bool asked, struct output *out)
{
	if (!o->exec.asked) {
		if (asked)
			out_printf(out, "exec: the child did not exec the probe (fn exec-probe does)\n");
		return;
	}
	out_printf(out, "exec (the child's state before execve, and what %s found after)\n",
	    "clonesh-probe");
	if (!o->exec.reported) {
		out_printf(out, "  ?  not measured: %s\n", o->exec.why);
		return;
	}
	show_exec_rules(o, out);
}

/* The summary's line of exec-probe: what execve kept, and what it did not. */
static void
summary_exec(const struct observation *o, struct output *out)
{
	if (!o->exec.asked)
		return;
	if (!o->exec.reported) {
		out_printf(out, "   exec: ? not measured: %s\n", o->exec.why);
		return;
	}
	const struct exec_before *b = &o->exec.before;
	char kept[256] = "", gone[256] = "", n[32];
	struct { int v; const char *what; int fd, sig; } r[] = {
		{ exec_pid_kept(o), "pid", -1, 0 },
		{ exec_fd_kept(o, false), "fd", b->fd_plain, 0 },
		{ exec_fd_kept(o, true), "fd", b->fd_cloexec, 0 },
		{ exec_sig_kept(o, 0), "handled", -1, b->sig_handled },
		{ exec_sig_kept(o, 1), "ignored", -1, b->sig_ignored },
		{ exec_sig_kept(o, 2), "blocked", -1, b->sig_blocked },
		{ exec_cwd_kept(o), "cwd", -1, 0 },
		{ exec_umask_kept(o), "umask", -1, 0 },
		{ exec_ids_kept(o), "ids", -1, 0 },
		{ exec_memory_kept(o), "memory", -1, 0 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(r); i++) {
		char *to = r[i].v == 1 ? kept : r[i].v == 0 ? gone : NULL;
		if (!to)
			continue;
		if (r[i].fd >= 0)
			str_append(to, 256, "%s%s %d", to[0] ? ", " : "", r[i].what, r[i].fd);
		else if (r[i].sig)
			str_append(to, 256, "%s%s %s", to[0] ? ", " : "", r[i].what,
			    sig_str(r[i].sig, n, sizeof(n)));
		else
			str_append(to, 256, "%s%s", to[0] ? ", " : "", r[i].what);
	}
	out_printf(out, "   exec kept: %s · reset, closed or new: %s\n", kept[0] ? kept : "nothing",
	    gone[0] ? gone : "nothing");
}

/* Each section; asked: by name (show SECTION), not as part of all. */
static void (*const section_fns[])(const struct observation *, bool, struct output *) = {
	show_clone, show_ids, show_children, show_memory, show_fds, show_signals, show_fs, show_ns, show_stack,
	show_exit, show_exec,
};

void
observation_show(const struct observation *o, const char *section, struct output *out)
{
	bool all = strcmp(section, "all") == 0;
	/* A cost made no clone of its own: its figures are all it measured. */
	if (o->cost.measured) {
		out_printf(out, "experiment #%u\n", o->number);
		cost_text(&o->cost, true, out);
		return;
	}
	for (int i = 0; observation_sections[i]; i++) {
		if (!all && strcmp(section, observation_sections[i]) != 0)
			continue;
		if (!o->clone_ok && i > 0) {
			if (!all)
				out_printf(out, "%s: nothing measured, the clone was refused\n", section);
			return;
		}
		section_fns[i](o, !all, out);
	}
}

void
observation_summary(const struct observation *o, struct output *out)
{
	char name[32];
	out_printf(out, "#%u %s\n", o->number, o->syscall);
	if (o->cost.measured)
		return;
	if (!o->clone_ok) {
		out_printf(out, "   ✗ refused: %s%s%s\n", o->clone_errno ? strerrorname_np(o->clone_errno) :
		    "lab error", o->rule[0] ? ": " : o->lab_note[0] ? ": " : "",
		    o->rule[0] ? o->rule : o->lab_note);
		return;
	}
	char line[512] = "";
	if (o->timed_out || o->interrupted)
		str_append(line, sizeof(line), "%s", o->lab_note);
	else if (o->exit.known && o->exit.exited)
		str_append(line, sizeof(line), "child exited %d", o->exit.status);
	else if (o->exit.known)
		str_append(line, sizeof(line), "child killed by %s", sig_str(o->exit.signal, name, sizeof(name)));
	else if (o->reached == PHASE_EXITED && observation_child_is_thread(o))
		str_append(line, sizeof(line), "thread ended (a thread leaves no exit status to wait for)");
	else
		str_append(line, sizeof(line), "child's end not seen (last phase: %s)", phase_name(o->reached));
	if (o->stack.overflow)
		str_append(line, sizeof(line), " · stack overflow");
	char sh[128] = "", cp[128] = "";
	for (int i = 0; i < SH_COUNT; i++) {
		if (o->shared[i].v == 1)
			str_append(sh, sizeof(sh), " %s", resources_table[i].name);
		else if (o->shared[i].v == 0)
			str_append(cp, sizeof(cp), " %s", resources_table[i].name);
	}
	if (sh[0])
		str_append(line, sizeof(line), " · shared:%s", sh);
	if (cp[0])
		str_append(line, sizeof(line), " · copied:%s", cp);
	if (o->global.measured && o->global.child_wrote_valid)
		str_append(line, sizeof(line), " · parent sees global = %ld", o->global.parent_sees);
	out_printf(out, "   %s\n", line);
	summary_exec(o, out);
	for (int i = 0; i < o->nnotes; i++)
		out_printf(out, "   note: %s\n", o->notes[i]);
	if (o->output_len)
		out_lines(out, "   | ", o->output);
}

