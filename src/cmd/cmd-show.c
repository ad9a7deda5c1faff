#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "obs-json.h"
#include "obs-text.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "util.h"

static int
need_observation(struct session *s, const char *name)
{
	if (s->last)
		return 0;
	return cmd_error(s, "%s: nothing to show yet (run \"spawn\" first)", name);
}

static void
sections_list(char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; observation_sections[i]; i++)
		str_append(buf, len, "%s, ", observation_sections[i]);
	str_append(buf, len, "all");
}

static int
cmd_show(struct session *s, int argc, char **argv)
{
	const char *section = argc > 1 ? argv[1] : "all";

	if (argc > 2)
		return cmd_too_many(s, "show");
	if (!observation_section_valid(section)) {
		char list[256];
		sections_list(list, sizeof(list));
		return cmd_error(s, "show: unknown section \"%s\" (%s)", section, list);
	}
	if (s->dry)
		return 0;
	if (need_observation(s, "show") < 0)
		return -1;
	observation_show(s->last, section, s->out);
	return 0;
}

static int
cmd_report(struct session *s, int argc, char **argv)
{
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else
			return cmd_error(s, "report: unknown argument \"%s\" (usage: report [--json])",
			    argv[i]);
	}
	if (s->dry)
		return 0;
	if (need_observation(s, "report") < 0)
		return -1;
	if (json)
		cmd_print_line_of(s->out, s->last, observation_json);
	else
		observation_show(s->last, "all", s->out);
	return 0;
}

const struct command cmd_show_entry = {
	.name = "show",
	.args = "[SECTION]",
	.summary = "show the last observation",
	.help =
	    "Prints what the last experiment showed, measured from the kernel: all of it, or one "
	    "section (clone, ids, children, memory, fds, signals, fs, ns, stack, exit, exec: what "
	    "execve kept, with fn exec-probe; all is every section).",
	.man =
	    "Print the last observation as text, whole or one resource group:\n"
	    ".BR clone ,\n"
	    ".BR ids ,\n"
	    ".BR children ,\n"
	    ".BR memory ,\n"
	    ".BR fds ,\n"
	    ".BR signals ,\n"
	    ".BR fs ,\n"
	    ".BR ns ,\n"
	    ".BR stack ,\n"
	    ".B exit\n"
	    "or\n"
	    ".B exec\n"
	    "(what\n"
	    ".BR execve (2)\n"
	    "kept, with\n"
	    ".BR \"fn exec\\-probe\" );\n"
	    ".B all\n"
	    "is every section\n"
	    ".RB ( children\n"
	    "lists the children of a\n"
	    ".B spawn \\-n\n"
	    "run).\n",
	.completer = COMPLETE_SECTION,
	.handler = cmd_show,
};

const struct command cmd_report_entry = {
	.name = "report",
	.args = "[--json]",
	.summary = "print the last observation in full, or as JSON",
	.help =
	    "\"report\" prints every section of the last observation. \"report --json\" prints it "
	    "as one JSON object on one line, for scripts; doc/observation.md documents its "
	    "fields.",
	.man =
	    "Print the last observation; with\n"
	    ".BR \\-\\-json ,\n"
	    "as one JSON object on one line (its fields are described in\n"
	    ".I doc/observation.md\n"
	    "of the source).\n",
	.completer = COMPLETE_REPORT,
	.handler = cmd_report,
};
