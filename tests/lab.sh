#!/bin/sh
# The lab measures the kernel's truth: for each flag alone (where the kernel
# accepts it) and each preset, the observation's fields are what clone(2)
# does, as ../shared/reference/clone-facts.md records it for this kernel.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }



shares() {
	printf '%s' "$J" | jq -c '[.shared.vm,.shared.files,.shared.fs,.shared.sighand,.shared.io,.shared.sysvsem]'
}

# --- fork: everything copied --------------------------------------------
observe 'preset fork; fn write-global 42; spawn'
is "$(shares)" '[false,false,false,false,false,false]' "fork: kcmp says nothing is shared"
jis '.effects.global' '{"before":7,"child_wrote":42,"parent_sees":7}' "fork: the parent still reads 7"
jis '.exit.status' '0' "fork: the child exited 0"
jis '.ids.child.ppid == .ids.parent.pid' 'true' "fork: the child's getppid() is the lab"
jis '.ids.child.pid_self == .ids.child.pid_in_parent_ns' 'true' "fork: getpid() equals what clone returned"
jis '[.namespaces[] | .shared] | all' 'true' "fork: every namespace is the parent's"

# The lab starts from default dispositions, whatever clonesh inherited.
J=$( (trap '' USR2 HUP; "$CLONESH" -c 'preset fork; spawn; report --json' </dev/null) | tail -n 1)
jis '[.effects.signals[] | select(.parent != "default" or .child != "default") | .sig]' '[]' \
    "ignored signals inherited by clonesh are reset in the lab"

# --- CLONE_VM -----------------------------------------------------------
observe 'flags = vm; fn write-global 42; spawn'
is "$(shares)" '[true,false,false,false,false,false]' "vm: kcmp says only the address space is shared"
jis '.effects.global.parent_sees' '42' "vm: the parent reads the child's 42"
jis '.shared.tls' 'true' "vm without settls: the child runs on the lab's TLS"
observe 'flags = vm; fn write-heap 5; spawn'
jis '.effects.heap' '{"before":11,"child_wrote":5,"parent_sees":5}' "vm: the heap word is shared"
observe 'flags = vm; fn mmap-new; spawn'
jis '.effects.mapping.in_parent' 'true' "vm: the child's new mapping is in the parent's maps"
observe 'flags none; fn mmap-new; spawn'
jis '.effects.mapping.in_parent' 'false' "no vm: the child's new mapping is not in the parent's maps"
observe 'flags none; fn touch-pages 5; spawn'
jis '.effects.pages | [.parent_changed,.shared_frames,.split_frames]' '[0,59,5]' \
    "no vm: 5 written pages split copy-on-write, 59 still shared"
jis '.effects.pages | [.before, .after]' \
    '["================================================================","|||||==========================================================="]' \
    "no vm: page by page, all shared before the write, the 5 written ones split after"
observe 'flags = vm; fn touch-pages 5; spawn'
jis '.effects.pages | [.parent_changed,.shared_frames,.split_frames]' '[5,64,0]' \
    "vm: one address space, nothing splits"
jis '.effects.pages.after | test("^=+$")' 'true' "vm: page by page, one frame for both everywhere"

# --- CLONE_FILES and open file descriptions -----------------------------
observe 'flags = files; fn open-fd; spawn'
is "$(shares)" '[false,true,false,false,false,false]' "files: kcmp says only the fd table is shared"
jis '[.effects.fds[] | select(.target == "/etc/passwd") | .in_parent] | .[0]' 'true' \
    "files: the fd the child opened is in the parent"
observe 'flags none; fn open-fd; spawn'
jis '[.effects.fds[] | select(.target == "/etc/passwd") | [.in_parent,.in_child]] | .[0]' '[false,true]' \
    "no files: the fd the child opened is only in the child"
