#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fields.h"
#include "flags.h"
#include "json.h"
#include "obs-json.h"
#include "observation.h"
#include "output.h"
#include "signals.h"
#include "util.h"

/* The observation as JSON: report --json, and the paths lessons and
 * predictions look fields up by.  The scalars are the field table's rows
 * (model/fields.c), written in its order; the arrays are its groups. */

static void
observation_write(const struct observation *o, struct json *jp);

/* The arrays and the object that are not one scalar a row of the field
 * table (fields.c): each writes its key, at the place its FT_GROUP row has
 * in the table.  A scalar with a literal key belongs in the table, not
 * here (tests/fields.sh checks that only group_* functions write one). */

static void
group_flags(struct json *j, const char *key, const struct observation *o)
{
	json_begin_array(j, key);
	for (size_t i = 0; i < flags_count; i++)	/* asked: config is what was asked */
		if (o->cfg.flags & flags_table[i].value)
			json_string(j, NULL, flags_table[i].name);
	json_end_array(j);
}

static void
group_args(struct json *j, const char *key, const struct observation *o)
{
	json_begin_array(j, key);
	for (int i = 0; i < o->cfg.argc; i++)
		json_string(j, NULL, o->cfg.argv[i]);
	json_end_array(j);
}

static void
group_notes(struct json *j, const char *key, const struct observation *o)
{
	json_begin_array(j, key);
	for (int i = 0; i < o->nnotes; i++)
		json_string(j, NULL, o->notes[i]);
	json_end_array(j);
}

static void
group_signal(struct json *j, const char *key, int sig)
{
	char name[32];
	if (sig)
		json_string(j, key, signal_name(sig, name, sizeof(name)));
	else
		json_null(j, key);
}

