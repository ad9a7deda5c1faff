#!/bin/sh
# What clonesh shows is what the kernel did, measured: a forced call is
# handed to the kernel and its outcome observed; what was not measured is
# null; and no renderer, note or explanation decides on the flags asked
# without saying so (the grep at the end).
. "${TOP_SRCDIR:-.}/tests/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }

# --- spawn --force hands CLONE_NEWTIME through clone() to the kernel ------
run_clonesh -c 'flags +newtime; spawn'
is_status 1 "newtime under variant clone: refused by clonesh without --force"
like "$ERR" 'spawn --force' "... and the refusal offers --force"

observe 'flags +newtime; spawn --force'
jis '[.clone.ok, .clone.forced]' '[true,true]' "newtime --force: the kernel accepts the call"
# 0x80 (CLONE_NEWTIME) | 17 (SIGCHLD) = 145, in clone()'s exit-signal byte.
jis '.ids.child.exit_signal' '145' "newtime --force: the kernel stored exit signal 145 (0x80|17)"
jis '.namespaces.time.shared' 'true' "newtime --force: and made no time namespace"
jis '.exit.status' '0' "newtime --force: the child ran and exited"
like "$(printf '%s' "$J" | jq -r '.run.notes[]')" 'exit signal 145 .*not SIGCHLD.*CLONE_NEWTIME \(0x80\)' \
    "newtime --force: a note says what the kernel did with the bit"
observe 'preset fork; spawn'
jis '.ids.child.exit_signal' '17' "fork: the stored exit signal is SIGCHLD's 17"
jis '[.run.notes[] | select(test("exit signal"))]' '[]' "fork: no exit-signal note"
run_clonesh -c 'flags +newtime; spawn --force; why'
like "$OUT" '^clone: accepted under --force, which clonesh would not send' "newtime --force: why says clonesh would not have sent it"
# why wraps its lines: join them before matching a sentence.
like "$(printf '%s\n' "$OUT" | awk '/^[^ ]/ { if (l) print l; l = $0; next } { sub(/^ +/, " "); l = l $0 } END { print l }')" \
    '^waited: .*the exit signal is 145, not' "newtime --force: why's wait follows the stored exit signal, not SIGCHLD asked"

# --- a refused clone measured nothing: every id is null, not 0 ------------
observe 'flags = sighand; spawn --force'
jis '.clone.ok' 'false' "sighand without vm: refused"
# The lab ran: its uid and gid, read from its /proc/PID/status, are measured.
jis '[(.ids.parent | del(.uid, .gid))[], .ids.child[]] | unique' '[null]' \
    "refused: every id of the clone is null"
jis '[.shared[]] | unique' '[null]' "refused: every shared verdict is null"
jis '[.effects.fds, .effects.signals]' '[null,null]' "refused: no fds, no signals (null, not [])"

# --- no decision on the flags asked without a mark ------------------------
# The renderers, notes and explanations choose words by measurements.  A
# line that reads the configuration's flags must say why with "asked:" in
# a comment on it or the line above (the flags then describe what was
# asked: the syscall line, which question to put, which words exist).
# src_of FILE: where FILE is in src/'s layers
src_of() { find "$TOP_SRCDIR/src" -name "$1" | head -n 1; }
for f in view.c observation.c obs-text.c obs-json.c why.c cmd-history.c cmd-drill.c cmd-snapshot.c svg.c pane.c predict.c course.c; do
	bad=$(awk -v f="$f" '
		/cfg\.flags|e->flags|->flags &|has\(o,/ && !/asked:/ && prev !~ /asked:/ { printf "%s:%d: %s\n", f, NR, $0 }
		{ prev = $0 }' "$(src_of "$f")")
	if [ -z "$bad" ]; then
		pass "$f: every use of the flags asked is marked"
	else
		fail "$f: every use of the flags asked is marked" "$(tap_show "$bad")"
	fi
done
# lab.c measures on the flags (how to call clone, whom to wait for); its
# notes, from observe_end on, must not choose by them.
bad=$(awk '/^observe_end\(/ { on = 1 } on && /^}/ { on = 0 }
	on && /e->flags|cfg\.flags/ && !/asked:/ && prev !~ /asked:/ { printf "lab.c:%d: %s\n", NR, $0 }
	{ prev = $0 }' "$(src_of lab.c)")
if [ -z "$bad" ]; then
	pass "lab.c: observe_end's notes do not choose by the flags asked"
else
	fail "lab.c: observe_end's notes do not choose by the flags asked" "$(tap_show "$bad")"
fi

done_testing
