#!/bin/bash
# The flag matrix: every set of the 12 core flags (4096) with six child
# functions, 24576 experiments in one batch run with `spawn --force`, so that
# refused sets reach the kernel.  Then the same script without --force, which
# collects the validator's verdict (clonesh refuses before the kernel).
#
# Bars: no shell death (an observation for every experiment, exit status 0);
# every refusal names its errno and rule; the kernel and the validator agree
# on every set.  Prints the figures; exits 1 when a bar is not met.
#
# usage: reliability/matrix.sh [PATH/TO/clonesh]     (make reliability passes it)
# As root the namespace flags are used as they are; otherwise each set with a
# namespace flag also gets newuser, which grants CAP_SYS_ADMIN inside it.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
clonesh=${1:-${CLONESH:-$here/../src/clonesh}}
[[ -x $clonesh ]] || { echo "$0: $clonesh: not an executable (build with make first)" >&2; exit 2; }
command -v jq >/dev/null || { echo "$0: jq is needed to read the observations" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-matrix.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_STATE_HOME=$tmp/state
mkdir -p "$HOME"

core=(vm fs files sighand thread vfork parent sysvsem io newns newuts newpid)
fns=('hello' 'write-global 42' 'open-fd /etc/passwd' 'sigaction SIGUSR1 handler' 'chdir /' 'exit 3')
root=$([[ $(id -u) == 0 ]] && echo yes || echo no)

# One line per experiment in the script; the expected flags (kernel names,
# sorted as the check below sorts the observation's) and function in
# "expect", in the same order.
sorted=($(printf '%s\n' "${core[@]}" newuser | LC_ALL=C sort))
for ((m = 0; m < 4096; m++)); do
	set=
	for ((b = 0; b < 12; b++)); do
		((m >> b & 1)) && set+=" ${core[b]}"
	done
	if [[ $root == no && $set == *new* ]]; then
		set+=" newuser"
	fi
	names=
	for f in "${sorted[@]}"; do
		[[ " $set " == *" $f "* ]] && names+="${names:+|}CLONE_${f^^}"
	done
	for f in "${fns[@]}"; do
		if [[ -z $set ]]; then
			echo "flags none; spawn --force $f" >&3
		else
			echo "flags =$set; spawn --force $f" >&3
		fi
		echo "$m ${names:--} ${f%% *}"
	done
done 3>"$tmp/forced" >"$tmp/expect"
sed 's/ --force//' "$tmp/forced" >"$tmp/plain"
total=$(wc -l <"$tmp/forced")

echo "clonesh: $clonesh"
echo "machine: $(uname -srm), $(nproc) cpus, running as $(id -un)"
echo "experiments: $total (4096 flag sets x ${#fns[@]} functions: $(printf '%s, ' "${fns[@]}" |
    sed 's/, $//'))"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

t0=$(date +%s%N)
"$clonesh" --json -k -f "$tmp/forced" >"$tmp/forced.out" 2>"$tmp/forced.err" </dev/null
status=$?
t1=$(date +%s%N)
"$clonesh" --json -k -f "$tmp/plain" >"$tmp/plain.out" 2>"$tmp/plain.err" </dev/null
t2=$(date +%s%N)

