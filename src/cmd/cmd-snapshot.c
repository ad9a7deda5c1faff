#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "snapshot.h"

static int
cmd_snapshot(struct session *s, int argc, char **argv)
{
	bool pane = s->fe && s->fe->pane_open();
	char path[4096];

	if (argc < 2)
		return cmd_error(s, "snapshot: which file? (usage: snapshot FILE.txt)");
	if (argc > 2)
		return cmd_too_many(s, "snapshot");
	if (s->dry)
		return cmd_dry_file(s, "snapshot", argv[1]);
	if (!pane && !s->last)
		return cmd_error(s, "snapshot: nothing to show yet (spawn first)");
	FILE *f = cmd_create(s, "snapshot", argv[1], path, sizeof(path));
	if (!f)
		return -1;
	if (pane)
		s->fe->pane_snapshot(f);
	else
		snapshot_view(s->last, f);
	if (cmd_finish(s, "snapshot", f, path) < 0)
		return -1;
	if (!s->json)
		out_printf(s->out, "snapshot: %s into %s\n", pane ? "the pane" :
		    "the last experiment, laid out as the pane shows it,", path);
	return 0;
}

const struct command cmd_snapshot_entry = {
	.name = "snapshot",
	.args = "FILE.txt",
	.summary = "write the pane as it is now, as text",
	.help =
	    "Writes what the pane shows now as plain text, for a slide. Without the pane, writes the "
	    "last observation laid out as the pane would show it.",
	.man =
	    "Write the pane as it is now as plain text, one line a row, status line\n"
	    "included, for a slide.\n"
	    "Without the pane (in a script, or with\n"
	    ".BR \\-\\-plain ),\n"
	    "write the last observation laid out as the pane lays it out, in 100 columns:\n"
	    "group, resource, parent, verdict (symbol and word) and child.\n"
	    "Fails before the first experiment.\n",
	.completer = COMPLETE_PATH,
	.handler = cmd_snapshot,
};
