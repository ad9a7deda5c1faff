#!/bin/bash
# Times N experiments through `clonesh -f` against bench/baseline.c doing the
# same system calls by hand, in the same run; then clonesh's start-up against
# bash's.  Prints figures only: no assertion, no exit status on the ratio.
#
# usage: bench/run.sh [-n COUNT] [-r ROUNDS] [PATH/TO/clonesh]    (make bench passes it)
set -euo pipefail

usage() {
	echo "usage: $0 [-n COUNT] [-r ROUNDS] [PATH/TO/clonesh]  (COUNT: experiments, default 500;" \
		"ROUNDS: of the experiment loop, default 3)" >&2
	exit 2
}

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
n=500
rounds=3
bench_options "$@"
shift "$skip"
(($# <= 1)) || usage

clonesh=${1:-$here/../src/clonesh}
[[ -x $clonesh ]] || { echo "$0: $clonesh: not an executable (build with make first)" >&2; exit 2; }
startup_runs=100

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cc=${CC:-cc}
"$cc" -O2 -o "$tmp/baseline" "$here/baseline.c"

bench_script "$tmp/script" "$n"

# Nanoseconds since the epoch.
ns() { date +%s%N; }

# The time per run, in ns, of COUNT runs of a command (its output discarded).
time_runs() {
	local count=$1 t0 i
	shift
	t0=$(ns)
	for ((i = 0; i < count; i++)); do
		"$@" >/dev/null 2>&1 || true
	done
	echo $((($(ns) - t0) / count))
}

# A ratio a/b, and a rate per second of an interval in ns, with awk's arithmetic.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
per_second() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.1f", n / (t / 1e9) }'; }
ms() { awk -v t="$1" 'BEGIN { printf "%.3f", t / 1e6 }'; }

echo "clonesh: $clonesh ($("$clonesh" --version 2>/dev/null | head -n 1 || echo '?'))"
echo "machine: $(uname -srm), $(nproc) cpus"
echo

# Rounds of the three ways to run experiments, interleaved so that a slow
# moment of the machine falls on all three; the medians of the ratios are the
# figures.
# One standalone program exec'd per experiment is what a student's shell loop
# around a small clone program costs: clonesh must be faster than that.
runs_exec=$((n < 200 ? n : 200))
# The baseline twice: as a program would run it, and on one CPU (-1), as
# clonesh runs each experiment (src/lab/labcpu.c), which spares its own
# hand-overs the waking of an idle CPU as well.
r_base=() r_one=() r_exec=()
for ((round = 1; round <= rounds; round++)); do
	t0=$(ns)
	"$tmp/baseline" -n "$n" >"$tmp/baseline.out"
	t_base=$(($(ns) - t0))
	t0=$(ns)
	"$tmp/baseline" -1 -n "$n" >"$tmp/baseline.out"
	t_one=$(($(ns) - t0))

	t0=$(ns)
	status=0
	"$clonesh" -f "$tmp/script" >"$tmp/clonesh.out" 2>"$tmp/clonesh.err" </dev/null || status=$?
	t_clonesh=$(($(ns) - t0))
	if ((status != 0)); then
		echo "warning: clonesh -f exited with status $status; its first errors:"
		head -n 5 "$tmp/clonesh.err" | sed 's/^/  /'
	fi
	t_exec=$(time_runs "$runs_exec" "$tmp/baseline" -n 1)

	echo "round $round of $rounds:"
	printf '  %-10s %6d experiments in %9s ms: %10s experiments/s (%s ms each)\n' \
		baseline "$n" "$(ms "$t_base")" "$(per_second "$n" "$t_base")" "$(ms $((t_base / n)))"
	printf '  %-10s %6d experiments in %9s ms: %10s experiments/s (%s ms each)\n' \
		"baseline -1" "$n" "$(ms "$t_one")" "$(per_second "$n" "$t_one")" "$(ms $((t_one / n)))"
	printf '  %-10s %6d experiments in %9s ms: %10s experiments/s (%s ms each)\n' \
		clonesh "$n" "$(ms "$t_clonesh")" "$(per_second "$n" "$t_clonesh")" "$(ms $((t_clonesh / n)))"
	printf '  %-10s %6d programs run, %s ms each\n' exec "$runs_exec" "$(ms "$t_exec")"
	r_base+=("$(ratio "$t_clonesh" "$t_base")")
	r_one+=("$(ratio "$t_clonesh" "$t_one")")
	r_exec+=("$(ratio $((t_clonesh / n)) "$t_exec")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "time per experiment, clonesh / baseline: $(median "${r_base[@]}") (median of ${r_base[*]})"
echo "time per experiment, clonesh / baseline on one CPU: $(median "${r_one[@]}") (median of ${r_one[*]})"
echo "time per experiment, clonesh / exec'ing a clone program each time: $(median "${r_exec[@]}")" \
	"(median of ${r_exec[*]})"
echo

t_bash=$(time_runs "$startup_runs" bash -c exit)
t_start=$(time_runs "$startup_runs" "$clonesh" -c quit)
printf 'start-up over %d runs: clonesh -c quit %s ms, bash -c exit %s ms\n' \
	"$startup_runs" "$(ms "$t_start")" "$(ms "$t_bash")"
echo "start-up time, clonesh / bash: $(ratio "$t_start" "$t_bash")"
echo

# Peak memory (maximum resident set size, from GNU time when present).
if [[ -x /usr/bin/time ]]; then
	rss_c=$(/usr/bin/time -f %M "$clonesh" -c quit 2>&1 >/dev/null | tail -n 1)
	rss_b=$(/usr/bin/time -f %M bash -c exit 2>&1 >/dev/null | tail -n 1)
	rss_run=$(/usr/bin/time -f %M "$clonesh" -f "$tmp/script" 2>&1 >/dev/null | tail -n 1)
	echo "peak RSS: clonesh -c quit ${rss_c} KiB, bash -c exit ${rss_b} KiB" \
	    "(ratio $(ratio "$rss_c" "$rss_b")); clonesh after $n experiments ${rss_run} KiB"
else
	echo "peak RSS: /usr/bin/time (Debian package time) is not installed"
fi
echo

# N children in one experiment: the time should grow linearly in N.
echo "spawn -n N (fork-like children / threads), time per experiment and per child:"
for kids in 1 16 64 256 1024; do
	for kind in fork thread; do
		t0=$(ns)
		"$clonesh" -c "preset $kind; spawn -n $kids" >/dev/null 2>&1 || true
		t=$(($(ns) - t0))
		printf '  %-6s N=%-5d %9s ms  (%s ms a child)\n' "$kind" "$kids" "$(ms "$t")" \
		    "$(ms $((t / kids)))"
	done
done
