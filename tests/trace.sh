#!/bin/sh
# trace: the flags clonesh reports for each creation are strace's, the
# verdicts are what the flags mean (measured), the errors are one line, and
# no traced program leaves anything behind: killed mid-trace, a fork bomb
# (bounded), 1,000 threads, a set-user-ID exec, a CLONE_UNTRACED child.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

SAMPLES=$TOP_BUILDDIR/samples
WAYS="fork vfork-exec posix-spawn system popen pthread pool clone3 untraced"

# ptrace must be allowed: Yama's ptrace_scope 3 and some seccomp profiles forbid it.
if ! "$CLONESH" -c 'trace /bin/true' >"$TEST_TMP/probe" 2>&1; then
	echo "1..0 # SKIP ptrace is not allowed here: $(head -1 "$TEST_TMP/probe")"
	exit 0
fi
if ! command -v jq >/dev/null 2>&1; then
	echo "1..0 # SKIP jq is not installed"
	exit 0
fi

# What kcmp measured, where kcmp answers; else the same line must say
# "not measured" with kcmp's failure (the three states hold without it).
if kcmp_works; then KCMP_OK=1; else KCMP_OK=; fi
measured_like() {
	if [ -n "$KCMP_OK" ]; then
		like "$1" "$2" "$3"
	else
		like "$1" '\? vm files fs sighand.*\(kcmp [Vv][Mm] failed' "$3 (no kcmp here: not measured, with the reason)"
	fi
}

# leftovers: every process of a traced program still in the process table
# (a sample by name, or anything stopped by a tracer or a zombie whose
# parent is gone to init and whose name is ours), one a line.
leftovers() {
	for d in /proc/[0-9]*; do
		st=$(cat "$d/stat" 2>/dev/null) || continue
		comm=${st#*(}
		comm=${comm%)*}
		rest=${st##*) }
		state=${rest%% *}
		case $comm in
		fork|vfork-exec|posix-spawn|system|popen|pthread|pool|clone3|forkbomb|threads1000|sleeper|untraced|suid-id|trace-victim|clone-untraced)
			echo "${d#/proc/} $state $comm" ;;
		*)
			[ "$state" = t ] && echo "${d#/proc/} $state $comm (stopped by a tracer)" ;;
		esac
	done
}
no_leftovers() { [ -z "$(leftovers)" ]; }
check_clean() {
	if poll_until 200 no_leftovers; then
		pass "$1: nothing left in the process table (no zombie, no stopped tracee)"
	else
		fail "$1: nothing left in the process table" "$(leftovers)"
	fi
}

# flagsets: each creation's call reduced to its name and sorted flag set,
# from strace's lines or clonesh's "call" strings alike, one a line, sorted.
flagsets() {
	# A call the kernel refused made nothing (glibc tries clone3, then
	# clone, where a seccomp profile answers ENOSYS): strace's -1 lines out.
	grep -E '(^|[^a-z0-9_])(clone3?|v?fork)\(' | grep -v -E '= -1 E[A-Z]+' |
	    sed -E 's/^(.*[^a-z0-9_])?((clone3?|v?fork)\()/\2/' |
	    while IFS= read -r line; do
		call=${line%%(*}
		case $call in
		fork|vfork) echo "$call" ;;
		clone)
			f=$(printf '%s\n' "$line" | sed -E 's/.*flags=([^,)]*).*/\1/')
			echo "clone $(printf '%s' "$f" | tr '|' '\n' | sort | tr '\n' ' ')" ;;
		clone3)
			f=$(printf '%s\n' "$line" | sed -E 's/.*flags=([^,}]*).*/\1/')
			s=$(printf '%s\n' "$line" | sed -E 's/.*exit_signal=([A-Z0-9]*).*/\1/')
			[ "$s" = 0 ] && s=
			echo "clone3 $( (printf '%s\n' "$f" | tr '|' '\n'; echo "$s") | grep . | sort | tr '\n' ' ')" ;;
		esac
	    done | sort
}

