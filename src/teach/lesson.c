#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gnu/libc-version.h>
#include <strings.h>
#include <unistd.h>

#include "codegen.h"
#include "glibc.h"
#include "kernel.h"
#include "lesson.h"
#include "seccomp.h"
#include "lexer.h"
#include "trace.h"
#include "obs-json.h"
#include "observation.h"
#include "util.h"
#include "groups.h"

#define LINE_MAX_LEN 4096

/* --- small helpers ------------------------------------------------------ */

static char *
xstrdup(const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d)
		abort();
	return d;
}

static void
push_str(char ***arr, int *n, const char *s)
{
	char **a = realloc(*arr, (size_t)(*n + 1) * sizeof(**arr));
	if (!a)
		abort();
	a[*n] = xstrdup(s);
	*arr = a;
	(*n)++;
}

static void
append_text(char **text, const char *line)
{
	size_t old = *text ? strlen(*text) : 0, add = strlen(line);
	char *t = realloc(*text, old + add + 2);
	if (!t)
		abort();
	memcpy(t + old, line, add);
	t[old + add] = '\n';
	t[old + add + 1] = '\0';
	*text = t;
}

static char *
trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

struct parser {
	const char *file;
	lesson_command_fn *command_name;
	int line;
	char *err;
	size_t errlen;
	bool failed;
};

