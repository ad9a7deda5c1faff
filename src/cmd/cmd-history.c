#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "experiment.h"
#include "flags.h"
#include "history.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "util.h"

/* How the experiment ended, in a few words: "exited 0", "refused EINVAL". */
static const char *
outcome_end(const struct observation *o, char *buf, size_t len)
{
	char sig[32];

	if (!o->clone_ok)
		snprintf(buf, len, "refused %s%s", o->clone_errno ? strerrorname_np(o->clone_errno) :
		    "(lab error)", o->forced ? " (forced)" : "");
	else if (o->timed_out)
		snprintf(buf, len, "timed out");
	else if (o->interrupted)
		snprintf(buf, len, "interrupted");
	else if (o->exit.known && o->exit.exited)
		snprintf(buf, len, "exited %d", o->exit.status);
	else if (o->exit.known)
		snprintf(buf, len, "killed by %s", signal_name(o->exit.signal, sig, sizeof(sig)));
	else if (o->reached == PHASE_EXITED && observation_child_is_thread(o))
		snprintf(buf, len, "thread ended");
	else
		snprintf(buf, len, "end not seen (%s)", phase_name(o->reached));
	if (o->lab_signal)
		str_append(buf, len, ", lab died of %s", signal_name(o->lab_signal, sig, sizeof(sig)));
	if (o->stack.overflow)
		str_append(buf, len, ", stack overflow");
	return buf;
}

/* The settings of an experiment on one line: "clone CLONE_VM|SIGCHLD, stack 64k, fn hello". */
static const char *
settings_line(const struct experiment *e, char *buf, size_t len)
{
	char fl[512], sz[32], fn[FN_MAX_ARGS * FN_ARG_LEN + 64];

	snprintf(buf, len, "%s %s, stack %s%s, fn %s", variant_name(e->variant),
	    flags_format(e->flags, e->exit_signal, fl, sizeof(fl)),	/* asked: the settings */
	    size_format(e->stack_size, sz, sizeof(sz)), e->guard ? "" : " (no guard)",
	    cmd_fn_describe(e, fn, sizeof(fn)));
	return buf;
}

int
cmd_history(struct session *s, int argc, char **argv)
{
	char set[FN_MAX_ARGS * FN_ARG_LEN + 1024], end[256];

	unsigned int oldest = history_oldest(s);
	if (oldest == 0) {
		out_printf(s->out, "history: no experiments yet\n");
		return 0;
	}
	if (history_dropped(s))
		out_printf(s->out, "(%u older experiment%s no longer kept: the last %d are)\n",
		    history_dropped(s), history_dropped(s) == 1 ? " is" : "s are", HISTORY_KEEP);
	for (unsigned int n = oldest; n <= s->nexperiments; n++) {
		const struct observation *o = history_observation(s, n);
		if (!o)
			continue;
		outcome_end(o, end, sizeof(end));
		if (o->clone_ok) {
			const char *sep = "; shared";
			for (int k = 0; k < SH_COUNT; k++)
				if (o->shared[k].v == 1) {
					str_append(end, sizeof(end), "%s %s", sep, resources_table[k].name);
					sep = "";
				}
			if (*sep)
				str_append(end, sizeof(end), "; shared nothing");
		}
		out_printf(s->out, "#%-3u %s → %s\n", n, settings_line(&o->cfg, set, sizeof(set)), end);
	}
	return 0;
}

/* --- compare ------------------------------------------------------------- */

#define VAL_LEN 160

struct row {
	char name[24];		/* "" for a group heading */
	char group[24];
	char a[VAL_LEN], b[VAL_LEN];
};

struct table {
	struct row *rows;
	size_t n, cap;
};

static struct row *
table_add(struct table *t, const char *name)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct row *r = realloc(t->rows, cap * sizeof(*r));
		if (!r)
			return NULL;
		t->rows = r;
		t->cap = cap;
	}
	struct row *r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	str_copy(r->name, name, sizeof(r->name));
	return r;
}

static void
table_group(struct table *t, const char *group)
{
	struct row *r = table_add(t, "");
	if (r)
		str_copy(r->group, group, sizeof(r->group));
}

