#!/bin/sh
# snapshot --svg (render/svg.c): the last experiment's diagram as SVG.  For
# fork, vm, files, thread and container: well-formed XML (xmllint), every
# struct's name as text, an object the kernel measured shared drawn once
# with both tasks' arrows, a copied one twice, one not measured dashed with
# "?" and no arrow, each as the JSON of the same observation says; rendered
# by a real browser (headless Chromium), a picture of the SVG's own size.
# With every probe failing (kcmp denied), only "?" boxes.  The errors, and
# paths that XML cannot hold as they are.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

command -v jq >/dev/null 2>&1 || { echo "1..0 # SKIP jq is not installed"; exit 0; }
have() { command -v "$1" >/dev/null 2>&1; }
NO_XMLLINT="xmllint is not installed (Debian: libxml2-utils): the SVG's XML is not checked"
NO_CHROMIUM="chromium is not installed (Debian: chromium): the SVG is not rendered"
NO_PYTHON="python3 is not installed: the screenshot's pixels are not read"

# --- errors: one line each, naming what was wrong, and no file ----------------
run_clonesh -c 'snapshot --svg'
is "$STATUS/$ERR" '1/-c:1: snapshot: which file? (usage: snapshot [--svg] FILE)' \
    "snapshot --svg without a file: which file, and the usage"
run_clonesh -c "snapshot --svg $TEST_TMP/early.svg"
is "$STATUS/$ERR" '1/-c:1: snapshot: no experiment to draw yet (spawn first)' \
    "snapshot --svg before any experiment: nothing to draw"
[ ! -e "$TEST_TMP/early.svg" ] && pass "... and no file" || fail "... and no file"
run_clonesh -c "spawn; snapshot --svg $TEST_TMP/no/such/dir/x.svg"
is "$STATUS/$ERR" "1/-c:1: snapshot: cannot write $TEST_TMP/no/such/dir/x.svg: No such file or directory" \
    "snapshot --svg into a missing directory: cannot write, and why"
run_clonesh -c "spawn; snapshot --svg $TEST_TMP"
is "$STATUS/$ERR" "1/-c:1: snapshot: cannot write $TEST_TMP: Is a directory" \
    "snapshot --svg onto a directory: cannot write, and why"
run_clonesh -c "spawn; snapshot --png $TEST_TMP/x.png"
is "$STATUS/$ERR" '1/-c:1: snapshot: unknown option "--png" (usage: snapshot [--svg] FILE)' \
    "snapshot --png: an unknown option, and the usage"
run_clonesh -c "spawn; snapshot --svg $TEST_TMP/a.svg $TEST_TMP/b.svg"
is "$STATUS/$ERR" '1/-c:1: snapshot: too many arguments (usage: snapshot [--svg] FILE)' \
    "snapshot --svg with two files: too many"

# --- counting in the SVG: each box is one <g class="kobj STATE s-STRUCT ...">
# line, each arrow from a task one <line class="arrow from-SIDE s-STRUCT">.

# boxes SVG STATE STRUCT [FD]: how many boxes of STRUCT are in STATE.
boxes() {
	grep -c "^<g class=\"kobj $2 s-$3 side-[a-z]*${4:+ fd-$4}\">" "$1"
}
# arrows SVG STRUCT: "P C", the tasks' arrows into STRUCT's boxes.
arrows() {
	echo "$(grep -c "^<line class=\"arrow from-parent s-$2\"" "$1") $(grep -c "^<line class=\"arrow from-child s-$2\"" "$1")"
}
# drawn SVG STRUCT: what the SVG shows of STRUCT: "STATE BOXES ARROWS".
drawn() {
	for st in shared copied new unknown pending; do
		n=$(boxes "$1" $st "$2")
		[ "$n" -gt 0 ] && { echo "$st $n $(arrows "$1" "$2")"; return; }
	done
	echo "none"
}
# expect VERDICT: what drawn must say of a verdict of the JSON.
expect() {
	case $1 in
	true) echo "shared 1 1 1" ;;
	false) echo "copied 2 1 1" ;;
	new) echo "new 2 1 1" ;;
	*) echo "unknown 1 0 0" ;;
	esac
}

