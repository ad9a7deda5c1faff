#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flags.h"
#include "json.h"
#include "observation.h"
#include "output.h"
#include "util.h"

const char *const share_names[SH_COUNT] = {
	[SH_VM] = "vm", [SH_FILES] = "files", [SH_FS] = "fs",
	[SH_SIGHAND] = "sighand", [SH_IO] = "io", [SH_SYSVSEM] = "sysvsem",
};

const char *const ns_names[NS_COUNT] = {
	[NS_UTS] = "uts", [NS_PID] = "pid", [NS_MNT] = "mnt", [NS_NET] = "net",
	[NS_IPC] = "ipc", [NS_USER] = "user", [NS_CGROUP] = "cgroup", [NS_TIME] = "time",
};

/* What each kcmp type compares, for the text view. */
static const char *const share_what[SH_COUNT] = {
	[SH_VM] = "address space", [SH_FILES] = "fd table", [SH_FS] = "root, cwd, umask",
	[SH_SIGHAND] = "signal handlers", [SH_IO] = "I/O context", [SH_SYSVSEM] = "SysV undo list",
};

const char *const observation_sections[] = {
	"clone", "ids", "children", "memory", "fds", "signals", "fs", "ns", "stack", "exit", NULL,
};

const char *
phase_name(enum phase p)
{
	switch (p) {
	case PHASE_NONE: return "none";
	case PHASE_BEFORE: return "before clone";
	case PHASE_STARTED: return "child started";
	case PHASE_ACTED: return "child acted";
	case PHASE_EXITED: return "child exited";
	}
	return "?";
}

void
observation_init(struct observation *o)
{
	memset(o, 0, sizeof(*o));
	o->lab_status = -1;
	o->parent.uid = o->parent.gid = -1;
	for (int i = 0; i < SH_COUNT; i++)
		o->shared[i].v = -1;
	o->tp_same.v = -1;
	o->tls_shared.v = -1;
	for (int i = 0; i < NS_COUNT; i++)
		o->ns[i].shared = -1;
	o->umask.parent = o->umask.child = -1;
	o->lab_before.nfds = -1;
	o->lab_before.umask = -1;
	o->parent.pid = o->parent.tid = o->parent.ppid = -1;
	o->ids.pid_self = o->ids.tid = o->ids.tgid = o->ids.ppid = -1;
	o->ids.pid_in_parent_ns = o->ids.status_ppid = -1;
	o->ids.uid_start = o->ids.uid_after = o->ids.gid_start = o->ids.gid_after = -1;
	o->ids.threads = -1;
	o->tids.pidfd = -1;
	o->pages.shared_frames = o->pages.split_frames = -1;
}

void
observation_tls_verdict(struct observation *o)
{
	const struct tri *vm = &o->shared[SH_VM];
	struct tri *t = &o->tls_shared;

	t->why[0] = '\0';
	if (o->tp_same.v < 0) {
		t->v = -1;
		snprintf(t->why, sizeof(t->why), "%s", o->tp_same.why[0] ? o->tp_same.why :
		    "the child's thread pointer was not read");
	} else if (o->tp_same.v == 0) {
		t->v = 0;		/* another pointer: another block, whatever the memory */
	} else if (vm->v < 0) {
		t->v = -1;
		snprintf(t->why, sizeof(t->why), "one address space or two not measured (%.100s)",
		    vm->why[0] ? vm->why : "kcmp vm");
	} else {
		t->v = vm->v;
	}
}

