#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "course.h"
#include "commands.h"
#include "lesson.h"
#include "output.h"
#include "rehearse.h"
#include "session.h"
#include "util.h"

/* The lesson commands: lessons, lesson, next, back, again, answer, hint,
 * solution, where.  They drive course.c. */

static int cmd_where(struct session *s, int argc, char **argv);

static struct course *
need_course(struct session *s, const char *name)
{
	if (!s->course)
		cmd_error(s, "%s: no lesson is running (\"lessons\" lists them, \"lesson N\" starts one)",
		    name);
	return s->course;
}

static int
cmd_lessons(struct session *s, int argc, char **argv)
{
	char **paths;
	int n = course_list(&paths);
	if (n <= 0) {
		char why[128];
		course_free_list(paths, 0);
		course_lesson_dir_state(why, sizeof(why));
		return cmd_error(s, "lessons: none in %s: %s (CLONESH_LESSONDIR chooses another "
		    "directory)", course_lesson_dir(), why);
	}
	for (int i = 0; i < n; i++) {
		char err[512];
		struct lesson *l = lesson_load(paths[i], commands_name_of, err, sizeof(err));
		if (!l) {
			out_printf(s->out, "[!] %s\n", err);
			continue;
		}
		int step = 0;
		bool done = false, started = course_progress_get(l->name, &step, &done);
		bool now = s->course && strcmp(s->course->lesson->name, l->name) == 0;
		const char *mark = done ? "[✓]" : now || started ? "[>]" : "[ ]";
		const char *unmet = lesson_unmet(l);
		/* The goal under the title, wrapped at spaces: one line of both
		 * wrapped mid-word at 80 and 100 columns. */
		char goal[1024];
		snprintf(goal, sizeof(goal), "%s%s", l->goal, unmet ? " (cannot run here: see "
		    "\"lesson\")" : "");
		out_printf(s->out, "%s %2d  %s\n", mark, l->number, l->title);
		cmd_print_wrapped(s->out, "        ", goal);
		lesson_free(l);
	}
	course_free_list(paths, n);
	return 0;
}

static int
lesson_reset(struct session *s, int argc, char **argv)
{
	/* "Asks first": the change happens only with yes at the end. */
	if (argc > 4 || (argc == 4 && strcmp(argv[3], "yes") != 0))
		return cmd_error(s, "lesson reset: \"%s\" is not yes (usage: lesson reset [N|all] "
		    "[yes])", argv[3]);
	bool yes = argc > 2 && strcmp(argv[argc - 1], "yes") == 0;
	const char *which = argc > 2 && !(argc == 3 && yes) ? argv[2] : NULL;
	if (!which || strcmp(which, "all") == 0) {
		if (s->dry)
			return 0;
		if (!yes) {
			out_printf(s->out, "lesson reset: this forgets your progress in every lesson; type "
			    "\"lesson reset all yes\" to do it\n");
			return 0;
		}
		course_progress_reset(NULL);
		out_printf(s->out, "lesson reset: progress forgotten\n");
		return 0;
	}
	char err[512];
	char *path = course_find(which, err, sizeof(err));
	if (!path)
		return cmd_error(s, "%s", err);
	struct lesson *l = lesson_load(path, commands_name_of, err, sizeof(err));
	free(path);
	if (!l)
		return cmd_error(s, "lesson: %s", err);
	if (s->dry) {
		lesson_free(l);
		return 0;
	}
	if (!yes) {
		out_printf(s->out, "lesson reset: this forgets your progress in lesson %d; type "
		    "\"lesson reset %s yes\" to do it\n", l->number, which);
	} else {
		course_progress_reset(l->name);
		out_printf(s->out, "lesson reset: lesson %d starts over\n", l->number);
	}
	lesson_free(l);
	return 0;
}

