#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "codegen.h"
#include "lab.h"
#include "output.h"
#include "session.h"

/* code [--unshare] [FILE]: the experiment as a C program or an unshare(1) line. */
int
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
