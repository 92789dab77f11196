#!/usr/bin/env bash
# One fuzz_unseal.c regression through the CLI (tests/fuzz/run.sh): `scomc
# unseal`, `scomc verify` and `scomc decompile` of FILE copied as in.mp
# into a scratch directory. Exit: the largest of their exit codes.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/replay-lib.sh"
cp "$1" "$d/in.mp"
for cmd in "unseal -o $d/unsealed" verify "decompile --check -o $d/out"; do
	# shellcheck disable=SC2086
	worst_of "$SCOMC" $cmd "$d/in.mp"
done
exit "$worst"
