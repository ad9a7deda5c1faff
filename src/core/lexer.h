/* The command language's words: a line splits into commands at ';' and
 * newlines, and each command into words.
 *
 * Outside quotes, blanks separate words, a backslash takes the next
 * character literally, and '#' at the start of a word comments out the rest
 * of the line.  'single quotes' are literal (an apostrophe between two
 * letters, as in parent's, is just that); "double quotes" know \" \\ \n
 * and \t (any other backslash stays).  A line is UTF-8 text without control
 * characters other than tab, newline and carriage return. */
#ifndef CLONESH_LEXER_H
#define CLONESH_LEXER_H

#include <stddef.h>

#define LEXER_LINE_MAX 4096	/* bytes in one line */
#define LEXER_MAX_WORDS 64	/* words in one command */

struct lex_command {
	int argc;
	char **argv;		/* argc words, then NULL */
	size_t offset;		/* byte offset of the command in the line */
};

/* Splits line into *cmds (*n of them, empty commands dropped).  0, or -1
 * with a one-line message ("parse: ...") in err and nothing allocated. */
int lexer_split(const char *line, struct lex_command **cmds, size_t *n, char *err, size_t errlen);
void lexer_free(struct lex_command *cmds, size_t n);

#endif
