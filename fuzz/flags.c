/* The flag parsers.  Input: 8 bytes of flags, 1 byte of exit signal, 1 byte
 * of buffer length, then text.  flags_format gets the arbitrary 64-bit flags;
 * flags_find and flags_suggest the text; the flags command its words. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "flags.h"
#include "fuzz.h"
#include "lexer.h"
#include "output.h"
#include "session.h"

/* The flags command accepted words: each of their flag names must be a flag
 * (or none), read whole, never cut short. */
static void
check_accepted(int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		char *word = strdup(argv[i]);
		if (!word)
			abort();
		char *w = word + (i == 0 && word[0] == '=');
		for (char *save = NULL, *t = strtok_r(w, " |,", &save); t;
		    t = strtok_r(NULL, " |,", &save)) {
			if (*t == '+' || *t == '-')
				t++;
			if (strcasecmp(t, "none") != 0 && !flags_find(t))
				abort();
		}
		free(word);
	}
}

int
fuzz_flags_one(const uint8_t *data, size_t size)
{
	uint64_t flags = 0;
	char buf[1024];

	if (size < 10)
		return 0;
	memcpy(&flags, data, sizeof(flags));
	int sig = (int)(int8_t)data[8];
	size_t len = data[9] % 96 + 1;
	char *small = malloc(len);	/* exactly len bytes, so ASan sees an overflow */
	char *text = fuzz_string(data + 10, size - 10);

	if (!small)
		abort();
	flags_format(flags, sig, buf, sizeof(buf));
	flags_format(flags, sig, small, len);
	if (strlen(small) >= len)
		abort();
	const struct clone_flag *f = flags_find(text);
	if (f && flags_find(f->name) != f)
		abort();
	flags_suggest(text, buf, sizeof(buf));
	flags_suggest(text, small, len);

	/* The flags command on the words of the text, as typed after "flags". */
	struct lex_command *cmds;
	size_t n;
	if (lexer_split(text, &cmds, &n, buf, sizeof(buf)) == 0 && n > 0) {
		struct output_buffer ob = { 0 };
		struct output out;
		struct session s;
		output_init_buffer(&out, &ob);
		session_init(&s, &out);
		s.cfg.flags = flags;
		const struct command *c = commands_find("flags", buf, sizeof(buf));
		char *argv[LEXER_MAX_WORDS + 2];
		argv[0] = (char *)"flags";
		for (int i = 0; i < cmds[0].argc; i++)
			argv[i + 1] = cmds[0].argv[i];
		argv[cmds[0].argc + 1] = NULL;
		if (c->handler(&s, cmds[0].argc + 1, argv) == 0)
			check_accepted(cmds[0].argc, cmds[0].argv);
		session_done(&s);
		output_buffer_free(&ob);
		lexer_free(cmds, n);
	}
	free(text);
	free(small);
	return 0;
}

FUZZ_ENTRY(fuzz_flags_one)
