/* The command-line parser: a line split into commands and words, and each
 * command's name looked up in the table, as session_run_line does. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "fuzz.h"
#include "lexer.h"

int
fuzz_lexer_one(const uint8_t *data, size_t size)
{
	char *line = fuzz_string(data, size);
	struct lex_command *cmds;
	size_t n;
	char err[512];

	if (lexer_split(line, &cmds, &n, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < n; i++) {
			if (cmds[i].argc < 1 || cmds[i].argc > LEXER_MAX_WORDS ||
			    cmds[i].argv[cmds[i].argc] != NULL || cmds[i].offset >= strlen(line))
				abort();
			for (int j = 0; j < cmds[i].argc; j++)
				(void)strlen(cmds[i].argv[j]);
			commands_find(cmds[i].argv[0], err, sizeof(err));
			/* a short error buffer must truncate, never overflow */
			char small[8];
			commands_find(cmds[i].argv[0], small, sizeof(small));
		}
		lexer_free(cmds, n);
	} else if (!err[0]) {
		abort();	/* a failure always says why */
	}
	free(line);
	return 0;
}

FUZZ_ENTRY(fuzz_lexer_one)
