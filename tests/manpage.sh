#!/bin/bash
# The man page documents exactly the commands of the command table (as
# `clonesh -c help` lists them) and every option `clonesh --help` names.
#
# The man page's form, which this test relies on: in the COMMANDS section,
# each command is one ".TP" entry whose tag line is ".B name" or
# ".BR name ..." (the arguments after the name on the same line).

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

man=$TOP_SRCDIR/doc/clonesh.1


# The command names of `help`: the first word of each entry line, indented
# by one to four spaces ("  spawn [--force] ...   run the experiment").  The
# text after the list starts in column 0, and a summary pushed to a line of
# its own is indented past the usage column, so neither is taken for a name.
run_clonesh -c help
if [ "$STATUS" = 0 ] && [ -n "$OUT" ]; then
	pass "clonesh -c help exits 0 with a listing"
else
	fail "clonesh -c help exits 0 with a listing" "  expected status 0 and a listing, seen status $STATUS" \
		"  stdout:" "$(tap_show "$OUT")" "  stderr:" "$(tap_show "$ERR")"
fi
help_out=$OUT
printf '%s\n' "$help_out" | grep -E '^ {1,4}[a-z][a-z0-9-]*( |$)' |
	sed -E 's/^ +//; s/ .*//' | sort -u >"$TEST_TMP/help.names"

# The command names of the man page's COMMANDS section.
awk '
	/^\.SH/ { in_cmds = ($0 ~ /^\.SH "?COMMANDS"?[ \t]*$/); next }
	!in_cmds { next }
	/^\.TP/ { tag = 1; next }
	tag { tag = 0; if ($1 == ".B" || $1 == ".BR") { gsub(/"/, "", $2); print $2 } else print "?" $0 }
' "$man" | sort -u >"$TEST_TMP/man.names"

nhelp=$(wc -l <"$TEST_TMP/help.names")
nman=$(wc -l <"$TEST_TMP/man.names")
if [ "$nman" -ge 10 ] && ! grep -q '^?' "$TEST_TMP/man.names"; then
	pass "doc/clonesh.1's COMMANDS section has $nman entries of the form .TP/.B name"
else
	fail "doc/clonesh.1's COMMANDS section has entries of the form .TP/.B name" \
		"  expected at least 10 '.TP' entries whose next line is '.B name' or '.BR name ...'" \
		"  seen $nman (a '?' marks a tag line of another form):" "$(tap_show "$(cat "$TEST_TMP/man.names")")"
fi
if [ "$nhelp" -ge 10 ]; then
	pass "help lists $nhelp commands"
else
	fail "help lists at least 10 commands" "  names seen: $(tr '\n' ' ' <"$TEST_TMP/help.names")" \
		"  help printed:" "$(tap_show "$help_out")"
fi

only_help=$(comm -23 "$TEST_TMP/help.names" "$TEST_TMP/man.names" | tr '\n' ' ')
only_man=$(comm -13 "$TEST_TMP/help.names" "$TEST_TMP/man.names" | tr '\n' ' ')
if [ -z "$only_help" ] && [ -z "$only_man" ]; then
	pass "doc/clonesh.1 lists exactly the commands of help"
else
	fail "doc/clonesh.1 lists exactly the commands of help" \
		"  in help but not in doc/clonesh.1's COMMANDS: ${only_help:-(none)}" \
		"  in doc/clonesh.1's COMMANDS but not in help: ${only_man:-(none)}"
fi

# Every short and long option --help names is a tag under OPTIONS
# (".BR \-c ", " \-\-command =..." or ".B \-\-json").
run_clonesh --help
awk '/^\.SH/ { in_opts = ($0 ~ /^\.SH "?OPTIONS"?[ \t]*$/); next } in_opts' "$man" |
	sed 's/\\-/-/g' >"$TEST_TMP/man.options"
printf '%s\n' "$OUT" | grep -Eo -- '(^|[[:space:][,])--?[a-zA-Z][a-zA-Z-]*' |
	sed -E 's/^[[:space:][,]*//' | sort -u >"$TEST_TMP/help.options"
missing=
nopts=0
while read -r opt; do
	nopts=$((nopts + 1))
	grep -Eq -- "(^|[[:space:]\"])${opt}([[:space:]\",=]|$)" "$TEST_TMP/man.options" ||
		missing="$missing $opt"
done <"$TEST_TMP/help.options"
if [ "$STATUS" = 0 ] && [ "$nopts" -gt 0 ] && [ -z "$missing" ]; then
	pass "doc/clonesh.1 documents the $nopts options of --help"
else
	fail "doc/clonesh.1 documents every option of --help" \
		"  --help: status $STATUS, $nopts options: $(tr '\n' ' ' <"$TEST_TMP/help.options")" \
		"  missing under OPTIONS:${missing:- (none)}"
fi

# One word and one symbol for a refusal everywhere: "✗ refused" for the
# kernel refusing the call, "✗ failed" only for a child that did not end
# well; no other spelling (× or \(mu, "✗ failed" for a refusal).
readme=$TOP_SRCDIR/README.md
run_clonesh -c help
help_out=$OUT
# The pane draws ✗ in a UTF-8 locale only (x otherwise, as in a build
# daemon's C locale); glibc has C.UTF-8 built in.
LC_ALL=C.UTF-8
export LC_ALL
run_clonesh -c 'flags = sighand; spawn --force' -c "snapshot $TEST_TMP/pane.txt"
unset LC_ALL
pane_out=$(cat "$TEST_TMP/pane.txt" 2>/dev/null)
for doc in "help:$help_out" "README.md:$(cat "$readme")" \
    "doc/clonesh.1:$(sed 's/\\\[u2717\]/✗/g; s/\\fB//g; s/\\fR//g; s/^\.BR\{0,1\} //' "$man")"; do
	name=${doc%%:*} text=${doc#*:}
	flat=$(printf '%s\n' "$text" | tr '\n`' '  ')
	if printf '%s' "$flat" | grep -q '✗ *refused'; then
		pass "$name: a refusal is ✗ refused"
	else
		fail "$name: a refusal is ✗ refused" "  text:" "$(tap_show "$(printf '%s\n' "$text" | grep -i 'refused' | head -5)")"
	fi
	others=$(printf '%s\n' "$text" | grep -n '×\|\\(mu\|✗ *failed *or\|refused or failed\|✗ *failed: E' || true)
	if [ -z "$others" ]; then
		pass "$name: no other spelling of a refusal (×, \\(mu, failed)"
	else
		fail "$name: no other spelling of a refusal (×, \\(mu, failed)" "$(tap_show "$others")"
	fi
done
if printf '%s\n' "$pane_out" | grep -Eq '^clone +the call +clone returned EINVAL +✗ refused'; then
	pass "the pane: a refused clone is ✗ refused"
else
	fail "the pane: a refused clone is ✗ refused" "  snapshot:" "$(tap_show "$pane_out")"
fi

done_testing
