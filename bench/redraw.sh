#!/bin/bash
# The cost of one pane redraw, in instructions (callgrind, collecting only
# inside pane_draw), at 200x60 by default, for a real observation: the
# experiments run natively first (valgrind cannot run clone() with CLONE_VM),
# then bench/redraw draws them under callgrind on a terminal script(1) makes.
# Each figure is (cost of 1 + N draws - cost of 1 draw) / N, so the first
# paint, which every run has, drops out.  Builds nothing: `make bench/redraw`.
#
# usage: bench/redraw.sh [-n COUNT] [-s COLSxLINES] [PATH/TO/bench/redraw]
set -euo pipefail

usage() {
	echo "usage: $0 [-n COUNT] [-s COLSxLINES] [PATH/TO/bench/redraw]" \
	    "(COUNT: redraws, default 200; size default 200x60)" >&2
	exit 2
}

n=200
size=200x60
while getopts n:s: opt; do
	case $opt in
	n) n=$OPTARG ;;
	s) size=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[[ $n =~ ^[1-9][0-9]{0,5}$ ]] || usage
[[ $size =~ ^[1-9][0-9]{0,3}x[1-9][0-9]{0,3}$ ]] || usage
(($# <= 1)) || usage

here=$(cd "$(dirname "$0")" && pwd)
prog=${1:-$here/redraw}
[[ -x $prog ]] || { echo "$0: $prog: not an executable (build it with make bench/redraw)" >&2; exit 2; }
for tool in valgrind script; do
	command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 2; }
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-redraw.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

export TERM=xterm-256color LANG=C.UTF-8
unset LC_ALL LC_CTYPE NO_COLOR LINES COLUMNS

"$prog" --record "$tmp/rec" >/dev/null

# instructions MODE DRAWS: what DRAWS calls of pane_draw cost, all told.
instructions() {
	local out=$tmp/cg.$1.$2
	script -qec "valgrind --tool=callgrind --toggle-collect=pane_draw \
	    --callgrind-out-file=$out --log-file=$out.log \
	    $prog --replay $tmp/rec $2 $1 $size $out.report" /dev/null </dev/null >/dev/null ||
	    { echo "$0: the $1 run failed:" >&2; cat "$out.log" >&2; exit 1; }
	[[ $(cut -d' ' -f1 "$out.report") == "$size" ]] ||
	    { echo "$0: drew at $(cut -d' ' -f1 "$out.report"), not $size" >&2; exit 1; }
	sed -n 's/^totals: *//p' "$out"
}

echo "pane_draw at $size, $n redraws of a real observation"
printf '%-6s %14s  %s\n' mode "instr/redraw" "what it stands for"
for mode in same type full mono diagram; do
	one=$(instructions $mode 1)
	many=$(instructions $mode $((n + 1)))
	case $mode in
	same) what="a wake-up with nothing new (the 200 ms live refresh, a timer)" ;;
	type) what="a keystroke: the prompt line grows by one character" ;;
	full) what="a full repaint (Ctrl-L, resize, pane on)" ;;
	mono) what="as same, monochrome scheme (NO_COLOR, --no-color)" ;;
	diagram) what="as same, in view diagram (the kernel objects)" ;;
	esac
	printf '%-6s %14s  %s\n' $mode $(((many - one) / n)) "$what"
done
rows=$(cut -d' ' -f2 "$tmp/cg.same.1.report")
echo "(the view had $rows rows; first paint: $one instructions)"
