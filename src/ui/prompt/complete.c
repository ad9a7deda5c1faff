#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "course.h"
#include "drill.h"
#include "experiment.h"
#include "flags.h"
#include "funcs.h"
#include "obs-text.h"
#include "observation.h"
#include "predict.h"
#include "samples.h"
#include "util.h"
#include "view.h"

struct completion {
	char **items;
	size_t n, cap, next;
};

/* The candidates of the completion under way, handed to readline one by one. */
static struct completion comp;

static void
comp_clear(void)
{
	for (size_t i = comp.next; i < comp.n; i++)
		free(comp.items[i]);
	free(comp.items);
	memset(&comp, 0, sizeof(comp));
}

/* Adds cand when it extends text (ignoring case) and is not there yet. */
static void
comp_add(const char *text, const char *cand)
{
	if (strncasecmp(cand, text, strlen(text)) != 0)
		return;
	for (size_t i = 0; i < comp.n; i++)
		if (strcmp(comp.items[i], cand) == 0)
			return;
	if (comp.n == comp.cap) {
		size_t cap = comp.cap ? comp.cap * 2 : 32;
		char **items = realloc(comp.items, cap * sizeof(*items));
		if (!items)
			return;
		comp.items = items;
		comp.cap = cap;
	}
	char *copy = strdup(cand);
	if (copy)
		comp.items[comp.n++] = copy;
}

/* The words of the last command in before, at most max of them. */
static int
comp_words(const char *before, char words[][64], int max)
{
	const char *p = strrchr(before, ';');
	int n = 0;

	p = p ? p + 1 : before;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t w = strcspn(p, " \t");
		if (n < max)
			str_copy(words[n], p, w + 1 < 64 ? w + 1 : 64);
		n++;
		p += w;
	}
	return n;
}

static void
comp_signals(const char *text)
{
	char buf[32];

	comp_add(text, "none");
	for (int sig = 1; sig < 32; sig++) {
		signal_name(sig, buf, sizeof(buf));
		if (strncmp(buf, "SIG", 3) == 0 && strchr(buf, '+') == NULL)
			comp_add(text, buf);
	}
}

static void
comp_flag_names(const char *text, const char *sign)
{
	char buf[64];
	const char *name = text + strlen(sign);
	size_t len = strlen(name);
	bool kernel = len >= 2 && strncasecmp(name, "CLONE_", len < 6 ? len : 6) == 0;

	for (size_t i = 0; i < flags_count; i++) {
		snprintf(buf, sizeof(buf), "%s%s", sign, flags_table[i].short_name);
		comp_add(text, buf);
		if (kernel) {
			snprintf(buf, sizeof(buf), "%s%s", sign, flags_table[i].name);
			comp_add(text, buf);
		}
	}
}

/* Arguments of a child function; index counts from 0. */
static void
comp_fn_arg(const char *fname, int index, const char *text)
{
	const struct child_func *f = funcs_find(fname);

	if (!f || index >= f->max_args || index >= FN_MAX_ARGS)
		return;
	switch (f->kinds[index]) {
	case ARG_WORD:
		for (int k = 0; f->words[index] && f->words[index][k]; k++)
			comp_add(text, f->words[index][k]);
		break;
	case ARG_SIGNAL:
		comp_signals(text);
		break;
	case ARG_INT:
	case ARG_OCTAL:
		if (f->defaults[index])
			comp_add(text, f->defaults[index]);
		break;
	default:
		break;
	}
}

/* flags: +NAME and -NAME edit, bare names or "=" replace. */
static void
comp_flags(const char *text, int pos)
{
	if (text[0] == '+' || text[0] == '-') {
		char sign[2] = { text[0], '\0' };
		comp_flag_names(text, sign);
		if (text[0] == '-')
			comp_add(text, "-none");
	} else {
		if (pos == 1) {
			comp_add(text, "=");
			comp_add(text, "none");
		}
		comp_flag_names(text, "");
	}
}

