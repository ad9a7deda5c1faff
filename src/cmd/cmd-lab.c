#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
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

static int
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

const struct command cmd_lab_entry = {
	.name = "lab",
	.args = "[user [NAME|UID|root|unprivileged]]",
	.summary = "show or choose the user the lab runs as",
	.help =
	    "\"lab user nobody\" makes the next experiments' lab (the parent) become that user, its "
	    "uid, its group and no supplementary groups, before it calls clone(), so the child "
	    "starts as that user too; clonesh itself does not change. Only root can choose another "
	    "user; a learner who is not root already runs the lab unprivileged. \"lab user "
	    "unprivileged\" is nobody when clonesh is root and the learner's own user otherwise, so a "
	    "lesson can ask for it on any machine; \"lab user root\" (or reset) goes back to "
	    "clonesh's own user. Without a name, shows the lab's user.",
	.man =
	    "Show or choose the user the lab runs as.\n"
	    ".B lab user nobody\n"
	    "makes the lab of the next experiments become that user (its uid, its\n"
	    "group, no supplementary groups) before it calls\n"
	    ".BR clone (),\n"
	    "so the child starts as that user too; clonesh itself does not change.\n"
	    "Only root can choose another user; a learner who is not root already runs\n"
	    "the lab unprivileged, and is told so.\n"
	    ".B lab user unprivileged\n"
	    "is nobody when clonesh is root and the learner's own user otherwise, so\n"
	    "that a lesson can ask for it anywhere;\n"
	    ".B lab user root\n"
	    "(or\n"
	    ".BR reset )\n"
	    "goes back to clonesh's own user.\n"
	    "The lab's uid and gid, read from its\n"
	    ".IR /proc/ pid /status ,\n"
	    "are in the observation\n"
	    ".RB ( ids.parent.uid ).\n",
	.completer = COMPLETE_LAB,
	.handler = cmd_lab,
	.dry = DRY_SETTINGS,
};
