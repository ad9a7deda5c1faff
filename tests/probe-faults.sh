#!/bin/sh
# Every probe made to fail in turn (tests/probe-fault-shim.so: kcmp, and each
# /proc/PID entry clonesh reads): the rows and fields it feeds say "not
# measured" ("? unknown" with a reason in the pane's rows, "?" in show, null
# in the JSON), never a verdict.  A verdict computed from the flags, or a
# default that reads as one, fails here.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }
if [ -n "${CLONESH_SANITIZERS:-}" ]; then
	echo "1..0 # SKIP a preloaded shim cannot come before the sanitizers' runtime"
	exit 0
fi
shim=$TOP_BUILDDIR/tests/probe-fault-shim.so
[ -f "$shim" ] || { echo "Bail out! $shim is not built"; exit 1; }

snap=$TEST_TMP/snap.txt

# faulted FAULT COMMANDS: runs COMMANDS with the probes FAULT failing; the
# pane's rows as text in $snap, `show` in $SHOW, the JSON in $J.
faulted() {
	rm -f "$snap"
	PROBE_FAULT=$1 LD_PRELOAD=$shim
	export PROBE_FAULT LD_PRELOAD
	run_clonesh -c "$2; snapshot $snap; show; report --json"
	unset PROBE_FAULT LD_PRELOAD
	J=$(printf '%s\n' "$OUT" | tail -n 1)
	SHOW=$OUT
	if [ "$STATUS" != 0 ] || ! printf '%s' "$J" | jq -e . >/dev/null 2>&1 || [ ! -f "$snap" ]; then
		fail "fault $1: $2 runs" "  status $STATUS" "  stderr:" "$(tap_show "$ERR")"
		J='{}'
		: >"$snap"
	fi
}

# The pane's row LABEL: the label column is 14 cells from the 13th.
row() {
	awk -v l="$1" '{ s = substr($0, 13, 14); sub(/ +$/, "", s) } s == l { print; exit }' "$snap"
}

# unknown FAULT LABEL...: each row is "? unknown" and says why, nothing else.
unknown() {
	f=$1
	shift
	for label; do
		line=$(row "$label")
		if [ -z "$line" ]; then
			fail "fault $f: the row \"$label\" is there" "$(tap_show "$(cat "$snap")")"
		elif printf '%s\n' "$line" | grep -q '? unknown' &&
		    printf '%s\n' "$line" | grep -Eq 'not measured|failed|unreadable'; then
			pass "fault $f: \"$label\" is ? unknown, with the reason"
		else
			fail "fault $f: \"$label\" is ? unknown, with the reason" "  got: $line"
		fi
	done
}

# absent FAULT LABEL...: no such row (nothing measured, nothing claimed).
absent() {
	f=$1
	shift
	for label; do
		line=$(row "$label")
		if [ -z "$line" ]; then
			pass "fault $f: no \"$label\" row"
		else
			fail "fault $f: no \"$label\" row" "  got: $line"
		fi
	done
}

fork='preset fork; fn write-global 5; spawn'

# --- kcmp(2) fails, and so does everything that measures by behaviour (the
# lab's memory, its status, its fd list and offsets): every kcmp verdict, TLS
# (which needs one address space or two), each fd's open file, say not measured.
nothing=kcmp,mem,status,fd,fdinfo
faulted $nothing 'preset fork; spawn'
unknown $nothing 'address space' 'fd table' 'handler table' 'fs info' 'I/O context' 'SysV undo' TLS
jis '[.shared.vm, .shared.files, .shared.fs, .shared.sighand, .shared.io, .shared.sysvsem, .shared.tls]' \
    '[null,null,null,null,null,null,null]' "fault $nothing: JSON shared.* and tls are null"
jis '.shared.thread_pointer_same' 'true' "fault $nothing: the thread pointer, read without kcmp, still is"
jis '[.shared_why.vm, .shared_why.tls] | map(test("kcmp vm failed")) | all' 'true' \
    "fault $nothing: shared_why says kcmp failed, for tls too"
like "$SHOW" 'vm +address space +\?  not measured \(kcmp vm failed' "fault $nothing: show says not measured, and why"
unlike "$SHOW" 'copied: |shared: ' "fault $nothing: the summary lists nothing as shared or copied"
unlike "$SHOW" '(=|≠)  (shared|copied) +\[(kcmp|behaviour)\]' "fault $nothing: show gives no verdict"

