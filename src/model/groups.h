/* The groups an observation's rows are sorted into (the pane, show, a
 * snapshot), and the ones projector mode and a lesson step can focus on.
 * One table each: the renderers, completion and the lesson parser read them. */
#ifndef CLONESH_GROUPS_H
#define CLONESH_GROUPS_H

enum view_group {
	VG_CLONE, VG_IDS, VG_MEMORY, VG_FDS, VG_SIGNALS, VG_FS, VG_NS, VG_STACK, VG_EXIT,
	VG_COUNT,
};

extern const char *const view_group_names[VG_COUNT];

/* The groups projector mode can focus on: the name focus takes, and a few
 * words under the group's name. */
struct view_focus {
	const char *name;
	enum view_group group;
	const char *gloss;
};

extern const struct view_focus view_focus_table[];
extern const int view_focus_count;
/* The groups the teaching is about: memory, fds, signals. */
#define VIEW_FOCUS_DEFAULT (1u << VG_MEMORY | 1u << VG_FDS | 1u << VG_SIGNALS)

#endif
