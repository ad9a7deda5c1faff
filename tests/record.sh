#!/bin/sh
# Recording and handouts: record writes valid asciicast v2 (header, then one
# [time, "o", data] array a line, times never going back), in batch mode and
# in the pane; save writes a script that -f replays into the same
# observations; transcript writes Markdown; snapshot writes the pane as text.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"

have_jq=false
command -v jq >/dev/null 2>&1 && have_jq=true

# valid_cast FILE NAME: a JSON object header with version 2 and integer
# width and height, then every line a JSON array [number, "o", string] with
# times that never go back.
valid_cast() {
	if ! $have_jq; then
		skip "$2 (jq is not installed, so the cast cannot be parsed)"
		return
	fi
	if [ ! -s "$1" ]; then
		fail "$2" "  expected a cast in $1, found none or an empty file"
		return
	fi
	hdr=$(head -n 1 "$1" | jq -e 'type == "object" and .version == 2 and
	    (.width | type == "number" and . == floor and . > 0) and
	    (.height | type == "number" and . == floor and . > 0)' 2>&1)
	if [ "$hdr" != true ]; then
		fail "$2" "  expected a header object with version 2, width, height:" \
		    "$(tap_show "$(head -n 1 "$1")")" "  jq: $hdr"
		return
	fi
	# -R: each line must be one JSON text by itself.
	ev=$(tail -n +2 "$1" | jq -R -s -e 'split("\n") | map(select(length > 0) | fromjson) |
	    all(.[]; type == "array" and length == 3 and (.[0] | type == "number") and
	        .[1] == "o" and (.[2] | type == "string")) and
	    ([.[][0]] as $t | all(range(1; $t | length); $t[.] >= $t[. - 1]))' 2>&1)
	if [ "$ev" = true ]; then
		pass "$2"
	else
		fail "$2" "  expected each event line to be [time, \"o\", data] in time order" \
		    "  jq: $ev" "  cast:" "$(tap_show "$(head -n 20 "$1")")"
	fi
}

# cast_text FILE: the output the cast holds, its events joined.
cast_text() {
	tail -n +2 "$1" | jq -R -s -r 'split("\n") | map(select(length > 0) | fromjson | .[2]) |
	    join("")'
}

# cast_has FILE REGEX NAME
cast_has() {
	if ! $have_jq; then
		skip "$3 (jq is not installed)"
		return
	fi
	like "$(cast_text "$1" 2>&1)" "$2" "$3"
}

# --- (a) --record in batch mode
run_clonesh --record "$TEST_TMP/a.cast" -c 'spawn'
is_status 0 "--record FILE -c spawn: exit status 0"
valid_cast "$TEST_TMP/a.cast" "--record: the cast is valid asciicast v2"
cast_has "$TEST_TMP/a.cast" 'child exited 0' "--record: the cast holds the spawn's summary"
# A usage error found after --record was read leaves an earlier recording alone.
cp "$TEST_TMP/a.cast" "$TEST_TMP/keep.cast"
run_clonesh --record "$TEST_TMP/keep.cast" --demo "$TEST_TMP/none.clonesh"
is_status 2 "--record with --demo and no terminal: a usage error"
if cmp -s "$TEST_TMP/a.cast" "$TEST_TMP/keep.cast"; then
	pass "--record with a usage error: the existing recording is untouched"
else
	fail "--record with a usage error: the existing recording is untouched" \
	    "  it now holds:" "$(tap_show "$(head -c 300 "$TEST_TMP/keep.cast")")"
fi
# A lesson run to its end is recorded to its end.
CLONESH_LESSONDIR=$TOP_SRCDIR/lessons run_clonesh --record "$TEST_TMP/lesson.cast" \
    --run-lesson "$TOP_SRCDIR/lessons/02-fork-is-clone.md"
is_status 0 "--record --run-lesson: exit status 0"
valid_cast "$TEST_TMP/lesson.cast" "--record --run-lesson: the cast is valid asciicast v2"
cast_has "$TEST_TMP/lesson.cast" 'lesson 2' "--record --run-lesson: the cast holds the lesson"

run_clonesh --record "$TEST_TMP/nodir/a.cast" -c 'spawn'
is_status 2 "--record into a missing directory: exit status 2"
is "$ERR" "clonesh: --record: cannot write $TEST_TMP/nodir/a.cast: No such file or directory" \
    "--record into a missing directory: one line naming the file"

# --- (b) record and record stop in a script
run_clonesh -c "record $TEST_TMP/b.cast; record; spawn write-global 42; record stop; flags +vm"
is_status 0 "record; spawn; record stop: exit status 0"
like "$OUT" "^record: recording into $TEST_TMP/b.cast; \"record stop\" ends it\$" \
    "record FILE says where it records"
like "$OUT" "^record: stopped; $TEST_TMP/b.cast holds [0-9.]+ seconds" "record stop says how long"
valid_cast "$TEST_TMP/b.cast" "record in a script: the cast is valid"
cast_has "$TEST_TMP/b.cast" 'child exited 0 .* parent sees global = 7' \
    "record in a script: the cast holds the spawn's summary"
if $have_jq; then
	unlike "$(cast_text "$TEST_TMP/b.cast")" 'CLONE_VM' "record stop: what follows is not recorded"
	like "$(cast_text "$TEST_TMP/b.cast")" $(printf '\r$') "the cast sends newlines as CR LF, as the terminal got them"
else
	skip "record stop ends the recording (jq is not installed)"
	skip "newlines as CR LF (jq is not installed)"
fi

run_clonesh -c "record $TEST_TMP/b.cast" -c 'record stop'
like "$OUT" "replacing what it held" "record over an existing cast says it replaces it"

printf 'caf\303\251 \377 bytes\n' >"$TEST_TMP/odd.txt"
run_clonesh -c "record $TEST_TMP/u.cast; fn open-fd $TEST_TMP/odd.txt; spawn; show all; record stop"
valid_cast "$TEST_TMP/u.cast" "a cast stays valid JSON whatever bytes were shown"

# --- (d) asciinema plays it, where Debian's asciinema is installed
if command -v asciinema >/dev/null 2>&1 && command -v script >/dev/null 2>&1; then
	# asciinema wants a terminal (/dev/tty) even to play: script(1) makes one.
	if script -qec "asciinema play -s 100 '$TEST_TMP/b.cast'" /dev/null </dev/null \
	    >"$TEST_TMP/cat.out" 2>"$TEST_TMP/cat.err"; then
		pass "asciinema play plays the cast"
	else
		fail "asciinema play plays the cast" "$(tap_show "$(cat "$TEST_TMP/cat.out" "$TEST_TMP/cat.err")")"
	fi
else
	skip "asciinema is not installed (Debian package asciinema), so it cannot play the cast"
fi

# --- (e) save, then -f replays the same experiments
# (the thread through whichever call works here: $THREAD)
script_cmds="flags +vm; fn write-global 42; spawn; show memory; flags = files; spawn open-fd; explain vm; $THREAD; stack 16k; spawn; stack; step off"
thread_lines=$(printf '%s\n' "$THREAD" | sed 's/; */\n/g')
saved=$((7 + $(printf '%s\n' "$thread_lines" | wc -l)))
run_clonesh --json -c "$script_cmds; save $TEST_TMP/s.clonesh"
is_status 0 "save after three experiments: exit status 0"
printf '%s\n' "$OUT" | grep '^{' >"$TEST_TMP/orig.json"
run_clonesh -c "$script_cmds; save $TEST_TMP/s.clonesh"
like "$OUT" "^save: $saved commands into $TEST_TMP/s.clonesh\$" "save says how many commands it wrote"
like "$(head -n 1 "$TEST_TMP/s.clonesh")" '^# clonesh session, saved [0-9]{4}-' "save: a header comment"
is "$(grep -v '^#' "$TEST_TMP/s.clonesh")" "flags +vm
fn write-global 42
spawn
flags = files
spawn open-fd
$thread_lines
stack 16k
spawn" "save keeps what sets up or runs an experiment, drops what only displays"
run_clonesh --json -f "$TEST_TMP/s.clonesh"
is_status 0 "clonesh -f the saved script: exit status 0"
if $have_jq; then
	norm() {
		jq -c '{config, shared, effects: (.effects | del(.tids, .pages))}' |
		    sed -E 's/\[[0-9]+\]/[INO]/g; s/[0-9]{5,}/N/g'
	}
	a=$(norm <"$TEST_TMP/orig.json")
	b=$(printf '%s\n' "$OUT" | norm)
	is "$(lines_of "$b")" 3 "the replay runs the three experiments"
	is "$b" "$a" "the replay's configurations and observations equal the session's"
else
	skip "the replay runs the three experiments (jq is not installed)"
	skip "the replay equals the session (jq is not installed)"
fi

run_clonesh -c "fn open-fd '/tmp/a \"b\";#c'; spawn; save $TEST_TMP/q.clonesh"
run_clonesh -f "$TEST_TMP/q.clonesh" -c fn
like "$OUT" '^fn: open-fd "/tmp/a "b";#c"$' "save quotes words so they parse again"

# A drill's settings reach the script as commands (drill itself is not
# replayed: another kernel could draw otherwise).
run_clonesh --json -c "stack 16k; drill --seed 5 --level hard --answers; report --json; save $TEST_TMP/d.clonesh"
live=$(printf '%s\n' "$OUT" | grep '^{"number"' | tail -n 1 | jq -c .config 2>/dev/null)
run_clonesh --json -f "$TEST_TMP/d.clonesh"
replayed=$(printf '%s\n' "$OUT" | grep '^{"number"' | tail -n 1 | jq -c .config 2>/dev/null)
if [ -n "$live" ] && [ "$live" = "$replayed" ]; then
	pass "save after drill --answers: the replay runs the drill's settings"
else
	fail "save after drill --answers: the replay runs the drill's settings" "  live:     $live" \
	    "  replayed: $replayed" "  script:" "$(tap_show "$(cat "$TEST_TMP/d.clonesh")")"
fi

# --- (f) transcript
run_clonesh -c "flags +vm; spawn write-global 42; flags -vm; spawn write-global 42; transcript $TEST_TMP/t.md"
is_status 0 "transcript: exit status 0"
t=$(cat "$TEST_TMP/t.md" 2>/dev/null)
like "$t" '^# A clonesh session' "transcript: a title"
like "$t" '^clonesh> flags \+vm$' "transcript: the first command as typed"
like "$t" '^clonesh> flags -vm$' "transcript: the third command as typed"
is "$(printf '%s\n' "$t" | grep -c '^clonesh> spawn write-global 42$')" 2 "transcript: each spawn"
is "$(printf '%s\n' "$t" | grep -c '^experiment #[12]$')" 2 "transcript: each observation"
like "$t" 'global +before 7, child wrote 42, parent sees 42' "transcript: the first observation's memory"
like "$t" 'global +before 7, child wrote 42, parent sees 7' "transcript: the second observation's memory"
is "$(printf '%s\n' "$t" | grep -c '^```')" 8 "transcript: every block is closed"

# --- (g) snapshot in batch mode
run_clonesh -c "flags +vm; spawn write-global 42; snapshot $TEST_TMP/snap.txt"
is_status 0 "snapshot after a spawn: exit status 0"
snap=$(cat "$TEST_TMP/snap.txt" 2>/dev/null)
like "$snap" '^clonesh . experiment #1 ' "snapshot: a title line"
like "$snap" '^memory +address space .* shared ' "snapshot: the memory row with its verdict word"
like "$snap" '^fds +fd table .* copied ' "snapshot: the fd table row with its verdict word"
w=$(printf '%s\n' "$snap" | LC_ALL=C.UTF-8 awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
if [ "$w" -le 100 ]; then pass "snapshot: at most 100 columns"; else fail "snapshot: at most 100 columns" "  widest line: $w"; fi

# --- (h) bad input
run_clonesh -c "record $TEST_TMP/nodir/x.cast"
is_status 1 "record into a missing directory fails"
is "$ERR" "-c:1: record: cannot write $TEST_TMP/nodir/x.cast: No such file or directory" \
    "record into a missing directory: one line naming the file"
run_clonesh -c 'record stop'
is "$ERR" '-c:1: record: nothing is recording ("record FILE.cast" starts)' "record stop without a recording"
run_clonesh -c "record $TEST_TMP/c.cast; record $TEST_TMP/d.cast"
is "$ERR" "-c:1: record: already recording into $TEST_TMP/c.cast (record stop first)" \
    "a second record while one runs is refused"
valid_cast "$TEST_TMP/c.cast" "a recording still running at the end is closed valid"
run_clonesh -c 'record a b'
like "$ERR" 'record: too many arguments' "record with two files"
run_clonesh -c 'save'
is "$ERR" '-c:1: save: which file? (usage: save FILE)' "save without a file"
run_clonesh -c "spawn; transcript $TEST_TMP/nodir/t.md"
is "$ERR" "-c:1: transcript: cannot write $TEST_TMP/nodir/t.md: No such file or directory" \
    "transcript to an unwritable path"
run_clonesh -c "snapshot $TEST_TMP/x.txt"
is "$ERR" '-c:1: snapshot: nothing to show yet (spawn first)' "snapshot before any experiment"
if [ -e "$TEST_TMP/x.txt" ]; then
	fail "snapshot before any experiment writes no file"
else
	pass "snapshot before any experiment writes no file"
fi

# --- (c, g) the pane, in tmux
if ! command -v tmux >/dev/null 2>&1; then
	skip "tmux is not installed: the pane's recording and snapshot are not tested"
	done_testing
fi
. "$TOP_SRCDIR/tests/tmux.sh"

start r
tm set -w -t r window-size manual
check_status r 0 '^ clone ' "pane: started"
tm send-keys -t r "record $TEST_TMP/p.cast" Enter
check_status r 1 '' "pane: record ran"
tm send-keys -t r 'spawn' Enter
check_status r 2 '' "pane: spawn ran"
check r '^clone\(child_stack=' "pane: the system call is shown"
tm send-keys -t r "snapshot $TEST_TMP/ps.txt" Enter
check_status r 3 '' "pane: snapshot ran"
tm send-keys -t r 'record stop' Enter
check r 'record: stopped' "pane: record stop says it stopped"
tm send-keys -t r 'quit' Enter
check r 'clonesh-exited-0' "pane: quit"
valid_cast "$TEST_TMP/p.cast" "pane: the cast is valid asciicast v2"
if ! $have_jq; then
	skip "pane: the cast shows the pane (jq is not installed)"
elif cast_text "$TEST_TMP/p.cast" | grep -q 'clone('; then
	pass "pane: the cast shows the pane with the system call"
else
	fail "pane: the cast shows the pane with the system call" \
	    "  expected the cast's frames to show \"clone(\"; the pane records a frame each time" \
	    "  the front end calls pane_record() after pane_draw()" \
	    "  cast:" "$(tap_show "$(head -c 2000 "$TEST_TMP/p.cast")")"
fi
like "$(cat "$TEST_TMP/ps.txt" 2>/dev/null)" "$(status 2)" "pane: snapshot writes the screen with its status line"
like "$(cat "$TEST_TMP/ps.txt" 2>/dev/null)" 'copied' "pane: snapshot writes the rows with verdict words"

# --- (c) a projector recording keeps the look the room sees
esc=$(printf '\033')
# SGR codes with reverse video (7) right before a verdict banner.
banner_re="$esc"'\[([0-9;]*;)?7(;[0-9;]*)?m [=≠+✗] (SHARED|COPIED|NEW)'
# A foreground or background colour: 30-37, 40-47, 90-97, 100-107, 38;5;N, 48;5;N.
colour_re="$esc"'\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m'
for mode in colour mono; do
	env=
	[ $mode = mono ] && env=NO_COLOR=1
	start "pr$mode" $env -- --projector --record "$TEST_TMP/proj-$mode.cast"
	tm set -w -t "pr$mode" window-size manual
	check_status "pr$mode" 0 '' "projector $mode: started recording"
	tm send-keys -t "pr$mode" 'spawn' Enter
	check "pr$mode" ' · exp #1 · cmd 1 *$' "projector $mode: spawn ran"
	check "pr$mode" '≠ COPIED' "projector $mode: the banners are on the screen"
	tm send-keys -t "pr$mode" "snapshot $TEST_TMP/proj-$mode.txt" Enter
	check_status "pr$mode" 2 '' "projector $mode: snapshot ran"
	tm send-keys -t "pr$mode" 'quit' Enter
	check "pr$mode" 'clonesh-exited-0' "projector $mode: quit"
	valid_cast "$TEST_TMP/proj-$mode.cast" "projector $mode: the cast is valid asciicast v2"
	if ! $have_jq; then
		skip "projector $mode: the cast's banners are in reverse video (jq is not installed)"
		skip "projector $mode: the cast's colours (jq is not installed)"
	else
		cast_text "$TEST_TMP/proj-$mode.cast" >"$TEST_TMP/proj-$mode.txt.cast"
		if grep -Eq "$banner_re" "$TEST_TMP/proj-$mode.txt.cast"; then
			pass "projector $mode: the cast's banners are in reverse video, as on the screen"
		else
			fail "projector $mode: the cast's banners are in reverse video, as on the screen" \
			    "  expected an SGR with 7 before \"≠ COPIED\" or \"= SHARED\"; the cast shows:" \
			    "$(tap_show "$(grep -a 'COPIED' "$TEST_TMP/proj-$mode.txt.cast" | head -n 3 | cat -v)")"
		fi
		if [ $mode = colour ]; then
			if grep -Eq "$colour_re" "$TEST_TMP/proj-$mode.txt.cast"; then
				pass "projector colour: the cast has the scheme's colours"
			else
				fail "projector colour: the cast has the scheme's colours" \
				    "  expected SGR colour codes; the cast shows:" \
				    "$(tap_show "$(grep -a 'COPIED' "$TEST_TMP/proj-$mode.txt.cast" | head -n 3 | cat -v)")"
			fi
		elif grep -Eq "$colour_re" "$TEST_TMP/proj-$mode.txt.cast"; then
			fail "projector NO_COLOR: the cast has no colour, only attributes" \
			    "$(tap_show "$(grep -Ea "$colour_re" "$TEST_TMP/proj-$mode.txt.cast" | head -n 3 | cat -v)")"
		else
			pass "projector NO_COLOR: the cast has no colour, only attributes"
		fi
	fi
	snap=$(cat "$TEST_TMP/proj-$mode.txt" 2>/dev/null)
	like "$snap" 'COPIED' "projector $mode: snapshot writes the banners' words"
	if printf '%s' "$snap" | grep -q "$esc"; then
		fail "projector $mode: snapshot stays plain text" "$(tap_show "$(printf '%s\n' "$snap" | head -n 5 | cat -v)")"
	else
		pass "projector $mode: snapshot stays plain text"
	fi
done
if command -v asciinema >/dev/null 2>&1 && command -v script >/dev/null 2>&1; then
	if script -qec "asciinema play -s 100 '$TEST_TMP/proj-colour.cast'" /dev/null </dev/null \
	    >"$TEST_TMP/pcat.out" 2>"$TEST_TMP/pcat.err" && grep -q 'COPIED' "$TEST_TMP/pcat.out"; then
		pass "asciinema play plays the projector cast"
	else
		fail "asciinema play plays the projector cast" \
		    "$(tap_show "$(cat "$TEST_TMP/pcat.out" "$TEST_TMP/pcat.err" | tail -n 5 | cat -v)")"
	fi
else
	skip "asciinema is not installed (Debian package asciinema), so it cannot play the projector cast"
fi

done_testing
