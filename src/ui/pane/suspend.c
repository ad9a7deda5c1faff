#include "config.h"

#include <signal.h>
#include <string.h>

#include "suspend.h"

static volatile sig_atomic_t suspend_continued;

static void
suspend_on_cont(int sig)
{
	(void)sig;
	suspend_continued = 1;
}

int
suspend_job(void)
{
	struct sigaction dfl, cont, old_tstp, old_cont;
	sigset_t both, old_mask;

	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	memset(&cont, 0, sizeof(cont));
	cont.sa_handler = suspend_on_cont;
	sigemptyset(&cont.sa_mask);
	sigaction(SIGTSTP, &dfl, &old_tstp);
	sigaction(SIGCONT, &cont, &old_cont);
	suspend_continued = 0;
	sigemptyset(&both);
	sigaddset(&both, SIGTSTP);
	sigaddset(&both, SIGCONT);
	sigprocmask(SIG_UNBLOCK, &both, &old_mask);
	/*
	 * The whole group, as vim does: clonesh under "sh -c" is stopped with
	 * its shell, so the job-control shell above sees its job stop.  The
	 * signal is handled before kill() returns: either clonesh stops and
	 * SIGCONT's handler runs when it goes on, or the kernel drops the stop
	 * because the group is orphaned, and no SIGCONT comes.
	 */
	kill(0, SIGTSTP);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	sigaction(SIGCONT, &old_cont, NULL);
	sigaction(SIGTSTP, &old_tstp, NULL);
	return suspend_continued ? 0 : -1;
}