/* A verdict by behaviour, keeping kcmp's failure in the reason. */
static void
behaviour_set(struct tri *t, int v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void
behaviour_set(struct tri *t, int v, const char *fmt, ...)
{
	char how[100];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(how, sizeof(how), fmt, ap);
	va_end(ap);
	/* kcmp's own reason ("kcmp vm failed: ...") goes after it, cut to fit. */
	char kcmp[sizeof(t->why)];
	memcpy(kcmp, t->why, sizeof(kcmp));
	t->v = v;
	t->by_behaviour = true;
	int n = snprintf(t->why, sizeof(t->why), "by behaviour: %s", how);
	if (n > 0 && (size_t)n < sizeof(t->why) - 4 && kcmp[0])
		str_append(t->why, sizeof(t->why), " (%s)", kcmp);
}

/* The address space: a word the child wrote, read back in the parent. */
static void
behaviour_vm(struct observation *o)
{
	const struct { const char *name; bool measured, valid; long before, wrote, sees; } w[] = {
		{ "global", o->global.measured, o->global.child_wrote_valid, o->global.before,
		  o->global.child_wrote, o->global.parent_sees },
		{ "heap word", o->heap.measured, o->heap.child_wrote_valid, o->heap.before,
		  o->heap.child_wrote, o->heap.parent_sees },
	};
	for (size_t i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		if (!w[i].measured || !w[i].valid || w[i].wrote == w[i].before)
			continue;
		if (w[i].sees == w[i].wrote)
			behaviour_set(&o->shared[SH_VM], 1, "the parent reads the %ld the child wrote "
			    "in the %s", w[i].wrote, w[i].name);
		else if (w[i].sees == w[i].before)
			behaviour_set(&o->shared[SH_VM], 0, "the parent still reads %ld in the %s the "
			    "child set to %ld", w[i].before, w[i].name, w[i].wrote);
		else
			continue;
		return;
	}
	/* touch-pages writes private anonymous pages: only one address space
	 * lets the parent read them. */
	if (o->pages.measured && o->pages.touched > 0 &&
	    (o->pages.parent_changed == o->pages.touched || o->pages.parent_changed == 0)) {
		behaviour_set(&o->shared[SH_VM], o->pages.parent_changed > 0, o->pages.parent_changed ?
		    "the parent reads the child's writes to %d private pages" :
		    "the parent reads none of the child's writes to %d private pages", o->pages.touched);
		return;
	}
	if (o->mapping.measured && o->mapping.addr)
		behaviour_set(&o->shared[SH_VM], o->mapping.in_parent, o->mapping.in_parent ?
		    "the mapping the child made is in the parent's maps" :
		    "the mapping the child made is not in the parent's maps");
}

/* A disposition from the SigIgn and SigCgt masks. */
static enum disposition
disposition_in(uint64_t ign, uint64_t cgt, int sig)
{
	uint64_t bit = sig >= 1 && sig <= 64 ? 1ULL << (sig - 1) : 0;
	return cgt & bit ? DISP_HANDLER : ign & bit ? DISP_IGNORE : DISP_DEFAULT;
}

void
observation_by_behaviour(struct observation *o, const char *start_cwd)
{
	if (!o->effects_measured)
		return;
	if (o->shared[SH_VM].v < 0)
		behaviour_vm(o);
	/* One fd table holds the same fds for both: an fd in one only shows two,
	 * and an fd the lab did not have before that both have now shows one. */
	for (int i = 0; i < o->nfds && o->shared[SH_FILES].v < 0 && !o->fds_why[0]; i++) {
		const struct fd_obs *f = &o->fds[i];
		bool before = false;
		for (int k = 0; k < o->lab_before.nfds; k++)
			before = before || o->lab_before.fds[k] == f->fd;
		if (f->in_parent != f->in_child)
			behaviour_set(&o->shared[SH_FILES], 0, "fd %d is in the %s's table only", f->fd,
			    f->in_parent ? "parent" : "child");
		else if (f->in_parent && o->lab_before.nfds >= 0 && !before)
			behaviour_set(&o->shared[SH_FILES], 1, "fd %d, which the child opened, is in the "
			    "parent's table too", f->fd);
	}
	/* An fd the lab had that neither has now was closed in one table. */
	for (int k = 0; k < o->lab_before.nfds && o->shared[SH_FILES].v < 0 && !o->fds_why[0]; k++) {
		bool now = false;
		for (int i = 0; i < o->nfds; i++)
			now = now || (o->fds[i].fd == o->lab_before.fds[k] &&
			    (o->fds[i].in_parent || o->fds[i].in_child));
		if (!now)
			behaviour_set(&o->shared[SH_FILES], 1, "fd %d, which the child closed, is gone "
			    "from the parent's table too", o->lab_before.fds[k]);
	}
	/* One handler table has one disposition a signal; a disposition the
	 * child changed that the parent then has reached it. */
	for (int i = 0; i < o->nsigs && o->shared[SH_SIGHAND].v < 0; i++) {
		const struct sig_obs *g = &o->sigs[i];
		if (g->parent != g->child)
			behaviour_set(&o->shared[SH_SIGHAND], 0, "signal %d has another disposition in "
			    "each", g->sig);
		else if (o->lab_before.measured && g->child != disposition_in(o->lab_before.sig_ign,
		    o->lab_before.sig_cgt, g->sig))
			behaviour_set(&o->shared[SH_SIGHAND], 1, "the parent's disposition of signal %d "
			    "changed with the child's", g->sig);
	}
	/* One fs information has one cwd and one umask; both changed from where
	 * the lab started means the child's change reached the parent. */
	if (o->shared[SH_FS].v < 0 && o->cwd.parent[0] && o->cwd.child[0]) {
		if (strcmp(o->cwd.parent, o->cwd.child) != 0)
			behaviour_set(&o->shared[SH_FS], 0, "the cwd differs");
		else if (start_cwd && strcmp(o->cwd.parent, start_cwd) != 0)
			behaviour_set(&o->shared[SH_FS], 1, "the parent's cwd moved with the child's");
	}
	if (o->shared[SH_FS].v < 0 && o->umask.parent >= 0 && o->umask.child >= 0) {
		if (o->umask.parent != o->umask.child)
			behaviour_set(&o->shared[SH_FS], 0, "the umask differs");
		else if (o->lab_before.measured && o->lab_before.umask >= 0 &&
		    o->umask.parent != o->lab_before.umask)
			behaviour_set(&o->shared[SH_FS], 1, "the parent's umask changed with the child's");
	}
	observation_tls_verdict(o);
}

void
probe_seen_init(struct probe_seen *p)
{
	memset(p, 0, sizeof(*p));
	p->vm = p->fs = p->sighand = p->files = -1;
	p->fd = -1;
}

void
observation_by_probe(struct observation *o, const struct probe_seen *p)
{
	bool any = false;

	if (o->shared[SH_VM].v < 0 && p->vm >= 0) {
		behaviour_set(&o->shared[SH_VM], p->vm, p->vm ? "the parent reads a word the child "
		    "wrote after it acted" : "the parent does not read a word the child wrote after "
		    "it acted");
		any = true;
	}
	if (o->shared[SH_FS].v < 0 && p->fs >= 0) {
		behaviour_set(&o->shared[SH_FS], p->fs, p->fs ? "the parent's umask became %04o with the "
		    "child's" : "the parent's umask stayed %04o when the child's became %04o",
		    p->fs ? p->umask_child : p->umask_parent, p->umask_child);
		any = true;
	}
	if (o->shared[SH_SIGHAND].v < 0 && p->sighand >= 0) {
		char name[32];
		signal_name(p->sig, name, sizeof(name));
		behaviour_set(&o->shared[SH_SIGHAND], p->sighand, p->sighand ? "the parent's %s became "
		    "ignored with the child's" : "the parent's %s stayed as it was when the child ignored "
		    "its own", name);
		any = true;
	}
	if (o->shared[SH_FILES].v < 0 && p->files >= 0) {
		behaviour_set(&o->shared[SH_FILES], p->files, p->files ? "fd %d, which the child opened, "
		    "is in the parent's table too" : "fd %d, which the child opened, is not in the "
		    "parent's table", p->fd);
		any = true;
	}
	for (int k = 0; k < p->nofd; k++)
		for (int i = 0; i < o->nfds; i++) {
			struct fd_obs *f = &o->fds[i];
			if (f->fd != p->ofd[k].fd || f->same_ofd >= 0 || p->ofd[k].same < 0)
				continue;
			f->same_ofd = p->ofd[k].same;
			f->ofd_by_behaviour = true;
			any = true;
		}
	if (any)
		observation_tls_verdict(o);
}

bool
observation_child_is_thread(const struct observation *o)
{
	return o->ids.tgid > 0 && o->ids.tgid == o->parent.pid;
}

bool
observation_child_new_pidns(const struct observation *o)
{
	return o->ns[NS_PID].shared == 0;
}

void
observation_note(struct observation *o, const char *fmt, ...)
{
	if (o->nnotes >= OBS_MAX_NOTES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->notes[o->nnotes++], sizeof(o->notes[0]), fmt, ap);
	va_end(ap);
}

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
disp_name(enum disposition d)
{
	return d == DISP_HANDLER ? "handler" : d == DISP_IGNORE ? "ignore" : "default";
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
	out_printf(out, "ids                     parent (lab)      child\n");
	out_printf(out, "  pid (getpid)          %-17s %s\n", id_str(o->parent.pid, a), id_str(o->ids.pid_self, b));
	out_printf(out, "  tid (gettid)          %-17s %s\n", id_str(o->parent.tid, a), id_str(o->ids.tid, b));
	out_printf(out, "  tgid (/proc)          %-17s %s\n", id_str(o->parent.pid, a), id_str(o->ids.tgid, b));
	out_printf(out, "  ppid (child's view)   %-17s %s\n", "", id_str(o->ids.ppid, b));
	out_printf(out, "  child's pid in the parent's namespace: %s\n", id_str(o->ids.pid_in_parent_ns, b));
	out_printf(out, "  threads in the lab's group: %s\n", id_str(o->ids.threads, b));
	if (o->parent.uid >= 0)
		out_printf(out, "  the lab's uid and gid (/proc): %ld, %ld%s\n", o->parent.uid, o->parent.gid,
		    o->cfg.lab_uid >= 0 ? " (lab user)" : "");
	if (o->ids.parent_state)
		out_printf(out, "  the lab's state while the child ran: %c (%s)\n", o->ids.parent_state,
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
	out_printf(out, "  %-8s %-17s %s", share_names[k], share_what[k], verdict(o->shared[k].v));
	if ((o->shared[k].v < 0 || o->shared[k].by_behaviour) && o->shared[k].why[0])
		out_printf(out, " (%s)", o->shared[k].why);
	out_printf(out, "   [%s]\n", o->shared[k].by_behaviour ? "behaviour" : "kcmp");
}

/* An errno value as its name, "0" for none. */
static const char *
errno_word(int e)
{
	return e == 0 ? "0" : strerrorname_np(e) ? strerrorname_np(e) : "?";
}

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
		    errno_word(o->err.child_set), o->err.measured ? errno_word(o->err.parent_sees) :
		    "(not measured)");
	if (o->stdio.measured)
		out_printf(out, "  stdio    the child's printf %s while the parent held stdout's lock\n",
		    o->stdio.done_while_locked ? "returned" : "waited (it returned only after funlockfile)");
	if (o->stdio.lines_counted && o->stdio.lines_expected > 1)
		out_printf(out, "  stdio    %d children printed \"Child pid : N\": %d lines whole, %d lost or "
		    "mangled\n", o->stdio.lines_expected, o->stdio.lines_intact,
		    o->stdio.lines_expected - o->stdio.lines_intact);
	else if (o->cfg.fn && o->cfg.fn->uses_libc && o->nmade > 1 && !o->stdio.lines_counted)
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
			snprintf(p, sizeof(p), "%ld", f->parent_pos);
		if (f->in_child)
			snprintf(c, sizeof(c), "%ld", f->child_pos);
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
		snprintf(p, sizeof(p), "%s%s", disp_name(s->parent), s->parent_blocked ? ", blocked" : "");
		snprintf(c, sizeof(c), "%s%s", disp_name(s->child), s->child_blocked ? ", blocked" : "");
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
		out_printf(out, "  %-8s %-14s %-13lu %-13lu\n", ns_names[i], v, o->ns[i].parent, o->ns[i].child);
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

/* A wait call as JSON: "ok", the errno's name, or null when not made. */
static void
json_wait_call(struct json *j, const char *key, const char *retkey, const struct wait_call *c)
{
	if (!c->called) {
		json_null(j, key);
		json_null(j, retkey);
		return;
	}
	json_string(j, key, c->ret > 0 ? "ok" : c->ret == 0 ? "none" :
	    strerrorname_np(c->err) ? strerrorname_np(c->err) : "?");
	json_int(j, retkey, c->ret);
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
	if (o->lab_signal)
		out_printf(out, "  the lab (parent) died of %s\n", sig_str(o->lab_signal, name, sizeof(name)));
}

/* Each section; asked: by name (show SECTION), not as part of all. */
static void (*const section_fns[])(const struct observation *, bool, struct output *) = {
	show_clone, show_ids, show_children, show_memory, show_fds, show_signals, show_fs, show_ns, show_stack,
	show_exit,
};

void
observation_show(const struct observation *o, const char *section, struct output *out)
{
	bool all = strcmp(section, "all") == 0;
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
			str_append(sh, sizeof(sh), " %s", share_names[i]);
		else if (o->shared[i].v == 0)
			str_append(cp, sizeof(cp), " %s", share_names[i]);
	}
	if (sh[0])
		str_append(line, sizeof(line), " · shared:%s", sh);
	if (cp[0])
		str_append(line, sizeof(line), " · copied:%s", cp);
	if (o->global.measured && o->global.child_wrote_valid)
		str_append(line, sizeof(line), " · parent sees global = %ld", o->global.parent_sees);
	out_printf(out, "   %s\n", line);
	for (int i = 0; i < o->nnotes; i++)
		out_printf(out, "   note: %s\n", o->notes[i]);
	if (o->output_len)
		out_lines(out, "   | ", o->output);
}

