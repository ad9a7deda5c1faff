#!/bin/bash
# Runs clonesh's test suite in the environments a class or a distribution
# runs it in, each built from Debian packages, and prints a table of the
# results.  As root, with debootstrap, unshare and the Debian archive:
#
#   tests/env/run.sh [ENV...]             (default: every environment)
#   tests/env/run.sh --list               the environments
#   tests/env/run.sh --summary [ENV...]   the table of the last runs again
#   tests/env/run.sh --shell ENV [CMD]    CMD (or a shell) in ENV as its last run left it
#
# Each environment: a fresh overlay on a cached debootstrap --variant=minbase
# root file system, the committed tree (git archive) in /build/clonesh, the
# README's commands as root inside (autogen.sh installs the build packages
# with apt-get from the archive), then make check as the environment says.
# tests/env/lib.sh has the table of environments and the settings.  The exit
# status is 0 when every environment ran and no test failed (skips are
# allowed, each with its reason).
set -uo pipefail

TOP_SRCDIR=$(cd "$(dirname "$0")/../.." && pwd)
ENV_DIR=$TOP_SRCDIR/tests/env
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$ENV_DIR/lib.sh"

: "${CLONESH_ENV_TIMEOUT:=5400}"
PATH_INSIDE=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# stage2 NAME: in a new mount namespace (and pid namespace for pivot):
# mounts the environment's root and enters it.
stage2() {
	local name=$1 run=$CLONESH_ENV_CACHE/run/$1 root base dev d
	env_fields "$name" || env_die "unknown environment: $name"
	base=$CLONESH_ENV_CACHE/$SUITE.base
	root=$run/root
	mount -t overlay overlay -o "lowerdir=$base,upperdir=$run/upper,workdir=$run/ovl" "$root" ||
		env_die "$name: cannot mount the overlay"
	mount --bind "$CLONESH_ENV_CACHE/apt/$SUITE" "$root/var/cache/apt/archives"

	if [[ $ENTRY == chroot ]]; then
		# as sbuild/schroot does: the host's /proc, /sys and /dev
		mount -t proc proc "$root/proc"
		mount --rbind /sys "$root/sys"
		mount --rbind /dev "$root/dev"
		if [[ -n ${ENV_SHELL-} ]]; then
			exec chroot "$root" /usr/bin/env -i PATH="$PATH_INSIDE" HOME=/root TERM="${TERM:-dumb}" \
				/bin/bash -c "$ENV_SHELL"
		fi
		exec chroot "$root" /usr/bin/env -i PATH="$PATH_INSIDE" HOME=/root \
			/bin/bash /clonesh-env/inside.sh "$CHECK"
	fi

	# as a container runtime does: its own /proc, a minimal /dev, /sys
	# read-only, cgroup2 (unless this environment goes without), pivot_root
	mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
	dev=$root/dev
	mount -t tmpfs -o nosuid,mode=755,size=64k tmpfs "$dev"
	mknod -m 666 "$dev/null" c 1 3
	mknod -m 666 "$dev/zero" c 1 5
	mknod -m 666 "$dev/full" c 1 7
	mknod -m 666 "$dev/random" c 1 8
	mknod -m 666 "$dev/urandom" c 1 9
	mknod -m 666 "$dev/tty" c 5 0
	for d in pts shm mqueue; do mkdir "$dev/$d"; done
	mount -t devpts -o newinstance,nosuid,noexec,ptmxmode=0666,mode=0620,gid=5 devpts "$dev/pts"
	ln -s pts/ptmx "$dev/ptmx"
	mount -t tmpfs -o nosuid,nodev,mode=1777 shm "$dev/shm"
	mount -t mqueue -o nosuid,nodev,noexec mqueue "$dev/mqueue"
	ln -s /proc/self/fd "$dev/fd"
	ln -s /proc/self/fd/0 "$dev/stdin"
	ln -s /proc/self/fd/1 "$dev/stdout"
	ln -s /proc/self/fd/2 "$dev/stderr"
	mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
	if [[ $CGROUP == cgroup ]]; then
		mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$root/sys/fs/cgroup"
	fi
	cd "$root" || exit 2
	mkdir -p .oldroot
	pivot_root . .oldroot || env_die "$name: pivot_root failed"
	# from here on every program is the root file system's own; pid 1 (this
	# bash) reaps orphans while inside.sh runs
	if [[ -n ${ENV_SHELL-} ]]; then
		umount -l /.oldroot && rmdir /.oldroot
		cd / && exec /usr/bin/env -i PATH="$PATH_INSIDE" HOME=/root TERM="${TERM:-dumb}" \
			/bin/bash -c "$ENV_SHELL"
	fi
	# shellcheck disable=SC2016  # expanded by the inner bash
	exec /usr/bin/env -i PATH="$PATH_INSIDE" HOME=/root /bin/bash -c '
		cd / && umount -l /.oldroot && rmdir /.oldroot || exit 2
		/bin/bash /clonesh-env/inside.sh "$1" &
		wait $!' inside "$CHECK"
}

