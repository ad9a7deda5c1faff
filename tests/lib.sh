# Shared helpers for clonesh's TAP shell tests.  Source it, then:
#
#   plan 3                      (or nothing: done_testing prints the plan)
#   run_clonesh -c 'stack 12q'  sets OUT, ERR and STATUS (stdin: $RUN_STDIN, else /dev/null)
#   is_status 1 "stack 12q fails"
#   is "$OUT" "expected" "name";  like "$ERR" 'regex' "name";  unlike ...
#   skip "reason";  diag "note";  done_testing
#
# Tests write only under $TEST_TMP, a fresh mktemp -d removed on exit.

: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${TOP_BUILDDIR:=$TOP_SRCDIR}"
: "${CLONESH:=$TOP_BUILDDIR/src/clonesh}"
export TOP_SRCDIR TOP_BUILDDIR CLONESH

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-test.XXXXXX") || {
	echo "Bail out! cannot make a temporary directory"
	exit 1
}
trap 'rm -rf "$TEST_TMP"' EXIT
trap 'exit 130' INT TERM

# A private home, so nothing touches the user's history or settings.
HOME=$TEST_TMP/home
XDG_STATE_HOME=$TEST_TMP/state
export HOME XDG_STATE_HOME
mkdir -p "$HOME"
unset NO_COLOR CLONESH_OPTIONS

RUN_ARGS=
tap_n=0
tap_failed=0
tap_planned=

if [ ! -x "$CLONESH" ]; then
	echo "Bail out! $CLONESH is not built"
	exit 1
fi

plan() {
	tap_planned=$1
	echo "1..$1"
}

diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

pass() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

# fail NAME [DIAGNOSTIC LINES...]
fail() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
	shift
	[ $# -gt 0 ] && diag "$@"
	diag "  command: clonesh $RUN_ARGS"
	return 1
}

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP $1"
}

# userns_works: clonesh makes a user namespace here, tried rather than read
# from user.max_user_namespaces: a chroot (a build daemon's) refuses
# CLONE_NEWUSER with EPERM, even to root, whatever the sysctls say.
userns_works() {
	"$CLONESH" -c 'flags = newuser; spawn' </dev/null 2>/dev/null |
	    grep -q '^#1 clone(.*) = [1-9][0-9]*'
}
NO_USERNS="this system refuses a new user namespace (in a chroot, or user.max_user_namespaces is 0)"

# kcmp_works: kcmp(2) answers here (it is missing without CONFIG_KCMP, and
# denied by a container's seccomp profile or by Yama).  Tests of kcmp's own
# answer skip without it; clonesh then measures by behaviour instead, which
# tests/probe-faults.sh checks everywhere.
kcmp_works() {
	"$CLONESH" -c 'spawn; report --json' </dev/null 2>/dev/null | tail -n 1 |
	    grep -q '"shared_how":{"vm":"kcmp"'
}
NO_KCMP="kcmp(2) does not answer here (denied or missing: see clonesh --doctor); this checks kcmp's own answer"

# clone3_works: clone3(2) runs a child here (a container's seccomp profile
# makes every clone3 fail with ENOSYS, as kernels before 5.3 do).  THREAD is
# the thread preset through whichever call works: tests of threads that are
# not tests of clone3 spawn "$THREAD; ...".
clone3_works() {
	"$CLONESH" -c 'variant clone3; spawn' </dev/null 2>/dev/null | grep -q '^#1 clone3(.*) = [1-9]'
}
if clone3_works; then
	THREAD='preset thread'
else
	THREAD='preset thread; variant clone'
fi
# seccomp_works: the lab can install its seccomp filter here, and clonesh
# runs under none of its own (a container's profile would stack with the
# lab's): the lab's /proc/PID/status then counts exactly one filter.
seccomp_works() {
	"$CLONESH" -c 'seccomp clone3 enosys; spawn; report --json' </dev/null 2>/dev/null | tail -n 1 |
	    grep -q '"seccomp":{"installed":true,"error":null,"lab":2,"lab_filters":1,"clonesh":0,'
}
NO_SECCOMP="the lab cannot install a seccomp filter of its own here (no seccomp filters in this kernel, or clonesh already runs under a container's filter: see clonesh --doctor)"
NO_CLONE3="clone3(2) is not available here (ENOSYS: an old kernel, or a seccomp filter such as Docker's)"

# glibc_locks_alone: this glibc's printf takes stdout's lock with a single
# thread (2.36 and older; src/glibc.c), what lesson 1's "stdio-lock" needs.
glibc_locks_alone() {
	v=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc 2\.\([0-9]*\).*/\1/p')
	[ -n "$v" ] && [ "$v" -lt 37 ]
}

# A --run-lesson summary where every step ran, or was skipped because this
# system cannot run it (a step's "> requires:"), counted apart.
ALL_RUN='(([0-9]+) of \2 steps run|[0-9]+ of [0-9]+ steps run \([0-9]+ skipped: this system cannot run (it|them)\))'
ALL_GREEN="0 commands failed, 0 expectations not evaluated, 0 disagreements with the kernel"

# Indents a multi-line value for a diagnostic.
tap_show() {
	if [ -z "$1" ]; then
		echo "    (empty)"
	else
		printf '%s\n' "$1" | sed 's/^/    | /'
	fi
}

