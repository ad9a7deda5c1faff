#include "config.h"

#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "session.h"
#include "util.h"
#include "view.h"

static void
focus_print(struct session *s)
{
	unsigned int chosen = s->fe ? s->fe->focus() : 0;
	unsigned int mask = chosen ? chosen : VIEW_FOCUS_DEFAULT;
	out_printf(s->out, "focus:");
	for (int i = 0; i < view_focus_count; i++)
		if (mask & 1u << view_focus_table[i].group)
			out_printf(s->out, " %s", view_focus_table[i].name);
	out_printf(s->out, "%s\n", chosen ? "" : " (the default)");
}

/* The entry word names: the whole name, or a prefix of exactly one. */
static int
focus_find(struct session *s, const char *word)
{
	int found = -1, n = 0;
	size_t len = strlen(word);
	for (int i = 0; i < view_focus_count; i++) {
		if (strcasecmp(word, view_focus_table[i].name) == 0)
			return i;
		if (len && strncasecmp(word, view_focus_table[i].name, len) == 0) {
			found = i;
			n++;
		}
	}
	if (n == 1)
		return found;
	if (n > 1) {
		char names[128] = "";
		for (int i = 0; i < view_focus_count; i++)
			if (strncasecmp(word, view_focus_table[i].name, len) == 0)
				str_append(names, sizeof(names), "%s%s", names[0] ? ", " : "",
				    view_focus_table[i].name);
		return cmd_error(s, "focus: \"%s\" could be %s", word, names);
	}
	char all[128] = "";
	for (int i = 0; i < view_focus_count; i++)
		str_append(all, sizeof(all), "%s%s", all[0] ? ", " : "", view_focus_table[i].name);
	return cmd_error(s, "focus: \"%s\" is not a group (%s)", word, all);
}

static int
cmd_focus(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		if (!s->dry)
			focus_print(s);
		return 0;
	}
	if (argc - 1 > 3)
		return cmd_error(s, "focus: at most 3 groups fit on a projector");
	unsigned int mask = 0;
	for (int i = 1; i < argc; i++) {
		int k = focus_find(s, argv[i]);
		if (k < 0)
			return -1;
		mask |= 1u << view_focus_table[k].group;
	}
	if (s->dry)
		return 0;
	if (!s->fe)
		return cmd_error(s, "focus: no front end here to show it");
	s->fe->focus_set(mask);
	if (!s->json)
		focus_print(s);
	return 0;
}

const struct command cmd_focus_entry = {
	.name = "focus",
	.args = "[GROUP...]",
	.summary = "choose the groups projector mode shows",
	.help =
	    "In projector mode only a few resource groups fit: \"focus memory fds signals\" (the "
	    "default) chooses them, among memory, fds, signals, fs, ns, stack and ids. Without "
	    "arguments, shows the current choice.",
	.man =
	    "Show or choose the groups projector mode shows, one to three of\n"
	    ".BR memory ,\n"
	    ".BR fds ,\n"
	    ".BR signals ,\n"
	    ".BR fs ,\n"
	    ".BR ns ,\n"
	    ".B stack\n"
	    "and\n"
	    ".BR ids ,\n"
	    "in any case; a unique prefix will do.\n"
	    "The default is\n"
	    ".BR \"focus memory fds signals\" .\n"
	    "The groups appear in that order whatever the order typed.\n",
	.completer = COMPLETE_FOCUS,
	.handler = cmd_focus,
};
