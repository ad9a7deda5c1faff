#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exec-report.h"
#include "obs-text.h"
#include "util.h"
#include "view.h"

const char *
verdict_symbol(enum verdict v, bool utf8)
{
	switch (v) {
	case V_SHARED:
	case V_SAME: return "=";
	case V_COPIED:
	case V_DIFFERS: return utf8 ? "≠" : "!=";
	case V_NEW: return "+";
	case V_FAILED:
	case V_REFUSED: return utf8 ? "✗" : "x";
	case V_PENDING: return utf8 ? "…" : "..";
	case V_UNKNOWN: return "?";
	case V_NONE: break;
	}
	return "";
}

const char *
verdict_word(enum verdict v)
{
	switch (v) {
	case V_SHARED: return "shared";
	case V_COPIED: return "copied";
	case V_NEW: return "new";
	case V_FAILED: return "failed";
	case V_REFUSED: return "refused";
	case V_PENDING: return "pending";
	case V_UNKNOWN: return "unknown";
	case V_SAME: return "same";
	case V_DIFFERS: return "differs";
	case V_NONE: break;
	}
	return "";
}

static struct view_row *
row_add(struct view *v, enum view_group g, int priority, enum verdict verdict, const char *label)
{
	if (v->nrows >= VIEW_MAX_ROWS)
		return NULL;
	struct view_row *r = &v->rows[v->nrows++];
	memset(r, 0, sizeof(*r));
	r->group = g;
	r->head = v->nrows == 1 || v->rows[v->nrows - 2].group != g;
	r->priority = priority;
	r->verdict = verdict;
	r->bar = -1;
	str_copy(r->label, label, sizeof(r->label));
	return r;
}

static void
cell(char *dst, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
cell(char *dst, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, VIEW_TEXT, fmt, ap);
	va_end(ap);
}

/* A measured yes/no as a verdict: not measured is pending until a reason
 * says the measurement failed, then unknown; never shared or copied. */
static enum verdict
tri_verdict(const struct tri *t)
{
	return t->v < 0 ? (t->why[0] ? V_UNKNOWN : V_PENDING) : t->v ? V_SHARED : V_COPIED;
}

/* A kcmp verdict row: the same object is shared, another one a copy. */
static void
row_kcmp(struct view *v, enum view_group g, int priority, const struct observation *o,
    enum share_kind k)
{
	const struct tri *t = &o->shared[k];
	struct view_row *r = row_add(v, g, priority, tri_verdict(t), resources_table[k].row);
	if (!r)
		return;
	if (t->v < 0) {
		cell(r->parent, "%s", "not measured");
		if (t->why[0])
			cell(r->child, "%s", t->why);
	} else {
		cell(r->parent, "%s", resources_table[k].row_parent);
		cell(r->child, "%s", t->by_behaviour ? (t->v ? "the same one (by behaviour)" :
		    "its own copy (by behaviour)") : t->v ? "the same one (kcmp)" : "its own copy (kcmp)");
	}
}

static const char *
disp_word(enum disposition d)
{
	return d == DISP_HANDLER ? "handler" : d == DISP_IGNORE ? "ignore" : "default";
}

/* Whether the child's function works on this resource: its rows come first
 * when space is short. */
static bool
touches(const struct observation *o, const char *what)
{
	return o->cfg.fn && o->cfg.fn->touches && strstr(o->cfg.fn->touches, what);
}

/* An id as text, "?" when not measured (-1). */
static const char *
id_text(long v, char *buf)
{
	if (v < 0)
		return "?";
	snprintf(buf, 24, "%ld", v);
	return buf;
}

