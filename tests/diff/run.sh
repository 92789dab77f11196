#!/usr/bin/env bash
# Tests for `scomc diff` (issue 14; docs/diff.md). Every case runs in a
# scratch directory with relative paths and compares the exact diagnostics
# (stderr, caret lines included) and the exit code.
#
#   Diff.Pack.xml   a schema 2.0 pack with classes, a discovery, rules, a
#                   monitor, an override, two language packs and an article
#   cases/NAME.sed  a sed script making NEW from Diff.Pack.xml (line
#                   addresses: edit the pack and its cases together);
#                   expect/NAME.err is the exact output of diff OLD NEW
#   shuffle.xsl     the same pack written differently: nothing to report
#
#   SCOMC=build/scomc bash tests/diff/run.sh
#   UPDATE=1 bash tests/diff/run.sh      rewrite the expected files
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ROOT:-$(cd "$here/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
SCOMC=$(cd "$(dirname "$SCOMC")" && pwd)/$(basename "$SCOMC")
UPDATE=${UPDATE:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tool in xsltproc xmllint iconv sed; do
	command -v "$tool" >/dev/null || { echo "diff: needs $tool" >&2; exit 2; }
done
[ -x "$SCOMC" ] || { echo "diff: no compiler at $SCOMC (run make)" >&2; exit 2; }
version=$("$SCOMC" --version | head -n 1 | sed 's/^scomc //')

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }

# run NAME RC EXPECTED -- ARGS...: runs scomc ARGS in $tmp; stderr must
# equal EXPECTED ("-": be empty), the exit code RC. Stdout: $tmp/out.
run() {
	local name=$1 want=$2 exp=$3
	shift 4
	(cd "$tmp" && "$SCOMC" "$@") >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	[ "$exp" != - ] && [ "$UPDATE" = 1 ] && cp "$tmp/err" "$here/$exp"
	if [ $rc -gt 128 ]; then
		bad "$name" "crashed (exit $rc)"
	elif [ $rc -ne "$want" ]; then
		bad "$name" "exit $rc, expected $want"
		sed 's/^/    /' "$tmp/err" | head -n 20
	elif [ "$exp" = - ] && [ -s "$tmp/err" ]; then
		bad "$name" "unexpected diagnostics"
		sed 's/^/    /' "$tmp/err" | head -n 20
	elif [ "$exp" != - ] && ! diff -u "$here/$exp" "$tmp/err" >"$tmp/diff"; then
		bad "$name" "diagnostics differ"
		sed 's/^/    /' "$tmp/diff"
	else
		ok "$name"
	fi
}

# same NAME EXPECTED ACTUAL: files equal (UPDATE=1 rewrites EXPECTED)
same() {
	[ "$UPDATE" = 1 ] && cp "$3" "$here/$2"
	if diff -u "$here/$2" "$3" >"$tmp/diff"; then ok "$1"; else bad "$1" "output differs"; sed 's/^/    /' "$tmp/diff"; fi
}

mkdir -p "$tmp/old" "$tmp/sealed"
cp "$here/Diff.Pack.xml" "$tmp/old/"
cp "$ROOT/tests/sealed/Scomc.Test.Sealed.xml" "$ROOT/tests/sealed/Scomc.Test.Sealed.mp" "$tmp/sealed/"

# ---- the same pack, written differently: nothing to report ----

run "a pack against itself" 0 - -- diff old/Diff.Pack.xml old/Diff.Pack.xml
run "a sealed pack against its XML" 0 - -- diff sealed/Scomc.Test.Sealed.xml sealed/Scomc.Test.Sealed.mp
run "an XML pack against its sealed form" 0 - -- diff sealed/Scomc.Test.Sealed.mp sealed/Scomc.Test.Sealed.xml
mkdir -p "$tmp/utf16"
{ printf '\377\376'; sed 's/encoding="utf-8"/encoding="utf-16"/' "$here/Diff.Pack.xml" | iconv -f UTF-8 -t UTF-16LE; } \
	>"$tmp/utf16/Diff.Pack.xml"
run "a pack against its UTF-16 form" 0 - -- diff old/Diff.Pack.xml utf16/Diff.Pack.xml
mkdir -p "$tmp/shuffled"
xsltproc "$here/shuffle.xsl" "$here/Diff.Pack.xml" | xmllint --format - >"$tmp/shuffled/Diff.Pack.xml"
run "a pack against itself reordered, reformatted, defaults written" 0 - -- \
	diff old/Diff.Pack.xml shuffled/Diff.Pack.xml
sed -e 's|<AlertName />|<AlertName></AlertName>|' -e 's|ConfirmDelivery="false" Remotable="true" Priority="Normal" DiscardLevel="100">|Priority="Normal">|' \
	-e 's|<LogName>|<!-- c --><LogName>|' "$here/Diff.Pack.xml" >"$tmp/shuffled/forms.xml"
run "empty-element forms, comments, default attributes left out" 0 - -- \
	diff old/Diff.Pack.xml shuffled/forms.xml

# ---- one case per kind of difference ----

for script in "$here"/cases/*.sed; do
	name=$(basename "$script" .sed)
	mkdir -p "$tmp/$name"
	sed -f "$script" "$here/Diff.Pack.xml" >"$tmp/$name/Diff.Pack.xml"
	run "diff: $name" 1 "expect/$name.err" -- diff old/Diff.Pack.xml "$name/Diff.Pack.xml"
done
run "diff: both directions (removed becomes added)" 1 expect/elements-reversed.err -- \
	diff elements/Diff.Pack.xml old/Diff.Pack.xml

# ---- formats ----

run "diff --diagnostics-format=json" 1 - -- diff --diagnostics-format=json old/Diff.Pack.xml attributes/Diff.Pack.xml
same "diff json output" expect/attributes.json "$tmp/out"
run "diff --diagnostics-format=sarif" 1 - -- diff --diagnostics-format=sarif old/Diff.Pack.xml attributes/Diff.Pack.xml
sed "s/\"version\": \"$version\"/\"version\": \"@VERSION@\"/" "$tmp/out" >"$tmp/sarif"
same "diff sarif output" expect/attributes.sarif "$tmp/sarif"

# ---- upgrades and the command line ----

run "diff --upgrade: version not raised, an element removed" 1 expect/upgrade.err -- \
	diff --upgrade --no-caret old/Diff.Pack.xml elements/Diff.Pack.xml
run "diff --upgrade: a valid upgrade only differs" 1 expect/upgrade-valid.err -- \
	diff --upgrade --no-caret old/Diff.Pack.xml manifest/Diff.Pack.xml
run "diff -q: nothing printed, exit 1" 1 - -- diff -q old/Diff.Pack.xml attributes/Diff.Pack.xml
run "diff -q of the same pack: exit 0" 0 - -- diff -q old/Diff.Pack.xml old/Diff.Pack.xml
run "diff with one pack" 2 expect/usage-one.err -- diff old/Diff.Pack.xml
run "diff of a missing file" 3 expect/missing.err -- diff old/Diff.Pack.xml no-such.xml
printf '<ManagementPackFragment SchemaVersion="2.0"/>\n' >"$tmp/frag.mpx"
run "diff of a fragment" 1 expect/fragment.err -- diff old/Diff.Pack.xml frag.mpx
run "diff --help" 0 - -- diff --help
grep -q '^Usage: scomc diff' "$tmp/out" && ok "diff --help text" || bad "diff --help text"

# ---- every W63x ID has an expected output here ----

missing=""
for id in $(sed -n -E 's/^DIAG_ID\((W63[0-9]),.*/\1/p' "$ROOT/compiler/diag_ids.def"); do
	grep -rqF "[$id]" "$here/expect" || missing="$missing $id"
done
if [ -n "$missing" ]; then bad "coverage" "IDs without an expected output:$missing"; else ok "coverage: every W63x ID is tested"; fi

[ "$UPDATE" = 1 ] && echo "(UPDATE=1: expected files rewritten; review them)"
echo "diff: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
