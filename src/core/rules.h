/* The validator: clone(2)'s rules as the running kernel enforces them, in
 * the order it checks them, applied before anything is sent to it. */
#ifndef CLONESH_RULES_H
#define CLONESH_RULES_H

#include <stdbool.h>
#include <stddef.h>

struct experiment;
struct kernel_info;

struct flags_rule {
	const char *id;		/* "sighand-needs-vm" */
	int err;		/* errno the kernel returns: EINVAL, EPERM; 0 for clonesh's own refusals */
	const char *text;	/* "CLONE_SIGHAND requires CLONE_VM" */
	const char *fix;	/* "add vm, or remove sighand" */
	bool (*applies)(const struct experiment *e, const struct kernel_info *k);
};

extern const struct flags_rule flags_rules[];
/* A refusal of clonesh's own (err 0) that spawn --force overrides. */
bool flags_rule_forceable(const struct flags_rule *r);
extern const size_t flags_nrules;

/* The first rule the experiment breaks, or NULL when the kernel should accept it. */
const struct flags_rule *flags_validate(const struct experiment *e, const struct kernel_info *k);

#endif
