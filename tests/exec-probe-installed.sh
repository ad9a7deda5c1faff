#!/bin/sh
# make installcheck (which distcheck runs): the installed clonesh, with no
# build tree beside it, finds the installed probe in $(pkglibexecdir) and
# grades exec-probe by its report.  Usage: exec-probe-installed.sh CLONESH
clonesh=$1
[ -x "$clonesh" ] || { echo "exec-probe-installed: $clonesh is not installed"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-installcheck.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
HOME=$tmp XDG_STATE_HOME=$tmp/state "$clonesh" -c 'fn exec-probe; spawn; report --json' \
    </dev/null >"$tmp/out" 2>&1
json=$(tail -n 1 "$tmp/out")
case $json in
*'"exec":{"program":"'*'/clonesh-probe","reported":true,'*'"fds":{"cloexec":"closed",'*)
	echo "exec-probe-installed: the installed clonesh execs the installed probe: ok" ;;
*)
	echo "exec-probe-installed: the installed clonesh did not grade exec-probe by the installed probe:"
	sed 's/^/  | /' "$tmp/out"
	exit 1 ;;
esac