observe 'flags = files; fn close-fd 3; spawn'
jis '[.effects.fds[] | select(.fd == 3) | [.in_parent,.in_child]] | .[0]' '[false,false]' \
    "files: fd 3 closed by the child is gone in the parent (one table)"
observe 'flags none; fn close-fd 3; spawn'
jis '[.effects.fds[] | select(.fd == 3) | [.in_parent,.in_child]] | .[0]' '[true,false]' \
    "no files: fd 3 closed by the child stays open in the parent"
observe 'flags none; fn seek-fd 100; spawn'
jis '[.effects.fds[] | select(.fd == 3) | [.same_ofd,.parent_pos]] | .[0]' '[true,100]' \
    "no files: the offset travels, one open file description (kcmp KCMP_FILE)"

# --- CLONE_FS -----------------------------------------------------------
observe 'flags = fs; fn chdir /; spawn'
is "$(shares)" '[false,false,true,false,false,false]' "fs: kcmp says only the fs information is shared"
jis '.effects.cwd.parent' '"/"' "fs: the child's chdir moves the parent"
observe 'flags = fs; fn umask 077; spawn'
jis '.effects.umask' '{"parent":"0077","child":"0077"}' "fs: the child's umask is the parent's"
observe 'flags none; fn umask 077; spawn'
jis '.effects.umask' '{"parent":"0022","child":"0077"}' "no fs: only the child's umask changes"

# --- CLONE_SIGHAND (needs CLONE_VM) --------------------------------------
observe 'flags = vm sighand; fn sigaction SIGUSR1 handler; spawn'
jis '.shared.sighand' 'true' "vm sighand: kcmp says the handler table is shared"
jis '[.effects.signals[] | select(.sig == "SIGUSR1") | [.parent,.child]] | .[0]' '["handler","handler"]' \
    "vm sighand: the child's handler is the parent's"
observe 'flags = vm; fn sigaction SIGUSR1 ignore; spawn'
jis '[.effects.signals[] | select(.sig == "SIGUSR1") | [.parent,.child]] | .[0]' '["default","ignore"]' \
    "vm alone: the handler table is copied"
observe 'flags = vm sighand; fn sigmask SIGUSR2; spawn'
jis '[.effects.signals[] | select(.sig == "SIGUSR2") | [.parent_blocked,.child_blocked]] | .[0]' '[false,true]' \
    "vm sighand: the blocked mask is never shared"

# --- CLONE_IO, CLONE_SYSVSEM -------------------------------------------
observe 'flags = io; spawn'
is "$(shares)" '[false,false,false,false,true,false]' "io: kcmp says only the I/O context is shared"
observe 'flags = sysvsem; spawn'
is "$(shares)" '[false,false,false,false,false,true]' "sysvsem: kcmp says only the undo list is shared"

# --- threads --------------------------------------------------------------
observe 'preset thread; fn write-global 9; spawn'
is "$(shares)" '[true,true,true,true,false,true]' "thread: vm files fs sighand sysvsem shared"
jis '.ids.child.tgid == .ids.parent.pid' 'true' "thread: the child's tgid is the lab's pid"
jis '.ids.child.pid_self == .ids.parent.pid' 'true' "thread: getpid() in the thread is the lab's pid"
jis '.ids.parent_threads' '2' "thread: the lab has 2 threads"
jis '.exit.status' 'null' "thread: no exit status can be collected"
jis '.exit.waited_with | test("cannot be waited")' 'true' "thread: says why it cannot be waited for"
jis '.shared.tls' 'false' "thread (settls): the child has its own TLS"
jis '.effects.tids.parent_settid_word == .ids.child.pid_in_parent_ns' 'true' "thread: PARENT_SETTID stored the tid"
jis '.effects.tids.cleartid_word_after_exit' '0' "thread: CHILD_CLEARTID cleared the word at exit"
observe 'flags = vm sighand thread; signal none; fn hello; spawn'
jis '.exit.waited_with | test("/proc/self/task")' 'true' "thread without cleartid: its end is seen in /proc"

