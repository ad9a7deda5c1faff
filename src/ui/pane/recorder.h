/* What clonesh shows on the terminal, and an asciicast v2 recording of it.
 * The plain front end's lines and readline's echo go through
 * recorder_plain() and recorder_plain_err(); the pane reports each screen it
 * draws with pane_record().  So a recording holds what the room saw. */
#ifndef CLONESH_RECORDER_H
#define CLONESH_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The stream ncurses writes the pane to: stdout itself.  ncurses writes with
 * write(2) on its stream's descriptor, and a stream that copies into the
 * recording (fopencookie) has none, so the pane cannot go through
 * recorder_plain(); it is recorded by pane_record() instead. */
FILE *recorder_terminal(void);
/* The stream for the plain front end's text (and readline's rl_outstream):
 * writes to fd 1, and copies each write into the recording while one runs.
 * Line buffered. */
FILE *recorder_plain(void);
/* The same for error lines: fd 2, recorded too (the room sees them). */
FILE *recorder_plain_err(void);
/* Records the pane's screen as it is now (pane_frame: with the attributes
 * and colours the room sees) as one frame, when a recording runs and the
 * screen changed since the last frame.  The pane's front end calls it
 * after each pane_draw(). */
/* A frame of the pane (its screen as pane_frame writes it), recorded when
 * it differs from the last; the recorder frees it. */
void recorder_frame(char *frame, size_t len);

/* Starts recording into path (asciicast v2, replacing what the file held)
 * for a cols x lines terminal; 0, or -1 with a message naming the file in
 * err.  *replaced says whether the file existed with content. */
int recorder_start(const char *path, int cols, int lines, bool *replaced, char *err,
    size_t errlen);
/* Ends the recording (closes the file, which is then complete); safe when
 * none runs.  0, or -1 with a message in err when the file could not be
 * written to the end. */
int recorder_stop(char *err, size_t errlen);
bool recorder_active(void);
/* The file being recorded into, or NULL. */
const char *recorder_path(void);
/* Seconds since the recording started (0 when none runs). */
double recorder_elapsed(void);

#endif
