# shellcheck shell=bash disable=SC2034  # SUITE etc. are read by run.sh
# Common functions of tests/env/run.sh: build a Debian root file system from
# the package archive, enter it as a container runtime or a build daemon
# would, run the README's commands in a clean copy of the project, and
# summarise the TAP results.  Sourced by run.sh (bash).
#
# Settings (environment):
#   CLONESH_ENV_CACHE   where root file systems, .debs and results are kept
#                       (default /var/cache/clonesh-env; outside the source tree)
#   CLONESH_ENV_MIRROR  the Debian archive (default http://deb.debian.org/debian)
#   CLONESH_ENV_REV     the committed tree to test (default HEAD)

: "${CLONESH_ENV_CACHE:=/var/cache/clonesh-env}"
: "${CLONESH_ENV_MIRROR:=http://deb.debian.org/debian}"
: "${CLONESH_ENV_REV:=HEAD}"

# Every environment: NAME SUITE ENTRY CHECK, where ENTRY is how the root file
# system is entered (pivot: new mount and pid namespaces and pivot_root, as a
# container runtime does; chroot: a plain chroot, as a build daemon does) and
# CHECK how make check runs (root; unpriv: uid 65534 in a user namespace with
# user.max_user_namespaces=0 under a Docker-like seccomp filter; nokcmp: root
# with kcmp denied by seccomp).  nocgroup has no cgroup2 file system mounted.
ENV_TABLE=(
	"bookworm         bookworm pivot  root    cgroup"
	"trixie           trixie   pivot  root    cgroup"
	"bookworm-chroot  bookworm chroot root    cgroup"
	"trixie-chroot    trixie   chroot root    cgroup"
	"bookworm-unpriv  bookworm pivot  unpriv  cgroup"
	"bookworm-nocgroup bookworm pivot root    nocgroup"
	"bookworm-nokcmp  bookworm pivot  nokcmp  cgroup"
)

env_note() { printf 'env: %s\n' "$*" >&2; }
env_die() {
	env_note "$*"
	exit 2
}

# env_fields NAME: sets SUITE ENTRY CHECK CGROUP from ENV_TABLE.
env_fields() {
	local row name
	for row in "${ENV_TABLE[@]}"; do
		read -r name SUITE ENTRY CHECK CGROUP <<<"$row"
		[[ $name == "$1" ]] && return 0
	done
	return 1
}

env_names() {
	local row name
	for row in "${ENV_TABLE[@]}"; do
		read -r name _ <<<"$row"
		printf '%s\n' "$name"
	done
}

# env_base SUITE: the cached minimal root file system of SUITE (debootstrap
# --variant=minbase), made on first use.  Prints its path.
env_base() {
	local suite=$1 base=$CLONESH_ENV_CACHE/$1.base
	if [[ ! -x $base/bin/bash ]]; then
		command -v debootstrap >/dev/null || env_die "debootstrap is not installed (apt-get install debootstrap)"
		env_note "debootstrap --variant=minbase $suite (once; kept in $base)"
		rm -rf "$base.tmp"
		mkdir -p "$CLONESH_ENV_CACHE"
		debootstrap --variant=minbase "$suite" "$base.tmp" "$CLONESH_ENV_MIRROR" \
			>"$CLONESH_ENV_CACHE/$suite.debootstrap.log" 2>&1 ||
			env_die "debootstrap $suite failed: see $CLONESH_ENV_CACHE/$suite.debootstrap.log"
		mv "$base.tmp" "$base"
	fi
	printf '%s\n' "$base"
}

# env_source DIR: a clean copy of the committed tree ($CLONESH_ENV_REV) in DIR.
env_source() {
	mkdir -p "$1"
	git -C "$TOP_SRCDIR" archive --format=tar "$CLONESH_ENV_REV" | tar -x -C "$1"
}

# env_summary RESULTS_DIR NAME: prints "NAME passed failed skipped" from the
# .trs files, the failing tests with their first diagnostics, and each skip
# reason once.  Fails when a test failed, a skip has no reason, or nothing ran.
env_summary() {
	local dir=$1 name=$2 pass=0 fail=0 skip=0 trs log n status=0 rev
	rev=$(cat "$dir/rev" 2>/dev/null || echo -)
	if ! compgen -G "$dir/tests/*.trs" >/dev/null; then
		printf '%-18s %-8s %6s %6s %7s  %s\n' "$name" "$rev" - - - "no test results: $(cat "$dir/stage" 2>/dev/null || echo "did not run")"
		return 1
	fi
	for trs in "$dir"/tests/*.trs; do
		n=$(grep -c '^:test-result: \(PASS\|XFAIL\)' "$trs")
		pass=$((pass + n))
		n=$(grep -c '^:test-result: \(FAIL\|XPASS\)' "$trs")
		fail=$((fail + n))
		# a script's non-zero exit is an ERROR of its own: counted only
		# when no test point failed (a crash, a bail out)
		if ((n == 0)) && grep -q '^:test-result: ERROR' "$trs"; then
			fail=$((fail + 1))
		fi
		n=$(grep -c '^:test-result: SKIP' "$trs")
		skip=$((skip + n))
	done
	printf '%-18s %-8s %6d %6d %7d  %s\n' "$name" "$rev" "$pass" "$fail" "$skip" "$(cat "$dir/stage" 2>/dev/null)"
	((fail == 0)) || status=1
	for log in "$dir"/tests/*.log; do
		[[ $log == */test-suite.log ]] && continue
		# a failing test point and its first three diagnostic lines
		awk -v t="${log##*/}" '
			/^not ok / { print "    FAIL " t ": " $0; d = 3; next }
			d > 0 && /^#/ { print "         " $0; d--; next }
			{ d = 0 }
			/^Bail out!/ { print "    FAIL " t ": " $0 }' "$log"
		# a test script that failed without a failing test point
		if grep -q '^:test-result: ERROR' "${log%.log}.trs" 2>/dev/null &&
			! grep -q '^not ok ' "$log"; then
			echo "    FAIL ${log##*/}: $(grep -m1 -E '^(ERROR|Bail out)' "$log")"
		fi
		# a skip without a reason is a failure of the suite's rule
		if grep -Eq '^ok [0-9]+ # SKIP *$' "$log"; then
			echo "    FAIL ${log##*/}: a skip without a reason"
			status=1
		fi
	done
	return "$status"
}

# env_skips RESULTS_DIR: each skip reason with its count.
env_skips() {
	local log
	shopt -s nullglob
	for log in "$1"/tests/*.log; do
		[[ $log == */test-suite.log ]] && continue
		sed -n "s|^ok [0-9]* # SKIP \\(.*\\)|${log##*/}: \\1|p" "$log"
		sed -n "s|^1\\.\\.0 # SKIP \\(.*\\)|${log##*/}: (whole test) \\1|p" "$log"
	done | sort | uniq -c | sed 's/^/    /'
}
