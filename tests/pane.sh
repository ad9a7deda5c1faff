#!/bin/sh
# The pane end to end: clonesh in an isolated tmux server (private socket, no
# configuration, fixed size, TERM, locale and HOME).  Every check waits for a
# condition with a bounded poll; the status line ends with a command counter
# ("· cmd N"), and checks wait on it, so a stale screen never matches.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

. "${TOP_SRCDIR:-.}/tests/tmux.sh"

# row SCREEN LABEL: the pane's rows with that label.
row() {
	printf '%s\n' "$1" | grep -E -- "^ *(›|>)? *[a-z]* +$2 " | head -n 1
}

# check_row SESSION N LABEL REGEX NAME: once N commands ran, the row LABEL
# matches REGEX.
check_row() {
	wait_for "$1" "$(status "$2")"
	r=
	i=0
	while [ $i -lt 100 ]; do
		SCREEN=$(tm capture-pane -p -t "$1" 2>/dev/null) || break
		r=$(row "$SCREEN" "$3")
		printf '%s\n' "$r" | grep -Eq -- "$4" && break
		i=$((i + 1))
		sleep 0.05
	done
	if printf '%s\n' "$r" | grep -Eq -- "$4"; then
		pass "$5"
	else
		fail "$5" "  expected the row \"$3\" to match: $4" "  row: ${r:-(none)}" \
		    "  screen:" "$(tap_show "$SCREEN")"
	fi
}


# The screen with what differs between two runs made equal: addresses,
# inode numbers, pids (and so the column padding after them).
normalise() {
	sed -E 's/0x[0-9a-f]+/ADDR/g; s/\[[0-9]+\]/[INO]/g; s/[0-9]{3,}/N/g; s/  +/ /g; s/ +$//'
}

# --- the main session ------------------------------------------------------
start t
# Per window: "set -g window-size manual" makes tmux 3.3 to 3.6 crash on the
# next detached new-session (tmux/tmux#4849).
tm set -w -t t window-size manual
check_status t 0 '^ clone [^#]* · cmd 0 *$' \
    "start: the status line shows the variant and the command counter, no experiment yet"
check t 'no experiment yet' "start: the pane invites a first experiment"
check_last t '^clonesh> *$' "start: the prompt is the last line"

tm send-keys -t t 'flags +vm' Enter
check_status t 1 'CLONE_VM' "flags +vm: the status line shows CLONE_VM"

tm send-keys -t t 'flags -vm; fn write-global 42; spawn' Enter
check_status t 4 '^ clone SIGCHLD .*fn write-global 42' "the status line shows the function spawn runs"
# "#N" numbers experiments on the status line as in the output; commands are counted apart.
check_status t 4 ' · exp #1 · cmd 4 *$' "the status line: experiment #1, 4 commands, each named"
check t '^#1 clone\(' "the output numbers the same experiment #1"
check t '^last experiment #1: child exited' "the header names the last experiment by its number"
check_row t 4 'global' 'reads 7 +≠ copied +wrote 42' "without CLONE_VM: global ≠ copied"
check_row t 4 'address space' '≠ copied' "without CLONE_VM: address space ≠ copied"
check t '^clone\(child_stack=0x[0-9a-f]+, flags=SIGCHLD\) = [0-9]+' \
    "the system call is shown as strace prints it"

tm send-keys -t t 'flags +vm; spawn' Enter
check t ' · exp #2 · cmd 6 *$' "the status line: experiment #2 after 6 commands"
check_row t 6 'global' 'reads 42 += shared +wrote 42' "with CLONE_VM: global = shared"
check_row t 6 'address space' '= shared' "with CLONE_VM: address space = shared"

tm send-keys -t t 'flags = files; spawn open-fd' Enter
check_row t 8 'fd 4' '/etc/passwd @0 += shared +same open file @0' \
    "CLONE_FILES, open-fd: fd 4 is /etc/passwd, the same open file in the child"

tm send-keys -t t 'flags = vm sighand; spawn sigaction USR1 handler' Enter
check_row t 10 'SIGUSR1' 'handler += shared +handler' \
    "CLONE_SIGHAND, sigaction: SIGUSR1 has the handler in both columns"
check_row t 10 'handler table' '= shared' "CLONE_SIGHAND: the handler table = shared"

