#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "journal.h"
#include "output.h"
#include "session.h"
#include "util.h"

int
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
