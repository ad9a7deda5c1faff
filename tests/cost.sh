#!/bin/sh
# cost: the figures exist and are positive (never how large: that is
# bench/cost.sh's), the JSON's shape, bad input refused, the pane's chart,
# and no zombie or memory left in clonesh afterwards.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }

# --- plain mode and JSON --------------------------------------------------------------
run_clonesh -c 'cost --memory 1m,64m'
is_status 0 "cost --memory 1m,64m: runs"
like "$OUT" 'timed: from the call until it returned in the parent' "cost: says what is timed"
for call in 'fork\(\)' 'vfork\(\)' 'clone\(CLONE_VM\)' 'posix_spawn\(\)' 'pthread_create\(\)'; do
	like "$OUT" "^  $call +[0-9.]+ (ns|µs|us|ms|s) +[0-9.]+ (ns|µs|us|ms|s)" "cost: a time at both sizes for $call"
done
like "$OUT" '^  VmPTE +[0-9]+ kB +[0-9]+ kB' "cost: the lab's VmPTE at both sizes"
like "$OUT" 'fork\(\): [0-9.]+ times \((grows|flat)' "cost: says how many times fork's median grew"

run_clonesh -c 'cost --memory 1m,64m --json' -c 'report --json'
is_status 0 "cost --json: runs"
J=$(printf '%s\n' "$OUT" | head -n 1)
R=$(printf '%s\n' "$OUT" | tail -n 1)
jis 'keys' '["cost"]' "cost --json: one object, cost"
jis '.cost | [.timed, .runs, (.sizes | length)]' \
    '["from the call until it returned in the parent",15,2]' "cost --json: what is timed, the runs, the sizes"
jis '[.cost.sizes[].bytes]' '[1048576,67108864]' "cost --json: the sizes in bytes, in order"
jis '[.cost.sizes[] | (.fork, .vfork, .clone_vm, .posix_spawn, .pthread_create) |
    (.median_ns > 0 and .min_ns > 0 and .max_ns >= .median_ns and .median_ns >= .min_ns and .error == null)] | all' \
    'true' "cost --json: every median, min and max is positive and ordered, no error"
jis '[.cost.sizes[] | .vm_pte_kb > 0 and .vm_rss_kb > 0 and .pages == .bytes / 4096] | all' 'true' \
    "cost --json: VmPTE and VmRSS measured at each size"
jis '[.cost | (.fork, .vfork, .clone_vm, .posix_spawn, .pthread_create) |
    (.percent > 0 and (.grows | type) == "boolean" and
    (.growth | IN("flat", "4x", "10x", "100x")))] | all' 'true' \
    "cost --json: each method's percent, grows and growth"
jis '.cost | [(.grows_most | IN("fork","vfork","clone_vm","posix_spawn","pthread_create")),
    .fork_vfork_percent > 0, (.fork_vfork | IN("flat", "4x", "10x", "100x")), .vm_pte_percent > 0]' \
    '[true,true,true,true]' "cost --json: grows_most, fork_vfork, vm_pte_percent"
jis '.cost.fork.grows == (.cost.fork.percent >= 400)' 'true' "cost --json: grows is percent >= 400"
J=$R
jis '.cost.sizes | length' '2' "report --json after cost: the same cost object"

observe 'spawn'
jis 'has("cost")' 'false' "report --json after a spawn: no cost object"

run_clonesh -c 'cost --memory 2m'
is_status 0 "cost --memory 2m: one size runs"
like "$OUT" 'one size: nothing to compare it with' "cost with one size: says there is no growth to tell"

# --- bad input -----------------------------------------------------------------------
bad() {
	run_clonesh -c "$1"
	is_status 1 "$1: fails"
	is "$ERR" "-c:1: $2" "$1: says what is wrong and what is allowed"
}
allowed='1m to 4g, for example 1m, 64m, 256m, 1g; or several: 1m,256m'
bad 'cost --memory 12q' "cost: --memory \"12q\" is not a size ($allowed)"
bad 'cost --memory -1m' "cost: --memory \"-1m\" is not a size ($allowed)"
bad 'cost --memory 512k' "cost: --memory 512k is less than 1m ($allowed)"
bad 'cost --memory 0' "cost: --memory 0 is less than 1m ($allowed)"
bad 'cost --memory 5g' "cost: --memory 5g is more than 4g ($allowed)"
bad 'cost --memory 99999999999999999999g' "cost: --memory 99999999999999999999g is more than 4g ($allowed)"
bad 'cost --memory 1m,,x' "cost: --memory \"x\" is not a size ($allowed)"
bad 'cost --memory' "cost: --memory needs a size ($allowed)"
bad 'cost --fast' 'cost: unknown argument "--fast" (usage: cost [--memory SIZE[,SIZE...]] [--json])'
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
if [ -n "$avail" ] && [ "$avail" -lt 8000 ] && [ "$avail" -gt 4 ]; then
	run_clonesh -c "cost --memory $(( avail / 2 + 2 ))m"
	is_status 1 "cost: more than half the available memory is refused"
	like "$ERR" 'is more than half the memory this machine has available' "cost: says why"
