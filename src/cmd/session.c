#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "predict.h"
#include "journal.h"
#include "output.h"
#include "session.h"
#include "util.h"

void
session_init(struct session *s, struct output *out)
{
	memset(s, 0, sizeof(*s));
	experiment_init(&s->cfg);
	s->out = out;
	s->log = journal_new();	/* NULL only without memory: then nothing is journaled */
}

void
session_done(struct session *s)
{
	nofork_free(s->last, sizeof(*s->last));
	nofork_free(s->spare, sizeof(*s->spare));
	s->last = s->spare = NULL;
	/* What the modules above keep in the session, each freed by the
	 * function it handed down with it. */
	if (s->course_end)
		s->course_end(s);
	if (s->drill_end)
		s->drill_end(s);
	if (s->history_done)
		s->history_done(s);
	predict_done(&s->predict);
	free(s->prompt_insert);
	s->prompt_insert = NULL;
	free(s->dry_spawns);
	s->dry_spawns = NULL;
	s->ndry_spawns = 0;
	journal_free(s->log);
	s->log = NULL;
}

int
session_state_dir(char *buf, size_t size)
{
	const char *state = getenv("XDG_STATE_HOME");
	int n;

	if (state && state[0] == '/') {
		n = snprintf(buf, size, "%s/clonesh", state);
	} else {
		const char *home = getenv("HOME");
		if (!home || !*home) {
			struct passwd *pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
		if (!home || !*home)
			return -1;
		n = snprintf(buf, size, "%s/.local/state/clonesh", home);
	}
	if (n < 0 || (size_t)n >= size)
		return -1;
	for (char *p = buf + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0700);
			*p = '/';
		}
	}
	mkdir(buf, 0700);
	return 0;
}

/* True when path has a ".." component. */
static bool
has_dotdot(const char *path)
{
	for (const char *p = path; (p = strstr(p, "..")) != NULL; p += 2)
		if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return true;
	return false;
}

int
session_check_write(struct session *s, const char *path, char *resolved, size_t size,
    char *err, size_t errlen)
{
	char state[PATH_MAX], real_state[PATH_MAX], full[PATH_MAX], real_dir[PATH_MAX];
	struct stat st;
	int n;

	if (!*path) {
		snprintf(err, errlen, "the file name is empty");
		return -1;
	}
	if (!s->untrusted) {
		if (strlen(path) >= size) {
			snprintf(err, errlen, "\"%.64s...\": the name is too long", path);
			return -1;
		}
		str_copy(resolved, path, size);
		return 0;
	}
	if (session_state_dir(state, sizeof(state)) < 0 || !realpath(state, real_state)) {
		snprintf(err, errlen, "\"%s\": a lesson writes only into the clonesh state directory, "
		    "and there is none here (set XDG_STATE_HOME or HOME)", path);
		return -1;
	}
	if (has_dotdot(path)) {
		snprintf(err, errlen, "\"%s\": a lesson may not use \"..\" in a path (it writes only "
		    "inside %s)", path, real_state);
		return -1;
	}
	/* A lesson's relative name is a file of the state directory, wherever
	 * clonesh was started. */
	n = path[0] == '/' ? snprintf(full, sizeof(full), "%s", path) :
	    snprintf(full, sizeof(full), "%s/%s", real_state, path);
	if (n < 0 || (size_t)n >= sizeof(full)) {
		snprintf(err, errlen, "\"%.64s...\": the name is too long", path);
		return -1;
	}
	char *slash = strrchr(full, '/');
	const char *base = slash + 1;
	if (!*base || strcmp(base, ".") == 0) {
		snprintf(err, errlen, "\"%s\" names a directory, not a file", path);
		return -1;
	}
	*slash = '\0';
	/* The directory with every link resolved: a link may not lead out. */
	if (!realpath(slash == full ? "/" : full, real_dir)) {
		snprintf(err, errlen, "\"%s\": %s: %s", path, slash == full ? "/" : full,
		    strerror(errno));
		return -1;
	}
	size_t len = strlen(real_state);
	if (strncmp(real_dir, real_state, len) != 0 || (real_dir[len] != '\0' && real_dir[len] != '/')) {
		snprintf(err, errlen, "\"%s\" is outside %s: a lesson writes only into the "
		    "learner's clonesh state directory", path, real_state);
		return -1;
	}
	n = snprintf(resolved, size, "%s/%s", real_dir, base);
	if (n < 0 || (size_t)n >= size) {
		snprintf(err, errlen, "\"%.64s...\": the name is too long", path);
		return -1;
	}
	/* Checked at the last component too: a link there could lead anywhere. */
	if (lstat(resolved, &st) == 0 && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "\"%s\" is %s: a lesson writes only regular files inside %s",
		    path, S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file", real_state);
		return -1;
	}
	return 0;
}
