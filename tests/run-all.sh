#!/usr/bin/env bash
# Runs every test suite: each tests/<suite>/run.sh, found by looking, with
# SCOMC set to the binary under test and ROOT to the repository root. A
# suite prints one line per case and exits non-zero on any failure.
#
#   tests/run-all.sh BINARY                  every suite (unit first; the
#                                            slow browser and fuzz ones last)
#   SUITES="verify cli" tests/run-all.sh BINARY   only these; a name with no
#                                            tests/<name>/run.sh is a failure
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCOMC=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export ROOT SCOMC

# Every suite directory, in run order.
discover() {
	local first="unit errors" last="browser fuzz" s all=()
	for s in "$ROOT"/tests/*/run.sh; do
		s=$(basename "$(dirname "$s")")
		case " $first $last " in *" $s "*) continue ;; esac
		all+=("$s")
	done
	for s in $first "${all[@]}" $last; do
		[ -f "$ROOT/tests/$s/run.sh" ] && echo "$s"
	done
}

failed=()
suites=${SUITES:-$(discover | tr '
' ' ')}
for s in $suites; do
	script="$ROOT/tests/$s/run.sh"
	if [ ! -f "$script" ]; then
		echo "== $s: no such suite (tests/$s/run.sh is missing)"
		failed+=("$s")
		continue
	fi
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
