#!/usr/bin/env bash
# Tests for `scomc verify`, `scomc unseal` and `scomc decompile` (issue 6;
# docs/verify.md). Every case runs from this directory with relative paths
# and compares the exact diagnostics (stderr, caret lines included) and the
# exit code; exit codes above 128 (crashes) always fail.
#
#   good/      packs that must verify with no diagnostic at all
#   bad/ warn/ one pack per check, <name>.xml + <name>.err (exact stderr;
#              exit 1 when it holds an error, else 0)
#   baseline/  upgrade checks (--baseline)      decompile/  decompiler cases
#   roundtrip/ .alert sources for the round trip  expect/   other expected output
#   ../sealed/ the sealed fixtures of compiler/unseal.c (read only here)
#
# Round trip: packs/*.alert and roundtrip/*.alert compile -> decompile ->
# compile to the same bytes; the hand-written event-alert packs (schema 1.0,
# UTF-16 and BOM variants, the sealed fixture) decompile without a warning
# and compile back to a pack equal to the original after normalize.xsl and
# xmllint --c14n. Finally every E6xx/W6xx ID must occur in an expected file.
#
#   SCOMC=build/scomc bash tests/verify/run.sh
#   UPDATE=1 bash tests/verify/run.sh      rewrite the expected files
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ROOT:-$(cd "$here/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
UPDATE=${UPDATE:-0}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$SCOMC" ]; then
	echo "verify: no compiler at $SCOMC (run make)" >&2
	exit 2
fi
for tool in xsltproc xmllint iconv cmp; do
	command -v "$tool" >/dev/null || { echo "verify: needs $tool" >&2; exit 2; }
done
cd "$here" || exit 2
version=$("$SCOMC" --version | head -n 1 | sed 's/^scomc //')

EXPECT_EXIT=auto
# "no diagnostics" allows the note that no reference packs were given
EXPECT_QUIET_OK=': note: no reference packs: .*\[W701\]$'
. "$ROOT/tests/lib/expect.sh"
trap 'rm -rf "$tmp" "$EXPECT_TMP"' EXIT

# run NAME RC EXPECTED -- CMD...: the harness's expect_run: stderr must
# equal the file EXPECTED ("-": be empty) and the exit code RC ("auto": 1
# if EXPECTED holds an error, else 0). Stdout is left in $tmp/out.
run() {
	local name=$1 want=$2 exp=$3
	shift 4
	expect_run "$name" "$want" "$exp" "$@"
	cp "$EXPECT_TMP/stdout" "$tmp/out"
}

# same NAME EXPECTED ACTUAL: files equal (UPDATE=1 rewrites EXPECTED)
same() {
	[ "$UPDATE" = 1 ] && cp "$3" "$2"
	if diff -u "$2" "$3" >"$tmp/diff"; then
		ok "$1"
	else
		bad "$1" "output differs"
		sed 's/^/    /' "$tmp/diff"
	fi
}

# check NAME COMMAND...: a shell condition
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else bad "$name"; fi
}

# ---- verify: clean packs, one pack per check ----