static void
build_ids(const struct observation *o, struct view *v)
{
	struct view_row *r;
	bool started = o->reached >= PHASE_STARTED;
	char ia[24], ib[24];

	/* The ids come first when they say something: a thread, a new pid
	 * namespace, a parent that is not the lab (all measured). */
	bool odd_parent = o->parent.ppid > 0 && o->ids.status_ppid == o->parent.ppid;
	int idp = touches(o, "ids") || observation_child_is_thread(o) || observation_child_new_pidns(o) ||
	    odd_parent ? 0 : 1;
	if ((r = row_add(v, VG_IDS, idp, started ? V_NONE : V_PENDING, "pid (getpid)"))) {
		cell(r->parent, "%s", id_text(o->parent.pid, ia));
		if (started && o->ids.pid_self != o->ids.pid_in_parent_ns && !observation_child_is_thread(o))
			cell(r->child, "%s (the parent sees %s)", id_text(o->ids.pid_self, ia),
			    id_text(o->ids.pid_in_parent_ns, ib));
		else if (started)
			cell(r->child, "%s", id_text(o->ids.pid_self, ia));
	}
	if ((r = row_add(v, VG_IDS, idp + 1, V_NONE, "tid (gettid)")) && started) {
		cell(r->parent, "%s", id_text(o->parent.tid, ia));
		cell(r->child, "%s", id_text(o->ids.tid, ia));
	}
	if ((r = row_add(v, VG_IDS, idp, !started ? V_PENDING : o->ids.tgid < 0 ? V_UNKNOWN :
	    observation_child_is_thread(o) ? V_SHARED : V_NEW, "thread group")) && started) {
		cell(r->parent, "tgid %s", id_text(o->parent.pid, ia));
		if (o->ids.tgid < 0)
			cell(r->child, "not measured: /proc/PID/status unreadable");
		else
			cell(r->child, "tgid %ld%s", o->ids.tgid, observation_child_is_thread(o) ? " (same)" : "");
	}
	if ((r = row_add(v, VG_IDS, idp + 1, V_NONE, "ppid")) && started) {
		cell(r->parent, "its child is %s", id_text(o->ids.pid_in_parent_ns, ia));
		cell(r->child, "getppid %s, /proc %s", id_text(o->ids.ppid, ia),
		    id_text(o->ids.status_ppid, ib));
	}
	/* The same pointer value is the same TLS only in one address space:
	 * tls_shared combines the two measurements. */
	if (started && (r = row_add(v, VG_IDS, 2, tri_verdict(&o->tls_shared), "TLS"))) {
		cell(r->parent, "thread pointer");
		if (o->tls_shared.v == 1)
			cell(r->child, "the parent's");
		else if (o->tls_shared.v == 0 && o->tp_same.v == 1)
			cell(r->child, "same address, its own copy");
		else if (o->tls_shared.v == 0)
			cell(r->child, "its own block");
		else
			cell(r->child, "not measured: %s", o->tls_shared.why);
	}
	if (o->nchildren > 1 && (r = row_add(v, VG_IDS, 0, V_NONE, "children"))) {
		bool threads = o->children[0].tgid == o->parent.pid;
		cell(r->parent, "%d %s of the lab (show children)", o->nchildren,
		    threads ? "threads" : "children");
		for (int i = 0; i < o->nchildren && strlen(r->child) + 12 < sizeof(r->child); i++)
			str_append(r->child, sizeof(r->child), "%s%ld%c", i ? " " : "", o->children[i].tid,
			    o->children[i].state ? o->children[i].state : '?');
	}
	/* Only a vfork lab's state says something; R or S is a race, not a lesson. */
	if (o->ids.parent_state == 'D' && (r = row_add(v, VG_IDS, 0, V_NONE, "parent state"))) {
		cell(r->parent, "D: asleep in clone() (vfork)");
	}
}

/* A word the child wrote: shared when the parent reads the new value,
 * copied when it still reads the old one; a write of the old value tells
 * nothing either way. */
static enum verdict
word_verdict(const __typeof__(((struct observation *)0)->global) *w)
{
	if (w->child_wrote == w->before)
		return V_UNKNOWN;
	return w->parent_sees == w->child_wrote ? V_SHARED : V_COPIED;
}

