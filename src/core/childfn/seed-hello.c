#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "act.h"
#include "csource.h"
#include "funcs.h"

/* Exactly the seed article's child: printf in a child that may share the
 * parent's stdout buffer, TLS and locks.  Never call this from clonesh. */
static long
act_seed_hello(struct child_ctx *ctx)
{
	printf("Child pid : %d\n", getpid());
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	switch (at) {
	case CODE_ACT:
		csource_puts(c, "\t/* FIX 4: the article's child called printf(\"Child pid : %d\\n\", getpid()).\n"
		    "\t * With CLONE_VM the child prints into the parent's stdout buffer (a global),\n"
		    "\t * and without CLONE_SETTLS it runs on the parent's TLS, unknown to glibc:\n"
		    "\t * nothing orders its printf against the parent's, so lines come in either\n"
		    "\t * order or are lost or mangled, and malloc in both at once corrupts the\n"
		    "\t * heap.  The same line, made by hand\n"
		    "\t * and written with write(2): */\n"
		    "\tchar line[160];\n\tsize_t n = 0;\n"
		    "\tput_str(line, &n, \"Child pid : \");\n"
		    "\tput_long(line, &n, RAW0(SYS_getpid));\n"
		    "\tput_str(line, &n, \"\\n\");\n"
		    "\tRAW3(SYS_write, 1, line, n);\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_seed_hello = {
	.name = "seed-hello",
	.usage = "",
	.summary = "printf(\"Child pid : %d\\n\", getpid()), as the seed article's child does",
	.touches = "output, stdio",
	.explain = "The seed article's child: printf() from a child that, with CLONE_VM, prints into "
	    "the parent's stdout buffer (a global) and, without CLONE_SETTLS, runs on the "
	    "parent's TLS (explain tls). Nothing orders its "
	    "printf against one in the parent: in the seed program the parent prints right "
	    "after clone() returns, the lines come in either order, and now and then one is "
	    "lost or mangled, or malloc's heap is corrupted. That is why clonesh's "
	    "functions use raw system calls, but for the three that call glibc to show "
	    "what goes wrong: seed-hello, printf-locked and libc-close.",
	.uses_stdio = true,
	.after = AFTER_RETURN,
	.act = act_seed_hello,
	.finish = act_finish_zero,
	.code = { .needs = CODE_NEEDS_TEXT | CODE_SEED, .write = write_code },
};
