/* trace: a real program run under ptrace, each creation measured. */
#include "config.h"

#include <errno.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "flags.h"
#include "observation.h"
#include "obs-json.h"
#include "obs-text.h"
#include "output.h"
#include "samples.h"
#include "seccomp.h"
#include "session.h"
#include "trace-model.h"
#include "trace-render.h"
#include "trace.h"
#include "util.h"

#define TRACE_USAGE "trace [--user NAME] [--events N] [--seccomp] PROGRAM [ARGS]"

/* The last trace, which trace show and trace use read, and the creation
 * trace show showed last (0: none), which next and prev move from. */
static struct trace *last_trace;
static int last_shown;

static void
trace_free_last(void)
{
	if (last_trace) {
		trace_done(last_trace);
		free(last_trace);
		last_trace = NULL;
	}
}

struct trace_run {
	struct session *s;
	struct trace *t;
	bool oom;
};

static void
on_event(void *data, const struct trace_event *ev)
{
	struct trace_run *r = data;
	if (trace_add(r->t, ev) < 0)
		r->oom = true;
}

static void
on_output(void *data, const char *buf, size_t len)
{
	struct trace_run *r = data;
	trace_add_output(r->t, buf, len);
}

static bool
on_poll(void *data)
{
	struct trace_run *r = data;
	struct session *s = r->s;
	bool stop = s->hooks.poll && s->hooks.poll(s->hooks.data);
	return stop || s->kill_request || r->oom;
}

/* The file that word names: a sample (samples/NAME), a path, or a name in
 * PATH.  0, or -1 after the one-line error. */
