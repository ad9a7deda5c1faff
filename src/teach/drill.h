/* Drills: a random valid experiment, reproducible from its seed on every
 * machine (clonesh's own generator, not libc's rand). */
#ifndef CLONESH_DRILL_H
#define CLONESH_DRILL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "experiment.h"
#include "rules.h"

struct kernel_info;

#define DRILL_SEED_MAX 4294967295UL

enum drill_level { DRILL_EASY, DRILL_HARD };

/* The settings besides the flags a drill may draw (--only's words signal,
 * end, variant and seccomp): the exit signal (SIGCHLD, none or SIGUSR1), the
 * stack's end clone() is handed (top or bottom), the call (clone or clone3),
 * the lab's seccomp filter (one of the --only flags refused to clone(), or
 * clone3 refused with ENOSYS). */
enum { DRILL_DRAW_SIGNAL = 1, DRILL_DRAW_END = 2, DRILL_DRAW_VARIANT = 4, DRILL_DRAW_SECCOMP = 8 };

struct drill {
	unsigned long seed;
	enum drill_level level;
	uint64_t only;		/* the flags it may draw from (0: its level's, or none with draw) */
	unsigned int draw;	/* DRILL_DRAW_*: the other settings it draws */
	bool reverse;		/* the learner answers with the flags */
	struct experiment cfg;	/* the settings to predict */
};

/* Mixed into a reverse drill's seed ("REVERSE"). */
#define DRILL_REVERSE_SALT 0x5245564552534500ULL

/* The drill of seed at level, an experiment flags_validate accepts on k. */
void drill_make(struct drill *d, unsigned long seed, enum drill_level level,
    const struct kernel_info *k);
/* The same, for a drill restricted to the flags of only (0: none is) and
 * for a reverse drill (the flags to be found from the observation). */
void drill_make_as(struct drill *d, unsigned long seed, enum drill_level level, uint64_t only,
    bool reverse, const struct kernel_info *k);
/* The same, drawing the settings of draw (DRILL_DRAW_*) as well, from a
 * stream of their own: every drill without them stays what it was. */
void drill_make_with(struct drill *d, unsigned long seed, enum drill_level level, uint64_t only,
    unsigned int draw, bool reverse, const struct kernel_info *k);
/* Whether the drawn seccomp filter refuses the drill's call: a denied flag
 * in clone()'s flags, or clone3 with clone3 refused. */
bool drill_seccomp_refuses(const struct experiment *e);
/* --only's word for a setting ("signal", "end", "variant"): its DRILL_DRAW_*,
 * or 0; the words of draw into buf ("signal end"), returned. */
unsigned int drill_draw_parse(const char *word);
const char *drill_draw_words(unsigned int draw, char *buf, size_t len);
/* A seed for a new drill (1 to 99999, easy to type again). */
unsigned long drill_new_seed(void);
const char *drill_level_name(enum drill_level level);
/* "easy" / "hard" -> the level; -1 when neither. */
int drill_level_parse(const char *word);

/* A small seeded generator (splitmix64), the same on every machine. */
struct drill_rng { uint64_t state; };
void drill_rng_init(struct drill_rng *r, uint64_t seed);
/* 0 to n - 1. */
unsigned int drill_rng_below(struct drill_rng *r, unsigned int n);

#endif