static int
cmd_lesson(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		if (!s->course)
			return cmd_error(s, "lesson: which one? (\"lessons\" lists them; lesson N|NAME)");
		return s->dry ? 0 : cmd_where(s, argc, argv);
	}
	if (strcmp(argv[1], "reset") == 0)
		return argc > 4 ? cmd_too_many(s, "lesson") : lesson_reset(s, argc, argv);
	if (argc > 2)
		return cmd_too_many(s, "lesson");
	if (strcmp(argv[1], "quit") == 0) {
		if (!need_course(s, "lesson quit") || s->dry)
			return -1;
		out_printf(s->out, "lesson %d left; \"lesson %d\" resumes it\n", s->course->lesson->number,
		    s->course->lesson->number);
		course_end(s);
		return 0;
	}
	char err[512];
	char *path = course_find(argv[1], err, sizeof(err));
	if (!path)
		return cmd_error(s, "%s", err);
	struct lesson *l = lesson_load(path, commands_name_of, err, sizeof(err));
	free(path);
	if (!l)
		return cmd_error(s, "lesson: %s", err);
	/* Dry, not checked further: a lesson naming itself would rehearse forever. */
	if (s->dry) {
		lesson_free(l);
		return 0;
	}
	if (lesson_check(l, err, sizeof(err)) < 0) {
		lesson_free(l);
		return cmd_error(s, "lesson: %s", err);
	}
	const char *unmet = lesson_unmet(l);
	if (unmet) {
		cmd_error(s, "lesson: lesson %d cannot run here: %s", l->number, unmet);
		lesson_free(l);
		return -1;
	}
	/* A lesson that would fail is refused before the learner meets it. */
	if (rehearse_lesson(l, err, sizeof(err)) < 0) {
		lesson_free(l);
		return cmd_error(s, "lesson: %s", err);
	}
	course_begin(s, l, -1);
	return 0;
}

static int
cmd_next(struct session *s, int argc, char **argv)
{
	struct course *c = need_course(s, "next");
	if (!c)
		return -1;
	const struct lesson_step *st = &c->lesson->steps[c->step];
	bool last = c->step + 1 >= c->lesson->nsteps;
	/* A step without an experiment is done when the learner goes on; its
	 * closing text is shown before the next step replaces it. */
	if (!course_step_spawns(s) && !c->step_done) {
		course_finish_step(s);
		if (last || (st->after && st->after[strspn(st->after, "\n ")]))
			return 0;
	}
	if (!last) {
		course_goto(s, c->step + 1);
		return 0;
	}
	if (!c->step_done)
		return cmd_error(s, "next: this is the last step, and it is not done yet (\"where\" says "
		    "what is left)");
	out_printf(s->out, "next: this was the last step of lesson %d (\"lessons\" shows what comes "
	    "next)\n", c->lesson->number);
	return 0;
}

static int
cmd_back(struct session *s, int argc, char **argv)
{
	struct course *c = need_course(s, "back");
	if (!c)
		return -1;
	if (!course_goto(s, c->step - 1))
		return cmd_error(s, "back: this is the first step");
	return 0;
}

static int
cmd_again(struct session *s, int argc, char **argv)
{
	struct course *c = need_course(s, "again");
	if (!c)
		return -1;
	course_goto(s, c->step);
	return 0;
}

static int
cmd_answer(struct session *s, int argc, char **argv)
{
	/* "answer flags vm files": a reverse drill's question. */
	if (argc > 1 && strcmp(argv[1], "flags") == 0)
		return cmd_drill_answer(s, argc - 1, argv + 1);
	struct course *c = need_course(s, "answer");
	if (!c)
		return -1;
	const struct lesson_step *st = &c->lesson->steps[c->step];
	const struct lesson_prediction *pr = st->prediction;
	if (!pr)
		return cmd_error(s, "answer: this step asks no prediction");
	if (argc < 2)
		return cmd_error(s, "answer: which? (a number from 1 to %d, or the words of a choice)",
		    pr->nchoices);
	if (c->graded)
		return cmd_error(s, "answer: the kernel has graded this step already (\"again\" starts it "
		    "over)");
	char text[256] = "";
	for (int i = 1; i < argc; i++)
		str_append(text, sizeof(text), "%s%s", i > 1 ? " " : "", argv[i]);
	int chosen = -1;
	char *end;
	long n = strtol(text, &end, 10);
	if (!*end && n >= 1 && n <= pr->nchoices)
		chosen = (int)n - 1;
	for (int i = 0; i < pr->nchoices && chosen < 0; i++)
		if (strcasecmp(pr->choices[i].label, text) == 0)
			chosen = i;
	/* Or a part of exactly one choice's words: "answer copy" for "a copy". */
	if (chosen < 0) {
		int matches = 0, match = -1;
		for (int i = 0; i < pr->nchoices; i++) {
			if (strcasestr(pr->choices[i].label, text)) {
				matches++;
				match = i;
			}
		}
		if (matches == 1)
			chosen = match;
	}
	if (chosen < 0) {
		char list[512] = "";
		for (int i = 0; i < pr->nchoices; i++)
			str_append(list, sizeof(list), "%s%d) %s", i ? ", " : "", i + 1, pr->choices[i].label);
		return cmd_error(s, "answer: \"%s\" is not a choice (%s)", text, list);
	}
	if (s->dry)
		return 0;
	c->chosen = chosen;
	course_note(s, "answer: %s; now spawn and see what the kernel says", pr->choices[chosen].label);
	return 0;
}

