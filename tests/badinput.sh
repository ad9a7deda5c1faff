#!/bin/sh
# Bad input: each gets one clear line on stderr naming what was wrong and
# what is allowed, the command fails (exit 1), and the session keeps its
# state.  --keep-going lets the batch run on past the failure, so a dump of
# the settings after it shows nothing changed.
. "${TOP_SRCDIR:-$(dirname "$0")/..}/tests/lib.sh"

SETUP='flags +vm +files; stack 16k; signal SIGUSR1; fn write-global 5; timeout 2'
DUMP='flags; stack; signal; variant; fn; timeout; lab'

run_clonesh -c "$SETUP" -c "$DUMP"
EXPECTED=$OUT
if [ "$STATUS" != 0 ] || [ -n "$ERR" ]; then
	echo "Bail out! the setup itself fails: $ERR"
	exit 1
fi

# bad NAME COMMAND PATTERN [MORE-SETUP]: after the setup, COMMAND fails with
# one stderr line matching "-c:2: PATTERN" exactly (an extended regex) and
# leaves every setting as it was.
bad() {
	name=$1 cmd=$2 pattern=$3 setup=$SETUP expected=$EXPECTED
	if [ -n "${4:-}" ]; then
		setup="$SETUP; $4"
		run_clonesh -c "$setup" -c "$DUMP"
		expected=$OUT
	fi
	run_clonesh -k -c "$setup" -c "$cmd" -c "$DUMP"
	is_status 1 "$name: exit status 1"
	is "$(lines_of "$ERR")" 1 "$name: one line on stderr"
	like "$ERR" "^-c:2: $pattern\$" "$name: the message says what is wrong and what is allowed"
	is "$OUT" "$expected" "$name: settings kept"
}

# --- commands
bad "unknown command" 'spwan' \
    'unknown command "spwan" \(did you mean spawn\? "help" lists commands\)'
bad "unknown command, nothing near" 'xyzzy' \
    'unknown command "xyzzy" \("help" lists commands\)'
bad "ambiguous prefix" 's' \
    'ambiguous command "s": save, seccomp, show, signal, snapshot, solution, spawn, stack, step'
bad "too many arguments" 'stack 8k 16k' \
    'stack: too many arguments \(usage: stack .*SIZE.*guard on\|off.*\)'
bad "help for an unknown command" 'help spwan' \
    'help: unknown command "spwan" \(did you mean spawn\? "help" lists commands\)'

# --- flags
bad "unknown flag" 'flags +vn' \
    'flags: unknown flag "vn" \(did you mean vm.*\? "explain flags" lists them\)'
bad "unknown flag in a replacement" 'flags = vm nosuchflag' \
    'flags: unknown flag "nosuchflag" \(.*"explain flags" lists them\)'
bad "one bad flag changes nothing" 'flags +fs +vn -files' \
    'flags: unknown flag "vn" .*'
bad "exit signal given as a flag" 'flags +SIGCHLD' \
    'flags: SIGCHLD is an exit signal, not a flag \(set it with "signal SIGCHLD"\)'
bad "bare and signed flags mixed" 'flags vm -files' \
    'flags: a mix of bare and \+/- words .*'

# --- clear
bad "clear with an argument" 'clear now' 'clear: too many arguments \(usage: clear\)'

# --- stack
bad "stack 0" 'stack 0' 'stack: .*0.* \(.*4k to 256m\)'
bad "stack negative" 'stack -1' 'stack: "-1" is negative .*4k to 256m\)'
bad "stack 12q" 'stack 12q' 'stack: "12q" is not a size \(try 8k, 64k, 1m; 4k to 256m\)'
bad "stack over the limit" 'stack 300m' 'stack: 300m is over the limit \(4k to 256m\)'
run_clonesh -c 'stack 64KiB' -c 'stack 1MiB' -c 'stack 32K'
is "$STATUS $OUT" "0 stack: 64k, guard on
stack: 1m, guard on
stack: 32k, guard on" "stack accepts KiB, MiB and K as the lessons write them"
bad "stack 1T names the limit" 'stack 1T' 'stack: 1T is over the limit \(4k to 256m\)'
bad "stack of 20 digits names the limit" 'stack 99999999999999999999k' \
    'stack: 99999999999999999999k is over the limit \(4k to 256m\)'
bad "stack not whole pages" 'stack 5000' 'stack: 5000 .*4k.*256m\)'
bad "stack guard without on or off" 'stack guard' \
    'stack: guard needs on or off \(usage: stack guard on\|off\)'
bad "stack guard maybe" 'stack guard maybe' 'stack: guard is on or off, not "maybe"'
bad "stack end without top or bottom" 'stack end' \
    'stack: end needs top or bottom \(usage: stack end top\|bottom\)'
bad "stack end middle" 'stack end middle' 'stack: end is top or bottom, not "middle"'
bad "signal catch without on or off" 'signal catch' \
    'signal: catch needs on or off \(usage: signal catch on\|off\)'