# kcmp alone fails: what no behaviour shows stays not measured (the I/O
# context, the undo list, the open file of an fd that keeps no offset).
faulted kcmp 'preset fork; spawn'
unknown kcmp 'I/O context' 'SysV undo' 'fd 0' 'fd 1'
jis '[.effects.fds[] | select(.fd < 3) | .same_ofd] | unique' '[null]' "fault kcmp: fds 0-2 (/dev/null, a pipe): same_ofd null"
jis '[.effects.fds[] | select(.fd < 3) | .same_ofd_why] | unique' '["Operation not permitted"]' \
    "fault kcmp: ... with kcmp's error"
unlike "$SHOW" '(=|≠)  (shared|copied) +\[kcmp\]' "fault kcmp: show gives no kcmp verdict"
for label in 'address space' 'fd table' 'handler table' 'fs info' 'fd 3'; do
	if row "$label" | grep -q '(by behav'; then
		pass "fault kcmp: \"$label\" is measured, by behaviour"
	else
		fail "fault kcmp: \"$label\" is measured, by behaviour" "  got: $(row "$label")"
	fi
done

faulted kcmp-file "$fork"
unknown kcmp-file 'fd 0' 'fd 1' 'fd 2'
jis '.shared.files' 'false' "fault kcmp-file: the fd table is still compared"
jis '[.effects.fds[] | select(.fd < 3) | .same_ofd] | unique' '[null]' "fault kcmp-file: same_ofd of fds 0-2 is null"
jis '[.effects.fds[] | select(.fd == 3) | .same_ofd, .same_ofd_how]' '[true,"behaviour"]' \
    "fault kcmp-file: fd 3's, by its offset"

# --- kcmp denied, measured by behaviour instead (issue 12: degrade, never lie):
# what the parent sees after the child acted is a measurement too, said as one.
# behaviour FLAGS FN RESOURCE VALUE: the child's act gives RESOURCE's verdict.
behaviour() {
	faulted kcmp "flags = $1; fn $2; spawn"
	jis "[.shared.$3, .shared_how.$3]" "[$4,\"behaviour\"]" \
	    "kcmp denied, flags $1, fn $2: shared.$3 is $4, measured by behaviour"
	jis ".shared_why.$3 | test(\"^by behaviour: .*kcmp $3 failed\")" 'true' \
	    "... shared_why.$3 says how, and why kcmp did not"
}
behaviour none 'write-global 42' vm false
behaviour vm 'write-global 42' vm true
behaviour none open-fd files false
behaviour files open-fd files true
behaviour files 'close-fd 3' files true
behaviour none 'chdir /' fs false
behaviour fs 'chdir /' fs true
behaviour fs 'umask 077' fs true
behaviour none 'sigaction SIGUSR1 ignore' sighand false
behaviour 'vm sighand' 'sigaction SIGUSR1 ignore' sighand true
faulted kcmp 'flags = vm; fn write-global 42; spawn'
like "$SHOW" 'vm +address space +=  shared \(by behaviour: the parent reads the 42 the child wrote' \
    "kcmp denied: show says shared, by behaviour, and what was seen"
like "$SHOW" '\[behaviour\]' "... marked [behaviour], not [kcmp]"
if row 'address space' | grep -q '= shared .*the same one (by behaviour)'; then
	pass "kcmp denied: the pane's row says the same one (by behaviour)"
else
	fail "kcmp denied: the pane's row says the same one (by behaviour)" "$(tap_show "$(cat "$snap")")"
fi
jis '[.shared.io, .shared.sysvsem]' '[null,null]' \
    "kcmp denied: what no behaviour shows (I/O context, undo list) stays null"