static int
cmd_hint(struct session *s, int argc, char **argv)
{
	struct course *c = need_course(s, "hint");
	if (!c)
		return -1;
	const struct lesson_step *st = &c->lesson->steps[c->step];
	if (st->nhints == 0)
		return cmd_error(s, "hint: this step has no hints (\"solution\" shows its commands)");
	if (c->hints_shown >= st->nhints) {
		course_note(s, "hint: no more hints; \"solution\" shows the commands");
		return 0;
	}
	course_note(s, "hint %d of %d: %s", c->hints_shown + 1, st->nhints, st->hints[c->hints_shown]);
	c->hints_shown++;
	return 0;
}

static int
cmd_solution(struct session *s, int argc, char **argv)
{
	struct course *c = need_course(s, "solution");
	if (!c)
		return -1;
	const struct lesson_step *st = &c->lesson->steps[c->step];
	if (st->ncommands == 0)
		return cmd_error(s, "solution: this step has nothing to type; \"next\" goes on");
	char line[2048] = "";
	for (int i = 0; i < st->ncommands; i++)
		str_append(line, sizeof(line), "%s%s", i ? "; " : "", st->commands[i]);
	if (s->interactive) {
		/* Into the next prompt, for the learner to read, edit and run. */
		free(s->prompt_insert);
		s->prompt_insert = strdup(line);
		out_printf(s->out, "solution: it is in the prompt; Enter runs it\n");
	} else {
		out_printf(s->out, "solution: %s\n", line);
	}
	return 0;
}

static int
cmd_where(struct session *s, int argc, char **argv)
{
	struct course *c = need_course(s, "where");
	if (!c)
		return -1;
	const struct lesson_step *st = &c->lesson->steps[c->step];
	out_printf(s->out, "lesson %d (%s), step %d of %d: %s\n", c->lesson->number, c->lesson->title,
	    c->step + 1, c->lesson->nsteps, st->title);
	bool last = c->step + 1 >= c->lesson->nsteps;
	char undone[256];
	int first, nundone;
	/* A step grades spawns, creations it traced and showed ("trace show N"),
	 * a cost, or the learner's edited program. */
	const char *run = st->nedits ? "code --edit" : st->ntraces ? "trace" : st->ncosts ? "cost" :
	    "spawn";
	if (st->prediction && c->chosen < 0 && !c->graded)
		out_printf(s->out, "  to do: answer the prediction, then %s\n", run);
	else if (!c->step_done && lesson_step_experiments(st))
		out_printf(s->out, "  to do: type the step's commands and %s (\"solution\" puts them "
		    "in the prompt)\n", run);
	else if (!c->step_done)
		out_printf(s->out, "  to do: type the step's commands, or \"next\" to go on%s\n",
		    last ? " and finish the lesson" : "");
	else if (last && (nundone = course_steps_undone(c, undone, sizeof(undone), &first)) > 0)
		out_printf(s->out, "  this step is done; step%s %s of lesson %d %s not (\"back\" returns "
		    "to %s)\n", nundone > 1 ? "s" : "", undone, c->lesson->number,
		    nundone > 1 ? "are" : "is", nundone > 1 ? "them" : "it");
	else if (last)
		out_printf(s->out, "  this step is done, and so is lesson %d: \"lessons\" shows what "
		    "comes next\n", c->lesson->number);
	else
		out_printf(s->out, "  this step is done: \"next\" goes on\n");
	return 0;
}

const struct command cmd_lessons_entry = {
	.name = "lessons",
	.args = "",
	.summary = "list the lessons and your progress",
	.help =
	    "Lists the lessons of the course with your progress: [✓] done, [>] started or current, "
	    "[ ] not started, with each one's goal. Lessons are files in the lesson directory "
	    "(CLONESH_LESSONDIR chooses another).",
	.man =
	    "List the lessons with your progress:\n"
	    ".B [\\(OK]\n"
	    "done,\n"
	    ".B [>]\n"
	    "started,\n"
	    ".B [ ]\n"
	    "not started; each lesson's number and title on one line, its goal under\n"
	    "it.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_lessons,
};