# The first Tab inserts the common prefix; readline lists on the next two.
tm send-keys -t t 'explain CLONE_N' Tab
check_last t '^clonesh> explain CLONE_NEW *$' "Tab completes the common prefix CLONE_NEW"
tm send-keys -t t Tab Tab
if wait_for t 'CLONE_NEWNS +.*CLONE_NEWPID' && wait_last t '^clonesh> explain CLONE_NEW *$'; then
	listing=$(printf '%s\n' "$SCREEN" | sed -n '/CLONE_NEW[A-Z]*  /,$p' | tr -s ' ' '\n' |
	    grep -c '^CLONE_NEW[A-Z]*$')
	if [ "$listing" -ge 6 ]; then
		pass "Tab Tab lists the CLONE_NEW* names in the output region"
	else
		fail "Tab Tab lists the CLONE_NEW* names in the output region" \
		    "  expected at least 6 names, seen $listing" "  screen:" "$(tap_show "$SCREEN")"
	fi
else
	fail "Tab Tab lists the CLONE_NEW* names in the output region" "  screen:" \
	    "$(tap_show "$SCREEN")"
fi
tm send-keys -t t C-c
check_last t '^clonesh> *$' "Ctrl-C clears the line"

tm resize-window -t t -x 60 -y 20
check t '^terminal 60x20 is too small' "at 60x20 a notice says the terminal is too small"
tm send-keys -t t 'stack 16k' Enter
check_after t '^clonesh> stack 16k' '^stack: 16k' "at 60x20 the prompt still works"
tm resize-window -t t -x 100 -y 40
check_status t 11 'stack 16k' "back at 100x40 the status line returns"
check t '^group +resource +parent' "back at 100x40 the pane returns"

tm send-keys -t t 'step on' Enter
check_status t 12 '· step ·' "step on: the status line says step"
tm send-keys -t t 'spawn' Enter
check t '^step · phase: before clone' "step: the experiment waits before clone"
check_last t '^\(running\) clonesh>' "step: the prompt says an experiment runs"
# clone has not returned before clone: no return value yet, as strace's "= ?".
check t '^clone\(child_stack=0x[0-9a-f]+, flags=[A-Z_|]+\) = \?$' \
    "step: before clone, the call line says = ? (clone has not returned)"
tm send-keys -t t Space
check t '^step · phase: child started' "step: Space goes on to child started"
check t '^clone\(child_stack=0x[0-9a-f]+, flags=[A-Z_|]+\) = [1-9][0-9]*$' \
    "step: once the child started, the call line shows the child's pid"
if printf '%s\n' "$SCREEN" | grep -Eq '^(›|>) '; then
	pass "step: the rows that changed are marked"
else
	fail "step: the rows that changed are marked" "  expected a row starting with ›" \
	    "  screen:" "$(tap_show "$SCREEN")"
fi
tm send-keys -t t Space
check t '^step · phase: child acted' "step: Space goes on to child acted"
tm send-keys -t t Space
check t '^step · phase: child exited' "step: Space goes on to child exited"
tm send-keys -t t Space
check_last t '^clonesh> *$' "step: the experiment ends and the prompt returns"
tm send-keys -t t 'step off' Enter
if wait_for t "$(status 14)" && ! printf '%s\n' "$SCREEN" | head -n 1 | grep -q '· step'; then
	pass "step off: the status line no longer says step"
else
	fail "step off: the status line no longer says step" "  screen:" "$(tap_show "$SCREEN")"
fi

tm send-keys -t t 'timeout 60; spawn sleep 10' Enter
check t '^phase: child started · child [0-9]+ is sleeping' "sleep 10 is shown live"
tm send-keys -t t C-c
check_after t '^clonesh> timeout 60; spawn sleep 10' 'interrupted' "Ctrl-C interrupts the experiment"
check_last t '^clonesh> *$' "after Ctrl-C the prompt returns"

tm send-keys -t t 'spawn sleep 10' Enter
check_status t 17 'fn sleep 10' "spawn sleep 10 runs again"
check t '^phase: child started · child [0-9]+ is sleeping' "the second sleep 10 is shown live"
tm send-keys -t t 'kill' Enter
check_after t '^clonesh> spawn sleep 10$' 'interrupted' "kill typed during the experiment ends it"
check_last t '^clonesh> *$' "after kill the prompt returns"
check_status t 18 '' "kill counts as a command"

tm send-keys -t t 'pane off' Enter
if wait_gone t '· cmd [0-9]+ *$' && wait_last t '^clonesh> *$' &&
    ! printf '%s\n' "$SCREEN" | grep -Eq '· cmd [0-9]+ *$'; then
	pass "pane off: a plain prompt without the status line"
else
	fail "pane off: a plain prompt without the status line" "  screen:" "$(tap_show "$SCREEN")"
