#!/bin/sh
# Every shipped lesson checks and runs green (or skips, saying why); every
# malformed construct is rejected with FILE:LINE and what was expected;
# progress survives from one clonesh to the next.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

LESSONS=$TOP_SRCDIR/lessons
export CLONESH_LESSONDIR="$LESSONS"

# --- every shipped lesson ---------------------------------------------------

for f in "$LESSONS"/[0-9][0-9]-*.md; do
	name=${f##*/}
	run_clonesh --check-lesson "$f"
	is_status 0 "$name: --check-lesson accepts it" || diag "$ERR"
	run_clonesh --run-lesson "$f"
	case $STATUS in
	0) pass "$name: --run-lesson: the kernel agrees with every prediction and expectation"
	   like "$OUT" "^$f: $ALL_RUN; $ALL_GREEN\$" \
	       "$name: --run-lesson: the summary says every step ran, nothing failed" ;;
	77) skip "$name: $(printf '%s\n' "$OUT" | grep -m1 'skipped:' | sed 's/.*skipped: //')" ;;
	*) fail "$name: --run-lesson: the kernel agrees with every prediction and expectation" \
	    "  exit status $STATUS" "$(printf '%s\n' "$OUT" "$ERR" | grep -E 'no, the kernel|wrong|not measured|error|:[0-9]+:' | head -20)" ;;
	esac
done
# The lessons that grade measured waits, errno, stdio and an unprivileged lab
# also run for a learner who is not root (uid 65534, no capabilities).
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	# The lessons are copied where uid 65534 can read them, as an installed
	# course is: a build tree may sit in a directory only root can enter
	# (CI's is a mktemp -d, mode 0700).
	U=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-u65534.XXXXXX")
	chmod 777 "$U"
	mkdir "$U/lessons"
	cp "$LESSONS"/[0-9][0-9]-*.md "$U/lessons/"
	chmod -R a+rX "$U/lessons"
	for f in "$U"/lessons/01-*.md "$U"/lessons/08-*.md "$U"/lessons/11-*.md "$U"/lessons/12-*.md; do
		name=${f##*/}
		OUT=$(cd "$U" && HOME=$U XDG_STATE_HOME=$U/state CLONESH_LESSONDIR=$U/lessons setpriv --reuid=65534 --regid=65534 \
		    --clear-groups "$CLONESH" --run-lesson "$f" </dev/null 2>&1)
		STATUS=$?
		case $STATUS in
		0) like "$OUT" "^$f: $ALL_RUN; $ALL_GREEN\$" \
		       "$name as uid 65534: --run-lesson runs green" ;;
		77) skip "$name as uid 65534: $(printf '%s\n' "$OUT" | grep -m1 'skipped:' | sed 's/.*skipped: //')" ;;
		*) fail "$name as uid 65534: --run-lesson runs green" "  exit status $STATUS" \
		    "$(printf '%s\n' "$OUT" | grep -E 'no, the kernel|wrong|not measured|error|:[0-9]+:|: cannot ' | head -20)" ;;
		esac
	done
	rm -rf "$U"
else
	for i in 1 2 3 4; do skip "lessons as uid 65534: needs root and setpriv"; done
fi
n=$(ls "$LESSONS"/[0-9][0-9]-*.md | wc -l)
if [ "$n" -ge 13 ]; then
	pass "the course has $n lessons (at least 13)"
else
	fail "the course has at least 13 lessons" "  found $n"
fi

# --- malformed lessons ---------------------------------------------------------
# bad NAME EXPECTED-REGEX: the lesson on stdin is rejected with FILE:LINE: and the regex.
bad() {
	file=$TEST_TMP/99-$1.md
	cat >"$file"
	run_clonesh --check-lesson "$file"
	if [ "$STATUS" = 1 ] && printf '%s\n' "$ERR" | grep -Eq -- "^$file:[0-9]+: .*$2"; then
		pass "malformed ($1): rejected with FILE:LINE"
	else
		fail "malformed ($1): rejected with FILE:LINE" "  status $STATUS, expected 1" \
		    "  expected stderr matching: $file:N: .*$2" "  stderr:" "$(tap_show "$ERR")"
	fi
}

