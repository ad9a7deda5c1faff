#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "compare.h"
#include "course.h"
#include "drill.h"
#include "experiment.h"
#include "flags.h"
#include "funcs.h"
#include "journal.h"
#include "kernel.h"
#include "lesson.h"
#include "lab.h"
#include "observation.h"
#include "output.h"
#include "predict.h"
#include "rules.h"
#include "session.h"
#include "util.h"

#define DRILL_USAGE "drill [--reverse|--forward] [--rounds N] [--seed N] [--level easy|hard] " \
	"[--only FLAG...|signal|end|variant|seccomp] [--answers]"
#define DRILL_ROUNDS_MAX 50
/* Mixed into the seed that chooses each round's direction ("ROUNDS"). */
#define DRILL_ROUNDS_SALT 0x524f554e445300ULL

/* A drill that waits for its answer (a reverse one), or a practice of
 * rounds; the session holds it (s->drill) until its last answer. */
struct drill_state {
	unsigned long seed;		/* the first round's */
	enum drill_level level;
	uint64_t only;			/* --only's flags, 0 for the level's */
	unsigned int draw;		/* --only's settings (DRILL_DRAW_*) */
	bool reverse;			/* --reverse: every round asks for the flags */
	bool forward;			/* --forward: every round asks for the observation */
	bool own_predicted;		/* --run-lesson: the round's own predictions made */
	int rounds;			/* 0: one drill, not a practice of rounds */
	int round;			/* the round asked now, from 0 */
	unsigned int right, graded, unmeasured;
	struct drill d;			/* the drill asked now */
	struct observation *shown;	/* a reverse round's: what the learner sees */
	struct observation *mine;	/* the learner's flags run, to compare with it */
	unsigned int predict_right, predict_graded;	/* predict's score before the round */
};

/* The resources a drill asks about: the four of the easy level, or all. */
static int
drill_nshared(enum drill_level level)
{
	return level == DRILL_HARD ? SH_COUNT : SH_SIGHAND + 1;
}

/* A question of the drill: a field of predict and what it asks, in words. */
struct question {
	char field[64];
	char words[160];
	const char *sample;	/* a value predict accepts, to check the field with */
};

/* The question about what the function did, for the functions whose effect
 * one field shows; false for the others. */
static bool
effect_question(const struct experiment *e, struct question *q)
{
	char sig[32];

	q->sample = "0";
	switch (e->fn ? e->fn->effect : EFFECT_NONE) {
	case EFFECT_GLOBAL:
	case EFFECT_HEAP: {
		const char *word = e->fn->effect == EFFECT_HEAP ? "heap" : "global";
		snprintf(q->field, sizeof(q->field), "%s", word);
		snprintf(q->words, sizeof(q->words), "what number does the parent read in the %s word?",
		    word);
		break;
	}
	case EFFECT_CWD:
		snprintf(q->field, sizeof(q->field), "cwd");
		snprintf(q->words, sizeof(q->words), "the parent's cwd afterwards?");
		q->sample = "/";
		break;
	case EFFECT_UMASK:
		snprintf(q->field, sizeof(q->field), "umask");
		snprintf(q->words, sizeof(q->words), "the parent's umask afterwards?");
		q->sample = "022";
		break;
	case EFFECT_MAPPING:
		snprintf(q->field, sizeof(q->field), "mapping");
		snprintf(q->words, sizeof(q->words), "is the child's new page in the parent's maps "
		    "(yes or no)?");
		q->sample = "yes";
		break;
	case EFFECT_HOSTNAME:
		snprintf(q->field, sizeof(q->field), "hostname");
		snprintf(q->words, sizeof(q->words), "the parent's hostname afterwards?");
		q->sample = "x";
		break;
	case EFFECT_NEW_FD:
		/* fds 0 to 3 are open in the lab: the child's open gets 4. */
		snprintf(q->field, sizeof(q->field), "effects.fds[fd=%d].in_parent", LAB_FILE_FD + 1);
		snprintf(q->words, sizeof(q->words), "is the child's new fd %d in the parent (true or "
		    "false)?", LAB_FILE_FD + 1);
		q->sample = "true";
		break;
	case EFFECT_CLOSED_FD:
		snprintf(q->field, sizeof(q->field), "effects.fds[fd=%ld].in_parent", e->iarg[0]);
		snprintf(q->words, sizeof(q->words), "is fd %ld still open in the parent (true or "
		    "false)?", e->iarg[0]);
		q->sample = "true";
		break;
	case EFFECT_FD_OFFSET:
		snprintf(q->field, sizeof(q->field), "effects.fds[fd=%ld].parent_pos",
		    e->argc > 1 ? e->iarg[1] : (long)LAB_FILE_FD);
		snprintf(q->words, sizeof(q->words), "the offset the parent's fd has afterwards?");
		break;
	case EFFECT_DISPOSITION:
		signal_name((int)e->iarg[0], sig, sizeof(sig));
		snprintf(q->field, sizeof(q->field), "effects.signals[sig=%s].parent", sig);
		snprintf(q->words, sizeof(q->words), "the parent's disposition of %s afterwards "
		    "(default, ignore or handler)?", sig);
		q->sample = "default";
		break;
	default:
		return false;
	}
	return true;
}

/* The drill's questions that predict knows, in order; returns how many. */
static size_t
drill_questions(const struct drill *d, struct question *qs, size_t max)
{
	size_t n = 0;
	char err[512];
	uint64_t fl = d->cfg.flags;	/* asked: which questions the drill puts */
	struct question extra[] = {
		{ "threads", "how many threads in the lab's group while the child lives?", "1" },
		{ "pid", "getpid() in the child?", "1" },
		{ "uts", "the child's uts namespace: same or new?", "new" },
		{ "tls", "the thread pointer: shared or copied?", "shared" },
	};
	bool want[] = { fl & CLONE_THREAD, fl & CLONE_NEWPID, fl & CLONE_NEWUTS, fl & CLONE_SETTLS };
	/* --only signal, end: what the lab's wait said, and what killed the lab. */
	struct question settings[] = {
		{ "wait.plain", "what the lab's waitpid(pid, &st, 0) says: ok or ECHILD?", "ok" },
		{ "run.lab_signal", "the signal that killed the lab, or null for none?", "SIGSEGV" },
	};
	bool want_settings[] = { d->draw & DRILL_DRAW_SIGNAL, d->draw & (DRILL_DRAW_SIGNAL |
	    DRILL_DRAW_END) };
	/* --only seccomp: what the call answers, a child (null) or the filter's errno. */
	struct question refusal = { "clone.errno", "what the call answers: null (a child) or the "
	    "errno?", "EPERM" };
	/* Handed the stack's bottom, the lab dies before any child; refused by the
	 * filter, no child is made: nothing is shared. */
	bool no_child = d->cfg.stack_bottom || drill_seccomp_refuses(&d->cfg);

	if (d->draw & DRILL_DRAW_SECCOMP && n < max)
		qs[n++] = refusal;
	for (int k = 0; k < drill_nshared(d->level) && n < max && !no_child; k++) {
		struct question *q = &qs[n];
		snprintf(q->field, sizeof(q->field), "%s", resources_table[k].name);
		snprintf(q->words, sizeof(q->words), "shared or copied?");
		q->sample = "shared";
		n++;
	}
	if (n < max && !no_child && effect_question(&d->cfg, &qs[n]))
		n++;
	for (size_t i = 0; i < ARRAY_SIZE(extra) && n < max; i++)
		if (want[i])
			qs[n++] = extra[i];
	for (size_t i = 0; i < ARRAY_SIZE(settings) && n < max; i++)
		if (want_settings[i])
			qs[n++] = settings[i];
	if (n < max) {
		struct question *q = &qs[n++];
		snprintf(q->field, sizeof(q->field), "exit");
		snprintf(q->words, sizeof(q->words), "the child's exit status (or the signal that "
		    "killed it)?");
		q->sample = "0";
	}
	/* Ask only what predict can grade (it takes selectors such as
	 * effects.fds[fd=4].in_parent=true as well as short names). */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (predict_add(NULL, qs[i].field, qs[i].sample, err, sizeof(err)) == 0)
			qs[kept++] = qs[i];
	return kept;
}

