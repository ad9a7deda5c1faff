#!/bin/sh
# shellcheck disable=SC2154 # json_session (tests/lib.sh) sets pid and maker
# The lab program (src/lab/clonesh-lab.c): the maker runs it, and every lab
# is one of its processes, the first of a session and the first after a new
# stack size too; with a lab program that cannot run, labs are copies of
# clonesh, doctor says why, and each experiment measures the same.  The lab
# program run by hand refuses in one line.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

exe() { readlink "/proc/$1/exe"; }
maps() { wc -l <"/proc/$1/maps"; }

OUT=$("$CLONESH" --doctor </dev/null 2>&1)
prog=$(printf '%s\n' "$OUT" | sed -n 's/^  lab program  *\(\/.*\)$/\1/p')
like "$prog" '/clonesh-lab$' "doctor names the lab program"
few=$(printf '%s\n' "$OUT" | tr '\n' ' ' | sed -n "s/.*starts with the maker's \([0-9]*\) mappings *(\/proc\/PID\/maps), *where a copy *of *clonesh *has *\([0-9]*\).*/\1 \2/p")
# shellcheck disable=SC2086 # two numbers
set -- $few
ok=0
[ "${1:-0}" -gt 0 ] && [ "${1:-0}" -lt "${2:-0}" ] && ok=1
is "$ok" 1 "and how many mappings its labs start with, measured: fewer than a copy of clonesh has (${1:-?} against ${2:-?})"

# --- every lab is the program's ----------------------------------------------------------
json_session
is "$(exe "$maker")" "$prog" "the maker runs the lab program"
# The session's first experiment: its lab is a standby the maker made for it.
echo 'fn sleep 3; spawn' >&3
has_lab() { [ -n "$(children_named clonesh $pid)" ] && has_first_child "$(children_named clonesh $pid | head -n 1)"; }
poll_until 200 has_lab
lab=$(children_named clonesh $pid | head -n 1)
is "$(exe "$lab")" "$prog" "the first experiment's lab is a process of it"
child=$(first_child "$lab")
is "$(exe "$child")" "$prog" "and so is its child"
lab_maps=$(maps "$lab")
own_maps=$(maps $pid)
ok=0
[ "$lab_maps" -lt "$own_maps" ] && ok=1
is "$ok" 1 "the lab has fewer mappings than clonesh ($lab_maps against $own_maps)"
wait_observations "$TEST_TMP/out.json" 1
# Another stack size: the standby made meanwhile does not fit; the maker makes one that does.
echo 'stack 1m; fn sleep 3; spawn' >&3
poll_until 200 has_lab
lab=$(children_named clonesh $pid | head -n 1)
is "$(exe "$lab")" "$prog" "after stack 1m, the lab is again a process of the lab program"
wait_observations "$TEST_TMP/out.json" 2
is "$(jq -c '[.clone.ok, .exit.status]' "$TEST_TMP/out.json" | tr -d '\n')" '[true,0][true,0]' \
    "both experiments end as usual"
poll_until 200 has_child_named clonesh-standby $pid
is "$(exe "$(children_named clonesh-standby $pid)")" "$prog" "the standby waiting now is one too"
echo 'quit' >&3
exec 3>&-
wait $pid

