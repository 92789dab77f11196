#!/usr/bin/env bash
# Tests for MP XML fragments merged into compiled packs (issue 14;
# docs/fragments.md). Cases run from this directory with relative paths and
# compare exact diagnostics (stderr, caret lines included) and exit codes.
#
#   good/Frag.Good.alert + Frag.Good.mpx   found beside the source (2012)
#   good/Frag.Old.alert + extra.mpx        given on the command line (1.0)
#   good/*.expected.xml                    the merged packs
#   bad/Frag.Bad.alert + bad/NAME.mpx      one error each: bad/NAME.err
#
#   SCOMC=build/scomc bash tests/fragments/run.sh
#   UPDATE=1 bash tests/fragments/run.sh      rewrite the expected files
set -u

. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" fragments iconv
cd "$here" || exit 2

. "$ROOT/tests/lib/expect.sh"

# ---- merging ----

expect_run "a fragment beside its .alert is merged" 0 - "$SCOMC" --emit=mp -o "$tmp/g" good/Frag.Good.alert
expect_same "merged pack (schema 2.0, found beside)" good/Frag.Good.expected.xml "$tmp/g/Frag.Good.xml"
expect_run "the merged pack verifies" 0 - "$SCOMC" verify -q "$tmp/g/Frag.Good.xml"
expect_run "a fragment given after its .alert is merged" 0 - \
	"$SCOMC" -q --emit=mp -o "$tmp/o" good/Frag.Old.alert good/extra.mpx
expect_same "merged pack (schema 1.0, sections in schema order, language packs by ID)" \
	good/Frag.Old.expected.xml "$tmp/o/Frag.Old.xml"
expect_run "the schema 1.0 merged pack verifies" 0 - "$SCOMC" verify -q "$tmp/o/Frag.Old.xml"
mkdir -p "$tmp/u16"
cp good/Frag.Good.alert "$tmp/u16/"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE good/Frag.Good.mpx; } >"$tmp/u16/Frag.Good.mpx"
expect_run "a UTF-16 fragment" 0 - "$SCOMC" --emit=mp -o "$tmp/u16/out" "$tmp/u16/Frag.Good.alert"
expect_same "a UTF-16 fragment gives the same pack" good/Frag.Good.expected.xml "$tmp/u16/out/Frag.Good.xml"
expect_run "scomc check merges and validates fragments too" 0 - "$SCOMC" check good/Frag.Good.alert
expect_run "a fragment before any .alert is a usage error" 2 expect-usage.err \
	"$SCOMC" check good/extra.mpx good/Frag.Old.alert

# ---- one error per case; nothing is written ----

for frag in bad/*.mpx; do
	name=$(basename "$frag" .mpx)
	expect_run "fragment error: $name" 1 "bad/$name.err" "$SCOMC" -o "$tmp/b/$name" bad/Frag.Bad.alert "$frag"
	if [ -e "$tmp/b/$name/Frag.Bad.xml" ]; then bad "fragment error $name: nothing written" "Frag.Bad.xml exists"; fi
done

# ---- lossless round trip: decompile --check, compile, scomc diff ----
# Packs with classes, a collection rule, a monitor, an override and two
# language packs (the merged packs above), schema 2.0 and 1.0, sealed and
# unsealed, UTF-16: decompile writes <ID>.alert (the event alerts) and
# <ID>.mpx (the rest); both compile back to a pack diff finds equal.

mkdir -p "$tmp/rt/in"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE good/Frag.Good.expected.xml; } >"$tmp/rt/in/Frag.Good.utf16.xml"
# sealed forms, schema 2.0 (Diff.Pack) and 1.0 (Frag.Old), with the test key of tests/sealed
mkdir -p "$tmp/rt/seal"
cp ../diff/Diff.Pack.xml "$tmp/rt/seal/Diff.Pack.xml"
cp good/Frag.Old.expected.xml "$tmp/rt/seal/Frag.Old.xml"
for x in "$tmp/rt/seal"/*.xml; do
	"$SCOMC" seal -q --key ../sealed/Scomc.Test.Sealed.snk -o "$tmp/rt/sealed" "$x" >/dev/null ||
		bad "seal $(basename "$x") for the round trip"
done
for pack in good/Frag.Good.expected.xml good/Frag.Old.expected.xml "$tmp/rt/in/Frag.Good.utf16.xml" \
	../sealed/Scomc.Test.Sealed.xml ../sealed/Scomc.Test.Sealed.mp ../diff/Diff.Pack.xml \
	good/Frag.Attrs.xml good/Frag.Forms.xml "$tmp/rt/sealed/Diff.Pack.mp" "$tmp/rt/sealed/Frag.Old.mp"; do
	name=$(basename "$pack")
	out=$tmp/rt/${name%.*}.${name##*.}
	expect_run "round trip $name: decompile --check" 0 - "$SCOMC" decompile -q --check -o "$out" "$pack"
	alert=$(ls "$out"/*.alert 2>/dev/null | head -n 1)
	if [ -z "$alert" ]; then bad "round trip $name" "no .alert written"; continue; fi
	expect_run "round trip $name: the .alert (and its .mpx) compile" 0 - "$SCOMC" -q --emit=mp -o "$out/mp" "$alert"
	expect_run "round trip $name: scomc diff finds nothing" 0 - "$SCOMC" diff "$pack" "$out/mp/$(basename "${alert%.alert}").xml"
done
[ -s "$tmp/rt/Frag.Good.expected.xml/Frag.Good.mpx" ] && ok "the event alert is .alert, the rest the fragment" ||
	bad "the event alert is .alert, the rest the fragment" "no Frag.Good.mpx"
grep -q 'alert AppCrashed' "$tmp/rt/Frag.Good.expected.xml/Frag.Good.alert" 2>/dev/null &&
	! grep -q 'Frag.Good.AppCrashed.Rule' "$tmp/rt/Frag.Good.expected.xml/Frag.Good.mpx" &&
	ok "the decompiled alert is not repeated in the fragment" || bad "the decompiled alert is not repeated in the fragment"
# What decompile writes passes 'scomc fmt --check' (CI runs it on .alert).
if "$SCOMC" fmt --check "$tmp"/rt/*/*.alert >"$tmp/fmt.out" 2>&1; then
	ok "decompiled .alert files are in scomc fmt's layout ($(ls "$tmp"/rt/*/*.alert | wc -l) files)"
