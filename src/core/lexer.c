#include "config.h"

#include <ctype.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "util.h"

struct lexer {
	/* words of the command being read, in one growing buffer */
	char *text;
	size_t len, cap;
	size_t starts[LEXER_MAX_WORDS + 1];
	int nwords;
	bool in_word;

	struct lex_command *cmds;
	size_t ncmds, capcmds;
	size_t cmd_offset;
	char *err;
	size_t errlen;
};

static int
lexer_fail(struct lexer *lx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
lexer_fail(struct lexer *lx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(lx->err, lx->errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int
lexer_put(struct lexer *lx, char c)
{
	if (lx->len + 1 >= lx->cap) {
		size_t cap = lx->cap ? lx->cap * 2 : 128;
		char *t = realloc(lx->text, cap);
		if (!t)
			return lexer_fail(lx, "parse: out of memory");
		lx->text = t;
		lx->cap = cap;
	}
	lx->text[lx->len++] = c;
	return 0;
}

static int
lexer_begin_word(struct lexer *lx)
{
	if (lx->in_word)
		return 0;
	if (lx->nwords == LEXER_MAX_WORDS)
		return lexer_fail(lx, "parse: a command has more than %d words", LEXER_MAX_WORDS);
	lx->starts[lx->nwords++] = lx->len;
	lx->in_word = true;
	return 0;
}

static int
lexer_end_word(struct lexer *lx)
{
	if (!lx->in_word)
		return 0;
	lx->in_word = false;
	return lexer_put(lx, '\0');
}

/* Turns the words read so far into a command. */
static int
lexer_end_command(struct lexer *lx)
{
	if (lexer_end_word(lx) < 0)
		return -1;
	if (lx->nwords == 0)
		return 0;
	if (lx->ncmds == lx->capcmds) {
		size_t cap = lx->capcmds ? lx->capcmds * 2 : 4;
		struct lex_command *c = realloc(lx->cmds, cap * sizeof(*c));
		if (!c)
			return lexer_fail(lx, "parse: out of memory");
		lx->cmds = c;
		lx->capcmds = cap;
	}
	/* One allocation: the argv array, then the words. */
	size_t ptrs = ((size_t)lx->nwords + 1) * sizeof(char *);
	char **argv = malloc(ptrs + lx->len);
	if (!argv)
		return lexer_fail(lx, "parse: out of memory");
	char *words = (char *)argv + ptrs;
	memcpy(words, lx->text, lx->len);
	for (int i = 0; i < lx->nwords; i++)
		argv[i] = words + lx->starts[i];
	argv[lx->nwords] = NULL;
	lx->cmds[lx->ncmds++] = (struct lex_command){
		.argc = lx->nwords, .argv = argv, .offset = lx->cmd_offset,
	};
	lx->nwords = 0;
	lx->len = 0;
	return 0;
}

static bool
lexer_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The line must be text: UTF-8, and no control characters but blanks. */
static int
lexer_check_text(struct lexer *lx, const char *line, size_t len)
{
	long bad = utf8_invalid_at(line, len);
	if (bad >= 0)
		return lexer_fail(lx, "parse: byte %ld is not valid UTF-8 (commands are UTF-8 text)",
		    bad + 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return lexer_fail(lx, "parse: byte %zu is a control character (0x%02x; "
			    "commands are text, write \\n or \\t inside double quotes)", i + 1, c);
	}
	return 0;
}

static int
lexer_run(struct lexer *lx, const char *line)
{
	size_t len = strlen(line);
	size_t body = len;

	if (body > 0 && line[body - 1] == '\n')
		body--;
	if (body > LEXER_LINE_MAX)
		return lexer_fail(lx, "parse: line is %zu bytes long (at most %d)", body,
		    LEXER_LINE_MAX);
	if (lexer_check_text(lx, line, len) < 0)
		return -1;

	const char *p = line;
	while (*p) {
		char c = *p;
		if (!lx->in_word && lx->nwords == 0 && !lexer_is_blank(c))
			lx->cmd_offset = (size_t)(p - line);
		if (lexer_is_blank(c)) {
			if (lexer_end_word(lx) < 0)
				return -1;
			p++;
		} else if (c == ';' || c == '\n') {
			if (lexer_end_command(lx) < 0)
				return -1;
			p++;
		} else if (c == '#' && !lx->in_word) {
			while (*p && *p != '\n')
				p++;
		} else if (c == '\\') {
			if (p[1] == '\0' || p[1] == '\n')
				return lexer_fail(lx, "parse: backslash at the end of the line "
				    "(write \\\\ for a backslash)");
			if (lexer_begin_word(lx) < 0 || lexer_put(lx, p[1]) < 0)
				return -1;
			p += 2;
		} else if (c == '\'' && lx->in_word && p > line && isalpha((unsigned char)p[-1]) &&
		    isalpha((unsigned char)p[1])) {
			/* An apostrophe between two letters ("answer the parent's") is
			 * one: a learner types a choice's words as they read. */
			if (lexer_put(lx, c) < 0)
				return -1;
			p++;
		} else if (c == '\'') {
			const char *q = strchr(p + 1, '\'');
			if (!q)
				return lexer_fail(lx, "parse: unterminated ' quote (close it with ')");
			if (lexer_begin_word(lx) < 0)
				return -1;
			for (p++; p < q; p++)
				if (lexer_put(lx, *p) < 0)
					return -1;
			p = q + 1;
		} else if (c == '"') {
			if (lexer_begin_word(lx) < 0)
				return -1;
			for (p++; *p != '"'; p++) {
				char out = *p;
				if (*p == '\0')
					return lexer_fail(lx, "parse: unterminated \" quote "
					    "(close it with \")");
				if (*p == '\\') {
					switch (p[1]) {
					case '"': out = '"'; p++; break;
					case '\\': out = '\\'; p++; break;
					case 'n': out = '\n'; p++; break;
					case 't': out = '\t'; p++; break;
					default: break;
					}
				}
				if (lexer_put(lx, out) < 0)
					return -1;
			}
			p++;
		} else {
			if (lexer_begin_word(lx) < 0 || lexer_put(lx, c) < 0)
				return -1;
			p++;
		}
	}
	return lexer_end_command(lx);
}

int
lexer_split(const char *line, struct lex_command **cmds, size_t *n, char *err, size_t errlen)
{
	struct lexer lx = { .err = err, .errlen = errlen };

	if (errlen)
		err[0] = '\0';
	int r = lexer_run(&lx, line);
	free(lx.text);
	if (r < 0) {
		lexer_free(lx.cmds, lx.ncmds);
		*cmds = NULL;
		*n = 0;
		return -1;
	}
	*cmds = lx.cmds;
	*n = lx.ncmds;
	return 0;
}

void
lexer_free(struct lex_command *cmds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cmds[i].argv);
	free(cmds);
}
