/* Walks the table of the programs to trace (src/core/samples.c): names
 * unique and documented, each one built where samples_dir() looks, each C
 * file of samples/ in the table; and the rule of what a lesson may trace. */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sched.h>
#include <signal.h>

#include "clone-compat.h"
#include "samples.h"
#include "tap.h"
#include "trace-model.h"

static bool
filled(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static void
table(void)
{
	ok(samples_count >= 12, "the table has the 12 samples of issue 15 (%zu)", samples_count);
	for (size_t i = 0; i < samples_count; i++) {
		const struct sample *s = &samples[i];
		ok(filled(s->name) && !strchr(s->name, '/') && filled(s->file) && !strchr(s->file, '/'),
		    "%s: a name and a file, without a slash", s->name);
		ok(filled(s->call) && filled(s->summary) && s->args != NULL,
		    "%s: its call, its summary and its usage", s->name);
		ok(strlen(s->summary) <= 72, "%s: the summary fits a line (%zu <= 72)", s->name,
		    strlen(s->summary));
		bool unique = true;
		for (size_t j = 0; j < i; j++)
			unique = unique && strcmp(samples[j].name, s->name) != 0;
		ok(unique, "%s: the name is unique", s->name);
		ok(samples_find(s->name) == s, "%s: samples_find finds it", s->name);
		char arg[64];
		snprintf(arg, sizeof(arg), "samples/%s", s->name);
		ok(samples_of_arg(arg) == s, "%s: \"%s\" names it", s->name, arg);
	}
	ok(samples_of_arg("pthread") == NULL, "a bare name is not a sample (it is a program in PATH)");
	ok(samples_of_arg("samples/nope") == NULL, "samples/nope is not a sample");
	ok(samples_of_arg("samples/../../bin/sh") == NULL, "samples/../../bin/sh is not a sample");
}

/* Each program is built where clonesh looks for it (the build tree's, which
 * make check names with CLONESH_SAMPLEDIR). */
static void
built(void)
{
	const char *dir = getenv("CLONESH_SAMPLEDIR");
	if (!dir) {
		skip(1, "CLONESH_SAMPLEDIR is not set (make check sets it)");
		return;
	}
	ok(strcmp(samples_dir(), dir) == 0, "samples_dir() is CLONESH_SAMPLEDIR");
	for (size_t i = 0; i < samples_count; i++) {
		char path[PATH_MAX];
		ok(samples_path(&samples[i], path, sizeof(path)) && access(path, X_OK) == 0,
		    "%s: %s is built and executable", samples[i].name, path);
	}
}

/* Every samples/NAME.c of the source tree has its row. */
static void
sources(void)
{
	const char *top = getenv("TOP_SRCDIR");
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/samples", top ? top : ".");
	DIR *d = opendir(path);
	if (!d) {
		skip(1, "no samples/ under TOP_SRCDIR (make check sets it)");
		return;
	}
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		if (len < 3 || strcmp(de->d_name + len - 2, ".c") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(len - 2), de->d_name);
		ok(samples_find(name) != NULL, "samples/%s has its row in the table", de->d_name);
		n++;
	}
	closedir(d);
	ok((size_t)n == samples_count, "as many C files in samples/ as rows (%d, %zu)", n,
	    samples_count);
}

/* samples_lesson_may_trace on the words given (NULL after the last), copied
 * into the writable words a command handler has. */
static char why[256];

static bool __attribute__((sentinel))
may(const char *word, ...)
{
	static char words[4][64];
	char *argv[5] = { NULL };
	int argc = 0;
	va_list ap;
	va_start(ap, word);
	for (const char *w = word; w && argc < 4; w = va_arg(ap, const char *)) {
		snprintf(words[argc], sizeof(words[argc]), "%s", w);
		argv[argc] = words[argc];
		argc++;
	}
	va_end(ap);
	why[0] = '\0';
	return samples_lesson_may_trace(argc, argv, why, sizeof(why));
}
#define MAY(...) may(__VA_ARGS__, (const char *)NULL)

