/* Walks the observation's field table (src/model/fields.c), which report
 * --json, lesson expectations, predict and compare read: every row's path
 * is a leaf report --json writes (an FT_GROUP row: the array or object it
 * writes), every leaf of report --json comes from a row or a group, no two
 * rows share a path, an object's rows are together, every short name of
 * predict resolves to a row, and compare's places are unique. */
#include "config.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"
#include "funcs.h"
#include "obs-json.h"
#include "observation.h"
#include "predict.h"
#include "tap.h"
#include "util.h"

/* An observation where every key report --json may write is written:
 * everything measured, one of each array's elements. */
static void
full(struct observation *o)
{
	observation_init(o);
	o->clone_ok = true;
	o->reached = PHASE_EXITED;
	for (int i = 0; i < SH_COUNT; i++)
		o->shared[i].v = -1;	/* shared_why and (below) shared_how: both written */
	o->tls_shared.v = -1;
	o->effects_measured = true;
	o->tids.measured = true;
	o->pages.measured = true;
	o->cost.measured = true;	/* a cost's object, with one size */
	o->cost.nsizes = 1;
	o->nfds = 1;
	o->fds[0].fd = 3;
	o->fds[0].in_parent = o->fds[0].in_child = true;
	o->fds[0].same_ofd = -1;
	o->nsigs = 1;
	o->sigs[0].sig = 17;
	o->nchildren = 1;
	o->nnotes = 1;
	o->cfg.argc = 1;
	o->cfg.flags = CLONE_VM;
	o->exec.asked = true;	/* exec-probe's rows, and exec.why: no report */
}

#define MAX_LEAVES 1024

struct leaves {
	char *path[MAX_LEAVES];
	size_t n;
};

static void
collect(void *data, const char *path, const char *value, bool is_string)
{
	struct leaves *l = data;
	if (l->n < MAX_LEAVES)
		l->path[l->n++] = strdup(path);
}

static bool
leaf_is(const struct leaves *l, const char *path)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->path[i], path) == 0)
			return true;
	return false;
}

/* path is prefix's own path or one below it ("effects.fds" of "effects.fds.0.fd"). */
static bool
under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '.');
}

static void
free_leaves(struct leaves *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->path[i]);
	l->n = 0;
}

/* The leaves of o: every row has its leaf (a group: its leaves), and
 * every leaf has its row or group. */
static bool seen[512];	/* rows written by one of the observations tested */

static void
test_leaves(const struct observation *o, const char *what)
{
	struct leaves l = { .n = 0 };
	observation_leaves(o, collect, &l);
	ok(l.n > 0 && l.n < MAX_LEAVES, "%s: report --json writes leaves (%zu)", what, l.n);

	size_t missing = 0;
	for (size_t i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];
		bool found = false;
		if (f->type == FT_GROUP) {
			for (size_t k = 0; k < l.n && !found; k++)
				found = under(l.path[k], f->path);
		} else {
			found = leaf_is(&l, f->path);
		}
		bool want = field_present(o, f);
		if (found && i < ARRAY_SIZE(seen))
			seen[i] = true;
		if (f->type != FT_GROUP && found != want) {	/* an empty array has no leaf */
			missing++;
			diag("%s: row %s: %s", what, f->path, want ? "no leaf" : "a leaf, not present");
		}
	}
	ok(missing == 0, "%s: every row of the table is a leaf report --json writes", what);

	size_t stray = 0;
	for (size_t k = 0; k < l.n; k++) {
		bool found = false;
		for (size_t i = 0; i < fields_count && !found; i++) {
			const struct field *f = &fields_table[i];
			found = f->type == FT_GROUP ? under(l.path[k], f->path) ||
			    /* group_fds writes fds_why beside fds */
			    (f->group == FG_FDS && strcmp(l.path[k], "effects.fds_why") == 0) :
			    strcmp(l.path[k], f->path) == 0;
		}
		if (!found) {
			stray++;
			diag("%s: leaf %s has no row", what, l.path[k]);
		}
	}
	ok(stray == 0, "%s: every leaf report --json writes has its row", what);
	free_leaves(&l);
}

