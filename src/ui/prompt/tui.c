#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "course.h"
#include "demo.h"
#include "flags.h"
#include "kobjects.h"
#include "lab.h"
#include "layout.h"
#include "lesson.h"
#include "mdtext.h"
#include "output.h"
#include "pane.h"
#include "repl.h"
#include "scrollback.h"
#include "session.h"
#include "suspend.h"
#include "tui.h"
#include "uistate.h"
#include "util.h"
#include "view.h"

#define TUI_PROMPT "clonesh> "
#define TUI_QUEUE_MAX 16
#define TUI_LIVE_MS 200

/* The pane front end: readline in callback mode fed from ncurses input,
 * drawing through pane.c.  One loop waits on the terminal and on captured
 * stderr; while an experiment runs, the lab calls tui_poll every few ms,
 * which keeps the same loop going (typing echoes, kill and Ctrl-C work). */
enum { TUI_NKEYS = 3 };	/* the keys of tui_keys */

struct tui {
	struct session *s;
	struct output out;		/* what commands print goes to the scrollback */
	struct output *saved_out;
	FILE *null_out;			/* readline's output, which the pane draws itself */
	rl_command_func_t *plain_keys[TUI_NKEYS];	/* what tui_keys did before */
	struct scrollback sb;
	struct view view, before;	/* this phase's rows and the previous phase's */
	struct kgraph graph;		/* this phase's kernel objects (view diagram) */
	char syscall[512];
	char phase_line[256];
	char status[512];
	unsigned char keys[256];	/* bytes read from the terminal, for readline */
	size_t nkeys, keypos;
	char *queue[TUI_QUEUE_MAX];	/* lines waiting to run */
	bool echoed[TUI_QUEUE_MAX];	/* already shown as typed (during an experiment) */
	bool untrusted[TUI_QUEUE_MAX];	/* a lesson's command, played by --demo */
	bool from_lesson;		/* the line being entered is the demo lesson's */
	size_t nqueue;
	bool dirty;
	bool interrupt;			/* Ctrl-C while an experiment runs */
	bool eof;
	int err_pipe[2];		/* stderr while curses owns the screen */
	int saved_stderr;
	struct timespec live_at;
	const struct observation *live;	/* the running experiment's observation */
	struct timespec started;

	struct demo *demo;		/* --demo: the script being played */
	enum { DS_NONE, DS_NEXT, DS_TYPING, DS_READY, DS_PAUSE_KEY, DS_PAUSED } ds;
	size_t typed;			/* bytes of the current command typed so far */
	int esc;			/* in an escape sequence: 1 after ESC, 2 after ESC [ */
	struct timespec next_char;
	char narration[512];		/* the demo's last narration line */

	/* The lesson's page, rendered for the width it was drawn at. */
	struct md_text *blocks;		/* one rendering a page block */
	int nblocks;
	struct pane_page_line *lines;	/* every block's lines, in order */
	int nlines;
	const struct course *page_of;	/* whose page, at which change, how wide */
	unsigned int page_changes, page_epoch;
	int page_width;
	int page_top;			/* the first line shown (Alt-Up, Alt-Down) */
	int grade_line;			/* the line the step's grade starts on, -1 none */
	unsigned int rows_epoch;	/* the page (step) step_exp was noted for */
	unsigned int step_exp;		/* the last experiment's number when it began */
	char page_header[256];
	struct pane_page page;
};

static struct tui *tui_current;
static volatile sig_atomic_t tui_signal;

/* --- signals -------------------------------------------------------------- */

static void
tui_on_term(int sig)
{
	tui_signal = sig;
}

static void
tui_on_fatal(int sig)
{
	/* Give the learner's terminal back before dying. */
	pane_emergency_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
tui_signals(bool on)
{
	static const int term_sigs[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT };
	static const int fatal_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(term_sigs); i++) {
		sa.sa_handler = on ? tui_on_term : SIG_DFL;
		sa.sa_flags = 0;	/* no SA_RESTART: poll must wake up */
		sigaction(term_sigs[i], &sa, NULL);
	}
	for (size_t i = 0; i < ARRAY_SIZE(fatal_sigs); i++) {
		sa.sa_handler = on ? tui_on_fatal : SIG_DFL;
		sa.sa_flags = SA_RESETHAND;
		sigaction(fatal_sigs[i], &sa, NULL);
	}
}

/* --- output into the scrollback ------------------------------------------ */

static void
tui_write(struct output *out, enum out_kind kind, const char *s, size_t len)
{
	struct tui *t = out->data;
	scrollback_add(&t->sb, s, len, kind == OUT_ERROR);
	t->dirty = true;
}

static void
tui_drain_stderr(struct tui *t)
{
	char buf[1024];
	ssize_t n;
	while (t->err_pipe[0] >= 0 && (n = read(t->err_pipe[0], buf, sizeof(buf))) > 0) {
		scrollback_add(&t->sb, buf, (size_t)n, true);
		t->dirty = true;
	}
}

/* --- what the pane shows ---------------------------------------------------- */

/* The bytes of s that fit in width cells (UTF-8), and in *cells their width. */
static size_t
str_fit(const char *s, int width, int *cells)
{
	mbstate_t st;
	size_t len = strlen(s), used = 0;
	int w = 0;
	memset(&st, 0, sizeof(st));
	while (used < len) {
		wchar_t wc;
		int cw = 1;
		size_t k = mbrtowc(&wc, s + used, len - used, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof(st));
			k = 1;
		} else {
			cw = wcwidth(wc) > 0 ? wcwidth(wc) : 0;
		}
		if (w + cw > width)
			break;
		w += cw;
		used += k;
	}
	*cells = w;
	return used;
}