# --- vfork, parent, exit signals -----------------------------------------
observe 'preset vfork; fn write-global 5; spawn'
jis '[.shared.vm, .effects.global.parent_sees, .exit.status]' '[true,5,0]' \
    "vfork: shared memory, the child ran, exited 0"
jis '.ids.parent_state' '"D"' "vfork: the lab sleeps inside clone() while the child runs"
observe 'preset fork; spawn'
jis '.ids.parent_state != "D"' 'true' "fork: the lab is not suspended"
observe 'preset vfork; fn exec echo vforked; spawn'
jis '.run.output' '"vforked\n"' "vfork + exec: the program ran"
jis '.exit.status' '0' "vfork + exec: exited 0"
observe 'flags = parent; spawn'
jis '.ids.child.status_ppid != .ids.parent.pid' 'true' "parent: the child's parent is not the lab"
jis '[.exit.status, (.exit.waited_with | test("clonesh"))]' '[0,true]' "parent: clonesh reaped it"
observe 'flags none; signal none; spawn'
jis '[.exit.status, (.exit.waited_with | test("__WALL"))]' '[0,true]' "no exit signal: __WALL finds it"
observe 'flags none; fn exit 3; spawn'
jis '.exit.status' '3' "exit 3: the parent collects status 3"

# --- tid words and pidfd ----------------------------------------------------
observe 'flags = pidfd; spawn'
jis '.effects.tids.pidfd_pid == .ids.child.pid_in_parent_ns' 'true' "pidfd: the lab's pidfd names the child"
observe 'flags = parent_settid; spawn'
jis '.effects.tids.parent_settid_word == .ids.child.pid_in_parent_ns' 'true' "parent_settid: the parent's word holds the tid"
observe 'flags = child_settid; spawn'
jis '[.effects.tids.child_settid_word_in_child == .ids.child.tid, .effects.tids.child_settid_word_in_parent]' \
    '[true,0]' "child_settid without vm: only the child's memory gets the tid"
observe 'flags = vm child_settid; spawn'
jis '.effects.tids.child_settid_word_in_parent == .ids.child.tid' 'true' "child_settid with vm: the parent sees it"
observe 'flags = vm settls; spawn'
jis '.shared.tls' 'false' "settls: the child's thread pointer is its own"

# --- the seed article ---------------------------------------------------------
observe 'preset seed; spawn'
jis '[.config.flags, .config.exit_signal, .config.stack_size, .config.function]' \
    '[["CLONE_VM"],null,8192,"seed-hello"]' "seed: exactly the article's call"
jis '.run.output | test("^Child pid : [0-9]+")' 'true' "seed: the child's printf came out"
jis '.exit.status' '0' "seed: exited 0, found with __WALL"

# --- clone3 -----------------------------------------------------------------
observe 'variant clone3; flags = vm; fn write-global 8; spawn'
jis '[.clone.ok, .effects.global.parent_sees, .exit.status]' '[true,8,0]' "clone3: the raw call runs the child"
jis '.syscall | test("^clone3")' 'true' "clone3: the syscall line says clone3"

observe 'variant clone3; flags = clear_sighand; spawn'
jis '[.effects.signals[] | select(.sig == "SIGUSR1" or .sig == "SIGUSR2") | [.sig,.parent,.child]]' \
    '[["SIGUSR1","handler","default"],["SIGUSR2","ignore","ignore"]]' \
    "clone3 clear_sighand: the handler is reset, the ignored signal stays ignored"
if ! grep -q ' - cgroup2 ' /proc/self/mountinfo; then
	# /proc/self/cgroup names a cgroup even when no cgroup2 file system is
	# mounted (a container or chroot without /sys/fs/cgroup): clonesh must
	# refuse before the call, with the reason
	run_clonesh -c 'variant clone3; flags = into_cgroup; spawn'
	like "$ERR" 'CLONE_INTO_CGROUP needs a cgroup2 directory: .*fix: remove into_cgroup' \
	    "clone3 into_cgroup without a cgroup2 mount: refused before the call, saying why"
	skip "clone3 into_cgroup, spawn -n 3: no cgroup2 file system is mounted here"
