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
printf '\0337\033[8;50HSCRIBBLED-BY-ANOTHER\0338' >"$tty"
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
# --- the output region wraps at spaces, never inside a word or a character
# whole_words NAME WORD...: each word shows unbroken on one line of the screen.
whole_words() {
	name=$1
	shift
	broken=
	for w in "$@"; do
		printf '%s\n' "$SCREEN" | grep -q -- "$w" || broken="$broken $w"
	done
	if [ -z "$broken" ]; then
		pass "$name"
	else
		fail "$name" "  broken or missing:$broken" "  screen:" "$(tap_show "$SCREEN")"
	fi
}
words="wrapping supercalifragilistic expialidocious antidisestablishmentarianism"
words="$words floccinaucinihilipilification pneumonoultramicroscopic ééééééééééé überlänge"
tm send-keys -t t "lesson \"$words\"" Enter
wait_for t 'lesson: no lesson'
wait_for t 'by number and name'
# shellcheck disable=SC2086
whole_words "a long error line wraps at its spaces at 80 columns" $words
long=$(printf 'é%.0s' $(seq 1 100))
tm send-keys -t t "lesson $long" Enter
wait_for t 'éééé" \("lessons" lists'
if printf '%s\n' "$SCREEN" | grep -q '?\|�'; then
	fail "a word wider than the line is cut between characters" "  screen:" "$(tap_show "$SCREEN")"
else
	pass "a word wider than the line is cut between characters"
fi

tm send-keys -t t 'explain CLONE_NEW' Tab Tab
wait_for t 'CLONE_NEWUTS'
whole_words "a completion list wraps between its matches" CLONE_NEWCGROUP CLONE_NEWIPC \
    CLONE_NEWNET CLONE_NEWNS CLONE_NEWPID CLONE_NEWUSER CLONE_NEWUTS
tm send-keys -t t C-u 'lessons' Enter
# The last lesson, which stays on the screen as the list grows.
check t '^\[ \] 17  seccomp and clone flags *$' "lessons: the title on a line of its own"
check t "^        say why a seccomp filter can refuse clone\\(\\)'s flags but not *\$" \
    "lessons: the goal under it, wrapped at a space"
check t "^        clone3\\(\\)'s *\$" "lessons: the goal's next line keeps the indentation"

done_testing
