#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <unistd.h>

#include "act.h"
#include "csource.h"
#include "funcs.h"

/* glibc's close(-1): the kernel says EBADF, and glibc stores it in errno, a
 * word of the TLS block the thread pointer points to, which is the parent's
 * unless the clone passed CLONE_SETTLS (or made a new address space). */
static long
act_libc_close(struct child_ctx *ctx)
{
	int r = close(-1);
	ctx->report->libc_called = true;
	ctx->report->libc_errno = r < 0 ? errno : 0;
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	switch (at) {
	case CODE_ACT:
		csource_puts(c, "\t/* libc-close: glibc's close(-1), the one libc call of this child, on\n"
		    "\t * purpose: the kernel says EBADF and glibc stores it in errno, in the\n"
		    "\t * TLS block the thread pointer shows, the parent's without CLONE_SETTLS. */\n"
		    "\tint r = close(-1);\n"
		    "\ts->value = r < 0 ? errno : 0;\n");
		return true;
	case CODE_BEFORE_CLONE:
		if (!c->vfork)
			return false;
		csource_puts(c, "\terrno = 0;\t/* libc-close: does the child's close(-1) change it? */\n");
		return true;
	case CODE_AFTER_CLONE:
		csource_puts(c, c->vfork ? "\tint parent_errno = errno;\t/* the child has acted (and exited) */\n" :
		    "\tint parent_errno = -1;\n");
		return true;
	case CODE_RELEASE:
		csource_puts(c, "\tint acted = started;\n"
		    "\tif (started > 0) {\n"
		    "\t\t/* libc-close: errno is 0 when the child acts, and nothing here sets\n"
		    "\t\t * it until it is read: release() succeeds, the wait is a raw futex. */\n"
		    "\t\terrno = 0;\n"
		    "\t\trelease(s, 1);\t/* act */\n"
		    "\t\tunsigned int p;\n"
		    "\t\twhile ((p = atomic_load(&s->phase)) < 2)\n"
		    "\t\t\tRAW6(SYS_futex, &s->phase, FUTEX_WAIT, p, 0, 0, 0);\n"
		    "\t\tparent_errno = errno;\n"
		    "\t}\n");
		return true;
	case CODE_EFFECTS:
		csource_puts(c, "\tprintf(\"errno: parent sees %s (it was 0; the child's close(-1) set %s)\\n\",\n"
		    "\t    parent_errno == 0 ? \"0\" : strerrorname_np(parent_errno),\n"
		    "\t    s->value == 0 ? \"0\" : strerrorname_np((int)s->value));\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_libc_close = {
	.name = "libc-close",
	.usage = "",
	.summary = "calls glibc's close(-1), which fails with EBADF and sets errno; does the parent's errno change?",
	.touches = "memory",
	.explain = "The child calls glibc's close(-1). The kernel refuses with EBADF and glibc stores it in "
	    "errno, which lives in thread-local storage, found through the thread pointer. The lab "
	    "sets its own errno to 0 before the clone and clonesh reads it after the child acted. A "
	    "CLONE_VM child without CLONE_SETTLS runs on the lab's TLS block, so the lab's errno "
	    "becomes EBADF although the lab called nothing; with CLONE_SETTLS the child has a block of "
	    "its own, and without CLONE_VM it writes its own copy.",
	.after = AFTER_RETURN,
	.act = act_libc_close,
	.finish = act_finish_zero,
	.effect = EFFECT_ERRNO,
	.code = { .write = write_code, .glibc = "close(-1)" },
};
