#!/bin/sh
# why (each observed difference tied to its cause) and predict (predictions
# graded by the kernel after the next spawn, with a session score).
. "${TOP_SRCDIR:-.}/tests/lib.sh"

# The output with why's wrapped paragraphs joined back into one line each.
unwrap() {
	printf '%s\n' "$1" | awk '/^    [^ ]/ { sub(/^    /, " "); printf "%s", $0; next }
	    NR > 1 { print "" } { printf "%s", $0 } END { print "" }'
}

# why_of NAME COMMANDS: runs COMMANDS then why; W holds the unwrapped output.
why_of() {
	name=$1
	shift
	run_clonesh -c "$*; why"
	W=$(unwrap "$OUT")
	if [ "$STATUS" != 0 ]; then
		fail "$name: ran" "  status $STATUS" "  stderr:" "$(tap_show "$ERR")"
		return 1
	fi
}

# --- why ----------------------------------------------------------------------

run_clonesh -c 'why'
is_status 1 "why before any spawn fails"
like "$ERR" 'why: nothing to explain yet \(run "spawn" first\)' "why before any spawn says to spawn"

why_of fork 'preset fork; fn write-global 42; spawn'
like "$W" '^vm: copied: no CLONE_VM, so the child got a copy-on-write copy .*\((kcmp VM: different|by behaviour: .*)\); the parent still reads 7' \
    "fork + write-global: vm copied, no CLONE_VM, the parent reads 7"
like "$W" '^files: copied: no CLONE_FILES.*\((kcmp FILES: different|by behaviour: .*)\)' "fork: files copied"
like "$W" '^sighand: copied: no CLONE_SIGHAND' "fork: sighand copied"
# kcmp's own answers: the I/O context and the undo list, which no behaviour
# shows, and the open files of fds that keep no offset.
if kcmp_works; then
	like "$W" '^io: copied: no CLONE_IO.*two NULLs compare equal.*ioprio_set' "fork: io, with the NULL==NULL trap"
	like "$W" '^sysvsem: copied: no CLONE_SYSVSEM.*two NULLs compare equal.*SEM_UNDO' \
	    "fork: sysvsem, with the undo list clonesh made first"
	like "$W" '^fds 0 1 2 3 are in both' "fork: the inherited fds"
else
	skip "fork: io, with the NULL==NULL trap: $NO_KCMP"
	skip "fork: sysvsem, with the undo list clonesh made first: $NO_KCMP"
	skip "fork: the inherited fds: $NO_KCMP"
fi
like "$W" '^namespaces: uts pid mnt net ipc user cgroup time: the parent' "fork: every namespace the parent's"
like "$W" '^tls: the same thread-pointer value: without CLONE_SETTLS.*without CLONE_VM' "fork: tls explained"
like "$W" '^SIGCHLD: default in both' "fork: SIGCHLD"
like "$W" '^cwd: .* in both' "fork: cwd"
like "$W" '^umask: [0-7]{4} in both' "fork: umask"
like "$W" '^stack: the child used [0-9]+ bytes of its 64k stack' "fork: stack use"
like "$W" '^end: the child exited 0' "fork: the exit status"
like "$W" '^waited: waitpid\(pid, &st, 0\) by the lab: the exit signal is SIGCHLD' "fork: how it was waited for"
like "$W" '^clone: accepted: SIGCHLD, as clonesh.s validator predicted' "fork: the validator agreed"

why_of vm 'flags = vm; fn write-global 42; spawn'
like "$W" "^vm: shared: CLONE_VM was set, so parent and child are one address space.*\\((kcmp VM: same|by behaviour: .*)\\); the parent reads the child's 42" \
    "vm + write-global: one address space, the parent reads 42"
like "$W" "^tls: the child runs on the parent's TLS block: without CLONE_SETTLS" "vm: the shared TLS trap"

why_of files 'flags = files; fn open-fd /dev/null; spawn'
like "$W" '^fd 4 is in the parent: the child opened it and CLONE_FILES shares one fd table \((kcmp FILES: same|by behaviour: .*)\)' \
    "files + open-fd: fd 4 in the parent because of CLONE_FILES"
like "$W" '^files: shared: CLONE_FILES was set' "files: the table is shared"

why_of nofiles 'fn open-fd /dev/null; spawn'
like "$W" '^fd 4: only in the child: it opened it into its own copy of the fd table \(no CLONE_FILES\)' \
    "open-fd without files: fd 4 only in the child"

