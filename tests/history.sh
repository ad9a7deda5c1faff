#!/bin/sh
# history, compare, undo, redo and drill: the session's experiments one a
# line, two observations side by side with their differences marked, steps
# back and forth through setting changes, and seeded drills.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"

# kcmp decides shared or copied; without it those rows say "not measured".
run_clonesh -c 'spawn'
if printf '%s\n' "$OUT" | grep -q 'copied: vm'; then
	have_kcmp=1
else
	have_kcmp=
	diag "kcmp is not available: the shared/copied checks are skipped"
fi

# --- history
run_clonesh -c 'history'
is "$OUT" "history: no experiments yet" "history before any spawn"

run_clonesh -c 'spawn; flags +vm +files; fn open-fd; spawn; flags = sighand; spawn --force; history'
is_status 0 "history after three spawns: exit status 0"
hist=$(printf '%s\n' "$OUT" | grep '^#[0-9]* *clone ')
is "$(lines_of "$hist")" 3 "history: one line per experiment"
like "$hist" '^#1 +clone SIGCHLD, stack 64k, fn hello → exited 0' "history: number, settings, outcome"
if [ -n "$have_kcmp" ]; then
	like "$hist" '^#2 +clone CLONE_VM\|CLONE_FILES\|SIGCHLD, stack 64k, fn open-fd /etc/passwd → exited 0; shared vm files$' \
	    "history: flags strace-style, fn with arguments, the shared set"
else
	skip "history shared set: no kcmp"
fi
like "$hist" '^#3 +clone CLONE_SIGHAND\|SIGCHLD, .* → refused EINVAL \(forced\)$' "history: a refused clone names its errno"

# --- compare
run_clonesh -c 'spawn; flags +vm +files; fn open-fd; spawn; spawn; compare 1 2'
is_status 0 "compare 1 2: exit status 0"
cmp=$(printf '%s\n' "$OUT" | sed -n '/^compare:/,$p')
like "$cmp" '^compare: #1 and #2 \(≠ marks a difference\)$' "compare: a heading naming both"
like "$cmp" '^  ≠ flags +none +CLONE_VM\|CLONE_FILES$' "compare: a different row is marked, both values shown"
like "$cmp" '^  ≠ fn +hello +open-fd /etc/passwd$' "compare: the function differs"
like "$cmp" '^    variant +clone +clone$' "compare: an equal row is not marked"
like "$cmp" '^    exit signal +SIGCHLD +SIGCHLD$' "compare: the exit signal row"
like "$cmp" '^    ppid += parent.s pid += parent.s pid$' "compare: ids as relations, not raw pids"
for group in config 'shared \(kcmp\)' namespaces ids memory fds signals fs exit stack; do
	like "$cmp" "^  $group\$" "compare shows the group $group"
done
if [ -n "$have_kcmp" ]; then
	like "$cmp" '^  ≠ vm +copied +shared$' "compare: kcmp vm differs and is marked"
	like "$cmp" '^    fs +copied +copied$' "compare: kcmp fs is the same and unmarked"
	like "$cmp" '^  ≠ fd 4 +- +both, same file$' "compare: the child's fd 4, only in #2"
else
	skip "compare vm: no kcmp"; skip "compare fs: no kcmp"; skip "compare fd 4: no kcmp"
fi
like "$cmp" '^  [0-9]+ differences$' "compare: counts the differences"

run_clonesh -c 'spawn; flags +vm +files; fn open-fd; spawn; spawn; compare 2 3'
cmp=$(printf '%s\n' "$OUT" | sed -n '/^compare:/,$p')
unlike "$cmp" '^  ≠ (variant|flags|exit signal|stack|fn|clone|vm|files|fs|sighand|io|sysvsem|tgid|ppid|global|fd [0-9]+|exit) ' \
    "compare: the same settings twice mark none of the settings and outcomes"

run_clonesh -c 'spawn; flags vm sighand thread; spawn; compare 1 2'
like "$OUT" '^  ≠ tgid +=.* += parent.s pid$' "compare: a thread's tgid is the parent's pid"

# --- compare errors
run_clonesh -c 'spawn; spawn; spawn; spawn; compare 1 9'
is_status 1 "compare with a number past the last: fails"
is "$ERR" "-c:1: compare: experiment 9 does not exist (1 to 4 ran)" "compare: a number that never ran"
run_clonesh -c 'spawn; spawn; compare 0 1'
is "$ERR" "-c:1: compare: experiment 0 does not exist (1 to 2 ran)" "compare: experiment 0"
run_clonesh -c 'spawn; spawn; compare one 2'
is "$ERR" '-c:1: compare: "one" is not an experiment number (1 to 2 ran; "history" lists them)' \
    "compare: not a number"
run_clonesh -c 'spawn; spawn; compare 1 2x'
is "$ERR" '-c:1: compare: "2x" is not an experiment number (1 to 2 ran; "history" lists them)' \
    "compare: a number with junk after it"
