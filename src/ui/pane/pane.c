#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "costchart.h"
#include "diagram.h"
#include "kobjects.h"
#include "mdtext.h"
#include "pane.h"
#include "recorder.h"
#include "suspend.h"
#include "util.h"

/* Colours are named by what they mean; a scheme is one row of the table.
 * Meaning is always in the words and symbols first: the attributes of the
 * monochrome scheme only add weight. */
enum role {
	ROLE_NORMAL, ROLE_SHARED, ROLE_COPIED, ROLE_NEW, ROLE_FAILED, ROLE_PENDING,
	ROLE_HINT, ROLE_STATUS, ROLE_GROUP, ROLE_ERROR, ROLE_CODE, ROLE_COUNT,
};

struct role_style {
	short fg, bg;
	attr_t attr;
};

struct scheme {
	const char *name;
	bool colour;
	struct role_style roles[ROLE_COUNT];
};

enum { SCHEME_COLOUR, SCHEME_MONO, SCHEME_PROJECTOR_DARK, SCHEME_PROJECTOR_LIGHT };

/* The bright colours 8-15; scheme_colour falls back to 0-7 with fewer colours. */
#define BRIGHT(c) ((short)((c) + 8))

static const struct scheme pane_schemes[] = {
	[SCHEME_COLOUR] = { "colour", true, {
		[ROLE_NORMAL] = { -1, -1, A_NORMAL },
		[ROLE_SHARED] = { COLOR_GREEN, -1, A_BOLD },
		[ROLE_COPIED] = { COLOR_YELLOW, -1, A_BOLD },
		[ROLE_NEW] = { COLOR_CYAN, -1, A_BOLD },
		[ROLE_FAILED] = { COLOR_RED, -1, A_BOLD },
		[ROLE_PENDING] = { -1, -1, A_DIM },
		[ROLE_HINT] = { COLOR_BLUE, -1, A_NORMAL },
		[ROLE_STATUS] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL },
		[ROLE_GROUP] = { -1, -1, A_BOLD },
		[ROLE_ERROR] = { COLOR_RED, -1, A_BOLD },
		[ROLE_CODE] = { COLOR_MAGENTA, -1, A_NORMAL },
	} },
	[SCHEME_MONO] = { "mono", false, {
		[ROLE_NORMAL] = { -1, -1, A_NORMAL },
		[ROLE_SHARED] = { -1, -1, A_BOLD },
		[ROLE_COPIED] = { -1, -1, A_BOLD },
		[ROLE_NEW] = { -1, -1, A_BOLD },
		[ROLE_FAILED] = { -1, -1, A_BOLD | A_UNDERLINE },
		[ROLE_PENDING] = { -1, -1, A_DIM },
		[ROLE_HINT] = { -1, -1, A_NORMAL },
		[ROLE_STATUS] = { -1, -1, A_REVERSE },
		[ROLE_GROUP] = { -1, -1, A_BOLD },
		[ROLE_ERROR] = { -1, -1, A_BOLD },
		[ROLE_CODE] = { -1, -1, A_NORMAL },
	} },
	/* Projectors wash out colours and thin strokes: every role has its own
	 * background (the room sees the scheme, not the terminal's), text is
	 * bold, and verdicts are banners in reverse video. */
	[SCHEME_PROJECTOR_DARK] = { "projector-dark", true, {
		[ROLE_NORMAL] = { BRIGHT(COLOR_WHITE), COLOR_BLACK, A_BOLD },
		[ROLE_SHARED] = { BRIGHT(COLOR_GREEN), COLOR_BLACK, A_BOLD | A_REVERSE },
		[ROLE_COPIED] = { BRIGHT(COLOR_YELLOW), COLOR_BLACK, A_BOLD | A_REVERSE },
		[ROLE_NEW] = { BRIGHT(COLOR_CYAN), COLOR_BLACK, A_BOLD | A_REVERSE },
		[ROLE_FAILED] = { BRIGHT(COLOR_RED), COLOR_BLACK, A_BOLD | A_REVERSE },
		[ROLE_PENDING] = { BRIGHT(COLOR_WHITE), COLOR_BLACK, A_BOLD | A_REVERSE },
		[ROLE_HINT] = { BRIGHT(COLOR_CYAN), COLOR_BLACK, A_BOLD },
		[ROLE_STATUS] = { COLOR_BLACK, BRIGHT(COLOR_WHITE), A_BOLD },
		[ROLE_GROUP] = { BRIGHT(COLOR_WHITE), COLOR_BLACK, A_BOLD | A_UNDERLINE },
		[ROLE_ERROR] = { BRIGHT(COLOR_RED), COLOR_BLACK, A_BOLD },
		[ROLE_CODE] = { BRIGHT(COLOR_YELLOW), COLOR_BLACK, A_BOLD },
	} },
	[SCHEME_PROJECTOR_LIGHT] = { "projector-light", true, {
		[ROLE_NORMAL] = { COLOR_BLACK, BRIGHT(COLOR_WHITE), A_NORMAL },
		[ROLE_SHARED] = { COLOR_GREEN, BRIGHT(COLOR_WHITE), A_BOLD | A_REVERSE },
		[ROLE_COPIED] = { COLOR_MAGENTA, BRIGHT(COLOR_WHITE), A_BOLD | A_REVERSE },
		[ROLE_NEW] = { COLOR_BLUE, BRIGHT(COLOR_WHITE), A_BOLD | A_REVERSE },
		[ROLE_FAILED] = { COLOR_RED, BRIGHT(COLOR_WHITE), A_BOLD | A_REVERSE },
		[ROLE_PENDING] = { COLOR_BLACK, BRIGHT(COLOR_WHITE), A_BOLD | A_REVERSE },
		[ROLE_HINT] = { COLOR_BLUE, BRIGHT(COLOR_WHITE), A_NORMAL },
		[ROLE_STATUS] = { BRIGHT(COLOR_WHITE), COLOR_BLACK, A_BOLD },
		[ROLE_GROUP] = { COLOR_BLACK, BRIGHT(COLOR_WHITE), A_BOLD | A_UNDERLINE },
		[ROLE_ERROR] = { COLOR_RED, BRIGHT(COLOR_WHITE), A_BOLD },
		[ROLE_CODE] = { COLOR_MAGENTA, BRIGHT(COLOR_WHITE), A_BOLD },
	} },
};

static const struct scheme *pane_scheme;
static bool pane_mono;			/* monochrome whatever the model asks */
static bool pane_projector;		/* the last draw was in projector mode */
static bool pane_has_rows;		/* the last draw kept an observation's rows */
static bool pane_opened;
static SCREEN *pane_screen;	/* newterm's, freed by pane_close */
static bool pane_is_utf8;
static struct termios pane_saved_tty;
static bool pane_have_saved_tty;
/* Terminal strings for a restore from a signal handler, copied at open. */
static char pane_restore_seq[128];
static size_t pane_restore_len;

static attr_t
role_attr(enum role r)
{
	attr_t a = pane_scheme->roles[r].attr;
	if (pane_scheme->colour)
		a |= COLOR_PAIR(r + 1);
	return a;
}

static int put(int y, int x, int width, const char *s, attr_t a);
static int text_width(const char *s, size_t len);

bool
pane_is_open(void)
{
	return pane_opened;
}

