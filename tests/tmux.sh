# Shared by the terminal tests: an isolated tmux server (private socket, no
# configuration), sessions of a fixed size, TERM, locale and HOME, and checks
# that wait for a condition with a bounded poll, never a bare sleep.
# Source it after lib.sh.

command -v tmux >/dev/null 2>&1 || { echo "1..0 # SKIP tmux is not installed"; exit 0; }

# The test's own tools read the pane's UTF-8 (≠, ✗, ·) in the same locale.
LANG=C.UTF-8
export LANG
unset LC_ALL LC_CTYPE

# The panes' commands run in bash, whatever the login shell: after a Ctrl-C
# that clonesh handles, bash goes on to the command after clonesh, while
# dash (Debian's /bin/sh, useradd's default shell, so a build daemon's user
# may have it) dies of the SIGINT and takes the pane with it.
sock=clonesh-pane-$$
tm() {
	SHELL=/bin/bash tmux -L "$sock" -f /dev/null "$@"
}
trap 'tm kill-server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT

# start NAME [ENV=VALUE...] [-- CLONESH-ARGS...]: a session running clonesh at
# 100x40; when clonesh ends, the shell prints its exit status and saves the
# terminal's settings in $TEST_TMP/stty-NAME.txt.
start() {
	# (100x40, or START_COLS x START_ROWS)
	name=$1
	shift
	envs=
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs="$envs $1"
		shift
	done
	[ "${1:-}" = -- ] && shift
	tm new-session -d -s "$name" -x "${START_COLS:-100}" -y "${START_ROWS:-40}" \
	    "env -u LC_ALL -u LC_CTYPE -u NO_COLOR TERM=xterm-256color LANG=C.UTF-8 HOME=$HOME \
	    XDG_STATE_HOME=$XDG_STATE_HOME$envs $CLONESH $*; echo clonesh-exited-\$?; \
	    stty -a >$TEST_TMP/stty-$name.txt; sleep 60"
}

# poll SESSION TEST [ARGS...]: captures the screen (text only) into SCREEN
# every 50 ms, for up to 10 s (POLL_TRIES polls, 200 by default), until the
# function TEST ARGS succeeds.
poll() {
	session=$1
	shift
	i=0
	while [ $i -lt "${POLL_TRIES:-200}" ]; do
		SCREEN=$(tm capture-pane -p -t "$session" 2>/dev/null) || return 1
		"$@" && return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}

screen_has() { printf '%s\n' "$SCREEN" | grep -Eq -- "$1"; }
screen_lacks() { ! screen_has "$1"; }
last_line_is() { printf '%s\n' "$SCREEN" | grep -v '^ *$' | tail -n 1 | grep -Eq -- "$1"; }
below_marker_has() {
	printf '%s\n' "$SCREEN" | awk -v m="$1" '$0 ~ m { n = NR } { l[NR] = $0 }
	    END { for (k = n + 1; n && k <= NR; k++) print l[k] }' | grep -Eq -- "$2"
}

# wait_for SESSION REGEX: a line of the screen matches.
wait_for() { poll "$1" screen_has "$2"; }
# wait_last SESSION REGEX: the last non-empty line of the screen matches.
wait_last() { poll "$1" last_line_is "$2"; }
# wait_after SESSION MARKER REGEX: a line below the last line matching MARKER
# matches REGEX (what one command printed, not an earlier one).
wait_after() { poll "$1" below_marker_has "$2" "$3"; }
# wait_gone SESSION REGEX: no line of the screen matches.
wait_gone() { poll "$1" screen_lacks "$2"; }

# check SESSION REGEX NAME
check() {
	if wait_for "$1" "$2"; then
		pass "$3"
	else
		fail "$3" "  expected the screen to show: $2" "  screen:" "$(tap_show "$SCREEN")"
	fi
}

# check_last SESSION REGEX NAME
check_last() {
	if wait_last "$1" "$2"; then
		pass "$3"
	else
		fail "$3" "  expected the last line to match: $2" "  screen:" "$(tap_show "$SCREEN")"
	fi
}

