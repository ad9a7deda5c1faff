/* md_render below any screen: wrapping at the width (measured here with
 * mbrtowc and wcwidth, not with the module's own count), words and UTF-8
 * characters kept whole, code blocks kept line for line, the styles of
 * inlines as spans, lists, quotes and headings, and every shipped lesson at
 * three widths. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "mdtext.h"
#include "tap.h"
#include "util.h"

/* Failures of one property reported in detail; the rest are only counted. */
#define SHOW_FAILURES 5

/* Allocation failures on demand: glibc lets a program replace malloc, and
 * its own allocator stays reachable under these names.  Not with
 * AddressSanitizer, whose allocator must see every malloc and free. */
#if defined(__SANITIZE_ADDRESS__)
#define FAULT_INJECTION 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FAULT_INJECTION 0
#endif
#endif
#ifndef FAULT_INJECTION
#define FAULT_INJECTION 1
#endif

static long allocations_left = -1;	/* before the one that fails; -1: none fails */

#if FAULT_INJECTION
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void free(void *p);

static bool
allocation_fails(void)
{
	if (allocations_left < 0)
		return false;
	return allocations_left-- == 0;
}

void *
malloc(size_t size)
{
	return allocation_fails() ? NULL : __libc_malloc(size);
}

void *
calloc(size_t n, size_t size)
{
	return allocation_fails() ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t size)
{
	return allocation_fails() ? NULL : __libc_realloc(p, size);
}

void
free(void *p)
{
	__libc_free(p);
}
#endif

/* The display width of S, or -1 when it is not valid UTF-8. */
static int
display_width(const char *s)
{
	mbstate_t st;
	size_t len = strlen(s);
	int cols = 0;

	memset(&st, 0, sizeof(st));
	while (len > 0) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			return -1;
		int w = wcwidth(wc);
		cols += w < 0 ? 1 : w;
		s += n;
		len -= n;
	}
	return cols;
}

static void
dump(const struct md_text *t)
{
	for (int i = 0; i < t->nlines; i++)
		diag("  %2d |%s|%s%s", i, t->lines[i].text, t->lines[i].code ? " code " : "",
		    t->lines[i].info ? t->lines[i].info : "");
}

/* Renders MD, failing loudly when md_render does. */
static bool
render(const char *md, int width, struct md_text *t)
{
	if (md_render(md, width, t) != 0) {
		diag("md_render(width %d) failed: %m", width);
		t->lines = NULL;
		t->nlines = 0;
		return false;
	}
	return true;
}

/* Why T breaks a rule at WIDTH (a line too wide, invalid UTF-8, a control
 * character, a span outside its line or unordered), or NULL. */
static const char *
check_text(const struct md_text *t, int width, int *at)
{
	static char why[160];
	for (int i = 0; i < t->nlines; i++) {
		const struct md_line *l = &t->lines[i];
		int len = (int)strlen(l->text), w = display_width(l->text);
		*at = i;
		if (w < 0 || utf8_invalid_at(l->text, (size_t)len) >= 0)
			return "invalid UTF-8";
		if (w > width) {
			snprintf(why, sizeof(why), "%d columns wide", w);
			return why;
		}
		for (int k = 0; k < len; k++)
			if ((unsigned char)l->text[k] < 0x20 || l->text[k] == 0x7f)
				return "a control character";
		int end = 0;
		for (int k = 0; k < l->nspans; k++) {
			const struct md_span *sp = &l->spans[k];
			if (sp->start < end || sp->len <= 0 || sp->start + sp->len > len || !sp->style)
				return "a span out of order, empty, past the text or without style";
			end = sp->start + sp->len;
		}
		if (l->code != (l->info != NULL))
			return "info set on a line that is not code, or missing on a code line";
	}
	return NULL;
}