# --- the same measures from a copy of clonesh -------------------------------------------
# Words clonesh reads in the lab's memory (the global, the heap word, errno,
# the tid words, the pidfd) are where the lab says they are; the function is
# the lab's own entry.  Pids and addresses aside, both give the same.
view='[.clone.ok, .shared, .effects.global.parent_sees, .effects.heap.parent_sees,
  .effects.errno.parent_sees, .effects.tids.parent_settid_word == .ids.child.pid_in_parent_ns,
  .effects.tids.cleartid_word_after_exit, .effects.tids.pidfd_pid == .ids.child.pid_in_parent_ns,
  (.run.output // "" | sub("[0-9]+"; "N"; "g")), .exit.status]'
while IFS='|' read -r name cmds; do
	a=$("$CLONESH" --json -c "$cmds" </dev/null 2>&1 | tail -n 1 | jq -c "$view" 2>&1)
	b=$(CLONESH_LAB=/nonexistent "$CLONESH" --json -c "$cmds" </dev/null 2>&1 | tail -n 1 | jq -c "$view" 2>&1)
	is "$a" "$b" "$name: the lab program and a copy of clonesh measure the same"
done <<'EOF'
fork-like, write-global|fn write-global 42; spawn
CLONE_VM, write-global|fn write-global 42; flags +CLONE_VM; spawn
CLONE_VM, libc-close (errno)|fn libc-close; flags +CLONE_VM; spawn
tid words|flags +CLONE_VM +CLONE_PARENT_SETTID +CLONE_CHILD_CLEARTID; spawn
clone3 pidfd|variant clone3; flags +CLONE_PIDFD; spawn
CLONE_SETTLS, printf|flags +CLONE_VM +CLONE_SETTLS; fn hello; spawn
fork-like, open-fd|fn open-fd; flags +CLONE_FILES; spawn
EOF
OUT=$("$CLONESH" --json -c 'fn write-global 42; flags +CLONE_VM; spawn' </dev/null 2>&1 | tail -n 1)
is "$(printf '%s' "$OUT" | jq -c '[.effects.global.parent_sees, .effects.heap.parent_sees]')" '[42,11]' \
    "CLONE_VM: the parent sees the child's 42 in its global, its heap word untouched"

# --- no lab program ---------------------------------------------------------------------
OUT=$(CLONESH_LAB=/nonexistent "$CLONESH" --doctor </dev/null 2>&1)
like "$OUT" '^  lab program +none: each lab is a copy of clonesh \(/nonexistent: No such file or directory\)$' \
    "a lab program that cannot be run: doctor says labs are copies of clonesh, and why"
OUT=$(CLONESH_LAB=/bin/true "$CLONESH" --doctor -c 'spawn' </dev/null 2>&1)
like "$OUT" '^  lab program +none: each lab is a copy of clonesh \(/bin/true ended without saying it is the lab program\)$' \
    "a program that is not the lab program: ended, and doctor says so"
like "$OUT" '^#1 clone\(.*\) = [0-9]+$' "and the experiment runs in a copy of clonesh"

# A program that runs and keeps silent: clonesh waits 2 s for its word, then ends it.
printf '#!/bin/sh\nexec sleep 30\n' >"$TEST_TMP/silent"
chmod +x "$TEST_TMP/silent"
OUT=$(CLONESH_LAB=$TEST_TMP/silent "$CLONESH" -c 'spawn; doctor' </dev/null 2>&1)
like "$OUT" "^  lab program +none: each lab is a copy of clonesh \($TEST_TMP/silent did not say it is the lab program within 2 s\)\$" \
    "a program that keeps silent: ended after 2 s, and doctor says so"
like "$OUT" '^#1 clone\(.*\) = [0-9]+$' "and the experiment runs in a copy of clonesh"
is "$(pids_named sleep | while read -r p; do [ "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" = "sleep 30 " ] && echo "$p"; done)" "" \
    "and the silent program is gone with clonesh"

# Another build's lab program (its shared block may differ): it refuses, clonesh says so.
printf '#!/bin/sh\nexec "%s" "$1" "$2" "$3" "$4" 0.0.0/1/2/3\n' "$prog" >"$TEST_TMP/other-build"
chmod +x "$TEST_TMP/other-build"
OUT=$(CLONESH_LAB=$TEST_TMP/other-build "$CLONESH" -c 'spawn; doctor' </dev/null 2>&1)
like "$OUT" "^  lab program +none: each lab is a copy of clonesh \($TEST_TMP/other-build is the lab program of another build of clonesh\)\$" \
    "another build's lab program refuses, and doctor says so"
like "$OUT" '^#1 clone\(.*\) = [0-9]+$' "and the experiment runs in a copy of clonesh"

# --- by hand ----------------------------------------------------------------------------
run_clonesh_lab() {
	STATUS=0
	ERR=$("$prog" "$@" 2>&1 </dev/null 3>&- 4>&-) || STATUS=$?
}
run_clonesh_lab
is "$STATUS:$ERR" "2:clonesh-lab: the lab program clonesh runs, not a command (usage: clonesh-lab --maker PID CPU COMM LAYOUT, with clonesh's socket as fd 3 and fd 4 to say it is ready on)" \
    "clonesh-lab by hand: one line, status 2"
run_clonesh_lab --maker 1 x clonesh 0
is "$STATUS" 2 "clonesh-lab --maker with a CPU that is not a number: status 2"
run_clonesh_lab --maker $$ 0 clonesh 0
is "$STATUS" 2 "clonesh-lab --maker without its fds 3 and 4: status 2"

done_testing
