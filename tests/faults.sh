#!/bin/sh
# A child that crashes, overflows, hangs or takes its thread group down kills
# only the lab: clonesh reports what happened, keeps its settings and leaves
# no zombie, fd or mapping behind.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }



for sig in SEGV ABRT BUS FPE; do
	observe "fn crash $sig; spawn"
	jis '[.exit.signal, .run.lab_signal, .effects.measured]' "[\"SIG$sig\",null,true]" \
	    "crash $sig: the child dies of SIG$sig, the lab lives, effects were measured first"
done

run_clonesh -c 'stack 16k; fn crash; spawn; stack; fn'
is_status 0 "crash: the batch goes on"
like "$OUT" '^stack: 16k' "crash: the stack setting is kept"
like "$OUT" '^fn: crash' "crash: the function setting is kept"

observe 'stack 16k; fn recurse 1000; spawn'
jis '[.exit.signal, .stack.overflow, .stack.size]' '["SIGSEGV",true,16384]' "recurse past a 16k stack: overflow, SIGSEGV"
jis '.stack.used > 15000' 'true' "recurse: the high-water mark reaches the bottom"
like "$(printf '%s' "$J" | jq -r '.run.notes[]')" 'guard page' "recurse: the note names the guard page"

observe 'stack 16k; stack guard off; fn recurse 70; spawn'
jis '[.stack.overflow, .stack.below > 0, .stack.guard]' '[true,true,false]' \
    "no guard page: the child writes below its stack"
jis '.exit.status' '0' "no guard page: and exits as if nothing happened"

# The wrong end: clone() handed the stack's lowest address.  glibc's clone()
# writes the function and its argument below it in the caller first.
observe 'stack end bottom; spawn'
jis '[.config.stack_bottom, .run.lab_signal, .run.reached, .ids.child.pid_in_parent_ns]' \
    '[true,"SIGSEGV","before clone",null]' "stack end bottom, guard on: the lab dies of SIGSEGV before any child"
like "$(printf '%s' "$J" | jq -r '.run.notes[]')" "glibc's clone\\(\\) stores the child's function" \
    "stack end bottom: the note says why, from the lab's measured death"
like "$(printf '%s' "$J" | jq -r '.syscall')" "child_stack=0x[0-9a-f]+000," \
    "stack end bottom: the call line shows the page-aligned lowest address"
observe 'stack end bottom; stack guard off; spawn'
jis '[.exit.status, .stack.overflow, .stack.below > 0, .stack.used]' '[0,true,true,0]' \
    "stack end bottom, guard off: the child runs below its stack, exits 0, and uses none of it"

observe 'fn recurse 10; spawn'
jis '[.stack.overflow, .exit.status]' '[false,0]' "a small recursion fits"

observe 'timeout 0.3; fn spin; spawn'
jis '[.run.timed_out, .exit.signal]' '[true,"SIGKILL"]' "spin: killed at the timeout"
like "$(printf '%s' "$J" | jq -r .run.lab_note)" 'timed out in phase "child started"' "spin: the note names the phase"

observe 'timeout 0.3; fn sleep 30; spawn'
jis '.run.timed_out' 'true' "sleep past the timeout: timed out"

observe "$THREAD; fn crash SEGV; spawn"
jis '.run.lab_signal' '"SIGSEGV"' "thread + SIGSEGV: the whole group, the lab too, dies"
like "$(printf '%s' "$J" | jq -r '.run.notes[]')" 'whole thread group' "thread + SIGSEGV: explained"

observe 'flags none; signal SIGUSR1; spawn'
jis '[.run.lab_signal, .exit.status]' '["SIGUSR1",0]' \
    "exit signal SIGUSR1: kills the lab; clonesh still collects the child's status"

# CLONE_NEWPID needs root, or a user namespace of the child's own.
userflag=
[ "$(id -u)" = 0 ] || userflag=newuser
if [ -z "$userflag" ] || userns_works; then
	observe "flags = vm sighand newpid $userflag; spawn"
	like "$(printf '%s' "$J" | jq -r '.run.notes[]')" 'ECHILD.*SIGCHLD' \
	    "newpid sharing handlers: the lab's ECHILD is explained"