why_of seek 'fn seek-fd 100; spawn'
like "$W" "^fd 3's offset moved in the parent \\(100\\) although the table is copied: .*one open file description.*\\((kcmp KCMP_FILE: same|by behaviour: .*)\\)" \
    "seek-fd without files: one open file description holds the offset"

why_of sighand 'flags = vm sighand; fn sigaction SIGUSR1 handler; spawn'
like "$W" '^sighand: shared: CLONE_SIGHAND was set.*\((kcmp SIGHAND: same|by behaviour: .*)\)' "vm+sighand: the handler table is shared"
like "$W" '^SIGUSR1: a handler in both: the child set it in the one handler table CLONE_SIGHAND shares' \
    "vm+sighand+sigaction: SIGUSR1's handler in both"

why_of nosighand 'fn sigaction SIGUSR1 ignore; spawn'
like "$W" '^SIGUSR1: ignored in the child, default in the parent: the child changed its own copy' \
    "sigaction without sighand: only the child's copy changed"

why_of sigmask 'flags = vm sighand; fn sigmask SIGUSR1; spawn'
like "$W" '^blocked mask: parent none, child SIGUSR1: each task has its own blocked mask, never shared' \
    "sigmask: the blocked mask is never shared"

why_of thread "$THREAD; spawn"
like "$W" "^pid: getpid\\(\\) in the child returns the parent's [0-9]+: CLONE_THREAD" "thread: getpid is the tgid"
like "$W" "^thread group: tgid [0-9]+, the parent's: CLONE_THREAD.*Threads: is 2" "thread: same thread group"
like "$W" "^ppid: [0-9]+, the lab's own parent \\(clonesh\\), not the lab [0-9]+: a thread's parent is its group's parent" \
    "thread: ppid is the caller's parent"
like "$W" '^end: the thread ended without an exit status: a CLONE_THREAD child cannot be waited for' "thread: no exit status"
like "$W" '^CLONE_CHILD_CLEARTID: at exit the kernel wrote 0' "thread: CLONE_CHILD_CLEARTID"
like "$W" '^tls: the child has its own thread pointer: CLONE_SETTLS' "thread: CLONE_SETTLS"

why_of vfork 'preset vfork; spawn'
like "$W" '^parent state: D: CLONE_VFORK holds the caller asleep inside clone\(\)' "vfork: the parent asleep in clone"

if [ "$(id -u)" = 0 ]; then
	why_of newpid 'flags = newpid; fn ids; spawn'
	like "$W" '^pid: the child is pid 1 in a new pid namespace \(CLONE_NEWPID\)' "newpid: pid 1"
	like "$W" '^ppid: getppid\(\) returns 0: the parent lives outside' "newpid: getppid 0"
	like "$W" '^pid: new: CLONE_NEWPID made a pid namespace \(pid:\[[0-9]+\], the parent' "newpid: the new namespace"
	like "$W" '^namespaces: uts mnt net ipc user cgroup time: the parent' "newpid: the others stay"
elif userns_works; then
	why_of newpid 'flags = newuser newpid; fn ids; spawn'
	like "$W" '^pid: the child is pid 1 in a new pid namespace \(CLONE_NEWPID\)' "newpid: pid 1"
	like "$W" '^ppid: getppid\(\) returns 0: the parent lives outside' "newpid: getppid 0"
	like "$W" '^pid: new: CLONE_NEWPID made a pid namespace' "newpid: the new namespace"
	like "$W" '^uid: the child started as uid 65534' "newuser: the overflow uid before the map"
else
	for i in 1 2 3 4; do skip "newpid: not root, and $NO_USERNS"; done
fi

why_of refused 'flags = sighand; spawn --force'
like "$W" '^clone: refused with EINVAL, as clonesh.s validator predicted \(rule sighand-needs-vm\): CLONE_SIGHAND requires CLONE_VM.*fix: add vm, or remove sighand' \
    "forced refusal: the rule, its errno and its fix"
like "$W" 'spawn --force sent it anyway' "forced refusal: says it was forced"
unlike "$W" '^vm:' "refused: nothing measured is explained"

why_of forced_ok 'flags = vm; spawn --force'
like "$W" '^clone: accepted: CLONE_VM\|SIGCHLD; --force was not needed' "--force on an allowed call: not needed"

