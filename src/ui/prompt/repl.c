#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "commands.h"
#include "output.h"
#include "recorder.h"
#include "repl.h"
#include "session.h"
#include "suspend.h"
#include "uistate.h"
#include "util.h"

#define HISTORY_MAX 1000

static volatile sig_atomic_t repl_interrupted;
static volatile sig_atomic_t repl_resized;
/* SIGTERM, SIGHUP or SIGQUIT: readline gives the terminal back first, then
 * clonesh ends by it. */
static volatile sig_atomic_t repl_ending;
/* The line readline returns was ended by Ctrl-C: drop it. */
static bool repl_discard;
/* The line up to the word being completed. */
static char *repl_before;
static char repl_word_breaks[] = " \t\n;";

/* Ctrl-Z (SIGTSTP): give the terminal back, stop, take it again. */
static volatile sig_atomic_t repl_stop;
static struct session *repl_session;

static void
repl_on_signal(int sig)
{
	if (sig == SIGINT)
		repl_interrupted = 1;
	else if (sig == SIGWINCH)
		repl_resized = 1;
	else if (sig == SIGTSTP)
		repl_stop = 1;
	else
		repl_ending = sig;
}

/* The signals the plain front end owns while it runs. */
static const int repl_signals[] = { SIGINT, SIGWINCH, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP };

/* Ctrl-Z while waiting for a byte: the terminal as it was before clonesh
 * changed it (readline's, or cooked for a raw key read), the job stopped,
 * then the terminal as it was and the line drawn again.  readline does this
 * with rl_catch_signals, but clonesh owns its signals. */
static void
repl_suspend(const struct termios *cooked)
{
	struct termios now;
	bool have_now = false;
	if (cooked) {
		have_now = tcgetattr(STDIN_FILENO, &now) == 0;
		tcsetattr(STDIN_FILENO, TCSANOW, cooked);
	} else {
		rl_cleanup_after_signal();
	}
	int r = suspend_job();
	if (cooked) {
		if (have_now)
			tcsetattr(STDIN_FILENO, TCSANOW, &now);
	} else {
		rl_reset_after_signal();
	}
	/* The shell wrote "Stopped" and the command: the line starts afresh. */
	if (r < 0 && repl_session) {
		fputc('\n', rl_outstream ? rl_outstream : stdout);
		out_error(repl_session->out, "Ctrl-Z: " SUSPEND_REFUSED);
		out_flush(repl_session->out);
	}
	if (!cooked) {
		rl_on_new_line();
		rl_forced_update_display();
	}
}

static bool
repl_poll(void *data)
{
	return repl_interrupted || repl_ending;
}

/* One byte from fd; on Ctrl-C, what interrupted says (and EOF when clonesh
 * is to end).  Signals stay blocked but inside ppoll, so none is lost
 * between the check and the wait. */
