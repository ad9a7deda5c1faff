/* The one table of clone flags: names, values, what each means (the
 * validator, which applies clone(2)'s rules, is rules.h). */
#ifndef CLONESH_FLAGS_H
#define CLONESH_FLAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum flag_attr {
	FLAG_CLONE3_ONLY = 1 << 0,	/* cannot be passed through clone()'s int */
	FLAG_NAMESPACE = 1 << 1,	/* CLONE_NEW*: CAP_SYS_ADMIN or CLONE_NEWUSER */
	FLAG_CORE = 1 << 2,		/* the 12 flags of the matrix */
};

struct clone_flag {
	const char *name;	/* "CLONE_VM" */
	const char *short_name;	/* "vm" */
	uint64_t value;
	const char *since;	/* "2.0" (clone(2), man-pages 6.03), or a phrase that names
				 * the versions ("no effect since Linux 2.6.0") */
	const char *meaning;	/* one line */
	const char *explain;	/* a short paragraph in plain words */
	unsigned int attrs;
};

extern const struct clone_flag flags_table[];
extern const size_t flags_count;

/* The flags of the table with every attribute of attrs: flags_with
 * (FLAG_NAMESPACE) is every CLONE_NEW*. */
uint64_t flags_with(unsigned int attrs);

/* By kernel name or short name, any case ("CLONE_VM", "clone_vm", "vm", "VM"). */
const struct clone_flag *flags_find(const char *name);
/* The entry whose value is the single bit bit, or NULL. */
const struct clone_flag *flags_by_value(uint64_t bit);
/* "CLONE_VM|CLONE_FILES|SIGCHLD" as strace prints it; "0" for nothing. */
const char *flags_format(uint64_t flags, int exit_signal, char *buf, size_t len);
/* Up to max flag names close to an unknown one, as "vm, fs" (for error messages). */
const char *flags_suggest(const char *bad, char *buf, size_t len);

#endif
