#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "flags.h"
#include "history.h"
#include "observation.h"
#include "session.h"
#include "util.h"

struct history {
	/* The last HISTORY_KEEP observations, oldest first, pointing into arena:
	 * one mapping labs do not inherit (MADV_DONTFORK), made once, so that
	 * neither the forks nor the count of mappings grow with the session. */
	struct observation *obs[HISTORY_KEEP];
	struct observation *arena;
	unsigned int nobs;
	unsigned int dropped;

	/* Changes of settings, oldest first; undo pops the last onto redo. */
	struct history_change undo[HISTORY_CHANGES];
	unsigned int nundo;
	struct history_change redo[HISTORY_CHANGES];
	unsigned int nredo;
};

static struct history *
history_of(struct session *s)
{
	if (!s->history) {
		s->history = calloc(1, sizeof(*s->history));
		s->history_done = history_done;
	}
	return s->history;
}

void
history_add(struct session *s, const struct observation *o)
{
	struct history *h = history_of(s);
	if (!h)
		return;
	if (!h->arena && !(h->arena = nofork_alloc(HISTORY_KEEP * sizeof(*h->arena))))
		return;
	/* A free slot, or the oldest observation's, which is dropped. */
	struct observation *slot;
	if (h->nobs == HISTORY_KEEP) {
		slot = h->obs[0];
		memmove(h->obs, h->obs + 1, (HISTORY_KEEP - 1) * sizeof(h->obs[0]));
		h->nobs--;
		h->dropped++;
	} else {
		slot = &h->arena[h->nobs];
	}
	*slot = *o;
	h->obs[h->nobs++] = slot;
}

const struct observation *
history_observation(const struct session *s, unsigned int n)
{
	const struct history *h = s->history;
	for (unsigned int i = 0; h && i < h->nobs; i++)
		if (h->obs[i]->number == n)
			return h->obs[i];
	return NULL;
}

unsigned int
history_oldest(const struct session *s)
{
	return s->history && s->history->nobs ? s->history->obs[0]->number : 0;
}

unsigned int
history_dropped(const struct session *s)
{
	return s->history ? s->history->dropped : 0;
}

/* The change as the command that made it would read: "flags +files -vm",
 * "stack 16k", "fn write-global 42"; just the command's name when it set
 * several things at once (preset, reset, drill). */
static void
describe_change(const struct experiment *a, const struct experiment *b, const char *command,
    char *buf, size_t len)
{
	char tmp[64];

	str_copy(buf, command, len);
	if (strcmp(command, "flags") == 0) {
		for (size_t i = 0; i < flags_count; i++) {
			uint64_t v = flags_table[i].value;
			if ((a->flags & v) != (b->flags & v))
				str_append(buf, len, " %c%s", b->flags & v ? '+' : '-',
				    flags_table[i].short_name);
		}
	} else if (strcmp(command, "stack") == 0) {
		if (a->stack_size != b->stack_size)
			str_append(buf, len, " %s", size_format(b->stack_size, tmp, sizeof(tmp)));
		if (a->guard != b->guard)
			str_append(buf, len, " guard %s", b->guard ? "on" : "off");
	} else if (strcmp(command, "fn") == 0 || strcmp(command, "spawn") == 0) {
		if (b->fn)
			str_append(buf, len, " %s", b->fn->name);
		for (int i = 0; i < b->argc; i++)
			str_append(buf, len, strpbrk(b->argv[i], " \t\"'\\;#") || !b->argv[i][0] ?
			    " \"%s\"" : " %s", b->argv[i]);
	} else if (strcmp(command, "signal") == 0) {
		str_append(buf, len, " %s", signal_name(b->exit_signal, tmp, sizeof(tmp)));
	} else if (strcmp(command, "variant") == 0) {
		str_append(buf, len, " %s", variant_name(b->variant));
	} else if (strcmp(command, "timeout") == 0) {
		str_append(buf, len, " %g", b->timeout_ms / 1000.0);
	}
}

void
history_settings_changed(struct session *s, const struct experiment *before, const char *command)
{
	/* undo and redo move along the stacks; they are not changes of their own. */
	if (strcmp(command, "undo") == 0 || strcmp(command, "redo") == 0)
		return;
	struct history *h = history_of(s);
	if (!h)
		return;
	if (h->nundo == HISTORY_CHANGES) {
		memmove(h->undo, h->undo + 1, (HISTORY_CHANGES - 1) * sizeof(h->undo[0]));
		h->nundo--;
	}
	struct history_change *c = &h->undo[h->nundo++];
	c->before = *before;
	c->after = s->cfg;
	describe_change(before, &s->cfg, command, c->what, sizeof(c->what));
	h->nredo = 0;
}

bool
history_undo(struct session *s, struct history_change *c)
{
	struct history *h = s->history;
	if (!h || h->nundo == 0)
		return false;
	*c = h->undo[--h->nundo];
	/* Settings changed behind the stack's back (a lesson step) come back on redo. */
	c->after = s->cfg;
	h->redo[h->nredo++] = *c;
	s->cfg = c->before;
	return true;
}

bool
history_redo(struct session *s, struct history_change *c)
{
	struct history *h = s->history;
	if (!h || h->nredo == 0)
		return false;
	*c = h->redo[--h->nredo];
	c->before = s->cfg;
	h->undo[h->nundo++] = *c;
	s->cfg = c->after;
	return true;
}

void
history_done(struct session *s)
{
	struct history *h = s->history;
	if (!h)
		return;
	nofork_free(h->arena, HISTORY_KEEP * sizeof(*h->arena));
	free(h);
	s->history = NULL;
}
