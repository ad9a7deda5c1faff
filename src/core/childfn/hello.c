#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "act.h"
#include "csource.h"
#include "funcs.h"

static long
act_hello(struct child_ctx *ctx)
{
	char line[128];
	size_t pos = 0;
	act_put_str(line, sizeof(line), &pos, "hello from the child: ");
	act_put_ids(line, sizeof(line), &pos, ", ");
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
		csource_puts(c, "\t/* hello: one line with write(2), safe in any child. */\n"
		    "\tchar line[160];\n\tsize_t n = 0;\n"
		    "\tput_str(line, &n, \"hello from the child: pid \");\n"
		    "\tput_long(line, &n, s->pid);\n"
		    "\tput_str(line, &n, \", tid \");\n\tput_long(line, &n, s->tid);\n"
		    "\tput_str(line, &n, \", ppid \");\n\tput_long(line, &n, s->ppid);\n"
		    "\tput_str(line, &n, \"\\n\");\n"
		    "\tRAW3(SYS_write, 1, line, n);\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_hello = {
	.name = "hello",
	.usage = "",
	.summary = "writes its pid, tid and ppid with write(2)",
	.touches = "ids, output",
	.explain = "The child prints one line with write(2): its pid, tid and parent's pid as it sees "
	    "them. write(2) is a plain system call, so it is safe in any child, even one that "
	    "shares the parent's memory and TLS.",
	.after = AFTER_RETURN,
	.act = act_hello,
	.finish = act_finish_zero,
	.drill = { .rank = 5, .args = { "" } },
	.code = { .needs = CODE_NEEDS_TEXT, .write = write_code },
};
