#!/bin/sh
# code --edit: the exported program changed by a scripted editor (EDITOR set
# to a script that changes one flag), compiled, run, and the pending
# predictions graded by what it prints (right, wrong, and ? for a field the
# program does not print); the compiler's messages with the edited file's
# line numbers; no compiler; an editor that fails or changes nothing; the
# kept file; an edit step of a lesson.  Also code --run --json and signal
# catch on in code --run.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

command -v gcc >/dev/null 2>&1 || { echo "1..0 # SKIP gcc is not installed"; exit 0; }
command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }
KEPT=$XDG_STATE_HOME/clonesh/code-edit.c

# editor NAME SED: a script that edits the file it is given with sed.
editor() {
	printf '#!/bin/sh\nsed -i "%s" "$1"\n' "$2" >"$TEST_TMP/$1"
	chmod +x "$TEST_TMP/$1"
}
editor add-vm 's/, SIGCHLD, s,/, CLONE_VM | SIGCHLD, s,/'
editor comment 's|^int$|/* the learner was here */\nint|'
editor break 's/^main(void)$/main(void) this is not C/'

# edit EDITOR COMMANDS: clonesh -c COMMANDS with that editor.
edit() {
	RUN_ARGS="EDITOR=$1 clonesh -c '$2'"
	env -u VISUAL EDITOR="$TEST_TMP/$1" "$CLONESH" -c "$2" </dev/null >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	STATUS=$?
	OUT=$(cat "$TEST_TMP/out")
	ERR=$(cat "$TEST_TMP/err")
}

# --- graded by the program's output ---------------------------------------------
edit add-vm 'preset fork; fn write-global 5; predict global=5 exit=0 pid=1; code --edit --fresh'
is_status 0 "code --edit runs the edited program"
like "$OUT" '^code --edit: your program printed:$' "and shows what it printed"
like "$OUT" '^  \| clone: returned [0-9]+$' "the program ran"
like "$OUT" '^predict global=5: right: the parent sees 5 \(as your program printed it\)$' \
    "CLONE_VM added in the editor: global=5 graded right by the program's output"
like "$OUT" '^predict exit=0: right' "the end graded right"
like "$OUT" '^predict pid=1: \?: not graded: your program.s output does not tell' \
    "a field the program does not print: ?, not graded"
like "$OUT" '^ +ids\.child\.pid_self$' "naming the field"
like "$OUT" '^score: 2 of 2 right this session$' "the ? is not counted in the score"
if kcmp_works; then
	edit add-vm 'preset fork; fn write-global 6; predict vm=copied; code --edit --fresh'
	like "$OUT" '^predict vm=copied: wrong: kcmp VM: same \(as your program printed it\)$' \
	    "vm=copied graded wrong by the edited program's kcmp"
else
	skip "kcmp fails here: the program prints vm: unknown"
fi
edit add-vm 'preset fork; fn write-global 9; predict global=7; code --edit --fresh'
like "$OUT" '^predict global=7: wrong: the parent sees 9 \(as your program printed it\)$' \
    "the exported fork would give 7; the edited program's 9 grades it wrong"

# --- the kept file ------------------------------------------------------------------
edit comment 'preset fork; fn write-global 3; code --edit --fresh'
is_status 0 "a comment added: compiled and run"
edit comment 'preset fork; fn write-global 3; code --edit'
like "$OUT" "^code --edit: your last version of this program, $KEPT" \
    "code --edit again reopens the learner's last version"
like "$(cat "$KEPT")" 'the learner was here' "which holds the learner's change"
edit comment 'preset fork; fn write-global 4; code --edit'
like "$OUT" "the settings changed since you edited it: starting from the exported program; your last version is kept in $KEPT.old" \
    "other settings: the export again, the last version kept"
like "$(cat "$KEPT.old")" 'the learner was here' "in code-edit.c.old"
edit comment 'preset fork; fn write-global 4; code --edit --fresh'
like "$OUT" "starting again from the exported program; your last version is kept in $KEPT.old" \
    "--fresh starts again, keeping the last version"

# --- the compiler's messages, with the file's own line numbers ---------------------------
edit break 'preset fork; code --edit --fresh'
is_status 1 "a program that does not compile fails"
like "$OUT" '^code --edit: .* could not compile your program; its messages, with your file.s line numbers:$' \
    "the compiler's messages are shown"
