# tests/fuzz/replay-lib.sh - what every replay-NAME.sh starts with (sourced):
# SCOMC (required), ROOT, d (a scratch directory removed at exit), worst
# (0), and worst_of CMD... (runs CMD, keeps the largest exit code in worst).
SCOMC=${SCOMC:?}
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
worst=0
worst_of() {
	"$@"
	local rc=$?
	[ "$rc" -gt "$worst" ] && worst=$rc
	return 0
}
