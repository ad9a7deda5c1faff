#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samples.h"
#include "util.h"

/* One row a sample; its C file is samples/NAME.c, whose header comment says
 * more, and doc/samples.md has what strace shows it passing on this glibc. */
const struct sample samples[] = {
	{ "fork", "fork", "fork()", "",
	    "glibc's fork(): a child that copies everything", SAMPLE_WAY },
	{ "vfork-exec", "vfork-exec", "vfork()", "",
	    "vfork() then exec of /bin/true: the parent waits, memory borrowed", SAMPLE_WAY },
	{ "posix-spawn", "posix-spawn", "posix_spawn()", "",
	    "posix_spawn() of /bin/true: memory shared until the exec", SAMPLE_WAY },
	{ "system", "system", "system()", "",
	    "system(\"true\"): /bin/sh started the way posix_spawn starts a program", SAMPLE_WAY },
	{ "popen", "popen", "popen()", "",
	    "popen(\"true\", \"r\"): /bin/sh with a pipe to read from", SAMPLE_WAY },
	{ "pthread", "pthread", "pthread_create()", "",
	    "pthread_create(), one thread: shares memory, files, handlers", SAMPLE_WAY },
	{ "pool", "pool", "pthread_create()", "",
	    "a pool of 4 threads taking 16 jobs from a queue", SAMPLE_WAY },
	{ "clone3", "clone3", "syscall(SYS_clone3)", "",
	    "clone3 called by hand with a struct clone_args: a copy and a pidfd", SAMPLE_WAY },
	{ "forkbomb", "forkbomb", "fork()", "[GENERATIONS]",
	    "safety test: each child forks again, without end unless bounded", SAMPLE_SAFETY },
	{ "threads1000", "threads1000", "pthread_create()", "",
	    "safety test: 1,000 threads, each of which exits at once", SAMPLE_SAFETY },
	{ "sleeper", "sleeper", "fork(), pthread_create()", "[SECONDS]",
	    "safety test: a process, a child and a thread that sleep, to be killed", SAMPLE_SAFETY },
	{ "untraced", "untraced", "clone(CLONE_UNTRACED)", "",
	    "safety test: a child made with CLONE_UNTRACED, which escapes ptrace", SAMPLE_SAFETY },
};
const size_t samples_count = ARRAY_SIZE(samples);

/* The build tree's samples when this is the clonesh of a build tree: the
 * build writes their directory into "sample-dir" beside the binary and
 * never installs that file.  NULL otherwise. */
static const char *
build_tree_samples(void)
{
	static char dir[PATH_MAX];
	return build_tree_dir("sample-dir", dir, sizeof(dir));
}

const char *
samples_dir(void)
{
	const char *dir = getenv("CLONESH_SAMPLEDIR");
	if (dir && *dir)
		return dir;
	static const char *build;
	static bool looked;
	if (!looked) {
		build = build_tree_samples();
		looked = true;
	}
	return build ? build : PKGLIBEXECDIR "/samples";
}

const struct sample *
samples_find(const char *name)
{
	for (size_t i = 0; i < samples_count; i++)
		if (strcmp(samples[i].name, name) == 0)
			return &samples[i];
	return NULL;
}

const struct sample *
samples_of_arg(const char *arg)
{
	return str_prefix(arg, SAMPLES_PREFIX) ? samples_find(arg + strlen(SAMPLES_PREFIX)) : NULL;
}

bool
samples_path(const struct sample *s, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s/%s", samples_dir(), s->file);
	return n > 0 && (size_t)n < size;
}

/* Whether a word of an sh -c line may stand in a lesson: letters, digits
 * and a few marks, nothing the shell would expand, redirect or run. */
static bool
plain_word(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = w[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-_.,:+=/@%", c)))
			return false;
	}
	return true;
}

/* Whether LINE is commands of true, false and echo joined by pipes. */
static bool
pipeline_ok(const char *line, char *why, size_t size)
{
	const char *p = line;
	bool want_command = true;
	int commands = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t n = *p == '|' ? 1 : strcspn(p, " \t|");
		int shown = (int)(n > 40 ? 40 : n);
		if (*p == '|') {
			if (want_command)
				break; /* a | with no command before it */
			want_command = true;
		} else if (want_command) {
			if (!((n == 4 && !strncmp(p, "true", 4)) || (n == 5 && !strncmp(p, "false", 5)) ||
			    (n == 4 && !strncmp(p, "echo", 4)))) {
				snprintf(why, size, "run \"%.*s\" in sh -c (only true, false, echo and |)",
				    shown, p);
				return false;
			}
			commands++;
			want_command = false;
		} else if (!plain_word(p, n)) {
			snprintf(why, size, "pass \"%.*s\" in sh -c (plain words and | only)", shown, p);
			return false;
		}
		p += n;
	}
	if (want_command) {
		if (commands == 0 && !strchr(line, '|'))
			snprintf(why, size, "run sh -c with no command (true, false, echo and | only)");
		else
			snprintf(why, size, "run sh -c \"%.40s\" (a command is missing %s |)", line,
			    *p == '|' ? "before a" : "after a");
		return false;
	}
	return true;
}

bool
samples_lesson_may_trace(int argc, char *const argv[], char *why, size_t size)
{
	if (argc < 1) {
		snprintf(why, size, "trace nothing (name a sample or sh -c)");
		return false;
	}
	if (samples_of_arg(argv[0]))
		return true;
	if (strcmp(argv[0], "sh") == 0 && argc == 3 && strcmp(argv[1], "-c") == 0)
		return pipeline_ok(argv[2], why, size);
	snprintf(why, size, "trace \"%s\" (only the shipped samples, samples/NAME, and "
	    "sh -c with true, false, echo and |)", argv[0]);
	return false;
}
