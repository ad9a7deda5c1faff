#!/bin/sh
# Batch mode: -c, -f FILE, a FILE argument and a piped stdin run the same
# command language without readline; the exit status says whether every
# command succeeded; --help and --version; help and the command table agree.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"

# --- -c, separators, comments, quotes
run_clonesh -c 'stack 16k; stack # a comment; stack 8k'
is_status 0 "-c with ; and #: exit status 0"
is "$OUT" "stack: 16k, guard on
stack: 16k, guard on" "-c: ';' separates commands and '#' comments out the rest of the line"

run_clonesh -c 'fn open-fd "/tmp/a b;#c"; fn' -c "fn open-fd '/tmp/x\"y'" -c 'fn open-fd /tmp/a\ b'
is "$OUT" 'fn: open-fd "/tmp/a b;#c"
fn: open-fd "/tmp/a b;#c"
fn: open-fd "/tmp/x"y"
fn: open-fd "/tmp/a b"' "quotes and backslashes keep blanks, ';' and '#' in a word"

run_clonesh -c 'stack 16k
stack 12q'
is_status 1 "a -c string with two lines: the second fails"
is "$ERR" '-c:2: stack: "12q" is not a size (try 8k, 64k, 1m; 4k to 256m)' "-c lines are numbered"

run_clonesh -c 'stack 16k' -c '' -c 'stack 12q'
is "$ERR" '-c:3: stack: "12q" is not a size (try 8k, 64k, 1m; 4k to 256m)' "lines are counted across -c options"

run_clonesh -c 'sta 16k; s'
is_status 1 "an ambiguous prefix fails"
is "$OUT" "stack: 16k, guard on" "a unique prefix runs its command"

# --- files and stdin
script=$TEST_TMP/exp.clonesh
printf '# an experiment\nstack 16k\n\nstack guard off\r\nstack 12q\nstack 8k\n' >"$script"
run_clonesh -f "$script"
is_status 1 "-f: a failing line gives exit status 1"
is "$ERR" "$script:5: stack: \"12q\" is not a size (try 8k, 64k, 1m; 4k to 256m)" "-f: the error is prefixed FILE:LINE"
is "$OUT" "stack: 16k, guard on
stack: 16k, guard off" "-f: lines before the failure ran, CRLF too, none after it"

run_clonesh "$script"
is "$ERR" "$script:5: stack: \"12q\" is not a size (try 8k, 64k, 1m; 4k to 256m)" "a FILE argument is a script"

RUN_STDIN=$script run_clonesh
is_status 1 "stdin: exit status 1"
is "$ERR" 'stdin:5: stack: "12q" is not a size (try 8k, 64k, 1m; 4k to 256m)' "stdin: the error is prefixed stdin:LINE"

RUN_STDIN=$script run_clonesh -f -
is "$ERR" 'stdin:5: stack: "12q" is not a size (try 8k, 64k, 1m; 4k to 256m)' "-f - reads stdin"

printf 'stack 16k\nstack\n' >"$script"
run_clonesh -c 'stack 8k' -f "$script" -c 'stack guard off'
is_status 0 "-c and -f together: exit status 0"
is "$OUT" "stack: 8k, guard on
stack: 16k, guard on
stack: 16k, guard on
stack: 16k, guard off" "-c and -f run in the order given"

# --- exit statuses
run_clonesh -c 'stack 16k'
is_status 0 "every command succeeded: 0"
run_clonesh -c 'stack 12q'
is_status 1 "a command failed: 1"
run_clonesh --nope
is_status 2 "a usage error: 2"
run_clonesh -c 'stack 16k; quit; stack 12q' -c 'stack 12q'
is_status 0 "quit ends the batch with status 0"
is "$OUT" "stack: 16k, guard on" "nothing runs after quit"
run_clonesh -c 'exit'
is_status 0 "exit is quit"
run_clonesh -k -c 'stack 12q' -c 'stack 16k'
is_status 1 "--keep-going still exits 1 after a failure"
is "$OUT" "stack: 16k, guard on" "--keep-going runs the next lines"

# --- --help and --version
run_clonesh --help
is_status 0 "--help: exit status 0"
for opt in -c --command -f --file -k --keep-going --json --plain --no-color -h --help -V --version; do
	like "$OUT" "^  (-[a-zA-Z], )?$opt|^      $opt|, $opt" "--help lists $opt"
