#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kobjects.h"
#include "signals.h"
#include "util.h"

/* The objects the resources table does not hold: kcmp's KCMP_FILE compares
 * open file descriptions, and the thread group and the namespaces are
 * measured by ids and inodes, not by kcmp. */
static const char FILE_STRUCT[] = "file";
static const char SIGNAL_STRUCT[] = "signal_struct";
static const char NSPROXY_STRUCT[] = "nsproxy";
static const char USERNS_STRUCT[] = "user_namespace";

const char *
kobj_state_word(enum kobj_state s)
{
	switch (s) {
	case KS_PENDING: return "pending";
	case KS_SHARED: return "shared";
	case KS_COPIED: return "copied";
	case KS_NEW: return "new";
	case KS_UNKNOWN: return "not measured";
	case KS_PARENT_ONLY: return "parent only";
	case KS_CHILD_ONLY: return "child only";
	}
	return "";
}

bool
kobj_two(const struct kobject *k)
{
	return k->state == KS_COPIED || k->state == KS_NEW;
}

static void
text(char *dst, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
text(char *dst, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

#define PTEXT(k, ...) text((k)->parent, sizeof((k)->parent), __VA_ARGS__)
#define CTEXT(k, ...) text((k)->child, sizeof((k)->child), __VA_ARGS__)

static struct kobject *
obj_add(struct kgraph *g, enum kobj_kind kind, const char *name, const char *what)
{
	if (g->nobjs >= KOBJ_MAX)
		return NULL;
	struct kobject *k = &g->objs[g->nobjs++];
	memset(k, 0, sizeof(*k));
	k->kind = kind;
	k->name = name;
	k->what = what;
	k->fd = -1;
	k->state = KS_PENDING;
	return k;
}

/* A kcmp verdict as a state: pending until a reason says it failed. */
static void
tri_state(struct kobject *k, const struct tri *t)
{
	if (t->v < 0) {
		k->state = t->why[0] ? KS_UNKNOWN : KS_PENDING;
		str_copy(k->why, t->why, sizeof(k->why));
		return;
	}
	k->state = t->v ? KS_SHARED : KS_COPIED;
	k->by_behaviour = t->by_behaviour;
}

static struct kobject *
obj_kcmp(struct kgraph *g, const struct observation *o, enum kobj_kind kind, enum share_kind sh)
{
	struct kobject *k = obj_add(g, kind, resources_table[sh].kstruct, resources_table[sh].what);
	if (k && g->child.present)
		tri_state(k, &o->shared[sh]);
	return k;
}

/* "9.8 MiB" of a VmSize: in KiB, "" when it was not read. */
static void
mm_size(long kb, char *buf, size_t size)
{
	if (kb < 0)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%.1f MiB", (double)kb / 1024);
}

/* The address space: its size (VmSize:) and the global's value as each
 * side read it. */
static void
obj_mm(struct kgraph *g, const struct observation *o)
{
	struct kobject *k = obj_kcmp(g, o, KO_MM, SH_VM);
	if (!k || !g->child.present)
		return;
	char ps[24], cs[24];
	mm_size(o->vm_kb.parent, ps, sizeof(ps));
	mm_size(o->vm_kb.child, cs, sizeof(cs));
	const char *psep = ps[0] ? ", " : "", *csep = cs[0] ? ", " : "";
	if (!o->global.measured) {
		PTEXT(k, "%s", ps);
		CTEXT(k, "%s", cs);
	} else if (k->state == KS_SHARED && o->global.child_wrote_valid) {
		PTEXT(k, "%s%sglobal = %ld (child wrote %ld)", ps, psep, o->global.parent_sees,
		    o->global.child_wrote);
	} else {
		PTEXT(k, "%s%sglobal = %ld", ps, psep, o->global.parent_sees);
		if (o->global.child_wrote_valid)
			CTEXT(k, "%s%sglobal = %ld", cs, csep, o->global.child_wrote);
		else
			CTEXT(k, "%s%sglobal: not written", cs, csep);
	}
}

/* An fdinfo pos:, "?" when it was not read. */
static void
offset(long pos, char *buf, size_t size)
{
	if (pos < 0)
		snprintf(buf, size, "?");
	else
		snprintf(buf, size, "%ld", pos);
}

/* The fd table: the numbers each side has; then each open file
 * description, by kcmp KCMP_FILE on the fd both have. */
static void
obj_files(struct kgraph *g, const struct observation *o)
{
	struct kobject *k = obj_kcmp(g, o, KO_FILES, SH_FILES);
	if (!k)
		return;
	for (int i = 0; i < o->nfds; i++) {
		if (o->fds[i].in_parent)
			str_append(k->parent, sizeof(k->parent), "%s%d", k->parent[0] ? " " : "fds ",
			    o->fds[i].fd);
		if (o->fds[i].in_child && g->child.present)
			str_append(k->child, sizeof(k->child), "%s%d", k->child[0] ? " " : "fds ",
			    o->fds[i].fd);
	}
	if (!g->child.present)
		return;
	if (o->fds_why[0]) {
		struct kobject *f = obj_add(g, KO_FILE, FILE_STRUCT, "open file description");
		if (f) {
			f->state = KS_UNKNOWN;
			str_copy(f->why, o->fds_why, sizeof(f->why));
			g->nfiles++;
		}
		return;
	}
	for (int i = 0; i < o->nfds; i++) {
		const struct fd_obs *d = &o->fds[i];
		if (!d->in_parent && !d->in_child)
			continue;
		struct kobject *f = obj_add(g, KO_FILE, FILE_STRUCT, "open file description");
		if (!f)
			return;
		g->nfiles++;
		f->fd = d->fd;
		char po[24], co[24], t[40];
		offset(d->parent_pos, po, sizeof(po));
		offset(d->child_pos, co, sizeof(co));
		const char *target = d->target;
		if (str_prefix(target, "/memfd:") && str_suffix(target, " (deleted)")) {
			snprintf(t, sizeof(t), "memfd:%.*s", (int)(strlen(target) - 17), target + 7);
			target = t;
		}
		if (d->in_parent && d->in_child) {
			f->state = d->same_ofd == 1 ? KS_SHARED : d->same_ofd == 0 ? KS_COPIED : KS_UNKNOWN;
			f->by_behaviour = d->ofd_by_behaviour;
			if (f->state == KS_UNKNOWN)
				text(f->why, sizeof(f->why), "kcmp KCMP_FILE: %s", d->ofd_errno ?
				    errno_name(d->ofd_errno) : "not made");
		} else {
			f->state = d->in_parent ? KS_PARENT_ONLY : KS_CHILD_ONLY;
		}
		/* One description has one offset: both read it from fdinfo. */
		if (f->state == KS_SHARED && d->parent_pos != d->child_pos)
			PTEXT(f, "%s pos %s/%s", target, po, co);
		else
			PTEXT(f, "%s pos %s", target, d->in_parent ? po : co);
		CTEXT(f, "%s pos %s", target, co);
	}
}

static void
obj_fs(struct kgraph *g, const struct observation *o)
{
	struct kobject *k = obj_kcmp(g, o, KO_FS, SH_FS);
	if (!k || !g->child.present || !o->effects_measured)
		return;
	char pm[16] = "?", cm[16] = "?";
	if (o->umask.parent >= 0)
		snprintf(pm, sizeof(pm), "%04o", (unsigned)o->umask.parent);
	if (o->umask.child >= 0)
		snprintf(cm, sizeof(cm), "%04o", (unsigned)o->umask.child);
	PTEXT(k, "cwd %s umask %s", o->cwd.parent[0] ? o->cwd.parent : "?", pm);
	CTEXT(k, "cwd %s umask %s", o->cwd.child[0] ? o->cwd.child : "?", cm);
}

/* The handlers: the signals whose disposition is not the default. */
static void
obj_sighand(struct kgraph *g, const struct observation *o)
{
	struct kobject *k = obj_kcmp(g, o, KO_SIGHAND, SH_SIGHAND);
	/* SIGCHLD is always listed: none listed means not read yet. */
	if (!k || !g->child.present || o->nsigs == 0)
		return;
	char name[32];
	for (int i = 0; i < o->nsigs; i++) {
		const struct sig_obs *s = &o->sigs[i];
		signal_name(s->sig, name, sizeof(name));
		if (s->parent != DISP_DEFAULT)
			str_append(k->parent, sizeof(k->parent), "%s%s %s", k->parent[0] ? ", " : "",
			    name, disposition_name(s->parent));
		if (s->child != DISP_DEFAULT)
			str_append(k->child, sizeof(k->child), "%s%s %s", k->child[0] ? ", " : "",
			    name, disposition_name(s->child));
	}
	if (!k->parent[0])
		PTEXT(k, "all default");
	if (!k->child[0])
		CTEXT(k, "all default");
}

/* The thread group: the child's measured tgid is the lab's pid, or not. */
static void
obj_signal(struct kgraph *g, const struct observation *o)
{
	struct kobject *k = obj_add(g, KO_SIGNAL, SIGNAL_STRUCT, "thread group");
	if (!k)
		return;
	if (o->parent.pid > 0)
		PTEXT(k, "tgid %ld", o->parent.pid);
	if (!g->child.present)
		return;
	if (o->ids.tgid < 0) {
		k->state = KS_UNKNOWN;
		text(k->why, sizeof(k->why), "the child's tgid: /proc/PID/status unreadable");
		return;
	}
	if (g->child.thread) {
		k->state = KS_SHARED;
		PTEXT(k, "tgid %ld: tids %ld %ld", o->parent.pid, o->parent.tid, o->ids.tid);
	} else {
		k->state = KS_COPIED;
		CTEXT(k, "tgid %ld", o->ids.tgid);
	}
}

/* The namespaces an nsproxy holds: all but the user namespace, which the
 * task's credentials point to (include/linux/nsproxy.h). */
static bool
in_nsproxy(int ns)
{
	return ns != NS_USER;
}

/* The nsproxy: the inodes of /proc/PID/ns, the same or new.  The nsproxy
 * itself is no kcmp type: its namespaces are what is measured.  The kernel
 * gives a child its parent's nsproxy when it makes none of them new, and a
 * new one when it makes any (kernel/nsproxy.c, copy_namespaces), so the
 * same seven inodes are one nsproxy, and a new one holds the others the
 * parent's still has. */
static void
obj_nsproxy(struct kgraph *g, const struct observation *o)
{
	struct kobject *k = obj_add(g, KO_NSPROXY, NSPROXY_STRUCT, "namespaces");
	if (!k || !g->child.present)
		return;
	int same = 0, fresh = 0, unknown = 0;
	char list[KOBJ_TEXT] = "";
	for (int i = 0; i < NS_COUNT; i++) {
		if (!in_nsproxy(i))
			continue;
		if (o->ns[i].shared < 0) {
			unknown++;
			continue;
		}
		same += o->ns[i].shared == 1;
		if (o->ns[i].shared == 0) {
			fresh++;
			str_append(list, sizeof(list), "%s%s", list[0] ? " " : "", namespaces_table[i].name);
		}
	}
	if (fresh) {
		k->state = KS_NEW;
		PTEXT(k, "%d namespaces", same + fresh + unknown);
		CTEXT(k, "new: %s", list);
	} else if (unknown) {
		k->state = KS_UNKNOWN;
		for (int i = 0; i < NS_COUNT; i++)
			if (in_nsproxy(i) && o->ns[i].shared < 0)
				str_append(list, sizeof(list), "%s%s", list[0] ? " " : "", namespaces_table[i].name);
		text(k->why, sizeof(k->why), "/proc/PID/ns unreadable: %s", list);
	} else {
		k->state = KS_SHARED;
		PTEXT(k, "the same %d namespaces", same);
	}
}

/* The user namespace, which each task's credentials point to (not the
 * nsproxy): one object when its inode is the same, the child's new one
 * when it differs. */
static void
obj_userns(struct kgraph *g, const struct observation *o)
{
	struct kobject *k = obj_add(g, KO_USERNS, USERNS_STRUCT, "user namespace, from the cred");
	if (!k || !g->child.present)
		return;
	switch (o->ns[NS_USER].shared) {
	case 1:
		k->state = KS_SHARED;
		PTEXT(k, "the same user namespace");
		break;
	case 0:
		k->state = KS_NEW;
		PTEXT(k, "the parent's user namespace");
		CTEXT(k, "new: user");
		break;
	default:
		k->state = KS_UNKNOWN;
		text(k->why, sizeof(k->why), "/proc/PID/ns unreadable: user");
		break;
	}
}

/* The I/O context: the I/O priority it holds, as each side read it. */
static void
obj_io(struct kgraph *g, const struct observation *o)
{
	struct kobject *k = obj_kcmp(g, o, KO_IO, SH_IO);
	if (!k || !g->child.present)
		return;
	if (o->ioprio.parent >= 0)
		PTEXT(k, "ioprio class %d level %d", o->ioprio.parent >> 13, o->ioprio.parent & 0xff);
	if (o->ioprio.child >= 0)
		CTEXT(k, "ioprio class %d level %d", o->ioprio.child >> 13, o->ioprio.child & 0xff);
}

void
kgraph_build(const struct observation *o, enum phase phase, struct kgraph *g)
{
	memset(g, 0, sizeof(*g));
	g->phase = phase;
	if (!o)
		return;
	g->clone_ok = o->clone_ok;
	g->traced = o->traced;
	g->parent.present = true;
	g->parent.pid = o->parent.pid;
	g->parent.tid = o->parent.tid;
	g->parent.tgid = o->parent.pid;
	g->child.pid = g->child.tid = g->child.tgid = -1;
	/* Refused: no child, and nothing of the parent's the call was about. */
	if (!o->clone_ok) {
		str_copy(g->refused, o->clone_errno ? errno_name(o->clone_errno) : "the lab failed",
		    sizeof(g->refused));
		return;
	}
	if (phase >= PHASE_STARTED) {
		g->child.present = true;
		g->child.pid = o->ids.pid_in_parent_ns;
		g->child.tid = o->ids.tid;
		g->child.pid_inside = o->ids.pid_self;
		g->child.tgid = o->ids.tgid;
		g->child.thread = observation_child_is_thread(o);
	}
	obj_mm(g, o);
	obj_files(g, o);
	obj_fs(g, o);
	obj_sighand(g, o);
	obj_signal(g, o);
	obj_nsproxy(g, o);
	obj_userns(g, o);
	obj_io(g, o);
	obj_kcmp(g, o, KO_SYSVSEM, SH_SYSVSEM);
}