# --- strace agreement -----------------------------------------------------------
if ! command -v strace >/dev/null 2>&1; then
	skip "strace agreement: strace is not installed"
else
	for prog in "sh -c 'true | true'" $WAYS; do
		case $prog in
		sh*) set -- sh -c 'true | true' ;;
		*) set -- "$SAMPLES/$prog" ;;
		esac
		if [ "$prog" = clone3 ] && ! clone3_works; then
			skip "clone3: clone3 is refused here (ENOSYS from a seccomp profile, or an old kernel): it creates nothing"
			continue
		fi
		strace -f -qq -e trace=clone,clone3,fork,vfork -e signal=none -o "$TEST_TMP/strace" "$@" \
		    >/dev/null 2>&1
		want=$(flagsets <"$TEST_TMP/strace")
		"$CLONESH" --json --trace -- "$@" >"$TEST_TMP/json" 2>"$TEST_TMP/err"
		got=$(jq -r 'select(.event == "creation") | .call' "$TEST_TMP/json" | flagsets)
		if [ -n "$want" ] && [ "$want" = "$got" ]; then
			pass "$prog: the flags of each creation are strace's ($(echo "$want" | wc -l) creations)"
		else
			fail "$prog: the flags of each creation are strace's" "strace: $want" "clonesh: $got" \
			    "$(cat "$TEST_TMP/err")"
		fi
	done
fi

# --- the verdicts mean what the flags say, measured --------------------------------
# For each measured creation, kcmp's verdict for vm, files, fs and sighand is
# the presence of the flag that shares it (clone(2)); a thread's tgid is its
# parent's exactly when CLONE_THREAD was passed.
if [ -z "$KCMP_OK" ]; then
	skip "verdicts: kcmp does not answer here"