line=$(grep -n 'this is not C' "$KEPT" | cut -d: -f1)
like "$OUT" "^  \\| $KEPT:$line:[0-9]+: error" "at the edited file's own line ($line)"
like "$ERR" 'code --edit: your program did not compile \("code --edit" reopens it: ' "and says how to go on"

# --- no compiler ------------------------------------------------------------------------
ERR=$(env CC=/nonexistent/cc EDITOR="$TEST_TMP/add-vm" "$CLONESH" -c 'code --edit --fresh' 2>&1 </dev/null)
is "$?" 1 "code --edit without a compiler fails"
like "$ERR" 'code --edit: no C compiler: "/nonexistent/cc" is not an executable \(install one: apt-get install gcc; or set CC\)' \
    "CC pointing nowhere: it says what to install"
ERR=$(env -u CC PATH=/nonexistent EDITOR="$TEST_TMP/add-vm" "$CLONESH" -c 'code --edit --fresh' 2>&1 </dev/null)
like "$ERR" 'code --edit: no C compiler: "cc" is not found in PATH' "no cc in PATH: it says so"

# --- the editor fails, or changes nothing ----------------------------------------------------
ERR=$(env -u VISUAL EDITOR=false "$CLONESH" -c 'code --edit --fresh' 2>&1 </dev/null)
is "$?" 1 "an editor that exits 1 fails code --edit"
like "$ERR" 'code --edit: the editor "false" exited with status 1: nothing compiled' "and says so"
ERR=$(env -u VISUAL EDITOR=true "$CLONESH" -c 'code --edit --fresh' 2>&1 </dev/null)
like "$ERR" 'code --edit: .*code-edit\.c is unchanged: nothing compiled' "an unchanged file is not compiled"
ERR=$(env -u VISUAL EDITOR=/nonexistent/editor "$CLONESH" -c 'code --edit --fresh' 2>&1 </dev/null)
like "$ERR" 'code --edit: the editor "/nonexistent/editor" could not be run \(not found: set VISUAL or EDITOR\)' \
    "a missing editor is named"
ERR=$(env VISUAL="$TEST_TMP/add-vm" EDITOR=false "$CLONESH" -c 'fn write-global 8; predict global=8; code --edit --fresh' 2>&1 </dev/null)
like "$ERR" '^predict global=8: right' "VISUAL comes before EDITOR"
run_clonesh -c 'code --edit x.c'
like "$ERR" 'code: --edit keeps the program it opens itself: it takes no FILE' "code --edit FILE is refused"
run_clonesh -c 'code --fresh'
like "$ERR" 'code: --fresh goes with --edit' "--fresh alone is refused"

# --- a lesson's edit step ------------------------------------------------------------------
cat >"$TEST_TMP/99-edit.md" <<'LESSON'
# Edit

> goal: change a flag in the C
> needs: none
> requires: nothing

## Step 1: Write it

```clonesh
reset
preset fork
fn write-global 42
code --edit
```

> edit: s/, SIGCHLD, s,/, CLONE_VM | SIGCHLD, s,/
> predict: What does the parent read?
> choices: 7 | 42
> truth: effects.global.parent_sees
> answer: 42
> explain: CLONE_VM: one address space.
LESSON
run_clonesh --check-lesson "$TEST_TMP/99-edit.md"
is_status 0 "an edit step passes --check-lesson"
echo '/* the learner own */' >"$KEPT"
run_clonesh --run-lesson "$TEST_TMP/99-edit.md"
is_status 0 "--run-lesson makes the step's change and runs it"
is "$(cat "$KEPT")" "/* the learner own */" "--run-lesson leaves the learner's kept file alone"
like "$OUT" '^code --edit: the step.s change, made for you: s/, SIGCHLD, s,/, CLONE_VM \| SIGCHLD, s,/$' \
    "--run-lesson says which change it made"
like "$OUT" 'prediction: you said 42, and the kernel agrees \(effects\.global\.parent_sees = 42\): right' \
    "the step's prediction graded by the program's output"
sed 's|^> answer: 42|> answer: 7|' "$TEST_TMP/99-edit.md" >"$TEST_TMP/98-edit.md"
run_clonesh --run-lesson "$TEST_TMP/98-edit.md"
is_status 1 "a wrong answer is a disagreement with the kernel"
like "$OUT" 'prediction: you said 7, but the kernel says 42' "graded wrong"
sed 's|^> edit: .*|> edit: s/CLONE_FILES/CLONE_FS/|' "$TEST_TMP/99-edit.md" >"$TEST_TMP/97-edit.md"
run_clonesh --check-lesson "$TEST_TMP/97-edit.md"
is_status 1 "a change that does not match the export fails --check-lesson"
like "$ERR" "97-edit.md:[0-9]+: code --edit: the step's change s/CLONE_FILES/CLONE_FS/ is not in the exported program \\(it must occur exactly once\\)" \
    "naming the change"