else
	skip "newpid sharing handlers: not root, and $NO_USERNS"
	skip "newpid sharing handlers, the lab's ECHILD: not root, and $NO_USERNS"
fi

observe 'flags = vm sighand thread; fn exec true; spawn'
like "$(printf '%s' "$J" | jq -r '.run.notes[]')" 'replaced the whole thread group' \
    "exec in a thread: the lab's process became the program"

run_clonesh -c 'flags = sighand; spawn'
is_status 1 "an invalid flag set fails without --force"
like "$ERR" 'CLONE_SIGHAND requires CLONE_VM' "and names the rule"
observe 'flags = sighand; spawn --force'
jis '[.clone.ok, .clone.errno]' '[false,"EINVAL"]' "--force: the kernel's EINVAL is the observation"

# 500 experiments of every kind: no zombie, the same fds and mappings.  The
# container preset needs a user namespace; where one is refused (a chroot)
# the validator stops the batch there, so a fork child reads its ids instead.
ns_cmd='stack 64k; preset container; fn ids; spawn'
userns_works || ns_cmd='stack 64k; preset fork; fn ids; spawn'
fifo=$TEST_TMP/in
mkfifo "$fifo"
"$CLONESH" --json <"$fifo" >"$TEST_TMP/soak.out" 2>"$TEST_TMP/soak.err" &
pid=$!
exec 3>"$fifo"
echo 'spawn' >&3
wait_observations "$TEST_TMP/soak.out" 1
fds0=$(ls /proc/$pid/fd | wc -l)
maps0=$(wc -l </proc/$pid/maps)
i=0
while [ $i -lt 50 ]; do
	printf '%s\n' 'preset fork; fn write-global; spawn' 'flags = vm; spawn' "$THREAD; spawn" \
	    'preset vfork; fn exec true; spawn' 'flags = parent; fn hello; spawn' 'flags none; fn crash; spawn' \
	    'flags = vm sighand thread; fn crash; spawn' 'flags none; signal none; fn exit 2; spawn' \
	    'signal SIGCHLD; stack 16k; fn recurse 500; spawn' "$ns_cmd" >&3
	i=$((i + 1))
done
wait_observations "$TEST_TMP/soak.out" 501
zombies=$(for c in $(cat /proc/$pid/task/*/children 2>/dev/null); do
	awk '/^State:/ { print $2 }' /proc/$c/status 2>/dev/null; done | grep -c Z)
# The standby lab (the next experiment's, prepared and parked) and the maker
# (which forks the standbys) are no leftovers.
children=0 standbys=0 makers=0
for c in $(cat /proc/$pid/task/*/children 2>/dev/null); do
	if [ "$(cat /proc/$c/comm 2>/dev/null)" = clonesh-standby ]; then
		standbys=$((standbys + 1))
	elif [ "$(cat /proc/$c/comm 2>/dev/null)" = clonesh-maker ]; then
		makers=$((makers + 1))
	else
		children=$((children + 1))
	fi
done
fds1=$(ls /proc/$pid/fd | wc -l)
maps1=$(wc -l </proc/$pid/maps)
is "$(grep -c '"number"' "$TEST_TMP/soak.out")" 501 "501 experiments ran"
is "$children/$zombies" "0/0" "after 501 experiments clonesh has no child but the standby lab and the maker, and no zombie"
is "$standbys" 1 "after 501 experiments one standby lab waits for the next"
is "$makers" 1 "after 501 experiments one maker waits to fork the next standby"
is "$fds1" "$fds0" "after 501 experiments the same number of open fds"
if [ -n "${CLONESH_SANITIZERS:-}" ]; then
	skip "the same number of mappings: ASan's allocator maps memory as it goes (the plain build checks it)"
else
	# No growth: the count may fall (a lazily made mapping of the first
	# experiment freed since), and a leak would make it grow.
	if [ "$maps1" -le "$maps0" ]; then
		pass "after 501 experiments no more mappings than after the first ($maps0, now $maps1)"
	else
		fail "after 501 experiments no more mappings than after the first" \
		    "  after the first: $maps0, after 501: $maps1"
	fi
fi
echo quit >&3
exec 3>&-
wait $pid
STATUS=$?
is_status 0 "clonesh quits cleanly after the soak"

done_testing