/* left, then right at the end of width cells; left is cut (with an
 * ellipsis) where both do not fit. */
static void
status_fit(char *buf, size_t size, const char *left, const char *right, int width)
{
	int lw, rw;
	str_fit(right, INT_MAX, &rw);
	size_t keep = str_fit(left, width - rw, &lw);
	const char *more = "";
	if (left[keep]) {
		more = MB_CUR_MAX > 1 ? "…" : "~";
		keep = str_fit(left, width - rw - 1, &lw);
		lw++;
	}
	int pad = width - lw - rw;
	snprintf(buf, size, "%.*s%s%*s%s", (int)keep, left, more, pad > 0 ? pad : 0, "", right);
}

static void
tui_status(struct tui *t)
{
	const struct experiment *e = &t->s->cfg;
	char fl[300], sz[32], fn[160] = "";

	flags_format(e->flags, e->variant == VARIANT_CLONE ? e->exit_signal : 0, fl, sizeof(fl));
	if (e->variant == VARIANT_CLONE3 && e->exit_signal) {
		char sig[32];
		str_append(fl, sizeof(fl), " exit_signal=%s", signal_name(e->exit_signal, sig, sizeof(sig)));
	}
	if (e->fn) {
		str_append(fn, sizeof(fn), "%s", e->fn->name);
		for (int i = 0; i < e->argc; i++)
			str_append(fn, sizeof(fn), " %s", e->argv[i]);
	}
	char what[512];
	snprintf(what, sizeof(what), " %s %s · stack %s%s · fn %s", variant_name(e->variant), fl,
	    size_format(e->stack_size, sz, sizeof(sz)), e->guard ? "" : " (no guard)", fn);
	/* "#N" is an experiment's number everywhere (the output, history,
	 * compare); the commands typed are counted apart, by name. */
	char counters[64];
	int n = snprintf(counters, sizeof(counters), "%s", t->s->step ? " · step" : "");
	if (t->s->last)
		n += snprintf(counters + n, sizeof(counters) - (size_t)n, " · exp #%u",
		    t->s->last->number);
	snprintf(counters + n, sizeof(counters) - (size_t)n, " · cmd %lu", t->s->ncommands);
	/* The mode and the counters stay at the right end; long settings give way. */
	struct layout l;
	pane_layout(&l, 0);	/* the status line spans the screen */
	status_fit(t->status, sizeof(t->status), what, counters, l.status.w);
}

/* The keys the demo takes now. */
static const char *
tui_demo_keys(const struct tui *t)
{
	return t->ds == DS_PAUSED ? "paused: type commands, then resume" :
	    t->ds == DS_PAUSE_KEY ? "pause: Space or Enter goes on · b back · q leave" :
	    "Space/Enter runs · b back · p pause · q leave";
}

/* The demo's step for the lesson region: where it is, its keys, and the
 * narration. */
static const char *
tui_lesson_text(struct tui *t, char *buf, size_t size)
{
	const struct course *c = t->s->course;
	if (!c && t->demo && t->ds != DS_NONE) {
		const struct demo *d = t->demo;
		/* The file's name, and the keys on a line of their own: at 80
		 * columns the header never wraps (a path can be long). */
		const char *name = strrchr(d->path, '/') ? strrchr(d->path, '/') + 1 : d->path;
		snprintf(buf, size, " demo %s · command %d of %d\n %s\n%s%s\n", name,
		    demo_commands(d, d->next + 1), demo_commands(d, d->n), tui_demo_keys(t),
		    t->narration[0] ? "» " : "", t->narration);
		return buf;
	}
	/* A lesson has its page (tui_page_model). */
	return NULL;
}

/* --- the lesson's page ------------------------------------------------------ */

static unsigned int tui_focus(const struct tui *t);

static void
tui_page_free(struct tui *t)
{
	for (int i = 0; i < t->nblocks; i++)
		md_text_free(&t->blocks[i]);
	free(t->blocks);
	free(t->lines);
	t->blocks = NULL;
	t->lines = NULL;
	t->nblocks = t->nlines = 0;
}

/* Text that Markdown must show as written: punctuation escaped, each line
 * break kept (a backslash before it), leading blanks dropped. */
