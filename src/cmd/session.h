/* The session: the experiment being edited, the last observation, and the
 * one function that runs a line of the command language, shared by the
 * prompt, -c, -f, a piped stdin and (later) lesson files. */
#ifndef CLONESH_SESSION_H
#define CLONESH_SESSION_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "experiment.h"
#include "lab.h"
#include "observation.h"

struct output;
struct course;
struct drill_state;
struct predictions;
struct history;
struct journal;

/* What the front ends offer the commands that drive them (pane, clear,
 * projector, focus, record, snapshot), handed down by main.c (ui/pane's
 * ui_front_end) so that cmd/ includes nothing of ui/ (doc/hacking.md).
 * A session without one (a lesson's dry rehearsal, a test) has NULL. */
struct front_end {
	bool (*pane_open)(void);
	int (*pane_snapshot)(FILE *f);		/* the pane's screen as text */
	bool (*rec_active)(void);
	const char *(*rec_path)(void);
	double (*rec_elapsed)(void);
	int (*rec_start)(const char *path, int cols, int rows, bool *replaced, char *err,
	    size_t errlen);
	int (*rec_stop)(char *err, size_t errlen);

	/* The screen's settings, which the front end keeps, not the session;
	 * the pane lays itself out from them on its next draw. */
	bool (*pane_wanted)(void);		/* the pane (true) or plain lines, as asked */
	void (*pane_switch)(bool on);		/* asks the front end loop to switch */
	bool (*lesson_shown)(void);		/* the pane draws the lesson's page */
	bool (*projector)(bool *light);		/* projector mode, and its light scheme */
	void (*projector_set)(bool on, bool light);
	unsigned int (*focus)(void);		/* projector's groups, 1 << VG_*; 0 the default */
	void (*focus_set)(unsigned int mask);
	bool (*diagram)(void);			/* the pane draws the diagram, not the table */
	void (*diagram_set)(bool on);
	void (*repaint)(void);			/* the whole screen again on the next draw */
	/* Hands the terminal to a program (an editor) and takes it back: the
	 * pane leaves curses mode (lend true), then repaints it all (false). */
	void (*terminal_lend)(bool lend);
};

struct session {
	const struct front_end *fe;	/* NULL: no front end to drive */
	struct experiment cfg;
	struct observation *last;	/* NULL before the first spawn */
	/* The next spawn's observation: last and spare take turns, both in
	 * memory a lab does not inherit (nofork_alloc), so that clonesh
	 * filling them in takes no copy-on-write fault while a lab lives. */
	struct observation *spare;
	unsigned int nexperiments;
	bool json;			/* --json: print each observation as JSON after spawn */
	bool quit;			/* set by quit */
	struct output *out;
	struct lab_hooks hooks;

	unsigned long ncommands;	/* commands run so far, shown in the status line */
	bool interactive;		/* a person at a terminal: pane, step and kill apply */
	bool step;			/* step mode: each phase of an experiment waits for a key */
	bool running;			/* an experiment is running now */
	bool kill_request;		/* kill asked to end the running experiment */

	struct course *course;		/* the lesson being followed, or NULL */
	/* Ends the course: handed down by course.c with it, so that
	 * session_done ends it without including course.h (doc/hacking.md). */
	void (*course_end)(struct session *s);

	/* A drill waiting for its answer (drill --reverse) or a practice of
	 * rounds (drill --rounds), or NULL.  cmd-drill.c hands down with it the
	 * functions that end it, follow a spawn (a predicted round is graded)
	 * and give its own answer (--run-lesson plays a lesson's drill). */
	struct drill_state *drill;
	void (*drill_end)(struct session *s);
	void (*drill_after_spawn)(struct session *s, const struct observation *o);
	bool (*drill_own_answer)(struct session *s, char *line, size_t size);

	/* Teaching beyond the anchors */
	struct predictions *predict;	/* what the learner predicted for the next spawn, the score */
	struct history *history;	/* past observations and settings, for compare and undo */
	void (*history_done)(struct session *s);	/* frees it: handed down by history.c */
	struct journal *log;		/* what ran, for save and transcript */
	char *prompt_insert;		/* text the front end puts into the next prompt (solution) */

	/* A lesson is running its own commands (--run-lesson, --demo of a .md):
	 * files are written only inside the state directory. */
	bool untrusted;

	/* A dry rehearsal (rehearse.c): every command is checked as it would
	 * run, settings change, and a spawn records the experiment it would
	 * run in dry_spawns instead of running a lab (commands.h, enum dry_mode). */
	bool dry;
	struct experiment *dry_spawns;
	size_t ndry_spawns;
};

void session_init(struct session *s, struct output *out);
void session_done(struct session *s);
/* The running of the command language: these three are defined in
 * session-run.c, the top of cmd/, which includes the command table, the
 * course and the history; the session's other functions, in session.c,
 * include none of them. */

/* After every experiment that ran: lessons, predictions, history. */
void session_after_spawn(struct session *s, const struct observation *o);

/* Runs one line (several commands separated by ';').  0 when every command
 * succeeded; -1 after the first that failed (already reported on s->out). */
int session_run_line(struct session *s, const char *line);
/* Runs one command already split into words (argv[0] its name), as
 * session_run_line runs each; 0, or -1 after reporting the error. */
int session_run_command(struct session *s, int argc, char **argv);

/* The learner's state directory, $XDG_STATE_HOME/clonesh (else
 * ~/.local/state/clonesh), made when missing; -1 when there is no home. */
int session_state_dir(char *buf, size_t size);
/* Every command that writes a file asks here first.  Puts the path to open
 * into resolved: path itself when the command was typed or comes from the
 * learner's own script; when a lesson runs it (s->untrusted), a name inside
 * the state directory (a relative name is taken there), with no "..", no
 * symbolic link, and a directory that resolves inside it.  -1 with a message
 * (without the command's name) when it may not be written. */
int session_check_write(struct session *s, const char *path, char *resolved, size_t size,
    char *err, size_t errlen);

#endif
