#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "experiment.h"
#include "fields.h"
#include "lesson.h"
#include "observation.h"
#include "output.h"
#include "predict.h"
#include "util.h"

/* What may be typed for each type of field (fields.h), and for a path of
 * report --json (PK_PATH). */
#define PK_PATH FT_COUNT

static const char *const predict_values[FT_COUNT + 1] = {	/* for errors */
	[FT_SHARE] = "shared or copied",
	[FT_NS] = "same or new",
	[FT_BOOL] = "yes or no",
	[FT_OK] = "ok or refused",
	[FT_INT] = "a number",
	[FT_SIGNAL] = "a signal such as SIGSEGV, or none",
	[FT_ERRNO] = "an errno name such as EINVAL, or none",
	[FT_OCTAL] = "an octal mode such as 022",
	[FT_TEXT] = "a word",
	[PK_PATH] = "a value as report --json prints it",
};

/* The short field names are the field table's (fields.c): a name may stand
 * for two fields, and the value chooses (exit=0 is the status, exit=SIGSEGV
 * the signal; pid=new the namespace, pid=1 the child's getpid()). */

struct prediction {
	char typed[160];			/* "vm=shared" as the learner typed it */
	char path[256];
	char value[128];			/* normalised: "true", "42", "SIGSEGV", "null" */
	const struct field *field;	/* NULL for a path */
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
value_parse(unsigned int kind, const char *v, char *out, size_t size)
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
	case FT_SHARE: yes = yes_share; no = no_share; break;
	case FT_NS: yes = yes_ns; no = no_ns; break;
	case FT_BOOL: yes = yes_bool; no = no_bool; break;
	case FT_OK: yes = yes_ok; no = no_ok; break;
	case FT_INT: {
		long n = strtol(v, &end, 10);
		if (!*v || *end)
			return false;
		snprintf(out, size, "%ld", n);
		return true;
	}
	case FT_SIGNAL: {
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
	case FT_ERRNO:
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
	case FT_OCTAL: {
		long m = strtol(v, &end, 8);
		if (!*v || *end || m < 0 || m > 0777)
			return false;
		snprintf(out, size, "%04lo", m);
		return true;
	}
	case FT_TEXT:
	case PK_PATH:
		str_copy(out, v, size);
		return *v != '\0';
	default:
		return false;
	}
	if (word_in(v, yes))
		str_copy(out, "true", size);
	else if (word_in(v, no))
		str_copy(out, "false", size);
	else
		return false;
	return true;
}

const char *
predict_field_name(size_t i)
{
	return field_short_name(i);
}

const char *
predict_field_values(const char *field)
{
	static char buf[160];
	const struct field *f;
	buf[0] = '\0';
	for (size_t k = 0; (f = field_named(field, k)); k++)
		str_append(buf, sizeof(buf), "%s%s", buf[0] ? ", or " : "", predict_values[f->type]);
	return buf[0] ? buf : NULL;
}

const char *
predict_field_path(const char *field)
{
	const struct field *f = field_named(field, 0);
	if (f)
		return f->path;
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
	const struct field *pf;
	for (size_t k = 0; (pf = field_named(field, k)); k++) {
		if (value_parse(pf->type, value, p->value, sizeof(p->value))) {
			p->field = pf;
			str_copy(p->path, pf->path, sizeof(p->path));
			return 0;
		}
	}
	if (field_named(field, 0)) {
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
	const struct field *f = p->field;
	static const struct field_type_words path_words = { "true", "false" };
	const struct field_type_words *k = f ? &field_type_words[f->type] : &path_words;
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
	snprintf(buf, size, f->told, v);
#pragma GCC diagnostic pop
}

void
predict_after_spawn(struct predictions *ps, const struct observation *o, predict_reason_fn *reason,
    struct output *out)
{
	char actual[256], truth[320], because[1200], line[1800];

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
			const char *why = reason(o, p->path, because, sizeof(because));
			if (!why)
				why = reason(o, "clone", because, sizeof(because));
			snprintf(line, sizeof(line), "predict %s: wrong: %s%s%s", p->typed, truth,
			    why ? " — " : "", why ? why : "");
		}
		/* wrapped as why wraps its items */
		out_wrapped(out, "", "    ", PREDICT_WIDTH, line);
	}
	ps->n = 0;
	score_line(ps, out);
}

void
predict_after_program(struct predictions *ps, const struct observation *o,
    predict_told_fn *told, void *data, const char *source, struct output *out)
{
	char actual[256], truth[320], line[1200];

	if (!ps || !ps->n)
		return;
	for (size_t i = 0; i < ps->n; i++) {
		const struct prediction *p = &ps->p[i];
		if (!told(o, p->path, data)) {
			snprintf(line, sizeof(line), "predict %s: ?: not graded: %s's output does not tell %s",
			    p->typed, source, p->path);
			out_wrapped(out, "", "    ", PREDICT_WIDTH, line);
			continue;
		}
		bool right = lesson_lookup(o, p->path, actual, sizeof(actual), NULL) == 0 &&
		    lesson_compare(actual, OP_EQ, p->value);
		ps->graded++;
		ps->right += right;
		truth_words(p, actual, truth, sizeof(truth));
		snprintf(line, sizeof(line), "predict %s: %s: %s (as %s printed it)", p->typed,
		    right ? "right" : "wrong", truth, source);
		out_wrapped(out, "", "    ", PREDICT_WIDTH, line);
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
