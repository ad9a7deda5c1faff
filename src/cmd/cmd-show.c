#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "cmd.h"
#include "obs-json.h"
#include "obs-text.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "util.h"

static int
need_observation(struct session *s, const char *name)
{
	if (s->last)
		return 0;
	return cmd_error(s, "%s: nothing to show yet (run \"spawn\" first)", name);
}

static void
sections_list(char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; observation_sections[i]; i++)
		str_append(buf, len, "%s, ", observation_sections[i]);
	str_append(buf, len, "all");
}

int
cmd_show(struct session *s, int argc, char **argv)
{
	const char *section = argc > 1 ? argv[1] : "all";

	if (argc > 2)
		return cmd_too_many(s, "show");
	if (!observation_section_valid(section)) {
		char list[256];
		sections_list(list, sizeof(list));
		return cmd_error(s, "show: unknown section \"%s\" (%s)", section, list);
	}
	if (s->dry)
		return 0;
	if (need_observation(s, "show") < 0)
		return -1;
	observation_show(s->last, section, s->out);
	return 0;
}

int
cmd_report(struct session *s, int argc, char **argv)
{
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else
			return cmd_error(s, "report: unknown argument \"%s\" (usage: report [--json])",
			    argv[i]);
	}
	if (s->dry)
		return 0;
	if (need_observation(s, "report") < 0)
		return -1;
	if (json)
		cmd_print_line_of(s->out, s->last, observation_json);
	else
		observation_show(s->last, "all", s->out);
	return 0;
}
