#!/bin/sh
# view diagram|table: the kernel objects behind lab and child, drawn from the
# observation.  Below the pane: the command, its errors, the diagram printed
# (and with kcmp and /proc denied by the probe-fault shim: dashed "?" boxes
# only, never a shared or copied one).  In the pane at 100x30 and 80x24, with
# colour and with NO_COLOR: fork, CLONE_VM, CLONE_FILES, a thread and a
# container, counting each struct's boxes and the shared markers; F2; the
# phases of step mode.
. "${TOP_SRCDIR:-.}/tests/lib.sh"

unset LC_ALL LC_CTYPE
LANG=C.UTF-8
export LANG

# --- the command, below the pane ----------------------------------------------------
run_clonesh -c 'view' -c 'view TABLE' -c 'view'
is "$OUT" "view: table
view: table
view: table" "view: shows the view, table by default"
is_status 0 "view table: a script may choose it"

run_clonesh -c 'view banana'
is_status 1 "view banana: fails"
is "$ERR" '-c:1: view: "banana" is not a view (try diagram or table)' \
    "view banana: names the word and the views"
run_clonesh -c 'view diagram table'
like "$ERR" '^-c:1: view: too many arguments' "view diagram table: too many arguments"

run_clonesh -c 'view diagram' -c 'view'
is "$OUT" "view: no experiment yet: set it up, then type spawn
view: diagram" "view diagram before any spawn: says so, and the choice stays"

# diagram_lines: the diagram's lines of $1, from the tasks' line to the
# legend, which is left out (its words are the markers counted).
diagram_lines() {
	printf '%s\n' "$1" | awk '/^(┌|\+) parent/ { on = 1 } on && /not measured/ && /shared/ { exit } on { print }'
}
# count TEXT REGEX: how many times REGEX is in TEXT's diagram.
count() {
	diagram_lines "$1" | grep -oE -- "$2" | wc -l | tr -d ' '
}

run_clonesh -c 'preset fork; fn write-global 8; spawn' -c 'view diagram'
D=$(diagram_lines "$OUT")
like "$D" '^┌ parent \(the lab\) pid [0-9]+ tid [0-9]+ .* child pid [0-9]+ tid [0-9]+ ┐$' \
    "plain: the tasks' line, the parent left, the child right"
like "$OUT" '║ ║ shared: one object, two arrows +│ │ copied: a box each +┃ ┃ new +┆\?┆ not measured' \
    "plain: the legend, each state's box line and its word"
if kcmp_works; then
	is "$(count "$OUT" '┌ mm_struct ─')" 2 "plain fork: two mm_struct boxes (tall)"
	like "$D" '│ [0-9]+\.[0-9] MiB, global = 7 +│ +copied +│ [0-9]+\.[0-9] MiB, global = 8 +│' \
	    "plain fork: each reads its own global, in an address space of its size (VmSize)"
	is "$(count "$OUT" '╔ file ═')" "$(count "$OUT" 'fd [0-9]+ ─+ shared ─+▶')" \
	    "plain fork: every open file description one box, pointed at from both fd tables"
	is "$(count "$OUT" '┌ file ─')" 0 "plain fork: no file description copied"
else
	for _ in 1 2 3 4; do skip "plain fork: $NO_KCMP"; done
fi

LANG=C
run_clonesh -c 'preset fork; spawn' -c 'view diagram'
like "$OUT" '^\+ parent \(the lab\) pid' "plain, C locale: ASCII lines"
like "$OUT" '# # shared: one object, two arrows +\| \| copied: a box each +\* \* new +:\?: not measured' \
    "plain, C locale: the legend in ASCII"
LANG=C.UTF-8

# --- probes denied: not measured, never a verdict -----------------------------------
shim=$TOP_BUILDDIR/tests/probe-fault-shim.so
if [ -n "${CLONESH_SANITIZERS:-}" ] || [ ! -f "$shim" ]; then
	for _ in 1 2 3 4 5 6; do skip "probe faults: no shim (sanitizers, or not built)"; done