# user.max_user_namespaces=0 in the caller's user namespace: clonesh found it
# by trying (doctor), so the validator says it before the call, with the
# cause; spawn --force gets the kernel's ENOSPC, and why explains it.
if command -v unshare >/dev/null 2>&1 &&
    unshare -Ur sh -c 'echo 0 >/proc/sys/user/max_user_namespaces' 2>/dev/null; then
	unshare -Ur sh -c 'echo 0 >/proc/sys/user/max_user_namespaces && exec "$0" -k -c "flags = newuser; spawn" -c "spawn --force; why"' \
	    "$CLONESH" </dev/null >"$TEST_TMP/out" 2>&1
	W=$(unwrap "$(cat "$TEST_TMP/out")")
	like "$W" "spawn: no more user namespaces may be made here: user.max_user_namespaces is 0 or its count is reached \\(clonesh tried: ENOSPC\\)" \
	    "max_user_namespaces=0: the validator says ENOSPC and why, before the call"
	like "$W" "^clone: .*ENOSPC.*max_user_namespaces" \
	    "spawn --force: the kernel's ENOSPC, explained by why"
else
	skip "max_user_namespaces: cannot set it in a user namespace here"
	skip "max_user_namespaces: cannot set it in a user namespace here"
fi

why_of crash 'fn crash; spawn'
like "$W" '^end: the child was killed by SIGSEGV: its function raised that fatal signal' "crash: killed by SIGSEGV"

why_of overflow 'stack 16k; fn recurse 1000; spawn'
like "$W" '^stack: overflow: the child used its 16k stack to the bottom .* guard page, a PROT_NONE page .* SIGSEGV' \
    "overflow: the guard page and SIGSEGV"
like "$W" '^end: the child was killed by SIGSEGV: it overflowed its stack' "overflow: the end tells why"
like "$W" '^note: stack overflow' "overflow: the lab's note"

why_of noguard 'stack 16k; stack guard off; fn recurse 1000; spawn'
like "$W" '^stack: overflow without a guard page: the child wrote [0-9]+ bytes below' "overflow without a guard page"

why_of threadcrash 'flags = vm sighand thread; fn crash; spawn'
like "$W" 'The lab \(the parent\) died of SIGSEGV: a fatal signal in one thread kills the whole thread group' \
    "a thread's crash kills the lab: told with the end"

why_of usr1 'signal usr1; spawn'
like "$W" "The lab \\(the parent\\) died of SIGUSR1: it was the child's exit signal" "exit signal SIGUSR1 kills the lab"

# Every kcmp resource and every view row has a line after an ordinary spawn.
why_of rows 'flags = files; fn open-fd /dev/null; spawn'
missing=
for topic in clone pid tid 'thread group' ppid tls vm files sighand fs cwd umask io sysvsem namespaces stack end waited; do
	printf '%s\n' "$W" | grep -q "^$topic: " || missing="$missing $topic"
done
is "$missing" "" "why has a line for every row"

# --- predict ------------------------------------------------------------------

run_clonesh -c 'predict'
is_status 0 "predict alone succeeds"
like "$OUT" '^no predictions pending' "predict alone: nothing pending"
like "$OUT" '^score: nothing graded yet this session' "predict alone: no score yet"

run_clonesh -c 'predict vm=shared files=copied global=42 exit=0; predict'
like "$OUT" '^  vm=shared +shared\.vm$' "predict lists vm=shared with its path"
like "$OUT" '^  global=42 +effects\.global\.parent_sees$' "predict lists global=42 with its path"
like "$OUT" '^  exit=0 +exit\.status$' "predict lists exit=0 with its path"

run_clonesh -c 'predict vm=shared files=copied global=42 exit=0; fn write-global 42; spawn; predict'
P=$(unwrap "$OUT")
like "$P" '^predict vm=shared: wrong: kcmp VM: different — vm: copied: no CLONE_VM' \
    "a wrong prediction: the truth and the reason"
like "$P" '^predict files=copied: right \(kcmp FILES: different\)$' "a right prediction with the evidence"
like "$P" '^predict global=42: wrong: the parent sees 7 — vm: copied: no CLONE_VM.*the parent still reads 7' \
    "global=42 without CLONE_VM: wrong, the parent sees 7, because no CLONE_VM"
