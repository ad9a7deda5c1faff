#!/bin/sh
# Projector mode: the projector and focus commands in a script, then the
# pane at 80x24 in an isolated tmux server, with NO_COLOR (every verdict a
# word in reverse video) and with colour (the dark and light schemes).
. "${TOP_SRCDIR:-.}/tests/lib.sh"

# --- the commands, below the pane --------------------------------------------------
run_clonesh -c 'projector' -c 'projector on' -c 'projector light' -c 'projector' \
    -c 'projector OFF' -c 'projector'
is "$OUT" "projector: off
projector: on (dark)
projector: on (light)
projector: on (light)
projector: off
projector: off" "projector: shows and switches the mode and its scheme in a script"
is_status 0 "projector: a script may switch it (the pane shows it)"

run_clonesh -c 'projector maybe'
is_status 1 "projector maybe: fails"
is "$ERR" '-c:1: projector: "maybe" is not on, off or light' "projector maybe: names the word and the choices"
run_clonesh -c 'projector on off'
like "$ERR" '^-c:1: projector: too many arguments' "projector on off: too many arguments"

run_clonesh -c 'focus' -c 'focus fs NS' -c 'focus' -c 'focus mem sig id'
is "$OUT" "focus: memory fds signals (the default)
focus: fs ns
focus: fs ns
focus: memory signals ids" "focus: shows and sets the groups, any case, unique prefixes"

run_clonesh -c 'focus cpu'
is_status 1 "focus cpu: fails"
is "$ERR" '-c:1: focus: "cpu" is not a group (memory, fds, signals, fs, ns, stack, ids)' \
    "focus cpu: lists the groups"
run_clonesh -c 'focus a b c d'
is "$ERR" '-c:1: focus: at most 3 groups fit on a projector' "focus a b c d: at most 3 groups"
run_clonesh -c 'focus s'
is "$ERR" '-c:1: focus: "s" could be signals, stack' "focus s: an ambiguous prefix names the candidates"
run_clonesh -c 'focus fs ns' -c 'focus cpu' -c 'focus'
is "$OUT" "focus: fs ns" "focus cpu: a bad word changes nothing"

# --- the pane at 80x24 ---------------------------------------------------------------
. "${TOP_SRCDIR:-.}/tests/tmux.sh"


# verdict_words SESSION NAME: every banner on the screen is a symbol and a word.
verdict_words() {
	rows=$(printf '%s\n' "$SCREEN" | sed -n '3,$p' | grep -E '^  \S.* (=|≠|\+|✗|…) [A-Za-z]')
	bad=$(printf '%s\n' "$rows" | grep -Ev ' (= SHARED|≠ COPIED|\+ NEW|✗ (REFUSED|FAILED)|… PENDING)( |$)')
	if [ -n "$rows" ] && [ -z "$bad" ]; then
		pass "$2"
	else
		fail "$2" "  rows without a verdict word:" "$(tap_show "$bad")" "  screen:" \
		    "$(tap_show "$SCREEN")"
	fi
}

start p NO_COLOR=1
small p
tm send-keys -t p 'projector on' Enter
check_status p 1 '' "NO_COLOR: projector on is a command"
check p 'projector · dark *$' "projector on: the header says projector, dark"
for h in MEMORY FDS SIGNALS; do
	check p "^  $h  " "projector on: the default groups' heading $h"
done
unlike "$SCREEN" '^group +resource|^resource +parent' "projector on: no table of columns"

tm send-keys -t p 'fn write-global 42; spawn' Enter
check p '^  global +≠ COPIED +parent: reads 7 · child: wrote 42' \
    "without CLONE_VM: global ≠ COPIED, a word in a banner"
check p '^  address space +≠ COPIED ' "without CLONE_VM: address space ≠ COPIED"
check p '^  fd table +≠ COPIED ' "without CLONE_FILES: fd table ≠ COPIED"
verdict_words p "without CLONE_VM: every verdict is a word"
tm send-keys -t p 'flags +vm; spawn' Enter
check_status p 5 'CLONE_VM' "flags +vm; spawn ran"
check p '^  global += SHARED +parent: reads 42 · child: wrote 42' \
    "with CLONE_VM: global = SHARED"
check p '^  address space += SHARED ' "with CLONE_VM: address space = SHARED"
verdict_words p "with CLONE_VM: every verdict is a word"
check p '^clone\(child_stack=0x[0-9a-f]+, flags=CLONE_VM\|SIGCHLD\) = [0-9]+' \
    "the system call has its line"
check_last p '^clonesh> *$' "the prompt is the last line"

esc=$(printf '\033')
attr=$(tm capture-pane -p -e -t p)
shared=$(printf '%s\n' "$attr" | grep 'SHARED' | head -n 1)
if printf '%s\n' "$shared" | grep -Eq "$esc"'\[([0-9;]*;)?7(;[0-9;]*)?m[^'"$esc"']*= SHARED'; then
	pass "NO_COLOR: the verdict is a banner in reverse video"
else
	fail "NO_COLOR: the verdict is a banner in reverse video" "  line: $(printf '%s' "$shared" | cat -v)"
fi
unlike "$attr" "$esc"'\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m' \
    "NO_COLOR: no colour on the screen"

tm send-keys -t p 'flags = sighand; spawn --force' Enter
check_status p 7 'CLONE_SIGHAND' "a refused clone ran"
check p '^ ✗ REFUSED +clone returned EINVAL' "a refused clone: one REFUSED banner with the errno"
check p 'CLONE_SIGHAND requires CLONE_VM' "a refused clone: the rule"
unlike "$SCREEN" '^  MEMORY ' "a refused clone: no groups"

