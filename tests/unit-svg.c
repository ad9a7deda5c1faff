/* The SVG diagram (render/svg.c) of hand-made observations, whose flags say
 * the opposite of what was measured: the boxes follow the measurements
 * (one shared box with two arrows, two copied boxes, a dashed ? box with the
 * reason and no arrow); what the observation holds is escaped, bytes XML
 * cannot hold replaced; nothing is fetched from outside the document. */
#include "config.h"

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "observation.h"
#include "svg.h"
#include "fork-obs.h"
#include "tap.h"
#include "util.h"

/* A fork that ran to its end: the lab 100, the child 101, every kcmp
 * measured two objects, fds 0..3 in both tables, each one open file. */
static void
forked(struct observation *o)
{
	fork_observation(o);
	o->number = 3;
	str_copy(o->syscall, "clone(child_stack=0x7f00, flags=SIGCHLD) = 101", sizeof(o->syscall));
}

/* The SVG of o, in a string the caller frees. */
static char *
draw(const struct observation *o)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return strdup("");
	svg_diagram(o, f);
	fclose(f);
	return text;
}

/* How many times needle is in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
test_fork(void)
{
	struct observation o;

	forked(&o);
	/* The flags say a thread: the measurements say fork. */
	o.cfg.flags = CLONE_VM | CLONE_FILES | CLONE_FS | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
	char *s = draw(&o);
	ok(strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"", 36) == 0, "fork: an XML document");
	ok(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"1120\" height=\"") != NULL,
	    "fork: SVG 1.1 with its size");
	is_int(count(s, "<g class=\"kobj copied s-mm_struct side-"), 2, "fork: two mm_struct boxes, whatever the flags");
	is_int(count(s, "<line class=\"arrow from-parent s-mm_struct\""), 1, "fork: the parent's arrow to its mm");
	is_int(count(s, "<line class=\"arrow from-child s-mm_struct\""), 1, "fork: the child's arrow to its mm");
	is_int(count(s, "<g class=\"kobj copied s-files_struct side-"), 2, "fork: two fd tables");
	is_int(count(s, "<g class=\"kobj shared s-file side-both fd-"), 4, "fork: four shared open files");
	is_int(count(s, "<line class=\"arrow from-parent-table s-file\""), 4, "fork: the parent's table points into each");
	is_int(count(s, "<line class=\"arrow from-child-table s-file\""), 4, "fork: the child's table too");
	is_int(count(s, "<g class=\"kobj copied s-signal_struct side-"), 2, "fork: a thread group each (tgid 101)");
	is_int(count(s, "<g class=\"kobj shared s-nsproxy side-both\">"), 1, "fork: one nsproxy");
	is_int(count(s, "<g class=\"kobj shared s-user_namespace side-both\">"), 1, "fork: one user namespace");
	is_int(count(s, "<g class=\"kobj "), 2 * 7 + 4 + 2, "fork: 20 boxes in all");
	ok(strstr(s, "<title>clonesh experiment #3: ") != NULL && strstr(s, "<desc>") != NULL,
	    "fork: a title and a description");
	ok(!strstr(s, "<script") && !strstr(s, "href") && !strstr(s, "@font-face") && !strstr(s, "<image"),
	    "fork: nothing from outside");
	ok(!strstr(s, "CLONE_VM"), "fork: no flag named anywhere (the syscall line has none)");
	free(s);
}

static void
test_unmeasured(void)
{
	struct observation o;

	forked(&o);
	o.cfg.flags = 0;
	for (int i = 0; i < SH_COUNT; i++) {
		o.shared[i].v = -1;
		str_copy(o.shared[i].why, "kcmp <denied> & \"no\" fallback", sizeof(o.shared[i].why));
	}
	char *s = draw(&o);
	is_int(count(s, "<g class=\"kobj unknown s-"), SH_COUNT, "kcmp denied: a ? box for each resource");
	is_int(count(s, "<g class=\"kobj copied s-mm_struct") + count(s, "<g class=\"kobj shared s-mm_struct"), 0,
	    "kcmp denied: no mm_struct shared or copied");
	is_int(count(s, "<line class=\"arrow from-parent s-mm_struct\"") +
	    count(s, "<line class=\"arrow from-child s-mm_struct\""), 0, "kcmp denied: no arrow to the mm");
	ok(strstr(s, "? not measured: kcmp &lt;denied&gt; &amp; &quot;no&quot; fallback") != NULL,
	    "kcmp denied: the reason, escaped");
	ok(!strstr(s, "<denied>"), "kcmp denied: no markup from the observation");
	free(s);
}

static void
test_bytes(void)
{
	struct observation o;

	forked(&o);
	o.fds[3].in_parent = false;
	/* a control character, a byte that begins no UTF-8, a surrogate, U+FFFE,
	 * a truncated sequence */
	str_copy(o.fds[3].target, "/tmp/a\001b\377c\xed\xa0\x80" "d\xef\xbf\xbe" "e\xe2\x82",
	    sizeof(o.fds[3].target));
	char *s = draw(&o);
	is_int(count(s, "<g class=\"kobj child-only s-file side-child fd-3\">"), 1,
	    "an fd in the child's table only: one box on its side");
	ok(strstr(s, "/tmp/a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
	    "d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "e\xef\xbf\xbd\xef\xbf\xbd") != NULL,
	    "each byte XML cannot hold is U+FFFD");
	ok(!strchr(s, '\001') && !strstr(s, "\377"), "no control character, no stray byte");
	free(s);
}

static void
test_refused(void)
{
	struct observation o;

	observation_init(&o);
	o.number = 1;
	o.clone_ok = false;
	o.clone_errno = 22;
	o.reached = PHASE_BEFORE;
	o.parent.pid = 100;
	char *s = draw(&o);
	is_int(count(s, "<g class=\"kobj "), 0, "refused: the parent alone, no object drawn as if pending");
	ok(strstr(s, "no child: the clone failed.</desc>") != NULL, "refused: the description says so");
	is_int(count(s, "<line class=\"arrow from-child"), 0, "refused: no child's arrow");
	ok(strstr(s, "clone failed (EINVAL): the parent is alone") != NULL, "refused: says so");
	free(s);
}

int
main(void)
{
	test_fork();
	test_unmeasured();
	test_bytes();
	test_refused();
	return done_testing();
}