like "$P" '^predict exit=0: right \(the child exited 0\)$' "exit=0: right"
like "$P" '^score: 2 of 4 right this session$' "the score after one spawn"
like "$P" '^no predictions pending' "predictions are cleared after grading"

# CLONE_NEWPID needs root, or a user namespace of the child's own.
userflag=
[ "$(id -u)" = 0 ] || userflag=newuser
if [ -z "$userflag" ] || userns_works; then
	run_clonesh -c "predict vm=shared; flags = vm; spawn; predict exit=SIGSEGV pid=1 pid=new overflow=no; flags = $userflag newpid; fn crash; spawn; spawn"
	P=$(unwrap "$OUT")
	like "$P" '^predict vm=shared: right \(kcmp VM: same\)$' "vm=shared with CLONE_VM: right"
	like "$P" '^predict exit=SIGSEGV: right \(the child was killed by SIGSEGV\)$' "exit=SIGSEGV grades the fatal signal"
	like "$P" '^predict pid=1: right \(getpid\(\) in the child returned 1\)$' "pid=1 grades the child's getpid"
	like "$P" '^predict pid=new: right \(pid namespace: new\)$' "pid=new grades the pid namespace"
	like "$P" '^score: 5 of 5 right this session$' "the score adds up across spawns"
	is "$(printf '%s\n' "$P" | grep -c '^score:')" 2 "a spawn without predictions grades nothing"
else
	for i in 1 2 3 4 5 6; do skip "predictions on a new pid namespace: not root, and $NO_USERNS"; done
fi

run_clonesh -c 'predict errno=EINVAL vm=shared; flags = sighand; spawn --force'
P=$(unwrap "$OUT")
like "$P" '^predict errno=EINVAL: right \(clone failed with EINVAL\)$' "errno=EINVAL on a refused clone: right"
like "$P" '^predict vm=shared: wrong: kcmp VM: not measured — clone: refused with EINVAL' \
    "a refused clone measures nothing: the reason is the refusal"

run_clonesh -c 'predict effects.fds[fd=4].in_parent=true; fn open-fd /dev/null; spawn'
P=$(unwrap "$OUT")
like "$P" '^predict effects.fds\[fd=4\].in_parent=true: wrong: effects.fds\[fd=4\].in_parent is false — fd 4: only in the child' \
    "a JSON path with a selector is graded, with the fd's reason"

run_clonesh -c 'predict vm=shared global=1; predict clear; predict; spawn'
like "$OUT" '^predict: forgot 2 pending predictions$' "predict clear forgets"
unlike "$OUT" '^predict vm=' "nothing is graded after predict clear"
like "$OUT" '^score: nothing graded yet this session$' "predict clear leaves the score"

run_clonesh -c 'predict vm=shared; predict vm=copied; predict'
like "$OUT" '^  vm=copied ' "a second prediction of a field replaces the first"
unlike "$OUT" '^  vm=shared ' "the first prediction of the field is gone"

run_clonesh -c 'predict vm'
is_status 1 "predict vm fails"
like "$ERR" 'predict: "vm" is not FIELD=VALUE' "predict vm: not FIELD=VALUE"

run_clonesh -c 'predict bogus=1'
is_status 1 "predict bogus=1 fails"
like "$ERR" 'predict: unknown field "bogus" \(fields: vm, files, fs, sighand, io, sysvsem, tls, global, heap, exit, signal, uts, pid' \
    "predict bogus=1: names the allowed fields"

run_clonesh -c 'predict filez=shared'
like "$ERR" 'did you mean files\?' "a misspelt field suggests the nearest"

run_clonesh -c 'predict vm=maybe'
is_status 1 "predict vm=maybe fails"
like "$ERR" 'predict: "maybe" is not a value for vm \(shared or copied\)' "predict vm=maybe: names the values"

run_clonesh -c 'predict exit=maybe'
like "$ERR" 'not a value for exit \(a number, or a signal such as SIGSEGV, or none\)' "exit: a number or a signal"

run_clonesh -c 'predict effects.nope=1'
like "$ERR" 'predict: "effects.nope" is not a field of the observation' "an unknown JSON path is refused"

printf 'predict vm=shared bogus=1\npredict\n' >"$TEST_TMP/bad.clonesh"
run_clonesh -k -f "$TEST_TMP/bad.clonesh"
like "$OUT" '^no predictions pending' "a bad pair records none of the line"

done_testing
