#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "experiment.h"
#include "lesson.h"
#include "observation.h"
#include "output.h"
#include "predict.h"
#include "resources.h"
#include "util.h"
#include "why.h"

/* How a field's values are typed and told. */
enum predict_kind {
	PK_SHARE,	/* kcmp: shared/copied -> true/false */
	PK_NS,		/* a namespace: same/new -> true/false */
	PK_BOOL,	/* yes/no -> true/false */
	PK_OK,		/* ok/refused -> true/false */
	PK_INT,		/* a number */
	PK_SIGNAL,	/* SIGSEGV, segv, 11, none */
	PK_ERRNO,	/* EINVAL, none */
	PK_OCTAL,	/* 022 -> "0022" */
	PK_TEXT,	/* compared as typed */
	PK_PATH,	/* any path of report --json: compared as typed */
};

static const struct predict_kind_info {
	const char *values;	/* what may be typed, for errors */
	const char *yes, *no;	/* how true and false are told */
} predict_kinds[] = {
	[PK_SHARE] = { "shared or copied", "same", "different" },
	[PK_NS] = { "same or new", "same", "new" },
	[PK_BOOL] = { "yes or no", "yes", "no" },
	[PK_OK] = { "ok or refused", "accepted", "refused" },
	[PK_INT] = { "a number", NULL, NULL },
	[PK_SIGNAL] = { "a signal such as SIGSEGV, or none", NULL, NULL },
	[PK_ERRNO] = { "an errno name such as EINVAL, or none", NULL, NULL },
	[PK_OCTAL] = { "an octal mode such as 022", NULL, NULL },
	[PK_TEXT] = { "a word", NULL, NULL },
	[PK_PATH] = { "a value as report --json prints it", "true", "false" },
};

/* The short field names.  A name may have two rows: the value chooses (exit=0
 * is the status, exit=SIGSEGV the signal; pid=new the namespace, pid=1 the
 * child's getpid()).  A row of kind PK_SHARE or PK_NS without a name stands
 * for a row of each kcmp resource or namespace (resources.h), made by fields(). */
static const struct predict_field {
	const char *name;
	const char *path;
	enum predict_kind kind;
	const char *truth;	/* how the observed value is told: one %s */
	const char *none;	/* how null is told */
} predict_fields[] = {
	{ NULL, NULL, PK_SHARE, NULL, NULL },
	{ "tls", "shared.tls", PK_SHARE, "thread pointer: %s", "the thread pointer was not measured" },
	{ "global", "effects.global.parent_sees", PK_INT, "the parent sees %s",
	  "the global was not measured" },
	{ "heap", "effects.heap.parent_sees", PK_INT, "the parent sees %s in the heap word",
	  "the heap word was not measured" },
	{ "exit", "exit.status", PK_INT, "the child exited %s", "the child did not exit with a status" },
	{ "exit", "exit.signal", PK_SIGNAL, "the child was killed by %s",
	  "no signal killed the child" },
	{ "signal", "exit.signal", PK_SIGNAL, "the child was killed by %s",
	  "no signal killed the child" },
	{ NULL, NULL, PK_NS, NULL, NULL },
	{ "pid", "ids.child.pid_self", PK_INT, "getpid() in the child returned %s",
	  "the child's pid was not measured" },
	{ "ppid", "ids.child.ppid", PK_INT, "getppid() in the child returned %s",
	  "the child's ppid was not measured" },
	{ "threads", "ids.parent_threads", PK_INT, "the lab's Threads: was %s",
	  "the lab's thread count was not measured" },
	{ "mapping", "effects.mapping.in_parent", PK_BOOL, "the child's new page in the parent's maps: %s",
	  "the child made no new mapping" },
	{ "overflow", "stack.overflow", PK_BOOL, "stack overflow: %s", "the stack was not measured" },
	{ "clone", "clone.ok", PK_OK, "the kernel %s the clone", "the clone was not made" },
	{ "errno", "clone.errno", PK_ERRNO, "clone failed with %s", "clone succeeded, no errno" },
	{ "cwd", "effects.cwd.parent", PK_TEXT, "the parent's cwd is %s", "the cwd was not measured" },
	{ "umask", "effects.umask.parent", PK_OCTAL, "the parent's umask is %s",
	  "the umask was not measured" },
	{ "hostname", "effects.hostname.parent", PK_TEXT, "the parent's hostname is %s",
	  "the hostname was not measured" },
};

