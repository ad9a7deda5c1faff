#!/bin/bash
# Compares clonesh builds on the experiment loop: ROUNDS interleaved runs of
# COUNT spawns by each (so that a slow moment of the machine falls on all),
# then each one's minimum and median time per experiment.  How the changes
# in doc/reliability.md were measured, before against after.
#
# usage: bench/ab.sh [-n COUNT] [-r ROUNDS] CLONESH CLONESH...
set -euo pipefail

usage() {
	echo "usage: $0 [-n COUNT] [-r ROUNDS] CLONESH CLONESH...  (defaults: 500 spawns, 7 rounds)" >&2
	exit 2
}

# shellcheck source=bench/lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
n=500
rounds=7
bench_options "$@"
shift "$skip"
(($# >= 2)) || usage
for b in "$@"; do
	[[ -x $b ]] || { echo "$0: $b: not an executable" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-ab.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
bench_script "$tmp/script" "$n"

declare -A times
for ((round = 1; round <= rounds; round++)); do
	for b in "$@"; do
		t0=$(date +%s%N)
		"$b" -f "$tmp/script" >/dev/null 2>&1 </dev/null || echo "warning: $b exited with status $?" >&2
		t1=$(date +%s%N)
		times[$b]+="$(((t1 - t0) / n / 1000)) "
	done
done
echo "µs per experiment over $rounds rounds of $n spawns:"
for b in "$@"; do
	# shellcheck disable=SC2086 # the list of times, one word each
	printf '%s\n' ${times[$b]} | sort -n |
	    awk -v b="$b" '{ v[NR] = $1 } END { printf "  %s: min %d, median %d\n", b, v[1], v[int((NR + 1) / 2)] }'
done
