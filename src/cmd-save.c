#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "journal.h"
#include "output.h"
#include "session.h"

/* "2024-05-01 14:03", the local time now. */
static const char *
save_date(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!localtime_r(&now, &tm) || strftime(buf, size, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, size, "(unknown date)");
	return buf;
}

int
cmd_save(struct session *s, int argc, char **argv)
{
	const struct journal *j = s->log;
	char date[64], path[4096], err[1024];
	size_t n = j ? j->n : 0;

	if (argc < 2)
		return cmd_error(s, "save: which file? (usage: save FILE)");
	if (argc > 2)
		return cmd_too_many(s, "save");
	if (session_check_write(s, argv[1], path, sizeof(path), err, sizeof(err)) < 0)
		return cmd_error(s, "save: %s", err);
	FILE *f = fopen(path, "we");
	if (!f)
		return cmd_error(s, "save: cannot write %s: %s", path, strerror(errno));
	fprintf(f, "# clonesh session, saved %s\n", save_date(date, sizeof(date)));
	fprintf(f, "# replay with: clonesh -f %s (or clonesh --demo %s)\n", path, path);
	if (j && j->dropped)
		fprintf(f, "# the first %lu commands are not here: the session keeps the last %d\n",
		    j->dropped, JOURNAL_MAX);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s\n", j->entries[i].command);
	if (ferror(f) | (fclose(f) != 0))
		return cmd_error(s, "save: cannot write %s: %s", path, strerror(errno ? errno : EIO));
	if (!s->json)
		out_printf(s->out, "save: %zu command%s into %s%s\n", n, n == 1 ? "" : "s", path,
		    n == 0 ? " (nothing that changes or runs an experiment yet)" : "");
	return 0;
}
