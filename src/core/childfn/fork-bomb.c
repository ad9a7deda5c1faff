#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <time.h>

#include "act.h"
#include "funcs.h"
#include "rawsys.h"

/* fork-bomb's limit: RLIMIT_NPROC counts the processes of the real uid. */
#define FORK_BOMB_NPROC 128
#define FORK_BOMB_UID 65534	/* nobody: the kernel exempts uid 0 from RLIMIT_NPROC */

/* Every process it makes forks too, without end.  What contains it: the
 * kernel refuses fork() (EAGAIN) once the uid has FORK_BOMB_NPROC processes,
 * and the timeout kills the lab's process group, which every descendant
 * stays in (none calls setpgid or setsid). */
static long
act_fork_bomb(struct child_ctx *ctx)
{
	struct { unsigned long cur, max; } lim = { FORK_BOMB_NPROC, FORK_BOMB_NPROC }, old;
	char line[200];
	size_t pos = 0;

	/* Lowering a limit is always allowed; never raise one the lab was given. */
	if (RAW4(SYS_prlimit64, 0, RLIMIT_NPROC, 0, &old) == 0 && old.max < lim.max)
		lim.cur = lim.max = old.max;
	long r = RAW4(SYS_prlimit64, 0, RLIMIT_NPROC, &lim, 0);
	if (r < 0)
		return act_fail(ctx, "prlimit64", r);
	/* uid 0 ignores RLIMIT_NPROC: give it up, for this task only (raw call,
	 * not glibc's setresuid, which would change every thread of the lab). */
	if (RAW0(SYS_getuid) == 0)
		RAW3(SYS_setresuid, FORK_BOMB_UID, FORK_BOMB_UID, FORK_BOMB_UID);
	if (RAW0(SYS_getuid) == 0) {
		act_put_str(line, sizeof(line), &pos, "fork-bomb: uid 0 here cannot become nobody (a new "
		    "user namespace maps only uid 0), and uid 0 ignores RLIMIT_NPROC: not forking\n");
		act_write(1, line, pos);
		return act_fail(ctx, "setresuid", -EPERM);
	}

	bool first = true;
	long made = 0;
	struct timespec retry = { 0, 10000000 };
	for (;;) {
		/* fork(): SIGCHLD and no stack, so the new process returns here too. */
		long pid = RAW6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
		if (pid == 0) {
			first = false;
			continue;
		}
		if (pid > 0) {
			made++;
			continue;
		}
		if (first) {
			act_put_str(line, sizeof(line), &pos, "fork-bomb: fork() failed with errno ");
			act_put_long(line, sizeof(line), &pos, -pid);
			act_put_str(line, sizeof(line), &pos, pid == -EAGAIN ? " (EAGAIN)" : "");
			act_put_str(line, sizeof(line), &pos, " after ");
			act_put_long(line, sizeof(line), &pos, made);
			act_put_str(line, sizeof(line), &pos, " forks of the child's own and more by its "
			    "descendants: RLIMIT_NPROC ");
			act_put_long(line, sizeof(line), &pos, (long)lim.max);
			act_put_str(line, sizeof(line), &pos, " holds; every process keeps trying\n");
			act_write(1, line, pos);
			first = false;
		}
		/* Refused forks still cost a task allocation: do not spin on them. */
		RAW2(SYS_nanosleep, &retry, 0);
	}
	return 0;
}

const struct child_func childfn_fork_bomb = {
	.name = "fork-bomb",
	.usage = "",
	.summary = "forks without end, and so does every process it makes; contained",
	.touches = "time, ids",
	.explain = "The child, and every process it makes, calls fork() in a loop that never ends. "
	    "Two limits contain it. RLIMIT_NPROC: the child sets it to 128 processes first and, "
	    "as uid 0 is exempt from it, gives up root for uid 65534 (nobody); past 128 processes "
	    "of that uid the kernel refuses fork() with EAGAIN. The timeout: clonesh then kills "
	    "the lab's process group, and every descendant is in it, as nobody calls setpgid(), "
	    "so none survives. In a new user namespace, where only uid 0 is mapped, the child "
	    "cannot give up root and does not fork at all.",
	.after = AFTER_RETURN,
	.act = act_fork_bomb,
	.finish = act_finish_zero,
	.code = { .refusal = "outside clonesh nothing would contain it (choose another function)" },
};