/* One row: fill(o, buf, len) writes the value for each observation. */
typedef void (*row_fill)(const struct observation *o, int arg, char *buf, size_t len);

static void
table_row(struct table *t, const char *name, const struct observation *a,
    const struct observation *b, row_fill fill, int arg)
{
	struct row *r = table_add(t, name);
	if (!r)
		return;
	fill(a, arg, r->a, sizeof(r->a));
	fill(b, arg, r->b, sizeof(r->b));
}

/* Columns on the terminal: UTF-8 continuation bytes take none. */
static size_t
text_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

static void
fill_variant(const struct observation *o, int arg, char *buf, size_t len)
{
	str_copy(buf, variant_name(o->cfg.variant), len);
}

static void
fill_flags(const struct observation *o, int arg, char *buf, size_t len)
{
	/* asked: the flags row of compare shows what was asked */
	if (o->cfg.flags == 0)
		str_copy(buf, "none", len);
	else	/* asked: as above */
		flags_format(o->cfg.flags, 0, buf, len);
}

static void
fill_signal(const struct observation *o, int arg, char *buf, size_t len)
{
	signal_name(o->cfg.exit_signal, buf, len);
}

static void
fill_stack_cfg(const struct observation *o, int arg, char *buf, size_t len)
{
	char sz[32];
	snprintf(buf, len, "%s, guard %s", size_format(o->cfg.stack_size, sz, sizeof(sz)),
	    o->cfg.guard ? "on" : "off");
}

static void
fill_function(const struct observation *o, int arg, char *buf, size_t len)
{
	char fn[FN_MAX_ARGS * FN_ARG_LEN + 64];
	str_copy(buf, cmd_fn_describe(&o->cfg, fn, sizeof(fn)), len);
}

static void
fill_clone(const struct observation *o, int arg, char *buf, size_t len)
{
	if (o->clone_ok)
		snprintf(buf, len, "accepted%s", o->forced ? " (forced)" : "");
	else
		outcome_end(o, buf, len);
}

static const char *
tri_word(int v, const char *yes, const char *no)
{
	return v < 0 ? "not measured" : v ? yes : no;
}

static void
fill_shared(const struct observation *o, int k, char *buf, size_t len)
{
	if (!o->clone_ok)
		str_copy(buf, "-", len);
	else if (k == SH_COUNT)
		str_copy(buf, tri_word(o->tls_shared.v, "shared", "own"), len);
	else
		str_copy(buf, tri_word(o->shared[k].v, "shared", "copied"), len);
}

static void
fill_ns(const struct observation *o, int k, char *buf, size_t len)
{
	str_copy(buf, !o->clone_ok ? "-" : tri_word(o->ns[k].shared, "same", "new"), len);
}

static bool
started(const struct observation *o)
{
	return o->clone_ok && o->reached >= PHASE_STARTED;
}

/* The ids as relations to the parent, so two runs with other pids compare. */
static void
fill_pid(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!started(o))
		str_copy(buf, "-", len);
	else if (o->ids.pid_self == o->parent.pid)
		str_copy(buf, "= parent's pid", len);
	else if (o->ids.pid_self == 1)
		str_copy(buf, "1 (init of a new pid ns)", len);
	else
		str_copy(buf, "its own", len);
}

static void
fill_tid(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!started(o))
		str_copy(buf, "-", len);
	else if (o->ids.tid == o->ids.pid_self)
		str_copy(buf, "= its pid", len);
	else
		str_copy(buf, "its own (≠ its pid)", len);
}

static void
fill_tgid(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!started(o))
		str_copy(buf, "-", len);
	else if (o->ids.tgid < 0)
		str_copy(buf, "? not measured", len);
	else if (o->ids.tgid == o->parent.pid)
		str_copy(buf, "= parent's pid", len);
	else if (o->ids.tgid == o->ids.pid_in_parent_ns)
		str_copy(buf, "= its own tid", len);
	else
		str_copy(buf, "other", len);
}

