/* The one command table: dispatch, help, tab completion and the man page's
 * command list all read it. */
#ifndef CLONESH_COMMANDS_H
#define CLONESH_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

struct session;

/* What the arguments of a command complete to. */
enum completer {
	COMPLETE_NONE,
	COMPLETE_COMMAND,	/* help CMD */
	COMPLETE_FLAGS,		/* +vm -files = none */
	COMPLETE_PRESET,
	COMPLETE_SIGNAL,
	COMPLETE_VARIANT,
	COMPLETE_STACK,		/* sizes, guard on|off */
	COMPLETE_FUNCTION,	/* a function, then its arguments */
	COMPLETE_SPAWN,		/* --force, then like COMPLETE_FUNCTION */
	COMPLETE_SECTION,
	COMPLETE_REPORT,	/* --json */
	COMPLETE_TOPIC,		/* explain */
	COMPLETE_TIMEOUT,
	COMPLETE_LAB,		/* user, then a name */
	COMPLETE_ON_OFF,	/* pane, step */
	COMPLETE_LESSON,	/* lesson numbers and names, reset, quit */
	COMPLETE_PROJECTOR,	/* on, off, light */
	COMPLETE_FOCUS,		/* group names */
	COMPLETE_RECORD,	/* a file, or stop */
	COMPLETE_PATH,		/* a file */
	COMPLETE_SVG_PATH,	/* --svg, then a file */
	COMPLETE_PREDICT,	/* field names */
	COMPLETE_CODE,		/* --unshare, then a file */
	COMPLETE_DRILL,		/* --reverse --rounds --seed --level --only FLAG... --answers */
	COMPLETE_ANSWER,	/* flags, then flag names (a reverse drill's answer) */
	COMPLETE_VIEW,		/* diagram, table */
	COMPLETE_SECCOMP,	/* deny FLAG..., clone3 enosys|allow, off */
	COMPLETE_TRACE,		/* show, use, --user, then samples/NAME from samples.h's table */
	COMPLETE_COST,		/* --memory, --json */
};

/* What a command does in a dry session (s->dry: a lesson's rehearsal by
 * --check-lesson), so that a lesson's commands are checked by the same code,
 * with the same messages, as at the prompt. */
enum dry_mode {
	/* Checks its arguments and does nothing else: commands_run checks
	 * the count of a command that takes none; the handler of one that takes
	 * some tests s->dry once they are checked, before it acts. */
	DRY_CHECK,
	DRY_SETTINGS,	/* changes only the settings: runs as usual */
	DRY_SPAWN,	/* applies its arguments, records the experiment instead of running it */
};

struct command {
	const char *name;
	const char *alias;	/* NULL when none */
	const char *args;	/* usage after the name; "" for none */
	const char *summary;	/* one line */
	const char *help;	/* a paragraph */
	/* The entry's text in clonesh(1)'s COMMANDS section, in roff, after the
	 * tag line doc/mkman makes of name and args. */
	const char *man;
	enum completer completer;
	/* argv[0] is the command as typed; 0, or -1 after reporting an error */
	int (*handler)(struct session *s, int argc, char **argv);
	enum dry_mode dry;	/* DRY_CHECK unless given */
};

extern const struct command *const commands_table[];
extern const size_t commands_count;

/* By exact name or alias, else by unique prefix of a name.  NULL with a
 * message when the name is unknown (naming the nearest) or ambiguous. */
const struct command *commands_find(const char *name, char *err, size_t errlen);
/* The name of the command word (a name, alias or unique prefix) stands for,
 * or NULL with the message in err: what a lesson is loaded with. */
const char *commands_name_of(const char *word, char *err, size_t errlen);

/* Runs one command already split into words (argv[0] its name) through the
 * table: its handler, or in a dry session (s->dry) what its dry mode says.
 * *ran is the command whose handler ran in a session not dry, else NULL
 * (dry, or an unknown name or extra arguments, reported on s->out).  The
 * handler's status, or -1.  session_run_command runs each command so, then
 * what follows a command (undo, the course, the journal). */
int commands_run(struct session *s, int argc, char **argv, const struct command **ran);

/* The i-th resource topic of explain ("vm", "files", ...) with its alias in
 * *alias (NULL when none); NULL past the last.  For completion. */
const char *commands_explain_topic(size_t i, const char **alias);

/* Tab completion in readline's generator style: before is the line up to
 * the word being completed, text that word; state 0 starts a new list.
 * Returns malloc'd candidates one by one, then NULL. */
char *commands_complete(const char *before, const char *text, int state);
/* True when the word after before is a file path (filename completion). */
bool commands_complete_path(const char *before);

#endif
