/* The exec probe's report (src/model/exec-report.c): its line parsed, bad
 * lines refused, the report of one pid taken out of the output and the
 * rest left, and the verdicts exec.* made of the child's state before and
 * the probe's after, "not measured" where either is missing. */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "exec-report.h"
#include "fields.h"
#include "observation.h"
#include "tap.h"

#define GOOD "clonesh-probe 1 pid=42 ppid=41 uid=1000 euid=1000 gid=100 egid=100 umask=0027 " \
	"blocked=2000 ignored=800 caught=0 fds=0,1,2,3,5 cloexec=3 marker=absent cwd=/home/a b"

static bool
parse(const char *line, struct exec_report *r)
{
	return exec_report_parse(line, strlen(line), r);
}

static void
parsing(void)
{
	struct exec_report r;
	ok(parse(GOOD, &r), "a whole report parses");
	is_int(r.pid, 42, "pid");
	is_int(r.ppid, 41, "ppid");
	is_int(r.uid, 1000, "uid");
	is_int(r.egid, 100, "egid");
	is_int(r.umask, 027, "umask, octal");
	ok(r.blocked == 1ULL << (SIGALRM - 1), "blocked: SIGALRM's bit");
	ok(r.ignored == 1ULL << (SIGUSR2 - 1), "ignored: SIGUSR2's bit");
	ok(r.caught == 0, "no handler");
	is_int(r.nfds, 5, "five fds");
	ok(r.fds[4] == 5 && r.fd_cloexec[3] && !r.fd_cloexec[4], "fd 3 has FD_CLOEXEC, fd 5 not");
	is_str(r.fds_text, "0,1,2,3,5", "the list as written");
	ok(r.marker == MARKER_ABSENT, "marker absent");
	is_str(r.cwd, "/home/a b", "cwd, the rest of the line, spaces kept");

	ok(parse("clonesh-probe 1 pid=1 ppid=0 uid=0 euid=0 gid=0 egid=0 umask=0022 blocked=0 "
	    "ignored=0 caught=0 fds= cloexec= marker=none cwd=/a\\nb\\\\c", &r), "no fds, escapes");
	is_int(r.nfds, 0, "an empty fd list");
	is_str(r.cwd, "/a\nb\\c", "\\n and \\\\ in the cwd");
	ok(r.marker == MARKER_NONE, "marker none");

	static const char *const bad[] = {
		"",
		"clonesh-probe 2 pid=1",
		"hello from the child: pid 1",
		GOOD "\n",
		"clonesh-probe 1 ppid=41 uid=0 euid=0 gid=0 egid=0 umask=0027 blocked=0 ignored=0 "
		    "caught=0 fds=0 cloexec= marker=held cwd=/",
		"clonesh-probe 1 pid=x ppid=41 uid=0 euid=0 gid=0 egid=0 umask=0027 blocked=0 "
		    "ignored=0 caught=0 fds=0 cloexec= marker=held cwd=/",
		"clonesh-probe 1 pid=1 ppid=41 uid=0 euid=0 gid=0 egid=0 umask=0999 blocked=0 "
		    "ignored=0 caught=0 fds=0 cloexec= marker=held cwd=/",
		"clonesh-probe 1 pid=1 ppid=41 uid=0 euid=0 gid=0 egid=0 umask=0022 blocked=0 "
		    "ignored=0 caught=0 fds=0,x cloexec= marker=held cwd=/",
		"clonesh-probe 1 pid=1 ppid=41 uid=0 euid=0 gid=0 egid=0 umask=0022 blocked=0 "
		    "ignored=0 caught=0 fds=0 cloexec= marker=maybe cwd=/",
		"clonesh-probe 1 pid=1 ppid=41 uid=0 euid=0 gid=0 egid=0 umask=0022 blocked=0 "
		    "ignored=0 caught=0 fds=0 cloexec= marker=held",
		"clonesh-probe 1 pid=-1 ppid=41 uid=0 euid=0 gid=0 egid=0 umask=0022 blocked=0 "
		    "ignored=0 caught=0 fds=0 cloexec= marker=held cwd=/",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!parse(bad[i], &r), "refused: \"%.50s\"", bad[i]);
}

/* An observation of exec-probe as the lab fills it: the child's state before. */
static void
before(struct observation *o)
{
	observation_init(o);
	o->exec.asked = true;
	struct exec_before *b = &o->exec.before;
	b->recorded = true;
	b->pid = 42;
	b->uid = b->euid = 1000;
	b->gid = b->egid = 100;
	b->umask = 027;
	b->sig_handled = SIGUSR1;
	b->sig_ignored = SIGUSR2;
	b->sig_blocked = SIGALRM;
	b->caught = 1ULL << (SIGUSR1 - 1);
	b->ignored = 1ULL << (SIGUSR2 - 1);
	b->blocked = 1ULL << (SIGALRM - 1);
	b->fd_cloexec = 4;
	b->fd_plain = 5;
	b->marker_addr = 0x7f0000001000UL;
	strcpy(b->cwd, "/home/a b");
}

static const char *
field_text(const struct observation *o, const char *path)
{
	static struct field_value v;
	const struct field *f = field_at(path);
	if (!f)
		return "(no such field)";
	field_get(o, f, &v);
	if (!v.known)
		return "null";
	if (v.s)
		return v.s;
	snprintf(v.buf, sizeof(v.buf), "%lld", v.n);
	return v.buf;
}

