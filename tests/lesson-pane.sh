#!/bin/sh
# Lesson 1 in the pane, in a real terminal: the step's region, a prediction
# answered wrongly, graded by the kernel, and the explanation.
. "${TOP_SRCDIR:-.}/tests/lib.sh"
. "${TOP_SRCDIR:-.}/tests/tmux.sh"

lesson=$(ls "$TOP_SRCDIR"/lessons/01-*.md 2>/dev/null | head -n 1)
if [ -z "$lesson" ]; then
	echo "1..0 # SKIP lesson 1 is not there"
	exit 0
fi
# The first step that asks a prediction, and a choice that is not its answer.
eval "$(awk '
	/^## Step [0-9]+:/ { step = $3 + 0 }
	/^> predict:/ && !seen { seen = 1; pstep = step }
	seen && !done && /^> choices:/ { sub(/^> choices: */, ""); n = split($0, c, /\|/) }
	seen && !done && /^> answer:/ { sub(/^> answer: */, ""); answer = $0 }
	seen && !done && /^> explain:/ { done = 1 }
	END {
		for (i = 1; i <= n; i++) {
			label = c[i]; sub(/=.*/, "", label); gsub(/^ +| +$/, "", label)
			if (label != answer) { wrong = i; break }
		}
		printf "pstep=%d wrong=%d\n", pstep, wrong
	}' "$lesson")"
# That step's commands, without show or report, whose pages would scroll
# the grading out of the output region.
cmds=$(awk -v want="$pstep" '
	/^## Step [0-9]+:/ { step = $3 + 0 }
	step == want && /^```clonesh/ { inside = 1; next }
	inside && /^```/ { inside = 0; next }
	inside && !/^(show|report)/ && NF { out = out (out ? "; " : "") $0 }
	END { print out }' "$lesson")

start l CLONESH_LESSONDIR="$TOP_SRCDIR/lessons"
check l "$(status 0)" "the pane starts"
tm send-keys -t l 'lesson 1' Enter
check l '^ lesson 1 · step 1 of [0-9]+' "lesson 1 opens its region in the pane"
i=1
while [ "$i" -lt "$pstep" ]; do
	tm send-keys -t l 'next' Enter
	i=$((i + 1))
done
check l "^ lesson 1 · step $pstep of" "next reaches step $pstep, which asks a prediction"
check_read l '^ predict before you spawn: ' "the step's region shows the prediction, read down to"
tm send-keys -t l "answer $wrong" Enter
check l '^ answer: .*; now spawn' "the answer shows in the step's region"
tm send-keys -t l 'solution' Enter
check l 'solution: it is in the prompt' "solution says it filled the prompt"
check l '^clonesh> .*spawn' "the step's commands wait in the prompt, not yet run"
tm send-keys -t l C-u "$cmds" Enter
check l '^ prediction: you said .*, but the kernel says .*: wrong' "the kernel grades the wrong answer"
check l '^ why: ' "and the lesson explains why"
tm send-keys -t l 'lesson quit' Enter
check l 'lesson 1 left' "lesson quit leaves the lesson"
check l "$(status '[0-9]+')" "the pane goes on"
tm send-keys -t l C-d
check l '^clonesh-exited-0$' "Ctrl-D quits"

# clonesh FILE.md: the lesson is on the page in the pane, not printed behind it.
start f XDG_STATE_HOME="$TEST_TMP/fresh-state" -- "$lesson"
check f '^ lesson 1 · step 1 of [0-9]+' "clonesh lessons/01-...md opens the lesson in the pane"
check f '^ {5}#include <stdio.h>$' "the article's listing is visible in the pane"
check f '^ {5}#define STACK 8192$' "as code, line by line"
check_read f '^ Save the listing as seed.c' "and, read down, step 1 about the listing shown above"
tm send-keys -t f C-d
check f '^clonesh-exited-0$' "Ctrl-D quits"
saved=$SCREEN

# The page's attributes on the screen (issue 10): code in the code colour
# (magenta), bold as bold, inline code as code; tall enough to show the
# introduction's paragraph under the listing without paging.
START_COLS=120 START_ROWS=80 start a XDG_STATE_HOME="$TEST_TMP/fresh-state-a" -- "$lesson"
check a 'is racy: nothing orders' "a tall pane shows the introduction under the listing"
attrs=$(tm capture-pane -e -p -t a)
like "$(printf '%s\n' "$attrs" | grep -a '#include <stdio.h>')" "$(printf '\033')\\[35m +#include <stdio.h>" \
    "a code block's line is in the code colour"
racy=$(printf '%s\n' "$attrs" | grep -a 'racy')
like "$racy" "$(printf '\033')\\[1mracy" "**racy** is bold on the screen"
like "$racy" "$(printf '\033')\\[35m_GNU_SOURCE" "\`_GNU_SOURCE\` is in the code colour"
unlike "$racy" '\*\*|`' "no Markdown marks are left on the line"
tm send-keys -t a C-d
check a '^clonesh-exited-0$' "Ctrl-D quits"
# Plain mode prints the same text, wrapped to the terminal at spaces, with
# no Markdown marks; code blocks indented, line for line, folded with a
# mark where too long, never joined into a paragraph.
START_COLS=60 START_ROWS=50 start p XDG_STATE_HOME="$TEST_TMP/fresh-state-p" -- --plain
check p '^clonesh>' "plain: the prompt"
tm send-keys -t p 'lesson 1' Enter
check p '^step 1 of [0-9]+: It does not compile$' "plain: lesson 1 prints its first step"
check p '^Built with _GNU_SOURCE \(step 1\), the program usually prints$' \
    "plain: a paragraph wrapped at a space within 60 columns, no backticks"
check p '^both lines, but it is racy: nothing orders the child.s$' "plain: no ** around racy"
check p '^    seed.c: In function .main.:$' "plain: a code block's line, indented"
check p '^  ↪ ' "plain: a long code line folded with a mark"
tm send-keys -t p C-d
check p '^clonesh-exited-0$' "plain: Ctrl-D quits"
SCREEN=$saved
if screen_lacks '#include <stdio.h>'; then
	pass "nothing of the lesson was printed behind the pane"
else
	fail "nothing of the lesson was printed behind the pane" "$(tap_show "$SCREEN")"
fi

done_testing
