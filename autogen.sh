#!/bin/bash
# Prepares a fresh clone for ./configure: installs the missing Debian build
# and test packages when it may (root, or sudo without a password), else
# prints the command to run; then generates configure with autoreconf.
set -euo pipefail

cd "$(dirname "$0")"

# Debian package names, and the command that shows each is present where
# there is no dpkg ("" for header-only packages, checked through pkg-config).
build_pkgs=(autoconf automake pkg-config gcc make libreadline-dev libncurses-dev libcmark-dev)
test_pkgs=(tmux jq asciinema strace)

declare -A cmd_of=(
	[autoconf]=autoconf [automake]=automake [pkg-config]=pkg-config
	[gcc]=gcc [make]=make [libreadline-dev]="" [libncurses-dev]="" [libcmark-dev]=""
	[tmux]=tmux [jq]=jq [asciinema]=asciinema [strace]=strace
)
declare -A pc_of=([libreadline-dev]=readline [libncurses-dev]=ncursesw [libcmark-dev]=libcmark)

note() { printf 'autogen.sh: %s\n' "$*" >&2; }

# True when PKG is installed (dpkg's view, or a command/pkg-config probe).
have_pkg() {
	local pkg=$1 status
	if command -v dpkg-query >/dev/null 2>&1; then
		status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) || return 1
		[[ $status == "install ok installed" ]]
		return
	fi
	if [[ -n ${cmd_of[$pkg]} ]]; then
		command -v "${cmd_of[$pkg]}" >/dev/null 2>&1
	else
		command -v pkg-config >/dev/null 2>&1 &&
			pkg-config --exists "${pc_of[$pkg]}"
	fi
}

missing=()
for pkg in "${build_pkgs[@]}" "${test_pkgs[@]}"; do
	have_pkg "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]})); then
	if ! command -v apt-get >/dev/null 2>&1; then
		note "not a Debian system: not installing anything"
		note "missing (by their Debian names): ${missing[*]}"
		note "install their equivalents, then run ./autogen.sh again"
		command -v autoreconf >/dev/null 2>&1 || exit 1
	else
		sudo=()
		if ((EUID != 0)); then
			if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
				sudo=(sudo -n)
			else
				note "missing packages: ${missing[*]}"
				note "run this, then ./autogen.sh again:"
				printf '  sudo apt-get update && sudo apt-get install -y --no-install-recommends %s\n' \
					"${missing[*]}" >&2
				exit 1
			fi
		fi
		note "installing: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		"${sudo[@]}" apt-get update
		"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
	fi
fi

mkdir -p build-aux m4
# --install adds missing auxiliary files (--add-missing --copy for automake),
# tap-driver.sh among them since configure.ac requires it.
autoreconf --force --install

if [[ ! -f build-aux/tap-driver.sh ]]; then
	note "build-aux/tap-driver.sh was not installed (is AC_REQUIRE_AUX_FILE in configure.ac?)"
	exit 1
fi
note "done; now run ./configure && make"
