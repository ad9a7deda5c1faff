#!/bin/sh
# What the pane's text says and where it goes, in an isolated tmux server:
# the clear command, words never broken by the wrapping, the verdict near
# its parent.  Every check waits for a condition with a bounded poll.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

. "${TOP_SRCDIR:-.}/tests/tmux.sh"

start t
tm set -w -t t window-size manual
tm resize-window -t t -x 80 -y 24
check_last t '^clonesh> *$' "start: the prompt is the last line"

# --- clear repaints what something else scribbled on the terminal
tty=$(tm display-message -p -t t '#{pane_tty}')
printf '\0337\033[12;50HSCRIBBLED-BY-ANOTHER\0338' >"$tty"
check t 'SCRIBBLED-BY-ANOTHER' "a write to the terminal behind the pane's back shows"
tm send-keys -t t 'clear' Enter
if wait_gone t 'SCRIBBLED-BY-ANOTHER'; then
	pass "clear repaints the whole pane"
else
	fail "clear repaints the whole pane" "  screen:" "$(tap_show "$SCREEN")"
fi
if screen_lacks 'unknown command'; then
	pass "clear is a command"
else
	fail "clear is a command" "  screen:" "$(tap_show "$SCREEN")"
fi
done_testing
