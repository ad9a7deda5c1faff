/* The cost of drawing the pane, for bench/redraw.sh.
 *
 *   redraw --record FILE        runs real experiments (natively: valgrind
 *                               cannot run clone() with CLONE_VM and the like)
 *                               and saves what the pane shows: the view, the
 *                               system call, the status and output lines;
 *   redraw --replay FILE N MODE COLSxLINES
 *                               on a terminal (script(1) gives one), sizes it,
 *                               opens the pane and calls pane_draw N times;
 *                               MODE: same (nothing changed: a wake-up),
 *                               type (the prompt line grows: a keystroke),
 *                               full (a full repaint, as after Ctrl-L),
 *                               mono (as same, monochrome),
 *                               diagram (as same, view diagram: the kernel
 *                               objects laid out again at every draw).
 *
 * Instructions are counted by callgrind --toggle-collect=pane_draw. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kobjects.h"
#include "lab.h"
#include "output.h"
#include "pane.h"
#include "scrollback.h"
#include "session.h"
#include "view.h"

#define RECORD_MAGIC "clonesh-redraw-1"

/* What the pane shows, as plain data: nothing in it points anywhere. */
struct recording {
	char magic[32];
	struct view view;
	struct observation obs;	/* its pointers cleared: the diagram's kernel objects */
	char syscall[512];
	char status[512];
	char phase_line[256];
	size_t output_len;
};

static const char *const experiments[] = {
	"fn write-global 42; spawn",
	"flags = files; spawn open-fd",
	"flags = vm files sighand; fn sigaction USR1 handler; spawn",
	"help",
};

static int
record(const char *path)
{
	static struct recording rec;
	struct output_buffer buf = { 0 };
	struct output out;
	struct session s;

	if (lab_init() < 0) {
		fprintf(stderr, "redraw: could not set up the lab: %s\n", strerror(errno));
		return 1;
	}
	output_init_buffer(&out, &buf);
	session_init(&s, &out);
	for (size_t i = 0; i < sizeof(experiments) / sizeof(experiments[0]); i++) {
		out_printf(&out, "clonesh> %s\n", experiments[i]);
		if (session_run_line(&s, experiments[i]) < 0 || (i < 3 && !s.last)) {
			fprintf(stderr, "redraw: \"%s\" failed:\n%.*s\n", experiments[i], (int)buf.len,
			    buf.buf ? buf.buf : "");
			return 1;
		}
	}
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.magic, sizeof(rec.magic), "%s", RECORD_MAGIC);
	view_build(s.last, s.last->reached, &rec.view);
	view_mark_changes(&rec.view, NULL);
	rec.obs = *s.last;
	rec.obs.cfg.fn = NULL;
	rec.obs.rule_id = NULL;
	snprintf(rec.syscall, sizeof(rec.syscall), "%s", s.last->syscall);
	snprintf(rec.status, sizeof(rec.status), " clone CLONE_VM|CLONE_FILES|CLONE_SIGHAND|SIGCHLD "
	    "· stack 64k · fn sigaction USR1 handler · #%lu", s.ncommands);
	snprintf(rec.phase_line, sizeof(rec.phase_line), "last experiment: child exited "
	    "(PgUp/PgDn scroll the output, Ctrl-L redraws)");
	rec.output_len = buf.len;

	FILE *f = fopen(path, "wb");
	if (!f || fwrite(&rec, sizeof(rec), 1, f) != 1 ||
	    (buf.len && fwrite(buf.buf, buf.len, 1, f) != 1) || fclose(f) != 0) {
		fprintf(stderr, "redraw: %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("recorded %d rows and %zu bytes of output\n", rec.view.nrows, buf.len);
	output_buffer_free(&buf);
	session_done(&s);
	return 0;
}

static int
replay(const char *path, long n, const char *mode, const char *size, const char *report)
{
	static struct recording rec;
	static struct scrollback sb;
	static struct kgraph graph;
	struct winsize ws = { 0 };
	int cols, lines;

	if (sscanf(size, "%dx%d", &cols, &lines) != 2 || cols < 1 || lines < 1) {
		fprintf(stderr, "redraw: size \"%s\" is not COLSxLINES\n", size);
		return 2;
	}
	FILE *f = fopen(path, "rb");
	if (!f || fread(&rec, sizeof(rec), 1, f) != 1 || strcmp(rec.magic, RECORD_MAGIC) != 0) {
		fprintf(stderr, "redraw: %s: not a recording of this build\n", path);
		return 1;
	}
	char *text = malloc(rec.output_len + 1);
	if (!text || (rec.output_len && fread(text, rec.output_len, 1, f) != 1)) {
		fprintf(stderr, "redraw: %s: truncated\n", path);
		return 1;
	}
	fclose(f);
	scrollback_init(&sb);
	scrollback_add(&sb, text, rec.output_len, false);
	free(text);

	/* The terminal script(1) made has no size of its own: give it one. */
	ws.ws_col = (unsigned short)cols;
	ws.ws_row = (unsigned short)lines;
	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCSWINSZ, &ws) < 0) {
		fprintf(stderr, "redraw: --replay needs a terminal (bench/redraw.sh runs it in one)\n");
		return 1;
	}
	if (pane_open(strcmp(mode, "mono") == 0) < 0) {
		fprintf(stderr, "redraw: the pane would not open (TERM=%s)\n", getenv("TERM"));
		return 1;
	}
	static const char typed[] = "flags = vm files sighand; fn sigaction USR1 handler; spawn";
	char line[sizeof(typed)] = "";
	struct pane_model m = {
		.status = rec.status,
		.phase_line = rec.phase_line,
		.view = &rec.view,
		.syscall = rec.syscall,
		.out = &sb,
		.prompt = "clonesh> ",
		.line = line,
		.point = 0,
		.graph = &graph,
		.diagram = strcmp(mode, "diagram") == 0,
	};
	kgraph_build(&rec.obs, rec.obs.reached, &graph);
	for (long i = 0; i < n; i++) {
		if (strcmp(mode, "full") == 0) {
			pane_invalidate();
		} else if (strcmp(mode, "type") == 0) {
			size_t k = (size_t)i % (sizeof(typed) - 1) + 1;
			memcpy(line, typed, k);
			line[k] = '\0';
			m.point = (int)k;
		}
		pane_draw(&m);
	}
	struct layout l;
	pane_layout(&l, 0);
	pane_close();
	scrollback_done(&sb);

	FILE *r = fopen(report, "w");
	if (!r)
		return 1;
	fprintf(r, "%dx%d %d\n", l.cols, l.lines, rec.view.nrows);
	return fclose(r) == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "");
	if (argc == 3 && strcmp(argv[1], "--record") == 0)
		return record(argv[2]);
	if (argc == 7 && strcmp(argv[1], "--replay") == 0)
		return replay(argv[2], strtol(argv[3], NULL, 10), argv[4], argv[5], argv[6]);
	fprintf(stderr, "usage: redraw --record FILE\n"
	    "       redraw --replay FILE N same|type|full|mono|diagram COLSxLINES REPORT\n");
	return 2;
}