STRUCTS="task_struct mm_struct files_struct fs_struct sighand_struct signal_struct nsproxy io_context sem_undo_list"

# words SVG: every word of the SVG's <text> elements.
words() {
	xmllint --xpath "//*[local-name()='text']" "$1" 2>/dev/null | sed 's/<[^>]*>/ /g'
}

# render SVG PNG: headless Chromium's screenshot at the SVG's width and height.
render() {
	w=$(sed -n 's/^<svg [^>]* width="\([0-9]*\)".*/\1/p' "$1")
	h=$(sed -n 's/^<svg [^>]* height="\([0-9]*\)".*/\1/p' "$1")
	# --no-sandbox: Chromium's sandbox refuses to run as root
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --force-device-scale-factor=1 --user-data-dir="$TEST_TMP/chromium" \
	    --screenshot="$2" --window-size="$w,$h" "file://$1" >"$TEST_TMP/chromium.log" 2>&1
}

# The PNG's width and height (IHDR), then the rows with ink (not white) in
# its left half and in its right half, its first and last row with ink.
cat >"$TEST_TMP/png.py" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
if data[:8] != b'\x89PNG\r\n\x1a\n':
    sys.exit('not a PNG')
w, h, depth, ctype = struct.unpack('>IIBB', data[16:26])
pos, idat = 8, b''
while pos + 8 <= len(data):
    n, = struct.unpack('>I', data[pos:pos + 4])
    if data[pos + 4:pos + 8] == b'IDAT':
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
raw = zlib.decompress(idat)
bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype] * depth // 8
stride, half = w * bpp, (w // 2) * bpp
prev, left, right, rows = bytearray(stride), 0, 0, []
for y in range(h):
    ft = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
        if ft == 1: line[i] = (line[i] + a) & 255
        elif ft == 2: line[i] = (line[i] + b) & 255
        elif ft == 3: line[i] = (line[i] + ((a + b) >> 1)) & 255
        elif ft == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if line.count(255) != stride:
        rows.append(y)
        left += line[:half].count(255) != half
        right += line[half:].count(255) != stride - half
print(w, h, left, right, rows[0] if rows else -1, rows[-1] if rows else -1)
EOF

# rendered NAME SVG: Chromium draws it at its size, with ink on both sides
# (the two tasks) and from the title at the top to the legend at the bottom.
rendered() {
	if ! have chromium; then
		skip "$1: $NO_CHROMIUM"
		return
	fi
	png=$TEST_TMP/$1.png
	if ! render "$2" "$png" || [ ! -s "$png" ]; then
		fail "$1: headless Chromium renders the SVG" "$(tap_show "$(tail -n 5 "$TEST_TMP/chromium.log")")"
		return
	fi
	if ! have python3; then
		is "$(file -b "$png" | sed -n 's/^PNG image data, \([0-9]*\) x \([0-9]*\),.*/\1 \2/p')" \
		    "$w $h" "$1: the screenshot is a PNG of the SVG's size ($NO_PYTHON)"
		return
	fi
	set -- "$1" $(python3 "$TEST_TMP/png.py" "$png")
	is "$2 $3" "$w $h" "$1: the screenshot is the SVG's size, ${w}x$h"
	if [ "$4" -gt 100 ] && [ "$5" -gt 100 ] && [ "$6" -lt 40 ] && [ "$7" -gt $((h - 40)) ]; then
		pass "$1: the screenshot shows the picture (ink in rows $6 to $7, on both sides)"
	else
		fail "$1: the screenshot shows the picture" \
		    "  rows with ink: left half $4, right half $5; first $6, last $7 of $h"
	fi
}

# diagram NAME SETUP: the experiment's SVG against its own JSON.
diagram() {
	name=$1 svg=$TEST_TMP/$1.svg
	run_clonesh -c "$2; spawn; view diagram; snapshot --svg $svg; report --json"
	# the struct names view diagram shows on the terminal, of the same observation
	shown=$(printf '%s\n' "$OUT" | grep -oE '\b([a-z]+_)+(struct|context|list)\b|\bnsproxy\b' | sort -u | tr '\n' ' ')
	J=$(printf '%s\n' "$OUT" | tail -n 1)
	if [ "$STATUS" != 0 ] || [ ! -s "$svg" ] || ! printf '%s' "$J" | jq -e . >/dev/null 2>&1; then
		fail "$name: snapshot --svg writes the diagram" "  status $STATUS" "$(tap_show "$ERR")"
		return
	fi
	like "$OUT" "^snapshot: the diagram of experiment #1, as SVG, into $svg\$" "$name: snapshot --svg says where"
	if have xmllint; then
		if xmllint --noout "$svg" 2>"$TEST_TMP/xmllint.err"; then
			pass "$name: well-formed XML"
		else
			fail "$name: well-formed XML" "$(tap_show "$(head -n 5 "$TEST_TMP/xmllint.err")")"
		fi
		text=$(words "$svg") missing=
		for s in $STRUCTS $shown; do
			printf '%s\n' "$text" | grep -qw "$s" || missing="$missing $s"
		done
		is "$missing" "" "$name: every struct's name is text (a <text> element), each that view diagram shows"
		[ -n "$shown" ] || fail "$name: view diagram shows struct names" "$(tap_show "$OUT")"
		is "$(xmllint --xpath "count(/*[local-name()='svg']/*[local-name()='title'])" "$svg") $(xmllint --xpath \
		    "string-length(/*[local-name()='svg']/*[local-name()='desc']) > 100" "$svg")" "1 true" \
		    "$name: a <title>, and a <desc> that says it in words"
	else
		skip "$name: $NO_XMLLINT"
	fi
	unlike "$(cat "$svg")" '<script|href=|@import|@font-face|url\([^#]|<image|<foreignObject' \
	    "$name: no script, font, image or link: the SVG stands alone"
	is "$(grep -o 'font-family="[^"]*"' "$svg" | sort -u | tr '\n' ' ')" \
	    'font-family="monospace" font-family="sans-serif" ' "$name: generic font families only"
	seen= want=
	for r in vm:mm_struct files:files_struct fs:fs_struct sighand:sighand_struct io:io_context \
	    sysvsem:sem_undo_list; do
		seen="$seen${r#*:}: $(drawn "$svg" "${r#*:}")
"
		want="$want${r#*:}: $(expect "$(printf '%s' "$J" | jq -c ".shared.${r%:*}")")
"
	done
	tg=$(printf '%s' "$J" | jq -r 'if .ids.child.tgid == null then "null" elif .ids.child.tgid == .ids.parent.pid then "true" else "false" end')
	ns=$(printf '%s' "$J" | jq -r '[.namespaces[].shared] | if any(. == false) then "new" elif any(. == null) then "null" else "true" end')
	seen="${seen}signal_struct: $(drawn "$svg" signal_struct)
nsproxy: $(drawn "$svg" nsproxy)"
	want="${want}signal_struct: $(expect "$tg")
nsproxy: $(expect "$ns")"
	is "$seen" "$want" "$name: shared drawn once with two arrows, copied twice, ? without arrows, as measured"
	# each open file description, by KCMP_FILE (same_ofd) or in one table only
	seen=$(for fd in $(printf '%s' "$J" | jq -r '.effects.fds // [] | .[].fd'); do
		printf 'fd %s: ' "$fd"
		for st in shared copied unknown parent-only child-only; do
			n=$(boxes "$svg" $st file "$fd")
			[ "$n" -gt 0 ] && printf '%s %s ' $st "$n"
		done
		echo
	done)
	want=$(printf '%s' "$J" | jq -r '.effects.fds // [] | .[] | "fd \(.fd): " +
	    (if .in_parent and .in_child then
	        (if .same_ofd == true then "shared 1 " elif .same_ofd == false then "copied 2 " else "unknown 1 " end)
	     elif .in_parent then "parent-only 1 " else "child-only 1 " end)')
	is "$seen" "$want" "$name: each open file description: one box when kcmp measured one, two for two"
	rendered "$name" "$svg"
}

diagram fork 'preset fork; fn write-global 42'
diagram vm 'preset fork; flags +vm; fn write-global 42'
diagram files 'preset fork; flags +files; fn open-fd'
diagram thread "$THREAD"
if userns_works; then
	diagram container 'preset container'
else
	skip "container: $NO_USERNS"
fi

# fork: the textbook picture itself, where kcmp answers: two fd tables (one
# each), pointing into the same four open file descriptions.
if kcmp_works; then
	svg=$TEST_TMP/fork.svg
	is "$(boxes "$svg" copied files_struct) $(grep -c '^<g class="kobj shared s-file side-both fd-' "$svg")" "2 4" \
	    "fork: two fd tables, four shared open file descriptions"
	is "$(grep -c '^<line class="arrow from-parent-table s-file"' "$svg") $(grep -c '^<line class="arrow from-child-table s-file"' "$svg")" \
	    "4 4" "fork: each table points into each description"
else
	skip "fork: $NO_KCMP"
fi

# --- every probe failing: the objects are "?" boxes, dashed, without arrows,
# never shared or copied.
if [ -n "${CLONESH_SANITIZERS:-}" ]; then
	skip "every probe failing: a preloaded shim cannot come before the sanitizers' runtime"
else
	shim=$TOP_BUILDDIR/tests/probe-fault-shim.so
	svg=$TEST_TMP/fault.svg
	PROBE_FAULT=kcmp,mem,status,stat,fd,fdinfo,ns,cwd LD_PRELOAD=$shim
	export PROBE_FAULT LD_PRELOAD
	run_clonesh -c "preset fork; fn write-global 42; spawn; snapshot --svg $svg"
	unset PROBE_FAULT LD_PRELOAD
	if [ "$STATUS" != 0 ] || [ ! -s "$svg" ]; then
		fail "every probe failing: snapshot --svg writes the diagram" "  status $STATUS" "$(tap_show "$ERR")"
	else
		is "$(grep -c '^<g class="kobj \(shared\|copied\|new\) ' "$svg")" 0 \
		    "every probe failing: no box is shared, copied or new"
		seen=
		for s in mm_struct files_struct fs_struct sighand_struct io_context sem_undo_list signal_struct nsproxy; do
			seen="$seen $s:$(drawn "$svg" $s)"
		done
		is "$seen" " mm_struct:unknown 1 0 0 files_struct:unknown 1 0 0 fs_struct:unknown 1 0 0 sighand_struct:unknown 1 0 0 io_context:unknown 1 0 0 sem_undo_list:unknown 1 0 0 signal_struct:unknown 1 0 0 nsproxy:unknown 1 0 0" \
		    "every probe failing: each object one ? box, no arrow"
		n=$(grep -c '^<g class="kobj unknown ' "$svg")
		is "$(grep -c 'stroke-dasharray="7 4"' "$svg") $(grep -c '>? not measured' "$svg")" "$((n + 1)) $((n + 1))" \
		    "every probe failing: each of the $n boxes dashed, saying ? not measured (and the legend's)"
		have xmllint && { xmllint --noout "$svg" 2>/dev/null && pass "every probe failing: well-formed XML" ||
		    fail "every probe failing: well-formed XML"; }
	fi
fi

# --- a refused clone: the parent alone, its objects with no child to compare
svg=$TEST_TMP/refused.svg
run_clonesh -c "flags = sighand; spawn --force; snapshot --svg $svg"
if [ "$STATUS" != 0 ] || [ ! -s "$svg" ]; then
	fail "refused: snapshot --svg writes the diagram" "  status $STATUS" "$(tap_show "$ERR")"
else
	is "$(grep -c '^<g class="kobj ' "$svg") $(grep -c '^<line class="arrow from-child' "$svg")" \
	    "0 0" "refused: the parent alone, no object drawn as if pending, no child's arrow"
	like "$(cat "$svg")" '>clone failed \(EINVAL\): the parent is alone<' "refused: says the clone failed, and why"
	like "$(cat "$svg")" 'no child: the clone failed\.</desc>' "refused: the description says so"
fi

# --- a path XML cannot hold as it is: markup characters, a control
# character and a byte that is no UTF-8, in the child's open fd's target.
odd=$TEST_TMP/'a<b&c>d.txt'
bad=$TEST_TMP/$(printf 'x\001y\377z')
: >"$odd"
: >"$bad"
ln -s "$bad" "$TEST_TMP/link"
for f in "$odd" "$TEST_TMP/link"; do
	svg=$TEST_TMP/odd.svg
	rm -f "$svg"
	run_clonesh -c "preset fork; fn open-fd '$f'; spawn; snapshot --svg $svg"
	if [ "$STATUS" != 0 ] || [ ! -s "$svg" ]; then
		fail "open-fd $f: snapshot --svg writes the diagram" "  status $STATUS" "$(tap_show "$ERR")"
	elif ! have xmllint; then
		skip "open-fd ${f##*/}: $NO_XMLLINT"
	elif ! xmllint --noout "$svg" 2>"$TEST_TMP/xmllint.err"; then
		fail "open-fd ${f##*/}: well-formed XML" "$(tap_show "$(head -n 5 "$TEST_TMP/xmllint.err")")"
	else
		case $f in
		*link) path=$TEST_TMP/x$(printf '\357\277\275')y$(printf '\357\277\275')z ;;
		*) path=$odd ;;
		esac
		is "$(xmllint --xpath "count(//*[local-name()='g'][contains(@class, 'child-only')][contains(*[local-name()='title'], '$path')])" "$svg")" 1 \
		    "open-fd ${f##*/}: well-formed, the child's fd's path in its box (U+FFFD for what XML cannot hold)"
	fi
done

# --- transcript --svg: each experiment's diagram beside the Markdown, shown in it
md=$TEST_TMP/'my notes.md'
run_clonesh -c "spawn; flags +vm; spawn; transcript --svg '$md'"
is "$STATUS/$(printf '%s\n' "$OUT" | tail -n 1)" \
    "0/transcript: 3 commands and 2 observations into $md, with 2 diagrams beside it" \
    "transcript --svg: says how many diagrams"
seen=
for n in 1 2; do
	f="$TEST_TMP/my notes-$n.svg"
	if [ ! -s "$f" ]; then
		seen="$seen $n:missing"
	elif have xmllint && ! xmllint --noout "$f" 2>/dev/null; then
		seen="$seen $n:ill-formed"
	else
		seen="$seen $n:$(grep -c "^<title>clonesh experiment #$n: " "$f")"
	fi
done
is "$seen" " 1:1 2:1" "transcript --svg: my notes-1.svg and my notes-2.svg, experiments #1 and #2"
is "$(grep -c '^!\[Experiment [12]: the kernel.s objects behind parent and child\](<my notes-[12].svg>)$' "$md")" 2 \
    "transcript --svg: each shown in the Markdown, its name in <> (a blank)"
is "$(grep -n -e '^!\[' -e '^Experiment [0-9]:' "$md" | cut -d: -f2 | tr '\n' ' ')" \
    "Experiment 1 ![Experiment 1 Experiment 2 ![Experiment 2 " "transcript --svg: each diagram after its experiment"
run_clonesh -c "spawn; transcript $TEST_TMP/plain.md"
is "$(ls "$TEST_TMP" | grep -c '^plain') $(grep -c '!\[' "$TEST_TMP/plain.md")" "1 0" \
    "transcript without --svg: no diagram, none shown"
run_clonesh -c 'transcript --svg'
is "$STATUS/$ERR" '1/-c:1: transcript: which file? (usage: transcript [--svg] FILE.md)' \
    "transcript --svg without a file: which file, and the usage"
run_clonesh -c "transcript --png $TEST_TMP/x.md"
is "$STATUS/$ERR" '1/-c:1: transcript: unknown option "--png" (usage: transcript [--svg] FILE.md)' \
    "transcript --png: an unknown option, and the usage"

done_testing
