#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

#define LAB_USER_FORMS "a user name, a uid, root or unprivileged"

/* Whether this process has any effective capability (CapEff: in status). */
static bool
has_capabilities(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	bool any = false;
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, "CapEff:", 7) == 0)
			any = strtoull(line + 7, NULL, 16) != 0;
	fclose(f);
	return any;
}

static void
lab_user_print(struct session *s, const char *what)
{
	uid_t uid = s->cfg.lab_uid >= 0 ? (uid_t)s->cfg.lab_uid : getuid();
	gid_t gid = s->cfg.lab_gid >= 0 ? (gid_t)s->cfg.lab_gid : getgid();
	struct passwd *pw = getpwuid(uid);
	out_printf(s->out, "%s: the lab runs as uid %u%s%s%s, gid %u%s\n", what, (unsigned)uid,
	    pw ? " (" : "", pw ? pw->pw_name : "", pw ? ")" : "", (unsigned)gid,
	    s->cfg.lab_uid >= 0 ? "" : ", clonesh's own user");
}

/* lab user NAME|UID|root|unprivileged. */
static int
lab_user(struct session *s, const char *who)
{
	bool root = geteuid() == 0;
	uid_t self = getuid();

	if (strcmp(who, "root") == 0) {
		/* Back to clonesh's own user, whoever that is. */
		s->cfg.lab_uid = s->cfg.lab_gid = -1;
		if (!s->json)
			lab_user_print(s, "lab user");
		return 0;
	}
	if (strcmp(who, "unprivileged") == 0) {
		if (!root && !has_capabilities()) {
			s->cfg.lab_uid = s->cfg.lab_gid = -1;
			if (!s->json)
				lab_user_print(s, "lab user");
			return 0;
		}
		if (!root)
			return cmd_error(s, "lab user: clonesh is not root but has capabilities, and only "
			    "root can choose another user for the lab");
		who = "nobody";
	}
	struct passwd *pw = NULL;
	char *end;
	errno = 0;
	long uid = strtol(who, &end, 10);
	if (end != who && *end == '\0' && who[0] != '-' && errno == 0) {
		if (uid > 0x7ffffffe)
			return cmd_error(s, "lab user: %s is out of range (a uid from 0 to 2147483646)", who);
		pw = getpwuid((uid_t)uid);
	} else {
		pw = getpwnam(who);
		if (!pw)
			return cmd_error(s, "lab user: no user \"%s\" in the user database (%s)", who,
			    LAB_USER_FORMS);
		uid = (long)pw->pw_uid;
	}
	long gid = pw ? (long)pw->pw_gid : uid;
	if (!root) {
		if (uid == (long)self) {
			s->cfg.lab_uid = s->cfg.lab_gid = -1;
			if (!s->json)
				lab_user_print(s, "lab user");
			return 0;
		}
		return cmd_error(s, "lab user: only root can choose another user; the lab already runs "
		    "as you (uid %u)", (unsigned)self);
	}
	if (uid == 0) {
		s->cfg.lab_uid = s->cfg.lab_gid = -1;
	} else {
		s->cfg.lab_uid = uid;
		s->cfg.lab_gid = gid;
	}
	if (!s->json)
		lab_user_print(s, "lab user");
	return 0;
}

int
cmd_lab(struct session *s, int argc, char **argv)
{
	if (argc == 1 || (argc == 2 && strcmp(argv[1], "user") == 0)) {
		lab_user_print(s, "lab user");
		return 0;
	}
	if (strcmp(argv[1], "user") != 0)
		return cmd_error(s, "lab: unknown setting \"%s\" (the lab's setting is: user)", argv[1]);
	if (argc > 3)
		return cmd_too_many(s, "lab");
	return lab_user(s, argv[2]);
}
