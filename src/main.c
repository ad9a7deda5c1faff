#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <sys/ioctl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lab.h"
#include "lexer.h"
#include "output.h"
#include "course.h"
#include "commands.h"
#include "lesson.h"
#include "recorder.h"
#include "rehearse.h"
#include "repl.h"
#include "demo.h"
#include "tui.h"
#include "uistate.h"
#include "util.h"
#include "session.h"

#define EXIT_USAGE 2
#define READ_BUF 8192

enum {
	OPT_JSON = 256, OPT_PLAIN, OPT_NO_COLOR, OPT_CHECK_LESSON, OPT_RUN_LESSON, OPT_PROJECTOR,
	OPT_DOCTOR,
	OPT_RECORD, OPT_DEMO, OPT_TRACE,
};

struct source {
	bool is_file;
	const char *arg;	/* the commands, or the file name ("-" for stdin) */
};

struct batch {
	struct session *s;
	bool keep_going;
	bool failed;
	unsigned int c_line;	/* lines of -c strings, counted across them */
};

static void
usage(FILE *f)
{
	fputs("Usage: clonesh [OPTION]... [FILE]\n"
	    "A teaching shell for Linux clone(2): set up an experiment, spawn a real child\n"
	    "in a disposable lab process, and see what it shares with its parent.\n"
	    "\n"
	    "With -c, -f or FILE, runs those commands and exits; a FILE ending in .md is a\n"
	    "lesson, which starts at the prompt. Otherwise reads commands at a prompt when\n"
	    "standard input is a terminal (with the ncurses pane), else from standard input.\n"
	    "\n"
	    "Options:\n"
	    "  -c, --command=CMDS   run CMDS (separated by ; or newlines); may be repeated\n"
	    "  -f, --file=FILE      run the commands in FILE (- for standard input); may be\n"
	    "                       repeated; a FILE argument is the same\n"
	    "  -k, --keep-going     in batch mode, go on after a command fails\n"
	    "      --json           print each experiment's observation as one JSON line\n"
	    "                       instead of a summary, and nothing else on success\n"
	    "      --trace -- PROGRAM [ARGS]\n"
	    "                       run PROGRAM under trace: the tree of the processes and\n"
	    "                       threads it made, what each shared, measured; then exit\n"
	    "      --plain          plain lines at a terminal, without the ncurses pane\n"
	    "      --no-color       no colours in the pane (NO_COLOR=1 does the same)\n"
	    "      --projector      projector mode: large verdicts for a class (see projector)\n"
	    "      --record FILE.cast\n"
	    "                       record the session as asciicast v2 (asciinema play)\n"
	    "      --demo FILE      play a script or lesson as a paced demo: each command is\n"
	    "                       typed out and runs when a key is pressed\n"
	    "      --check-lesson FILE...\n"
	    "                       check lesson files without running them\n"
	    "      --run-lesson FILE\n"
	    "                       run a lesson start to finish, answering each prediction\n"
	    "                       with the lesson's answer; exit 1 if the kernel disagrees,\n"
	    "                       77 if this machine cannot run it\n"
	    "      --doctor         say what this system allows (user namespaces, clone3,\n"
	    "                       kcmp, seccomp, a chroot, cgroup2...) and what each limit\n"
	    "                       means for the lessons, and exit\n"
	    "  -h, --help           print this help and exit\n"
	    "  -V, --version        print the version and exit\n"
	    "\n"
	    "Exit status:\n"
	    "  0  every command succeeded (an experiment that ran succeeded, whatever the\n"
	    "     child did: the observation says what happened)\n"
	    "  1  a command failed, with a message prefixed FILE:LINE:; batch mode stops\n"
	    "     there unless --keep-going; also when clonesh could not start\n"
	    "  2  a usage error, or a script that cannot be read\n"
	    "\n"
	    "At the prompt, \"help\" lists the commands and \"explain clone\" is a start.\n", f);
}

static int
usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "clonesh: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try --help)\n");
	return EXIT_USAGE;
}

/* Runs one line with "name:lineno" as the error prefix; false to stop. */
static bool
batch_line(struct batch *b, const char *name, unsigned int lineno, const char *line)
{
	char where[1024];

	snprintf(where, sizeof(where), "%s:%u", name, lineno);
	b->s->out->where = where;
	int r = session_run_line(b->s, line);
	/* A program driving clonesh through a pipe reads each answer as it comes. */
	out_flush(b->s->out);
	b->s->out->where = "clonesh";
	if (r < 0)
		b->failed = true;
	return !b->s->quit && (r == 0 || b->keep_going);
}