/* A flag set in the words "answer flags" takes: "vm files", "none". */
static const char *
flag_words(uint64_t flags, char *buf, size_t len)
{
	str_copy(buf, flags ? "" : "none", len);
	for (size_t i = 0; i < flags_count; i++)
		if (flags & flags_table[i].value)
			str_append(buf, len, "%s%s", buf[0] ? " " : "", flags_table[i].short_name);
	return buf;
}

/* "flags = vm files; fn open-fd /etc/passwd": the drill as commands. */
static void
drill_describe(const struct drill *d, char *buf, size_t len)
{
	char fn[FN_MAX_ARGS * FN_ARG_LEN + 64], sig[32], words[512];

	str_copy(buf, "flags = ", len);
	flag_words(d->cfg.flags, words, sizeof(words));	/* asked: the drill's command line */
	str_append(buf, len, "%s", words);
	if (d->cfg.exit_signal != SIGCHLD)
		str_append(buf, len, "; signal %s", signal_name(d->cfg.exit_signal, sig, sizeof(sig)));
	if (d->cfg.variant != VARIANT_CLONE)
		str_append(buf, len, "; variant %s", variant_name(d->cfg.variant));
	if (d->cfg.stack_bottom)
		str_append(buf, len, "; stack end bottom");
	if (d->cfg.seccomp_deny)
		str_append(buf, len, "; seccomp deny %s", flag_words(d->cfg.seccomp_deny, words,
		    sizeof(words)));
	if (d->cfg.seccomp_clone3_enosys)
		str_append(buf, len, "; seccomp clone3 enosys");
	str_append(buf, len, "; fn %s", cmd_fn_describe(&d->cfg, fn, sizeof(fn)));
}

/* Commands that set every setting the drill chose, for save and transcript
 * (a replayed "drill --seed N" could choose otherwise on another kernel). */
static void
drill_replay_line(const struct drill *d, char *buf, size_t len)
{
	char size[32];
	drill_describe(d, buf, len);
	if (d->cfg.exit_signal == SIGCHLD)
		str_append(buf, len, "; signal SIGCHLD");
	if (d->cfg.variant == VARIANT_CLONE)
		str_append(buf, len, "; variant clone");
	str_append(buf, len, "; stack %s; stack guard %s", size_format(d->cfg.stack_size, size,
	    sizeof(size)), d->cfg.guard ? "on" : "off");
	if ((d->draw & DRILL_DRAW_END) && !d->cfg.stack_bottom)
		str_append(buf, len, "; stack end top");
	if (!d->cfg.seccomp_deny && !d->cfg.seccomp_clone3_enosys)
		str_append(buf, len, "; seccomp off");
}

static void
drill_ask(struct session *s, const struct drill *d, const char *again)
{
	struct question qs[16];
	size_t n = drill_questions(d, qs, ARRAY_SIZE(qs));
	char form[1024] = "predict";

	out_printf(s->out, "  predict, then spawn:\n");
	for (size_t i = 0; i < n; i++) {
		/* The shared-or-copied questions on one line. */
		size_t j = i;
		char names[128] = "";
		while (j < n && strcmp(qs[j].words, qs[i].words) == 0) {
			str_append(names, sizeof(names), "%s%s", j > i ? ", " : "", qs[j].field);
			str_append(form, sizeof(form), " %s=...", qs[j].field);
			j++;
		}
		out_printf(s->out, "    %s: %s\n", names, qs[i].words);
		i = j - 1;
	}
	out_printf(s->out, "  as \"%s\"; the answers: \"%s --answers\"\n", form, again);
}