fi
# The pane's keys are plain readline's again (their pane handlers crashed here).
tm send-keys -t t C-l
tm send-keys -t t PPage
tm send-keys -t t NPage
tm send-keys -t t C-u
check_last t '^clonesh> *$' "pane off: Ctrl-L, PgUp and PgDn leave the plain prompt running"
tm send-keys -t t 'stack' Enter
check_after t '^clonesh> stack$' '^stack: 16k, guard on' "pane off: commands print plain lines"
tm send-keys -t t 'pane on' Enter
check_status t 21 'stack 16k' "pane on: the status line is back, the counter kept"

tm send-keys -t t C-d
check t '^clonesh-exited-0$' "Ctrl-D on an empty line quits with status 0"
stty_restored t "after Ctrl-D the terminal is back in icanon and echo"

# --- SIGTERM, SIGHUP and a crash in clonesh restore the terminal -----------------
for sig in TERM:143 HUP:129 SEGV:139; do
	name=k${sig%%:*}
	start "$name"
	if wait_for "$name" "$(status 0)"; then
		shell=$(tm list-panes -t "$name" -F '#{pane_pid}')
		pid=$(child_of "$shell")
		kill -"${sig%%:*}" "$pid" 2>/dev/null
		check "$name" "^clonesh-exited-${sig#*:}\$" \
		    "kill -${sig%%:*} ends clonesh by SIG${sig%%:*} (status ${sig#*:})"
		stty_restored "$name" "after SIG${sig%%:*} the terminal is back in icanon and echo"
		if printf '%s\n' "$SCREEN" | grep -q '· cmd 0'; then
			fail "after SIG${sig%%:*} the pane has left the screen" "  screen:" "$(tap_show "$SCREEN")"
		else
			pass "after SIG${sig%%:*} the pane has left the screen"
		fi
	else
		fail "kill -${sig%%:*}: clonesh started" "  screen:" "$(tap_show "$SCREEN")"
		skip "no clonesh to send SIG${sig%%:*} to"
		skip "no clonesh to send SIG${sig%%:*} to"
	fi
done

# --- colour, NO_COLOR and --no-color show the same text -------------------------
start colour
start nocolor NO_COLOR=1
start mono -- --no-color
for s in colour nocolor mono; do
	tm send-keys -t $s 'fn write-global 42; spawn; flags +vm; spawn' Enter
done
for s in colour nocolor mono; do
	check_status $s 4 'CLONE_VM' "$s: the experiments ran"
	wait_last $s '^clonesh> *$'
	tm capture-pane -p -t $s | normalise >"$TEST_TMP/text-$s"
	tm capture-pane -p -e -t $s >"$TEST_TMP/attr-$s"
done
esc=$(printf '\033')
for s in nocolor mono; do
	if diff -u "$TEST_TMP/text-colour" "$TEST_TMP/text-$s" >"$TEST_TMP/diff-$s"; then
		pass "$s: the screen reads the same as with colour"
	else
		fail "$s: the screen reads the same as with colour" "$(cat "$TEST_TMP/diff-$s")"
	fi
	# No foreground or background colour (30-37, 38;5;N, 40-47, 48;5;N, 90-107).
	if grep -Eq "$esc"'\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m' \
	    "$TEST_TMP/attr-$s"; then
		fail "$s: no colour on the screen" "$(cat -v "$TEST_TMP/attr-$s" | head -n 5)"
	else
		pass "$s: no colour on the screen"
	fi
	# The monochrome scheme marks the status line by reverse video.
	if head -n 1 "$TEST_TMP/attr-$s" | grep -Eq "$esc"'\[([0-9;]*;)?7(;[0-9;]*)?m'; then
		pass "$s: the status line is in reverse video"
	else
		fail "$s: the status line is in reverse video" \
		    "  status line: $(head -n 1 "$TEST_TMP/attr-$s" | cat -v)"
	fi
done
# The colour scheme's roles must reach the screen (status: black on cyan; verdicts: colours).
if grep -Eq "$esc"'\[([0-9;]*;)?(3[0-7]|38;5;[0-9]+|4[0-7]|48;5;[0-9]+)(;[0-9;]*)?m' \
    "$TEST_TMP/attr-colour"; then
	pass "colour: the pane shows colours"
else
	fail "colour: the pane shows colours" "  expected a colour SGR in capture-pane -e, seen:" \
	    "$(tap_show "$(head -n 12 "$TEST_TMP/attr-colour" | cat -v)")"
fi

done_testing