static void
group_children(struct json *j, const char *key, const struct observation *o)
{
	json_begin_array(j, key);
	for (int i = 0; i < o->nchildren; i++) {
		const struct child_obs *c = &o->children[i];
		char state[2] = { c->state ? c->state : '?', '\0' };
		json_begin_object(j, NULL);
		json_int_if(j, "tid", c->tid > 0, c->tid);
		json_int_if(j, "pid_self", c->pid_self > 0, c->pid_self);
		json_int_if(j, "tgid", c->tgid >= 0, c->tgid);
		json_int_if(j, "ppid", c->ppid >= 0, c->ppid);
		json_string(j, "state", state);
		json_int_if(j, "exit_status", c->exit_known && c->exited, c->status);
		group_signal(j, "exit_signal", c->exit_known ? c->signal : 0);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
group_pages(struct json *j, const char *key, const struct observation *o)
{
	if (!o->pages.measured) {
		json_null(j, key);
		return;
	}
	json_begin_object(j, key);
	json_int(j, "touched", o->pages.touched);
	json_int(j, "parent_changed", o->pages.parent_changed);
	json_int_if(j, "shared_frames", o->pages.shared_frames >= 0, o->pages.shared_frames);
	json_int_if(j, "split_frames", o->pages.split_frames >= 0, o->pages.split_frames);
	json_string(j, "method", o->pages.method);
	json_string(j, "before", o->pages.before[0] ? o->pages.before : NULL);
	json_string(j, "after", o->pages.after[0] ? o->pages.after : NULL);
	json_end_object(j);
}

/* The fds both tables hold, or null and why they could not be listed. */
static void
group_fds(struct json *j, const char *key, const struct observation *o)
{
	/* Not read (the child never acted, /proc unreadable): null, not []. */
	if (!o->effects_measured || o->fds_why[0]) {
		json_null(j, key);
		if (o->fds_why[0])
			json_string(j, "fds_why", o->fds_why);
		return;
	}
	json_begin_array(j, key);
	for (int i = 0; i < o->nfds; i++) {
		const struct fd_obs *f = &o->fds[i];
		json_begin_object(j, NULL);
		json_int(j, "fd", f->fd);
		json_bool(j, "in_parent", f->in_parent);
		json_bool(j, "in_child", f->in_child);
		json_tri(j, "same_ofd", f->same_ofd);
		json_string(j, "same_ofd_how", f->same_ofd < 0 ? NULL : f->ofd_by_behaviour ?
		    "behaviour" : "kcmp");
		if (f->same_ofd < 0 && f->in_parent && f->in_child)
			json_string(j, "same_ofd_why", f->ofd_errno ? strerror(f->ofd_errno) :
			    "kcmp file was not made");
		json_string(j, "target", f->target);
		json_int_if(j, "parent_pos", f->parent_pos >= 0, f->parent_pos);
		json_int_if(j, "child_pos", f->child_pos >= 0, f->child_pos);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
group_signals(struct json *j, const char *key, const struct observation *o)
{
	if (!o->effects_measured) {
		json_null(j, key);
		return;
	}
	json_begin_array(j, key);
	for (int i = 0; i < o->nsigs; i++) {
		const struct sig_obs *s = &o->sigs[i];
		json_begin_object(j, NULL);
		group_signal(j, "sig", s->sig);
		json_string(j, "parent", disposition_name(s->parent));
		json_string(j, "child", disposition_name(s->child));
		json_bool(j, "parent_blocked", s->parent_blocked);
		json_bool(j, "child_blocked", s->child_blocked);
		json_end_object(j);
	}
	json_end_array(j);
}

/* What `cost` measured (doc/observation.md, "cost"); nothing at all in an
 * observation that is not a cost's, so that a spawn's JSON has no "cost". */
static void
group_cost_time(struct json *j, const char *key, const struct cost_time *t)
{
	json_begin_object(j, key);
	json_int_if(j, "median_ns", t->median_ns >= 0, t->median_ns);
	json_int_if(j, "min_ns", t->min_ns >= 0, t->min_ns);
	json_int_if(j, "max_ns", t->max_ns >= 0, t->max_ns);
	json_string(j, "error", t->err ? t->call : NULL);
	json_string(j, "errno", t->err ? strerrorname_np(t->err) : NULL);
	json_end_object(j);
}

static void
group_cost(struct json *j, const char *key, const struct observation *o)
{
	const struct cost_result *c = &o->cost;
	if (!c->measured)
		return;
	json_begin_object(j, key);
	json_string(j, "timed", "from the call until it returned in the parent");
	json_int(j, "runs", c->runs);
	json_begin_array(j, "sizes");
	for (int i = 0; i < c->nsizes; i++) {
		const struct cost_size *z = &c->sizes[i];
		json_begin_object(j, NULL);
		json_int(j, "bytes", (long long)z->bytes);
		json_int(j, "pages", (long long)(z->bytes / 4096));
		json_int_if(j, "vm_pte_kb", z->vm_pte_kb >= 0, z->vm_pte_kb);
		json_int_if(j, "vm_rss_kb", z->vm_rss_kb >= 0, z->vm_rss_kb);
		for (int m = 0; m < COST_NMETHODS; m++)
			group_cost_time(j, cost_method_key(m), &z->t[m]);
		json_end_object(j);
	}
	json_end_array(j);
	long pte = cost_pte_percent(c);
	int most = cost_grows_most(c);
	json_int_if(j, "vm_pte_percent", pte >= 0, pte);
	json_string(j, "grows_most", most >= 0 ? cost_method_key(most) : NULL);
	long fv = cost_fork_vfork_percent(c);
	json_int_if(j, "fork_vfork_percent", fv >= 0, fv);
	json_string(j, "fork_vfork", cost_fork_vfork(c));
	for (int m = 0; m < COST_NMETHODS; m++) {
		long p = cost_percent(c, m);
		json_begin_object(j, cost_method_key(m));
		json_int_if(j, "percent", p >= 0, p);
		json_tri(j, "grows", cost_grows(c, m));
		json_string(j, "growth", cost_growth(c, m));
		json_end_object(j);
	}
	json_end_object(j);
}

static void (*const group_writers[FG_COUNT])(struct json *, const char *,
    const struct observation *) = {
	[FG_FLAGS] = group_flags, [FG_ARGS] = group_args, [FG_NOTES] = group_notes,
	[FG_CHILDREN] = group_children, [FG_PAGES] = group_pages, [FG_FDS] = group_fds,
	[FG_SIGNALS] = group_signals, [FG_COST] = group_cost,
};

/* One scalar of the table, under key. */
static void
write_field(struct json *j, const char *key, const struct observation *o, const struct field *f)
{
	struct field_value v;

	field_get(o, f, &v);
	if (!v.known) {
		json_null(j, key);
		return;
	}
	switch (f->type) {
	case FT_INT:
		json_int(j, key, v.n);
		break;
	case FT_BOOL: case FT_OK: case FT_SHARE: case FT_NS:
		json_bool(j, key, v.n != 0);
		break;
	default:
		json_string(j, key, v.s);
		break;
	}
}

/* Closes and opens objects so that the one open is path's parent ("a.b"
 * for "a.b.c"; open holds the path of the one open now, "" the top); the
 * key within it. */
static const char *
enter(struct json *j, char *open, size_t size, const char *path)
{
	const char *dot = strrchr(path, '.');
	size_t plen = dot ? (size_t)(dot - path) : 0;
	size_t olen = strlen(open);

	/* Up until open is path's parent or one of its ancestors. */
	while (olen && !(olen <= plen && strncmp(open, path, olen) == 0 &&
	    (olen == plen || path[olen] == '.'))) {
		json_end_object(j);
		char *up = strrchr(open, '.');
		olen = up ? (size_t)(up - open) : 0;
		open[olen] = '\0';
	}
	/* Down, one object a component. */
	while (olen < plen) {
		size_t start = olen ? olen + 1 : 0;
		const char *end = memchr(path + start, '.', plen - start);
		size_t stop = end ? (size_t)(end - path) : plen;
		char key[64];
		snprintf(key, sizeof(key), "%.*s", (int)(stop - start), path + start);
		json_begin_object(j, key);
		snprintf(open, size, "%.*s", (int)stop, path);
		olen = stop;
	}
	return dot ? dot + 1 : path;
}

void
observation_json(const struct observation *o, struct output *out)
{
	struct json j;
	json_init(&j, out);
	observation_write(o, &j);
}

void
observation_cost_json(const struct observation *o, struct output *out)
{
	struct json j;
	json_init(&j, out);
	json_begin_object(&j, NULL);
	group_cost(&j, "cost", o);
	json_end_object(&j);
}

void
observation_leaves(const struct observation *o, json_leaf_fn fn, void *data)
{
	struct json j;
	json_init(&j, NULL);
	json_set_leaf(&j, fn, data);
	observation_write(o, &j);
}

/* The one definition of the observation's vocabulary, the field table read
 * in its order: report --json prints it, and lessons look fields up by the
 * same paths. */
static void
observation_write(const struct observation *o, struct json *jp)
{
	struct json j = *jp;
	char open[128] = "";

	json_begin_object(&j, NULL);
	for (size_t i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];
		if (f->quiet && !field_present(o, f))
			continue;
		const char *key = enter(&j, open, sizeof(open), f->path);
		if (f->type == FT_GROUP)
			group_writers[f->group](&j, key, o);
		else if (field_present(o, f))
			write_field(&j, key, o, f);
	}
	enter(&j, open, sizeof(open), "");
	json_end_object(&j);
}
