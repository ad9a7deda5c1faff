#!/bin/sh
# A demo paced by keys, in a real terminal: each command is typed out and
# waits for a key; b goes back, p pauses for the presenter's own commands
# until resume, q leaves to the prompt; a lesson plays as a demo too.
. "${TOP_SRCDIR:-.}/tests/lib.sh"
. "${TOP_SRCDIR:-.}/tests/tmux.sh"

script=$TEST_TMP/demo.clonesh
cat >"$script" <<'EOF2'
# a comment the demo skips
#> First, a copy of memory
flags none; fn write-global 42
spawn
#!pause
#> Now share it
flags +vm
spawn
EOF2

start d -- --demo "$script"
check d '^» First, a copy of memory' "narration is shown"
check_last d '^clonesh> flags none; fn write-global 42$' "the first command is typed out"
if printf '%s\n' "$SCREEN" | grep -q '^fn: write-global 42'; then
	fail "a typed command waits for a key" "  screen:" "$(tap_show "$SCREEN")"
else
	pass "a typed command waits for a key"
fi
check d 'command 1 of 4' "the demo's region counts the commands"
tm send-keys -t d Space
check d '^fn: write-global 42' "Space runs it"
check_last d '^clonesh> spawn$' "the next command is typed out"
tm send-keys -t d Enter
check d 'parent sees global = 7' "Enter runs the spawn"
check d 'pause: Space or Enter goes on' "#!pause waits for a key"
tm send-keys -t d Space
check d '^» Now share it' "the pause ends on a key, the next narration shows"
check_last d '^clonesh> flags \+vm$' "and the next command is typed"
tm send-keys -t d b
check d 'command 2 of 4' "b goes back a command"
check_last d '^clonesh> spawn$' "and types the previous command again"
tm send-keys -t d Space
check d '^#2 clone' "which runs again"
check d 'pause: Space or Enter goes on' "then the demo goes on from there: the pause"
tm send-keys -t d Space
check_last d '^clonesh> flags \+vm$' "and the next command"
tm send-keys -t d p
check d 'demo paused: type any command' "p pauses the demo"
tm send-keys -t d 'stack 16k' Enter
check d '^stack: 16k' "while paused, the presenter's own command runs"
tm send-keys -t d 'resume' Enter
check d 'the demo goes on' "resume goes on"
check_last d '^clonesh> flags \+vm$' "with the command that was interrupted, typed again"
tm send-keys -t d Space
check d '^flags: CLONE_VM\|SIGCHLD' "it runs"
tm send-keys -t d q
check d 'demo left: the prompt is yours' "q leaves the demo"
tm send-keys -t d 'stack' Enter
check d '^stack: 16k, guard on' "the prompt keeps the state as it was"
tm send-keys -t d C-d
check d '^clonesh-exited-0$' "Ctrl-D quits"

# A lesson plays as a demo.
start l CLONESH_LESSONDIR="$TOP_SRCDIR/lessons" -- --demo "$TOP_SRCDIR/lessons/02-fork-is-clone.md"
# The input line scrolls sideways when the lesson's path is long (make
# distcheck's _build/sub/../..): "lesson '" may be partly out of view.
check_last l "^clonesh> .*02-fork-is-clone\.md'\$" "a lesson plays as a demo: it starts the lesson"
tm send-keys -t l Space
check l '^ lesson 2 · step 1 of 5 · Space goes on' \
    "the lesson's page, with the demo's keys in its header"
check_read l '^ predict before you spawn: ' "its prediction is on the page"
tm send-keys -t l Space
for cmd in 'reset' 'preset fork' 'fn write-global 42' 'spawn'; do
	if wait_last l "^clonesh> $cmd\$"; then
		pass "after the pause, the demo types out $cmd"
		tm send-keys -t l Space
	else
		fail "after the pause, the demo types out $cmd" "$(tap_show "$SCREEN")"
	fi
done
check l '^ prediction: you did not predict; the kernel says ' \
    "the step's spawn grades the prediction on the page: nobody answered"
tm send-keys -t l q
check l 'demo left' "q leaves"

# The plain front end plays it too.
start p -- --plain --demo "$script"
check p '^» First, a copy of memory' "plain: narration"
check p '^clonesh> flags none; fn write-global 42$' "plain: the command is typed out"
tm send-keys -t p Space
check p '^fn: write-global 42' "plain: Space runs it"
tm send-keys -t p q
check p 'demo over: the prompt is yours' "plain: q leaves to the prompt"

# Paused, the prompt is the presenter's; Ctrl-C leaves the demo for the
# prompt, it does not kill clonesh.
start c -- --plain --demo "$script"
check c '^clonesh> flags none; fn write-global 42$' "plain: a command typed out"
tm send-keys -t c p
check c 'demo paused: type any command' "plain: p pauses"
tm send-keys -t c 'stack 16k' Enter
check c '^stack: 16k' "plain, paused: a command of the presenter's runs"
tm send-keys -t c 'resume' Enter
check_last c '^clonesh> flags none; fn write-global 42$' "plain: resume types the same command again"
tm send-keys -t c C-c
check c 'demo over: the prompt is yours' "plain: Ctrl-C at a key leaves the demo"
wait_last c '^clonesh> *$'
tm send-keys -t c 'stack' Enter
check c '^stack: 16k, guard on' "plain: after Ctrl-C clonesh runs on, settings kept"
tm send-keys -t c C-d
check c '^clonesh-exited-0$' "plain: Ctrl-D then quits with status 0"
stty_restored c "plain demo: the terminal is back in icanon and echo"

printf 'spawn\nfla\000gs\n' >"$TEST_TMP/nul.clonesh"
start n -- --plain --demo "$TEST_TMP/nul.clonesh"
check n 'nul.clonesh:2: byte 4 is a NUL byte' "a script with a NUL byte is refused with FILE:LINE"
check n '^clonesh>' "and the prompt is there"

run_clonesh --demo "$script"
is_status 2 "--demo without a terminal: a usage error"
like "$ERR" 'demo needs a terminal' "and says why"

done_testing