/* One answer: the field, what the kernel showed, and why. */
static void
answer(struct session *s, const char *field, const char *value, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
answer(struct session *s, const char *field, const char *value, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	out_printf(s->out, "  %-9s %-16s %s\n", field, value, why);
}

static void
answer_shared(struct session *s, const struct observation *o, int k)
{
	const struct tri *t = &o->shared[k];
	const struct resource *r = &resources_table[k];
	bool set = o->cfg.flags & r->flag;	/* asked: compared with kcmp below */
	const char *flag = flags_by_value(r->flag)->name;

	if (t->v < 0)
		answer(s, r->name, "not measured", "%s", t->why[0] ? t->why : "kcmp could not tell");
	else if (t->v == (int)set)
		answer(s, r->name, t->v ? "shared" : "copied", "%s%s: %s", set ? "" : "no ", flag,
		    t->v ? r->drill_shared : r->drill_copied);
	else
		answer(s, r->name, t->v ? "shared" : "copied", "although %s is %s (kcmp says so; "
		    "\"why\" explains)", flag, set ? "set" : "not set");
}

static const struct fd_obs *
fd_of(const struct observation *o, int fd)
{
	for (int i = 0; i < o->nfds; i++)
		if (o->fds[i].fd == fd)
			return &o->fds[i];
	return NULL;
}

/* The reason of a drill's answer by a kcmp verdict, in its three states. */
static const char *
by_kcmp(const struct tri *t, const char *same, const char *differs)
{
	return t->v == 1 ? same : t->v == 0 ? differs : "the kcmp that tells it was not measured";
}

/* What the child did to memory: the global or heap word, a new mapping. */
static void
answer_memory(struct session *s, const struct observation *o, enum fn_effect effect)
{
	char v[64];

	if (effect == EFFECT_MAPPING) {
		answer(s, "mapping", o->mapping.in_parent ? "in the parent" : "child only", "%s",
		    by_kcmp(&o->shared[SH_VM], "one address space: the child's new mapping is the parent's",
		    "the child mapped it in its own address space"));
		return;
	}
	bool heap = effect == EFFECT_HEAP;
	const __typeof__(o->global) *w = heap ? &o->heap : &o->global;
	snprintf(v, sizeof(v), "%ld", w->parent_sees);
	answer(s, heap ? "heap" : "global", v, "the child wrote %ld %s", w->child_wrote,
	    w->parent_sees == w->child_wrote ? "into the one address space (CLONE_VM)" :
	    "into its own copy-on-write page; the parent still reads its value");
}

/* What the child did to its fds: one opened, one closed, an offset moved. */
static void
answer_fds(struct session *s, const struct observation *o, enum fn_effect effect)
{
	const struct experiment *e = &o->cfg;
	char v[64];

	if (effect == EFFECT_NEW_FD) {
		for (int i = 0; i < o->nfds; i++) {
			const struct fd_obs *d = &o->fds[i];
			if (d->fd <= LAB_FILE_FD || !d->in_child)
				continue;
			snprintf(v, sizeof(v), "fd %d", d->fd);
			answer(s, v, d->in_parent ? "in the parent" : "child only", "%s", d->in_parent ?
			    "the child opened it in the fd table the two share" :
			    "the child opened it in its own copy of the fd table");
		}
	} else if (effect == EFFECT_CLOSED_FD) {
		const struct fd_obs *d = fd_of(o, (int)e->iarg[0]);
		snprintf(v, sizeof(v), "fd %ld", e->iarg[0]);
		answer(s, v, d && d->in_parent ? "open in parent" : "closed in parent", "%s",
		    by_kcmp(&o->shared[SH_FILES], "one fd table: the child's close removed it for both",
		    "the child closed its own copy of the table entry"));
	} else {
		int fd = e->argc > 1 ? (int)e->iarg[1] : LAB_FILE_FD;
		const struct fd_obs *d = fd_of(o, fd);
		snprintf(v, sizeof(v), "fd %d pos", fd);
		char pos[32];
		if (d && d->parent_pos >= 0)
			snprintf(pos, sizeof(pos), "%ld", d->parent_pos);
		else
			snprintf(pos, sizeof(pos), "not measured");
		answer(s, v, pos, "%s", o->shared[SH_FILES].v == 1 ? "one fd table, so one open file "
		    "description and one offset" : d && d->same_ofd == 1 ? "the copied table still points "
		    "at the same open file description, which holds the offset" : d && d->same_ofd == 0 ?
		    "a different open file description" : "the open file description was not compared");
	}
}

/* What the child did to its signals: a disposition or its blocked mask. */
static void
answer_signals(struct session *s, const struct observation *o, enum fn_effect effect)
{
	for (int i = 0; i < o->nsigs; i++) {
		const struct sig_obs *g = &o->sigs[i];
		if (g->sig != (int)o->cfg.iarg[0])
			continue;
		char name[32], val[40];
		signal_name(g->sig, name, sizeof(name));
		if (effect == EFFECT_DISPOSITION) {
			snprintf(val, sizeof(val), "%s", g->parent == DISP_HANDLER ? "handler" :
			    g->parent == DISP_IGNORE ? "ignore" : "default");
			answer(s, name, val, "the parent's disposition: %s", by_kcmp(&o->shared[SH_SIGHAND],
			    "one handler table (CLONE_SIGHAND)", "the child changed its copy"));
		} else {
			answer(s, name, g->parent_blocked ? "blocked" : "not blocked",
			    "in the parent: the signal mask belongs to each thread, never shared");
		}
	}
}

/* What the child's function did, as the parent sees it. */
static void
answer_effect(struct session *s, const struct observation *o)
{
	const struct experiment *e = &o->cfg;
	enum fn_effect effect = e->fn ? e->fn->effect : EFFECT_NONE;

	if (!o->effects_measured) {
		answer(s, "effect", "not measured", "%s", o->reached < PHASE_ACTED ? "the child did not "
		    "get to act" : "what the parent then has could not be read");
		return;
	}
	switch (effect) {
	case EFFECT_GLOBAL:
	case EFFECT_HEAP:
	case EFFECT_MAPPING:
		answer_memory(s, o, effect);
		break;
	case EFFECT_NEW_FD:
	case EFFECT_CLOSED_FD:
	case EFFECT_FD_OFFSET:
		answer_fds(s, o, effect);
		break;
	case EFFECT_CWD:
	case EFFECT_UMASK: {
		bool cwd = effect == EFFECT_CWD;
		char um[16];
		if (o->umask.parent >= 0)
			snprintf(um, sizeof(um), "%04o", o->umask.parent);
		else
			snprintf(um, sizeof(um), "not measured");
		answer(s, cwd ? "cwd" : "umask", cwd ? (o->cwd.parent[0] ? o->cwd.parent : "not measured") :
		    um, "in the parent: %s", by_kcmp(&o->shared[SH_FS], "CLONE_FS shares it, so the child's "
		    "change is the parent's", "the child changed its own copy"));
		break;
	}
	case EFFECT_DISPOSITION:
	case EFFECT_SIGMASK:
		answer_signals(s, o, effect);
		break;
	case EFFECT_HOSTNAME:
		answer(s, "hostname", o->hostname.parent, "the parent's: the child set \"%s\" in %s",
		    o->hostname.child, o->ns[NS_UTS].shared == 0 ? "its new UTS namespace" :
		    o->ns[NS_UTS].shared == 1 ? "the UTS namespace they share" :
		    "a UTS namespace not measured");
		break;
	default:
		break;
	}
}

/* The identities and namespaces that the hard level's flags change. */
static void
answer_ids(struct session *s, const struct observation *o)
{
	uint64_t fl = o->cfg.flags;	/* asked: which answers the drill gives; each is measured */
	char v[64];

	if (o->reached < PHASE_STARTED)
		return;
	if (fl & CLONE_THREAD)
		answer(s, "tgid", o->ids.tgid < 0 ? "?" : o->ids.tgid == o->parent.pid ? "= parent's" : "its own",
		    "CLONE_THREAD puts the child in the caller's thread group");
	if (fl & CLONE_PARENT)
		answer(s, "ppid", o->ids.ppid < 0 ? "?" : o->ids.ppid == o->parent.pid ? "the lab" :
		    "the lab's parent",
		    "CLONE_PARENT gives the child its caller's parent");
	if (fl & CLONE_VFORK) {
		snprintf(v, sizeof(v), "%c", o->ids.parent_state ? o->ids.parent_state : '?');
		answer(s, "lab state", v, "%s", o->ids.parent_state == 'D' ?
		    "CLONE_VFORK holds the caller inside clone() until the child exits or execs" :
		    "the caller waits for the child with CLONE_VFORK (D while held)");
	}
	if (fl & CLONE_NEWPID) {
		snprintf(v, sizeof(v), "%ld", o->ids.pid_self);
		answer(s, "getpid", v, "CLONE_NEWPID: the first process of a new pid namespace is 1");
	}
	if (fl & CLONE_NEWUTS)
		answer(s, "uts ns", o->ns[NS_UTS].shared == 0 ? "new" : "same",
		    "CLONE_NEWUTS gives the child its own hostname");
	if (fl & CLONE_NEWUSER)
		answer(s, "user ns", o->ns[NS_USER].shared == 0 ? "new" : "same",
		    "CLONE_NEWUSER: the child is root in it once its id map is written");
	if (fl & CLONE_SETTLS)
		answer(s, "tls", o->tls_shared.v == 1 ? "shared" : o->tls_shared.v == 0 ? "own" : "?",
		    "CLONE_SETTLS sets the child's thread pointer to a TLS block of its own");
}

static void
answer_exit(struct session *s, const struct observation *o)
{
	char v[64], sig[32];

	if (!o->clone_ok) {
		answer(s, "clone", "refused", "%s", o->rule[0] ? o->rule : "the kernel refused it");
	} else if (o->exit.known && o->exit.exited) {
		snprintf(v, sizeof(v), "%d", o->exit.status);
		answer(s, "exit", v, "the child's function returned %d and the lab waited for it",
		    o->exit.status);
	} else if (o->exit.known) {
		answer(s, "exit", signal_name(o->exit.signal, sig, sizeof(sig)), "the child was killed");
	} else if (observation_child_is_thread(o)) {
		answer(s, "exit", "no status", "a thread leaves no exit status to wait for");
	} else {
		answer(s, "exit", "not seen", "%s", o->exit.waited_with[0] ? o->exit.waited_with :
		    o->lab_note);
	}
}

static void
drill_answers(struct session *s, const struct drill *d, const struct observation *o)
{
	out_printf(s->out, "answers (measured; the reason from the flags):\n");
	if (o->clone_ok) {
		for (int k = 0; k < drill_nshared(d->level); k++)
			answer_shared(s, o, k);
		answer_effect(s, o);
		answer_ids(s, o);
	}
	answer_exit(s, o);
}

/* The settings of a drill as "fn write-global 42, exit signal SIGCHLD,
 * clone, stack 64k": all but the flags, which a reverse drill asks for. */
static void
drill_setting(const struct experiment *e, char *buf, size_t len)
{
	char fn[FN_MAX_ARGS * FN_ARG_LEN + 64], sig[32], size[32];

	snprintf(buf, len, "fn %s, exit signal %s, %s, stack %s%s", cmd_fn_describe(e, fn,
	    sizeof(fn)), e->exit_signal ? signal_name(e->exit_signal, sig, sizeof(sig)) : "none",
	    variant_name(e->variant), size_format(e->stack_size, size, sizeof(size)),
	    e->guard ? "" : " without guard");
}

/* Runs e in a lab of its own, into o: the session's settings, last
 * observation and history stay as they were (a reverse drill's
 * observation would tell its flags in the pane's header), and step mode
 * does not stop it.  0, or -1 after the error. */
static int
drill_run(struct session *s, const struct experiment *e, bool force, struct observation *o)
{
	/* Kill still ends it; no phase is drawn, which would show the pane the
	 * call and its flags. */
	struct lab_hooks hooks = s->hooks;
	hooks.phase = NULL;

	observation_init(o);
	out_flush(s->out);
	s->kill_request = false;
	s->running = true;
	int ran = lab_run(e, force, &hooks, o);
	s->running = false;
	s->kill_request = false;
	if (ran < 0)
		return cmd_error(s, "drill: could not start the lab: %s", strerror(errno));
	return 0;
}

/* The rows of compare that a reverse drill shows and grades: all but the
 * settings (which hold the flags), the stack's use, and the lab's
 * scheduler state (R or S as the moment of the reading falls). */
static size_t
reverse_cells(const struct observation *a, const struct observation *b, struct compare_cell *cells,
    size_t max)
{
	size_t n = compare_cells(a, b, cells, max), kept = 0;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(cells[i].group, "config") == 0 || strcmp(cells[i].group, "stack") == 0 ||
		    strcmp(cells[i].name, "parent state") == 0)
			continue;
		cells[kept++] = cells[i];
	}
	return kept;
}

