/* What `cost` measured: for a lab process whose memory holds touched pages,
 * how long each way of creating a child took, with the lab's page tables
 * (VmPTE) measured beside.  Filled by the lab (lab/cost.c), read by the
 * renderers and by report --json's "cost" object; the growth verdicts are
 * computed from the measured medians by one documented rule (cost_growth). */
#ifndef CLONESH_COST_H
#define CLONESH_COST_H

#include <stdbool.h>
#include <stdint.h>

enum cost_method {
	COST_FORK, COST_VFORK, COST_CLONE_VM, COST_POSIX_SPAWN, COST_PTHREAD, COST_NMETHODS
};

#define COST_MAX_SIZES 8
#define COST_RUNS 15		/* runs of each method at each size; the median is shown */
#define COST_GROWS_PERCENT 400	/* grows: the median at the largest size is at least 4 times the smallest's */

struct cost_time {
	long long median_ns, min_ns, max_ns;	/* -1: not measured */
	int err;				/* errno when the call failed */
	char call[16];				/* the failed call, when err */
};

struct cost_size {
	uint64_t bytes;		/* touched memory the lab held */
	long vm_pte_kb;		/* its VmPTE (/proc/self/status) after the touch; -1 unknown */
	long vm_rss_kb;		/* its VmRSS then; -1 unknown */
	struct cost_time t[COST_NMETHODS];
};

struct cost_result {
	bool measured;
	int runs;
	int nsizes;		/* in increasing order of bytes */
	struct cost_size sizes[COST_MAX_SIZES];
};

/* The method's name in JSON ("fork", "clone_vm"), and as a call ("clone(CLONE_VM)"). */
const char *cost_method_key(enum cost_method m);
const char *cost_method_call(enum cost_method m);

/* The median at the largest size as a percentage of the median at the
 * smallest (rounded), or -1 when fewer than two sizes were measured or
 * either median is missing. */
long cost_percent(const struct cost_result *c, enum cost_method m);
/* The same for VmPTE. */
long cost_pte_percent(const struct cost_result *c);
/* grows: 1 when cost_percent >= COST_GROWS_PERCENT, 0 below, -1 not measured.
 * Four times, not twice: a loaded machine has moved a flat median of some
 * 30 µs by up to 3 times, and a method that grows with the memory grows by
 * far more (fork: 14 times from 1m to 64m here). */
int cost_grows(const struct cost_result *c, enum cost_method m);
/* The order of the growth: "flat" (under 4 times: grows is false), "4x" (4 to under 10 times),
 * "10x" (10 to under 100), "100x" (100 or more), or NULL not measured. */
const char *cost_growth(const struct cost_result *c, enum cost_method m);

/* At the largest size, fork's median as a percentage of vfork's (-1 not
 * measured), and its order as cost_growth says it. */
long cost_fork_vfork_percent(const struct cost_result *c);
const char *cost_fork_vfork(const struct cost_result *c);
/* The method whose cost_percent is the largest, or -1 when none was measured. */
int cost_grows_most(const struct cost_result *c);

#endif
