#!/usr/bin/env bash
# Hostile inputs and failure safety. Every tests/hostile/NAME.{alert,xml} is
# compiled with `$SCOMC -o DIR NAME.ext` from this directory; its exit code
# and exact stderr must match NAME.expected (first line "exit N", then the
# diagnostics). Inputs too big to keep are written by gen/gen.pl and checked
# against gen/NAME.expected. Each run has a timeout, so a hang fails.
# Then: escaping in the outputs, no file read through XXE/XInclude/DTD/PI,
# all-or-nothing outputs, write failures (/dev/full, an LD_PRELOAD fault
# injector) and determinism. UPDATE=1 rewrites the .expected files.
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
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() {
	echo "FAIL $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/     /' | head -40
	fail=$((fail + 1))
}

# run_scomc OUTDIR ARGS... : runs under the timeout in the cwd; sets rc.
run_scomc() {
	local out=$1
	shift
	timeout -k 2 "$TIMEOUT" "$SCOMC" -o "$out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
	rc=$?
}

# check_case NAME FILE EXPECTED : FILE relative to the cwd.
check_case() {
	local name=$1 file=$2 expected=$3
	rm -rf "$tmp/out"
	run_scomc "$tmp/out" "$file"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		bad "$name" "timed out after ${TIMEOUT}s"
		return
	fi
	{ echo "exit $rc"; cat "$tmp/stderr"; } >"$tmp/actual"
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$tmp/actual" "$expected"
	fi
	if [ ! -f "$expected" ]; then
		bad "$name" "no $expected; got:
$(head -5 "$tmp/actual")"
	elif [ "$rc" -gt 4 ]; then
		bad "$name" "exit $rc (crash?): $(head -5 "$tmp/stderr")"
	elif ! diff -u "$expected" "$tmp/actual" >"$tmp/diff"; then
		bad "$name" "$(head -30 "$tmp/diff")"
	elif ls -a "$tmp/out" 2>/dev/null | grep -q scomc-stage; then
		bad "$name" "a staging directory was left behind"
	elif [ "$rc" -ne 0 ] && [ -n "$(ls -A "$tmp/out" 2>/dev/null)" ]; then
		bad "$name" "exit $rc but files were written: $(ls -A "$tmp/out")"
	else
		ok "$name"
	fi
}

# ---- 1. the corpus ----
cd "$HERE" || exit 1
for f in *.alert *.xml; do
	check_case "${f%.*}" "$f" "${f%.*}.expected"
done

# ---- 2. generated inputs ----
mkdir -p "$tmp/gen"
for e in "$HERE"/gen/*.expected; do
	name=$(basename "$e" .expected)
	ext=alert
	case $name in xml-*) ext=xml ;; esac
	if ! perl "$HERE/gen/gen.pl" "$name" "$tmp/gen/$name.$ext"; then
		bad "gen/$name" "gen.pl failed"
		continue
	fi
	cd "$tmp/gen" && check_case "gen/$name" "$name.$ext" "$e"
	rm -f "$tmp/gen/$name.$ext"
	cd "$HERE" || exit 1
done

. "$HERE/safety.sh"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
