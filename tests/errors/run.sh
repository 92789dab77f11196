#!/usr/bin/env bash
# Negative tests of the compiler (house style H.2), run by the one harness
# for "input, exact stderr, exit code": tests/lib/expect.sh (its header
# describes the case format).
#
# Each case is one input in this directory: <case>.alert (.alert source),
# <case>.xml (model XML) or <case>.gen (a bash script whose stdout becomes
# <case>.alert: inputs too big or too odd to commit), with <case>.err, the
# exact stderr. Header lines in the first five lines of the input (or the
# .gen script): "# exit: N" (default 1; <!-- exit: N --> in XML) and
# "# args: ARGS" (e.g. check, --werror). Optional <case>.json / .sarif.
# The compiler runs from the case's directory with -o pointing at a fresh
# empty directory; a failing case must leave it empty.
# Finally every ID in compiler/diag_ids.def must be covered by an .err,
# .json or .sarif file here, or by an assertion "[ID]" in another suite.
#
#   SCOMC=build/scomc bash tests/errors/run.sh
#   UPDATE=1 bash tests/errors/run.sh      rewrite .err/.json/.sarif
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ROOT:-$(cd "$here/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
SCOMC=$(cd "$(dirname "$SCOMC")" 2>/dev/null && pwd)/$(basename "$SCOMC") # runs cd
if [ ! -x "$SCOMC" ]; then
	echo "errors: no compiler at $SCOMC (run make)" >&2
	exit 2
fi

EXPECT_OUT=1
EXPECT_EXIT=1
. "$ROOT/tests/lib/expect.sh"

expect_dir "$here" "$SCOMC"

# Every diagnostic ID must have a test (house style K: "a negative test
# with exact text"): an expected "[ID]" in a .err file here, an expected
# "ID" in a .json/.sarif file here, or an asserted "[ID]" in another suite
# (tests/cli/run.sh for the E5xx environment errors; the suites of other
# commands, e.g. tests/verify/, for their own IDs).
missing=""
for id in $(sed -n -E 's/^DIAG_ID\(([A-Z][0-9]+),.*/\1/p' "$ROOT/compiler/diag_ids.def"); do
	if grep -qF "[$id]" "$here"/*.err 2>/dev/null ||
	   grep -qF "\"$id\"" "$here"/*.json "$here"/*.sarif 2>/dev/null ||
	   grep -rqF --exclude-dir=errors "[$id]" "$ROOT/tests" 2>/dev/null; then
		continue
	fi
	missing="$missing $id"
done
if [ -n "$missing" ]; then
	bad "coverage" "diagnostic IDs without a test:$missing"
else
	ok "coverage: every ID in diag_ids.def has a test"
fi

expect_summary errors
