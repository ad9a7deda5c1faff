/* A dry rehearsal of a lesson's commands: each runs through the real command
 * table in a dry session (session.h, s->dry), so names, flags, functions and
 * their arguments, sizes, signals and clonesh's refusals are checked by the
 * code and with the messages of the prompt, and each spawn yields the
 * experiment it would run instead of a lab. */
#ifndef CLONESH_REHEARSE_H
#define CLONESH_REHEARSE_H

#include <stddef.h>

#include "experiment.h"

struct lesson;

struct rehearsal_spawn {
	struct experiment cfg;	/* what the spawn would run (nchildren included) */
	int line;		/* the spawn's line in the lesson file */
};

/* Runs the commands of steps 0..step of l dry, from the default settings
 * (experiment_init), in order, and fills out with up to max spawns of step
 * step.  How many that step has, or -1 with "FILE:LINE: message" in err,
 * LINE being the failing command's own line. */
int rehearse_step(const struct lesson *l, int step, struct rehearsal_spawn *out, int max,
    char *err, size_t errlen);
/* The whole lesson, with the rules of a sound step besides (doc/lessons.md):
 * a step that spawns chooses its function and its flags before its first
 * spawn.  0, or -1 with "FILE:LINE: message" on the first failing command. */
int rehearse_lesson(const struct lesson *l, char *err, size_t errlen);

#endif