struct prediction {
	char typed[160];			/* "vm=shared" as the learner typed it */
	char path[256];
	char value[128];			/* normalised: "true", "42", "SIGSEGV", "null" */
	const struct predict_field *field;	/* NULL for a path */
};

struct predictions {
	struct prediction p[PREDICT_MAX];
	size_t n;
	unsigned int right, graded;
};

static bool
word_in(const char *v, const char *const *words)
{
	for (; *words; words++)
		if (strcasecmp(v, *words) == 0)
			return true;
	return false;
}

/* Normalises value for kind into out; false when it is not one. */
static bool
value_parse(enum predict_kind kind, const char *v, char *out, size_t size)
{
	static const char *const yes_share[] = { "shared", "same", "true", "yes", NULL };
	static const char *const no_share[] = { "copied", "different", "false", "no", NULL };
	static const char *const yes_ns[] = { "same", "shared", "old", "true", NULL };
	static const char *const no_ns[] = { "new", "false", NULL };
	static const char *const yes_bool[] = { "yes", "true", "on", NULL };
	static const char *const no_bool[] = { "no", "false", "off", NULL };
	static const char *const yes_ok[] = { "ok", "accepted", "true", "yes", NULL };
	static const char *const no_ok[] = { "refused", "failed", "false", "no", NULL };
	static const char *const none[] = { "none", "null", "0", "ok", NULL };
	const char *const *yes = NULL, *const *no = NULL;
	char *end;

	switch (kind) {
	case PK_SHARE: yes = yes_share; no = no_share; break;
	case PK_NS: yes = yes_ns; no = no_ns; break;
	case PK_BOOL: yes = yes_bool; no = no_bool; break;
	case PK_OK: yes = yes_ok; no = no_ok; break;
	case PK_INT: {
		long n = strtol(v, &end, 10);
		if (!*v || *end)
			return false;
		snprintf(out, size, "%ld", n);
		return true;
	}
	case PK_SIGNAL: {
		if (word_in(v, none)) {
			str_copy(out, "null", size);
			return true;
		}
		int sig = signal_parse(v);
		if (sig <= 0)
			return false;
		signal_name(sig, out, size);
		return true;
	}
	case PK_ERRNO:
		if (word_in(v, none)) {
			str_copy(out, "null", size);
			return true;
		}
		for (int e = 1; e < 200; e++) {
			const char *name = strerrorname_np(e);
			if (name && strcasecmp(name, v) == 0) {
				str_copy(out, name, size);
				return true;
			}
		}
		return false;
	case PK_OCTAL: {
		long m = strtol(v, &end, 8);
		if (!*v || *end || m < 0 || m > 0777)
			return false;
		snprintf(out, size, "%04lo", m);
		return true;
	}
	case PK_TEXT:
	case PK_PATH:
		str_copy(out, v, size);
		return *v != '\0';
	}
	if (word_in(v, yes))
		str_copy(out, "true", size);
	else if (word_in(v, no))
		str_copy(out, "false", size);
	else
		return false;
	return true;
}

/* Every row of predict_fields, with the rows of the kcmp resources and the
 * namespaces made from their tables; *n is how many. */