# One row per observation: number, sorted flags, function, kernel verdict,
# errno, rule id, rule given, lab signal, timed out.
jq -r '[.number, (.config.flags | sort | join("|") | if . == "" then "-" else . end),
	.config.function, (if .clone.ok then "ok" else "refused" end), (.clone.errno // "-"),
	(.clone.rule_id // "-"), (if .clone.rule then "yes" else "no" end),
	(.run.lab_signal // "-"), .run.timed_out] | @tsv' "$tmp/forced.out" \
	>"$tmp/rows" 2>"$tmp/jq.err"
jq_status=$?

# The validator's verdict per script line: clonesh's refusal names the errno
# the kernel would return ("clonesh" for its own refusals); no refusal: "ok".
sed -nE 's/^.*:([0-9]+): spawn: .*\(kernel would return ([A-Z0-9]+)\).*$/\1 \2/p;
	t; s/^.*:([0-9]+): spawn: .*$/\1 clonesh/p' "$tmp/plain.err" >"$tmp/verdicts"

awk -v total="$total" -v status="$status" -v jq_status="$jq_status" \
    -v plain_runs="$(wc -l <"$tmp/plain.out")" \
    -v ms_forced="$(((t1 - t0) / 1000000))" -v ms_plain="$(((t2 - t1) / 1000000))" '
FILENAME == ARGV[1] { want_set[FNR] = $2; want_fn[FNR] = $3; set_of[FNR] = $1; next }
FILENAME == ARGV[2] { verdict[$1] = $2; next }
{
	n++
	if ($1 != n) { bad_number++; if (!first_bad) first_bad = "observation " n " has number " $1 }
	if ($2 != want_set[n] || $3 != want_fn[n]) {
		mismatch++
		if (!first_mismatch) first_mismatch = "line " n ": expected " want_set[n] " " want_fn[n] ", saw " $2 " " $3
	}
	kernel = $4 == "ok" ? "ok" : $5
	if ($4 == "ok") accepted++
	else {
		refused++
		by_errno[$5]++
		by_rule[$5 " " $6]++
		if ($5 == "-" || $7 != "yes") { unnamed++; if (!first_unnamed) first_unnamed = "line " n ": " $0 }
	}
	if ($8 != "-") lab_died[$8]++
	if ($9 == "true") timed_out++
	v = (n in verdict) ? verdict[n] : "ok"
	if (v == "ok") validator_ok++
	if (v == kernel) agree++
	else {
		disagree++
		key = "set " set_of[n] " (" want_set[n] "): kernel " kernel ", validator " v
		if (!(key in seen)) { seen[key] = 1; list[++nlist] = key }
	}
}
END {
	printf "total:        %d experiments, %d observations printed, clonesh exit status %d\n", total, n, status
	printf "accepted:     %d\n", accepted
	printf "refused:      %d\n", refused
	for (k in by_rule) printf "  %-40s %d\n", k, by_rule[k] | "sort"
	close("sort")
	printf "refusals without errno or rule: %d\n", unnamed + 0
	printf "lab killed by a signal: %d", 0
	for (k in lab_died) printf ", %s %d", k, lab_died[k]
	printf "; timed out: %d\n", timed_out + 0
	printf "validator:    %d accepted, %d refused; agrees with the kernel on %d of %d (%d disagreements)\n",
	    validator_ok, n - validator_ok, agree, n, disagree + 0
	for (i = 1; i <= nlist; i++) printf "  disagreement: %s\n", list[i]
	printf "time:         %.1f s with --force (%.2f ms per experiment), %.1f s without\n",
	    ms_forced / 1000, ms_forced / (n ? n : 1), ms_plain / 1000
	fail = 0
	if (status != 0 || jq_status != 0 || n != total) { print "FAIL: shell death or a missing observation"; fail = 1 }
	if (bad_number || mismatch) { print "FAIL: observations out of order: " first_bad first_mismatch; fail = 1 }
	if (unnamed) { print "FAIL: a refusal without errno or rule: " first_unnamed; fail = 1 }
	if (disagree) { print "FAIL: the validator disagrees with the kernel"; fail = 1 }
	if (plain_runs != validator_ok) {
		printf "FAIL: without --force %d experiments ran, %d expected\n", plain_runs, validator_ok
		fail = 1
	}
	if (!fail) print "PASS: no shell death, every refusal named, the validator agrees on every set"
	exit fail
}' "$tmp/expect" "$tmp/verdicts" "$tmp/rows"
rc=$?
if [[ -s $tmp/forced.err ]]; then
	echo "clonesh --force printed on stderr (first lines):"
	head -n 5 "$tmp/forced.err" | sed 's/^/  /'
fi
if ((jq_status != 0)); then
	echo "jq could not read every observation:"
	head -n 3 "$tmp/jq.err" | sed 's/^/  /'
fi
exit $rc
