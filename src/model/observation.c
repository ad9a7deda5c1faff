#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flags.h"
#include "observation.h"
#include "util.h"

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
	o->ioprio.before = o->ioprio.parent = o->ioprio.child = -1;
	o->vm_kb.parent = o->vm_kb.child = -1;
	o->exit_si.count = -1;
	o->seccomp.lab_mode = o->seccomp.lab_filters = o->seccomp.clonesh_mode = -1;
	o->seccomp.child_mode = o->seccomp.child_filters = -1;
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

/* The words of the observation's values, for every renderer. */
const char *
disposition_name(enum disposition d)
{
	return d == DISP_HANDLER ? "handler" : d == DISP_IGNORE ? "ignore" : "default";
}

const char *
errno_name(int e)
{
	return e == 0 ? "0" : strerrorname_np(e) ? strerrorname_np(e) : "?";
}

const char *
cld_code_name(int code)
{
	static const char *const names[] = { NULL, "CLD_EXITED", "CLD_KILLED", "CLD_DUMPED",
		"CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED" };
	return code > 0 && code < (int)(sizeof(names) / sizeof(names[0])) ? names[code] : "other";
}