/* The style of the first span whose text is exactly WORD, or 0. */
static unsigned
style_of(const struct md_text *t, const char *word)
{
	for (int i = 0; i < t->nlines; i++)
		for (int k = 0; k < t->lines[i].nspans; k++) {
			const struct md_span *sp = &t->lines[i].spans[k];
			if ((size_t)sp->len == strlen(word) &&
			    strncmp(t->lines[i].text + sp->start, word, (size_t)sp->len) == 0)
				return sp->style;
		}
	return 0;
}

/* The lines joined with "|" (enough to compare short renderings). */
static const char *
joined(const struct md_text *t)
{
	static char buf[4096];
	buf[0] = '\0';
	for (int i = 0; i < t->nlines; i++)
		str_append(buf, sizeof(buf), "%s%s", i ? "|" : "", t->lines[i].text);
	return buf;
}

/* The text without its spaces, for "nothing lost, nothing added". */
static void
squeeze(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s && n + 1 < size; s++)
		if (*s != ' ')
			out[n++] = *s;
	out[n] = '\0';
}

static void
test_render_is(const char *md, int width, const char *want, const char *name)
{
	struct md_text t;
	if (!render(md, width, &t)) {
		ok(false, "%s", name);
		return;
	}
	if (!is_str(joined(&t), want, "%s", name))
		dump(&t);
	md_text_free(&t);
}

static void
test_empty(void)
{
	struct md_text t;
	ok(render("", 80, &t) && t.nlines == 0, "empty input: no lines");
	md_text_free(&t);
	ok(render(NULL, 80, &t) && t.nlines == 0, "NULL input: no lines");
	md_text_free(&t);
	ok(render("\n\n   \n", 80, &t) && t.nlines == 0, "blank input: no lines");
	md_text_free(&t);
}

static const char prose[] =
    "The child of a fork() stored 42 in a global, and the parent still read 7: "
    "the child had a copy of the parent's memory. CLONE_VM is the flag that "
    "turns the copy off. Parent and child then run in one address space.";

static void
test_wrap(void)
{
	struct { int failures; } p = { 0 };
	char want[1024], got[1024], line[1024];

	squeeze(prose, want, sizeof(want));
	for (int width = 2; width <= 100; width++) {
		struct md_text t;
		const char *why;
		int at;
		if (!render(prose, width, &t)) {
			p.failures++;
			continue;
		}
		got[0] = '\0';
		why = check_text(&t, width, &at);
		/* below 9 columns the longest words ("CLONE_VM") are split */
		size_t cur = 0;
		for (int i = 0; !why && i < t.nlines; i++) {
			const char *l = t.lines[i].text;
			size_t len = strlen(l);
			squeeze(l, line, sizeof(line));
			str_append(got, sizeof(got), "%s", line);
			at = i;
			if (width < 9)
				continue;
			if (strncmp(prose + cur, l, len) != 0)
				why = "a line is not the next words of the text";
			else if (prose[cur + len] != ' ' && prose[cur + len] != '\0')
				why = "a word that fits was split";
			cur += len + 1;
		}
		if (!why && strcmp(got, want) != 0)
			why = "the words are not the text's", at = 0;
		if (why && p.failures++ < SHOW_FAILURES) {
			diag("  width %d, line %d: %s", width, at, why);
			dump(&t);
		}
		md_text_free(&t);
	}
	ok(p.failures == 0, "a paragraph wraps at spaces within widths 2 to 100 (%d failing)",
	    p.failures);

	test_render_is("aaaa bbbb cccc dddd", 9, "aaaa bbbb|cccc dddd", "wrapped at the last space that fits");
	test_render_is("aaaa bbbb cccc", 8, "aaaa|bbbb|cccc", "a word is moved whole");
	test_render_is("abcdefghijklmnop qr", 6, "abcdef|ghijkl|mnop|qr",
	    "a word wider than the line is split, and only it");
	test_render_is("one\ntwo", 80, "one two", "a soft break is a space");
	test_render_is("one\\\ntwo", 80, "one|two", "a hard break (backslash) is a new line");
	test_render_is("one  \ntwo", 80, "one|two", "a hard break (two spaces) is a new line");
	test_render_is("first\n\nsecond", 80, "first||second", "one blank line between paragraphs");
}

