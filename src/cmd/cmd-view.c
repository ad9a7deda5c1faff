#include "config.h"

#include <langinfo.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sys/ioctl.h>

#include "cmd.h"
#include "commands.h"
#include "diagram.h"
#include "kobjects.h"
#include "output.h"
#include "session.h"

#define PLAIN_COLS 100	/* without a terminal, as snapshot writes the pane */

/* The diagram of the last experiment, printed: plain mode's view of it. */
static int
view_print_diagram(struct session *s)
{
	if (!s->last) {
		out_printf(s->out, "view: no experiment yet: set it up, then type spawn\n");
		return 0;
	}
	if (s->last->cost.measured) {
		out_printf(s->out, "view: the last experiment is a cost, which made no clone to draw: "
		    "\"show\" prints its figures, the pane draws its chart\n");
		return 0;
	}
	struct winsize ws;
	int cols = PLAIN_COLS;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
		cols = ws.ws_col;
	struct kgraph *g = malloc(sizeof(*g));
	struct diagram *d = malloc(sizeof(*d));
	if (!g || !d) {
		free(g);
		free(d);
		return cmd_error(s, "view: out of memory");
	}
	kgraph_build(s->last, s->last->reached, g);
	diagram_render(g, cols, DIAGRAM_MAX_LINES, strcmp(nl_langinfo(CODESET), "UTF-8") == 0, false, 0, d);
	diagram_print(d, s->out);
	free(g);
	free(d);
	return 0;
}

/* Which view the pane draws the observation in; plain mode prints the
 * diagram (the table is what show prints). */
static int
cmd_view(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		if (!s->dry)
			out_printf(s->out, "view: %s\n", s->fe && s->fe->diagram() ? "diagram" : "table");
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "view");
	bool diagram = strcasecmp(argv[1], "diagram") == 0;
	if (!diagram && strcasecmp(argv[1], "table") != 0)
		return cmd_error(s, "view: \"%s\" is not a view (try diagram or table)", argv[1]);
	if (s->dry)
		return 0;
	if (s->fe)
		s->fe->diagram_set(diagram);
	if (s->json)
		return 0;
	if (diagram && !(s->fe && s->fe->pane_open()))
		return view_print_diagram(s);
	out_printf(s->out, "view: %s\n", diagram ? "diagram" : "table");
	return 0;
}

const struct command cmd_view_entry = {
	.name = "view",
	.args = "[diagram|table]",
	.summary = "draw the kernel objects as a diagram, or the rows of the table",
	.help =
	    "\"view diagram\" draws the last experiment as the textbook does: the parent (the lab) on "
	    "the left, the child on the right, and between them the kernel's objects, each a box with "
	    "its struct's name (mm_struct, files_struct and each open file description, fs_struct, "
	    "sighand_struct, signal_struct, nsproxy, io_context, sem_undo_list) and what it holds. An "
	    "object kcmp measured as one is one double-lined box with an arrow from each task "
	    "(shared); two are a box each (copied; new for new namespaces); one not measured is a "
	    "dashed box with ? and the reason, and no arrow. \"view table\" goes back to the rows; "
	    "F2 in the pane switches between them. Without the pane, \"view diagram\" prints "
	    "the diagram.",
	.man =
	    "Draw the last experiment as the kernel's objects behind parent and child, or go back\n"
	    "to the table of rows.\n"
	    ".B view diagram\n"
	    "puts the parent (the lab) on the left and the child on the right, and between them a\n"
	    "box for each kernel object: its struct's name (\\fBmm_struct\\fR, \\fBfiles_struct\\fR\n"
	    "and each open file description, \\fBfs_struct\\fR, \\fBsighand_struct\\fR,\n"
	    "\\fBsignal_struct\\fR, \\fBnsproxy\\fR, \\fBio_context\\fR, \\fBsem_undo_list\\fR) and a\n"
	    "line of what it holds (the global's value, the fds and offsets, cwd and umask, the\n"
	    "handlers, the thread group, the new namespaces).\n"
	    "Every box is a measurement: an object kcmp(2) found to be one (or one thread group\n"
	    "by the tgid, the same namespaces by their inodes) is one double-lined box with an arrow\n"
	    "from each task, marked shared; two objects are a box each, marked copied (new, in\n"
	    "heavy lines, for a new namespace); an object that could not be measured is a dashed\n"
	    "box with ? and the reason, and no arrow.\n"
	    "A file's arrows come from the fd tables (its fd number), so fork's copied table\n"
	    "pointing into shared open file descriptions is seen as it is.\n"
	    "Boxes fold to their names, and the open file descriptions of one state into one box,\n"
	    "when the screen is short; a legend line says what each line style means, in words,\n"
	    "so it reads without colour.\n"
	    "In projector mode the boxes are fewer and larger.\n"
	    "With step on the diagram is drawn again at each phase: the parent alone before the\n"
	    "clone, then the objects.\n"
	    ".B view table\n"
	    "goes back to the rows; the key\n"
	    ".B F2\n"
	    "switches between them in the pane.\n"
	    "Without the pane,\n"
	    ".B view diagram\n"
	    "prints the diagram (as wide as the terminal, else 100 columns).\n",
	.completer = COMPLETE_VIEW,
	.handler = cmd_view,
};
