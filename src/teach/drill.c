#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "drill.h"
#include "flags.h"
#include "funcs.h"
#include "kernel.h"
#include "rules.h"
#include "util.h"

void
drill_rng_init(struct drill_rng *r, uint64_t seed)
{
	r->state = seed;
}

/* splitmix64 (Steele, Lea, Flood 2014): tiny, and fully specified, so a seed
 * means the same drill whatever libc the machine has. */
static uint64_t
rng_next(struct drill_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

unsigned int
drill_rng_below(struct drill_rng *r, unsigned int n)
{
	return n ? (unsigned int)(rng_next(r) % n) : 0;
}

/* A flag the drill may set, and how often: one in odds. */
struct drill_flag {
	uint64_t value;
	unsigned int odds;
};

static const struct drill_flag easy_flags[] = {
	{ CLONE_VM, 2 }, { CLONE_FS, 2 }, { CLONE_FILES, 2 }, { CLONE_SIGHAND, 2 },
};

static const struct drill_flag hard_flags[] = {
	{ CLONE_VM, 2 }, { CLONE_FS, 2 }, { CLONE_FILES, 2 }, { CLONE_SIGHAND, 2 },
	{ CLONE_THREAD, 4 }, { CLONE_VFORK, 5 }, { CLONE_PARENT, 6 }, { CLONE_SYSVSEM, 4 },
	{ CLONE_IO, 4 }, { CLONE_SETTLS, 6 }, { CLONE_NEWUTS, 6 }, { CLONE_NEWPID, 6 },
};

/* A reverse drill's hard flags: the hard ones whose effect a field the
 * question shows tells (CLONE_VFORK is told only by the lab's scheduler
 * state, R, S or D as the moment of the reading falls, which it leaves out). */
static const struct drill_flag reverse_flags[] = {
	{ CLONE_VM, 2 }, { CLONE_FS, 2 }, { CLONE_FILES, 2 }, { CLONE_SIGHAND, 2 },
	{ CLONE_THREAD, 4 }, { CLONE_PARENT, 6 }, { CLONE_SYSVSEM, 4 },
	{ CLONE_IO, 4 }, { CLONE_SETTLS, 6 }, { CLONE_NEWUTS, 6 }, { CLONE_NEWPID, 6 },
};

/* What a function touches (its "touches" words) that shows a flag's effect
 * by behaviour, not by kcmp alone: a drill restricted to some flags draws
 * such a function when one is there. */
static const struct {
	uint64_t flag;
	const char *touches;
} shown_by[] = {
	{ CLONE_VM, "memory" },
	{ CLONE_FILES, "fds" },
	{ CLONE_FS, "fs" },
	{ CLONE_SIGHAND, "signals" },
};

/* Copies the i-th "|"-separated choice of list into buf. */
static void
pick_choice(struct drill_rng *r, const char *list, char *buf, size_t len)
{
	unsigned int n = 1;
	for (const char *p = list; *p; p++)
		n += *p == '|';
	unsigned int k = drill_rng_below(r, n);
	const char *p = list;
	while (k--)
		p = strchr(p, '|') + 1;
	size_t m = strcspn(p, "|");
	if (m >= len)
		m = len - 1;
	memcpy(buf, p, m);
	buf[m] = '\0';
}

static void
pick_flags(struct drill_rng *r, struct drill *d)
{
	const struct drill_flag *fl = d->level == DRILL_EASY ? easy_flags : d->reverse ?
	    reverse_flags : hard_flags;
	size_t n = d->level == DRILL_EASY ? ARRAY_SIZE(easy_flags) : d->reverse ?
	    ARRAY_SIZE(reverse_flags) : ARRAY_SIZE(hard_flags);

	d->cfg.flags = 0;
	for (size_t i = 0; i < n; i++)
		if (drill_rng_below(r, fl[i].odds) == 0 && ((!d->only && !d->draw) ||
		    (d->only & fl[i].value)))
			d->cfg.flags |= fl[i].value;
	/* New namespaces always come with a new user namespace: it lets them be
	 * made without root, and keeps a seed's drill the same for root. */
	if (d->cfg.flags & (CLONE_NEWUTS | CLONE_NEWPID))
		d->cfg.flags |= CLONE_NEWUSER;
	/* A drill restricted to some flags keeps clone() and SIGCHLD: what is
	 * drilled is those flags. */
	if (d->level == DRILL_HARD && !d->only) {
		d->cfg.variant = drill_rng_below(r, 4) == 0 ? VARIANT_CLONE3 : VARIANT_CLONE;
		d->cfg.exit_signal = drill_rng_below(r, 6) == 0 ? 0 : SIGCHLD;
	}
}

/* Whether f shows by behaviour what one of the flags of d->only shares,
 * when some function does (true for every function without --only). */
static bool
shows_only(const struct drill *d, const struct child_func *f)
{
	bool any = false;

	if (!d->only)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(shown_by); i++) {
		if (!(d->only & shown_by[i].flag))
			continue;
		any = true;
		if (f->touches && strstr(f->touches, shown_by[i].touches))
			return true;
	}
	return !any;
}

