#!/bin/sh
# The plain interactive front end (--plain) in a real terminal: an isolated tmux server with
# a fixed size, TERM and HOME; every check waits for a condition with a
# bounded poll, on text that only the step being checked can produce.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

. "${TOP_SRCDIR:-.}/tests/tmux.sh"

start t -- --plain
check t '^clonesh>' "the prompt appears"

tm send-keys -t t 'fn write-global 101' Enter
check t 'fn: write-global 101' "a command runs"
tm send-keys -t t 'spawn' Enter
check t 'parent sees global = 7' "spawn shows the observation"

tm send-keys -t t 'expl' Tab
check t '^clonesh> explain *$' "Tab completes a command name"
tm send-keys -t t 'CLONE_VF' Tab
check t '^clonesh> explain CLONE_VFORK' "Tab completes a flag name"
tm send-keys -t t Enter
check t 'suspend' "explain CLONE_VFORK explains it"

tm send-keys -t t 'fn write-g' Tab '202' Enter
check t 'fn: write-global 202' "Tab completes a function name"

tm send-keys -t t 'snapshot --s' Tab
check t '^clonesh> snapshot --svg *$' "Tab completes snapshot's option --svg"
tm send-keys -t t Enter
check t 'snapshot: which file\? \(usage: snapshot \[--svg\] FILE\)' "snapshot --svg asks which file"

# drill's options and --only's flags, answer flags, seccomp's words.
tm send-keys -t t 'drill --rev' Tab '--on' Tab 'thr' Tab
check t '^clonesh> drill --reverse --only thread *$' "Tab completes drill's --reverse, --only and a flag after it"
tm send-keys -t t C-c
wait_last t '^clonesh> *$'
tm send-keys -t t 'drill --lev' Tab 'ha' Tab
check t '^clonesh> drill --level hard *$' "Tab completes drill's --level and its level"
tm send-keys -t t C-c
wait_last t '^clonesh> *$'
tm send-keys -t t 'answer fl' Tab 'newus' Tab
check t '^clonesh> answer flags newuser *$' "Tab completes answer flags and a flag"
tm send-keys -t t C-c
wait_last t '^clonesh> *$'
tm send-keys -t t 'seccomp de' Tab 'newus' Tab
check t '^clonesh> seccomp deny newuser *$' "Tab completes seccomp deny and a flag"
tm send-keys -t t C-c
wait_last t '^clonesh> *$'

tm send-keys -t t 'garbage words'
wait_last t '^clonesh> garbage words$'
tm send-keys -t t C-c
# Typed only once readline shows a fresh line: keys sent while it is still
# clearing the old one could land on either line on a busy machine.
wait_last t '^clonesh> *$'
tm send-keys -t t 'stack 16k' Enter
check t 'stack: 16k' "Ctrl-C clears the line and the next command runs"
if printf '%s\n' "$SCREEN" | grep -q 'unknown command "garbage'; then
	fail "Ctrl-C: the cleared line was not run"
else
	pass "Ctrl-C: the cleared line was not run"
fi

tm send-keys -t t 'timeout 60; fn sleep 30; spawn' Enter
check t 'timeout: 60' "a long experiment starts"
tm send-keys -t t C-c
check t 'interrupted in phase' "Ctrl-C interrupts a running experiment"
wait_last t '^clonesh> *$'
tm send-keys -t t 'stack' Enter
check t 'stack: 16k, guard' "the settings survive the interrupted experiment"

tm send-keys -t t 'spwan' Enter
check t 'unknown command "spwan".*spawn' "an unknown command names the nearest"

tm send-keys -t t C-d
check t 'clonesh-exited-0' "Ctrl-D on an empty line quits with status 0"
hist=$XDG_STATE_HOME/clonesh/history
if grep -q '^fn write-global 202$' "$hist" 2>/dev/null; then
	pass "history is saved in \$XDG_STATE_HOME/clonesh/history"
else
	fail "history is saved in \$XDG_STATE_HOME/clonesh/history" "  $(cat "$hist" 2>&1)"
fi

# SIGTERM, SIGHUP and SIGQUIT while readline holds the terminal: clonesh
# ends by the signal, with the terminal given back first.
for sig in TERM:143 HUP:129 QUIT:131; do
	name=s${sig%%:*}
	start "$name" -- --plain
	check "$name" '^clonesh> *$' "--plain, then SIG${sig%%:*}: the prompt"
	tm send-keys -t "$name" 'half a line'
	shell=$(tm list-panes -t "$name" -F '#{pane_pid}')
	pid=$(child_of "$shell")
	kill -"${sig%%:*}" "$pid"
	check "$name" "^clonesh-exited-${sig#*:}\$" "--plain: SIG${sig%%:*} ends clonesh by the signal (status ${sig#*:})"
	stty_restored "$name" "--plain: after SIG${sig%%:*} the terminal is back in icanon and echo"
done

done_testing
