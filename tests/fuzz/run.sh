#!/usr/bin/env bash
# Fuzz suite for `make check`, for every harness `make fuzz-list` names
# (mk/fuzz.mk: tests/fuzz/fuzz_NAME.c each):
#   1. each regression input (tests/fuzz/regressions/NAME/*; the compile
#      harness's are regressions/* itself) goes through the CLI with a
#      timeout: tests/fuzz/replay-NAME.sh FILE when there is one (for
#      compile: `scomc -o DIR FILE`); it must end with exit 0..4 and no
#      sanitizer report;
#   2. when clang with libFuzzer is installed: `make fuzz-build`, the
#      harness replays its regressions, then a smoke run of
#      FUZZ_SMOKE_SECONDS (default 5) per harness from its seeds
#      (`make fuzz-run-NAME`, in build/fuzz/smoke/NAME; a crash is left in
#      its artifacts/).
#   3. with FUZZ_AFL=1 and afl-clang-fast installed: the AFL++ build of
#      each harness (build/fuzz/afl_NAME) replays its regressions.
# Env: SCOMC, ROOT (from tests/run-all.sh), FUZZ_SMOKE_SECONDS (0 = skip 2),
# FUZZ_ONLY="NAME..." (only these harnesses), FUZZ_AFL=1.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
SECONDS_SMOKE=${FUZZ_SMOKE_SECONDS:-5}
export SCOMC ROOT
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

harnesses=${FUZZ_ONLY:-$(make -s -C "$ROOT" fuzz-list)}

# The regression inputs of harness $1, one per line.
regressions() {
	local d=$ROOT/tests/fuzz/regressions
	[ "$1" = compile ] || d=$d/$1
	find "$d" -maxdepth 1 -type f 2>/dev/null | sort
}

# One input through the CLI: replay-NAME.sh FILE (compile: scomc -o DIR FILE).
replay_cli() {
	local name=$1 f=$2 script=$ROOT/tests/fuzz/replay-$1.sh
	rm -rf "$tmp/out"
	if [ "$name" = compile ]; then
		timeout -k 2 10 "$SCOMC" -o "$tmp/out" "$f"
	else
		TMPDIR=$tmp timeout -k 2 20 bash "$script" "$f"
	fi
}

# ---- 1. regressions through the real binary ----
for h in $harnesses; do
	[ "$h" = compile ] || [ -f "$ROOT/tests/fuzz/replay-$h.sh" ] || continue
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		name=regression/$h/$(basename "$f")
		replay_cli "$h" "$f" >/dev/null 2>"$tmp/stderr"
		rc=$?
		if [ "$rc" -gt 4 ]; then
			bad "$name" "exit $rc: $(head -20 "$tmp/stderr")"
		elif grep -qE 'runtime error|Sanitizer|BUG' "$tmp/stderr"; then
			bad "$name" "$(head -20 "$tmp/stderr")"
		else
			ok "$name (exit $rc)"
		fi
	done < <(regressions "$h")
done

# ---- 2. libFuzzer: regressions + smoke run of each harness ----
if [ "$SECONDS_SMOKE" = 0 ]; then
	echo "skip libFuzzer smoke runs (FUZZ_SMOKE_SECONDS=0)"
	skip=$((skip + 1))
elif ! command -v "${FUZZ_CC:-clang}" >/dev/null; then
	echo "skip libFuzzer smoke runs (no clang; apt-get install clang libclang-rt-14-dev)"
	skip=$((skip + 1))
elif ! make -s -C "$ROOT" $(printf 'fuzz-build-%s ' $harnesses) >"$tmp/build.log" 2>&1; then
	bad "fuzz-build" "$(tail -20 "$tmp/build.log")"
else
	ok "fuzz-build ($harnesses)"
	for h in $harnesses; do
		fuzzer=$ROOT/build/fuzz/fuzz_$h
		mapfile -t regs < <(regressions "$h")
		if [ "${#regs[@]}" -gt 0 ]; then
			if (cd "$tmp" && "$fuzzer" -timeout=20 "${regs[@]}") >"$tmp/replay.log" 2>&1; then
				ok "fuzz_$h: libFuzzer replay of ${#regs[@]} regressions"
			else
				bad "fuzz_$h: libFuzzer replay" "$(grep -A15 -E 'ERROR|runtime error|Running:' "$tmp/replay.log" | tail -30)"
			fi
		fi
		smoke=$ROOT/build/fuzz/smoke
		rm -rf "$smoke/$h"
		make -s -C "$ROOT" "fuzz-run-$h" FUZZ_SECONDS="$SECONDS_SMOKE" FUZZ_JOBS=1 \
			FUZZ_RUN_DIR="$smoke" >"$tmp/smoke.log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/smoke.log" | tail -1)
		cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$tmp/smoke.log" | tail -1)
		if [ "$rc" -ne 0 ] || ls "$smoke/$h/artifacts"/* >/dev/null 2>&1; then
			cp "$tmp/smoke.log" "$smoke/$h/smoke.log" 2>/dev/null
			bad "fuzz_$h: libFuzzer smoke run" "exit $rc; see $smoke/$h/ ($(ls "$smoke/$h/artifacts" 2>/dev/null | head -3 | tr '\n' ' '))
$(grep -A20 -E '==ERROR|runtime error|deadly signal|timeout|Error' "$tmp/smoke.log" | head -25)"
		else
			ok "fuzz_$h: libFuzzer smoke run: ${SECONDS_SMOKE}s, ${execs:-?} execs, ${cov:-?}"
		fi
	done
fi

# ---- 3. AFL++ (optional: FUZZ_AFL=1 and afl-clang-fast installed) ----
# The afl_NAME build of each harness, and its regressions replayed through it.
if [ "${FUZZ_AFL:-0}" = 1 ] && command -v "${AFL_CC:-afl-clang-fast}" >/dev/null; then
	if ! make -s -C "$ROOT" $(printf 'build/fuzz/afl_%s ' $harnesses) >"$tmp/afl.log" 2>&1; then
		bad "AFL++ build" "$(tail -20 "$tmp/afl.log")"
	else
		for h in $harnesses; do
			mapfile -t regs < <(regressions "$h")
			if [ "${#regs[@]}" -eq 0 ] || (cd "$tmp" && "$ROOT/build/fuzz/afl_$h" "${regs[@]}") >"$tmp/afl-replay.log" 2>&1; then
				ok "afl_$h: AFL++ build, replay of ${#regs[@]} regressions"
			else
				bad "afl_$h: AFL++ replay" "$(tail -20 "$tmp/afl-replay.log")"
			fi
		done
	fi
elif [ "${FUZZ_AFL:-0}" = 1 ]; then
	echo "skip AFL++ (no afl-clang-fast; apt-get install afl++)"
	skip=$((skip + 1))
fi

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