static int
trace_resolve(struct session *s, const char *word, char *path, size_t size)
{
	const struct sample *sm = samples_of_arg(word);
	if (sm) {
		if (!samples_path(sm, path, size))
			return cmd_error(s, "trace: the path of sample %s is too long", sm->name);
	} else if (str_prefix(word, SAMPLES_PREFIX)) {
		return cmd_error(s, "trace: no sample \"%s\" (\"trace\" alone lists them)",
		    word + strlen(SAMPLES_PREFIX));
	} else if (strchr(word, '/')) {
		str_copy(path, word, size);
	} else {
		const char *env = getenv("PATH");
		char dirs[4096];
		str_copy(dirs, env && *env ? env : "/usr/local/bin:/usr/bin:/bin", sizeof(dirs));
		bool found = false;
		for (char *save, *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
			snprintf(path, size, "%s/%s", *d ? d : ".", word);
			struct stat sb;
			found = stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && access(path, X_OK) == 0;
		}
		if (!found)
			return cmd_error(s, "trace: no program \"%s\" in PATH (give a path, or samples/NAME)",
			    word);
	}
	struct stat sb;
	if (stat(path, &sb) < 0)
		return cmd_error(s, "trace: %s: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode) || access(path, X_OK) < 0)
		return cmd_error(s, "trace: %s is not an executable file", path);
	return 0;
}

static void
list_samples(struct session *s)
{
	out_printf(s->out, "Programs to trace (trace samples/NAME), from %s:\n", samples_dir());
	for (size_t i = 0; i < samples_count; i++) {
		char name[64];
		snprintf(name, sizeof(name), "%s%s%s%s", SAMPLES_PREFIX, samples[i].name,
		    samples[i].args[0] ? " " : "", samples[i].args);
		out_printf(s->out, "  %-28s %s\n", name, samples[i].summary);
	}
	out_printf(s->out, "Any program works too: trace sh -c 'true | true'\n");
}

static int
parse_number(struct session *s, const char *what, const char *word, int *n)
{
	char *end;
	long v = strtol(word, &end, 10);
	/* A dry rehearsal traced nothing: a creation's number is all it checks. */
	if (s->dry) {
		if (*end || end == word || v < 1)
			return cmd_error(s, "trace %s: \"%s\" is not a creation's number", what, word);
		*n = (int)v;
		return 0;
	}
	if (!last_trace)
		return cmd_error(s, "trace %s: nothing traced yet (run \"trace PROGRAM\" first)", what);
	int max = last_trace->ncreations;
	if (*end || end == word || v < 1 || v > max) {
		if (max == 0)
			return cmd_error(s, "trace %s: the last trace made no creation", what);
		return cmd_error(s, "trace %s: \"%s\" is not a creation of the last trace (1 to %d)",
		    what, word, max);
	}
	*n = (int)v;
	return 0;
}

/* trace show N: creation N's observation becomes the last one, as a spawn's
 * would: show, why, compare, the pane's rows and a lesson read it. */
static int
trace_show(struct session *s, int argc, char **argv)
{
	int n;
	char word[32];
	if (argc != 3)
		return cmd_error(s, "trace show: needs one creation number (usage: trace show N|next|prev)");
	/* next and prev: the creation after or before the one shown last. */
	if (strcmp(argv[2], "next") == 0 || strcmp(argv[2], "prev") == 0) {
		int max = last_trace ? last_trace->ncreations : 0;
		int k = argv[2][0] == 'n' ? last_shown + 1 : last_shown - 1;
		if (max && (k < 1 || k > max))
			return cmd_error(s, "trace show: no creation %s creation %d (1 to %d)",
			    argv[2][0] == 'n' ? "after" : "before", last_shown, max);
		snprintf(word, sizeof(word), "%d", k < 1 ? 1 : k);
		argv[2] = word;
	}
	if (parse_number(s, "show", argv[2], &n) < 0)
		return -1;
	if (s->dry)
		return 0;
	struct observation *o = s->spare ? s->spare : nofork_alloc(sizeof(*o));
	s->spare = NULL;
	if (!o)
		return cmd_error(s, "trace show: %s", strerror(ENOMEM));
	const struct trace_event *ev = trace_creation(last_trace, n);
	trace_observation(last_trace, ev, n, o);
	last_shown = n;
	/* An experiment of the session, numbered as spawn's are (history, compare). */
	o->number = ++s->nexperiments;
	s->spare = s->last;
	s->last = o;
	if (s->json)
		cmd_print_line_of(s->out, o, observation_json);
	else
		observation_show(o, "all", s->out);
	session_after_spawn(s, o);
	return 0;
}

/* trace use N: the session's experiment takes creation N's call. */
static int
trace_use(struct session *s, int argc, char **argv)
{
	int n;
	char fl[512];
	if (argc != 3)
		return cmd_error(s, "trace use: needs one creation number (usage: trace use N)");
	if (parse_number(s, "use", argv[2], &n) < 0)
		return -1;
	if (s->dry)
		return 0;
	struct observation *o = malloc(sizeof(*o));
	if (!o)
		return cmd_error(s, "trace use: %s", strerror(ENOMEM));
	trace_observation(last_trace, trace_creation(last_trace, n), n, o);
	s->cfg.variant = o->cfg.variant;
	s->cfg.flags = o->cfg.flags;
	s->cfg.exit_signal = o->cfg.exit_signal;
	free(o);
	out_printf(s->out, "trace use: the experiment is now %s %s (spawn runs it in the lab, code "
	    "writes it as C)\n", s->cfg.variant == VARIANT_CLONE3 ? "clone3" : "clone",
	    flags_format(s->cfg.flags, s->cfg.exit_signal, fl, sizeof(fl)));
	return 0;
}

/* trace [--user NAME] PROGRAM [ARGS]: the index of PROGRAM, or -1. */
static int
trace_options(struct session *s, int argc, char **argv, struct trace_opts *op)
{
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		if (strcmp(argv[i], "--events") == 0) {
			char *end;
			long n = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : 0;
			if (i + 1 >= argc || *end || end == argv[i + 1] || n < 1 || n > TRACE_EVENTS_MAX)
				return cmd_error(s, "trace: --events needs a number of events from 1 to %d",
				    TRACE_EVENTS_MAX);
			op->max_events = (int)n;
			i++;
			continue;
		}
		if (strcmp(argv[i], "--seccomp") == 0) {
			if (!seccomp_wanted(&s->cfg))
				return cmd_error(s, "trace: --seccomp: no seccomp filter is set (try \"seccomp "
				    "clone3 enosys\" first)");
			op->filter = &s->cfg;
			continue;
		}
		if (strcmp(argv[i], "--user") != 0)
			return cmd_error(s, "trace: unknown option \"%s\" (usage: %s)", argv[i], TRACE_USAGE);
		if (i + 1 >= argc)
			return cmd_error(s, "trace: --user needs a user's name");
		if (getuid() != 0)
			return cmd_error(s, "trace: --user needs root (clonesh runs as uid %ld; the program "
			    "runs as you)", (long)getuid());
		const struct passwd *pw = getpwnam(argv[++i]);
		if (!pw)
			return cmd_error(s, "trace: --user: no user \"%s\"", argv[i]);
		op->uid = pw->pw_uid;
		op->gid = pw->pw_gid;
		op->user = argv[i];
	}
	return i;
}

