#include "config.h"

#include <stdbool.h>
#include <strings.h>

#include "cmd.h"
#include "output.h"
#include "session.h"

static void
projector_print(struct session *s)
{
	out_printf(s->out, "projector: %s\n", !s->projector ? "off" :
	    s->projector_light ? "on (light)" : "on (dark)");
}

/* Only changes settings: the pane lays itself out from them on its next
 * draw, so this works in a script too. */
int
cmd_projector(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		projector_print(s);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "projector");
	const char *w = argv[1];
	if (strcasecmp(w, "on") == 0) {
		s->projector = true;
		s->projector_light = false;
	} else if (strcasecmp(w, "light") == 0) {
		s->projector = true;
		s->projector_light = true;
	} else if (strcasecmp(w, "off") == 0) {
		s->projector = false;
		s->projector_light = false;
	} else {
		return cmd_error(s, "projector: \"%s\" is not on, off or light", w);
	}
	s->repaint = true;
	if (!s->json)
		projector_print(s);
	return 0;
}
