#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <string.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"
#include "util.h"

struct exec_allowed {
	const char *name;
	const char *paths[3];
};

static const struct exec_allowed exec_allowlist[] = {
	{ "true", { "/usr/bin/true", "/bin/true", NULL } },
	{ "false", { "/usr/bin/false", "/bin/false", NULL } },
	{ "echo", { "/usr/bin/echo", "/bin/echo", NULL } },
	/* Nobody, root included, can create a file in /proc: execve fails with ENOENT. */
	{ "missing", { "/proc/self/clonesh-missing-program", NULL, NULL } },
};

static const char *const exec_words[] = { "true", "false", "echo", "missing", NULL };

static int
finish_exec(struct child_ctx *ctx)
{
	const struct experiment *e = ctx->cfg;
	const char *argv[FN_MAX_ARGS + 1];
	const char *envp[] = { "PATH=/usr/bin:/bin", NULL };
	int argc = 0;

	for (int i = 0; i < e->argc && i < FN_MAX_ARGS; i++)
		argv[argc++] = e->argv[i];
	argv[argc] = NULL;
	long r = -ENOENT;
	for (size_t i = 0; i < ARRAY_SIZE(exec_allowlist); i++) {
		if (strcmp(exec_allowlist[i].name, e->argv[0]) != 0)
			continue;
		for (int p = 0; exec_allowlist[i].paths[p]; p++) {
			r = RAW3(SYS_execve, exec_allowlist[i].paths[p], argv, envp);
			if (r != -ENOENT)
				break;
		}
	}
	ctx->report->exec_errno = -r;
	return 127;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;
	char q[FN_ARG_LEN * 4 + 8];

	switch (at) {
	case CODE_FINISH:
		csource_puts(c, "\t/* exec: a new program replaces the child's");
		csource_puts(c, (e->flags & CLONE_VM) ? " (and leaves the shared address space)" : "");
		csource_puts(c, ". */\n\tconst char *argv[] = { ");
		for (int i = 0; i < e->argc; i++)
			csource_printf(c, "%s, ", csource_quote(e->argv[i], q, sizeof(q)));
		csource_puts(c, "NULL };\n"
		    "\tconst char *envp[] = { \"PATH=/usr/bin:/bin\", NULL };\n");
		if (strcmp(e->argv[0], "missing") == 0)
			csource_puts(c, "\t/* \"missing\" names a program nobody can create: execve fails. */\n"
			    "\tlong r = RAW3(SYS_execve, \"/proc/self/clonesh-missing-program\", argv, envp);\n"
			    "\tchild_failed(s, \"execve\", r);\n"
			    "\treturn 127;\n");
		else
			csource_printf(c, "\tlong r = RAW3(SYS_execve, \"/usr/bin/%s\", argv, envp);\n"
			    "\tif (r == -ENOENT)\n"
			    "\t\tr = RAW3(SYS_execve, \"/bin/%s\", argv, envp);\n"
			    "\tchild_failed(s, \"execve\", r);\n"
			    "\treturn 127;\n", e->argv[0], e->argv[0]);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_exec = {
	.name = "exec",
	.usage = "PROGRAM [ARGS]",
	.min_args = 1, .max_args = FN_MAX_ARGS,
	.kinds = { ARG_WORD, ARG_STRING, ARG_STRING, ARG_STRING },
	.words = { exec_words, NULL, NULL, NULL },
	.summary = "calls execve() on true, false, echo or missing after the observation",
	.touches = "exit, memory",
	.explain = "After clonesh has observed it, the child replaces its program with execve(). Only "
	    "true, false and echo are allowed, and missing: /proc/self/clonesh-missing-program, "
	    "a path that cannot exist because nobody can create files in /proc, so execve fails "
	    "with ENOENT and the child exits 127, as a shell does for a command not found. With "
	    "CLONE_VFORK the exec is the moment the parent wakes up; with CLONE_VM the child "
	    "leaves the shared address space for a new one.",
	.after = AFTER_EXEC,
	.act = act_nothing,
	.finish = finish_exec,
	.code = { .needs = CODE_NEEDS_FAILED, .write = write_code },
};
