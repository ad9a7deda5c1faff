#!/bin/sh
# drill both ways: a reverse drill (the flags from an observation), graded
# by running the learner's flags and comparing compare's rows, right and
# wrong, reproducibly from its seed; bad answers refused with the drill
# kept; --rounds and its score; --answers in both directions; and, with
# kcmp made to fail (tests/probe-fault-shim.so), a round not graded rather
# than graded on rows that were not measured.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

# A script on stdin, going on after an error as a learner at the prompt does.
script() {
	printf '%s\n' "$@" >"$TEST_TMP/script"
	RUN_STDIN=$TEST_TMP/script run_clonesh -k
}

# Where kcmp fails, the shared rows are measured by behaviour, or not at
# all: then a round is not graded.
right='right: measured with your flags, every field shown is the same'
kcmp_works || right="($right|\\? not graded: no field differs, but .* not measured)"

# --- seeded: the same drill, the same answer -----------------------------------
run_clonesh -c 'drill --reverse --seed 4 --answers'
first=$OUT
is_status 0 "drill --reverse --seed 4 --answers runs"
like "$OUT" '^drill 4 --reverse: which flags\? the child ran fn ' "the question names the seed and the child's function"
like "$OUT" '^    shared \(kcmp\): vm ' "the observation is shown, measured, row by row"
unlike "$OUT" 'CLONE_' "the question does not give its flags away"
like "$OUT" '^  answer flags vm files$' "--answers: the flags the drill ran (seed 4: vm files)"
run_clonesh -c 'drill --reverse --seed 4 --answers'
is "$(printf '%s\n' "$OUT" | grep '^  answer flags')" "$(printf '%s\n' "$first" | grep '^  answer flags')" \
    "the seed reproduces the drill"
is "$(printf '%s\n' "$OUT" | grep '^drill ')" "$(printf '%s\n' "$first" | grep '^drill ')" \
    "... and its question"

# --- graded right and wrong -----------------------------------------------------
script 'drill --reverse --seed 4' 'answer flags vm files'
like "$OUT" "^answer: flags vm files: $right" "the drill's own flags: right"
script 'drill --reverse --seed 4' 'answer flags fs'
if kcmp_works; then
	like "$OUT" '^answer: flags fs: wrong: run with your flags, [0-9]+ fields differ from the observation:' \
	    "other flags: wrong, measured"
	like "$OUT" '^    shared \(kcmp\) vm: yours copied; the observation.s shared$' \
	    "... with the rows that differ"
	like "$OUT" '^  the drill ran flags vm files$' "... and the flags the drill ran"
else
	skip "other flags graded wrong: kcmp fails here ($(kcmp_works 2>&1)), so the shared rows are not measured"
fi
# The order of the words does not matter; another set giving the same
# observation is right too (CLONE_UNTRACED changes nothing a row shows
# when nobody traces the lab).
script 'drill --reverse --seed 4' 'answer flags files vm'
like "$OUT" "^answer: flags vm files: $right" "the same flags in another order: right"
script 'drill --reverse --seed 4' 'answer flags vm files untraced'
if kcmp_works; then
	like "$OUT" '^answer: flags vm files untraced: right: .* \(the drill ran flags vm files: both give it\)$' \
	    "another set with the same observation: right, and the drill's own named"
else
	like "$OUT" "^answer: flags vm files untraced: $right" "another set with the same observation: right"
fi

# --- bad answers: one line each, and the drill still waits ---------------------
script 'drill --reverse --seed 4' 'answer flags vmm' 'answer flags' 'answer flags none vm' \
    'answer flags sighand' 'answer flags vm clear_sighand' 'answer flags vm files'
like "$ERR" '^stdin:[0-9]+: answer: unknown flag "vmm" \(did you mean vm\? "explain flags" lists them\)$' \
    "an unknown flag: its name and a suggestion"
like "$ERR" '^stdin:[0-9]+: answer: flags needs the flags \("answer flags vm files", or "answer flags none"\)$' \
    "no flags: what to type"
