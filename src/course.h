/* Stepping a learner through a lesson: the current step, predictions
 * graded by the kernel after a spawn, expectations, hints, and progress
 * kept in $XDG_STATE_HOME/clonesh/progress. */
#ifndef CLONESH_COURSE_H
#define CLONESH_COURSE_H

#include <stdbool.h>
#include <stddef.h>

struct lesson;
struct observation;
struct session;

struct course {
	struct lesson *lesson;
	int step;		/* 0-based */
	int hints_shown;
	int chosen;		/* the learner's answer to this step's prediction, -1 none */
	bool graded;		/* the prediction was graded in this step */
	int spawns;		/* experiments run in this step */
	bool step_done;
	bool automatic;		/* --run-lesson: answers come from the lesson */
	unsigned int failures;	/* predictions and expectations the kernel refuted */
};

/* The directory lessons are read from: CLONESH_LESSONDIR, else the source
 * tree's when this is the build tree's binary, else the installed one. */
const char *course_lesson_dir(void);
/* What that directory holds, in words for a message ("13 lessons", "no
 * lesson files (NN-name.md)", "missing", "unreadable: ..."); the count or -1. */
int course_lesson_dir_state(char *buf, size_t size);
/* The lesson files of that directory ("NN-name.md"), sorted; free with
 * course_free_list.  The count, or -1 when the directory cannot be read. */
int course_list(char ***paths);
void course_free_list(char **paths, int n);
/* Finds a lesson by number, name or path; a malloc'd path or NULL with a message. */
char *course_find(const char *what, char *err, size_t errlen);

/* Starts (or resumes, when step < 0) a loaded lesson; takes ownership. */
void course_begin(struct session *s, struct lesson *l, int step);
/* --run-lesson: runs every step of the lesson at path with the lesson's own
 * answers; 0 when the kernel agreed with all, 1 when not, 77 when this
 * machine cannot run it, 2 when the file is broken. */
int course_run(struct session *s, const char *path);
void course_end(struct session *s);
/* Shows the current step: narrative, commands, the prediction. */
void course_show_step(struct session *s);
/* Moves to another step (0-based); false when out of range. */
bool course_goto(struct session *s, int step);
/* After each spawn: grade the prediction, check the expectations. */
void course_after_spawn(struct session *s, const struct observation *o);
/* Checks this step's expectations against o; how many failed. */
int course_check_expectations(struct session *s, const struct observation *o, bool quiet_ok);
/* Grades the learner's answer against o. */
void course_grade(struct session *s, const struct observation *o);

/* Progress: the step reached in a lesson and whether it was finished. */
bool course_progress_get(const char *name, int *step, bool *done);
void course_progress_set(const char *name, int step, bool done);
/* Forgets one lesson's progress, or all (name NULL). */
void course_progress_reset(const char *name);

#endif