sed 's|^> truth: .*|> truth: ids.child.pid_self|' "$TEST_TMP/99-edit.md" >"$TEST_TMP/96-edit.md"
run_clonesh --check-lesson "$TEST_TMP/96-edit.md"
like "$ERR" 'truth: the exported program does not print ids.child.pid_self, so its run cannot grade it' \
    "a truth the program does not print is refused"
# A lesson is content from elsewhere, and --run-lesson compiles what its
# change makes: flags, signals, numbers and | only, no code added or removed.
sed 's|^> edit: .*|> edit: s/return 0;/system("id"); return 0;/|' "$TEST_TMP/99-edit.md" >"$TEST_TMP/94-edit.md"
run_clonesh --check-lesson "$TEST_TMP/94-edit.md"
is_status 1 "a change that adds code is refused"
like "$ERR" 'edit: .* changes more than flags: a lesson.s change may add, remove or replace only flag and signal names \(CLONE_\*, SIG\*\), numbers and \|' \
    "saying what a change may do"
run_clonesh --run-lesson "$TEST_TMP/94-edit.md"
is_status 2 "--run-lesson refuses it too, before running anything"
sed 's|^> edit: .*|> edit: s/if (pid < 0)//|' "$TEST_TMP/99-edit.md" >"$TEST_TMP/93-edit.md"
run_clonesh --check-lesson "$TEST_TMP/93-edit.md"
like "$ERR" 'changes more than flags' "a change that removes code is refused"
grep -v '^> edit:' "$TEST_TMP/99-edit.md" >"$TEST_TMP/95-edit.md"
run_clonesh --check-lesson "$TEST_TMP/95-edit.md"
like "$ERR" 'step 1 runs "code --edit" without the change to make' "code --edit without > edit: is refused"
# At the prompt: the learner's change is the step's (white space aside), or not graded.
RUN_STDIN=$TEST_TMP/in
printf 'lesson %s\nreset\npreset fork\nfn write-global 42\nanswer 42\ncode --edit --fresh\n' "$TEST_TMP/99-edit.md" >"$RUN_STDIN"
edit_in() {
	env -u VISUAL EDITOR="$TEST_TMP/$1" "$CLONESH" <"$RUN_STDIN" >"$TEST_TMP/out" 2>&1
	OUT=$(cat "$TEST_TMP/out")
}
edit_in add-vm
like "$OUT" 'prediction: you said 42, and the kernel agrees' "at the prompt, the learner's edit is graded"
like "$OUT" 'lesson 99 done' "and the step is done"
edit_in comment
like "$OUT" 'not graded: your program is not step 1.s change \(the step.s: s/, SIGCHLD, s,/, CLONE_VM \| SIGCHLD, s,/' \
    "another change is not graded, naming the step's"
RUN_STDIN=

# --- code --run: JSON, and a caught exit signal ------------------------------------------
run_clonesh --json -c 'preset fork; code --run'
J=$(printf '%s\n' "$OUT" | tail -n 1)
is "$(printf '%s' "$J" | jq -r '.code_run.agree')" true "code --run --json: the comparison as JSON, agreeing"
is "$(printf '%s' "$J" | jq -r '.code_run.compared[0] | "\(.what) \(.program) \(.lab) \(.same)"')" \
    "end status 0 status 0 true" "code --run --json: the end compared"
like "$(printf '%s' "$J" | jq -r '.code_run.output')" 'clone: returned' "code --run --json: the program's output"
for sig in SIGCHLD SIGUSR1; do
	run_clonesh -c "signal $sig; signal catch on; fn exit 3; code --run"
	like "$OUT" "^  \\| caught: $sig si_code CLD_EXITED si_status 3 si_pid [0-9]+\$" \
	    "signal catch on, $sig: the exported program's handler records the siginfo"
	like "$OUT" "^code --run: agree: .*, the caught signal \\($sig si_code CLD_EXITED si_status 3\\)\$" \
	    "signal catch on, $sig: the program and the lab agree on it"
done
run_clonesh -c 'signal catch on; fn crash SEGV; code --run'
like "$OUT" 'the caught signal \(SIGCHLD si_code CLD_KILLED si_status 11\)' "a killed child: CLD_KILLED, agreed"

done_testing