static void
append_cap(const char *name)
{
	const char *s = tigetstr(name);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (pane_restore_len + n < sizeof(pane_restore_seq)) {
		memcpy(pane_restore_seq + pane_restore_len, s, n);
		pane_restore_len += n;
	}
}

bool
pane_possible(void)
{
	const char *term = getenv("TERM");
	return term && *term && strcmp(term, "dumb") != 0 && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO);
}

int
pane_open(bool mono)
{
	if (pane_opened)
		return 0;
	if (!pane_possible())
		return -1;
	pane_have_saved_tty = tcgetattr(STDIN_FILENO, &pane_saved_tty) == 0;
	/* ncurses must see resizes itself, not sizes frozen in the environment. */
	unsetenv("LINES");
	unsetenv("COLUMNS");
	/* Through the recorder, so a recording holds what the room sees. */
	if (!(pane_screen = newterm(NULL, recorder_terminal(), stdin)))
		return -1;
	pane_opened = true;
	/*
	 * newterm asks the terminal's size before it installs its SIGWINCH
	 * handler: a resize in between would go unseen until the next one, and
	 * the pane would be drawn for a terminal that is no longer there.
	 */
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
	pane_is_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	raw();
	noecho();
	nonl();
	keypad(stdscr, FALSE);	/* readline decodes key sequences itself */
	meta(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	intrflush(stdscr, FALSE);

	const char *no_color = getenv("NO_COLOR");
	pane_mono = mono || (no_color && *no_color) || !has_colors();
	if (!pane_mono) {
		start_color();
		use_default_colors();
	}
	pane_scheme = NULL;	/* the first draw chooses */
	pane_restore_len = 0;
	append_cap("sgr0");
	append_cap("cnorm");
	append_cap("rmcup");
	return 0;
}

void
pane_close(void)
{
	if (!pane_opened)
		return;
	pane_opened = false;
	endwin();
	/* Each "pane on" makes a new screen: free this one. */
	delscreen(pane_screen);
	pane_screen = NULL;
}

/* Back from a program that had the terminal: it may have a new size; the
 * next doupdate takes the terminal again (raw mode, the alternate screen)
 * and repaints it all. */
static void
pane_take_back(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
	    is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

int
pane_suspend(void)
{
	if (!pane_opened)
		return -1;
	def_prog_mode();
	endwin();
	int r = suspend_job();
	pane_take_back();
	return r;
}

void
pane_lend(bool lend)
{
	if (!pane_opened)
		return;
	if (lend) {
		def_prog_mode();
		endwin();
	} else {
		pane_take_back();
	}
}

void
pane_emergency_restore(void)
{
	if (!pane_opened)
		return;
	if (pane_restore_len) {
		ssize_t n = write(STDOUT_FILENO, pane_restore_seq, pane_restore_len);
		(void)n;
	}
	if (pane_have_saved_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &pane_saved_tty);
}

void
pane_invalidate(void)
{
	if (pane_opened)
		clearok(curscr, TRUE);
}

int
pane_key(void)
{
	if (!pane_opened)
		return PANE_KEY_NONE;
	int c = wgetch(stdscr);
	if (c == ERR)
		return PANE_KEY_NONE;
	if (c == KEY_RESIZE)
		return PANE_KEY_RESIZE;
	return c & 0xff;
}

void
pane_layout(struct layout *l, int page_lines)
{
	layout_compute(COLS, LINES, l);
	if (page_lines > 0 && !pane_projector)
		layout_add_lesson(l, page_lines, LAYOUT_LESSON_PANE(pane_has_rows));
	if (pane_projector) {
		/* What scrolls (PgUp, PgDn) is the projector's output region. */
		struct projector_layout p;
		layout_projector(COLS, LINES, LAYOUT_PROJECTOR_GROUPS, 0, &p);
		l->output = p.output;
	}
}

/* A bright colour the terminal lacks becomes its plain counterpart (15 is 7). */
static short
scheme_colour(short c)
{
	return c >= COLORS && c >= 8 ? (short)(c - 8) : c;
}

/* Makes the scheme the model asks for current: the colour pairs of its
 * roles, and the background every cell is erased to. */
static void
scheme_choose(const struct pane_model *m)
{
	int k = pane_mono ? SCHEME_MONO : !m->projector ? SCHEME_COLOUR :
	    m->light ? SCHEME_PROJECTOR_LIGHT : SCHEME_PROJECTOR_DARK;
	if (pane_scheme == &pane_schemes[k])
		return;
	pane_scheme = &pane_schemes[k];
	if (pane_scheme->colour)
		for (int r = 0; r < ROLE_COUNT; r++)
			init_pair((short)(r + 1), scheme_colour(pane_scheme->roles[r].fg),
			    scheme_colour(pane_scheme->roles[r].bg));
	bkgdset(' ' | role_attr(ROLE_NORMAL));
	clearok(curscr, TRUE);
}

/* The lesson's lines, wrapped at spaces, as many as fit; the first in bold. */
static void
draw_lesson(const struct rect *r, const char *text)
{
	int y = r->y;
	put(y, 0, r->w, "", A_NORMAL);
	bool first = true;
	for (const char *p = text; *p && y < r->y + r->h; ) {
		size_t n = strcspn(p, "\n");
		char line[1024];
		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) - 1 ? n : sizeof(line) - 1), p);
		const char *q = line;
		do {
			/* Break at the last space that fits. */
			size_t len = strlen(q), cut = len;
			if (text_width(q, len) > r->w) {
				cut = 0;
				for (size_t k = 0; k < len && text_width(q, k) <= r->w; k++)
					if (q[k] == ' ')
						cut = k;
				if (cut == 0)
					cut = (size_t)r->w;
			}
			char piece[1024];
			snprintf(piece, sizeof(piece), "%.*s", (int)cut, q);
			put(y++, 0, r->w, piece, first ? role_attr(ROLE_STATUS) : role_attr(ROLE_NORMAL));
			first = false;
			q += cut;
			while (*q == ' ')
				q++;
		} while (*q && y < r->y + r->h);
		p += n;
		if (*p == '\n')
			p++;
	}
}

/* The attributes of a page line's role, and of a span's style over it. */
static attr_t
page_role_attr(enum page_role r)
{
	switch (r) {
	case PAGE_ROLE_COMMAND:
		return role_attr(ROLE_CODE) | A_BOLD;
	case PAGE_ROLE_QUESTION:
		return role_attr(ROLE_NORMAL) | A_BOLD;
	case PAGE_ROLE_NOTE:
		return role_attr(ROLE_HINT);
	case PAGE_ROLE_RIGHT:
		return role_attr(ROLE_SHARED);
	case PAGE_ROLE_WRONG:
		return role_attr(ROLE_FAILED);
	case PAGE_ROLE_DONE:
		return role_attr(ROLE_NEW) | A_REVERSE;
	default:
		return role_attr(ROLE_NORMAL);
	}
}

static attr_t
span_attr(attr_t base, unsigned style)
{
	attr_t a = style & MD_CODE ? role_attr(ROLE_CODE) : base;
	if (style & (MD_BOLD | MD_HEADING))
		a |= A_BOLD;
	if (style & MD_EMPH)
		a |= A_UNDERLINE;
	return a;
}

/* One wrapped line: its unstyled runs in the role's attributes, its spans
 * in theirs. */