const struct command cmd_lesson_entry = {
	.name = "lesson",
	.args = "[N|NAME|reset [N|all] [yes]|quit]",
	.summary = "start, resume, reset or leave a lesson",
	.help =
	    "\"lesson 3\" (or its name, or a file) starts lesson 3, or resumes it where you left "
	    "it. Each step tells a little, gives the commands to type, and often asks you to "
	    "predict what the kernel will do before you spawn; the kernel then grades the "
	    "prediction. \"lesson reset 3\" forgets your progress in lesson 3 (it asks you to add "
	    "yes), \"lesson quit\" leaves the lesson and keeps your progress.",
	.man =
	    "Start or resume a lesson by number, name or file;\n"
	    ".B lesson reset\n"
	    "forgets progress (only with\n"
	    ".B yes\n"
	    "at the end: without it, it says what it would do);\n"
	    ".B lesson quit\n"
	    "leaves the lesson and keeps the progress.\n",
	.completer = COMPLETE_LESSON,
	.handler = cmd_lesson,
};

const struct command cmd_next_entry = {
	.name = "next",
	.args = "",
	.summary = "go to the lesson's next step",
	.help =
	    "Goes to the next step of the lesson you are following. A step without an experiment is "
	    "done when you go on: next shows its closing text first, and on the last step finishes "
	    "the lesson, once every step is done (a step with an experiment is done when it ran "
	    "with the step's settings; the last step names the ones left).",
	.man =
	    "Go to the lesson's next step.\n"
	    "A step without an experiment is done when you go on:\n"
	    ".B next\n"
	    "shows its closing text first, and on the last step finishes the lesson,\n"
	    "once every step is done (a step with an experiment is done when it ran with\n"
	    "the step's settings; the last step names the ones left).\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_next,
};

const struct command cmd_back_entry = {
	.name = "back",
	.args = "",
	.summary = "go back to the lesson's previous step",
	.help =
	    "Goes back to the previous step of the lesson.",
	.man =
	    "Go back to the lesson's previous step.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_back,
};

const struct command cmd_again_entry = {
	.name = "again",
	.args = "",
	.summary = "start this step of the lesson over",
	.help =
	    "Shows the current step again from its start, with its prediction unanswered.",
	.man =
	    "Start the current step over, its prediction unanswered.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_again,
};

const struct command cmd_answer_entry = {
	.name = "answer",
	.args = "N|TEXT|flags FLAG...",
	.summary = "answer the step's prediction, or a reverse drill",
	.help =
	    "Answers the question the step asks before you spawn: by the choice's number or its "
	    "words. The kernel grades it after the first spawn that runs the step's own experiment "
	    "(a spawn under other settings is not graded: clonesh names what differs), and the "
	    "lesson explains why. \"answer flags vm files\" (or \"answer flags none\") answers "
	    "drill --reverse: your flags are run and their observation compared.",
	.man =
	    "Answer the step's prediction by number or words; the kernel grades it after\n"
	    "the first spawn that runs the step's own experiment (a spawn under other\n"
	    "settings is not graded: clonesh names the settings that differ).\n"
	    ".B answer flags\n"
	    ".IR flag ...\n"
	    "(or\n"
	    ".BR \"answer flags none\" )\n"
	    "answers\n"
	    ".BR \"drill \\-\\-reverse\" .\n",
	.completer = COMPLETE_ANSWER,
	.handler = cmd_answer,
};

const struct command cmd_hint_entry = {
	.name = "hint",
	.args = "",
	.summary = "show the step's next hint",
	.help =
	    "Shows the hints of the current step, one at a time.",
	.man =
	    "Show the step's next hint.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_hint,
};

const struct command cmd_solution_entry = {
	.name = "solution",
	.args = "",
	.summary = "put the step's commands into the prompt",
	.help =
	    "Puts the commands of the current step into the prompt without running them, so you "
	    "can read and change them first; in a script it prints them.",
	.man =
	    "Put the step's commands into the prompt without running them (in a script,\n"
	    "print them).\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_solution,
};

const struct command cmd_where_entry = {
	.name = "where",
	.args = "",
	.summary = "say which lesson and step you are at",
	.help =
	    "Names the lesson and step you are at and what is left to do in it.",
	.man =
	    "Say which lesson and step you are at and what is left to do.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_where,
};
