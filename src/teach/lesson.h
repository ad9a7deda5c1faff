/* Lesson files: Markdown that clonesh runs step by step (doc/lessons.md).
 * This module parses and checks them and evaluates their expectations;
 * course.c steps a learner through them. */
#ifndef CLONESH_LESSON_H
#define CLONESH_LESSON_H

#include <stdbool.h>
#include <stddef.h>

struct observation;

#define LESSON_MAX_CHOICES 8
#define LESSON_MAX_NEEDS 8

enum lesson_requires { REQUIRES_NOTHING, REQUIRES_ROOT, REQUIRES_USERNS };
/* What a step may need of the system (a step's "> requires:"). */
enum { NEED_ROOT = 1, NEED_USERNS = 2, NEED_CLONE3 = 4, NEED_KCMP = 8, NEED_CGROUP2 = 16,
	NEED_STDIO_LOCK = 32, NEED_PTRACE = 64, NEED_SECCOMP = 128 };

enum lesson_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_CONTAINS };

struct lesson_choice {
	char *label;		/* what the learner sees and may type */
	char *value;		/* the observation's value it stands for */
};

struct lesson_prediction {
	int line;
	char *question;
	struct lesson_choice choices[LESSON_MAX_CHOICES];
	int nchoices;
	char *truth;		/* the observation path that grades it */
	int answer;		/* the author's answer: an index into choices */
	char *explain;
};

struct lesson_expect {
	int line;
	char *path;
	enum lesson_op op;
	char *value;		/* a value, or "$PATH": another field of the observation */
	bool quoted;		/* the value was a "quoted string" */
};

struct lesson_step {
	int line;
	char *title;
	char *text;		/* the narrative, as written, up to the last command block */
	char *after;		/* the narrative after it: shown once the step's experiments ran */
	char **commands;	/* the clonesh lines, in order: the solution */
	int *command_lines;	/* the file's line of each */
	int ncommands;
	int nspawns;		/* how many of them are spawn (or run) */
	/* How many are "trace show N": a creation of the program the step
	 * traced ("trace PROGRAM" before it) made the session's observation,
	 * graded as a spawn's.  A step has spawns or these, not both. */
	int ntraces;
	/* How many are "code --edit": the learner's change of the exported
	 * program, compiled and run, graded by what it prints.  The step's
	 * "> edit: s/OLD/NEW/" is that change (edit_old replaced by edit_new,
	 * literal texts), which --run-lesson and the tests make. */
	int nedits;
	char *edit_old, *edit_new;
	int edit_line;
	/* How many are "cost": its figures (the observation's "cost" object)
	 * made the session's observation, graded as a spawn's.  A step has
	 * one kind of experiment. */
	int ncosts;
	struct lesson_prediction *prediction;	/* NULL when none */
	struct lesson_expect *expects;
	int nexpects;
	char **hints;
	int nhints;
	unsigned int focus;	/* "> focus:": groups put first, 1 << VG_*; 0 none */
	unsigned int needs;	/* "> requires:": what the step needs of the system, NEED_* */
};

/* Resolves a command word of a lesson ("sp", "run") to its command's name
 * ("spawn"), or NULL with the message in err: the command table's, handed in
 * by the caller, since lessons sit below the commands (doc/hacking.md). */
typedef const char *lesson_command_fn(const char *word, char *err, size_t errlen);

struct lesson {
	char *path;
	char *name;		/* the file name without .md: "03-clone-vm" */
	int number;		/* 3 */
	char *title;
	char *goal;
	int needs[LESSON_MAX_NEEDS];
	int nneeds;
	enum lesson_requires requires;
	char *intro;
	struct lesson_step *steps;
	int nsteps;
	lesson_command_fn *command_name;	/* as lesson_load was given it */
};

/* How many experiments the step grades: its spawns, its traced creations,
 * or its runs of the learner's edited program. */
int lesson_step_experiments(const struct lesson_step *st);

/* Parses a lesson file; NULL with "FILE:LINE: what was expected" in err.
 * command_name resolves its commands (commands_name_of). */
struct lesson *lesson_load(const char *path, lesson_command_fn *command_name, char *err,
    size_t errlen);
void lesson_free(struct lesson *l);
/* Deeper checks: every command parses and names a command, every path is in
 * the observation's vocabulary, answers are among the choices.  0, or -1
 * with "FILE:LINE: ..." in err, LINE the command's own.  Whether each command
 * would run is rehearse_lesson's question (rehearse.h). */
int lesson_check(const struct lesson *l, char *err, size_t errlen);
/* Why this machine cannot run the lesson, or NULL when it can. */
const char *lesson_unmet(const struct lesson *l);
/* Why this machine cannot run the step (what it needs, and what clonesh
 * found when it tried), or NULL when it can. */
const char *lesson_step_unmet(const struct lesson_step *st);

/* The value at path in o ("effects.fds[fd=4].in_parent"): 0 with the value
 * as JSON text (strings unquoted) in buf, -1 when the path names nothing. */
int lesson_lookup(const struct observation *o, const char *path, char *buf, size_t size,
    bool *is_string);
/* Whether actual OP expected holds (numbers compare as numbers). */
bool lesson_compare(const char *actual, enum lesson_op op, const char *expected);
/* The value an expectation compares with: its own, or the field "$PATH" names
 * (in buf); NULL when that field is not in o. */
const char *lesson_expected_value(const struct observation *o, const struct lesson_expect *e,
    char *buf, size_t size);
const char *lesson_op_name(enum lesson_op op);
/* Whether path can name a field of an observation (checked against a blank one). */
bool lesson_path_known(const char *path);

#endif