for f in good/*.xml ../sealed/Scomc.Test.Sealed.xml; do
	run "verify $f: no diagnostics" 0 - -- "$SCOMC" verify "$f"
done
run "verify several clean packs at once" 0 - -- "$SCOMC" verify good/*.xml
for f in bad/*.xml warn/*.xml; do
	expect_case "verify $f" "$here" "$f" "${f%.xml}.err" "" "$SCOMC" verify
done
# real/: one fixture per false-error class of issue 10 (valid packs that
# verify used to reject), schema 1.0 and 2.0, XML and sealed. No error;
# warnings only where a .err file beside the pack lists them.
# The sealed copies (made by real/make-sealed.sh) always have an .err: the
# W608 note with the token of the test key.
for f in real/*.xml real/sealed/*.mp; do
	exp=${f%.*}.err
	[ -e "$exp" ] || exp=-
	run "verify $f: valid pack, no error" 0 "$exp" -- "$SCOMC" verify "$f"
done
check "real/: each class has a sealed copy" [ "$(ls real/*.xml | wc -l)" -eq "$(ls real/sealed/*.mp | wc -l)" ]
mkdir -p "$tmp/odd"
printf '\377\376<\000M' >"$tmp/odd/Verify.Bad.OddUtf16.xml"
run "verify UTF-16 with an odd number of bytes" 1 expect/odd-utf16.err -- \
	env -C "$tmp/odd" "$SCOMC" verify Verify.Bad.OddUtf16.xml
run "verify an .alert source: hint to use scomc check" 1 expect/alert-source.err -- \
	env -C "$ROOT/tests/golden/filters" "$SCOMC" verify input.alert

# ---- verify: sealed packs ----

run "verify sealed: signature verifies (note)" 0 expect/sealed-valid.err -- \
	"$SCOMC" verify ../sealed/Scomc.Test.Sealed.mp
run "verify sealed -q: the note is quiet" 0 - -- "$SCOMC" verify -q ../sealed/Scomc.Test.Sealed.mp
run "verify sealed: tampered copy is an error" 1 expect/sealed-tampered.err -- \
	"$SCOMC" verify ../sealed/tampered/Scomc.Test.Sealed.mp
run "verify sealed: unsigned is a warning" 0 expect/sealed-unsigned.err -- \
	"$SCOMC" verify ../sealed/unsigned/Scomc.Test.Sealed.mp
run "verify sealed: unsigned with --werror" 1 expect/sealed-unsigned.err -- \
	"$SCOMC" verify --werror ../sealed/unsigned/Scomc.Test.Sealed.mp
run "verify sealed: unreadable .mp files" 1 expect/sealed-unreadable.err -- \
	"$SCOMC" verify ../sealed/negative/garbage.mp ../sealed/negative/truncated.mp \
	../sealed/negative/corrupt-gzip.mp
mkdir -p "$tmp/renamed"
cp ../sealed/Scomc.Test.Sealed.mp "$tmp/renamed/"
off=$(grep -obUaP 'Scomc\.Test\.Sealed\x00' "$tmp/renamed/Scomc.Test.Sealed.mp" | head -n 1 | cut -d: -f1)
printf 'X' | dd of="$tmp/renamed/Scomc.Test.Sealed.mp" bs=1 seek=$((off + 16)) conv=notrunc 2>/dev/null
run "verify sealed: assembly name differs from the ID" 1 expect/sealed-renamed.err -- \
	env -C "$tmp/renamed" "$SCOMC" verify Scomc.Test.Sealed.mp

# ---- verify: upgrades against a baseline ----

base=baseline/v1/Verify.Upgrade.xml
run "baseline: same version, elements removed" 1 expect/baseline-removed.err -- \
	"$SCOMC" verify --baseline "$base" baseline/v1-again/Verify.Upgrade.xml
run "baseline: valid upgrade" 0 - -- "$SCOMC" verify --baseline "$base" baseline/v2/Verify.Upgrade.xml
run "baseline: lower version" 1 expect/baseline-lower.err -- \
	"$SCOMC" verify --baseline "$base" baseline/lower/Verify.Upgrade.xml
run "baseline: another pack" 1 expect/baseline-other.err -- \
	"$SCOMC" verify --baseline "$base" baseline/other/Verify.Other.xml
run "baseline: a sealed baseline" 1 expect/baseline-sealed.err -- \
	"$SCOMC" verify --baseline ../sealed/Scomc.Test.Sealed.mp ../sealed/Scomc.Test.Sealed.xml

# ---- verify: formats and command line ----

run "verify --diagnostics-format=json" 1 - -- \
	"$SCOMC" verify --diagnostics-format=json bad/Verify.Bad.DuplicateId.xml
same "verify json output" expect/duplicate-id.json "$tmp/out"
run "verify --diagnostics-format=sarif" 0 - -- \
	"$SCOMC" verify --diagnostics-format=sarif warn/Verify.Warn.SameName.xml
sed "s/\"version\": \"$version\"/\"version\": \"@VERSION@\"/" "$tmp/out" >"$tmp/sarif"
same "verify sarif output" expect/same-name.sarif "$tmp/sarif"
run "verify --help" 0 - -- "$SCOMC" verify --help
check "verify --help text" grep -q '^Usage: scomc verify' "$tmp/out"
run "verify without files" 2 expect/usage-no-files.err -- "$SCOMC" verify
run "verify --output is not a verify option" 2 expect/usage-output.err -- "$SCOMC" verify -o x good/Verify.Good.Schema10.xml
run "verify a missing file" 3 expect/missing-file.err -- "$SCOMC" verify no-such-pack.xml
run "verify -q drops warnings" 0 - -- "$SCOMC" verify -q warn/Verify.Warn.UnusedRef.xml
run "verify --werror" 1 warn/Verify.Warn.UnusedRef.err -- "$SCOMC" verify --werror warn/Verify.Warn.UnusedRef.xml
if [ -w /dev/full ]; then
	run "verify --diagnostics-output=/dev/full" 3 expect/diag-output-full.err -- \
		"$SCOMC" verify --diagnostics-output=/dev/full warn/Verify.Warn.UnusedRef.xml
	run "verify json to a full stdout" 3 expect/stdout-full.err -- \
		sh -c '"$1" verify --diagnostics-format=json warn/Verify.Warn.UnusedRef.xml >/dev/full' sh "$SCOMC"
fi
run "verify --max-errors=2" 1 expect/max-errors.err -- "$SCOMC" verify --max-errors=2 --no-caret \
	bad/Verify.Bad.GenerateAlert.xml

# ---- unseal ----

tok=$(cat ../sealed/expected-token.txt)
run "unseal: signed pack" 0 - -- "$SCOMC" unseal -o "$tmp/u" ../sealed/Scomc.Test.Sealed.mp
check "unseal prints signature and token" [ "$(cat "$tmp/out")" = "$(printf 'signature: valid\ntoken: %s' "$tok")" ]
unsealed=$tmp/u/Scomc.Test.Sealed.xml
# normal form of an MP file; an empty result (a tool failed) never compares equal
norm() { { xsltproc normalize.xsl "$1" | xmllint --c14n - ; } 2>/dev/null | grep . || echo "norm failed: $1"; }
check "unseal writes <ID>.xml equal to the sealed source" \
	cmp -s <(norm "$unsealed") <(norm ../sealed/Scomc.Test.Sealed.xml)
run "unsealed XML verifies cleanly" 0 - -- "$SCOMC" verify "$unsealed"
# Line numbers of a sealed pack are those of the unsealed file: the
# baseline note points at <Version> in both.
"$SCOMC" verify --no-caret --baseline ../sealed/Scomc.Test.Sealed.mp ../sealed/Scomc.Test.Sealed.xml 2>"$tmp/e" >/dev/null
at=$(sed -n 's/^\.\.\/sealed\/Scomc\.Test\.Sealed\.mp:\([0-9]*\):\([0-9]*\): note.*/\1 \2/p' "$tmp/e")
read -r l c <<<"${at:-0 0}"
check "sealed line:col match the unsealed file" [ "$(sed -n "${l}p" "$unsealed" | cut -c"$c"-$((c + 8)))" = "<Version>" ]
run "unseal -o -" 0 - -- "$SCOMC" unseal -o - ../sealed/Scomc.Test.Sealed.mp
check "unseal -o - writes only the XML" cmp -s "$tmp/out" "$unsealed"
run "unseal: unsigned pack" 0 - -- "$SCOMC" unseal -o "$tmp/un" ../sealed/unsigned/Scomc.Test.Sealed.mp
check "unseal prints 'none' for an unsigned pack" [ "$(cat "$tmp/out")" = "$(printf 'signature: none\ntoken: none')" ]
run "unseal: tampered pack is refused" 1 expect/unseal-tampered.err -- \
	"$SCOMC" unseal -o "$tmp/t" ../sealed/tampered/Scomc.Test.Sealed.mp
