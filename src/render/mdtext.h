/* Markdown (CommonMark, parsed by cmark) rendered as lines of styled text
 * wrapped to a width: plain data, drawn by the pane with its colour roles and
 * printed as is by plain mode.  Neither curses nor readline here. */
#ifndef CLONESH_MDTEXT_H
#define CLONESH_MDTEXT_H

#include <stdbool.h>

/* Style bits of a span; a pane maps them to attributes and colour roles. */
enum md_style {
	MD_BOLD = 1,		/* **strong**, and headings */
	MD_EMPH = 2,		/* *emphasis* */
	MD_CODE = 4,		/* `inline code` and code block lines */
	MD_HEADING = 8,
	MD_QUOTE = 16,		/* a block quote: its text and its "│ " bar */
};

/* A run of styled bytes of md_line.text; text outside every span has no style. */
struct md_span {
	int start, len;		/* byte offsets into md_line.text */
	unsigned style;		/* enum md_style bits, never 0 */
};

struct md_line {
	char *text;		/* UTF-8, no control characters, terminated */
	struct md_span *spans;	/* in order, not overlapping */
	int nspans;
	bool code;		/* a line of a code block (MD_CODE spans its code) */
	/* A code line's info string: the first word after its fence ("clonesh"
	 * for a lesson's command block), "" when it has none; NULL for others. */
	char *info;
};

struct md_text {
	struct md_line *lines;
	int nlines;
};

/* Renders MARKDOWN as lines no wider than WIDTH display columns (wcwidth, so
 * the caller sets a UTF-8 LC_CTYPE; widths below 2 count as 2).  Paragraphs
 * wrap at spaces, inside a word only when it alone is wider than the line,
 * never inside a character; one blank line between blocks; "• " and "1. "
 * list markers with a hanging indent; block quotes behind "│ "; code blocks
 * indented 4 columns, one line per source line, folded (behind "  ↪ ") when
 * wider than the line; headings MD_HEADING|MD_BOLD.  Prefixes give way to
 * the text: they take at most half the line.  0, or -1 with errno ENOMEM
 * (OUT is then empty).  Free OUT with md_text_free. */
int md_render(const char *markdown, int width, struct md_text *out);
void md_text_free(struct md_text *t);

/* The display width of the first LEN bytes of the UTF-8 string S. */
int md_width(const char *s, int len);

#endif
