#include "config.h"

#include <stdint.h>
#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "flags.h"
#include "output.h"
#include "seccomp.h"
#include "session.h"

/* clone()'s flags are an int whose low byte is the exit signal. */
#define SECCOMP_CLONE_BITS 0xffffff00ULL

static void
seccomp_show(struct session *s)
{
	char what[600];
	const char *why = seccomp_wanted(&s->cfg) ? seccomp_unavailable() : NULL;

	out_printf(s->out, "seccomp: %s%s\n", experiment_seccomp_describe(&s->cfg, what, sizeof(what)),
	    seccomp_wanted(&s->cfg) ? ", by the lab's filter, installed just before its clone" : "");
	if (why)
		out_printf(s->out, "seccomp: note: %s\n", why);
}

/* deny FLAG...: the whole set, replaced; "deny none" empties it. */
static int
seccomp_deny(struct session *s, int argc, char **argv)
{
	uint64_t deny = 0;

	if (argc == 2)
		return cmd_error(s, "seccomp: deny needs flags (usage: seccomp deny FLAG... | deny none)");
	if (argc == 3 && strcasecmp(argv[2], "none") == 0) {
		s->cfg.seccomp_deny = 0;
		return 0;
	}
	for (int i = 2; i < argc; i++) {
		char close[128];
		const struct clone_flag *f = flags_find(argv[i]);
		if (!f)
			return cmd_error(s, "seccomp: \"%s\" is not a clone flag%s%s%s", argv[i],
			    flags_suggest(argv[i], close, sizeof(close))[0] ? " (did you mean " : "",
			    close, close[0] ? "?)" : "");
		if (!(f->value & SECCOMP_CLONE_BITS) || (f->value & ~SECCOMP_CLONE_BITS))
			return cmd_error(s, "seccomp: %s lies above clone()'s 32-bit flags: only clone3 "
			    "passes it, and a filter cannot read clone3's flags (try a flag of clone(), "
			    "such as newuser or thread)", f->name);
		deny |= f->value;
	}
	s->cfg.seccomp_deny = deny;
	return 0;
}

static int
cmd_seccomp(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		seccomp_show(s);
		return 0;
	}
	if (strcasecmp(argv[1], "deny") == 0) {
		if (seccomp_deny(s, argc, argv) < 0)
			return -1;
	} else if (strcasecmp(argv[1], "clone3") == 0) {
		if (argc == 2)
			return cmd_error(s, "seccomp: clone3 needs enosys or allow (usage: seccomp clone3 "
			    "enosys|allow)");
		if (argc > 3)
			return cmd_too_many(s, "seccomp");
		if (strcasecmp(argv[2], "enosys") == 0)
			s->cfg.seccomp_clone3_enosys = true;
		else if (strcasecmp(argv[2], "allow") == 0)
			s->cfg.seccomp_clone3_enosys = false;
		else
			return cmd_error(s, "seccomp: clone3 is enosys or allow, not \"%s\"", argv[2]);
	} else if (strcasecmp(argv[1], "off") == 0) {
		if (argc > 2)
			return cmd_too_many(s, "seccomp");
		s->cfg.seccomp_deny = 0;
		s->cfg.seccomp_clone3_enosys = false;
	} else {
		return cmd_error(s, "seccomp: \"%s\" is not a setting (try deny FLAG..., clone3 "
		    "enosys|allow, or off)", argv[1]);
	}
	if (!s->json)
		seccomp_show(s);
	return 0;
}

const struct command cmd_seccomp_entry = {
	.name = "seccomp",
	.args = "[deny FLAG...|none | clone3 enosys|allow | off]",
	.summary = "show or set the lab's seccomp filter",
	.help =
	    "\"seccomp deny newuser\" has the lab install a seccomp filter just before its clone "
	    "(PR_SET_NO_NEW_PRIVS, then SECCOMP_SET_MODE_FILTER) that answers clone() with EPERM "
	    "when its flags hold one of those named; the filter sees the call's register "
	    "arguments, so it can read clone()'s flags, not clone3()'s, which lie in memory behind "
	    "a pointer. \"seccomp clone3 enosys\" makes the filter answer every clone3 with ENOSYS, "
	    "as container runtimes do (glibc then falls back to clone()); \"seccomp clone3 allow\" "
	    "lets it through; \"seccomp off\" installs no filter. The filter is the lab's alone: "
	    "clonesh and the system keep none. The observation shows the lab's Seccomp: and "
	    "Seccomp_filters: as /proc measured them (show, report --json: seccomp).",
	.man =
	    "Show or set the seccomp filter the lab installs just before its clone\n"
	    ".RB ( PR_SET_NO_NEW_PRIVS ,\n"
	    "then\n"
	    ".BR SECCOMP_SET_MODE_FILTER ).\n"
	    ".B seccomp deny\n"
	    ".I FLAG...\n"
	    "answers\n"
	    ".BR clone ()\n"
	    "with\n"
	    ".B EPERM\n"
	    "when its flags hold one of them (a filter reads the call's registers, so it sees\n"
	    ".BR clone ()'s\n"
	    "flags but not\n"
	    ".BR clone3 ()'s,\n"
	    "which lie behind a pointer);\n"
	    ".B seccomp deny none\n"
	    "refuses none.\n"
	    ".B seccomp clone3 enosys\n"
	    "answers every\n"
	    ".BR clone3 ()\n"
	    "with\n"
	    ".BR ENOSYS ,\n"
	    "as container runtimes do;\n"
	    ".B seccomp clone3 allow\n"
	    "lets it through;\n"
	    ".B seccomp off\n"
	    "installs no filter. clonesh itself keeps none.\n",
	.completer = COMPLETE_SECCOMP,
	.handler = cmd_seccomp,
	.dry = DRY_SETTINGS,
};
