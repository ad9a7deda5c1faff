#!/bin/sh
# The terminal tests on a busy machine: runs them ROUNDS times (20 by
# default) while two busy loops keep both CPUs of a 2-CPU machine at 100 %,
# and counts the failures.  Run from the build tree:
#
#   sh reliability/under-load.sh [ROUNDS] [TEST...]
#
# Without TESTs, every test that drives a terminal through tmux.  Prints one
# line a round and a summary; exits 1 when any round failed.
set -u

rounds=${1:-20}
[ $# -gt 0 ] && shift
tests=${*:-tests/pane.sh tests/repl.sh tests/demo.sh tests/projector.sh tests/lesson-pane.sh \
tests/record.sh tests/suspend.sh tests/pane-text.sh tests/resize-race.sh tests/lesson-play.sh}

command -v tmux >/dev/null 2>&1 || { echo "under-load: tmux is not installed" >&2; exit 77; }

busy=""
stop_busy() {
	for p in $busy; do
		kill "$p" 2>/dev/null
	done
}
trap stop_busy EXIT INT TERM
for _ in 1 2; do
	sh -c 'while :; do :; done' &
	busy="$busy $!"
done

failed_rounds=0 failures=0
r=1
start=$(date +%s)
while [ "$r" -le "$rounds" ]; do
	# shellcheck disable=SC2086 # a list of tests
	make -s check TESTS="$tests" >/dev/null 2>&1
	n=0
	for t in $tests; do
		trs=${t%.sh}.trs
		c=$(grep -cE '^:test-result: *(FAIL|ERROR|XPASS)' "$trs" 2>/dev/null)
		if [ "${c:-0}" -gt 0 ]; then
			n=$((n + c))
			grep -E '^not ok' "${t%.sh}.log" | sed "s|^|  round $r: $t: |"
		fi
	done
	printf 'round %d of %d: %d failed\n' "$r" "$rounds" "$n"
	[ "$n" -eq 0 ] || failed_rounds=$((failed_rounds + 1))
	failures=$((failures + n))
	r=$((r + 1))
done
printf 'under load (2 busy loops on %s CPUs): %d rounds, %d with a failure, %d failures, %d s\n' \
    "$(nproc)" "$rounds" "$failed_rounds" "$failures" $(($(date +%s) - start))
[ "$failures" -eq 0 ]
