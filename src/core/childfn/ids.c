#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "act.h"
#include "csource.h"
#include "funcs.h"
#include "rawsys.h"

static long
act_ids(struct child_ctx *ctx)
{
	char line[160];
	size_t pos = 0;
	act_put_str(line, sizeof(line), &pos, "child ids: ");
	act_put_ids(line, sizeof(line), &pos, " ");
	act_put_str(line, sizeof(line), &pos, " uid ");
	act_put_long(line, sizeof(line), &pos, RAW0(SYS_getuid));
	act_put_str(line, sizeof(line), &pos, " gid ");
	act_put_long(line, sizeof(line), &pos, RAW0(SYS_getgid));
	act_put_str(line, sizeof(line), &pos, "\n");
	act_write(1, line, pos);
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	switch (at) {
	case CODE_ACT:
		csource_puts(c, "\t/* ids: the child's ids as it sees them. */\n"
		    "\tchar line[160];\n\tsize_t n = 0;\n"
		    "\tput_str(line, &n, \"child ids: pid \");\n\tput_long(line, &n, RAW0(SYS_getpid));\n"
		    "\tput_str(line, &n, \" tid \");\n\tput_long(line, &n, RAW0(SYS_gettid));\n"
		    "\tput_str(line, &n, \" ppid \");\n\tput_long(line, &n, RAW0(SYS_getppid));\n"
		    "\tput_str(line, &n, \" uid \");\n\tput_long(line, &n, RAW0(SYS_getuid));\n"
		    "\tput_str(line, &n, \" gid \");\n\tput_long(line, &n, RAW0(SYS_getgid));\n"
		    "\tput_str(line, &n, \"\\n\");\n"
		    "\tRAW3(SYS_write, 1, line, n);\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_ids = {
	.name = "ids",
	.usage = "",
	.summary = "writes its pid, tid, ppid, uid and gid as it sees them",
	.touches = "ids, output",
	.explain = "The child prints its ids as it sees them. In a new pid namespace it is pid 1 with "
	    "ppid 0; in a new user namespace it is uid 65534 until its parent writes a uid map.",
	.after = AFTER_RETURN,
	.act = act_ids,
	.finish = act_finish_zero,
	.drill = { .rank = 12, .hard = true, .args = { "" } },
	.code = { .needs = CODE_NEEDS_TEXT, .write = write_code },
};
