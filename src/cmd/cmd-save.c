#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "journal.h"
#include "output.h"
#include "session.h"
#include "util.h"

static int
cmd_save(struct session *s, int argc, char **argv)
{
	const struct journal *j = s->log;
	char date[64], path[4096];
	size_t n = j ? j->n : 0;

	if (argc < 2)
		return cmd_error(s, "save: which file? (usage: save FILE)");
	if (argc > 2)
		return cmd_too_many(s, "save");
	if (s->dry)
		return cmd_dry_file(s, "save", argv[1]);
	FILE *f = cmd_create(s, "save", argv[1], path, sizeof(path));
	if (!f)
		return -1;
	if (!cmd_date(date, sizeof(date)))
		str_copy(date, "(unknown date)", sizeof(date));
	fprintf(f, "# clonesh session, saved %s\n", date);
	fprintf(f, "# replay with: clonesh -f %s (or clonesh --demo %s)\n", path, path);
	if (j && j->dropped)
		fprintf(f, "# the first %lu commands are not here: the session keeps the last %d\n",
		    j->dropped, JOURNAL_MAX);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", j->entries[i].command);
	if (cmd_finish(s, "save", f, path) < 0)
		return -1;
	if (!s->json)
		out_printf(s->out, "save: %zu command%s into %s%s\n", n, n == 1 ? "" : "s", path,
		    n == 0 ? " (nothing that changes or runs an experiment yet)" : "");
	return 0;
}

const struct command cmd_save_entry = {
	.name = "save",
	.args = "FILE",
	.summary = "save the session's commands as a script",
	.help =
	    "Writes the commands run so far in this session, one a line, as a script that "
	    "\"clonesh -f FILE\" or \"clonesh --demo FILE\" replays.",
	.man =
	    "Write the commands run so far as a script, one a line after a comment with\n"
	    "the date, that\n"
	    ".B clonesh \\-f\n"
	    ".I file\n"
	    "or\n"
	    ".B clonesh \\-\\-demo\n"
	    ".I file\n"
	    "replays into the same experiments.\n"
	    "It keeps the commands that set up or run an experiment\n"
	    ".RB ( flags ,\n"
	    ".BR preset ,\n"
	    ".BR signal ,\n"
	    ".BR variant ,\n"
	    ".BR stack ,\n"
	    ".BR fn ,\n"
	    ".B timeout\n"
	    "with arguments,\n"
	    ".BR reset ,\n"
	    ".BR spawn ,\n"
	    ".BR undo ,\n"
	    ".BR redo ,\n"
	    "and a\n"
	    ".B drill\n"
	    "as the settings it chose)\n"
	    "and drops those that only display, only matter at a terminal, walk a lesson\n"
	    "or write files.\n"
	    "The session keeps the last 300 such commands.\n",
	.completer = COMPLETE_PATH,
	.handler = cmd_save,
};
