#!/bin/sh
# Ctrl-Z, as vim and less take it: under a job-control shell the pane gives
# the terminal back (canonical mode, echo), clonesh's job stops, and "fg"
# brings the pane back redrawn with its state; the plain front end does the
# same with readline's line kept.  Where no job-control shell could resume
# clonesh (an orphaned process group: clonesh started straight by tmux),
# Ctrl-Z says so and clonesh goes on.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

. "${TOP_SRCDIR:-.}/tests/tmux.sh"

# --- under an interactive bash, which has job control -----------------------
if command -v bash >/dev/null 2>&1; then
	# \# numbers the shell's commands, so a stale prompt never matches.
	tm new-session -d -s j -x 100 -y 40 "env -i PATH='$PATH' TERM=xterm-256color \
	    LANG=C.UTF-8 HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' PS1='jc\\#\$ ' \
	    bash --norc --noprofile -i"
	tm set -w -t j window-size manual
	shell_prompt() { echo "^jc$1\\\$ *\$"; }
	if ! wait_last j "$(shell_prompt 1)"; then
		skip "bash did not start in tmux: $(printf '%s' "$SCREEN" | tail -n 1)"
	else
		# The pane.
		tm send-keys -t j "$CLONESH" Enter
		check_status j 0 '' "pane under bash: clonesh started"
		tm send-keys -t j 'flags +vm' Enter
		check_status j 1 'CLONE_VM' "pane under bash: flags +vm ran"
		tm send-keys -t j C-z
		check j '^\[1\]\+ +Stopped +.*clonesh' "pane: Ctrl-Z stops clonesh, bash says Stopped"
		check_last j "$(shell_prompt 2)" "pane: Ctrl-Z gives the terminal to bash"
		tm send-keys -t j "stty -a >$TEST_TMP/stty-j.txt" Enter
		stty_restored j "pane: while stopped, the terminal is in icanon and echo"
		wait_last j "$(shell_prompt 3)"
		tm send-keys -t j 'fg' Enter
		check_status j 1 'CLONE_VM' "pane: fg redraws the pane with its state"
		check_last j '^clonesh> *$' "pane: fg brings the prompt back"
		tm send-keys -t j 'stack 16k' Enter
		check_after j '^clonesh> stack 16k' '^stack: 16k' "pane: after fg, commands run"
		check_status j 2 'stack 16k' "pane: after fg, the status line follows"
		tm send-keys -t j 'quit' Enter
		check_last j "$(shell_prompt 4)" "pane: quit after fg returns to bash"

		# The plain front end: the line typed so far is kept.
		tm send-keys -t j "$CLONESH --plain" Enter
		check_last j '^clonesh> *$' "plain under bash: clonesh started"
		tm send-keys -t j 'sta'
		check_last j '^clonesh> sta$' "plain: a line begun"
		tm send-keys -t j C-z
		check j '^\[1\]\+ +Stopped +.*clonesh --plain' "plain: Ctrl-Z stops clonesh, bash says Stopped"
		check_last j "$(shell_prompt 5)" "plain: Ctrl-Z gives the terminal to bash"
		tm send-keys -t j "stty -a >$TEST_TMP/stty-jp.txt" Enter
		stty_restored jp "plain: while stopped, the terminal is in icanon and echo"
		wait_last j "$(shell_prompt 6)"
		tm send-keys -t j 'fg' Enter
		check_last j '^clonesh> sta$' "plain: fg redraws the prompt with the line typed so far"
		# Tab completes only when readline has the terminal raw again.
		tm send-keys -t j 'c' Tab Enter
		check_after j '^clonesh> stack' '^stack: 64k' "plain: after fg, Tab and Enter work"
		if printf '%s\n' "$SCREEN" | grep -q '^c$'; then
			fail "plain: after fg, the terminal does not echo as well" "  screen:" \
			    "$(tap_show "$SCREEN")"
		else
			pass "plain: after fg, the terminal does not echo as well"
		fi
		tm send-keys -t j 'quit' Enter
		check_last j "$(shell_prompt 7)" "plain: quit after fg returns to bash"
	fi
else
	skip "bash is not installed: no job-control shell to test Ctrl-Z under"
fi

# --- without job control: clonesh's process group is orphaned ------------------
start o
tm set -w -t o window-size manual
check_status o 0 '' "pane without job control: started"
tm send-keys -t o C-z
check o 'Ctrl-Z: cannot suspend: no job-control shell would resume clonesh' \
    "pane without job control: Ctrl-Z says why it cannot suspend"
tm send-keys -t o 'stack' Enter
check_after o '^clonesh> stack$' '^stack: 64k' "pane without job control: clonesh goes on"
check_status o 1 '' "pane without job control: the status line is back"
tm send-keys -t o 'timeout 60; spawn sleep 10' Enter
check o '^phase: child started · child [0-9]+ is sleeping' "pane: an experiment runs"
tm send-keys -t o C-z
check o 'Ctrl-Z: not while an experiment runs' "pane: Ctrl-Z during an experiment says why not"
tm send-keys -t o 'kill' Enter
check_last o '^clonesh> *$' "pane: the experiment ends with kill"
tm send-keys -t o 'quit' Enter
check o '^clonesh-exited-0$' "pane without job control: quit"

# A demo leads the keys, but not Ctrl-Z.
printf 'flags +vm\nspawn\n' >"$TEST_TMP/d.clonesh"
start od -- --demo "$TEST_TMP/d.clonesh"
check od 'demo: Space or Enter runs each command' "demo without job control: started"
tm send-keys -t od C-z
check od 'Ctrl-Z: cannot suspend: no job-control shell would resume clonesh' \
    "demo without job control: Ctrl-Z reaches the pane, which says why it cannot suspend"

start op -- --plain
check_last op '^clonesh> *$' "plain without job control: started"
tm send-keys -t op 'sta'
# Ctrl-Z makes the terminal flush what readline has not read yet.
check_last op '^clonesh> sta$' "plain without job control: a line begun"
tm send-keys -t op C-z
check op '^clonesh: Ctrl-Z: cannot suspend: no job-control shell would resume clonesh' \
    "plain without job control: Ctrl-Z says why it cannot suspend"
check_last op '^clonesh> sta$' "plain without job control: the line typed so far is kept"
tm send-keys -t op 'ck' Enter
check_after op '^clonesh> stack$' '^stack: 64k' "plain without job control: clonesh goes on"

done_testing