static void
draw_page_line(int y, int width, const struct pane_page_line *pl)
{
	const struct md_line *ml = pl->line;
	attr_t base = ml->code ? role_attr(ROLE_CODE) : page_role_attr(pl->role);
	int len = (int)strlen(ml->text), at = 0, x = 1;
	char piece[1024];
	for (int i = 0; i <= ml->nspans && x < width; i++) {
		int start = i < ml->nspans ? ml->spans[i].start : len;
		if (start > at) {
			snprintf(piece, sizeof(piece), "%.*s", start - at, ml->text + at);
			x += put(y, x, width - x, piece, base);
		}
		if (i == ml->nspans)
			break;
		const struct md_span *sp = &ml->spans[i];
		snprintf(piece, sizeof(piece), "%.*s", sp->len, ml->text + sp->start);
		x += put(y, x, width - x, piece, span_attr(base, sp->style));
		at = sp->start + sp->len;
	}
}

/* The lesson's page: its header, then the lines from top on, and where the
 * rest is when it does not fit. */
static void
draw_page(const struct rect *r, const struct pane_page *pg)
{
	int rows = r->h - 1, top = pg->top;
	if (top > pg->nlines - rows)
		top = pg->nlines - rows;
	if (top < 0)
		top = 0;
	/* Where the page is: kept whole, the header's own end gives way. */
	char where[96] = "";
	if (pg->nlines > rows)
		snprintf(where, sizeof(where), " · lines %d-%d of %d%s", top + 1,
		    top + rows < pg->nlines ? top + rows : pg->nlines, pg->nlines,
		    top + rows < pg->nlines ? ", Alt-Down: more" : "");
	int ww = text_width(where, strlen(where));
	char bar[512];
	snprintf(bar, sizeof(bar), "%*s", r->w < 511 ? r->w : 511, "");
	put(r->y, 0, r->w, bar, role_attr(ROLE_STATUS));
	int used = put(r->y, 0, r->w - ww > 10 ? r->w - ww : r->w, pg->header ? pg->header : "",
	    role_attr(ROLE_STATUS));
	if (r->w - ww > 10)
		put(r->y, used, ww, where, role_attr(ROLE_STATUS));
	for (int i = 0; i < rows && top + i < pg->nlines; i++)
		draw_page_line(r->y + 1 + i, r->w, &pg->lines[top + i]);
}

/* The next character of s and its cell width; the bytes it took.  ASCII,
 * nearly all the pane draws, needs neither mbrtowc nor wcwidth, which cost
 * a third of a redraw. */
static size_t
next_char(const char *s, size_t left, mbstate_t *st, wchar_t *wc, int *width)
{
	unsigned char c = (unsigned char)*s;
	if (c >= 0x20 && c < 0x7f) {
		*wc = c;
		*width = 1;
		return 1;
	}
	size_t k = mbrtowc(wc, s, left, st);
	if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
		memset(st, 0, sizeof(*st));
		*wc = L'?';
		*width = 1;
		return 1;
	}
	*width = wcwidth(*wc);
	if (*width < 0) {
		*wc = L'?';
		*width = 1;
	}
	return k;
}

/* Draws UTF-8 text at y, x in at most width cells, ending a text that does
 * not fit with an ellipsis; returns the cells used.  One decode pass and one
 * addnwstr: this is most of the cost of a redraw. */
static int
put_text(int y, int x, int width, const char *s, attr_t a, bool ellipsis)
{
	wchar_t wbuf[512];
	int cellw[512];
	mbstate_t st;
	int used = 0, n = 0;

	if (width <= 0 || !s)
		return 0;
	memset(&st, 0, sizeof(st));
	size_t left = strlen(s);
	bool cut = false;
	while (left > 0 && n < (int)ARRAY_SIZE(wbuf)) {
		wchar_t wc;
		int w;
		size_t k = next_char(s, left, &st, &wc, &w);
		if (used + w > width) {
			cut = true;
			break;
		}
		wbuf[n] = wc;
		cellw[n++] = w;
		used += w;
		s += k;
		left -= k;
	}
	if (cut && n > 0 && ellipsis) {
		/* Room for the ellipsis: drop characters until one cell is free. */
		while (n > 0 && used + 1 > width)
			used -= cellw[--n];
		wbuf[n] = pane_is_utf8 ? L'…' : L'~';
		cellw[n++] = 1;
		used++;
	}
	/* Cells straight into the window, with no cursor or control-character
	 * processing per character (addnwstr's cost); plain chtypes when the
	 * text is ASCII, as nearly all of it is, else wide cells. */
	bool ascii = true;
	for (int i = 0; i < n && ascii; i++)
		ascii = wbuf[i] < 0x80;
	if (n > 0 && ascii) {
		chtype cells[513];
		for (int i = 0; i < n; i++)
			cells[i] = (chtype)wbuf[i] | a;
		mvaddchnstr(y, x, cells, n);
	} else if (n > 0) {
		cchar_t cells[513];
		short pair = (short)PAIR_NUMBER(a);
		attr_t plain = a & ~A_COLOR;
		for (int i = 0; i < n; i++) {
			wchar_t one[2] = { wbuf[i], L'\0' };
			setcchar(&cells[i], one, plain, pair, NULL);
		}
		mvadd_wchnstr(y, x, cells, n);
	}
	return used;
}

static int
put(int y, int x, int width, const char *s, attr_t a)
{
	return put_text(y, x, width, s, a, true);
}

/* The display width of the first len bytes of s. */
static int
text_width(const char *s, size_t len)
{
	mbstate_t st;
	int w = 0;
	memset(&st, 0, sizeof(st));
	while (len > 0 && *s) {
		wchar_t wc;
		int cw;
		size_t n = next_char(s, len, &st, &wc, &cw);
		w += cw;
		s += n;
		len -= n < len ? n : len;
	}
	return w;
}

static enum role
verdict_role(enum verdict v)
{
	switch (v) {
	case V_SHARED: return ROLE_SHARED;
	case V_COPIED:
	case V_DIFFERS: return ROLE_COPIED;
	case V_SAME: return ROLE_NORMAL;
	case V_NEW: return ROLE_NEW;
	case V_FAILED:
	case V_REFUSED: return ROLE_FAILED;
	case V_PENDING:
	case V_UNKNOWN: return ROLE_PENDING;
	case V_NONE: break;
	}
	return ROLE_NORMAL;
}

static void
draw_bar(int y, int x, int width, int percent)
{
	if (width < 6)
		return;
	int inner = width - 2, full = inner * percent / 100;
	char buf[256];
	int n = 0;
	buf[n++] = '[';
	for (int i = 0; i < inner && n < (int)sizeof(buf) - 2; i++)
		buf[n++] = i < full ? '#' : '.';
	buf[n++] = ']';
	buf[n] = '\0';
	put(y, x, width, buf, role_attr(percent >= 100 ? ROLE_FAILED : ROLE_NORMAL));
}

static enum role
diagram_role(enum diagram_role r)
{
	switch (r) {
	case DG_SHARED: return ROLE_SHARED;
	case DG_COPIED: return ROLE_COPIED;
	case DG_NEW: return ROLE_NEW;
	case DG_UNKNOWN:
	case DG_PENDING: return ROLE_PENDING;
	case DG_FAILED: return ROLE_FAILED;
	case DG_TASK: return ROLE_GROUP;
	case DG_HINT: return ROLE_HINT;
	case DG_PLAIN: break;
	}
	return ROLE_NORMAL;
}