static int
perr(struct parser *p, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
perr(struct parser *p, int line, const char *fmt, ...)
{
	if (p->failed)
		return -1;
	p->failed = true;
	int n = snprintf(p->err, p->errlen, "%s:%d: ", p->file, line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* "> key: value" with key one lowercase word: a directive.  Returns the key
 * (in key) and the value, or NULL for an ordinary line. */
static char *
directive(char *line, char *key, size_t keylen)
{
	if (line[0] != '>')
		return NULL;
	char *p = line + 1;
	while (*p == ' ')
		p++;
	size_t n = 0;
	while (islower((unsigned char)p[n]))
		n++;
	if (n == 0 || p[n] != ':' || n >= keylen)
		return NULL;
	memcpy(key, p, n);
	key[n] = '\0';
	return trim(p + n + 1);
}

/* --- header -------------------------------------------------------------- */

static int
parse_header(struct parser *p, struct lesson *l, const char *key, char *value)
{
	if (strcmp(key, "goal") == 0) {
		if (!*value)
			return perr(p, p->line, "goal: empty (say in one line what the learner will know)");
		free(l->goal);
		l->goal = xstrdup(value);
	} else if (strcmp(key, "needs") == 0) {
		if (strcmp(value, "none") == 0)
			return 0;
		char *save = NULL;
		for (char *tok = strtok_r(value, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
			char *end;
			long n = strtol(tok, &end, 10);
			if (*end || n < 1 || n > 99)
				return perr(p, p->line, "needs: \"%s\" is not a lesson number (try needs: 2, 3 "
				    "or needs: none)", tok);
			if (l->nneeds < LESSON_MAX_NEEDS)
				l->needs[l->nneeds++] = (int)n;
		}
	} else if (strcmp(key, "requires") == 0) {
		if (strcmp(value, "nothing") == 0)
			l->requires = REQUIRES_NOTHING;
		else if (strcmp(value, "root") == 0)
			l->requires = REQUIRES_ROOT;
		else if (strcmp(value, "userns") == 0)
			l->requires = REQUIRES_USERNS;
		else
			return perr(p, p->line, "requires: \"%s\" is not known (use nothing, root or userns)",
			    value);
	} else {
		return perr(p, p->line, "unknown header key \"%s\" (allowed: goal, needs, requires)", key);
	}
	return 0;
}

/* --- steps ---------------------------------------------------------------- */

static const char *const op_names[] = { "==", "!=", "<", "<=", ">", ">=", "contains" };

const char *
lesson_op_name(enum lesson_op op)
{
	return op_names[op];
}

static int
parse_expect(struct parser *p, struct lesson_step *st, char *value)
{
	char *path = value;
	/* The path ends at a space or an operator, but not inside a [k=v] selector. */
	size_t n = 0;
	for (int depth = 0; path[n]; n++) {
		if (path[n] == '[')
			depth++;
		else if (path[n] == ']' && depth > 0)
			depth--;
		else if (!depth && strchr(" \t=!<>", path[n]))
			break;
	}
	char *rest = trim(path + n);
	int op = -1;
	size_t oplen = 0;
	for (int i = 0; i < (int)ARRAY_SIZE(op_names); i++) {
		size_t k = strlen(op_names[i]);
		if (strncmp(rest, op_names[i], k) == 0 && k > oplen &&
		    (i != OP_CONTAINS || rest[k] == ' ')) {
			op = i;
			oplen = k;
		}
	}
	if (n == 0)
		return perr(p, p->line, "expect: no path (write expect: PATH OP VALUE, e.g. "
		    "expect: shared.vm == true)");
	if (op < 0)
		return perr(p, p->line, "expect: \"%s\" has no operator (use ==, !=, <, <=, >, >=, "
		    "contains)", value);
	path[n] = '\0';
	char *v = trim(rest + oplen);
	bool quoted = false;
	if (*v == '"') {
		size_t len = strlen(v);
		if (len < 2 || v[len - 1] != '"')
			return perr(p, p->line, "expect: the string %s is not closed with \"", v);
		v[len - 1] = '\0';
		v++;
		quoted = true;
	} else if (!*v) {
		return perr(p, p->line, "expect: no value after %s (e.g. 42, true, null, SIGSEGV)",
		    op_names[op]);
	}
	struct lesson_expect *e = realloc(st->expects, (size_t)(st->nexpects + 1) * sizeof(*e));
	if (!e)
		abort();
	st->expects = e;
	e = &st->expects[st->nexpects++];
	e->line = p->line;
	e->path = xstrdup(path);
	e->op = (enum lesson_op)op;
	e->value = xstrdup(v);
	e->quoted = quoted;
	return 0;
}

static int
parse_choices(struct parser *p, struct lesson_prediction *pr, char *value)
{
	char *save = NULL;
	for (char *tok = strtok_r(value, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		tok = trim(tok);
		if (!*tok)
			return perr(p, p->line, "choices: an empty choice (write choices: A | B | C)");
		if (pr->nchoices >= LESSON_MAX_CHOICES)
			return perr(p, p->line, "choices: more than %d choices", LESSON_MAX_CHOICES);
		char *eq = strchr(tok, '=');
		struct lesson_choice *c = &pr->choices[pr->nchoices++];
		if (eq && eq != tok && eq[1]) {
			*eq = '\0';
			c->label = xstrdup(trim(tok));
			c->value = xstrdup(trim(eq + 1));
		} else {
			c->label = xstrdup(tok);
			c->value = xstrdup(tok);
		}
	}
	if (pr->nchoices < 2)
		return perr(p, p->line, "choices: at least two choices, separated by |");
	return 0;
}

/* "> focus: memory fds": the groups the pane puts first (and a projector
 * shows) during the step. */
static int
parse_focus(struct parser *p, struct lesson_step *st, char *value)
{
	char *save = NULL, all[128] = "";
	int n = 0;
	for (int i = 0; i < view_focus_count; i++)
		str_append(all, sizeof(all), "%s%s", i ? ", " : "", view_focus_table[i].name);
	for (char *w = strtok_r(value, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
		int k = 0;
		while (k < view_focus_count && strcasecmp(w, view_focus_table[k].name) != 0)
			k++;
		if (k == view_focus_count)
			return perr(p, p->line, "focus: \"%s\" is not a group (%s)", w, all);
		if (++n > 3)
			return perr(p, p->line, "focus: at most 3 groups (a projector shows no more)");
		st->focus |= 1u << view_focus_table[k].group;
	}
	if (!n)
		return perr(p, p->line, "focus: no group (%s)", all);
	return 0;
}

static const struct { const char *name; unsigned int need; } step_needs[] = {
	{ "root", NEED_ROOT }, { "userns", NEED_USERNS }, { "clone3", NEED_CLONE3 },
	{ "kcmp", NEED_KCMP }, { "cgroup2", NEED_CGROUP2 }, { "stdio-lock", NEED_STDIO_LOCK },
	{ "ptrace", NEED_PTRACE }, { "seccomp", NEED_SECCOMP },
};

/* "root, userns, ... or stdio-lock", from the table. */
static const char *
step_needs_list(char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t k = 0; k < ARRAY_SIZE(step_needs); k++)
		str_append(buf, size, "%s%s", k == 0 ? "" : k + 1 < ARRAY_SIZE(step_needs) ? ", " :
		    " or ", step_needs[k].name);
	return buf;
}

/* "> requires: clone3 kcmp": what the step needs of the system; a system
 * without it skips the step, saying why. */
static int
parse_step_needs(struct parser *p, struct lesson_step *st, char *value)
{
	char *save = NULL;
	for (char *w = strtok_r(value, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
		size_t k = 0;
		while (k < ARRAY_SIZE(step_needs) && strcmp(w, step_needs[k].name) != 0)
			k++;
		char names[128];
		if (k == ARRAY_SIZE(step_needs))
			return perr(p, p->line, "requires: \"%s\" is not known (use %s)", w,
			    step_needs_list(names, sizeof(names)));
		st->needs |= step_needs[k].need;
	}
	char names[128];
	if (!st->needs)
		return perr(p, p->line, "requires: nothing named (use %s)",
		    step_needs_list(names, sizeof(names)));
	return 0;
}

/* What a step's directive line ("> key: value") fills; answer_text and
 * answer_line keep "> answer:" for finish_step, which checks it against the
 * choices. */
struct directive_args {
	struct parser *p;
	struct lesson_step *st;
	char *value;
	char **answer_text;
	int *answer_line;
};

static int
directive_predict(struct directive_args *a)
{
	struct lesson_step *st = a->st;
	if (st->prediction)
		return perr(a->p, a->p->line, "predict: a second prediction in step %s (one per step)",
		    st->title);
	if (!*a->value)
		return perr(a->p, a->p->line, "predict: no question");
	struct lesson_prediction *pr = st->prediction = calloc(1, sizeof(*pr));
	if (!pr)
		abort();
	pr->line = a->p->line;
	pr->answer = -1;
	pr->question = xstrdup(a->value);
	return 0;
}

static int
directive_choices(struct directive_args *a)
{
	return parse_choices(a->p, a->st->prediction, a->value);
}

static int
directive_truth(struct directive_args *a)
{
	free(a->st->prediction->truth);
	a->st->prediction->truth = xstrdup(a->value);
	return 0;
}

static int
directive_answer(struct directive_args *a)
{
	free(*a->answer_text);
	*a->answer_text = xstrdup(a->value);
	*a->answer_line = a->p->line;
	return 0;
}

static int
directive_explain(struct directive_args *a)
{
	free(a->st->prediction->explain);
	a->st->prediction->explain = xstrdup(a->value);
	return 0;
}

static int
directive_expect(struct directive_args *a)
{
	return parse_expect(a->p, a->st, a->value);
}

static int
directive_hint(struct directive_args *a)
{
	push_str(&a->st->hints, &a->st->nhints, a->value);
	return 0;
}

/* "> edit: s/OLD/NEW/": any punctuation after the s is the delimiter, as in
 * sed; OLD and NEW are literal texts, OLD not empty. */
static int
directive_edit(struct directive_args *a)
{
	struct lesson_step *st = a->st;
	const char *v = a->value;
	if (st->edit_old)
		return perr(a->p, a->p->line, "edit: a second change in step %s (one per step)",
		    st->title);
	char d = v[0] == 's' ? v[1] : '\0';
	const char *mid = d ? strchr(v + 2, d) : NULL;
	const char *end = mid ? strchr(mid + 1, d) : NULL;
	if (!ispunct((unsigned char)d) || d == '\\' || !mid || !end || end[1] != '\0' ||
	    mid == v + 2)
		return perr(a->p, a->p->line, "edit: \"%s\" is not s/OLD/NEW/ (OLD, the exported "
		    "program's text to change, and NEW, what it becomes: literal texts; any "
		    "punctuation may stand for /)", v);
	st->edit_old = strndup(v + 2, (size_t)(mid - v - 2));
	st->edit_new = strndup(mid + 1, (size_t)(end - mid - 1));
	if (!st->edit_old || !st->edit_new)
		abort();
	st->edit_line = a->p->line;
	if (!codegen_edit_safe(st->edit_old, st->edit_new))
		return perr(a->p, a->p->line, "edit: \"%s\" changes more than flags: a lesson's change "
		    "may add, remove or replace only flag and signal names (CLONE_*, SIG*), numbers "
		    "and |, since --run-lesson compiles and runs it", v);
	return 0;
}

static int
directive_focus(struct directive_args *a)
{
	return parse_focus(a->p, a->st, a->value);
}

static int
directive_requires(struct directive_args *a)
{
	return parse_step_needs(a->p, a->st, a->value);
}

/* The text a "> ..." line right after the directive extends, or NULL. */
static char **
more_predict(struct lesson_step *st)
{
	return st->prediction ? &st->prediction->question : NULL;
}

static char **
more_explain(struct lesson_step *st)
{
	return st->prediction && st->prediction->explain ? &st->prediction->explain : NULL;
}

static char **
more_hint(struct lesson_step *st)
{
	return st->nhints ? &st->hints[st->nhints - 1] : NULL;
}

/* The kinds of a step's directive lines: the parser, its error for an
 * unknown one and the continuation lines all read this table. */
static const struct step_directive {
	const char *key;
	bool after_predict;	/* only after the step's "> predict:" line */
	bool not_empty;		/* "key: empty" when the value is */
	int (*parse)(struct directive_args *a);
	char **(*more)(struct lesson_step *st);	/* NULL: no continuation lines */
} step_directives[] = {
	{ "predict", false, false, directive_predict, more_predict },
	{ "choices", true, false, directive_choices, NULL },
	{ "truth", true, true, directive_truth, NULL },
	{ "answer", true, true, directive_answer, NULL },
	{ "explain", true, true, directive_explain, more_explain },
	{ "expect", false, false, directive_expect, NULL },
	{ "hint", false, true, directive_hint, more_hint },
	{ "focus", false, false, directive_focus, NULL },
	{ "requires", false, false, directive_requires, NULL },
	{ "edit", false, true, directive_edit, NULL },
};

static const struct step_directive *
step_directive_find(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(step_directives); i++)
		if (strcmp(key, step_directives[i].key) == 0)
			return &step_directives[i];
	return NULL;
}

static int
parse_step_directive(struct parser *p, struct lesson_step *st, const char *key, char *value,
    char **answer_text, int *answer_line)
{
	const struct step_directive *d = step_directive_find(key);
	if (!d) {
		char keys[256] = "";
		for (size_t i = 0; i < ARRAY_SIZE(step_directives); i++)
			str_append(keys, sizeof(keys), "%s%s", i ? ", " : "", step_directives[i].key);
		return perr(p, p->line, "unknown directive \"%s:\" (allowed: %s)", key, keys);
	}
	if (d->after_predict && !st->prediction)
		return perr(p, p->line, "%s: comes after a \"> predict:\" line", key);
	if (d->not_empty && !*value)
		return perr(p, p->line, "%s: empty", key);
	struct directive_args a = { p, st, value, answer_text, answer_line };
	return d->parse(&a);
}

static int
finish_step(struct parser *p, struct lesson_step *st, char *answer_text, int answer_line)
{
	struct lesson_prediction *pr = st->prediction;
	if (!pr)
		return answer_text ? perr(p, answer_line, "answer: comes after a \"> predict:\" line") : 0;
	if (pr->nchoices == 0)
		return perr(p, pr->line, "predict: no \"> choices: A | B\" line for this prediction");
	if (!pr->truth)
		return perr(p, pr->line, "predict: no \"> truth: PATH\" line naming the field that grades it");
	if (!answer_text)
		return perr(p, pr->line, "predict: no \"> answer:\" line (the answer --run-lesson gives)");
	if (!pr->explain)
		return perr(p, pr->line, "predict: no \"> explain:\" line");
	for (int i = 0; i < pr->nchoices; i++)
		if (strcasecmp(pr->choices[i].label, answer_text) == 0)
			pr->answer = i;
	if (pr->answer < 0)
		return perr(p, answer_line, "answer: \"%s\" is not one of the choices", answer_text);
	if (lesson_step_experiments(st) == 0)
		return perr(p, pr->line, "predict: step %s has no spawn to grade the prediction (nor a "
		    "\"trace show N\", nor a \"cost\", nor a \"code --edit\")", st->title);
	return 0;
}

int
lesson_step_experiments(const struct lesson_step *st)
{
	return st->nspawns + st->ntraces + st->nedits + st->ncosts;
}

/* What a command of a lesson is, for counting its experiments. */
enum command_role { ROLE_OTHER, ROLE_SPAWN, ROLE_TRACE_RUN, ROLE_TRACE_SHOW, ROLE_EDIT, ROLE_COST };

static enum command_role
command_role(lesson_command_fn *command_name, int argc, char **argv)
{
	char err[256];
	const char *name = command_name(argv[0], err, sizeof(err));
	if (!name)
		return ROLE_OTHER;
	if (strcmp(name, "spawn") == 0)
		return ROLE_SPAWN;
	if (strcmp(name, "cost") == 0)
		return ROLE_COST;
	if (strcmp(name, "code") == 0) {
		for (int i = 1; i < argc; i++)
			if (strcmp(argv[i], "--edit") == 0)
				return ROLE_EDIT;
		return ROLE_OTHER;
	}
	if (strcmp(name, "trace") != 0 || argc < 2)
		return ROLE_OTHER;	/* "trace" alone lists the samples */
	if (strcmp(argv[1], "show") == 0)
		return ROLE_TRACE_SHOW;
	return strcmp(argv[1], "use") == 0 ? ROLE_OTHER : ROLE_TRACE_RUN;
}

/* How many commands of a line have the role (by name, alias or prefix). */
static int
count_role(lesson_command_fn *command_name, const char *line, enum command_role role)
{
	struct lex_command *cmds;
	size_t n;
	char err[256];
	int count = 0;
	if (lexer_split(line, &cmds, &n, err, sizeof(err)) < 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		count += command_role(command_name, cmds[i].argc, cmds[i].argv) == role;
	lexer_free(cmds, n);
	return count;
}

/* "## Step N: TITLE" */
static int
parse_step_heading(struct parser *p, struct lesson *l, char *line)
{
	char *rest = line + 3;
	char *end;
	if (strncmp(rest, "Step ", 5) != 0)
		return perr(p, p->line, "expected \"## Step N: TITLE\" (other headings are \"###\")");
	long n = strtol(rest + 5, &end, 10);
	if (end == rest + 5 || *end != ':')
		return perr(p, p->line, "expected \"## Step N: TITLE\", with the number and a colon");
	if (n != l->nsteps + 1)
		return perr(p, p->line, "step %ld where step %d was expected (steps count from 1, in order)",
		    n, l->nsteps + 1);
	char *title = trim(end + 1);
	if (!*title)
		return perr(p, p->line, "step %ld has no title after the colon", n);
	struct lesson_step *s = realloc(l->steps, (size_t)(l->nsteps + 1) * sizeof(*s));
	if (!s)
		abort();
	l->steps = s;
	s = &l->steps[l->nsteps++];
	memset(s, 0, sizeof(*s));
	s->line = p->line;
	s->title = xstrdup(title);
	return 0;
}

static void
lesson_name_from_path(struct lesson *l, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	l->name = xstrdup(base);
	size_t n = strlen(l->name);
	if (n > 3 && strcmp(l->name + n - 3, ".md") == 0)
		l->name[n - 3] = '\0';
	l->number = isdigit((unsigned char)l->name[0]) ? atoi(l->name) : 0;
}

/* A step's narrative after its last command block is shown after the
 * step's experiments (so it may explain the result); without a block it is
 * all the step's text. */
static void
flush_pending(struct lesson_step *st, char **pending, bool fenced)
{
	if (!*pending)
		return;
	append_text(fenced ? &st->after : &st->text, *pending);
	free(*pending);
	*pending = NULL;
}

/* The text a "> ..." continuation line extends after directive key. */
static char **
continued_field(struct lesson_step *st, const char *key)
{
	const struct step_directive *d = step_directive_find(key);
	return d && d->more ? d->more(st) : NULL;
}

/* A lesson file being read, line by line. */
struct load {
	struct parser p;
	struct lesson *l;
	enum { TITLE, HEADER, INTRO, STEP } where;
	bool in_fence, clonesh_fence;
	int fence_line;
	char *answer_text;
	int answer_line;
	/* Step narrative since the last clonesh block: it becomes the text
	 * before the next block, or, at the step's end, the text after. */
	char *pending;
	bool step_fenced;
	char **cont;		/* the directive a "> ..." line continues */
	off_t at;		/* where the line read next starts */
};

/* The next line of f into buf, without its line end: 1, 0 at the end, -1
 * after reporting a line that is not text (a NUL byte, too long, not UTF-8). */
static int
load_read(struct load *ld, FILE *f, char *buf, size_t size)
{
	struct parser *p = &ld->p;

	if (!fgets(buf, (int)size, f))
		return 0;
	p->line++;
	size_t len = strlen(buf);
	/* fgets does not stop at a NUL byte: read more than strlen, the line
	 * has one, and would be cut short without a word */
	off_t next = ftello(f);
	if (ld->at >= 0 && next >= 0 && next - ld->at != (off_t)len)
		return perr(p, p->line, "byte %zu is a NUL byte (lessons are UTF-8 text)", len + 1);
	ld->at = next;
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	else if (len > LINE_MAX_LEN)
		return perr(p, p->line, "line longer than %d bytes", LINE_MAX_LEN);
	if (len && buf[len - 1] == '\r')
		buf[--len] = '\0';
	if (utf8_invalid_at(buf, len) >= 0)
		return perr(p, p->line, "byte %ld is not valid UTF-8 (lessons are UTF-8 text)",
		    utf8_invalid_at(buf, len) + 1);
	return 1;
}

/* A line inside a ``` block: a clonesh block's command, or text. */
static int
load_fenced(struct load *ld, struct lesson_step *st, char *buf)
{
	struct parser *p = &ld->p;

	if (strncmp(buf, "```", 3) == 0 && !trim(buf + 3)[0]) {
		ld->in_fence = false;
		if (!ld->clonesh_fence)
			append_text(st ? &ld->pending : &ld->l->intro, buf);
	} else if (ld->clonesh_fence && strncmp(buf, "## Step ", 8) == 0) {
		return perr(p, p->line, "a step heading inside the ```clonesh block opened at line %d: "
		    "close that block with ``` first", ld->fence_line);
	} else if (ld->clonesh_fence) {
		char *cmd = trim(buf);
		if (*cmd && *cmd != '#') {
			int *lines = realloc(st->command_lines, (size_t)(st->ncommands + 1) * sizeof(*lines));
			if (!lines)
				abort();
			st->command_lines = lines;
			lines[st->ncommands] = p->line;
			push_str(&st->commands, &st->ncommands, cmd);
			st->nspawns += count_role(p->command_name, cmd, ROLE_SPAWN);
			st->ntraces += count_role(p->command_name, cmd, ROLE_TRACE_SHOW);
			st->ncosts += count_role(p->command_name, cmd, ROLE_COST);
			st->nedits += count_role(p->command_name, cmd, ROLE_EDIT);
		}
	} else {
		append_text(st ? &ld->pending : &ld->l->intro, buf);
	}
	return 0;
}

/* A line opening a ``` block. */
static int
load_fence(struct load *ld, struct lesson_step *st, char *buf)
{
	char *lang = trim(buf + 3);

	ld->in_fence = true;
	ld->fence_line = ld->p.line;
	ld->clonesh_fence = strcmp(lang, "clonesh") == 0;
	if (ld->clonesh_fence && !st)
		return perr(&ld->p, ld->p.line, "a clonesh block before the first \"## Step 1: TITLE\"");
	if (ld->clonesh_fence) {
		if (ld->pending)
			append_text(&st->text, ld->pending);
		free(ld->pending);
		ld->pending = NULL;
		ld->step_fenced = true;
	} else {
		append_text(st ? &ld->pending : &ld->l->intro, buf);
	}
	ld->cont = NULL;
	return 0;
}

/* A "## Step N: TITLE" line: the step before it ends. */
static int
load_heading(struct load *ld, struct lesson_step *st, char *buf)
{
	if (st)
		flush_pending(st, &ld->pending, ld->step_fenced);
	ld->step_fenced = false;
	ld->cont = NULL;
	if (st && finish_step(&ld->p, st, ld->answer_text, ld->answer_line) < 0)
		return -1;
	free(ld->answer_text);
	ld->answer_text = NULL;
	if (parse_step_heading(&ld->p, ld->l, buf) < 0)
		return -1;
	ld->where = STEP;
	return 0;
}

/* The title, the header's directives, and where the introduction begins:
 * 1 when the line was one of them, 0 when it is the introduction's or a
 * step's, -1 after an error. */
static int
load_head(struct load *ld, char *buf, const char *key, char *value)
{
	struct parser *p = &ld->p;

	if (ld->where == TITLE) {
		if (!*trim(buf))
			return 1;
		if (strncmp(buf, "# ", 2) != 0 || !*trim(buf + 2))
			return perr(p, p->line, "expected the title: a first line \"# TITLE\"");
		ld->l->title = xstrdup(trim(buf + 2));
		ld->where = HEADER;
		return 1;
	}
	if (ld->where == HEADER) {
		if (value) {
			parse_header(p, ld->l, key, value);
			return 1;
		}
		if (!*trim(buf))
			return 1;
		if (!ld->l->goal)
			return perr(p, p->line, "expected the header line \"> goal: ...\" after the title");
		ld->where = INTRO;
	}
	return 0;
}

/* One line outside a ``` block. */
static int
load_line(struct load *ld, char *buf)
{
	struct parser *p = &ld->p;
	struct lesson *l = ld->l;
	struct lesson_step *st = l->nsteps ? &l->steps[l->nsteps - 1] : NULL;
	char key[32];
	char *value = ld->where == TITLE ? NULL : directive(buf, key, sizeof(key));
	int head = load_head(ld, buf, key, value);

	if (head != 0)
		return head < 0 ? -1 : 0;
	if (strncmp(buf, "```", 3) == 0)
		return load_fence(ld, st, buf);
	if (strncmp(buf, "## ", 3) == 0)
		return load_heading(ld, st, buf);
	if (value && ld->where == STEP) {
		parse_step_directive(p, st, key, value, &ld->answer_text, &ld->answer_line);
		ld->cont = continued_field(st, key);
		return 0;
	}
	if (ld->cont && buf[0] == '>' && *trim(buf + 1)) {
		/* "> more words" right after a directive continues it. */
		char *joined;
		if (asprintf(&joined, "%s %s", *ld->cont, trim(buf + 1)) < 0)
			abort();
		free(*ld->cont);
		*ld->cont = joined;
		return 0;
	}
	ld->cont = NULL;
	if (value)
		return perr(p, p->line, "\"%s:\" comes inside a step, after \"## Step 1: TITLE\"", key);
	append_text(ld->where == STEP ? &ld->pending : &l->intro, buf);
	return 0;
}

/* The end of the file: what is still open, missing or pending. */
static void
load_end(struct load *ld)
{
	struct parser *p = &ld->p;
	struct lesson *l = ld->l;

	if (!p->failed && ld->in_fence)
		perr(p, ld->fence_line, "this ``` block is never closed");
	if (!p->failed && ld->where == TITLE)
		perr(p, p->line ? p->line : 1, "expected the title: a first line \"# TITLE\"");
	if (!p->failed && !l->goal)
		perr(p, p->line, "expected the header line \"> goal: ...\" after the title");
	if (!p->failed && l->nsteps == 0)
		perr(p, p->line, "expected at least one \"## Step 1: TITLE\"");
	if (!p->failed && l->nsteps) {
		flush_pending(&l->steps[l->nsteps - 1], &ld->pending, ld->step_fenced);
		finish_step(p, &l->steps[l->nsteps - 1], ld->answer_text, ld->answer_line);
	}
}

struct lesson *
lesson_load(const char *path, lesson_command_fn *command_name, char *err, size_t errlen)
{
	struct load ld = {
		.p = { .file = path, .command_name = command_name, .err = err, .errlen = errlen },
		.where = TITLE,
	};
	char buf[LINE_MAX_LEN + 2];
	FILE *f = fopen(path, "re");

	if (!f) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return NULL;
	}
	struct lesson *l = calloc(1, sizeof(*l));
	if (!l)
		abort();
	l->path = xstrdup(path);
	l->command_name = command_name;
	lesson_name_from_path(l, path);
	ld.l = l;
	ld.at = ftello(f);
	while (!ld.p.failed && load_read(&ld, f, buf, sizeof(buf)) > 0) {
		struct lesson_step *st = l->nsteps ? &l->steps[l->nsteps - 1] : NULL;
		if ((ld.in_fence ? load_fenced(&ld, st, buf) : load_line(&ld, buf)) < 0)
			break;
	}
	fclose(f);
	load_end(&ld);
	free(ld.pending);
	free(ld.answer_text);
	if (ld.p.failed) {
		lesson_free(l);
		return NULL;
	}
	return l;
}

void
lesson_free(struct lesson *l)
{
	if (!l)
		return;
	for (int i = 0; i < l->nsteps; i++) {
		struct lesson_step *s = &l->steps[i];
		free(s->title);
		free(s->text);
		free(s->after);
		for (int k = 0; k < s->ncommands; k++)
			free(s->commands[k]);
		free(s->commands);
		free(s->command_lines);
		free(s->edit_old);
		free(s->edit_new);
		for (int k = 0; k < s->nhints; k++)
			free(s->hints[k]);
		free(s->hints);
		for (int k = 0; k < s->nexpects; k++) {
			free(s->expects[k].path);
			free(s->expects[k].value);
		}
		free(s->expects);
		if (s->prediction) {
			struct lesson_prediction *pr = s->prediction;
			free(pr->question);
			free(pr->truth);
			free(pr->explain);
			for (int k = 0; k < pr->nchoices; k++) {
				free(pr->choices[k].label);
				free(pr->choices[k].value);
			}
			free(pr);
		}
	}
	free(l->steps);
	free(l->path);
	free(l->name);
	free(l->title);
	free(l->goal);
	free(l->intro);
	free(l);
}

/* --- looking fields up ---------------------------------------------------- */

struct leaf {
	char *path, *value;
	bool is_string;
};

struct leaves {
	struct leaf *v;
	size_t n, cap;
};

static void
leaves_add(void *data, const char *path, const char *value, bool is_string)
{
	struct leaves *ls = data;
	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 256;
		struct leaf *v = realloc(ls->v, cap * sizeof(*v));
		if (!v)
			abort();
		ls->v = v;
		ls->cap = cap;
	}
	ls->v[ls->n].path = xstrdup(path);
	ls->v[ls->n].value = xstrdup(value);
	ls->v[ls->n].is_string = is_string;
	ls->n++;
}

static void
leaves_free(struct leaves *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		free(ls->v[i].path);
		free(ls->v[i].value);
	}
	free(ls->v);
}

static const struct leaf *
leaves_find(const struct leaves *ls, const char *path)
{
	for (size_t i = 0; i < ls->n; i++)
		if (strcmp(ls->v[i].path, path) == 0)
			return &ls->v[i];
	return NULL;
}

/* Rewrites "a.b[k=v].c" into "a.b.N.c" using the leaves; false when no
 * element matches. */
static bool
resolve_selectors(const struct leaves *ls, const char *path, char *out, size_t size)
{
	str_copy(out, path, size);
	char *open;
	while ((open = strchr(out, '[')) != NULL) {
		char *close = strchr(open, ']');
		char *eq = strchr(open, '=');
		if (!close || !eq || eq > close)
			return false;
		char prefix[256], k[64], v[128], probe[320];
		snprintf(prefix, sizeof(prefix), "%.*s", (int)(open - out), out);
		snprintf(k, sizeof(k), "%.*s", (int)(eq - open - 1), open + 1);
		snprintf(v, sizeof(v), "%.*s", (int)(close - eq - 1), eq + 1);
		int found = -1;
		for (int i = 0; i < 1000 && found < 0; i++) {
			int pn = snprintf(probe, sizeof(probe), "%s.%d.%s", prefix, i, k);
			if (pn < 0 || (size_t)pn >= sizeof(probe))
				break;
			const struct leaf *lf = leaves_find(ls, probe);
			if (!lf)
				break;
			if (strcasecmp(lf->value, v) == 0)
				found = i;
		}
		if (found < 0)
			return false;
		char rest[256];
		str_copy(rest, close + 1, sizeof(rest));
		int on = snprintf(out, size, "%s.%d%s", prefix, found, rest);
		if (on < 0 || (size_t)on >= size)
			return false;
	}
	return true;
}

int
lesson_lookup(const struct observation *o, const char *path, char *buf, size_t size,
    bool *is_string)
{
	struct leaves ls = { 0 };
	char resolved[512];
	int rc = -1;

	observation_leaves(o, leaves_add, &ls);
	if (resolve_selectors(&ls, path, resolved, sizeof(resolved))) {
		const struct leaf *lf = leaves_find(&ls, resolved);
		if (lf) {
			str_copy(buf, lf->value, size);
			if (is_string)
				*is_string = lf->is_string;
			rc = 0;
		}
	}
	leaves_free(&ls);
	return rc;
}

/* "effects.fds[fd=4].x" and "effects.fds.7.x" both become "effects.fds.0.x". */
static void
normalise_path(const char *path, char *out, size_t size)
{
	size_t o = 0;
	for (const char *p = path; *p && o + 3 < size; ) {
		if (*p == '[') {
			const char *close = strchr(p, ']');
			if (!close)
				break;
			out[o++] = '.';
			out[o++] = '0';
			p = close + 1;
		} else if ((p == path || p[-1] == '.') && isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p))
				p++;
			out[o++] = '0';
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
}

bool
lesson_path_known(const char *path)
{
	static struct leaves known;
	static bool ready;
	if (!ready) {
		/* A blank observation with one of everything that can repeat. */
		struct observation *o = calloc(1, sizeof(*o));
		if (!o)
			abort();
		observation_init(o);
		o->pages.measured = true;
		o->tids.measured = true;
		o->tids.pidfd = 3;
		o->effects_measured = true;	/* else fds and signals are null */
		o->nfds = 1;
		o->fds[0].in_parent = o->fds[0].in_child = true;
		o->fds[0].same_ofd = -1;	/* with same_ofd_why */
		o->nsigs = 1;
		o->sigs[0].sig = 10;
		o->nnotes = 1;
		o->cfg.argc = 1;
		o->cfg.flags = 0x100;
		o->cost.measured = true;	/* cost's object, with one size */
		o->cost.nsizes = 1;
		o->exec.asked = true;	/* exec-probe's exec.* */
		observation_leaves(o, leaves_add, &known);
		free(o);
		ready = true;
	}
	char norm[512];
	normalise_path(path, norm, sizeof(norm));
	return leaves_find(&known, norm) != NULL;
}

bool
lesson_compare(const char *actual, enum lesson_op op, const char *expected)
{
	char *e1, *e2;
	double a = strtod(actual, &e1), b = strtod(expected, &e2);
	int cmp;
	/* null (not measured) equals only null and is not ordered: "null" > 1
	 * would otherwise pass as a string comparison. */
	bool an = strcmp(actual, "null") == 0, en = strcmp(expected, "null") == 0;
	if ((an || en) && op != OP_EQ && op != OP_NE)
		return false;
	if (*actual && *expected && !*e1 && !*e2)
		cmp = a < b ? -1 : a > b ? 1 : 0;
	else
		cmp = strcasecmp(actual, expected);
	switch (op) {
	case OP_EQ: return cmp == 0;
	case OP_NE: return cmp != 0;
	case OP_LT: return cmp < 0;
	case OP_LE: return cmp <= 0;
	case OP_GT: return cmp > 0;
	case OP_GE: return cmp >= 0;
	case OP_CONTAINS: return strcasestr(actual, expected) != NULL;
	}
	return false;
}

/* --- checking -------------------------------------------------------------- */

static int
check_command(const struct lesson *l, int line, const char *text, char *err, size_t errlen)
{
	const char *file = l->path;
	struct lex_command *cmds;
	size_t n;
	char e[512];
	if (lexer_split(text, &cmds, &n, e, sizeof(e)) < 0) {
		snprintf(err, errlen, "%s:%d: %s", file, line, e);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (!l->command_name(cmds[i].argv[0], e, sizeof(e))) {
			snprintf(err, errlen, "%s:%d: %s", file, line, e);
			rc = -1;
		}
	}
	lexer_free(cmds, n);
	return rc;
}

/* A step that traces says "> requires: ptrace"; one that grades a traced
 * creation traces its program itself, before "trace show N", and spawns
 * nothing: a learner arriving from elsewhere would otherwise be graded on
 * whatever was traced last.  0, or -1 with "FILE:LINE: ..." in err. */
static int
check_traces(const struct lesson *l, int i, char *err, size_t errlen)
{
	const struct lesson_step *s = &l->steps[i];
	if (s->ncosts && (s->ntraces || s->nspawns || s->nedits)) {
		snprintf(err, errlen, "%s:%d: step %d both runs cost and %s: a step grades one kind "
		    "of experiment; split it in two", l->path, s->line, i + 1, s->nspawns ? "spawns" :
		    s->ntraces ? "shows a traced creation" : "edits the program");
		return -1;
	}
	if (s->ntraces && s->nspawns) {
		snprintf(err, errlen, "%s:%d: step %d both spawns and shows a traced creation (\"trace "
		    "show N\"): a step grades one kind of experiment; split it in two", l->path, s->line,
		    i + 1);
		return -1;
	}
	bool traced = false;
	for (int k = 0; k < s->ncommands; k++) {
		struct lex_command *cmds;
		size_t n;
		char e[256];
		if (lexer_split(s->commands[k], &cmds, &n, e, sizeof(e)) < 0)
			continue;	/* check_command said why */
		const char *wrong = NULL;
		for (size_t j = 0; j < n && !wrong; j++) {
			enum command_role role = command_role(l->command_name, cmds[j].argc, cmds[j].argv);
			traced = traced || role == ROLE_TRACE_RUN;
			if (role == ROLE_TRACE_RUN && !(s->needs & NEED_PTRACE))
				wrong = "traces without \"> requires: ptrace\": where ptrace is denied "
				    "(kernel.yama.ptrace_scope 3, a container's seccomp profile) the step could "
				    "not run; the directive skips it there, saying why";
			else if (role == ROLE_TRACE_SHOW && !traced)
				wrong = "shows a traced creation without tracing first (add \"trace PROGRAM\" "
				    "before it): a learner arriving from elsewhere would be graded on whatever "
				    "was traced last";
		}
		lexer_free(cmds, n);
		if (wrong) {
			snprintf(err, errlen, "%s:%d: step %d %s", l->path, s->command_lines[k], i + 1, wrong);
			return -1;
		}
	}
	return 0;
}

/* A step that runs "code --edit" carries the change to make ("> edit:"),
 * runs it once, grades only by its prediction (no expectations, no spawn
 * or trace beside it), on a field the program prints.  Whether the change
 * matches the exported program is the rehearsal's question (code --edit
 * checks it, dry).  0, or -1 with "FILE:LINE: ..." in err. */
static int
check_edit(const struct lesson *l, int i, char *err, size_t errlen)
{
	const struct lesson_step *s = &l->steps[i];
	const char *wrong = NULL;
	int line = s->edit_line ? s->edit_line : s->line;
	if (s->edit_old && !s->nedits)
		wrong = "has a change (\"> edit:\") but no \"code --edit\" to make it";
	else if (!s->nedits)
		return 0;
	else if (!s->edit_old)
		wrong = "runs \"code --edit\" without the change to make (\"> edit: s/OLD/NEW/\", "
		    "which --run-lesson and the tests make)";
	else if (s->nedits > 1)
		wrong = "runs \"code --edit\" more than once (one change a step)";
	else if (s->nspawns || s->ntraces)
		wrong = "both edits the program and spawns or traces: a step grades one kind of "
		    "experiment; split it in two";
	else if (s->nexpects)
		wrong = "has expectations: an edit step is graded by its prediction, on what the "
		    "program prints";
	else if (!s->prediction)
		wrong = "has no prediction for the edited program's run to grade";
	else if (!codegen_tells(s->prediction->truth)) {
		char told[512];
		codegen_told_list(told, sizeof(told));
		snprintf(err, errlen, "%s:%d: truth: the exported program does not print %s, so its run "
		    "cannot grade it (it prints: %s)", l->path, s->prediction->line,
		    s->prediction->truth, told);
		return -1;
	}
	if (!wrong)
		return 0;
	snprintf(err, errlen, "%s:%d: step %d %s", l->path, line, i + 1, wrong);
	return -1;
}

int
lesson_check(const struct lesson *l, char *err, size_t errlen)
{
	for (int i = 0; i < l->nsteps; i++) {
		const struct lesson_step *s = &l->steps[i];
		for (int k = 0; k < s->ncommands; k++)
			if (check_command(l, s->command_lines[k], s->commands[k], err, errlen) < 0)
				return -1;
		if (check_traces(l, i, err, errlen) < 0 || check_edit(l, i, err, errlen) < 0)
			return -1;
		for (int k = 0; k < s->nexpects; k++) {
			const struct lesson_expect *e = &s->expects[k];
			if (!e->quoted && e->value[0] == '$' && !lesson_path_known(e->value + 1)) {
				snprintf(err, errlen, "%s:%d: expect: \"%s\" is not a field of the observation "
				    "(see doc/observation.md, or report --json)", l->path, e->line, e->value + 1);
				return -1;
			}
			if (!lesson_path_known(s->expects[k].path)) {
				snprintf(err, errlen, "%s:%d: expect: \"%s\" is not a field of the observation "
				    "(see doc/observation.md, or report --json)", l->path, s->expects[k].line,
				    s->expects[k].path);
				return -1;
			}
		}
		if (s->prediction && !lesson_path_known(s->prediction->truth)) {
			snprintf(err, errlen, "%s:%d: truth: \"%s\" is not a field of the observation "
			    "(see doc/observation.md, or report --json)", l->path, s->prediction->line,
			    s->prediction->truth);
			return -1;
		}
	}
	return 0;
}

const char *
lesson_unmet(const struct lesson *l)
{
	if (l->requires == REQUIRES_ROOT && geteuid() != 0)
		return "it needs root (CAP_SYS_ADMIN): run clonesh as root";
	if (l->requires != REQUIRES_USERNS)
		return NULL;
	/* As clonesh found it by trying (kernel_env), with the cause it saw. */
	const struct kernel_env *env = kernel_env();
	switch (env->userns_errno) {
	case 0:
		return NULL;
	case ENOSPC:
		return "it needs user namespaces, and none may be made here: user.max_user_namespaces "
		    "is 0 or reached (ENOSPC; \"doctor\" says more)";
	case EPERM:
		return env->chroot == 1 ? "it needs user namespaces, which the kernel refuses in a "
		    "chroot (EPERM; \"doctor\" says more)" : "it needs user namespaces, which this "
		    "system refuses (EPERM: a policy, a seccomp filter or a chroot; \"doctor\" says which)";
	default:
		return "it needs user namespaces, which cannot be made here (\"doctor\" says why)";
	}
}

const char *
lesson_step_unmet(const struct lesson_step *st)
{
	static char why[256];
	const struct kernel_info *k = kernel_get();
	const struct kernel_env *env = st->needs & ~(unsigned int)NEED_ROOT ? kernel_env() : NULL;
	if ((st->needs & NEED_ROOT) && geteuid() != 0)
		return "it needs root (CAP_SYS_ADMIN)";
	if ((st->needs & NEED_USERNS) && env->userns_errno) {
		snprintf(why, sizeof(why), "it needs a user namespace, and unshare(CLONE_NEWUSER) "
		    "failed here with %s (\"doctor\" says why)", env->userns_errno > 0 &&
		    strerrorname_np(env->userns_errno) ? strerrorname_np(env->userns_errno) : "an error");
		return why;
	}
	if ((st->needs & NEED_CLONE3) && env->clone3_errno == ENOSYS)
		return "it needs clone3, which fails here with ENOSYS: an older kernel, or a seccomp "
		    "filter such as Docker's default profile (\"doctor\" says more)";
	if ((st->needs & NEED_KCMP) && env->kcmp_errno) {
		snprintf(why, sizeof(why), "it needs kcmp(2), which fails here with %s (%s)",
		    strerrorname_np(env->kcmp_errno) ? strerrorname_np(env->kcmp_errno) : "an error",
		    env->kcmp_errno == ENOSYS ? "a kernel without CONFIG_KCMP" : "a seccomp filter or "
		    "Yama's ptrace policy");
		return why;
	}
	if ((st->needs & NEED_STDIO_LOCK) && !glibc_printf_locks_alone()) {
		snprintf(why, sizeof(why), "it needs a glibc that takes stdout's lock in every printf "
		    "(2.36 and older); glibc %s takes none while the process has a single thread",
		    gnu_get_libc_version());
		return why;
	}
	if (st->needs & NEED_SECCOMP) {
		const char *no = seccomp_unavailable();
		if (no) {
			snprintf(why, sizeof(why), "it installs a seccomp filter in the lab, and %s", no);
			return why;
		}
	}
	if ((st->needs & NEED_CGROUP2) && !k->cgroup2)
		return "it needs a cgroup2 mount holding clonesh's cgroup, and there is none here";
	const char *cc;
	if (st->nedits && !codegen_compiler(&cc)) {
		snprintf(why, sizeof(why), "it compiles a program, and there is no C compiler here "
		    "(\"%s\" %s; install one: apt-get install gcc, or set CC)", cc, strchr(cc, '/') ?
		    "is not an executable" : "is not found in PATH");
		return why;
	}
	if (st->needs & NEED_PTRACE) {
		/* Tried once: the tracer's own probe (Yama's scope, PTRACE_TRACEME). */
		static int ptrace_ok = -1;
		static char ptrace_why[200];
		if (ptrace_ok < 0)
			ptrace_ok = lab_trace_probe(ptrace_why, sizeof(ptrace_why)) == 0;
		if (!ptrace_ok) {
			snprintf(why, sizeof(why), "it traces a program, and %s", ptrace_why);
			return why;
		}
	}
	return NULL;
}

const char *
lesson_expected_value(const struct observation *o, const struct lesson_expect *e, char *buf,
    size_t size)
{
	if (e->quoted || e->value[0] != '$')
		return e->value;
	return lesson_lookup(o, e->value + 1, buf, size, NULL) == 0 ? buf : NULL;
}
