#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "observation.h"
#include "output.h"
#include "util.h"

/* The commands a replay needs.  Every other command only displays (show,
 * explain, help...), only matters at a terminal (pane, step, projector,
 * focus, kill), walks a lesson, or writes files (record, save, transcript,
 * snapshot): a script of the kept ones reproduces the same experiments. */
static const struct {
	const char *name;
	bool needs_args;	/* without arguments it only shows the setting */
} journal_kept[] = {
	{ "flags", true }, { "preset", true }, { "signal", true }, { "variant", true },
	{ "stack", true }, { "fn", true }, { "timeout", true }, { "reset", false },
	{ "spawn", false }, { "undo", false }, { "redo", false },
};

bool
journal_keeps(const char *name, int argc)
{
	for (size_t i = 0; i < ARRAY_SIZE(journal_kept); i++)
		if (strcmp(journal_kept[i].name, name) == 0)
			return argc > 1 || !journal_kept[i].needs_args;
	return false;
}

struct journal *
journal_new(void)
{
	return calloc(1, sizeof(struct journal));
}

void
journal_free(struct journal *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->n; i++) {
		free(j->entries[i].command);
		free(j->entries[i].observation);
	}
	free(j->entries);
	free(j->pending);
	free(j);
}

void
journal_quote(const char *word, char *buf, size_t size)
{
	/* The lexer's specials: blanks, quotes, backslash, ';', and '#' that
	 * starts a word. */
	if (*word && *word != '#' && !strpbrk(word, " \t\r\n\"'\\;")) {
		str_copy(buf, word, size);
		return;
	}
	str_copy(buf, "\"", size);
	for (const char *p = word; *p; p++) {
		switch (*p) {
		case '"': str_append(buf, size, "\\\""); break;
		case '\\': str_append(buf, size, "\\\\"); break;
		case '\n': str_append(buf, size, "\\n"); break;
		case '\t': str_append(buf, size, "\\t"); break;
		default: str_append(buf, size, "%c", *p); break;
		}
	}
	str_append(buf, size, "\"");
}

void
journal_observation(struct journal *j, unsigned int number, const char *text)
{
	if (!j)
		return;
	free(j->pending);
	j->pending = strdup(text ? text : "");
	j->pending_number = number;
}

void
journal_discard(struct journal *j)
{
	if (!j)
		return;
	free(j->pending);
	j->pending = NULL;
}

void
journal_command(struct journal *j, const char *name, int argc, char **argv)
{
	char line[8192], word[4096 * 2 + 3];

	if (!j)
		return;
	str_copy(line, name, sizeof(line));
	for (int i = 1; i < argc; i++) {
		journal_quote(argv[i], word, sizeof(word));
		str_append(line, sizeof(line), " %s", word);
	}
	journal_line(j, line);
}

void
journal_line(struct journal *j, const char *line)
{
	if (!j)
		return;
	char *command = strdup(line);
	if (!command) {
		journal_discard(j);
		return;
	}
	if (j->n == JOURNAL_MAX) {
		free(j->entries[0].command);
		free(j->entries[0].observation);
		memmove(j->entries, j->entries + 1, (j->n - 1) * sizeof(j->entries[0]));
		j->n--;
		j->dropped++;
	}
	if (j->n == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 32;
		if (cap > JOURNAL_MAX)
			cap = JOURNAL_MAX;
		struct journal_entry *e = realloc(j->entries, cap * sizeof(*e));
		if (!e) {
			free(command);
			journal_discard(j);
			return;
		}
		j->entries = e;
		j->cap = cap;
	}
	j->entries[j->n].command = command;
	j->entries[j->n].observation = j->pending;
	j->entries[j->n].number = j->pending ? j->pending_number : 0;
	j->pending = NULL;
	j->n++;
}