static int
repl_byte(int fd, int interrupted, const struct termios *cooked)
{
	sigset_t block, old;
	int result = EOF;

	sigemptyset(&block);
	for (size_t i = 0; i < ARRAY_SIZE(repl_signals); i++)
		sigaddset(&block, repl_signals[i]);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (;;) {
		if (repl_ending)
			break;
		if (repl_resized) {
			repl_resized = 0;
			rl_resize_terminal();
		}
		if (repl_stop) {
			repl_stop = 0;
			repl_suspend(cooked);
			continue;
		}
		if (repl_interrupted) {
			repl_interrupted = 0;
			result = interrupted;
			break;
		}
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int r = ppoll(&p, 1, NULL, &old);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		unsigned char c;
		ssize_t n = read(fd, &c, 1);
		if (n == 1) {
			result = c;
			break;
		}
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		break;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return result;
}

/* readline's input: one byte, or a newline that ends the line when Ctrl-C
 * came (the line is then dropped). */
static int
repl_getc(FILE *f)
{
	int c = repl_byte(fileno(f), -2, NULL);
	if (c == -2) {
		repl_discard = true;
		return '\n';
	}
	return c;
}

int
repl_key(void)
{
	struct termios old, raw;
	if (tcgetattr(STDIN_FILENO, &old) < 0)
		return EOF;
	raw = old;
	raw.c_lflag &= (tcflag_t)~(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	int c = repl_byte(STDIN_FILENO, EOF, &old);
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	return c;
}

static char *
repl_generator(const char *text, int state)
{
	return commands_complete(repl_before ? repl_before : "", text, state);
}

static char **
repl_complete(const char *text, int start, int end)
{
	free(repl_before);
	repl_before = strndup(rl_line_buffer, (size_t)start);
	/* readline completes file names; a word that starts with '-' is an
	 * option (snapshot --svg), from the command's words */
	if (repl_before && text[0] != '-' && commands_complete_path(repl_before))
		return NULL;
	rl_attempted_completion_over = 1;
	return rl_completion_matches(text, repl_generator);
}

/* $XDG_STATE_HOME/clonesh/history, else ~/.local/state/clonesh/history; a
 * history that cannot be kept is no reason to fail. */
static char *
repl_history_path(void)
{
	char dir[PATH_MAX];
	char *path;
	if (session_state_dir(dir, sizeof(dir)) < 0 || asprintf(&path, "%s/history", dir) < 0)
		return NULL;
	return path;
}

static char *repl_history;
static bool repl_ready;

void
repl_readline_init(void)
{
	if (repl_ready)
		return;
	repl_ready = true;
	rl_readline_name = "clonesh";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_attempted_completion_function = repl_complete;
	rl_completer_word_break_characters = repl_word_breaks;
	rl_variable_bind("completion-ignore-case", "on");
	using_history();
	stifle_history(HISTORY_MAX);
	repl_history = repl_history_path();
	if (repl_history)
		read_history(repl_history);
}

void
repl_readline_done(void)
{
	if (!repl_ready)
		return;
	if (repl_history) {
		history_truncate_file(repl_history, HISTORY_MAX);
		free(repl_history);
		repl_history = NULL;
	}
	free(repl_before);
	repl_before = NULL;
	repl_ready = false;
}

void
repl_remember(const char *line)
{
	const char *path = repl_history;
	const char *p = line + strspn(line, " \t");
	if (!*p)
		return;
	HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1)
	    : NULL;
	if (last && strcmp(last->line, line) == 0)
		return;
	add_history(line);
	if (!path)
		return;
	/* append_history() does not create the file. */
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd >= 0) {
		close(fd);
		append_history(1, path);
	}
}

/* "solution" leaves text for the next prompt: put it there, unrun. */
static int
repl_startup(void)
{
	if (repl_session && repl_session->prompt_insert) {
		rl_insert_text(repl_session->prompt_insert);
		free(repl_session->prompt_insert);
		repl_session->prompt_insert = NULL;
	}
	return 0;
}

int
repl_loop(struct session *s, const char *prompt, const char *until)
{
	while (!s->quit && !ui_state.switch_front && !repl_ending) {
		repl_discard = false;
		repl_interrupted = 0;
		char *line = readline(prompt);
		if (!line || repl_ending) {
			if (!repl_ending)
				out_printf(s->out, "\n");
			free(line);
			return -1;
		}
		if (repl_discard) {
			free(line);
			continue;
		}
		if (until && strcmp(line + strspn(line, " \t"), until) == 0) {
			free(line);
			return 0;
		}
		repl_remember(line);
		session_run_line(s, line);
		free(line);
		out_flush(s->out);
	}
	return -1;
}

int
repl_run(struct session *s, void (*first)(struct session *s, const char *arg), const char *arg)
{
	struct sigaction sa, old[ARRAY_SIZE(repl_signals)];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = repl_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a wait must wake up */
	for (size_t i = 0; i < ARRAY_SIZE(repl_signals); i++)
		sigaction(repl_signals[i], &sa, &old[i]);
	repl_ending = 0;

	repl_readline_init();
	repl_session = s;
	rl_startup_hook = repl_startup;
	rl_getc_function = repl_getc;
	rl_redisplay_function = rl_redisplay;
	rl_input_available_hook = NULL;
	FILE *saved_outstream = rl_outstream;
	rl_outstream = recorder_plain();	/* the prompt and the echo are recorded too */
	rl_completion_display_matches_hook = NULL;

	s->hooks.poll = repl_poll;
	s->hooks.data = s;
	s->out->where = "clonesh";
	if (first)
		first(s, arg);
	if (!s->quit && !repl_ending) {
		if (!ui_state.switch_front)
			out_printf(s->out, "%s: type \"help\" for commands, \"explain clone\" to begin\n",
			    PACKAGE_STRING);
		ui_state.switch_front = false;
		out_flush(s->out);
		repl_loop(s, "clonesh> ", NULL);
	}

	s->hooks.poll = NULL;
	rl_outstream = saved_outstream;
	rl_startup_hook = NULL;
	repl_session = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(repl_signals); i++)
		sigaction(repl_signals[i], &old[i], NULL);
	if (repl_ending) {
		/* The terminal is as it was: now end as the signal asked. */
		out_flush(s->out);
		signal(repl_ending, SIG_DFL);
		raise(repl_ending);
	}
	return 0;
}
