#!/bin/bash
# Runs inside an environment's root file system, as root, with the project's
# committed tree in /build/clonesh: the README's first command (its build, then
# src/clonesh with stdin not a terminal, so it reads no command and exits),
# then make check as the environment says (CHECK: root, unpriv, nokcmp).
# Results go to /results: tests/*.log, tests/*.trs and "stage", one line.
set -u

check=${1:?usage: inside.sh root|unpriv|nokcmp}
results=/results
mkdir -p "$results/tests"
exec </dev/null
export DEBIAN_FRONTEND=noninteractive

stage() { printf '%s\n' "$*" >"$results/stage"; printf '\n=== env: %s\n' "$*"; }

collect() {
	cp tests/*.log tests/*.trs "$results/tests/" 2>/dev/null
	[[ -f test-suite.log ]] && cp test-suite.log "$results/"
}

cd /build/clonesh || exit 2

stage "README: ./autogen.sh && ./configure && make && src/clonesh </dev/null"
./autogen.sh && ./configure && make && src/clonesh </dev/null
rc=$?
if ((rc != 0)); then
	stage "the README's first command failed (status $rc)"
	exit 1
fi

case $check in
root)
	run=(make check)
	what="make check (root)"
	;;
unpriv)
	gcc -O2 -Wall -o /clonesh-env/restrict /clonesh-env/restrict.c || exit 2
	# the unprivileged user builds the tests and writes their logs
	chown -R 65534:65534 /build/clonesh
	run=(/clonesh-env/restrict --userns-max0 --uid 65534 --seccomp docker -- make check)
	what="make check (uid 65534, user.max_user_namespaces=0, Docker-like seccomp)"
	;;
nokcmp)
	gcc -O2 -Wall -o /clonesh-env/restrict /clonesh-env/restrict.c || exit 2
	run=(/clonesh-env/restrict --seccomp kcmp -- make check)
	what="make check (root, kcmp denied by seccomp)"
	;;
*)
	echo "inside.sh: unknown check: $check (root, unpriv, nokcmp)" >&2
	exit 2
	;;
esac

stage "$what"
"${run[@]}"
rc=$?
collect
stage "$what: status $rc"
exit "$rc"
