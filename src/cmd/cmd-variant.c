#include "config.h"

#include <strings.h>

#include "cmd.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

int
cmd_variant(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		out_printf(s->out, "variant: %s\n", variant_name(s->cfg.variant));
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "variant");
	if (strcasecmp(argv[1], variant_name(VARIANT_CLONE)) == 0)
		s->cfg.variant = VARIANT_CLONE;
	else if (strcasecmp(argv[1], variant_name(VARIANT_CLONE3)) == 0)
		s->cfg.variant = VARIANT_CLONE3;
	else
		return cmd_error(s, "variant: \"%s\" is not a variant (clone or clone3)", argv[1]);
	if (!s->json)
		out_printf(s->out, "variant: %s\n", variant_name(s->cfg.variant));
	return 0;
}
