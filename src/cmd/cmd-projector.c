#include "config.h"

#include <stdbool.h>
#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "session.h"

static void
projector_print(struct session *s)
{
	bool light = false, on = s->fe && s->fe->projector(&light);
	out_printf(s->out, "projector: %s\n", !on ? "off" : light ? "on (light)" : "on (dark)");
}

/* Only changes settings: the pane lays itself out from them on its next
 * draw, so this works in a script too. */
static int
cmd_projector(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		if (!s->dry)
			projector_print(s);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "projector");
	const char *w = argv[1];
	bool on = strcasecmp(w, "on") == 0, light = strcasecmp(w, "light") == 0;
	if (!on && !light && strcasecmp(w, "off") != 0)
		return cmd_error(s, "projector: \"%s\" is not on, off or light", w);
	if (s->dry)
		return 0;
	if (!s->fe)
		return cmd_error(s, "projector: no front end here to show it");
	s->fe->projector_set(on || light, light);
	if (!s->json)
		projector_print(s);
	return 0;
}

const struct command cmd_projector_entry = {
	.name = "projector",
	.args = "[on|off|light]",
	.summary = "show or switch projector mode, for a class",
	.help =
	    "Projector mode lays the pane out for an 80x24 terminal zoomed on a projector: fewer and "
	    "larger elements, the three resource groups the teaching is about (\"focus\" chooses "
	    "others), each verdict as a wide word in reverse video with its symbol, and a dark "
	    "high-contrast scheme; \"projector light\" is the scheme for bright rooms.",
	.man =
	    "Show or switch projector mode, for a class.\n"
	    "Projector mode lays the pane out for an 80x24 terminal zoomed on a\n"
	    "projector: the status line, then a block for each group\n"
	    ".B focus\n"
	    "chose (its name in capitals and at most three of its rows), the system\n"
	    "call, a few lines of output and the prompt; no table of columns.\n"
	    "Each verdict is a wide word in a reverse-video banner with its symbol\n"
	    "(\\fB= SHARED\\fR, \\fB\\(!= COPIED\\fR, \\fB+ NEW\\fR, \\fB\\[u2717] REFUSED\\fR,\n"
	    "\\fB\\[u2717] FAILED\\fR, \\fB\\&... PENDING\\fR), so it reads without colour; a refused clone is one\n"
	    "REFUSED block with the error and the rule.\n"
	    ".B projector on\n"
	    "uses a dark high-contrast scheme (bright white on black),\n"
	    ".B projector light\n"
	    "black on white for bright rooms;\n"
	    ".B projector off\n"
	    "returns to the normal pane.\n"
	    "Without colours (\\fB\\-\\-no\\-color\\fR,\n"
	    ".BR NO_COLOR )\n"
	    "the banners stay in reverse video.\n"
	    "A smaller terminal shows fewer rows a group.\n"
	    "In a script the setting only changes; the pane shows it.\n",
	.completer = COMPLETE_PROJECTOR,
	.handler = cmd_projector,
};
