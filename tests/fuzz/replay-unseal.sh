#!/usr/bin/env bash
# One fuzz_unseal.c regression through the CLI (tests/fuzz/run.sh): `scomc
# unseal`, `scomc verify` and `scomc decompile` of FILE copied as in.mp
# into a scratch directory. Exit: the largest of their exit codes.
set -u
SCOMC=${SCOMC:?}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cp "$1" "$d/in.mp"
worst=0
for cmd in "unseal -o $d/unsealed" verify "decompile --check -o $d/out"; do
	# shellcheck disable=SC2086
	"$SCOMC" $cmd "$d/in.mp"
	rc=$?
	[ "$rc" -gt "$worst" ] && worst=$rc
done
exit "$worst"