/* signal: a signal or catch, then on or off after catch. */
static void
comp_signal(const char *text, int pos, const char *first)
{
	if (pos == 1) {
		comp_signals(text);
		comp_add(text, "catch");
	} else if (pos == 2 && strcasecmp(first, "catch") == 0) {
		comp_add(text, "on");
		comp_add(text, "off");
	}
}

/* stack: a size, guard or end, then on or off after guard, top or bottom
 * after end. */
static void
comp_stack(const char *text, int pos, const char *first)
{
	if (pos == 1) {
		static const char *const sizes[] = { "4k", "8k", "16k", "64k", "1m", "guard", "end" };
		for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
			comp_add(text, sizes[i]);
	} else if (pos == 2 && strcasecmp(first, "guard") == 0) {
		comp_add(text, "on");
		comp_add(text, "off");
	} else if (pos == 2 && strcasecmp(first, "end") == 0) {
		comp_add(text, "top");
		comp_add(text, "bottom");
	}
}

/* fn NAME ARGS, and spawn's options before them. */
static void
comp_function(const struct command *c, char words[][64], int n, const char *text)
{
	int first = 1, pos = n;

	if (c->completer == COMPLETE_SPAWN) {
		while (first < n && first < 8 && words[first][0] == '-')
			first++;
		if (pos == first && text[0] == '-') {
			comp_add(text, "--force");
			return;
		}
	}
	if (pos == first) {
		for (size_t i = 0; i < funcs_count; i++)
			comp_add(text, funcs_table[i]->name);
	} else if (pos > first && first < 8) {
		comp_fn_arg(words[first], pos - first - 1, text);
	}
}

/* drill: its options; after --level a level, after --only (and each flag
 * that follows it) a flag or a setting's word (signal, end, ...). */
static void
comp_drill(char words[][64], int n, const char *text)
{
	static const char *const opts[] = { "--reverse", "--forward", "--rounds", "--seed", "--level",
		"--only", "--answers" };
	const char *prev = n > 1 ? words[n - 1] : "";

	if (strcmp(prev, "--level") == 0) {
		comp_add(text, "easy");
		comp_add(text, "hard");
		return;
	}
	if (strcmp(prev, "--rounds") == 0 || strcmp(prev, "--seed") == 0)
		return;
	bool in_only = false;
	for (int i = 1; i < n && i < 8; i++)
		if (words[i][0] == '-')
			in_only = strcmp(words[i], "--only") == 0;
	if (in_only && text[0] != '-') {
		comp_flag_names(text, "");
		char word[32];
		for (unsigned int bit = 1; bit <= DRILL_DRAW_SECCOMP; bit <<= 1)
			comp_add(text, drill_draw_words(bit, word, sizeof(word)));
	}
	for (size_t i = 0; i < ARRAY_SIZE(opts); i++)
		comp_add(text, opts[i]);
}

/* drill's options, answer flags FLAG..., seccomp deny FLAG... and seccomp
 * clone3 enosys|allow: what follows the word before. */
static void
comp_words_after(enum completer kind, char words[][64], int n, const char *text)
{
	const char *first = n > 1 ? words[1] : "";

	if (kind == COMPLETE_DRILL) {
		comp_drill(words, n, text);
	} else if ((kind == COMPLETE_ANSWER && n >= 2 && strcasecmp(first, "flags") == 0) ||
	    (kind == COMPLETE_SECCOMP && n >= 2 && strcasecmp(first, "deny") == 0)) {
		comp_flag_names(text, "");
		if (n == 2)
			comp_add(text, "none");
	} else if (kind == COMPLETE_ANSWER && n == 1) {
		comp_add(text, "flags");
	} else if (kind == COMPLETE_SECCOMP && n == 2 && strcasecmp(first, "clone3") == 0) {
		comp_add(text, "enosys");
		comp_add(text, "allow");
	}
}

