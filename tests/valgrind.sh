#!/bin/sh
# valgrind memcheck over a batch run of every command of the table: no
# error, nothing definitely or indirectly lost.  The lab is a fork()ed child;
# with --child-silent-after-fork it runs outside valgrind's view (so do the
# clone children it makes), which is what we want: memcheck cannot follow a
# CLONE_VM child on a stack of its own, and the lab's memory ends with it.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "1..0 # SKIP valgrind is not installed"
	exit 0
fi
if [ -n "${CLONESH_SANITIZERS:-}" ]; then
	echo "1..0 # SKIP a sanitizer build: ASan and valgrind do not run together"
	exit 0
fi
: "${CLONESH_LESSONDIR:=$TOP_SRCDIR/lessons}"
export CLONESH_LESSONDIR

W=$TEST_TMP/written
mkdir -p "$W"
# Every command of the table at least once, most in several forms; errors
# are part of the run (-k goes on), they exercise the error paths.
cat >"$TEST_TMP/all.clonesh" <<EOF
help
help spawn
functions
flags
flags = vm fs files sighand
flags +thread -fs
flags none
preset fork
signal SIGUSR1
signal none
signal SIGCHLD
variant clone3
variant clone
stack 64k
stack guard off
stack guard on
fn write-global 7
fn
timeout 2
timeout
predict vm=copied global=7
spawn
show
show children
report --json
why
explain clone
explain vm
explain sighand
flags = vm
fn write-heap 9
spawn
compare 1 2
history
undo
redo
preset thread
spawn
spawn -n 4
preset vfork
fn exec echo hi
spawn
preset fork
fn open-fd /dev/null
spawn
fn crash
spawn
fn sleep 10
timeout 0.2
spawn
timeout 2
kill
step
pane
projector
focus memory
drill
drill --reverse --rounds 2 --seed 4
answer flags vmm
answer flags vm files
answer flags none
drill --rounds 2 --seed 2 --answers
code
code --unshare
preset container
code --unshare
preset fork
code $W/prog.c
save $W/session.clonesh
transcript $W/transcript.md
transcript --svg $W/handout.md
snapshot $W/snapshot.txt
snapshot --svg $W/snapshot.svg
record $W/rec.cast
fn hello
spawn
record
record stop
lessons
lesson 2
where
hint
hint
solution
answer 1
spawn
next
again
back
lesson reset 2
reset
bogus-command
flags = nonsense
quit
help
EOF

# vg NAME ARGS...: clonesh under memcheck; its summary in $TEST_TMP/vg-NAME.log.
vg() {
	name=$1
	shift
	log=$TEST_TMP/vg-$name.log
	valgrind --leak-check=full --show-leak-kinds=definite,indirect \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	    --child-silent-after-fork=yes --log-file="$log" "$CLONESH" "$@" \
	    >"$TEST_TMP/out" 2>"$TEST_TMP/err" </dev/null
	STATUS=$?
	OUT=$(cat "$TEST_TMP/out")
	ERR=$(cat "$TEST_TMP/err")
	errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -n 1)
	definite=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -n 1)
	indirect=$(sed -n 's/.*indirectly lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -n 1)
	grep -q 'All heap blocks were freed' "$log" && definite=0 indirect=0
	if [ "$STATUS" != 99 ] && [ "${errors:-x}" = 0 ] && [ "${definite:-x}" = 0 ] &&
	    [ "${indirect:-x}" = 0 ]; then
		pass "valgrind $name: no errors, no leaks (ERROR SUMMARY 0, definitely and indirectly lost 0)"
	else
		fail "valgrind $name: no errors, no leaks" "  exit status $STATUS (99: memcheck found something)" \
		    "  errors ${errors:-?}, definitely lost ${definite:-?}, indirectly lost ${indirect:-?}" \
		    "$(grep -v '^==[0-9]*== *$' "$log" | head -n 80)"
	fi
}

vg every-command -k -f "$TEST_TMP/all.clonesh"
is "$STATUS" 1 "the batch ends with status 1 (it has commands that fail on purpose)"
n=$(printf '%s\n' "$OUT" | grep -c '^#[0-9]* ')
if [ "$n" -ge 10 ]; then
	pass "the experiments ran under valgrind ($n observations)"
else
	fail "the experiments ran under valgrind" "  $n observations" "$(tap_show "$OUT")" \
	    "$(tap_show "$ERR")"
fi
for f in prog.c session.clonesh transcript.md snapshot.txt rec.cast; do
	if [ -s "$W/$f" ]; then
		pass "$f was written"
	else
		fail "$f was written" "$(tap_show "$ERR")"
	fi
done
vg json --json -c 'preset fork; spawn; flags = vm; spawn; report --json'
is "$STATUS" 0 "--json batch runs"
vg replay -f "$W/session.clonesh"
vg lesson --run-lesson "$CLONESH_LESSONDIR/02-fork-is-clone.md"
vg check-lesson --check-lesson "$CLONESH_LESSONDIR"/0[1-4]-*.md
vg usage --bogus
vg help --help

done_testing
