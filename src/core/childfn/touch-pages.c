#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"

static long
act_touch_pages(struct child_ctx *ctx)
{
	long n = ctx->cfg->iarg[0];
	for (long i = 0; i < n; i++)
		ctx->pages[(size_t)i * ctx->page] = (unsigned char)(0xC0 + (i & 0x0f));
	ctx->report->pages_touched = (int)n;
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* touch-pages: one byte in each of the first %ld pages the parent filled. */\n"
		    "\tfor (long i = 0; i < %ld; i++)\n"
		    "\t\ts->pages[i * PAGE] = (unsigned char)(0xC0 + (i & 0x0f));\n",
		    e->iarg[0], e->iarg[0]);
		return true;
	case CODE_PREPARE:
		csource_printf(c, "\t/* %d private pages, written so they exist before the clone. */\n"
		    "\tunsigned char *pages = mmap(NULL, %d * PAGE, PROT_READ | PROT_WRITE,\n"
		    "\t    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);\n"
		    "\tif (pages == MAP_FAILED) {\n\t\tperror(\"mmap\");\n\t\treturn 1;\n\t}\n"
		    "\tfor (int i = 0; i < %d; i++)\n"
		    "\t\tmemset(pages + i * PAGE, 0x50 + i, PAGE);\n"
		    "\ts->pages = pages;\n", LAB_PAGES, LAB_PAGES, LAB_PAGES);
		return true;
	case CODE_EFFECTS:
		csource_printf(c, "\tint seen = 0;\n"
		    "\tfor (long i = 0; i < %d; i++)\n"
		    "\t\tif (s->pages[i * PAGE] == (unsigned char)(0xC0 + (i & 0x0f)))\n"
		    "\t\t\tseen++;\n"
		    "\tprintf(\"pages: parent sees %%d of the child's %ld writes\\n\", seen);\n",
		    LAB_PAGES, e->iarg[0]);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_touch_pages = {
	.name = "touch-pages",
	.usage = "N",
	.min_args = 1, .max_args = 1,
	.kinds = { ARG_INT },
	.lo = { 1 },
	.hi = { LAB_PAGES },
	.summary = "writes the first N of 64 pages the parent filled before the clone",
	.touches = "memory",
	.explain = "The lab fills 64 private pages before the clone. The child writes one byte in each "
	    "of the first N. Without CLONE_VM each written page is copied for the child (copy on "
	    "write) and the parent keeps its own; clonesh reads /proc/PID/pagemap to show which "
	    "pages parent and child still share.",
	.after = AFTER_RETURN,
	.act = act_touch_pages,
	.finish = act_finish_zero,
	.lab = FN_LAB_PAGES,
	.effect = EFFECT_PAGES,
	.code = { .write = write_code },
};
