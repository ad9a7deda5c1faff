#include "config.h"

#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "output.h"
#include "session.h"

int
cmd_record(struct session *s, int argc, char **argv)
{
	char err[1024];

	if (argc > 2)
		return cmd_too_many(s, "record");
	if (argc == 1 && s->dry)
		return 0;
	const struct front_end *fe = s->fe;
	if (!fe && !s->dry)
		return cmd_error(s, "record: no terminal front end to record here");
	if (argc == 1) {
		if (fe->rec_active())
			out_printf(s->out, "record: recording into %s (%.0f seconds so far; \"record "
			    "stop\" ends it)\n", fe->rec_path(), fe->rec_elapsed());
		else
			out_printf(s->out, "record: not recording (\"record FILE.cast\" starts)\n");
		return 0;
	}
	if (s->dry && strcmp(argv[1], "stop") == 0)
		return 0;
	if (s->dry)
		return *argv[1] ? cmd_dry_file(s, "record", argv[1]) :
		    cmd_error(s, "record: the file name is empty (usage: record FILE.cast | stop)");
	if (strcmp(argv[1], "stop") == 0) {
		char path[4096];
		if (!fe->rec_active())
			return cmd_error(s, "record: nothing is recording (\"record FILE.cast\" starts)");
		snprintf(path, sizeof(path), "%s", fe->rec_path());
		double secs = fe->rec_elapsed();
		if (fe->rec_stop(err, sizeof(err)) < 0)
			return cmd_error(s, "record: %s", err);
		if (!s->json)
			out_printf(s->out, "record: stopped; %s holds %.1f seconds (asciinema play "
			    "%s)\n", path, secs, path);
		return 0;
	}
	if (fe->rec_active())
		return cmd_error(s, "record: already recording into %s (record stop first)",
		    fe->rec_path());
	if (!*argv[1])
		return cmd_error(s, "record: the file name is empty (usage: record FILE.cast | stop)");

	char path[4096];
	if (session_check_write(s, argv[1], path, sizeof(path), err, sizeof(err)) < 0)
		return cmd_error(s, "record: %s", err);

	struct winsize ws = { .ws_col = 80, .ws_row = 24 };
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_col == 0 || ws.ws_row == 0) {
		ws.ws_col = 80;
		ws.ws_row = 24;
	}
	bool replaced;
	out_flush(s->out);
	if (fe->rec_start(path, ws.ws_col, ws.ws_row, &replaced, err, sizeof(err)) < 0)
		return cmd_error(s, "record: %s", err);
	/* The recording starts from a whole screen, not from what changes next. */
	if (fe->pane_open())
		fe->repaint();
	if (!s->json)
		out_printf(s->out, "record: recording into %s%s; \"record stop\" ends it\n", path,
		    replaced ? " (replacing what it held)" : "");
	return 0;
}