run_lesson_faulted() {
	PROBE_FAULT=kcmp LD_PRELOAD=$shim
	export PROBE_FAULT LD_PRELOAD
	run_clonesh --run-lesson "$TOP_SRCDIR/lessons/$1"
	unset PROBE_FAULT LD_PRELOAD
}
run_lesson_faulted 06-fs-information.md
is_status 0 "kcmp denied: lesson 6 passes, its fs verdicts measured by behaviour"
like "$OUT" '0 disagreements with the kernel$' "... with every expectation graded"
# Every lesson, with kcmp denied: each verdict it grades is measured by
# behaviour (the effects, then the probe: a word, the umask, SIGPWR, an fd,
# offsets), so none is left "not measured here".
for f in "$TOP_SRCDIR"/lessons/[0-9][0-9]-*.md; do
	run_lesson_faulted "${f##*/}"
	if [ "$STATUS" = 77 ]; then
		skip "kcmp denied: ${f##*/}: $(printf '%s\n' "$OUT" | grep -m1 'skipped:' | sed 's/.*skipped: //')"
		continue
	fi
	like "$OUT" ": $ALL_RUN; $ALL_GREEN\$" \
	    "kcmp denied: ${f##*/} is graded whole, by behaviour"
done
faulted kcmp 'preset fork; spawn'
jis '[.shared.vm, .shared.files, .shared.fs, .shared.sighand, .shared_how.vm, .shared_how.files, .shared_how.fs, .shared_how.sighand]' \
    '[false,false,false,false,"behaviour","behaviour","behaviour","behaviour"]' \
    "kcmp denied, fork, fn hello (no effect to read): the probe measures vm, files, fs, sighand"
jis '.shared_why.sighand | test("SIGPWR stayed as it was")' 'true' "... the handler table by SIGPWR"
jis '[.effects.fds[] | select(.fd == 3) | .same_ofd, .same_ofd_how]' '[true,"behaviour"]' \
    "... fd 3's open file description by moving its offset"
jis '[.effects.fds[] | select(.fd == 0) | .same_ofd]' '[null]' "... /dev/null, which keeps no offset, stays null"
like "$SHOW" 'fs +root, cwd, umask +≠  copied \(by behaviour: the parent.s umask stayed 0022 when the child.s became 00[0-9]{2}' \
    "... show says how it measured"
faulted kcmp 'preset thread; variant clone; spawn'
jis '[.shared.vm, .shared.files, .shared.fs, .shared.sighand, .shared.tls]' '[true,true,true,true,false]' \
    "kcmp denied, a thread: the probe measures one of each, and TLS its own"