static void
test_utf8(void)
{
	/* ≠ and ✗ are 3 bytes, é 2, 漢 3 bytes and 2 columns */
	static const char text[] =
	    "x \xe2\x89\xa0 y \xe2\x9c\x97 caf\xc3\xa9 "
	    "\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2\xe5\xad\x97 "
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 "
	    "`\xe2\x89\xa0\xe2\x89\xa0\xe2\x89\xa0\xe2\x89\xa0\xe2\x89\xa0\xe2\x89\xa0` end";
	char want[1024], got[1024], line[256];
	int failures = 0;

	squeeze(text, want, sizeof(want));
	/* the backticks are not shown */
	memmove(strchr(want, '`'), strchr(want, '`') + 1, strlen(strchr(want, '`')));
	memmove(strchr(want, '`'), strchr(want, '`') + 1, strlen(strchr(want, '`')));
	for (int width = 1; width <= 40; width++) {
		struct md_text t;
		const char *why;
		int at = 0;
		if (!render(text, width, &t)) {
			failures++;
			continue;
		}
		why = check_text(&t, width < 2 ? 2 : width, &at);
		got[0] = '\0';
		for (int i = 0; i < t.nlines; i++) {
			squeeze(t.lines[i].text, line, sizeof(line));
			str_append(got, sizeof(got), "%s", line);
		}
		if (!why && strcmp(got, want) != 0)
			why = "characters lost or added";
		if (why && failures++ < SHOW_FAILURES) {
			diag("  width %d, line %d: %s", width, at, why);
			dump(&t);
		}
		md_text_free(&t);
	}
	ok(failures == 0, "UTF-8 (2, 3 byte, double-width) never split, widths 1 to 40 (%d failing)",
	    failures);
	test_render_is("\xe6\xbc\xa2\xe5\xad\x97\xe6\xbc\xa2", 5, "\xe6\xbc\xa2\xe5\xad\x97|\xe6\xbc\xa2",
	    "a run of double-width characters splits between them");
	test_render_is("e\xcc\x81\xcc\x81xyz", 2, "e\xcc\x81\xcc\x81x|yz",
	    "combining accents stay with their letter");
	test_render_is("a\x1b[31mb\x07", 80, "a\xef\xbf\xbd[31mb\xef\xbf\xbd",
	    "control characters become U+FFFD");
	test_render_is("bad \xff\xfe byte", 80, "bad \xef\xbf\xbd\xef\xbf\xbd byte",
	    "invalid UTF-8 becomes U+FFFD");
}

