#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

#include "output.h"

struct stdio_pair {
	FILE *text, *error;
};

/* struct output has one data pointer and no destructor, so the few (text,
 * error) stream pairs a process uses live here, shared by equal pairs. */
static struct stdio_pair stdio_pairs[8];
static size_t stdio_npairs;

static void
stdio_write(struct output *out, enum out_kind kind, const char *s, size_t len)
{
	struct stdio_pair *p = out->data;
	FILE *f = kind == OUT_ERROR ? p->error : p->text;

	if (kind == OUT_ERROR)
		fflush(p->text);
	fwrite(s, 1, len, f);
	if (kind == OUT_ERROR)
		fflush(f);
}

static void
stdio_write_one(struct output *out, enum out_kind kind, const char *s, size_t len)
{
	fwrite(s, 1, len, out->data);
	if (kind == OUT_ERROR)
		fflush(out->data);
}

void
output_init_stdio(struct output *out, FILE *tf, FILE *ef)
{
	struct stdio_pair *p = NULL;

	for (size_t i = 0; i < stdio_npairs; i++)
		if (stdio_pairs[i].text == tf && stdio_pairs[i].error == ef)
			p = &stdio_pairs[i];
	memset(out, 0, sizeof(*out));
	out->where = "clonesh";
	if (!p && stdio_npairs < sizeof(stdio_pairs) / sizeof(stdio_pairs[0])) {
		p = &stdio_pairs[stdio_npairs++];
		p->text = tf;
		p->error = ef;
	}
	if (p) {
		out->write = stdio_write;
		out->data = p;
	} else {
		out->write = stdio_write_one;
		out->data = tf;
	}
}

static void
buffer_write(struct output *out, enum out_kind kind, const char *s, size_t len)
{
	struct output_buffer *b = out->data;

	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *nb = realloc(b->buf, cap);
		if (!nb)
			return;
		b->buf = nb;
		b->cap = cap;
	}
	memcpy(b->buf + b->len, s, len);
	b->len += len;
	b->buf[b->len] = '\0';
}

void
output_init_buffer(struct output *out, struct output_buffer *b)
{
	memset(b, 0, sizeof(*b));
	memset(out, 0, sizeof(*out));
	out->write = buffer_write;
	out->data = b;
	out->where = "clonesh";
}

void
output_buffer_free(struct output_buffer *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}

void
out_flush(struct output *out)
{
	if (out->write == stdio_write) {
		struct stdio_pair *p = out->data;
		fflush(p->text);
		fflush(p->error);
	} else if (out->write == stdio_write_one) {
		fflush(out->data);
	}
}

void
out_write(struct output *out, const char *s, size_t len)
{
	out->write(out, OUT_TEXT, s, len);
}

void out_vprintf(struct output *out, enum out_kind kind, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

void
out_vprintf(struct output *out, enum out_kind kind, const char *fmt, va_list ap)
{
	char small[1024];
	va_list copy;

	va_copy(copy, ap);
	int n = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		out->write(out, kind, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		out->write(out, kind, small, sizeof(small) - 1);
		return;
	}
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	out->write(out, kind, big, (size_t)n);
	free(big);
}

void
out_printf(struct output *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(out, OUT_TEXT, fmt, ap);
	va_end(ap);
}

void
out_error(struct output *out, const char *fmt, ...)
{
	char line[1200];
	size_t n = 0;
	va_list ap;

	line[0] = '\0';
	if (out->where && *out->where)
		n = (size_t)snprintf(line, sizeof(line), "%s: ", out->where);
	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (m > 0)
		n += (size_t)m < sizeof(line) - n ? (size_t)m : sizeof(line) - n - 1;
	if (n + 1 < sizeof(line))
		line[n++] = '\n';
	else
		line[n - 1] = '\n';
	out->errors++;
	out->write(out, OUT_ERROR, line, n);
}

void
out_wrapped(struct output *out, const char *first, const char *rest, size_t width,
    const char *text)
{
	const char *indent = first;
	size_t col = 0;
	bool line_open = false;

	for (const char *p = text; *p; ) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t w = strcspn(p, " ");
		if (line_open && col + 1 + w > width) {
			out_printf(out, "\n");
			line_open = false;
			indent = rest;
		}
		if (!line_open) {
			out_printf(out, "%s", indent);
			col = strlen(indent);
			line_open = true;
		} else {
			out_printf(out, " ");
			col++;
		}
		out_write(out, p, w);
		col += w;
		p += w;
	}
	if (line_open || indent == first)
		out_printf(out, "\n");
}

void
out_lines(struct output *out, const char *prefix, const char *text)
{
	for (const char *p = text; *p; ) {
		size_t n = strcspn(p, "\n");
		out_printf(out, "%s%.*s\n", prefix, (int)n, p);
		p += n;
		if (*p == '\n')
			p++;
	}
}