run_clonesh -c 'spawn; compare 1'
is "$ERR" "-c:1: compare: needs two experiment numbers (usage: compare A B)" "compare: one number"
run_clonesh -c 'spawn; compare 1 1 1'
like "$ERR" '^-c:1: compare: too many arguments' "compare: three numbers"
run_clonesh -c 'compare 1 2'
is "$ERR" "-c:1: compare: no experiments yet (spawn some first)" "compare before any spawn"

# --- the last 100 are kept
cmds=$(i=0; while [ $i -lt 102 ]; do printf 'spawn; '; i=$((i + 1)); done)
run_clonesh -k -c "$cmds compare 3 102; history" -c 'compare 1 2' -c 'compare 3 2'
is "$ERR" "-c:2: compare: experiment 1 is no longer kept (the last 100 are)
-c:3: compare: experiment 2 is no longer kept (the last 100 are)" "compare: dropped experiments"
like "$OUT" '^compare: #3 and #102 ' "compare: the oldest kept and the newest"
like "$OUT" '^\(2 older experiments are no longer kept: the last 100 are\)$' "history says what was dropped"
is "$(printf '%s\n' "$OUT" | grep -c '^#[0-9]* *clone ')" 100 "history lists the 100 kept"

# --- undo and redo
run_clonesh -c 'flags +vm; flags +files; stack 16k; fn write-global 5; undo; undo; undo; redo; undo; undo'
is_status 0 "undo and redo: exit status 0"
is "$(printf '%s\n' "$OUT" | grep -E '^(undo|redo):')" 'undo: fn back to hello (before "fn write-global 5")
undo: stack back to 64k, guard on (before "stack 16k")
undo: flags back to CLONE_VM|SIGCHLD (before "flags +files")
redo: flags now CLONE_VM|CLONE_FILES|SIGCHLD (again "flags +files")
undo: flags back to CLONE_VM|SIGCHLD (before "flags +files")
undo: flags back to SIGCHLD (before "flags +vm")' "undo and redo across flags, stack and fn"

run_clonesh -c 'flags +vm; undo; flags'
like "$OUT" '^flags: SIGCHLD$' "undo really restores the settings"
run_clonesh -c 'undo'
is_status 1 "undo with nothing to undo fails"
is "$ERR" "-c:1: undo: nothing to undo" "undo: nothing to undo"
run_clonesh -c 'flags +vm; redo'
is "$ERR" "-c:1: redo: nothing to redo (redo makes again what undo took back)" "redo: nothing to redo"
run_clonesh -c 'flags +vm; undo; stack 8k; redo'
is "$ERR" "-c:1: redo: nothing to redo (redo makes again what undo took back)" \
    "a new change clears what redo could make again"
run_clonesh -c 'flags +vm; undo now'
like "$ERR" '^-c:1: undo: too many arguments' "undo takes no arguments"
run_clonesh -c 'signal SIGUSR1; variant clone3; undo; undo'
is "$(printf '%s\n' "$OUT" | grep '^undo:')" 'undo: variant back to clone (before "variant clone3")
undo: signal back to SIGCHLD (before "signal SIGUSR1")' "undo: signal and variant"
run_clonesh -c 'stack 12q; undo'
is "$ERR" "-c:1: stack: \"12q\" is not a size (try 8k, 64k, 1m; 4k to 256m)" \
    "a failed command is no change to undo"
run_clonesh -c 'flags +vm; spawn; fn; undo'
like "$OUT" '^undo: flags back to SIGCHLD' "spawn and showing commands are no changes either"

# --- drill
run_clonesh -c 'drill --seed 1'
is "$(printf '%s\n' "$OUT" | head -n 1)" "drill 1: flags = vm fs sighand; fn hello" \
    "drill --seed 1: the same drill on every machine (clonesh's own generator)"
like "$OUT" '^    vm, files, fs, sighand: shared or copied\?$' "drill asks for predictions"
like "$OUT" '^  as "predict vm=\.\.\. files=\.\.\. fs=\.\.\. sighand=\.\.\. exit=\.\.\."; the answers: "drill --seed 1 --answers"$' \
    "drill says how to answer and how to see the answers"

run_clonesh -c 'drill --seed 4242; flags; fn'
first=$OUT
run_clonesh -c 'drill --seed 4242; flags; fn'
is "$OUT" "$first" "a seed makes the same drill in another run"
run_clonesh -c 'drill --seed 4242 --level hard; drill --seed 4242 --level hard'
is "$(printf '%s\n' "$OUT" | grep '^drill' | sed -n 1p)" "$(printf '%s\n' "$OUT" | grep '^drill' | sed -n 2p)" \
    "a seed makes the same drill twice in one session"

run_clonesh -c 'drill --seed 77; flags; fn; stack'
like "$OUT" '^stack: 64k, guard on$' "drill sets the stack to the default"
drill_line=$(printf '%s\n' "$OUT" | head -n 1)
run_clonesh -c 'drill --seed 77; spawn'
is_status 0 "the drill's settings spawn"

