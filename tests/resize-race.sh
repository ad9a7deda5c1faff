#!/bin/sh
# A resize while the pane starts: ncurses asks the terminal's size, then
# installs its SIGWINCH handler; a resize in between used to go unseen, and
# the pane was drawn for the old size (the header's right end cut off).
# tests/winch-shim.so holds clonesh in exactly that window while the test
# resizes the terminal.
. "${TOP_SRCDIR:-.}/tests/lib.sh"
. "${TOP_SRCDIR:-.}/tests/tmux.sh"

shim=$TOP_BUILDDIR/tests/winch-shim.so
if [ -n "${CLONESH_SANITIZERS:-}" ]; then
	echo "1..0 # SKIP a preloaded shim cannot come before the sanitizers' runtime"
	exit 0
fi
[ -f "$shim" ] || { echo "Bail out! $shim is not built"; exit 1; }

mark=$TEST_TMP/in-window
start r LD_PRELOAD="$shim" WINCH_SHIM_MARK="$mark" -- --projector
i=0
while [ ! -e "$mark" ] && [ $i -lt 200 ]; do
	i=$((i + 1))
	sleep 0.05
done
if [ -e "$mark" ]; then
	pass "the shim holds clonesh between the size query and the handler"
else
	fail "the shim holds clonesh between the size query and the handler" \
	    "  $mark never appeared: ncurses installed no SIGWINCH handler through sigaction"
fi
tm set -w -t r window-size manual
tm resize-window -t r -x 80 -y 24
check r '^before clone .* projector · dark *$' \
    "resized while starting: the header is laid out for 80 columns"
check r '^\(the system call appears here after spawn\)' \
    "resized while starting: the pane fits 24 lines"
tm send-keys -t r 'quit' Enter
check r 'clonesh-exited-0' "quit ends it"

done_testing
