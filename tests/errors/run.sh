#!/usr/bin/env bash
# Negative tests (house style H.2, jq %%FAIL, libxml2 result/*.err).
#
# Each case is one input in this directory:
#   <case>.alert   .alert source
#   <case>.xml     model XML (any file starting with '<')
#   <case>.gen     bash script whose stdout becomes <case>.alert (inputs too
#                  big or too odd to commit: 16 MiB files, 64 KiB lines)
# plus <case>.err, the exact stderr (caret lines included). Optional header
# lines in the first five lines of the input (or the .gen script):
#   # exit: N        expected exit code (default 1)     <!-- exit: N --> in XML
#   # args: ARGS     extra arguments before -o (e.g. check, --werror)
# Optional <case>.json / <case>.sarif: the same run with
# --diagnostics-format=json / sarif must print exactly that on stdout.
#
# The compiler runs from the case's directory with the input named
# <case>.<ext>, and with -o pointing at a fresh empty directory; a failing
# case must leave it empty. Exit codes above 128 (crashes) always fail.
# Finally every ID in compiler/diag_ids.def must be covered by an .err,
# .json or .sarif file here, or by an assertion "[ID]" in tests/cli/run.sh.
#
#   SCOMC=build/scomc bash tests/errors/run.sh
#   UPDATE=1 bash tests/errors/run.sh      rewrite .err/.json/.sarif
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ROOT:-$(cd "$here/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
SCOMC=$(cd "$(dirname "$SCOMC")" 2>/dev/null && pwd)/$(basename "$SCOMC") # runs cd
UPDATE=${UPDATE:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$SCOMC" ]; then
	echo "errors: no compiler at $SCOMC (run make)" >&2
	exit 2
fi
version=$("$SCOMC" --version | head -n 1 | sed 's/^scomc //')

pass=0
fail=0
failed() { # case message
	echo "FAIL $1: $2"
	fail=$((fail + 1))
}

# header FILE KEY -> value of "# KEY: value" or "<!-- KEY: value -->"
header() {
	head -n 5 "$1" | sed -n -E "s/^(#|<!--) *$2: *(.*[^ >-]) *(-->)? *\$/\\2/p" | head -n 1
}

# compare NAME EXPECTED_FILE ACTUAL_FILE: diff -u, or rewrite under UPDATE=1
compare() {
	if [ "$UPDATE" = 1 ]; then
		cp "$3" "$2"
		return 0
	fi
	if [ ! -f "$2" ]; then
		echo "FAIL $1: missing $(basename "$2") (run with UPDATE=1 to create it)"
		return 1
	fi
	if ! diff -u "$2" "$3" > "$tmp/diff"; then
		echo "FAIL $1: $(basename "$2") differs"
		sed 's/^/    /' "$tmp/diff" | head -n 60
		return 1
	fi
	return 0
}

# run_one DIR FILE ARGS...: runs scomc in DIR on FILE with -o into an empty
# $tmp/out; sets $code and leaves stdout and stderr in $tmp
run_one() {
	local dir=$1 file=$2
	shift 2
	rm -rf "$tmp/out"
	mkdir "$tmp/out"
	(cd "$dir" && timeout 60 "$SCOMC" "$@" -o "$tmp/out" "$file") \
		> "$tmp/stdout" 2> "$tmp/stderr"
	code=$?
}

# Checks common to every run: exit code, no crash, nothing written.
check_run() { # NAME EXPECTED_CODE
	if [ "$code" -gt 128 ] || [ "$code" = 124 ]; then
		failed "$1" "crashed or timed out (exit $code)"
		sed 's/^/    /' "$tmp/stderr" | head -n 20
		return 1
	fi
	if [ "$code" != "$2" ]; then
		failed "$1" "exit $code, expected $2"
		sed 's/^/    /' "$tmp/stderr" | head -n 20
		return 1
	fi
	if [ "$2" != 0 ] && [ -n "$(ls -A "$tmp/out")" ]; then
		failed "$1" "a failing run wrote files: $(ls -A "$tmp/out" | tr '\n' ' ')"
		return 1
	fi
	return 0
}

normalize_version() {
	if [ "$version" = 2.1.0 ]; then cat; else
		sed "s/\"version\": \"$version\"/\"version\": \"@VERSION@\"/"
	fi
}

run_case() { # NAME DIR FILE HEADER_FILE
	local name=$1 dir=$2 file=$3 hdr=$4
	local want args
	want=$(header "$hdr" exit)
	want=${want:-1}
	args=$(header "$hdr" args)
	# shellcheck disable=SC2086 # args is a word list by design
	run_one "$dir" "$file" $args
	check_run "$name" "$want" || return
	if [ -s "$tmp/stdout" ]; then
		failed "$name" "text diagnostics wrote to stdout"
		return
	fi
	compare "$name" "$here/$name.err" "$tmp/stderr" || { fail=$((fail + 1)); return; }
	local fmt
	for fmt in json sarif; do
		[ -f "$here/$name.$fmt" ] || continue
		# shellcheck disable=SC2086
		run_one "$dir" "$file" $args "--diagnostics-format=$fmt"
		check_run "$name ($fmt)" "$want" || return
		if [ -s "$tmp/stderr" ]; then
			failed "$name ($fmt)" "stderr is not empty"
			return
		fi
		normalize_version < "$tmp/stdout" > "$tmp/norm"
		compare "$name ($fmt)" "$here/$name.$fmt" "$tmp/norm" || { fail=$((fail + 1)); return; }
	done
	echo "ok   $name"
	pass=$((pass + 1))
}

shopt -s nullglob
ncases=0
for input in "$here"/*.alert "$here"/*.xml "$here"/*.gen; do
	base=$(basename "$input")
	name=${base%.*}
	ncases=$((ncases + 1))
	case "$base" in
	*.gen)
		rm -rf "$tmp/gen"
		mkdir "$tmp/gen"
		if ! bash "$input" > "$tmp/gen/$name.alert"; then
			failed "$name" "generator failed"
			continue
		fi
		run_case "$name" "$tmp/gen" "$name.alert" "$input"
		;;
	*)
		run_case "$name" "$here" "$base" "$input"
		;;
	esac
done

# Every diagnostic ID must have a test (house style K: "a negative test
# with exact text"): an expected "[ID]" in a .err file here, an expected
# "ID" in a .json/.sarif file here, or an asserted "[ID]" in another suite
# (tests/cli/run.sh for the E5xx environment errors; the suites of other
# commands, e.g. tests/verify/, for their own IDs).
missing=""
for id in $(sed -n -E 's/^DIAG_ID\(([A-Z][0-9]+),.*/\1/p' "$ROOT/compiler/diag_ids.def"); do
	if grep -qF "[$id]" "$here"/*.err 2>/dev/null ||
	   grep -qF "\"$id\"" "$here"/*.json "$here"/*.sarif 2>/dev/null ||
	   grep -rqF --exclude-dir=errors "[$id]" "$ROOT/tests" 2>/dev/null; then
		continue
	fi
	missing="$missing $id"
done
if [ -n "$missing" ]; then
	failed "coverage" "diagnostic IDs without a test:$missing"
else
	echo "ok   coverage: every ID in diag_ids.def has a test"
	pass=$((pass + 1))
fi

[ "$UPDATE" = 1 ] && echo "(UPDATE=1: expected files rewritten; review with git diff)"
echo "errors: $pass passed, $fail failed ($ncases cases)"
[ "$fail" -eq 0 ]
