#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <langinfo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "cost-text.h"
#include "cost.h"
#include "costlab.h"
#include "lab.h"
#include "obs-json.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "util.h"

#define COST_MIN ((uint64_t)1 << 20)		/* 1m */
#define COST_MAX ((uint64_t)4 << 30)		/* 4g */
#define COST_ALLOWED "1m to 4g, for example 1m, 64m, 256m, 1g; or several: 1m,256m"

/* The series without --memory: as much of it as half the available memory holds. */
static const uint64_t series[] = { 1ULL << 20, 64ULL << 20, 256ULL << 20, 1ULL << 30 };

/* "64m" into *out; 0, or -1 after the error. */
static int
cost_parse_size(struct session *s, const char *w, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!isdigit((unsigned char)*w))
		return cmd_error(s, "cost: --memory \"%s\" is not a size (%s)", w, COST_ALLOWED);
	unsigned long long n = strtoull(w, &end, 10);
	unsigned shift = 0;
	if (strcasecmp(end, "k") == 0)
		shift = 10;
	else if (strcasecmp(end, "m") == 0)
		shift = 20;
	else if (strcasecmp(end, "g") == 0)
		shift = 30;
	else if (*end)
		return cmd_error(s, "cost: --memory \"%s\" is not a size (%s)", w, COST_ALLOWED);
	if (errno || n > (COST_MAX >> shift) || (n << shift) > COST_MAX)
		return cmd_error(s, "cost: --memory %s is more than 4g (%s)", w, COST_ALLOWED);
	if ((n << shift) < COST_MIN)
		return cmd_error(s, "cost: --memory %s is less than 1m (%s)", w, COST_ALLOWED);
	*out = (uint64_t)n << shift;
	return 0;
}

/* --memory's list, sorted, each size once; the count, or -1 after the error. */
static int
cost_parse_list(struct session *s, const char *list, uint64_t *sizes)
{
	char buf[256];
	int n = 0;
	str_copy(buf, list, sizeof(buf));
	for (char *save = NULL, *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		uint64_t v = 0;
		if (cost_parse_size(s, w, &v) < 0)
			return -1;
		if (n == COST_MAX_SIZES)
			return cmd_error(s, "cost: --memory: more than %d sizes", COST_MAX_SIZES);
		int k = n;
		while (k > 0 && sizes[k - 1] > v) {
			sizes[k] = sizes[k - 1];
			k--;
		}
		if (k > 0 && sizes[k - 1] == v) {
			memmove(sizes + k, sizes + k + 1, (size_t)(n - k) * sizeof(*sizes));
			continue;
		}
		sizes[k] = v;
		n++;
	}
	if (n == 0)
		return cmd_error(s, "cost: --memory needs a size (%s)", COST_ALLOWED);
	return n;
}

static bool
cost_poll(void *data)
{
	struct session *s = data;
	return (s->hooks.poll && s->hooks.poll(s->hooks.data)) || s->kill_request;
}

/* Measures each size in a lab of its own into o->cost; 0, 1 interrupted, -1 after the error. */
static int
cost_measure(struct session *s, const uint64_t *sizes, int n, struct observation *o)
{
	struct cost_result *c = &o->cost;
	c->runs = COST_RUNS;
	for (int i = 0; i < n; i++) {
		char err[256];
		s->running = true;
		int r = costlab_measure(sizes[i], COST_RUNS, cost_poll, s, &c->sizes[i], err, sizeof(err));
		s->running = false;
		if (r == 1)
			return 1;
		if (r < 0)
			return cmd_error(s, "cost: the lab could not measure: %s", err);
		c->nsizes = i + 1;
	}
	c->measured = true;
	return 0;
}