static void
build_memory(const struct observation *o, struct view *v)
{
	struct view_row *r;

	row_kcmp(v, VG_MEMORY, 0, o, SH_VM);
	if (o->global.measured && (r = row_add(v, VG_MEMORY, o->global.child_wrote_valid ? 0 : 2,
	    !o->global.child_wrote_valid ? V_NONE : word_verdict(&o->global), "global"))) {
		cell(r->parent, "reads %ld", o->global.parent_sees);
		if (o->global.child_wrote_valid)
			cell(r->child, "wrote %ld%s", o->global.child_wrote, o->global.child_wrote ==
			    o->global.before ? ": its old value, nothing to tell" : "");
		else
			cell(r->child, "(did not write)");
	}
	if (o->heap.measured && o->heap.child_wrote_valid && (r = row_add(v, VG_MEMORY, 0,
	    word_verdict(&o->heap), "heap word"))) {
		cell(r->parent, "reads %ld", o->heap.parent_sees);
		cell(r->child, "wrote %ld%s", o->heap.child_wrote, o->heap.child_wrote == o->heap.before ?
		    ": its old value, nothing to tell" : "");
	}
	if (o->mapping.addr && (r = row_add(v, VG_MEMORY, 0, !o->mapping.measured ? V_UNKNOWN :
	    o->mapping.in_parent ? V_SHARED : V_NEW, "new mapping"))) {
		cell(r->parent, "%s", !o->mapping.measured ? "not measured: /proc/PID/maps unreadable" :
		    o->mapping.in_parent ? "in its maps too" : "not in its maps");
		cell(r->child, "mapped %#lx", o->mapping.addr);
	}
	/* Frames from pagemap: -1 when it could not be read. */
	bool frames = o->pages.shared_frames >= 0;
	if (o->pages.measured && (r = row_add(v, VG_MEMORY, 0, !frames ? V_UNKNOWN :
	    o->pages.split_frames > 0 ? V_COPIED : V_SHARED, "pages"))) {
		cell(r->parent, "sees %d of %d writes", o->pages.parent_changed, o->pages.touched);
		if (frames)
			cell(r->child, "%d frames shared, %d split", o->pages.shared_frames,
			    o->pages.split_frames);
		else
			cell(r->child, "frames not measured: %s", o->pages.method);
	}
	/* The strip of pages, before and after the child wrote. */
	if (o->pages.measured && o->pages.after[0] && (r = row_add(v, VG_MEMORY, 0, !frames ? V_UNKNOWN :
	    o->pages.split_frames > 0 ? V_COPIED : V_SHARED, "page strip"))) {
		cell(r->parent, "before %s", o->pages.before[0] ? o->pages.before : "?");
		cell(r->child, "after %s", o->pages.after);
	}
}

/* An fd's target in at most max bytes: a memfd by its name (the kernel
 * calls every one "(deleted)"), a long path by its end, never cut inside
 * its parenthesis. */
static const char *
fd_target(const char *t, size_t max, char *buf, size_t size)
{
	char name[VIEW_TEXT];
	if (str_prefix(t, "/memfd:") && str_suffix(t, " (deleted)")) {
		snprintf(name, sizeof(name), "memfd:%.*s", (int)(strlen(t) - 17), t + 7);
		t = name;
	}
	return str_copy_tail(buf, t, max + 1 < size ? max + 1 : size);
}