/* The functions the drill may draw at d's level and flags, in the order of
 * their rank (a seed's draw depends on it); returns how many. */
static size_t
drill_candidates(const struct drill *d, const struct child_func **cand, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < funcs_count; i++) {
		const struct child_func *f = funcs_table[i];
		if (f->drill.rank <= 0 || (f->drill.hard && d->level != DRILL_HARD))
			continue;
		if (f->needs_flags & ~d->cfg.flags)
			continue;
		if (!shows_only(d, f))
			continue;
		size_t k = n < max ? n++ : max - 1;
		while (k > 0 && cand[k - 1]->drill.rank > f->drill.rank) {
			cand[k] = cand[k - 1];
			k--;
		}
		cand[k] = f;
	}
	return n;
}

static void
pick_func(struct drill_rng *r, struct drill *d)
{
	const struct child_func *cand[64];
	char words[2][FN_ARG_LEN], err[256];
	char *argv[3] = { NULL, NULL, NULL };
	int argc = 0;

	size_t n = drill_candidates(d, cand, ARRAY_SIZE(cand));
	const struct child_func *f = cand[drill_rng_below(r, (unsigned int)n)];
	for (int i = 0; i < 2 && f->drill.args[i]; i++) {
		pick_choice(r, f->drill.args[i], words[i], sizeof(words[i]));
		if (words[i][0])
			argv[argc++] = words[i];
	}
	if (experiment_set_fn(&d->cfg, f->name, argc, argv, err, sizeof(err)) < 0)
		experiment_set_fn(&d->cfg, funcs_default()->name, 0, argv + 2, err, sizeof(err));
}

/* The drawn settings (drill_make_with). */
static void
pick_settings(struct drill_rng *r, struct drill *d)
{
	static const int signals[] = { SIGCHLD, 0, SIGUSR1 };

	if (d->draw & DRILL_DRAW_SIGNAL)
		d->cfg.exit_signal = signals[drill_rng_below(r, 3)];
	if (d->draw & DRILL_DRAW_VARIANT)
		d->cfg.variant = drill_rng_below(r, 2) ? VARIANT_CLONE3 : VARIANT_CLONE;
	/* clone3 takes the lowest byte and the size: there is no wrong end. */
	if (d->draw & DRILL_DRAW_END)
		d->cfg.stack_bottom = drill_rng_below(r, 2) && d->cfg.variant == VARIANT_CLONE;
	if (d->draw & DRILL_DRAW_SECCOMP) {
		/* One of the --only flags (CLONE_VM without any) refused to
		 * clone(), or every clone3 refused. */
		uint64_t pool = d->only ? d->only : CLONE_VM, bits[64];
		unsigned int nbits = 0;
		for (unsigned int b = 0; b < 64; b++)
			if (pool & (1ULL << b))
				bits[nbits++] = 1ULL << b;
		unsigned int pick = drill_rng_below(r, nbits + 1);
		if (pick == nbits)
			d->cfg.seccomp_clone3_enosys = true;
		else
			d->cfg.seccomp_deny = bits[pick];
	}
}