static bool
batch_string(struct batch *b, const char *text)
{
	char *copy = strdup(text);
	bool go = true;

	if (!copy) {
		fprintf(stderr, "clonesh: -c: %s\n", strerror(errno));
		b->failed = true;
		return false;
	}
	for (char *line = copy; go && line; ) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		go = batch_line(b, "-c", ++b->c_line, line);
		line = nl ? nl + 1 : NULL;
	}
	free(copy);
	return go;
}

/* Reads a line without its newline into buf.  *len is its true length,
 * also when it did not fit; *nul the offset+1 of a NUL byte, 0 if none.
 * False at end of input. */
static bool
read_line(FILE *f, char *buf, size_t size, size_t *len, size_t *nul)
{
	int c;
	size_t n = 0;

	*nul = 0;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0' && *nul == 0)
			*nul = n + 1;
		if (n + 1 < size)
			buf[n] = (char)c;
		n++;
	}
	buf[n + 1 < size ? n : size - 1] = '\0';
	*len = n;
	return c != EOF || n > 0;
}

static bool
batch_file(struct batch *b, const char *path, int *status)
{
	bool is_stdin = strcmp(path, "-") == 0;
	const char *name = is_stdin ? "stdin" : path;
	FILE *f = is_stdin ? stdin : fopen(path, "re");
	char buf[READ_BUF];
	size_t len, nul;
	unsigned int lineno = 0;
	bool go = true;

	if (!f) {
		fprintf(stderr, "clonesh: cannot read %s: %s\n", path, strerror(errno));
		*status = EXIT_USAGE;
		return false;
	}
	while (go && read_line(f, buf, sizeof(buf), &len, &nul)) {
		char where[1024];
		lineno++;
		snprintf(where, sizeof(where), "%s:%u", name, lineno);
		if (len > LEXER_LINE_MAX || nul) {
			b->s->out->where = where;
			if (len > LEXER_LINE_MAX)
				out_error(b->s->out, "parse: line is %zu bytes long (at most %d)", len,
				    LEXER_LINE_MAX);
			else
				out_error(b->s->out, "parse: byte %zu is a NUL byte (commands are text)",
				    nul);
			b->s->out->where = "clonesh";
			b->failed = true;
			go = b->keep_going;
			continue;
		}
		go = batch_line(b, name, lineno, buf);
	}
	if (go && ferror(f)) {
		fprintf(stderr, "clonesh: %s: read error: %s\n", name, strerror(errno));
		b->failed = true;
		go = false;
	}
	if (!is_stdin)
		fclose(f);
	return go;
}

static int
close_stdout(int status)
{
	FILE *plain = recorder_plain();

	if (fflush(plain) != 0 || ferror(plain) || fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "clonesh: write error: %s\n", strerror(errno));
		return status ? status : 1;
	}
	return status;
}

/* --check-lesson: parses and checks each file, and rehearses its commands
 * (rehearse.h); 0 when all are sound. */
static int
check_lesson_files(int n, char **files)
{
	int status = 0;
	for (int i = 0; i < n; i++) {
		char err[1024];
		struct lesson *l = lesson_load(files[i], commands_name_of, err, sizeof(err));
		/* On a machine that cannot run the lesson, the validator's refusals
		 * would be the machine's, not the lesson's: its commands are not
		 * rehearsed there, and the line says so. */
		const char *unmet = l ? lesson_unmet(l) : NULL;
		if (!l || lesson_check(l, err, sizeof(err)) < 0 ||
		    (!unmet && rehearse_lesson(l, err, sizeof(err)) < 0)) {
			fprintf(stderr, "%s\n", err);
			status = 1;
		} else {
			printf("%s: ok, lesson %d, %d steps%s%s%s\n", files[i], l->number, l->nsteps,
			    unmet ? " (commands not rehearsed: " : "", unmet ? unmet : "", unmet ? ")" : "");
		}
		lesson_free(l);
	}
	return status;
}

/* What the command line asks for. */
struct options {
	struct source *sources;	/* -c, -f, --doctor and a script FILE, in order */
	size_t nsources;
	bool json, keep_going, plain, no_color, projector;
	bool check_lessons;
	bool trace;		/* --trace: the operands are a program to trace */
	char **trace_argv;
	int trace_argc;
	const char *run_lesson, *start_lesson, *record, *demo;
};

/* The option getopt_long stopped at, for a message: "-c", or the long one as
 * typed, without its "=VALUE". */
static const char *
option_name(char **argv, char *buf, size_t size)
{
	if (optopt)
		snprintf(buf, size, "-%c", (char)optopt);
	else
		snprintf(buf, size, "%s", argv[optind - 1]);
	buf[strcspn(buf, "=")] = '\0';
	return buf;
}

