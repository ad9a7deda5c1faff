/* The rules of cost's verdicts (model/cost.c), as doc/observation.md states
 * them: percent of the largest size's median over the smallest's, grows at
 * 400 or more, growth's orders, fork over vfork, grows_most; null (-1, NULL)
 * with one size or a missing median.  And the chart (render/cost-text.c)
 * lays itself out within 80 columns. */
#include "config.h"

#include <string.h>

#include "cost-text.h"
#include "cost.h"
#include "tap.h"

static void
set(struct cost_result *c, int size, long long fork_ns, long long vfork_ns)
{
	for (int m = 0; m < COST_NMETHODS; m++)
		c->sizes[size].t[m].median_ns = c->sizes[size].t[m].min_ns =
		    c->sizes[size].t[m].max_ns = 1000;
	c->sizes[size].t[COST_FORK].median_ns = fork_ns;
	c->sizes[size].t[COST_VFORK].median_ns = vfork_ns;
	c->sizes[size].bytes = (uint64_t)1 << (20 + 4 * size);
	c->sizes[size].vm_pte_kb = 50 * (size + 1);
}

int
main(void)
{
	struct cost_result c;
	memset(&c, 0, sizeof(c));
	c.measured = true;
	c.runs = COST_RUNS;
	c.nsizes = 1;
	set(&c, 0, 100000, 20000);
	is_int(cost_percent(&c, COST_FORK), -1, "one size: no percent");
	is_int(cost_grows(&c, COST_FORK), -1, "one size: grows is null");
	ok(cost_growth(&c, COST_FORK) == NULL, "one size: growth is null");
	is_int(cost_grows_most(&c), -1, "one size: grows_most is null");
	is_int(cost_fork_vfork_percent(&c), 500, "one size: fork over vfork at it");
	is_str(cost_fork_vfork(&c), "4x", "500 percent: 4x");

	c.nsizes = 2;
	set(&c, 1, 399999, 20000);
	is_int(cost_percent(&c, COST_FORK), 400, "percent rounds to the nearest");
	is_int(cost_grows(&c, COST_FORK), 1, "400 percent grows");
	set(&c, 1, 399000, 20000);
	is_int(cost_percent(&c, COST_FORK), 399, "399 percent");
	is_int(cost_grows(&c, COST_FORK), 0, "399 percent does not grow");
	is_str(cost_growth(&c, COST_FORK), "flat", "399 percent is flat");
	set(&c, 1, 1000000, 20000);
	is_str(cost_growth(&c, COST_FORK), "10x", "10 times: 10x");
	set(&c, 1, 10000000, 20000);
	is_str(cost_growth(&c, COST_FORK), "100x", "100 times: 100x");
	is_int(cost_grows_most(&c), COST_FORK, "grows_most: the largest percent");
	is_int(cost_pte_percent(&c), 200, "VmPTE's percent");
	is_int(cost_grows(&c, COST_VFORK), 0, "vfork the same: flat");
	c.sizes[1].t[COST_VFORK].median_ns = -1;
	is_int(cost_grows(&c, COST_VFORK), -1, "a missing median: grows is null");
	ok(cost_fork_vfork(&c) == NULL, "a missing vfork median: fork_vfork is null");
	is_str(cost_method_key(COST_CLONE_VM), "clone_vm", "the JSON key of clone(CLONE_VM)");

	/* The chart: every segment inside 80 columns, at most the height asked. */
	static struct cost_chart ch;
	c.nsizes = 4;
	for (int i = 0; i < 4; i++)
		set(&c, i, 100000LL << (3 * i), 20000);
	cost_chart(&c, 80, 12, true, &ch);
	ok(ch.nlines > COST_NMETHODS && ch.nlines <= 12, "chart: its lines fit (%d)", ch.nlines);
	bool inside = true;
	for (int y = 0; y < ch.nlines; y++)
		for (int i = 0; i < ch.lines[y].nsegs; i++)
			inside = inside && ch.lines[y].segs[i].x < 80;
	ok(inside, "chart: every segment starts inside 80 columns");
	cost_chart(&c, 80, 4, true, &ch);
	is_int(ch.nlines, 4, "chart: cut to the height");
	return done_testing();
}
