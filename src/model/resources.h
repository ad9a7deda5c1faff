/* The one table of the kcmp(2) resources and the one table of the
 * namespaces: a row each, holding what every consumer reads (the lab, show,
 * the pane's rows, why, drill, predict, explain, code, compare), so adding a
 * resource or a namespace is adding a row. */
#ifndef CLONESH_RESOURCES_H
#define CLONESH_RESOURCES_H

#include <stdint.h>

/* The rows' indices: the observation's shared[] and ns[] follow them. */
enum share_kind { SH_VM, SH_FILES, SH_FS, SH_SIGHAND, SH_IO, SH_SYSVSEM, SH_COUNT };
enum ns_kind { NS_UTS, NS_PID, NS_MNT, NS_NET, NS_IPC, NS_USER, NS_CGROUP, NS_TIME, NS_COUNT };

/* A kernel object that kcmp(2) compares and a CLONE_* flag shares. */
struct resource {
	const char *name;	/* "vm": its JSON key, predict's field, its rows' name */
	int kcmp;		/* KCMP_VM */
	const char *kcmp_name;	/* "VM": the KCMP_* type without its prefix */
	uint64_t flag;		/* CLONE_VM shares it (flags_by_value gives its name) */
	const char *what;	/* show: what it is ("address space") */
	const char *row;	/* the pane: the row's label ("address space") */
	const char *row_parent;	/* the pane: the parent's cell ("its address space") */
	const char *why_shared;	/* why, when shared as asked: "so ..." */
	const char *why_copied;	/* why, when copied as asked: "so ..." */
	const char *why_trap;	/* why: why the lab made the object first, or NULL */
	const char *drill_shared, *drill_copied;	/* drill's answers: what the child has */
	const char *title;	/* explain: the topic's title, or NULL when it has none */
	const char *alias;	/* explain: another name of the topic ("memory"), or NULL */
	const char *explain;	/* explain: the topic's paragraph */
	const char *kstruct;	/* the kernel's struct for it ("mm_struct"): the diagram's box */
};

/* A namespace: a /proc/PID/ns link, which a CLONE_NEW* flag makes new. */
struct namespace {
	const char *name;	/* "uts": its /proc/PID/ns link, JSON key and predict's field */
	uint64_t flag;		/* CLONE_NEWUTS makes a new one */
	const char *a_what;	/* why: "a UTS" (namespace) */
	const char *what;	/* why: "UTS"; predict tells it in lower case */
	const char *gives;	/* why: what the child has in a new one */
	const char *view;	/* explain ns: what the flag gives a view of ("the hostname") */
	const char *unshare;	/* code --unshare: unshare(1)'s option ("--uts") */
	int code_order;		/* code: its place in the print_ns lines and unshare(1)'s options */
	int pidfd_nr;		/* the lab: PIDFD_GET_UTS_NAMESPACE is _IO(0xFF, pidfd_nr) (Linux 6.11) */
};

/* One process's namespaces' inodes, in the table's order (0: unreadable). */
struct ns_inodes {
	unsigned long ino[NS_COUNT];
};

extern const struct resource resources_table[SH_COUNT];
extern const struct namespace namespaces_table[NS_COUNT];

#endif
