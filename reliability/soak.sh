#!/bin/bash
# Soak: 10,000 experiments in ONE clonesh process reading a pipe, across the
# kinds of the flag matrix (flag sets of the 12 core flags, accepted and
# refused, with the matrix's six functions).  Samples clonesh's VmRSS, open
# fds and zombie children after 100 warm-up experiments and at the end.
#
# Bars: zero zombies, the same number of open fds, RSS growth under 1 MiB.
# Prints the figures; exits 1 when a bar is not met.
#
# usage: reliability/soak.sh [-n COUNT] [PATH/TO/clonesh]   (make reliability passes it)
set -uo pipefail

n=10000
warm=100
while getopts n: opt; do
	case $opt in
	n) n=$OPTARG ;;
	*) echo "usage: $0 [-n COUNT] [PATH/TO/clonesh]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ $n =~ ^[0-9]+$ ]] && ((n > warm)) || { echo "$0: -n must be more than $warm" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
clonesh=${1:-${CLONESH:-$here/../src/clonesh}}
[[ -x $clonesh ]] || { echo "$0: $clonesh: not an executable (build with make first)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-soak.XXXXXX")
pid=
cleanup() {
	[[ -n $pid ]] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export HOME=$tmp/home XDG_STATE_HOME=$tmp/state
mkdir -p "$HOME"

core=(vm fs files sighand thread vfork parent sysvsem io newns newuts newpid)
fns=('hello' 'write-global 42' 'open-fd /etc/passwd' 'sigaction SIGUSR1 handler' 'chdir /' 'exit 3')
root=$([[ $(id -u) == 0 ]] && echo yes || echo no)

# Experiment i: flag set (i * 1361) mod 4096, which visits all 4096 sets in
# 4096 experiments (1361 is odd), with function i mod 6.
experiment() {
	local m=$(($1 * 1361 % 4096)) set= b
	for ((b = 0; b < 12; b++)); do
		((m >> b & 1)) && set+=" ${core[b]}"
	done
	[[ $root == no && $set == *new* ]] && set+=" newuser"
	echo "flags ${set:+=}${set:-none}; spawn --force ${fns[$1 % 6]}"
}
for ((i = 0; i < n; i++)); do
	experiment "$i"
done >"$tmp/script"

mkfifo "$tmp/in"
"$clonesh" --json <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3>"$tmp/in"

# Waits until COUNT observations are out (at most 20 minutes).
wait_for() {
	local i
	for ((i = 0; i < 12000; i++)); do
		(($(wc -l <"$tmp/out") >= $1)) && return 0
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# RSS in kB, open fds, children, zombie children of clonesh.  The standby
# lab (named clonesh-standby, made ready for the next experiment) is not
# counted as a child left over.
sample() {
	local rss fds kids zombies standby c
	rss=$(awk '/^VmRSS:/ { print $2 }' /proc/"$pid"/status)
	fds=$(ls /proc/"$pid"/fd | wc -l)
	kids=0
	zombies=0
	standby=0
	for c in $(cat /proc/"$pid"/task/*/children 2>/dev/null); do
		if [[ $(awk '{ print $3 }' /proc/"$c"/stat 2>/dev/null) == Z ]]; then
			zombies=$((zombies + 1))
		elif [[ $(cat /proc/"$c"/comm 2>/dev/null) == clonesh-standby ]]; then
			standby=$((standby + 1))
			continue
		fi
		kids=$((kids + 1))
	done
	echo "$rss $fds $kids $zombies $standby"
}

t0=$(date +%s%N)
head -n "$warm" "$tmp/script" >&3
wait_for "$warm" || { echo "FAIL: clonesh died or stalled in the warm-up"; cat "$tmp/err"; exit 1; }
read -r rss0 fds0 kids0 zombies0 standby0 < <(sample)
t1=$(date +%s%N)
# A second sample once the session's bounded records are full: the journal
# (JOURNAL_MAX 300 commands, two per experiment here, each spawn with its
# observation as text), 100 observations, 200 changes for undo.
full=$((n < 2000 ? n : 2000))
sed -n "$((warm + 1)),${full}p" "$tmp/script" >&3
wait_for "$full" || { echo "FAIL: clonesh died or stalled after $(wc -l <"$tmp/out") experiments"; exit 1; }
read -r rssf fdsf kidsf zombiesf standbyf < <(sample)
tail -n +"$((full + 1))" "$tmp/script" >&3
wait_for "$n" || { echo "FAIL: clonesh died or stalled after $(wc -l <"$tmp/out") experiments"; exit 1; }
t2=$(date +%s%N)
read -r rss1 fds1 kids1 zombies1 standby1 < <(sample)
hwm=$(awk '/^VmHWM:/ { print $2 }' /proc/"$pid"/status)
echo quit >&3
exec 3>&-
wait "$pid"
status=$?
pid=

numbered=$(grep -c '^{"number":' "$tmp/out")
growth=$((rss1 - rss0))
echo "clonesh: $clonesh"
echo "machine: $(uname -srm), $(nproc) cpus, running as $(id -un)"
echo "experiments: $numbered observations of $n in one process (exit status $status);" \
    "$((n - warm)) after the warm-up in $(((t2 - t1) / 1000000)) ms" \
    "($(awk -v t=$((t2 - t1)) -v k=$((n - warm)) 'BEGIN { printf "%.2f", t / k / 1e6 }') ms each)"
printf '%-22s %12s %12s %12s\n' "" "after $warm" "after $full" "after $n"
printf '%-22s %12s %12s %12s\n' "VmRSS (kB)" "$rss0" "$rssf" "$rss1"
printf '%-22s %12s %12s %12s\n' "open fds" "$fds0" "$fdsf" "$fds1"
printf '%-22s %12s %12s %12s\n' "other children" "$kids0" "$kidsf" "$kids1"
printf '%-22s %12s %12s %12s\n' "standby lab" "$standby0" "$standbyf" "$standby1"
printf '%-22s %12s %12s %12s\n' "zombie children" "$zombies0" "$zombiesf" "$zombies1"
echo "RSS growth after the warm-up of $warm: $growth kB (bar: under 1024 kB)"
echo "RSS growth once the journal is full ($full to $n): $((rss1 - rssf)) kB; peak RSS (VmHWM): $hwm kB"

fail=0
((status == 0 && numbered == n)) || { echo "FAIL: $numbered observations, exit status $status"; fail=1; }
((zombies0 == 0 && zombiesf == 0 && zombies1 == 0)) || { echo "FAIL: zombie children"; fail=1; }
((fds1 == fds0 && fdsf == fds0)) || { echo "FAIL: the open-fd count changed"; fail=1; }
if ((growth >= 1024)); then
	echo "FAIL: RSS grew by 1 MiB or more after the warm-up of $warm"
	((rss1 - rssf < 1024)) && echo "  (the journal, bounded at 300 commands with each spawn's" \
	    "observation as text, fills until experiment 150; growth once it is full:" \
	    "$((rss1 - rssf)) kB)"
	fail=1
fi
((fail)) && exit 1
echo "PASS: no zombie, a constant fd count, RSS growth under 1 MiB"
