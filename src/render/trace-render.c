/* A trace in words and in JSON. */
#include "config.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "obs-json.h"
#include "observation.h"
#include "output.h"
#include "trace-model.h"
#include "trace-render.h"
#include "util.h"

/* Deeper than this, a fork chain is not indented further. */
#define TREE_DEPTH_MAX 24

const char *
trace_render_summary(const struct trace_event *ev, char *buf, size_t len)
{
	const struct trace_measure *m = &ev->m;
	char sh[128] = "", cp[128] = "", un[128] = "", nn[128] = "", nu[128] = "";
	const char *why = NULL;

	buf[0] = '\0';
	if (ev->kind == TRACE_ESCAPED) {
		str_copy(buf, "escaped the trace (CLONE_UNTRACED): the child was never stopped, nothing "
		    "measured", len);
		return buf;
	}
	/* Measured: /proc's Tgid of the child against the parent's. */
	if (m->ids.tgid > 0 && m->parent.pid > 0)
		str_append(buf, len, "%s", m->ids.tgid == m->parent.pid ? "a thread of the parent's group" :
		    "a process");
	for (int i = 0; i < SH_COUNT; i++) {
		if (m->shared[i].v == 1)
			str_append(sh, sizeof(sh), " %s", resources_table[i].name);
		else if (m->shared[i].v == 0)
			str_append(cp, sizeof(cp), " %s", resources_table[i].name);
		else {
			str_append(un, sizeof(un), " %s", resources_table[i].name);
			why = why ? why : m->shared[i].why;
		}
	}
	for (int i = 0; i < NS_COUNT; i++) {
		if (m->ns[i].shared == 0)
			str_append(nn, sizeof(nn), " %s", namespaces_table[i].name);
		else if (m->ns[i].shared < 0)
			str_append(nu, sizeof(nu), " %s", namespaces_table[i].name);
	}
	const char *sep = buf[0] ? " · " : "";
	str_append(buf, len, "%sshared:%s", sep, sh[0] ? sh : " none");
	if (cp[0])
		str_append(buf, len, " · copied:%s", cp);
	if (un[0])
		str_append(buf, len, " · ?%s (%s)", un, why ? why : "not measured");
	if (nn[0])
		str_append(buf, len, " · new namespaces:%s", nn);
	else if (!nu[0])
		str_append(buf, len, " · the parent's namespaces");
	if (nu[0])
		str_append(buf, len, " · namespaces ?:%s", nu);
	if (m->ids.parent_state == 'D')
		str_append(buf, len, " · the parent waited in D (asleep until the child execs or exits)");
	return buf;
}

const char *
trace_render_setuid(const struct trace_event *ev, char *buf, size_t len)
{
	if (ev->kind != TRACE_EXEC || !ev->setuid_file || ev->euid < 0 || ev->file_uid < 0)
		return NULL;
	if (ev->euid == ev->file_uid)
		snprintf(buf, len, "set-user-ID file of uid %ld: it runs as uid %ld, its owner (a tracer "
		    "with CAP_SYS_PTRACE lets the kernel grant it)", ev->file_uid, ev->euid);
	else
		snprintf(buf, len, "set-user-ID file of uid %ld, but it runs as uid %ld: under a tracer "
		    "without CAP_SYS_PTRACE the kernel runs it without its owner's privilege",
		    ev->file_uid, ev->euid);
	return buf;
}

static const char *
signame(int sig, char *buf, size_t len)
{
	return signal_name(sig, buf, len);
}

const char *
trace_render_end(const struct trace *t, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = t->n; i-- > 0; ) {
		if (t->ev[i].kind == TRACE_END) {
			if (t->ev[i].why != TEND_DONE)
				str_copy(buf, t->ev[i].note, len);
			break;
		}
	}
	return buf;
}

static void
indent(struct output *out, int depth)
{
	int d = depth < TREE_DEPTH_MAX ? depth : TREE_DEPTH_MAX;
	for (int i = 0; i < d; i++)
		out_write(out, "    ", 4);
}

static void render_task(const struct trace *t, long tid, int depth, size_t from, struct output *out);

static void
render_event(const struct trace *t, const struct trace_event *ev, int depth, struct output *out)
{
	char buf[1024], sig[32];

	switch (ev->kind) {
	case TRACE_CREATE:
	case TRACE_ESCAPED: {
		const char *site = trace_call_site(&ev->call);
		indent(out, depth);
		out_printf(out, "#%d %ld → %ld  %s\n", trace_creation_number(t, ev), ev->pid, ev->child,
		    trace_call_format(&ev->call, buf, sizeof(buf)));
		indent(out, depth);
		out_printf(out, "   %s%s%s\n", site ? site : "a call site clonesh does not know",
		    " · ", trace_render_summary(ev, buf, sizeof(buf)));
		/* The child's own events follow its creation. */
		render_task(t, ev->child, depth + 1, (size_t)(ev - t->ev) + 1, out);
		break;
	}
	case TRACE_EXEC:
		indent(out, depth);
		out_printf(out, "%ld exec %s (argv[0] %s)%s%s\n", ev->pid, ev->path[0] ? ev->path : "?",
		    ev->argv0[0] ? ev->argv0 : "?", ev->former ? ", replacing its thread group from thread " : "",
		    "");
		if (trace_render_setuid(ev, buf, sizeof(buf))) {
			indent(out, depth);
			out_printf(out, "   %s\n", buf);
		}
		break;
	case TRACE_EXIT:
		indent(out, depth);
		if (ev->exited)
			out_printf(out, "%ld exited %d\n", ev->pid, ev->status);
		else
			out_printf(out, "%ld killed by %s\n", ev->pid, signame(ev->signal, sig, sizeof(sig)));
		break;
	case TRACE_END:
		break;
	}
}