static void
fill_ppid(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!started(o))
		str_copy(buf, "-", len);
	else if (o->ids.ppid == o->parent.pid)
		str_copy(buf, "= parent's pid", len);
	else if (o->ids.ppid == 0)
		str_copy(buf, "0 (parent outside its pid ns)", len);
	else if (o->ids.ppid < 0)
		str_copy(buf, "? not measured", len);
	else if (o->ids.ppid == o->parent.ppid)
		str_copy(buf, "= parent's parent (clonesh)", len);
	else
		str_copy(buf, "other", len);
}

static void
fill_threads(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!started(o))
		str_copy(buf, "-", len);
	else
		snprintf(buf, len, "%d", o->ids.threads);
}

static void
fill_pstate(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!started(o) || !o->ids.parent_state)
		str_copy(buf, "-", len);
	else
		snprintf(buf, len, "%c%s", o->ids.parent_state, o->ids.parent_state == 'D' ?
		    " (held in clone)" : "");
}

static void
fill_uid(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!o->effects_measured)
		str_copy(buf, "-", len);
	else if (o->ids.uid_start == o->ids.uid_after)
		snprintf(buf, len, "%ld", o->ids.uid_after);
	else
		snprintf(buf, len, "%ld, then %ld", o->ids.uid_start, o->ids.uid_after);
}

static void
fill_word(const struct observation *o, int heap, char *buf, size_t len)
{
	const __typeof__(o->global) *w = heap ? &o->heap : &o->global;
	if (!o->effects_measured || !w->measured)
		str_copy(buf, "-", len);
	else if (w->child_wrote_valid)
		snprintf(buf, len, "parent sees %ld (child wrote %ld)", w->parent_sees, w->child_wrote);
	else
		snprintf(buf, len, "%ld (not written)", w->parent_sees);
}

static void
fill_mapping(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!o->mapping.addr)
		str_copy(buf, "-", len);
	else
		str_copy(buf, !o->mapping.measured ? "not measured" : o->mapping.in_parent ?
		    "in the parent too" : "child only", len);
}

static const struct fd_obs *
find_fd(const struct observation *o, int fd)
{
	for (int i = 0; o->effects_measured && i < o->nfds; i++)
		if (o->fds[i].fd == fd)
			return &o->fds[i];
	return NULL;
}

static void
fill_fd(const struct observation *o, int fd, char *buf, size_t len)
{
	const struct fd_obs *f = find_fd(o, fd);
	if (!f) {
		str_copy(buf, "-", len);
		return;
	}
	if (f->in_parent && f->in_child)
		snprintf(buf, len, "both, %s", f->same_ofd == 1 ? "same file" : f->same_ofd == 0 ?
		    "different files" : "?");
	else
		str_copy(buf, f->in_parent ? "parent only" : f->in_child ? "child only" : "closed in both",
		    len);
	if (f->in_parent && f->in_child && f->parent_pos != f->child_pos)
		str_append(buf, len, ", offset %ld/%ld", f->parent_pos, f->child_pos);
	else if ((f->in_parent && f->parent_pos > 0) || (f->in_child && f->child_pos > 0))
		str_append(buf, len, ", offset %ld", f->in_parent ? f->parent_pos : f->child_pos);
}

static const struct sig_obs *
find_sig(const struct observation *o, int sig)
{
	for (int i = 0; o->effects_measured && i < o->nsigs; i++)
		if (o->sigs[i].sig == sig)
			return &o->sigs[i];
	return NULL;
}

static const char *
disp_word(enum disposition d, bool blocked, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", d == DISP_HANDLER ? "handler" : d == DISP_IGNORE ? "ignore" :
	    "default", blocked ? "+blocked" : "");
	return buf;
}

static void
fill_sig(const struct observation *o, int sig, char *buf, size_t len)
{
	const struct sig_obs *g = find_sig(o, sig);
	char p[32], c[32];
	if (!g)
		str_copy(buf, "-", len);
	else
		snprintf(buf, len, "parent %s, child %s", disp_word(g->parent, g->parent_blocked, p,
		    sizeof(p)), disp_word(g->child, g->child_blocked, c, sizeof(c)));
}

static void
pair(const char *p, const char *c, char *buf, size_t len)
{
	if (strcmp(p, c) == 0)
		snprintf(buf, len, "both %s", p);
	else
		snprintf(buf, len, "parent %s, child %s", p, c);
}

