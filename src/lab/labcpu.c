/*
 * Where an experiment runs.  An experiment is a relay, not a race: clonesh
 * hands the standby lab its experiment and sleeps, the lab clones and waits
 * for the child, the child reports and parks, clonesh measures and lets it go,
 * and so on: eight hand-overs, each from a process that is about to sleep to
 * one that was asleep.  The kernel wakes a sleeping process on an idle CPU
 * when it finds one, and on a virtual machine an idle CPU soon halts:
 * waking it costs the host's scheduling.  With the lab, its children and
 * clonesh on one CPU, a hand-over is a context switch on the CPU the waker
 * is leaving.
 * Measured here (2 virtual CPUs, clonesh's timestamps, doc/reliability.md):
 * 20 to 40 µs a hand-over across CPUs, under 10 on one.
 *
 * So: clonesh chooses one CPU, the experiment's, at start-up (the one it is
 * on).  The maker runs on the others, where it forks the next standby and
 * the standby prepares itself while an experiment runs; the standby then
 * moves to the experiment's CPU and parks.  clonesh moves there for the
 * length of an experiment and back to the CPUs it had after, so that what it
 * runs between experiments (trace, code --run, an editor) keeps its own
 * mask.
 *
 * What the experiment sees of it: the lab and its children have one CPU in
 * their affinity mask (sched_getaffinity(2), Cpus_allowed_list in
 * /proc/PID/status), which they pass on through fork and exec.  Nothing
 * clonesh measures depends on it.  spawn -n N is the exception: N children
 * that start, park and end side by side are parallel work, not a relay, and
 * one CPU made 1024 fork-like children 10 to 15 % slower, so the lab of such
 * an experiment takes back every CPU clonesh had before its clones.  With
 * one CPU allowed, or when a call fails (a cpuset changed under clonesh),
 * nothing is moved.
 */
#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "labcpu.h"
#include "util.h"

static bool pinning;
static cpu_set_t home;		/* the experiment's CPU */
static cpu_set_t beside;	/* the others clonesh had at start-up */
static cpu_set_t all;		/* both */
static cpu_set_t before;	/* clonesh's own mask, during an experiment */
static bool entered;
static int home_cpu = -1;
static int allowed;		/* how many CPUs clonesh had at start-up */
static char why_not[96] = "the lab has not started";

/* cpu, one of all, is the experiments': the others are beside them. */
static void
labcpu_choose(int cpu)
{
	CPU_ZERO(&home);
	CPU_SET(cpu, &home);
	beside = all;
	CPU_CLR(cpu, &beside);
	home_cpu = cpu;
	pinning = true;
}

void
labcpu_init(void)
{
	if (sched_getaffinity(0, sizeof(all), &all) < 0) {
		snprintf(why_not, sizeof(why_not), "sched_getaffinity failed with %s",
		    strerrorname_np(errno) ? strerrorname_np(errno) : "an error");
		return;
	}
	allowed = CPU_COUNT(&all);
	if (allowed < 2) {
		str_copy(why_not, "clonesh may use one CPU only", sizeof(why_not));
		return;
	}
	int cpu = sched_getcpu();
	if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &all)) {
		for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &all); cpu++)
			;
	}
	labcpu_choose(cpu);
}

void
labcpu_init_at(int cpu)
{
	if (cpu >= 0 && cpu < CPU_SETSIZE && sched_getaffinity(0, sizeof(all), &all) == 0 &&
	    CPU_ISSET(cpu, &all) && CPU_COUNT(&all) >= 2)
		labcpu_choose(cpu);
}

void
labcpu_enter(void)
{
	entered = false;
	if (!pinning || sched_getaffinity(0, sizeof(before), &before) < 0)
		return;
	/* The CPU left clonesh's mask (taskset, a cpuset), or a policy
	 * refuses the call: no pinning from then on. */
	if (!CPU_ISSET(home_cpu, &before))
		snprintf(why_not, sizeof(why_not), "CPU %d left clonesh's affinity mask", home_cpu);
	else if (sched_setaffinity(0, sizeof(home), &home) < 0)
		snprintf(why_not, sizeof(why_not), "sched_setaffinity failed with %s",
		    strerrorname_np(errno) ? strerrorname_np(errno) : "an error");
	else
		entered = true;
	if (!entered) {
		pinning = false;
		home_cpu = -1;
	}
}

void
labcpu_leave(void)
{
	if (entered)
		sched_setaffinity(0, sizeof(before), &before);
	entered = false;
}

void
labcpu_standby(void)
{
	if (pinning)
		sched_setaffinity(0, sizeof(home), &home);
}

void
labcpu_spread(void)
{
	if (pinning)
		sched_setaffinity(0, sizeof(all), &all);
}

void
labcpu_maker(void)
{
	if (pinning)
		sched_setaffinity(0, sizeof(beside), &beside);
}

int
lab_cpu(char *why, size_t len, int *of)
{
	if (why)
		str_copy(why, pinning ? "" : why_not, len);
	if (of)
		*of = allowed;
	return pinning ? home_cpu : -1;
}
