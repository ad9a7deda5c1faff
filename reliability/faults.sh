#!/bin/bash
# Faults: children that crash, overflow, hang, take their thread group down,
# fail to exec or fork without end, and a lab killed from outside.  For each:
# clonesh survives (it goes on to the next commands and exits 0), keeps its
# settings (flags, stack, timeout, fn read back after the fault) and says what
# happened in the observation.  Prints a table; exits 1 when a bar is not met.
#
# usage: reliability/faults.sh [PATH/TO/clonesh]     (make reliability passes it)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
clonesh=${1:-${CLONESH:-$here/../src/clonesh}}
[[ -x $clonesh ]] || { echo "$0: $clonesh: not an executable (build with make first)" >&2; exit 2; }
command -v jq >/dev/null || { echo "$0: jq is needed to read the observations" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-faults.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_STATE_HOME=$tmp/state
mkdir -p "$HOME"

failed=0
rows=()

# The lab: clonesh's child while an experiment runs (not the standby lab
# waiting for the next experiment, named clonesh-standby).
lab_of() {
	local i c
	for ((i = 0; i < 200; i++)); do
		for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
			[[ $(cat /proc/"$c"/comm 2>/dev/null) != clonesh-standby ]] && { echo "$c"; return 0; }
		done
		sleep 0.01
	done
	return 1
}

# Whether process $1 runs (a zombie does not).
alive() {
	local st
	st=$(awk '{ print $3 }' /proc/"$1"/stat 2>/dev/null) && [[ $st != Z ]]
}

# Processes whose process group is $1.
in_pgid() {
	ps -e -o pgid= | awk -v g="$1" '$1 == g { n++ } END { print n + 0 }'
}

# fault NAME SETTINGS SPAWN JQ-CHECK [ACTION]: runs SETTINGS, SPAWN, then reads
# the settings back; ACTION (a shell function) runs while the experiment does,
# with clonesh's pid as its argument.  JQ-CHECK is what the observation must
# say.
fault() {
	local name=$1 settings=$2 spawn=$3 check=$4 action=${5:-} pid st
	"$clonesh" --json -c "$settings" -c "$spawn" -c 'flags; stack; timeout; fn' \
	    >"$tmp/out" 2>"$tmp/err" </dev/null &
	pid=$!
	[[ -n $action ]] && $action "$pid"
	wait "$pid"
	st=$?
	local obs settings_after want report clear survived
	obs=$(grep '^{' "$tmp/out" | head -n 1)
	settings_after=$(grep -v '^{' "$tmp/out" | grep -E '^(flags|stack|timeout|fn):')
	# spawn NAME ARGS also chooses the function, as fn NAME ARGS does.
	want=$("$clonesh" --json -c "$settings" -c "fn ${spawn#spawn }" -c 'flags; stack; timeout; fn' \
	    2>/dev/null </dev/null | grep -E '^(flags|stack|timeout|fn):')
	# What clonesh reported: the child's end, the lab's, and the notes.
	report=$(printf '%s' "$obs" | jq -r '[
		(if .exit.signal then "child killed by " + .exit.signal
		 elif .exit.status != null then "child exited " + (.exit.status | tostring)
		 else empty end),
		(.run.lab_note // empty), (.run.notes[]?), (.run.output // "" | rtrimstr("\n") |
		 select(. != ""))] | reduce .[] as $s ([]; if index([$s]) then . else . + [$s] end) |
		 join("; ")' 2>/dev/null)
	if [[ -n $obs ]] && printf '%s' "$obs" | jq -e "$check" >/dev/null 2>&1; then
		clear=yes
	else
		clear=no
		failed=1
	fi
	if [[ $st == 0 && -n $obs && $settings_after == "$want" ]]; then
		survived=yes
	else
		survived=no
		failed=1
		{
			echo "$name: exit status $st; settings after the fault:"
			printf '%s\n' "$settings_after" | sed 's/^/  /'
			echo "  expected:"
			printf '%s\n' "$want" | sed 's/^/  /'
			sed 's/^/  stderr: /' "$tmp/err"
		} >>"$tmp/problems"
	fi
	rows+=("$name"$'\t'"${report:-(no observation)}"$'\t'"$clear"$'\t'"$survived")
}

# The lab is killed with SIGKILL while its child sleeps.
kill_lab() {
	local lab
	lab=$(lab_of "$1") || return
	sleep 0.3
	kill -KILL "$lab"
}

# Counts the lab's process group while the fork bomb runs, and after.
bomb_peak=0
bomb_after=-1
bomb_nobody_after=-1
watch_bomb() {
	local lab n
	lab=$(lab_of "$1") || return
	# Until the observation is out or clonesh has ended: either comes after
	# clonesh killed and reaped the lab's group.
	while alive "$1" && ! grep -q '^{' "$tmp/out" 2>/dev/null; do
		n=$(in_pgid "$lab")
		((n > bomb_peak)) && bomb_peak=$n
		sleep 0.05
	done
	bomb_after=$(in_pgid "$lab")
	bomb_nobody_after=$(ps -e -o user= | grep -c '^nobody$')
}

base='flags = files; stack 128k; timeout 3'
fault "child SIGSEGV" "$base" 'spawn crash SEGV' \
    '.exit.signal == "SIGSEGV" and .run.lab_signal == null'
fault "child abort()" "$base" 'spawn crash ABRT' \
    '.exit.signal == "SIGABRT" and .run.lab_signal == null'
fault "stack overflow" 'flags = files; stack 16k; timeout 3' 'spawn recurse 1000' \
    '.exit.signal == "SIGSEGV" and .stack.overflow and any(.run.notes[]; test("stack overflow"))'
fault "infinite loop past the timeout" 'flags = files; stack 128k; timeout 0.5' 'spawn spin' \
    '.run.timed_out and (.run.lab_note | test("timed out"))'
fault "CLONE_THREAD, fatal signal" 'flags = vm sighand thread; stack 128k; timeout 3' \
    'spawn crash SEGV' '.run.lab_signal == "SIGSEGV" and any(.run.notes[]; test("whole thread group"))'
fault "lab killed by SIGKILL" 'flags = files; stack 128k; timeout 30' 'spawn sleep 20' \
    '.run.lab_signal == "SIGKILL" and (.run.lab_note | test("the lab died of SIGKILL"))' kill_lab
fault "exec that fails" "$base" 'spawn exec missing' \
    '.exit.status == 127 and any(.run.notes[]; test("execve failed: No such file"))'
fault "fork without end" 'flags = files; stack 128k; timeout 1.5' 'spawn fork-bomb' \
    '.run.timed_out and (.run.output | test("RLIMIT_NPROC"))' watch_bomb

printf '%-32s  %-8s  %-8s  %s\n' "fault" "clear" "survived" "what clonesh reported"
for r in "${rows[@]}"; do
	IFS=$'\t' read -r name report clear survived <<<"$r"
	printf '%-32s  %-8s  %-8s  %s\n' "$name" "$clear" "$survived" "$report"
done
echo
echo "fork without end: at most $bomb_peak processes in the lab's process group during the" \
    "experiment, $bomb_after after it; processes of uid nobody after it: $bomb_nobody_after"
if ((bomb_peak < 2 || bomb_after != 0)); then
	echo "FAIL: the fork bomb did not fork, or a descendant survived the timeout"
	failed=1
fi
[[ -s $tmp/problems ]] && cat "$tmp/problems"
if ((failed)); then
	echo "FAIL: a fault was not survived or not reported clearly"
	exit 1
fi
echo "PASS: every fault survived with its settings kept and reported"
