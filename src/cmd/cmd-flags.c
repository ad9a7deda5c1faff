#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "flags.h"
#include "output.h"
#include "session.h"
#include "util.h"

static void
flags_show(struct session *s)
{
	const struct experiment *e = &s->cfg;
	char buf[512];

	out_printf(s->out, "flags: %s\n", flags_format(e->flags, e->exit_signal, buf, sizeof(buf)));
	if (e->flags == 0)
		out_printf(s->out, "  (no flags: the child gets a copy of everything, as with fork)\n");
	for (size_t i = 0; i < flags_count; i++)
		if (e->flags & flags_table[i].value)
			out_printf(s->out, "  %-22s %s\n", flags_table[i].name, flags_table[i].meaning);
	out_printf(s->out, "  %-22s %s\n", "exit signal", signal_name(e->exit_signal, buf,
	    sizeof(buf)));
	out_printf(s->out, "  %-22s %s\n", "variant", e->variant == VARIANT_CLONE3 ?
	    "clone3 (raw clone3 with struct clone_args)" : "clone (glibc's clone() wrapper)");
}

/* Looks one flag word up; reports and returns NULL when it is unknown. */
static const struct clone_flag *
flags_word(struct session *s, const char *word)
{
	const struct clone_flag *f = flags_find(word);
	char near[128];

	if (f)
		return f;
	if (strncasecmp(word, "SIG", 3) == 0 && signal_parse(word) > 0) {
		cmd_error(s, "flags: %s is an exit signal, not a flag (set it with \"signal %s\")",
		    word, word);
		return NULL;
	}
	flags_suggest(word, near, sizeof(near));
	if (*near)
		cmd_error(s, "flags: unknown flag \"%s\" (did you mean %s? \"explain flags\" lists "
		    "them)", word, near);
	else
		cmd_error(s, "flags: unknown flag \"%s\" (\"explain flags\" lists them)", word);
	return NULL;
}

enum { FLAGS_MAX_TOKENS = 128 };

/* The words of "flags" into tokens (in text's storage); words may also be
 * joined with '|' or ',' as strace prints them.  A first word beginning
 * with '=' sets *replace.  The count, or -1 after reporting an error. */
static int
flags_split(struct session *s, int argc, char **argv, char *text, size_t size,
    char *tokens[FLAGS_MAX_TOKENS], bool *replace)
{
	int ntok = 0;

	text[0] = '\0';
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		if (i == 1 && w[0] == '=') {
			*replace = true;
			w++;
		}
		/* str_append would cut the last word short: "fsx" would read as "fs" */
		if (strlen(text) + strlen(w) + 1 >= size)
			return cmd_error(s, "flags: the flag words are too long (at most %zu bytes "
			    "in all)", size - 1);
		str_append(text, size, "%s ", w);
	}
	for (char *save = NULL, *t = strtok_r(text, " |,", &save); t;
	    t = strtok_r(NULL, " |,", &save)) {
		if (ntok == FLAGS_MAX_TOKENS)
			return cmd_error(s, "flags: too many flags at once (at most %d)", FLAGS_MAX_TOKENS);
		tokens[ntok++] = t;
	}
	return ntok;
}

/* The new set, with the clone3-only flags named under "variant clone". */
static void
flags_echo(struct session *s, uint64_t set)
{
	char buf[512];

	out_printf(s->out, "flags: %s\n", flags_format(set, s->cfg.exit_signal, buf, sizeof(buf)));
	if (s->cfg.variant == VARIANT_CLONE)
		for (size_t i = 0; i < flags_count; i++)
			if ((set & flags_table[i].value) && (flags_table[i].attrs & FLAG_CLONE3_ONLY))
				out_printf(s->out, "note: %s needs clone3 (\"variant clone3\")\n",
				    flags_table[i].name);
}

static int
cmd_flags(struct session *s, int argc, char **argv)
{
	char text[1024];
	char *tokens[FLAGS_MAX_TOKENS];
	bool replace = false;

	if (argc == 1) {
		flags_show(s);
		return 0;
	}
	int ntok = flags_split(s, argc, argv, text, sizeof(text), tokens, &replace);
	if (ntok < 0)
		return -1;

	int nsigned = 0, nbare = 0;
	for (int i = 0; i < ntok; i++) {
		if (tokens[i][0] == '+' || tokens[i][0] == '-')
			nsigned++;
		else
			nbare++;
	}
	if (!replace && nbare > 0 && nsigned > 0)
		return cmd_error(s, "flags: a mix of bare and +/- words (\"flags +vm -files\" edits, "
		    "\"flags = vm files\" replaces)");
	if (nbare > 0)
		replace = true;

	uint64_t set = replace ? 0 : s->cfg.flags;
	for (int i = 0; i < ntok; i++) {
		const char *w = tokens[i];
		char sign = '+';
		if (*w == '+' || *w == '-')
			sign = *w++;
		if (strcasecmp(w, "none") == 0 && (replace || sign == '-')) {
			if (sign == '-')
				set = 0;
			continue;
		}
		if (replace && sign == '-')
			return cmd_error(s, "flags: \"-%s\" in a replacement (\"flags = vm files\" "
			    "names the whole set)", w);
		if (!*w)
			return cmd_error(s, "flags: \"%c\" needs a flag name after it (try %cvm)",
			    sign, sign);
		const struct clone_flag *f = flags_word(s, w);
		if (!f)
			return -1;
		if (sign == '+')
			set |= f->value;
		else
			set &= ~f->value;
	}
	s->cfg.flags = set;
	if (!s->json)
		flags_echo(s, set);
	return 0;
}

const struct command cmd_flags_entry = {
	.name = "flags",
	.args = "[[+|-]FLAG... | none]",
	.summary = "show or change the clone flags",
	.help =
	    "Without arguments, shows the flags of the next experiment with their meaning, the exit "
	    "signal and the variant. \"flags +vm +files -sighand\" adds and removes flags; \"flags "
	    "= vm files\" (or just \"flags vm files\") replaces the whole set; \"flags none\" clears "
	    "it. A flag is named by its kernel name or its short name, in any case: CLONE_VM, "
	    "clone_vm, vm. Words may also be joined with | as strace prints them. An edit with one "
	    "unknown flag changes nothing. \"explain flags\" lists every flag.",
	.man =
	    "Without arguments, show the flags of the next experiment with their\n"
	    "meaning, the exit signal and the variant.\n"
	    ".BI + flag\n"
	    "adds a flag,\n"
	    ".BI \\- flag\n"
	    "removes one,\n"
	    ".B flags = vm files\n"
	    "(or\n"
	    ".BR \"flags vm files\" )\n"
	    "replaces the whole set, and\n"
	    ".B flags none\n"
	    "clears it.\n"
	    "A flag is named by its kernel name or its short name, in any case\n"
	    ".RB ( CLONE_VM ,\n"
	    ".BR clone_vm ,\n"
	    ".BR vm );\n"
	    "words may also be joined with\n"
	    ".B |\n"
	    "as\n"
	    ".BR strace (1)\n"
	    "prints them.\n"
	    "An edit with one unknown flag changes nothing.\n",
	.completer = COMPLETE_FLAGS,
	.handler = cmd_flags,
	.dry = DRY_SETTINGS,
};
