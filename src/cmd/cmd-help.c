#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "session.h"
#include "view.h"

static void
help_all(struct session *s)
{
	enum { COLUMN = 30 };

	for (size_t i = 0; i < commands_count; i++) {
		const struct command *c = commands_table[i];
		char head[128];
		snprintf(head, sizeof(head), "%s%s%s", c->name, *c->args ? " " : "", c->args);
		if (strlen(head) > COLUMN)
			out_printf(s->out, "  %s\n  %-*s  %s\n", head, COLUMN, "", c->summary);
		else
			out_printf(s->out, "  %-*s  %s\n", COLUMN, head, c->summary);
	}
	out_printf(s->out, "Separate commands with ; or newlines; # starts a comment. A unique "
	    "prefix\nof a command is enough. \"help COMMAND\" tells more, \"explain clone\" "
	    "where to start.\n");
	/* The pane's words, from the table the pane draws them with. */
	out_printf(s->out, "In the pane: %s %s, %s %s, %s %s, %s %s (the kernel refused the clone "
	    "call),\n%s %s (the child overflowed its stack, or a signal or the timeout killed "
	    "it),\n%s %s (not measured: the row says why), %s %s or %s %s (two values compared, "
	    "such as\nthe blocked masks).\n", verdict_symbol(V_SHARED, true), verdict_word(V_SHARED),
	    verdict_symbol(V_COPIED, true), verdict_word(V_COPIED), verdict_symbol(V_NEW, true),
	    verdict_word(V_NEW), verdict_symbol(V_REFUSED, true), verdict_word(V_REFUSED),
	    verdict_symbol(V_FAILED, true), verdict_word(V_FAILED), verdict_symbol(V_UNKNOWN, true),
	    verdict_word(V_UNKNOWN), verdict_symbol(V_SAME, true), verdict_word(V_SAME),
	    verdict_symbol(V_DIFFERS, true), verdict_word(V_DIFFERS));
}

static int
cmd_help(struct session *s, int argc, char **argv)
{
	char err[512];

	if (argc == 1) {
		if (!s->dry)
			help_all(s);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "help");
	const struct command *c = commands_find(argv[1], err, sizeof(err));
	if (!c)
		return cmd_fail(s, "help", err);
	if (s->dry)
		return 0;
	out_printf(s->out, "usage: %s%s%s\n", c->name, *c->args ? " " : "", c->args);
	if (c->alias)
		out_printf(s->out, "alias: %s\n", c->alias);
	out_printf(s->out, "%s\n", c->summary);
	cmd_print_wrapped(s->out, "  ", c->help);
	return 0;
}

const struct command cmd_help_entry = {
	.name = "help",
	.args = "[COMMAND]",
	.summary = "list the commands, or tell more about one",
	.help =
	    "Without arguments, lists every command. \"help spawn\" shows its usage and what it "
	    "does.",
	.man =
	    "List the commands, or show the usage and summary of one.\n",
	.completer = COMPLETE_COMMAND,
	.handler = cmd_help,
};
