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

. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" diff xsltproc xmllint iconv sed
version=$("$SCOMC" --version | head -n 1 | sed 's/^scomc //')

. "$ROOT/tests/lib/expect.sh"
cd "$here" || exit 2
# T: scomc run in the scratch directory, so that paths are relative
T=(env -C "$tmp" "$SCOMC")

mkdir -p "$tmp/old" "$tmp/sealed"
cp "$here/Diff.Pack.xml" "$tmp/old/"
cp "$ROOT/tests/sealed/Scomc.Test.Sealed.xml" "$ROOT/tests/sealed/Scomc.Test.Sealed.mp" "$tmp/sealed/"

# ---- the same pack, written differently: nothing to report ----

expect_run "a pack against itself" 0 - "${T[@]}" diff old/Diff.Pack.xml old/Diff.Pack.xml
expect_run "a sealed pack against its XML" 0 - "${T[@]}" diff sealed/Scomc.Test.Sealed.xml sealed/Scomc.Test.Sealed.mp
expect_run "an XML pack against its sealed form" 0 - "${T[@]}" diff sealed/Scomc.Test.Sealed.mp sealed/Scomc.Test.Sealed.xml
mkdir -p "$tmp/utf16"
{ printf '\377\376'; sed 's/encoding="utf-8"/encoding="utf-16"/' "$here/Diff.Pack.xml" | iconv -f UTF-8 -t UTF-16LE; } \
	>"$tmp/utf16/Diff.Pack.xml"
expect_run "a pack against its UTF-16 form" 0 - "${T[@]}" diff old/Diff.Pack.xml utf16/Diff.Pack.xml
mkdir -p "$tmp/shuffled"
xsltproc "$here/shuffle.xsl" "$here/Diff.Pack.xml" | xmllint --format - >"$tmp/shuffled/Diff.Pack.xml"
expect_run "a pack against itself reordered, reformatted, defaults written" 0 - \
	"${T[@]}" diff old/Diff.Pack.xml shuffled/Diff.Pack.xml
sed -e 's|<AlertName />|<AlertName></AlertName>|' -e 's|ConfirmDelivery="false" Remotable="true" Priority="Normal" DiscardLevel="100">|Priority="Normal">|' \
	-e 's|<LogName>|<!-- c --><LogName>|' "$here/Diff.Pack.xml" >"$tmp/shuffled/forms.xml"
expect_run "empty-element forms, comments, default attributes left out" 0 - \
	"${T[@]}" diff old/Diff.Pack.xml shuffled/forms.xml
# a library referenced twice, an ID defined twice: the k-th matches the k-th (found by tests/fuzz/fuzz_pack.c)
cp "$ROOT/tests/fuzz/regressions/pack/diff-reference-twice.xml" "$tmp/old/twice.xml"
sed 's|</Rule>|</Rule><Rule ID="Diff.Pack.Rule.Twice" Enabled="true" Target="Windows!Microsoft.Windows.Computer"/>|' \
	"$here/Diff.Pack.xml" >"$tmp/old/twice-id.xml"
expect_run "a pack with a reference given twice against itself" 0 - "${T[@]}" diff old/twice.xml old/twice.xml
expect_run "a pack with an ID defined twice against itself" 0 - "${T[@]}" diff old/twice-id.xml old/twice-id.xml

# ---- white space that is text ----
# diff reads packs without the white space between elements
# (mp_open_lean()): white space that is an element's text still counts,
# also next to a comment, and so does a space between inline MAML elements.

mkdir -p "$tmp/ws"
sed 's|<AlertDescription />|<AlertDescription>  </AlertDescription>|' "$here/Diff.Pack.xml" >"$tmp/ws/blank-text.xml"
expect_run "white space as an element's text is a difference" 1 expect/ws-blank-text.err \
	"${T[@]}" diff --no-caret old/Diff.Pack.xml ws/blank-text.xml
sed 's|<AlertDescription />|<AlertDescription><!-- c -->  </AlertDescription>|' "$here/Diff.Pack.xml" \
	>"$tmp/ws/blank-comment.xml"
expect_run "white space after a comment as an element's text is a difference" 1 expect/ws-blank-comment.err \
	"${T[@]}" diff --no-caret old/Diff.Pack.xml ws/blank-comment.xml
