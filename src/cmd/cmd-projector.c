#include "config.h"

#include <stdbool.h>
#include <strings.h>

#include "cmd.h"
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
int
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