static void
build_fds(const struct observation *o, struct view *v)
{
	struct view_row *r;

	row_kcmp(v, VG_FDS, 0, o, SH_FILES);
	if (o->fds_why[0] && (r = row_add(v, VG_FDS, 0, V_UNKNOWN, "fds"))) {
		cell(r->parent, "not measured");
		cell(r->child, "%s", o->fds_why);
	}
	for (int i = 0; i < o->nfds; i++) {
		const struct fd_obs *f = &o->fds[i];
		/* In both: the verdict is kcmp KCMP_FILE's, whatever the flags; in
		 * one only, the tables differ there; in neither, nothing to say. */
		bool both = f->in_parent && f->in_child;
		enum verdict verdict = both ? (f->same_ofd == 1 ? V_SHARED : f->same_ofd == 0 ? V_COPIED :
		    V_UNKNOWN) : f->in_child ? V_NEW : f->in_parent ? V_DIFFERS : V_NONE;
		char label[24];
		snprintf(label, sizeof(label), "fd %d", f->fd);
		/* An fd that differs between the two, or moved, is what the learner came for. */
		bool differs = f->in_parent != f->in_child || f->parent_pos > 0 || f->child_pos > 0 ||
		    f->fd > 3;
		if (!(r = row_add(v, VG_FDS, differs ? 0 : 2, verdict, label)))
			return;
		char pt[64], ct[64], po[24], co[24];
		observation_offset(f->parent_pos, po, sizeof(po));
		observation_offset(f->child_pos, co, sizeof(co));
		if (f->in_parent)
			cell(r->parent, "%s @%s", fd_target(f->target, 26, pt, sizeof(pt)), po);
		else
			cell(r->parent, "(closed)");
		/* What is shared is the open file description (offset, flags): with
		 * a copied fd table, the child's fd is a copy pointing at the same
		 * one, so the row says which it is. */
		if (both && f->same_ofd < 0)
			cell(r->child, "open file not measured: kcmp file: %s", f->ofd_errno ?
			    strerror(f->ofd_errno) : "not made");
		else if (both)
			/* (the method before the fd copy: the fd table's row says that) */
			cell(r->child, "%s @%s%s", f->same_ofd == 1 ? (o->shared[SH_FILES].v == 0 &&
			    !f->ofd_by_behaviour ? "fd copy, same open file" : "same open file") :
			    "its own open file", co, f->ofd_by_behaviour ? " (by behaviour)" : "");
		else if (f->in_child)
			cell(r->child, "%s @%s", fd_target(f->target, 24, ct, sizeof(ct)), co);
		else if (f->in_parent)
			cell(r->child, "(closed: only in the parent)");
		else
			cell(r->child, "(closed)");
	}
}

static void
build_signals(const struct observation *o, struct view *v)
{
	struct view_row *r;
	char pb[VIEW_TEXT] = "", cb[VIEW_TEXT] = "", name[32];

	row_kcmp(v, VG_SIGNALS, 0, o, SH_SIGHAND);
	for (int i = 0; i < o->nsigs; i++) {
		const struct sig_obs *s = &o->sigs[i];
		signal_name(s->sig, name, sizeof(name));
		if (s->parent_blocked)
			str_append(pb, sizeof(pb), "%s%s", pb[0] ? " " : "", name + 3);
		if (s->child_blocked)
			str_append(cb, sizeof(cb), "%s%s", cb[0] ? " " : "", name + 3);
		if (s->parent == DISP_DEFAULT && s->child == DISP_DEFAULT && s->sig != SIGCHLD)
			continue;
		/* A disposition lives in the handler table: its verdict is the
		 * table's kcmp, in all three states. */
		const struct tri *t = &o->shared[SH_SIGHAND];
		bool plain = s->parent == DISP_DEFAULT && s->child == DISP_DEFAULT;
		if (!(r = row_add(v, VG_SIGNALS, plain ? 2 : 0, tri_verdict(t), name)))
			return;
		cell(r->parent, "%s", disp_word(s->parent));
		if (t->v < 0)
			cell(r->child, "%s (table not measured)", disp_word(s->child));
		else
			cell(r->child, "%s", disp_word(s->child));
	}
	/* The mask is per thread and never shared: the row compares the two
	 * values SigBlk: gave, "same" or "differs". */
	if ((pb[0] || cb[0]) && (r = row_add(v, VG_SIGNALS, 0, strcmp(pb, cb) == 0 ? V_SAME : V_DIFFERS,
	    "blocked mask"))) {
		cell(r->parent, "%s", pb[0] ? pb : "(none)");
		cell(r->child, "%s", cb[0] ? cb : "(none)");
	}
}