#define CELLS_MAX 160

/* What the reverse drill shows: the measured rows, a line a group. */
static void
reverse_show(struct session *s, const struct observation *o)
{
	static struct compare_cell cells[CELLS_MAX];
	size_t n = reverse_cells(o, o, cells, CELLS_MAX);
	char line[2048];

	for (size_t i = 0; i < n;) {
		snprintf(line, sizeof(line), "%s:", cells[i].group);
		size_t j = i;
		bool alike = true;
		for (; j < n && strcmp(cells[j].group, cells[i].group) == 0; j++) {
			alike = alike && strcmp(cells[j].a, cells[i].a) == 0;
			if (strcmp(cells[j].name, cells[j].group) == 0)
				str_append(line, sizeof(line), "%s %s", j > i ? ";" : "", cells[j].a);
			else
				str_append(line, sizeof(line), "%s %s %s", j > i ? ";" : "", cells[j].name,
				    cells[j].a);
		}
		/* Eight namespaces, all the same: one word for them. */
		if (alike && j - i > 2)
			snprintf(line, sizeof(line), "%s: all %zu %s", cells[i].group, j - i, cells[i].a);
		out_wrapped(s->out, "    ", "      ", 96, line);
		i = j;
	}
}

static void
state_free(struct drill_state *st)
{
	if (!st)
		return;
	if (st->shown)
		nofork_free(st->shown, sizeof(*st->shown));
	if (st->mine)
		nofork_free(st->mine, sizeof(*st->mine));
	free(st);
}

static void
drill_end(struct session *s)
{
	state_free(s->drill);
	s->drill = NULL;
}

/* Round i's seed: the first one's plus i, so "drill --seed" of it asks it alone. */
static unsigned long
round_seed(const struct drill_state *st, int i)
{
	return st->seed + (unsigned long)i > DRILL_SEED_MAX ? st->seed + (unsigned long)i -
	    DRILL_SEED_MAX - 1 : st->seed + (unsigned long)i;
}

/* Whether round i asks for the flags: all with --reverse; of a practice
 * without it, a seeded half; a single drill only with --reverse. */
static bool
round_reverse(const struct drill_state *st, int i)
{
	struct drill_rng r;
	bool rev = false;

	if (st->reverse || st->forward || !st->rounds)
		return st->reverse;
	drill_rng_init(&r, (uint64_t)st->seed ^ DRILL_ROUNDS_SALT);
	for (int k = 0; k <= i; k++)
		rev = drill_rng_below(&r, 2) == 1;
	return rev;
}

