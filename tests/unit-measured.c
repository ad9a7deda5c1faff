/* Verdicts and notes come from measurements, never from the configuration's
 * flags: observations built by hand whose flags say one thing and whose
 * measurements another, and observations with nothing measured.  The TLS
 * verdict from its two measurements, the ids' null, why's ppid and the
 * thread's end, lesson comparisons with null. */
#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "funcs.h"
#include "lesson.h"
#include "obs-json.h"
#include "obs-text.h"
#include "observation.h"
#include "output.h"
#include "tap.h"
#include "util.h"
#include "view.h"
#include "why.h"

/* A fork-like experiment that ran to its end: the lab 100 (clonesh 99), the child 101. */
static void
ran(struct observation *o)
{
	observation_init(o);
	o->number = 1;
	o->clone_ok = true;
	o->reached = PHASE_EXITED;
	o->parent.pid = o->parent.tid = 100;
	o->parent.ppid = 99;
	o->ids.pid_self = o->ids.tid = o->ids.tgid = 101;
	o->ids.pid_in_parent_ns = 101;
	o->ids.ppid = o->ids.status_ppid = 100;
	o->ids.threads = 1;
	for (int i = 0; i < SH_COUNT; i++)
		o->shared[i].v = 0;
	for (int i = 0; i < NS_COUNT; i++) {
		o->ns[i].shared = 1;
		o->ns[i].parent = o->ns[i].child = 4026531835UL + (unsigned long)i;
	}
	o->tp_same.v = 1;
	observation_tls_verdict(o);
	o->exit.known = true;
	o->exit.exited = true;
	str_copy(o->exit.waited_with, "waitpid(pid, __WALL) by the lab", sizeof(o->exit.waited_with));
}

static char *
render(const struct observation *o, void (*fn)(const struct observation *, struct output *))
{
	struct output_buffer b;
	struct output out;
	output_init_buffer(&out, &b);
	fn(o, &out);
	return b.buf ? b.buf : strdup("");
}

static void
why_fn(const struct observation *o, struct output *out)
{
	why_explain(o, out);
}

static void
json_fn(const struct observation *o, struct output *out)
{
	observation_json(o, out);
}

static void
summary_fn(const struct observation *o, struct output *out)
{
	observation_summary(o, out);
}

static void
show_ids_fn(const struct observation *o, struct output *out)
{
	observation_show(o, "ids", out);
}

static void
has(const char *text, const char *want, const char *name)
{
	ok(strstr(text, want) != NULL, "%s", name);
	if (!strstr(text, want))
		diag("wanted \"%s\" in:\n%s", want, text);
}

static void
lacks(const char *text, const char *unwanted, const char *name)
{
	ok(strstr(text, unwanted) == NULL, "%s", name);
	if (strstr(text, unwanted))
		diag("did not want \"%s\" in:\n%s", unwanted, text);
}

static enum verdict
verdict_of(const struct view *v, enum view_group g, const char *label)
{
	for (int i = 0; i < v->nrows; i++)
		if (v->rows[i].group == g && strcmp(v->rows[i].label, label) == 0)
			return v->rows[i].verdict;
	return (enum verdict)-1;
}

static void
test_tls(struct observation *o, struct view *v)
{
	char *t;

	ran(o);		/* the same pointer, two address spaces: a fork */
	is_int(o->tls_shared.v, 0, "same pointer, kcmp vm different: TLS not shared");
	view_build(o, PHASE_EXITED, v);
	is_int(verdict_of(v, VG_IDS, "TLS"), V_COPIED, "... the row says copied");
	t = render(o, show_ids_fn);
	has(t, "copied: the same address, in its own copy", "... show ids says so");
	lacks(t, "the child runs on the parent's TLS", "... and not that it runs on the parent's");
	free(t);
	t = render(o, json_fn);
	has(t, "\"tls\":false,\"thread_pointer_same\":true", "... JSON: tls false, same pointer");
	free(t);

	o->shared[SH_VM].v = 1;
	observation_tls_verdict(o);
	is_int(o->tls_shared.v, 1, "same pointer, one address space: shared");

	o->shared[SH_VM].v = -1;
	str_copy(o->shared[SH_VM].why, "kcmp vm failed: Operation not permitted", sizeof(o->shared[SH_VM].why));
	observation_tls_verdict(o);
	is_int(o->tls_shared.v, -1, "same pointer, vm not measured: not measured");
	has(o->tls_shared.why, "kcmp vm failed", "... with the reason");
	view_build(o, PHASE_EXITED, v);
	is_int(verdict_of(v, VG_IDS, "TLS"), V_UNKNOWN, "... the row is unknown, no verdict");
	t = render(o, json_fn);
	has(t, "\"tls\":null", "... JSON tls null");
	has(t, "\"tls\":\"one address space or two not measured", "... shared_why.tls says why");
	free(t);

	o->tp_same.v = 0;
	observation_tls_verdict(o);
	is_int(o->tls_shared.v, 0, "another pointer: its own TLS, whatever vm");
}

