/* Where commands report: the core never writes to stdout itself, so the same
 * code serves the plain front end, batch mode, the pane and the tests. */
#ifndef CLONESH_OUTPUT_H
#define CLONESH_OUTPUT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum out_kind { OUT_TEXT, OUT_ERROR };

struct output {
	void (*write)(struct output *out, enum out_kind kind, const char *s, size_t len);
	void *data;
	const char *where;	/* error prefix: "clonesh", "FILE:LINE" */
	unsigned int errors;	/* errors reported so far */
};

/* An output that writes text to tf and errors to ef. */
void output_init_stdio(struct output *out, FILE *tf, FILE *ef);
/* An output that appends everything to a growing buffer (for tests, JSON). */
struct output_buffer { char *buf; size_t len, cap; };
void output_init_buffer(struct output *out, struct output_buffer *b);
void output_buffer_free(struct output_buffer *b);

void out_printf(struct output *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void out_vprintf(struct output *out, enum out_kind kind, const char *fmt, va_list ap);
void out_write(struct output *out, const char *s, size_t len);
/* Pushes buffered text out (before a fork, so no child inherits it). */
void out_flush(struct output *out);
/* Each line of text (the last may lack its newline), after prefix. */
void out_lines(struct output *out, const char *prefix, const char *text);
/* Prints text as a paragraph wrapped at width columns (words are split at
 * spaces): the first line starts with first, the next ones with rest. */
void out_wrapped(struct output *out, const char *first, const char *rest, size_t width,
    const char *text);
/* One error line: "WHERE: message\n"; counts it. */
void out_error(struct output *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
