#!/usr/bin/env bash
# One fuzz_pack.c regression through the CLI (tests/fuzz/run.sh): `scomc
# verify`, `scomc diff FILE FILE` and `scomc decompile` of FILE copied as
# in.xml into a scratch directory. Exit: the largest exit code of the three
# (0..4 are answers), or 5 when diff finds that a pack differs from itself.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/replay-lib.sh"
cp "$1" "$d/in.xml"
worst_of "$SCOMC" verify "$d/in.xml"
"$SCOMC" diff "$d/in.xml" "$d/in.xml" 2>"$d/diff.err"
rc=$?
cat "$d/diff.err" >&2
if grep -q '\[W63[0-9]\]' "$d/diff.err"; then
	echo "replay-pack: the pack differs from itself" >&2
	exit 5
fi
[ "$rc" -gt "$worst" ] && worst=$rc
worst_of "$SCOMC" decompile --check -o "$d/out" "$d/in.xml"
exit "$worst"
