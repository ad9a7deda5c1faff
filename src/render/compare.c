#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "experiment.h"
#include "fields.h"
#include "flags.h"
#include "observation.h"
#include "output.h"
#include "util.h"

const char *
compare_outcome(const struct observation *o, char *buf, size_t len)
{
	char sig[32];

	if (o->cost.measured)
		snprintf(buf, len, "cost measured");
	else if (!o->clone_ok)
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

#define VAL_LEN 160
#define COMPARE_ROWS_MAX 128	/* rows of the field table that compare shows, at most */

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

/* How compare tells one observation's field f (arg: an fd or a signal for
 * the rows of those groups). */
typedef void (*row_fill)(const struct observation *o, const struct field *f, int arg, char *buf,
    size_t len);

static void
table_row(struct table *t, const char *name, const struct observation *a,
    const struct observation *b, row_fill fill, const struct field *f, int arg)
{
	struct row *r = table_add(t, name);
	if (!r)
		return;
	fill(a, f, arg, r->a, sizeof(r->a));
	fill(b, f, arg, r->b, sizeof(r->b));
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
fill_variant(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	str_copy(buf, variant_name(o->cfg.variant), len);
}

static void
fill_flags(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	/* asked: the flags row of compare shows what was asked */
	if (o->cfg.flags == 0)
		str_copy(buf, "none", len);
	else	/* asked: as above */
		flags_format(o->cfg.flags, 0, buf, len);
}

static void
fill_signal(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	signal_name(o->cfg.exit_signal, buf, len);
}

static void
fill_stack_cfg(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	char sz[32];
	snprintf(buf, len, "%s, guard %s", size_format(o->cfg.stack_size, sz, sizeof(sz)),
	    o->cfg.guard ? "on" : "off");
}

static void
fill_function(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	char fn[FN_MAX_ARGS * FN_ARG_LEN + 64];
	str_copy(buf, experiment_fn_describe(&o->cfg, fn, sizeof(fn)), len);
}

static void
fill_clone(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (o->clone_ok)
		snprintf(buf, len, "accepted%s", o->forced ? " (forced)" : "");
	else
		compare_outcome(o, buf, len);
}

/* A verdict of the table (a tri-state), in compare's words. */
static void
verdict(const struct observation *o, const struct field *f, const char *yes, const char *no,
    char *buf, size_t len)
{
	struct field_value v;
	field_get(o, f, &v);
	str_copy(buf, !o->clone_ok ? "-" : !v.known ? "not measured" : v.n ? yes : no, len);
}

static void
fill_shared(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	verdict(o, f, "shared", "copied", buf, len);
}

static void
fill_tls(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	verdict(o, f, "shared", "own", buf, len);
}

static void
fill_ns(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	verdict(o, f, "same", "new", buf, len);
}

static bool
started(const struct observation *o)
{
	return o->clone_ok && o->reached >= PHASE_STARTED;
}

/* The ids as relations to the parent, so two runs with other pids compare. */
static void
fill_pid(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
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
fill_tid(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (!started(o))
		str_copy(buf, "-", len);
	else if (o->ids.tid == o->ids.pid_self)
		str_copy(buf, "= its pid", len);
	else
		str_copy(buf, "its own (≠ its pid)", len);
}

static void
fill_tgid(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
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
fill_ppid(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
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
fill_threads(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (!started(o))
		str_copy(buf, "-", len);
	else
		snprintf(buf, len, "%d", o->ids.threads);
}

static void
fill_pstate(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (!started(o) || !o->ids.parent_state)
		str_copy(buf, "-", len);
	else
		snprintf(buf, len, "%c%s", o->ids.parent_state, o->ids.parent_state == 'D' ?
		    " (held in clone)" : "");
}

static void
fill_uid(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (!o->effects_measured)
		str_copy(buf, "-", len);
	else if (o->ids.uid_start == o->ids.uid_after)
		snprintf(buf, len, "%ld", o->ids.uid_after);
	else
		snprintf(buf, len, "%ld, then %ld", o->ids.uid_start, o->ids.uid_after);
}

/* The global or the heap word: its row reads the word at f->at. */
static void
fill_word(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	const __typeof__(o->global) *w = (const void *)((const char *)o + f->at);
	if (!o->effects_measured || !w->measured)
		str_copy(buf, "-", len);
	else if (w->child_wrote_valid)
		snprintf(buf, len, "parent sees %ld (child wrote %ld)", w->parent_sees, w->child_wrote);
	else
		snprintf(buf, len, "%ld (not written)", w->parent_sees);
}

static void
fill_mapping(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
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
fill_fd(const struct observation *o, const struct field *field, int fd, char *buf, size_t len)
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
fill_sig(const struct observation *o, const struct field *f, int sig, char *buf, size_t len)
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
fill_cwd(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (!o->effects_measured)
		str_copy(buf, "-", len);
	else
		pair(o->cwd.parent, o->cwd.child, buf, len);
}

static void
fill_umask(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
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
fill_hostname(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (!o->effects_measured)
		str_copy(buf, "-", len);
	else
		pair(o->hostname.parent, o->hostname.child, buf, len);
}

static void
fill_exit(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (!o->clone_ok)
		str_copy(buf, "-", len);
	else
		compare_outcome(o, buf, len);
}

static void
fill_stack_used(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (!o->stack.measured)
		str_copy(buf, "-", len);
	else
		snprintf(buf, len, "%zu bytes", o->stack.used);
}

static void
fill_overflow(const struct observation *o, const struct field *f, int arg, char *buf, size_t len)
{
	if (!o->stack.measured)
		str_copy(buf, "-", len);
	else
		snprintf(buf, len, "%s%s", o->stack.overflow ? "yes" : "no", o->stack.below ?
		    ", wrote below the stack" : "");
}

/* The fds either observation lists, in order: a row each. */
static void
rows_fds(struct table *t, const struct observation *a, const struct observation *b,
    const struct field *f)
{
	char name[24];
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
		table_row(t, name, a, b, fill_fd, f, next);
		fd = next;
	}
}

/* The signals either observation lists, by number: a row each. */
static void
rows_signals(struct table *t, const struct observation *a, const struct observation *b,
    const struct field *f)
{
	char name[24];
	for (int sig = 1; sig < 65; sig++)
		if (find_sig(a, sig) || find_sig(b, sig)) {
			signal_name(sig, name, sizeof(name));
			table_row(t, name, a, b, fill_sig, f, sig);
		}
}

/* How compare tells each kind of field (fields.h's CMP_*). */
static const row_fill fills[CMP_COUNT] = {
	[CMP_VARIANT] = fill_variant, [CMP_FLAGS] = fill_flags, [CMP_EXIT_SIGNAL] = fill_signal,
	[CMP_STACK_CFG] = fill_stack_cfg, [CMP_FUNCTION] = fill_function, [CMP_CLONE] = fill_clone,
	[CMP_SHARE] = fill_shared, [CMP_TLS] = fill_tls, [CMP_NS] = fill_ns, [CMP_PID] = fill_pid,
	[CMP_TID] = fill_tid, [CMP_TGID] = fill_tgid, [CMP_PPID] = fill_ppid,
	[CMP_THREADS] = fill_threads, [CMP_PARENT_STATE] = fill_pstate, [CMP_UID] = fill_uid,
	[CMP_WORD] = fill_word, [CMP_MAPPING] = fill_mapping, [CMP_CWD] = fill_cwd,
	[CMP_UMASK] = fill_umask, [CMP_HOSTNAME] = fill_hostname, [CMP_EXIT] = fill_exit,
	[CMP_STACK_USED] = fill_stack_used, [CMP_OVERFLOW] = fill_overflow,
};

static int
by_cmp_rank(const void *x, const void *y)
{
	const struct field *const *a = x, *const *b = y;
	return (int)(*a)->cmp_rank - (int)(*b)->cmp_rank;
}

/* Every field of the two observations that compare shows, in the places
 * the field table gives them, under their groups' headings. */
static void
compare_rows(struct table *t, const struct observation *a, const struct observation *b)
{
	const struct field *shown[COMPARE_ROWS_MAX];
	size_t n = 0;
	const char *group = NULL;

	for (size_t i = 0; i < fields_count && n < COMPARE_ROWS_MAX; i++)
		if (fields_table[i].cmp != CMP_NONE)
			shown[n++] = &fields_table[i];
	qsort(shown, n, sizeof(shown[0]), by_cmp_rank);
	for (size_t i = 0; i < n; i++) {
		const struct field *f = shown[i];
		if (!group || strcmp(group, f->cmp_group) != 0)
			table_group(t, group = f->cmp_group);
		if (f->cmp == CMP_FDS)
			rows_fds(t, a, b, f);
		else if (f->cmp == CMP_SIGNALS)
			rows_signals(t, a, b, f);
		else if (f->cmp == CMP_MAPPING && !a->mapping.addr && !b->mapping.addr)
			continue;	/* no mapping made: no row */
		else
			table_row(t, f->cmp_label, a, b, fills[f->cmp], f, 0);
	}
}

static void
compare_print(const struct table *t, unsigned int na, unsigned int nb, struct output *out)
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
	out_printf(out, "compare: %s and %s (≠ marks a difference)\n", ha, hb);
	out_printf(out, "    %-*s  %-*s  %s\n", (int)wname, "", (int)wa, ha, hb);
	for (size_t i = 0; i < t->n; i++) {
		const struct row *r = &t->rows[i];
		if (!r->name[0]) {
			out_printf(out, "  %s\n", r->group);
			continue;
		}
		bool differ = strcmp(r->a, r->b) != 0;
		ndiff += differ;
		size_t pad = text_width(r->a) < wa ? wa - text_width(r->a) : 0;
		out_printf(out, "  %s %-*s  %s%*s  %s\n", differ ? "≠" : " ", (int)wname, r->name,
		    r->a, (int)pad, "", r->b);
	}
	if (ndiff == 0)
		out_printf(out, "  no differences\n");
	else
		out_printf(out, "  %u difference%s\n", ndiff, ndiff == 1 ? "" : "s");
}

/* A value compare tells as not measured, wholly or in part. */
static bool
value_unknown(const char *v)
{
	return strstr(v, "not measured") || strchr(v, '?');
}

size_t
compare_cells(const struct observation *a, const struct observation *b,
    struct compare_cell *cells, size_t max)
{
	struct table t = { 0 };
	const char *group = "";
	size_t n = 0;

	compare_rows(&t, a, b);
	for (size_t i = 0; i < t.n && n < max; i++) {
		const struct row *r = &t.rows[i];
		if (!r->name[0]) {
			group = r->group;
			continue;
		}
		struct compare_cell *c = &cells[n++];
		str_copy(c->group, group, sizeof(c->group));
		str_copy(c->name, r->name, sizeof(c->name));
		str_copy(c->a, r->a, sizeof(c->a));
		str_copy(c->b, r->b, sizeof(c->b));
		c->differ = strcmp(r->a, r->b) != 0;
		c->a_unknown = value_unknown(r->a);
		c->unknown = c->a_unknown || value_unknown(r->b);
	}
	free(t.rows);
	return n;
}

void
compare_render(const struct observation *a, const struct observation *b, struct output *out)
{
	struct table t = { 0 };
	compare_rows(&t, a, b);
	compare_print(&t, a->number, b->number, out);
	free(t.rows);
}