else
	skip "cost: more than half the available memory ($avail MiB available: over 8g, 4g is the limit)"
	skip "cost: says why"
fi

# --- the pane --------------------------------------------------------------------------
. "${TOP_SRCDIR:-.}/tests/tmux.sh"

POLL_TRIES=1200	# a cost of 256m takes a few seconds
# The lab's size: 256m where half the available memory holds it, else 16m.
big=256
[ "${avail:-0}" -gt 600 ] || big=16
start c NO_COLOR=1
small c
check_status c 0 '' "pane: started at 80x24 without colour"
shell=$(tm display -p -t c '#{pane_pid}')
clonesh=$(children_of "$shell" | awk '$3 == "clonesh" { print $1; exit }')
[ -n "$clonesh" ] || clonesh=$shell	# the pane's command is clonesh itself
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$clonesh/status"; }
before=$(rss)
tm send-keys -t c "cost --memory 1m,${big}m" Enter
check_status c 1 '' "pane: cost ran"
check c "^memory +1m +${big}m" "pane, 80x24: the chart's sizes"
check c '^fork\(\) +[0-9.]+ [nµm]?s +[0-9.]+ [nµm]?s' "pane, 80x24: fork's medians at both sizes"
esc=$(printf '\033')
if tm capture-pane -e -p -t c | grep '^fork()' | grep -q "$esc\[[0-9;]*7m"; then
	pass "pane, 80x24, no colour: fork's bar is drawn (reverse video)"
else
	fail "pane, 80x24, no colour: fork's bar is drawn (reverse video)" "  $(tm capture-pane -e -p -t c | grep '^fork()' | cat -v)"
fi
check c 'bars: one scale, [0-9.]+ [nµm]?s fills a cell' "pane: the chart says its scale"
check c '^last experiment #1: cost measured' "pane: the header says a cost was measured"
check c '^vfork\(\) ' "pane, 80x24: vfork's row"
check c '^pthread_create\(\) ' "pane, 80x24: pthread_create's row"
check c 'from the call until it returned in the parent' "pane: the chart says what is timed"
after=$(rss)
grown=$(( after - before ))
if [ "$grown" -lt $(( big * 1024 / 4 )) ]; then
	pass "pane: clonesh's RSS did not take the lab's ${big}m ($before kB, then $after kB)"
else
	fail "pane: clonesh's RSS did not take the lab's ${big}m" "  before $before kB, after $after kB"
fi
zombies=$(children_of "$clonesh" | awk '$2 == "Z"')
is "$zombies" "" "pane: no zombie child of clonesh after cost"
labs=$(children_of "$clonesh" | awk '$3 == "clonesh-cost"' | grep -c . || true)
is "$labs" "0" "pane: no cost lab left"
# Ctrl-C while a lab measures: the lab ends, nothing is kept, no lab is left.
has_lab() { children_of "$clonesh" | awk '$3 == "clonesh-cost" { found = 1 } END { exit !found }'; }
no_lab() { ! has_lab; }
if [ "${avail:-0}" -le 600 ]; then
	skip "Ctrl-C: the cost is interrupted ($avail MiB available: 270m needs 540)"
	skip "Ctrl-C: no cost lab is left"
else
tm send-keys -t c 'cost --memory 200m,210m,220m,230m,240m,250m,260m,270m' Enter
if poll_until 600 has_lab; then
	tm send-keys -t c C-c
	check c '^cost: interrupted: nothing measured is kept' "Ctrl-C: the cost is interrupted, saying so"
	if poll_until 600 no_lab; then
		pass "Ctrl-C: no cost lab is left"
	else
		fail "Ctrl-C: no cost lab is left" "  $(children_of "$clonesh")"
	fi
else
	fail "Ctrl-C: a cost lab was seen running" "  $(children_of "$clonesh")"
	skip "Ctrl-C: no cost lab is left (none was seen)"
fi
fi
zombies=$(children_of "$clonesh" | awk '$2 == "Z"')
is "$zombies" "" "Ctrl-C: no zombie child of clonesh"
tm send-keys -t c 'projector on' Enter
check c '^fork\(\) ' "projector: the chart in the projector's body"
tm send-keys -t c 'quit' Enter
check c 'clonesh-exited-0' "pane: quits"

done_testing
