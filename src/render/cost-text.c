#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cost-text.h"
#include "output.h"
#include "util.h"

#define LABEL_W 18

/* 91.2 µs, 18.9 ms, 850 ns. */
static const char *
fmt_ns(long long ns, bool utf8, char *buf, size_t len)
{
	if (ns < 0)
		snprintf(buf, len, "?");
	else if (ns < 1000)
		snprintf(buf, len, "%lld ns", ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%.1f %s", (double)ns / 1e3, utf8 ? "µs" : "us");
	else if (ns < 1000000000)
		snprintf(buf, len, "%.1f ms", (double)ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", (double)ns / 1e9);
	return buf;
}

/* 1m, 64m, 1g, 1536m. */
static const char *
fmt_bytes(unsigned long long b, char *buf, size_t len)
{
	if (b >= (1ULL << 30) && b % (1ULL << 30) == 0)
		snprintf(buf, len, "%llug", b >> 30);
	else if (b >= (1ULL << 20) && b % (1ULL << 20) == 0)
		snprintf(buf, len, "%llum", b >> 20);
	else
		snprintf(buf, len, "%lluk", b >> 10);
	return buf;
}

static const char *
fmt_time(const struct cost_time *t, bool utf8, char *buf, size_t len)
{
	if (t->err)
		snprintf(buf, len, "%s failed: %s", t->call, strerrorname_np(t->err) ?
		    strerrorname_np(t->err) : "error");
	else
		fmt_ns(t->median_ns, utf8, buf, len);
	return buf;
}

/* "fork(): 209.1 times (grows: twice or more)", from the rule of cost.h. */
static const char *
fmt_growth(const struct cost_result *c, enum cost_method m, char *buf, size_t len)
{
	long p = cost_percent(c, m);
	if (p < 0)
		snprintf(buf, len, "%s: not measured at both sizes", cost_method_call(m));
	else
		snprintf(buf, len, "%s: %.1f times (%s)", cost_method_call(m), (double)p / 100,
		    cost_grows(c, m) ? "grows: 4 times or more" : "flat: less than 4 times");
	return buf;
}

void
cost_text(const struct cost_result *c, bool utf8, struct output *out)
{
	char a[64], b[64];
	if (!c->measured || c->nsizes < 1)
		return;
	out_printf(out, "cost: five ways to create a child, timed in a lab process whose memory "
	    "holds touched pages\n");
	out_printf(out, "  timed: from the call until it returned in the parent (the child reaped, "
	    "the thread joined, after the clock stopped); median of %d runs\n", c->runs);
	out_printf(out, "  %-*s", LABEL_W, "memory");
	for (int i = 0; i < c->nsizes; i++)
		out_printf(out, "%-12s", fmt_bytes(c->sizes[i].bytes, a, sizeof(a)));
	out_printf(out, "\n  %-*s", LABEL_W, "VmPTE");
	for (int i = 0; i < c->nsizes; i++) {
		if (c->sizes[i].vm_pte_kb >= 0)
			snprintf(a, sizeof(a), "%ld kB", c->sizes[i].vm_pte_kb);
		else
			snprintf(a, sizeof(a), "?");
		out_printf(out, "%-12s", a);
	}
	out_printf(out, "\n");
	for (int m = 0; m < COST_NMETHODS; m++) {
		out_printf(out, "  %-*s", LABEL_W, cost_method_call(m));
		for (int i = 0; i < c->nsizes; i++) {
			fmt_time(&c->sizes[i].t[m], utf8, a, sizeof(a));
			out_printf(out, "%-*s", strstr(a, "µ") ? 13 : 12, a);	/* µ: two bytes, one column */
		}
		out_printf(out, "\n");
	}
	out_printf(out, "  posix_spawn's child execs /bin/true: posix_spawn returns once the exec "
	    "has released the parent; each other child exits at once\n");
	long fv = cost_fork_vfork_percent(c);
	if (fv >= 0)
		out_printf(out, "  at %s, fork()'s median was %.1f times vfork()'s\n",
		    fmt_bytes(c->sizes[c->nsizes - 1].bytes, a, sizeof(a)), (double)fv / 100);
	if (c->nsizes < 2) {
		out_printf(out, "  one size: nothing to compare it with (give two sizes, or none for the "
		    "series)\n");
		return;
	}
	fmt_bytes(c->sizes[0].bytes, a, sizeof(a));
	fmt_bytes(c->sizes[c->nsizes - 1].bytes, b, sizeof(b));
	long pte = cost_pte_percent(c);
	out_printf(out, "  at %s against %s, each median was this many times the first:\n", b, a);
	if (pte >= 0)
		out_printf(out, "    VmPTE, the lab's page tables: %.1f times\n", (double)pte / 100);
	for (int m = 0; m < COST_NMETHODS; m++) {
		char g[128];
		out_printf(out, "    %s\n", fmt_growth(c, m, g, sizeof(g)));
	}
}

/* --- the chart -------------------------------------------------------------- */

static struct cost_chart_line *
chart_line(struct cost_chart *ch)
{
	if (ch->nlines >= COST_CHART_LINES)
		return NULL;
	struct cost_chart_line *l = &ch->lines[ch->nlines++];
	l->nsegs = 0;
	return l;
}

static void
seg(struct cost_chart_line *l, int x, enum cost_seg_role role, const char *text)
{
	if (!l || l->nsegs >= COST_CHART_SEGS)
		return;
	struct cost_seg *s = &l->segs[l->nsegs++];
	s->x = x;
	s->role = role;
	str_copy(s->text, text, sizeof(s->text));
}

/* The byte offset of column col of s (every character here is one column). */
static size_t
column_at(const char *s, int col)
{
	size_t b = 0;
	for (int c = 0; s[b] && c < col; c++)
		do
			b++;
		while (((unsigned char)s[b] & 0xC0) == 0x80);
	return b;
}

/* A method's row: its name, then at each size its median in a cell of
 * cw - 1 columns whose first columns are the bar, on one scale for the
 * whole chart (max fills the cell): the pane draws the bar's columns in
 * reverse video, so the number stays readable on it. */
static void
chart_method(struct cost_chart *ch, const struct cost_result *c, enum cost_method m,
    const char *label, int label_w, int cw, long long max, bool utf8)
{
	char a[192], b[64];
	int w = cw - 1;
	struct cost_chart_line *l = chart_line(ch);
	seg(l, 0, COST_SEG_TEXT, label);
	for (int i = 0; i < c->nsizes; i++) {
		const struct cost_time *t = &c->sizes[i].t[m];
		int x = label_w + i * cw;
		if (t->err) {
			seg(l, x, COST_SEG_NOTE, "failed");
			continue;
		}
		int n = max > 0 && t->median_ns > 0 ? (int)((t->median_ns * w + max / 2) / max) : 0;
		fmt_ns(t->median_ns, utf8, b, sizeof(b));
		/* The number, then spaces to the cell's end. */
		snprintf(a, sizeof(a), "%s%*s", b, w > 0 ? w : 1, "");
		a[column_at(a, w)] = '\0';
		size_t cut = column_at(a, n);
		if (n > 0) {
			char bar[192];
			snprintf(bar, sizeof(bar), "%.*s", (int)cut, a);
			seg(l, x, COST_SEG_BAR, bar);
		}
		if (a[cut])
			seg(l, x + n, COST_SEG_TEXT, a + cut);
	}
}

void
cost_chart(const struct cost_result *c, int width, int height, bool utf8, struct cost_chart *ch)
{
	char a[192], b[64];
	ch->nlines = 0;
	if (!c->measured || c->nsizes < 1 || width < 40 || height < 1)
		return;
	int label_w = width >= 72 ? 17 : 12;
	int cw = (width - label_w) / c->nsizes;
	if (cw > 30)
		cw = 30;
	long long max = 0;
	for (int i = 0; i < c->nsizes; i++)
		for (int m = 0; m < COST_NMETHODS; m++)
			if (c->sizes[i].t[m].median_ns > max)
				max = c->sizes[i].t[m].median_ns;
	/* The sentences a chart needs: what is timed, and the scale. */
	int notes = c->nsizes >= 2 ? 2 : 1;
	bool room_for_head = height >= COST_NMETHODS + 3 + notes;

	struct cost_chart_line *l = chart_line(ch);
	snprintf(a, sizeof(a), "cost: median of %d runs, from the call until it returned in the "
	    "parent", c->runs);
	seg(l, 0, COST_SEG_HEAD, a);
	l = chart_line(ch);
	seg(l, 0, COST_SEG_HEAD, "memory");
	for (int i = 0; i < c->nsizes; i++)
		seg(l, label_w + i * cw, COST_SEG_HEAD, fmt_bytes(c->sizes[i].bytes, a, sizeof(a)));
	if (room_for_head) {
		l = chart_line(ch);
		seg(l, 0, COST_SEG_TEXT, "VmPTE");
		for (int i = 0; i < c->nsizes; i++) {
			if (c->sizes[i].vm_pte_kb >= 0)
				snprintf(a, sizeof(a), "%ld kB", c->sizes[i].vm_pte_kb);
			else
				snprintf(a, sizeof(a), "?");
			seg(l, label_w + i * cw, COST_SEG_TEXT, a);
		}
	}
	for (int m = 0; m < COST_NMETHODS; m++)
		chart_method(ch, c, m, width >= 72 || m != COST_CLONE_VM ? cost_method_call(m) :
		    "clone(VM)", label_w, cw, max, utf8);
	if (c->nsizes >= 2 && ch->nlines < height) {
		char g[64];
		fmt_bytes(c->sizes[0].bytes, a, sizeof(a));
		fmt_bytes(c->sizes[c->nsizes - 1].bytes, g, sizeof(g));
		char line[192];
		int off = snprintf(line, sizeof(line), "%s against %s, times:", g, a);
		long pte = cost_pte_percent(c);
		if (pte >= 0)
			off += snprintf(line + off, sizeof(line) - (size_t)off, " VmPTE %.1f", (double)pte / 100);
		for (int m = 0; m < COST_NMETHODS && off < (int)sizeof(line); m++) {
			long p = cost_percent(c, m);
			if (p >= 0)
				off += snprintf(line + off, sizeof(line) - (size_t)off, ", %s %.1f",
				    cost_method_key(m), (double)p / 100);
		}
		seg(chart_line(ch), 0, COST_SEG_NOTE, line);
	}
	if (ch->nlines < height) {
		snprintf(a, sizeof(a), "bars: one scale, %s fills a cell; posix_spawn's child execs "
		    "/bin/true, the others exit at once", fmt_ns(max, utf8, b, sizeof(b)));
		seg(chart_line(ch), 0, COST_SEG_NOTE, a);
	}
	if (ch->nlines > height)
		ch->nlines = height;
}