else
	PROBE_FAULT=kcmp,status,ns,fd,fdinfo,cwd,maps,mem LD_PRELOAD=$shim
	export PROBE_FAULT LD_PRELOAD
	run_clonesh -c 'preset fork; spawn' -c 'view diagram'
	unset PROBE_FAULT LD_PRELOAD
	D=$(diagram_lines "$OUT")
	dashed=$(count "$OUT" '┌ [a-z_]+ ╌')
	if [ "$dashed" -ge 8 ]; then
		pass "kcmp and /proc denied: every object a dashed box ($dashed)"
	else
		fail "kcmp and /proc denied: every object a dashed box" "$(tap_show "$OUT")"
	fi
	is "$(count "$OUT" '┆ \? not measured: ')" "$dashed" "... each with ? and its reason"
	like "$D" 'not measured: kcmp vm failed: Operation not permitted' "... the mm's reason is kcmp's"
	unlike "$D" '[╔║┃▶◀]|shared|copied|new' "... no shared, copied or new box, and no arrow"
	PROBE_FAULT=kcmp LD_PRELOAD=$shim
	export PROBE_FAULT LD_PRELOAD
	run_clonesh -c 'preset fork; fn write-global 8; spawn' -c 'view diagram'
	unset PROBE_FAULT LD_PRELOAD
	like "$(diagram_lines "$OUT")" '┆ \? not measured: kcmp io failed' \
	    "kcmp denied: the I/O context, which no behaviour shows, is dashed"
	like "$(diagram_lines "$OUT")" '│ ([0-9]+\.[0-9] MiB, )?global = 8 \(by behaviour\) +│' \
	    "kcmp denied: the address space measured by behaviour says so"
fi

# --- the pane -------------------------------------------------------------------------
. "${TOP_SRCDIR:-.}/tests/tmux.sh"


# counted SESSION REGEX N NAME: the diagram on the screen has REGEX N times.
counted() {
	if poll "$1" has_count "$2" "$3"; then
		pass "$4"
	else
		fail "$4" "  expected $3 of: $2, seen $(count "$SCREEN" "$2")" "  screen:" "$(tap_show "$SCREEN")"
	fi
}
has_count() { [ "$(count "$SCREEN" "$1")" = "$2" ]; }

KCMP=no
kcmp_works && KCMP=yes
USERNS=no
userns_works && USERNS=yes
n=0

# spawned SESSION LINE: runs LINE (each ;-separated command counted) and waits
# for the status line's counter.
spawned() {
	tm send-keys -t "$1" "$2" Enter
	n=$((n + $(printf '%s' "$2" | tr -cd ';' | wc -c) + 1))
	wait_for "$1" "$(status "$n")"
}