/* explain: the lists, the resources, flags, functions and presets. */
static void
comp_topic(const char *text)
{
	const char *name, *alias;

	comp_add(text, "flags");
	comp_add(text, "functions");
	comp_add(text, "presets");
	for (size_t i = 0; (name = commands_explain_topic(i, &alias)) != NULL; i++) {
		comp_add(text, name);
		if (alias)
			comp_add(text, alias);
	}
	comp_flag_names(text, "");
	for (size_t i = 0; i < funcs_count; i++)
		comp_add(text, funcs_table[i]->name);
	for (size_t i = 0; i < experiment_npresets; i++)
		comp_add(text, experiment_presets[i].name);
}

/* lesson: a number typed is completed as a number ("lesson 1" offers 1, 10
 * to 13), anything else as a name ("01-the-seed-program"), reset or quit. */
static void
comp_lesson(const char *text)
{
	bool number = text[0] >= '1' && text[0] <= '9';
	char **paths;
	int nl = course_list(&paths);

	for (int i = 0; i < nl; i++) {
		char name[128];
		str_copy(name, strrchr(paths[i], '/') + 1, sizeof(name));
		name[strcspn(name, ".")] = '\0';
		if (number)
			snprintf(name, sizeof(name), "%d", atoi(name));
		comp_add(text, name);
	}
	course_free_list(paths, nl > 0 ? nl : 0);
	if (!number) {
		comp_add(text, "reset");
		comp_add(text, "quit");
	}
}

/* trace's samples, from their table: its first argument, or the one after
 * --user NAME (first is argv[1]). */
static void
comp_samples(const char *text, int pos, const char *first)
{
	if (pos != 1 && !(pos == 3 && strcmp(first, "--user") == 0))
		return;
	for (size_t i = 0; i < samples_count; i++) {
		char cand[96];
		snprintf(cand, sizeof(cand), "%s%s", SAMPLES_PREFIX, samples[i].name);
		comp_add(text, cand);
	}
}

/* The completers whose words are fixed: at argument pos (0: any). */
static const struct {
	enum completer kind;
	int pos;
	const char *words[4];
} comp_fixed_words[] = {
	{ COMPLETE_REPORT, 0, { "--json" } },
	{ COMPLETE_LAB, 1, { "user" } },
	{ COMPLETE_LAB, 2, { "nobody", "root", "unprivileged" } },
	{ COMPLETE_ON_OFF, 1, { "on", "off" } },
	{ COMPLETE_PROJECTOR, 1, { "on", "off", "light" } },
	{ COMPLETE_VIEW, 1, { "diagram", "table" } },
	{ COMPLETE_RECORD, 1, { "stop" } },
	{ COMPLETE_SVG_PATH, 1, { "--svg" } },
	{ COMPLETE_TRACE, 1, { "show", "use", "--user", "--seccomp" } },
	{ COMPLETE_SECCOMP, 1, { "deny", "clone3", "off" } },
	{ COMPLETE_COST, 0, { "--memory", "--json" } },
};

/* The fixed words of kind at pos, and trace's samples (first: argv[1]). */
static void
comp_fixed(enum completer kind, int pos, const char *text, const char *first)
{
	for (size_t i = 0; i < ARRAY_SIZE(comp_fixed_words); i++) {
		const __typeof__(comp_fixed_words[0]) *f = &comp_fixed_words[i];
		if (f->kind != kind || (f->pos && f->pos != pos))
			continue;
		for (size_t k = 0; k < ARRAY_SIZE(f->words) && f->words[k]; k++)
			comp_add(text, f->words[k]);
	}
	if (kind == COMPLETE_TRACE)
		comp_samples(text, pos, first);
}