# easy: only vm, fs, files, sighand and five functions; every set valid
cmds=; i=1
while [ $i -le 40 ]; do cmds="$cmds drill --seed $i;"; i=$((i + 1)); done
run_clonesh -c "$cmds"
easy=$(printf '%s\n' "$OUT" | grep '^drill')
is "$(lines_of "$easy")" 40 "forty easy drills"
unlike "$(printf '%s\n' "$easy" | sed 's/;.*//')" ' (thread|vfork|parent|sysvsem|io|settls|new[a-z]*)( |$)' \
    "easy drills use vm, fs, files, sighand only"
unlike "$easy" 'fn (write-heap|close-fd|seek-fd|umask|sigmask|mmap-new|ids|exit|sethostname)' \
    "easy drills use write-global, open-fd, chdir, sigaction, hello"
like "$easy" 'fn write-global' "easy drills include write-global"
is "$(printf '%s\n' "$easy" | grep 'flags = .*sighand' | grep -v 'flags = vm ')" "" \
    "sighand never comes without vm (the validator's rule)"
unlike "$easy" 'signal|variant' "easy drills keep SIGCHLD and clone"

run_clonesh -c "$(i=1; while [ $i -le 60 ]; do printf 'drill --seed %d --level hard; spawn; ' $i; i=$((i + 1)); done)"
is_status 0 "sixty hard drills: the validator accepts every one (spawn refuses invalid sets)"
hard=$(printf '%s\n' "$OUT" | grep '^drill')
like "$(printf '%s\n' "$hard" | sed 's/;.*//')" ' (thread|vfork|parent|sysvsem|io|settls)( |$)' "hard drills use more flags"
like "$hard" 'fn (write-heap|close-fd|seek-fd|umask|sigmask|mmap-new|ids|exit)' "hard drills use more functions"
# A drill is one the validator accepts: where a user namespace is refused (a
# chroot), no drill makes namespaces.
if userns_works; then
	like "$hard" 'flags = .*newuser' "hard drills make namespaces, with a user namespace"
else
	skip "hard drills make namespaces, with a user namespace: $NO_USERNS"
fi
like "$OUT" '^    vm, files, fs, sighand, io, sysvsem: shared or copied\?$' "hard drills ask about all six kcmp resources"

# --answers runs the experiment and answers with reasons
run_clonesh -c 'drill --seed 2 --answers'
is_status 0 "drill --answers: exit status 0"
like "$OUT" '^drill 2: flags = vm fs sighand; fn open-fd /etc/passwd$' "drill --answers names the drill"
like "$OUT" '^#1 clone\(' "drill --answers runs the experiment"
like "$OUT" '^answers \(measured; the reason from the flags\):$' "drill --answers prints the answers"
if [ -n "$have_kcmp" ]; then
	like "$OUT" '^  vm +shared +CLONE_VM: one address space' "answer: vm with its reason"
	like "$OUT" '^  files +copied +no CLONE_FILES: a copy of the fd table' "answer: files with its reason"
	like "$OUT" '^  fd 4 +child only +the child opened it in its own copy of the fd table$' \
	    "answer: the function's effect"
else
	skip "answers vm: no kcmp"; skip "answers files: no kcmp"; skip "answers fd: no kcmp"
fi
like "$OUT" '^  exit +0 +the child.s function returned 0' "answer: exit"
unlike "$OUT" 'predict, then spawn' "drill --answers does not ask"

run_clonesh -c 'drill --seed 11 --answers; history'
like "$OUT" '^#1 +clone ' "a drill's experiment is in history"

run_clonesh -c 'flags +files; drill --seed 3; undo'
like "$OUT" '^undo: flags back to CLONE_FILES\|SIGCHLD, fn back to hello \(before "drill"\)$' \
    "undo takes a drill's settings back"

run_clonesh -c 'predict vm=shared; drill --seed 1; spawn'
unlike "$OUT" '^predict vm=' "a drill drops predictions made before it"

# --- drill bad input
run_clonesh -c 'drill --seed abc'
is_status 1 "drill --seed abc fails"
is "$ERR" '-c:1: drill: --seed needs a number (0 to 4294967295), not "abc"' "drill --seed abc"
run_clonesh -c 'drill --seed'
is "$ERR" '-c:1: drill: --seed needs a number (0 to 4294967295)' "drill --seed without a number"
run_clonesh -c 'drill --seed 4294967296'
is "$ERR" '-c:1: drill: --seed needs a number (0 to 4294967295), not "4294967296"' "drill --seed too large"
run_clonesh -c 'drill --level medium'
is "$ERR" '-c:1: drill: --level is easy or hard, not "medium"' "drill --level medium"
run_clonesh -c 'drill --level'
is "$ERR" '-c:1: drill: --level needs easy or hard' "drill --level without a level"
run_clonesh -c 'drill --fast'
is "$ERR" '-c:1: drill: unknown option "--fast" (usage: drill [--reverse|--forward] [--rounds N] [--seed N] [--level easy|hard] [--only FLAG...|signal|end|variant|seccomp] [--answers])' \
    "drill: an unknown option"
run_clonesh -c 'flags +vm; drill --level medium; flags'
like "$OUT" '^flags: CLONE_VM\|SIGCHLD$' "a drill with bad input leaves the settings alone"

done_testing