static void
json_signal(struct json *j, const char *key, int sig)
{
	char name[32];
	if (sig)
		json_string(j, key, signal_name(sig, name, sizeof(name)));
	else
		json_null(j, key);
}

/* An id, or null when it was not measured (-1). */
static void
json_id(struct json *j, const char *key, long v)
{
	json_int_if(j, key, v >= 0, v);
}

static void
json_config(struct json *j, const struct observation *o)
{
	const struct experiment *e = &o->cfg;
	json_begin_object(j, "config");
	json_string(j, "variant", variant_name(e->variant));
	json_begin_array(j, "flags");
	for (size_t i = 0; i < flags_count; i++)	/* asked: config is what was asked */
		if (e->flags & flags_table[i].value)
			json_string(j, NULL, flags_table[i].name);
	json_end_array(j);
	json_signal(j, "exit_signal", e->exit_signal);
	json_int(j, "stack_size", (long long)e->stack_size);
	json_bool(j, "guard", e->guard);
	json_int_if(j, "lab_uid", e->lab_uid >= 0, e->lab_uid);
	json_string(j, "function", e->fn ? e->fn->name : NULL);
	json_begin_array(j, "args");
	for (int i = 0; i < e->argc; i++)
		json_string(j, NULL, e->argv[i]);
	json_end_array(j);
	json_int(j, "timeout_ms", e->timeout_ms);
	json_end_object(j);
}