bad "signal catch maybe" 'signal catch maybe' 'signal: catch is on or off, not "maybe"'
bad "stack end bottom with clone3" 'spawn' \
    "spawn: stack end bottom is clone\\(\\)'s mistake: clone3 is given the stack's lowest address and its size, and the kernel finds the top \\(use variant clone, or stack end top\\)" \
    'stack end bottom; variant clone3'

# --- functions and their arguments
bad "unknown function" 'fn nosuch' 'fn: "nosuch" is not a function .*functions.* lists them\)'
bad "function with a typo" 'fn helo' 'fn: "helo" is not a function \(did you mean hello.*'
bad "recurse without DEPTH" 'fn recurse' \
    'fn: recurse: missing arguments \(usage: recurse DEPTH\)'
bad "exit abc" 'fn exit abc' 'fn: exit: "abc" is not a whole number from 0 to 255 .*'
bad "too many function arguments" 'fn hello 1' 'fn: hello: takes no arguments'
bad "spawn with an unknown function" 'spawn nosuch' 'fn: "nosuch" is not a function .*'
bad "a refused spawn keeps the old function" 'spawn recurse' \
    'spawn: recurse: missing arguments \(usage: recurse DEPTH\)'
bad "spawn with an unknown option" 'spawn --frce' \
    'spawn: unknown option "--frce" \(usage: spawn \[--force\] \[-n N\] \[NAME \[ARGS\]\]\)'

# --- other settings
bad "signal SIGFOO" 'signal SIGFOO' \
    'signal: "SIGFOO" is not a signal \(try SIGCHLD, SIGUSR1, 17, or none; 1 to 64; or catch on\|off\)'
bad "signal 65" 'signal 65' 'signal: "65" is not a signal .*1 to 64; or catch on\|off\)'
bad "variant clone4" 'variant clone4' 'variant: "clone4" is not a variant \(clone or clone3\)'
bad "timeout 0" 'timeout 0' 'timeout: 0 is out of range \(0.1 to 600 seconds\)'
bad "timeout abc" 'timeout abc' 'timeout: "abc" is not a number of seconds \(0.1 to 600\)'
bad "preset unknown" 'preset forkk' 'preset: "forkk" is not a preset \(try fork.*\)'
bad "explain unknown" 'explain nothing-here' \
    'explain: unknown topic "nothing-here" \(a topic is a flag, .*\)'
bad "show unknown section" 'show nothing' 'show: unknown section "nothing" \(.*ids.*all\)'
bad "report bad argument" 'report --jsn' 'report: unknown argument "--jsn" \(usage: report \[--json\]\)'
bad "show before any spawn" 'show' 'show: nothing to show yet \(run "spawn" first\)'

# --- pane, step and kill need a person at a terminal, or a running experiment
bad "pane on in a script" 'pane on' \
    'pane: needs an interactive terminal \(clonesh is running a script\)'
bad "pane off in a script" 'pane off' \
    'pane: needs an interactive terminal \(clonesh is running a script\)'
bad "pane maybe" 'pane maybe' 'pane: "maybe" is not on or off \(usage: pane \[on\|off\]\)'
bad "step on in a script" 'step on' \
    'step: needs an interactive terminal, where each phase waits for a key'
bad "step maybe" 'step maybe' 'step: "maybe" is not on or off \(usage: step \[on\|off\]\)'
bad "step with two words" 'step on off' 'step: too many arguments \(usage: step \[on\|off\]\)'
bad "kill with nothing running" 'kill' 'kill: no experiment is running'
bad "kill with an argument" 'kill 1' 'kill: too many arguments \(usage: kill\)'

run_clonesh -c 'pane' -c 'step' -c 'step off'
is_status 0 "pane, step and step off succeed in a script"
is "$OUT" "pane: off
step: off
step: off" "pane and step without an argument show their state"
is "$ERR" "" "pane and step: nothing on stderr"

# --- the lexer
bad "EOF inside a double quote" 'fn open-fd "/etc/passwd' \
    'parse: unterminated " quote \(close it with "\)'
bad "EOF inside a single quote" "fn open-fd '/etc/passwd" \
    "parse: unterminated ' quote \\(close it with '\\)"
bad "bytes that are not UTF-8" "$(printf 'stack \377\376')" \
    'parse: byte 7 is not valid UTF-8 \(commands are UTF-8 text\)'
bad "a control character" "$(printf 'stack \033[31m')" \
    'parse: byte 7 is a control character .*'
long=$(printf '%05000d' 0)
bad "an overlong -c line" "stack $long" 'parse: line is 5006 bytes long \(at most 4096\)'
bad "too many words" "flags $(printf 'vm %.0s' $(seq 70))" \
    'parse: a command has more than 64 words'