static void
lesson_rule(void)
{
	ok(MAY("samples/pthread"), "a lesson may trace samples/pthread");
	ok(MAY("samples/forkbomb", "3"), "a lesson may trace a sample with its arguments");
	ok(MAY("sh", "-c", "true | true"), "a lesson may trace sh -c 'true | true'");
	ok(MAY("sh", "-c", "echo hi|true|false"), "a lesson may trace sh -c 'echo hi|true|false'");
	ok(MAY("sh", "-c", "  false "), "a lesson may trace sh -c ' false '");

	static const char *const refused[][2] = {
		{ "rm -rf x", "\"rm\" in sh -c (only true, false, echo and |)" },
		{ "true; rm x", "\"true;\" in sh -c" },
		{ "true && false", "\"&&\" in sh -c" },
		{ "echo $HOME", "\"$HOME\" in sh -c (plain words and | only)" },
		{ "echo `id`", "\"`id`\"" },
		{ "echo a>b", "\"a>b\"" },
		{ "echo a&", "\"a&\"" },
		{ "true\nid", "\"true\nid\"" },
		{ "echo *", "\"*\"" },
		{ "", "no command" },
		{ "true |", "missing after a |" },
		{ "| true", "missing before a |" },
		{ "true || false", "missing before a |" },
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		bool allowed = MAY("sh", "-c", refused[i][0]);
		bool said = strstr(why, refused[i][1]) != NULL;
		for (char *nl; (nl = strchr(why, '\n')) != NULL;)
			*nl = '^'; /* one line of TAP */
		ok(!allowed && said, "sh -c refuses line %zu: %s", i + 1, why);
	}
	ok(!MAY("bash", "-c", "true") && strstr(why, "\"bash\""), "bash -c is refused: %s", why);
	ok(!MAY("sh", "-c", "true", "x"), "sh -c with an extra argument is refused: %s", why);
	ok(!MAY("sh", "true"), "sh without -c is refused: %s", why);
	ok(!MAY("/bin/true"), "a program that is not a sample is refused: %s", why);
	ok(!MAY("samples/nope") && strstr(why, "samples/NAME"), "an unknown sample is refused: %s",
	    why);
}

/* The call sites trace names (model/trace-model.c): each flag set as strace
 * saw glibc pass it, Debian 12's and Debian 13's posix_spawn both. */
static void
call_sites(void)
{
	const uint64_t pthread = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
	    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	const struct {
		enum trace_call call;
		uint64_t flags;
		int exit_signal;
		const char *site;
	} cases[] = {
		{ TCALL_CLONE, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, SIGCHLD, "glibc fork()" },
		{ TCALL_CLONE3, pthread, 0, "pthread_create" },
		{ TCALL_CLONE3, CLONE_VM | CLONE_VFORK, SIGCHLD, "posix_spawn, system() or popen()" },
		{ TCALL_CLONE3, CLONE_VM | CLONE_VFORK | CLONE_CLEAR_SIGHAND, SIGCHLD,
		    "posix_spawn, system() or popen()" },
		{ TCALL_CLONE3, CLONE_VM | CLONE_VFORK | CLONE_CLEAR_SIGHAND, 0, NULL },
		{ TCALL_CLONE, CLONE_VM, SIGCHLD, NULL },
		{ TCALL_CLONE, CLONE_NEWUTS, SIGCHLD, "a namespace clone (a container runtime's kind)" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct trace_call_args c = { .call = cases[i].call, .decoded = true,
		    .flags = cases[i].flags, .exit_signal = cases[i].exit_signal };
		const char *site = trace_call_site(&c);
		ok(cases[i].site ? site && strcmp(site, cases[i].site) == 0 : site == NULL,
		    "call site %zu: %s (got %s)", i, cases[i].site ? cases[i].site : "none known",
		    site ? site : "none");
	}
}

int
main(void)
{
	table();
	built();
	sources();
	lesson_rule();
	call_sites();
	return done_testing();
}
