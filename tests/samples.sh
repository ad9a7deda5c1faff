#!/bin/sh
# The programs to trace (samples/): each runs and exits 0 leaving nothing
# behind; strace -f sees each make its processes the way its header comment
# and doc/samples.md say; each compiles clean under gcc and clang with
# -Wall -Wextra -Werror.  forkbomb runs only bounded (GENERATIONS), every
# program under a timeout.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

S=${CLONESH_SAMPLEDIR:-$TOP_BUILDDIR/samples}
SRC=$TOP_SRCDIR/samples

# The arguments each runs with here: the safety tests bounded.
args_of() {
	case $1 in
	forkbomb) echo 20 ;;
	sleeper) echo 1 ;;
	*) echo ;;
	esac
}

# Processes whose executable is one of the samples, as "PID NAME" lines.
left_behind() {
	for p in /proc/[0-9]*; do
		exe=$(readlink "$p/exe" 2>/dev/null) || continue
		case $exe in "$S"/*) echo "${p#/proc/} ${exe##*/}" ;; esac
	done
}

for f in "$SRC"/*.c; do
	name=${f##*/}
	name=${name%.c}
	line=$(echo "$name $(args_of "$name")" | sed 's/ $//')
	# shellcheck disable=SC2086 # the arguments are words
	OUT=$(timeout -k 5 30 "$S"/$line 2>&1 </dev/null)
	STATUS=$?
	if [ "$name" = clone3 ] && ! clone3_works; then
		skip "$line: clone3 is refused here (ENOSYS from a seccomp profile, or an old kernel)"
	elif [ "$STATUS" = 0 ] && [ -z "$OUT" ]; then
		pass "$line: exits 0, silent"
	else
		fail "$line: exits 0, silent" "  status $STATUS" "$OUT"
	fi
	if head -n 1 "$f" | grep -q "^/\* $name: " && grep -q 'What it shows' "$f"; then
		pass "$name.c begins with a comment saying what it shows"
	else
		fail "$name.c begins with a comment saying what it shows"
	fi
done
left=$(left_behind)
if [ -z "$left" ]; then
	pass "no sample's process is left behind"
else
	fail "no sample's process is left behind" "$left"
fi

# --- where clonesh finds them ---------------------------------------------------
# The build tree's binary finds the build tree's samples by itself (its
# src/sample-dir); a copy elsewhere, like an installed binary, the installed
# directory; CLONESH_SAMPLEDIR any other.
OUT=$(env -u CLONESH_SAMPLEDIR "$CLONESH" -c trace 2>&1 </dev/null)
like "$OUT" "^Programs to trace \(trace samples/NAME\), from $(cd "$TOP_BUILDDIR" && pwd -P)/samples:\$" \
    "without CLONESH_SAMPLEDIR the build tree's binary lists the build tree's samples"
cp "$CLONESH" "$TEST_TMP/clonesh-copy"
OUT=$(env -u CLONESH_SAMPLEDIR "$TEST_TMP/clonesh-copy" -c trace 2>&1 </dev/null)
like "$OUT" '^Programs to trace .*, from /.*/libexec/clonesh/samples:$' \
    "a copy outside the build tree uses the installed samples"
OUT=$(CLONESH_SAMPLEDIR=$TEST_TMP/elsewhere "$CLONESH" -c trace 2>&1 </dev/null)
like "$OUT" "from $TEST_TMP/elsewhere:\$" "CLONESH_SAMPLEDIR names another directory"

# --- what strace sees -------------------------------------------------------

# creations NAME: the sample's creating calls as strace -f prints them, one a
# line, without the [pid N] prefix.
creations() {
	# shellcheck disable=SC2046
	timeout -k 5 60 strace -f -qq -o "$TEST_TMP/strace" -e trace=clone,clone3,fork,vfork \
	    "$S/$1" $(args_of "$1") >/dev/null 2>"$TEST_TMP/strace.err" </dev/null
	# With -f and -o, strace starts a line with the pid padded to five
	# columns and a space: "9139  clone(" below pid 10000, "12345 clone("
	# above.  (Matching one space only made these checks fail for a whole
	# run whenever its pids were below 10000.)  A call the kernel refused
	# made nothing: glibc tries clone3, then clone, where a seccomp profile
	# answers clone3 with ENOSYS.
	creation_lines "$TEST_TMP/strace"
}

# creation_lines FILE: strace's creating calls in FILE, without the pid.
creation_lines() {
	sed -n 's/^\(\[pid *[0-9]*\] \)\{0,1\}\([0-9]\{1,\} \{1,\}\)\{0,1\}\(clone3\{0,1\}(\|vfork(\|fork(\)/\3/p' \
	    "$1" | grep -v -E '= -1 E[A-Z]+'
}

# The pid as strace -f -o pads it, below and above 10000, and a refused call.
printf '%s\n' '9139  clone(child_stack=NULL, flags=SIGCHLD) = 9140' \
    '12345 vfork() = 12346' '[pid   77] clone3({flags=CLONE_VM}, 88) = 78' \
    '9139  clone3({flags=0}, 88) = -1 ENOSYS (Function not implemented)' >"$TEST_TMP/padded"
is "$(creation_lines "$TEST_TMP/padded")" "$(printf '%s\n' 'clone(child_stack=NULL, flags=SIGCHLD) = 9140' \
    'vfork() = 12346' 'clone3({flags=CLONE_VM}, 88) = 78')" \
    "strace's lines read whatever the pid's padding (two spaces below pid 10000), refusals left out"

