#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "csource.h"
#include "signals.h"

void
csource_printf(struct csource *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(c->f, fmt, ap);
	va_end(ap);
}

void
csource_puts(struct csource *c, const char *text)
{
	fputs(text, c->f);
}

const char *
csource_quote(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	if (size < 8)
		return "\"\"";
	buf[n++] = '"';
	for (; *s && n + 6 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			buf[n++] = '\\';
			buf[n++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f || c == '?') {
			n += (size_t)snprintf(buf + n, size - n, "\\%03o", c);
		} else {
			buf[n++] = (char)c;
		}
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}

const char *
csource_signal(int sig, char *buf, size_t size)
{
	if (sig > 0 && sig < 32)
		return signal_name(sig, buf, size);
	snprintf(buf, size, "%d", sig);
	return buf;
}