/* Task tid's events from index from on: what it made, ran and how it ended. */
static void
render_task(const struct trace *t, long tid, int depth, size_t from, struct output *out)
{
	for (size_t i = from; i < t->n; i++) {
		const struct trace_event *ev = &t->ev[i];
		if (ev->pid != tid || ev->kind == TRACE_END)
			continue;
		render_event(t, ev, depth, out);
		if (ev->kind == TRACE_EXIT)
			break;
	}
}

void
trace_render_tree(const struct trace *t, struct output *out)
{
	char buf[320];

	if (t->root > 0)
		render_task(t, t->root, 0, 0, out);
	/* Tasks of no creation seen (a thread that exec'd took the leader's id). */
	for (size_t i = 0; i < t->n; i++) {
		const struct trace_event *ev = &t->ev[i];
		if (ev->kind != TRACE_END && ev->pid != t->root && !trace_made(t, ev->pid) &&
		    ev->kind != TRACE_CREATE && ev->kind != TRACE_ESCAPED)
			render_event(t, ev, 0, out);
	}
	if (t->output_len) {
		out_printf(out, "output%s:\n", t->output_truncated ? " (truncated)" : "");
		out_lines(out, "   | ", t->output);
	}
	int n = t->ncreations;
	out_printf(out, "%d creation%s traced", n, n == 1 ? "" : "s");
	if (n)
		out_printf(out, "; \"trace show N\" shows creation N's observation (1 to %d)", n);
	out_printf(out, "\n");
	if (trace_render_end(t, buf, sizeof(buf))[0])
		out_printf(out, "trace: %s\n", buf);
}

static const char *
kevent_name(enum trace_kevent k)
{
	switch (k) {
	case TKEV_FORK: return "fork";
	case TKEV_VFORK: return "vfork";
	case TKEV_CLONE: return "clone";
	default: return NULL;
	}
}

static const char *
end_name(enum trace_end_why w)
{
	switch (w) {
	case TEND_DONE: return "done";
	case TEND_TIMEOUT: return "timeout";
	case TEND_INTERRUPTED: return "interrupted";
	case TEND_BOUND: return "bound";
	default: return "error";
	}
}

static void
json_event(const struct trace *t, const struct trace_event *ev, struct observation *o,
    struct output *out)
{
	struct json j;
	char buf[1024], sig[32];

	json_init(&j, out);
	json_begin_object(&j, NULL);
	switch (ev->kind) {
	case TRACE_CREATE:
	case TRACE_ESCAPED: {
		int n = trace_creation_number(t, ev);
		json_string(&j, "event", "creation");
		json_int(&j, "number", n);
		json_int(&j, "parent", ev->pid);
		json_int(&j, "child", ev->child);
		json_bool(&j, "escaped", ev->kind == TRACE_ESCAPED);
		json_string(&j, "ptrace_event", kevent_name(ev->kevent));
		json_string(&j, "call", trace_call_format(&ev->call, buf, sizeof(buf)));
		json_string(&j, "site", trace_call_site(&ev->call));
		json_string(&j, "summary", trace_render_summary(ev, buf, sizeof(buf)));
		trace_observation(t, ev, n, o);
		/* The observation's own object, as report --json writes it. */
		out_printf(out, ",\"observation\":");
		observation_json(o, out);
		break;
	}
	case TRACE_EXEC:
		json_string(&j, "event", "exec");
		json_int(&j, "pid", ev->pid);
		json_string(&j, "path", ev->path);
		json_string(&j, "argv0", ev->argv0);
		json_int_if(&j, "former", ev->former > 0, ev->former);
		json_bool(&j, "setuid_file", ev->setuid_file);
		json_int_if(&j, "file_uid", ev->file_uid >= 0, ev->file_uid);
		json_int_if(&j, "euid", ev->euid >= 0, ev->euid);
		break;
	case TRACE_EXIT:
		json_string(&j, "event", "exit");
		json_int(&j, "pid", ev->pid);
		json_bool(&j, "exited", ev->exited);
		json_int_if(&j, "status", ev->exited, ev->status);
		json_string(&j, "signal", ev->exited ? NULL : signame(ev->signal, sig, sizeof(sig)));
		break;
	case TRACE_END:
		if (t->output_len) {
			json_string(&j, "event", "output");
			out_printf(out, ",\"text\":");
			json_quote_to(out, t->output, t->output_len);
			json_bool(&j, "truncated", t->output_truncated);
			json_end_object(&j);
			out_printf(out, "\n");
			json_init(&j, out);
			json_begin_object(&j, NULL);
		}
		json_string(&j, "event", "end");
		json_string(&j, "why", end_name(ev->why));
		json_string(&j, "note", ev->note);
		json_int(&j, "creations", t->ncreations);
		break;
	}
	json_end_object(&j);
	out_printf(out, "\n");
}

void
trace_render_json(const struct trace *t, struct output *out)
{
	struct observation *o = malloc(sizeof(*o));
	if (!o)
		return;
	for (size_t i = 0; i < t->n; i++)
		json_event(t, &t->ev[i], o, out);
	free(o);
}
