#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/sched.h>

#include "flags.h"
#include "glibc.h"
#include "kernel.h"
#include "observation.h"
#include "probe.h"
#include "output.h"
#include "rules.h"
#include "util.h"
#include "why.h"

/* Older UAPI headers lack the newest flags; the values are the kernel's ABI. */
#include "clone-compat.h"

#define WHY_MAX_ITEMS (OBS_MAX_FDS + OBS_MAX_SIGS + OBS_MAX_NOTES + 48)
#define WHY_WIDTH 76

/* One explained row: its topic, the observation paths it covers (space
 * separated prefixes) and the sentence. */
struct why_item {
	char topic[40];
	char paths[160];
	char text[1024];
};

struct why {
	const struct observation *o;
	struct why_item items[WHY_MAX_ITEMS];
	int n;
};

/* asked: the flag behind a difference that was measured, or the rule a
 * refusal broke; each use says which (tests/measured.sh). */
static bool
has(const struct observation *o, uint64_t flag)
{
	return (o->cfg.flags & flag) != 0;	/* asked: see above */
}

static struct why_item *
add(struct why *w, const char *topic, const char *paths, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static struct why_item *
add(struct why *w, const char *topic, const char *paths, const char *fmt, ...)
{
	static struct why_item spare;
	struct why_item *it = w->n < WHY_MAX_ITEMS ? &w->items[w->n++] : &spare;
	va_list ap;

	str_copy(it->topic, topic, sizeof(it->topic));
	str_copy(it->paths, paths, sizeof(it->paths));
	va_start(ap, fmt);
	vsnprintf(it->text, sizeof(it->text), fmt, ap);
	va_end(ap);
	return it;
}

static void
more(struct why_item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
more(struct why_item *it, const char *fmt, ...)
{
	size_t len = strlen(it->text);
	va_list ap;

	if (len + 1 >= sizeof(it->text))
		return;
	va_start(ap, fmt);
	vsnprintf(it->text + len, sizeof(it->text) - len, fmt, ap);
	va_end(ap);
}

static const char *
sig_name(int sig, char *buf, size_t len)
{
	return signal_name(sig, buf, len);
}

static const char *
errno_word(int e)
{
	const char *n = e ? strerrorname_np(e) : NULL;
	return n ? n : "an error";
}

/* --- clone ------------------------------------------------------------------ */

/* Refusals the validator cannot foresee: they depend on the caller's state
 * or on limits, not on the flags alone. */
static const struct why_refusal {
	int err;
	uint64_t flag;			/* 0: any */
	const char *cause, *fix;
} why_refusals[] = {
	{ ENOSPC, CLONE_NEWUSER, "a limit on user namespaces was reached: "
	  "/proc/sys/user/max_user_namespaces of the caller's user namespace (0 forbids any), or "
	  "33 levels of nesting", "raise that limit, or remove newuser" },
	{ ENOSPC, CLONE_NEWPID, "a limit on pid namespaces was reached: "
	  "/proc/sys/user/max_pid_namespaces, or 32 levels of nesting", "remove newpid" },
	{ EPERM, CLONE_NEWUSER, "a process in a chroot may not make a user namespace",
	  "run clonesh outside the chroot, or remove newuser" },
	{ EINVAL, CLONE_PARENT, "the caller is the init (pid 1) of a pid namespace, which may not "
	  "use CLONE_PARENT", "remove parent" },
	{ EINVAL, CLONE_THREAD, "the caller did unshare(CLONE_NEWPID), and a thread must stay in "
	  "its process's pid namespace", "remove thread" },
	{ EAGAIN, 0, "a limit on processes or threads was reached (RLIMIT_NPROC, threads-max)",
	  "end some processes, or raise the limit" },
	{ ENOMEM, 0, "the kernel could not allocate the new task", "free some memory" },
};

static const struct why_refusal *
why_unknown(const struct observation *o)
{
	for (size_t i = 0; i < ARRAY_SIZE(why_refusals); i++)
		if (why_refusals[i].err == o->clone_errno && (!why_refusals[i].flag ||
		    has(o, why_refusals[i].flag)))	/* asked: the refusal's cause */
			return &why_refusals[i];
	return NULL;
}

static void
why_clone(struct why *w)
{
	const struct observation *o = w->o;
	const struct flags_rule *r = flags_validate(&o->cfg, kernel_get());
	char fl[512];

	flags_format(o->cfg.flags, o->cfg.exit_signal, fl, sizeof(fl));	/* asked: the call */
	if (o->clone_ok) {
		if (r && !r->err)
			add(w, "clone", "clone", "accepted under --force, which clonesh would not send (%s): the "
			    "kernel took %s; the notes and the rows say what it made of it", r->text, fl);
		else if (r && r->err)
			add(w, "clone", "clone", "accepted under --force although clonesh's validator predicted "
			    "%s (%s): this kernel does not apply that rule to %s", errno_word(r->err), r->text, fl);
		else if (o->forced)
			add(w, "clone", "clone", "accepted: %s; --force was not needed, the validator knows no "
			    "rule against it", fl);
		else
			add(w, "clone", "clone", "accepted: %s, as clonesh's validator predicted", fl);
		return;
	}
	if (!o->clone_errno) {
		add(w, "clone", "clone run", "no clone was made: %s", o->lab_note[0] ? o->lab_note :
		    "the lab failed before the call");
		return;
	}
	const char *e = errno_word(o->clone_errno);
	if (r && r->err == o->clone_errno) {
		add(w, "clone", "clone", "refused with %s, as clonesh's validator predicted (rule %s): %s; "
		    "fix: %s", e, r->id, r->text, r->fix);
		if (o->forced)
			more(&w->items[w->n - 1], ". spawn --force sent it anyway, so the kernel itself gave "
			    "the answer");
	} else if (r && r->err) {
		add(w, "clone", "clone", "refused with %s where clonesh's validator predicted %s (rule %s: "
		    "%s); fix: %s", e, errno_word(r->err), r->id, r->text, r->fix);
	/* asked: the refused call's namespace flags */
	} else if (o->clone_errno == EPERM && (o->cfg.flags & flags_with(FLAG_NAMESPACE)) &&
	    !(o->cfg.flags & CLONE_NEWUSER)) {	/* asked: as above */
		add(w, "clone", "clone", "refused with EPERM: creating a namespace needs CAP_SYS_ADMIN in the "
		    "caller's user namespace; fix: add newuser (CLONE_NEWUSER), which grants it over the "
		    "namespaces it owns");
	} else if (o->clone_errno == EPERM && (o->cfg.flags & CLONE_NEWUSER)) {	/* asked: as above */
		add(w, "clone", "clone", "refused with EPERM although CLONE_NEWUSER is set: the caller "
		    "is in a chroot, or a policy of this machine forbids unprivileged user namespaces (a "
		    "distribution's sysctl or a security module); a user.max_user_namespaces limit "
		    "would give ENOSPC instead");
	} else {
		const struct why_refusal *u = why_unknown(o);
		struct why_item *it = add(w, "clone", "clone", "the kernel refused with %s although "
		    "clonesh's validator knows no rule against it", e);
		if (u)
			more(it, ": %s; fix: %s", u->cause, u->fix);
		else
			more(it, " (%s): %s", strerror(o->clone_errno), fl);
	}
	if (o->lab_note[0])
		add(w, "lab", "run", "%s", o->lab_note);
}

/* --- ids -------------------------------------------------------------------- */

/* Chosen by who the measured parent is: the child's getppid() and its PPid:
 * against the lab's pid and the lab's own PPid: (clonesh). */
static void
why_ppid(struct why *w, bool thread, bool newpid)
{
	const struct observation *o = w->o;
	const char *ppid_paths = "ids.child.ppid ids.child.status_ppid ids.parent.pid ids.parent.ppid";
	if (o->ids.ppid < 0 && o->ids.status_ppid < 0)
		add(w, "ppid", ppid_paths, "not measured: neither the child's getppid() nor its /proc PPid "
		    "was read");
	else if (newpid && o->ids.ppid == 0)
		add(w, "ppid", ppid_paths, "getppid() returns %ld: the parent lives outside the child's pid "
		    "namespace, so it has no number there; /proc in the parent's namespace says PPid %ld",
		    o->ids.ppid, o->ids.status_ppid);
	else if (o->parent.ppid > 0 && o->ids.status_ppid == o->parent.ppid)
		add(w, "ppid", ppid_paths, "%ld, the lab's own parent (clonesh), not the lab %ld: %s",
		    o->ids.ppid, o->parent.pid, thread ? "a thread's parent is its group's "
		    "parent (CLONE_THREAD)" : "CLONE_PARENT makes the child its caller's sibling, so the "
		    "caller's parent gets it, its exit signal and the duty to wait");
	else if (o->ids.status_ppid == o->parent.pid)
		add(w, "ppid", ppid_paths, "%ld, the lab, which called clone()", o->ids.ppid);
	else
		add(w, "ppid", ppid_paths, "getppid() returns %ld and /proc says PPid %ld: neither the lab "
		    "%ld nor the lab's parent %ld", o->ids.ppid, o->ids.status_ppid, o->parent.pid,
		    o->parent.ppid);
}

/* The thread pointer, the caller's sleep in vfork, the ids of a new user
 * namespace. */
static void
why_tls(struct why *w)
{
	const struct observation *o = w->o;

	if (o->tls_shared.v == 1)
		add(w, "tls", "shared.tls", "the child runs on the parent's TLS block: without CLONE_SETTLS "
		    "the thread pointer (FS base) is copied, and with CLONE_VM it points into the one "
		    "shared memory; errno and malloc's cache are then used by two tasks that glibc "
		    "believes are one thread, and stdio's locks take the child for their owner "
		    "(clonesh's functions use raw system calls for that reason)");
	else if (o->tls_shared.v == 0 && o->tp_same.v == 1)
		add(w, "tls", "shared.tls", "the same thread-pointer value: without CLONE_SETTLS the FS "
		    "base is copied, but without CLONE_VM it points into the child's own copy of the TLS "
		    "block, so nothing is shared");
	else if (o->tp_same.v == 0)
		add(w, "tls", "shared.tls", "the child has its own thread pointer: %s",
		    /* asked: the flag that explains the measured other pointer */
		    has(o, CLONE_SETTLS) ? "CLONE_SETTLS set its FS base to a TLS block of its own" :
		    "it changed it itself");
	if (o->ids.parent_state == 'D')
		add(w, "parent state", "ids.parent_state", "D: CLONE_VFORK holds the caller asleep inside "
		    "clone() until the child exits or calls execve%s", o->shared[SH_VM].v != 0 ? "" : " (without "
		    "CLONE_VM the child still has a copy-on-write address space)");
	if (o->ns[NS_USER].shared == 0 && o->effects_measured && o->ids.uid_start >= 0)
		add(w, "uid", "ids.child.uid_start ids.child.uid_after", "the child started as uid %ld, the "
		    "overflow uid of a new user namespace with no id map, and was uid %ld after clonesh "
		    "wrote its uid_map", o->ids.uid_start, o->ids.uid_after);
}

/* The words the kernel writes for CLONE_PARENT_SETTID, CLONE_CHILD_SETTID
 * and CLONE_CHILD_CLEARTID, and the pidfd. */
static void
why_tid_words(struct why *w)
{
	const struct observation *o = w->o;

	/* asked: each tid word exists only when its flag was asked */
	if (o->tids.measured && o->tids.ptid_parent >= 0 && has(o, CLONE_PARENT_SETTID))
		add(w, "CLONE_PARENT_SETTID", "effects.tids.parent_settid_word", "CLONE_PARENT_SETTID: the kernel "
		    "wrote the child's tid %ld into the parent's word before clone() returned",
		    o->tids.ptid_parent);
	if (o->tids.measured && o->tids.ctid_parent >= 0 && has(o, CLONE_CHILD_SETTID))	/* asked: as above */
		add(w, "CLONE_CHILD_SETTID", "effects.tids.child_settid_word_in_child "
		    "effects.tids.child_settid_word_in_parent", "CLONE_CHILD_SETTID: the kernel wrote the "
		    "tid into the child's memory (the child reads %ld, the parent %ld): %s",
		    o->tids.ctid_child, o->tids.ctid_parent, o->shared[SH_VM].v == 1 ? "with CLONE_VM that is the "
		    "parent's memory too" : "without CLONE_VM the parent's copy of the word is untouched");
	if (o->tids.measured && has(o, CLONE_CHILD_CLEARTID))	/* asked: as above */
		add(w, "CLONE_CHILD_CLEARTID", "effects.tids.cleartid_word_after_exit", "CLONE_CHILD_CLEARTID: %s; "
		    "the parent's word is %ld after the exit%s", o->shared[SH_VM].v == 1 ? "at exit the kernel "
		    "wrote 0 to the child's word and woke its futex" : "at exit the kernel clears the word "
		    "and wakes its futex only while another task still uses the child's address space: a "
		    "child with one of its own has its word left as it was", o->tids.ctid_after_exit, o->shared[SH_VM].v == 1 ?
		    " (one memory: this is how pthread_join learns a thread ended)" : " (the parent's own "
		    "word, which the child never wrote)");
	if (o->tids.pidfd >= 0)
		add(w, "CLONE_PIDFD", "effects.tids.pidfd effects.tids.pidfd_pid", "CLONE_PIDFD gave the parent fd "
		    "%d, a pidfd naming the child (fdinfo Pid: %ld); it can be polled and waited for with "
		    "waitid(P_PIDFD)", o->tids.pidfd, o->tids.pidfd_pid);
}

/* What getpid(), gettid(), the thread group and the parent say, then the
 * thread pointer and the tid words. */
static void
why_ids(struct why *w)
{
	const struct observation *o = w->o;
	bool thread = observation_child_is_thread(o);
	bool newpid = observation_child_new_pidns(o);

	if (o->reached < PHASE_STARTED) {
		add(w, "ids", "ids", "not measured: the child never started (%s)", phase_name(o->reached));
		return;
	}
	if (newpid)
		add(w, "pid", "ids.child.pid_self ids.child.pid_in_parent_ns", "the child is pid %ld in a new "
		    "pid namespace (CLONE_NEWPID): the first process of a pid namespace is its init, pid 1; "
		    "the parent knows it as %ld, what clone() returned", o->ids.pid_self,
		    o->ids.pid_in_parent_ns);
	else if (thread)
		add(w, "pid", "ids.child.pid_self ids.child.pid_in_parent_ns", "getpid() in the child returns "
		    "the parent's %ld: CLONE_THREAD put the child in the parent's thread group, and getpid() "
		    "returns the thread group's id; clone() returned its tid %ld", o->ids.pid_self,
		    o->ids.pid_in_parent_ns);
	else
		add(w, "pid", "ids.child.pid_self ids.child.pid_in_parent_ns", "the child has its own pid %ld, "
		    "what clone() returned: without CLONE_THREAD every child is a new process", o->ids.pid_self);
	add(w, "tid", "ids.child.tid", "every task has its own tid: %ld for the child, %ld for the "
	    "parent%s", o->ids.tid, o->parent.tid, thread ? "; in a thread group it is the only id that "
	    "tells them apart" : "");
	if (thread)
		add(w, "thread group", "ids.child.tgid ids.parent_threads", "tgid %ld, the parent's: "
		    "CLONE_THREAD makes the child a thread of the caller's process (the lab's Threads: is "
		    "%d); it sends no exit signal and cannot be waited for", o->ids.tgid, o->ids.threads);
	else
		add(w, "thread group", "ids.child.tgid ids.parent_threads", "tgid %ld, its own: without "
		    "CLONE_THREAD the child leads a new thread group", o->ids.tgid);

	why_ppid(w, thread, newpid);
	why_tls(w);
	why_tid_words(w);
}

/* --- the kcmp resources ------------------------------------------------------ */

/* "vm: shared: CLONE_VM was set, so ... (kcmp VM: same)", in the item. */
static struct why_item *
why_resource(struct why *w, enum share_kind k, const char *paths)
{
	const struct observation *o = w->o;
	const struct resource *r = &resources_table[k];
	const char *flag = flags_by_value(r->flag)->name;
	const struct tri *t = &o->shared[k];
	bool set = has(o, r->flag);	/* asked: compared with kcmp's answer below */
	struct why_item *it;

	if (t->v < 0)
		return add(w, r->name, paths, "not measured: %s", t->why[0] ? t->why :
		    "the child did not live long enough");
	/* The evidence: kcmp's answer, or what the parent saw where kcmp failed. */
	char ev[sizeof(t->why) + 40];
	if (t->by_behaviour)
		snprintf(ev, sizeof(ev), "%s", t->why);
	else
		snprintf(ev, sizeof(ev), "kcmp %s: %s", r->kcmp_name, t->v ? "same" : "different");
	if (t->v && set)
		it = add(w, r->name, paths, "shared: %s was set, so %s (%s)", flag, r->why_shared, ev);
	else if (!t->v && !set)
		it = add(w, r->name, paths, "copied: no %s, so %s (%s)", flag, r->why_copied, ev);
	else if (t->v && !t->by_behaviour)
		it = add(w, r->name, paths, "shared although %s was not set (%s): kcmp "
		    "compares pointers, so two objects that do not exist yet compare equal", flag, ev);
	else if (t->v)
		it = add(w, r->name, paths, "shared although %s was not set (%s)", flag, ev);
	else if (!t->by_behaviour)
		it = add(w, r->name, paths, "different although %s was set (%s): the child had "
		    "dropped it (a zombie compares different) or replaced it", flag, ev);
	else
		it = add(w, r->name, paths, "different although %s was set (%s)", flag, ev);
	if (r->why_trap)
		more(it, ". %s", r->why_trap);
	return it;
}

static void
why_memory(struct why *w)
{
	const struct observation *o = w->o;
	bool vm = o->shared[SH_VM].v == 1;

	struct why_item *it = why_resource(w, SH_VM, "shared.vm effects.global");
	if (o->global.measured && o->global.child_wrote_valid) {
		if (o->global.parent_sees == o->global.child_wrote && vm)
			more(it, "; the parent reads the child's %ld", o->global.parent_sees);
		else if (o->global.parent_sees == o->global.child_wrote)
			more(it, "; the parent reads %ld, which the child wrote into its copy too",
			    o->global.parent_sees);
		else
			more(it, "; the parent still reads %ld, the child's %ld went to %s", o->global.parent_sees,
			    o->global.child_wrote, vm ? "memory the parent then overwrote" : "its own copy");
	} else if (o->global.measured) {
		more(it, "; the child did not write the global, so the parent reads %ld as before",
		    o->global.parent_sees);
	}
	if (o->ids.parent_state == 'D' && o->shared[SH_VM].v == 0)
		more(it, " (CLONE_VFORK without CLONE_VM suspends the parent but still copies the memory)");

	if (o->heap.measured && o->heap.child_wrote_valid)
		add(w, "heap", "effects.heap", "the child wrote %ld into the word the lab malloc'd before the "
		    "clone, and the parent reads %ld: the heap is part of the address space, %s",
		    o->heap.child_wrote, o->heap.parent_sees, vm ? "one with CLONE_VM" :
		    "copied without CLONE_VM");
	if (o->mapping.addr)
		add(w, "mapping", "effects.mapping", "the child's new page at %#lx is %s the parent's "
		    "/proc/PID/maps: %s", o->mapping.addr, o->mapping.in_parent ? "in" : "not in",
		    o->mapping.in_parent ? "with CLONE_VM both use one memory map, so an mmap by either "
		    "maps for both" : "without CLONE_VM the child's mmap changed only its own copy of the "
		    "memory map");
	if (o->pages.measured) {
		it = add(w, "pages", "effects.pages", "the child wrote %d of the %d pages the lab had "
		    "written before the clone; the parent reads the new value in %d. ", o->pages.touched,
		    LAB_PAGES, o->pages.parent_changed);
		if (o->shared[SH_VM].v < 0)
			more(it, "One address space or two was not measured");
		else if (vm)
			more(it, "With CLONE_VM there is one address space: nothing is copied and no frame splits");
		else
			more(it, "Without CLONE_VM the pages are shared copy-on-write: each page the child writes "
			    "gets a private copy (a split), the rest stay shared until someone writes them");
		if (o->pages.shared_frames >= 0)
			more(it, ". Pagemap: %d frames shared, %d split; method: %s", o->pages.shared_frames,
			    o->pages.split_frames, o->pages.method);
		else
			more(it, ". Frames not measured: %s", o->pages.method);
	}
}

/* --- fds -------------------------------------------------------------------- */

static bool
fd_plain(const struct fd_obs *f, int same)
{
	return f->in_parent && f->in_child && !f->ofd_by_behaviour &&
	    (f->same_ofd == same || (same < 0 && f->same_ofd < 0)) &&
	    f->parent_pos <= 0 && f->child_pos <= 0 && f->fd <= LAB_FILE_FD;
}

static void
why_fd(struct why *w, const struct fd_obs *f)
{
	const struct observation *o = w->o;
	const struct tri *ft = &o->shared[SH_FILES];
	int files = ft->v;		/* one fd table: 1, two: 0, not measured: -1 */
	bool pidfd = o->tids.pidfd >= 0 && f->fd == o->tids.pidfd;
	bool opened = o->cfg.fn && o->cfg.fn->effect == EFFECT_NEW_FD && f->fd > LAB_FILE_FD;
	bool moved = f->parent_pos > 0 || f->child_pos > 0;
	char topic[24], path[48], fev[sizeof(ft->why) + 24];

	snprintf(topic, sizeof(topic), "fd %d", f->fd);
	snprintf(path, sizeof(path), "effects.fds[fd=%d]", f->fd);
	/* ... and the open file description's: kcmp, or the offset the child moved */
	char oev[96];
	if (f->ofd_by_behaviour)
		snprintf(oev, sizeof(oev), "by behaviour: the child moved its offset and the parent's %s",
		    f->same_ofd == 1 ? "moved with it" : "did not move");
	else
		snprintf(oev, sizeof(oev), "kcmp KCMP_FILE: %s", f->same_ofd == 1 ? "same" : "different");
	if (ft->by_behaviour)
		snprintf(fev, sizeof(fev), "%s", ft->why);
	else
		snprintf(fev, sizeof(fev), "kcmp FILES: %s", files == 1 ? "same" : "different");
	if (f->in_parent && f->in_child) {
		if (pidfd && files == 1)
			add(w, topic, path, "the pidfd is in both: CLONE_PIDFD installs it after the fd table is "
			    "copied, and CLONE_FILES shares the one table (%s)", fev);
		else if (opened && files == 1)
			add(w, topic, path, "%s is in the parent: the child opened it and CLONE_FILES shares one "
			    "fd table (%s)", topic, fev);
		else if (f->same_ofd < 0)
			add(w, topic, path, "in both; one open file description or two was not measured (kcmp "
			    "KCMP_FILE failed: %s)", strerror(f->ofd_errno ? f->ofd_errno : EINVAL));
		else if (opened && files == 0 && f->same_ofd == 1)
			add(w, topic, path, "%s is in the parent too, one open file description (%s), "
			    "although the child opened it into a copied table: the parent had it already",
			    topic, oev);
		else if (f->same_ofd == 1 && moved && files == 0)
			add(w, topic, path, "%s's offset moved in the parent (%ld) although the table is copied: "
			    "fork copies the table but both point to one open file description, which holds "
			    "the offset (%s)", topic, f->parent_pos, oev);
		else if (f->same_ofd == 1 && moved && files == 1)
			add(w, topic, path, "offset %ld in both: one fd table (CLONE_FILES), one open file "
			    "description, one offset (%s)", f->parent_pos, oev);
		else if (f->same_ofd == 1 && moved)
			add(w, topic, path, "offset %ld in both: one open file description, one offset (%s); "
			    "one fd table or two was not measured", f->parent_pos, oev);
		else if (f->same_ofd == 0)
			add(w, topic, path, "in both, but different open file descriptions (%s): the "
			    "child opened another file at the same number", oev);
		else
			add(w, topic, path, "in both, one open file description (%s)%s", oev,
			    files == 1 ? ": one shared fd table" : files == 0 ?
			    ": the child's table is a copy of the parent's" : "");
	} else if (f->in_child) {
		add(w, topic, path, "only in the child: %s into its own copy of the fd table (no "
		    "CLONE_FILES), so the parent's table did not change", opened ? "it opened it" :
		    "it appeared after the clone");
	} else if (f->in_parent) {
		if (pidfd)
			add(w, topic, path, "the pidfd is only in the parent: CLONE_PIDFD installs it after the "
			    "fd table is copied, so a child without CLONE_FILES does not have it");
		else
			add(w, topic, path, "closed in the child only: it closed its copy; the parent's table "
			    "is its own (no CLONE_FILES)");
	} else {
		add(w, topic, path, "closed in both: %s", files == 1 ? "the child closed it, and with CLONE_FILES "
		    "that is the parent's table too" : "neither table has it any more");
	}
}

static void
why_fds(struct why *w)
{
	const struct observation *o = w->o;

	why_resource(w, SH_FILES, "shared.files");
	if (!o->effects_measured)
		return;
	/* The fds every clone starts with, unchanged, in two groups: kcmp said
	 * one open file description each, or kcmp failed. */
	for (int same = 1; same >= -1; same -= 2) {
		char plain[128] = "", paths[160] = "";
		int errnum = 0;
		for (int i = 0; i < o->nfds; i++) {
			const struct fd_obs *f = &o->fds[i];
			if (fd_plain(f, same)) {
				str_append(plain, sizeof(plain), "%s%d", plain[0] ? " " : "", f->fd);
				str_append(paths, sizeof(paths), "%seffects.fds[fd=%d]", paths[0] ? " " : "",
				    f->fd);
				errnum = f->ofd_errno;
			}
		}
		bool many = strchr(plain, ' ') != NULL;
		if (!plain[0])
			continue;
		if (same == 1)
			add(w, many ? "fds" : "fd", paths, "%s %s %s in both, unchanged: every clone starts "
			    "with the parent's fds, pointing to the same open file descriptions (kcmp "
			    "KCMP_FILE: same), whether the table is %s", many ? "fds" : "fd", plain,
			    many ? "are" : "is", o->shared[SH_FILES].v == 1 ? "shared (CLONE_FILES) or copied" :
			    "copied (no CLONE_FILES) or shared");
		else
			add(w, many ? "fds" : "fd", paths, "%s %s %s in both, unchanged; whether %s the "
			    "parent's open file description%s was not measured (kcmp KCMP_FILE failed: %s)",
			    many ? "fds" : "fd", plain, many ? "are" : "is", many ? "each points to" :
			    "it points to", many ? "s" : "", strerror(errnum ? errnum : EINVAL));
	}
	for (int i = 0; i < o->nfds; i++)
		if (!fd_plain(&o->fds[i], 1) && !fd_plain(&o->fds[i], -1))
			why_fd(w, &o->fds[i]);
}

/* --- signals ---------------------------------------------------------------- */

static const char *
disp_word(enum disposition d)
{
	return d == DISP_HANDLER ? "a handler" : d == DISP_IGNORE ? "ignored" : "default";
}

static void
why_signals(struct why *w)
{
	const struct observation *o = w->o;
	bool shared = o->shared[SH_SIGHAND].v == 1;
	char name[32], pb[128] = "", cb[128] = "";

	struct why_item *it = why_resource(w, SH_SIGHAND, "shared.sighand");
	if (has(o, CLONE_CLEAR_SIGHAND))	/* asked: what the flag did; the rows measure it */
		more(it, "; CLONE_CLEAR_SIGHAND reset every caught signal to default in the child's copy, "
		    "and kept ignored ones ignored");
	if (!o->effects_measured)
		return;
	for (int i = 0; i < o->nsigs; i++) {
		const struct sig_obs *s = &o->sigs[i];
		char path[64];
		sig_name(s->sig, name, sizeof(name));
		snprintf(path, sizeof(path), "effects.signals[sig=%s]", name);
		if (s->parent_blocked)
			str_append(pb, sizeof(pb), "%s%s", pb[0] ? " " : "", name);
		if (s->child_blocked)
			str_append(cb, sizeof(cb), "%s%s", cb[0] ? " " : "", name);
		if (s->parent == DISP_DEFAULT && s->child == DISP_DEFAULT && s->sig != SIGCHLD)
			continue;
		if (s->sig == SIGCHLD && s->parent == DISP_IGNORE && observation_child_new_pidns(o) && shared)
			add(w, name, path, "ignored in the parent: the child was init of a new pid namespace "
			    "and shared the lab's handler table; when it exited the kernel set SIGCHLD to "
			    "ignored in that table, so the lab's children are reaped automatically and its "
			    "waitpid fails with ECHILD");
		else if (s->parent == DISP_DEFAULT && s->child == DISP_DEFAULT)
			add(w, name, path, "default in both: the exit signal a fork-like child sends its parent; "
			    "its default action does nothing (an explicit SIG_IGN would reap children "
			    "automatically)");
		else if (s->parent == s->child)
			add(w, name, path, "%s in both: %s", disp_word(s->parent), shared ? "the child set it "
			    /* asked: the flag behind the measured dispositions */
			    "in the one handler table CLONE_SIGHAND shares" : has(o, CLONE_CLEAR_SIGHAND) &&
			    s->parent == DISP_IGNORE ? "the lab ignored it before the clone, and "
			    "CLONE_CLEAR_SIGHAND keeps ignored signals ignored" : "the child's copy of the table "
			    "inherited it");
		else if (has(o, CLONE_CLEAR_SIGHAND) && s->child == DISP_DEFAULT)	/* asked: as above */
			add(w, name, path, "%s in the parent, default in the child: CLONE_CLEAR_SIGHAND reset the "
			    "caught signal in the child's copy of the table", disp_word(s->parent));
		else
			add(w, name, path, "%s in the child, %s in the parent: %s", disp_word(s->child),
			    disp_word(s->parent), shared ? "the tables differ although kcmp says shared" :
			    "the child changed its own copy of the handler table (no CLONE_SIGHAND)");
	}
	if (pb[0] || cb[0])
		add(w, "blocked mask", "effects.signals", "parent %s, child %s: each task has its own blocked "
		    "mask, never shared, not even with CLONE_SIGHAND or CLONE_THREAD (the comment in "
		    "<linux/sched.h> says otherwise; the kernel does not share it)", pb[0] ? pb : "none",
		    cb[0] ? cb : "none");
}

/* --- fs, io, sysvsem ------------------------------------------------------- */

/* What the child's ioprio_set did to the parent's priority, by the levels
 * read before and after it acted. */
static void
why_ioprio(struct why *w)
{
	const struct observation *o = w->o;
	int before = ioprio_be_level(o->ioprio.before), parent = ioprio_be_level(o->ioprio.parent),
	    child = ioprio_be_level(o->ioprio.child);

	if (!o->cfg.fn || o->cfg.fn->effect != EFFECT_IOPRIO || !o->effects_measured)
		return;
	if (before < 0 || parent < 0 || child < 0)
		add(w, "ioprio", "effects.ioprio", "not measured: ioprio_get() did not give a best-effort "
		    "level for the lab or the child");
	else if (parent != child)
		add(w, "ioprio", "effects.ioprio", "best-effort %d in the child, %d in the parent: the "
		    "child set the priority of an I/O context of its own (no CLONE_IO)", child, parent);
	else if (parent != before)
		add(w, "ioprio", "effects.ioprio", "best-effort %d in both, %d in the parent before: the "
		    "child's ioprio_set changed the parent's priority too, which lives in the one I/O "
		    "context they share (CLONE_IO)", parent, before);
	else
		add(w, "ioprio", "effects.ioprio", "best-effort %d in both, as before: the child set the "
		    "level the parent already had, which tells nothing", parent);
}

static void
why_fs(struct why *w)
{
	const struct observation *o = w->o;
	bool shared = o->shared[SH_FS].v == 1;
	bool chdir = o->cfg.fn && o->cfg.fn->effect == EFFECT_CWD;
	bool umask = o->cfg.fn && o->cfg.fn->effect == EFFECT_UMASK;

	why_resource(w, SH_FS, "shared.fs");
	if (o->effects_measured) {
		if (strcmp(o->cwd.parent, o->cwd.child) != 0)
			add(w, "cwd", "effects.cwd", "the child is in %s, the parent stays in %s: the child "
			    "changed its own copy of the fs information (no CLONE_FS)", o->cwd.child, o->cwd.parent);
		else if (chdir && shared)
			add(w, "cwd", "effects.cwd", "both are in %s: the child's chdir moved the parent too, "
			    "since CLONE_FS shares one cwd", o->cwd.parent);
		else
			add(w, "cwd", "effects.cwd", "%s in both: the child inherited it%s", o->cwd.parent,
			    chdir ? " and chdir went where it already was" : "");
		if (o->umask.parent != o->umask.child)
			add(w, "umask", "effects.umask", "%04o in the child, %04o in the parent: the child changed "
			    "its own copy (no CLONE_FS)", o->umask.child, o->umask.parent);
		else if (umask && shared)
			add(w, "umask", "effects.umask", "%04o in both: the child's umask changed the parent's "
			    "too, since CLONE_FS shares it", o->umask.parent);
		else
			add(w, "umask", "effects.umask", "%04o in both: the child inherited it", o->umask.parent);
	}
	why_resource(w, SH_IO, "shared.io");
	why_ioprio(w);
	why_resource(w, SH_SYSVSEM, "shared.sysvsem");
}

/* --- namespaces ------------------------------------------------------------- */

static void
why_ns(struct why *w)
{
	const struct observation *o = w->o;
	char same[96] = "", paths[160] = "";

	for (int i = 0; i < NS_COUNT; i++) {
		const struct namespace *n = &namespaces_table[i];
		if (o->ns[i].shared == 1 && !has(o, n->flag)) {	/* asked: with the measured inode */
			str_append(same, sizeof(same), "%s%s", same[0] ? " " : "", n->name);
			str_append(paths, sizeof(paths), "%snamespaces.%s", paths[0] ? " " : "", n->name);
		}
	}
	if (same[0])
		add(w, "namespaces", paths, "%s: the parent's (the same /proc/PID/ns inodes): a child stays in "
		    "its parent's namespaces unless a CLONE_NEW* flag makes a new one", same);
	for (int i = 0; i < NS_COUNT; i++) {
		const struct namespace *n = &namespaces_table[i];
		const char *flag = flags_by_value(n->flag)->name;
		char path[32];
		snprintf(path, sizeof(path), "namespaces.%s", n->name);
		bool set = has(o, n->flag);	/* asked: compared with the inodes below */
		if (o->ns[i].shared == 1 && !set)
			continue;
		if (o->ns[i].shared < 0)
			add(w, n->name, path, "not measured: /proc/PID/ns/%s could not be read", n->name);
		else if (o->ns[i].shared == 0 && set)
			add(w, n->name, path, "new: %s made %s namespace (%s:[%lu], the parent's is "
			    "[%lu]), so the child has %s", flag, n->a_what, n->name, o->ns[i].child,
			    o->ns[i].parent, n->gives);
		else if (o->ns[i].shared == 0)
			add(w, n->name, path, "different although %s was not set: the lab was already in "
			    "another %s namespace than the one it hands its children", flag, n->what);
		else
			add(w, n->name, path, "the parent's although %s was set: %s", flag,
			    i == NS_TIME && o->cfg.variant == VARIANT_CLONE ? "through clone() its bit is part "
			    "of the exit signal" : i == NS_TIME ? "a CLONE_VM child stays in the caller's time "
			    "namespace" : "the kernel did not make a new one");
	}
	if (o->effects_measured && strcmp(o->hostname.parent, o->hostname.child))
		add(w, "hostname", "effects.hostname", "the child's is %s, the parent's is still %s: %s",
		    o->hostname.child, o->hostname.parent, o->ns[NS_UTS].shared == 0 ? "a new UTS "
		    "namespace (CLONE_NEWUTS) has a hostname of its own" : "the two are in different UTS "
		    "namespaces");
	else if (o->effects_measured)
		add(w, "hostname", "effects.hostname", "%s in both: %s", o->hostname.parent,
		    o->ns[NS_UTS].shared == 0 ? "the new UTS namespace starts with a copy of the parent's "
		    "hostname, and the child did not change it" : "one UTS namespace, one hostname");
	if (o->effects_measured && strcmp(o->cgroup.parent, o->cgroup.child))
		add(w, "cgroup", "effects.cgroup", "the child sees %s, the parent %s: %s", o->cgroup.child,
		    /* asked: the flag behind the measured other cgroup */
		    o->cgroup.parent, has(o, CLONE_INTO_CGROUP) ? "CLONE_INTO_CGROUP started the child in "
		    "another cgroup" : has(o, CLONE_NEWCGROUP) ? /* asked: as above */
		    "CLONE_NEWCGROUP makes the child's current "
		    "cgroup the root of its view" : "the child moved");
}

/* --- stack and exit --------------------------------------------------------- */

static void
why_stack(struct why *w)
{
	const struct observation *o = w->o;
	char sz[32];

	size_format(o->stack.size ? o->stack.size : o->cfg.stack_size, sz, sizeof(sz));
	if (!o->stack.measured) {
		add(w, "stack", "stack", "not measured: the child never ran on it");
		return;
	}
	if (o->stack.overflow && o->stack.guard)
		add(w, "stack", "stack", "overflow: the child used its %s stack to the bottom (%zu bytes "
		    "written) and ran into the guard page, a PROT_NONE page just below it, so the kernel "
		    "killed it with SIGSEGV%s; a bigger stack (stack 1m) or a shallower recursion fixes it",
		    sz, o->stack.used, observation_child_is_thread(o) && o->lab_signal ? ", and with it the "
		    "whole thread group" : "");
	else if (o->stack.overflow)
		add(w, "stack", "stack", "overflow without a guard page: the child wrote %zu bytes below its "
		    "%s stack into whatever memory lies there (clonesh keeps 64 KiB of its own there); "
		    "nothing stops such a child, it corrupts memory silently%s", o->stack.below, sz,
		    o->exit.known && !o->exit.exited ? " until it reaches unmapped memory" : "");
	else
		add(w, "stack", "stack", "the child used %zu bytes of its %s stack (the high-water mark: clonesh painted "
		    "the stack before the clone and found the deepest changed byte)%s", o->stack.used, sz,
		    o->stack.guard ? "; a PROT_NONE guard page below it would stop an overflow" :
		    "; no guard page: an overflow would go unnoticed");
}

static void
why_exit(struct why *w)
{
	const struct observation *o = w->o;
	char name[32], es[32];
	struct why_item *it;
	/* The exit signal the kernel stored (field 38), not the one asked;
	 * through clone() a flag bit in the low byte changes it. */
	int xsig = o->ids.exit_signal_measured ? o->ids.exit_signal : -2;

	sig_name(xsig, es, sizeof(es));
	if (o->timed_out || o->interrupted)
		it = add(w, "end", "exit run", "%s", o->lab_note[0] ? o->lab_note : o->timed_out ?
		    "the timeout ended the experiment" : "the experiment was interrupted");
	else if (o->exit.known && o->exit.exited)
		it = add(w, "end", "exit", "the child exited %d: %s", o->exit.status, o->cfg.fn &&
		    o->cfg.fn->after == AFTER_EXEC ? "the program it executed ended with that status" :
		    "the function's return value became its exit status (glibc's clone wrapper calls "
		    "exit with it)");
	else if (o->exit.known) {
		sig_name(o->exit.signal, name, sizeof(name));
		it = add(w, "end", "exit", "the child was killed by %s%s: %s", name, o->exit.core ?
		    " (core dumped)" : "", o->stack.overflow ? "it overflowed its stack (see stack)" :
		    o->cfg.fn && o->cfg.fn->after == AFTER_CRASH ? "its function raised that fatal signal" :
		    "a fatal signal");
	} else if (observation_child_is_thread(o))
		it = add(w, "end", "exit", "the thread ended without an exit status: a CLONE_THREAD child "
		    "cannot be waited for, so nobody collects one");
	else
		it = add(w, "end", "exit", "no exit status was collected");
	if (o->lab_signal && !o->timed_out && !o->interrupted) {
		sig_name(o->lab_signal, name, sizeof(name));
		more(it, ". The lab (the parent) died of %s: %s", name, observation_child_is_thread(o) ?
		    "a fatal signal in one thread kills the whole thread group" :
		    o->lab_signal == xsig ? "it was the child's exit signal, and its default "
		    "action ends a parent that neither handles nor blocks it" : "see the notes");
	}
	if (!o->exit.waited_with[0])
		return;
	/* The lab's own words may already say why. */
	if (strstr(o->exit.waited_with, ": ") || strstr(o->exit.waited_with, " (") ||
	    strstr(o->exit.waited_with, "subreaper")) {
		add(w, "waited", "exit.waited_with", "%s", o->exit.waited_with);
		return;
	}
	it = add(w, "waited", "exit.waited_with", "%s: ", o->exit.waited_with);
	if (o->lab_signal && o->reached < PHASE_STARTED && o->ids.pid_in_parent_ns <= 0)
		more(it, "the lab died before clonesh saw a child start, and no clone() returned a pid: "
		    "there was no child to wait for");
	else if (o->lab_signal && !observation_child_is_thread(o))
		more(it, "the lab died first, so the kernel gave its child to clonesh, the subreaper, which "
		    "reaped it");
	else if (observation_child_is_thread(o))
		more(it, "a CLONE_THREAD child sends no exit signal and cannot be waited for, not even with "
		    "__WALL; CLONE_CHILD_CLEARTID and a futex, or /proc, tell when it ended");
	else if (o->parent.ppid > 0 && o->ids.status_ppid == o->parent.ppid)
		more(it, "with CLONE_PARENT the child is the lab's sibling, so the lab cannot wait for it "
		    "(ECHILD); clonesh, the lab's parent, is its parent");
	else if (xsig == -2)
		more(it, "the exit signal the kernel stored could not be read (/proc/PID/stat)");
	else if (xsig == SIGCHLD)
		more(it, "the exit signal is SIGCHLD, so this is a fork-like child: plain waitpid() sees it");
	else if (xsig == 0)
		more(it, "with no exit signal the parent is told nothing; a clone child like this one is "
		    "seen only by waitpid() with __WALL or __WCLONE");
	else
		more(it, "the exit signal is %s, not SIGCHLD, so this is a clone child: plain waitpid() "
		    "does not see it, __WALL or __WCLONE does", es);
}

static void
why_notes(struct why *w)
{
	const struct observation *o = w->o;

	/* A timeout, an interruption or the lab's death are told with the end. */
	if (o->clone_ok && o->lab_note[0] && !o->timed_out && !o->interrupted && !o->lab_signal)
		add(w, "lab", "run.lab_note", "%s", o->lab_note);
	for (int i = 0; i < o->nnotes; i++) {
		char path[32];
		snprintf(path, sizeof(path), "run.notes.%d", i);
		add(w, "note", path, "%s", o->notes[i]);
	}
	if (o->cfg.fn && o->cfg.fn->uses_stdio && o->tls_shared.v == 1) {
		char lock[512];
		add(w, "printf", "run.output", "the child called printf() into the parent's stdout buffer "
		    "(a global: CLONE_VM) on the parent's TLS (no CLONE_SETTLS): it worked this time, but "
		    "nothing would order it against a printf in the parent, as in the seed program, or "
		    "keep the two out of the buffer at once. %s A raw write(2) is safe", glibc_stdout_lock_text(lock, sizeof(lock)));
	}
}

static void
why_build(const struct observation *o, struct why *w)
{
	w->o = o;
	w->n = 0;
	why_clone(w);
	if (o->clone_ok) {
		why_ids(w);
		why_memory(w);
		why_fds(w);
		why_signals(w);
		why_fs(w);
		why_ns(w);
		why_stack(w);
		why_exit(w);
	}
	why_notes(w);
}

/* --- output ----------------------------------------------------------------- */

void
why_print(struct output *out, const char *text)
{
	out_wrapped(out, "", "    ", WHY_WIDTH, text);
}

void
why_explain(const struct observation *o, struct output *out)
{
	static struct why w;	/* large: not on the stack */
	char line[sizeof(w.items[0].topic) + sizeof(w.items[0].text) + 4];

	if (o->cost.measured) {
		out_printf(out, "why #%u: a cost, which made no clone of its own to explain: \"show\" "
		    "prints its figures\n", o->number);
		return;
	}
	why_build(o, &w);
	out_printf(out, "why #%u:\n", o->number);
	for (int i = 0; i < w.n; i++) {
		const struct why_item *it = &w.items[i];
		/* "fd 4 is in the parent: ..." names its topic itself. */
		if (str_prefix(it->text, it->topic))
			snprintf(line, sizeof(line), "%s", it->text);
		else
			snprintf(line, sizeof(line), "%s: %s", it->topic, it->text);
		why_print(out, line);
	}
}

/* Whether path is prefix or lies below it. */
static bool
path_under(const char *path, const char *prefix, size_t len)
{
	return strncmp(path, prefix, len) == 0 && (path[len] == '\0' || path[len] == '.' ||
	    path[len] == '[');
}

const char *
why_reason(const struct observation *o, const char *path, char *buf, size_t size)
{
	static struct why w;
	const struct why_item *best = NULL;
	size_t bestlen = 0;

	why_build(o, &w);
	for (int i = 0; i < w.n; i++) {
		const char *p = w.items[i].paths;
		while (*p) {
			size_t len = strcspn(p, " ");
			if (len > bestlen && path_under(path, p, len)) {
				best = &w.items[i];
				bestlen = len;
			}
			p += len;
			p += strspn(p, " ");
		}
	}
	if (!best)
		return NULL;
	snprintf(buf, size, "%s: %s", best->topic, best->text);
	return buf;
}