static void
comp_build(const char *before, const char *text)
{
	char words[8][64];
	int n = comp_words(before, words, 8);

	if (n == 0) {
		for (size_t i = 0; i < commands_count; i++) {
			comp_add(text, commands_table[i]->name);
			if (commands_table[i]->alias)
				comp_add(text, commands_table[i]->alias);
		}
		return;
	}
	char err[256];
	const struct command *c = commands_find(words[0], err, sizeof(err));
	if (!c)
		return;
	int pos = n;		/* the word being completed is argv[pos] */
	comp_fixed(c->completer, pos, text, n > 1 ? words[1] : "");
	switch (c->completer) {
	case COMPLETE_COMMAND:
		if (pos == 1)
			for (size_t i = 0; i < commands_count; i++)
				comp_add(text, commands_table[i]->name);
		break;
	case COMPLETE_FLAGS:
		comp_flags(text, pos);
		break;
	case COMPLETE_PRESET:
		if (pos == 1)
			for (size_t i = 0; i < experiment_npresets; i++)
				comp_add(text, experiment_presets[i].name);
		break;
	case COMPLETE_SIGNAL:
		comp_signal(text, pos, words[1]);
		break;
	case COMPLETE_VARIANT:
		if (pos == 1) {
			comp_add(text, variant_name(VARIANT_CLONE));
			comp_add(text, variant_name(VARIANT_CLONE3));
		}
		break;
	case COMPLETE_STACK:
		comp_stack(text, pos, words[1]);
		break;
	case COMPLETE_SPAWN:
	case COMPLETE_FUNCTION:
		comp_function(c, words, n, text);
		break;
	case COMPLETE_SECTION:
		if (pos == 1)
			for (size_t i = 0; observation_sections[i]; i++)
				comp_add(text, observation_sections[i]);
		if (pos == 1)
			comp_add(text, "all");
		break;
	case COMPLETE_TOPIC:
		if (pos == 1)
			comp_topic(text);
		break;
	case COMPLETE_LESSON:
		if (pos == 1)
			comp_lesson(text);
		break;
	case COMPLETE_FOCUS:
		for (int i = 0; i < view_focus_count; i++)
			comp_add(text, view_focus_table[i].name);
		break;
	case COMPLETE_PREDICT:
		/* Field names, each ready for its value. */
		for (size_t i = 0; predict_field_name(i); i++) {
			char cand[64];
			snprintf(cand, sizeof(cand), "%s=", predict_field_name(i));
			comp_add(text, cand);
		}
		comp_add(text, "clear");
		break;
	default:	/* fixed words (comp_fixed), a path, or nothing */
		comp_words_after(c->completer, words, n, text);
		break;
	}
}

char *
commands_complete(const char *before, const char *text, int state)
{
	if (state == 0) {
		comp_clear();
		comp_build(before, text);
	}
	if (comp.next < comp.n)
		return comp.items[comp.next++];
	comp_clear();
	return NULL;
}

bool
commands_complete_path(const char *before)
{
	char words[8][64], err[256];
	int n = comp_words(before, words, 8);

	if (n < 1)
		return false;
	const struct command *c = commands_find(words[0], err, sizeof(err));
	/* save, transcript, snapshot and record take one file name; transcript
	 * and snapshot after --svg too. */
	if (c && (c->completer == COMPLETE_PATH || c->completer == COMPLETE_RECORD))
		return n == 1;
	if (c && c->completer == COMPLETE_SVG_PATH)
		return n == 1 || (n == 2 && strcmp(words[1], "--svg") == 0);
	if (n < 2 || !c || (c->completer != COMPLETE_FUNCTION && c->completer != COMPLETE_SPAWN))
		return false;
	int first = 1;
	if (c->completer == COMPLETE_SPAWN)
		while (first < n && first < 8 && words[first][0] == '-')
			first++;
	if (first >= n || first >= 8)
		return false;
	const struct child_func *f = funcs_find(words[first]);
	int index = n - first - 1;
	return f && index < f->max_args && index < FN_MAX_ARGS && f->kinds[index] == ARG_PATH;
}
