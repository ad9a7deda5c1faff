#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

void
cmd_list_presets(struct session *s)
{
	for (size_t i = 0; i < experiment_npresets; i++)
		out_printf(s->out, "  %-10s %s\n", experiment_presets[i].name,
		    experiment_presets[i].summary);
}

static int
cmd_preset(struct session *s, int argc, char **argv)
{
	char err[512];

	if (argc == 1) {
		cmd_list_presets(s);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "preset");
	if (experiment_apply_preset(&s->cfg, argv[1], err, sizeof(err)) < 0)
		return cmd_fail(s, "preset", err);
	char what[64];
	snprintf(what, sizeof(what), "preset %s", experiment_find_preset(argv[1])->name);
	cmd_print_config(s, what);
	return 0;
}

const struct command cmd_preset_entry = {
	.name = "preset",
	.args = "[NAME]",
	.summary = "set flags, signal and variant as a known call does",
	.help =
	    "Without arguments, lists the presets. \"preset fork\" is a copy as the fork system "
	    "call makes it, \"preset glibc-fork\" adds the two tid flags glibc's fork() passes, "
	    "\"preset vfork\" shares the memory and suspends the parent, \"preset thread\" passes "
	    "exactly what glibc's pthread_create does, \"preset container\" makes every namespace "
	    "with a user namespace to allow it, \"preset seed\" repeats the seed article's call. A "
	    "preset sets the variant, the flags and the exit signal, and some also the stack and "
	    "the function.",
	.man =
	    "Without arguments, list the presets.\n"
	    "Otherwise set the variant, the flags and the exit signal (and, for\n"
	    ".BR seed ,\n"
	    "the stack and the function) to a well-known call:\n"
	    ".B fork\n"
	    "is SIGCHLD and no flags, what the fork system call does;\n"
	    ".B glibc\\-fork\n"
	    "is what glibc's fork() passes to clone():\n"
	    "CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD;\n"
	    ".B vfork\n"
	    "is CLONE_VM|CLONE_VFORK|SIGCHLD;\n"
	    ".B thread\n"
	    "is exactly what glibc's\n"
	    ".BR pthread_create (3)\n"
	    "passes, through\n"
	    ".B clone3\n"
	    "with no exit signal;\n"
	    ".B container\n"
	    "is the namespace flags with CLONE_NEWUSER;\n"
	    ".B seed\n"
	    "is exactly the seed article's call: CLONE_VM, exit signal 0, an 8 KiB\n"
	    "stack and the function\n"
	    ".BR seed\\-hello .\n",
	.completer = COMPLETE_PRESET,
	.handler = cmd_preset,
	.dry = DRY_SETTINGS,
};