elif [ -n "$(printf '%s' "$J" | jq -r '.effects.cgroup.parent // empty')" ]; then
	observe 'variant clone3; flags = into_cgroup; spawn'
	jis '[.clone.ok, .effects.cgroup.child == .effects.cgroup.parent]' '[true,true]' \
	    "clone3 into_cgroup: the child starts in the cgroup clonesh passed (the lab's own)"
	observe 'variant clone3; flags = into_cgroup; spawn -n 3'
	jis '[.children_made, (.children | length)]' '[3,3]' \
	    "clone3 into_cgroup, spawn -n 3: every child gets the cgroup fd, not only the first"
else
	skip "clone3 into_cgroup: no cgroup2 hierarchy here"
	skip "clone3 into_cgroup, spawn -n 3: no cgroup2 hierarchy here"
fi

# --- several children ------------------------------------------------------------
observe 'preset fork; spawn -n 4 exit 5'
jis '[(.children | length), ([.children[].exit_status] | unique), ([.children[].ppid] | unique | length)]' \
    '[4,[5],1]' "spawn -n 4: four children, each exited 5, all the lab's"
jis '.children[0].ppid == .ids.parent.pid' 'true' "spawn -n 4: their parent is the lab"
observe 'preset thread; spawn -n 256 write-global 3'
jis '[(.children | length), ([.children[].tgid] | unique | length), .ids.parent_threads, .effects.global.parent_sees]' \
    '[256,1,257,3]' "spawn -n 256 threads: one group of 257 threads"
observe 'preset fork; spawn -n 256'
jis '[(.children | length), ([.children[].exit_status] | unique)]' '[256,[0]]' \
    "spawn -n 256 processes: all exited 0"
# Only the first child's pidfd is kept: the others' would use up the lab's fds.
J=$(sh -c 'ulimit -n 200 && exec "$0" -c "variant clone3; flags = pidfd; spawn -n 300; report --json"' \
    "$CLONESH" 2>&1 | tail -n 1)
jis '[.children_asked, .children_made]' '[300,300]' "spawn -n 300 with pidfd under 200 fds: all 300 made"
run_clonesh -c 'preset vfork; spawn -n 2'
like "$ERR" 'spawn: -n with CLONE_VFORK' "spawn -n with vfork: refused, saying why"
for bad in 0 1025 abc; do
	run_clonesh -c "spawn -n $bad"
	if [ "$STATUS" = 1 ] && printf '%s\n' "$ERR" | grep -q "spawn: -n \"$bad\" is not a number of children from 1 to 1024"; then
		pass "spawn -n $bad: a clear error with the range"
	else
		fail "spawn -n $bad: a clear error with the range" "  status $STATUS" "$(tap_show "$ERR")"
	fi
done
run_clonesh -c 'spawn -n'
like "$ERR" 'spawn: -n needs a number of children \(1 to 1024\)' "spawn -n without a number: a clear error"
run_clonesh -c 'spawn -n 3; show children'
like "$OUT" '^children: 3 of 3 asked' "show children lists them"
like "$OUT" '└─ [0-9]+ +tgid' "as a tree"
run_clonesh -c 'spawn; show children'
like "$OUT" '^children: one, the child the other sections describe \(spawn -n N makes more\)$' \
    "show children after a spawn of one child says so (it printed nothing)"

