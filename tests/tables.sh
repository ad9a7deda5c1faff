#!/bin/sh
# One table per concept (issue 13): a child function is defined in its own
# file of src/core/childfn/ and listed once in funcs.c's table; everything
# else reads the fields of struct child_func.  So no source outside that
# folder compares a string with a function's name or looks one up by its
# name written out: a test on the name is a field or a hook the function's
# file should fill (doc/hacking.md, "Adding a child function").
#
# A line that compares a word which only happens to be a function's name
# ("exit", "umask" are also fields and topics) says so with the comment
# "not a child function" on the same line.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

cd "$TOP_SRCDIR/src" || exit 1

# The names, from the files that define them: '.name = "write-global",'.
names=$(sed -n 's/^[[:space:]]*\.name = "\([^"]*\)",.*/\1/p' core/childfn/*.c | sort -u)
count=$(printf '%s\n' "$names" | grep -c .)
if [ "$count" -ge 20 ]; then
	pass "the names of the $count child functions are found in core/childfn/"
else
	fail "the names of the child functions are found in core/childfn/" \
	    "  found $count:" "$(tap_show "$names")"
fi

# A call that compares or looks up by name, with a function's name as a
# literal among its arguments (on the same line).
alts=$(printf '%s\n' "$names" | sed 's/[.[\*^$]/\\&/g' | paste -sd '|' -)
calls='(str(n)?(case)?cmp|streq|str_eq|fn_is|funcs_find|experiment_set_fn)[[:space:]]*\('
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
