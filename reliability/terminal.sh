#!/bin/sh
# Terminal: SIGTERM, SIGINT, SIGHUP and SIGSEGV sent from outside to clonesh
# while its ncurses pane owns the terminal, in an isolated tmux server
# (tests/tmux.sh).  After each, once clonesh has ended (by the signal, or by
# "quit" when the signal does not end it), `stty -a` on that terminal must
# show icanon and echo, and the pane must have left the screen.  Prints a
# table (and the TAP lines of the checks); exits 1 when a bar is not met.
#
# usage: reliability/terminal.sh [PATH/TO/clonesh]   (make reliability passes it)
here=$(cd "$(dirname "$0")" && pwd)
TOP_SRCDIR=${TOP_SRCDIR:-$(cd "$here/.." && pwd)}
[ $# -gt 0 ] && CLONESH=$1
export TOP_SRCDIR CLONESH
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/tmux.sh"

table=$TEST_TMP/table
printf '%-8s  %-34s  %-7s  %-7s  %s\n' signal "what clonesh did" "icanon" "echo" "pane gone" >"$table"

for sig in TERM INT HUP SEGV; do
	name=k$sig
	start "$name"
	if ! wait_for "$name" "$(status 0)"; then
		fail "SIG$sig: clonesh started in the pane" "  screen:" "$(tap_show "$SCREEN")"
		printf '%-8s  %-34s  %-7s  %-7s  %s\n' "SIG$sig" "did not start" - - - >>"$table"
		continue
	fi
	shell=$(tm list-panes -t "$name" -F '#{pane_pid}')
	pid=$(pgrep -P "$shell" | head -n 1)
	# A command first, so the pane is in use, not fresh.
	tm send-keys -t "$name" 'flags +vm' Enter
	wait_for "$name" "$(status 1)"
	kill -"$sig" "$pid" 2>/dev/null
	if wait_for "$name" '^clonesh-exited-[0-9]+$'; then
		did="ended: status $(printf '%s\n' "$SCREEN" | sed -n 's/^clonesh-exited-//p' | tail -n 1)"
		pass "SIG$sig ends clonesh ($did)"
	elif kill -0 "$pid" 2>/dev/null; then
		# Still running: it must still work, and quit must give the terminal back.
		tm send-keys -t "$name" 'stack 16k' Enter
		if wait_for "$name" 'stack 16k|^stack: 16k'; then
			pass "SIG$sig: clonesh goes on and still takes commands"
			did="went on; then quit"
		else
			fail "SIG$sig: clonesh goes on and still takes commands" "  screen:" "$(tap_show "$SCREEN")"
			did="went on but took no command"
		fi
		tm send-keys -t "$name" 'quit' Enter
		if wait_for "$name" '^clonesh-exited-[0-9]+$'; then
			did="$did: status $(printf '%s\n' "$SCREEN" | sed -n 's/^clonesh-exited-//p' | tail -n 1)"
		else
			fail "SIG$sig: quit ends clonesh afterwards" "  screen:" "$(tap_show "$SCREEN")"
		fi
	else
		fail "SIG$sig: clonesh ended or went on" "  screen:" "$(tap_show "$SCREEN")"
		did="vanished"
	fi
	stty_restored "$name" "after SIG$sig the terminal is back in icanon and echo"
	f=$TEST_TMP/stty-$name.txt
	icanon=no
	echo_=no
	grep -Eq '(^| )icanon( |$)' "$f" 2>/dev/null && icanon=yes
	grep -Eq '(^| )echo( |$)' "$f" 2>/dev/null && echo_=yes
	if printf '%s\n' "$SCREEN" | grep -Eq '· #[0-9]+ *$'; then
		gone=no
		fail "after SIG$sig the pane has left the screen" "  screen:" "$(tap_show "$SCREEN")"
	else
		gone=yes
		pass "after SIG$sig the pane has left the screen"
	fi
	printf '%-8s  %-34s  %-7s  %-7s  %s\n' "SIG$sig" "$did" "$icanon" "$echo_" "$gone" >>"$table"
done

diag "terminal after a signal from outside:"
sed 's/^/#   /' "$table"
done_testing