like "$ERR" '^stdin:[0-9]+: answer: flags none takes no other flag, not "vm"$' "none with another flag"
like "$ERR" '^stdin:[0-9]+: answer: flags sighand: the kernel refused them with EINVAL.*; the question stands$' \
    "a set the kernel refuses: its refusal, measured, on one line"
like "$ERR" '^stdin:[0-9]+: answer: flags vm clear_sighand: CLONE_CLEAR_SIGHAND needs clone3.*, and clonesh does not send it \(fix: .*\); the question stands$' \
    "a set clonesh itself does not send (as spawn --force does not): said so"
is "$(printf '%s\n' "$ERR" | grep -c 'answer:')" 5 "... one line for each bad answer"
like "$OUT" "^answer: flags vm files: $right" "... and the drill kept its question"
run_clonesh -c 'answer flags vm'
like "$ERR" 'answer: no drill asks for flags now \("drill --reverse" asks one\)$' "no drill: answer flags says so"
script 'drill --reverse --seed 4' 'answer flags vm files' 'answer flags vm files'
like "$ERR" 'answer: no drill asks for flags now' "an answered drill asks no more"

# --- rounds and their score ------------------------------------------------------
run_clonesh -c 'drill --reverse --rounds 3 --seed 30 --only vm --answers'
answers=$(printf '%s\n' "$OUT" | sed -n 's/^  \(answer flags .*\)$/\1/p')
is "$(lines_of "$answers")" 3 "--rounds 3 --answers: three answers"
is "$(printf '%s\n' "$answers" | tr '\n' '|')" "answer flags none|answer flags vm|answer flags vm|" \
    "--only vm draws vm or none (seed 30)"
# shellcheck disable=SC2086
script 'drill --reverse --rounds 3 --seed 30 --only vm' "$(printf '%s\n' "$answers" | sed -n 1p)" \
    "$(printf '%s\n' "$answers" | sed -n 2p)" "$(printf '%s\n' "$answers" | sed -n 3p)"
like "$OUT" '^round 3 of 3$' "the rounds are numbered"
like "$OUT" '^score: 2 of 2 right$|^score: 0 of 0 right$' "a running score between rounds"
if kcmp_works; then
	like "$OUT" '^drill: 3 of 3 rounds right \("drill --rounds 3 --seed 30 --reverse --only vm" plays them again\)$' \
	    "the final score, and how to play them again"
else
	like "$OUT" '^drill: [0-3] of 3 rounds right(; [1-3] not graded \(not measured\))? ' "the final score says what was not graded"
fi
script 'drill --reverse --rounds 3 --seed 30 --only vm' 'answer flags files' 'answer flags files' 'answer flags files'
if kcmp_works; then
	like "$OUT" '^drill: 0 of 3 rounds right' "wrong answers score nothing"
else
	skip "wrong answers score nothing: kcmp fails here, the rounds are not graded"
fi
# Without --reverse the rounds go both ways (seed 2: one each).
run_clonesh -c 'drill --rounds 2 --seed 2 --answers'
like "$OUT" '^answers \(measured; the reason from the flags\):$' "--rounds: a forward round's answers"
like "$OUT" '^  answer flags ' "... and a reverse round's"
# A forward round is graded by its predictions at the spawn.
script 'drill --rounds 1 --seed 1' 'predict exit=0' 'spawn'
like "$OUT" '^round 1: (right|wrong) \([0-9] of [0-9] predictions right\)$' "a predicted round is graded at the spawn"
like "$OUT" '^drill: [01] of 1 rounds right' "... and scored"

# --- the forward drill is what it was ------------------------------------------------
run_clonesh -c 'drill --seed 5 --answers'
like "$OUT" '^drill 5: flags = ' "drill --seed 5: the forward drill"
like "$OUT" '^answers \(measured; the reason from the flags\):$' "--answers: measured answers"
unlike "$OUT" 'answer flags' "... and no reverse question"

# --- bad options ----------------------------------------------------------------------
run_clonesh -c 'drill --rounds 0'
like "$ERR" 'drill: --rounds is a number from 1 to 50, not "0"$' "--rounds 0 refused"
run_clonesh -c 'drill --rounds'
like "$ERR" 'drill: --rounds needs a number from 1 to 50$' "--rounds without a number"
run_clonesh -c 'drill --only vmm'
like "$ERR" 'drill: --only: unknown flag "vmm"' "--only with an unknown flag"
run_clonesh -c 'drill --only'
like "$ERR" 'drill: --only needs flags to draw from' "--only without flags"