# check_after SESSION MARKER REGEX NAME
check_after() {
	if wait_after "$1" "$2" "$3"; then
		pass "$4"
	else
		fail "$4" "  expected below the last line matching: $2" "  a line matching: $3" \
		    "  screen:" "$(tap_show "$SCREEN")"
	fi
}

# status N: a regex for the status line (the first) once N commands ran
# (its command counter, "cmd N", ends it).
status() {
	echo "^ .* · cmd $1 *\$"
}

# check_status SESSION N REGEX NAME: the status line shows counter N and REGEX.
check_status() {
	if wait_for "$1" "$(status "$2")"; then
		line=$(printf '%s\n' "$SCREEN" | head -n 1)
		if printf '%s\n' "$line" | grep -Eq -- "$3"; then
			pass "$4"
		else
			fail "$4" "  expected the status line to match: $3" "  status line: $line"
		fi
	else
		fail "$4" "  expected the status line to end with cmd $2" "  screen:" "$(tap_show "$SCREEN")"
	fi
}

# stty_restored NAME TEST-NAME: the settings saved after clonesh ended are a
# line discipline's again (canonical mode, echo).
stty_restored() {
	f=$TEST_TMP/stty-$1.txt
	i=0
	while [ $i -lt 100 ] && ! grep -q 'icanon' "$f" 2>/dev/null; do
		i=$((i + 1))
		sleep 0.05
	done
	if grep -Eq '(^| )icanon( |$)' "$f" 2>/dev/null && grep -Eq '(^| )echo( |$)' "$f"; then
		pass "$2"
	else
		fail "$2" "  expected icanon and echo in stty -a, seen:" "$(tap_show "$(cat "$f" 2>&1)")"
	fi
}

# read_to SESSION REGEX: reads the lesson's page as a learner does, pressing
# Alt-Down while the page's header says more lines follow, until a line of
# the screen matches REGEX; each key waits for the header to move on.
read_to() {
	session=$1
	j=0
	while [ $j -lt 30 ]; do
		SCREEN=$(tm capture-pane -p -t "$session" 2>/dev/null) || return 1
		screen_has "$2" && return 0
		lines=$(printf '%s\n' "$SCREEN" | grep -Eo ' · lines [0-9]+-[0-9]+ of [0-9]+, Alt-Down: more' |
		    head -n 1)
		[ -n "$lines" ] || { poll "$session" screen_has "$2"; return; }
		tm send-keys -t "$session" M-Down
		poll "$session" screen_lacks "$lines" || return 1
		j=$((j + 1))
	done
	return 1
}

# check_read SESSION REGEX NAME: like check, reading down the lesson's page.
check_read() {
	if read_to "$1" "$2"; then
		pass "$3"
	else
		fail "$3" "  expected the lesson's page to show: $2" "  screen:" "$(tap_show "$SCREEN")"
	fi
}

# sized NAME COLS ROWS: the session's window at that size, waited for (a
# resize sent while tmux still sets the session up can be lost).  Per window:
# "set -g window-size manual" makes tmux 3.3 to 3.6 crash on the next
# detached new-session (tmux/tmux#4849).
sized() {
	i=0
	while [ $i -lt 100 ]; do
		tm set -w -t "$1" window-size manual 2>/dev/null
		tm resize-window -t "$1" -x "$2" -y "$3" 2>/dev/null
		[ "$(tm display -p -t "$1" '#{window_width}x#{window_height}' 2>/dev/null)" = "$2x$3" ] && return 0
		i=$((i + 1))
		sleep 0.05
	done
	return 1
}

# small NAME: the session at the projector's 80x24.
small() { sized "$1" 80 24; }

# child_of PID: the pid of PID's child (the first found), read from /proc so
# that no procps is needed (a minimal Debian has no pgrep).
child_of() {
	pid=$(children_of "$1" | awk 'NR == 1 { print $1 }')
	[ -n "$pid" ] && echo "$pid"
}