done
like "$OUT" '^Exit status:' "--help documents the exit statuses"
for st in 0 1 2; do
	like "$OUT" "^  $st  " "--help explains exit status $st"
done
run_clonesh -h
is "$STATUS $(lines_of "$OUT")" "0 $(printf '%s\n' "$OUT" | wc -l | tr -d ' ')" "-h works like --help"

run_clonesh --version
is_status 0 "--version: exit status 0"
like "$OUT" '^clonesh [0-9]+\.[0-9]+' "--version prints the version"
run_clonesh -V
like "$OUT" '^clonesh [0-9]+\.[0-9]+' "-V prints the version"
OUT=$(CLONESH_LESSONDIR=$TEST_TMP/my-lessons "$CLONESH" --version)
like "$OUT" "^lessons: $TEST_TMP/my-lessons \\(missing\\)\$" \
	"CLONESH_LESSONDIR overrides the lesson directory, and --version says it is missing"
mkdir "$TEST_TMP/my-lessons"
OUT=$(CLONESH_LESSONDIR=$TEST_TMP/my-lessons "$CLONESH" --version)
like "$OUT" "^lessons: $TEST_TMP/my-lessons \\(no lesson files" "--version says an empty directory has no lessons"
RUN_ARGS="-c lessons (empty CLONESH_LESSONDIR)"
ERR=$(CLONESH_LESSONDIR=$TEST_TMP/my-lessons "$CLONESH" -c lessons 2>&1 >/dev/null)
like "$ERR" "lessons: none in $TEST_TMP/my-lessons: no lesson files" "lessons says the directory has no lesson files"
ERR=$(CLONESH_LESSONDIR=$TEST_TMP/nowhere "$CLONESH" -c lessons 2>&1 >/dev/null)
like "$ERR" "lessons: none in $TEST_TMP/nowhere: missing" "lessons says the directory is missing"

# The build tree's binary reads the source tree's lessons with no variable
# (the build is in or out of the source tree); a copy elsewhere, like an
# installed binary, reads the installed directory.
RUN_ARGS="-c lessons (no CLONESH_LESSONDIR)"
nlessons=$(ls "$TOP_SRCDIR"/lessons/[0-9][0-9]-*.md | wc -l)
OUT=$(env -u CLONESH_LESSONDIR "$CLONESH" --version)
like "$OUT" "^lessons: $TOP_SRCDIR/lessons \\($nlessons lessons\\)\$" \
	"without CLONESH_LESSONDIR the build tree's binary names the source tree's lessons"
OUT=$(env -u CLONESH_LESSONDIR "$CLONESH" -c lessons 2>&1)
is "$(printf '%s\n' "$OUT" | grep -c '^\[.\] *[0-9]')" "$nlessons" \
    "the build tree's binary lists the $nlessons lessons of lessons/"
cp "$CLONESH" "$TEST_TMP/clonesh-copy"
OUT=$(env -u CLONESH_LESSONDIR "$TEST_TMP/clonesh-copy" --version)
like "$OUT" '^lessons: /.*/clonesh/lessons \(' "a copy outside the build tree uses the installed lessons"

# --- clear does nothing without a pane
run_clonesh -c 'stack 16k; clear; stack'
is "$STATUS $OUT" "0 stack: 16k, guard on
stack: 16k, guard on" "clear in a script: no output, nothing changed"

# --- help and the command table
run_clonesh -c help
is_status 0 "help: exit status 0"
names=$(printf '%s\n' "$OUT" | sed -n 's/^  \([a-z][a-z0-9-]*\).*/\1/p')
is "$(printf '%s\n' "$names" | wc -l | tr -d ' ')" \
    "$(printf '%s\n' "$names" | sort -u | wc -l | tr -d ' ')" "help lists each command once"
for cmd in flags preset signal variant stack fn functions spawn show report explain timeout reset help quit; do
	like "$names" "^$cmd\$" "help lists $cmd"
done
for cmd in $names; do
	run_clonesh -c "help $cmd"
	if [ "$STATUS" = 0 ] && printf '%s\n' "$OUT" | grep -q "^usage: $cmd"; then
		pass "help $cmd shows its usage"
	else
		fail "help $cmd shows its usage" "  status $STATUS" "$(tap_show "$OUT$ERR")"
	fi
done

