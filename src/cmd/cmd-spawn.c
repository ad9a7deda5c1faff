#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "course.h"
#include "experiment.h"
#include "flags.h"
#include "journal.h"
#include "kernel.h"
#include "lab.h"
#include "obs-json.h"
#include "obs-text.h"
#include "observation.h"
#include "output.h"
#include "rules.h"
#include "session.h"
#include "util.h"

/* A dry spawn: everything checked, the experiment it would run recorded. */
static int
dry_spawn(struct session *s, const struct experiment *e)
{
	struct experiment *all = realloc(s->dry_spawns, (s->ndry_spawns + 1) * sizeof(*all));
	if (!all)
		return cmd_error(s, "spawn: %s", strerror(ENOMEM));
	all[s->ndry_spawns++] = *e;
	s->dry_spawns = all;
	return 0;
}

/* spawn's options: --force, -n N.  The index of the first word after them,
 * or -1 after reporting an error. */
static int
spawn_options(struct session *s, int argc, char **argv, bool *force, long *nchildren)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--force") == 0) {
			*force = true;
		} else if (strcmp(argv[i], "-n") == 0) {
			char *end;
			if (i + 1 >= argc)
				return cmd_error(s, "spawn: -n needs a number of children (1 to %d)",
				    CHILDREN_MAX);
			*nchildren = strtol(argv[++i], &end, 10);
			if (*end || end == argv[i] || *nchildren < 1 || *nchildren > CHILDREN_MAX)
				return cmd_error(s, "spawn: -n \"%s\" is not a number of children from 1 to %d",
				    argv[i], CHILDREN_MAX);
		} else {
			return cmd_error(s, "spawn: unknown option \"%s\" (usage: spawn [--force] [-n N] "
			    "[NAME [ARGS]])", argv[i]);
		}
	}
	return i;
}

/* The checked experiment run in a lab: the observation becomes the last
 * one, its summary is printed and the session follows up (the course, the
 * pane). */
static int
spawn_run(struct session *s, const struct experiment *e, bool force)
{
	struct observation *o = s->spare ? s->spare : nofork_alloc(sizeof(*o));
	s->spare = NULL;
	if (!o)
		return cmd_error(s, "spawn: could not start the lab: %s", strerror(ENOMEM));
	observation_init(o);
	unsigned int number = s->nexperiments + 1;
	o->number = number;
	out_flush(s->out);
	s->kill_request = false;
	s->running = true;
	int ran = lab_run(e, force, &s->hooks, o);
	s->running = false;
	s->kill_request = false;
	if (ran < 0) {
		int saved = errno;
		s->spare = o;
		return cmd_error(s, "spawn: could not start the lab: %s", strerror(saved));
	}
	s->nexperiments = number;
	o->number = number;
	s->spare = s->last;
	s->last = o;
	if (s->json)
		cmd_print_line_of(s->out, o, observation_json);
	else
		cmd_print_line_of(s->out, o, observation_summary);
	session_after_spawn(s, o);
	return 0;
}

static int
cmd_spawn(struct session *s, int argc, char **argv)
{
	bool force = false;
	long nchildren = 1;
	char err[512];

	int i = spawn_options(s, argc, argv, &force, &nchildren);
	if (i < 0)
		return -1;
	/* All or nothing: a refused spawn leaves the function as it was. */
	struct experiment next = s->cfg;
	if (i < argc && experiment_set_fn(&next, argv[i], argc - i - 1, argv + i + 1, err,
	    sizeof(err)) < 0) {
		if (str_prefix(err, "fn:"))
			return cmd_error(s, "%s", err);
		return cmd_fail(s, "spawn", err);
	}

	const struct experiment *e = &next;
	/* clonesh's own refusals, which --force does not override. */
	if (lab_refusal(e, err, sizeof(err)) < 0)
		return cmd_error(s, "spawn: %s", err);
	/* A rehearsal checks a lesson, not this system's limits (a chroot, a
	 * filter): those make a step skip when the lesson is followed. */
	struct kernel_info k = *kernel_get();
	if (s->dry)
		k.env = NULL;
	const struct flags_rule *r = flags_validate(e, &k);
	if (r && r->err == 0 && !(force && flags_rule_forceable(r)))
		return cmd_error(s, "spawn: %s; fix: %s%s", r->text, r->fix, flags_rule_forceable(r) ?
		    "; or \"spawn --force\" to send it anyway" : "");
	if (r && !force)
		return cmd_error(s, "spawn: %s (kernel would return %s); fix: %s; or \"spawn --force\" "
		    "to send it anyway", r->text, strerrorname_np(r->err) ? strerrorname_np(r->err) : "an error", r->fix);
	if (nchildren > 1 && (e->flags & (CLONE_VFORK | CLONE_PARENT)))
		return cmd_error(s, "spawn: -n with %s: %s; use -n 1", e->flags & CLONE_VFORK ?
		    "CLONE_VFORK" : "CLONE_PARENT", e->flags & CLONE_VFORK ? "the lab sleeps in each "
		    "clone() until that child ends, so the children could not run side by side" :
		    "the children would belong to clonesh, not to the lab that is measured");
	s->cfg = next;
	/* -n is for this spawn only; the settings keep one child. */
	struct experiment run = s->cfg;
	run.nchildren = (int)nchildren;
	if (s->dry)
		return dry_spawn(s, &run);
	return spawn_run(s, &run, force);
}

const struct command cmd_spawn_entry = {
	.name = "spawn",
	.alias = "run",
	.args = "[--force] [-n N] [NAME [ARGS]]",
	.summary = "run the experiment and show what it shared",
	.help =
	    "Runs the experiment in a fresh lab process, the child's parent, and prints one line "
	    "of what happened; \"show\" tells the rest. \"spawn NAME ARGS\" first chooses the "
	    "function, as fn does. A flag set the kernel would refuse is stopped with the rule "
	    "and its fix; \"spawn --force\" sends it anyway, so the observation shows the kernel's "
	    "error. \"spawn -n 8\" starts 8 children with the same settings (threads of one "
	    "group with CLONE_THREAD; 1 to 1024; not with CLONE_VFORK or CLONE_PARENT); the first is "
	    "measured in full and \"show children\" lists them all. Whatever the child does "
	    "(crash, overflow, hang past the timeout), only the lab dies, and every setting stays.",
	.man =
	    "Run the experiment (alias\n"
	    ".BR run ).\n"
	    "With a function\n"
	    ".IR name ,\n"
	    "choose it first.\n"
	    "An invalid flag set is refused with the rule it breaks and the fix;\n"
	    ".B \\-\\-force\n"
	    "sends it to the kernel anyway, and the observation is the kernel's error.\n"
	    "With\n"
	    ".BI \\-n \" N\"\n"
	    "(1 to 1024), starts\n"
	    ".I N\n"
	    "children with the same settings, threads of one group with\n"
	    ".BR CLONE_THREAD ;\n"
	    "the first is measured in full and\n"
	    ".B show children\n"
	    "lists them all, as a process tree.\n",
	.completer = COMPLETE_SPAWN,
	.handler = cmd_spawn,
	.dry = DRY_SPAWN,
};
