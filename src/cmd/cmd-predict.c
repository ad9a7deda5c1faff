#include "config.h"

#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "predict.h"
#include "session.h"

/* Splits "field=value" in place at the first '=' outside a selector
 * ("effects.fds[fd=4].in_parent=true"); the value, or NULL without one. */
static char *
split_pair(char *arg)
{
	int depth = 0;
	for (char *p = arg; *p; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']' && depth > 0)
			depth--;
		else if (*p == '=' && depth == 0) {
			*p = '\0';
			return p + 1;
		}
	}
	return NULL;
}

static int
cmd_predict(struct session *s, int argc, char **argv)
{
	char err[1024];

	/* A drill's forward rounds, a lesson's closing step among them, are
	 * answered with predict. */
	if (s->course && !s->drill)
		return cmd_error(s, "predict: a lesson is running: answer its question with \"answer\" "
		    "(predict works outside lessons)");
	if (argc == 1) {
		predict_list(s->predict, s->out);
		return 0;
	}
	if (strcmp(argv[1], "clear") == 0) {
		if (argc > 2)
			return cmd_too_many(s, "predict");
		if (s->dry)
			return 0;
		size_t n = predict_pending(s->predict);
		predict_clear(s->predict);
		out_printf(s->out, "predict: forgot %zu pending prediction%s\n", n, n == 1 ? "" : "s");
		return 0;
	}
	/* All or nothing: check every pair before recording any. */
	for (int i = 1; i < argc; i++) {
		char pair[512];
		strncpy(pair, argv[i], sizeof(pair) - 1);
		pair[sizeof(pair) - 1] = '\0';
		char *value = split_pair(pair);
		if (!value)
			return cmd_error(s, "predict: \"%s\" is not FIELD=VALUE (e.g. predict vm=shared "
			    "global=42; \"predict\" alone lists, \"predict clear\" forgets)", argv[i]);
		if (predict_add(NULL, pair, value, err, sizeof(err)) < 0)
			return cmd_error(s, "%s", err);
	}
	if (s->dry)
		return 0;
	for (int i = 1; i < argc; i++) {
		char *value = split_pair(argv[i]);
		if (predict_add(&s->predict, argv[i], value, err, sizeof(err)) < 0)
			return cmd_error(s, "%s", err);
	}
	out_printf(s->out, "predict: %zu pending for the next spawn\n", predict_pending(s->predict));
	return 0;
}

const struct command cmd_predict_entry = {
	.name = "predict",
	.args = "[FIELD=VALUE... | clear]",
	.summary = "predict the next experiment, to be graded",
	.help =
	    "\"predict vm=shared files=copied global=42 exit=0\" records what you expect the next "
	    "spawn to show; after it, each prediction is graded against the kernel (right, or wrong "
	    "with the truth and the reason) and a running score is kept. Fields are the words of "
	    "the observation: vm, files, fs, sighand, io, sysvsem, global, heap, exit, signal, "
	    "pid, uts, ... or any path of report --json. Without arguments, shows the pending "
	    "predictions and the score.",
	.man =
	    "Record what you expect the next\n"
	    ".B spawn\n"
	    "to show; after it each prediction is graded against the kernel: right,\n"
	    "with the evidence, or wrong, with the truth and the reason\n"
	    ".B why\n"
	    "gives; then the session's score (\\(lqscore: 5 of 7 right this session\\(rq).\n"
	    "Predictions are forgotten once graded.\n"
	    "Fields are\n"
	    ".BR vm ,\n"
	    ".BR files ,\n"
	    ".BR fs ,\n"
	    ".BR sighand ,\n"
	    ".BR io ,\n"
	    ".BR sysvsem ,\n"
	    ".B tls\n"
	    ".RB ( shared\n"
	    "or\n"
	    ".BR copied );\n"
	    ".BR uts ,\n"
	    ".BR pid ,\n"
	    ".BR mnt ,\n"
	    ".BR net ,\n"
	    ".BR ipc ,\n"
	    ".BR user ,\n"
	    ".BR cgroup ,\n"
	    ".B time\n"
	    ".RB ( same\n"
	    "or\n"
	    ".BR new );\n"
	    ".BR global ,\n"
	    ".B heap\n"
	    "(the value the parent reads);\n"
	    ".B exit\n"
	    "(a status, or a signal such as SIGSEGV);\n"
	    ".B signal\n"
	    "(the fatal signal, or none);\n"
	    ".B pid\n"
	    "(a number: getpid() in the child);\n"
	    ".BR ppid ,\n"
	    ".BR threads ,\n"
	    ".BR mapping ,\n"
	    ".B overflow\n"
	    ".RB ( yes\n"
	    "or\n"
	    ".BR no ),\n"
	    ".B clone\n"
	    ".RB ( ok\n"
	    "or\n"
	    ".BR refused ),\n"
	    ".B errno\n"
	    "(EINVAL, or none),\n"
	    ".BR cwd ,\n"
	    ".B umask\n"
	    "and\n"
	    ".BR hostname ;\n"
	    "or any path of\n"
	    ".B report \\-\\-json\n"
	    "such as\n"
	    ".BR effects.fds[fd=4].in_parent=true .\n"
	    "Without arguments, list the pending predictions and the score;\n"
	    ".B predict clear\n"
	    "forgets the pending ones.\n"
	    "Outside lessons only: a lesson asks with\n"
	    ".BR answer .\n",
	.completer = COMPLETE_PREDICT,
	.handler = cmd_predict,
};
