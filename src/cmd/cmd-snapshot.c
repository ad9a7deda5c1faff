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
#include "svg.h"

#define SNAPSHOT_USAGE "usage: snapshot [--svg] FILE"

/* snapshot --svg FILE: the last observation's diagram, as an SVG document. */
static int
snapshot_svg(struct session *s, const char *file)
{
	char path[4096];

	if (!s->last)
		return cmd_error(s, "snapshot: no experiment to draw yet (spawn first)");
	FILE *f = cmd_create(s, "snapshot", file, path, sizeof(path));
	if (!f)
		return -1;
	svg_diagram(s->last, f);
	if (cmd_finish(s, "snapshot", f, path) < 0)
		return -1;
	if (!s->json)
		out_printf(s->out, "snapshot: the diagram of experiment #%u, as SVG, into %s\n",
		    s->last->number, path);
	return 0;
}

static int
cmd_snapshot(struct session *s, int argc, char **argv)
{
	bool pane = s->fe && s->fe->pane_open(), svg = false;
	const char *file = NULL;
	char path[4096];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--svg") == 0)
			svg = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cmd_error(s, "snapshot: unknown option \"%s\" (" SNAPSHOT_USAGE ")", argv[i]);
		else if (file)
			return cmd_too_many(s, "snapshot");
		else
			file = argv[i];
	}
	if (!file)
		return cmd_error(s, "snapshot: which file? (" SNAPSHOT_USAGE ")");
	if (s->dry)
		return cmd_dry_file(s, "snapshot", file);
	if (svg)
		return snapshot_svg(s, file);
	if (!pane && !s->last)
		return cmd_error(s, "snapshot: nothing to show yet (spawn first)");
	FILE *f = cmd_create(s, "snapshot", file, path, sizeof(path));
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
	.args = "[--svg] FILE",
	.summary = "write the pane as text, or the last experiment's diagram as SVG",
	.help =
	    "Writes what the pane shows now as plain text, for a slide. Without the pane, writes the "
	    "last observation laid out as the pane would show it. With --svg, writes the last "
	    "experiment's diagram as an SVG picture instead: the parent and the child, and the "
	    "kernel's objects behind them as boxes: one box for an object measured shared, two for "
	    "one copied, a dashed ? box with the reason for one not measured.",
	.man =
	    "Write the pane as it is now as plain text, one line a row, status line\n"
	    "included, for a slide.\n"
	    "Without the pane (in a script, or with\n"
	    ".BR \\-\\-plain ),\n"
	    "write the last observation laid out as the pane lays it out, in 100 columns:\n"
	    "group, resource, parent, verdict (symbol and word) and child.\n"
	    "Fails before the first experiment.\n"
	    ".IP\n"
	    "With\n"
	    ".BR \\-\\-svg ,\n"
	    "write the last experiment's diagram as a standalone SVG 1.1 picture, for a\n"
	    "slide or a handout: the parent task on the left, the child task on the\n"
	    "right, and the kernel objects behind them (mm_struct, files_struct and its\n"
	    "open file descriptions, fs_struct, sighand_struct, signal_struct, nsproxy,\n"
	    "io_context, sem_undo_list) as boxes with their content.\n"
	    "An object measured shared is one box (double line) that both tasks' arrows\n"
	    "point to; one measured copied is two boxes (single line); a new namespace is\n"
	    "marked new (thick line); one not measured is a dashed box with\n"
	    ".BR ? ,\n"
	    "the reason, and no arrows.\n"
	    "The boxes come from the measurements, never from the flags.\n"
	    "The picture uses generic fonts only and no script; its words are text, with\n"
	    "a title and a description.\n",
	.completer = COMPLETE_SVG_PATH,
	.handler = cmd_snapshot,
};