static char *
md_literal(const char *text)
{
	size_t n = strlen(text);
	char *out = malloc(2 * n + 1), *o = out;
	if (!out)
		return NULL;
	bool line_start = true;
	for (const char *p = text; *p; p++) {
		if (line_start && *p == ' ')
			continue;
		line_start = *p == '\n';
		if (*p == '\n')
			*o++ = '\\';
		else if ((unsigned char)*p < 0x80 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", *p))
			*o++ = '\\';
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

static enum page_role
page_role_of(enum page_kind k)
{
	switch (k) {
	case PAGE_COMMANDS: return PAGE_ROLE_COMMAND;
	case PAGE_QUESTION: return PAGE_ROLE_QUESTION;
	case PAGE_NOTE: return PAGE_ROLE_NOTE;
	case PAGE_RIGHT: return PAGE_ROLE_RIGHT;
	case PAGE_WRONG: return PAGE_ROLE_WRONG;
	case PAGE_DONE: return PAGE_ROLE_DONE;
	default: return PAGE_ROLE_TEXT;
	}
}

/* Whether a blank line separates block k from the one before: around the
 * lesson's text, commands and question, not between clonesh's short lines. */
static bool
page_gap(const struct course *c, int k)
{
	if (k == 0)
		return false;
	enum page_kind a = c->page[k - 1].kind, b = c->page[k].kind;
	bool short_a = a >= PAGE_NOTE, short_b = b >= PAGE_NOTE;
	return !(short_a && short_b);
}

/* Renders the course's page for width columns, again only when it changed;
 * new blocks at the end scroll into view, a new step starts at its top. */
static void
tui_page_build(struct tui *t, int width)
{
	const struct course *c = t->s->course;
	if (c == t->page_of && c && c->page_changes == t->page_changes && width == t->page_width)
		return;
	bool same_step = c && c == t->page_of && c->page_epoch == t->page_epoch &&
	    t->nblocks <= c->npage && width == t->page_width;
	int old_lines = same_step ? t->nlines : 0;
	tui_page_free(t);
	t->page_of = c;
	t->page_width = width;
	t->page_changes = c ? c->page_changes : 0;
	t->page_epoch = c ? c->page_epoch : 0;
	if (!c)
		return;
	t->blocks = calloc((size_t)(c->npage ? c->npage : 1), sizeof(*t->blocks));
	if (!t->blocks)
		return;
	t->nblocks = c->npage;
	int total = 0;
	for (int k = 0; k < c->npage; k++) {
		const struct page_block *b = &c->page[k];
		char *md = NULL;
		/* A note's leading line end ("\nstep 2 of 4") parts it from what plain
		 * mode printed before; on the page the gap or the top does. */
		const char *text = b->text[0] == '\n' && (k == 0 || page_gap(c, k)) ? b->text + 1 : b->text;
		if (b->kind == PAGE_MARKDOWN)
			md = strdup(text);
		else if (b->kind == PAGE_COMMANDS && asprintf(&md, "```clonesh\n%s\n```\n", text) < 0)
			md = NULL;
		else if (b->kind != PAGE_COMMANDS)
			md = md_literal(text);
		if (!md || md_render(md, width, &t->blocks[k]) < 0)
			t->blocks[k] = (struct md_text){ NULL, 0 };
		free(md);
		total += t->blocks[k].nlines + page_gap(c, k);
	}
	static char empty[1];
	static const struct md_line blank = { .text = empty };
	t->lines = calloc((size_t)(total ? total : 1), sizeof(*t->lines));
	if (!t->lines)
		return;
	t->grade_line = -1;
	int skip_line = -1;		/* "step N is skipped here: ...", under the step's title */
	for (int k = 0; k < c->npage; k++) {
		if (page_gap(c, k))
			t->lines[t->nlines++] = (struct pane_page_line){ &blank, PAGE_ROLE_TEXT };
		if (str_prefix(c->page[k].text, "prediction: "))
			t->grade_line = t->nlines;
		if (k > 0 && str_prefix(c->page[k].text, "step ") && strstr(c->page[k].text, " is skipped here: "))
			skip_line = t->nlines - t->blocks[k - 1].nlines - page_gap(c, k);
		for (int i = 0; i < t->blocks[k].nlines; i++)
			t->lines[t->nlines++] = (struct pane_page_line){ &t->blocks[k].lines[i],
			    page_role_of(c->page[k].kind) };
	}
	if (!same_step)	/* a skipped step opens at its title: why it is skipped in view */
		t->page_top = skip_line > 0 ? -(skip_line + 1) : 0;
	else if (t->nlines > old_lines)
		t->page_top = -(old_lines + 1);	/* placed when the height is known */
}

/* Whether the pane keeps its rows beside the lesson's page: once the step
 * ran an experiment, or is done.  Before, its rows are an earlier step's,
 * and the page the learner reads takes all of them but one. */
static bool
tui_rows_kept(struct tui *t)
{
	const struct course *c = t->s->course;
	unsigned int last = t->s->last ? t->s->last->number : 0;
	if (t->view.nrows <= 0)
		return false;
	if (!c || t->s->running)
		return true;
	if (c->page_epoch != t->rows_epoch) {
		t->rows_epoch = c->page_epoch;
		t->step_exp = last;
	}
	return last != t->step_exp || c->step_done;
}

/* The page for the pane, its lines fitted to the region the layout gives. */
static const struct pane_page *
tui_page_model(struct tui *t, int *want)
{
	const struct course *c = t->s->course;
	*want = 0;
	if (!c)
		return NULL;
	struct layout l;
	pane_layout(&l, 0);
	if (l.too_small)
		return NULL;
	tui_page_build(t, l.cols - 2);
	*want = t->nlines + 1;
	struct rect r;
	pane_lesson_rect(*want, tui_focus(t), tui_rows_kept(t), ui_state.projector, &r);
	int rows = r.h - 1;
	if (t->page_top < 0) {
		/* New lines: the end in view, but not past the first new line. */
		int first_new = -t->page_top - 1, end = t->nlines - rows;
		/* The step's grade stays in view as long as it can: what came
		 * after it (expectations, the closing text) gives way first. */
		if (t->grade_line >= 0 && t->grade_line < first_new)
			first_new = t->grade_line;
		t->page_top = end < first_new ? end : first_new;
	}
	if (t->page_top > t->nlines - rows)
		t->page_top = t->nlines - rows;
	if (t->page_top < 0)
		t->page_top = 0;
	const struct lesson *ls = c->lesson;
	/* A demo's keys come before the title, which the page repeats. */
	if (t->demo && t->ds != DS_NONE)
		snprintf(t->page_header, sizeof(t->page_header), " lesson %d · step %d of %d · %s",
		    ls->number, c->step + 1, ls->nsteps, t->ds == DS_PAUSED ? "paused: resume goes on" :
		    t->ds == DS_PAUSE_KEY ? "Space goes on" : "Space runs");
	else
		snprintf(t->page_header, sizeof(t->page_header), " lesson %d · step %d of %d: %s",
		    ls->number, c->step + 1, ls->nsteps, ls->steps[c->step].title);
	t->page = (struct pane_page){ t->page_header, t->lines, t->nlines, t->page_top };
	return &t->page;
}

/* The groups shown first: the lesson step's focus, else the teacher's. */
static unsigned int
tui_focus(const struct tui *t)
{
	const struct course *c = t->s->course;
	if (c && c->lesson->steps[c->step].focus)
		return c->lesson->steps[c->step].focus;
	return ui_state.focus;
}

/* The pane's header between experiments: how the last one ended. */
static void
tui_idle_line(struct tui *t)
{
	const struct observation *o = t->s->last;
	const char *how = !o ? NULL : o->cost.measured ? "cost measured, in its labs" :
	    !o->clone_ok ? "refused by the kernel" :
	    o->timed_out ? "timed out" : o->interrupted ? "interrupted" :
	    o->reached >= PHASE_EXITED ? "child exited" : phase_name(o->reached);
	if (how)
		snprintf(t->phase_line, sizeof(t->phase_line), "last experiment #%u: %s (PgUp/PgDn "
		    "scroll the output, F2 diagram/table, Ctrl-L redraws)", o->number, how);
	else
		snprintf(t->phase_line, sizeof(t->phase_line), "before clone → child started → child "
		    "acted → child exited");
}

static void
tui_draw(struct tui *t)
{
	if (ui_state.repaint) {
		/* A new recording or scheme starts from a whole screen. */
		pane_invalidate();
		ui_state.repaint = false;
	}
	tui_status(t);
	if (!t->s->running && !t->phase_line[0])
		tui_idle_line(t);
	char lesson[2048];
	const char *lesson_text = tui_lesson_text(t, lesson, sizeof(lesson));
	int page_lines;
	const struct pane_page *page = tui_page_model(t, &page_lines);
	struct pane_model m = {
		.lesson = lesson_text,
		.page = page,
		.page_lines = page_lines,
		.rows_kept = tui_rows_kept(t),
		.status = t->status,
		.phase_line = t->phase_line,
		.view = &t->view,
		.graph = &t->graph,
		.diagram = ui_state.diagram,
		.cost = t->s->last && t->s->last->cost.measured ? &t->s->last->cost : NULL,
		.syscall = t->syscall,
		.out = &t->sb,
		.prompt = t->s->running ? "(running) " TUI_PROMPT : TUI_PROMPT,
		.line = rl_line_buffer,
		.point = rl_point,
		.projector = ui_state.projector,
		.light = ui_state.projector_light,
		.focus = tui_focus(t),
	};
	pane_draw(&m);
	/* A recording keeps what the room saw, frame by frame. */
	pane_record();
	t->dirty = false;
}

/* --- readline in callback mode --------------------------------------------- */

static int
tui_getc(FILE *f)
{
	struct tui *t = tui_current;
	if (!t || t->keypos >= t->nkeys)
		return EOF;
	return t->keys[t->keypos++];
}

static int
tui_input_available(void)
{
	struct tui *t = tui_current;
	return t && t->keypos < t->nkeys;
}

static void
tui_redisplay(void)
{
	if (tui_current)
		tui_current->dirty = true;
}

static void
tui_display_matches(char **matches, int n, int max)
{
	struct tui *t = tui_current;
	char line[1024] = "";
	/* Whole matches only (the output region wraps at the spaces between
	 * them); what does not fit is counted, never cut. */
	for (int i = 1; i <= n; i++) {
		if (strlen(line) + strlen(matches[i]) + 24 >= sizeof(line)) {
			str_append(line, sizeof(line), "  (and %d more)", n - i + 1);
			break;
		}
		str_append(line, sizeof(line), "%s%s", i > 1 ? "  " : "", matches[i]);
	}
	scrollback_add(&t->sb, line, strlen(line), false);
	scrollback_add(&t->sb, "\n", 1, false);
	t->dirty = true;
}

/* Shows a line as typed at the prompt, in the output region. */
static void
tui_echo(struct tui *t, const char *line, const char *note)
{
	char echo[1200];
	int n = snprintf(echo, sizeof(echo), "%s%s%s\n", TUI_PROMPT, line, note);
	if (n > 0)
		scrollback_add(&t->sb, echo, (size_t)n < sizeof(echo) ? (size_t)n : sizeof(echo) - 1, false);
}

static void
tui_line(char *line)
{
	struct tui *t = tui_current;
	if (!line) {
		t->eof = true;
		return;
	}
	const char *p = line + strspn(line, " \t");
	if (t->demo && t->ds == DS_PAUSED && strcmp(p, "resume") == 0) {
		tui_echo(t, line, "   (the demo goes on)");
		t->ds = DS_NEXT;
		free(line);
		t->dirty = true;
		return;
	}
	repl_remember(line);
	if (t->s->running && (strcmp(p, "kill") == 0 || strncmp(p, "kill ", 5) == 0)) {
		tui_echo(t, line, "");
		session_run_line(t->s, line);
	} else if (t->nqueue < TUI_QUEUE_MAX) {
		if (t->s->running)
			tui_echo(t, line, "   (queued until the experiment ends; kill ends it now)");
		t->echoed[t->nqueue] = t->s->running;
		t->untrusted[t->nqueue] = t->from_lesson;
		t->queue[t->nqueue++] = line;	/* the queue's now */
		line = NULL;
	} else {
		tui_echo(t, line, "   (dropped: too many lines typed during the experiment)");
	}
	free(line);
	t->dirty = true;
}

static void
tui_prep_term(int meta)
{
}

static void
tui_deprep_term(void)
{
}

static int
tui_ctrl_c(int count, int key)
{
	struct tui *t = tui_current;
	if (t->s->running) {
		t->interrupt = true;
	} else {
		rl_replace_line("", 0);
		rl_point = rl_end = 0;
	}
	t->dirty = true;
	return 0;
}

/* Ctrl-Z suspends the pane as vim and less do: the terminal raw, the key
 * comes as a byte, not as SIGTSTP. */
static int
tui_ctrl_z(int count, int key)
{
	struct tui *t = tui_current;
	if (t->s->running)
		out_error(t->s->out, "Ctrl-Z: not while an experiment runs (kill or Ctrl-C ends it)");
	else if (pane_suspend() < 0)
		out_error(t->s->out, "Ctrl-Z: " SUSPEND_REFUSED);
	t->dirty = true;
	return 0;
}

static int
tui_ctrl_l(int count, int key)
{
	pane_invalidate();
	tui_current->dirty = true;
	return 0;
}

static int
tui_page(int count, int key)
{
	if (!tui_current)
		return 0;	/* the plain front end has no scrollback */
	struct layout l;
	pane_layout(&l, tui_current->page.lines && tui_current->s->course ? tui_current->nlines + 1 : 0);
	int page = l.output.h > 2 ? l.output.h - 1 : 1;
	scrollback_scroll(&tui_current->sb, key == 'u' ? page : -page);
	tui_current->dirty = true;
	return 0;
}

static int
tui_page_up(int count, int key)
{
	return tui_page(count, 'u');
}

static int
tui_page_down(int count, int key)
{
	return tui_page(count, 'd');
}

/* F2: the diagram of the kernel objects, or the table (view diagram|table). */
static int
tui_view_toggle(int count, int key)
{
	if (!tui_current)
		return 0;
	ui_state.diagram = !ui_state.diagram;
	tui_current->dirty = true;
	return 0;
}

/* Alt-Up and Alt-Down: the lesson's page, half a region at a time. */
static int
tui_lesson_scroll(int count, int key)
{
	struct tui *t = tui_current;
	if (!t || !t->s->course)
		return 0;
	struct rect r;
	pane_lesson_rect(t->nlines + 1, tui_focus(t), tui_rows_kept(t), ui_state.projector, &r);
	int step = r.h > 4 ? (r.h - 1) / 2 : 1;
	t->page_top += key == 'u' ? -step : step;
	if (t->page_top < 0)
		t->page_top = 0;	/* the model clamps the other end */
	t->dirty = true;
	return 0;
}

static int
tui_lesson_up(int count, int key)
{
	return tui_lesson_scroll(count, 'u');
}

static int
tui_lesson_down(int count, int key)
{
	return tui_lesson_scroll(count, 'd');
}

/* Alt-Right and Alt-Left on an empty line: the next or the previous creation
 * of the last trace, as the line "trace show next" (or prev) typed, so that
 * the history and the journal say what ran. */
static int
tui_trace_move(const char *line)
{
	if (!tui_current || rl_end != 0)
		return 0;
	rl_replace_line(line, 0);
	rl_point = rl_end;
	return rl_newline(1, '\n');
}

static int
tui_trace_next(int count, int key)
{
	return tui_trace_move("trace show next");
}

static int
tui_trace_prev(int count, int key)
{
	return tui_trace_move("trace show prev");
}

/* --- the demo ------------------------------------------------------------- */

static void
tui_demo_say(struct tui *t, const char *text)
{
	scrollback_add(&t->sb, text, strlen(text), false);
	scrollback_add(&t->sb, "\n", 1, false);
	t->dirty = true;
}

/* Plays narration and stops at the next pause or command. */
static void
tui_demo_advance(struct tui *t)
{
	struct demo *d = t->demo;
	while (d->next < d->n) {
		const struct demo_item *it = &d->items[d->next];
		if (it->kind == DEMO_NARRATION) {
			char line[600];
			snprintf(line, sizeof(line), "» %s", it->text);
			tui_demo_say(t, line);
			str_copy(t->narration, it->text, sizeof(t->narration));
			d->next++;
			continue;
		}
		if (it->kind == DEMO_PAUSE) {
			t->ds = DS_PAUSE_KEY;
			return;
		}
		rl_replace_line("", 0);
		rl_point = rl_end = 0;
		t->typed = 0;
		clock_gettime(CLOCK_MONOTONIC, &t->next_char);
		t->ds = DS_TYPING;
		return;
	}
	t->ds = DS_NONE;
	tui_demo_say(t, "[demo over: the prompt is yours]");
}

/* Types the next character of the current command when its time comes. */
static void
tui_demo_tick(struct tui *t)
{
	if (t->ds != DS_TYPING)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < t->next_char.tv_sec ||
	    (now.tv_sec == t->next_char.tv_sec && now.tv_nsec < t->next_char.tv_nsec))
		return;
	const char *text = t->demo->items[t->demo->next].text;
	size_t len = strlen(text);
	if (t->typed < len) {
		/* A whole UTF-8 character at a time. */
		size_t n = 1;
		while (t->typed + n < len && ((unsigned char)text[t->typed + n] & 0xc0) == 0x80)
			n++;
		char piece[8];
		snprintf(piece, sizeof(piece), "%.*s", (int)n, text + t->typed);
		rl_insert_text(piece);
		t->typed += n;
		t->dirty = true;
	}
	if (t->typed >= len)
		t->ds = DS_READY;
	t->next_char = now;
	t->next_char.tv_nsec += DEMO_CHAR_MS * 1000000L;
	if (t->next_char.tv_nsec >= 1000000000L) {
		t->next_char.tv_sec++;
		t->next_char.tv_nsec -= 1000000000L;
	}
}

/* The presenter's keys while the demo leads; false when readline should
 * have the key (paused, or no demo). */
static bool
tui_demo_key(struct tui *t, int k)
{
	struct demo *d = t->demo;
	if (!d || (t->ds != DS_TYPING && t->ds != DS_READY && t->ds != DS_PAUSE_KEY))
		return false;
	if (k == 26)
		return false;	/* Ctrl-Z suspends a demo too */
	/* An escape sequence (Alt-Down, PgUp) goes to readline whole: the
	 * presenter scrolls the page or the output between commands. */
	if (t->esc) {
		if (k == 0x1b || (t->esc == 1 && (k == '[' || k == 'O')))
			t->esc = k == 0x1b ? 1 : 2;
		else if (t->esc == 1 || (k >= 0x40 && k <= 0x7e))
			t->esc = 0;
		return false;
	}
	if (k == 0x1b) {
		t->esc = 1;
		return false;
	}
	if (k == ' ' || k == '\r' || k == '\n') {
		if (t->ds == DS_TYPING) {
			rl_insert_text(d->items[d->next].text + t->typed);
			t->typed = strlen(d->items[d->next].text);
			t->ds = DS_READY;
		} else if (t->ds == DS_PAUSE_KEY) {
			d->next++;
			t->ds = DS_NEXT;
		} else {
			/* Run it as if typed and entered. */
			char *line = strdup(rl_line_buffer);
			rl_replace_line("", 0);
			rl_point = rl_end = 0;
			d->next++;
			t->ds = DS_NEXT;
			if (line) {
				t->from_lesson = d->lesson;
				tui_line(line);
				t->from_lesson = false;
			}
		}
	} else if (k == 'b') {
		d->next = demo_previous_command(d, d->next + 1);
		t->ds = DS_NEXT;
	} else if (k == 'p') {
		rl_replace_line("", 0);
		rl_point = rl_end = 0;
		t->ds = DS_PAUSED;
		tui_demo_say(t, "[demo paused: type any command; \"resume\" goes on]");
	} else if (k == 'q') {
		rl_replace_line("", 0);
		rl_point = rl_end = 0;
		t->ds = DS_NONE;
		tui_demo_say(t, "[demo left: the prompt is yours, the settings as they are]");
	}
	t->dirty = true;
	return true;
}

/* Reads what the terminal has and hands it to readline. */
static void
tui_pump(struct tui *t)
{
	int k;
	t->nkeys = t->keypos = 0;
	while (t->nkeys < sizeof(t->keys) && (k = pane_key()) != PANE_KEY_NONE) {
		if (k == PANE_KEY_RESIZE) {
			t->dirty = true;
			continue;
		}
		if (!t->s->running && tui_demo_key(t, k))
			continue;
		t->keys[t->nkeys++] = (unsigned char)k;
	}
	while (t->keypos < t->nkeys && !t->eof)
		rl_callback_read_char();
	tui_drain_stderr(t);
}

/* --- while an experiment runs -------------------------------------------- */

static long
ms_since(const struct timespec *a)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - a->tv_sec) * 1000 + (now.tv_nsec - a->tv_nsec) / 1000000;
}

