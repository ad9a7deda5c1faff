/*
 * A test's LD_PRELOAD shim: the first time the program installs a handler
 * for SIGWINCH (ncurses does, inside newterm, after it asked the terminal's
 * size), it creates the file $WINCH_SHIM_MARK and sleeps a second first, so
 * that tests/resize-race.sh can resize the terminal in exactly that window.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

int
sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	static int (*real)(int, const struct sigaction *, struct sigaction *);
	static int done;

	if (!real)
		real = (int (*)(int, const struct sigaction *, struct sigaction *))
		    dlsym(RTLD_NEXT, "sigaction");
	if (sig == SIGWINCH && act && act->sa_handler != SIG_DFL &&
	    act->sa_handler != SIG_IGN && !done) {
		const char *mark = getenv("WINCH_SHIM_MARK");
		done = 1;
		if (mark) {
			int fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
			if (fd >= 0)
				close(fd);
			sleep(1);
		}
	}
	return real(sig, act, old);
}
