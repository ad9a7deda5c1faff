/* The size, signal and function-argument parsers.  The first byte chooses
 * a child function and an output buffer length; the rest is text: the whole
 * of it goes to size_parse and signal_parse, its blank-separated words to
 * funcs_parse_args and experiment_set_fn. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "experiment.h"
#include "funcs.h"
#include "fuzz.h"

#define MAX_ARGS (FN_MAX_ARGS + 2)	/* more than any function takes */

int
fuzz_size_one(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned int choice = data[0];
	char *text = fuzz_string(data + 1, size - 1);
	char err[512];
	size_t len = (choice % 24) + 1;
	char *small = malloc(len);	/* exactly len bytes, so ASan sees an overflow */

	if (!small)
		abort();

	size_t n;
	if (size_parse(text, &n, err, sizeof(err)) == 0) {
		if (n < STACK_MIN || n > STACK_MAX)
			abort();	/* accepted sizes are in range */
		size_format(n, small, len);
	} else if (!err[0]) {
		abort();
	}
	size_parse(text, &n, small, len);
	int sig = signal_parse(text);
	if (sig >= 0) {
		char name[32];
		signal_name(sig, name, sizeof(name));
		if (signal_parse(name) != sig)
			abort();	/* a name clonesh prints reads back as the same signal */
		signal_name(sig, small, len);
	}
	signal_name((int)(choice * 7) - 64, small, len);

	/* funcs_parse_args on the words of the text */
	char *argv[MAX_ARGS + 1];
	int argc = 0;
	for (char *save = NULL, *w = strtok_r(text, " \t\n", &save); w && argc < MAX_ARGS;
	    w = strtok_r(NULL, " \t\n", &save))
		argv[argc++] = w;
	argv[argc] = NULL;

	struct experiment e;
	struct fn_args a;
	experiment_init(&e);
	const struct child_func *f = funcs_table[choice % funcs_count];
	if (funcs_parse_args(f, &a, argc, argv, err, sizeof(err)) == 0) {
		if (a.argc > FN_MAX_ARGS)
			abort();
		for (int i = 0; i < a.argc; i++)
			if (strnlen(a.argv[i], FN_ARG_LEN) == FN_ARG_LEN)
				abort();	/* every argument stays terminated */
	}
	funcs_parse_args(f, &a, argc, argv, small, len);
	if (argc > 0) {
		if (experiment_set_fn(&e, argv[0], argc - 1, argv + 1, err, sizeof(err)) == 0 &&
		    (e.fn == NULL || e.argc > FN_MAX_ARGS))
			abort();
		experiment_apply_preset(&e, argv[0], err, sizeof(err));
	}
	free(small);
	free(text);
	return 0;
}

FUZZ_ENTRY(fuzz_size_one)