# --- namespaces: probe first ------------------------------------------------
# Whether a user namespace can be made here, asking the kernel (a chroot
# refuses with EPERM even for root, user.max_user_namespaces=0 gives ENOSPC,
# a seccomp filter EPERM); userns_no says why not.  PRE runs the probe as
# another user (setpriv ...).
userns_no=
userns_ok() {
	if command -v unshare >/dev/null 2>&1; then
		userns_no=$("$@" unshare --user true 2>&1) && return 0
		userns_no="user namespaces cannot be made here (${userns_no:-unshare --user failed})"
	elif [ "$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo 0)" -gt 0 ]; then
		return 0
	else
		userns_no="user namespaces are disabled here (user.max_user_namespaces is 0)"
	fi
	return 1
}
ns_ok=no
if [ "$(id -u)" = 0 ]; then
	ns_ok=root
elif userns_ok; then
	ns_ok=userns
fi
if [ "$ns_ok" = no ]; then
	for _ in 1 2 3 4 5 6 7 8 9 10 11; do skip "namespaces: neither root nor user namespaces here"; done
else
	pre=''
	[ "$ns_ok" = userns ] && pre='newuser '
	observe "flags = ${pre}newpid; fn ids; spawn"
	jis '[.ids.child.pid_self, .ids.child.ppid, .namespaces.pid.shared]' '[1,0,false]' "newpid: the child is pid 1 with ppid 0"
	observe "flags = ${pre}newuts; fn sethostname clonesh-lab; spawn"
	jis '.effects.hostname.child' '"clonesh-lab"' "newuts: the child renamed its own UTS namespace"
	is "$(printf '%s' "$J" | jq -r .effects.hostname.parent)" "$(uname -n)" "newuts: the host keeps its name"
	is "$(uname -n)" "$(printf '%s' "$J" | jq -r .effects.hostname.parent)" "newuts: uname -n unchanged after the experiment"
	for ns in newns:mnt newipc:ipc newnet:net newcgroup:cgroup; do
		observe "flags = ${pre}${ns%%:*}; spawn"
		jis ".namespaces.${ns#*:}.shared" 'false' "${ns%%:*}: a new ${ns#*:} namespace"
	done
	if userns_ok; then
		observe 'flags = newuser; fn ids; spawn'
		jis '[.ids.child.uid_start, .ids.child.uid_after, .namespaces.user.shared]' '[65534,0,false]' \
		    "newuser: 65534 before the id map, 0 after"
	else
		skip "newuser: $userns_no"
	fi
	observe "variant clone3; flags = ${pre}newtime; spawn"
	jis '.namespaces.time.shared' 'false' "clone3 newtime: a new time namespace"
	if userns_ok; then
		observe 'preset container; fn ids; spawn'
		jis '[.namespaces | to_entries[] | select(.value.shared == false) | .key] | sort' \
		    '["cgroup","ipc","mnt","net","pid","user","uts"]' "container: seven new namespaces"
	else
		skip "container: $userns_no"
	fi
fi

# Unprivileged: the user namespace makes the other namespaces possible.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
    userns_ok setpriv --reuid=65534 --regid=65534 --clear-groups; then
	J=$(cd "$TEST_TMP" && setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$CLONESH" -c 'preset container; fn ids; spawn; report --json' </dev/null 2>&1 | tail -n 1)
	jis '[.clone.ok, .ids.child.uid_after, .ids.child.pid_self, .namespaces.uts.shared]' '[true,0,1,false]' \
	    "as uid 65534: the container preset works through the user namespace"
	OUT=$(cd "$TEST_TMP" && setpriv --reuid=65534 --regid=65534 --clear-groups \
	    "$CLONESH" -c 'flags = newuts; spawn' </dev/null 2>&1)
	like "$OUT" 'needs CAP_SYS_ADMIN.*add newuser' "as uid 65534: newuts alone is refused with the CLONE_NEWUSER route"
else
	why="needs root to drop to 65534, setpriv and user namespaces${userns_no:+: $userns_no}"
	skip "unprivileged run: $why"
	skip "unprivileged run: $why"
fi

done_testing