/* The command that asks round i again: "drill --seed 12 --reverse ...". */
static void
again_line(const struct drill_state *st, unsigned long seed, bool reverse, char *buf, size_t len)
{
	char only[256], draw[64];

	snprintf(buf, len, "drill --seed %lu%s%s%s", seed, reverse ? " --reverse" : "",
	    st->forward ? " --forward" : "", st->level == DRILL_HARD ? " --level hard" : "");
	if (st->only || st->draw)
		str_append(buf, len, " --only%s%s%s%s", st->only ? " " : "", st->only ?
		    flag_words(st->only, only, sizeof(only)) : "", st->draw ? " " : "",
		    drill_draw_words(st->draw, draw, sizeof(draw)));
}

/* A forward drill: its settings become the session's, then the questions. */
static void
pose_forward(struct session *s, const struct drill *d)
{
	char desc[FN_MAX_ARGS * FN_ARG_LEN + 512], replay[2048];

	s->cfg = d->cfg;
	/* Predictions made for earlier settings are not for this drill. */
	predict_clear(s->predict);
	drill_replay_line(d, replay, sizeof(replay));
	journal_line(s->log, replay);
	drill_describe(d, desc, sizeof(desc));
	out_printf(s->out, "drill %lu: %s\n", d->seed, desc);
}

/* Asks the round st->round: 0, or -1 after an error (the drill ended). */
static int
pose_round(struct session *s, struct drill_state *st, bool answers)
{
	char again[512], setting[FN_MAX_ARGS * FN_ARG_LEN + 256];
	unsigned long seed = round_seed(st, st->round);
	bool reverse = round_reverse(st, st->round);
	unsigned int timeout = s->cfg.timeout_ms;

	drill_make_with(&st->d, seed, st->level, st->only, st->draw, reverse, kernel_get());
	st->own_predicted = false;
	st->d.cfg.timeout_ms = timeout;
	again_line(st, seed, reverse, again, sizeof(again));
	if (st->rounds)
		out_printf(s->out, "round %d of %d\n", st->round + 1, st->rounds);
	if (!reverse) {
		pose_forward(s, &st->d);
		if (!answers)
			drill_ask(s, &st->d, again);
		predict_score(s->predict, &st->predict_right, &st->predict_graded);
		return 0;
	}
	if (drill_run(s, &st->d.cfg, false, st->shown) < 0)
		return -1;
	char text[2048];
	drill_setting(&st->d.cfg, setting, sizeof(setting));
	snprintf(text, sizeof(text), "drill %lu --reverse: which flags? the child ran %s; measured:",
	    seed, setting);
	out_wrapped(s->out, "", "  ", 96, text);
	reverse_show(s, st->shown);
	if (!answers) {
		char only[256];
		if (st->only)
			snprintf(text, sizeof(text), "answer with \"answer flags FLAG...\", drawn from %s "
			    "(or \"answer flags none\"); the answers: \"%s --answers\"",
			    flag_words(st->only, only, sizeof(only)), again);
		else
			snprintf(text, sizeof(text), "answer with \"answer flags vm files\" (or \"answer "
			    "flags none\"); the answers: \"%s --answers\"", again);
		out_wrapped(s->out, "  ", "  ", 96, text);
	}
	return 0;
}

/* The answers of a reverse round: the flags it ran with, whose observation
 * the learner saw; any set whose observation is the same is right too. */
static void
reverse_answers(struct session *s, const struct drill *d)
{
	char words[256];

	out_printf(s->out, "answers (the flags the drill ran; any set whose observation is the same "
	    "is right):\n");
	/* asked: the flags the drill ran, the answer it knows */
	out_printf(s->out, "  answer flags %s\n", flag_words(d->cfg.flags, words, sizeof(words)));
}

/* After the last round: the score, the course told; the drill ends. */
static void
finish_rounds(struct session *s)
{
	struct drill_state *st = s->drill;
	char again[512];

	if (st->rounds) {
		again_line(st, st->seed, st->reverse, again, sizeof(again));
		char *seed = strstr(again, " --seed");
		char unmeasured[64] = "";
		if (st->unmeasured)
			snprintf(unmeasured, sizeof(unmeasured), "; %u not graded (not measured)",
			    st->unmeasured);
		out_printf(s->out, "drill: %u of %d rounds right%s (\"drill --rounds %d%s\" plays them "
		    "again)\n", st->right, st->rounds, unmeasured, st->rounds, seed ? seed : "");
	}
	unsigned int right = st->right, graded = st->graded, unmeasured = st->unmeasured;
	bool rounds = st->rounds > 0;
	drill_end(s);
	if (rounds && s->course)
		course_after_drill(s, right, graded, unmeasured);
}

/* The next round, or the end of the rounds. */
static void
next_round(struct session *s)
{
	struct drill_state *st = s->drill;

	if (st->rounds && st->round + 1 < st->rounds) {
		st->round++;
		out_printf(s->out, "score: %u of %u right\n", st->right, st->graded);
		if (pose_round(s, st, false) < 0)
			drill_end(s);
		return;
	}
	finish_rounds(s);
}

/* A predicted round is graded by predict at the spawn; its score is
 * whether every prediction was right. */
static void
drill_after_spawn(struct session *s, const struct observation *o)
{
	struct drill_state *st = s->drill;
	unsigned int right, graded;

	if (!st || !st->rounds || st->d.reverse)
		return;
	predict_score(s->predict, &right, &graded);
	right -= st->predict_right;
	graded -= st->predict_graded;
	if (graded == 0) {
		out_printf(s->out, "round %d: not graded: nothing was predicted\n", st->round + 1);
	} else {
		st->graded++;
		st->right += right == graded;
		out_printf(s->out, "round %d: %s (%u of %u predictions right)\n", st->round + 1,
		    right == graded ? "right" : "wrong", right, graded);
	}
	next_round(s);
}

/* A forward round's answers as the line that predicts them, from o (an
 * observation of the round's settings): "predict vm=false exit=0". */
static const char *
predict_line(const struct drill *d, const struct observation *o, char *buf, size_t len)
{
	struct question qs[16];
	size_t n = drill_questions(d, qs, ARRAY_SIZE(qs));

	str_copy(buf, "predict", len);
	for (size_t i = 0; i < n; i++) {
		const char *path = predict_field_path(qs[i].field);
		char v[128], err[256];
		bool is_string;
		/* A value predict does not take (null for a verdict not measured,
		 * where kcmp is denied) is left out: nothing would grade it. */
		if (lesson_lookup(o, path ? path : qs[i].field, v, sizeof(v), &is_string) == 0 &&
		    predict_add(NULL, qs[i].field, v, err, sizeof(err)) == 0)
			str_append(buf, len, " %s=%s", qs[i].field, v);
	}
	return buf;
}

