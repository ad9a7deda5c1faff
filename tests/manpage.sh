#!/bin/bash
# The man page documents exactly the commands of the command table (as
# `clonesh -c help` lists them), with help's usage, and every option
# `clonesh --help` names.
#
# doc/mkman makes doc/clonesh.1 at build time of doc/clonesh.1.in and the
# command table: in the COMMANDS section, each command is one ".TP" entry
# whose tag line is ".B name" or ".BR name ..." (the usage after the name on
# the same line).  This test reads the page the build made (the build tree's,
# else the distributed one) and checks it is what mkman makes now.

. "${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

man=$TOP_BUILDDIR/doc/clonesh.1
[ -f "$man" ] || man=$TOP_SRCDIR/doc/clonesh.1
mkman=$TOP_BUILDDIR/doc/mkman

# The page is made of the source and the table as they are now, and the
# source holds no command of its own: only the line mkman replaces.
if [ -x "$mkman" ] && "$mkman" "$TOP_SRCDIR/doc/clonesh.1.in" >"$TEST_TMP/made.1" 2>"$TEST_TMP/made.err" &&
    cmp -s "$TEST_TMP/made.1" "$man"; then
	pass "$man is what doc/mkman makes of doc/clonesh.1.in and the command table"
else
	fail "$man is what doc/mkman makes of doc/clonesh.1.in and the command table" \
		"  mkman: $mkman; its errors: $(cat "$TEST_TMP/made.err" 2>/dev/null)" \
		"  differences (made now, then the page):" \
		"$(tap_show "$(diff "$TEST_TMP/made.1" "$man" 2>&1 | head -20)")"
fi
in_cmds=$(awk '/^\.SH/ { in_cmds = ($0 ~ /^\.SH "?COMMANDS"?[ \t]*$/); next } in_cmds' \
	"$TOP_SRCDIR/doc/clonesh.1.in")
is "$in_cmds" "@COMMANDS@" "doc/clonesh.1.in's COMMANDS section is the one line mkman fills"

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

# man_tags PAGE: the tag line of each entry of PAGE's COMMANDS section as
# text, "spawn [--force] [-n N] [name [args]]"; "?" and the line for a tag of
# another form.
man_tags() {
	awk '
		/^\.SH/ { in_cmds = ($0 ~ /^\.SH "?COMMANDS"?[ \t]*$/); next }
		!in_cmds { next }
		/^\.TP/ { tag = 1; next }
		tag {
			tag = 0
			if ($1 != ".B" && $1 != ".BR") { print "?" $0; next }
			sub(/^\.BR? /, ""); sub(/ " /, " "); gsub(/"/, ""); gsub(/\\f[BIR]/, ""); gsub(/\\-/, "-"); print
		}
	' "$1"
}
man_tags "$man" >"$TEST_TMP/man.tags"
sed 's/ .*//' "$TEST_TMP/man.tags" | sort -u >"$TEST_TMP/man.names"

nhelp=$(wc -l <"$TEST_TMP/help.names")
nman=$(wc -l <"$TEST_TMP/man.names")
if [ "$nman" -ge 10 ] && ! grep -q '^?' "$TEST_TMP/man.names"; then
	pass "the COMMANDS section has $nman entries of the form .TP/.B name"
else
	fail "the COMMANDS section has entries of the form .TP/.B name" \
		"  expected at least 10 '.TP' entries whose next line is '.B name' or '.BR name ...'" \
		"  seen $nman (a '?' marks a tag line of another form):" "$(tap_show "$(cat "$TEST_TMP/man.names")")"
fi
if [ "$nhelp" -ge 10 ]; then
	pass "help lists $nhelp commands"
else
	fail "help lists at least 10 commands" "  names seen: $(tr '\n' ' ' <"$TEST_TMP/help.names")" \
		"  help printed:" "$(tap_show "$help_out")"
fi

# same_commands NAMES: what differs between help's names and NAMES, empty
# when they are the same.
same_commands() {
	only_help=$(comm -23 "$TEST_TMP/help.names" "$1" | tr '\n' ' ')
	only_man=$(comm -13 "$TEST_TMP/help.names" "$1" | tr '\n' ' ')
	[ -z "$only_help$only_man" ] ||
		echo "in help but not in the man page: ${only_help:-(none)}; in the man page but not in help: ${only_man:-(none)}"
}
differs=$(same_commands "$TEST_TMP/man.names")
if [ -z "$differs" ]; then
	pass "the man page lists exactly the commands of help"
else
	fail "the man page lists exactly the commands of help" "  $differs"
fi
# The check sees a command missing: the page without the entry of kill.
awk '/^\.TP$/ { getline tag; if (tag != ".B kill") print $0 "\n" tag; next } 1' "$man" >"$TEST_TMP/nokill.1"
man_tags "$TEST_TMP/nokill.1" | sed 's/ .*//' | sort -u >"$TEST_TMP/nokill.names"
differs=$(same_commands "$TEST_TMP/nokill.names")
like "$differs" '^in help but not in the man page: kill ;' "the check fails on a page without kill"

# README.md's Commands table names each command once in its first column
# (an alias in parentheses, a few lesson commands on one row).
awk '/^## /{ in_c = ($0 == "## Commands"); next } in_c && /^\| `/' "$TOP_SRCDIR/README.md" |
	cut -d'|' -f2 | sed 's/(`[^`]*`)//g' | grep -o '`[a-z][a-z0-9-]*`' | tr -d '`' |
	sort -u >"$TEST_TMP/readme.names"
differs=$(same_commands "$TEST_TMP/readme.names")
if [ -z "$differs" ]; then
	pass "README.md's Commands table lists exactly the commands of help"
else
	fail "README.md's Commands table lists exactly the commands of help" "  $(printf '%s' "$differs" | sed 's/the man page/README.md/g')"
fi

# Each tag is help's usage of the command (placeholders in lowercase).
for name in $(cat "$TEST_TMP/help.names"); do
	set -- "$@" -c "help $name"
done
run_clonesh "$@"
set --
printf '%s\n' "$OUT" | sed -n 's/^usage: //p' | tr 'A-Z' 'a-z' | sort >"$TEST_TMP/help.usage"
tr 'A-Z' 'a-z' <"$TEST_TMP/man.tags" | sort >"$TEST_TMP/man.usage"
if [ "$STATUS" = 0 ] && [ "$(wc -l <"$TEST_TMP/help.usage")" = "$nhelp" ] &&
    cmp -s "$TEST_TMP/help.usage" "$TEST_TMP/man.usage"; then
	pass "each command's tag in the man page is its usage in help"
else
	fail "each command's tag in the man page is its usage in help" \
		"$(tap_show "$(diff "$TEST_TMP/help.usage" "$TEST_TMP/man.usage")")"
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
    "the man page:$(sed 's/\\\[u2717\]/✗/g; s/\\fB//g; s/\\fR//g; s/^\.BR\{0,1\} //' "$man")"; do
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
