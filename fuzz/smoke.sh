#!/bin/bash
# A short fuzz run for CI: builds the fuzz targets (make fuzz) and runs each
# for SECONDS, 10 by default, two at a time (make fuzz-run).  Run it from a
# configured build tree.  Exits 77 (skip) when clang cannot link libFuzzer,
# non-zero when a target crashed: the input is then kept in
# fuzz/build/artifacts/TARGET/ (replay it with tests/fuzz-replay TARGET FILE).
set -uo pipefail

seconds=${1:-10}
clang=${CLANG:-clang}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clonesh-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' >"$tmp/probe.c"
if ! "$clang" -fsanitize=fuzzer,address "$tmp/probe.c" -o "$tmp/probe" 2>"$tmp/probe.log"; then
	echo "fuzz smoke test skipped: $clang cannot link -fsanitize=fuzzer (install clang and libclang-rt-dev)"
	sed 's/^/  /' "$tmp/probe.log"
	exit 77
fi
make fuzz CLANG="$clang" && make fuzz-run CLANG="$clang" FUZZ_SECONDS="$seconds"