/* What the drill itself answers now, for --run-lesson. */
static bool
drill_own_answer(struct session *s, char *line, size_t size)
{
	struct drill_state *st = s->drill;
	char words[256];

	if (!st)
		return false;
	if (st->d.reverse) {
		/* asked: the flags the drill ran, its own answer */
		snprintf(line, size, "answer flags %s", flag_words(st->d.cfg.flags, words, sizeof(words)));
	} else if (!st->own_predicted) {
		/* The round's predictions, measured first in a lab of their own. */
		if (drill_run(s, &st->d.cfg, false, st->mine) < 0)
			return false;
		predict_line(&st->d, st->mine, line, size);
		st->own_predicted = true;
	} else {
		snprintf(line, size, "spawn");
	}
	return true;
}

/* "answer flags vm files" into *flags: 0, or -1 after the error. */
static int
parse_answer_flags(struct session *s, int argc, char **argv, uint64_t *flags)
{
	char near[128];

	*flags = 0;
	if (argc < 2)
		return cmd_error(s, "answer: flags needs the flags (\"answer flags vm files\", or "
		    "\"answer flags none\")");
	for (int i = 1; i < argc; i++) {
		if (strcasecmp(argv[i], "none") == 0) {
			if (argc > 2)
				return cmd_error(s, "answer: flags none takes no other flag, not \"%s\"",
				    argv[i == 1 ? 2 : 1]);
			return 0;
		}
		const struct clone_flag *f = flags_find(argv[i]);
		if (!f && flags_suggest(argv[i], near, sizeof(near))[0])
			return cmd_error(s, "answer: unknown flag \"%s\" (did you mean %s? \"explain flags\" "
			    "lists them)", argv[i], near);
		if (!f)
			return cmd_error(s, "answer: unknown flag \"%s\" (\"explain flags\" lists them)",
			    argv[i]);
		*flags |= f->value;
	}
	return 0;
}

int
cmd_drill_answer(struct session *s, int argc, char **argv)
{
	struct drill_state *st = s->drill;
	uint64_t flags;
	char mine[256], theirs[256], err[512];
	static struct compare_cell cells[CELLS_MAX];

	if (parse_answer_flags(s, argc, argv, &flags) < 0)
		return -1;
	if (s->dry)
		return 0;
	if (!st || !st->d.reverse)
		return cmd_error(s, "answer: no drill asks for flags now (\"drill --reverse\" asks one)");
	struct experiment e = st->d.cfg;
	e.flags = flags;
	flag_words(flags, mine, sizeof(mine));
	if (lab_refusal(&e, err, sizeof(err)) < 0)
		return cmd_error(s, "answer: flags %s: %s; the question stands", mine, err);
	/* What spawn --force does not send either: clonesh's own refusals. */
	const struct flags_rule *r = flags_validate(&e, kernel_get());
	if (r && r->err == 0 && !flags_rule_forceable(r))
		return cmd_error(s, "answer: flags %s: %s, and clonesh does not send it (fix: %s); the "
		    "question stands", mine, r->text, r->fix);
	/* Sent as they are, like spawn --force: the kernel says whether it
	 * takes them. */
	if (drill_run(s, &e, true, st->mine) < 0)
		return -1;
	if (!st->mine->clone_ok)
		return cmd_error(s, "answer: flags %s: the kernel refused them with %s%s%s; the question "
		    "stands", mine, st->mine->clone_errno ? strerrorname_np(st->mine->clone_errno) :
		    "an error", st->mine->rule[0] ? ": " : "", st->mine->rule);
	/* Graded on the rows the question showed measured: one it showed as
	 * not measured told nothing; one measured there but not in the
	 * learner's run cannot be told (not graded, unless another differs). */
	size_t n = reverse_cells(st->shown, st->mine, cells, CELLS_MAX), kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!cells[i].a_unknown)
			cells[kept++] = cells[i];
	n = kept;
	unsigned int ndiff = 0, nunknown = 0;
	for (size_t i = 0; i < n; i++) {
		ndiff += cells[i].differ && !cells[i].unknown;
		nunknown += cells[i].unknown;
	}
	/* asked: named, never graded on: the grade is the rows' */
	flag_words(st->d.cfg.flags, theirs, sizeof(theirs));
	if (ndiff) {
		st->graded++;
		out_printf(s->out, "answer: flags %s: wrong: run with your flags, %u field%s differ%s from "
		    "the observation:\n", mine, ndiff, ndiff == 1 ? "" : "s", ndiff == 1 ? "s" : "");
		for (size_t i = 0; i < n; i++)
			if (cells[i].differ && !cells[i].unknown)
				out_printf(s->out, "    %s %s: yours %s; the observation's %s\n", cells[i].group,
				    cells[i].name, cells[i].b, cells[i].a);
		out_printf(s->out, "  the drill ran flags %s\n", theirs);
	} else if (nunknown) {
		st->unmeasured++;
		char names[512] = "";
		for (size_t i = 0; i < n; i++)
			if (cells[i].unknown)
				str_append(names, sizeof(names), "%s%s", names[0] ? ", " : "", cells[i].name);
		out_printf(s->out, "answer: flags %s: ? not graded: no field differs, but %s %s not "
		    "measured (\"doctor\" says why); the drill ran flags %s\n", mine, names,
		    nunknown == 1 ? "was" : "were", theirs);
	} else {
		st->graded++;
		st->right++;
		out_printf(s->out, "answer: flags %s: right: measured with your flags, every field shown "
		    "is the same", mine);
		/* asked: whether the learner's words are the drill's */
		if (flags != st->d.cfg.flags)
			out_printf(s->out, " (the drill ran flags %s: both give it)", theirs);
		out_printf(s->out, "\n");
	}
	next_round(s);
	return 0;
}

/* --seed's value: a decimal number 0 to DRILL_SEED_MAX. */
static int
parse_seed(struct session *s, const char *word, unsigned long *seed)
{
	char *end;

	errno = 0;
	unsigned long v = word && *word >= '0' && *word <= '9' ? strtoul(word, &end, 10) : 0;
	if (!word || !(*word >= '0' && *word <= '9') || *end || errno || v > DRILL_SEED_MAX) {
		if (!word)
			return cmd_error(s, "drill: --seed needs a number (0 to %lu)", DRILL_SEED_MAX);
		return cmd_error(s, "drill: --seed needs a number (0 to %lu), not \"%s\"",
		    DRILL_SEED_MAX, word);
	}
	*seed = v;
	return 0;
}

/* --only's flags, the words after it up to the next option: 0 or -1. */
static int
parse_only(struct session *s, int argc, char **argv, int *i, uint64_t *only, unsigned int *draw)
{
	char near[128];
	int k = *i + 1;

	for (; k < argc && argv[k][0] != '-'; k++) {
		unsigned int setting = drill_draw_parse(argv[k]);
		if (setting) {
			*draw |= setting;
			continue;
		}
		const struct clone_flag *f = flags_find(argv[k]);
		if (!f)
			return cmd_error(s, "drill: --only: unknown flag \"%s\"%s%s%s (\"explain flags\" lists "
			    "them; or signal, end, variant, seccomp)", argv[k], flags_suggest(argv[k], near,
			    sizeof(near))[0] ? " (did you mean " : "", near, near[0] ? "?)" : "");
		*only |= f->value;
	}
	if (!*only && !*draw)
		return cmd_error(s, "drill: --only needs flags to draw from (--only vm files), or the "
		    "settings signal, end, variant or seccomp");
	*i = k - 1;
	return 0;
}

