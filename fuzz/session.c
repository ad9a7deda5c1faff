/* Whole command lines through session_run_line, on a session whose output
 * is a buffer.  Only commands that edit or print the settings run: a line
 * naming anything that could start a lab, write a file or start a lesson is
 * skipped, so the fuzzer never forks or touches the file system. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "fuzz.h"
#include "lexer.h"
#include "output.h"
#include "session.h"

static const char *const allowed[] = {
	"flags", "preset", "signal", "variant", "stack", "fn", "functions", "show", "report",
	"explain", "timeout", "step", "reset", "pane", "why", "predict", "history", "compare",
	"undo", "redo", "projector", "focus", "help", "quit",
};

static bool
line_is_safe(const char *line)
{
	struct lex_command *cmds;
	size_t n;
	char err[512];
	bool safe = true;

	if (lexer_split(line, &cmds, &n, err, sizeof(err)) < 0)
		return true;	/* session_run_line stops at the parse error */
	for (size_t i = 0; i < n && safe; i++) {
		const struct command *c = commands_find(cmds[i].argv[0], err, sizeof(err));
		if (!c)
			break;	/* session_run_line stops here */
		safe = false;
		for (size_t j = 0; j < sizeof(allowed) / sizeof(allowed[0]); j++)
			if (strcmp(c->name, allowed[j]) == 0)
				safe = true;
	}
	lexer_free(cmds, n);
	return safe;
}

int
fuzz_session_one(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);

	struct output_buffer ob = { 0 };
	struct output out;
	struct session s;

	output_init_buffer(&out, &ob);
	session_init(&s, &out);
	/* Each line of the input is one line at the prompt, checked on its own. */
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && !s.quit;
	    l = strtok_r(NULL, "\n", &save))
		if (line_is_safe(l))
			session_run_line(&s, l);
	session_done(&s);
	output_buffer_free(&ob);
	free(text);
	return 0;
}

FUZZ_ENTRY(fuzz_session_one)