static void
fill_cwd(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!o->effects_measured)
		str_copy(buf, "-", len);
	else
		pair(o->cwd.parent, o->cwd.child, buf, len);
}

static void
fill_umask(const struct observation *o, int arg, char *buf, size_t len)
{
	char p[16], c[16];
	if (!o->effects_measured)
		str_copy(buf, "-", len);
	else {
		snprintf(p, sizeof(p), "%04o", o->umask.parent < 0 ? 0 : o->umask.parent);
		snprintf(c, sizeof(c), "%04o", o->umask.child < 0 ? 0 : o->umask.child);
		pair(p, c, buf, len);
	}
}

static void
fill_hostname(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!o->effects_measured)
		str_copy(buf, "-", len);
	else
		pair(o->hostname.parent, o->hostname.child, buf, len);
}

static void
fill_exit(const struct observation *o, int arg, char *buf, size_t len)
{
	if (!o->clone_ok)
		str_copy(buf, "-", len);
	else
		outcome_end(o, buf, len);
}

static void
fill_stack(const struct observation *o, int what, char *buf, size_t len)
{
	if (!o->stack.measured)
		str_copy(buf, "-", len);
	else if (what == 0)
		snprintf(buf, len, "%zu bytes", o->stack.used);
	else
		snprintf(buf, len, "%s%s", o->stack.overflow ? "yes" : "no", o->stack.below ?
		    ", wrote below the stack" : "");
}

/* Every field of the two observations that compare shows, in groups. */
static void
compare_rows(struct table *t, const struct observation *a, const struct observation *b)
{
	char name[24];

	table_group(t, "config");
	table_row(t, "variant", a, b, fill_variant, 0);
	table_row(t, "flags", a, b, fill_flags, 0);
	table_row(t, "exit signal", a, b, fill_signal, 0);
	table_row(t, "stack", a, b, fill_stack_cfg, 0);
	table_row(t, "fn", a, b, fill_function, 0);
	table_row(t, "clone", a, b, fill_clone, 0);
	table_group(t, "shared (kcmp)");
	for (int k = 0; k < SH_COUNT; k++)
		table_row(t, resources_table[k].name, a, b, fill_shared, k);
	table_row(t, "tls", a, b, fill_shared, SH_COUNT);
	table_group(t, "namespaces");
	for (int k = 0; k < NS_COUNT; k++)
		table_row(t, namespaces_table[k].name, a, b, fill_ns, k);
	table_group(t, "ids");
	table_row(t, "pid", a, b, fill_pid, 0);
	table_row(t, "tid", a, b, fill_tid, 0);
	table_row(t, "tgid", a, b, fill_tgid, 0);
	table_row(t, "ppid", a, b, fill_ppid, 0);
	table_row(t, "threads", a, b, fill_threads, 0);
	table_row(t, "parent state", a, b, fill_pstate, 0);
	table_row(t, "uid", a, b, fill_uid, 0);
	table_group(t, "memory");
	table_row(t, "global", a, b, fill_word, 0);
	table_row(t, "heap", a, b, fill_word, 1);
	if (a->mapping.addr || b->mapping.addr)
		table_row(t, "mapping", a, b, fill_mapping, 0);
	table_group(t, "fds");
	/* Every fd either observation lists, in order. */
	for (int fd = -1;;) {
		int next = -1;
		const struct observation *os[2] = { a, b };
		for (int j = 0; j < 2; j++)
			for (int i = 0; os[j]->effects_measured && i < os[j]->nfds; i++)
				if (os[j]->fds[i].fd > fd && (next < 0 || os[j]->fds[i].fd < next))
					next = os[j]->fds[i].fd;
		if (next < 0)
			break;
		snprintf(name, sizeof(name), "fd %d", next);
		table_row(t, name, a, b, fill_fd, next);
		fd = next;
	}
	table_group(t, "signals");
	for (int sig = 1; sig < 65; sig++)
		if (find_sig(a, sig) || find_sig(b, sig)) {
			signal_name(sig, name, sizeof(name));
			table_row(t, name, a, b, fill_sig, sig);
		}
	table_group(t, "fs");
	table_row(t, "cwd", a, b, fill_cwd, 0);
	table_row(t, "umask", a, b, fill_umask, 0);
	table_row(t, "hostname", a, b, fill_hostname, 0);
	table_group(t, "exit");
	table_row(t, "exit", a, b, fill_exit, 0);
	table_group(t, "stack");
	table_row(t, "used", a, b, fill_stack, 0);
	table_row(t, "overflow", a, b, fill_stack, 1);
}

