#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "flags.h"
#include "json.h"
#include "obs-json.h"
#include "observation.h"
#include "output.h"
#include "util.h"

/* The observation as JSON: report --json, and the paths lessons and
 * predictions look fields up by. */

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
		json_tri(&j, resources_table[i].name, o->shared[i].v);
	json_tri(&j, "tls", o->tls_shared.v);
	json_tri(&j, "thread_pointer_same", o->tp_same.v);
	json_end_object(&j);
	json_begin_object(&j, "shared_how");
	for (int i = 0; i < SH_COUNT; i++)
		if (o->shared[i].v >= 0)
			json_string(&j, resources_table[i].name, o->shared[i].by_behaviour ? "behaviour" : "kcmp");
	json_end_object(&j);
	json_begin_object(&j, "shared_why");
	for (int i = 0; i < SH_COUNT; i++)
		if (o->shared[i].v < 0 || o->shared[i].by_behaviour)
			json_string(&j, resources_table[i].name, o->shared[i].why[0] ? o->shared[i].why :
			    "not measured: the child never started");
	if (o->tls_shared.v < 0)
		json_string(&j, "tls", o->tls_shared.why[0] ? o->tls_shared.why :
		    "not measured: the child never started");
	json_end_object(&j);

	json_begin_object(&j, "namespaces");
	for (int i = 0; i < NS_COUNT; i++) {
		json_begin_object(&j, namespaces_table[i].name);
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
	json_string(&j, "child_set", o->err.child_called ? errno_name(o->err.child_set) : NULL);
	json_string(&j, "parent_sees", o->err.measured ? errno_name(o->err.parent_sees) : NULL);
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
		json_string(&j, "parent", disposition_name(s->parent));
		json_string(&j, "child", disposition_name(s->child));
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
