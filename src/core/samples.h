/* The programs shipped to be traced (the C files of samples/): their table, and the
 * directory their built programs are found in. */
#ifndef CLONESH_SAMPLES_H
#define CLONESH_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>

/* What a sample is for: to show one way real programs create processes, or
 * to test the tracer's bounds and safety (run those only traced, or bounded). */
enum sample_kind {
	SAMPLE_WAY,
	SAMPLE_SAFETY,
};

struct sample {
	const char *name;    /* what follows "samples/" at the prompt: "pthread" */
	const char *file;    /* its program's file in samples_dir() */
	const char *call;    /* the call it makes, as a reader names it: "pthread_create()" */
	const char *args;    /* the usage of its arguments, "" when it takes none */
	const char *summary; /* one line for the listing and completion */
	enum sample_kind kind;
};

/* The table, in the order the listing shows them; its source is samples/NAME.c. */
extern const struct sample samples[];
extern const size_t samples_count;

/* The prefix that names a sample at the prompt and in lessons: "samples/NAME". */
#define SAMPLES_PREFIX "samples/"

/* The directory the samples' programs are read from: CLONESH_SAMPLEDIR,
 * else the build tree's samples/ when this is the build tree's binary (the
 * build writes it into "sample-dir" beside the binary), else the installed
 * one, $(pkglibexecdir)/samples. */
const char *samples_dir(void);
/* The sample of that name ("pthread"), or NULL. */
const struct sample *samples_find(const char *name);
/* The sample that ARG names as "samples/NAME", or NULL when it names none
 * (a program of the learner's own, or a name not in the table). */
const struct sample *samples_of_arg(const char *arg);
/* The full path of a sample's program in buf; false when it does not fit. */
bool samples_path(const struct sample *s, char *buf, size_t size);

/* Whether a lesson may trace the command line argv[0..argc): a shipped
 * sample (samples/NAME, its arguments included) or `sh -c 'LINE'` whose LINE
 * is made only of true, false, echo (with plain words) and pipes.  When
 * not, false with why in words (a clause for "trace: a lesson may not ...").
 * A lesson is a file anyone may hand out: it must not run what it likes. */
bool samples_lesson_may_trace(int argc, char *const argv[], char *why, size_t size);

#endif
