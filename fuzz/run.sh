#!/bin/bash
# Runs the fuzz targets for a while, JOBS at a time, and prints one line of
# figures a target: executions, executions per second, coverage (edges, and
# libFuzzer's features) of the seeds and at the end, the corpus (inputs/size)
# and the crashes.  Usage: fuzz/run.sh BINDIR SECONDS [JOBS] [TARGET...]
# BINDIR holds the fuzzer binaries (make fuzz builds them in fuzz/build);
# each target's corpus grows in BINDIR/work/TARGET from fuzz/corpus/TARGET,
# its crashing inputs land in BINDIR/artifacts/TARGET/, its log in
# BINDIR/TARGET.log.  The exit status is non-zero when a target crashed.
set -uo pipefail

srcdir=$(cd "$(dirname "$0")" && pwd)
bindir=${1:?usage: fuzz/run.sh BINDIR SECONDS [JOBS] [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BINDIR SECONDS [JOBS] [TARGET...]}
jobs=${3:-2}
shift $(($# < 3 ? $# : 3))
targets=("$@")
((${#targets[@]})) || targets=(lexer lesson size flags session mdtext)

# Inputs longer than the parsers' own limits (4096-byte lines, 16 KiB lessons
# are long), so the limits themselves are exercised.
# shellcheck disable=SC2317 # called through xargs
max_len() {
	case $1 in
	lesson | mdtext) echo 32768 ;;
	*) echo 8192 ;;
	esac
}

# shellcheck disable=SC2317 # called through xargs
run_one() {
	local t=$1 bin=$bindir/$1
	[[ -x $bin ]] || { echo "$t: $bin is missing (make fuzz)" >&2; return 1; }
	mkdir -p "$bindir/work/$t" "$bindir/artifacts/$t"
	"$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
		-max_len="$(max_len "$t")" -artifact_prefix="$bindir/artifacts/$t/" \
		"$bindir/work/$t" "$srcdir/corpus/$t" >"$bindir/$t.log" 2>&1
}

export -f run_one max_len
export bindir seconds srcdir
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'

status=0
printf '%-8s %7s %11s %7s %11s %11s %13s %s\n' target seconds executions exec/s \
	'seed cov' 'cov (ft)' corpus crashes
for t in "${targets[@]}"; do
	log=$bindir/$t.log
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	first=$(grep -E '^#[0-9]+.*INITED.*cov: ' "$log" | head -n 1)
	last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1)
	crashes=$(find "$bindir/artifacts/$t" -type f | wc -l)
	((crashes == 0)) || status=1
	grep -q 'ERROR: libFuzzer\|SUMMARY: .*Sanitizer' "$log" && status=1
	printf '%-8s %7s %11s %7s %11s %11s %13s %s\n' "$t" "${secs:-?}" "${runs:-?}" \
		"${rate:-?}" "$(sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 (\2)/p' <<<"$first")" \
		"$(sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/\1 (\2)/p' <<<"$last")" \
		"$(sed -n 's/.*corp: \([^ ]*\).*/\1/p' <<<"$last")" "$crashes"
done
exit "$status"