static void
test_code(void)
{
	struct md_text t;
	static const char md[] =
	    "Run this:\n"
	    "\n"
	    "```clonesh\n"
	    "preset fork\n"
	    "flags  vm\n"
	    "\n"
	    "spawn write-global 42\n"
	    "```\n"
	    "After.\n";

	if (render(md, 30, &t)) {
		if (!is_str(joined(&t),
			"Run this:||    preset fork|    flags  vm||    spawn write-global 42||After.",
			"a fenced block: one line per source line, indented 4, spaces kept"))
			dump(&t);
		bool all = t.nlines == 8;
		for (int i = 2; all && i <= 5; i++) {
			const struct md_line *l = &t.lines[i];
			int len = (int)strlen(l->text);
			all = l->code && l->info && strcmp(l->info, "clonesh") == 0 &&
			    (len == 0 || (l->nspans == 1 && l->spans[0].start == 4 &&
				l->spans[0].len == len - 4 && l->spans[0].style == MD_CODE));
		}
		ok(all, "every code line is code, info \"clonesh\", MD_CODE over the code");
		ok(t.nlines == 8 && !t.lines[0].code && !t.lines[7].code && !t.lines[0].info,
		    "the paragraphs around it are not code");
		md_text_free(&t);
	}

	if (render("    indented code\n    second line\n", 80, &t)) {
		ok(t.nlines == 2 && t.lines[0].code && t.lines[0].info && !strcmp(t.lines[0].info, "") &&
		    !strcmp(t.lines[1].text, "    second line"),
		    "an indented code block: code lines, info \"\"");
		md_text_free(&t);
	}
	test_render_is("```c\nint main(void) { return 0; }\n```", 20,
	    "    int main(void) {|  \xe2\x86\xaa  return 0; }",
	    "a code line wider than the line folds behind \"  \xe2\x86\xaa \", spaces kept");
	if (render("```sh\na\tb\n```", 40, &t)) {
		is_str(t.nlines == 1 ? t.lines[0].text : "", "    a       b", "a tab in code goes to the next stop of 8");
		is_str(t.nlines == 1 ? t.lines[0].info : "", "sh", "the info string's first word");
		md_text_free(&t);
	}
	test_render_is("```\n```", 40, "", "an empty code block is one empty code line");
	{
		char fence[256] = "```", want[128] = "";
		for (int i = 0; i < 40; i++)
			str_append(want, sizeof(want), "\xc3\xa9");
		str_append(fence, sizeof(fence), "%s\x01 more words\nx\n```", want);
		str_append(want, sizeof(want), "?");
		if (render(fence, 40, &t)) {
			is_str(t.nlines == 1 ? t.lines[0].info : "", want,
			    "a long info word is kept whole, a control character in it made '?'");
			md_text_free(&t);
		}
	}
	test_render_is("```\nline\r\nnext\r\n```", 40, "    line|    next", "CRLF line ends");
}

static void
test_inlines(void)
{
	struct md_text t;
	if (render("some **bold** and *emph* and `inline code` and ***both***", 80, &t)) {
		is_str(joined(&t), "some bold and emph and inline code and both",
		    "no markers or backticks in the text");
		is_int(style_of(&t, "bold"), MD_BOLD, "**bold** is a span of MD_BOLD over \"bold\"");
		is_int(style_of(&t, "emph"), MD_EMPH, "*emph* is MD_EMPH");
		is_int(style_of(&t, "inline code"), MD_CODE, "`inline code` is MD_CODE, its space included");
		is_int(style_of(&t, "both"), MD_BOLD | MD_EMPH, "***both*** is MD_BOLD|MD_EMPH");
		ok(t.nlines == 1 && t.lines[0].nspans == 4, "nothing else is styled (%d spans)",
		    t.nlines ? t.lines[0].nspans : -1);
		md_text_free(&t);
	}
	test_render_is("see [the man page](https://man7.org/clone.2) and ![a diagram](x.png)", 80,
	    "see the man page and a diagram", "links and images show their text");
	test_render_is("a <b>raw</b> tag\n\n<div>\nblock\n</div>", 80, "a <b>raw</b> tag||<div>|block|</div>",
	    "HTML is shown as text, line for line");
	test_render_is("a\n\n---\n\nb", 5, "a||\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80||b",
	    "a thematic break is a rule as wide as the line");
}

