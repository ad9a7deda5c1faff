#include "config.h"

#include <string.h>

#include "cmd.h"
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

int
cmd_predict(struct session *s, int argc, char **argv)
{
	char err[1024];

	if (s->course)
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
