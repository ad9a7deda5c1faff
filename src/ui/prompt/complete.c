#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "course.h"
#include "experiment.h"
#include "flags.h"
#include "funcs.h"
#include "obs-text.h"
#include "observation.h"
#include "predict.h"
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
	switch (c->completer) {
	case COMPLETE_NONE:
		break;
	case COMPLETE_COMMAND:
		if (pos == 1)
			for (size_t i = 0; i < commands_count; i++)
				comp_add(text, commands_table[i]->name);
		break;
	case COMPLETE_FLAGS:
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
		break;
	case COMPLETE_PRESET:
		if (pos == 1)
			for (size_t i = 0; i < experiment_npresets; i++)
				comp_add(text, experiment_presets[i].name);
		break;
	case COMPLETE_SIGNAL:
		if (pos == 1)
			comp_signals(text);
		break;
	case COMPLETE_VARIANT:
		if (pos == 1) {
			comp_add(text, variant_name(VARIANT_CLONE));
			comp_add(text, variant_name(VARIANT_CLONE3));
		}
		break;
	case COMPLETE_STACK:
		if (pos == 1) {
			static const char *const sizes[] = { "4k", "8k", "16k", "64k", "1m", "guard" };
			for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
				comp_add(text, sizes[i]);
		} else if (pos == 2 && strcasecmp(words[1], "guard") == 0) {
			comp_add(text, "on");
			comp_add(text, "off");
		}
		break;
	case COMPLETE_SPAWN:
	case COMPLETE_FUNCTION: {
		int first = 1;
		if (c->completer == COMPLETE_SPAWN) {
			while (first < n && first < 8 && words[first][0] == '-')
				first++;
			if (pos == first && text[0] == '-') {
				comp_add(text, "--force");
				break;
			}
		}
		if (pos == first) {
			for (size_t i = 0; i < funcs_count; i++)
				comp_add(text, funcs_table[i]->name);
		} else if (pos > first && first < 8) {
			comp_fn_arg(words[first], pos - first - 1, text);
		}
		break;
	}
	case COMPLETE_SECTION:
		if (pos == 1)
			for (size_t i = 0; observation_sections[i]; i++)
				comp_add(text, observation_sections[i]);
		if (pos == 1)
			comp_add(text, "all");
		break;
	case COMPLETE_REPORT:
		comp_add(text, "--json");
		break;
	case COMPLETE_TOPIC: {
		const char *name, *alias;
		if (pos != 1)
			break;
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
		break;
	}
	case COMPLETE_TIMEOUT:
		break;
	case COMPLETE_LAB:
		if (pos == 1) {
			comp_add(text, "user");
		} else if (pos == 2) {
			comp_add(text, "nobody");
			comp_add(text, "root");
			comp_add(text, "unprivileged");
		}
		break;
	case COMPLETE_ON_OFF:
		if (pos == 1) {
			comp_add(text, "on");
			comp_add(text, "off");
		}
		break;
	case COMPLETE_LESSON:
		if (pos == 1) {
			/* A number typed is completed as a number ("lesson 1" offers 1,
			 * 10 to 13), anything else as a name ("01-the-seed-program"). */
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
		break;
	case COMPLETE_PROJECTOR:
		if (pos == 1) {
			comp_add(text, "on");
			comp_add(text, "off");
			comp_add(text, "light");
		}
		break;
	case COMPLETE_FOCUS:
		for (int i = 0; i < view_focus_count; i++)
			comp_add(text, view_focus_table[i].name);
		break;
	case COMPLETE_RECORD:
		if (pos == 1)
			comp_add(text, "stop");
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
	case COMPLETE_PATH:
	case COMPLETE_CODE:
	case COMPLETE_DRILL:
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
	/* save, transcript, snapshot and record take one file name. */
	if (c && (c->completer == COMPLETE_PATH || c->completer == COMPLETE_RECORD))
		return n == 1;
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