static void
test_blocks(void)
{
	struct md_text t;
	test_render_is("- one two three four five six\n- b", 16,
	    "\xe2\x80\xa2 one two three|  four five six|\xe2\x80\xa2 b",
	    "a bullet list with a hanging indent, tight: no blank lines");
	test_render_is("- a\n\n- b", 80, "\xe2\x80\xa2 a||\xe2\x80\xa2 b", "a loose list: blank lines");
	test_render_is("1. one two three four\n2. b\n\nafter", 12, "1. one two|   three|   four|2. b||after",
	    "an ordered list, hanging indent under the number");
	test_render_is("7) a\n8) b", 80, "7) a|8) b", "an ordered list keeps its start and delimiter");
	test_render_is("- a\n  - b c d e f\n- g", 10,
	    "\xe2\x80\xa2 a|  \xe2\x80\xa2 b c d|    e f|\xe2\x80\xa2 g", "a nested list is indented");
	{
		/* a list at every depth of quotes, the container stack's growth
		 * included (an item once kept a pointer into the old stack) */
		int failures = 0;
		for (int depth = 0; depth <= 70; depth++) {
			char deep[512] = "";
			struct md_text dt;
			for (int line = 0; line < 2; line++) {
				for (int i = 0; i < depth; i++)
					str_append(deep, sizeof(deep), ">");
				str_append(deep, sizeof(deep), " %d. %c\n", line + 1, "xy"[line]);
			}
			if (!render(deep, 300, &dt)) {
				failures++;
				continue;
			}
			if ((dt.nlines != 2 || !str_suffix(dt.lines[0].text, "\xe2\x94\x82 1. x") ||
				!str_suffix(dt.lines[1].text, "\xe2\x94\x82 2. y")) && depth > 0 &&
			    failures++ < SHOW_FAILURES) {
				diag("  %d quotes deep:", depth);
				dump(&dt);
			}
			md_text_free(&dt);
		}
		ok(failures == 0, "a numbered list 1 to 70 quotes deep keeps its numbers (%d failing)",
		    failures);
	}
	test_render_is("- \n- b", 80, "\xe2\x80\xa2|\xe2\x80\xa2 b", "an empty item shows its bullet");
	test_render_is("- item\n\n  ```\n  code\n  ```", 80, "\xe2\x80\xa2 item||      code",
	    "a code block in an item is indented under it");

	if (render("> quoted text that wraps\n>\n> second", 12, &t)) {
		if (!is_str(joined(&t), "\xe2\x94\x82 quoted|\xe2\x94\x82 text that|\xe2\x94\x82 wraps|\xe2\x94\x82|\xe2\x94\x82 second",
			"a block quote: every line behind \"\xe2\x94\x82 \""))
			dump(&t);
		ok(t.nlines == 5 && t.lines[0].nspans == 1 && t.lines[0].spans[0].style == MD_QUOTE &&
		    t.lines[0].spans[0].len == (int)strlen(t.lines[0].text),
		    "the bar and the text of a quote are MD_QUOTE");
		md_text_free(&t);
	}
	if (render("# The **stack**\n\nText.\n\nSub\n---", 80, &t)) {
		is_str(joined(&t), "The stack||Text.||Sub", "headings are their text");
		is_int(style_of(&t, "The stack"), MD_HEADING | MD_BOLD,
		    "a heading is MD_HEADING|MD_BOLD, its strong part too");
		is_int(style_of(&t, "Sub"), MD_HEADING | MD_BOLD, "a setext heading too");
		is_int(style_of(&t, "Text."), 0, "the paragraph after it is not");
		md_text_free(&t);
	}
}

static const char mixed[] =
    "# Heading with a long title\n\n"
    "Paragraph with **bold**, `code` and \xe6\xbc\xa2\xe5\xad\x97 words.\n\n"
    "- item one\n  - nested item\n    > quote in a nested item\n    > ```clonesh\n    > spawn write-global 42\n    > ```\n"
    "1. first\n\n"
    "> > > deep quote with a word\n\n"
    "```\ncode line that is long enough to fold somewhere\n```\n";

static void
test_narrow(void)
{
	int failures = 0;
	for (int width = -3; width <= 60; width++) {
		struct md_text t;
		const char *why;
		int at = 0;
		if (!render(mixed, width, &t)) {
			failures++;
			continue;
		}
		why = check_text(&t, width < 2 ? 2 : width, &at);
		if (!why && t.nlines < 10)
			why = "too few lines";
		if (why && failures++ < SHOW_FAILURES) {
			diag("  width %d, line %d: %s", width, at, why);
			dump(&t);
		}
		md_text_free(&t);
	}
	ok(failures == 0, "nested blocks at widths -3 to 60: no line wider (2 at least), all valid (%d failing)",
	    failures);
}

/* The Nth allocation of md_render fails, for each N until none does: -1 with
 * ENOMEM and nothing left behind, never a crash.  cmark's own allocator
 * aborts when out of memory (its policy, not ours): that child is counted
 * apart.  Each try runs in a child, so an abort ends only it. */