static void
compare_print(struct session *s, const struct table *t, unsigned int na, unsigned int nb)
{
	size_t wname = 12, wa = 8;
	char ha[16], hb[16];

	for (size_t i = 0; i < t->n; i++) {
		const struct row *r = &t->rows[i];
		if (r->name[0] && text_width(r->name) > wname)
			wname = text_width(r->name);
		if (r->name[0] && text_width(r->a) > wa)
			wa = text_width(r->a);
	}
	if (wa > 40)
		wa = 40;
	snprintf(ha, sizeof(ha), "#%u", na);
	snprintf(hb, sizeof(hb), "#%u", nb);
	unsigned int ndiff = 0;
	out_printf(s->out, "compare: %s and %s (≠ marks a difference)\n", ha, hb);
	out_printf(s->out, "    %-*s  %-*s  %s\n", (int)wname, "", (int)wa, ha, hb);
	for (size_t i = 0; i < t->n; i++) {
		const struct row *r = &t->rows[i];
		if (!r->name[0]) {
			out_printf(s->out, "  %s\n", r->group);
			continue;
		}
		bool differ = strcmp(r->a, r->b) != 0;
		ndiff += differ;
		size_t pad = text_width(r->a) < wa ? wa - text_width(r->a) : 0;
		out_printf(s->out, "  %s %-*s  %s%*s  %s\n", differ ? "≠" : " ", (int)wname, r->name,
		    r->a, (int)pad, "", r->b);
	}
	if (ndiff == 0)
		out_printf(s->out, "  no differences\n");
	else
		out_printf(s->out, "  %u difference%s\n", ndiff, ndiff == 1 ? "" : "s");
}

/* Parses an experiment number ("3" or "#3") and finds it; reports why not. */
static const struct observation *
compare_find(struct session *s, const char *word)
{
	const char *p = word[0] == '#' ? word + 1 : word;
	char *end;
	char ran[64];

	if (s->nexperiments == 1)
		snprintf(ran, sizeof(ran), "only 1 ran");
	else
		snprintf(ran, sizeof(ran), "1 to %u ran", s->nexperiments);
	errno = 0;
	unsigned long n = *p >= '0' && *p <= '9' ? strtoul(p, &end, 10) : 0;
	if (!(*p >= '0' && *p <= '9') || *end || errno) {
		cmd_error(s, "compare: \"%s\" is not an experiment number (%s; \"history\" lists them)",
		    word, ran);
		return NULL;
	}
	if (n == 0 || n > s->nexperiments) {
		cmd_error(s, "compare: experiment %lu does not exist (%s)", n, ran);
		return NULL;
	}
	const struct observation *o = history_observation(s, (unsigned int)n);
	if (!o) {
		if (n < history_oldest(s))
			cmd_error(s, "compare: experiment %lu is no longer kept (the last %d are)", n,
			    HISTORY_KEEP);
		else
			cmd_error(s, "compare: experiment %lu is not kept", n);
	}
	return o;
}

int
cmd_compare(struct session *s, int argc, char **argv)
{
	if (argc > 3)
		return cmd_too_many(s, "compare");
	if (argc < 3)
		return cmd_error(s, "compare: needs two experiment numbers (usage: compare A B)");
	if (s->dry)
		return 0;
	if (s->nexperiments == 0 || history_oldest(s) == 0)
		return cmd_error(s, "compare: no experiments yet (spawn some first)");
	const struct observation *a = compare_find(s, argv[1]);
	if (!a)
		return -1;
	const struct observation *b = compare_find(s, argv[2]);
	if (!b)
		return -1;
	struct table t = { 0 };
	compare_rows(&t, a, b);
	compare_print(s, &t, a->number, b->number);
	free(t.rows);
	return 0;
}