check "unseal prints 'invalid' for a tampered pack" [ "$(head -n 1 "$tmp/out")" = "signature: invalid" ]
check "unseal writes nothing for a tampered pack" [ ! -e "$tmp/t/Scomc.Test.Sealed.xml" ]
run "unseal --force: tampered pack is extracted" 0 expect/unseal-force.err -- \
	"$SCOMC" unseal --force -o "$tmp/t" ../sealed/tampered/Scomc.Test.Sealed.mp
check "unseal --force writes the XML" [ -s "$tmp/t/Scomc.Test.Sealed.xml" ]
run "unseal --diagnostics-format=json" 1 - -- \
	"$SCOMC" unseal --diagnostics-format=json -o "$tmp/j" ../sealed/tampered/Scomc.Test.Sealed.mp
check "unseal json: only JSON on stdout" grep -q '^{' "$tmp/out"
run "unseal of XML" 1 expect/unseal-xml.err -- "$SCOMC" unseal -o "$tmp/x" good/Verify.Good.Schema10.xml
run "unseal -o - with two files" 2 expect/unseal-two.err -- \
	"$SCOMC" unseal -o - ../sealed/Scomc.Test.Sealed.mp ../sealed/unsigned/Scomc.Test.Sealed.mp
run "unseal --baseline is not an unseal option" 2 expect/usage-unseal-baseline.err -- \
	"$SCOMC" unseal --baseline x ../sealed/Scomc.Test.Sealed.mp