static void
test_out_of_memory(void)
{
	int handled = 0, aborted = 0, wrong = 0;
	long n;

	if (!FAULT_INJECTION) {
		skip(1, "allocation failures are not injected under AddressSanitizer");
		return;
	}
	/* valgrind replaces this malloc with its own (called through a volatile
	 * pointer: the compiler would drop a malloc freed at once) */
	void *(*volatile alloc)(size_t) = malloc;
	allocations_left = 0;
	void *probe = alloc(1);
	allocations_left = -1;
	if (probe) {
		free(probe);
		skip(1, "malloc is not this test's (valgrind?): no allocation failures injected");
		return;
	}
	fflush(stdout);
	for (n = 0; n < 100000; n++) {
		pid_t pid = fork();
		int status;
		if (pid < 0) {
			ok(false, "fork: %s", strerror(errno));
			return;
		}
		if (pid == 0) {
			struct md_text t;
			int rc, null = open("/dev/null", O_WRONLY);
			/* cmark's abort leaves no core, and its message is expected */
			prctl(PR_SET_DUMPABLE, 0);
			if (null >= 0)
				dup2(null, STDERR_FILENO);
			allocations_left = n;
			rc = md_render(mixed, 30, &t);
			allocations_left = -1;
			if (rc == 0) {
				md_text_free(&t);
				_exit(0);
			}
			_exit(rc == -1 && errno == ENOMEM && t.nlines == 0 && t.lines == NULL ? 1 : 2);
		}
		if (waitpid(pid, &status, 0) < 0)
			break;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			break;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
			handled++;
		else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)
			aborted++;
		else if (wrong++ < SHOW_FAILURES)
			diag("  allocation %ld failing: status 0x%x", n, (unsigned)status);
	}
	ok(wrong == 0 && handled > 0,
	    "each of %ld allocations failing: %d handled (-1, ENOMEM, empty), %d in cmark (abort), %d wrong",
	    n, handled, aborted, wrong);
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = cap * 2 + 8192);
			if (!b) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every shipped lesson at widths 40, 80 and 120. */
static void
test_lessons(void)
{
	const char *top = getenv("TOP_SRCDIR");
	char dir[4096], path[4200];
	char *names[64];
	int n = 0;
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s/lessons", top ? top : ".");
	d = opendir(dir);
	if (!d) {
		ok(false, "the lessons are in %s (TOP_SRCDIR is the source tree)", dir);
		return;
	}
	while ((e = readdir(d)) != NULL && n < 64)
		if (str_suffix(e->d_name, ".md"))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), by_name);
	ok(n >= 10, "%d lesson files in %s", n, dir);
	for (int i = 0; i < n; i++) {
		char *md;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		md = read_file(path);
		if (!md) {
			ok(false, "%s can be read", names[i]);
			free(names[i]);
			continue;
		}
		static const int widths[] = { 40, 80, 120 };
		for (size_t k = 0; k < ARRAY_SIZE(widths); k++) {
			struct md_text t;
			const char *why = "md_render failed";
			int at = 0, commands = 0;
			if (render(md, widths[k], &t)) {
				why = check_text(&t, widths[k], &at);
				for (int j = 0; j < t.nlines; j++)
					commands += t.lines[j].info && !strcmp(t.lines[j].info, "clonesh");
			}
			if (!why && strstr(md, "```clonesh") && commands == 0)
				why = "no line of a clonesh block";
			if (!ok(!why, "%s at width %d: %d lines, %d of commands", names[i], widths[k],
				t.nlines, commands))
				diag("  line %d: %s: |%s|", at, why, at < t.nlines ? t.lines[at].text : "");
			md_text_free(&t);
		}
		free(md);
		free(names[i]);
	}
}

int
main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		plan(1);
		skip(1, "no C.UTF-8 locale");
		return done_testing();
	}
	test_empty();
	test_wrap();
	test_utf8();
	test_code();
	test_inlines();
	test_blocks();
	test_narrow();
	test_out_of_memory();
	test_lessons();
	return done_testing();
}
