#include "config.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "act.h"
#include "csource.h"
#include "funcs.h"

/* The seed's printf, while the lab holds stdout's lock (flockfile): glibc's
 * stdio lock is recursive and knows its owner by the thread pointer, so a
 * child on the lab's TLS passes it, one with a TLS block of its own waits. */
static long
act_printf_locked(struct child_ctx *ctx)
{
	atomic_store(&ctx->report->printf_state, 1);
	printf("Child pid : %d\n", getpid());
	atomic_store(&ctx->report->printf_state, 2);
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	switch (at) {
	case CODE_INCLUDES:
		if (!c->settls)
			return false;
		csource_puts(c, "#include <link.h>\n\n"
		    "/* The lowest static TLS block of the loaded modules (dl_iterate_phdr). */\n"
		    "static int\n"
		    "tls_lowest(struct dl_phdr_info *info, size_t size, void *data)\n"
		    "{\n"
		    "\t(void)size;\n"
		    "\tunsigned long *lowest = data;\n"
		    "\tif (info->dlpi_tls_data && (unsigned long)info->dlpi_tls_data < *lowest)\n"
		    "\t\t*lowest = (unsigned long)info->dlpi_tls_data;\n"
		    "\treturn 0;\n"
		    "}\n\n");
		return true;
	case CODE_ACT:
		csource_puts(c, "\t/* printf-locked: the article's printf, on purpose, while the parent holds\n"
		    "\t * stdout's lock.  The lock knows its owner by the thread pointer. */\n"
		    "\t__atomic_store_n(&s->value, 1, __ATOMIC_SEQ_CST);\n"
		    "\tprintf(\"Child pid : %d\\n\", getpid());\n"
		    "\t__atomic_store_n(&s->value, 2, __ATOMIC_SEQ_CST);\n");
		return true;
	case CODE_TLS:
		csource_puts(c, "\t/* printf-locked: the child's printf needs glibc's TLS (errno, the locale):\n"
		    "\t * below the control block, a copy of our static TLS, as the lab makes. */\n"
		    "\tunsigned long lowest = ~0UL, tp = thread_pointer();\n"
		    "\tdl_iterate_phdr(tls_lowest, &lowest);\n"
		    "\tif (lowest < tp && tp - lowest <= 4096)\n"
		    "\t\tmemcpy(tcb - (tp - lowest), (void *)lowest, tp - lowest);\n");
		return true;
	case CODE_BEFORE_CLONE:
		csource_puts(c, "\tflockfile(stdout);\t/* printf-locked: we hold stdout's lock; our own printf may\n"
		    "\t\t\t\t * take it again (it is recursive) */\n");
		return true;
	case CODE_RELEASE:
		csource_puts(c, "\tint acted = started;\n"
		    "\tif (started > 0) {\n"
		    "\t\trelease(s, 1);\t/* act */\n"
		    "\t\t/* The child's printf gets 300 ms while we hold the lock. */\n"
		    "\t\tstruct timespec ms = { 0, 1000000 };\n"
		    "\t\tfor (int i = 0; i < TIMEOUT_MS && __atomic_load_n(&s->value, __ATOMIC_SEQ_CST) == 0; i++)\n"
		    "\t\t\tnanosleep(&ms, NULL);\n"
		    "\t\tfor (int i = 0; i < 300 && __atomic_load_n(&s->value, __ATOMIC_SEQ_CST) < 2; i++)\n"
		    "\t\t\tnanosleep(&ms, NULL);\n"
		    "\t\tint done = __atomic_load_n(&s->value, __ATOMIC_SEQ_CST) == 2;\n"
		    "\t\tfunlockfile(stdout);\n"
		    "\t\tprintf(\"stdio: the child's printf %s while the parent held stdout's lock\\n\",\n"
		    "\t\t    done ? \"returned\" : \"waited\");\n"
		    "\t\tacted = wait_phase(s, 2, pid);\n"
		    "\t}\n");
		return true;
	case CODE_EFFECTS:
		if (!c->vfork)
			return false;
		csource_puts(c, "\t/* CLONE_VFORK: we slept in clone() holding the lock while the child printed. */\n"
		    "\tfunlockfile(stdout);\n"
		    "\tprintf(\"stdio: the child's printf %s while the parent held stdout's lock\\n\",\n"
		    "\t    __atomic_load_n(&s->value, __ATOMIC_SEQ_CST) == 2 ? \"returned\" : \"waited\");\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_printf_locked = {
	.name = "printf-locked",
	.usage = "",
	.summary = "the seed's printf while the parent holds flockfile(stdout); does it wait for the lock?",
	.touches = "output, stdio",
	.explain = "The lab takes stdout's lock with flockfile() before the clone. The child calls "
	    "printf(\"Child pid : %d\\n\", getpid()), which takes the same lock; the lab gives the "
	    "child 300 ms to finish, notes whether it did, and only then calls funlockfile(). glibc's "
	    "stdio lock is recursive and recognises its owner by the thread pointer: a CLONE_VM child "
	    "without CLONE_SETTLS has the lab's, and goes straight through; a child with a TLS block "
	    "of its own (CLONE_SETTLS, as a thread) waits until the lab lets go.",
	.uses_stdio = true,
	.after = AFTER_RETURN,
	.act = act_printf_locked,
	.finish = act_finish_zero,
	.lab = FN_LAB_STDOUT_LOCK,
	.code = { .write = write_code, .glibc = "printf()" },
};