/* The diagram as the screen's cells, kept between draws: laid out and
 * decoded again only when the objects, the size or the scheme change, since
 * most draws are wake-ups with nothing new.  Each line is a few writes:
 * ASCII as plain chtypes (no width lookup a cell), a run of one line
 * character as one hline, the other wide cells as they are; long stretches
 * of blanks, which erase() already drew, not at all. */
enum dg_op_kind { DG_OP_ASCII, DG_OP_REPEAT, DG_OP_WIDE };

struct dg_op {
	enum dg_op_kind kind;
	int x, n;
};

#define DG_OPS 48
#define DIAGRAM_SKIP 4	/* blanks in a row that a draw steps over rather than writes */

static struct {
	bool valid;
	struct kgraph g;
	int w, h;
	bool utf8, projector;
	unsigned int focus;
	attr_t attrs[DG_HINT + 1];
	struct diagram d;
	cchar_t cells[DIAGRAM_MAX_LINES][DIAGRAM_WIDE];
	chtype chars[DIAGRAM_MAX_LINES][DIAGRAM_WIDE];
	struct dg_op ops[DIAGRAM_MAX_LINES][DG_OPS];
	int nops[DIAGRAM_MAX_LINES];
} diagram_cache;

/* Line y's cells (wide and, where ASCII, plain) into its writes. */
static void
diagram_ops(int y, const wchar_t *wcs, const bool *blank, int n)
{
	int nops = 0;
	for (int x = 0; x < n && nops < DG_OPS;) {
		int b = x;
		while (b < n && blank[b])
			b++;
		if (b - x >= DIAGRAM_SKIP || b == n) {
			x = b;
			continue;
		}
		struct dg_op *op = &diagram_cache.ops[y][nops++];
		op->x = x;
		int e = x + 1;
		if (wcs[x] < 0x80) {
			op->kind = DG_OP_ASCII;
			/* ASCII up to the next wide cell or long blank stretch. */
			while (e < n && wcs[e] < 0x80) {
				int k = e;
				while (k < n && blank[k])
					k++;
				if (k - e >= DIAGRAM_SKIP || k == n)
					break;
				e = k > e ? k : e + 1;
			}
		} else {
			while (e < n && wcs[e] == wcs[x] &&
			    memcmp(&diagram_cache.cells[y][e], &diagram_cache.cells[y][x], sizeof(cchar_t)) == 0)
				e++;
			op->kind = e - x >= 3 ? DG_OP_REPEAT : DG_OP_WIDE;
			if (op->kind == DG_OP_WIDE) {
				e = x + 1;
				while (e < n && wcs[e] >= 0x80 && !(e + 2 < n && wcs[e + 1] == wcs[e] &&
				    wcs[e + 2] == wcs[e]))
					e++;
			}
		}
		op->n = e - x;
		x = e;
	}
	diagram_cache.nops[y] = nops;
}

static void
diagram_cells(const attr_t attrs[])
{
	const struct diagram *d = &diagram_cache.d;
	for (int y = 0; y < d->nlines; y++) {
		const struct diagram_line *l = &d->lines[y];
		wchar_t wcs[DIAGRAM_WIDE];
		bool blank[DIAGRAM_WIDE];
		int n = 0;
		for (int i = 0; i < l->nruns; i++) {
			const struct diagram_run *run = &l->runs[i];
			const char *s = l->text + run->at;
			size_t left = (size_t)run->len;
			mbstate_t st;
			memset(&st, 0, sizeof(st));
			attr_t a = attrs[run->role];
			short pair = (short)PAIR_NUMBER(a);
			while (left > 0 && n < DIAGRAM_WIDE) {
				wchar_t wc;
				int w;
				size_t k = next_char(s, left, &st, &wc, &w);
				wchar_t one[2] = { wc, L'\0' };
				wcs[n] = wc;
				blank[n] = wc == L' ' && a == attrs[DG_PLAIN];
				diagram_cache.chars[y][n] = (chtype)(wc < 0x80 ? wc : ' ') | a;
				setcchar(&diagram_cache.cells[y][n++], one, a & ~A_COLOR, pair, NULL);
				s += k;
				left -= k < left ? k : left;
			}
		}
		diagram_ops(y, wcs, blank, n);
	}
}

/* The kernel objects' diagram in r, laid out for its size (view diagram). */
static void
draw_diagram(const struct rect *r, const struct kgraph *g, bool projector, unsigned int focus)
{
	if (!g || !g->parent.present) {
		put(r->y, 1, r->w - 1, "no experiment yet: set it up, then type spawn", role_attr(ROLE_HINT));
		return;
	}
	attr_t attrs[DG_HINT + 1];
	for (int i = 0; i <= DG_HINT; i++)
		attrs[i] = role_attr(diagram_role((enum diagram_role)i));
	if (!diagram_cache.valid || diagram_cache.w != r->w || diagram_cache.h != r->h ||
	    diagram_cache.utf8 != pane_is_utf8 || diagram_cache.projector != projector ||
	    diagram_cache.focus != focus ||
	    memcmp(diagram_cache.attrs, attrs, sizeof(attrs)) != 0 ||
	    memcmp(&diagram_cache.g, g, sizeof(*g)) != 0) {
		diagram_render(g, r->w, r->h, pane_is_utf8, projector, focus, &diagram_cache.d);
		diagram_cells(attrs);
		diagram_cache.g = *g;
		diagram_cache.w = r->w;
		diagram_cache.h = r->h;
		diagram_cache.utf8 = pane_is_utf8;
		diagram_cache.projector = projector;
		diagram_cache.focus = focus;
		memcpy(diagram_cache.attrs, attrs, sizeof(attrs));
		diagram_cache.valid = true;
	}
	for (int y = 0; y < diagram_cache.d.nlines && y < r->h; y++)
		for (int i = 0; i < diagram_cache.nops[y]; i++) {
			const struct dg_op *op = &diagram_cache.ops[y][i];
			int sy = r->y + y, sx = r->x + op->x;
			if (op->kind == DG_OP_ASCII)
				mvaddchnstr(sy, sx, &diagram_cache.chars[y][op->x], op->n);
			else if (op->kind == DG_OP_REPEAT)
				mvhline_set(sy, sx, &diagram_cache.cells[y][op->x], op->n);
			else
				mvadd_wchnstr(sy, sx, &diagram_cache.cells[y][op->x], op->n);
		}
}

/* The pane's region in view diagram: the phase line, then the diagram. */
static void
draw_pane_diagram(const struct layout *l, const struct pane_model *m)
{
	const struct rect *p = &l->pane;
	struct rect r = { p->y + 1, 0, p->h - 1, p->w };

	put(p->y, 0, p->w, m->phase_line ? m->phase_line : "", role_attr(ROLE_HINT));
	/* Beside a lesson's page, its step's focus keeps its objects. */
	draw_diagram(&r, m->graph, false, m->page ? m->focus : 0);
}

/* The pane's region after `cost`: the phase line, then the chart. */
static void
draw_cost(const struct rect *r, const struct cost_result *c)
{
	const attr_t attrs[COST_SEG_NOTE + 1] = {
		[COST_SEG_TEXT] = role_attr(ROLE_NORMAL), [COST_SEG_HEAD] = role_attr(ROLE_GROUP),
		[COST_SEG_BAR] = role_attr(ROLE_COPIED) | A_REVERSE, [COST_SEG_NOTE] = role_attr(ROLE_HINT),
	};
	costchart_draw(r, c, pane_is_utf8, attrs, put);
}