# --- the validator: an invalid set is refused before the kernel sees it
bad "an invalid flag set" 'spawn' \
    'spawn: CLONE_SIGHAND requires CLONE_VM.* \(kernel would return EINVAL\); fix: .*; or "spawn --force" to send it anyway' \
    'flags +sighand -vm'
bad "sethostname without newuts (the function is kept too)" 'spawn sethostname box' \
    "spawn: sethostname would change this machine's hostname; add newuts \\(CLONE_NEWUTS\\) so the child has its own"

# --- files and stdin: the message names FILE:LINE
script=$TEST_TMP/script.clonesh
{ echo 'stack 16k'; echo "stack $long"; echo 'stack'; } >"$script"
run_clonesh -k -f "$script"
is_status 1 "overlong file line: exit status 1"
is "$ERR" "$script:2: parse: line is 5006 bytes long (at most 4096)" "overlong file line: named by FILE:LINE"
is "$OUT" "stack: 16k, guard on
stack: 16k, guard on" "overlong file line: settings kept"

huge=$(printf '%020000d' 0)
{ echo 'stack 16k'; echo "stack $huge"; echo 'stack'; } >"$script"
run_clonesh -k -f "$script"
is "$ERR" "$script:2: parse: line is 20006 bytes long (at most 4096)" "a line longer than the read buffer"
is "$OUT" "stack: 16k, guard on
stack: 16k, guard on" "a line longer than the read buffer: the next line still runs"

printf 'stack 16k\nstack \377\nstack\n' >"$script"
RUN_STDIN=$script run_clonesh -k
is_status 1 "non-UTF-8 on stdin: exit status 1"
is "$ERR" "stdin:2: parse: byte 7 is not valid UTF-8 (commands are UTF-8 text)" "non-UTF-8 on stdin: named by stdin:LINE"
is "$OUT" "stack: 16k, guard on
stack: 16k, guard on" "non-UTF-8 on stdin: settings kept"

printf 'stack 16k\nstack \0008k\nstack\n' >"$script"
RUN_STDIN=$script run_clonesh -k
is "$ERR" "stdin:2: parse: byte 7 is a NUL byte (commands are text)" "a NUL byte is refused"

# --- without --keep-going the batch stops at the first failure
run_clonesh -c 'stack 16k' -c 'stack 12q' -c 'stack'
is_status 1 "the batch stops: exit status 1"
is "$OUT" "stack: 16k, guard on" "the batch stops: nothing after the failure ran"
run_clonesh -c 'stack 16k; stack 12q; stack'
is "$OUT" "stack: 16k, guard on" "a failure stops the rest of its line"

# --- lab user
bad "lab user: unknown user" 'lab user nosuchuser' \
    'lab user: no user "nosuchuser" in the user database \(a user name, a uid, root or unprivileged\)'
bad "lab user: uid out of range" 'lab user 99999999999' \
    'lab user: 99999999999 is out of range \(a uid from 0 to 2147483646\)'
bad "lab: unknown setting" 'lab group x' 'lab: unknown setting "group" \(the lab.s setting is: user\)'
bad "lab user: too many arguments" 'lab user a b' 'lab: too many arguments \(usage: .*\)'
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	ERR=$(cd "$TEST_TMP" && setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$CLONESH" -c 'lab user root' -c 'lab user 0' </dev/null 2>&1 >/dev/null)
	STATUS=$?
	is "$STATUS" 1 "lab user as uid 65534: exit status 1"
	is "$ERR" "-c:2: lab user: only root can choose another user; the lab already runs as you (uid 65534)" \
	    "lab user as uid 65534: only root can choose, and the lab already runs as the learner"
	OUT=$(cd "$TEST_TMP" && setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$CLONESH" -c 'lab user unprivileged' </dev/null 2>&1)
	is "$OUT" "lab user: the lab runs as uid 65534 (nobody), gid 65534, clonesh's own user" \
	    "lab user unprivileged as uid 65534: the learner's own user"
else
	skip "lab user as a non-root user: needs root and setpriv to become 65534"
	skip "lab user as a non-root user: needs root and setpriv to become 65534"
	skip "lab user unprivileged as a non-root user: needs root and setpriv to become 65534"
fi

# --- usage errors exit 2
run_clonesh --x
is_status 2 "unknown long option: exit status 2"
is "$ERR" "clonesh: unknown option --x (try --help)" "unknown long option: named"
run_clonesh -z
is_status 2 "unknown short option: exit status 2"
is "$ERR" "clonesh: unknown option -z (try --help)" "unknown short option: named"
run_clonesh -c
is_status 2 "option without its argument: exit status 2"
is "$ERR" "clonesh: option -c needs an argument (try --help)" "option without its argument: named"
run_clonesh -f "$TEST_TMP/no-such-file"
is_status 2 "missing script: exit status 2"
like "$ERR" "^clonesh: cannot read .*/no-such-file: No such file or directory\$" "missing script: named"
run_clonesh a b
is_status 2 "two script files: exit status 2"

done_testing