static int
trace_run(struct session *s, int argc, char **argv)
{
	struct trace_opts op = { .uid = -1, .gid = -1, .timeout_ms = s->cfg.timeout_ms,
	    .max_events = TRACE_EVENTS_DEFAULT };
	char path[4096], err[512], why[256];

	int i = trace_options(s, argc, argv, &op);
	if (i < 0)
		return -1;
	if (i >= argc)
		return cmd_error(s, "trace: which program? (usage: %s)", TRACE_USAGE);
	if (s->untrusted && !samples_lesson_may_trace(argc - i, argv + i, why, sizeof(why)))
		return cmd_error(s, "trace: a lesson may not %s", why);
	if (trace_resolve(s, argv[i], path, sizeof(path)) < 0)
		return -1;
	if (s->dry)
		return 0;
	if (lab_trace_probe(err, sizeof(err)) < 0)
		return cmd_error(s, "trace: %s", err);

	struct trace *t = malloc(sizeof(*t));
	if (!t)
		return cmd_error(s, "trace: %s", strerror(ENOMEM));
	trace_init(t);
	op.path = path;
	op.argv = argv + i;
	struct trace_run r = { .s = s, .t = t };
	struct trace_hooks h = { .poll = on_poll, .event = on_event, .output = on_output, .data = &r };
	out_flush(s->out);
	s->kill_request = false;
	s->running = true;
	int ran = lab_trace(&op, &h, err, sizeof(err));
	s->running = false;
	s->kill_request = false;
	if (ran < 0) {
		trace_done(t);
		free(t);
		return cmd_error(s, "trace: could not start the tracer: %s", err);
	}
	trace_free_last();
	last_trace = t;
	last_shown = 0;
	if (s->json)
		trace_render_json(t, s->out);
	else
		trace_render_tree(t, s->out);
	if (r.oom)
		return cmd_error(s, "trace: out of memory: the trace was stopped");
	/* A program that could not be run is the command's failure. */
	if (t->why == TEND_ERROR)
		return cmd_error(s, "trace: %s: %s", path, trace_render_end(t, why, sizeof(why)));
	return 0;
}

static int
cmd_trace(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		list_samples(s);
		return 0;
	}
	if (strcmp(argv[1], "show") == 0)
		return trace_show(s, argc, argv);
	if (strcmp(argv[1], "use") == 0)
		return trace_use(s, argc, argv);
	return trace_run(s, argc, argv);
}

