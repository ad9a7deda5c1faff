#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "funcs.h"
#include "signals.h"
#include "util.h"

/*
 * The one table of child functions, in the order `help fn` and completion
 * list them.  Each is defined in its own file of this folder (write-global.c
 * defines childfn_write_global): adding a function is that file and one line
 * here.
 */
#define CHILD_FUNCS(F) \
	F(hello) \
	F(seed_hello) \
	F(printf_locked) \
	F(libc_close) \
	F(write_global) \
	F(write_heap) \
	F(mmap_new) \
	F(touch_pages) \
	F(open_fd) \
	F(close_fd) \
	F(seek_fd) \
	F(sigaction) \
	F(sigmask) \
	F(chdir) \
	F(umask) \
	F(ioprio) \
	F(sethostname) \
	F(ids) \
	F(exit) \
	F(crash) \
	F(recurse) \
	F(sleep) \
	F(spin) \
	F(fork_bomb) \
	F(exec) \
	F(exec_probe) \
	/* the end of the table */

#define DECLARE(id) extern const struct child_func childfn_##id;
CHILD_FUNCS(DECLARE)

#define POINT(id) &childfn_##id,
const struct child_func *const funcs_table[] = { CHILD_FUNCS(POINT) };

const size_t funcs_count = ARRAY_SIZE(funcs_table);

const struct child_func *
funcs_default(void)
{
	return &childfn_hello;
}

const struct child_func *
funcs_find(const char *name)
{
	for (size_t i = 0; i < funcs_count; i++)
		if (strcasecmp(funcs_table[i]->name, name) == 0)
			return funcs_table[i];
	return NULL;
}

static int
parse_long(const char *s, int base, long *out)
{
	char *end;
	if (!*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	long v = strtol(s, &end, base);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int
parse_arg(const struct child_func *f, int i, const char *text, struct fn_args *a,
    char *err, size_t errlen)
{
	long v = 0;
	const char *argname = i == 0 ? "first argument" : i == 1 ? "second argument" : "argument";

	if (strlen(text) >= FN_ARG_LEN) {
		snprintf(err, errlen, "%s: %s is %zu bytes long (at most %d)", f->name, argname,
		    strlen(text), FN_ARG_LEN - 1);
		return -1;
	}
	switch (f->kinds[i]) {
	case ARG_NONE:
		break;
	case ARG_INT:
		if (parse_long(text, 10, &v) < 0 || v < f->lo[i] || v > f->hi[i]) {
			snprintf(err, errlen, "%s: \"%s\" is not a whole number from %ld to %ld "
			    "(usage: %s %s)", f->name, text, f->lo[i], f->hi[i], f->name, f->usage);
			return -1;
		}
		break;
	case ARG_OCTAL:
		if (parse_long(text, 8, &v) < 0 || v < f->lo[i] || v > f->hi[i]) {
			snprintf(err, errlen, "%s: \"%s\" is not an octal mode from 0 to 0777 "
			    "(try 022, 077)", f->name, text);
			return -1;
		}
		break;
	case ARG_SIGNAL:
		v = signal_parse(text);
		if (v <= 0) {
			snprintf(err, errlen, "%s: \"%s\" is not a signal (try SIGUSR1, USR2, TERM, "
			    "or a number from 1 to 64)", f->name, text);
			return -1;
		}
		if (v == SIGKILL || v == SIGSTOP) {
			snprintf(err, errlen, "%s: %s cannot be caught, blocked or ignored "
			    "(try SIGUSR1, SIGTERM, SIGINT)", f->name, v == SIGKILL ? "SIGKILL" : "SIGSTOP");
			return -1;
		}
		break;
	case ARG_WORD: {
		const char *const *w = f->words[i];
		bool found = false;
		char list[160] = "";
		for (int k = 0; w && w[k]; k++) {
			if (strcasecmp(w[k], text) == 0) {
				found = true;
				text = w[k];
			}
			str_append(list, sizeof(list), "%s%s", k ? ", " : "", w[k]);
		}
		if (!found) {
			snprintf(err, errlen, "%s: \"%s\" is not allowed here (allowed: %s)", f->name,
			    text, list);
			return -1;
		}
		break;
	}
	case ARG_STRING:
		if (f->hi[i] && (long)strlen(text) > f->hi[i]) {
			snprintf(err, errlen, "%s: \"%s\" is longer than %ld bytes", f->name, text,
			    f->hi[i]);
			return -1;
		}
		if (!*text && f->lo[i]) {
			snprintf(err, errlen, "%s: the %s is empty (usage: %s %s)", f->name, argname,
			    f->name, f->usage);
			return -1;
		}
		break;
	case ARG_PATH:
		if (!*text) {
			snprintf(err, errlen, "%s: the path is empty (usage: %s %s)", f->name, f->name,
			    f->usage);
			return -1;
		}
		break;
	}
	str_copy(a->argv[i], text, FN_ARG_LEN);
	a->iarg[i] = v;
	return 0;
}

int
funcs_parse_args(const struct child_func *f, struct fn_args *a, int argc,
    char *const argv[], char *err, size_t errlen)
{
	struct fn_args tmp;

	if (argc < f->min_args || argc > f->max_args) {
		if (f->max_args == 0)
			snprintf(err, errlen, "%s: takes no arguments", f->name);
		else
			snprintf(err, errlen, "%s: %s arguments (usage: %s %s)", f->name,
			    argc < f->min_args ? "missing" : "too many", f->name, f->usage);
		return -1;
	}
	memset(&tmp, 0, sizeof(tmp));
	for (int i = 0; i < f->max_args; i++) {
		const char *text = i < argc ? argv[i] : f->defaults[i];
		if (!text)
			break;
		if (parse_arg(f, i, text, &tmp, err, errlen) < 0)
			return -1;
		tmp.argc = i + 1;
	}
	*a = tmp;
	return 0;
}