/* What follows the options: lesson files for --check-lesson, a lesson
 * FILE.md, or one script FILE.  -1 to go on, else the exit status. */
static int
parse_operands(int argc, char **argv, struct options *o)
{
	if (o->check_lessons) {
		if (optind == argc)
			return usage_error("%s", "--check-lesson needs lesson FILEs");
		return close_stdout(check_lesson_files(argc - optind, argv + optind));
	}
	if (o->trace) {
		if (optind == argc)
			return usage_error("%s", "--trace needs a PROGRAM: clonesh --trace -- PROGRAM [ARGS]");
		if (o->nsources || o->run_lesson || o->demo)
			return usage_error("%s", "--trace runs one program: not with -c, -f, --run-lesson "
			    "or --demo");
		o->trace_argv = argv + optind - 1;
		o->trace_argc = argc - optind + 1;
		return -1;
	}
	if (argc - optind > 1)
		return usage_error("%s", "too many arguments: one script FILE at most");
	if (optind < argc && str_suffix(argv[optind], ".md"))
		o->start_lesson = argv[optind];
	else if (optind < argc)
		o->sources[o->nsources++] = (struct source){ true, argv[optind] };
	if (o->demo && !(o->nsources == 0 && isatty(STDIN_FILENO))) {
		fprintf(stderr, "clonesh: --demo needs a terminal, where a key paces each command\n");
		return EXIT_USAGE;
	}
	return -1;
}

/* clonesh's long options, for parse_options. */
static const struct option longopts[] = {
	{ "command", required_argument, NULL, 'c' },
	{ "file", required_argument, NULL, 'f' },
	{ "keep-going", no_argument, NULL, 'k' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "trace", no_argument, NULL, OPT_TRACE },
	{ "plain", no_argument, NULL, OPT_PLAIN },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "check-lesson", no_argument, NULL, OPT_CHECK_LESSON },
	{ "doctor", no_argument, NULL, OPT_DOCTOR },
	{ "run-lesson", required_argument, NULL, OPT_RUN_LESSON },
	{ "projector", no_argument, NULL, OPT_PROJECTOR },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "demo", required_argument, NULL, OPT_DEMO },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* The options into *o; -1 to go on, else the exit status (after printing
 * what -h or -V asked, or the error). */
static int
parse_options(int argc, char **argv, struct options *o)
{
	char name[256];
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:f:khV", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->sources[o->nsources++] = (struct source){ false, optarg };
			break;
		case OPT_DOCTOR:
			/* The doctor command, as a script of one line. */
			o->sources[o->nsources++] = (struct source){ false, "doctor" };
			break;
		case 'f':
			o->sources[o->nsources++] = (struct source){ true, optarg };
			break;
		case 'k':
			o->keep_going = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_TRACE:
			o->trace = true;
			break;
		case OPT_PLAIN:
			o->plain = true;
			break;
		case OPT_NO_COLOR:
			o->no_color = true;
			break;
		case OPT_CHECK_LESSON:
			o->check_lessons = true;
			break;
		case OPT_RUN_LESSON:
			o->run_lesson = optarg;
			break;
		case OPT_PROJECTOR:
			o->projector = true;
			break;
		case OPT_RECORD:
			o->record = optarg;
			break;
		case OPT_DEMO:
			o->demo = optarg;
			break;
		case 'h':
			usage(stdout);
			return close_stdout(0);
		case 'V': {
			/* Whether the directory is there, so a missing one is not a mystery. */
			char state[128];
			course_lesson_dir_state(state, sizeof(state));
			printf("%s\nlessons: %s (%s)\n", PACKAGE_STRING, course_lesson_dir(), state);
			return close_stdout(0);
		}
		case ':':
			return usage_error("option %s needs an argument", option_name(argv, name,
			    sizeof(name)));
		default:
			return usage_error("unknown option %s", option_name(argv, name, sizeof(name)));
		}
	}
	return parse_operands(argc, argv, o);
}

/* At a terminal: the pane, or plain lines, until quit; "pane on|off"
 * switches between them. */
static int
run_interactive(struct session *s, const struct options *o)
{
	const char *demo = o->demo;
	int status = 0;

	for (;;) {
		ui_state.switch_front = false;
		if (ui_state.pane_on && tui_run(s, o->no_color, demo) < 0) {
			fprintf(stderr, "clonesh: this terminal cannot hold the pane; plain lines it is\n");
			ui_state.pane_on = false;
			/* The lesson's step was kept for the pane: print it. */
			if (s->course)
				course_show_step(s);
		}
		if (!ui_state.pane_on)
			status = repl_run(s, demo ? demo_plain : NULL, demo);
		demo = NULL;	/* a demo plays once; then the prompt is the teacher's */
		if (s->quit || !ui_state.switch_front)
			break;
	}
	repl_readline_done();
	return status;
}

