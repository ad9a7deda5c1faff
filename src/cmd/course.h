/* Stepping a learner through a lesson: the current step, predictions
 * graded by the kernel after a spawn, expectations, hints, and progress
 * kept in $XDG_STATE_HOME/clonesh/progress. */
#ifndef CLONESH_COURSE_H
#define CLONESH_COURSE_H

#include <stdbool.h>
#include <stddef.h>

#include "course-state.h"

struct lesson;
struct observation;
struct session;

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

/* The steps of the lesson not done yet, as "2, 4" in list; their count, and
 * the first one's index in *first (-1 when none). */
int course_steps_undone(const struct course *c, char *list, size_t size, int *first);
/* Starts (or resumes, when step < 0) a loaded lesson; takes ownership. */
void course_begin(struct session *s, struct lesson *l, int step);
/* How the course runs a line of its lesson: session_run_line, handed down
 * (it is above the course, doc/hacking.md). */
typedef int course_run_line_fn(struct session *s, const char *line);
/* --run-lesson: runs every step of the lesson at path with the lesson's own
 * answers, each line by run_line; 0 when the kernel agreed with all, 1 when
 * not, 77 when this machine cannot run it, 2 when the file is broken. */
int course_run(struct session *s, const char *path, course_run_line_fn *run_line);
void course_end(struct session *s);
/* Shows the current step: narrative, commands, the prediction. */
void course_show_step(struct session *s);
/* Moves to another step (0-based); false when out of range. */
bool course_goto(struct session *s, int step);
/* After each command the learner ran successfully (argv as typed): a step
 * without an experiment is done once all its commands were typed. */
void course_after_command(struct session *s, int argc, char **argv);
/* A drill's rounds ended (cmd-drill.c): the score on the step's page, and
 * the step that started them done once its commands are; in --run-lesson,
 * a round the drill's own answer did not pass is a disagreement. */
void course_after_drill(struct session *s, unsigned int right, unsigned int graded,
    unsigned int unmeasured);
/* Adds a line of clonesh's own to the step's page (an answer taken, a hint). */
void course_note(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Marks the current step done: the narrative after it, progress, what
 * comes next.  next calls it for a step without an experiment. */
void course_finish_step(struct session *s);
/* Whether the current step runs an experiment. */
bool course_step_spawns(const struct session *s);
/* After each spawn: grade the prediction, check the expectations. */
void course_after_spawn(struct session *s, const struct observation *o);
/* The change the current step makes to the exported program ("> edit:"):
 * true with its two texts, false when the step has none. */
bool course_step_edit(const struct session *s, const char **old_text, const char **new_text);
/* After "code --edit" ran the learner's program: o is what its output told
 * (told says which fields it gives), mine whether the program is the step's
 * change.  The step's prediction is graded on it, and the step is done. */
void course_after_program(struct session *s, const struct observation *o, bool mine,
    bool (*told)(const struct observation *o, const char *path, void *data), void *data);
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
