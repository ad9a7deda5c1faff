/* What clonesh shows on the terminal, and an asciicast v2 recording of it.
 * Everything bound for the terminal (the pane's ncurses output, the plain
 * front end's lines, readline's echo) goes through recorder_terminal(), so a
 * recording holds exactly what the room saw. */
#ifndef CLONESH_RECORDER_H
#define CLONESH_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The stream to write to the terminal: stdout, copied into the recording
 * while one runs. */
FILE *recorder_terminal(void);
/* The same for error lines (stderr). */
FILE *recorder_terminal_err(void);
/* Starts recording into path (asciicast v2) for a cols x lines terminal;
 * 0, or -1 with a message in err. */
int recorder_start(const char *path, int cols, int lines, char *err, size_t errlen);
/* Ends the recording (closes the file); safe when none runs. */
void recorder_stop(void);
bool recorder_active(void);
/* The file being recorded into, or NULL. */
const char *recorder_path(void);

#endif