static int
cmd_cost(struct session *s, int argc, char **argv)
{
	uint64_t sizes[COST_MAX_SIZES];
	int n = 0;
	bool json = s->json;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--memory") == 0 && i + 1 < argc) {
			if ((n = cost_parse_list(s, argv[++i], sizes)) < 0)
				return -1;
		} else if (strcmp(argv[i], "--memory") == 0) {
			return cmd_error(s, "cost: --memory needs a size (%s)", COST_ALLOWED);
		} else {
			return cmd_error(s, "cost: unknown argument \"%s\" (usage: cost [--memory "
			    "SIZE[,SIZE...]] [--json])", argv[i]);
		}
	}
	/* The lab touches every page: refuse what would push this machine
	 * into swapping or the OOM killer. */
	uint64_t avail = costlab_available(), half = avail / 2;
	char a[32], b[32];
	if (n > 0 && avail && sizes[n - 1] > half)
		return cmd_error(s, "cost: --memory %s is more than half the memory this machine has "
		    "available (%s): at most %s here", size_format((size_t)sizes[n - 1], a, sizeof(a)),
		    size_format((size_t)avail, b, sizeof(b)), size_format((size_t)half, a, sizeof(a)));
	if (s->dry)
		return 0;
	if (n == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(series); i++)
			if (!avail || series[i] <= half)
				sizes[n++] = series[i];
		if (n < (int)ARRAY_SIZE(series) && !json)
			out_printf(s->out, "cost: the series stops at %s: half the available memory "
			    "(%s) holds no more\n", size_format((size_t)sizes[n - 1], a, sizeof(a)),
			    size_format((size_t)avail, b, sizeof(b)));
	}

	struct observation *o = s->spare ? s->spare : nofork_alloc(sizeof(*o));
	s->spare = NULL;
	if (!o)
		return cmd_error(s, "cost: %s", strerror(ENOMEM));
	observation_init(o);
	out_flush(s->out);
	s->kill_request = false;
	int r = cost_measure(s, sizes, n, o);
	s->kill_request = false;
	if (r != 0) {
		s->spare = o;
		if (r == 1)
			out_printf(s->out, "cost: interrupted: nothing measured is kept\n");
		return r < 0 ? -1 : 0;
	}
	/* An experiment of the session, numbered as spawn's are: a lesson
	 * grades it, history keeps it, the pane draws its chart. */
	o->number = ++s->nexperiments;
	o->cfg = s->cfg;
	snprintf(o->syscall, sizeof(o->syscall), "cost: fork(), vfork(), clone(CLONE_VM), "
	    "posix_spawn(), pthread_create() timed in a lab");
	s->spare = s->last;
	s->last = o;
	if (json)
		cmd_print_line_of(s->out, o, observation_cost_json);
	else if (s->fe && s->fe->pane_open())
		out_printf(s->out, "cost: measured, drawn above (show prints the figures, report --json "
		    "their JSON)\n");
	else
		cost_text(&o->cost, strcmp(nl_langinfo(CODESET), "UTF-8") == 0, s->out);
	session_after_spawn(s, o);
	return 0;
}

const struct command cmd_cost_entry = {
	.name = "cost",
	.args = "[--memory SIZE[,SIZE...]] [--json]",
	.summary = "time fork, vfork, clone(CLONE_VM), posix_spawn and pthread_create as memory grows",
	.help =
	    "Times five ways of creating a child in a lab process whose memory holds touched pages "
	    "(1m to 4g, at most half the memory available; without --memory the series 1m, 64m, "
	    "256m, 1g, as far as it fits): fork(), vfork(), clone(CLONE_VM) with a stack of its own, "
	    "posix_spawn() of /bin/true and pthread_create(). Each is timed from the call until it "
	    "returned in the parent, 15 times, and the median is shown, with the lab's page tables "
	    "(VmPTE) and how many times each median grew from the smallest size to the largest. "
	    "The pane draws it as a bar chart; --json prints it as JSON (the \"cost\" object of "
	    "report --json). Each size is a lab of its own, which exits when measured: clonesh's "
	    "memory does not grow. A lesson grades predictions on cost.fork.grows and the like.",
	.man =
	    "Time\n"
	    ".BR fork (),\n"
	    ".BR vfork (),\n"
	    ".BR clone (CLONE_VM),\n"
	    ".BR posix_spawn ()\n"
	    "of\n"
	    ".I /bin/true\n"
	    "and\n"
	    ".BR pthread_create ()\n"
	    "in a lab process whose memory holds\n"
	    ".I SIZE\n"
	    "of touched pages (1m to 4g, at most half the memory available; several separated by\n"
	    "commas; without\n"
	    ".BR \\-\\-memory ,\n"
	    "the series 1m, 64m, 256m, 1g as far as it fits).\n"
	    "Each is timed from the call until it returned in the parent, 15 times; the median\n"
	    "is shown beside the lab's page tables (VmPTE), as a bar chart in the pane, and with\n"
	    ".B \\-\\-json\n"
	    "as the JSON object\n"
	    ".B cost\n"
	    "that\n"
	    ".B report \\-\\-json\n"
	    "also writes afterwards.\n",
	.completer = COMPLETE_COST,
	.handler = cmd_cost,
};