# sees NAME COUNT REGEX WHAT: COUNT of the sample's creations match REGEX
# (and no other creation is made).
sees() {
	got=$(creations "$1")
	n=$(printf '%s\n' "$got" | grep -c -E -e "$3")
	all=$(printf '%s\n' "$got" | grep -c .)
	if [ "$n" = "$2" ] && [ "$all" = "$2" ]; then
		pass "strace: $1 makes $4"
	else
		fail "strace: $1 makes $4" "  $n of $all creations match $3, $2 expected:" \
		    "$(printf '%s\n' "$got" | head -n 5)" "  strace said:" "$(tap_show "$(head -n 5 "$TEST_TMP/strace.err")")"
	fi
}

if ! command -v strace >/dev/null 2>&1; then
	skip "strace is not installed (Debian package strace): what the samples pass is not checked"
elif ! strace -qq -o /dev/null true 2>/dev/null; then
	skip "strace cannot trace here (ptrace denied: Yama or a seccomp profile)"
elif [ -z "$(creations fork)" ]; then
	# strace traced, but not the fork sample's creation: say what it wrote.
	diag "strace -f saw no creation of samples/fork; its file began:" \
	    "$(head -n 5 "$TEST_TMP/strace" 2>/dev/null)" "and it said:" "$(head -n 5 "$TEST_TMP/strace.err")"
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
		skip "strace saw no creation of the fork sample in this run: what the samples pass is not checked here (trace.sh compares them with strace too)"
	done
else
	FORK='^(clone\(child_stack=NULL, flags=[A-Z_|]*SIGCHLD|fork\()'
	VM_VFORK='^(vfork\(|clone3?\(.*CLONE_VM\|CLONE_VFORK)'
	THREAD='^clone3?\(.*CLONE_VM\|CLONE_FS\|CLONE_FILES\|CLONE_SIGHAND\|CLONE_THREAD'
	sees fork 1 "$FORK" "one fork-like clone"
	sees vfork-exec 1 "$VM_VFORK" "one vfork"
	sees posix-spawn 1 "$VM_VFORK" "one CLONE_VM|CLONE_VFORK child"
	sees system 1 "$VM_VFORK" "one CLONE_VM|CLONE_VFORK child (dash runs true itself)"
	sees popen 1 "$VM_VFORK" "one CLONE_VM|CLONE_VFORK child"
	sees pthread 1 "$THREAD" "one thread"
	sees pool 4 "$THREAD" "four threads"
	sees threads1000 1000 "$THREAD" "1,000 threads"
	if clone3_works; then
		sees clone3 1 '^clone3\(\{flags=CLONE_PIDFD, pidfd=' "one clone3 with CLONE_PIDFD"
	else
		skip "strace: clone3: clone3 is refused here (ENOSYS from a seccomp profile, or an old kernel)"
	fi
	sees untraced 1 '^clone\(.*flags=CLONE_UNTRACED\|SIGCHLD\)' "one CLONE_UNTRACED child"
	sees forkbomb 20 "$FORK" "20 fork-like clones, when bounded to 20 generations"
	got=$(creations sleeper)
	if printf '%s\n' "$got" | grep -q -E -e "$FORK" && printf '%s\n' "$got" | grep -q -E -e "$THREAD" &&
	    [ "$(printf '%s\n' "$got" | grep -c .)" = 2 ]; then
		pass "strace: sleeper makes one fork-like child and one thread"
	else
		fail "strace: sleeper makes one fork-like child and one thread" "$got"
	fi
	# The child of untraced escapes: strace -f does not see it sleep, where
	# it sees the child of sleeper (made without the flag) sleep.
	for name in untraced sleeper; do
		# shellcheck disable=SC2046
		timeout -k 5 30 strace -f -qq -o "$TEST_TMP/$name.sleeps" \
		    -e trace=clock_nanosleep,nanosleep "$S/$name" $(args_of "$name") \
		    >/dev/null 2>&1 </dev/null
	done
	if grep -q nanosleep "$TEST_TMP/untraced.sleeps" ||
	    ! grep -q nanosleep "$TEST_TMP/sleeper.sleeps"; then
		fail "strace -f does not follow untraced's CLONE_UNTRACED child" \
		    "$(grep nanosleep "$TEST_TMP/untraced.sleeps" | head -n 3)" \
		    "  sleeper's children, for comparison: $(grep -c nanosleep "$TEST_TMP/sleeper.sleeps")"
	else
		pass "strace -f does not follow untraced's CLONE_UNTRACED child (its sleep is not seen)"
	fi
fi

# --- -Wall -Wextra -Werror under gcc and clang --------------------------------

for cc in gcc clang; do
	if ! command -v "$cc" >/dev/null 2>&1; then
		skip "$cc is not installed: the samples are not compiled with it"
		continue
	fi
	bad=
	for f in "$SRC"/*.c; do
		"$cc" -std=gnu11 -pthread -Wall -Wextra -Werror -fsyntax-only "$f" \
		    >"$TEST_TMP/cc.out" 2>&1 || bad="$bad ${f##*/}"
	done
	if [ -z "$bad" ]; then
		pass "every sample compiles under $cc -Wall -Wextra -Werror"
	else
		fail "every sample compiles under $cc -Wall -Wextra -Werror" "  failed:$bad" \
		    "$(head -n 10 "$TEST_TMP/cc.out")"
	fi
done

done_testing