static void
draw_pane_cost(const struct layout *l, const struct pane_model *m)
{
	const struct rect *p = &l->pane;
	struct rect r = { p->y + 1, 0, p->h - 1, p->w };

	put(p->y, 0, p->w, m->phase_line ? m->phase_line : "", role_attr(ROLE_HINT));
	draw_cost(&r, m->cost);
}

/* The parent column's title: the lab's, or a traced program's process. */
static const char *
parent_title(const struct view *v)
{
	return v && v->parent_title ? v->parent_title : "parent (the lab)";
}

static void
draw_pane(const struct layout *l, const struct pane_model *m)
{
	const struct rect *p = &l->pane;
	const struct view *v = m->view;

	put(p->y, 0, p->w, m->phase_line ? m->phase_line : "", role_attr(ROLE_HINT));
	int y = p->y + 1;
	if (l->group_w)
		put(y, l->group_x, l->group_w, "group", role_attr(ROLE_GROUP));
	put(y, l->label_x, l->label_w, "resource", role_attr(ROLE_GROUP));
	put(y, l->parent_x, l->parent_w, parent_title(v), role_attr(ROLE_GROUP));
	put(y, l->verdict_x, l->verdict_w, "verdict", role_attr(ROLE_GROUP));
	put(y, l->child_x, l->child_w, "child", role_attr(ROLE_GROUP));
	y++;
	int room = p->h - 2;
	if (!v || v->nrows == 0) {
		put(y, l->label_x, p->w - l->label_x, "no experiment yet: set it up, then type spawn",
		    role_attr(ROLE_HINT));
		return;
	}
	/* The essential rows first, then details as far as the space allows;
	 * a row left out of an essential group leaves a hint on the last line. */
	bool show[VIEW_MAX_ROWS] = { false };
	int budget = room, left_out = 0;
	/* Beside a lesson step with a focus, the focused groups' rows go first. */
	unsigned int first = m->page ? m->focus : 0;
	for (int pr = 0; pr <= 5; pr++) {
		for (int i = 0; i < v->nrows; i++) {
			bool later = first && !(first & 1u << v->rows[i].group);
			if (v->rows[i].priority + (later ? 3 : 0) != pr)
				continue;
			if (budget > 0) {
				show[i] = true;
				budget--;
			} else if (pr == 0 || (first && pr < 3)) {
				left_out++;
			}
		}
	}
	if (left_out) {
		/* Make room for the hint. */
		for (int i = v->nrows - 1; i >= 0; i--) {
			if (show[i]) {
				show[i] = false;
				left_out++;
				break;
			}
		}
	}
	for (int i = 0; i < v->nrows; i++) {
		const struct view_row *r = &v->rows[i];
		if (!show[i])
			continue;
		bool head = i == 0 || v->rows[i - 1].group != r->group;
		attr_t changed = r->changed ? A_BOLD : A_NORMAL;
		if (r->changed)
			put(y, 0, 1, pane_is_utf8 ? "›" : ">", role_attr(ROLE_HINT) | A_BOLD);
		if (l->group_w && head)
			put(y, l->group_x + 1, l->group_w - 1, view_group_names[r->group], role_attr(ROLE_GROUP));
		put(y, l->label_x + (l->group_w ? 0 : 1), l->label_w - 1, r->label, changed);
		if (r->span) {
			put(y, l->parent_x, p->w - l->parent_x, r->parent, changed);
			y++;
			continue;
		}
		put(y, l->parent_x, l->parent_w - 1, r->parent, changed);
		if (r->verdict != V_NONE) {
			char vbuf[32];
			snprintf(vbuf, sizeof(vbuf), "%s %s", verdict_symbol(r->verdict, pane_is_utf8),
			    verdict_word(r->verdict));
			put(y, l->verdict_x, l->verdict_w, vbuf, role_attr(verdict_role(r->verdict)) |
			    (r->changed ? A_REVERSE : A_NORMAL));
		}
		int used = put(y, l->child_x, l->child_w, r->child, changed);
		if (r->bar >= 0)
			draw_bar(y, l->child_x + used + 1, l->child_w - used - 1 > 22 ? 22 :
			    l->child_w - used - 1, r->bar);
		y++;
	}
	if (left_out)
		put(y, l->label_x, p->w - l->label_x,
		    "... more rows: a taller terminal shows them, or type show", role_attr(ROLE_HINT));
}

static void
draw_syscall(const struct layout *l, const char *syscall)
{
	const struct rect *r = &l->syscall;
	if (!syscall || !*syscall) {
		put(r->y, 0, r->w, "(the system call appears here after spawn)", role_attr(ROLE_HINT));
		return;
	}
	size_t len = strlen(syscall), start = 0;
	for (int line = 0; line < r->h && start < len; line++) {
		/* Break long calls at a '|' or ',' that fits. */
		size_t n = len - start;
		if (n > (size_t)r->w) {
			n = (size_t)r->w;
			for (size_t k = n; k > (size_t)r->w / 2; k--) {
				char c = syscall[start + k - 1];
				if (c == '|' || c == ',' || c == ' ') {
					n = k;
					break;
				}
			}
		}
		char buf[600];
		snprintf(buf, sizeof(buf), "%.*s", (int)n, syscall + start);
		put(r->y + line, 0, r->w, buf, A_BOLD);
		start += n;
	}
}

/* Wraps t at width cells into visual lines (byte offset and length of each,
 * at most max): at a space, or inside a word longer than a line at a
 * character boundary, never inside a UTF-8 character; lines after the
 * first are indent cells narrower.  Returns the number of lines. */
static int
wrap_text(const char *t, int width, int indent, size_t *start, size_t *len, int max)
{
	size_t total = strlen(t), pos = 0;
	int n = 0;
	if (width < 1)
		width = 1;
	while (n < max) {
		int avail = n > 0 && width - indent >= 1 ? width - indent : width, used = 0;
		size_t p = pos, brk = 0, k = 0;
		bool word = false;	/* a visible character on this line so far */
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		while (p < total) {
			wchar_t wc;
			int w;
			k = next_char(t + p, total - p, &st, &wc, &w);
			if (used + w > avail)
				break;
			if (t[p] == ' ' && word)
				brk = p;
			else if (t[p] != ' ')
				word = true;
			used += w;
			p += k;
		}
		start[n] = pos;
		if (p >= total) {
			len[n++] = total - pos;
			break;
		}
		size_t end = t[p] == ' ' ? p : brk > pos ? brk : p > pos ? p : pos + k;
		len[n++] = end - pos;
		while (len[n - 1] > 0 && t[start[n - 1] + len[n - 1] - 1] == ' ')
			len[n - 1]--;
		pos = end;
		while (t[pos] == ' ')
			pos++;
		if (pos >= total)
			break;
	}
	return n;
}

