#!/bin/bash
# Installs clonesh's .deb on a fresh minimal Debian with apt, as a school's
# lab machine gets it, and runs the course there: clonesh -c lessons, then
# clonesh --run-lesson for every installed lesson, as root and as an
# unprivileged user (nobody).  The root file system comes from debootstrap
# --variant=minbase; it is entered in a mount namespace of its own with
# pivot_root, as a container runtime or a booted machine has it (with
# --chroot, a plain chroot, as a build daemon has it: no user namespaces).
# Nothing stays mounted on the host, and the root file system is removed
# at the end (--keep keeps it).
#
# Usage: packaging/check-deb.sh [--suite SUITE] [--mirror URL] [--base DIR]
#                               [--chroot] [--keep] CLONESH.deb
#   --suite   the Debian release to install on (default trixie, Debian 13)
#   --mirror  the archive (default http://deb.debian.org/debian)
#   --base    copy this pristine debootstrap tree instead of running
#             debootstrap (a cache for repeated runs; it is not changed)
#   --chroot  enter it with a plain chroot, as a build daemon does, instead
#             of pivot_root in a mount namespace, as a machine has it
#   --keep    keep the root file system afterwards (its path is printed)
# Needs root, debootstrap and unshare (util-linux).  Exit status: 0 when
# the package installed and every lesson passed or was skipped with the
# reason (clonesh --run-lesson's 77), 1 when something failed, 2 on a
# usage error.
set -euo pipefail

suite=trixie mirror=http://deb.debian.org/debian base= mode=pivot keep=false
# usage [STATUS]: the comment above, on stdout for --help, else on stderr.
usage() {
	if [ "${1:-2}" = 0 ]; then
		sed -n '/^# Usage:/,/^# usage error/s/^# \{0,1\}//p' "$0"
	else
		sed -n '/^# Usage:/,/^# usage error/s/^# \{0,1\}//p' "$0" >&2
	fi
	exit "${1:-2}"
}
while (($#)); do
	case $1 in
	--suite) suite=${2:?}; shift 2 ;;
	--mirror) mirror=${2:?}; shift 2 ;;
	--base) base=${2:?}; shift 2 ;;
	--chroot) mode=chroot; shift ;;
	--keep) keep=true; shift ;;
	-h|--help) usage 0 ;;
	-*) echo "check-deb: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