static void
build_fs(const struct observation *o, struct view *v)
{
	struct view_row *r;

	row_kcmp(v, VG_FS, 0, o, SH_FS);
	if (o->effects_measured) {
		int fsp = touches(o, "fs") ? 0 : 2;
		/* Values compared only when both were read: "" is an unreadable cwd. */
		bool cwd_known = o->cwd.parent[0] && o->cwd.child[0];
		if ((r = row_add(v, VG_FS, fsp, !cwd_known ? V_UNKNOWN : strcmp(o->cwd.parent,
		    o->cwd.child) == 0 ? V_NONE : V_COPIED, "cwd"))) {
			cell(r->parent, "%s", o->cwd.parent[0] ? o->cwd.parent : "?");
			if (cwd_known)
				cell(r->child, "%s", o->cwd.child);
			else
				cell(r->child, "not measured: /proc/PID/cwd unreadable");
		}
		bool umask_known = o->umask.parent >= 0 && o->umask.child >= 0;
		if ((r = row_add(v, VG_FS, fsp, !umask_known ? V_UNKNOWN : o->umask.parent == o->umask.child ?
		    V_NONE : V_COPIED, "umask"))) {
			if (o->umask.parent >= 0)
				cell(r->parent, "%04o", o->umask.parent);
			else
				cell(r->parent, "?");
			if (umask_known)
				cell(r->child, "%04o", o->umask.child);
			else
				cell(r->child, "not measured: no Umask: in /proc/PID/status");
		}
	}
	/* The two least taught kcmp rows give way first. */
	row_kcmp(v, VG_FS, 1, o, SH_IO);
	row_kcmp(v, VG_FS, 1, o, SH_SYSVSEM);
}

static void
build_ns(const struct observation *o, struct view *v)
{
	struct view_row *r;
	int same = 0, known = 0;

	for (int i = 0; i < NS_COUNT; i++) {
		known += o->ns[i].shared >= 0;
		same += o->ns[i].shared == 1;
	}
	/* One line says "all the parent's" when nothing is new. */
	char all[16];
	snprintf(all, sizeof(all), "all %d", NS_COUNT);
	if (known == NS_COUNT && same == NS_COUNT && (r = row_add(v, VG_NS, 1, V_SHARED, all))) {
		cell(r->parent, "its namespaces");
		cell(r->child, "the parent's, every one");
	}
	/* Read when the child started: not known before, unknown after. */
	bool tried = o->reached >= PHASE_STARTED;
	for (int i = 0; i < NS_COUNT; i++) {
		enum verdict verdict = o->ns[i].shared < 0 ? (tried ? V_UNKNOWN : V_PENDING) :
		    o->ns[i].shared ? V_SHARED : V_NEW;
		const char *name = namespaces_table[i].name;
		if (!(r = row_add(v, VG_NS, o->ns[i].shared == 0 ? 0 : 2, verdict, name)))
			return;
		if (o->ns[i].parent)
			cell(r->parent, "%s:[%lu]", name, o->ns[i].parent);
		if (o->ns[i].child)
			cell(r->child, "%s:[%lu]", name, o->ns[i].child);
		if (o->ns[i].shared < 0 && tried)
			cell(r->child, "not measured: /proc/PID/ns/%s unreadable", name);
	}
	if (o->effects_measured && (r = row_add(v, VG_NS, touches(o, "uts") ? 0 : 2, strcmp(o->hostname.parent,
	    o->hostname.child) == 0 ? V_NONE : V_NEW, "hostname"))) {
		cell(r->parent, "%s", o->hostname.parent);
		cell(r->child, "%s", o->hostname.child);
	}
}

static void
build_stack(const struct observation *o, struct view *v)
{
	struct view_row *r;
	char sz[32];

	if (!(r = row_add(v, VG_STACK, 0, !o->stack.measured ? V_PENDING : o->stack.overflow ?
	    V_FAILED : V_NEW, "child stack")))
		return;
	if (o->traced)
		cell(r->parent, "the program's own: not measured");
	else
		cell(r->parent, "%s, guard %s", size_format(o->cfg.stack_size, sz, sizeof(sz)),
		    o->cfg.guard ? "on" : "off");
	if (o->stack.measured) {
		cell(r->child, "used %zu B%s", o->stack.used, o->stack.overflow ? ", OVERFLOW" : "");
		r->bar = o->stack.size ? (int)(o->stack.used * 100 / o->stack.size) : 0;
		if (r->bar > 100)
			r->bar = 100;
	}
}