static void
observation_write(const struct observation *o, struct json *jp);

/* A word the child may write (the global, the heap word): before, what the
 * child wrote, what the parent sees. */
static void
json_word(struct json *j, const char *key, const __typeof__(((struct observation *)0)->global) *w)
{
	json_begin_object(j, key);
	json_int_if(j, "before", w->measured || w->child_wrote_valid, w->before);
	json_int_if(j, "child_wrote", w->child_wrote_valid, w->child_wrote);
	json_int_if(j, "parent_sees", w->measured, w->parent_sees);
	json_end_object(j);
}

void
observation_json(const struct observation *o, struct output *out)
{
	struct json j;
	json_init(&j, out);
	observation_write(o, &j);
}

void
observation_leaves(const struct observation *o, json_leaf_fn fn, void *data)
{
	struct json j;
	json_init(&j, NULL);
	json_set_leaf(&j, fn, data);
	observation_write(o, &j);
}

/* The one definition of the observation's vocabulary: report --json prints
 * it, and lessons look fields up by the same paths. */
static void
observation_write(const struct observation *o, struct json *jp)
{
	struct json j = *jp;
	json_begin_object(&j, NULL);
	json_int(&j, "number", o->number);
	json_config(&j, o);
	json_string(&j, "syscall", o->syscall);

	json_begin_object(&j, "clone");
	json_bool(&j, "ok", o->clone_ok);
	json_string(&j, "errno", o->clone_errno ? strerrorname_np(o->clone_errno) : NULL);
	json_string(&j, "rule_id", o->rule_id);
	json_string(&j, "rule", o->rule[0] ? o->rule : NULL);
	json_bool(&j, "forced", o->forced);
	json_end_object(&j);

	json_begin_object(&j, "run");
	json_string(&j, "reached", phase_name(o->reached));
	json_bool(&j, "timed_out", o->timed_out);
	json_bool(&j, "interrupted", o->interrupted);
	json_signal(&j, "lab_signal", o->lab_signal);
	json_int_if(&j, "lab_status", o->lab_status >= 0, o->lab_status);
	json_string(&j, "lab_note", o->lab_note[0] ? o->lab_note : NULL);
	json_begin_array(&j, "notes");
	for (int i = 0; i < o->nnotes; i++)
		json_string(&j, NULL, o->notes[i]);
	json_end_array(&j);
	json_string(&j, "output", o->output);
	json_end_object(&j);

	json_begin_object(&j, "shared");
	for (int i = 0; i < SH_COUNT; i++)
		json_tri(&j, share_names[i], o->shared[i].v);
	json_tri(&j, "tls", o->tls_shared.v);
	json_tri(&j, "thread_pointer_same", o->tp_same.v);
	json_end_object(&j);
	json_begin_object(&j, "shared_how");
	for (int i = 0; i < SH_COUNT; i++)
		if (o->shared[i].v >= 0)
			json_string(&j, share_names[i], o->shared[i].by_behaviour ? "behaviour" : "kcmp");
	json_end_object(&j);
	json_begin_object(&j, "shared_why");
	for (int i = 0; i < SH_COUNT; i++)
		if (o->shared[i].v < 0 || o->shared[i].by_behaviour)
			json_string(&j, share_names[i], o->shared[i].why[0] ? o->shared[i].why :
			    "not measured: the child never started");
	if (o->tls_shared.v < 0)
		json_string(&j, "tls", o->tls_shared.why[0] ? o->tls_shared.why :
		    "not measured: the child never started");
	json_end_object(&j);

	json_begin_object(&j, "namespaces");
	for (int i = 0; i < NS_COUNT; i++) {
		json_begin_object(&j, ns_names[i]);
		if (o->ns[i].parent)
			json_int(&j, "parent", (long long)o->ns[i].parent);
		else
			json_null(&j, "parent");
		if (o->ns[i].child)
			json_int(&j, "child", (long long)o->ns[i].child);
		else
			json_null(&j, "child");
		json_tri(&j, "shared", o->ns[i].shared);
		json_end_object(&j);
	}
	json_end_object(&j);

	json_begin_object(&j, "ids");
	json_begin_object(&j, "parent");
	json_id(&j, "pid", o->parent.pid);
	json_id(&j, "tid", o->parent.tid);
	json_id(&j, "ppid", o->parent.ppid);
	json_id(&j, "uid", o->parent.uid);
	json_id(&j, "gid", o->parent.gid);
	json_end_object(&j);
	json_begin_object(&j, "child");
	json_id(&j, "pid_self", o->ids.pid_self);
	json_id(&j, "tid", o->ids.tid);
	json_id(&j, "tgid", o->ids.tgid);
	json_id(&j, "ppid", o->ids.ppid);
	json_id(&j, "status_ppid", o->ids.status_ppid);
	json_id(&j, "pid_in_parent_ns", o->ids.pid_in_parent_ns);
	json_id(&j, "uid_start", o->ids.uid_start);
	json_id(&j, "uid_after", o->ids.uid_after);
	json_int_if(&j, "exit_signal", o->ids.exit_signal_measured, o->ids.exit_signal);
	json_end_object(&j);
	json_id(&j, "parent_threads", o->ids.threads);
	char st[2] = { o->ids.parent_state, '\0' };
	json_string(&j, "parent_state", o->ids.parent_state ? st : NULL);
	json_end_object(&j);

	json_begin_array(&j, "children");
	for (int i = 0; i < o->nchildren; i++) {
		const struct child_obs *c = &o->children[i];
		char state[2] = { c->state ? c->state : '?', '\0' };
		json_begin_object(&j, NULL);
		json_int_if(&j, "tid", c->tid > 0, c->tid);
		json_int_if(&j, "pid_self", c->pid_self > 0, c->pid_self);
		json_id(&j, "tgid", c->tgid);
		json_id(&j, "ppid", c->ppid);
		json_string(&j, "state", state);
		if (c->exit_known && c->exited)
			json_int(&j, "exit_status", c->status);
		else
			json_null(&j, "exit_status");
		json_signal(&j, "exit_signal", c->exit_known ? c->signal : 0);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_int(&j, "children_asked", o->cfg.nchildren);
	json_int(&j, "children_made", o->nmade);

	json_begin_object(&j, "effects");
	json_bool(&j, "measured", o->effects_measured);
	json_word(&j, "global", &o->global);
	json_word(&j, "heap", &o->heap);
	json_begin_object(&j, "errno");
	json_string(&j, "before", "0");
	json_string(&j, "child_set", o->err.child_called ? errno_word(o->err.child_set) : NULL);
	json_string(&j, "parent_sees", o->err.measured ? errno_word(o->err.parent_sees) : NULL);
	json_end_object(&j);
	json_begin_object(&j, "stdio");
	json_tri(&j, "printf_done_while_locked", o->stdio.measured ? o->stdio.done_while_locked : -1);
	json_int_if(&j, "lines_expected", o->stdio.lines_counted, o->stdio.lines_expected);
	json_int_if(&j, "lines_intact", o->stdio.lines_counted, o->stdio.lines_intact);
	json_int_if(&j, "lines_lost_or_mangled", o->stdio.lines_counted,
	    o->stdio.lines_expected - o->stdio.lines_intact);
	json_end_object(&j);
	json_begin_object(&j, "mapping");
	if (o->mapping.addr) {
		json_int(&j, "addr", (long long)o->mapping.addr);
		json_tri(&j, "in_parent", o->mapping.measured ? o->mapping.in_parent : -1);
	} else {
		json_null(&j, "addr");
		json_null(&j, "in_parent");
	}
	json_end_object(&j);
	if (o->pages.measured) {
		json_begin_object(&j, "pages");
		json_int(&j, "touched", o->pages.touched);
		json_int(&j, "parent_changed", o->pages.parent_changed);
		json_int_if(&j, "shared_frames", o->pages.shared_frames >= 0, o->pages.shared_frames);
		json_int_if(&j, "split_frames", o->pages.split_frames >= 0, o->pages.split_frames);
		json_string(&j, "method", o->pages.method);
		json_string(&j, "before", o->pages.before[0] ? o->pages.before : NULL);
		json_string(&j, "after", o->pages.after[0] ? o->pages.after : NULL);
		json_end_object(&j);
	} else {
		json_null(&j, "pages");
	}
	/* Not read (the child never acted, /proc unreadable): null, not []. */
	bool fds_listed = o->effects_measured && !o->fds_why[0];
	if (!fds_listed) {
		json_null(&j, "fds");
		if (o->fds_why[0])
			json_string(&j, "fds_why", o->fds_why);
	} else {
		json_begin_array(&j, "fds");
	}
	for (int i = 0; i < o->nfds; i++) {
		const struct fd_obs *f = &o->fds[i];
		json_begin_object(&j, NULL);
		json_int(&j, "fd", f->fd);
		json_bool(&j, "in_parent", f->in_parent);
		json_bool(&j, "in_child", f->in_child);
		json_tri(&j, "same_ofd", f->same_ofd);
		json_string(&j, "same_ofd_how", f->same_ofd < 0 ? NULL : f->ofd_by_behaviour ?
		    "behaviour" : "kcmp");
		if (f->same_ofd < 0 && f->in_parent && f->in_child)
			json_string(&j, "same_ofd_why", f->ofd_errno ? strerror(f->ofd_errno) :
			    "kcmp file was not made");
		json_string(&j, "target", f->target);
		if (f->parent_pos >= 0)
			json_int(&j, "parent_pos", f->parent_pos);
		else
			json_null(&j, "parent_pos");
		if (f->child_pos >= 0)
			json_int(&j, "child_pos", f->child_pos);
		else
			json_null(&j, "child_pos");
		json_end_object(&j);
	}
	if (fds_listed)
		json_end_array(&j);
	if (o->effects_measured)
		json_begin_array(&j, "signals");
	else
		json_null(&j, "signals");
	for (int i = 0; i < o->nsigs && o->effects_measured; i++) {
		const struct sig_obs *s = &o->sigs[i];
		json_begin_object(&j, NULL);
		json_signal(&j, "sig", s->sig);
		json_string(&j, "parent", disp_name(s->parent));
		json_string(&j, "child", disp_name(s->child));
		json_bool(&j, "parent_blocked", s->parent_blocked);
		json_bool(&j, "child_blocked", s->child_blocked);
		json_end_object(&j);
	}
	if (o->effects_measured)
		json_end_array(&j);
	json_begin_object(&j, "cwd");
	json_string(&j, "parent", o->effects_measured && o->cwd.parent[0] ? o->cwd.parent : NULL);
	json_string(&j, "child", o->effects_measured && o->cwd.child[0] ? o->cwd.child : NULL);
	json_end_object(&j);
	char um[16];
	json_begin_object(&j, "umask");
	if (o->umask.parent >= 0)
		json_string(&j, "parent", (snprintf(um, sizeof(um), "%04o", o->umask.parent), um));
	else
		json_null(&j, "parent");
	if (o->umask.child >= 0)
		json_string(&j, "child", (snprintf(um, sizeof(um), "%04o", o->umask.child), um));
	else
		json_null(&j, "child");
	json_end_object(&j);
	json_begin_object(&j, "hostname");
	json_string(&j, "parent", o->effects_measured ? o->hostname.parent : NULL);
	json_string(&j, "child", o->effects_measured ? o->hostname.child : NULL);
	json_end_object(&j);
	json_begin_object(&j, "cgroup");
	json_string(&j, "parent", o->cgroup.parent[0] ? o->cgroup.parent : NULL);
	json_string(&j, "child", o->cgroup.child[0] ? o->cgroup.child : NULL);
	json_end_object(&j);
	json_begin_object(&j, "tids");
	if (o->tids.measured) {
		json_int_if(&j, "parent_settid_word", o->tids.ptid_parent >= 0, o->tids.ptid_parent);
		json_int_if(&j, "child_settid_word_in_parent", o->tids.ctid_parent >= 0, o->tids.ctid_parent);
		json_int(&j, "child_settid_word_in_child", o->tids.ctid_child);
		json_int(&j, "cleartid_word_after_exit", o->tids.ctid_after_exit);
	}
	if (o->tids.pidfd >= 0) {
		json_int(&j, "pidfd", o->tids.pidfd);
		json_int(&j, "pidfd_pid", o->tids.pidfd_pid);
	} else {
		json_null(&j, "pidfd");
		json_null(&j, "pidfd_pid");
	}
	json_end_object(&j);
	json_end_object(&j);

	json_begin_object(&j, "exit");
	json_int_if(&j, "status", o->exit.known && o->exit.exited, o->exit.status);
	json_signal(&j, "signal", o->exit.known ? o->exit.signal : 0);
	json_bool(&j, "core", o->exit.core);
	json_string(&j, "waited_with", o->exit.waited_with[0] ? o->exit.waited_with : NULL);
	json_end_object(&j);

	json_begin_object(&j, "wait");
	json_wait_call(&j, "plain", "plain_ret", &o->wait.plain);
	json_wait_call(&j, "all", "all_ret", &o->wait.all);
	json_string(&j, "reaped_by", o->wait.reaped_by);
	json_end_object(&j);

	json_begin_object(&j, "stack");
	json_int(&j, "size", (long long)o->stack.size);
	json_int_if(&j, "used", o->stack.measured, (long long)o->stack.used);
	json_bool(&j, "guard", o->cfg.guard);
	json_bool(&j, "overflow", o->stack.overflow);
	json_int(&j, "below", (long long)o->stack.below);
	json_end_object(&j);

	json_end_object(&j);
}
