#!/bin/bash
# Builds the libFuzzer targets (make fuzz): the library's sources and each
# fuzz/TARGET.c compiled with clang -fsanitize=fuzzer,address,undefined into
# OUTDIR/TARGET.  An object is rebuilt when its source or any header is newer.
# Usage: fuzz/build.sh SRCDIR OUTDIR "CLANG" "CPPFLAGS" "LIBS" JOBS TARGETS -- LIBRARY_SOURCES...
set -euo pipefail

srcdir=$1 outdir=$2 cc=$3 cppflags=$4 libs=$5 jobs=$6 targets=$7
shift 7
[[ ${1:-} == -- ]] && shift
lib_sources=()
for src in "$@"; do [[ $src == *.c ]] && lib_sources+=("$src"); done
set -- "${lib_sources[@]}"

cflags="-std=gnu11 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
	-fno-sanitize-recover=undefined"
mkdir -p "$outdir/obj"

# libFuzzer comes with clang's runtime (libclang-rt-dev on Debian): say so
# plainly when it is missing rather than failing in the middle of the build.
probe=$outdir/obj/probe
if ! printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n%s\n' \
	'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
	$cc -fsanitize=fuzzer,address -x c - -o "$probe" 2>"$probe.log"; then
	echo "fuzz: $cc cannot link -fsanitize=fuzzer (install clang and libclang-rt-dev):" >&2
	cat "$probe.log" >&2
	exit 77
fi
rm -f "$probe" "$probe.log"

# shellcheck disable=SC2012 # our own file names
newest_header=$(ls -t "$srcdir"/src/*/*.h "$srcdir"/src/*/*/*.h "$srcdir"/fuzz/*.h config.h 2>/dev/null | head -n 1)

# obj_of SOURCE: its object, named by its whole path (src/ui/pane/pane.c:
# OUTDIR/obj/src-ui-pane-pane.o, fuzz/lexer.c: OUTDIR/obj/fuzz-lexer.o).
obj_of() {
	local dir
	dir=$(dirname "$1")
	echo "$outdir/obj/${dir//\//-}-$(basename "${1%.c}").o"
}

# Prints "SOURCE OBJECT" for each object that is out of date.
stale() {
	local src obj
	for src in "$@"; do
		obj=$(obj_of "$src")
		if [[ ! $obj -nt $srcdir/$src || ! $obj -nt $newest_header ]]; then
			echo "$srcdir/$src $obj"
		fi
	done
}

compile() {
	# shellcheck disable=SC2086 # flags are lists of words
	echo "  CLANG    $1" && $cc $cflags -fsanitize=fuzzer-no-link $cppflags -c "$1" -o "$2"
}
export -f compile
export cc cflags cppflags

fuzz_sources=(fuzz/string.c)
for t in $targets; do fuzz_sources+=("fuzz/$t.c"); done
# shellcheck disable=SC2016 # expanded by the inner bash
stale "$@" "${fuzz_sources[@]}" | xargs -r -n 2 -P "$jobs" bash -c 'compile "$0" "$1"'

lib=$outdir/obj/libclonesh-fuzz.a
objs=()
for src in "$@"; do objs+=("$(obj_of "$src")"); done
rm -f "$lib"
ar cr "$lib" "${objs[@]}"
for t in $targets; do
	echo "  FUZZER   $outdir/$t"
	# shellcheck disable=SC2086
	$cc $cflags -fsanitize=fuzzer "$outdir/obj/fuzz-$t.o" "$outdir/obj/fuzz-string.o" "$lib" \
		$libs -o "$outdir/$t"
done