static void
build_exit(const struct observation *o, struct view *v)
{
	struct view_row *r;
	char name[32];
	bool failed = o->timed_out || o->interrupted || o->lab_signal ||
	    (o->exit.known && !o->exit.exited);

	if (!(r = row_add(v, VG_EXIT, 0, o->reached < PHASE_EXITED && !o->timed_out && !o->interrupted ?
	    V_PENDING : failed ? V_FAILED : V_NONE, "end")))
		return;
	if (o->timed_out)
		cell(r->parent, "killed: timeout");
	else if (o->interrupted)
		cell(r->parent, "killed: interrupted");
	else if (o->lab_signal)
		cell(r->parent, "died of %s", signal_name(o->lab_signal, name, sizeof(name)));
	else if (o->reached >= PHASE_EXITED)
		cell(r->parent, "alive");
	if (o->exit.known && o->exit.exited)
		cell(r->child, "exited %d", o->exit.status);
	else if (o->exit.known)
		cell(r->child, "killed by %s", signal_name(o->exit.signal, name, sizeof(name)));
	else if (o->reached >= PHASE_EXITED)
		cell(r->child, "ended, no status");
	if (o->exit.waited_with[0] && (r = row_add(v, VG_EXIT, 1, V_NONE, "waited"))) {
		str_copy(r->parent, o->exit.waited_with, sizeof(r->parent));
		r->span = true;
	}
	/* signal catch on: what the lab's handler got, as the kernel sent it. */
	if (o->exit_si.count >= 0 && o->reached >= PHASE_EXITED &&
	    (r = row_add(v, VG_EXIT, 0, V_NONE, "exit signal"))) {
		if (o->exit_si.count > 0)
			cell(r->parent, "caught %s: si_pid %ld, %s, si_status %d",
			    signal_name(o->exit_si.signo, name, sizeof(name)), o->exit_si.pid,
			    cld_code_name(o->exit_si.code), o->exit_si.status);
		else
			cell(r->parent, "the handler for %s never ran", signal_name(o->cfg.exit_signal,
			    name, sizeof(name)));
		r->span = true;
	}
}

/* exec-probe: what execve kept, reset or closed, a row a rule: the child's
 * state before the exec in the parent's column ("before: ..."), the probe's
 * after it in the child's ("after: ..."); "same" when kept, "differs" when
 * not, measured both times. */
static enum verdict
exec_verdict(int kept)
{
	return kept < 0 ? V_UNKNOWN : kept ? V_SAME : V_DIFFERS;
}

static void
exec_row(struct view *v, int kept, const char *label, const char *before, const char *after)
{
	struct view_row *r = row_add(v, VG_EXIT, 0, exec_verdict(kept), label);
	if (!r)
		return;
	/* The parent's column holds the child's state before the exec. */
	cell(r->parent, "before: %s", before);
	cell(r->child, "after: %s", kept < 0 ? "?" : after);
}

static void
build_exec(const struct observation *o, struct view *v)
{
	const struct exec_before *b = &o->exec.before;
	const struct exec_report *a = &o->exec.after;
	struct view_row *r;
	char l[24], x[32], y[32], n[32];

	if (!o->exec.asked || o->reached < PHASE_EXITED)
		return;
	if (!o->exec.reported) {
		if ((r = row_add(v, VG_EXIT, 0, V_UNKNOWN, "exec"))) {
			cell(r->parent, "not measured: %s", o->exec.why);
			r->span = true;
		}
		return;
	}
	snprintf(x, sizeof(x), "pid %ld", b->pid);
	snprintf(y, sizeof(y), "pid %ld", a->pid);
	exec_row(v, exec_pid_kept(o), "exec: pid", x, y);
	int k = exec_fd_kept(o, true);
	snprintf(l, sizeof(l), "exec: fd %d", b->fd_cloexec);
	exec_row(v, k, l, "open, O_CLOEXEC", k ? "open" : "closed");
	k = exec_fd_kept(o, false);
	snprintf(l, sizeof(l), "exec: fd %d", b->fd_plain);
	exec_row(v, k, l, "open", k ? "open" : "closed");
	int d = exec_disposition_after(o, b->sig_handled);
	snprintf(l, sizeof(l), "exec: %s", signal_name(b->sig_handled, n, sizeof(n)));
	exec_row(v, exec_sig_kept(o, 0), l, "handler", d < 0 ? "?" : disp_word((enum disposition)d));
	d = exec_disposition_after(o, b->sig_ignored);
	snprintf(l, sizeof(l), "exec: %s", signal_name(b->sig_ignored, n, sizeof(n)));
	exec_row(v, exec_sig_kept(o, 1), l, "ignore", d < 0 ? "?" : disp_word((enum disposition)d));
	k = exec_sig_kept(o, 2);
	snprintf(l, sizeof(l), "exec: %s", signal_name(b->sig_blocked, n, sizeof(n)));
	exec_row(v, k, l, "blocked", k ? "blocked" : "not blocked");
	exec_row(v, exec_cwd_kept(o), "exec: cwd", b->cwd, a->cwd);
	snprintf(x, sizeof(x), "%04o", (unsigned)b->umask);
	snprintf(y, sizeof(y), "%04o", (unsigned)a->umask);
	exec_row(v, exec_umask_kept(o), "exec: umask", x, y);
	k = exec_memory_kept(o);
	snprintf(x, sizeof(x), "marker at %#lx", b->marker_addr);
	exec_row(v, k, "exec: memory", x, k ? "marker still there" : a->marker == MARKER_ABSENT ?
	    "not mapped: a new address space" : "another value: a new address space");
}