tm send-keys -t p 'focus fs ns; flags = fs; spawn' Enter
check_status p 10 'CLONE_FS' "focus fs ns ran"
check p '^  FS  ' "focus fs ns: the FS heading"
check p '^  NAMESPACES  ' "focus fs ns: the NAMESPACES heading"
if wait_gone p '^  (MEMORY|FDS|SIGNALS)  '; then
	pass "focus fs ns: memory, fds and signals give way"
else
	fail "focus fs ns: memory, fds and signals give way" "  screen:" "$(tap_show "$SCREEN")"
fi
verdict_words p "focus fs ns: every verdict is a word"

tm send-keys -t p 'projector light' Enter
check p 'projector · light *$' "projector light: the header says light"

tm resize-window -t p -x 72 -y 20
check p '^  NAMESPACES  ' "at 72x20 the projector still shows its groups"
tm resize-window -t p -x 60 -y 20
check p '^terminal 60x20 is too small' "at 60x20 the notice"
tm resize-window -t p -x 80 -y 24

tm send-keys -t p 'projector off' Enter
check p '^resource +parent \(the lab\) +verdict +child' "projector off: the normal pane returns"
if wait_gone p 'projector · (dark|light)'; then
	pass "projector off: no projector header"
else
	fail "projector off: no projector header" "  screen:" "$(tap_show "$SCREEN")"
fi

# --- --projector, and the schemes' colours --------------------------------------------
start c -- --projector
small c
check c 'projector · dark *$' "--projector starts in projector mode"
check c '^  MEMORY  ' "--projector: the MEMORY heading"
tm send-keys -t c 'fn write-global 42; spawn' Enter
check c '^  global +≠ COPIED ' "colour: the verdicts are words too"
attr=$(tm capture-pane -p -e -t c)
# Dark: a black background (40), bright white text (97, or 37 with 8 colours).
if printf '%s\n' "$attr" | grep -Eq "$esc"'\[([0-9;]*;)?(40|48;5;0)(;[0-9;]*)?m' &&
    printf '%s\n' "$attr" | grep -Eq "$esc"'\[([0-9;]*;)?(97|37|38;5;15)(;[0-9;]*)?m'; then
	pass "projector dark: white on black"
else
	fail "projector dark: white on black" "$(tap_show "$(printf '%s\n' "$attr" | head -n 6 | cat -v)")"
fi
tm send-keys -t c 'projector light' Enter
check c 'projector · light *$' "colour: projector light"
attr=$(tm capture-pane -p -e -t c)
if printf '%s\n' "$attr" | grep -Eq "$esc"'\[([0-9;]*;)?(107|47|48;5;15)(;[0-9;]*)?m' &&
    printf '%s\n' "$attr" | grep -Eq "$esc"'\[([0-9;]*;)?(30|38;5;0)(;[0-9;]*)?m'; then
	pass "projector light: black on a white background"
else
	fail "projector light: black on a white background" \
	    "$(tap_show "$(printf '%s\n' "$attr" | head -n 6 | cat -v)")"
fi
tm send-keys -t c 'projector off' Enter
check c '^resource +parent \(the lab\)' "colour: projector off returns the normal pane"
attr=$(tm capture-pane -p -e -t c)
unlike "$attr" "$esc"'\[([0-9;]*;)?(107|47|48;5;15)(;[0-9;]*)?m' \
    "projector off: the light background is gone"

# --- a lesson on the projector, at 80x24 ------------------------------------------
# The room reads the step, predicts, and sees the grade; a memory lesson shows
# the memory group only.
start ld CLONESH_LESSONDIR="$TOP_SRCDIR/lessons" -- --projector --demo \
    "$TOP_SRCDIR/lessons/03-clone-vm.md"
small ld
# At 80 columns the input line scrolls sideways when the path is long (a
# build daemon's /build/reproducible-path/...): "lesson '" may be out of view.
check_last ld "^clonesh> .*03-clone-vm\.md'\$" "projector lesson demo: it starts the lesson"
check ld '^ demo 03-clone-vm\.md · command 1 of [0-9]+ *$' \
    "at 80x24 the demo's header fits its line: the file's name, then the keys below"
check ld '^ Space/Enter runs · b back · p pause · q leave *$' "the demo's keys on a line of their own"
tm send-keys -t ld Space
check ld '^ lesson 3 · step 1 of 7 · Space goes on' \
    "the lesson's page has a region, with the demo's keys in its header"
check ld '^ goal: say what CLONE_VM shares' "the page shows the lesson's narrative"
check_read ld '^ predict before you spawn: The global holds 7' "and, read down, the prediction"
check ld '^  MEMORY ' "the step's focus shows the memory group"
if screen_lacks '^  (FDS|SIGNALS) '; then
	pass "and not the fds and signals groups, which the lesson is not about"
else
	fail "and not the fds and signals groups, which the lesson is not about" "$(tap_show "$SCREEN")"
fi
# The pause ends; each command is typed out, and Space runs it.
tm send-keys -t ld Space
for cmd in 'reset' 'preset fork' 'flags vm' 'spawn write-global 42' 'spawn write-heap 42'; do
	if wait_last ld "^clonesh> $cmd\$"; then
		tm send-keys -t ld Space
	else
		fail "the demo types out $cmd" "$(tap_show "$SCREEN")"
	fi
done
wait_for ld '^ step done: type "next"'
check ld '^ prediction: you did not predict; the kernel says 42' \
    "the grade is on the page, in view, after the step's experiments"
check ld '^ expect effects.heap.parent_sees == 42: yes' "with the expectations checked"
check ld '^clonesh> ' "the output and the prompt keep their lines"

done_testing