run_clonesh -c 'drill --only sigchld'
like "$ERR" 'drill: --only: unknown flag "sigchld".*or signal, end, variant, seccomp\)$' "--only names its settings in the error"
run_clonesh -c 'drill --reverse --forward --rounds 2'
is_status 1 "--reverse --forward fails"
like "$ERR" 'drill: --reverse and --forward exclude each other \(one direction for every round; neither mixes them\)$' "... saying the two exclude each other"

# --- --forward, and --only's settings: signal, end, variant ---------------------------
# Every round forward; the settings drawn from a stream of their own, so the
# seeded drills above (flags only) are what they were.
run_clonesh -c 'drill --forward --rounds 3 --seed 6 --only signal --answers'
is "$(printf '%s\n' "$OUT" | grep -c '^answers (measured')" 3 "--forward: three rounds, each forward"
unlike "$OUT" 'answer flags' "--forward: no reverse round"
is "$(printf '%s\n' "$OUT" | grep '^drill ' | sed 's/; fn .*//')" "drill 6: flags = none; signal none
drill 7: flags = none; signal SIGUSR1
drill 8: flags = none" "--only signal, seed 6: the exit signal drawn (none, SIGUSR1, SIGCHLD), no flag"
is "$(printf '%s\n' "$OUT" | sed -n 's/^  predict .*\(wait\.plain=[^ ]*\) \(run\.lab_signal=[^ ]*\).*/\1 \2/p')" \
    "wait.plain=ECHILD run.lab_signal=null
wait.plain=ECHILD run.lab_signal=SIGUSR1
wait.plain=ok run.lab_signal=null" \
    "--only signal: each round's predict line, measured: only SIGCHLD is waited for plainly, SIGUSR1 kills the lab"
first_rounds=$(printf '%s\n' "$OUT" | grep -e '^drill ' -e '^  predict ')
run_clonesh -c 'drill --forward --rounds 3 --seed 6 --only signal --answers'
is "$(printf '%s\n' "$OUT" | grep -e '^drill ' -e '^  predict ')" "$first_rounds" \
    "--only signal: the seed reproduces the rounds and their answers"

run_clonesh -c 'drill --forward --rounds 2 --seed 9 --only end --answers'
like "$OUT" '^drill 9: flags = none; stack end bottom; fn ' "--only end: the stack's end drawn (seed 9: bottom)"
like "$OUT" '^  predict run\.lab_signal=SIGSEGV exit=null$' \
    "--only end: handed the bottom, the lab dies of SIGSEGV, nothing else is asked"

run_clonesh -c 'drill --forward --rounds 3 --seed 1 --only variant vm files --answers'
if clone3_works; then
	like "$OUT" '^drill 2: flags = vm; variant clone3; fn ' "--only variant: the call drawn (seed 2: clone3)"
else
	# The kernel's rules refuse clone3 here: the drill draws again, clone only.
	unlike "$OUT" 'variant clone3' "--only variant: no clone3 drawn where $NO_CLONE3"
fi
# --only seccomp: the lab's filter drawn too (one --only flag refused to
# clone(), or clone3 refused), and what the call answers asked.
run_clonesh -c 'drill --forward --rounds 3 --seed 12 --only vm variant seccomp --answers'
if seccomp_works && clone3_works; then
	like "$OUT" '^drill 12: flags = vm; seccomp deny vm; fn ' "--only seccomp: a filter drawn (seed 12: deny vm)"
	like "$OUT" '^  predict clone\.errno=EPERM exit=null$' \
	    "--only seccomp: clone() with a denied flag: EPERM, nothing else asked but the end"
	like "$OUT" '^drill 13: flags = vm; variant clone3; seccomp clone3 enosys; fn ' \
	    "--only seccomp: clone3 refused drawn (seed 13)"
	like "$OUT" '^  predict clone\.errno=ENOSYS exit=null$' "--only seccomp: clone3 under it: ENOSYS"
	like "$OUT" '^  predict clone\.errno=null vm=true .* exit=0$' \
	    "--only seccomp: clone3 with the flag clone() would be refused: a child, its sharing asked"
	script 'drill --forward --rounds 1 --seed 12 --only vm variant seccomp' 'predict clone.errno=EPERM exit=null' 'spawn'
	like "$OUT" '^round 1: right \(2 of 2 predictions right\)$' "--only seccomp: the refusal predicted, graded right"
	script 'drill --forward --rounds 1 --seed 12 --only vm variant seccomp' 'predict clone.errno=null' 'spawn'
	like "$OUT" '^round 1: wrong \(0 of 1 predictions right\)$' "--only seccomp: a child predicted, graded wrong"
