# shellcheck shell=bash
# Sourced by the bench scripts.

# bench_options ARGS...: -n COUNT and -r ROUNDS into $n and $rounds, whose
# defaults the caller set; $skip is how many arguments they took, for the
# caller's shift.  A bad value calls the caller's usage.
bench_options() {
	local opt OPTIND=1
	while getopts n:r: opt; do
		case $opt in
		n) n=$OPTARG ;;
		r) rounds=$OPTARG ;;
		*) usage ;;
		esac
	done
	# shellcheck disable=SC2034 # read by the caller
	skip=$((OPTIND - 1))
	[[ $n =~ ^[1-9][0-9]{0,6}$ && $rounds =~ ^[1-9][0-9]?$ ]] || usage
}

# bench_script FILE COUNT: a clonesh script of COUNT spawns.
bench_script() {
	local i
	for ((i = 0; i < $2; i++)); do
		echo spawn
	done >"$1"
}
