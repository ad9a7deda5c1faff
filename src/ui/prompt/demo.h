/* Presenter pacing: a script or lesson played as a demo.  Each command is
 * typed out at a readable speed and runs when the presenter presses Space or
 * Enter; "b" goes back a command, "p" pauses (the prompt is the presenter's
 * until "resume"), "q" leaves to the prompt with the state as it is.  Script
 * lines "#!pause" wait for a key, "#> TEXT" are narration. */
#ifndef CLONESH_DEMO_H
#define CLONESH_DEMO_H

#include <stdbool.h>
#include <stddef.h>

struct session;

enum demo_kind { DEMO_COMMAND, DEMO_PAUSE, DEMO_NARRATION };

struct demo_item {
	enum demo_kind kind;
	char *text;
};

struct demo {
	char *path;
	struct demo_item *items;
	int n;
	int next;		/* the item to play next */
	bool lesson;		/* from a lesson: its commands run untrusted */
};

/* Loads a script (-f syntax plus #!pause and #> narration) or a lesson
 * (its steps' narrative as narration, its commands, a pause per step);
 * NULL with "FILE:LINE: ..." in err. */
struct demo *demo_load(const char *path, char *err, size_t errlen);
void demo_free(struct demo *d);

/* The index of the command before the one at index from (for "b"). */
int demo_previous_command(const struct demo *d, int from);
/* How many commands, and which one the item at index i is (1-based). */
int demo_commands(const struct demo *d, int upto);

/* How long typing out one character of a command takes, in ms (about 28
 * characters a second). */
#define DEMO_CHAR_MS 35

/* The plain front end's demo, called by repl_run: typed out on stdout,
 * paced by keys (Ctrl-C leaves it for the prompt). */
void demo_plain(struct session *s, const char *path);

#endif
