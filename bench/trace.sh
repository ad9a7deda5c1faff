#!/bin/bash
# Times the 1,000-thread sample (samples/threads1000) three ways in the same
# run: untraced, under `strace -f -qq -o /dev/null`, and under
# `clonesh --trace --` (which stops both tasks at each creation and measures
# what they share); prints each time, the time per creation, and the ratios.
# Figures only: no assertion, no exit status on the ratios.
#
# usage: bench/trace.sh [-r ROUNDS] [PATH/TO/clonesh [PATH/TO/threads1000]]   (make bench passes them)
set -euo pipefail

usage() {
	echo "usage: $0 [-r ROUNDS] [PATH/TO/clonesh [PATH/TO/threads1000]]  (ROUNDS: default 5)" >&2
	exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
rounds=5
while getopts r: opt; do
	case $opt in
	r) rounds=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
if ! [[ $rounds =~ ^[1-9][0-9]?$ ]] || (($# > 2)); then usage; fi

clonesh=${1:-$here/../src/clonesh}
sample=${2:-$(dirname "$clonesh")/../samples/threads1000}
[[ -x $clonesh ]] || { echo "$0: $clonesh: not an executable (build with make first)" >&2; exit 2; }
[[ -x $sample ]] || { echo "$0: $sample: not an executable (make builds samples/threads1000)" >&2; exit 2; }
creations=1000

ns() { date +%s%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
ms() { awk -v t="$1" 'BEGIN { printf "%.3f", t / 1e6 }'; }
us() { awk -v t="$1" 'BEGIN { printf "%.1f", t / 1e3 }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The time of one run of a command, in ns; its output discarded.  A failure
# is said once, and its time still counts (a figure, not a verdict).
timed() {
	local t0 status=0
	t0=$(ns)
	"$@" >/dev/null 2>"$tmp/err" </dev/null || status=$?
	echo $(($(ns) - t0))
	if ((status != 0)) && [[ ! -e $tmp/warned.$1 ]]; then
		: >"$tmp/warned.$1"
		{ echo "warning: $* exited with status $status:"; head -n 3 "$tmp/err" | sed 's/^/  /'; } >&2
	fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-bench-trace.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "clonesh: $clonesh ($("$clonesh" --version 2>/dev/null | head -n 1 || echo '?'))"
echo "sample: $sample ($creations thread creations)"
echo "machine: $(uname -srm), $(nproc) cpus"

have_strace=false
if command -v strace >/dev/null 2>&1 && strace -qq -o /dev/null true 2>/dev/null; then
	have_strace=true
	echo "strace: $(strace -V | head -n 1)"
else
	echo "strace: not installed, or ptrace is denied here: no strace figure"
fi
# clonesh traces when it has the option (issue 15); tried, not guessed.
have_trace=false
if "$clonesh" --trace -- /bin/true >/dev/null 2>"$tmp/probe" </dev/null; then
	have_trace=true
else
	echo "clonesh --trace: not available in this clonesh ($(head -n 1 "$tmp/probe")): no clonesh figure"
fi
echo

# Rounds of the three, interleaved so that a slow moment of the machine falls
# on all of them; the medians are the figures.
t_plain=() t_strace=() t_trace=() r_strace=() r_trace=() r_ts=()
for ((round = 1; round <= rounds; round++)); do
	a=$(timed "$sample")
	t_plain+=("$a")
	line=$(printf 'untraced %9s ms' "$(ms "$a")")
	if $have_strace; then
		b=$(timed strace -f -qq -o /dev/null "$sample")
		t_strace+=("$b")
		r_strace+=("$(ratio "$b" "$a")")
		line+=$(printf ' | strace -f %9s ms' "$(ms "$b")")
	fi
	if $have_trace; then
		c=$(timed "$clonesh" --trace -- "$sample")
		t_trace+=("$c")
		r_trace+=("$(ratio "$c" "$a")")
		line+=$(printf ' | clonesh --trace %9s ms' "$(ms "$c")")
		$have_strace && r_ts+=("$(ratio "$c" "$b")")
	fi
	echo "round $round of $rounds: $line"
done
echo

per() { us $(($1 / creations)); }
m=$(median "${t_plain[@]}")
printf 'untraced:                   %9s ms (%s us a creation)\n' "$(ms "$m")" "$(per "$m")"
if $have_strace; then
	m=$(median "${t_strace[@]}")
	printf 'strace -f -qq -o /dev/null: %9s ms (%s us a creation)\n' "$(ms "$m")" "$(per "$m")"
fi
if $have_trace; then
	m=$(median "${t_trace[@]}")
	t_start=$(timed "$clonesh" -c quit)
	printf 'clonesh --trace:            %9s ms (%s us a creation; clonesh alone starts in %s ms)\n' \
	    "$(ms "$m")" "$(per "$m")" "$(ms "$t_start")"
fi
echo
if $have_strace; then
	echo "strace -f / untraced: $(median "${r_strace[@]}") (median of ${r_strace[*]})"
fi
if $have_trace; then
	echo "clonesh --trace / untraced: $(median "${r_trace[@]}") (median of ${r_trace[*]})"
	if $have_strace; then
		echo "clonesh --trace / strace -f: $(median "${r_ts[@]}") (median of ${r_ts[*]}; the aim is 1.00 or less)"
	fi
else
	echo "clonesh --trace / untraced: no figure (this clonesh has no --trace yet)"
	echo "clonesh --trace / strace -f: no figure (this clonesh has no --trace yet)"
fi
