#!/bin/sh
# No function of src/ is longer than 80 lines unless the comment just above it
# says why it is one piece, in a sentence that begins "Not split:" (issue 13).
# tests/funclen.awk finds them.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

MAX=80
AWK_PROG=$(cd "$TOP_SRCDIR" && pwd)/tests/funclen.awk
[ -r "$AWK_PROG" ] || { fail "tests/funclen.awk is readable" "  $AWK_PROG"; done_testing; exit; }

cd "$TOP_SRCDIR/src" || exit 1
long=$(find . -name '*.c' | sed 's|^\./||' | sort | xargs awk -v max="$MAX" -f "$AWK_PROG" 2>"$TEST_TMP/explained")
n=$(sed -n 's/^explained //p' "$TEST_TMP/explained")
if [ -z "$long" ]; then
	pass "no function of src/ over $MAX lines without a \"Not split:\" comment ($n with one)"
else
	fail "no function of src/ over $MAX lines without a \"Not split:\" comment" \
	    "  split these, or say just above each why it is one piece (\"Not split: ...\"):" "$(tap_show "$long")"
fi

# The check itself: a long function without the comment is found, one with
# it is not.
{
	printf 'static int\nlong_one(void)\n{\n'
	i=0
	while [ $i -lt 90 ]; do echo "	x();"; i=$((i + 1)); done
	printf '}\n\n/* A table of cases.  Not split: each case is one line. */\nstatic int\nlong_two(void)\n{\n'
	i=0
	while [ $i -lt 90 ]; do echo "	y();"; i=$((i + 1)); done
	printf '}\n'
} >"$TEST_TMP/probe.c"
found=$(awk -v max="$MAX" -f "$AWK_PROG" "$TEST_TMP/probe.c" 2>/dev/null | sed 's/.*: //')
is "$found" "long_one() has 90 lines" "the check finds a long function without the comment, and passes one with it"
done_testing