# presets SESSION WHERE: the five experiments' diagrams.
presets() {
	s=$1
	w=$2
	spawned "$s" 'preset fork; fn write-global 8; spawn'
	check "$s" '^┌ parent \(the lab\) pid [0-9]+ tid [0-9]+ .*child pid [0-9]+ tid [0-9]+ ┐$' \
	    "$w fork: the tasks' line"
	check "$s" '^║ ║ shared.* │ │ copied.* ┃ ┃ new.* ┆\?┆ not measured' "$w: the legend"
	if [ "$KCMP" = yes ]; then
		counted "$s" '│mm_struct ' 2 "$w fork: mm_struct copied, a box each"
		counted "$s" '│files_struct ' 2 "$w fork: files_struct copied, a box each"
		counted "$s" '│signal_struct ' 2 "$w fork: signal_struct, a box each"
		counted "$s" '║nsproxy ' 1 "$w fork: one nsproxy, shared"
		counted "$s" '│file ' 0 "$w fork: no open file description copied"
		if poll "$s" has_files_shared; then
			pass "$w fork: the open file descriptions shared, from both fd tables"
		else
			fail "$w fork: the open file descriptions shared, from both fd tables" "$(tap_show "$SCREEN")"
		fi
	else
		for _ in 1 2 3 4 5 6; do skip "$w fork: $NO_KCMP"; done
	fi

	spawned "$s" 'flags +vm; spawn'
	if [ "$KCMP" = yes ]; then
		counted "$s" 'mm_struct ' 1 "$w CLONE_VM: one mm_struct"
		check "$s" '^├─+ shared ─+▶║mm_struct  [0-9]+\.[0-9] MiB, global = 8' "$w CLONE_VM: shared, an arrow from each"
	else
		for _ in 1 2; do skip "$w CLONE_VM: $NO_KCMP"; done
	fi

	spawned "$s" 'preset fork; flags +files; spawn'
	if [ "$KCMP" = yes ]; then
		counted "$s" 'files_struct ' 1 "$w CLONE_FILES: one files_struct"
		check "$s" '^├─+ shared ─+▶║files_struct  fds' "$w CLONE_FILES: shared"
		counted "$s" 'mm_struct ' 2 "$w CLONE_FILES: two mm_structs"
	else
		for _ in 1 2 3; do skip "$w CLONE_FILES: $NO_KCMP"; done
	fi

	spawned "$s" "$THREAD; spawn"
	check "$s" 'child tid [0-9]+, a thread of [0-9]+ ┐$' "$w thread: the child is a thread of the lab's group"
	counted "$s" 'signal_struct ' 1 "$w thread: one signal_struct (the measured tgid)"
	if [ "$KCMP" = yes ]; then
		for st in mm_struct files_struct fs_struct sighand_struct; do
			counted "$s" "║$st " 1 "$w thread: one $st, shared"
		done
	else
		for _ in 1 2 3 4; do skip "$w thread: $NO_KCMP"; done
	fi

	if [ "$USERNS" = yes ]; then
		spawned "$s" 'preset container; spawn'
		counted "$s" 'nsproxy ' 2 "$w container: two nsproxies"
		check "$s" ' new +┃nsproxy  new: uts pid' "$w container: the child's new, heavy, the new namespaces named"
	else
		spawned "$s" 'preset fork'
		for _ in 1 2; do skip "$w container: $NO_USERNS"; done
	fi
}
has_files_shared() {
	a=$(count "$SCREEN" '║file ')
	[ "$a" -ge 1 ] && [ "$a" = "$(count "$SCREEN" '─ shared ─+▶║file ')" ]
}

for size in 100x30 80x24; do
	for colour in colour NO_COLOR; do
		n=0
		name=d$(printf '%s' "$size$colour" | tr -cd 'a-zA-Z0-9')
		if [ "$colour" = NO_COLOR ]; then
			start "$name" NO_COLOR=1
		else
			start "$name"
		fi
		sized "$name" "${size%x*}" "${size#*x}"
		spawned "$name" 'view diagram'
		check "$name" '^ *no experiment yet: set it up, then type spawn' "$size $colour: view diagram, nothing yet"
		presets "$name" "$size $colour"
		if [ "$colour" = NO_COLOR ]; then
			esc=$(printf '\033')
			attr=$(tm capture-pane -p -e -t "$name")
			unlike "$attr" "$esc"'\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9;]*)?m' \
			    "$size NO_COLOR: no colour on the screen"
		fi
		# (left running: killing a server's last session can race the next start)
	done
done

# --- F2, and the phases of step mode --------------------------------------------------
start k
sized k 100 30
n=0
spawned k 'preset fork; spawn'
check k 'resource +parent \(the lab\) +verdict +child' "the table by default"
tm send-keys -t k F2
check k '^┌ parent \(the lab\)' "F2: the diagram"
spawned k 'view'
check k '^view: diagram' "view says diagram after F2"
tm send-keys -t k F2
check k 'resource +parent \(the lab\) +verdict +child' "F2 again: the table"
spawned k 'view diagram; step on; spawn'
check k 'step · phase: before clone' "step: before clone"
check k '^┌ parent \(the lab\) .* child: not made yet' \
    "step, before clone: the parent alone"
counted k '╭|│mm_struct' 1 "step, before clone: its objects, the parent's only"
tm send-keys -t k Space
check k 'step · phase: child started' "step: child started"
check k '^┌ parent .* child pid [0-9]+ tid [0-9]+ ┐$' "step, child started: the child and its arrows appear"
tm send-keys -t k Space
check k 'step · phase: child acted' "step: child acted"
tm send-keys -t k Space
if poll k screen_has 'step · phase: child exited'; then
	tm send-keys -t k Space
fi
check k '^last experiment #2: child exited' "step: the experiment ends"
spawned k 'view table'
check k 'resource +parent \(the lab\) +verdict +child' "view table: the rows again"
done_testing
