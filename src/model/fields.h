/* The observation's fields, one row each (fields.c): where report --json
 * writes it, what kind of value it is, how it is read from struct
 * observation, the short name predict takes and how it tells the value, and
 * how compare shows it.  report --json (render/obs-json.c), the paths lesson
 * expectations look up, predict and compare all read this table: adding an
 * observation field is one row (doc/hacking.md). */
#ifndef CLONESH_FIELDS_H
#define CLONESH_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

struct observation;

/* What a field's value is, which says how JSON writes it and how predict
 * reads and tells it.  Every type may be null: not measured, or none. */
enum field_type {
	FT_INT,		/* a number */
	FT_BOOL,	/* yes or no */
	FT_OK,		/* the kernel accepted or refused */
	FT_SHARE,	/* kcmp's verdict: shared (the same object) or copied */
	FT_NS,		/* a namespace: the parent's (same) or new */
	FT_SIGNAL,	/* a signal, written by name ("SIGSEGV"); null for none */
	FT_ERRNO,	/* an errno, written by name ("EINVAL"); null for none */
	FT_OCTAL,	/* a mode, written "0022" */
	FT_TEXT,	/* words, written as they are */
	FT_GROUP,	/* not a scalar: an array or object its renderer writes (fds, signals...) */
	FT_COUNT
};

/* How a field is kept in struct observation, when it is read by offset. */
enum field_store { FS_INT = 1, FS_UINT, FS_LONG, FS_ULONG, FS_SIZE, FS_BOOL, FS_CHARS, FS_STR };
/* When a field read by offset is null. */
enum field_null { NULL_NEVER, NULL_NEG, NULL_ZERO, NULL_EMPTY };

/* The arrays and objects that are not one scalar a row: their renderers
 * write them (render/obs-json.c's group_*, compare's rows). */
enum field_group {
	FG_NONE, FG_FLAGS, FG_ARGS, FG_NOTES, FG_CHILDREN, FG_PAGES, FG_FDS, FG_SIGNALS, FG_COST, FG_COUNT
};

/* How compare shows a field of two observations (render/compare.c). */
enum field_compare {
	CMP_NONE, CMP_VARIANT, CMP_FLAGS, CMP_EXIT_SIGNAL, CMP_STACK_CFG, CMP_FUNCTION, CMP_CLONE,
	CMP_SHARE, CMP_TLS, CMP_NS, CMP_PID, CMP_TID, CMP_TGID, CMP_PPID, CMP_THREADS,
	CMP_PARENT_STATE, CMP_UID, CMP_WORD, CMP_MAPPING, CMP_FDS, CMP_SIGNALS, CMP_CWD,
	CMP_UMASK, CMP_HOSTNAME, CMP_EXIT, CMP_STACK_USED, CMP_OVERFLOW, CMP_COUNT
};

/* A field's value in one observation, as JSON writes it. */
struct field_value {
	bool known;		/* false: null */
	long long n;		/* FT_INT; FT_BOOL to FT_NS: 0 or 1 */
	const char *s;		/* FT_SIGNAL, FT_ERRNO, FT_OCTAL, FT_TEXT */
	char buf[32];		/* where s points for a signal's name or a mode */
};

struct field;
typedef void (*field_get_fn)(const struct observation *o, const struct field *f,
    struct field_value *v);
typedef bool (*field_present_fn)(const struct observation *o, const struct field *f);

struct field {
	const char *path;		/* in report --json: "effects.global.parent_sees" */
	enum field_type type;
	enum field_group group;		/* FT_GROUP: which one */
	/* How it is read: the member at `at`, kept as `store`, null by
	 * `null_if`; or get(), which may read the member at `at` too. */
	size_t at;
	enum field_store store;
	enum field_null null_if;
	field_get_fn get;
	field_present_fn present;	/* NULL: always written; else the key only when true */
	bool quiet;			/* absent, it opens no object either (exec.*: no
					 * "exec" object for an experiment without the probe) */
	/* predict: up to two short names, each with its place in predict's
	 * list of names (1, 2, ...: completion and its errors list them so);
	 * how the observed value is told (one %s) and how null is. */
	const char *says[2];
	unsigned char says_rank[2];
	const char *told, *none;
	/* compare: its group's heading, its label, how, and its place (1, 2, ...). */
	const char *cmp_group, *cmp_label;
	enum field_compare cmp;
	unsigned char cmp_rank;
	int arg;			/* the resource or namespace a row is about (SH_*, NS_*) */
};

/* The rows, in the order report --json writes them. */
extern const struct field fields_table[];
extern const size_t fields_count;

/* How a type's true and false are told ("same", "different"), NULL when
 * its values are not yes or no. */
struct field_type_words {
	const char *yes, *no;
};
extern const struct field_type_words field_type_words[FT_COUNT];

/* f's value in o (f not a group). */
void field_get(const struct observation *o, const struct field *f, struct field_value *v);
/* Whether report --json writes f's key for o. */
bool field_present(const struct observation *o, const struct field *f);
/* The row at path, NULL when none. */
const struct field *field_at(const char *path);
/* The k-th row (k = 0, 1) that predict's short name `name` stands for, in
 * the table's order (exit: the status, then the signal); NULL past them. */
const struct field *field_named(const char *name, size_t k);
/* The short name at place i (0, 1, ...) of predict's list, NULL past the last. */
const char *field_short_name(size_t i);

#endif
