#!/usr/bin/env bash
# Hostile inputs and failure safety. Every tests/hostile/NAME.{alert,xml} is
# compiled with `$SCOMC -o DIR NAME.ext` from this directory by the one
# harness for "input, exact stderr, exit code" (tests/lib/expect.sh): its
# exit code and exact stderr must match NAME.err (first line "exit N", then
# the diagnostics). Inputs too big to keep are written by gen/gen.pl and
# checked against gen/NAME.err. Each run has a timeout, so a hang fails.
# Then: escaping in the outputs, no file read through XXE/XInclude/DTD/PI,
# all-or-nothing outputs, write failures (/dev/full, an LD_PRELOAD fault
# injector) and determinism. UPDATE=1 rewrites the .err files.
# Env: SCOMC, ROOT (set by tests/run-all.sh), HOSTILE_TIMEOUT (10 s).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
HERE=$ROOT/tests/hostile
TIMEOUT=${HOSTILE_TIMEOUT:-10}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:exitcode=87}
export SCOMC_SCHEMA_DIR=${SCOMC_SCHEMA_DIR:-$ROOT/schemas}
export SCOMC_TEMPLATE_DIR=${SCOMC_TEMPLATE_DIR:-$ROOT/templates}

EXPECT_TIMEOUT=$TIMEOUT
EXPECT_OUT=1
. "$ROOT/tests/lib/expect.sh"
tmp=$EXPECT_TMP

# run_scomc OUTDIR ARGS... : runs under the timeout in the cwd; sets rc.
run_scomc() {
	local out=$1
	shift
	timeout -k 2 "$TIMEOUT" "$SCOMC" -o "$out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
}

# ---- 1. the corpus ----
expect_dir "$HERE" "$SCOMC"

# ---- 2. generated inputs ----
mkdir -p "$tmp/gen"
for e in "$HERE"/gen/*.err; do
	name=$(basename "$e" .err)
	ext=alert
	case $name in xml-*) ext=xml ;; esac
	if ! perl "$HERE/gen/gen.pl" "$name" "$tmp/gen/$name.$ext"; then
		bad "gen/$name" "gen.pl failed"
		continue
	fi
	expect_case "gen/$name" "$tmp/gen" "$name.$ext" "$e" "" "$SCOMC"
	rm -f "$tmp/gen/$name.$ext"
done
cd "$HERE" || exit 1

. "$HERE/safety.sh"
. "$HERE/packs.sh"

expect_summary hostile
