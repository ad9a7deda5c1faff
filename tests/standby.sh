#!/bin/sh
# The standby lab: while an experiment ends, clonesh forks and prepares the
# next experiment's lab (named clonesh-standby while it waits).  It is used
# when the next spawn needs a mapping of the same size, replaced when not,
# made again when something kills it, and gone when clonesh ends, however.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

# named NAME PID: the pids of clonesh PID's children named NAME.
named() {
	for c in $(cat /proc/"$2"/task/*/children 2>/dev/null); do
		[ "$(cat /proc/"$c"/comm 2>/dev/null)" = "$1" ] && printf '%s ' "$c"
	done
}
# standbys PID: those named clonesh-standby; makers PID: clonesh-maker.
standbys() { named clonesh-standby "$1"; }
makers() { named clonesh-maker "$1"; }
# gone PID: no such process; gone_or_zombie PID: or it ended, not yet reaped.
gone() { [ ! -d /proc/"$1" ]; }
gone_or_zombie() { gone "$1" || [ "$(awk '/^State:/ { print $2 }' /proc/"$1"/status 2>/dev/null)" = Z ]; }
# count N...: how many words.
count() { echo $#; }

# wait_json N: until clonesh printed N observations.
wait_json() { wait_observations "$TEST_TMP/out.json" "$1"; }
# wait_standby PID: until clonesh PID has a standby lab (or 10 s went by).
has_standby() { [ -n "$(standbys "$1")" ]; }
wait_standby() { poll_until 200 has_standby "$1"; }

fifo=$TEST_TMP/in
mkfifo "$fifo"
"$CLONESH" --json <"$fifo" >"$TEST_TMP/out.json" 2>"$TEST_TMP/err" &
pid=$!
exec 3>"$fifo"

is "$(count $(standbys $pid))" 0 "before the first spawn there is no standby lab"
# The maker: forked as the lab starts, it forks each standby with
# CLONE_PARENT, so that the standby is clonesh's child.
has_maker() { [ -n "$(makers "$1")" ]; }
poll_until 200 has_maker $pid
m1=$(makers $pid)
is "$(count $m1)" 1 "one maker, clonesh's child, waits to fork standby labs"
is "$(awk '{ print $5 }' /proc/${m1% }/stat)" "${m1% }" "in a process group of its own"
# Its fds: 0-2 (/dev/null) and its socket to clonesh, and the namespaces it
# holds for its standbys' look-ups (nsfs links, none on a kernel without the
# pidfd namespace ioctls).
others=$(for f in /proc/${m1% }/fd/*; do
	n=${f##*/}
	[ "$n" -gt 3 ] && readlink "$f"
done | grep -Evc '^(cgroup|ipc|mnt|net|pid|time|user|uts):\[[0-9]+\]$' || true)
is "$(ls /proc/${m1% }/fd | grep -Ec '^[0-3]$')/$others" "4/0" \
    "holding fds 0-2 (/dev/null), its socket to clonesh, and namespaces only"
echo 'fn write-global 42; spawn' >&3
wait_json 1
wait_standby $pid
s1=$(standbys $pid)
is "$(count $s1)" 1 "after a spawn one standby lab waits"
is "$(awk '/^State:/ { print $2 }' /proc/${s1% }/status)" S "it sleeps"
is "$(awk '{ print $5 }' /proc/${s1% }/stat)" "${s1% }" "in a process group of its own (no signal from the terminal reaches it)"
is "$(awk '/^PPid:/ { print $2 }' /proc/${s1% }/status)" "$pid" "its parent is clonesh, not the maker that forked it"

echo 'spawn' >&3
wait_json 2
J=$(sed -n 2p "$TEST_TMP/out.json")
is "$(printf '%s' "$J" | jq -r '.ids.parent.pid')" "${s1% }" "the next spawn of the same size runs in it"
is "$(printf '%s' "$J" | jq -c '[.effects.global.parent_sees, .effects.global.child_wrote, .exit.status]')" \
    '[7,42,0]' "and observes as a lab forked for it would"
wait_standby $pid
s2=$(standbys $pid)
is "$(count $s2)" 1 "then a new standby waits"
unlike "$s2" "^${s1% } " "not the one just used"

echo 'stack 128k; spawn' >&3
wait_json 3
J=$(sed -n 3p "$TEST_TMP/out.json")
is "$(printf '%s' "$J" | jq -r '.config.stack_size')" 131072 "a spawn with another stack size runs"
unlike "$(printf '%s' "$J" | jq -r '.ids.parent.pid')" "^${s2% }\$" "in a lab forked for it: the standby's mapping was too small"
ok_gone=1
[ -d /proc/${s2% } ] && [ "$(awk '/^State:/ { print $2 }' /proc/${s2% }/status 2>/dev/null)" != Z ] && ok_gone=0
is "$ok_gone" 1 "and the standby that did not fit is gone, reaped"

