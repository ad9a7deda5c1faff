#!/bin/sh
# Golden outputs of `show` for fixed experiments, with what varies from run
# to run (pids, addresses, inodes, the hostname, the directory, the stack's
# high-water mark, which depends on the compiler) normalised.
# GOLDEN_UPDATE=1 rewrites the expected files in the source tree.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

normalise() {
	host=$(uname -n)
	sed -E -e "s|$TEST_TMP|TMPDIR|g" -e "/^  hostname /s/parent $host, child $host\$/parent HOST, child HOST/" \
	    -e 's/^(  cgroup +parent )(.*), child \2$/\1CGROUP, child CGROUP/' -e 's/0x[0-9a-f]+/0xADDR/g' -e 's/(pipe|socket):\[[0-9]+\]/\1:[INODE]/g' \
	    -e 's/used [0-9]+ bytes/used N bytes/' -e "s|(the lab's uid and gid \\(/proc\\): )[0-9]+, [0-9]+|\\1UID, GID|" \
	    -e "s/(state while the child ran: )[RS] \\(.*\\)$/\\1R or S (running or sleeping)/" -e 's/\<[1-9][0-9]{2,}\>/N/g' -e 's/ +$//' -e 's/ {2,}/  /g'
}

# The golden files record kcmp's verdicts and a clone3 thread: where kcmp
# does not answer, or clone3 is refused (a container's seccomp profile), the
# files that hold them are skipped, saying so.
if kcmp_works; then HAVE_KCMP=1; else HAVE_KCMP=; fi
if clone3_works; then HAVE_CLONE3=1; else HAVE_CLONE3=; fi

golden() {
	name=$1
	shift
	expected=$TOP_SRCDIR/tests/golden/$name.txt
	if [ -z "$HAVE_KCMP" ] && [ -f "$expected" ] && grep -Eq '\[kcmp\]|(copied|shared): ' "$expected"; then
		skip "$name: $NO_KCMP (the golden file records kcmp's verdicts)"
		return
	fi
	if [ -z "$HAVE_CLONE3" ] && [ -f "$expected" ] && grep -q 'clone3(' "$expected"; then
		skip "$name: $NO_CLONE3 (the golden file records a clone3 call)"
		return
	fi
	(cd "$TEST_TMP" && umask 022 && "$CLONESH" -c "$*") >"$TEST_TMP/raw" 2>&1
	normalise <"$TEST_TMP/raw" >"$TEST_TMP/$name.txt"
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		cp "$TEST_TMP/$name.txt" "$expected"
	fi
	if [ ! -f "$expected" ]; then
		fail "$name: golden file exists" "  missing $expected (run with GOLDEN_UPDATE=1)"
	elif diff -u "$expected" "$TEST_TMP/$name.txt" >"$TEST_TMP/diff"; then
		pass "$name: show matches tests/golden/$name.txt"
	else
		fail "$name: show matches tests/golden/$name.txt" "$(cat "$TEST_TMP/diff")"
	fi
}

golden fork-write-global 'preset fork; fn write-global 42; spawn; show all'
golden vm-write-global 'flags = vm; fn write-global 42; spawn; show memory; show exit'
golden files-open-fd 'flags = files; fn open-fd /dev/null; spawn; show fds'
golden sighand-handler 'flags = vm sighand; fn sigaction SIGUSR1 handler; spawn; show signals'
golden thread 'preset thread; spawn; show ids; show exit'
golden refused 'flags = sighand; spawn --force; show'
golden overflow 'stack 16k; fn recurse 1000; spawn; show stack; show exit'

done_testing