else
	for prog in "sh -c 'true | true'" $WAYS; do
		case $prog in
		untraced) continue ;;	# its child escaped: nothing measured (below)
		sh*) set -- sh -c 'true | true' ;;
		*) set -- "$SAMPLES/$prog" ;;
		esac
		"$CLONESH" --json --trace -- "$@" >"$TEST_TMP/json" 2>/dev/null
		bad=$(jq -r 'select(.event == "creation" and .escaped == false) | .observation as $o |
		    ($o.config.flags) as $f |
		    [["vm","CLONE_VM"],["files","CLONE_FILES"],["fs","CLONE_FS"],["sighand","CLONE_SIGHAND"]][] |
		    . as [$k, $flag] | select($o.shared[$k] != ($f | index([$flag]) != null)) |
		    "#\($o.number) \($k): measured \($o.shared[$k]), flags \($f | join("|"))"' \
		    "$TEST_TMP/json")
		thr=$(jq -r 'select(.event == "creation" and .escaped == false) | .observation as $o |
		    select(($o.ids.child.tgid == $o.ids.parent.pid) !=
		    ($o.config.flags | index(["CLONE_THREAD"]) != null)) | "#\($o.number) tgid"' \
		    "$TEST_TMP/json")
		# CLONE_SYSVSEM: one undo list, measured shared; without it the child
		# has none of its own yet (not measured: two NULLs) or another one.
		sem=$(jq -r 'select(.event == "creation" and .escaped == false) | .observation as $o |
		    select(($o.config.flags | index(["CLONE_SYSVSEM"]) != null) != ($o.shared.sysvsem == true)) |
		    "#\($o.number) sysvsem: measured \($o.shared.sysvsem)"' "$TEST_TMP/json")
		# No CLONE_NEW* flag: every namespace measured the parent's.
		ns=$(jq -r 'select(.event == "creation" and .escaped == false) | .observation as $o |
		    select(($o.config.flags | map(select(startswith("CLONE_NEW"))) | length) == 0) |
		    $o.namespaces | to_entries[] | select(.value.shared != true) | "\(.key): \(.value.shared)"' \
		    "$TEST_TMP/json")
		n=$(jq -r 'select(.event == "creation" and .escaped == false) | .number' "$TEST_TMP/json" | wc -l)
		if [ "$n" -gt 0 ] && [ -z "$bad$thr$sem$ns" ]; then
			pass "$prog: vm, files, fs, sighand, sysvsem, the thread group and the namespaces measured as the flags say ($n)"
		else
			fail "$prog: verdicts as the flags say" "$bad" "$thr" "$sem" "$ns" "creations: $n"
		fi
	done
fi
# vfork and CLONE_VFORK: the parent was measured asleep in D while the child ran.
run_clonesh --json --trace -- "$SAMPLES/vfork-exec"
is "$(printf '%s\n' "$OUT" | jq -r 'select(.event == "creation") | .observation.ids.parent_state')" \
    D "vfork-exec: the parent's state measured D while the stopped child had not exec'd"

# --- the tree, show, why, use ----------------------------------------------------
run_clonesh -c "trace sh -c 'true | true'; trace show 2; why; trace use 1; code"
like "$OUT" '#1 [0-9]+ → [0-9]+  clone\(child_stack=NULL, flags=CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD\)' \
    "the tree: a line a creation, the call as strace prints it"
measured_like "$OUT" 'glibc fork\(\) · a process · shared: none · copied: vm files fs sighand' \
    "the tree: the call site and the sharing measured"
like "$OUT" 'experiment #1' "trace show 2: the session's experiment 1, shown as spawn's"
like "$OUT" 'traced creation #2: measured while ptrace held the parent' "trace show 2: creation 2's observation"
measured_like "$OUT" 'vm: .*copied' "why works on the traced creation"
like "$OUT" 'trace use: the experiment is now clone CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD' \
    "trace use 1: the creation's call becomes the experiment"
like "$OUT" 'CLONE_CHILD_SETTID' "code exports it"
is_status 0 "trace, show, why, use and code succeed"
run_clonesh -c 'trace samples/pool; trace show next; trace show next; trace show prev; trace show prev'
is "$(printf '%s\n' "$OUT" | sed -n 's/.*note: traced creation #\([0-9]*\):.*/\1/p' | tr '\n' ' ')" '1 2 1 ' \
    "trace show next, next, prev: creations 1, 2, 1"
like "$ERR" 'trace show: no creation before creation 1 \(1 to 4\)' "trace show prev before the first: one-line error"
run_clonesh -c 'trace samples/pthread'
measured_like "$OUT" 'pthread_create · a thread of the parent.s group · shared: vm files fs sighand sysvsem' \
    "pthread: named, and measured a thread sharing vm files fs sighand sysvsem"
# A traced creation's parent is the program's process, never called a lab.
run_clonesh -c 'trace samples/fork; trace show 1; show ids; view diagram'
like "$OUT" '^ids +parent \(traced\) +child$' "trace show: show ids calls the parent traced"
like "$OUT" 'threads in the parent.s group' "trace show: the thread count is the parent's, not a lab's"
like "$OUT" 'parent \(traced\) pid [0-9]+' "trace show: view diagram calls the parent traced"
unlike "$OUT" 'the lab' "trace show: no line says \"the lab\""
run_clonesh -c 'trace samples/fork; trace show 1; report --json'
like "$(printf '%s\n' "$OUT" | tail -n 1)" '"traced":true' "trace show: the JSON says traced"
run_clonesh -c 'trace samples/posix-spawn'
measured_like "$OUT" 'posix_spawn, system\(\) or popen\(\) · a process · shared: vm · copied: files fs sighand' \
    "posix_spawn: named, and measured sharing the address space only"
run_clonesh -c 'trace'
like "$OUT" 'samples/pthread +pthread_create' "trace alone lists the samples"

# --- errors: one line each -----------------------------------------------------------
err_case() {
	run_clonesh -c "$1"
	if [ "$STATUS" = 1 ] && [ "$(printf '%s\n' "$ERR" | wc -l)" = 1 ] &&
	    printf '%s\n' "$ERR" | grep -Eq "$2"; then
		pass "$1: one-line error"
	else
		fail "$1: one-line error matching $2" "status $STATUS" "$ERR"
	fi
}
err_case 'trace no-such-program-here' 'trace: no program "no-such-program-here" in PATH'
err_case 'trace /etc/passwd' 'trace: /etc/passwd is not an executable file'
err_case 'trace /' 'trace: / is not an executable file'
err_case 'trace samples/nope' 'trace: no sample "nope"'
printf 'not a program\n' >"$TEST_TMP/notabin" && chmod +x "$TEST_TMP/notabin"
err_case "trace $TEST_TMP/notabin" "trace: $TEST_TMP/notabin: Exec format error"
check_clean "a program that cannot be executed"
err_case 'trace /bin/true; trace show 99' 'trace show: the last trace made no creation'
err_case "trace sh -c 'true | true'; trace show 99" 'trace show: "99" is not a creation of the last trace \(1 to 2\)'
err_case 'trace show 1' 'trace show: nothing traced yet'
err_case 'trace --events 0 /bin/true' 'trace: --events needs a number of events from 1 to'
err_case 'trace --bogus /bin/true' 'trace: unknown option "--bogus"'
if [ "$(id -u)" = 0 ]; then
	err_case 'trace --user no-such-user-here /bin/true' 'trace: --user: no user "no-such-user-here"'
	run_clonesh -c 'trace --user nobody /usr/bin/id -u'
	like "$OUT" '^   \| 65534$' "trace --user nobody: the program runs as nobody"
elif command -v true >/dev/null; then
	err_case 'trace --user nobody /bin/true' 'trace: --user needs root'
fi
run_clonesh --trace
is_status 2 "--trace without a program is a usage error"

# --- safety -----------------------------------------------------------------------------
check_clean "before the safety cases"

# A fork bomb: the event bound stops it, everything killed and reaped.
run_clonesh -c 'timeout 60; trace --events 200 samples/forkbomb'
like "$OUT" 'trace: stopped after 200 events \(the bound\)' "fork bomb: stopped at the bound, and says so"
check_clean "fork bomb"

# 1,000 threads, each measured.
run_clonesh -c 'timeout 60; trace samples/threads1000'
like "$OUT" '1000 creations traced' "1,000 threads: each creation traced"
check_clean "1,000 threads"

# The timeout: the sleeper's tree is killed when it runs out.
run_clonesh -c 'timeout 1; trace samples/sleeper 60'
like "$OUT" 'trace: timed out after 1000 ms' "the timeout ends the trace and says so"
check_clean "timeout"

# The traced program killed mid-trace: its child and thread go too.
cp "$SAMPLES/sleeper" "$TEST_TMP/trace-victim"
"$CLONESH" -c "timeout 60; trace $TEST_TMP/trace-victim 60" >"$TEST_TMP/victim.out" 2>&1 &
cl=$!
# victim: the traced program's first process (no pgrep: procps may be absent).
victim() {
	for d in /proc/[0-9]*; do
		[ "$(cat "$d/comm" 2>/dev/null)" = trace-victim ] || continue
		pp=$(awk '/^PPid:/ { print $2 }' "$d/status" 2>/dev/null)
		[ "$(cat "/proc/$pp/comm" 2>/dev/null)" = trace-victim ] || { echo "${d#/proc/}"; return 0; }
	done
	return 1
}
victim_up() { victim >/dev/null; }
if poll_until 400 victim_up; then
	kill -KILL "$(victim)"
	wait $cl
	like "$(cat "$TEST_TMP/victim.out")" 'killed by SIGKILL' "killed mid-trace: the exit is reported"
	check_clean "killed mid-trace"
else
	kill $cl 2>/dev/null
	fail "killed mid-trace: the program never started"
fi

# clonesh itself killed mid-trace: the tracer dies with it, and its tracees with it.
"$CLONESH" -c "timeout 60; trace $TEST_TMP/trace-victim 60" >/dev/null 2>&1 &
cl=$!
if poll_until 400 victim_up; then
	kill -KILL $cl
	wait $cl 2>/dev/null
	check_clean "clonesh killed mid-trace"
else
	kill $cl 2>/dev/null
	fail "clonesh killed mid-trace: the program never started"
fi

# CLONE_UNTRACED: the creation is reported, its child escaped.
run_clonesh -c 'trace samples/untraced'
like "$OUT" 'clone\(child_stack=0x[0-9a-f]+, flags=CLONE_UNTRACED\|SIGCHLD\) = [0-9]+' \
    "CLONE_UNTRACED: the creation is reported"
like "$OUT" 'escaped the trace \(CLONE_UNTRACED\)' "CLONE_UNTRACED: the child is said to have escaped"
check_clean "CLONE_UNTRACED"
# With CLONE_PTRACE too, the kernel attaches the child but reports no event:
# it is measured at the call's exit, and nothing waits for an event forever.
UNTR=$TOP_BUILDDIR/tests/clone-untraced
if [ -x "$UNTR" ]; then
	run_clonesh -c "timeout 20; trace $UNTR ptrace"
	like "$OUT" 'flags=CLONE_PTRACE\|CLONE_UNTRACED\|SIGCHLD\) = [0-9]+$' \
	    "CLONE_UNTRACED|CLONE_PTRACE: the creation is reported"
	measured_like "$OUT" 'a process · shared: none · copied: vm files fs sighand' \
	    "CLONE_UNTRACED|CLONE_PTRACE: the attached child is measured"
	unlike "$OUT" 'timed out' "CLONE_UNTRACED|CLONE_PTRACE: the trace ends by itself"
	check_clean "CLONE_UNTRACED|CLONE_PTRACE"
else
	skip "CLONE_UNTRACED|CLONE_PTRACE: tests/clone-untraced is not built"
fi

# A set-user-ID exec: under a tracer without CAP_SYS_PTRACE the kernel runs
# it without the owner's privilege; under root's, with it.
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	skip "setuid exec: needs root (to make the file) and setpriv (running as uid $(id -u))"
	skip "setuid exec: the same"
else
	dir=$TEST_TMP/suid
	mkdir -p "$dir" && chmod 755 "$TEST_TMP" "$dir"
	cp "$(command -v id)" "$dir/suid-id" && chown 65534:65534 "$dir/suid-id" && chmod 4755 "$dir/suid-id"
	if [ "$("$dir/suid-id" -u 2>/dev/null)" != 65534 ]; then
		skip "setuid exec: $TEST_TMP does not honour the setuid bit (nosuid?)"
		skip "setuid exec: the same"
	else
		run_clonesh -c "trace $dir/suid-id -u"
		like "$OUT" 'set-user-ID file of uid 65534: it runs as uid 65534, its owner' \
		    "setuid exec under root's tracer: the kernel grants the owner's uid, and clonesh says so"
		cp "$dir/suid-id" "$dir/suid-root" && chown 0:0 "$dir/suid-root" && chmod 4755 "$dir/suid-root"
		OUT=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$CLONESH" \
		    -c "trace $dir/suid-root -u" 2>&1)
		if printf '%s\n' "$OUT" | grep -q 'ptrace is not allowed'; then
			skip "setuid exec: ptrace is not allowed to nobody here"
		else
			like "$OUT" 'set-user-ID file of uid 0, but it runs as uid 65534: under a tracer without CAP_SYS_PTRACE' \
			    "setuid exec under an unprivileged tracer: runs without privilege, and clonesh says so"
		fi
	fi
fi
check_clean "setuid exec"

done_testing
