#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "scrollback.h"

void
scrollback_init(struct scrollback *sb)
{
	memset(sb, 0, sizeof(*sb));
}

void
scrollback_done(struct scrollback *sb)
{
	for (size_t i = 0; i < sb->count; i++)
		free(sb->lines[(sb->first + i) % SCROLLBACK_MAX].text);
	memset(sb, 0, sizeof(*sb));
}

static void
push_line(struct scrollback *sb, const char *s, size_t len, bool error)
{
	char *copy = strndup(s, len);
	if (!copy)
		return;
	size_t slot;
	if (sb->count == SCROLLBACK_MAX) {
		slot = sb->first;
		free(sb->lines[slot].text);
		sb->first = (sb->first + 1) % SCROLLBACK_MAX;
	} else {
		slot = (sb->first + sb->count++) % SCROLLBACK_MAX;
	}
	sb->lines[slot].text = copy;
	sb->lines[slot].error = error;
}

void
scrollback_add(struct scrollback *sb, const char *s, size_t len, bool error)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			push_line(sb, sb->partial, sb->partial_len, error || sb->partial_error);
			sb->partial_len = 0;
			sb->partial_error = false;
		} else if (sb->partial_len + 1 < sizeof(sb->partial)) {
			sb->partial[sb->partial_len++] = s[i];
			sb->partial_error |= error;
		}
	}
	/* New output brings the view back to the bottom. */
	sb->offset = 0;
}

const struct scrollback_line *
scrollback_get(const struct scrollback *sb, size_t i)
{
	return i < sb->count ? &sb->lines[(sb->first + i) % SCROLLBACK_MAX] : NULL;
}

void
scrollback_scroll(struct scrollback *sb, int delta)
{
	long o = (long)sb->offset + delta;
	if (o < 0)
		o = 0;
	if (o > (long)sb->count)
		o = (long)sb->count;
	sb->offset = (int)o;
}