static void
test_paths(void)
{
	size_t dup = 0, split = 0, empty = 0;
	for (size_t i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];
		if (!f->path || !f->path[0] || (f->type == FT_GROUP) != (f->group != FG_NONE)) {
			empty++;
			diag("row %zu (%s): no path, or a group without its writer", i,
			    f->path ? f->path : "NULL");
			continue;
		}
		for (size_t k = i + 1; k < fields_count; k++)
			if (strcmp(f->path, fields_table[k].path) == 0) {
				dup++;
				diag("two rows at %s", f->path);
			}
		/* An object's rows come together: no row after i shares a parent
		 * object with i but another row between them does not. */
		const char *dot = strrchr(f->path, '.');
		size_t plen = dot ? (size_t)(dot - f->path) : 0;
		bool left = false;
		for (size_t k = i + 1; k < fields_count && plen; k++) {
			const char *p = fields_table[k].path;
			bool in = strncmp(p, f->path, plen) == 0 && p[plen] == '.';
			if (!in)
				left = true;
			else if (left) {
				split++;
				diag("%s: its object is written twice (%s comes later)", f->path, p);
				break;
			}
		}
	}
	ok(empty == 0, "every row has a path, and a group row its group");
	ok(dup == 0, "no two rows share a path");
	ok(split == 0, "an object's rows are together");

	/* The resource and namespace rows say the resource table's names. */
	size_t wrong = 0;
	char want[64];
	for (size_t i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];
		if (strncmp(f->path, "shared.", 7) == 0 && f->cmp == CMP_SHARE)
			snprintf(want, sizeof(want), "shared.%s", resources_table[f->arg].name);
		else if (strncmp(f->path, "shared_how.", 11) == 0)
			snprintf(want, sizeof(want), "shared_how.%s", resources_table[f->arg].name);
		else if (strncmp(f->path, "shared_why.", 11) == 0 && strcmp(f->path, "shared_why.tls"))
			snprintf(want, sizeof(want), "shared_why.%s", resources_table[f->arg].name);
		else if (strncmp(f->path, "namespaces.", 11) == 0)
			snprintf(want, sizeof(want), "namespaces.%s.%s", namespaces_table[f->arg].name,
			    strrchr(f->path, '.') + 1);
		else
			continue;
		if (strcmp(want, f->path) != 0) {
			wrong++;
			diag("row %s is about %s", f->path, want);
		}
	}
	ok(wrong == 0, "each resource's and namespace's rows are about it (the resource and namespace tables)");
}

static void
test_predict(void)
{
	const char *name;
	size_t n = 0, unresolved = 0, untold = 0;

	for (; (name = field_short_name(n)); n++) {
		const struct field *f = field_named(name, 0);
		if (!f || !predict_field_path(name) || strcmp(predict_field_path(name), f->path)) {
			unresolved++;
			diag("predict's name %s resolves to no row", name);
		}
		for (size_t k = n + 1; field_short_name(k); k++)
			if (strcasecmp(name, field_short_name(k)) == 0) {
				unresolved++;
				diag("predict's name %s is listed twice", name);
			}
	}
	ok(n > 20, "predict has its short names (%zu)", n);
	ok(unresolved == 0, "every short name of predict resolves to a row, once");

	/* Every name a row says is in the list, at the place it says. */
	size_t misplaced = 0;
	for (size_t i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];
		for (size_t k = 0; k < ARRAY_SIZE(f->says); k++) {
			if (!f->says[k])
				continue;
			const char *at = f->says_rank[k] ? field_short_name(f->says_rank[k] - 1) : NULL;
			if (!at || strcmp(at, f->says[k]) != 0) {
				misplaced++;
				diag("row %s: name %s is not at place %u", f->path, f->says[k],
				    f->says_rank[k]);
			}
			if (!f->told || !strstr(f->told, "%s") || !f->none || f->type == FT_GROUP) {
				untold++;
				diag("row %s: predict cannot tell its value", f->path);
			}
		}
	}
	ok(misplaced == 0, "every short name a row says has its place in predict's list");
	unsigned int last = 0;
	for (size_t i = 0; i < fields_count; i++)
		for (size_t k = 0; k < ARRAY_SIZE(fields_table[i].says); k++)
			if (fields_table[i].says[k] && fields_table[i].says_rank[k] > last)
				last = fields_table[i].says_rank[k];
	is_int(n, last, "predict's places run 1 to %u without a gap", last);
	ok(untold == 0, "every row predict names says how its value and null are told");
	ok(strcmp(field_short_name(0), "vm") == 0 && field_named("exit", 1) &&
	    strcmp(field_named("exit", 1)->path, "exit.signal") == 0,
	    "predict's list starts with vm; exit is the status, then the signal");
}

static void
test_compare(void)
{
	size_t n = 0, bad = 0;
	for (size_t i = 0; i < fields_count; i++) {
		const struct field *f = &fields_table[i];
		if (f->cmp == CMP_NONE)
			continue;
		n++;
		bool group_rows = f->cmp == CMP_FDS || f->cmp == CMP_SIGNALS;
		if (!f->cmp_group || (!group_rows && !f->cmp_label) || !f->cmp_rank)
			bad++;
		for (size_t k = i + 1; k < fields_count; k++)
			if (fields_table[k].cmp != CMP_NONE && fields_table[k].cmp_rank == f->cmp_rank) {
				bad++;
				diag("%s and %s: the same place in compare", f->path, fields_table[k].path);
			}
	}
	ok(n > 30, "compare shows rows of the table (%zu)", n);
	ok(bad == 0, "every row compare shows has a group, a label and its own place");
}

int
main(void)
{
	struct observation *o = calloc(1, sizeof(*o));
	if (!o)
		return 1;
	test_paths();
	full(o);
	test_leaves(o, "everything measured");
	for (int i = 0; i < SH_COUNT; i++)
		o->shared[i].v = 1;	/* shared_how now, not shared_why */
	o->tls_shared.v = 1;
	o->tids.measured = false;
	test_leaves(o, "some keys absent");
	observation_init(o);
	test_leaves(o, "nothing measured");
	size_t never = 0;
	for (size_t i = 0; i < fields_count; i++)
		if (i >= ARRAY_SIZE(seen) || !seen[i]) {
			never++;
			diag("row %s was never written", fields_table[i].path);
		}
	ok(never == 0, "every row is written for one of these observations");
	test_predict();
	test_compare();
	free(o);
	return done_testing();
}