static void
taking(void)
{
	struct observation o;
	before(&o);
	const char *out = "hello\n" "clonesh-probe 1 pid=7 ppid=1 uid=0 euid=0 gid=0 egid=0 "
	    "umask=0022 blocked=0 ignored=0 caught=0 fds=0 cloexec= marker=none cwd=/\n" GOOD "\nbye\n";
	strcpy(o.output, out);
	o.output_len = strlen(out);
	ok(exec_report_take(&o, 42), "the report of pid 42 is found");
	ok(strstr(o.output, "pid=42") == NULL && strstr(o.output, "pid=7") != NULL,
	    "its line left the output; another pid's stayed");
	ok(strncmp(o.output, "hello\n", 6) == 0 && strstr(o.output, "\nbye\n") != NULL &&
	    o.output_len == strlen(o.output), "the rest of the output is kept, its length right");
	ok(!exec_report_take(&o, 43), "no report of pid 43");
}

static void
verdicts(void)
{
	struct observation o;
	before(&o);
	ok(exec_pid_kept(&o) == -1 && exec_fd_kept(&o, true) == -1 && exec_memory_kept(&o) == -1,
	    "no report: every verdict not measured");
	is_str(field_text(&o, "exec.fds.cloexec"), "null", "exec.fds.cloexec null without a report");
	is_str(field_text(&o, "exec.fds.plain_fd"), "5", "the fd numbers are the child's, known before");

	o.exec.reported = exec_report_parse(GOOD, strlen(GOOD), &o.exec.after);
	/* GOOD lists fd 3 and 5: the O_CLOEXEC fd 4 is gone, 5 is there. */
	is_int(exec_fd_kept(&o, true), 0, "the O_CLOEXEC fd closed");
	is_int(exec_fd_kept(&o, false), 1, "the other fd kept");
	is_int(exec_sig_kept(&o, 0), 0, "the handled signal reset");
	is_int(exec_sig_kept(&o, 1), 1, "the ignored signal stays ignored");
	is_int(exec_sig_kept(&o, 2), 1, "the blocked signal stays blocked");
	is_int(exec_cwd_kept(&o), 1, "cwd kept");
	is_int(exec_umask_kept(&o), 1, "umask kept");
	is_int(exec_ids_kept(&o), 1, "ids kept");
	is_int(exec_pid_kept(&o), 1, "pid kept");
	is_int(exec_memory_kept(&o), 0, "the marker absent: a new address space");
	is_int(exec_disposition_after(&o, SIGUSR1), DISP_DEFAULT, "SIGUSR1 default after");
	is_str(field_text(&o, "exec.fds.cloexec"), "closed", "exec.fds.cloexec");
	is_str(field_text(&o, "exec.fds.plain"), "kept", "exec.fds.plain");
	is_str(field_text(&o, "exec.signals.handled"), "reset", "exec.signals.handled");
	is_str(field_text(&o, "exec.signals.handled_after"), "default", "exec.signals.handled_after");
	is_str(field_text(&o, "exec.signals.ignored_after"), "ignore", "exec.signals.ignored_after");
	is_str(field_text(&o, "exec.signals.blocked_signal"), "SIGALRM", "exec.signals.blocked_signal");
	is_str(field_text(&o, "exec.memory"), "new", "exec.memory");
	is_str(field_text(&o, "exec.umask_after"), "0027", "exec.umask_after");
	is_str(field_text(&o, "exec.fds.after"), "0,1,2,3,5", "exec.fds.after");

	/* What would say the rules are wrong is told as such. */
	o.exec.after.caught = 1ULL << (SIGUSR1 - 1);
	o.exec.after.ignored = 0;
	o.exec.after.blocked = 0;
	o.exec.after.marker = MARKER_HELD;
	o.exec.after.umask = 022;
	o.exec.after.pid = 43;
	strcpy(o.exec.after.cwd, "/");
	ok(exec_sig_kept(&o, 0) == 1 && exec_sig_kept(&o, 1) == 0 && exec_sig_kept(&o, 2) == 0,
	    "a handler kept, an ignore and a block lost: told as measured");
	ok(exec_memory_kept(&o) == 1 && exec_umask_kept(&o) == 0 && exec_pid_kept(&o) == 0 &&
	    exec_cwd_kept(&o) == 0, "marker held, umask, pid and cwd changed: told as measured");
	o.exec.after.marker = MARKER_NONE;
	is_int(exec_memory_kept(&o), -1, "a marker not looked for: not measured");

	/* The act could not set a signal up: that verdict is not measured. */
	o.exec.before.caught = 0;
	is_int(exec_sig_kept(&o, 0), -1, "no handler before: the handled rule not measured");
	o.exec.before.fd_cloexec = -1;
	is_int(exec_fd_kept(&o, true), -1, "no O_CLOEXEC fd before: not measured");
	o.exec.before.recorded = false;
	ok(exec_ids_kept(&o) == -1 && exec_umask_kept(&o) == -1,
	    "the child never reached its execve: not measured");
	is_str(field_text(&o, "exec.pid_before"), "null", "exec.pid_before null then");
}

int
main(void)
{
	parsing();
	taking();
	verdicts();
	return done_testing();
}
