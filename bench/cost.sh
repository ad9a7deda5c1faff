#!/bin/bash
# cost's figures, size by size: the median of each way of creating a child
# (clonesh's `cost --json`, each size in a lab of its own), the lab's VmPTE,
# and fork's median over vfork's.  Figures only: no assertion, no exit
# status on the numbers (tests/cost.sh checks that they exist).
#
# usage: bench/cost.sh [-m SIZES] [PATH/TO/clonesh]   (SIZES: default 1m,64m,256m,1g;
#        make bench-cost passes the build's clonesh)
set -euo pipefail

usage() {
	echo "usage: $0 [-m SIZES] [PATH/TO/clonesh]  (SIZES: 1m to 4g, commas between)" >&2
	exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
sizes=
while getopts m: opt; do
	case $opt in
	m) sizes=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -le 1 ] || usage
clonesh=${1:-$here/../src/clonesh}
command -v jq >/dev/null 2>&1 || { echo "$0: needs jq" >&2; exit 2; }

if [ -n "$sizes" ]; then
	json=$("$clonesh" -c "cost --memory $sizes --json")
else
	json=$("$clonesh" -c "cost --json")	# the series, as far as half the available memory holds
fi

echo "cost: medians of $(jq .cost.runs <<<"$json") runs, from the call until it returned in the parent"
printf '%-8s %9s %12s %12s %12s %14s %16s %10s\n' memory VmPTE fork vfork clone_vm posix_spawn \
    pthread_create fork/vfork
jq -r '.cost.sizes[] | [(.bytes / 1048576 | tostring) + "m", (.vm_pte_kb | tostring) + " kB",
    (.fork, .vfork, .clone_vm, .posix_spawn, .pthread_create | if .median_ns then
    (.median_ns / 1000 | . * 10 | round / 10 | tostring) + " us" else "failed" end),
    (if .fork.median_ns and .vfork.median_ns then (.fork.median_ns / .vfork.median_ns | . * 10 |
    round / 10 | tostring) else "?" end)] | @tsv' <<<"$json" |
while IFS=$'\t' read -r m pte f v c p t r; do
	printf '%-8s %9s %12s %12s %12s %14s %16s %10s\n' "$m" "$pte" "$f" "$v" "$c" "$p" "$t" "$r"
done
jq -r '.cost | "largest against smallest, times: VmPTE \(.vm_pte_percent // "?" | if type == "number" then . / 100 else . end)" +
    ([("fork","vfork","clone_vm","posix_spawn","pthread_create") as $m |
    ", \($m) \(.[$m].percent // "?" | if type == "number" then . / 100 else . end)"] | join(""))' <<<"$json"
