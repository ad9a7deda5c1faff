#!/bin/sh
# Nothing an experiment does changes the host.  As root (where namespace
# flags need no user namespace and sethostname could rename the machine),
# records the hostname, the mount table and the network interfaces and
# addresses, runs every set of the 12 core flags (4096) with `spawn --force`,
# sethostname in each set with newuts and other functions in the rest, and
# finds all three unchanged.  sethostname without newuts is refused, even with
# --force.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP not root: namespace flags and sethostname are only a danger to the host as root"
	exit 0
fi
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }

# The mounts compared are those of a mount namespace of the test's own, with
# private propagation: clonesh and its labs run in it, so a mount they made
# outside a namespace of their own would show there, while a mount made
# elsewhere on a busy machine (another build's chroot) cannot come in and
# fail the test.  (clonesh never calls mount(2); the check is a second line.)
if [ -z "${CLONESH_HOSTSAFETY_NS:-}" ] && command -v unshare >/dev/null 2>&1 &&
    unshare -m --propagation private true 2>/dev/null; then
	CLONESH_HOSTSAFETY_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
if [ -n "${CLONESH_HOSTSAFETY_NS:-}" ]; then
	ns_where="a private mount namespace of the test"
else
	ns_where="the host's mount namespace: unshare -m is not possible here"
fi

# The host as this test sees it.
host_state() {
	echo "hostname: $(hostname)"
	echo "domainname: $(cat /proc/sys/kernel/domainname)"
	echo "--- mountinfo"
	cat /proc/self/mountinfo
	echo "--- interfaces"
	if command -v ip >/dev/null 2>&1; then
		ip -o link show
		ip -o addr show
	else
		ls /sys/class/net
	fi
}

name=clonesh-hostsafety-$$
host_state >"$TEST_TMP/before"

# Set m: its flags; sethostname when it has newuts, else one of a few
# functions that touch the fs information, fds, memory and signals.
awk -v name="$name" 'BEGIN {
	split("vm fs files sighand thread vfork parent sysvsem io newns newuts newpid", core, " ")
	split("chdir /|open-fd /etc/passwd|umask 077|write-global 42|sigaction SIGTERM ignore", other, "|")
	for (m = 0; m < 4096; m++) {
		set = ""
		for (b = 0; b < 12; b++)
			if (int(m / 2 ^ b) % 2)
				set = set " " core[b + 1]
		fn = (m / 2 ^ 10) % 2 >= 1 ? "sethostname " name : other[m % 5 + 1]
		print (set == "" ? "flags none" : "flags =" set) "; spawn --force " fn
	}
}' >"$TEST_TMP/matrix"

"$CLONESH" --json -k -f "$TEST_TMP/matrix" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
STATUS=$?
RUN_ARGS="--json -k -f (4096 flag sets)"
host_state >"$TEST_TMP/after"

nobs=$(grep -c '^{"number"' "$TEST_TMP/out")
if [ "$STATUS" = 0 ] && [ "$nobs" = 4096 ]; then
	pass "4096 flag sets ran with spawn --force, one observation each"
else
	fail "4096 flag sets ran with spawn --force, one observation each" \
	    "  exit status $STATUS, $nobs observations" "  stderr:" "$(tap_show "$(head -n 5 "$TEST_TMP/err")")"
fi

# The children that ran sethostname renamed their own UTS namespace only.
renamed=$(jq -r --arg n "$name" 'select(.config.function == "sethostname" and .clone.ok and
	.effects.hostname.child == $n and .effects.hostname.parent != $n) | .number' \
	"$TEST_TMP/out" | wc -l)
accepted=$(jq -r 'select(.config.function == "sethostname" and .clone.ok) | .number' \
	"$TEST_TMP/out" | wc -l)
if [ "$accepted" -gt 0 ] && [ "$renamed" = "$accepted" ]; then
	pass "each of the $accepted accepted sethostname children renamed its own UTS namespace only"
else
	fail "each accepted sethostname child renamed its own UTS namespace only" \
	    "  accepted $accepted, renamed in the child and not in the parent: $renamed"
fi

section() {
	sed -n "/^--- $2\$/,/^--- /p" "$1" | sed '/^--- /d'
}
is "$(head -n 2 "$TEST_TMP/after")" "$(head -n 2 "$TEST_TMP/before")" \
    "the hostname and domain name are unchanged"
is "$(section "$TEST_TMP/after" mountinfo)" "$(section "$TEST_TMP/before" mountinfo)" \
    "the mount table is unchanged ($(section "$TEST_TMP/before" mountinfo | wc -l) mounts, in $ns_where)"
is "$(section "$TEST_TMP/after" interfaces)" "$(section "$TEST_TMP/before" interfaces)" \
    "the network interfaces and addresses are unchanged"

run_clonesh -c "flags none; spawn sethostname $name"
is_status 1 "sethostname without newuts: refused"
like "$ERR" 'add newuts' "sethostname without newuts: the refusal names newuts"
run_clonesh -c "flags = vm fs files sighand newns newpid; spawn --force sethostname $name"
is_status 1 "sethostname without newuts: refused with --force too"
run_clonesh --json -c "flags none; fn sethostname $name; spawn --force"
unlike "$OUT" '^\{' "no experiment ran for sethostname without newuts"
is "$(hostname)" "$(sed -n 's/^hostname: //p' "$TEST_TMP/before")" "the hostname is still unchanged"

done_testing
