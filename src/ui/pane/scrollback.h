/* The output region's lines: what commands printed, errors marked, with a
 * scroll position counted in lines up from the bottom. */
#ifndef CLONESH_SCROLLBACK_H
#define CLONESH_SCROLLBACK_H

#include <stdbool.h>
#include <stddef.h>

#define SCROLLBACK_MAX 2000

struct scrollback_line {
	char *text;
	bool error;
};

struct scrollback {
	struct scrollback_line lines[SCROLLBACK_MAX];	/* a ring */
	size_t first, count;
	char partial[4096];		/* a line not yet ended by a newline */
	size_t partial_len;
	bool partial_error;
	int offset;			/* lines scrolled up from the bottom */
};

void scrollback_init(struct scrollback *sb);
void scrollback_done(struct scrollback *sb);
/* Appends text; complete lines are stored, the rest waits for its newline. */
void scrollback_add(struct scrollback *sb, const char *s, size_t len, bool error);
/* The i-th stored line from the oldest, or NULL. */
const struct scrollback_line *scrollback_get(const struct scrollback *sb, size_t i);
void scrollback_scroll(struct scrollback *sb, int delta);

#endif