good_head='# A title

> goal: a goal
'
bad no-title 'expected the title' <<'EOF2'
A lesson without a title line.
EOF2
bad no-goal 'goal' <<'EOF2'
# Title

Text.
EOF2
bad header-key 'unknown header key "level"' <<'EOF2'
# Title

> goal: g
> level: easy
EOF2
bad requires 'requires: "gpu" is not known' <<'EOF2'
# Title

> goal: g
> requires: gpu
EOF2
bad needs 'needs: "two" is not a lesson number' <<'EOF2'
# Title

> goal: g
> needs: two
EOF2
bad no-steps 'at least one "## Step 1' <<EOF2
$good_head
Only narrative.
EOF2
bad step-order 'step 2 where step 1 was expected' <<EOF2
$good_head
## Step 2: Too far
EOF2
bad step-colon 'Step N: TITLE' <<EOF2
$good_head
## Step 1 without colon
EOF2
bad heading 'expected "## Step N: TITLE"' <<EOF2
$good_head
## Background
EOF2
bad fence 'never closed' <<EOF2
$good_head
## Step 1: Open

\`\`\`clonesh
spawn
EOF2
# A block left open swallows the next step: the error names the block's line.
bad fence-open-step 'a step heading inside the ```clonesh block opened at line 7: close that block with ``` first' <<EOF2
$good_head
## Step 1: Open

\`\`\`clonesh
spawn

## Step 2: Next

\`\`\`clonesh
spawn
\`\`\`
EOF2
bad fence-early 'before the first' <<EOF2
$good_head
\`\`\`clonesh
spawn
\`\`\`
EOF2
bad directive-outside 'comes inside a step' <<EOF2
$good_head
Some narrative first.

> hint: too early
EOF2
bad directive 'unknown directive "hnt:"' <<EOF2
$good_head
## Step 1: S

> hnt: a typo
EOF2
bad choices-alone 'after a "> predict:" line' <<EOF2
$good_head
## Step 1: S

> choices: a | b
EOF2
bad no-choices 'no "> choices' <<EOF2
$good_head
## Step 1: S

\`\`\`clonesh
spawn
\`\`\`

> predict: what?
> truth: exit.status
> answer: 0
> explain: e
EOF2
bad one-choice 'at least two choices' <<EOF2
$good_head
## Step 1: S

> predict: what?
> choices: only
EOF2
bad no-truth 'truth: PATH' <<EOF2
$good_head
## Step 1: S

\`\`\`clonesh
spawn
\`\`\`

> predict: what?
> choices: 0 | 1
> answer: 0
> explain: e
EOF2
bad no-answer 'no "> answer:"' <<EOF2
$good_head
## Step 1: S

\`\`\`clonesh
spawn
\`\`\`

> predict: what?
> choices: 0 | 1
> truth: exit.status
> explain: e
EOF2
bad no-explain 'no "> explain:"' <<EOF2
$good_head
## Step 1: S

\`\`\`clonesh
spawn
\`\`\`

> predict: what?
> choices: 0 | 1
> truth: exit.status
> answer: 0
EOF2
bad answer-not-choice '"2" is not one of the choices' <<EOF2
$good_head
## Step 1: S

\`\`\`clonesh
spawn
\`\`\`

> predict: what?
> choices: 0 | 1
> truth: exit.status
> answer: 2
> explain: e
EOF2
bad two-predictions 'a second prediction' <<EOF2
$good_head
## Step 1: S

> predict: one?
> predict: two?
EOF2
bad no-spawn 'no spawn to grade' <<EOF2
$good_head
## Step 1: S

\`\`\`clonesh
flags +vm
\`\`\`

> predict: what?
> choices: 0 | 1
> truth: exit.status
> answer: 0
> explain: e
EOF2
bad expect-op 'has no operator' <<EOF2
$good_head
## Step 1: S

> expect: shared.vm = true
EOF2
bad expect-path '"shared.memory" is not a field' <<EOF2
$good_head
## Step 1: S

\`\`\`clonesh
spawn
\`\`\`

> expect: shared.memory == true
EOF2
bad truth-path '"exit.code" is not a field' <<EOF2
$good_head
## Step 1: S

\`\`\`clonesh
spawn
\`\`\`

> predict: what?
> choices: 0 | 1
> truth: exit.code
> answer: 0
> explain: e
EOF2
bad command 'unknown command "spwan"' <<EOF2
$good_head
## Step 1: S

\`\`\`clonesh
spwan
\`\`\`
EOF2
printf '# T\n\n> goal: g\n\n## Step 1: S\n\nbad \377 byte\n' >"$TEST_TMP/utf8.in"
bad utf8 'not valid UTF-8' <"$TEST_TMP/utf8.in"

# --- --check-lesson rehearses every command --------------------------------------
# Each command runs dry through the command table, as at the prompt: what would
# fail is rejected with the failing command's own FILE:LINE and the prompt's message.
# rehearsed NAME COMMAND MESSAGE: the lesson on stdin fails --check-lesson with
# exactly "FILE:LINE: MESSAGE" on stderr, LINE being the last line that is COMMAND.
rehearsed() {
	file=$TEST_TMP/98-$1.md
	cat >"$file"
	line=$(grep -nxF -- "$2" "$file" | tail -n 1 | cut -d: -f1)
	run_clonesh --check-lesson "$file"
	if [ "$STATUS" = 1 ] && [ -n "$line" ] && [ "$ERR" = "$file:$line: $3" ]; then
		pass "rehearsal ($1): rejected at the line of \"$2\""
	else
		fail "rehearsal ($1): rejected at the line of \"$2\"" "  status $STATUS, expected 1" \
		    "  expected stderr: $file:$line: $3" "  stderr:" "$(tap_show "$ERR")"
	fi
}
# A first step that is sound, so the line numbers below are the commands' own.
step1='## Step 1: Sound

```clonesh
reset
spawn
```
'
rehearsed flag-typo 'flags +vmm' 'flags: unknown flag "vmm" (did you mean vm? "explain flags" lists them)' <<EOF2
$good_head
$step1
## Step 2: A typo

Text before.

\`\`\`clonesh
preset fork
flags +vmm
spawn
\`\`\`
EOF2
rehearsed unknown-fn 'fn helo' 'fn: "helo" is not a function (did you mean hello? `functions` lists them)' <<EOF2
$good_head
$step1
## Step 2: No such function

\`\`\`clonesh
reset
fn helo
spawn
\`\`\`
EOF2
rehearsed spawn-unknown-fn 'spawn helo' 'fn: "helo" is not a function (did you mean hello? `functions` lists them)' <<EOF2
$good_head
$step1
## Step 2: No such function, in spawn

\`\`\`clonesh
reset
spawn helo
\`\`\`
EOF2
rehearsed exec-sh 'fn exec sh' 'fn: exec: "sh" is not allowed here (allowed: true, false, echo, missing)' <<EOF2
$good_head
$step1
## Step 2: A refused command

\`\`\`clonesh
reset
fn exec sh
spawn
\`\`\`
EOF2
rehearsed sighand-alone spawn 'spawn: CLONE_SIGHAND requires CLONE_VM: a shared handler is an address in shared memory (kernel would return EINVAL); fix: add vm, or remove sighand; or "spawn --force" to send it anyway' <<EOF2
$good_head
$step1
## Step 2: What the kernel refuses

\`\`\`clonesh
reset
flags +sighand
spawn
\`\`\`
EOF2
rehearsed sethostname 'reset; spawn sethostname demo' "spawn: sethostname would change this machine's hostname; add newuts (CLONE_NEWUTS) so the child has its own" <<EOF2
$good_head
$step1
## Step 2: What clonesh refuses

\`\`\`clonesh
reset; spawn sethostname demo
\`\`\`
EOF2
rehearsed stack-size 'stack 12q' 'stack: "12q" is not a size (try 8k, 64k, 1m; 4k to 256m)' <<EOF2
$good_head
$step1
## Step 2: A bad size

\`\`\`clonesh
reset
stack 12q
spawn
\`\`\`
EOF2
rehearsed show-section 'show memroy' 'show: unknown section "memroy" (clone, ids, children, memory, fds, signals, fs, ns, stack, exit, exec, all)' <<EOF2
$good_head
$step1
## Step 2: A bad section

\`\`\`clonesh
reset
spawn
show memroy
\`\`\`
EOF2
rehearsed no-fn spawn 'step 2 spawns without choosing its function (add "fn NAME" or "spawn NAME"): a learner arriving from elsewhere would run whatever was left' <<EOF2
$good_head
$step1
## Step 2: Whatever was left

\`\`\`clonesh
preset fork
spawn
\`\`\`
EOF2
rehearsed no-flags 'spawn write-global 5' 'step 2 spawns without choosing its flags (add "preset NAME", "reset" or "flags = FLAG..." before it): a learner arriving from elsewhere would run whatever was left' <<EOF2
$good_head
$step1
## Step 2: Edits of flags that were left

\`\`\`clonesh
flags +vm
spawn write-global 5
\`\`\`
EOF2
# A step whose experiment depends on settings made before it (here the stack
# size, which "preset" keeps): a learner arriving from another lesson would
# run, and be graded on, another experiment (issue 10 item 8).
rehearsed left-stack 'preset fork' "step 2's experiment depends on the settings before it (arriving with other ones: stack: yours is 12k, the step's 64k; signal catch: yours is on, the step's off; stack end: yours is bottom, the step's top; seccomp: yours is clone() with CLONE_NEWUSER refused (EPERM); clone3 refused (ENOSYS), the step's off; lab user: yours is uid 65533, the step's clonesh's own): begin its commands with \"reset\", or set what it needs" <<EOF2
$good_head
$step1
## Step 2: The stack left as it was

\`\`\`clonesh
preset fork
spawn exit 3
\`\`\`
EOF2
rehearsed clone3-undeclared 'spawn' "step 2 spawns through clone3 without \"> requires: clone3\": where clone3 fails (ENOSYS: a kernel before 5.3, Docker's default seccomp profile) the step could not run; the directive skips it there, saying why" <<EOF2
$good_head
$step1
## Step 2: A thread, as glibc makes it

\`\`\`clonesh
preset thread
fn hello
spawn
\`\`\`
EOF2
# A step may grade a traced creation ("trace show N"): it traces first, says
# "> requires: ptrace", spawns nothing, and traces only the shipped samples
# and sh -c lines of true, false, echo and |.
rehearsed trace-no-ptrace 'trace samples/fork' "step 2 traces without \"> requires: ptrace\": where ptrace is denied (kernel.yama.ptrace_scope 3, a container's seccomp profile) the step could not run; the directive skips it there, saying why" <<EOF2
$good_head
$step1
## Step 2: Traced

\`\`\`clonesh
trace samples/fork
trace show 1
\`\`\`
EOF2
rehearsed trace-show-first 'trace show 1' "step 2 shows a traced creation without tracing first (add \"trace PROGRAM\" before it): a learner arriving from elsewhere would be graded on whatever was traced last" <<EOF2
$good_head
$step1
## Step 2: Traced

> requires: ptrace

\`\`\`clonesh
trace show 1
trace samples/fork
\`\`\`
EOF2
rehearsed trace-program 'trace /bin/ls' "trace: a lesson may not trace \"/bin/ls\" (only the shipped samples, samples/NAME, and sh -c with true, false, echo and |)" <<EOF2
$good_head
$step1
## Step 2: Traced

> requires: ptrace

\`\`\`clonesh
trace /bin/ls
trace show 1
\`\`\`
EOF2
rehearsed trace-sh 'trace sh -c "true; id"' "trace: a lesson may not run \"true;\" in sh -c (only true, false, echo and |)" <<EOF2
$good_head
$step1
## Step 2: Traced

> requires: ptrace

\`\`\`clonesh
trace sh -c "true; id"
trace show 1
\`\`\`
EOF2
file=$TEST_TMP/96-trace-and-spawn.md
cat >"$file" <<EOF2
$good_head
$step1
## Step 2: Both

> requires: ptrace

\`\`\`clonesh
trace samples/fork
trace show 1
reset
spawn
\`\`\`
EOF2
run_clonesh --check-lesson "$file"
like "$ERR" "^$file:[0-9]+: step 2 both spawns and shows a traced creation" \
    "--check-lesson refuses a step that both spawns and grades a traced creation"
file=$TEST_TMP/95-trace-sound.md
cat >"$file" <<EOF2
$good_head
$step1
## Step 2: Traced

> requires: ptrace

\`\`\`clonesh
trace samples/fork
trace sh -c 'echo a | true|false'
trace show 2
\`\`\`

> predict: p
> choices: shared=true | copied=false
> truth: shared.vm
> answer: copied
> explain: e
EOF2
run_clonesh --check-lesson "$file"
is_status 0 "--check-lesson accepts a step that traces a sample and sh -c, then grades trace show" ||
    diag "$ERR"

# What a step may do: spawn --force sends what the kernel refuses; a preset
# with a function, flags = and spawn NAME choose afresh; nothing is written.
file=$TEST_TMP/97-sound.md
cat >"$file" <<EOF2
$good_head
$step1
## Step 2: Forced

\`\`\`clonesh
reset
preset fork
flags +sighand
spawn --force hello
\`\`\`

## Step 3: Chosen afresh

\`\`\`clonesh
reset
preset seed
spawn
flags = vm files
spawn write-global 3
save rehearsed.txt
\`\`\`
EOF2
run_clonesh --check-lesson "$file"
is_status 0 "rehearsal: --force, preset seed, flags = and spawn NAME are sound" || diag "$ERR"
if [ -e "$XDG_STATE_HOME/clonesh/rehearsed.txt" ]; then
	fail "rehearsal: save writes nothing" "  $XDG_STATE_HOME/clonesh/rehearsed.txt exists"
else
	pass "rehearsal: save writes nothing"
fi
# lesson FILE at the prompt rehearses it too.
run_clonesh -c "lesson $TEST_TMP/98-exec-sh.md"
is_status 1 "lesson FILE: a lesson that would fail is refused"
line=$(grep -nxF 'fn exec sh' "$TEST_TMP/98-exec-sh.md" | cut -d: -f1)
is "$ERR" "-c:1: lesson: $TEST_TMP/98-exec-sh.md:$line: fn: exec: \"sh\" is not allowed here (allowed: true, false, echo, missing)" \
    "lesson FILE: the refusal names the command's line"

# --run-lesson runs until a command fails, and its summary says so.
file=$TEST_TMP/96-fails.md
cat >"$file" <<EOF2
$good_head
$step1
> expect: exit.status == 0

## Step 2: A typo

\`\`\`clonesh
reset
flags +vmm
spawn
\`\`\`

> expect: exit.status == 0
> expect: shared.vm == true

## Step 3: Never reached

\`\`\`clonesh
reset
spawn
\`\`\`

> expect: exit.status == 0
EOF2
run_clonesh --run-lesson "$file"
is_status 1 "--run-lesson: a failed command fails the run"
line=$(grep -nxF 'flags +vmm' "$file" | cut -d: -f1)
is "$ERR" "$file:$line: flags: unknown flag \"vmm\" (did you mean vm? \"explain flags\" lists them)" \
    "--run-lesson: the error names the failing command's own line"
is "$(printf '%s\n' "$OUT" | tail -n 1)" "$file: 1 of 3 steps run; 1 command failed, 3 expectations not evaluated, 0 disagreements with the kernel" \
    "--run-lesson: the summary counts the failed command and the expectations never evaluated"

# --- the stepper and progress ------------------------------------------------
run_clonesh -c 'lesson 2' -c 'answer 1' -c 'preset fork; fn write-global 42; spawn' -c next
is_status 0 "lesson 2: step 1 runs in batch"
like "$OUT" 'prediction: you said 7, and the kernel agrees' "a right prediction is graded right"
like "$OUT" '^step 2 of 5' "next goes to step 2"
like "$(cat "$XDG_STATE_HOME/clonesh/progress" 2>/dev/null)" '^02-fork-is-clone 1 open$' \
    "progress is saved: lesson 2 at step 2"
run_clonesh -c 'lesson fork; where'
like "$OUT" 'step 2 of 5' "a new clonesh resumes at the saved step (lesson by name)"
run_clonesh -c lessons
like "$OUT" '^\[>\]  2 ' "lessons marks the started lesson [>]"
like "$OUT" '^\[ \] +[0-9]+ ' "lessons marks a lesson not started [ ]"
# Its last step edits the exported program: EDITOR makes the step's change.
# (Where there is no compiler or no kcmp, the step is skipped and done.)
printf '#!/bin/sh\nsed -i "s/, SIGCHLD, s,/, CLONE_FILES | SIGCHLD, s,/" "$1"\n' >"$TEST_TMP/editor"
chmod +x "$TEST_TMP/editor"
EDITOR=$TEST_TMP/editor
export EDITOR
run_clonesh -c 'lesson 2; answer copy; preset fork; fn write-global 42; spawn; next' \
    -c 'answer one; preset fork; fn write-global 42; spawn; next' \
    -c 'drill --reverse --rounds 3 --seed 2 --only vm files fs sighand' \
    -c 'answer flags none' -c 'answer flags fs' -c 'answer flags vm files' \
    -c 'next; answer one; reset; preset fork; fn write-global 2; code --edit'
unset EDITOR
like "$OUT" 'lesson 2 done' "finishing the last step finishes the lesson"
run_clonesh -c lessons
like "$OUT" '^\[✓\]  2 ' "lessons marks the finished lesson [✓]"
run_clonesh -c 'lesson reset 2'
like "$OUT" 'lesson reset 2 yes' "lesson reset asks first"
like "$(cat "$XDG_STATE_HOME/clonesh/progress")" '^02-fork-is-clone' "and changes nothing yet"
run_clonesh -c 'lesson reset 2 yse'
is "$ERR" '-c:1: lesson reset: "yse" is not yes (usage: lesson reset [N|all] [yes])' \
    "lesson reset 2 yse: a clear error, not a silent no"
like "$(cat "$XDG_STATE_HOME/clonesh/progress")" '^02-fork-is-clone' "and changes nothing"
run_clonesh -c 'lesson reset 2 yes'
unlike "$(cat "$XDG_STATE_HOME/clonesh/progress")" '^02-fork-is-clone' "lesson reset 2 yes forgets it"
run_clonesh -c 'lesson 2' -c 'answer 2' -c 'preset fork; fn write-global 42; spawn'
like "$OUT" "prediction: you said 42, but the kernel says 7.*wrong" "a wrong prediction is graded wrong"
like "$OUT" 'why: The child wrote to its own copy' "and explained"
run_clonesh -c 'lesson reset all yes'
run_clonesh -c 'lesson 2; hint; hint; hint; solution'
like "$OUT" '^hint 1 of 2: ' "hint shows the first hint"
like "$OUT" '^hint 2 of 2: ' "then the second"
like "$OUT" 'no more hints' "then says there are no more"
like "$OUT" '^solution: reset; preset fork; fn write-global 42; spawn$' "solution prints the commands in a script"

run_clonesh "$LESSONS/02-fork-is-clone.md"
is_status 0 "clonesh lessons/FILE starts the lesson"
like "$OUT" '^step 1 of 5: The fork preset' "clonesh lessons/FILE shows its first step"

# --- bad input to the lesson commands -------------------------------------------
for cmd in next back again hint solution where 'answer 1'; do
	run_clonesh -c "$cmd"
	if [ "$STATUS" = 1 ] && printf '%s\n' "$ERR" | grep -q "no lesson is running"; then
		pass "$cmd without a lesson: a clear error"
	else
		fail "$cmd without a lesson: a clear error" "  status $STATUS" "$(tap_show "$ERR")"
	fi
done
run_clonesh -c 'lesson 99'
like "$ERR" 'no lesson "99"' "lesson 99: names what is wrong"
run_clonesh -c 'lesson clone'
is_status 1 "lesson clone: a prefix of three lessons' names fails"
is "$ERR" '-c:1: lesson: "clone" could be 03-clone-vm, 11-clone-parent, 13-clone3-and-pidfds (type more of the name, or the number)' \
    "lesson clone: names the candidates instead of taking the first"
run_clonesh -c 'lesson clone-p; where'
like "$OUT" '^lesson 11: ' "lesson clone-p: a prefix only one name has starts that lesson"
run_clonesh -c 'lesson 2; answer 7 apples'
like "$ERR" 'answer: "7 apples" is not a choice \(1\) 7, 2\) 42\)' "answer: a wrong choice lists the choices"
run_clonesh -c 'lesson 2; back'
like "$ERR" 'back: this is the first step' "back on the first step"
run_clonesh --run-lesson "$TEST_TMP/none.md"
is_status 2 "--run-lesson of a missing file: status 2"

# --- a prediction is graded only on the step's own experiment ----------------------
run_clonesh -c 'lesson reset all yes' -c 'lesson 1; answer 2; spawn'
like "$OUT" '^not graded: this is not the experiment of step 1 \(flags: yours are none, the step.s CLONE_VM; .*fn: yours is hello, the step.s seed-hello\)$' \
    "lesson 1: a spawn under other settings is not graded, and the differences are named"
like "$OUT" '^the step.s commands set it up: reset; preset seed; spawn; show' \
    "and the step's commands are offered"
unlike "$OUT" '^prediction: ' "and no grade is given on it"
unlike "$OUT" 'step done' "and the step is not done"
run_clonesh -c 'lesson reset all yes' -c 'lesson 1; answer 2; spawn; reset; preset seed; spawn'
like "$OUT" '^prediction: you said a copy, but the kernel says the parent.s \(shared.vm = true\): wrong$' \
    "the step's own experiment then grades the prediction"
like "$OUT" '^step done: type "next"' "and finishes the step"

# A traced creation is graded only when it is the step's: its program, its
# creation (lesson 14 step 1 traces samples/pthread and shows creation 1).
if ! kcmp_works; then
	for _ in 1 2 3 4 5; do skip "lesson 14 at the prompt: $NO_KCMP (its steps need kcmp, and skip)"; done
elif "$CLONESH" -c 'trace /bin/true' >/dev/null 2>&1 </dev/null; then
	run_clonesh -c 'lesson reset all yes' -c 'lesson 14; answer 1; trace samples/fork; trace show 1'
	like "$OUT" '^not graded: step 1 traces another program \(yours: trace samples/fork; the step.s: trace samples/pthread\)$' \
	    "lesson 14: a creation of another program is not graded, and the programs are named"
	unlike "$OUT" '^prediction: ' "and no grade is given on it"
	run_clonesh -c 'lesson reset all yes' -c 'lesson 14; where; answer 1; trace samples/pthread; trace show 1'
	like "$OUT" 'to do: answer the prediction, then trace$' "where says a traced step is done by tracing"
	like "$OUT" '^prediction: you said its creator.s, and the kernel agrees \(shared.files = true\): right$' \
	    "the step's own traced creation grades the prediction"
	like "$OUT" '^step done: type "next"' "and its expectations finish the step"
else
	skip "lesson 14 at the prompt: this system does not let clonesh trace (ptrace denied)"
fi

# --- a step without an experiment is finished at the prompt ------------------------
# Lesson 6 as it ends with its drill (the step after it, "Write it", edits
# the exported program): in a lesson directory of its own.
mkdir -p "$TEST_TMP/lesson6"
awk '/^## Step 7:/ { exit } { print }' "$LESSONS/06-fs-information.md" \
    >"$TEST_TMP/lesson6/06-fs-information.md"
cp "$LESSONS/01-the-seed-program.md" "$TEST_TMP/lesson6/"
CLONESH_LESSONDIR=$TEST_TMP/lesson6
export CLONESH_LESSONDIR
run_clonesh -c 'lesson reset all yes' -c 'lesson 6' -c 'next' -c 'next' -c 'next' -c 'next' -c 'next' -c 'next' -c 'where'
like "$OUT" 'step 6 of 6: Drill: the flags from what was measured' "lesson 6 reaches its last step, which runs no experiment"
like "$OUT" 'to do: type the step.s commands, or "next" to go on and finish the lesson' \
    "where says what finishes it"
run_clonesh -c 'lesson 6' -c 'spawn' -c 'where'
unlike "$OUT" 'lesson 6 done' "a stray spawn does not finish a step without an experiment"
# A step whose spawn has -n is graded on the experiment that ran (fifty
# children), not on the settings, which keep one child.
run_clonesh -c 'lesson reset 1 yes' -c 'lesson 1' -c next -c next -c next -c next -c next \
    -c 'reset; preset seed; spawn -n 50' -c where
unlike "$OUT" 'not graded' "spawn -n 50 is the experiment lesson 1 step 6 sets up"
like "$OUT" '^  this step is done: "next" goes on$' "and it finishes the step"

# Resumed at step 6, the steps before it were done (they were saved so).
# Its command starts a drill of three rounds: typed, the step waits for
# them; answered, it is done.
run_clonesh -c 'lesson 6' -c 'drill --reverse --rounds 3 --seed 4 --only fs' -c 'where'
like "$OUT" 'to do: type the step.s commands, or "next" to go on and finish the lesson' \
    "typing a closing drill does not finish the step: its rounds do"
answers=$("$CLONESH" -c 'drill --reverse --rounds 3 --seed 4 --only fs --answers' | sed -n 's/^  \(answer flags .*\)$/\1/p')
is "$(lines_of "$answers")" 3 "the closing drill's --answers: three rounds"
run_clonesh -c 'lesson 6' -c 'drill --reverse --rounds 3 --seed 4 --only fs' \
    -c "$(printf '%s\n' "$answers" | sed -n 1p)" -c "$(printf '%s\n' "$answers" | sed -n 2p)" \
    -c "$(printf '%s\n' "$answers" | sed -n 3p)" -c 'where'
like "$OUT" '^drill: [0-3] of 3 right' "the drill's score goes on the step's page"
like "$OUT" 'grades the answer, not the drill.s own flags' "answering its rounds shows the closing text"
like "$OUT" '^lesson 6 done: "lessons" shows what comes next$' "and finishes the lesson"
like "$OUT" '^  this step is done, and so is lesson 6: "lessons" shows what comes next$' \
    "where on the finished last step says the lesson is done"
run_clonesh -c lessons
like "$OUT" '^\[✓\]  6 ' "lessons marks it [✓]"
# A drill of the learner's own, not the step's, holds no step back.
run_clonesh -c 'lesson reset 6 yes' -c 'lesson 6' -c 'next' -c 'next' -c 'next' -c 'next' \
    -c 'drill --reverse --rounds 2 --seed 3' -c 'explain fs' -c 'where'
like "$OUT" '^  this step is done: "next" goes on$' "a drill of one's own does not hold back a step done by typing"
# "next" through steps whose experiments never ran does not finish the
# lesson: the last step is done, the others are named, and the progress
# returns to the first of them (issue 10: [✓] only for a lesson done).
run_clonesh -c 'lesson reset 6 yes' -c 'lesson 6' -c 'next' -c 'next' -c 'next' -c 'next' -c 'next' -c 'next' -c 'next' -c 'where'
like "$OUT" '^the last step is done, but not steps 1, 2, 3, 4, whose experiment did not run with the step.s settings: "back" returns to them; lesson 6 is done with all$' \
    "next on the last step after skipping experiments names the steps not done"
unlike "$OUT" '^lesson 6 done' "and does not finish the lesson"
like "$OUT" '^  this step is done; steps 1, 2, 3, 4 of lesson 6 are not \("back" returns to them\)$' \
    "where says which steps are left"
run_clonesh -c lessons
like "$OUT" '^\[>\]  6 ' "lessons shows it unfinished"
run_clonesh -c 'lesson 6; where'
like "$OUT" 'step 1 of 6' "it resumes at the first step not done"
CLONESH_LESSONDIR=$LESSONS

done_testing