(($# == 1)) || { echo "check-deb: one clonesh .deb is needed (make deb builds it)" >&2; usage; }
deb=$(realpath -- "$1")
[[ -f $deb && $deb == *.deb ]] || { echo "check-deb: $1: not a .deb file" >&2; exit 2; }
[[ $(id -u) == 0 ]] || { echo "check-deb: needs root (debootstrap, mount, pivot_root)" >&2; exit 2; }
for cmd in unshare pivot_root; do
	command -v "$cmd" >/dev/null || { echo "check-deb: $cmd is missing (apt-get install util-linux)" >&2; exit 2; }
done
[[ -n $base ]] || command -v debootstrap >/dev/null ||
	{ echo "check-deb: debootstrap is missing (apt-get install debootstrap)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/var/tmp}/clonesh-check-deb.XXXXXX")
root=$work/root
cleanup() {
	if $keep; then
		echo "check-deb: the root file system is kept in $root"
	elif grep -q " $work/" /proc/self/mountinfo; then
		echo "check-deb: something is still mounted under $work: not removing it" >&2
	else
		rm -rf --one-file-system "$work"
	fi
}
trap cleanup EXIT

if [[ -n $base ]]; then
	echo "check-deb: copying the $suite root file system of $base"
	cp -a "$base" "$root"
else
	echo "check-deb: debootstrap --variant=minbase $suite ($mirror)"
	debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
		{ tail -20 "$work/debootstrap.log"; echo "check-deb: debootstrap failed"; exit 1; }
fi
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp "$deb" "$root/tmp/"

# What runs on the fresh system, as root there.
cat >"$root/tmp/check-inner.sh" <<'INNER'
#!/bin/bash
set -uo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin
deb=$1
failed=0
echo "check-deb: $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
apt-get update -q >/tmp/apt.log 2>&1 &&
	apt-get install -y -q --no-install-recommends "/tmp/$deb" >>/tmp/apt.log 2>&1 ||
	{ tail -30 /tmp/apt.log; echo "check-deb: FAIL: apt-get install /tmp/$deb"; exit 1; }
grep '^Setting up' /tmp/apt.log | sed 's/^/  /'
echo "check-deb: installed: $(dpkg-query -W -f='${Package} ${Version} (${Depends})' clonesh)"
for f in /usr/bin/clonesh /usr/share/man/man1/clonesh.1.gz /usr/share/clonesh/lessons/01-the-seed-program.md \
	/usr/share/doc/clonesh/copyright; do
	if [[ -e $f ]]; then echo "ok: $f"; else echo "FAIL: $f is not installed"; failed=1; fi
done
clonesh --version | sed 's/^/  /'
# The labs are processes of the installed lab program, not copies of clonesh.
if out=$(clonesh -c doctor 2>&1) && printf '%s\n' "$out" | grep -q '^  lab program  */usr/libexec/clonesh/clonesh-lab$'; then
	echo "ok: doctor: the labs are processes of /usr/libexec/clonesh/clonesh-lab"
else
	echo "FAIL: doctor does not name the installed lab program"; printf '%s\n' "$out" | sed 's/^/  /'
	failed=1
fi
if out=$(clonesh -c lessons 2>&1); then
	echo "ok: clonesh -c lessons"; printf '%s\n' "$out" | sed 's/^/  /'
else
	echo "FAIL: clonesh -c lessons (status $?)"; printf '%s\n' "$out" | sed 's/^/  /'; failed=1
fi

# run_as USER: every installed lesson, start to finish.
run_as() {
	local user=$1 lesson status out name
	for lesson in /usr/share/clonesh/lessons/[0-9]*.md; do
		name=${lesson##*/}
		if [[ $user == root ]]; then
			out=$(cd /tmp && HOME=/root timeout 600 clonesh --run-lesson "$lesson" </dev/null 2>&1)
		else
			out=$(cd /tmp && HOME=/tmp timeout 600 setpriv --reuid=65534 --regid=65534 --clear-groups \
				clonesh --run-lesson "$lesson" </dev/null 2>&1)
		fi
		status=$?
		case $status in
		0) printf '%-8s %-32s pass\n' "$user" "$name" ;;
		77) printf '%-8s %-32s skip: %s\n' "$user" "$name" \
			"$(printf '%s\n' "$out" | grep -m1 'skipped' | sed 's/.*skipped: //')" ;;
		*) printf '%-8s %-32s FAIL (status %d)\n' "$user" "$name" "$status"
		   printf '%s\n' "$out" | tail -25 | sed 's/^/    /'
		   failed=1 ;;
		esac
	done
}
run_as root
run_as nobody
exit $failed
INNER
chmod +x "$root/tmp/check-inner.sh"

echo "check-deb: entering the root file system ($mode)"
rc=0
unshare --mount --propagation private --fork -- /bin/bash -euc '
	root=$1 mode=$2 deb=$3
	mount --bind "$root" "$root"
	mount -t proc proc "$root/proc"
	mount --rbind /dev "$root/dev"
	mount --rbind /sys "$root/sys"
	mount -t tmpfs tmpfs "$root/run"
	if [[ $mode == chroot ]]; then
		exec chroot "$root" /tmp/check-inner.sh "$deb"
	fi
	cd "$root"
	mkdir -p .oldroot
	pivot_root . .oldroot
	exec /bin/bash -c "umount -l /.oldroot && rmdir /.oldroot && exec /tmp/check-inner.sh \"\$1\"" - "$deb"
' - "$root" "$mode" "${deb##*/}" || rc=$?
if ((rc == 0)); then echo "check-deb: PASS ($suite, $mode)"; else echo "check-deb: FAIL ($suite, $mode)"; fi
exit $((rc == 0 ? 0 : 1))
