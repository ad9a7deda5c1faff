#include "config.h"

#include <stdbool.h>
#include <sys/mman.h>

#include "act.h"
#include "csource.h"
#include "funcs.h"
#include "rawsys.h"

static long
act_mmap_new(struct child_ctx *ctx)
{
	long addr = RAW6(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (addr < 0 && addr > -4096)
		return act_fail(ctx, "mmap", addr);
	*(volatile char *)addr = 1;
	ctx->report->mapping = (unsigned long)addr;
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	switch (at) {
	case CODE_ACT:
		csource_puts(c, "\t/* mmap-new: one new page; does it appear in the parent's maps? */\n"
		    "\tlong addr = RAW6(SYS_mmap, 0, PAGE, PROT_READ | PROT_WRITE,\n"
		    "\t    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);\n"
		    "\tif (addr < 0 && addr > -4096) {\n"
		    "\t\tchild_failed(s, \"mmap\", addr);\n"
		    "\t} else {\n"
		    "\t\t*(volatile char *)addr = 1;\n"
		    "\t\ts->value = addr;\n"
		    "\t}\n");
		return true;
	case CODE_EFFECTS:
		/* The kernel may merge the new page into a neighbouring mapping:
		 * look for a range that holds it, not one that starts at it. */
		csource_puts(c, "\tif (s->value) {\n"
		    "\t\tchar line[512];\n"
		    "\t\tint found = 0;\n"
		    "\t\tFILE *maps = fopen(\"/proc/self/maps\", \"re\");\n"
		    "\t\twhile (maps && fgets(line, sizeof(line), maps)) {\n"
		    "\t\t\tunsigned long lo, hi;\n"
		    "\t\t\tif (sscanf(line, \"%lx-%lx\", &lo, &hi) == 2 &&\n"
		    "\t\t\t    lo <= (unsigned long)s->value && (unsigned long)s->value < hi)\n"
		    "\t\t\t\tfound = 1;\n"
		    "\t\t}\n"
		    "\t\tif (maps)\n"
		    "\t\t\tfclose(maps);\n"
		    "\t\tprintf(\"mapping: %s\\n\", found ? \"in parent\" : \"not in parent\");\n"
		    "\t}\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_mmap_new = {
	.name = "mmap-new",
	.usage = "",
	.summary = "maps a new anonymous page; is it in the parent's /proc/PID/maps?",
	.touches = "memory",
	.explain = "The child calls mmap() for one new page and writes to it. With CLONE_VM the mapping "
	    "appears in the parent's /proc/PID/maps too, because there is one list of mappings; "
	    "without it the parent's address space does not change.",
	.after = AFTER_RETURN,
	.act = act_mmap_new,
	.finish = act_finish_zero,
	.effect = EFFECT_MAPPING,
	.drill = { .rank = 11, .hard = true, .args = { "" } },
	.code = { .needs = CODE_NEEDS_FAILED, .write = write_code },
};
