/* The Markdown renderer: byte 0 is the width (byte - 3, so -3 to 252), the
 * rest the Markdown.  Every line must be valid UTF-8 without a control
 * character and no wider than the width (2 at least), with its spans in
 * order inside it, and a code line, only a code line, has an info string:
 * one word of valid UTF-8 without a control character. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "mdtext.h"
#include "util.h"

int
fuzz_mdtext_one(const uint8_t *data, size_t size)
{
	static bool locale;
	struct md_text t;

	if (!locale) {
		if (!setlocale(LC_CTYPE, "C.UTF-8"))
			abort();
		locale = true;
	}
	if (size == 0)
		return 0;
	int width = (int)data[0] - 3;
	char *md = fuzz_string(data + 1, size - 1);
	if (md_render(md, width, &t) != 0)
		abort();
	for (int i = 0; i < t.nlines; i++) {
		const struct md_line *l = &t.lines[i];
		int len = (int)strlen(l->text), end = 0;
		if (utf8_invalid_at(l->text, (size_t)len) >= 0)
			abort();
		if (md_width(l->text, len) > (width < 2 ? 2 : width))
			abort();
		for (int k = 0; k < len; k++)
			if ((unsigned char)l->text[k] < 0x20 || l->text[k] == 0x7f)
				abort();
		for (int k = 0; k < l->nspans; k++) {
			const struct md_span *sp = &l->spans[k];
			if (sp->start < end || sp->len <= 0 || sp->start + sp->len > len || !sp->style)
				abort();
			end = sp->start + sp->len;
		}
		if (l->code != (l->info != NULL))
			abort();
		for (const char *c = l->info; c && *c; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == ' ')
				abort();
		if (l->info && utf8_invalid_at(l->info, strlen(l->info)) >= 0)
			abort();
	}
	md_text_free(&t);
	free(md);
	return 0;
}

FUZZ_ENTRY(fuzz_mdtext_one)
