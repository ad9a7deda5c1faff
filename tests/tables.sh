#!/bin/sh
# One table per concept: the kcmp resources and the namespaces are defined
# in src/model/resources.c, and every consumer reads that table.  A second
# table of them anywhere else in src/ fails here: an array indexed by
# SH_COUNT or NS_COUNT or by their members, the kcmp types by name, or a line
# that lists three resources, three namespaces or three CLONE_NEW* flags.
# core/ is below the model: its rules and facts name single flags, and it
# cannot read the table.
#
# A child function is defined in its own file of src/core/childfn/ and listed
# once in funcs.c's table; everything else reads the fields of struct
# child_func.  So no source outside that folder compares a string with a
# function's name written out: a test on the name is a field or a hook the
# function's file should fill (doc/hacking.md, "Adding a child function").
# Choosing a function by its name (a preset, experiment_set_fn) is not a
# test and stays allowed.  A line that compares a word which only happens
# to be a function's name ("exit", "umask" are also fields and topics) says so
# with the comment "not a child function" on the same line.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

cd "$TOP_SRCDIR/src" || exit 1
sources=$(find . -name '*.[ch]' ! -path './model/*' | sed 's|^\./||' | sort)
above_core=$(printf '%s\n' "$sources" | grep -v '^core/')

# hits PATTERN FILES...: the code lines (not comments) that match, as file:line: text.
hits() {
	pattern=$1
	shift
	awk -v re="$pattern" '
		FNR == 1 { comment = 0 }
		{ line = $0; code = line }
		comment { if (line ~ /\*\//) { comment = 0; sub(/.*\*\//, "", code) } else next }
		{ gsub(/\/\*([^*]|\*[^\/])*\*\//, "", code) }
		code ~ /\/\*/ { comment = 1; sub(/\/\*.*/, "", code) }
		code ~ re { printf "%s:%d: %s\n", FILENAME, FNR, line }' "$@"
}

# distinct N PATTERN FILES...: code lines where PATTERN matches N different words.
distinct() {
	n=$1
	pattern=$2
	shift 2
	awk -v n="$n" -v re="$pattern" '
		/^[ \t]*(\/\*|\*)/ { next }
		{
			rest = $0; count = 0; split("", seen)
			while (match(rest, re)) {
				w = substr(rest, RSTART, RLENGTH)
				if (!(w in seen)) { seen[w] = 1; count++ }
				rest = substr(rest, RSTART + RLENGTH)
			}
			if (count >= n) printf "%s:%d: %s\n", FILENAME, FNR, $0
		}' "$@"
}

check() {
	if [ -z "$2" ]; then
		pass "$1"
	else
		fail "$1" "$(tap_show "$2")"
	fi
}

# shellcheck disable=SC2086 # one word per file
check "no array indexed by SH_COUNT or NS_COUNT outside src/model/" \
    "$(hits '\[(SH|NS)_COUNT\]' $sources)"
# shellcheck disable=SC2086
check "no initializer indexed by SH_* or NS_* outside src/model/" \
    "$(hits '\[(SH|NS)_[A-Z]+\][ \t]*=' $sources)"
# shellcheck disable=SC2086
check "the kcmp types are named only in src/model/ (and core's probe)" \
    "$(hits '(^|[^A-Z_])KCMP_(VM|FILES|FS|SIGHAND|IO|SYSVSEM)([^A-Z_]|$)' $above_core)"
# shellcheck disable=SC2086
check "no line lists three kcmp resources by name outside src/model/" \
    "$(distinct 3 '"(vm|files|fs|sighand|io|sysvsem)\\\\?"' $sources)"
# shellcheck disable=SC2086
check "no line lists three namespaces by name outside src/model/" \
    "$(distinct 3 '"(uts|pid|mnt|net|ipc|user|cgroup|time)\\\\?"' $sources)"
# shellcheck disable=SC2086
check "no line lists three CLONE_NEW* flags above core/ outside src/model/" \
    "$(distinct 3 'CLONE_NEW[A-Z]+' $above_core)"

# The names, from the files that define them: '.name = "write-global",'.
names=$(sed -n 's/^[[:space:]]*\.name = "\([^"]*\)",.*/\1/p' core/childfn/*.c | sort -u)
count=$(printf '%s\n' "$names" | grep -c .)
if [ "$count" -ge 20 ]; then
	pass "the names of the $count child functions are found in core/childfn/"
else
	fail "the names of the child functions are found in core/childfn/" \
	    "  found $count:" "$(tap_show "$names")"
fi

# A call that compares strings, with a function's name as a literal among
# its arguments (on the same line).
alts=$(printf '%s\n' "$names" | sed 's/[.[\*^$]/\\&/g' | paste -sd '|' -)
calls='(str(n)?(case)?cmp|streq|str_eq|fn_is)[[:space:]]*\('
hits=$(find . -path ./core/childfn -prune -o \( -name '*.c' -o -name '*.h' \) -print | sort |
	xargs grep -nE "$calls[^;]*\"($alts)\"" /dev/null | grep -v 'not a child function')
if [ -z "$hits" ]; then
	pass "no source outside core/childfn/ compares a string with a child function's name"
else
	fail "no source outside core/childfn/ compares a string with a child function's name" \
	    "  give struct child_func a field or a hook instead (doc/hacking.md):" "$(tap_show "$hits")"
fi

# Every function of the folder is in the table, and the table names only them.
defined=$(sed -n 's/^const struct child_func childfn_\([a-z0-9_]*\) = {$/\1/p' core/childfn/*.c | sort)
listed=$(sed -n 's/^[[:space:]]*F(\([a-z0-9_]*\)) \\$/\1/p' core/childfn/funcs.c | sort)
if [ -n "$defined" ] && [ "$defined" = "$listed" ]; then
	pass "every child function defined in core/childfn/ has its line in funcs.c's table"
else
	fail "every child function defined in core/childfn/ has its line in funcs.c's table" \
	    "  defined:" "$(tap_show "$defined")" "  in the table:" "$(tap_show "$listed")"
fi
done_testing