# ---- decompile ----

# No rule of the mixed pack compiles back to itself from .alert (IDs,
# attributes and settings the language does not state): every one stays
# MP XML, so there is nothing to decompile (issue 14: never a lossy .alert).
run "decompile a mixed pack: no rule would compile back exactly" 1 decompile/Verify.Decompile.Mixed.err -- \
	"$SCOMC" decompile -o "$tmp/d" decompile/Verify.Decompile.Mixed.xml
check "decompile of the mixed pack writes nothing" [ ! -e "$tmp/d/Verify.Decompile.Mixed.alert" ]
run "decompile: nothing to decompile" 1 expect/decompile-nothing.err -- \
	"$SCOMC" decompile -o "$tmp/n" good/Verify.Good.Schema20.xml
check "decompile writes nothing when there is nothing" [ ! -e "$tmp/n/Verify.Good.Schema20.alert" ]
run "decompile malformed XML" 1 bad/Verify.Bad.Malformed.err -- \
	"$SCOMC" decompile -o "$tmp/m" bad/Verify.Bad.Malformed.xml
run "decompile -o - with two files" 2 expect/decompile-two.err -- \
	"$SCOMC" decompile -o - good/Verify.Good.Schema10.xml good/Verify.Good.Schema10.xml
# Several packs: decompile reads the next one while it works on this one
# (compiler/mpasync.c); the diagnostics are those of each file in turn, and
# a file that cannot be read stops it (exit 3: the files after it are not
# read, their diagnostics not told).
run "decompile several packs: each pack's diagnostics in the order of the files" 1 expect/decompile-several.err -- \
	"$SCOMC" decompile --no-caret -o "$tmp/s" good/Verify.Good.Schema20.xml bad/Verify.Bad.Malformed.xml \
	decompile/Verify.Decompile.Mixed.xml good/Verify.Good.Schema20.xml
run "decompile several packs: a missing one stops it (exit 3)" 3 expect/decompile-several-missing.err -- \
	"$SCOMC" decompile --no-caret -o "$tmp/s" good/Verify.Good.Schema20.xml no-such-pack.xml \
	bad/Verify.Bad.Malformed.xml
run "decompile --werror with warnings writes nothing" 1 expect/decompile-werror.err -- \
	"$SCOMC" decompile --werror --no-caret -o "$tmp/w" ../fragments/good/Frag.Good.expected.xml
check "decompile --werror left no file" [ ! -e "$tmp/w/Frag.Good.alert" ]

# ---- round trip ----

