#!/usr/bin/env bash
# Fuzz suite for `make check`: every input in tests/fuzz/regressions (each one
# crashed, hung or tripped a sanitizer once) is compiled by $SCOMC with a
# timeout and must end with exit 0..4; then, when clang with libFuzzer is
# installed, the libFuzzer target is built (make fuzz-build), replays the
# regressions and runs a short smoke run (FUZZ_SMOKE_SECONDS, default 20) on
# the seeds. A crash found by the smoke run is left in build/fuzz/smoke/.
# Env: SCOMC, ROOT (from tests/run-all.sh), FUZZ_SMOKE_SECONDS (0 = skip).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
SECONDS_SMOKE=${FUZZ_SMOKE_SECONDS:-20}
export SCOMC_SCHEMA_DIR=${SCOMC_SCHEMA_DIR:-$ROOT/schemas}
export SCOMC_TEMPLATE_DIR=${SCOMC_TEMPLATE_DIR:-$ROOT/templates}
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=86}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:exitcode=87}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 skip=0

ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() {
	echo "FAIL $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/     /' | head -30
	fail=$((fail + 1))
}

# ---- regressions through the real binary ----
for f in "$ROOT"/tests/fuzz/regressions/*; do
	[ -f "$f" ] || continue
	name=regression/$(basename "$f")
	rm -rf "$tmp/out"
	timeout -k 2 10 "$SCOMC" -o "$tmp/out" "$f" >/dev/null 2>"$tmp/stderr"
	rc=$?
	if [ "$rc" -gt 4 ]; then
		bad "$name" "exit $rc: $(head -20 "$tmp/stderr")"
	elif grep -qE 'runtime error|Sanitizer|BUG' "$tmp/stderr"; then
		bad "$name" "$(head -20 "$tmp/stderr")"
	else
		ok "$name (exit $rc)"
	fi
done

# ---- libFuzzer: regressions + smoke run ----
if [ "$SECONDS_SMOKE" = 0 ]; then
	echo "skip libFuzzer smoke run (FUZZ_SMOKE_SECONDS=0)"
	skip=$((skip + 1))
elif ! command -v "${FUZZ_CC:-clang}" >/dev/null; then
	echo "skip libFuzzer smoke run (no clang; apt-get install clang libclang-rt-14-dev)"
	skip=$((skip + 1))
elif ! make -s -C "$ROOT" fuzz-build >"$tmp/build.log" 2>&1; then
	bad "fuzz-build" "$(tail -20 "$tmp/build.log")"
else
	fuzzer=$ROOT/build/fuzz/fuzz_compile
	ok "fuzz-build"
	if ls "$ROOT"/tests/fuzz/regressions/* >/dev/null 2>&1; then
		if "$fuzzer" -timeout=20 "$ROOT"/tests/fuzz/regressions/* >"$tmp/replay.log" 2>&1; then
			ok "libFuzzer replay of $(ls "$ROOT"/tests/fuzz/regressions | wc -l) regressions"
		else
			bad "libFuzzer replay" "$(grep -A15 -E 'ERROR|runtime error|Running:' "$tmp/replay.log" | tail -30)"
		fi
	fi
	smoke=$ROOT/build/fuzz/smoke
	rm -rf "$smoke"
	mkdir -p "$smoke/corpus" "$smoke/artifacts"
	bash "$ROOT/tests/fuzz/seeds.sh" "$smoke/seeds" >/dev/null
	(cd "$smoke" && "$fuzzer" -max_total_time="$SECONDS_SMOKE" -max_len=65536 -timeout=20 \
		-rss_limit_mb=4096 -dict="$ROOT/tests/fuzz/alert.dict" -artifact_prefix=artifacts/ \
		-print_final_stats=1 corpus seeds) >"$tmp/smoke.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/smoke.log" | tail -1)
	cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$tmp/smoke.log" | tail -1)
	if [ "$rc" -ne 0 ] || ls "$smoke/artifacts"/* >/dev/null 2>&1; then
		cp "$tmp/smoke.log" "$smoke/smoke.log"
		bad "libFuzzer smoke run" "exit $rc; see $smoke/ ($(ls "$smoke/artifacts" | head -3 | tr '\n' ' '))
$(grep -A20 -E '==ERROR|runtime error|deadly signal|timeout' "$tmp/smoke.log" | head -25)"
	else
		ok "libFuzzer smoke run: ${SECONDS_SMOKE}s, ${execs:-?} execs, ${cov:-?}"
	fi
fi

# The signing-key reader (issue 12): a short run of fuzz_snk.c on its seeds.
if [ "$SECONDS_SMOKE" != 0 ] && command -v "${FUZZ_CC:-clang}" >/dev/null; then
	if ! make -s -C "$ROOT" fuzz-snk-build >"$tmp/snk-build.log" 2>&1; then
		bad "fuzz-snk-build" "$(tail -20 "$tmp/snk-build.log")"
	else
		snk=$ROOT/build/fuzz/snk-smoke
		rm -rf "$snk"
		mkdir -p "$snk/corpus" "$snk/artifacts"
		bash "$ROOT/tests/fuzz/seeds-snk.sh" "$snk/seeds"
		(cd "$snk" && "$ROOT/build/fuzz/fuzz_snk" -max_total_time=$((SECONDS_SMOKE / 2 + 1)) -max_len=8192 \
			-timeout=20 -artifact_prefix=artifacts/ -print_final_stats=1 corpus seeds) >"$tmp/snk.log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/snk.log" | tail -1)
		if [ "$rc" -ne 0 ] || ls "$snk/artifacts"/* >/dev/null 2>&1; then
			cp "$tmp/snk.log" "$snk/smoke.log"
			bad "libFuzzer smoke run of the key reader" "exit $rc; see $snk/
$(grep -A20 -E '==ERROR|runtime error|deadly signal|timeout' "$tmp/snk.log" | head -25)"
		else
			ok "libFuzzer smoke run of the key reader (fuzz_snk): ${execs:-?} execs"
		fi
	fi
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
