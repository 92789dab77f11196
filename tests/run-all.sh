#!/usr/bin/env bash
# Runs every test suite: each tests/<suite>/run.sh, with SCOMC set to the
# binary under test and ROOT to the repository root. A suite prints one line
# per case and exits non-zero on any failure. Usage: tests/run-all.sh BINARY
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCOMC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export ROOT SCOMC
failed=()
suites=${SUITES:-unit errors sarif explain color fmt lsp golden cli schemas templates site sealed verify refs seal diff fragments hostile docs install agree browser fuzz}
for s in $suites; do
	script="$ROOT/tests/$s/run.sh"
	[ -f "$script" ] || continue
	echo "== $s"
	if ! bash "$script"; then
		failed+=("$s")
	fi
done
if [ ${#failed[@]} -ne 0 ]; then
	echo "FAILED suites: ${failed[*]}"
	exit 1
fi
echo "all suites passed"
