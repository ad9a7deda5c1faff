#!/bin/sh
# Host safety: clonesh refuses to run setuid or setgid; a lesson's commands
# exec only the allowlist and write only inside the learner's state
# directory; the learner's own commands and scripts (-c, -f, FILE, typed
# while following a lesson) are trusted like typing.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

STATE=$XDG_STATE_HOME/clonesh
OUTSIDE=$TEST_TMP/outside
mkdir -p "$OUTSIDE"

# --- setuid and setgid --------------------------------------------------------
# suid_run MODE: a copy of clonesh with MODE (u+s or g+s), root's, run as nobody.
suid_run() {
	rm -f "$dir/clonesh"
	cp "$CLONESH" "$dir/clonesh" && chown 0:0 "$dir/clonesh" && chmod "$1" "$dir/clonesh"
	OUT=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$dir/clonesh" -c 'help' 2>&1)
	STATUS=$?
}
if [ "$(id -u)" != 0 ]; then
	skip "setuid refusal: needs root to make a setuid-root copy (running as uid $(id -u))"
	skip "setgid refusal: needs root"
elif ! command -v setpriv >/dev/null 2>&1; then
	skip "setuid refusal: setpriv (util-linux) is not installed"
	skip "setgid refusal: setpriv is not installed"
else
	dir=$TEST_TMP/suid
	mkdir -p "$dir" && chmod 755 "$TEST_TMP" "$dir"
	# The probe: does this filesystem honour the setuid bit (not nosuid)?
	cp "$(command -v id)" "$dir/id" && chmod u+s "$dir/id"
	euid=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$dir/id" -u 2>/dev/null)
	if [ "$euid" != 0 ]; then
		skip "setuid refusal: $TEST_TMP does not honour the setuid bit (mounted nosuid?)"
		skip "setgid refusal: the same"
	else
		suid_run u+s
		if [ "$STATUS" = 2 ] && printf '%s\n' "$OUT" | grep -q 'refusing to run setuid or setgid'; then
			pass "a setuid-root copy run by nobody refuses to start, exit 2"
		else
			fail "a setuid-root copy run by nobody refuses to start, exit 2" \
			    "  status $STATUS" "$(tap_show "$OUT")"
		fi
		suid_run g+s
		if [ "$STATUS" = 2 ] && printf '%s\n' "$OUT" | grep -q 'refusing to run setuid or setgid'; then
			pass "a setgid-root copy run by nobody refuses to start, exit 2"
		else
			fail "a setgid-root copy run by nobody refuses to start, exit 2" \
			    "  status $STATUS" "$(tap_show "$OUT")"
		fi
	fi
	chmod 700 "$TEST_TMP"
fi

# --- lessons --------------------------------------------------------------------
# lesson NAME COMMANDS...: a one-step lesson $TEST_TMP/90-NAME.md running COMMANDS.
lesson() {
	file=$TEST_TMP/90-$1.md
	shift
	{
		printf '# Security check\n\n> goal: run what it says\n\n## Step 1: Commands\n\nText.\n\n'
		printf '```clonesh\n'
		printf '%s\n' "$@"
		printf '```\n'
	} >"$file"
}

# exec: only the allowlist, from a lesson as from anywhere.
for prog in sh /bin/sh bash "/usr/bin/env sh" python3; do
	lesson exec "fn exec $prog -c id" spawn
	run_clonesh --run-lesson "$file"
	is_status 1 "a lesson with fn exec $prog fails"
	like "$ERR" "^$file:[0-9]+: fn: exec: \"${prog%% *}\" is not allowed here \(allowed: true, false, echo" \
	    "fn exec $prog: the error names the allowlist"
done
unlike "$OUT" '^clonesh> spawn$' "the lesson stops at the refused command: nothing spawned"
lesson echo "fn exec echo hi" spawn
run_clonesh --run-lesson "$file"
is_status 0 "fn exec echo (on the allowlist) runs from a lesson"

# Writes: inside the state directory only.
for cmd in save transcript snapshot code record; do
	lesson "w-$cmd" "flags none" spawn "$cmd $OUTSIDE/$cmd.out"
	run_clonesh --run-lesson "$file"
	is_status 1 "lesson: $cmd into $OUTSIDE fails the run"
	like "$ERR" "^$file:[0-9]+: $cmd: \"$OUTSIDE/$cmd.out\" is outside $STATE: a lesson writes only into the learner's clonesh state directory" \
	    "lesson: $cmd outside: the error names the file and the state directory"
	if [ -e "$OUTSIDE/$cmd.out" ]; then
		fail "lesson: $cmd outside: nothing written" "  $OUTSIDE/$cmd.out exists"
	else
		pass "lesson: $cmd outside: nothing written"
	fi
