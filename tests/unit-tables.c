/* Walks the tables every other part reads: clone flags, presets, child
 * functions, kcmp resources, namespaces.  Names unique, every entry
 * documented, the presets valid. */
#include "config.h"

#include <ctype.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <strings.h>

#include "experiment.h"
#include "flags.h"
#include "funcs.h"
#include "kernel.h"
#include "resources.h"
#include "rules.h"
#include "tap.h"

static bool
filled(const char *s)
{
	return s != NULL && s[0] != '\0';
}

static bool
single_bit(uint64_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

static void
upper(char *dst, const char *src, size_t size)
{
	size_t i = 0;
	for (; src[i] && i + 1 < size; i++)
		dst[i] = (char)toupper((unsigned char)src[i]);
	dst[i] = '\0';
}

static void
lower(char *dst, const char *src, size_t size)
{
	size_t i = 0;
	for (; src[i] && i + 1 < size; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static void
test_flags(void)
{
	/* clone-facts.md section 3, CSIGNAL excepted */
	is_int(flags_count, 27, "flags_table has the 27 flags of the fact sheet");

	uint64_t seen = 0;
	for (size_t i = 0; i < flags_count; i++) {
		const struct clone_flag *f = &flags_table[i];
		char buf[64], want[64];

		ok(filled(f->name) && strncmp(f->name, "CLONE_", 6) == 0,
		    "flag %zu has a kernel name (%s)", i, f->name ? f->name : "NULL");
		lower(want, f->name + 6, sizeof(want));
		is_str(f->short_name, want, "%s: short name is the lowercase name", f->name);
		ok(filled(f->meaning), "%s has a meaning", f->name);
		ok(filled(f->explain) && strlen(f->explain) > 80, "%s has an explanation", f->name);
		ok(filled(f->since), "%s says since when", f->name);
		ok(single_bit(f->value), "%s is a single bit (%#llx)", f->name,
		    (unsigned long long)f->value);
		ok((f->value & 0xff) == 0 || f->value == 0x80,
		    "%s is not in the exit-signal byte (except CLONE_NEWTIME)", f->name);
		ok(!(seen & f->value), "%s has a value no other flag has", f->name);
		seen |= f->value;
		if (i > 0)
			ok(flags_table[i - 1].value < f->value, "%s comes after %s in value order",
			    f->name, flags_table[i - 1].name);

		for (size_t j = 0; j < i; j++) {
			if (strcasecmp(flags_table[j].name, f->name) == 0 ||
			    strcasecmp(flags_table[j].short_name, f->short_name) == 0)
				ok(false, "%s and entry %zu share a name", f->name, j);
		}

		ok(flags_find(f->name) == f, "flags_find(\"%s\")", f->name);
		lower(buf, f->name, sizeof(buf));
		ok(flags_find(buf) == f, "flags_find(\"%s\")", buf);
		ok(flags_find(f->short_name) == f, "flags_find(\"%s\")", f->short_name);
		upper(buf, f->short_name, sizeof(buf));
		ok(flags_find(buf) == f, "flags_find(\"%s\")", buf);

		bool c3 = f->attrs & FLAG_CLONE3_ONLY;
		ok(c3 == (strcmp(f->short_name, "clear_sighand") == 0 ||
		    strcmp(f->short_name, "into_cgroup") == 0 || strcmp(f->short_name, "newtime") == 0),
		    "%s: clone3-only exactly when the fact sheet says so", f->name);
		bool ns = f->attrs & FLAG_NAMESPACE;
		ok(ns == (strncmp(f->short_name, "new", 3) == 0),
		    "%s: a namespace flag exactly when it is CLONE_NEW*", f->name);
	}

	static const char *const core[] = {
		"vm", "fs", "files", "sighand", "thread", "vfork", "parent", "sysvsem", "io",
		"newns", "newuts", "newpid",
	};
	int ncore = 0;
	for (size_t i = 0; i < flags_count; i++)
		ncore += (flags_table[i].attrs & FLAG_CORE) != 0;
	is_int(ncore, 12, "12 core flags");
	for (size_t i = 0; i < sizeof(core) / sizeof(core[0]); i++) {
		const struct clone_flag *f = flags_find(core[i]);
		ok(f != NULL && (f->attrs & FLAG_CORE), "%s is a core flag", core[i]);
	}

	ok(flags_find("CSIGNAL") == NULL, "CSIGNAL is not a flag");
	ok(flags_find("") == NULL && flags_find("CLONE_") == NULL, "empty names are not flags");
}

static void
test_presets(void)
{
	struct kernel_info root = {
		.major = 6, .minor = 18, .cap_sys_admin = true, .userns_ok = true,
		.is_root = true, .cgroup2 = true, .cgroup2_dir = "/sys/fs/cgroup",
	};

	ok(experiment_npresets >= 5, "at least 5 presets");
	for (size_t i = 0; i < experiment_npresets; i++) {
		const struct preset *p = &experiment_presets[i];
		ok(filled(p->name), "preset %zu has a name", i);
		ok(filled(p->summary), "preset %s has a summary", p->name);
		ok(experiment_find_preset(p->name) == p, "experiment_find_preset(\"%s\")", p->name);
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(experiment_presets[j].name, p->name) == 0)
				ok(false, "presets %zu and %zu share the name %s", j, i, p->name);
		if (p->fn != NULL)
			ok(funcs_find(p->fn) != NULL, "preset %s names an existing function %s",
			    p->name, p->fn);

		struct experiment e;
		char err[256] = "";
		experiment_init(&e);
		is_int(experiment_apply_preset(&e, p->name, err, sizeof(err)), 0,
		    "preset %s applies", p->name);
		if (err[0])
			diag("%s", err);
		const struct flags_rule *r = flags_validate(&e, &root);
		ok(r == NULL, "preset %s passes the validator as root on 6.18", p->name);
		if (r != NULL)
			diag("rule %s: %s", r->id, r->text);
	}

	static const char *const required[] = { "fork", "vfork", "thread", "container", "seed" };
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		ok(experiment_find_preset(required[i]) != NULL, "preset %s exists", required[i]);

	const struct preset *seed = experiment_find_preset("seed");
	if (seed != NULL) {
		is_int(seed->variant, VARIANT_CLONE, "seed: glibc clone()");
		ok(seed->flags == CLONE_VM, "seed: exactly CLONE_VM");
		is_int(seed->exit_signal, 0, "seed: no exit signal");
		is_int(seed->stack_size, 8192, "seed: 8 KiB stack");
		is_str(seed->fn, "seed-hello", "seed: runs seed-hello");
	} else {
		skip(5, "no seed preset");
	}

	const struct preset *thread = experiment_find_preset("thread");
	if (thread != NULL) {
		ok(thread->flags == (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID),
		    "thread: glibc 2.36 pthread_create's flags");
		is_int(thread->exit_signal, 0, "thread: no exit signal");
	} else {
		skip(2, "no thread preset");
	}

	struct experiment e;
	char err[256] = "";
	experiment_init(&e);
	e.stack_size = 1 << 20;
	experiment_apply_preset(&e, "fork", err, sizeof(err));
	is_int(e.stack_size, 1 << 20, "a preset without a stack keeps the stack size");
	is_int(experiment_apply_preset(&e, "spoon", err, sizeof(err)), -1, "unknown preset refused");
	ok(strstr(err, "fork") && strstr(err, "seed"), "the error lists the presets: %s", err);
	is_int(e.stack_size, 1 << 20, "an unknown preset changes nothing");
}

static void
test_funcs(void)
{
	ok(funcs_count > 0, "funcs_table is not empty");
	for (size_t i = 0; i < funcs_count; i++) {
		const struct child_func *f = funcs_table[i];
		ok(filled(f->name), "function %zu has a name", i);
		ok(f->usage != NULL, "%s has a usage line", f->name);
		ok(filled(f->summary), "%s has a summary", f->name);
		ok(filled(f->touches), "%s says what it touches", f->name);
		ok(filled(f->explain), "%s has an explanation", f->name);
		ok(f->act != NULL || f->finish != NULL, "%s does something", f->name);
		ok(0 <= f->min_args && f->min_args <= f->max_args && f->max_args <= FN_MAX_ARGS,
		    "%s: 0 <= min %d <= max %d <= %d", f->name, f->min_args, f->max_args, FN_MAX_ARGS);
		ok(funcs_find(f->name) == f, "funcs_find(\"%s\")", f->name);
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(funcs_table[j]->name, f->name) == 0)
				ok(false, "functions %zu and %zu share the name %s", j, i, f->name);
		ok(f->code.write != NULL || filled(f->code.refusal),
		    "%s has its C for code, or says why it has none", f->name);
		if (f->needs_flags)
			ok(filled(f->refusal), "%s says why it needs its flags", f->name);
		for (size_t j = 0; f->drill.rank > 0 && j < i; j++)
			if (funcs_table[j]->drill.rank == f->drill.rank)
				ok(false, "%s and %s share the drill rank %d", funcs_table[j]->name, f->name,
				    f->drill.rank);
		/* Optional arguments have defaults, except a trailing list such as
		 * exec's program arguments: no default may follow a missing one. */
		int ndefaults = 0;
		bool gap = false, default_after_gap = false;
		for (int a = f->min_args; a < f->max_args; a++) {
			if (f->defaults[a] == NULL)
				gap = true;
			else if (gap)
				default_after_gap = true;
			else
				ndefaults++;
		}
		ok(!default_after_gap, "%s: the defaults of optional arguments have no holes", f->name);

		if (f->min_args == 0) {
			struct experiment e;
			struct fn_args a;
			char err[256] = "";
			char *none[1] = { NULL };
			experiment_init(&e);
			int r = funcs_parse_args(f, &a, 0, none, err, sizeof(err));
			is_int(r, 0, "%s: its defaults parse", f->name);
			if (r != 0)
				diag("%s", err);
			else
				is_int(a.argc, ndefaults, "%s: defaults fill the optional arguments",
				    f->name);
			r = experiment_set_fn(&e, f->name, 0, none, err, sizeof(err));
			ok(r != 0 || (e.fn == f && e.argc == a.argc), "%s: parsing sets the function",
			    f->name);
		}
	}

	ok(funcs_find("hello") != NULL, "hello exists");
	ok(funcs_find("seed-hello") != NULL, "seed-hello exists");

	struct experiment e;
	experiment_init(&e);
	ok(e.fn == funcs_find("hello"), "a new experiment runs hello");
	is_int(e.exit_signal, SIGCHLD, "a new experiment has exit signal SIGCHLD");
	is_int(e.stack_size, STACK_DEFAULT, "a new experiment has the default stack");
	ok(e.guard, "a new experiment has a guard page");
	is_int(e.timeout_ms, TIMEOUT_DEFAULT_MS, "a new experiment has the default timeout");

	char err[256] = "";
	is_int(experiment_set_fn(&e, "helo", 0, NULL, err, sizeof(err)), -1, "fn helo is refused");
	ok(strstr(err, "hello") != NULL && strstr(err, "functions") != NULL,
	    "the error names hello and `functions`: %s", err);
	ok(e.fn == funcs_find("hello"), "a refused function changes nothing");
}

static void
test_resources(void)
{
	uint64_t seen = 0;
	for (int k = 0; k < SH_COUNT; k++) {
		const struct resource *r = &resources_table[k];
		const struct clone_flag *f = flags_by_value(r->flag);
		char want[16];

		ok(filled(r->name), "resource %d has a name", k);
		upper(want, r->name, sizeof(want));
		is_str(r->kcmp_name, want, "%s: its kcmp type is KCMP_ and its name in capitals", r->name);
		ok(f != NULL && !(f->attrs & FLAG_NAMESPACE), "%s: shared by a flag of the table (%s)",
		    r->name, f ? f->name : "none");
		ok(!(seen & r->flag), "%s: no other resource has its flag", r->name);
		seen |= r->flag;
		ok(filled(r->what) && filled(r->row) && filled(r->row_parent), "%s: show and the pane "
		    "have its words", r->name);
		ok(filled(r->why_shared) && filled(r->why_copied), "%s: why has both sentences", r->name);
		ok(filled(r->kstruct) && strchr(r->kstruct, ' ') == NULL, "%s: the diagram has its "
		    "kernel struct's name (%s)", r->name, r->kstruct ? r->kstruct : "none");
		ok(filled(r->drill_shared) && filled(r->drill_copied), "%s: drill has both answers",
		    r->name);
		ok(!r->title == !r->explain && (!r->alias || r->title), "%s: a topic has a title and a "
		    "text, an alias only with a topic", r->name);
		if (r->explain)
			ok(strlen(r->explain) > 80, "%s: explain's paragraph is one", r->name);
		for (int j = 0; j < k; j++) {
			ok(strcmp(resources_table[j].name, r->name) != 0, "%s: a name no other has", r->name);
			ok(resources_table[j].kcmp != r->kcmp, "%s: a kcmp type no other has", r->name);
		}
	}

	uint64_t ns = 0;
	int order = 0;
	for (int i = 0; i < NS_COUNT; i++) {
		const struct namespace *n = &namespaces_table[i];
		const struct clone_flag *f = flags_by_value(n->flag);

		ok(filled(n->name), "namespace %d has a name", i);
		ok(f != NULL && (f->attrs & FLAG_NAMESPACE), "%s: made by a namespace flag (%s)",
		    n->name, f ? f->name : "none");
		ok(!(ns & n->flag), "%s: no other namespace has its flag", n->name);
		ns |= n->flag;
		ok(filled(n->a_what) && filled(n->what) && filled(n->gives), "%s: why has its words",
		    n->name);
		ok(filled(n->view), "%s: explain ns says what it gives", n->name);
		ok(filled(n->unshare) && strncmp(n->unshare, "--", 2) == 0, "%s: unshare(1) has an option "
		    "for it", n->name);
		ok(n->code_order >= 0 && n->code_order < NS_COUNT, "%s: a place in code's order", n->name);
		order |= 1 << n->code_order;
		for (int j = 0; j < i; j++)
			ok(strcmp(namespaces_table[j].name, n->name) != 0, "%s: a name no other has", n->name);
	}
	is_int(order, (1 << NS_COUNT) - 1, "code's order puts each namespace in a place of its own");
	ok(ns == flags_with(FLAG_NAMESPACE), "every namespace flag of the flag table has a namespace");
}

int
main(void)
{
	test_flags();
	test_presets();
	test_funcs();
	test_resources();
	return done_testing();
}
