/* The kernel's objects behind the lab and its child, as the textbook draws
 * them (two tasks pointing into mm_struct, files_struct and its open file
 * descriptions, fs_struct, sighand_struct, signal_struct, nsproxy, the
 * user namespace, io_context, the SysV undo list), built from what the observation
 * measured: kcmp for one object or two, the tgid for the thread group, the
 * namespace inodes for the namespaces.  Never from the configuration's
 * flags.  Plain data: the diagram's renderers (terminal and SVG) lay it out. */
#ifndef CLONESH_KOBJECTS_H
#define CLONESH_KOBJECTS_H

#include <stdbool.h>

#include "observation.h"

/* What was measured of one object.  Only KS_SHARED draws one box with
 * both tasks' arrows; KS_COPIED and KS_NEW draw a box for each task;
 * KS_UNKNOWN draws neither arrow (dashed, with why). */
enum kobj_state {
	KS_PENDING,	/* its phase has not come: the parent's object alone */
	KS_SHARED,	/* measured one object, the same for both */
	KS_COPIED,	/* measured two objects, one each */
	KS_NEW,		/* measured two, the child's made new (a namespace) */
	KS_UNKNOWN,	/* not measured: why says why */
	KS_PARENT_ONLY,	/* in the parent's table only (an open file description) */
	KS_CHILD_ONLY,	/* in the child's only */
};

enum kobj_kind {
	KO_MM, KO_FILES, KO_FILE, KO_FS, KO_SIGHAND, KO_SIGNAL, KO_NSPROXY, KO_USERNS, KO_IO,
	KO_SYSVSEM,
};

#define KOBJ_TEXT 96
#define KOBJ_WHY 160
#define KOBJ_MAX 48

struct kobject {
	enum kobj_kind kind;
	const char *name;	/* the kernel's struct: "mm_struct" */
	const char *what;	/* in words: "address space" */
	enum kobj_state state;
	bool by_behaviour;	/* measured by what the parent saw, kcmp having failed */
	int fd;			/* KO_FILE: its number in the tables; -1 otherwise */
	char parent[KOBJ_TEXT];	/* content as the parent has it (the one box when shared) */
	char child[KOBJ_TEXT];	/* content as the child has it ("" before it started) */
	char why[KOBJ_WHY];	/* KS_UNKNOWN: why it was not measured */
};

struct ktask {
	bool present;
	long pid, tid;		/* in the lab's pid namespace; -1 not measured */
	long pid_inside;	/* the child's getpid(), in its own pid namespace */
	long tgid;		/* the child's measured tgid; the lab's pid for the parent */
	bool thread;		/* the child: a thread of the lab's group (its measured tgid) */
};

struct kgraph {
	enum phase phase;
	bool clone_ok;		/* false: the kernel refused, the parent is alone */
	bool traced;		/* the parent is a traced program's process, not a lab */
	char refused[64];	/* the errno's name when refused */
	struct ktask parent, child;
	struct kobject objs[KOBJ_MAX];
	int nobjs;
	int nfiles;		/* how many of objs are KO_FILE */
};

/* The objects of o as far as phase: before the clone the parent alone, its
 * objects pending; from PHASE_STARTED what was measured; a refused clone
 * the parent alone, with no objects. */
void kgraph_build(const struct observation *o, enum phase phase, struct kgraph *g);
/* "shared", "copied", "new", "not measured", "pending", "parent only", "child only" */
const char *kobj_state_word(enum kobj_state s);
/* Whether the object is drawn as a box for each task (copied or new). */
bool kobj_two(const struct kobject *k);

#endif