done
lesson w-inside "flags none" spawn "save saved.txt" "transcript t.md" "snapshot $STATE/snap.txt" \
    "code prog.c" "record r.cast" "record stop"
run_clonesh --run-lesson "$file"
is_status 0 "lesson: every writing command works inside the state directory" || diag "$ERR"
for f in saved.txt t.md snap.txt prog.c r.cast; do
	if [ -s "$STATE/$f" ]; then
		pass "lesson: $f written in the state directory"
	else
		fail "lesson: $f written in the state directory" "  $STATE/$f is missing or empty" \
		    "$(ls -la "$STATE" 2>&1)"
	fi
done
like "$OUT" "^save: 2 commands into $STATE/saved.txt" "a relative name is taken in the state directory"

lesson dotdot "flags none" "save ../escape.txt"
run_clonesh --run-lesson "$file"
is_status 1 "lesson: save ../escape.txt fails"
like "$ERR" 'may not use "\.\." in a path' "lesson: .. is refused by name"
lesson dotdot2 "flags none" "save $STATE/../escape.txt"
run_clonesh --run-lesson "$file"
is_status 1 "lesson: save STATE/../escape.txt fails"
if [ -e "$XDG_STATE_HOME/escape.txt" ]; then
	fail "lesson: nothing written above the state directory" "  $XDG_STATE_HOME/escape.txt exists"
else
	pass "lesson: nothing written above the state directory"
fi

ln -s "$OUTSIDE" "$STATE/link-dir"
lesson link-dir "flags none" "save link-dir/x.txt"
run_clonesh --run-lesson "$file"
is_status 1 "lesson: a symlinked directory leading out is refused"
like "$ERR" '"link-dir/x.txt" is outside' "lesson: the symlinked directory: the error says outside"
ln -s "$OUTSIDE/target.txt" "$STATE/link-file"
lesson link-file "flags none" "save link-file"
run_clonesh --run-lesson "$file"
is_status 1 "lesson: a symlink as the file is refused"
like "$ERR" '"link-file" is a symbolic link' "lesson: the symlinked file: the error says so"
if [ -e "$OUTSIDE/x.txt" ] || [ -e "$OUTSIDE/target.txt" ]; then
	fail "lesson: no symlink led a write out" "$(ls -la "$OUTSIDE")"
else
	pass "lesson: no symlink led a write out"
fi

# --- the learner's own commands are trusted ---------------------------------------
run_clonesh -c "flags none; save $OUTSIDE/c.txt"
is_status 0 "-c: save anywhere the user can write"
printf 'flags none\nsave %s\n' "$OUTSIDE/f.txt" >"$TEST_TMP/own.clonesh"
run_clonesh -f "$TEST_TMP/own.clonesh"
is_status 0 "-f: a user's own script is trusted like typing"
if [ -s "$OUTSIDE/f.txt" ]; then
	pass "-f: the file is written outside the state directory"
else
	fail "-f: the file is written outside the state directory" "$(tap_show "$ERR")"
fi
run_clonesh "$TEST_TMP/own.clonesh"
is_status 0 "a script FILE argument is trusted too"
lesson typed "flags none"
printf 'save %s\n' "$OUTSIDE/typed.txt" >"$TEST_TMP/typed"
RUN_STDIN=$TEST_TMP/typed run_clonesh "$file"
is_status 0 "following a lesson, what the learner types is theirs: save anywhere"
if [ -s "$OUTSIDE/typed.txt" ]; then
	pass "the typed save wrote its file"
else
	fail "the typed save wrote its file" "$(tap_show "$ERR")"
fi

# --- --demo of a lesson: its commands are confined, in the pane and in plain lines --
if command -v tmux >/dev/null 2>&1; then
	. "${TOP_SRCDIR:-.}/tests/tmux.sh"
	lesson demo "save $OUTSIDE/demo.txt"
	for front in pane plain; do
		args="--demo $file"
		[ $front = plain ] && args="--plain $args"
		start "$front" -- "$args"
		# The lesson is rehearsed when it starts, so the save outside is
		# refused by its first command, lesson FILE: Space runs it.
		wait_for "$front" "clonesh> lesson '$file'" &&
			tm send-keys -t "$front" Space
		check "$front" 'is outside .*/state/clonesh' "--demo of a lesson ($front): save outside is refused"
		tm send-keys -t "$front" q
		if [ -e "$OUTSIDE/demo.txt" ]; then
			fail "--demo ($front): nothing written outside" "  $OUTSIDE/demo.txt exists"
		else
			pass "--demo ($front): nothing written outside"
		fi
	done
else
	skip "--demo of a lesson (pane): tmux is not installed"
	skip "--demo of a lesson (pane): nothing written outside"
	skip "--demo of a lesson (plain): tmux is not installed"
	skip "--demo of a lesson (plain): nothing written outside"
fi

done_testing
