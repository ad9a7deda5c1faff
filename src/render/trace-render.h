/* A trace as text (the tree, one line a creation and its sharing measured)
 * and as JSON (one object an event). */
#ifndef CLONESH_TRACE_RENDER_H
#define CLONESH_TRACE_RENDER_H

#include <stddef.h>

struct output;
struct trace;
struct trace_event;

/* The tree of tasks the program made, each creation with its call, its call
 * site and what the pair shared, measured; execs, exits, the end. */
void trace_render_tree(const struct trace *t, struct output *out);
/* One creation's line of what was measured: "a process · shared: ... · copied: ...". */
const char *trace_render_summary(const struct trace_event *ev, char *buf, size_t len);
/* Every event as one JSON object a line (creations carry the observation). */
void trace_render_json(const struct trace *t, struct output *out);
/* The end of the trace in words, "" when it ended by itself. */
const char *trace_render_end(const struct trace *t, char *buf, size_t len);
/* What a setuid exec got, or NULL when ev is no setuid exec. */
const char *trace_render_setuid(const struct trace_event *ev, char *buf, size_t len);

#endif