static void
draw_output(const struct rect *r, const struct scrollback *sb)
{
	if (!sb || r->h <= 0)
		return;
	/* Wrap lines to the width, newest at the bottom, offset lines up. */
	int skip = sb->offset, y = r->y + r->h - 1;
	if (sb->offset > 0) {
		put(y, 0, r->w, "-- more below: PgDn --", role_attr(ROLE_HINT));
		y--;
	}
	static size_t start[1024], len[1024];
	for (size_t i = sb->count; i-- > 0 && y >= r->y; ) {
		const struct scrollback_line *ln = scrollback_get(sb, i);
		const char *t = ln->text;
		/* A wrapped line goes on under its own indentation. */
		int indent = (int)strspn(t, " ");
		if (indent > r->w / 2)
			indent = 0;
		int nlines = wrap_text(t, r->w, indent, start, len, (int)ARRAY_SIZE(start));
		for (int k = nlines - 1; k >= 0 && y >= r->y; k--) {
			if (skip > 0) {
				skip--;
				continue;
			}
			char seg[4200];
			size_t n = len[k] < sizeof(seg) - 1 ? len[k] : sizeof(seg) - 1;
			memcpy(seg, t + start[k], n);
			seg[n] = '\0';
			int x = k > 0 ? indent : 0;
			put_text(y, x, r->w - x, seg, role_attr(ln->error ? ROLE_ERROR : ROLE_NORMAL), false);
			y--;
		}
	}
}

static void
draw_prompt(const struct rect *r, const struct pane_model *m)
{
	const char *prompt = m->prompt ? m->prompt : "";
	const char *line = m->line ? m->line : "";
	int pw = text_width(prompt, strlen(prompt));
	size_t point = m->point < 0 ? 0 : (size_t)m->point;
	if (point > strlen(line))
		point = strlen(line);
	int cw = text_width(line, point);
	/* Scroll the line sideways so the cursor stays on screen. */
	const char *from = line;
	int room = r->w - pw - 1;
	while (room > 0 && cw > room && *from) {
		int first = text_width(from, 1 + (size_t)(mblen(from, MB_CUR_MAX) > 1 ?
		    mblen(from, MB_CUR_MAX) - 1 : 0));
		from += mblen(from, MB_CUR_MAX) > 0 ? mblen(from, MB_CUR_MAX) : 1;
		cw -= first;
	}
	put(r->y, 0, r->w, prompt, A_BOLD);
	put(r->y, pw, r->w - pw, from, A_NORMAL);
	move(r->y, pw + cw < r->w ? pw + cw : r->w - 1);
}

/* --- projector mode ---------------------------------------------------------- */

#define BANNER_W 12	/* " != PENDING " in ASCII, the widest */
#define PROJ_INDENT 2

static void
draw_too_small(const struct rect *r)
{
	char notice[160];
	snprintf(notice, sizeof(notice), "terminal %dx%d is too small for the pane (needs %dx%d); "
	    "the prompt still works", COLS, LINES, LAYOUT_MIN_COLS, LAYOUT_MIN_LINES);
	put(r->y, 0, r->w, notice, role_attr(ROLE_STATUS));
}

/* The word read from the back of the room: a refused clone is REFUSED, a
 * child that was killed or overflowed its stack FAILED. */
static const char *
banner_word(enum verdict v, enum view_group g)
{
	switch (v) {
	case V_SHARED: return "SHARED";
	case V_COPIED: return "COPIED";
	case V_NEW: return "NEW";
	case V_FAILED: return "FAILED";
	case V_REFUSED: return "REFUSED";
	case V_PENDING: return "PENDING";
	case V_UNKNOWN: return "UNKNOWN";
	case V_SAME: return "SAME";
	case V_DIFFERS: return "DIFFERS";
	case V_NONE: break;
	}
	return "";
}

/* A verdict as a banner: symbol and word in reverse video, padded to width
 * cells, so it reads as a block even where the scheme has no colour. */
static void
draw_banner(int y, int x, int width, enum verdict v, enum view_group g, const char *tail)
{
	char buf[256];
	snprintf(buf, sizeof(buf), " %s %s%s", verdict_symbol(v, pane_is_utf8), banner_word(v, g),
	    tail ? tail : "");
	int w = text_width(buf, strlen(buf));
	for (size_t n = strlen(buf); w < width && n + 1 < sizeof(buf); w++, n++) {
		buf[n] = ' ';
		buf[n + 1] = '\0';
	}
	put(y, x, width, buf, role_attr(verdict_role(v)) | A_REVERSE | A_BOLD);
}

/* s without a trailing " (...)", which the room can do without. */
static void
drop_aside(char *s)
{
	size_t n = strlen(s);
	char *open = strrchr(s, '(');
	if (n > 0 && s[n - 1] == ')' && open && open > s && open[-1] == ' ')
		open[-1] = '\0';
}

/* "parent: X · child: Y" in width cells, dropping asides before cutting. */
static void
draw_sides(int y, int x, int width, const struct view_row *r, attr_t a)
{
	const char *dot = pane_is_utf8 ? " · " : " | ";
	char p[VIEW_TEXT], c[VIEW_TEXT], buf[2 * VIEW_TEXT + 40];

	str_copy(p, r->parent, sizeof(p));
	str_copy(c, r->child, sizeof(c));
	for (int pass = 0; pass < 2; pass++) {
		if (r->span || !c[0])
			snprintf(buf, sizeof(buf), "%s%s", r->span || !p[0] ? "" : "parent: ", p);
		else
			snprintf(buf, sizeof(buf), "parent: %s%schild: %s", p[0] ? p : "-", dot, c);
		if (text_width(buf, strlen(buf)) <= width)
			break;
		drop_aside(p);
		drop_aside(c);
	}
	put(y, x, width, buf, a);
}

/* Words wrapped at spaces into at most h lines of width cells; the lines used. */
static int
put_wrapped(int y, int x, int width, int h, const char *text, attr_t a)
{
	int used = 0;
	const char *q = text;
	while (*q && used < h) {
		size_t len = strlen(q), cut = len;
		if (text_width(q, len) > width) {
			cut = 0;
			for (size_t k = 0; k < len && text_width(q, k) <= width; k++)
				if (q[k] == ' ')
					cut = k;
			if (cut == 0)
				cut = (size_t)width;
		}
		char piece[512];
		snprintf(piece, sizeof(piece), "%.*s", (int)(cut < sizeof(piece) ? cut : sizeof(piece) - 1), q);
		/* The last line ends in an ellipsis when text is left over. */
		put(y + used, x, width, used + 1 == h && q[cut] ? q : piece, a);
		used++;
		q += cut;
		while (*q == ' ')
			q++;
	}
	return used;
}

/* A refused clone fills the body: one banner with the errno, then the rule. */
static void
draw_refused(const struct rect *b, const struct view *v)
{
	const char *errno_text = v->rows[0].parent, *rule = "";
	for (int i = 1; i < v->nrows; i++)
		if (v->rows[i].group == VG_CLONE && v->rows[i].span)
			rule = v->rows[i].parent;
	char tail[VIEW_TEXT + 16];
	snprintf(tail, sizeof(tail), "   %s", errno_text);
	/* Three lines high where the rule still has room below. */
	int y = b->y;
	bool tall = b->h >= 8;
	attr_t a = role_attr(ROLE_FAILED) | A_REVERSE | A_BOLD;
	char blank[512];
	snprintf(blank, sizeof(blank), "%*s", b->w < 511 ? b->w : 511, "");
	if (tall)
		put(y++, 0, b->w, blank, a);
	draw_banner(y++, 0, b->w, V_REFUSED, VG_CLONE, tail);
	if (tall)
		put(y++, 0, b->w, blank, a);
	y++;
	if (y + 1 >= b->y + b->h)
		return;
	put(y++, PROJ_INDENT, b->w - PROJ_INDENT, "THE RULE", role_attr(ROLE_GROUP));
	put_wrapped(y, PROJ_INDENT, b->w - 2 * PROJ_INDENT, b->y + b->h - y, rule,
	    role_attr(ROLE_NORMAL));
}

