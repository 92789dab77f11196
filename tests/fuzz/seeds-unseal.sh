#!/usr/bin/env bash
# Seeds for tests/fuzz/fuzz_unseal.c in DIR: every sealed .mp the tests
# hold (tests/sealed and its tampered/unsigned/negative copies, except
# negative/too-large.mp, 68 MB once inflated, which would only slow the
# fuzzer: tests/sealed covers it; tests/verify/real/sealed,
# tests/refs/sealed), the regressions, and, when $SCOMC is built, a few
# test packs sealed with the test key (tests/diff, tests/sealed source).
# Names are content hashes. Usage: tests/fuzz/seeds-unseal.sh DIR
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
dir=$1
mkdir -p "$dir"
add() {
	local h
	h=$(sha1sum "$1" | cut -c1-40)
	[ -f "$dir/$h" ] || cp "$1" "$dir/$h"
}
{
	find "$ROOT/tests/sealed" "$ROOT/tests/verify/real/sealed" "$ROOT/tests/refs/sealed" -name '*.mp' \
		! -name too-large.mp
	find "$ROOT/tests/fuzz/regressions/unseal" -type f 2>/dev/null || true
} | while IFS= read -r f; do add "$f"; done
if [ -x "$SCOMC" ]; then
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	for f in "$ROOT"/tests/diff/Diff.Pack.xml "$ROOT"/tests/verify/real/Verify.Real.Config20.xml; do
		[ -f "$f" ] || continue
		"$SCOMC" seal -q --key="$ROOT/tests/sealed/Scomc.Test.Sealed.snk" -o "$tmp" "$f" >/dev/null 2>&1 || true
	done
	for f in "$tmp"/*.mp; do [ -f "$f" ] && add "$f"; done
fi
echo "seeds: $(ls "$dir" | wc -l) files in $dir"