# run_clonesh ARGS...: runs $CLONESH, stdin from $RUN_STDIN (default /dev/null).
run_clonesh() {
	RUN_ARGS=$*
	"$CLONESH" "$@" <"${RUN_STDIN:-/dev/null}" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	STATUS=$?
	OUT=$(cat "$TEST_TMP/out")
	ERR=$(cat "$TEST_TMP/err")
}

# is SEEN EXPECTED NAME
is() {
	if [ "$1" = "$2" ]; then
		pass "$3"
	else
		fail "$3" "  expected:" "$(tap_show "$2")" "  seen:" "$(tap_show "$1")"
	fi
}

# like SEEN REGEX NAME (grep -E, any line)
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		pass "$3"
	else
		fail "$3" "  expected a line matching: $2" "  seen:" "$(tap_show "$1")"
	fi
}

# unlike SEEN REGEX NAME
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		fail "$3" "  expected no line matching: $2" "  seen:" "$(tap_show "$1")"
	else
		pass "$3"
	fi
}

# is_status EXPECTED NAME: checks $STATUS of the last run_clonesh.
is_status() {
	if [ "$STATUS" = "$1" ]; then
		pass "$2"
	else
		fail "$2" "  expected exit status $1, seen $STATUS" "  stdout:" "$(tap_show "$OUT")" \
		    "  stderr:" "$(tap_show "$ERR")"
	fi
}

# lines_of TEXT: the number of lines in TEXT (0 when empty).
lines_of() {
	if [ -z "$1" ]; then
		echo 0
	else
		printf '%s\n' "$1" | wc -l | tr -d ' '
	fi
}

# poll_until TRIES CMD [ARGS...]: runs CMD every 50 ms until it succeeds, at
# most TRIES times; its status.
poll_until() {
	poll_tries=$1
	shift
	while ! "$@"; do
		poll_tries=$((poll_tries - 1))
		[ "$poll_tries" -gt 0 ] || return 1
		sleep 0.05
	done
}

# wait_observations FILE N: until FILE (clonesh --json's output) holds N
# observations, for up to 30 s.  A last line not ended yet (clonesh's stdio
# may write a long line in two writes) is not one yet: read now, it is cut.
has_observations() {
	obs_n=$(grep -c '"number"' "$1" 2>/dev/null)
	if [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ] && tail -n 1 "$1" | grep -q '"number"'; then
		obs_n=$((obs_n - 1))
	fi
	[ "${obs_n:-0}" -ge "$2" ]
}
wait_observations() { poll_until 600 has_observations "$1" "$2"; }

# observe 'CMDS': runs CMDS then report --json; J is the observation (JSON).
observe() {
	run_clonesh -c "$1; report --json"
	J=$(printf '%s\n' "$OUT" | tail -n 1)
	if [ "$STATUS" != 0 ] || ! printf '%s' "$J" | jq -e . >/dev/null 2>&1; then
		fail "$1: runs and reports JSON" "  status $STATUS" "  stdout:" "$(tap_show "$OUT")" \
		    "  stderr:" "$(tap_show "$ERR")"
		J='{}'
	fi
}

# jis FILTER EXPECTED NAME: jq -c FILTER of the last observation.
jis() {
	is "$(printf '%s' "$J" | jq -c "$1" 2>&1)" "$2" "$3"
}

done_testing() {
	if [ -z "$tap_planned" ]; then
		echo "1..$tap_n"
	elif [ "$tap_planned" -ne "$tap_n" ]; then
		diag "planned $tap_planned tests but ran $tap_n"
		exit 1
	fi
	[ "$tap_failed" -eq 0 ] || diag "failed $tap_failed of $tap_n tests"
	[ "$tap_failed" -eq 0 ]
	exit
}

# children_of PID: "PID STATE COMM" of each child of PID, read from /proc
# (a minimal Debian has no procps, so no ps).
children_of() {
	# One cat and one awk for the whole table (a loop of cats took a second).
	# A comm may hold spaces and parentheses: the state follows the last ") ".
	cat /proc/[0-9]*/stat 2>/dev/null | awk -v want="$1" '{
		n = split($0, part, ") ")
		split(part[n], f, " ")
		if (f[2] != want)
			next
		open = index($0, "(")
		comm = substr($0, open + 1, length($0) - length(part[n]) - open - 2)
		print $1, f[1], comm
	}'
}

# children_named NAME PID: the pids of PID's children named NAME;
# first_child PID: the pid of its first child (children_of's order).
children_named() { children_of "$2" | awk -v name="$1" '$3 == name { print $1 }'; }
has_child_named() { [ -n "$(children_named "$1" "$2")" ]; }
first_child() { children_of "$1" | awk 'NR == 1 { print $1 }'; }
has_first_child() { [ -n "$(first_child "$1")" ]; }

# json_session: clonesh --json in the background, its commands from fd 3 (a
# fifo), its observations in $TEST_TMP/out.json; sets pid, and maker once
# the maker is there (clonesh-maker).  End it with: echo quit >&3; exec 3>&-.
json_session() {
	mkfifo "$TEST_TMP/in"
	"$CLONESH" --json <"$TEST_TMP/in" >"$TEST_TMP/out.json" 2>"$TEST_TMP/err" &
	pid=$!
	exec 3>"$TEST_TMP/in"
	poll_until 200 has_child_named clonesh-maker $pid
	maker=$(children_named clonesh-maker $pid)
}

# pids_named COMM: the pids of the processes named COMM, from /proc.
pids_named() {
	for d in /proc/[0-9]*; do
		[ "$(cat "$d/comm" 2>/dev/null)" = "$1" ] && echo "${d#/proc/}"
	done
	return 0
}

