#!/bin/sh
# code: the program clonesh writes compiles with -Wall -Wextra -Werror, runs,
# and prints what clonesh's own lab observes for the same settings (kcmp set,
# the global, fds, signals, fs, exit status or signal, the kernel's refusal).
# code --unshare prints a runnable unshare(1) line or a clear refusal.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }
command -v gcc >/dev/null 2>&1 || { echo "1..0 # SKIP gcc is not installed"; exit 0; }
HAVE_CLANG=0
command -v clang >/dev/null 2>&1 && HAVE_CLANG=1
USERNS=""	# what namespace settings need when not root
[ "$(id -u)" = 0 ] || USERNS="newuser"

n=0
# program SETTINGS [CC]: writes, compiles and runs the program; PROG, PROG_STATUS.
program() {
	n=$((n + 1))
	src=$TEST_TMP/p$n.c
	PROG= PROG_STATUS=
	run_clonesh -c "$1; code $src"
	if [ "$STATUS" != 0 ]; then
		fail "$1: code writes the program" "$(tap_show "$OUT$ERR")"
		return 1
	fi
	if ! "${2:-gcc}" -std=gnu11 -Wall -Wextra -Werror -o "$TEST_TMP/p$n" "$src" 2>"$TEST_TMP/cc"; then
		fail "$1: the program compiles with ${2:-gcc} -Wall -Wextra -Werror" \
		    "$(tap_show "$(head -n 20 "$TEST_TMP/cc")")"
		return 1
	fi
	PROG=$(timeout 20 "$TEST_TMP/p$n" </dev/null 2>&1)
	PROG_STATUS=$?
	return 0
}

# observe SETTINGS: clonesh's observation of the same settings, as JSON in J.
observe() {
	run_clonesh -c "$1; spawn --force; report --json"
	J=$(printf '%s\n' "$OUT" | tail -n 1)
	printf '%s' "$J" | jq -e . >/dev/null 2>&1 || J='{}'
}

jq_() { printf '%s' "$J" | jq -r "$1" 2>/dev/null; }
line_of() { printf '%s\n' "$PROG" | sed -n "$1" | head -n 1; }

# The outcome in words, from the program and from the observation.
prog_kcmp() { printf '%s\n' "$PROG" | grep -E '^(vm|files|fs|sighand|io|sysvsem): ' | sed 's/ (.*//' | tr '\n' ' '; }
obs_kcmp() {
	# null, or measured by behaviour: kcmp did not answer (denied by
	# seccomp, or not in the kernel), which the program prints as unknown
	jq_ '.shared as $s | .shared_how as $h | ["vm","files","fs","sighand","io","sysvsem"] |
	    map("\(.): \(if $s[.] == null or $h[.] != "kcmp" then "unknown" elif $s[.] then "shared"
	        else "copied" end)") |
	    join(" ") + " "'
}
prog_end() {
	if [ "$PROG_STATUS" -gt 128 ] && [ "$PROG_STATUS" != 255 ]; then
		echo "parent killed by SIG$(kill -l $((PROG_STATUS - 128)))"
	elif f=$(line_of 's/^clone: refused \([A-Z0-9]*\).*/\1/p'); [ -n "$f" ]; then
		echo "refused $f"
	elif printf '%s\n' "$PROG" | grep -q '^timeout: '; then
		echo "timed out"
	else
		line_of 's/^exit: \(status [0-9]*\|signal SIG[A-Z0-9]*\|none\).*/\1/p'
	fi
}
obs_end() {
	jq_ 'if .clone.ok == false then "refused \(.clone.errno)"
	    elif .run.timed_out then "timed out"
	    elif .run.lab_signal then "parent killed by \(.run.lab_signal)"
	    elif .exit.status != null then "status \(.exit.status)"
	    elif .exit.signal then "signal \(.exit.signal)"
	    else "none" end'
}

