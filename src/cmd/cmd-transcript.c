#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "journal.h"
#include "output.h"
#include "session.h"

/* A fence longer than any run of backticks in text, so the text cannot end
 * its own block. */
static size_t
fence_length(const char *text)
{
	size_t longest = 0, run = 0;

	for (const char *p = text; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	return longest >= 3 ? longest + 1 : 3;
}

static void
fence(FILE *f, size_t n, const char *info)
{
	for (size_t i = 0; i < n; i++)
		fputc('`', f);
	fprintf(f, "%s\n", info);
}

static int
cmd_transcript(struct session *s, int argc, char **argv)
{
	const struct journal *j = s->log;
	size_t n = j ? j->n : 0, nobs = 0;
	char date[64], path[4096];

	if (argc < 2)
		return cmd_error(s, "transcript: which file? (usage: transcript FILE.md)");
	if (argc > 2)
		return cmd_too_many(s, "transcript");
	if (s->dry)
		return cmd_dry_file(s, "transcript", argv[1]);
	FILE *f = cmd_create(s, "transcript", argv[1], path, sizeof(path));
	if (!f)
		return -1;

	cmd_date(date, sizeof(date));
	fprintf(f, "# A clonesh session%s%s\n\n", date[0] ? ", " : "", date);
	fprintf(f, "Each command as typed at the `clonesh>` prompt, and after each `spawn` what "
	    "the kernel showed: what the child shared with its parent, measured.\n");
	if (j && j->dropped)
		fprintf(f, "\n(The first %lu commands are left out: the session keeps the last %d.)\n",
		    j->dropped, JOURNAL_MAX);
	bool open = false;
	for (size_t i = 0; i < n; i++) {
		const struct journal_entry *e = &j->entries[i];
		if (!open) {
			fputc('\n', f);
			fence(f, 3, "console");
			open = true;
		}
		fprintf(f, "clonesh> %s\n", e->command);
		if (!e->observation)
			continue;
		fence(f, 3, "");
		open = false;
		nobs++;
		size_t len = strlen(e->observation);
		size_t fl = fence_length(e->observation);
		fprintf(f, "\nExperiment %zu:\n\n", nobs);
		fence(f, fl, "");
		fputs(e->observation, f);
		if (len == 0 || e->observation[len - 1] != '\n')
			fputc('\n', f);
		fence(f, fl, "");
	}
	if (open)
		fence(f, 3, "");
	if (n == 0)
		fprintf(f, "\nNothing ran yet.\n");
	if (cmd_finish(s, "transcript", f, path) < 0)
		return -1;
	if (!s->json)
		out_printf(s->out, "transcript: %zu command%s and %zu observation%s into %s\n", n,
		    n == 1 ? "" : "s", nobs, nobs == 1 ? "" : "s", path);
	return 0;
}

const struct command cmd_transcript_entry = {
	.name = "transcript",
	.args = "FILE.md",
	.summary = "write the session as a Markdown handout",
	.help =
	    "Writes the commands run so far and each experiment's observation as Markdown text, for "
	    "a handout.",
	.man =
	    "Write the same commands as Markdown for a handout: each in a\n"
	    ".B console\n"
	    "block after\n"
	    ".BR \"clonesh> \" ,\n"
	    "and after each\n"
	    ".B spawn\n"
	    "its observation in full, as\n"
	    ".B show all\n"
	    "prints it.\n",
	.completer = COMPLETE_PATH,
	.handler = cmd_transcript,
};