/* drill's options. */
struct drill_opts {
	unsigned long seed;
	bool have_seed, answers, reverse, forward;
	enum drill_level level;
	uint64_t only;
	unsigned int draw;
	long rounds;
};

/* Reads drill's options into o: 0, or -1 after a one-line error. */
static int
drill_options(struct session *s, int argc, char **argv, struct drill_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--seed") == 0) {
			if (parse_seed(s, i + 1 < argc ? argv[++i] : NULL, &o->seed) < 0)
				return -1;
			o->have_seed = true;
		} else if (strcmp(a, "--level") == 0) {
			int l = i + 1 < argc ? drill_level_parse(argv[i + 1]) : -1;
			if (l < 0)
				return i + 1 < argc ? cmd_error(s, "drill: --level is easy or hard, not \"%s\"",
				    argv[i + 1]) : cmd_error(s, "drill: --level needs easy or hard");
			o->level = (enum drill_level)l;
			i++;
		} else if (strcmp(a, "--answers") == 0) {
			o->answers = true;
		} else if (strcmp(a, "--reverse") == 0) {
			o->reverse = true;
		} else if (strcmp(a, "--forward") == 0) {
			o->forward = true;
		} else if (strcmp(a, "--rounds") == 0) {
			char *end = NULL;
			o->rounds = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : 0;
			if (i + 1 >= argc || *end || end == argv[i + 1] || o->rounds < 1 ||
			    o->rounds > DRILL_ROUNDS_MAX)
				return i + 1 < argc ? cmd_error(s, "drill: --rounds is a number from 1 to %d, "
				    "not \"%s\"", DRILL_ROUNDS_MAX, argv[i + 1]) : cmd_error(s, "drill: --rounds "
				    "needs a number from 1 to %d", DRILL_ROUNDS_MAX);
			i++;
		} else if (strcmp(a, "--only") == 0) {
			if (parse_only(s, argc, argv, &i, &o->only, &o->draw) < 0)
				return -1;
		} else {
			return cmd_error(s, "drill: unknown %s \"%s\" (usage: " DRILL_USAGE ")",
			    a[0] == '-' ? "option" : "argument", a);
		}
	}
	if (o->reverse && o->forward)
		return cmd_error(s, "drill: --reverse and --forward exclude each other (one direction "
		    "for every round; neither mixes them)");
	return 0;
}

/* One forward drill, as it always was. */
static int
drill_forward_once(struct session *s, const struct drill_opts *o)
{
	char again[512];
	struct drill d;
	drill_make(&d, o->seed, o->level, kernel_get());
	d.cfg.timeout_ms = s->cfg.timeout_ms;
	drill_end(s);
	snprintf(again, sizeof(again), "drill --seed %lu%s", o->seed, o->level == DRILL_HARD ?
	    " --level hard" : "");
	pose_forward(s, &d);
	if (!o->answers) {
		drill_ask(s, &d, again);
		return 0;
	}
	unsigned int before = s->nexperiments;
	if (session_run_line(s, "spawn") < 0 || s->nexperiments == before || !s->last)
		return cmd_error(s, "drill: the experiment did not run, so there are no answers");
	drill_answers(s, &d, s->last);
	return 0;
}

/* The answers of every round, each measured: nothing is asked, and no
 * drill waits for an answer afterwards.  Frees st. */
static int
drill_all_answers(struct session *s, struct drill_state *st)
{
	int status = 0;
	for (st->round = 0; st->round < (st->rounds ? st->rounds : 1) && status == 0; st->round++) {
		if (pose_round(s, st, true) < 0) {
			status = -1;
		} else if (st->d.reverse) {
			reverse_answers(s, &st->d);
		} else {
			unsigned int before = s->nexperiments;
			if (session_run_line(s, "spawn") < 0 || s->nexperiments == before || !s->last)
				status = cmd_error(s, "drill: the experiment did not run, so there are no "
				    "answers");
			else {
				char line[1024];
				drill_answers(s, &st->d, s->last);
				out_printf(s->out, "  %s\n", predict_line(&st->d, s->last, line, sizeof(line)));
			}
		}
	}
	state_free(st);
	return status;
}

static int
cmd_drill(struct session *s, int argc, char **argv)
{
	struct drill_opts o = { .level = DRILL_EASY };
	if (drill_options(s, argc, argv, &o) < 0)
		return -1;
	if (s->dry)
		return 0;
	if (!o.have_seed)
		o.seed = drill_new_seed();
	if (!o.reverse && !o.rounds && !o.only && !o.draw)
		return drill_forward_once(s, &o);

	struct drill_state *st = calloc(1, sizeof(*st));
	if (st) {
		st->shown = nofork_alloc(sizeof(*st->shown));
		st->mine = nofork_alloc(sizeof(*st->mine));
	}
	if (!st || !st->shown || !st->mine) {
		state_free(st);
		return cmd_error(s, "drill: %s", strerror(ENOMEM));
	}
	st->seed = o.seed;
	st->level = o.level;
	st->only = o.only;
	st->draw = o.draw;
	st->reverse = o.reverse;
	st->forward = o.forward;
	st->rounds = (int)o.rounds;
	drill_end(s);
	if (o.answers)
		return drill_all_answers(s, st);
	s->drill = st;
	s->drill_end = drill_end;
	s->drill_after_spawn = drill_after_spawn;
	s->drill_own_answer = drill_own_answer;
	if (pose_round(s, st, false) < 0) {
		drill_end(s);
		return -1;
	}
	/* One forward drill waits for nothing: predict and spawn grade it. */
	if (!o.rounds && !o.reverse)
		drill_end(s);
	return 0;
}