# between two inline MAML elements white space is a space of the text
inline() { sed "s|Restart the <maml:ui>Contoso</maml:ui> service.|<maml:ui>Restart</maml:ui>$1<maml:ui>Contoso</maml:ui>|" \
	"$here/Diff.Pack.xml"; }
inline ' ' >"$tmp/ws/inline-space.xml"
inline '' >"$tmp/ws/inline-none.xml"
inline '\n                  ' >"$tmp/ws/inline-newline.xml"
expect_run "no space between inline MAML elements is a difference" 1 expect/ws-inline.err \
	"${T[@]}" diff --no-caret ws/inline-space.xml ws/inline-none.xml
expect_run "a space between inline MAML elements written as a line break is none" 0 - \
	"${T[@]}" diff ws/inline-space.xml ws/inline-newline.xml

# ---- one case per kind of difference ----

for script in "$here"/cases/*.sed; do
	name=$(basename "$script" .sed)
	mkdir -p "$tmp/$name"
	sed -f "$script" "$here/Diff.Pack.xml" >"$tmp/$name/Diff.Pack.xml"
	expect_run "diff: $name" 1 "expect/$name.err" "${T[@]}" diff old/Diff.Pack.xml "$name/Diff.Pack.xml"
done
expect_run "diff: both directions (removed becomes added)" 1 expect/elements-reversed.err \
	"${T[@]}" diff elements/Diff.Pack.xml old/Diff.Pack.xml

# ---- formats ----

expect_run "diff --diagnostics-format=json" 1 - "${T[@]}" diff --diagnostics-format=json old/Diff.Pack.xml attributes/Diff.Pack.xml
expect_same "diff json output" expect/attributes.json "$EXPECT_TMP/stdout"
expect_run "diff --diagnostics-format=sarif" 1 - "${T[@]}" diff --diagnostics-format=sarif old/Diff.Pack.xml attributes/Diff.Pack.xml
sed "s/\"version\": \"$version\"/\"version\": \"@VERSION@\"/" "$EXPECT_TMP/stdout" >"$tmp/sarif"
expect_same "diff sarif output" expect/attributes.sarif "$tmp/sarif"

# ---- upgrades and the command line ----

expect_run "diff --upgrade: version not raised, an element removed" 1 expect/upgrade.err \
	"${T[@]}" diff --upgrade --no-caret old/Diff.Pack.xml elements/Diff.Pack.xml
expect_run "diff --upgrade: a valid upgrade only differs" 1 expect/upgrade-valid.err \
	"${T[@]}" diff --upgrade --no-caret old/Diff.Pack.xml manifest/Diff.Pack.xml
expect_run "diff -q: nothing printed, exit 1" 1 - "${T[@]}" diff -q old/Diff.Pack.xml attributes/Diff.Pack.xml
expect_run "diff -q of the same pack: exit 0" 0 - "${T[@]}" diff -q old/Diff.Pack.xml old/Diff.Pack.xml
expect_run "diff with one pack" 2 expect/usage-one.err "${T[@]}" diff old/Diff.Pack.xml
expect_run "diff of a missing file" 3 expect/missing.err "${T[@]}" diff old/Diff.Pack.xml no-such.xml
printf '<ManagementPackFragment SchemaVersion="2.0"/>\n' >"$tmp/frag.mpx"
expect_run "diff of a fragment" 1 expect/fragment.err "${T[@]}" diff old/Diff.Pack.xml frag.mpx
expect_run "diff --help" 0 - "${T[@]}" diff --help
grep -q '^Usage: scomc diff' "$EXPECT_TMP/stdout" && ok "diff --help text" || bad "diff --help text"

# ---- every W63x ID has an expected output here ----

missing=""
for id in $(sed -n -E 's/^DIAG_ID\((W63[0-9]),.*/\1/p' "$ROOT/compiler/diag_ids.def"); do
	grep -rqF "[$id]" "$here/expect" || missing="$missing $id"
done
if [ -n "$missing" ]; then bad "coverage" "IDs without an expected output:$missing"; else ok "coverage: every W63x ID is tested"; fi

expect_summary diff
