#include "config.h"

#include "cmd.h"
#include "commands.h"
#include "session.h"
#include "why.h"

static int
cmd_why(struct session *s, int argc, char **argv)
{
	if (!s->last)
		return cmd_error(s, "why: nothing to explain yet (run \"spawn\" first)");
	why_explain(s->last, s->out);
	return 0;
}

const struct command cmd_why_entry = {
	.name = "why",
	.args = "",
	.summary = "tie each observed difference to its cause",
	.help =
	    "After an experiment, explains every row of the observation: what was shared or copied, "
	    "the flag behind it (or its absence), the kernel rule at work and the measurement that "
	    "showed it; and says when the kernel surprised the validator.",
	.man =
	    "After an experiment, tie each row of the observation to its cause, one\n"
	    "line (or a short paragraph) each: shared or copied, the flag that was set\n"
	    "or its absence, the kernel rule at work and the measurement that showed it\n"
	    "(\\(lqvm: copied: no CLONE_VM, so the child got a copy-on-write copy ...\n"
	    "(kcmp VM: different); the parent still reads 7\\(rq).\n"
	    "It covers the ids, memory, each fd, the signal handlers and masks, the fs\n"
	    "information, the I/O context, the SysV undo list, each namespace, the\n"
	    "stack, the exit and how it was waited for, and the lab's notes.\n"
	    "It says when the kernel surprised clonesh's validator: a refusal the\n"
	    "validator knew no rule for, or a call accepted under\n"
	    ".B spawn \\-\\-force\n"
	    "although the validator predicted a refusal.\n"
	    "For a refused clone it gives the rule, the errno and the fix.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_why,
};