else
	for _ in 1 2 3 4 5 6 7; do skip "$NO_SECCOMP, or $NO_CLONE3"; done
fi
run_clonesh -c 'drill --only seccomp'
like "$OUT" '^drill [0-9]+: .*; seccomp (deny vm|clone3 enosys); fn ' \
    "--only seccomp alone: a filter on CLONE_VM or clone3, the flags drawn as the level's"

# A predicted forward round, graded and scored.
script 'drill --forward --rounds 1 --seed 9 --only end' 'predict run.lab_signal=SIGSEGV exit=null' 'spawn'
like "$OUT" '^round 1: right \(2 of 2 predictions right\)$' "--only end: the predictions graded right at the spawn"
script 'drill --forward --rounds 1 --seed 9 --only end' 'predict run.lab_signal=null' 'spawn'
like "$OUT" '^round 1: wrong \(0 of 1 predictions right\)$' "--only end: a wrong prediction graded wrong"

# --- a lesson's closing drill, played by --run-lesson with the drill's answers --------
run_clonesh --run-lesson "$TOP_SRCDIR/lessons/03-clone-vm.md"
like "$OUT" '^clonesh> answer flags (vm|none)$' "--run-lesson answers the closing drill's rounds"
like "$OUT" 'lessons/03-clone-vm.md: (7 of 7 steps run|6 of 7 steps run \(1 skipped: [^)]*\)); 0 commands failed, 0 expectations not evaluated, 0 disagreements' \
    "... and the lesson passes"
# A forward drill in a lesson: predict is allowed while the drill runs, and
# the drill's own answer is a predict line, then the spawn.
run_clonesh --run-lesson "$TOP_SRCDIR/lessons/08-exit-signals.md"
like "$OUT" '^clonesh> predict vm=(true|false|null) .*wait\.plain=ECHILD run\.lab_signal=SIGUSR1 exit=0$' \
    "--run-lesson answers a forward round with its measured predictions"
like "$OUT" '^drill: 3 of 3 rounds right' "... each round graded right"
like "$OUT" 'lessons/08-exit-signals.md: (9 of 9 steps run|8 of 9 steps run \(1 skipped: [^)]*\)); 0 commands failed' \
    "... and the lesson passes"

# --- kcmp made to fail: not graded, never graded on what was not measured -------------
shim=$TOP_BUILDDIR/tests/probe-fault-shim.so
if [ -n "${CLONESH_SANITIZERS:-}" ] || [ ! -f "$shim" ]; then
	# The shim cannot be preloaded before ASan's runtime.
	for _ in 1 2 3; do skip "kcmp failing: no shim (a sanitizer build, or not built)"; done
else
	PROBE_FAULT=kcmp LD_PRELOAD=$shim
	export PROBE_FAULT LD_PRELOAD
	script 'drill --reverse --seed 4' 'answer flags vm files' 'drill --reverse --seed 4' 'answer flags fs'
	unset PROBE_FAULT LD_PRELOAD
	like "$OUT" '^    shared \(kcmp\): .*io not measured' "kcmp failing: a row measured by no means says so"
	like "$OUT" '^answer: flags vm files: right: measured with your flags' \
	    "kcmp failing: graded on the rows measured by behaviour, the drill's own flags right"
	like "$OUT" '^answer: flags fs: wrong: ' "kcmp failing: ... and other flags wrong"
fi

done_testing
