#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "history.h"
#include "journal.h"
#include "output.h"
#include "session.h"
#include "svg.h"
#include "util.h"

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

#define TRANSCRIPT_USAGE "usage: transcript [--svg] FILE.md"

/* Where transcript --svg puts experiment n's diagram: beside the Markdown
 * file, named after it (notes.md: notes-1.svg). */
static void
svg_name(const char *md, unsigned int n, char *buf, size_t size)
{
	size_t len = strlen(md);

	if (str_suffix(md, ".md"))
		len -= 3;
	snprintf(buf, size, "%.*s-%u.svg", (int)len, md, n);
}

/* Writes the diagram of each kept observation the journal names; how many,
 * or -1 after reporting a file that could not be written. */
static int
transcript_svgs(struct session *s, const char *md)
{
	const struct journal *j = s->log;
	char name[4096], path[4096];
	int made = 0;

	for (size_t i = 0; j && i < j->n; i++) {
		const struct observation *o = j->entries[i].observation ?
		    history_observation(s, j->entries[i].number) : NULL;
		if (!o)
			continue;
		svg_name(md, o->number, name, sizeof(name));
		FILE *f = cmd_create(s, "transcript", name, path, sizeof(path));
		if (!f)
			return -1;
		svg_diagram(o, f);
		if (cmd_finish(s, "transcript", f, path) < 0)
			return -1;
		made++;
	}
	return made;
}

/* The Markdown image of experiment n's diagram, its file named relative to
 * the Markdown file's directory; or why there is none. */
static void
transcript_image(struct session *s, FILE *f, const char *md, unsigned int n)
{
	char name[4096];

	if (!n || !history_observation(s, n)) {
		fprintf(f, "\n(Its diagram is no longer kept: the session keeps the last %d experiments.)\n",
		    HISTORY_KEEP);
		return;
	}
	svg_name(md, n, name, sizeof(name));
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	bool plain = strcspn(base, " ()<>\\") == strlen(base);
	fprintf(f, "\n![Experiment %u: the kernel's objects behind parent and child](%s%s%s)\n", n,
	    plain ? "" : "<", base, plain ? "" : ">");
}

/* The commands and observations, in Markdown; how many observations. */
static size_t
transcript_body(struct session *s, FILE *f, const char *md, bool svg)
{
	const struct journal *j = s->log;
	size_t n = j ? j->n : 0, nobs = 0;
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
		if (svg)
			transcript_image(s, f, md, e->number);
	}
	if (open)
		fence(f, 3, "");
	return nobs;
}

static int
cmd_transcript(struct session *s, int argc, char **argv)
{
	const struct journal *j = s->log;
	size_t n = j ? j->n : 0, nobs;
	const char *file = NULL;
	bool svg = false;
	int nsvg = 0;
	char date[64], path[4096];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--svg") == 0)
			svg = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cmd_error(s, "transcript: unknown option \"%s\" (" TRANSCRIPT_USAGE ")",
			    argv[i]);
		else if (file)
			return cmd_too_many(s, "transcript");
		else
			file = argv[i];
	}
	if (!file)
		return cmd_error(s, "transcript: which file? (" TRANSCRIPT_USAGE ")");
	if (s->dry)
		return cmd_dry_file(s, "transcript", file);
	FILE *f = cmd_create(s, "transcript", file, path, sizeof(path));
	if (!f)
		return -1;
	if (svg && (nsvg = transcript_svgs(s, path)) < 0) {
		fclose(f);
		return -1;
	}

	cmd_date(date, sizeof(date));
	fprintf(f, "# A clonesh session%s%s\n\n", date[0] ? ", " : "", date);
	fprintf(f, "Each command as typed at the `clonesh>` prompt, and after each `spawn` what "
	    "the kernel showed: what the child shared with its parent, measured.\n");
	if (j && j->dropped)
		fprintf(f, "\n(The first %lu commands are left out: the session keeps the last %d.)\n",
		    j->dropped, JOURNAL_MAX);
	nobs = transcript_body(s, f, path, svg);
	if (n == 0)
		fprintf(f, "\nNothing ran yet.\n");
	if (cmd_finish(s, "transcript", f, path) < 0)
		return -1;
	char more[64] = "";
	if (svg)
		snprintf(more, sizeof(more), ", with %d diagram%s beside it", nsvg, nsvg == 1 ? "" : "s");
	if (!s->json)
		out_printf(s->out, "transcript: %zu command%s and %zu observation%s into %s%s\n", n,
		    n == 1 ? "" : "s", nobs, nobs == 1 ? "" : "s", path, more);
	return 0;
}

const struct command cmd_transcript_entry = {
	.name = "transcript",
	.args = "[--svg] FILE.md",
	.summary = "write the session as a Markdown handout",
	.help =
	    "Writes the commands run so far and each experiment's observation as Markdown text, for "
	    "a handout. With --svg, also each experiment's diagram as an SVG picture beside it "
	    "(notes.md: notes-1.svg, notes-2.svg...), shown in the Markdown after its observation.",
	.man =
	    "Write the same commands as Markdown for a handout: each in a\n"
	    ".B console\n"
	    "block after\n"
	    ".BR \"clonesh> \" ,\n"
	    "and after each\n"
	    ".B spawn\n"
	    "its observation in full, as\n"
	    ".B show all\n"
	    "prints it.\n"
	    "With\n"
	    ".BR \\-\\-svg ,\n"
	    "also write each experiment's diagram, as\n"
	    ".B snapshot \\-\\-svg\n"
	    "draws it, beside the Markdown file and named after it, one file an experiment\n"
	    "(for\n"
	    ".IR notes.md :\n"
	    ".IR notes\\-1.svg ,\n"
	    ".IR notes\\-2.svg ,\n"
	    "and so on), and show it as an image after the experiment's observation.\n"
	    "An experiment older than the last 100 has no diagram: its observation is no\n"
	    "longer kept.\n",
	.completer = COMPLETE_SVG_PATH,
	.handler = cmd_transcript,
};
