#!/usr/bin/env bash
# Unit tests (house style H.4): builds tests/unit/test_*.c against the
# compiler's objects with `make unit-tests` (in the build directory of the
# binary under test, so SANITIZE=... builds get sanitized tests too) and
# runs each; every test program prints one line.
#
#   SCOMC=build/scomc bash tests/unit/run.sh
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ROOT:-$(cd "$here/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
SCOMC=$(cd "$(dirname "$SCOMC")" 2>/dev/null && pwd)/$(basename "$SCOMC") # runs cd
bindir=$(cd "$(dirname "$SCOMC")" && pwd)/unit
build=$(realpath --relative-to="$ROOT" "$(dirname "$SCOMC")")

# SANITIZE comes from the environment (make check SANITIZE=... exports it);
# BUILD must be the directory of the binary under test.
if [ "$build" = build/san ] && [ -z "${SANITIZE:-}" ]; then
	export SANITIZE=address,undefined
fi
if ! make -s -C "$ROOT" unit-tests BUILD="$build" > "$bindir.log" 2>&1; then
	cat "$bindir.log"
	echo "unit: 0 passed, 1 failed (the unit tests do not build)"
	exit 1
fi

pass=0
fail=0
shopt -s nullglob
for src in "$here"/test_*.c; do
	name=$(basename "$src" .c)
	bin=$bindir/$name
	if [ ! -x "$bin" ]; then
		echo "FAIL $name (not built: $bin)"
		fail=$((fail + 1))
		continue
	fi
	(cd "$bindir" && timeout 60 "$bin") > "$bindir/$name.out" 2>&1
	code=$?
	if [ "$code" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		[ "$code" -gt 128 ] && echo "    $name crashed (exit $code)"
	fi
	cat "$bindir/$name.out"
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
