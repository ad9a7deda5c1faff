#!/bin/sh
# seccomp: the lab's filter, installed just before its clone.  clone()'s
# flags are a register, which the filter reads (deny FLAG: EPERM); clone3's
# are behind a pointer, which it cannot (clone3 enosys refuses the whole
# call).  Each refusal is the kernel's errno as measured; the lab's Seccomp:
# and Seccomp_filters: are read from /proc; clonesh's own stay as they were.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

# --- bad input (no lab needed) -----------------------------------------------
bad() {
	run_clonesh -c "$1"
	is_status 1 "bad input: $1 fails"
	like "$ERR" "$2" "bad input: $1 says what is allowed"
}
bad 'seccomp deny' 'seccomp: deny needs flags \(usage: seccomp deny FLAG\.\.\. \| deny none\)'
bad 'seccomp deny vmm' 'seccomp: "vmm" is not a clone flag \(did you mean vm'
bad 'seccomp deny clear_sighand' "seccomp: CLONE_CLEAR_SIGHAND lies above clone\(\)'s 32-bit flags"
bad 'seccomp clone3' 'seccomp: clone3 needs enosys or allow'
bad 'seccomp clone3 maybe' 'seccomp: clone3 is enosys or allow, not "maybe"'
bad 'seccomp off now' 'seccomp: too many arguments|seccomp.*too many'
bad 'seccomp on' 'seccomp: "on" is not a setting \(try deny FLAG\.\.\., clone3 enosys\|allow, or off\)'

run_clonesh -c 'seccomp'
is "$OUT" 'seccomp: off' "seccomp: off by default"
run_clonesh -c 'seccomp deny newuser newnet; seccomp clone3 enosys'
like "$OUT" '^seccomp: clone\(\) with CLONE_NEWUSER\|CLONE_NEWNET refused \(EPERM\); clone3 refused \(ENOSYS\), by the lab' \
    "seccomp: deny and clone3 enosys are shown together"
run_clonesh -c 'seccomp deny newuser; seccomp deny none; seccomp clone3 enosys; seccomp clone3 allow'
like "$OUT" '^seccomp: off$' "seccomp: deny none and clone3 allow turn it off"
run_clonesh -c 'seccomp clone3 enosys; reset; seccomp'
like "$OUT" '^seccomp: off$' "seccomp: reset turns it off"
run_clonesh -c 'trace --seccomp samples/pthread'
is_status 1 "trace --seccomp without a filter fails"
like "$ERR" 'trace: --seccomp: no seccomp filter is set \(try "seccomp clone3 enosys" first\)' \
    "trace --seccomp without a filter says what to do"
# code exports the filter as C: install_filter() before the clone, the
# denied flags one #define (what lesson 17's "Write it" step changes).
run_clonesh -c 'seccomp deny newuser; flags = newuser; code'
is_status 0 "code: a seccomp filter is exported"
like "$OUT" '^#define DENIED_FLAGS \(CLONE_NEWUSER\)$' "code: the denied flags, one #define"
like "$OUT" '^	if \(install_filter\(\) < 0\)$' "code: the filter installed before the clone"
unlike "$OUT" 'SYS_clone3, 0, 1' "code: no clone3 rule where none was asked"
run_clonesh -c 'seccomp clone3 enosys; variant clone3; code'
like "$OUT" 'SECCOMP_RET_ERRNO \| ENOSYS' "code: clone3 enosys exported"
unlike "$OUT" 'DENIED_FLAGS' "code: no clone rule where none was asked"

# --- the filter at work --------------------------------------------------------
if ! seccomp_works; then
	for i in $(seq 21); do skip "$NO_SECCOMP"; done
	done_testing
fi

# The exported program installs the same filter: its clone gets the lab's answer.
if command -v "${CC:-cc}" >/dev/null 2>&1; then
	run_clonesh -c 'flags newuser; seccomp deny newuser; code --run'
	like "$OUT" '^code --run: agree: the end \(refused EPERM\)' \
	    "code --run, deny newuser: the program's filter refuses as the lab's did (EPERM)"
	run_clonesh -c 'variant clone3; seccomp clone3 enosys; code --run'
	like "$OUT" '^code --run: agree: the end \(refused ENOSYS\)' \
	    "code --run, clone3 enosys: the program's clone3 gets ENOSYS as the lab's did"
else
	skip "no C compiler (Debian: gcc): code --run is not tried"
	skip "no C compiler (Debian: gcc): code --run is not tried"
fi

# --force: where the kernel refuses new user namespaces (a chroot), clonesh's
# own check would stop the call before the lab; the filter answers first.
observe 'flags newuser; seccomp deny newuser; spawn --force'
jis '[.clone.ok, .clone.errno, .clone.rule_id]' '[false,"EPERM","seccomp-filter"]' \
    "deny newuser: clone() with CLONE_NEWUSER is refused with EPERM, by the filter"
jis '.seccomp' '{"installed":true,"error":null,"lab":2,"lab_filters":1,"clonesh":0,"child":null,"child_filters":null}' \
    "deny newuser: the lab's /proc says Seccomp: 2 with one filter; clonesh's own Seccomp: 0; no child to read"
