#include "config.h"

#include "cmd.h"
#include "session.h"
#include "why.h"

int
cmd_why(struct session *s, int argc, char **argv)
{
	if (!s->last)
		return cmd_error(s, "why: nothing to explain yet (run \"spawn\" first)");
	why_explain(s->last, s->out);
	return 0;
}
