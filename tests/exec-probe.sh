#!/bin/sh
# exec-probe: the child sets up fds, signals, umask and cwd, then execs
# clonesh-probe (src/probe/), whose report of itself is graded against the
# rules of execve on this kernel: the O_CLOEXEC fd closed, the other kept; a
# handled signal reset to default, an ignored one still ignored, the mask
# kept; cwd, umask, ids and pid kept; the old program's memory gone, after
# fork, CLONE_VM and vfork alike (whose parent the exec releases).  Without
# the probe, or when execve fails, every exec.* verdict is null and
# exec.why says why.  The probe by hand, and code's export of the function.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }

PROBE=$TOP_BUILDDIR/src/probe/clonesh-probe

# observe SETTINGS: the JSON of exec-probe's spawn under SETTINGS, in J.
observe() {
	run_clonesh -c "$1; fn exec-probe; spawn; report --json"
	J=$(printf '%s\n' "$OUT" | tail -n 1)
	printf '%s' "$J" | jq -e . >/dev/null 2>&1 || J='{}'
}
jq_() { printf '%s' "$J" | jq -r "$1" 2>/dev/null; }

# The rules, as "path=value" lines, and what this observation measured.
RULES='exec.reported=true
exec.pid=kept
exec.fds.cloexec=closed
exec.fds.plain=kept
exec.signals.handled=reset
exec.signals.handled_after=default
exec.signals.ignored=kept
exec.signals.ignored_after=ignore
exec.signals.blocked=kept
exec.signals.handlers_after=0
exec.cwd=kept
exec.cwd_after=/
exec.umask=kept
exec.umask_after=0027
exec.ids=kept
exec.memory=new
exec.memory_marker=absent'
measured() {
	printf '%s\n' "$RULES" | while IFS='=' read -r path want; do
		echo "$path=$(jq_ ".$path")"
	done
}

for settings in 'preset fork' 'flags vm' 'preset vfork' 'flags files' 'flags vm sighand' 'flags fs'; do
	observe "$settings"
	is "$(measured)" "$RULES" "$settings: what execve kept, reset and closed, as documented"
	is "$(jq_ '.run.output')" "" "$settings: the probe's report left the child's output"
done

# The lookup in the build tree (src/probe-path beside this clonesh).
observe 'preset fork'
is "$(jq_ '.exec.program')" "$PROBE" "the build tree's clonesh finds the build tree's probe"
is "$(jq_ '.exec.pid_after')" "$(jq_ '.ids.child.pid_self')" "the probe runs as the child's pid"
unlike "$(jq_ '"," + .exec.fds.after + ","')" ",$(jq_ '.exec.fds.cloexec_fd')," \
    "the O_CLOEXEC fd is not among the probe's fds"
like "$(jq_ '"," + .exec.fds.after + ","')" ",$(jq_ '.exec.fds.plain_fd')," \
    "the other fd is among the probe's fds"

# vfork: the exec is what releases the parent, suspended in clone() (D).
observe 'preset vfork'
is "$(jq_ '[.ids.parent_state, .exit.status, .wait.reaped_by] | join(" ")')" "D 0 lab" \
    "vfork: the lab was suspended, the exec released it, its waitpid reaped the probe"

# show exec and the summary say the same, in words.
run_clonesh -c 'fn exec-probe; spawn; show exec'
like "$OUT" 'exec kept: pid, fd [0-9]+, ignored SIGUSR2, blocked SIGALRM, cwd, umask, ids · reset, closed or new: fd [0-9]+, handled SIGUSR1, memory' \
    "the summary lists what execve kept and what it did not"
like "$OUT" 'SIGUSR1  reset   handler before, default after' "show exec: the handler reset"
like "$OUT" 'memory   new     the marker the child wrote at 0x[0-9a-f]+ is not mapped in the new program' \
    "show exec: the marker is not mapped after the exec"
run_clonesh -c 'spawn; show exec'
like "$OUT" 'exec: the child did not exec the probe \(fn exec-probe does\)' "show exec without exec-probe"
run_clonesh -c 'spawn; report --json'
unlike "$OUT" '"exec":' "report --json of another function has no exec object"

# Not measured, with the reason: the probe missing, not executable, or
# refused by execve.
CLONESH_PROBE=$TEST_TMP/none observe 'preset fork'
is "$(jq_ '[.exec.reported, .exec.fds.cloexec, .exec.signals.handled, .exec.memory] | map(tostring) | join(" ")')" \
    "false null null null" "probe missing: every verdict null"
