#!/bin/sh
# The layers of src/ (doc/hacking.md): each folder may include its own
# headers and those of the folders below it, never one above:
#
#   core < model < lab < teach < render < cmd < ui/pane < ui/prompt < main.c
#
# So nothing in core/, model/, lab/ or teach/ includes a header of render/ or
# ui/ (issue 13): teaching is handed what it needs of a renderer (predict's
# reason, the journal's text).
# Only ui/prompt includes readline; only ui/pane includes curses.  A lower
# layer that needs something of a higher one is handed it (a function
# pointer: lesson_load's command_name, the session's front_end).
. "${TOP_SRCDIR:-.}/tests/lib.sh"

LAYERS='core model lab teach render cmd ui/pane ui/prompt'

# layer FOLDER: the layer it belongs to (core/childfn is part of core).
layer() {
	case $1 in
	core/*) echo core ;;
	*) echo "$1" ;;
	esac
}

# rank FOLDER: its layer's place in LAYERS, main.c above them all.
rank() {
	i=0
	l1=$(layer "$1")
	for l in $LAYERS; do
		[ "$l" = "$l1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo $i
}

# Where each header is: "name.h folder" lines.
cd "$TOP_SRCDIR/src" || exit 1
headers=$(find . -name '*.h' | sed 's|^\./||' | awk -F/ '{ n = $NF; sub("/" n "$", ""); print n, $0 }' | sed 's| [^ ]*/[^ /]*\.h$||')
where() { printf '%s\n' "$headers" | awk -v h="$1" '$1 == h { print $2; exit }'; }

up=$TEST_TMP/up
: >"$up"
for f in $(find . -name '*.[ch]' | sed 's|^\./||' | sort); do
	case $f in */*) dir=${f%/*} ;; *) dir=main ;; esac
	r=$(rank "$dir")
	for h in $(sed -n 's/^#include "\([^"]*\.h\)".*/\1/p' "$f"); do
		[ "$h" = config.h ] && continue
		hd=$(where "$h")
		if [ -z "$hd" ]; then
			echo "$f -> $h (no such header in src/)" >>"$up"
		elif [ "$(rank "$hd")" -gt "$r" ]; then
			echo "$f -> $hd/$h" >>"$up"
		fi
	done
done

if [ ! -s "$up" ]; then
	pass "no file includes a header of a layer above its own"
else
	fail "no file includes a header of a layer above its own" \
	    "  these go up (move the code down, or hand it a function pointer):" "$(tap_show "$(cat "$up")")"
fi

# Include cycles between modules (a module: NAME.c and NAME.h) of one
# layer (core/childfn counts as core): a module includes a module that,
# through others, includes it.  There is none: issue 13 broke the last two,
# core's experiment and funcs, and cmd/'s commands, course, history,
# rehearse and session (session.c includes nothing of cmd/, session-run.c
# runs a line on top of them, the course is handed session_run_line:
# doc/hacking.md).  Any cycle fails.
cycles=$(for f in $(find . -name '*.[ch]' | sed 's|^\./||'); do
	case $f in */*) dir=$(layer "${f%/*}") ;; *) continue ;; esac
	m=${f##*/}
	m=${m%.*}
	for h in $(sed -n 's/^#include "\([^"]*\)\.h".*/\1/p' "$f"); do
		hd=$(where "$h.h")
		[ -n "$hd" ] && [ "$(layer "$hd")" = "$dir" ] && [ "$h" != "$m" ] && echo "$dir $m $h"
	done
done | sort -u | awk '
	{ dir[$2] = $1; dir[$3] = $1; e[$2, $3] = 1; n[$2] = 1; n[$3] = 1 }
	END {
		for (k in n) for (i in n) if ((i, k) in e) for (j in n) if ((k, j) in e) e[i, j] = 1
		for (i in n) if ((i, i) in e) {
			c = ""
			for (j in n) if ((i, j) in e && (j, i) in e) c = c " " j
			print dir[i] ":" c
		}
	}' | while read -r d rest; do
	echo "$d $(printf '%s\n' $rest | sort | tr '\n' ' ' | sed 's/ $//')"
done | sort -u)
if [ -z "$cycles" ]; then
	pass "no include cycle inside a layer"
else
	fail "no include cycle inside a layer" \
	    "  these modules include each other (move the code, or hand a function down):" \
	    "$(tap_show "$cycles")"
fi

rl=$(grep -l '<readline/' $(find . -name '*.[ch]') | grep -v '^\./ui/prompt/')
if [ -z "$rl" ]; then
	pass "only ui/prompt includes readline"
else
	fail "only ui/prompt includes readline" "$(tap_show "$rl")"
fi
cu=$(grep -lE '<(n?curses|ncursesw/curses|term)\.h>' $(find . -name '*.[ch]') | grep -v '^\./ui/pane/')
if [ -z "$cu" ]; then
	pass "only ui/pane includes curses"
else
	fail "only ui/pane includes curses" "$(tap_show "$cu")"
fi
loose=$(find . -maxdepth 1 -name '*.[ch]' ! -name main.c)
if [ -z "$loose" ]; then
	pass "every source file but main.c is in a layer's folder"
else
	fail "every source file but main.c is in a layer's folder" "$(tap_show "$loose")"
fi
done_testing