/* One focused group: its name in capitals, then its most telling rows;
 * the lines used. */
static int
draw_group(const struct rect *g, int nrows, const struct view_focus *f, const struct view *v,
    int label_w, bool first)
{
	char head[128];
	snprintf(head, sizeof(head), "%s", view_group_names[f->group]);
	for (char *c = head; *c; c++)
		*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
	int x = put(g->y, PROJ_INDENT, g->w - PROJ_INDENT, head, role_attr(ROLE_GROUP));
	x += PROJ_INDENT;
	put(g->y, PROJ_INDENT + x, g->w - PROJ_INDENT - x, f->gloss, role_attr(ROLE_HINT));

	if (!v || v->nrows == 0) {
		if (first && nrows > 0) {
			put(g->y + 1, PROJ_INDENT, g->w - PROJ_INDENT,
			    "no experiment yet: set it up, then type spawn", role_attr(ROLE_HINT));
			return 2;
		}
		return 1;
	}
	/* Priority 0 first, then details; shown in the view's order. */
	bool show[VIEW_MAX_ROWS] = { false };
	int chosen = 0, in_group = 0;
	for (int pr = 0; pr <= 2; pr++)
		for (int i = 0; i < v->nrows; i++) {
			if (v->rows[i].group != f->group || v->rows[i].priority != pr)
				continue;
			in_group++;
			if (chosen < nrows) {
				show[i] = true;
				chosen++;
			}
		}
	if (in_group > chosen) {
		char more[64];
		snprintf(more, sizeof(more), "+%d more: show %s", in_group - chosen, f->name);
		int w = (int)strlen(more);
		if (g->w - w - 1 > PROJ_INDENT + x + (int)strlen(f->gloss))
			put(g->y, g->w - w - 1, w, more, role_attr(ROLE_HINT));
	}
	if (in_group == 0 && nrows > 0) {
		put(g->y + 1, PROJ_INDENT, g->w - PROJ_INDENT, "(nothing measured)", role_attr(ROLE_HINT));
		return 2;
	}
	int y = g->y + 1;
	for (int i = 0; i < v->nrows && y < g->y + g->h; i++) {
		const struct view_row *r = &v->rows[i];
		if (!show[i])
			continue;
		if (r->changed)
			put(y, 0, 1, pane_is_utf8 ? "›" : ">", role_attr(ROLE_HINT) | A_BOLD);
		attr_t a = role_attr(ROLE_NORMAL) | (r->changed ? A_BOLD : A_NORMAL);
		put(y, PROJ_INDENT, label_w, r->label, a);
		int bx = PROJ_INDENT + label_w + 2;
		if (r->verdict != V_NONE)
			draw_banner(y, bx, BANNER_W, r->verdict, r->group, NULL);
		int tx = bx + BANNER_W + 2;
		draw_sides(y, tx, g->w - tx, r, a);
		y++;
	}
	return y - g->y;
}

/* The groups a projector shows for focus (0: the default), in the table's
 * order; how many. */
static int
projector_groups(unsigned int focus, const struct view_focus *groups[LAYOUT_PROJECTOR_GROUPS])
{
	unsigned int mask = focus ? focus : VIEW_FOCUS_DEFAULT;
	int ngroups = 0;
	for (int i = 0; i < view_focus_count && ngroups < LAYOUT_PROJECTOR_GROUPS; i++)
		if (mask & 1u << view_focus_table[i].group)
			groups[ngroups++] = &view_focus_table[i];
	return ngroups;
}

void
pane_lesson_rect(int page_lines, unsigned int focus, bool has_rows, bool projector,
    struct rect *r)
{
	if (projector) {
		const struct view_focus *groups[LAYOUT_PROJECTOR_GROUPS];
		struct projector_layout p;
		layout_projector(COLS, LINES, projector_groups(focus, groups), page_lines, &p);
		*r = p.lesson;
		return;
	}
	struct layout l;
	layout_compute(COLS, LINES, &l);
	layout_add_lesson(&l, page_lines, LAYOUT_LESSON_PANE(has_rows));
	*r = l.lesson;
}

static void
draw_projector(const struct pane_model *m)
{
	const struct view_focus *groups[LAYOUT_PROJECTOR_GROUPS];
	int ngroups = projector_groups(m->focus, groups);

	struct projector_layout p;
	layout_projector(COLS, LINES, ngroups, m->page ? m->page_lines : m->lesson ? 2 : 0, &p);
	erase();
	if (p.too_small) {
		draw_too_small(&p.notice);
		draw_output(&p.output, m->out);
		draw_prompt(&p.prompt, m);
		return;
	}
	char status[512];
	snprintf(status, sizeof(status), "%-*s", p.status.w, m->status ? m->status : "");
	put(p.status.y, 0, p.status.w, status, role_attr(ROLE_STATUS));

	const char *tag = m->light ? "projector · light" : "projector · dark";
	if (!pane_is_utf8)
		tag = m->light ? "projector: light" : "projector: dark";
	int tw = text_width(tag, strlen(tag));
	char phase[256];
	str_copy(phase, m->phase_line ? m->phase_line : "", sizeof(phase));
	if (text_width(phase, strlen(phase)) > p.header.w - tw - 2)
		drop_aside(phase);
	put(p.header.y, 0, p.header.w - tw - 2, phase, role_attr(ROLE_HINT));
	put(p.header.y, p.header.w - tw - 1, tw, tag, role_attr(ROLE_GROUP));
	if (m->page && p.lesson.h > 1)
		draw_page(&p.lesson, m->page);
	else if (m->lesson && p.lesson.h > 0)
		draw_lesson(&p.lesson, m->lesson);

	const struct view *v = m->view;
	if (m->cost) {
		draw_cost(&p.body, m->cost);
	} else if (m->diagram) {
		draw_diagram(&p.body, m->graph, true, m->focus ? m->focus : VIEW_FOCUS_DEFAULT);
	} else if (v && v->nrows > 0 && v->rows[0].group == VG_CLONE) {
		draw_refused(&p.body, v);
	} else {
		/* One label column for every group, as wide as the longest label shown. */
		int label_w = 8;
		for (int i = 0; v && i < v->nrows; i++) {
			int w = text_width(v->rows[i].label, strlen(v->rows[i].label));
			label_w = w > label_w ? w : label_w;
		}
		if (label_w > 16)
			label_w = 16;
		/* A group with fewer rows than its room pulls the next one up. */
		int y = p.body.y;
		for (int i = 0; i < p.ngroups; i++) {
			struct rect g = p.group[i];
			g.y = y;
			y += draw_group(&g, p.rows, groups[i], v, label_w, i == 0) + 1;
		}
	}

	const struct rect *sc = &p.syscall;
	if (m->syscall && *m->syscall)
		put(sc->y, 0, sc->w, m->syscall, role_attr(ROLE_NORMAL) | A_BOLD);
	else
		put(sc->y, 0, sc->w, "(the system call appears here after spawn)", role_attr(ROLE_HINT));
	draw_output(&p.output, m->out);
	draw_prompt(&p.prompt, m);
}