bool
drill_seccomp_refuses(const struct experiment *e)
{
	return e->variant == VARIANT_CLONE3 ? e->seccomp_clone3_enosys :
	    (e->flags & e->seccomp_deny) != 0;
}

static const struct { const char *word; unsigned int draw; } draw_words[] = {
	{ "signal", DRILL_DRAW_SIGNAL }, { "end", DRILL_DRAW_END }, { "variant", DRILL_DRAW_VARIANT },
	{ "seccomp", DRILL_DRAW_SECCOMP },
};

unsigned int
drill_draw_parse(const char *word)
{
	for (size_t i = 0; i < ARRAY_SIZE(draw_words); i++)
		if (strcmp(word, draw_words[i].word) == 0)
			return draw_words[i].draw;
	return 0;
}

const char *
drill_draw_words(unsigned int draw, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(draw_words); i++)
		if (draw & draw_words[i].draw)
			str_append(buf, len, "%s%s", buf[0] ? " " : "", draw_words[i].word);
	return buf;
}

void
drill_make(struct drill *d, unsigned long seed, enum drill_level level,
    const struct kernel_info *k)
{
	drill_make_as(d, seed, level, 0, false, k);
}

void
drill_make_as(struct drill *d, unsigned long seed, enum drill_level level, uint64_t only,
    bool reverse, const struct kernel_info *k)
{
	drill_make_with(d, seed, level, only, 0, reverse, k);
}

/* Mixed into the seed of the settings' stream ("SETTINGS"). */
#define DRILL_DRAW_SALT 0x53455454494e4753ULL

void
drill_make_with(struct drill *d, unsigned long seed, enum drill_level level, uint64_t only,
    unsigned int draw, bool reverse, const struct kernel_info *k)
{
	struct drill_rng r, rs;

	memset(d, 0, sizeof(*d));
	d->seed = seed;
	d->level = level;
	d->only = only;
	d->draw = draw;
	d->reverse = reverse;
	drill_rng_init(&rs, (uint64_t)seed ^ DRILL_DRAW_SALT);
	/* A reverse drill draws from a stream of its own: the forward drill of
	 * every seed stays what it was. */
	drill_rng_init(&r, (((uint64_t)seed << 1) | (level == DRILL_HARD)) ^
	    (reverse ? DRILL_REVERSE_SALT : 0));
	experiment_init(&d->cfg);
	/* Draw again until the kernel's rules accept the set; the draws go on
	 * from the same generator, so the seed still decides. */
	for (int tries = 0; tries < 1000; tries++) {
		pick_flags(&r, d);
		if (draw)
			pick_settings(&rs, d);
		if (!flags_validate(&d->cfg, k))
			break;
		d->cfg.flags = 0;
		d->cfg.variant = VARIANT_CLONE;
		d->cfg.exit_signal = SIGCHLD;
		d->cfg.stack_bottom = false;
		d->cfg.seccomp_deny = 0;
		d->cfg.seccomp_clone3_enosys = false;
	}
	pick_func(&r, d);
}

unsigned long
drill_new_seed(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t x = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 16);
	struct drill_rng r;
	drill_rng_init(&r, x);
	return 1 + drill_rng_below(&r, 99999);
}

const char *
drill_level_name(enum drill_level level)
{
	return level == DRILL_HARD ? "hard" : "easy";
}

int
drill_level_parse(const char *word)
{
	if (strcmp(word, "easy") == 0)
		return DRILL_EASY;
	if (strcmp(word, "hard") == 0)
		return DRILL_HARD;
	return -1;
}
