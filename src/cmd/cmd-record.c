#include "config.h"

#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "session.h"

static int
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

const struct command cmd_record_entry = {
	.name = "record",
	.args = "[FILE.cast | stop]",
	.summary = "record the session for asciinema",
	.help =
	    "\"record demo.cast\" starts recording everything clonesh shows into an asciicast v2 "
	    "file that \"asciinema play\" plays back; \"record stop\" ends it. Without arguments, "
	    "says whether a recording runs.",
	.man =
	    "Record the session as an asciicast v2 file that\n"
	    ".B asciinema play\n"
	    "plays back: each piece of text the plain front end writes (standard output\n"
	    "and errors, the prompt and what is typed), and in the pane each screen as\n"
	    "it looked, with its time: reverse video, bold, underline and the colour\n"
	    "scheme's colours as SGR escape codes (attributes only in monochrome), so the\n"
	    "projector's banners play back as banners.\n"
	    "An existing\n"
	    ".I file.cast\n"
	    "is replaced (a teacher recording again wants that); the message says so.\n"
	    ".B record stop\n"
	    "ends the recording and says how long it is; the file is then complete, also\n"
	    "if clonesh is killed afterwards.\n"
	    "Without arguments, says whether a recording runs.\n"
	    "A second\n"
	    ".B record\n"
	    "while one runs is refused.\n",
	.completer = COMPLETE_RECORD,
	.handler = cmd_record,
};