# run_env NAME: builds NAME's root file system and runs the suite in it.
run_env() {
	local name=$1 run=$CLONESH_ENV_CACHE/run/$1 out=$CLONESH_ENV_CACHE/results/$1 base upper rc
	local -a enter
	env_fields "$name" || env_die "unknown environment: $name (try --list)"
	base=$(env_base "$SUITE") || exit 2
	rm -rf "$run" "$out"
	upper=$run/upper
	mkdir -p "$run/root" "$run/ovl" "$upper/build" "$upper/clonesh-env" "$out" \
		"$CLONESH_ENV_CACHE/apt/$SUITE"
	env_source "$upper/build/clonesh" || env_die "cannot copy $CLONESH_ENV_REV of $TOP_SRCDIR"
	git -C "$TOP_SRCDIR" rev-parse --short "$CLONESH_ENV_REV" >"$out/rev"
	cp "$ENV_DIR/inside.sh" "$ENV_DIR/restrict.c" "$upper/clonesh-env/"
	mkdir -p "$upper/etc"
	cp -L /etc/resolv.conf "$upper/etc/resolv.conf"
	if [[ $ENTRY == pivot ]]; then
		enter=(unshare --mount --propagation private --pid --fork --kill-child)
	else
		enter=(unshare --mount --propagation private)
	fi
	env_note "$name: $SUITE, entered by $ENTRY, make check as $CHECK, $CGROUP; log in $out/run.log"
	timeout --kill-after=30 "$CLONESH_ENV_TIMEOUT" "${enter[@]}" "$0" --stage2 "$name" \
		>"$out/run.log" 2>&1 9>&-
	rc=$?
	((rc == 124)) && echo "timed out after ${CLONESH_ENV_TIMEOUT}s" >"$upper/results/stage"
	cp -r "$upper/results/." "$out/" 2>/dev/null
	env_note "$name: finished with status $rc: $(cat "$out/stage" 2>/dev/null)"
	return "$rc"
}

if [[ ${1-} == --stage2 ]]; then
	stage2 "$2"
	exit 2
fi
if [[ ${1-} == --shell ]]; then
	# enter ENV's root file system as its last run left it, and run CMD
	# there (default: an interactive bash), to look into a failure
	((EUID == 0)) || env_die "needs root"
	env_fields "${2-}" || env_die "usage: tests/env/run.sh --shell ENV [CMD]"
	[[ -d $CLONESH_ENV_CACHE/run/$2/upper/build ]] || env_die "$2 has not run yet"
	if [[ $ENTRY == pivot ]]; then
		enter=(unshare --mount --propagation private --pid --fork --kill-child)
	else
		enter=(unshare --mount --propagation private)
	fi
	ENV_SHELL=${3:-exec bash -i} exec "${enter[@]}" "$0" --stage2 "$2"
fi
if [[ ${1-} == --list ]]; then
	env_names
	exit 0
fi
if [[ ${1-} == -* && $1 != --summary ]]; then
	sed -n '2,/^set /p' "$0" | sed '$d; s/^# \{0,1\}//'
	exit 2
fi
((EUID == 0)) || env_die "needs root (debootstrap, mount, pivot_root)"
git -C "$TOP_SRCDIR" rev-parse --verify -q "$CLONESH_ENV_REV^{commit}" >/dev/null ||
	env_die "$TOP_SRCDIR is not a git tree with $CLONESH_ENV_REV: the environments test a committed tree"

only_summary=no
if [[ ${1-} == --summary ]]; then
	only_summary=yes
	shift
fi
names=("$@")
((${#names[@]})) || mapfile -t names < <(env_names)
for name in "${names[@]}"; do
	env_fields "$name" || env_die "unknown environment: $name (try --list)"
done
if [[ $only_summary == no ]]; then
	mkdir -p "$CLONESH_ENV_CACHE/results"
	# one run at a time: environments share the .deb cache and the results
	exec 9>"$CLONESH_ENV_CACHE/lock"
	flock -n 9 || env_die "another tests/env/run.sh is running (lock: $CLONESH_ENV_CACHE/lock)"
	for name in "${names[@]}"; do
		run_env "$name"
	done
fi

summary=$CLONESH_ENV_CACHE/results/summary.txt
status=0
{
	printf 'tests/env/run.sh %s, %s\n\n' "${names[*]}" "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf '%-18s %-8s %6s %6s %7s  %s\n' environment commit passed failed skipped "last stage"
	for name in "${names[@]}"; do
		env_summary "$CLONESH_ENV_CACHE/results/$name" "$name" || status=1
	done
	echo
	echo "skipped, with their reasons:"
	for name in "${names[@]}"; do
		echo "  $name:"
		env_skips "$CLONESH_ENV_CACHE/results/$name"
	done
} >"$summary"
cat "$summary"
exit "$status"
