#!/bin/bash
# The man page documents exactly the commands of the command table (as
# `clonesh -c help` lists them) and every option `clonesh --help` lists.
set -u

: "${CLONESH:?CLONESH must name the clonesh binary (make check sets it)}"
: "${TOP_SRCDIR:=$(cd "$(dirname "$0")/.." && pwd)}"
man=$TOP_SRCDIR/doc/clonesh.1

ntests=0
nfailed=0
ok() {
	ntests=$((ntests + 1))
	echo "ok $ntests - $1"
}
not_ok() {
	ntests=$((ntests + 1))
	nfailed=$((nfailed + 1))
	echo "not ok $ntests - $1"
	shift
	local line
	for line in "$@"; do
		printf '#   %s\n' "$line"
	done
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-manpage.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "1..5"

# The command names of `help`: the first word of every line that starts
# with a lower-case name (headers and continuation lines do not).
status=0
"$CLONESH" -c help >"$tmp/help.out" 2>"$tmp/help.err" </dev/null || status=$?
if ((status == 0)) && [[ -s $tmp/help.out ]]; then
	ok "clonesh -c help exits 0 with a listing"
else
	not_ok "clonesh -c help exits 0 with a listing" "expected: status 0 and some output" \
		"saw: status $status, $(wc -l <"$tmp/help.out") lines, stderr: $(head -n 3 "$tmp/help.err")"
fi
awk '/^[[:space:]]*[a-z][a-z0-9-]*([[:space:],]|$)/ { sub(/^[[:space:]]+/, ""); sub(/[[:space:],].*/, ""); print }' \
	"$tmp/help.out" | sort -u >"$tmp/help.names"

# The command names of the man page: the tag line after each .TP of the
# COMMANDS section is ".B name" or ".BR name ...".
awk '
	/^\.SH/ { in_cmds = ($0 ~ /^\.SH "?COMMANDS"?[[:space:]]*$/); next }
	!in_cmds { next }
	/^\.TP/ { tag = 1; next }
	tag { tag = 0; if ($1 ~ /^\.BR?$/) { gsub(/"/, "", $2); print $2 } else print "?" $0 }
' "$man" | sort -u >"$tmp/man.names"

nhelp=$(wc -l <"$tmp/help.names")
nman=$(wc -l <"$tmp/man.names")
if ((nman >= 10)) && ! grep -q '^?' "$tmp/man.names"; then
	ok "the man page's COMMANDS section has $nman entries of the form .TP/.B name"
else
	not_ok "the man page's COMMANDS section has entries of the form .TP/.B name" \
		"expected: at least 10 '.TP' entries whose next line is '.B name' or '.BR name ...'" \
		"saw $nman: $(tr '\n' ' ' <"$tmp/man.names")"
fi
if ((nhelp >= 10)); then
	ok "help lists $nhelp commands"
else
	not_ok "help lists at least 10 commands" "saw $nhelp: $(tr '\n' ' ' <"$tmp/help.names")" \
		"help output was:" "$(head -n 40 "$tmp/help.out")"
fi

only_help=$(comm -23 "$tmp/help.names" "$tmp/man.names" | tr '\n' ' ')
only_man=$(comm -13 "$tmp/help.names" "$tmp/man.names" | tr '\n' ' ')
if [[ -z $only_help && -z $only_man ]]; then
	ok "the man page lists exactly the commands of help"
else
	not_ok "the man page lists exactly the commands of help" \
		"in help but not in doc/clonesh.1's COMMANDS: ${only_help:-(none)}" \
		"in doc/clonesh.1's COMMANDS but not in help: ${only_man:-(none)}"
fi

# Every long and short option --help names is documented under OPTIONS.
"$CLONESH" --help >"$tmp/usage.out" 2>&1 </dev/null || true
awk '/^\.SH/ { in_opts = ($0 ~ /^\.SH "?OPTIONS"?[[:space:]]*$/); next } in_opts' "$man" |
	sed 's/\\-/-/g' >"$tmp/man.options"
missing=()
nopts=0
while read -r opt; do
	nopts=$((nopts + 1))
	grep -Eq -- "(^|[[:space:]\"])${opt}([[:space:]\"]|$)" "$tmp/man.options" || missing+=("$opt")
done < <(grep -Eo -- '(^|[[:space:][,])--?[a-zA-Z][a-zA-Z-]*' "$tmp/usage.out" |
	sed 's/^[[:space:][,]*//' | sort -u)
if ((nopts > 0 && ${#missing[@]} == 0)); then
	ok "the man page documents the $nopts options of --help"
else
	not_ok "the man page documents every option of --help" \
		"options --help names: $nopts" "missing under OPTIONS: ${missing[*]:-(none)}"
fi

exit $((nfailed > 0))