/* seccomp: the lab's filter as /proc measured it, and the child's, when a
 * filter was asked (measured: its installation's errno or a reading). */
static void
build_seccomp(const struct observation *o, struct view *v)
{
	struct view_row *r;

	if (!o->seccomp.err && o->seccomp.lab_mode < 0)
		return;
	if (!(r = row_add(v, VG_CLONE, 0, o->seccomp.err ? V_FAILED : V_NONE, "seccomp")))
		return;
	if (o->seccomp.err)
		cell(r->parent, "the filter failed: %s %s", o->seccomp.call, errno_name(o->seccomp.err));
	else
		cell(r->parent, "Seccomp %d, %d filter%s", o->seccomp.lab_mode,
		    o->seccomp.lab_filters, o->seccomp.lab_filters == 1 ? "" : "s");
	if (o->seccomp.child_mode >= 0)
		cell(r->child, "Seccomp %d, %d filter%s", o->seccomp.child_mode,
		    o->seccomp.child_filters, o->seccomp.child_filters == 1 ? "" : "s");
}

void
view_build(const struct observation *o, enum phase phase, struct view *v)
{
	v->nrows = 0;
	v->phase = phase;
	v->parent_title = o && o->traced ? "parent (traced)" : "parent (the lab)";
	if (!o)
		return;
	if (!o->clone_ok) {
		struct view_row *r = row_add(v, VG_CLONE, 0, V_REFUSED, "the call");
		if (r)
			cell(r->parent, "clone returned %s", o->clone_errno ?
			    strerrorname_np(o->clone_errno) : "nothing: the lab failed");
		if ((r = row_add(v, VG_CLONE, 0, V_NONE, "because"))) {
			str_copy(r->parent, o->rule[0] ? o->rule : o->lab_note, sizeof(r->parent));
			r->span = true;
		}
		build_seccomp(o, v);
		return;
	}
	build_seccomp(o, v);
	build_ids(o, v);
	build_memory(o, v);
	build_fds(o, v);
	build_signals(o, v);
	build_fs(o, v);
	build_ns(o, v);
	build_stack(o, v);
	build_exit(o, v);
	build_exec(o, v);
}

void
view_mark_changes(struct view *now, const struct view *before)
{
	for (int i = 0; i < now->nrows; i++) {
		struct view_row *r = &now->rows[i];
		r->changed = true;
		for (int k = 0; before && k < before->nrows; k++) {
			const struct view_row *b = &before->rows[k];
			if (b->group == r->group && strcmp(b->label, r->label) == 0) {
				r->changed = b->verdict != r->verdict || strcmp(b->parent, r->parent) != 0 ||
				    strcmp(b->child, r->child) != 0 || b->bar != r->bar;
				break;
			}
		}
	}
}
