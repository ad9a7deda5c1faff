#!/bin/sh
# What clonesh shows is what the kernel did, measured: a forced call is
# handed to the kernel and its outcome observed; what was not measured is
# null.
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

# --- a refused clone measured nothing: every id is null, not 0 ------------
observe 'flags = sighand; spawn --force'
jis '.clone.ok' 'false' "sighand without vm: refused"
jis '[.ids.parent[], .ids.child[]] | unique' '[null]' "refused: every id is null"
jis '[.shared[]] | unique' '[null]' "refused: every shared verdict is null"
jis '[.effects.fds, .effects.signals]' '[null,null]' "refused: no fds, no signals (null, not [])"

done_testing