# .alert -> MP -> .alert -> MP: the same bytes.
for src in "$ROOT"/packs/*.alert roundtrip/*.alert; do
	name=$(basename "$src" .alert)
	rm -rf "$tmp/rt" && mkdir -p "$tmp/rt/a" "$tmp/rt/b" "$tmp/rt/c"
	if ! "$SCOMC" --emit=mp -o "$tmp/rt/a" "$src" 2>/dev/null; then
		bad "round trip $name" "does not compile"
		continue
	fi
	run "round trip $name: decompile without warnings" 0 - -- \
		"$SCOMC" decompile -o "$tmp/rt/b" "$tmp/rt/a/$name.xml"
	"$SCOMC" --emit=mp -o "$tmp/rt/c" "$tmp/rt/b/$name.alert" 2>/dev/null
	check "round trip $name: same MP bytes" cmp -s "$tmp/rt/a/$name.xml" "$tmp/rt/c/$name.xml"
done

# The self-check finds the language pack the way the decompiler does (one
# reader, mpread.c): with no IsDefault, an element other than LanguagePack
# first in LanguagePacks is not the language (it used to be, and every
# display name came out as a W611 change).
rm -rf "$tmp/lp" && mkdir -p "$tmp/lp/a" "$tmp/lp/b"
pack=Contoso.Exchange2007.SystemAttendant
"$SCOMC" --emit=mp -o "$tmp/lp/a" "$ROOT/packs/$pack.alert" 2>/dev/null
sed 's|<LanguagePacks>|<LanguagePacks><Comment>not a language pack</Comment>|
	s|<LanguagePack ID="ENU" IsDefault="true">|<LanguagePack ID="ENU">|' \
	"$tmp/lp/a/$pack.xml" >"$tmp/lp/a/junk.xml"
check "language-pack fixture: a stray element, no default" \
	sh -c 'grep -q "<LanguagePacks><Comment>" "$1" && grep -q "<LanguagePack ID=\"ENU\">" "$1"' sh "$tmp/lp/a/junk.xml"
run "decompile: a stray element first in LanguagePacks is not the language" 0 - -- \
	"$SCOMC" decompile -o "$tmp/lp/b" "$tmp/lp/a/junk.xml"

# UTF-8 text of an MP fixture (UTF-16 with or without BOM), declaration dropped.
utf8() {
	case $(head -c 2 "$1" | od -An -tx1 | tr -d ' ') in
	fffe) tail -c +3 "$1" | iconv -f UTF-16LE -t UTF-8 ;;
	feff) tail -c +3 "$1" | iconv -f UTF-16BE -t UTF-8 ;;
	3c00) iconv -f UTF-16LE -t UTF-8 "$1" ;;
	*) cat "$1" ;;
	esac | sed '1s/^\xEF\xBB\xBF//; 1s/^<?xml[^>]*>//'
}

# MP -> .alert -> MP: structurally equal to the original.
for mp in good/Verify.Good.Schema10.xml good/Verify.Good.Utf*.xml ../sealed/Scomc.Test.Sealed.xml \
	../sealed/Scomc.Test.Sealed.mp; do
	rm -rf "$tmp/rt" && mkdir -p "$tmp/rt/b" "$tmp/rt/c"
	run "round trip $mp: decompile without warnings" 0 - -- "$SCOMC" decompile -o "$tmp/rt/b" "$mp"
	alert=$(ls "$tmp/rt/b"/*.alert 2>/dev/null | head -n 1)
	if [ -z "$alert" ] || ! "$SCOMC" --emit=mp -o "$tmp/rt/c" "$alert" 2>/dev/null; then
		bad "round trip $mp" "decompiled source does not compile"
		continue
	fi
	orig=$mp
	[ "${mp%.mp}" != "$mp" ] && orig=${mp%.mp}.xml
	utf8 "$orig" >"$tmp/rt/orig.xml"
	check "round trip $mp: equal MP after normalization" \
		cmp -s <(norm "$tmp/rt/orig.xml") <(norm "$tmp/rt/c/$(basename "${alert%.alert}").xml")
done

# ---- every verify/decompile diagnostic ID has an expected output here ----
# (or in the suite of the command that owns it: ../diff for scomc diff;
# ../hostile/packs for the resource limits of the pack readers)

missing=""
for id in $(sed -n -E 's/^DIAG_ID\(([EW]6[0-9][0-9]),.*/\1/p' "$ROOT/compiler/diag_ids.def"); do
	grep -rqF -e "[$id]" -e "\"$id\"" --include='*.err' --include='*.json' --include='*.sarif' . ../diff ../fragments ../hostile/packs ||
		missing="$missing $id"
done
if [ -n "$missing" ]; then bad "coverage" "IDs without an expected output:$missing"; else ok "coverage: every E6xx/W6xx ID is tested"; fi

expect_summary verify
