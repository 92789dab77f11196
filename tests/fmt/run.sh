#!/usr/bin/env bash
# scomc fmt (house style H): golden layouts, the CLI contract, and the
# promises on every .alert in the repository and every docs example.
#
#   cases/NAME.in -> cases/NAME.expected   exact output of `fmt -`
#   UPDATE=1 rewrites the .expected files (review with git diff).
# Then, for every tracked .alert and every ```alert block of docs/*.md and
# README.md: fmt --check passes on the committed file (except the negative
# fixtures of tests/errors, tests/hostile and tests/fuzz/regressions, whose
# exact bytes are what they test: syntax errors, NUL, UTF-16, CRLF, no final
# newline); fmt is the identity on its own output; and the MP
# compiled from the formatted text is byte-identical to the original's
# (for every input that compiles; for the others, the same diagnostic IDs).
#   SCOMC=build/scomc bash tests/fmt/run.sh
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" fmt
export SCOMC_SCHEMA_DIR=${SCOMC_SCHEMA_DIR:-$ROOT/schemas}
export SCOMC_TEMPLATE_DIR=${SCOMC_TEMPLATE_DIR:-$ROOT/templates}

# ---- golden layouts ----
for input in "$here"/cases/*.in; do
	name=$(basename "${input%.in}")
	if ! "$SCOMC" fmt - < "$input" > "$tmp/out" 2> "$tmp/err"; then
		bad "case $name: fmt failed" "$(cat "$tmp/err")"
		continue
	fi
	[ "${UPDATE:-0}" = 1 ] && cp "$tmp/out" "$here/cases/$name.expected"
	if ! diff -u "$here/cases/$name.expected" "$tmp/out" > "$tmp/diff"; then
		bad "case $name: output differs" "$(cat "$tmp/diff")"
	elif ! "$SCOMC" fmt - < "$tmp/out" | cmp -s - "$tmp/out"; then
		bad "case $name: not idempotent"
	else
		ok "case $name"
	fi
done

# ---- the command ----
mkdir -p "$tmp/cli"
cp "$here/cases/layout.in" "$tmp/cli/a.alert"
cp "$here/cases/layout.expected" "$tmp/cli/b.alert"
cd "$tmp/cli" || exit 1
"$SCOMC" fmt --check a.alert b.alert > out 2> err
code=$?
if [ "$code" = 1 ] && head -n 2 out | diff - <(printf -- '--- a.alert\n+++ a.alert\n') > /dev/null &&
   grep -q '^@@ -1,' out && grep -qx "scomc fmt: 1 of 2 files are not formatted (run 'scomc fmt FILE...')" err &&
   cmp -s a.alert "$here/cases/layout.in"; then
	ok "fmt --check: exit 1, the diff on stdout, the file unchanged"
else
	bad "fmt --check: exit $code" "$(cat out err | head -20)"
fi
# The diff is a real unified diff: patch turns the file into fmt's output.
if command -v patch > /dev/null; then
	cp a.alert p.alert
	sed 's/^\(---\|+++\) a.alert/\1 p.alert/' out | patch -s p.alert && cmp -s p.alert b.alert &&
		ok "the --check diff applies with patch(1) and gives the formatted file" ||
		bad "patch with the --check diff"
fi
"$SCOMC" fmt --diff a.alert > out2 2> err
code=$?
if [ "$code" = 0 ] && cmp -s out out2 && [ ! -s err ] && cmp -s a.alert "$here/cases/layout.in"; then
	ok "fmt --diff: the same diff, exit 0, nothing changed"
else
	bad "fmt --diff: exit $code" "$(cat err)"
fi
"$SCOMC" fmt --check b.alert > out 2> err
code=$?
[ "$code" = 0 ] && [ ! -s out ] && [ ! -s err ] && ok "fmt --check on a formatted file: exit 0, silent" ||
	bad "fmt --check on a formatted file: exit $code" "$(cat out err)"
"$SCOMC" fmt a.alert > out 2> err
code=$?
if [ "$code" = 0 ] && cmp -s a.alert b.alert && [ ! -s out ] && [ -z "$(ls -A | grep -v -x -e a.alert -e b.alert -e out -e out2 -e err -e p.alert -e p.alert.orig)" ]; then
	ok "fmt FILE rewrites it in place (no stage left behind)"
else
	bad "fmt in place: exit $code" "$(ls -A; cat err)"
fi
printf 'pack Broken {\n  version 1.0.0.0\n  alert A {\n' > broken.alert
cp broken.alert broken.orig
"$SCOMC" fmt broken.alert b.alert > out 2> err
code=$?
if [ "$code" = 1 ] && cmp -s broken.alert broken.orig && grep -q "broken.alert:3:12: error: missing '}' at end of file: 'alert A' is not closed \[E205\]" err; then
	ok "a file with syntax errors is reported (exit 1) and left unchanged"
else
	bad "fmt on a broken file: exit $code" "$(cat err)"
fi
"$SCOMC" fmt nothere.alert 2> err
code=$?
[ "$code" = 3 ] && grep -q "E501" err && ok "missing file: exit 3 [E501]" || bad "fmt missing file: exit $code" "$(cat err)"
"$SCOMC" fmt --check --diagnostics-format=json a.alert > out 2> err
code=$?
[ "$code" = 2 ] && grep -q "add --diagnostics-output=FILE" err && ok "--check with json on stdout is a usage error" ||
	bad "--check --diagnostics-format=json: exit $code" "$(cat err)"
printf 'pack X {\r\n\tversion\t1.0.0.0\r\n}\r\n# scomc fmt: off\r\n' > off.alert
cp off.alert off.orig
"$SCOMC" fmt off.alert && "$SCOMC" fmt --check off.alert && cmp -s off.alert off.orig &&
	ok "a file marked '# scomc fmt: off' is left exactly as it is" || bad "fmt: off marker"
"$SCOMC" fmt --help | grep -q -- '--check' && "$SCOMC" --help | grep -q '^  fmt ' &&
	ok "fmt --help, and scomc --help lists fmt" || bad "fmt in --help"
cd "$ROOT" || exit 1

# ---- every .alert in the repository and every docs example ----
mkdir -p "$tmp/docs"
n=0
for doc in docs/*.md README.md; do
	awk -v dir="$tmp/docs" -v base="$(basename "$doc" .md)" '
		/^```alert[ \t]*$/ && !inside { inside = 1; n++; file = sprintf("%s/%s-%d.alert", dir, base, n); printf "" > file; next }
		/^```[ \t]*$/ && inside { inside = 0; close(file); next }
		inside { print > file }' "$doc"
done
ids() { grep -o '\[[EW][0-9]*\]$' "$1" | sort; }
unformatted="" changed_mp="" unstable="" diag_moved=""
checked=0 compiled=0 nfiles=0
for f in $(git ls-files '*.alert') "$tmp"/docs/*.alert; do
	case "$f" in
	"$tmp"/* | tests/errors/* | tests/hostile/* | tests/fuzz/regressions/*) ;;
	*) nfiles=$((nfiles + 1)); "$SCOMC" fmt --check "$f" > /dev/null 2>&1 || unformatted="$unformatted $f" ;;
	esac
	grep -qx '# scomc fmt: off[[:space:]]*' "$f" && continue
	"$SCOMC" fmt - < "$f" > "$tmp/f1.alert" 2> /dev/null || continue
	checked=$((checked + 1))
	"$SCOMC" fmt - < "$tmp/f1.alert" | cmp -s - "$tmp/f1.alert" || unstable="$unstable $f"
	g=$tmp/formatted/$(basename "$f")      # same name: its <stem>.mpx fragment goes along
	mkdir -p "$tmp/formatted" && rm -f "$tmp"/formatted/*
	cp "$tmp/f1.alert" "$g"
	[ -f "${f%.alert}.mpx" ] && cp "${f%.alert}.mpx" "$tmp/formatted/"
	if "$SCOMC" -o - --emit=mp "$f" > "$tmp/a.xml" 2> "$tmp/a.err"; then
		compiled=$((compiled + 1))
		"$SCOMC" -o - --emit=mp "$g" > "$tmp/b.xml" 2> /dev/null && cmp -s "$tmp/a.xml" "$tmp/b.xml" ||
			changed_mp="$changed_mp $f"
	else
		"$SCOMC" check "$g" 2> "$tmp/b.err"
		[ "$(ids "$tmp/a.err")" = "$(ids "$tmp/b.err")" ] || diag_moved="$diag_moved $f"
	fi
done
[ -z "$unformatted" ] && ok "fmt --check passes on every .alert in the repository but the negative fixtures ($nfiles files)" ||
	bad "not formatted (run scomc fmt on them):$unformatted"
[ -z "$unstable" ] && ok "fmt is the identity on its own output ($checked inputs)" || bad "fmt not idempotent:$unstable"
[ -z "$changed_mp" ] && [ "$compiled" -gt 5 ] && ok "the compiled MP is byte-identical after fmt ($compiled packs and docs examples)" ||
	bad "fmt changed the compiled MP of:$changed_mp (compiled: $compiled)"
[ -z "$diag_moved" ] && ok "inputs that do not compile report the same diagnostic IDs after fmt" ||
	bad "fmt changed the diagnostics of:$diag_moved"

suite_summary
