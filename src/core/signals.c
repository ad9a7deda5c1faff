#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "signals.h"
#include "util.h"

/* Signals by name and number: the exit signal, fn crash, sigaction. */

static const struct {
	const char *name;	/* without SIG */
	int sig;
} signal_names[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "BUS", SIGBUS }, { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
#ifdef SIGSTKFLT
	{ "STKFLT", SIGSTKFLT },
#endif
	{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN }, { "TTOU", SIGTTOU }, { "URG", SIGURG }, { "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH },
	{ "IO", SIGIO },
#ifdef SIGPWR
	{ "PWR", SIGPWR },
#endif
	{ "SYS", SIGSYS },
	/* aliases: parsed, never printed (the first name of a number wins) */
	{ "IOT", SIGABRT }, { "CLD", SIGCHLD }, { "POLL", SIGIO },
};

#define SIGNAL_MAX 64

/* A non-negative decimal number ending the string, or -1. */
static int
signal_number(const char *s)
{
	int n = 0;
	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s) || n > 1000)
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

int
signal_parse(const char *s)
{
	if (strcasecmp(s, "none") == 0)
		return 0;
	int n = signal_number(s);
	if (n >= 0)
		return n <= SIGNAL_MAX ? n : -1;

	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < ARRAY_SIZE(signal_names); i++)
		if (strcasecmp(s, signal_names[i].name) == 0)
			return signal_names[i].sig;

	/* SIG32 and SIG33 are real signals that glibc keeps for itself. */
	n = signal_number(s);
	if (n >= 1 && n <= SIGNAL_MAX && isdigit((unsigned char)*s))
		return n;

	/* glibc's SIGRTMIN/SIGRTMAX are functions: the reserved ones are above 32. */
	int base, sign;
	if (strncasecmp(s, "RTMIN", 5) == 0) {
		base = SIGRTMIN;
		sign = 1;
	} else if (strncasecmp(s, "RTMAX", 5) == 0) {
		base = SIGRTMAX;
		sign = -1;
	} else {
		return -1;
	}
	s += 5;
	if (*s == '\0')
		return base;
	if (*s != (sign > 0 ? '+' : '-'))
		return -1;
	n = signal_number(s + 1);
	if (n < 0)
		return -1;
	n = base + sign * n;
	return n >= SIGRTMIN && n <= SIGRTMAX ? n : -1;
}

const char *
signal_name(int sig, char *buf, size_t len)
{
	if (sig == 0) {
		str_copy(buf, "none", len);
		return buf;
	}
	for (size_t i = 0; i < ARRAY_SIZE(signal_names); i++) {
		if (signal_names[i].sig == sig) {
			snprintf(buf, len, "SIG%s", signal_names[i].name);
			return buf;
		}
	}
	int lo = SIGRTMIN, hi = SIGRTMAX;
	if (sig == lo)
		snprintf(buf, len, "SIGRTMIN");
	else if (sig == hi)
		snprintf(buf, len, "SIGRTMAX");
	else if (sig > lo && sig - lo <= (hi - lo) / 2)
		snprintf(buf, len, "SIGRTMIN+%d", sig - lo);
	else if (sig > lo && sig < hi)
		snprintf(buf, len, "SIGRTMAX-%d", hi - sig);
	else if (sig > 0 && sig <= SIGNAL_MAX)
		snprintf(buf, len, "SIG%d", sig);
	else
		snprintf(buf, len, "%d", sig);
	return buf;
}

void
signals_default(uint64_t set)
{
	struct { void (*handler)(int); unsigned long flags; void (*restorer)(void); uint64_t mask; }
	    dfl = { SIG_DFL, 0, NULL, 0 };
	for (int sig = 1; sig < 65; sig++) {
		if (sig != SIGKILL && sig != SIGSTOP && (set & (1ULL << (sig - 1))))
			syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(dfl.mask));
	}
}
