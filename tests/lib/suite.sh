# tests/lib/suite.sh - the preamble every suite's run.sh shares. Source it
# first, naming the suite and the tools it needs:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" NAME [TOOL...]
#
# It sets
#   here    the suite's folder (where run.sh is)
#   ROOT    the source tree (kept when given)
#   SCOMC   the compiler, made absolute (default $ROOT/build/scomc); the
#           suite stops with exit 2 when it is not executable, unless
#           SUITE_NO_SCOMC=1 (suites that test the build itself)
#   UPDATE  0 unless given (1: rewrite expected files)
#   tmp     a scratch folder, removed at exit
#   pass, fail   counters for ok/bad
# and stops with exit 2 naming the first TOOL not on PATH. ok NAME and
# bad NAME [DETAIL] count and print one line each (DETAIL indented below);
# suite_summary prints "NAME: P passed, F failed" and returns 1 on a failure.
# tests/lib/expect.sh, sourced after this, brings its own counters.
suite_name=$1
shift
here=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
ROOT=${ROOT:-$(cd "$here/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
suite_dir=$(cd "$(dirname "$SCOMC")" 2>/dev/null && pwd)
SCOMC=${suite_dir%/}/$(basename "$SCOMC")
UPDATE=${UPDATE:-0}
pass=0 fail=0
for suite_tool in "$@"; do
	command -v "$suite_tool" >/dev/null ||
		{ echo "$suite_name: needs $suite_tool" >&2; exit 2; }
done
if [ "${SUITE_NO_SCOMC:-0}" != 1 ] && [ ! -x "$SCOMC" ]; then
	echo "$suite_name: no compiler at $SCOMC (run make)" >&2
	exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() {
	echo "FAIL $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /' | head -n 40
	fail=$((fail + 1))
}
suite_summary() {
	echo "$suite_name: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