wait_standby $pid
s3=$(standbys $pid)
kill -KILL ${s3% }
echo 'spawn' >&3
wait_json 4
J=$(sed -n 4p "$TEST_TMP/out.json")
is "$(printf '%s' "$J" | jq -c '[.clone.ok, .run.reached, .run.lab_signal]')" '[true,"child exited",null]' \
    "a standby killed from outside: the next spawn runs in a lab forked for it"
zombies=$(for c in $(cat /proc/$pid/task/*/children 2>/dev/null); do
	awk '/^State:/ { print $2 }' /proc/$c/status 2>/dev/null; done | grep -c Z)
is "$zombies" 0 "and the killed standby is no zombie"

echo 'flags = sighand; spawn --force; flags none' >&3
wait_json 5
J=$(sed -n 5p "$TEST_TMP/out.json")
is "$(printf '%s' "$J" | jq -c '[.clone.ok, .clone.errno]')" '[false,"EINVAL"]' "a clone the kernel refuses"
wait_standby $pid
is "$(count $(standbys $pid))" 1 "is followed by a standby lab too"
children=$(cat /proc/$pid/task/*/children 2>/dev/null | wc -w)
is "$children" 2 "and clonesh has no other child than it and the maker"

# The maker killed from outside: clonesh reaps it and forks its standbys itself.
m2=$(makers $pid)
kill -KILL ${m2% }
echo 'spawn' >&3
wait_json 6
J=$(sed -n 6p "$TEST_TMP/out.json")
is "$(printf '%s' "$J" | jq -c '[.clone.ok, .run.reached, .exit.status]')" '[true,"child exited",0]' \
    "the maker killed from outside: the next spawn runs"
wait_standby $pid
is "$(count $(standbys $pid))" 1 "a standby waits (clonesh forks it now)"
poll_until 100 gone ${m2% }
is "$(gone ${m2% } && echo gone || echo alive)" gone "the killed maker is reaped, no zombie"
echo 'spawn' >&3
wait_json 7
J=$(sed -n 7p "$TEST_TMP/out.json")
is "$(printf '%s' "$J" | jq -c '[.clone.ok, .exit.status]')" '[true,0]' "and the spawns after it run in those standbys"

echo 'spawn' >&3
wait_json 8
wait_standby $pid
s4=$(standbys $pid)
m4=$(makers $pid)
echo 'quit' >&3
exec 3>&-
wait $pid
is "$?" 0 "quit ends clonesh"
poll_until 100 gone ${s4% }
is "$(gone ${s4% } && echo gone || echo alive)" gone "quit: the standby lab is gone too, reaped"
is "$(count $m4)" 0 "after its maker was killed, clonesh forked no other"

# quit with a maker: it is gone, reaped.
mkfifo "$TEST_TMP/in3"
"$CLONESH" --json <"$TEST_TMP/in3" >"$TEST_TMP/out.json" 2>"$TEST_TMP/err" &
pid=$!
exec 3>"$TEST_TMP/in3"
echo 'spawn' >&3
wait_json 1
poll_until 200 has_maker $pid
m6=$(makers $pid)
echo 'quit' >&3
exec 3>&-
wait $pid
poll_until 100 gone ${m6% }
is "$(count $m6)/$(gone ${m6% } && echo gone || echo alive)" 1/gone "quit: the maker is gone too, reaped"

# clonesh killed: PR_SET_PDEATHSIG ends the standby.
mkfifo "$TEST_TMP/in2"
"$CLONESH" --json <"$TEST_TMP/in2" >"$TEST_TMP/out.json" 2>"$TEST_TMP/err" &
pid=$!
exec 3>"$TEST_TMP/in2"
echo 'spawn' >&3
wait_json 1
wait_standby $pid
s5=$(standbys $pid)
m5=$(makers $pid)
is "$(count $s5)/$(count $m5)" 1/1 "a second clonesh has its standby and its maker"
kill -KILL $pid
wait $pid 2>/dev/null
exec 3>&-
poll_until 100 gone_or_zombie ${s5% }
state=$(awk '/^State:/ { print $2 }' /proc/${s5% }/status 2>/dev/null)
is "$(gone_or_zombie ${s5% } && echo ended || echo "${state:-?}")" ended \
    "clonesh killed with SIGKILL: its standby lab dies with it"
poll_until 100 gone_or_zombie ${m5% }
is "$(gone_or_zombie ${m5% } && echo ended || echo alive)" ended "and so does its maker"

done_testing