static const struct predict_field *
fields(size_t *n)
{
	static struct predict_field all[ARRAY_SIZE(predict_fields) + SH_COUNT + NS_COUNT];
	/* one marker row of each kind: SH_COUNT + NS_COUNT rows to make */
	static struct field_text { char path[48], truth[48], none[48]; } made[SH_COUNT + NS_COUNT];
	static size_t count;
	size_t t = 0, u = 0;	/* rows in all, texts in made */

	for (size_t f = 0; f < ARRAY_SIZE(predict_fields) && count == 0; f++) {
		const struct predict_field *pf = &predict_fields[f];
		int rows = pf->name ? 0 : pf->kind == PK_SHARE ? SH_COUNT : NS_COUNT;
		if (pf->name)
			all[t++] = *pf;
		for (int k = 0; k < rows; k++) {
			struct predict_field *row = &all[t++];
			struct field_text *text = &made[u++];
			*row = (struct predict_field){ NULL, text->path, pf->kind, text->truth,
			    text->none };
			if (pf->kind == PK_SHARE) {
				row->name = resources_table[k].name;
				snprintf(text->path, sizeof(text->path), "shared.%s", row->name);
				snprintf(text->truth, sizeof(text->truth), "kcmp %s: %%s",
				    resources_table[k].kcmp_name);
				snprintf(text->none, sizeof(text->none), "kcmp %s: not measured",
				    resources_table[k].kcmp_name);
				continue;
			}
			/* "uts namespace: new", in lower case as the other rows are */
			char what[24];
			row->name = namespaces_table[k].name;
			str_copy(what, namespaces_table[k].what, sizeof(what));
			for (char *c = what; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			snprintf(text->path, sizeof(text->path), "namespaces.%s.shared", row->name);
			snprintf(text->truth, sizeof(text->truth), "%s namespace: %%s", what);
			snprintf(text->none, sizeof(text->none), "%s namespace: not measured", what);
		}
	}
	if (count == 0)
		count = t;
	*n = count;
	return all;
}

/* The i-th name of a field, each once, in the rows' order. */
const char *
predict_field_name(size_t i)
{
	size_t n, k = 0;
	const struct predict_field *all = fields(&n);

	for (size_t f = 0; f < n; f++) {
		bool again = false;
		for (size_t g = 0; g < f && !again; g++)
			again = strcmp(all[g].name, all[f].name) == 0;
		if (!again && k++ == i)
			return all[f].name;
	}
	return NULL;
}

const char *
predict_field_values(const char *field)
{
	static char buf[160];
	size_t n;
	const struct predict_field *all = fields(&n);

	buf[0] = '\0';
	for (size_t f = 0; f < n; f++)
		if (strcasecmp(all[f].name, field) == 0)
			str_append(buf, sizeof(buf), "%s%s", buf[0] ? ", or " : "",
			    predict_kinds[all[f].kind].values);
	return buf[0] ? buf : NULL;
}

const char *
predict_field_path(const char *field)
{
	size_t n;
	const struct predict_field *all = fields(&n);

	for (size_t f = 0; f < n; f++)
		if (strcasecmp(all[f].name, field) == 0)
			return all[f].path;
	if (strpbrk(field, ".[") && lesson_path_known(field))
		return field;
	return NULL;
}

/* "vm, files, fs, ..." for the error about an unknown field. */
static const char *
field_list(char *buf, size_t size)
{
	const char *name;
	buf[0] = '\0';
	for (size_t i = 0; (name = predict_field_name(i)); i++)
		str_append(buf, size, "%s%s", i ? ", " : "", name);
	return buf;
}

/* Parses one field=value into p; 0, or -1 with a message in err. */
static int
prediction_parse(const char *field, const char *value, struct prediction *p, char *err, size_t errlen)
{
	char list[512];

	memset(p, 0, sizeof(*p));
	snprintf(p->typed, sizeof(p->typed), "%s=%s", field, value);
	if (!*field || !*value) {
		snprintf(err, errlen, "predict: \"%s\" is not FIELD=VALUE (e.g. predict vm=shared global=42)",
		    p->typed);
		return -1;
	}
	bool named = false;
	size_t n;
	const struct predict_field *all = fields(&n);
	for (size_t f = 0; f < n; f++) {
		const struct predict_field *pf = &all[f];
		if (strcasecmp(pf->name, field) != 0)
			continue;
		named = true;
		if (value_parse(pf->kind, value, p->value, sizeof(p->value))) {
			p->field = pf;
			str_copy(p->path, pf->path, sizeof(p->path));
			return 0;
		}
	}
	if (named) {
		snprintf(err, errlen, "predict: \"%s\" is not a value for %s (%s)", value, field,
		    predict_field_values(field));
		return -1;
	}
	if (strpbrk(field, ".[")) {
		if (!lesson_path_known(field)) {
			snprintf(err, errlen, "predict: \"%s\" is not a field of the observation (see "
			    "doc/observation.md, or report --json)", field);
			return -1;
		}
		str_copy(p->path, field, sizeof(p->path));
		value_parse(PK_PATH, value, p->value, sizeof(p->value));
		return 0;
	}
	const char *best = NULL, *name;
	int bestd = 3;
	for (size_t i = 0; (name = predict_field_name(i)); i++) {
		int d = str_distance(field, name);
		if (d < bestd) {
			bestd = d;
			best = name;
		}
	}
	char hint[64] = "";
	if (best)
		snprintf(hint, sizeof(hint), "did you mean %s? ", best);
	snprintf(err, errlen, "predict: unknown field \"%s\" (%sfields: %s; or any path of report "
	    "--json, e.g. effects.fds[fd=4].in_parent)", field, hint, field_list(list, sizeof(list)));
	return -1;
}

int
predict_add(struct predictions **slot, const char *field, const char *value, char *err,
    size_t errlen)
{
	struct prediction p;

	if (prediction_parse(field, value, &p, err, errlen) < 0)
		return -1;
	if (!slot)
		return 0;
	if (!*slot)
		*slot = calloc(1, sizeof(**slot));
	struct predictions *ps = *slot;
	if (!ps) {
		snprintf(err, errlen, "predict: out of memory");
		return -1;
	}
	for (size_t i = 0; i < ps->n; i++) {
		if (strcmp(ps->p[i].path, p.path) == 0) {
			ps->p[i] = p;
			return 0;
		}
	}
	if (ps->n >= PREDICT_MAX) {
		snprintf(err, errlen, "predict: at most %d predictions wait for one spawn", PREDICT_MAX);
		return -1;
	}
	ps->p[ps->n++] = p;
	return 0;
}

void
predict_clear(struct predictions *ps)
{
	if (ps)
		ps->n = 0;
}

size_t
predict_pending(const struct predictions *ps)
{
	return ps ? ps->n : 0;
}

void
predict_score(const struct predictions *ps, unsigned int *right, unsigned int *graded)
{
	*right = ps ? ps->right : 0;
	*graded = ps ? ps->graded : 0;
}

static void
score_line(const struct predictions *ps, struct output *out)
{
	unsigned int right, graded;

	predict_score(ps, &right, &graded);
	if (graded)
		out_printf(out, "score: %u of %u right this session\n", right, graded);
	else
		out_printf(out, "score: nothing graded yet this session\n");
}

void
predict_list(const struct predictions *ps, struct output *out)
{
	size_t n = predict_pending(ps);

	if (!n)
		out_printf(out, "no predictions pending (e.g. predict vm=shared global=42 exit=0)\n");
	else
		out_printf(out, "pending for the next spawn:\n");
	for (size_t i = 0; i < n; i++)
		out_printf(out, "  %-24s %s\n", ps->p[i].typed, ps->p[i].path);
	score_line(ps, out);
}

/* The observed value told in words: "kcmp VM: different", "the parent sees 7". */
static void
truth_words(const struct prediction *p, const char *actual, char *buf, size_t size)
{
	const struct predict_field *f = p->field;
	enum predict_kind kind = f ? f->kind : PK_PATH;
	const struct predict_kind_info *k = &predict_kinds[kind];
	const char *v = actual;

	if (strcmp(actual, "null") == 0 && f) {
		str_copy(buf, f->none, size);
		return;
	}
	if (k->yes && strcmp(actual, "true") == 0)
		v = k->yes;
	else if (k->no && strcmp(actual, "false") == 0)
		v = k->no;
	if (!f) {
		snprintf(buf, size, "%s is %s", p->path, v);
		return;
	}
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(buf, size, f->truth, v);
#pragma GCC diagnostic pop
}

void
predict_after_spawn(struct predictions *ps, const struct observation *o, struct output *out)
{
	char actual[256], truth[320], reason[1200], line[1800];

	if (!ps || !ps->n)
		return;
	for (size_t i = 0; i < ps->n; i++) {
		const struct prediction *p = &ps->p[i];
		bool found = lesson_lookup(o, p->path, actual, sizeof(actual), NULL) == 0;
		bool right = found && lesson_compare(actual, OP_EQ, p->value);
		ps->graded++;
		ps->right += right;
		if (found)
			truth_words(p, actual, truth, sizeof(truth));
		else
			snprintf(truth, sizeof(truth), "the observation has no %s", p->path);
		if (right) {
			snprintf(line, sizeof(line), "predict %s: right (%s)", p->typed, truth);
		} else {
			const char *why = why_reason(o, p->path, reason, sizeof(reason));
			if (!why)
				why = why_reason(o, "clone", reason, sizeof(reason));
			snprintf(line, sizeof(line), "predict %s: wrong: %s%s%s", p->typed, truth,
			    why ? " — " : "", why ? why : "");
		}
		why_print(out, line);
	}
	ps->n = 0;
	score_line(ps, out);
}

void
predict_done(struct predictions **slot)
{
	free(*slot);
	*slot = NULL;
}
