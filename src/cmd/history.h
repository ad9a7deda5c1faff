/* The session's past: its observations (history, compare) and its settings
 * (undo, redo). */
#ifndef CLONESH_HISTORY_H
#define CLONESH_HISTORY_H

#include <stdbool.h>

#include "experiment.h"

struct observation;
struct session;

#define HISTORY_KEEP 100	/* observations kept; older ones are dropped */
#define HISTORY_CHANGES 200	/* setting changes undo can take back */

/* One change of settings: what they were before and after the command. */
struct history_change {
	struct experiment before, after;
	char what[160];		/* the change as a command would make it: "flags +files" */
};

/* Keeps a copy of an observation that ran. */
void history_add(struct session *s, const struct observation *o);
/* Notes that command changed the settings from before (for undo); undo and
 * redo themselves are not changes. */
void history_settings_changed(struct session *s, const struct experiment *before,
    const char *command);
/* Frees s->history. */
void history_done(struct session *s);

/* The kept observation number n, or NULL when it is not kept. */
const struct observation *history_observation(const struct session *s, unsigned int n);
/* The number of the oldest kept observation (0 when none). */
unsigned int history_oldest(const struct session *s);
/* Observations dropped to stay under HISTORY_KEEP. */
unsigned int history_dropped(const struct session *s);

/* Takes back the last change: s->cfg becomes what it was before, the change
 * goes to the redo stack and into *c.  false when there is nothing to undo. */
bool history_undo(struct session *s, struct history_change *c);
/* Makes again the change undo took back last; false when there is none. */
bool history_redo(struct session *s, struct history_change *c);

#endif