/* The running child, refreshed: its state (the lab's fact) and how long it has run. */
static void
tui_live(struct tui *t)
{
	static const char *const state_word[] = {
		[LAB_CHILD_GONE] = "gone", [LAB_CHILD_RUNNING] = "running (R)",
		[LAB_CHILD_SLEEPING] = "sleeping (S)", [LAB_CHILD_WAITING] = "waiting (D)",
		[LAB_CHILD_ZOMBIE] = "a zombie (Z)",
	};

	if (!t->live || t->live->reached < PHASE_STARTED || ms_since(&t->live_at) < TUI_LIVE_MS)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t->live_at);
	snprintf(t->phase_line, sizeof(t->phase_line), "phase: %s · child %d is %s · %.1f s · "
	    "kill or Ctrl-C ends it", phase_name(t->live->reached),
	    (int)t->live->ids.pid_in_parent_ns, state_word[lab_child_state(t->live)],
	    ms_since(&t->started) / 1000.0);
	t->dirty = true;
}

static bool
tui_poll(void *data)
{
	struct tui *t = data;
	tui_pump(t);
	tui_live(t);
	if (t->dirty)
		tui_draw(t);
	return t->interrupt || t->s->kill_request || tui_signal || t->eof;
}

/* Waits for Enter or Space in step mode; the child is held still meanwhile. */
static void
tui_step_wait(struct tui *t, enum phase p)
{
	snprintf(t->phase_line, sizeof(t->phase_line), "step · phase: %s · Enter or Space goes on, "
	    "Ctrl-C stops the experiment", phase_name(p));
	tui_draw(t);
	while (!tui_signal) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		poll(&pfd, 1, 250);
		int k;
		while ((k = pane_key()) != PANE_KEY_NONE) {
			if (k == PANE_KEY_RESIZE) {
				tui_draw(t);
			} else if (k == '\r' || k == '\n' || k == ' ') {
				return;
			} else if (k == 3) {
				t->interrupt = true;
				return;
			} else if (k == 26) {
				out_error(t->s->out, "Ctrl-Z: not while an experiment runs (Enter goes "
				    "on, Ctrl-C ends it)");
				tui_draw(t);
			}
		}
	}
}

