#!/bin/sh
# The observation's field table (src/model/fields.c) is the one place a
# scalar of report --json is defined: model/obs-json.c writes a key of its
# own only inside its group_* functions (the arrays and the pages object),
# every group of the table has its writer there, and every way compare
# shows a field has its fill in render/compare.c.  tests/unit-fields checks
# the table against what report --json writes.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

src=$TOP_SRCDIR/src

# Calls of the JSON writer with a literal key, outside a group_* function:
# "file:line: function: the call".
literal_keys() {
	awk '
		/^[a-z_][a-z0-9_]*\(/ { fn = $0; sub(/\(.*/, "", fn) }
		/json_(string|int|int_if|bool|null|tri|begin_object|begin_array)\([^,]*, *"/ {
			if (fn !~ /^group_/)
				printf "%s:%d: %s: %s\n", FILENAME, FNR, fn, $0
		}' "$@"
}

[ -r "$src/model/obs-json.c" ] || { echo "Bail out! $src/model/obs-json.c is not there"; exit 1; }
stray=$(literal_keys "$src/model/obs-json.c")
if [ -z "$stray" ]; then
	pass "obs-json.c writes a literal key only in its group_* writers"
else
	fail "obs-json.c writes a literal key only in its group_* writers" \
	    "  these belong in the field table (src/model/fields.c), a row each:" "$(tap_show "$stray")"
fi

# The check itself: a scalar written by hand outside a group is found.
probe=$TEST_TMP/obs-json.c
cp "$src/model/obs-json.c" "$probe"
printf '%s\n' 'static void' 'observation_extra(struct json *j)' '{' \
    '	json_int(j, "extra", 1);' '}' >>"$probe"
like "$(literal_keys "$probe")" 'observation_extra:[[:space:]]+json_int\(j, "extra", 1\);' \
    "a key written by hand outside the groups is found"

enum_members() {
	sed -n "/^enum $1 {/,/};/p" "$src/model/fields.h" | tr ',{}' '\n\n\n' |
	    sed 's/\/\*.*\*\///; s/[[:space:]]//g' | grep -E "^$2[A-Z_]+$" | grep -vE "_(NONE|COUNT)$"
}

# each_has ENUM PREFIX FILE PATTERN NAME: every member of ENUM (fields.h)
# has a line matching PATTERN (MEMBER in it for @) in FILE.
each_has() {
	lacking=$(for m in $(enum_members "$1" "$2"); do
		grep -qE "$(printf '%s' "$4" | sed "s/@/$m/g")" "$src/$3" || echo "$m"
	done)
	if [ -z "$lacking" ]; then
		pass "$5"
	else
		fail "$5" "$(tap_show "$lacking")"
	fi
}

each_has field_group FG_ model/obs-json.c '\[@\] = group_' \
    "every group of the field table has its writer in obs-json.c"
each_has field_compare CMP_ render/compare.c '\[@\] = fill_|== @\)' \
    "every way compare shows a field has its fill in compare.c"
done_testing
