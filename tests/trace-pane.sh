#!/bin/sh
# trace in the pane: the tree in the output region, Alt-Right and Alt-Left
# moving through the creations (the observation's rows follow), Ctrl-C
# ending a traced program with its whole tree.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

if ! "$CLONESH" -c 'trace /bin/true' >"$TEST_TMP/probe" 2>&1; then
	echo "1..0 # SKIP ptrace is not allowed here: $(head -1 "$TEST_TMP/probe")"
	exit 0
fi
. "${TOP_SRCDIR:-.}/tests/tmux.sh"

start t
tm set -w -t t window-size manual
check_status t 0 'cmd 0' "start: the pane is up"

tm send-keys -t t 'trace samples/pool' Enter
check_status t 1 'cmd 1' "trace ran"
check t '4 creations traced; "trace show N"' "the tree's last line is in the output region"
check t '^#4 [0-9]+ → [0-9]+' "each creation has its line"

tm send-keys -t t M-Right
check_status t 2 'exp #1 ' "Alt-Right: trace show next, creation 1, the session's experiment 1"
check t 'thread group +tgid [0-9]+ += shared' "the rows are creation 1's: a thread of the group, measured"
if kcmp_works; then
	check t 'address space +its address space += shared' "the rows say the address space was shared"
else
	check t 'address space +.*\? ' "the rows say the address space was not measured (no kcmp here)"
fi
tm send-keys -t t M-Right
check_status t 3 'exp #2 ' "Alt-Right again: creation 2"
tm send-keys -t t M-Left
check_status t 4 'exp #3 ' "Alt-Left: creation 1 again"

# Alt-Right with a line being typed does nothing: the line stays.
tm send-keys -t t 'flags'
tm send-keys -t t M-Right
tm send-keys -t t ' +vm' Enter
check_status t 5 'CLONE_VM' "Alt-Right on a typed line leaves the line alone"

# Ctrl-C ends the traced program and everything it made.
tm send-keys -t t 'timeout 60; trace samples/sleeper 60' Enter
sleeper_up() { [ "$(pids_named sleeper | wc -l)" -ge 2 ]; }
if poll_until 400 sleeper_up; then
	tm send-keys -t t C-c
	wait_for t 'trace: interrupted: the program and every task it made were killed'
	check t 'trace: interrupted' "Ctrl-C: the trace is interrupted, and says so"
	sleeper_gone() { [ -z "$(pids_named sleeper)" ]; }
	if poll_until 200 sleeper_gone; then
		pass "Ctrl-C: no process of the traced program is left"
	else
		fail "Ctrl-C: no process of the traced program is left" "$(pids_named sleeper)"
	fi
else
	fail "Ctrl-C: the sleeper never started"
	skip "Ctrl-C: no process left"
fi

tm send-keys -t t 'quit' Enter
wait_for t 'clonesh-exited-0'
check t 'clonesh-exited-0' "quit: clonesh exits 0"
tm kill-server 2>/dev/null
done_testing