is "$(jq_ '.exec.why')" "the probe program $TEST_TMP/none is not there (No such file or directory)" \
    "probe missing: exec.why names it"
CLONESH_PROBE=$TEST_TMP/none run_clonesh -c 'fn exec-probe; spawn; show exec'
like "$OUT" "exec: \\? not measured: the probe program $TEST_TMP/none is not there" "probe missing: the summary says ?"
like "$OUT" "  \\?  not measured: the probe program $TEST_TMP/none is not there" "probe missing: show exec says ?"
printf 'not a program\n' >"$TEST_TMP/plain"
chmod 644 "$TEST_TMP/plain"
if [ "$(id -u)" != 0 ]; then
	CLONESH_PROBE=$TEST_TMP/plain observe 'preset fork'
	like "$(jq_ '.exec.why')" "the probe program $TEST_TMP/plain is not there \\(Permission denied\\)" \
	    "probe not executable: exec.why says so"
else
	skip "root may execute a file without x bits only when one is set: checked by the next case"
fi
cp "$TEST_TMP/plain" "$TEST_TMP/garbage"
chmod 755 "$TEST_TMP/garbage"
CLONESH_PROBE=$TEST_TMP/garbage observe 'preset fork'
is "$(jq_ '[.exec.reported, .exec.why, .exit.status] | map(tostring) | join(" | ")')" \
    "false | execve of $TEST_TMP/garbage failed: ENOEXEC | 127" "execve refused: exec.why has its errno"

# The probe by hand.
if [ -x "$PROBE" ]; then
	line=$("$PROBE" </dev/null)
	like "$line" '^clonesh-probe 1 pid=[0-9]+ ppid=[0-9]+ uid=[0-9]+ euid=[0-9]+ gid=[0-9]+ egid=[0-9]+ umask=0[0-7]{3} blocked=[0-9a-f]+ ignored=[0-9a-f]+ caught=[0-9a-f]+ fds=[0-9,]* cloexec=[0-9,]* marker=none cwd=/' \
	    "the probe by hand: one line of its state"
	"$PROBE" --bogus </dev/null >/dev/null 2>"$TEST_TMP/perr"
	st=$?
	is "$st $(cat "$TEST_TMP/perr")" '2 clonesh-probe: unknown argument "--bogus" (usage: clonesh-probe [--fd N] [--marker ADDR:VALUE])' \
	    "the probe refuses an unknown argument, saying what it takes"
else
	fail "the probe is built at $PROBE"
fi

# code: the exported program sets the same state and execs the probe clonesh
# found; its line reports the same rules.
if command -v gcc >/dev/null 2>&1; then
	run_clonesh -c "fn exec-probe; code $TEST_TMP/p.c"
	if gcc -std=gnu11 -Wall -Wextra -Werror -o "$TEST_TMP/p" "$TEST_TMP/p.c" 2>"$TEST_TMP/cc"; then
		line=$(timeout 20 "$TEST_TMP/p" </dev/null 2>&1 | grep '^clonesh-probe 1 ')
		like "$line" ' umask=0027 blocked=[0-9a-f]*2000 ignored=[0-9a-f]*800 caught=0 .* marker=absent cwd=/$' \
		    "code: the exported program's probe reports SIGALRM blocked, SIGUSR2 ignored, no handler, umask 0027, cwd /, the marker gone"
	else
		fail "code: the exported program compiles with gcc -Wall -Wextra -Werror" \
		    "$(tap_show "$(head -n 20 "$TEST_TMP/cc")")"
	fi
	CLONESH_PROBE=$TEST_TMP/none run_clonesh -c "fn exec-probe; code $TEST_TMP/q.c"
	if gcc -std=gnu11 -Wall -Wextra -Werror -o "$TEST_TMP/q" "$TEST_TMP/q.c" 2>"$TEST_TMP/cc"; then
		out=$(timeout 20 "$TEST_TMP/q" </dev/null 2>&1)
		like "$out" "exec-probe: execve of clonesh-probe failed: it is a program of clonesh's, installed with clonesh" \
		    "code, the probe not found: the exported program says why its execve failed"
		like "$out" '^exit: status 127' "... and its child exits 127"
	else
		fail "code, the probe not found: the program compiles" "$(tap_show "$(head -n 20 "$TEST_TMP/cc")")"
	fi
else
	skip "gcc is not installed: code's export is not compiled"
fi
done_testing