jis '.config.seccomp' '{"deny":"CLONE_NEWUSER","clone3_enosys":false}' "deny newuser: the config says it"

observe 'flags files; seccomp deny newuser; spawn'
jis '[.clone.ok, .seccomp.installed]' '[true,true]' "deny newuser: a clone() without the flag passes the filter"
jis '[.seccomp.child, .seccomp.child_filters]' '[2,1]' "the child's /proc says it has the lab's filter: Seccomp: 2, one filter"

observe 'seccomp clone3 enosys; variant clone3; spawn'
jis '[.clone.ok, .clone.errno, .clone.rule_id]' '[false,"ENOSYS","seccomp-filter"]' \
    "clone3 enosys: clone3 is refused with ENOSYS"
like "$(printf '%s' "$J" | jq -r .clone.rule)" "a filter cannot read clone3's flags" \
    "clone3 enosys: the rule says the filter cannot read clone3's flags"

observe 'seccomp clone3 enosys; spawn'
jis '[.clone.ok, .seccomp.installed]' '[true,true]' "clone3 enosys: clone() passes"
run_clonesh -c "seccomp clone3 enosys; spawn; snapshot $TEST_TMP/snap.txt"
like "$(cat "$TEST_TMP/snap.txt")" '^clone +seccomp +Seccomp 2, 1 filter +Seccomp 2, 1 filter$' \
    "the pane's seccomp row: the lab's and the child's Seccomp: and filters, as measured"

observe "seccomp clone3 enosys; $THREAD; variant clone; spawn"
jis '[.clone.ok, .ids.parent_threads]' '[true,2]' \
    "clone3 enosys: the thread preset through clone() (glibc's fallback) makes the thread"

# A vfork lab is still inside clone() when its child runs: the lab's own
# reading, made before the call, is there all the same.
observe 'seccomp clone3 enosys; preset vfork; spawn'
jis '[.clone.ok, .seccomp.installed, .seccomp.lab_filters, .seccomp.child]' '[true,true,1,2]' \
    "vfork: the lab's filter measured although the lab sleeps in clone(), and the child's"

observe 'spawn'
jis '.seccomp' '{"installed":null,"error":null,"lab":null,"lab_filters":null,"clonesh":null,"child":null,"child_filters":null}' \
    "no filter asked: nothing measured, every seccomp field null"

# clone3's flags are behind a pointer: the deny list cannot see them.
if clone3_works && userns_works; then
	observe 'flags newuser; variant clone3; seccomp deny newuser; spawn'
	jis '[.clone.ok, .seccomp.installed, .namespaces.user.shared]' '[true,true,false]' \
	    "deny newuser: clone3 with CLONE_NEWUSER passes unseen and makes a new user namespace"
else
	skip "clone3 with CLONE_NEWUSER needs clone3 and user namespaces here"
fi

# glibc's own fallback, traced: pthread_create's clone3 gets ENOSYS from the
# filter (installed in the program's process before its exec), and glibc
# makes the same thread with clone().
if ! "$CLONESH" -c 'trace /bin/true' >/dev/null 2>&1 </dev/null; then
	skip "trace --seccomp: ptrace is not allowed here"
	skip "trace --seccomp: ptrace is not allowed here"
else
	observe 'seccomp clone3 enosys; trace --seccomp samples/pthread; trace show 1'
	jis '[.traced, .config.variant, .clone.ok, .ids.parent_threads]' '[true,"clone",true,2]' \
	    "trace --seccomp: under clone3 ENOSYS, glibc's pthread_create made its thread with clone()"
	if clone3_works; then
		observe 'trace samples/pthread; trace show 1'
		jis '.config.variant' '"clone3"' "trace without --seccomp: the same program calls clone3 here"
	else
		skip "$NO_CLONE3"
	fi
fi

# clonesh's own Seccomp: after a filtered spawn, read from outside while it
# still runs (a coprocess fed line by line).
SELF=$(awk '/^Seccomp:/ { print $2 }' /proc/self/status)
fifo=$TEST_TMP/in
mkfifo "$fifo"
"$CLONESH" <"$fifo" >"$TEST_TMP/co-out" 2>&1 &
co=$!
exec 9>"$fifo"
echo 'seccomp deny newuser; flags newuser; spawn --force' >&9
seen_spawn() { grep -q '^#1 clone(.*) = -1 EPERM' "$TEST_TMP/co-out"; }
if poll_until 600 seen_spawn; then
	pass "a clonesh at its prompt: the filtered spawn is refused"
else
	fail "a clonesh at its prompt: the filtered spawn is refused" "$(tap_show "$(cat "$TEST_TMP/co-out")")"
fi
is "$(awk '/^Seccomp:/ { print $2 }' /proc/$co/status)" "$SELF" \
    "clonesh's own Seccomp: is unchanged after the lab's filter ($SELF, as this shell's)"
is "$(awk '/^Seccomp_filters:/ { print $2 }' /proc/$co/status)" \
    "$(awk '/^Seccomp_filters:/ { print $2 }' /proc/self/status)" "clonesh's own Seccomp_filters: is unchanged"
echo quit >&9
exec 9>&-
wait $co
is "$?" 0 "that clonesh quits cleanly"

done_testing
