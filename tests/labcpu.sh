#!/bin/sh
# shellcheck disable=SC2154 # json_session (tests/lib.sh) sets pid and maker
# Where an experiment runs (src/lab/labcpu.c).  Where clonesh may use two
# CPUs or more, the standby lab, the experiment's child and clonesh while it
# observes are on one CPU, the one doctor names, and the maker is on the
# others; between experiments clonesh has its own mask back, so that what it
# runs then (code --run, trace, an editor) is not moved.  spawn -n N's lab
# gives its children every CPU.  Under a one-CPU mask nothing is moved and
# experiments run as before.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

# cpus PID: its Cpus_allowed_list (e.g. 0-1 or 0,2-3).
cpus() { awk '/^Cpus_allowed_list:/ { print $2 }' /proc/"$1"/status 2>/dev/null; }
# ncpus LIST: how many CPUs the list names.
ncpus() {
	printf '%s\n' "$1" | tr ',' '\n' | awk -F- '{ n += NF == 2 ? $2 - $1 + 1 : 1 } END { print n + 0 }'
}
# first LIST: its lowest CPU.
first() { printf '%s\n' "$1" | sed 's/[-,].*//'; }

mine=$(cpus $$)
n=$(ncpus "$mine")

# --- the lab is read once it sleeps in its wait ----------------------------------------
# On one CPU the child and clonesh may run before the lab reaches its wait:
# "started" is measured once it is there (S; D for vfork), never while it
# is runnable (R), which 5 spawns in 200 showed before.
for i in $(seq 200); do echo spawn; done >"$TEST_TMP/spawns"
"$CLONESH" --json -f "$TEST_TMP/spawns" </dev/null >"$TEST_TMP/states.json" 2>&1
is "$(jq -r '.ids.parent_state' "$TEST_TMP/states.json" | sort | uniq -c | awk '{ print $2 "=" $1 }' | tr '\n' ' ')" \
    "S=200 " "200 spawns: the lab's state at \"started\" is S each time, never R"

# --- a one-CPU mask: nothing moved -------------------------------------------------------
if command -v taskset >/dev/null 2>&1; then
	one=$(first "$mine")
	OUT=$(taskset -c "$one" "$CLONESH" --doctor </dev/null 2>&1)
	like "$OUT" '^  lab CPU +any: clonesh may use one CPU only$' \
	    "doctor under a one-CPU mask: experiments run on any CPU, and why"
	OUT=$(taskset -c "$one" "$CLONESH" --json -c 'fn write-global 42; spawn; spawn' </dev/null 2>&1)
	is "$(printf '%s\n' "$OUT" | jq -c '[.clone.ok, .effects.global.parent_sees, .exit.status]' | tr -d '\n')" \
	    '[true,7,0][true,7,0]' "and two spawns run and measure as anywhere"
else
	skip "no taskset here (util-linux): the one-CPU case is not tried"
	skip "no taskset here (util-linux): the one-CPU case is not tried"
fi

if [ "$n" -lt 2 ]; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
		skip "this shell may use one CPU ($mine): nothing to place"
	done
	done_testing
fi

# --- two CPUs or more ---------------------------------------------------------------------
OUT=$("$CLONESH" --doctor </dev/null 2>&1)
like "$OUT" "^  lab CPU +CPU [0-9]+ of $n: the lab, its children, clonesh observing\$" \
    "doctor names the experiments' CPU among the $n this shell may use"

json_session
echo 'fn write-global 42; spawn' >&3
wait_observations "$TEST_TMP/out.json" 1
poll_until 200 has_child_named clonesh-standby $pid
standby=$(children_named clonesh-standby $pid)
home=$(cpus "$standby")
is "$(ncpus "$home")" 1 "the standby lab waits on one CPU ($home)"
is "$(ncpus "$(cpus "$maker")")" $((n - 1)) "the maker is on the $((n - 1)) other CPU(s)"
case ",$(cpus "$maker")," in
*",$home,"* | *",$home-"* | *"-$home,"*) ok=0 ;;
*) ok=1 ;;
esac
is "$ok" 1 "which do not include the standby's"
is "$(cpus $pid)" "$mine" "between experiments clonesh has its own mask back ($mine)"

# While the child sleeps: it and clonesh are on the standby's CPU.
echo 'fn sleep 3; spawn' >&3
poll_until 100 has_first_child "$standby"
child=$(first_child "$standby")
is "$(cpus "$child")" "$home" "the experiment's child runs on that CPU, inherited from its lab"
is "$(cpus $pid)" "$home" "and clonesh observes from it"
wait_observations "$TEST_TMP/out.json" 2
is "$(sed -n 2p "$TEST_TMP/out.json" | jq -c '[.clone.ok, .exit.status]')" '[true,0]' "the experiment ends as usual"
is "$(cpus $pid)" "$mine" "and clonesh has its own mask back"

# spawn -n: parallel work, not a relay: the lab takes back every CPU first.
poll_until 200 has_child_named clonesh-standby $pid
standby=$(children_named clonesh-standby $pid)
echo 'fn sleep 3; spawn -n 2' >&3
has_two() { [ "$(children_of "$1" | wc -l)" -ge 2 ]; }
poll_until 100 has_two "$standby"
masks=$(for c in $(children_of "$standby" | awk '{ print $1 }'); do cpus "$c"; done | sort -u | tr '\n' ' ')
is "$masks" "$mine " "spawn -n 2: both children run on every CPU clonesh had ($mine)"
wait_observations "$TEST_TMP/out.json" 3
is "$(sed -n 3p "$TEST_TMP/out.json" | jq -c '[.clone.ok, .exit.status]')" '[true,0]' "and that experiment ends as usual"

# The experiments' CPU taken from clonesh (taskset -p, a cpuset): experiments
# go on, on any CPU, and doctor says why.
if command -v taskset >/dev/null 2>&1; then
	other=$(for c in $(printf '%s\n' "$mine" | tr ',' ' '); do
		case $c in *-*) seq "${c%-*}" "${c#*-}" ;; *) echo "$c" ;; esac
	done | grep -vx "$home" | head -n 1)
	taskset -pc "$other" $pid >/dev/null
	echo 'fn write-global 42; spawn; doctor' >&3
	wait_observations "$TEST_TMP/out.json" 4
	is "$(sed -n 4p "$TEST_TMP/out.json" | jq -c '[.clone.ok, .effects.global.parent_sees, .exit.status]')" \
	    '[true,7,0]' "CPU $home taken from clonesh: the next spawn runs and measures as anywhere"
	has_doctor() { grep -q '^  lab CPU' "$TEST_TMP/out.json"; }
	poll_until 200 has_doctor
	like "$(grep '^  lab CPU' "$TEST_TMP/out.json")" "^  lab CPU +any: CPU $home left clonesh's affinity mask\$" \
	    "and doctor says experiments now run on any CPU, and why"
else
	skip "no taskset here (util-linux): the CPU is not taken from clonesh"
	skip "no taskset here (util-linux): the CPU is not taken from clonesh"
fi
echo 'quit' >&3
exec 3>&-
wait $pid

done_testing
