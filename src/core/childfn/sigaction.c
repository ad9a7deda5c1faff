#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"
#include "signals.h"

static const char *const disp_words[] = { "handler", "ignore", "default", NULL };

static void
child_sig_handler(int sig)
{
	(void)sig;
}

#if defined(__x86_64__)
/* x86-64 signal frames need SA_RESTORER; this is glibc's __restore_rt. */
void clonesh_restore_rt(void);
__asm__(".text\n"
	".globl clonesh_restore_rt\n"
	".type clonesh_restore_rt,@function\n"
	".align 16\n"
	"clonesh_restore_rt:\n"
	"\tmovq $15, %rax\n"	/* SYS_rt_sigreturn */
	"\tsyscall\n");

struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};
#define KSA_RESTORER 0x04000000UL
#endif

static long
act_sigaction(struct child_ctx *ctx)
{
	int sig = (int)ctx->cfg->iarg[0];
	const char *how = ctx->cfg->argv[1];
	void (*h)(int) = strcmp(how, "handler") == 0 ? child_sig_handler :
	    strcmp(how, "ignore") == 0 ? SIG_IGN : SIG_DFL;
#if defined(__x86_64__)
	struct kernel_sigaction ksa = {
		.handler = h, .flags = KSA_RESTORER | SA_RESTART,
		.restorer = clonesh_restore_rt, .mask = 0,
	};
	long r = RAW4(SYS_rt_sigaction, sig, &ksa, 0, sizeof(ksa.mask));
#else
	/* Elsewhere glibc's sigaction, which touches errno only on failure. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sa.sa_flags = SA_RESTART;
	long r = sigaction(sig, &sa, NULL) == 0 ? 0 : -EINVAL;
#endif
	return r < 0 ? act_fail(ctx, "rt_sigaction", r) : 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;
	char sig[32];
	char q[32];

	switch (at) {
	case CODE_HELPERS:
		if (strcmp(e->argv[1], "handler") != 0)
			return false;
		csource_puts(c, "/* The handler the child installs; it does nothing. */\n"
		    "static void\n"
		    "child_handler(int sig)\n"
		    "{\n"
		    "\t(void)sig;\n"
		    "}\n\n");
		return true;
	case CODE_ACT: {
		const char *how = e->argv[1];
		csource_printf(c, "\t/* sigaction: glibc's sigaction() sets errno only when it fails, and takes\n"
		    "\t * no lock, so it is safe here (on x86-64 it also supplies the\n"
		    "\t * SA_RESTORER trampoline the kernel needs). */\n"
		    "\tstruct sigaction sa;\n"
		    "\tmemset(&sa, 0, sizeof(sa));\n"
		    "\tsa.sa_handler = %s;\n"
		    "\tsa.sa_flags = SA_RESTART;\n"
		    "\tif (sigaction(%s, &sa, NULL) != 0)\n"
		    "\t\tchild_failed(s, \"sigaction\", -EINVAL);\n",
		    strcmp(how, "handler") == 0 ? "child_handler" : strcmp(how, "ignore") == 0 ?
		    "SIG_IGN" : "SIG_DFL", csource_signal((int)e->iarg[0], sig, sizeof(sig)));
		return true;
	}
	case CODE_EFFECTS:
		csource_signal((int)e->iarg[0], sig, sizeof(sig));
		csource_printf(c, "\tstruct sigaction old;\n"
		    "\tif (sigaction(%s, NULL, &old) == 0)\n"
		    "\t\tprintf(\"sigaction: parent's %s is %%s\\n\", old.sa_handler == SIG_IGN ? \"ignore\" :\n"
		    "\t\t    old.sa_handler == SIG_DFL ? \"default\" : \"handler\");\n", sig,
		    signal_name((int)e->iarg[0], q, sizeof(q)));
		if (!c->vfork)
			csource_printf(c, "\tunsigned long long bit = 1ULL << (%s - 1);\n"
			    "\tprintf(\"sigaction: child's %s is %%s\\n\", (proc_sigset(pid, \"SigIgn:\") & bit) ?\n"
			    "\t    \"ignore\" : (proc_sigset(pid, \"SigCgt:\") & bit) ? \"handler\" : \"default\");\n",
			    sig, q);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_sigaction = {
	.name = "sigaction",
	.usage = "SIG handler|ignore|default",
	.min_args = 2, .max_args = 2,
	.kinds = { ARG_SIGNAL, ARG_WORD },
	.words = { NULL, disp_words, NULL, NULL },
	.lo = { 1, 0 },
	.hi = { 64, 0 },
	.summary = "sets the disposition of SIG; does the parent's change?",
	.touches = "signals",
	.explain = "The child installs a handler for SIG, ignores it, or restores the default. With "
	    "CLONE_SIGHAND parent and child share one table of handlers and the parent's "
	    "disposition changes too; without it the child changed its own copy.",
	.after = AFTER_RETURN,
	.act = act_sigaction,
	.finish = act_finish_zero,
	.effect = EFFECT_DISPOSITION,
	.drill = { .rank = 4, .args = { "SIGUSR1|SIGUSR2|SIGTERM", "handler|ignore" } },
	.code = { .needs = CODE_NEEDS_FAILED | CODE_NEEDS_PROCSIG, .write = write_code },
};