static void
test_null_ids(struct observation *o)
{
	observation_init(o);
	o->clone_ok = false;
	o->clone_errno = 22;
	char *t = render(o, json_fn);
	has(t, "\"parent\":{\"pid\":null,\"tid\":null,\"ppid\":null,\"uid\":null,\"gid\":null}",
	    "refused: the lab's ids are null");
	has(t, "\"child\":{\"pid_self\":null,\"tid\":null,\"tgid\":null,\"ppid\":null,\"status_ppid\":null,"
	    "\"pid_in_parent_ns\":null,\"uid_start\":null,\"uid_after\":null,\"exit_signal\":null}", "refused: the child's ids are null");
	lacks(t, "\"ppid\":0", "refused: no ppid 0");
	free(t);

	ran(o);
	o->ids.ppid = 0;	/* a real 0: the parent outside a new pid namespace */
	t = render(o, json_fn);
	has(t, "\"ppid\":0,", "a measured ppid 0 stays 0");
	free(t);
	o->ids.tgid = -1;
	t = render(o, show_ids_fn);
	has(t, "tgid (/proc)          100               ?", "show ids: an unmeasured tgid is ?");
	free(t);

	ok(!lesson_compare("null", OP_GT, "1"), "lesson: null > 1 is false");
	ok(!lesson_compare("null", OP_LE, "1"), "lesson: null <= 1 is false");
	ok(!lesson_compare("null", OP_EQ, "0"), "lesson: null == 0 is false");
	ok(lesson_compare("null", OP_EQ, "null"), "lesson: null == null");
	ok(lesson_compare("null", OP_NE, "0"), "lesson: null != 0");
}

/* The flags ask for one thing, the measurements say another: the words follow the measurements. */
static void
test_flags_contradicted(struct observation *o, struct view *v)
{
	char *t;

	/* Asked CLONE_THREAD, measured its own thread group, no status. */
	ran(o);
	o->cfg.flags = CLONE_THREAD | CLONE_VM | CLONE_SIGHAND;
	o->exit.known = false;
	o->exit.waited_with[0] = '\0';
	t = render(o, summary_fn);
	lacks(t, "a thread leaves no exit status", "summary: flags say thread, tgid says not: no thread words");
	free(t);
	t = render(o, why_fn);
	lacks(t, "the thread ended", "why: flags say thread, tgid says not: no thread end");
	free(t);
	/* Measured a thread (tgid = the lab), flags say nothing. */
	o->cfg.flags = 0;
	o->ids.tgid = 100;
	t = render(o, summary_fn);
	has(t, "a thread leaves no exit status", "summary: tgid is the lab's: a thread's end");
	free(t);

	/* ppid: asked CLONE_PARENT, the measured parent is the lab. */
	ran(o);
	o->cfg.flags = CLONE_PARENT;
	t = render(o, why_fn);
	has(t, "ppid: 100, the lab, which called clone()", "why ppid: the measured parent is the lab");
	free(t);
	/* No flags, but the measured parent is the lab's parent. */
	o->cfg.flags = 0;
	o->ids.ppid = o->ids.status_ppid = 99;
	t = render(o, why_fn);
	has(t, "ppid: 99, the lab's own parent (clonesh)", "why ppid: the measured parent is the lab's parent");
	free(t);
	/* Unmeasured ppid: says so. */
	o->ids.ppid = o->ids.status_ppid = -1;
	t = render(o, why_fn);
	has(t, "ppid: not measured", "why ppid: not measured");
	free(t);

	/* Asked CLONE_VM without SETTLS (a libc function), measured TLS not shared: no printf note. */
	ran(o);
	o->cfg.flags = CLONE_VM;
	o->cfg.fn = funcs_find("seed-hello");
	ok(o->cfg.fn && o->cfg.fn->uses_stdio, "seed-hello calls printf");
	t = render(o, why_fn);
	lacks(t, "printf() into the parent's stdout buffer", "why: no printf note when TLS measured not shared");
	free(t);
	o->shared[SH_VM].v = 1;
	observation_tls_verdict(o);
	t = render(o, why_fn);
	has(t, "printf: the child called printf() into the parent's stdout buffer",
	    "why: the printf note when TLS measured shared");
	free(t);
}

/* The child writes the value the word had: the parent reads it either way. */
static void
test_old_value(struct observation *o, struct view *v)
{
	ran(o);
	o->global.measured = o->global.child_wrote_valid = true;
	o->global.before = o->global.child_wrote = o->global.parent_sees = 7;
	view_build(o, PHASE_EXITED, v);
	is_int(verdict_of(v, VG_MEMORY, "global"), V_UNKNOWN, "the child wrote the old value: no verdict");
	o->global.child_wrote = o->global.parent_sees = 42;
	view_build(o, PHASE_EXITED, v);
	is_int(verdict_of(v, VG_MEMORY, "global"), V_SHARED, "the parent reads the new value: shared");
	o->global.parent_sees = 7;
	view_build(o, PHASE_EXITED, v);
	is_int(verdict_of(v, VG_MEMORY, "global"), V_COPIED, "the parent reads the old value: copied");
}

int
main(void)
{
	static struct observation o;
	static struct view v;

	test_tls(&o, &v);
	test_null_ids(&o);
	test_flags_contradicted(&o, &v);
	test_old_value(&o, &v);
	return done_testing();
}