/* A script: -c, -f, a FILE or standard input, in order. */
static int
run_batch(struct session *s, struct options *o)
{
	struct batch b = { .s = s, .keep_going = o->keep_going };
	int status = 0;

	if (o->nsources == 0)
		o->sources[o->nsources++] = (struct source){ true, "-" };
	for (size_t i = 0; i < o->nsources; i++) {
		bool go = o->sources[i].is_file ? batch_file(&b, o->sources[i].arg, &status)
		    : batch_string(&b, o->sources[i].arg);
		if (!go)
			break;
	}
	if (status == 0 && b.failed)
		status = 1;
	return status;
}

/* --record FILE: the recording starts with the terminal's size; 0 or -1. */
static int
record_start(const char *file)
{
	char err[512];
	bool replaced;
	struct winsize ws = { .ws_col = 80, .ws_row = 24 };

	ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
	if (recorder_start(file, ws.ws_col ? ws.ws_col : 80, ws.ws_row ? ws.ws_row : 24,
	    &replaced, err, sizeof(err)) < 0) {
		fprintf(stderr, "clonesh: --record: %s\n", err);
		return -1;
	}
	return 0;
}

/* A lesson FILE.md on the command line, started before the front end. */
static int
start_lesson(struct session *s, const char *file)
{
	char line[PATH_MAX + 16];
	snprintf(line, sizeof(line), "lesson '%s'", file);
	/* The pane will show the lesson: printed now, it would sit behind the
	 * pane until quit. */
	ui_state.lesson_in_pane = ui_state.pane_on;
	int rc = session_run_line(s, line);
	ui_state.lesson_in_pane = false;
	return rc;
}

int
main(int argc, char **argv)
{
	struct options o = { 0 };

	/* First, before anything is allocated; _exit runs nothing more with the
	 * borrowed ids (no atexit handler, not even LeakSanitizer's, which
	 * cannot inspect an undumpable process). */
	if (getuid() != geteuid() || getgid() != getegid()) {
		fprintf(stderr, "clonesh: refusing to run setuid or setgid\n");
		_exit(EXIT_USAGE);
	}
	o.sources = calloc((size_t)argc + 1, sizeof(*o.sources));
	if (!o.sources) {
		fprintf(stderr, "clonesh: %s\n", strerror(errno));
		return 1;
	}
	setlocale(LC_CTYPE, "");
	int status = parse_options(argc, argv, &o);
	if (status >= 0) {
		free(o.sources);
		return status;
	}
	if (lab_init() < 0) {
		fprintf(stderr, "clonesh: could not set up the lab: %s\n", strerror(errno));
		free(o.sources);
		return 1;
	}

	struct output out;
	struct session s;
	status = 0;
	/* Through the recorder, interactive or not: record works in scripts too,
	 * and without a recording the streams write straight to fds 1 and 2. */
	output_init_stdio(&out, recorder_plain(), recorder_plain_err());
	session_init(&s, &out);
	s.fe = &ui_front_end;
	s.json = o.json;
	ui_state.projector = o.projector;
	if (o.record && record_start(o.record) < 0) {
		session_done(&s);
		free(o.sources);
		return EXIT_USAGE;
	}
	if (o.trace) {
		/* trace PROGRAM [ARGS], the words as given: argv[optind - 1] is
		 * replaced by the command's name. */
		o.trace_argv[0] = (char *)"trace";
		status = session_run_command(&s, o.trace_argc, o.trace_argv) < 0 ? 1 : 0;
	} else if (o.run_lesson) {
		status = course_run(&s, o.run_lesson, session_run_line);
	} else {
		s.interactive = o.nsources == 0 && isatty(STDIN_FILENO);
		ui_state.pane_on = s.interactive && !o.plain && tui_available();
		if (o.start_lesson && start_lesson(&s, o.start_lesson) < 0)
			status = 1;
		else if (s.interactive)
			status = run_interactive(&s, &o);
		else
			status = run_batch(&s, &o);
	}
	/* Every way out after the recording started ends it, so the file is whole. */
	char err[512];
	if (recorder_stop(err, sizeof(err)) < 0) {
		fprintf(stderr, "clonesh: record: %s\n", err);
		status = status ? status : 1;
	}
	session_done(&s);
	free(o.sources);
	return close_stdout(status);
}