void
pane_draw(const struct pane_model *m)
{
	struct layout l;

	if (!pane_opened)
		return;
	scheme_choose(m);
	pane_projector = m->projector;
	if (m->projector) {
		draw_projector(m);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	layout_compute(COLS, LINES, &l);
	pane_has_rows = m->view && m->view->nrows > 0 && (!m->page || m->rows_kept);
	if (m->page)
		layout_add_lesson(&l, m->page_lines, LAYOUT_LESSON_PANE(pane_has_rows));
	else if (m->lesson)
		layout_add_lesson(&l, 4, LAYOUT_LESSON_PANE(pane_has_rows));
	erase();
	if (l.too_small) {
		draw_too_small(&l.notice);
	} else {
		/* Pad the status line so the bar spans the screen. */
		char status[512];
		snprintf(status, sizeof(status), "%-*s", l.status.w, m->status ? m->status : "");
		put(l.status.y, 0, l.status.w, status, role_attr(ROLE_STATUS));
		if (m->cost)
			draw_pane_cost(&l, m);
		else if (m->diagram)
			draw_pane_diagram(&l, m);
		else
			draw_pane(&l, m);
		if (m->page && l.lesson.h > 0)
			draw_page(&l.lesson, m->page);
		else if (m->lesson && l.lesson.h > 0)
			draw_lesson(&l.lesson, m->lesson);
		draw_syscall(&l, m->syscall);
	}
	draw_output(&l.output, m->out);
	draw_prompt(&l.prompt, m);
	wnoutrefresh(stdscr);
	doupdate();
}

int
pane_snapshot(FILE *f)
{
	if (!pane_opened)
		return -1;
	for (int y = 0; y < LINES; y++) {
		wchar_t line[1024];
		int n = mvwinnwstr(curscr, y, 0, line, COLS < 1023 ? COLS : 1023);
		if (n < 0)
			n = 0;
		line[n] = L'\0';
		/* Trailing blanks are the screen's, not the text's. */
		while (n > 0 && line[n - 1] == L' ')
			line[--n] = L'\0';
		fprintf(f, "%ls\n", line);
	}
	return ferror(f) ? -1 : 0;
}

/* A cell's look as the terminal was told it: the attributes that change how
 * text reads, and the colours of its pair (-1 the terminal's own). */
struct cell_look {
	attr_t attr;
	short fg, bg;
};

static const struct { attr_t attr; const char *sgr; } look_sgr[] = {
	{ A_BOLD, "1" }, { A_DIM, "2" }, { A_ITALIC, "3" }, { A_UNDERLINE, "4" },
	{ A_BLINK, "5" }, { A_REVERSE, "7" }, { A_STANDOUT, "7" }, { A_INVIS, "8" },
};

static struct cell_look
cell_look(attr_t attr, short pair)
{
	struct cell_look k = { 0, -1, -1 };
	for (size_t i = 0; i < ARRAY_SIZE(look_sgr); i++)
		k.attr |= attr & look_sgr[i].attr;
	if (pair > 0 && pair_content(pair, &k.fg, &k.bg) == ERR)
		k.fg = k.bg = -1;
	return k;
}

static bool
look_plain(const struct cell_look *k)
{
	return k->attr == 0 && k->fg < 0 && k->bg < 0;
}

static bool
look_same(const struct cell_look *a, const struct cell_look *b)
{
	return a->attr == b->attr && a->fg == b->fg && a->bg == b->bg;
}

/* One colour as SGR: 30-37 and 90-97 (40-47, 100-107 for a background) for
 * the 16 the schemes use, 38;5;N (48;5;N) beyond. */
static void
sgr_colour(FILE *f, short c, bool bg)
{
	if (c < 0)
		return;
	if (c < 8)
		fprintf(f, ";%d", (bg ? 40 : 30) + c);
	else if (c < 16)
		fprintf(f, ";%d", (bg ? 100 : 90) + c - 8);
	else
		fprintf(f, ";%d;5;%d", bg ? 48 : 38, c);
}

/* SGR from nothing (0) to the look k. */
static void
sgr_look(FILE *f, const struct cell_look *k)
{
	attr_t done = 0;
	fputs("\033[0", f);
	for (size_t i = 0; i < ARRAY_SIZE(look_sgr); i++) {
		/* A_STANDOUT is drawn as reverse video: one 7 for both. */
		bool rev = look_sgr[i].attr == A_REVERSE || look_sgr[i].attr == A_STANDOUT;
		if (!(k->attr & look_sgr[i].attr) || (rev && (done & (A_REVERSE | A_STANDOUT))))
			continue;
		done |= look_sgr[i].attr;
		fprintf(f, ";%s", look_sgr[i].sgr);
	}
	sgr_colour(f, k->fg, false);
	sgr_colour(f, k->bg, true);
	fputc('m', f);
}

void
pane_record(void)
{
	char *frame = NULL;
	size_t len = 0;

	if (!recorder_active() || !pane_is_open())
		return;
	FILE *m = open_memstream(&frame, &len);
	if (!m)
		return;
	int r = pane_frame(m);	/* the screen with its attributes and colours */
	if (fclose(m) != 0 || r < 0) {
		free(frame);
		return;
	}
	recorder_frame(frame, len);
}

int
pane_frame(FILE *f)
{
	if (!pane_opened)
		return -1;
	int cols = COLS < 1024 ? COLS : 1024;
	fputs("\033[H\033[0m", f);
	for (int y = 0; y < LINES; y++) {
		cchar_t cells[1024];
		struct cell_look looks[1024];
		int n = 0;
		for (int x = 0; x < cols; x++) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attr;
			short pair;
			if (mvwin_wch(curscr, y, x, &cc) == ERR ||
			    getcchar(&cc, wch, &attr, &pair, NULL) == ERR)
				break;
			cells[n] = cc;
			looks[n++] = cell_look(attr, pair);
			/* A wide character's second cell is its own. */
			int w = wcwidth(wch[0]);
			if (w > 1)
				x += w - 1;
		}
		/* The blanks that end the row are one erase in their look, where
		 * erasing paints them (a background colour; not reverse video or
		 * underline, which an erase does not draw). */
		int end = n;
		while (end > 0) {
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attr;
			short pair;
			getcchar(&cells[end - 1], wch, &attr, &pair, NULL);
			if (wch[0] != L' ' || wch[1] != L'\0' ||
			    (looks[end - 1].attr & (A_REVERSE | A_STANDOUT | A_UNDERLINE)) ||
			    !look_same(&looks[end - 1], &looks[n - 1]))
				break;
			end--;
		}
		struct cell_look now = { 0, -1, -1 };
		for (int i = 0; i < end; i++) {
			wchar_t wch[CCHARW_MAX + 1];
			attr_t attr;
			short pair;
			getcchar(&cells[i], wch, &attr, &pair, NULL);
			if (!look_same(&looks[i], &now)) {
				sgr_look(f, &looks[i]);
				now = looks[i];
			}
			fprintf(f, "%ls", wch[0] ? wch : L" ");
		}
		if (end < n && !look_same(&looks[n - 1], &now)) {
			now = looks[n - 1];
			sgr_look(f, &now);
		}
		fputs("\033[K", f);
		if (!look_plain(&now))
			fputs("\033[0m", f);
		/* No newline after the last row, which would scroll. */
		if (y + 1 < LINES)
			fputc('\n', f);
	}
	int cy, cx;
	getyx(stdscr, cy, cx);	/* where draw_prompt left it, as doupdate does */
	fprintf(f, "\033[J\033[%d;%dH", cy + 1, cx + 1);
	return ferror(f) ? -1 : 0;
}
