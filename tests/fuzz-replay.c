/* Replays the stored fuzz inputs through the fuzz targets in the normal
 * build: every file of tests/fuzz-regressions/TARGET/ (inputs that once
 * crashed) and fuzz/corpus/TARGET/ (the seeds).  Each input runs in a child
 * process, so a crash fails its own test point and names the signal; with
 * --enable-sanitizers a sanitizer report fails it by the exit status.
 * "fuzz-replay TARGET FILE..." replays the files named instead. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"
#include "tap.h"

static const struct {
	const char *name;
	int (*one)(const uint8_t *data, size_t size);
} targets[] = {
	{ "lexer", fuzz_lexer_one },
	{ "lesson", fuzz_lesson_one },
	{ "size", fuzz_size_one },
	{ "flags", fuzz_flags_one },
	{ "session", fuzz_session_one },
	{ "mdtext", fuzz_mdtext_one },
};

/* Reads a whole file; NULL with errno set. */
static uint8_t *
read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			uint8_t *d = realloc(data, cap);
			if (!d)
				abort();
			data = d;
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	*size = len;
	return data;
}

/* Runs one input in a child: true when it returned normally. */
static void
replay(size_t t, const char *path, const char *label)
{
	size_t size;
	uint8_t *data = read_all(path, &size);

	if (!data) {
		ok(false, "%s: cannot read %s: %s", label, path, strerror(errno));
		return;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		ok(false, "%s: fork: %s", label, strerror(errno));
	} else if (pid == 0) {
		targets[t].one(data, size);
		exit(0);	/* not _exit: LeakSanitizer checks at exit */
	} else {
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(status))
			ok(false, "%s: %zu bytes: killed by signal %d (%s)", label, size,
			    WTERMSIG(status), strsignal(WTERMSIG(status)));
		else
			ok(WEXITSTATUS(status) == 0, "%s: %zu bytes: exit status %d", label, size,
			    WEXITSTATUS(status));
	}
	free(data);
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays every file of dir (sorted, so the test points keep their numbers). */
static void
replay_dir(size_t t, const char *dir, const char *kind)
{
	DIR *d = opendir(dir);
	char *names[1024];
	size_t n = 0;

	if (!d) {
		if (errno != ENOENT)	/* a target without stored inputs is fine */
			ok(false, "%s %s: %s: %s", kind, targets[t].name, dir, strerror(errno));
		return;
	}
	for (struct dirent *e; (e = readdir(d)) && n < sizeof(names) / sizeof(names[0]);) {
		if (e->d_name[0] == '.')
			continue;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), compare_names);
	for (size_t i = 0; i < n; i++) {
		char path[4096], label[512];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		snprintf(label, sizeof(label), "%s %s/%s", kind, targets[t].name, names[i]);
		replay(t, path, label);
		free(names[i]);
	}
}

int
main(int argc, char **argv)
{
	const char *top = getenv("TOP_SRCDIR");
	char dir[4096];

	if (argc > 1) {
		/* fuzz-replay TARGET FILE...: run a few inputs by hand */
		for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++)
			if (strcmp(argv[1], targets[t].name) == 0)
				for (int i = 2; i < argc; i++)
					replay(t, argv[i], argv[i]);
		return done_testing();
	}
	if (!top)
		top = ".";
	for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
		snprintf(dir, sizeof(dir), "%s/tests/fuzz-regressions/%s", top, targets[t].name);
		replay_dir(t, dir, "regression");
		snprintf(dir, sizeof(dir), "%s/fuzz/corpus/%s", top, targets[t].name);
		replay_dir(t, dir, "seed");
	}
	return done_testing();
}