const struct command cmd_drill_entry = {
	.name = "drill",
	.args = "[--reverse|--forward] [--rounds N] [--seed N] [--level easy|hard] [--only FLAG...] "
	    "[--answers]",
	.summary = "a random experiment to predict",
	.help =
	    "Picks a random valid flag set and child function, asks for predictions (answer with "
	    "predict), spawns, grades and explains. --seed N makes the same drill again; --answers "
	    "shows the answers without asking. --reverse asks the other way: it runs an experiment "
	    "without telling its flags and shows what was measured; answer with \"answer flags vm "
	    "files\" (or \"answer flags none\"): your flags are run too, and any set that gives the "
	    "same observation is right. --rounds N is a practice of N drills, both ways (all "
	    "--reverse, or all --forward), with a score; --only vm files draws only from those "
	    "flags, and --only's words signal, end, variant and seccomp draw the exit signal "
	    "(SIGCHLD, none or SIGUSR1), the stack's end (top or bottom), the call (clone or "
	    "clone3) or the lab's seccomp filter (one --only flag refused to clone(), or clone3 "
	    "refused; then asked: clone.errno) too. With "
	    "--answers, a forward round's answers end with the predict line that gives them.",
	.man =
	    "Set up a random experiment to predict: a flag set the kernel's rules accept\n"
	    "(the validator checks it) and a child function with its arguments.\n"
	    ".B easy\n"
	    "(the default) draws from\n"
	    ".BR vm ,\n"
	    ".BR fs ,\n"
	    ".B files\n"
	    "and\n"
	    ".B sighand\n"
	    "and one of\n"
	    ".BR write\\-global ,\n"
	    ".BR open\\-fd ,\n"
	    ".BR chdir ,\n"
	    ".B sigaction\n"
	    "and\n"
	    ".BR hello ;\n"
	    ".B hard\n"
	    "adds\n"
	    ".BR thread ,\n"
	    ".BR vfork ,\n"
	    ".BR parent ,\n"
	    ".BR sysvsem ,\n"
	    ".BR io ,\n"
	    ".BR settls ,\n"
	    ".B newuts\n"
	    "and\n"
	    ".B newpid\n"
	    "(always with\n"
	    ".BR newuser ,\n"
	    "so the drill needs no root), no exit signal, clone3, and more functions.\n"
	    "It prints the drill's seed and its settings as commands\n"
	    "(\\fBdrill 12345: flags = vm files; fn open\\-fd /etc/passwd\\fR), sets them\n"
	    "(the stack goes back to 64k with its guard page; the timeout stays), forgets\n"
	    "predictions made before, and lists what to predict: the kcmp resources\n"
	    "(shared or copied), the field that shows the function's effect\n"
	    ".RB ( global ,\n"
	    ".BR heap ,\n"
	    ".BR cwd ,\n"
	    ".BR umask ,\n"
	    ".BR mapping ,\n"
	    ".BR hostname ),\n"
	    "the thread count, pid or namespace the flags change, and the exit.\n"
	    "Answer with\n"
	    ".B predict\n"
	    ".IR field = value ...,\n"
	    "then\n"
	    ".BR spawn ,\n"
	    "which grades each prediction.\n"
	    ".B drill \\-\\-seed\n"
	    ".I N\n"
	    "makes the same drill again, on any machine where the kernel accepts the same\n"
	    "flags: clonesh draws with a generator of its own (splitmix64), not libc's.\n"
	    ".B \\-\\-answers\n"
	    "asks nothing: it runs the experiment at once and prints each answer as\n"
	    "measured, with its reason (\\fBvm shared CLONE_VM: one address space ...\\fR),\n"
	    "like the \\fB\\-c\\fR of OSTEP's simulators.\n"
	    ".B undo\n"
	    "takes a drill's settings back.\n"
	    ".B \\-\\-reverse\n"
	    "asks the other way round: it runs an experiment whose flags it does not\n"
	    "tell, in a lab of its own (the session's settings and history stay), and\n"
	    "shows what was measured, a line a group of\n"
	    ".BR compare 's\n"
	    "rows (all but the settings, the stack's use and the lab's scheduler state).\n"
	    "Answer with\n"
	    ".B answer flags\n"
	    ".IR flag ...\n"
	    "(or\n"
	    ".BR \"answer flags none\" ):\n"
	    "your flags run with the same function, stack, variant and exit signal, and\n"
	    "the answer is right when every row the question showed measured is the same\n"
	    "(any set that gives the observation is), wrong with the rows that differ,\n"
	    "and not graded when a row could not be measured in your run.\n"
	    "An unknown flag, or a set the kernel refuses (sent as\n"
	    ".B spawn \\-\\-force\n"
	    "would send it, the refusal measured), is a one-line error, and the question\n"
	    "stands. Its hard level leaves out\n"
	    ".BR vfork ,\n"
	    "which only the lab's scheduler state would tell.\n"
	    ".B \\-\\-rounds\n"
	    ".I N\n"
	    "(1 to 50) plays\n"
	    ".I N\n"
	    "drills, round\n"
	    ".I i\n"
	    "with the seed plus\n"
	    ".IR i ,\n"
	    "each way by the seed (all reverse with\n"
	    ".BR \\-\\-reverse ,\n"
	    "all forward with\n"
	    ".BR \\-\\-forward ),\n"
	    "with a running score and a final line; a predicted round is right when\n"
	    "every prediction is.\n"
	    ".B \\-\\-only\n"
	    ".IR flag ...\n"
	    "draws only from those flags (with\n"
	    ".B clone\n"
	    "and\n"
	    ".BR SIGCHLD ,\n"
	    "and a function whose effect shows them where one does): a lesson's closing\n"
	    "drill. Its words\n"
	    ".BR signal ,\n"
	    ".BR end ,\n"
	    ".B variant\n"
	    "and\n"
	    ".B seccomp\n"
	    "draw a setting too (from a generator of their own, so a drill without them\n"
	    "stays what it was): the exit signal\n"
	    ".RB ( SIGCHLD ,\n"
	    "none or\n"
	    ".BR SIGUSR1 ;\n"
	    "then asked: the lab's plain\n"
	    ".B waitpid\n"
	    ".RB ( wait.plain ,\n"
	    ".B ok\n"
	    "or\n"
	    ".BR ECHILD )\n"
	    "and the signal that killed the lab\n"
	    ".RB ( run.lab_signal )),\n"
	    "the stack's end\n"
	    ".RB ( top\n"
	    "or\n"
	    ".BR bottom ,\n"
	    "for\n"
	    ".BR clone ()\n"
	    "only; then asked\n"
	    ".BR run.lab_signal ),\n"
	    "the call\n"
	    ".RB ( clone\n"
	    "or\n"
	    ".BR clone3 ),\n"
	    "or the lab's seccomp filter (one of the\n"
	    ".B \\-\\-only\n"
	    "flags refused to\n"
	    ".BR clone (),\n"
	    "or every\n"
	    ".B clone3\n"
	    "refused with ENOSYS; then asked\n"
	    ".BR clone.errno ).\n"
	    "In a lesson, a forward round is answered with\n"
	    ".B predict\n"
	    "and\n"
	    ".BR spawn .\n"
	    "With\n"
	    ".BR \\-\\-answers ,\n"
	    "a reverse drill prints the flags it ran\n"
	    ".RB ( \"answer flags vm files\" ),\n"
	    "a forward round the predict line of its measured answers\n"
	    ".RB ( \"predict vm=false ... exit=0\" ).\n",
	.completer = COMPLETE_DRILL,
	.handler = cmd_drill,
};
