#include "config.h"

#include <stddef.h>

#include "cost.h"

static const struct {
	const char *key, *call;
} methods[COST_NMETHODS] = {
	[COST_FORK] = { "fork", "fork()" },
	[COST_VFORK] = { "vfork", "vfork()" },
	[COST_CLONE_VM] = { "clone_vm", "clone(CLONE_VM)" },
	[COST_POSIX_SPAWN] = { "posix_spawn", "posix_spawn()" },
	[COST_PTHREAD] = { "pthread_create", "pthread_create()" },
};

const char *
cost_method_key(enum cost_method m)
{
	return m < COST_NMETHODS ? methods[m].key : "?";
}

const char *
cost_method_call(enum cost_method m)
{
	return m < COST_NMETHODS ? methods[m].call : "?";
}

static long
percent(long long small, long long big)
{
	if (small <= 0 || big < 0)
		return -1;
	return (long)((big * 100 + small / 2) / small);
}

long
cost_percent(const struct cost_result *c, enum cost_method m)
{
	if (!c->measured || c->nsizes < 2 || m >= COST_NMETHODS)
		return -1;
	return percent(c->sizes[0].t[m].median_ns, c->sizes[c->nsizes - 1].t[m].median_ns);
}

long
cost_pte_percent(const struct cost_result *c)
{
	if (!c->measured || c->nsizes < 2)
		return -1;
	return percent(c->sizes[0].vm_pte_kb, c->sizes[c->nsizes - 1].vm_pte_kb);
}

int
cost_grows(const struct cost_result *c, enum cost_method m)
{
	long p = cost_percent(c, m);
	return p < 0 ? -1 : p >= COST_GROWS_PERCENT;
}

static const char *
bucket(long p)
{
	return p < 0 ? NULL : p >= 10000 ? "100x" : p >= 1000 ? "10x" : p >= COST_GROWS_PERCENT ? "4x" : "flat";
}

const char *
cost_growth(const struct cost_result *c, enum cost_method m)
{
	return bucket(cost_percent(c, m));
}

long
cost_fork_vfork_percent(const struct cost_result *c)
{
	if (!c->measured || c->nsizes < 1)
		return -1;
	const struct cost_size *z = &c->sizes[c->nsizes - 1];
	return percent(z->t[COST_VFORK].median_ns, z->t[COST_FORK].median_ns);
}

const char *
cost_fork_vfork(const struct cost_result *c)
{
	return bucket(cost_fork_vfork_percent(c));
}

int
cost_grows_most(const struct cost_result *c)
{
	int best = -1;
	long most = -1;
	for (int m = 0; m < COST_NMETHODS; m++) {
		long p = cost_percent(c, m);
		if (p > most) {
			most = p;
			best = m;
		}
	}
	return best;
}
