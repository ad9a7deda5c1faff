#!/bin/sh
# Remakes doc/diagram-*.png, the pictures the README shows: for each of five
# experiments, clonesh's `snapshot --svg` drawing of what this kernel
# measured, rendered by headless Chromium at the SVG's own size.
#
#   doc/mkdiagrams.sh [CLONESH]     (default: src/clonesh of this tree)
#
# Needs chromium (Debian's package) and, for the container one, user
# namespaces; an experiment this machine cannot run is left as it was.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
clonesh=${1:-$top/src/clonesh}
out=$top/doc
[ -x "$clonesh" ] || { echo "mkdiagrams: $clonesh is not built" >&2; exit 1; }
command -v chromium >/dev/null 2>&1 || { echo "mkdiagrams: chromium is not installed" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mkdiagrams.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home"
mkdir -p "$HOME"

# render SVG PNG: a screenshot at the SVG's width and height.
render() {
	w=$(sed -n 's/^<svg [^>]* width="\([0-9]*\)".*/\1/p' "$1")
	h=$(sed -n 's/^<svg [^>]* height="\([0-9]*\)".*/\1/p' "$1")
	# --no-sandbox: Chromium's sandbox refuses to run as root
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --force-device-scale-factor=1 --user-data-dir="$tmp/chromium" \
	    --screenshot="$2" --window-size="$w,$h" "file://$1" >"$tmp/log" 2>&1 ||
	    { cat "$tmp/log" >&2; return 1; }
}

status=0
for name in fork vm files thread container; do
	case $name in
	fork) setup='preset fork; fn write-global 42' ;;
	vm) setup='preset fork; flags +vm; fn write-global 42' ;;
	files) setup='preset fork; flags +files; fn open-fd' ;;
	thread) setup='preset thread' ;;
	container) setup='preset container' ;;
	esac
	if ! (cd /tmp && "$clonesh" -c "$setup; spawn; snapshot --svg $tmp/$name.svg") >"$tmp/out" 2>&1 ||
	    [ ! -s "$tmp/$name.svg" ]; then
		echo "mkdiagrams: $name: this machine cannot run it; doc/diagram-$name.png kept as it was" >&2
		sed 's/^/  /' "$tmp/out" >&2
		status=1
		continue
	fi
	render "$tmp/$name.svg" "$out/diagram-$name.png"
	echo "mkdiagrams: doc/diagram-$name.png"
done
exit $status