static void
tui_phase(void *data, enum phase p, const struct observation *o)
{
	struct tui *t = data;
	t->before = t->view;
	view_build(o, p, &t->view);
	view_mark_changes(&t->view, p == PHASE_BEFORE ? NULL : &t->before);
	kgraph_build(o, p, &t->graph);
	str_copy(t->syscall, o->syscall, sizeof(t->syscall));
	t->live = o;
	if (p == PHASE_BEFORE)
		clock_gettime(CLOCK_MONOTONIC, &t->started);
	snprintf(t->phase_line, sizeof(t->phase_line), "phase: %s  (› marks what changed)", phase_name(p));
	if (t->s->step && !t->interrupt && !t->s->kill_request)
		tui_step_wait(t, p);
	tui_draw(t);
}

/* --- the loop -------------------------------------------------------------- */

static void
tui_run_queued(struct tui *t)
{
	while (t->nqueue > 0 && !t->s->quit && !ui_state.switch_front && !tui_signal) {
		char *line = t->queue[0];
		bool echoed = t->echoed[0], untrusted = t->untrusted[0];
		t->nqueue--;
		memmove(t->queue, t->queue + 1, t->nqueue * sizeof(*t->queue));
		memmove(t->echoed, t->echoed + 1, t->nqueue * sizeof(*t->echoed));
		memmove(t->untrusted, t->untrusted + 1, t->nqueue * sizeof(*t->untrusted));
		t->interrupt = false;
		t->s->kill_request = false;
		t->phase_line[0] = '\0';
		t->live = NULL;
		if (!echoed)
			tui_echo(t, line, "");
		t->s->untrusted = untrusted;
		session_run_line(t->s, line);
		t->s->untrusted = false;
		free(line);
		t->s->running = false;
		t->live = NULL;
		t->phase_line[0] = '\0';
		/* Show the final observation as it stands. */
		if (t->s->last) {
			t->before = t->view;
			view_build(t->s->last, t->s->last->reached, &t->view);
			view_mark_changes(&t->view, &t->before);
			kgraph_build(t->s->last, t->s->last->reached, &t->graph);
			str_copy(t->syscall, t->s->last->syscall, sizeof(t->syscall));
		}
		t->dirty = true;
	}
	if (t->s->prompt_insert && t->nqueue == 0) {
		rl_replace_line(t->s->prompt_insert, 0);
		rl_point = rl_end;
		free(t->s->prompt_insert);
		t->s->prompt_insert = NULL;
		t->dirty = true;
	}
}