else
	bad "decompiled .alert files are in scomc fmt's layout" "$(head -n 20 "$tmp/fmt.out")"
fi
# ../diff/Diff.Pack.xml: classes, a discovery, an event alert rule on the
# pack's own class, a collection rule, a monitor, an override, two
# languages. The alert rule is .alert (targeting its own class), the rest
# the fragment.
grep -q '^    class  *Diff.Pack.App$' "$tmp/rt/Diff.Pack.xml/Diff.Pack.alert" 2>/dev/null &&
	! grep -q '<Rule ID="Diff.Pack.App.Crash.Rule"' "$tmp/rt/Diff.Pack.xml/Diff.Pack.mpx" &&
	grep -q '<UnitMonitor ID="Diff.Pack.App.Service.Monitor"' "$tmp/rt/Diff.Pack.xml/Diff.Pack.mpx" &&
	ok "the alert on the pack's own class is .alert, its class and the rest the fragment" ||
	bad "the alert on the pack's own class is .alert, its class and the rest the fragment"
# good/Frag.Attrs.xml: rules with their own IDs, message IDs, category,
# comment and workflow attributes: all .alert, nothing in a fragment.
[ -s "$tmp/rt/Frag.Attrs.xml/Frag.Attrs.alert" ] && [ ! -e "$tmp/rt/Frag.Attrs.xml/Frag.Attrs.mpx" ] &&
	ok "rules with their own IDs and attributes are .alert only" || bad "rules with their own IDs and attributes are .alert only"
# good/Frag.Forms.xml: Run As, an empty Suppression, another ComputerName,
# And operands swapped, no Type on an XPathQuery, rule descriptions: the
# language states each (docs/language.md "Rules as they were written"), so
# every rule is .alert and the fragment holds no rule.
n=$(grep -c '<Rule ID=' "$tmp/rt/Frag.Forms.xml/Frag.Forms.mpx" 2>/dev/null)
forms=0
for w in 'run-as  *Frag.Forms.Account' 'suppress  *none' 'computer-name  *"' 'order  *source, event' 'types  *all, value' 'rule-description'; do
	grep -q "^    $w" "$tmp/rt/Frag.Forms.xml/Frag.Forms.alert" 2>/dev/null && forms=$((forms + 1))
done
[ "${n:-0}" = 0 ] && [ "$forms" = 6 ] &&
	ok "run-as, suppression, computer name, order, types and rule descriptions are .alert (no rule in the fragment)" ||
	bad "run-as, suppression, computer name, order, types and rule descriptions are .alert (no rule in the fragment)" "${n:-0} rules in the fragment, $forms of 6 forms in the .alert"
# An alias .alert cannot state (a library's alias starting with a digit,
# which MP XML allows): --check finds the difference and fails.
sed 's/Alias="Health"/Alias="7Health"/; s/"Health!/"7Health!/g' good/Frag.Old.expected.xml >"$tmp/rt/in/Frag.Old.xml"
(cd "$tmp/rt/in" && "$SCOMC" decompile --check --no-caret -o ../differs Frag.Old.xml) >/dev/null 2>"$tmp/err"
rc=$?
[ "$UPDATE" = 1 ] && cp "$tmp/err" roundtrip-differs.err
if [ $rc -eq 1 ] && diff -u roundtrip-differs.err "$tmp/err" >"$tmp/diff"; then ok "decompile --check: a difference is an error"
else bad "decompile --check: a difference is an error" "exit $rc"; sed 's/^/    /' "$tmp/diff"; fi
[ ! -e "$tmp/rt/differs/Frag.Old.alert" ] && ok "decompile --check writes nothing when it fails" ||
	bad "decompile --check writes nothing when it fails"

# -o -: the MP merged with its fragment on stdout; decompile writes only
# the .alert there and says the fragment is not written.
expect_run "compile -o - merges the fragment beside" 0 - "$SCOMC" --emit=mp -o - good/Frag.Good.alert
expect_same "compile -o - gives the merged pack" good/Frag.Good.expected.xml "$EXPECT_TMP/stdout"
"$SCOMC" decompile --no-caret -o - ../diff/Diff.Pack.xml 2>"$tmp/err" >/dev/null
grep -q "with '-o -' the fragment 'Diff.Pack.mpx' (what .alert cannot write) is not written \[W610\]" "$tmp/err" &&
	ok "decompile -o -: the fragment is not written, and it says so" ||
	bad "decompile -o -: the fragment is not written, and it says so"

# ---- every fragment ID (E640-E646) has an expected output here ----

missing=""
for id in $(sed -n -E 's/^DIAG_ID\((E64[0-6]),.*/\1/p' "$ROOT/compiler/diag_ids.def"); do
	grep -rqF "[$id]" bad roundtrip-differs.err || missing="$missing $id"
done
if [ -n "$missing" ]; then bad "coverage" "IDs without an expected output:$missing"; else ok "coverage: every fragment ID is tested"; fi

expect_summary fragments