run_clonesh -c 'help spawn'
like "$OUT" '^usage: spawn \[--force\] \[-n N\] \[NAME \[ARGS\]\]$' "help spawn: usage"
like "$OUT" '^alias: run$' "help spawn: its alias"
like "$OUT" 'force' "help spawn: the paragraph"
run_clonesh -c 'help sp'
like "$OUT" '^usage: spawn' "help takes a unique prefix"

# --- lists and explanations
run_clonesh -c functions
like "$OUT" '^  hello ' "functions lists hello"
like "$OUT" '^  recurse DEPTH ' "functions shows the arguments"
run_clonesh -c 'explain flags'
like "$OUT" '^  CLONE_VM +vm ' "explain flags lists CLONE_VM"
run_clonesh -c 'explain CLONE_VM'
like "$OUT" '^CLONE_VM \(vm\): 0x100, since Linux 2\.0' "explain CLONE_VM: name, value, since"
run_clonesh -c 'explain exit'
like "$OUT" '^exit: the exit signal' "explain exit: the resource"
like "$OUT" '^function exit N:' "explain exit: the function too"
run_clonesh -c 'explain fds'
like "$OUT" '^files: the file descriptor table' "explain takes a resource's alias"
for t in clone clone3 vm files fs sighand ids ns stack exit tls; do
	run_clonesh -c "explain $t"
	is_status 0 "explain $t"
done

# --- flags editing
run_clonesh -c 'flags +VM +clone_files -sighand' -c 'flags = fs CLONE_IO' -c 'flags none' \
    -c 'flags vm|files' -c 'flags -files'
is "$OUT" "flags: CLONE_VM|CLONE_FILES|SIGCHLD
flags: CLONE_FS|CLONE_IO|SIGCHLD
flags: SIGCHLD
flags: CLONE_VM|CLONE_FILES|SIGCHLD
flags: CLONE_VM|SIGCHLD" "flags: add, replace, clear, strace form, remove"

run_clonesh -c 'preset vfork' -c 'reset'
like "$OUT" '^preset vfork: CLONE_VM\|CLONE_VFORK\|SIGCHLD, clone' "preset vfork"
like "$OUT" '^reset: SIGCHLD, clone, stack 64k, fn hello$' "reset goes back to the defaults"

# --- an experiment, and --json
run_clonesh -c 'spawn; show ids'
is_status 0 "spawn and show: exit status 0"
like "$OUT" '^#1 clone\(' "spawn prints a summary, numbered"
run_clonesh -c 'run crash'
is_status 0 "an experiment whose child crashed is a success"
run_clonesh -c 'flags +sighand; spawn --force'
is_status 0 "spawn --force: the kernel's refusal is an observation, not a failure"
like "$OUT" 'EINVAL' "spawn --force: the observation names the errno"
run_clonesh --json -c 'flags +vm; spawn write-global 5; stack 16k'
is_status 0 "--json: exit status 0"
is "$(lines_of "$OUT")" 1 "--json: one line per experiment and nothing else"
like "$OUT" '^\{"number":1,.*\}$' "--json: the line is a JSON object"
if command -v jq >/dev/null 2>&1; then
	if printf '%s\n' "$OUT" | jq -e '.config.function == "write-global"' >/dev/null; then
		pass "--json: jq reads it"
	else
		fail "--json: jq reads it" "$(tap_show "$OUT")"
	fi
else
	skip "jq is not installed"
fi
run_clonesh -c 'spawn; report --json'
like "$OUT" '^\{"number":1,.*\}$' "report --json prints one JSON line"

# --- doctor: what this system allows, found by trying --------------------------------
run_clonesh --doctor
is_status 0 "--doctor runs"
for what in kernel privileges 'user namespaces' namespaces clone3 kcmp seccomp chroot cgroup2 \
    'page frames' container; do
	like "$OUT" "^  $what  " "--doctor lists $what"
done
like "$OUT" '^  user namespaces +(yes: unshare\(CLONE_NEWUSER\) worked|no: unshare\(CLONE_NEWUSER\) failed with E[A-Z]+)$' \
    "--doctor says what unshare(CLONE_NEWUSER) did here, by its errno"
run_clonesh -c 'doctor'
is_status 0 "doctor at the prompt's language"
run_clonesh -c 'doctor now'
is_status 1 "doctor takes no argument"
like "$ERR" 'doctor' "and says so, naming it"

done_testing