static bool
tui_stderr_open(struct tui *t)
{
	t->err_pipe[0] = t->err_pipe[1] = -1;
	t->saved_stderr = dup(STDERR_FILENO);
	if (t->saved_stderr < 0 || pipe2(t->err_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return false;
	fflush(stderr);
	dup2(t->err_pipe[1], STDERR_FILENO);
	return true;
}

static void
tui_stderr_close(struct tui *t)
{
	if (t->saved_stderr >= 0) {
		fflush(stderr);
		dup2(t->saved_stderr, STDERR_FILENO);
		close(t->saved_stderr);
		t->saved_stderr = -1;
	}
	/* What came since the last draw goes to the terminal, not to a pane
	 * that is gone. */
	char buf[1024];
	ssize_t n;
	while (t->err_pipe[0] >= 0 && (n = read(t->err_pipe[0], buf, sizeof(buf))) > 0)
		if (write(STDERR_FILENO, buf, (size_t)n) < 0)
			break;
	for (int i = 0; i < 2; i++)
		if (t->err_pipe[i] >= 0)
			close(t->err_pipe[i]);
	t->err_pipe[0] = t->err_pipe[1] = -1;
}

bool
tui_available(void)
{
	return pane_possible();
}

/* Ctrl-C, Ctrl-L and Ctrl-Z are the pane's until it closes: plain readline
 * gets its own back (these handlers would find no pane). */
static const struct tui_key { int key; rl_command_func_t *fn; } tui_keys[] = {
	{ 3, tui_ctrl_c }, { 12, tui_ctrl_l }, { 26, tui_ctrl_z },
};
_Static_assert(ARRAY_SIZE(tui_keys) == TUI_NKEYS, "plain_keys holds one a key");

/* readline in callback mode beside the pane: its terminal hooks, output
 * and keys become the pane's. */
static void
tui_readline_take(struct tui *t)
{
	repl_readline_init();
	rl_change_environment = 0;
	/* ncurses owns the terminal's modes (raw: Ctrl-C is a key, not SIGINT). */
	rl_prep_term_function = tui_prep_term;
	rl_deprep_term_function = tui_deprep_term;
	rl_getc_function = tui_getc;
	rl_input_available_hook = tui_input_available;
	rl_redisplay_function = tui_redisplay;
	rl_completion_display_matches_hook = tui_display_matches;
	t->null_out = fopen("/dev/null", "we");
	if (t->null_out)
		rl_outstream = t->null_out;
	for (size_t i = 0; i < ARRAY_SIZE(tui_keys); i++) {
		char seq[2] = { (char)tui_keys[i].key, '\0' };
		t->plain_keys[i] = rl_function_of_keyseq(seq, NULL, NULL);
		rl_bind_key(tui_keys[i].key, tui_keys[i].fn);
	}
	/* PgUp and PgDn stay bound, doing nothing without a pane: binding an
	 * escape sequence makes keymaps that unbinding it would leak. */
	static bool pages_bound;
	if (!pages_bound) {
		rl_bind_keyseq("\\e[5~", tui_page_up);
		rl_bind_keyseq("\\e[6~", tui_page_down);
		/* Alt-Up and Alt-Down as xterm sends them, and as ESC then the arrow. */
		rl_bind_keyseq("\\e[1;3A", tui_lesson_up);
		rl_bind_keyseq("\\e[1;3B", tui_lesson_down);
		rl_bind_keyseq("\\e\\e[A", tui_lesson_up);
		rl_bind_keyseq("\\e\\e[B", tui_lesson_down);
		/* F2 as xterm and tmux send it, and as the linux console and rxvt do. */
		rl_bind_keyseq("\\eOQ", tui_view_toggle);
		rl_bind_keyseq("\\e[12~", tui_view_toggle);
		rl_bind_keyseq("\\e[[B", tui_view_toggle);
		/* Alt-Right and Alt-Left: through a trace's creations. */
		rl_bind_keyseq("\\e[1;3C", tui_trace_next);
		rl_bind_keyseq("\\e[1;3D", tui_trace_prev);
		rl_bind_keyseq("\\e\\e[C", tui_trace_next);
		rl_bind_keyseq("\\e\\e[D", tui_trace_prev);
		pages_bound = true;
	}
	rl_callback_handler_install(TUI_PROMPT, tui_line);
}

/* readline as the plain front end has it. */
static void
tui_readline_give_back(struct tui *t)
{
	rl_callback_handler_remove();
	for (size_t i = 0; i < ARRAY_SIZE(tui_keys); i++) {
		if (t->plain_keys[i])
			rl_bind_key(tui_keys[i].key, t->plain_keys[i]);
		else
			rl_unbind_key(tui_keys[i].key);
	}
	rl_getc_function = rl_getc;
	rl_prep_term_function = rl_prep_terminal;
	rl_deprep_term_function = rl_deprep_terminal;
	rl_input_available_hook = NULL;
	rl_redisplay_function = rl_redisplay;
	rl_completion_display_matches_hook = NULL;
	rl_outstream = stdout;
	if (t->null_out)
		fclose(t->null_out);
	t->null_out = NULL;
}

/* --demo FILE in the pane: loaded, and its first command due. */
static void
tui_demo_start(struct tui *t, const char *demo)
{
	char err[1024];

	t->demo = demo_load(demo, err, sizeof(err));
	if (t->demo) {
		t->ds = DS_NEXT;
		tui_demo_say(t, "[demo: Space or Enter runs each command, b goes back, p pauses, "
		    "q leaves to the prompt]");
	} else {
		out_error(t->s->out, "%s", err);
	}
}

/* Keys, lines and the demo's pace until quit, "pane off", end of input or a
 * signal that ends clonesh. */
static void
tui_loop(struct tui *t)
{
	struct session *s = t->s;

	while (!s->quit && !ui_state.switch_front && !t->eof && !tui_signal) {
		if (t->ds == DS_NEXT && t->nqueue == 0 && !s->running)
			tui_demo_advance(t);
		tui_demo_tick(t);
		if (t->dirty)
			tui_draw(t);
		struct pollfd p[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = t->err_pipe[0], .events = POLLIN },
		};
		int r = poll(p, t->err_pipe[0] >= 0 ? 2 : 1, t->ds == DS_TYPING ? DEMO_CHAR_MS : 1000);
		if (r < 0 && errno != EINTR)
			break;
		tui_pump(t);
		tui_run_queued(t);
	}
}

int
tui_run(struct session *s, bool mono, const char *demo)
{
	struct tui *t = calloc(1, sizeof(*t));
	if (!t)
		return -1;
	if (pane_open(mono) < 0) {
		free(t);
		return -1;
	}
	t->s = s;
	tui_current = t;
	scrollback_init(&t->sb);
	t->out = *s->out;
	t->out.write = tui_write;
	t->out.data = t;
	t->out.where = "clonesh";
	t->saved_out = s->out;
	s->out = &t->out;
	tui_stderr_open(t);
	tui_signal = 0;
	tui_signals(true);
	tui_readline_take(t);

	s->hooks.poll = tui_poll;
	s->hooks.phase = tui_phase;
	s->hooks.data = t;
	ui_state.switch_front = false;
	ui_state.lesson_in_pane = true;
	if (s->last) {
		view_build(s->last, s->last->reached, &t->view);
		kgraph_build(s->last, s->last->reached, &t->graph);
		str_copy(t->syscall, s->last->syscall, sizeof(t->syscall));
	}
	out_printf(s->out, "%s: the pane shows what parent and child share; type \"help\", or "
	    "\"pane off\" for plain lines\n", PACKAGE_STRING);
	t->dirty = true;
	if (demo)
		tui_demo_start(t, demo);

	tui_loop(t);

	s->hooks.poll = NULL;
	s->hooks.phase = NULL;
	s->hooks.data = NULL;
	ui_state.lesson_in_pane = false;
	tui_page_free(t);
	tui_readline_give_back(t);
	pane_close();
	tui_stderr_close(t);
	tui_signals(false);
	s->out = t->saved_out;
	if (t->eof)
		s->quit = true;
	for (size_t i = 0; i < t->nqueue; i++)
		free(t->queue[i]);
	demo_free(t->demo);
	scrollback_done(&t->sb);
	tui_current = NULL;
	int sig = tui_signal;
	free(t);
	if (sig && sig != SIGINT) {
		/* The terminal is ours again: now end as the signal asked. */
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return 0;
}
