/* The session's past: its observations (history, compare) and its settings
 * (undo, redo). */
#ifndef CLONESH_HISTORY_H
#define CLONESH_HISTORY_H

struct experiment;
struct observation;
struct session;

/* Keeps a copy of an observation that ran. */
void history_add(struct session *s, const struct observation *o);
/* Notes that command changed the settings from before (for undo). */
void history_settings_changed(struct session *s, const struct experiment *before,
    const char *command);
/* Frees s->history. */
void history_done(struct session *s);

#endif
