/* mkman: writes clonesh(1) on standard output from doc/clonesh.1.in, with
 * the COMMANDS section made of the command table in place of the line
 * "@COMMANDS@": for each command, ".TP", a tag line made of its name and its
 * usage, then its man text.  Built and run at build time (never installed);
 * the man page and help thus list the same commands with the same usage. */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

/* Writes word in roff with its hyphens escaped, lowercase if lower. */
static void
put_word(const char *w, size_t n, bool lower)
{
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '-')
			fputs("\\-", stdout);
		else if (w[i] == '\\')
			fputs("\\e", stdout);
		else
			putchar(lower ? tolower((unsigned char)w[i]) : w[i]);
	}
}

/* The usage of help ("[--force] [-n N] [NAME [ARGS]]") in roff: a word in
 * capitals is a placeholder, in italics and lowercase unless one letter
 * (FILE.cast is file.cast); other words and options are typed as they
 * stand, in bold; brackets, bars, dots and spaces stay roman. */
static void
put_usage(const char *args)
{
	const char *p = args;

	while (*p) {
		size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
		if (n > 0 && isupper((unsigned char)*p)) {
			if (p[n] == '.' && islower((unsigned char)p[n + 1]))
				n += 1 + strspn(p + n + 1, "abcdefghijklmnopqrstuvwxyz");
			fputs("\\fI", stdout);
			put_word(p, n, n > 1);
			fputs("\\fR", stdout);
			p += n;
			continue;
		}
		n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789-+");
		if (n > 0) {
			fputs("\\fB", stdout);
			put_word(p, n, false);
			fputs("\\fR", stdout);
			p += n;
			continue;
		}
		if (*p == '"')
			fputs("\\(dq", stdout);
		else
			putchar(*p);
		p++;
	}
}

static void
put_commands(void)
{
	for (size_t i = 0; i < commands_count; i++) {
		const struct command *c = commands_table[i];
		fputs(".TP\n", stdout);
		if (*c->args) {
			printf(".BR %s \" ", c->name);
			put_usage(c->args);
			fputs("\"\n", stdout);
		} else {
			printf(".B %s\n", c->name);
		}
		fputs(c->man, stdout);
	}
}

int
main(int argc, char **argv)
{
	char line[4096];
	bool placed = false;

	if (argc != 2) {
		fprintf(stderr, "usage: mkman doc/clonesh.1.in >doc/clonesh.1\n");
		return 2;
	}
	FILE *in = fopen(argv[1], "re");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	printf(".\\\" Made by doc/mkman of doc/clonesh.1.in and the command table: edit those.\n");
	while (fgets(line, sizeof(line), in)) {
		if (strcmp(line, "@COMMANDS@\n") == 0) {
			put_commands();
			placed = true;
		} else {
			fputs(line, stdout);
		}
	}
	fclose(in);
	if (!placed) {
		fprintf(stderr, "mkman: %s: no line @COMMANDS@ to put the commands in\n", argv[1]);
		return 1;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("mkman: standard output");
		return 1;
	}
	return 0;
}
