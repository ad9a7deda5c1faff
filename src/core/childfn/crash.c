#include "config.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"
#include "util.h"

static const char *const crash_words[] = { "SEGV", "ABRT", "BUS", "FPE", NULL };

static NO_SANITIZE int
finish_crash(struct child_ctx *ctx)
{
	const char *how = ctx->cfg->argv[0];
	long tgid = RAW0(SYS_getpid), tid = RAW0(SYS_gettid);

	if (strcmp(how, "SEGV") == 0) {
		volatile int *volatile null_page = NULL;
		*null_page = 1;
	} else if (strcmp(how, "FPE") == 0) {
		volatile int zero = 0;
		volatile int x = 1 / zero;
		(void)x;
	}
	int sig = strcmp(how, "ABRT") == 0 ? SIGABRT : strcmp(how, "BUS") == 0 ? SIGBUS :
	    strcmp(how, "FPE") == 0 ? SIGFPE : SIGSEGV;
	RAW3(SYS_tgkill, tgid, tid, sig);
	return 128 + sig;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_FINISH: {
		const char *how = e->argv[0];
		if (strcmp(how, "SEGV") == 0)
			csource_puts(c, "\t/* crash SEGV: a write through a null pointer. */\n"
			    "\tvolatile int *volatile null_page = NULL;\n"
			    "\t*null_page = 1;\n"
			    "\treturn 128 + SIGSEGV;\n");
		else if (strcmp(how, "FPE") == 0)
			csource_puts(c, "\t/* crash FPE: an integer division by zero. */\n"
			    "\tvolatile int one = 1, zero = 0;\t/* volatile: gcc turns 1 / x into a test */\n"
			    "\tvolatile int x = one / zero;\n"
			    "\t(void)x;\n"
			    "\treturn 128 + SIGFPE;\n");
		else
			csource_printf(c, "\t/* crash %s: the signal sent to this very task. */\n"
			    "\tRAW3(SYS_tgkill, RAW0(SYS_getpid), RAW0(SYS_gettid), SIG%s);\n"
			    "\treturn 128 + SIG%s;\n", how, how, how);
		if (c->thread)
			csource_puts(c, "\t/* In a thread group the fatal signal ends every thread, the parent too. */\n");
		return true;
	}
	default:
		return false;
	}
}

const struct child_func childfn_crash = {
	.name = "crash",
	.usage = "[SEGV|ABRT|BUS|FPE]",
	.min_args = 0, .max_args = 1,
	.kinds = { ARG_WORD },
	.words = { crash_words, NULL, NULL, NULL },
	.defaults = { "SEGV" },
	.summary = "dies of a fatal signal after the observation (default SEGV)",
	.touches = "exit",
	.explain = "After clonesh has observed it, the child dies of a fatal signal: SEGV writes to a "
	    "null pointer, FPE divides by zero, ABRT and BUS are sent with tgkill(). The parent "
	    "sees 'killed by signal'. If the child is a thread (CLONE_THREAD), the whole thread "
	    "group dies with it, parent included.",
	.after = AFTER_CRASH,
	.act = act_nothing,
	.finish = finish_crash,
	.code = { .write = write_code },
};
