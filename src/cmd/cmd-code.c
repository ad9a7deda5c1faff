#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "codegen.h"
#include "lab.h"
#include "output.h"
#include "session.h"

/* code [--unshare] [FILE]: the experiment as a C program or an unshare(1) line. */
static int
cmd_code(struct session *s, int argc, char **argv)
{
	bool unshare = false;
	const char *file = NULL;
	char err[512];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--unshare") == 0)
			unshare = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cmd_error(s, "code: unknown option \"%s\" (usage: code [--unshare] [FILE])",
			    argv[i]);
		else if (file)
			return cmd_too_many(s, "code");
		else
			file = argv[i];
	}
	/* Validator-invalid settings are fine (the program shows the kernel's
	 * refusal), but not what clonesh itself refuses to run. */
	if (!unshare && lab_refusal(&s->cfg, err, sizeof(err)) < 0)
		return cmd_error(s, "code: %s", err);
	if (s->dry)
		return cmd_dry_file(s, "code", file);

	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return cmd_error(s, "code: %s", strerror(errno));
	int r = unshare ? codegen_unshare(&s->cfg, mem, err, sizeof(err)) :
	    codegen_c(&s->cfg, mem, err, sizeof(err));
	if (fclose(mem) != 0 && r == 0) {
		r = -1;
		snprintf(err, sizeof(err), "code: %s", strerror(errno));
	}
	if (r < 0) {
		free(text);
		return cmd_error(s, "%s", err);
	}
	if (!file) {
		out_write(s->out, text, len);
		free(text);
		return 0;
	}
	char path[4096];
	FILE *f = cmd_create(s, "code", file, path, sizeof(path));
	if (!f) {
		free(text);
		return -1;
	}
	file = path;
	fwrite(text, 1, len, f);	/* a short write leaves ferror set */
	free(text);
	if (cmd_finish(s, "code", f, file) < 0)
		return -1;
	if (!s->json)
		out_printf(s->out, "code: %s written to %s%s\n", unshare ? "the unshare(1) line" :
		    "the program", file, unshare ? "" : " (build: cc -Wall -Wextra -o prog FILE)");
	return 0;
}

const struct command cmd_code_entry = {
	.name = "code",
	.args = "[--unshare] [FILE]",
	.summary = "print the experiment as a C program",
	.help =
	    "Prints (or writes to FILE) a standalone C program that makes the same experiment: "
	    "the same variant, flags, exit signal, stack (mmap'd with a guard page), child function "
	    "and waiting, printing what it observes. It compiles with gcc -Wall -Wextra -Werror. "
	    "\"code --unshare\" prints the unshare(1) command line that makes the same namespaces, "
	    "when only namespace flags are set.",
	.man =
	    "Print (or write to\n"
	    ".IR file )\n"
	    "a standalone C program that makes the same experiment: the same variant\n"
	    "(glibc's\n"
	    ".BR clone ()\n"
	    "or the raw\n"
	    ".BR clone3 ()\n"
	    "through a small assembly trampoline), flags, exit signal, stack size\n"
	    "(mmap'd, with the guard page unless it is off), child function and waiting\n"
	    ".RB ( waitpid \"() with \" __WALL ;\n"
	    "a futex on the CLONE_CHILD_CLEARTID word or /proc/self/task for a thread;\n"
	    "the grandparent for CLONE_PARENT).\n"
	    "The child uses raw system calls (but for the glibc call that printf-locked\n"
	    "and libc-close make on purpose); parent and child take turns through\n"
	    "futex words in a MAP_SHARED page.\n"
	    "The program prints what it observes, one\n"
	    ".RI \\(lq what \": \" value \\(rq\n"
	    "a line\n"
	    ".RB ( \"vm: shared\" \", \" \"global: parent sees 42\" \", \" \"exit: status 0\" \", \"\n"
	    ".BR \"clone: refused EINVAL\" ).\n"
	    "It compiles with\n"
	    ".B gcc \\-Wall \\-Wextra \\-Werror\n"
	    "and runs on x86-64 and aarch64.\n"
	    "Settings the validator refuses are written anyway (the program shows the\n"
	    "kernel's refusal); clonesh's own refusals apply.\n"
	    "For the seed preset it is the article's program with its fragility fixed,\n"
	    "each fix commented.\n"
	    ".B code \\-\\-unshare\n"
	    "prints the\n"
	    ".BR unshare (1)\n"
	    "command line that makes the same namespaces, and what differs, when only\n"
	    "namespace flags are set; otherwise it names the flags it cannot express.\n",
	.completer = COMPLETE_CODE,
	.handler = cmd_code,
};
