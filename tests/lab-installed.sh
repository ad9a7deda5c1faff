#!/bin/sh
# make installcheck (which distcheck runs): the installed clonesh, with no
# build tree beside it, runs the installed lab program from $(pkglibexecdir)
# (doctor names it) and an experiment runs in one of its labs.
# Usage: lab-installed.sh CLONESH
clonesh=$1
[ -x "$clonesh" ] || { echo "lab-installed: $clonesh is not installed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-installcheck.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
HOME=$tmp XDG_STATE_HOME=$tmp/state "$clonesh" -c 'doctor; spawn' </dev/null >"$tmp/out" 2>&1
bindir=${clonesh%/*}
if grep -q '^  lab program  *'"${bindir%/*}"'/.*/clonesh-lab$' "$tmp/out" &&
    grep -q '^#1 clone(.*) = [0-9]*$' "$tmp/out"; then
	echo "lab-installed: the installed clonesh runs the installed lab program: ok"
else
	echo "lab-installed: the installed clonesh did not run the installed lab program:"
	sed 's/^/  | /' "$tmp/out"
	exit 1
fi