# --- kcmp denied and no page frame numbers (a user who is not root): a page
# that both map exclusively is one frame only in one address space, which the
# parent's reading of the child's writes measures; never a guess.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	# where uid 65534 can reach them ($TEST_TMP is the runner's, mode 0700)
	U=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-u65534.XXXXXX")
	cp "$CLONESH" "$shim" "$U/" && chmod -R a+rwX "$U"
	nobody_pages() {
		J=$(cd "$U" && HOME=$U XDG_STATE_HOME=$U PROBE_FAULT=kcmp LD_PRELOAD=$U/${shim##*/} \
		    setpriv --reuid=65534 --regid=65534 --clear-groups "$U/clonesh" \
		    -c "flags = $1; fn touch-pages 5; spawn; why; report --json" </dev/null 2>&1)
		WHY=$(printf '%s\n' "$J" | sed 's/^    //' | tr '\n' ' ')	# why's lines joined
		J=$(printf '%s\n' "$J" | tail -n 1)
	}
	nobody_pages vm
	jis '[.shared.vm, .shared_how.vm, .effects.pages.shared_frames, .effects.pages.split_frames]' \
	    '[true,"behaviour",64,0]' "uid 65534, kcmp denied, CLONE_VM: one address space by behaviour, 64 frames shared"
	jis '.effects.pages.after | test("^=+$")' 'true' "... every page of the strip is one frame"
	jis '.effects.pages.method | test("one address space by behaviour")' 'true' "... and the method says how"
	like "$WHY" ' vm: shared: .*\(by behaviour: the parent reads the child.s writes to 5 private pages' \
	    "... why gives the behaviour as the evidence"
	unlike "$WHY" 'kcmp VM: same|kcmp KCMP_FILE: same' "... and never a kcmp answer that was not given"
	like "$WHY" ' fds 0 1 2 are in both, unchanged; whether each points to the parent.s open' \
	    "... the open files of fds that keep no offset: not measured, said once"
	like "$WHY" ' fd 3: in both, one open file description \(by behaviour: the child moved its offset' \
	    "... fd 3's, by its offset"
	nobody_pages none
	jis '[.shared.vm, .shared_how.vm, .effects.pages.shared_frames, .effects.pages.split_frames]' \
	    '[false,"behaviour",59,5]' "uid 65534, kcmp denied, no CLONE_VM: the 5 written pages split"
	jis '.effects.pages.after | test("^[|]{5}=+$")' 'true' "... the strip shows them"
	rm -rf "$U"
else
	for i in 1 2 3 4 5 6 7 8 9; do skip "uid 65534 with kcmp denied: needs root and setpriv"; done
fi

# --- /proc/PID/status: tgid, PPid, Threads, umask, the signal masks and dispositions
faulted status "$fork"
unknown status 'thread group'
absent status SIGCHLD 'blocked mask' umask cwd
jis '[.ids.child.tgid, .ids.child.status_ppid, .ids.parent.ppid, .ids.parent_threads]' \
    '[null,null,null,null]' "fault status: the ids read from /proc/PID/status are null"
jis '[.effects.measured, .effects.fds, .effects.signals, .effects.cwd.parent, .effects.umask.child]' \
    '[false,null,null,null,null]' "fault status: no effects, null rather than empty"
jis '.effects.global.parent_sees' 'null' "fault status: no parent_sees"
like "$SHOW" 'tgid \(/proc\) +[0-9]+ +\?' "fault status: show ids prints ? for the tgid"

# --- /proc/PID/ns/*: every namespace
faulted ns "$fork"
unknown ns uts pid mnt net ipc user cgroup time
absent ns 'all 8'
jis '[.namespaces[] | .shared] | unique' '[null]' "fault ns: every namespaces.*.shared is null"
# the second spawn's lab was the standby, whose namespaces were read while it waited
faulted ns "$fork; spawn"
jis '[.namespaces[] | .shared] | unique' '[null]' "fault ns, a standby lab: every namespaces.*.shared is null"

# --- the pidfd ioctls (PIDFD_GET_*_NAMESPACE, PIDFD_GET_INFO) fail with
# ENOTTY, as on a kernel before 6.11: /proc measures what the pidfds did, the
# lab's namespaces (read while it waited as the standby in the second spawn),
# the child's and the cgroups.
nsview='[.namespaces[] | [.parent, .shared, .child != null]], .effects.cgroup'
# (a thread as this system makes one: $THREAD; the container preset only
# where user namespaces are allowed)
for p in 'preset fork' 'preset vfork' "$THREAD" 'preset container'; do
	if [ "$p" = 'preset container' ] && ! userns_works; then
		skip "fault pidfd, preset container: $NO_USERNS"
		continue
	fi
	run_clonesh -c "$p; spawn; spawn; report --json"
	J=$(printf '%s\n' "$OUT" | tail -n 1)
	jis '[.namespaces[] | .shared != null] | all' 'true' "$p, pidfds: every namespace measured"
	want=$(printf '%s' "$J" | jq -c "$nsview")
	faulted pidfd "$p; spawn; spawn"
	is "$(printf '%s' "$J" | jq -c "$nsview")" "$want" \
	    "fault pidfd, $p: /proc measures the namespaces and cgroups the pidfds did"
done

# --- /proc/PID/fd: the fd list (fd 3 must not be reported closed in both)
faulted fd "$fork"
unknown fd fds
absent fd 'fd 0' 'fd 3'
jis '.effects.fds' 'null' "fault fd: effects.fds is null"
jis '.effects.fds_why | test("/fd unreadable")' 'true' "fault fd: fds_why says why"

# --- the size of /proc/PID/fd is 0 (a kernel before 6.2, where it does not
# count the open fds): the same fds, found by listing the directory
faulted fd-count 'preset fork; fn close-fd 1; spawn'
jis '[.effects.fds[] | [.fd, .in_parent, .in_child]]' \
    '[[0,true,true],[1,true,false],[2,true,true],[3,true,true]]' \
    "fault fd-count: each process's fds, found by the listing"
jis '[.effects.fds[] | .target | test("^(/dev/null|pipe:|/memfd:)")] | all' 'true' \
    "fault fd-count: the fds' targets are read"

# --- kcmp KCMP_FILE: the child's offsets are read in its own fdinfo (with
# it, read once where both have one open file description)
faulted kcmp-file 'preset fork; fn seek-fd 100; spawn'
jis '[.effects.fds[] | select(.fd == 3) | .parent_pos, .child_pos]' '[100,100]' \
    "fault kcmp-file: fd 3's offset, read in each one's fdinfo, is 100 in both"
jis '[.effects.fds[] | .fd]' '[0,1,2,3]' "fault kcmp-file: the fd list is read, from /proc/PID/fd"

# --- /proc/PID/fdinfo: the offset of each fd
faulted fdinfo "$fork"
jis '[.effects.fds[] | .fd]' '[0,1,2,3]' "fault fdinfo: the fd list is still read"
jis '[.effects.fds[] | .parent_pos, .child_pos] | unique' '[null]' "fault fdinfo: every offset is null"
line=$(row 'fd 0')
like "$line" '@\?' "fault fdinfo: the pane's fd rows say @? for an offset not read"
unlike "$line" '@-1' "fault fdinfo: never @-1"
like "$SHOW" '^  0 +yes +yes +.* \?/\? ' "fault fdinfo: show prints ?/? for the offsets"

# --- /proc/PID/cgroup: no cgroup line rather than a guess (where the
# cgroups are read at all: the line shows without the fault)
run_clonesh -c "$fork; show"
if printf '%s\n' "$OUT" | grep -Eq '^  cgroup +parent '; then
	faulted cgroup "$fork"
	unlike "$SHOW" '^  cgroup +parent ' "fault cgroup: show claims no cgroup"
else
	skip "fault cgroup: show has no cgroup line here even without the fault"
fi

# --- drill --answers: no reason from a verdict that was not measured
PROBE_FAULT=$nothing LD_PRELOAD=$shim
export PROBE_FAULT LD_PRELOAD
answers=
for seed in 1 2 3 4 5 6 7 8 9 10 11 12; do
	run_clonesh -c "drill --seed $seed --level hard --answers"
	answers="$answers$OUT
"
done
unset PROBE_FAULT LD_PRELOAD
unlike "$answers" 'its own copy|one fd table|one handler table|CLONE_FS shares it|one address space:' \
    "fault $nothing: drill's answers give no reason from an unmeasured kcmp"
like "$answers" 'effect +not measured +what the parent then has could not be read' \
    "fault $nothing: drill says the effect was not measured, and why"

# --- ioprio_get(2): the I/O priorities
faulted ioprio 'preset fork; flags +io; fn ioprio; spawn'
jis '.effects.ioprio' '{"before":null,"parent":null,"child":null}' "fault ioprio: every priority is null"
PROBE_FAULT=ioprio LD_PRELOAD=$shim
export PROBE_FAULT LD_PRELOAD
run_clonesh -c 'preset fork; flags +io; fn ioprio; spawn; why'
unset PROBE_FAULT LD_PRELOAD
like "$OUT" '^ioprio: not measured: ioprio_get' "fault ioprio: why says not measured, never a verdict"

# --- /proc/PID/cwd
faulted cwd "$fork"
unknown cwd cwd
jis '[.effects.cwd.parent, .effects.cwd.child]' '[null,null]' "fault cwd: both cwds null"

# --- /proc/PID/stat: the exit signal the kernel stored
faulted stat "$fork"
jis '.ids.child.exit_signal' 'null' "fault stat: the stored exit signal is null"

# --- /proc/PID/mem: what the parent sees
faulted mem "$fork"
absent mem global
jis '.effects.global.parent_sees' 'null' "fault mem: parent_sees is null"
unlike "$SHOW" 'parent sees global' "fault mem: the summary claims no value"

faulted mem "$THREAD; spawn"
jis '[.effects.tids.parent_settid_word, .effects.tids.child_settid_word_in_parent]' '[null,null]' \
    "fault mem: the tid words the lab's memory did not give are null"
like "$SHOW" "CLONE_PARENT_SETTID: the parent's word holds \\?" "fault mem: show prints ? for the word"

# --- /proc/PID/maps: the child's new mapping
faulted maps 'preset fork; fn mmap-new; spawn'
unknown maps 'new mapping'
jis '.effects.mapping.in_parent' 'null' "fault maps: in_parent is null"

# --- /proc/PID/pagemap: frames
faulted pagemap 'preset fork; fn touch-pages 5; spawn'
unknown pagemap pages
jis '[.effects.pages.shared_frames, .effects.pages.split_frames]' '[null,null]' \
    "fault pagemap: the frame counts are null"

done_testing