const struct command cmd_trace_entry = {
	.name = "trace",
	.args = "[--user NAME] [--events N] [--seccomp] PROGRAM [ARGS] | show N|next|prev | use N",
	.summary = "run a real program and measure what each of its clones shared",
	.help =
	    "Runs PROGRAM (a path, a name in PATH, or samples/NAME; \"trace\" alone lists the samples) "
	    "under ptrace, with your credentials and the experiment's timeout. At every process or "
	    "thread it creates, both parent and child are stopped and measured with spawn's probes "
	    "(kcmp for each resource, the namespaces, the ids; a vfork parent's state), the call is "
	    "decoded as strace prints it and its call site named (glibc fork(), pthread_create, "
	    "posix_spawn/system()/popen(), vfork()). Prints the tree of what it made, each creation "
	    "with what was shared, its execs and exits; --json prints one object an event. \"trace "
	    "show N\" makes creation N the last observation (show, why, compare, the pane's rows; "
	    "\"trace show next\" and \"prev\" move through them); "
	    "\"trace use N\" makes its call the experiment (spawn, code). A child made with "
	    "CLONE_UNTRACED escapes ptrace and is reported as escaped. After 10,000 events (--events N "
	    "for another bound), at the "
	    "timeout or on Ctrl-C the program and all it made are killed. As root, --user NAME runs "
	    "the program as that user. --seccomp runs it under the session's seccomp filter "
	    "(seccomp), installed in its process just before the exec.",
	.man =
	    "Run\n"
	    ".I PROGRAM\n"
	    "(a path, a name in PATH, or\n"
	    ".BI samples/ NAME ;\n"
	    ".B trace\n"
	    "alone lists the samples) under ptrace, with the learner's credentials and\n"
	    "the experiment's timeout.\n"
	    "At every creation (clone, clone3, fork, vfork) the parent and the new\n"
	    "child are both stopped and measured with the probes of\n"
	    ".B spawn\n"
	    "(kcmp for each resource, the namespaces, the ids from /proc; the state of\n"
	    "a vfork parent), the call is decoded as strace prints it (clone3's\n"
	    "struct clone_args read from the tracee) and its call site named; then\n"
	    "both go on.\n"
	    "Prints the tree of the tasks the program made, each creation with what\n"
	    "was shared, and each exec and exit; with\n"
	    ".B \\-\\-json\n"
	    "one JSON object an event (a creation carries the observation).\n"
	    ".B trace show\n"
	    ".I N\n"
	    "makes creation N the last observation (\fBnext\fP and \fBprev\fP for the\n"
	    "creation after or before the one shown last), read by\n"
	    ".BR show ,\n"
	    ".BR why ,\n"
	    ".B compare\n"
	    "and the pane;\n"
	    ".B trace use\n"
	    ".I N\n"
	    "makes its call (variant, flags, exit signal) the experiment, for\n"
	    ".B spawn\n"
	    "and\n"
	    ".BR code .\n"
	    "A child made with CLONE_UNTRACED escapes ptrace: it is reported as\n"
	    "escaped, not measured.\n"
	    "After 10,000 events (another bound with\n"
	    ".B \\-\\-events\n"
	    ".IR N ),\n"
	    "at the timeout, on Ctrl-C or\n"
	    ".BR kill ,\n"
	    "the program and every task it made are killed and reaped.\n"
	    "A set-user-ID program runs without its owner's privilege under a tracer\n"
	    "without CAP_SYS_PTRACE, which the exec line says; as root it gets it, as\n"
	    "it would untraced.\n"
	    "As root,\n"
	    ".B \\-\\-user\n"
	    ".I NAME\n"
	    "runs the program as that user.\n"
	    ".B \\-\\-seccomp\n"
	    "runs it under the session's seccomp filter (see\n"
	    ".BR seccomp ),\n"
	    "installed in its process just before the exec (with\n"
	    ".BR PR_SET_NO_NEW_PRIVS ).\n"
	    "A lesson may trace only the shipped samples and\n"
	    ".B sh \\-c\n"
	    "lines of true, false, echo and pipes.\n",
	.completer = COMPLETE_TRACE,
	.handler = cmd_trace,
};