# check SETTINGS [PROG_SED OBS_JQ WHAT]...: program and lab agree on the end,
# the kcmp set (when the clone ran) and each extra field.
check() {
	settings=$1
	shift
	program "$settings" || return
	observe "$settings"
	is "$(prog_end)" "$(obs_end)" "$settings: the program ends as clonesh observed"
	if [ "$(jq_ .clone.ok)" = true ] && [ "$(jq_ .run.timed_out)" = false ]; then
		is "$(prog_kcmp)" "$(obs_kcmp)" "$settings: kcmp agrees"
	fi
	while [ $# -ge 3 ]; do
		is "$(line_of "$1")" "$(jq_ "$2")" "$settings: $3"
		shift 3
	done
}

GLOBAL='s/^global: parent sees \(-*[0-9]*\).*/\1/p'
JGLOBAL='.effects.global.parent_sees'

# --- every preset ----------------------------------------------------------
check 'preset fork; fn write-global' "$GLOBAL" "$JGLOBAL" "the global"
check 'preset glibc-fork; fn write-global' "$GLOBAL" "$JGLOBAL" "the global"
check 'preset vfork; fn write-global 9' "$GLOBAL" "$JGLOBAL" "the global"
check "$THREAD; fn write-global" "$GLOBAL" "$JGLOBAL" "the global"
# The container preset has CLONE_NEWUSER, which a chroot refuses even to root.
if userns_works; then
	check 'preset container; fn ids' 's/^child: pid \([0-9]*\).*/\1/p' '.ids.child.pid_self' \
	    "the child is pid 1"
else
	skip "preset container: $NO_USERNS"
fi
check 'preset seed'
like "$PROG" '^Child pid : [0-9]+$' "seed: the child prints the article's line"
like "$PROG" '^Parent pid : [0-9]+$' "seed: the parent prints the article's line"
run_clonesh -c 'preset seed; code'
like "$OUT" 'FIX 4: the article' "seed: the printf fix is commented"
like "$OUT" 'FIX 5: the article slept' "seed: the sleep(1) fix is commented"
unlike "$OUT" 'sleep\(1\);' "seed: no sleep(1) left"

# --- flags and functions -------------------------------------------------------
check 'flags vm; fn write-global 5' "$GLOBAL" "$JGLOBAL" "the global"
check 'flags vm; fn write-heap 9' 's/^heap: parent sees \([0-9]*\).*/\1/p' '.effects.heap.parent_sees' "the heap word"
check 'flags files; fn open-fd' 's/^fd 4: \(open\|not open\) in parent.*/\1/p' \
    '[.effects.fds[] | select(.fd == 4) | .in_parent][0] // false | if . then "open" else "not open" end' "fd 4"
check 'flags none; fn open-fd' 's/^fd 4: \(open\|not open\) in parent.*/\1/p' \
    '[.effects.fds[] | select(.fd == 4) | .in_parent][0] // false | if . then "open" else "not open" end' "fd 4"
check 'flags files; fn close-fd' 's/^fd 3: \([a-z]*\) in parent/\1/p' \
    '[.effects.fds[] | select(.fd == 3)][0].in_parent // false | if . then "open" else "closed" end' "fd 3"
check 'flags none; fn seek-fd 100' 's/^offset: parent.s fd 3 is at \([0-9]*\).*/\1/p' \
    '.effects.fds[] | select(.fd == 3) | .parent_pos' "the shared offset"
check 'flags fs; fn chdir /tmp' 's/^cwd: parent in //p' '.effects.cwd.parent' "the parent's cwd"
check 'flags none; fn chdir /tmp' 's/^cwd: parent in //p' '.effects.cwd.parent' "the parent's cwd"
check 'flags fs; fn umask 077' 's/^umask: parent //p' '.effects.umask.parent' "the parent's umask"
check 'flags io; fn ioprio' 's/^ioprio: parent best-effort //p' '.effects.ioprio.parent' "the parent's I/O priority"
check 'flags none; fn ioprio 6' 's/^ioprio: parent best-effort //p' '.effects.ioprio.parent' "the parent's I/O priority"
check 'flags vm sighand; fn sigaction USR1 ignore' "s/^sigaction: parent's SIGUSR1 is //p" \
    '.effects.signals[] | select(.sig == "SIGUSR1") | .parent' "the parent's disposition"
check 'flags vm; fn sigaction USR1 handler' "s/^sigaction: parent's SIGUSR1 is //p" \
    '.effects.signals[] | select(.sig == "SIGUSR1") | .parent' "the parent's disposition"
check 'flags vm sighand thread; fn sigmask USR2' 's/^sigmask: child blocks SIGUSR2: //p' \
    '.effects.signals[] | select(.sig == "SIGUSR2") | if .child_blocked then "yes" else "no" end' \
    "the child's mask"
check 'flags sysvsem io'
check 'flags vm vfork; fn exec true'
if [ -z "$USERNS" ] || userns_works; then
	check "flags newuts $USERNS; fn sethostname box" 's/^hostname: child //p' '.effects.hostname.child' \
	    "the child's hostname" 's/^hostname: parent //p' '.effects.hostname.parent' "the parent's hostname"
	check "flags newpid $USERNS; fn ids" 's/^child: pid \([0-9]*\).*/\1/p' '.ids.child.pid_self' "pid 1"
else
	skip "flags newuts newuser: not root, and $NO_USERNS"
	skip "flags newpid newuser: not root, and $NO_USERNS"
fi
check 'flags vm settls; fn write-global' 's/^tls: //p' \
    'if .shared.tls then "the parent'"'"'s thread pointer" else "a thread pointer of its own" end' "the TLS"
ERRNO='s/^errno: parent sees \([A-Z0-9]*\).*/\1/p'
check 'flags vm; fn libc-close' "$ERRNO" '.effects.errno.parent_sees' "the parent's errno"
check 'flags vm settls; fn libc-close' "$ERRNO" '.effects.errno.parent_sees' "the parent's errno"
check 'flags none; fn libc-close' "$ERRNO" '.effects.errno.parent_sees' "the parent's errno"
check 'preset vfork; fn libc-close' "$ERRNO" '.effects.errno.parent_sees' "the parent's errno"
STDIO='s/^stdio: the child.s printf \([a-z]*\).*/\1/p'
JSTDIO='if .effects.stdio.printf_done_while_locked then "returned" else "waited" end'
check 'flags vm; fn printf-locked' "$STDIO" "$JSTDIO" "the child's printf and the parent's lock"
check 'flags vm settls; fn printf-locked' "$STDIO" "$JSTDIO" "the child's printf and the parent's lock"
check "$THREAD; fn printf-locked" "$STDIO" "$JSTDIO" "the child's printf and the parent's lock"
check 'flags none; fn printf-locked' "$STDIO" "$JSTDIO" "the child's printf and the parent's lock"
if [ "$(id -u)" = 0 ]; then
	check 'lab user nobody; flags newuts; fn hello'
	if userns_works; then
		check 'lab user nobody; flags newuts newuser; fn sethostname box' 's/^hostname: child //p' \
		    '.effects.hostname.child' "the child's hostname"
	else
		skip "lab user nobody; flags newuts newuser: $NO_USERNS"
	fi
	program 'lab user nobody; fn ids' && like "$PROG" '^child ids: pid [0-9]+ tid [0-9]+ ppid [0-9]+ uid 65534 gid 65534' \
	    "lab user nobody: the program's child runs as 65534 too"
else
	skip "lab user: clonesh is not root"
	skip "lab user: clonesh is not root"
	skip "lab user: clonesh is not root"
fi
check 'flags pidfd; fn exit 2'
check 'flags parent; fn exit 3'
check 'signal none; fn exit 7'
check 'signal none; fn crash ABRT'
check 'signal usr1; fn exit 0'
check 'fn crash FPE'
check "$THREAD; fn crash"
check 'stack 16k; fn recurse 100000'
check 'stack guard off; stack 16k; fn recurse 100000'
if clone3_works; then
	check 'variant clone3; flags files; signal none; fn open-fd'
	check 'variant clone3; flags pidfd vm sighand thread; signal none; fn write-global' "$GLOBAL" "$JGLOBAL" "the global"
else
	skip "variant clone3 programs: $NO_CLONE3"
fi
check 'flags sighand; fn hello'
check 'flags vm thread; fn hello'
check 'flags vm; fn mmap-new' 's/^mapping: //p' 'if .effects.mapping.in_parent then "in parent" else "not in parent" end' "the mapping"
check 'flags none; fn touch-pages 5' "s/^pages: parent sees \([0-9]*\).*/\1/p" '.effects.pages.parent_changed' "pages"
check 'fn spin; timeout 0.3'

if [ "$HAVE_CLANG" = 1 ]; then
	if clone3_works; then c3='variant clone3; flags files; signal none; fn seek-fd 5'; else c3='flags files; signal none; fn seek-fd 5'; fi
	for c in "$THREAD" 'preset seed' "$c3" 'stack guard off; fn recurse 10'; do
		program "$c" clang && like "$PROG" '^clone: returned' "$c: built with clang, runs"
	done
else
	skip "clang is not installed"
fi

# --- code --unshare -----------------------------------------------------------
run_clonesh -c 'preset container; code --unshare'
is_status 0 "code --unshare: the container preset has an unshare line"
line=$(printf '%s\n' "$OUT" | sed -n 's/^\(unshare .*\) sh$/\1/p')
like "$line" '^unshare --user --map-root-user --pid --mount --uts --ipc --net --cgroup --fork$' \
    "code --unshare: the options for every namespace of the preset"
like "$OUT" '^# differs: unshare\(1\) .* runs a program' "code --unshare: says what differs"
if $line true 2>/dev/null; then
	pass "code --unshare: the printed line runs true"
else
	skip "unshare(1) cannot make these namespaces here"
fi
run_clonesh -c 'flags vm newuts; code --unshare'
is_status 1 "code --unshare refuses a non-namespace flag"
like "$ERR$OUT" 'code --unshare: CLONE_VM is not a namespace flag; unshare\(1\) cannot share memory with a new process \(code prints a C program instead\)' \
    "code --unshare names the flag and says why"
run_clonesh -c 'flags none; code --unshare'
like "$ERR$OUT" 'no namespace flag' "code --unshare without namespaces says so"

# --- bad input ------------------------------------------------------------------
run_clonesh -c 'code /nonexistent/dir/x.c'
is_status 1 "code into a missing directory fails"
like "$ERR$OUT" 'code: cannot write /nonexistent/dir/x.c: No such file' "the error names the file"
run_clonesh -c 'code --bogus'
like "$ERR$OUT" 'code: unknown option "--bogus"' "code --bogus is refused"
run_clonesh -c 'code a.c b.c'
like "$ERR$OUT" 'code: too many' "code with two files is refused"
run_clonesh -c 'flags none; fn sethostname x; code'
like "$ERR$OUT" 'code: sethostname would change this machine'"'"'s hostname' "clonesh's own refusals apply"
run_clonesh -c 'code'
like "$OUT" '^#define _GNU_SOURCE$' "code prints the program"
run_clonesh -c 'fn fork-bomb; code'
is_status 1 "code of fork-bomb is refused"
like "$ERR" 'fork-bomb is not exported: outside clonesh nothing would contain it' "and says why"
run_clonesh -c "fn exec missing; code $TEST_TMP/missing.c"
if cc -Wall -Wextra -Werror -o "$TEST_TMP/missing" "$TEST_TMP/missing.c" 2>"$TEST_TMP/cc.err"; then
	like "$("$TEST_TMP/missing" 2>&1)" '^exit: status 127' "exec missing: the program's execve fails as clonesh's does"
else
	fail "exec missing: the program compiles" "$(tap_show "$(cat "$TEST_TMP/cc.err")")"
fi

# --- code --run: compiled, run, set against clonesh's lab ------------------------
# leftovers: processes named experiment (the compiled program) still alive.
leftovers() { pids_named experiment | wc -l; }
for settings in 'preset fork; fn write-global 5' 'preset glibc-fork' 'preset vfork' "$THREAD" \
    'preset seed' 'flags vm files; fn open-fd' 'flags = sighand' 'fn crash SEGV' 'signal SIGUSR1' \
    'stack end bottom'; do
	run_clonesh -c "$settings; code --run"
	is_status 0 "code --run, $settings: runs"
	like "$OUT" '^code --run: the program printed:$' "code --run, $settings: shows the program's output"
	like "$OUT" '^code --run: agree: the end \(' "code --run, $settings: the program and clonesh's lab agree on the end"
	unlike "$OUT" '^code --run: differ' "code --run, $settings: and nowhere disagree"
done
run_clonesh -c 'preset fork; code --run'
like "$OUT" '^code --run: agree: the end \(status 0\), vm, files, fs, sighand, io, sysvsem$' \
    "code --run, fork: the end and all six kcmp verdicts agree"
run_clonesh -c 'timeout 0.3; fn spin; code --run'
like "$OUT" 'killed with its process group at the timeout' "code --run, a spinning child: killed at the timeout"
like "$OUT" '^code --run: agree: the end \(timed out\)' "code --run, a spinning child: both timed out"
is "$(leftovers)" 0 "code --run: no program left running"
ERR=$(env CC=/nonexistent/cc "$CLONESH" -c 'code --run' 2>&1 </dev/null)
is "$?" 1 "code --run without a compiler fails"
like "$ERR" 'code --run: no C compiler: "/nonexistent/cc" is not an executable \(install one: apt-get install gcc; or set CC\)' \
    "code --run without a compiler says what to install"
ERR=$(env -u CC PATH=/nonexistent "$CLONESH" -c 'code --run' 2>&1 </dev/null)
like "$ERR" 'code --run: no C compiler: "cc" is not found in PATH' "code --run with no cc in PATH says so"
run_clonesh -c 'code --run x.c'
like "$ERR" 'code: --run compiles and runs the program itself: it takes no FILE and no --unshare' \
    "code --run with a FILE is refused, saying why"
run_clonesh -c 'code --run' -c 'show exit'
like "$OUT" '^exit$' "code --run: clonesh's own observation is the last one (show reads it)"

done_testing
