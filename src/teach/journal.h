/* The session's journal: the commands that ran, re-quoted so they parse
 * again, and after each spawn its observation as text.  save and transcript
 * write it out. */
#ifndef CLONESH_JOURNAL_H
#define CLONESH_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

struct observation;

#define JOURNAL_MAX 300	/* entries kept, older ones dropped: 300 spawns of text is under 1 MiB */

struct journal_entry {
	char *command;		/* one line: "flags +vm", "spawn write-global 42" */
	char *observation;	/* observation_show(o, "all") after a spawn, else NULL */
	unsigned int number;	/* that observation's number in the session, 0 without one */
};

struct journal {
	struct journal_entry *entries;
	size_t n, cap;
	unsigned long dropped;	/* entries dropped to stay under JOURNAL_MAX */
	char *pending;		/* an observation waiting for its command's entry */
	unsigned int pending_number;	/* its number */
};

struct journal *journal_new(void);
void journal_free(struct journal *j);
/* Whether a command belongs in the journal: it changes the experiment or
 * runs one, so replaying the journal repeats the session's experiments.
 * name is the command's name from the table (not an alias or prefix). */
bool journal_keeps(const char *name, int argc);
/* Records a command that ran successfully (argv[0] replaced by name), with
 * the observation journal_observation() left for it.  j may be NULL. */
void journal_command(struct journal *j, const char *name, int argc, char **argv);
/* Keeps line, commands ready to replay, as one entry. */
void journal_line(struct journal *j, const char *line);
/* Keeps observation number's text (show all's) for the command being run
 * (a spawn); the commands render it, teach/ sits below render/. */
void journal_observation(struct journal *j, unsigned int number, const char *text);
/* Forgets an observation whose command failed after all. */
void journal_discard(struct journal *j);
/* Writes word as the lexer reads it back: as it is, or in double quotes. */
void journal_quote(const char *word, char *buf, size_t size);

#endif
