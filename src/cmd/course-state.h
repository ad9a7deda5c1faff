/* The state of a lesson being followed: its step, its answers and what its
 * page shows.  Apart from course.h so that the rehearsal (rehearse.c),
 * which course.c calls, can make a dry one without including course.h. */
#ifndef CLONESH_COURSE_STATE_H
#define CLONESH_COURSE_STATE_H

#include <stdbool.h>

struct lesson;
struct rehearsal_spawn;

/* What a step shows, in order: its narrative, the commands to type, the
 * prediction, then what happened (answers, grades, expectations, the
 * narrative after the experiment).  The pane draws the blocks in its lesson
 * region; plain mode prints each block once, when it is added. */
enum page_kind {
	PAGE_MARKDOWN,		/* the lesson's own text: rendered as Markdown */
	PAGE_COMMANDS,		/* the step's commands, one a line */
	PAGE_QUESTION,		/* the prediction and its choices */
	PAGE_NOTE,		/* what clonesh says: an answer taken, a hint */
	PAGE_RIGHT,		/* a prediction or expectation the kernel confirmed */
	PAGE_WRONG,		/* one it refuted, or that could not be graded */
	PAGE_DONE,		/* the step or the lesson is done */
};

struct page_block {
	enum page_kind kind;
	char *text;
};

struct course {
	struct lesson *lesson;
	int step;		/* 0-based */
	int hints_shown;
	int chosen;		/* the learner's answer to this step's prediction, -1 none */
	bool graded;		/* the prediction was graded in this step */
	int spawns;		/* experiments of this step run with the step's settings */
	bool step_done;
	bool *steps_done;	/* each step's: the lesson is done when all are */
	bool automatic;		/* --run-lesson: answers come from the lesson */
	bool fresh;		/* the lesson has just started or resumed */
	unsigned int failures;	/* predictions and expectations the kernel refuted */
	unsigned int unmeasured;	/* ... that could not be graded: a field not measured */
	char **typed;		/* the step's commands in canonical form; NULL once typed */
	bool drill_pending;	/* the step's drill (--rounds) is being played: done at its end */
	char *traced;		/* the learner's last "trace PROGRAM", canonical; NULL none */
	struct rehearsal_spawn *setups;	/* the experiments the step's commands set up */
	int nsetups;		/* -1 when they could not be worked out */
	struct page_block *page;	/* what the step shows so far */
	int npage;
	unsigned int page_changes;	/* counts changes, for the front end to follow */
	unsigned int page_epoch;	/* counts fresh pages (a step shown anew) */
};

#endif
