#!/usr/bin/env bash
# Tests for --references (issue 11; docs/verify.md "Reference packs"):
# verify and compile against the project's own library packs.
#
#   lib/        three library packs as XML (own pack IDs, element IDs as in
#               real packs: event provider, alert write action, expression
#               schema with enumerations, a two-state event monitor type,
#               classes, properties, hosting relationships)
#   sealed/     the same three sealed with a test key (make-sealed.sh)
#   good/       a pack whose references are all there: no diagnostic
#   cases.txt   one seeded defect per check: a perl substitution of the good
#               pack; expect/NAME.err is the exact stderr
#   alert/      .alert sources (one with a .mpx fragment) checked against
#               lib/ renamed to the library IDs the compiler writes
#               (Microsoft.Windows.Library, ...)
#   expect/     every expected stderr
#
# Every case runs in a scratch directory with relative paths and compares
# stderr exactly and the exit code (1 when an error is expected, 3 for an
# unreadable directory). UPDATE=1 rewrites the expected files.
#
#   SCOMC=build/scomc bash tests/refs/run.sh
set -u

. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" refs perl

EXPECT_TIMEOUT=${EXPECT_TIMEOUT:-300}
. "$ROOT/tests/lib/expect.sh"
trap 'rm -rf "$tmp" "$EXPECT_TMP"' EXIT

# expect NAME RC EXPECTED -- CMD...: the harness's expect_run, run in
# $tmp/work: stderr must equal EXPECTED ("-": be empty), the exit code RC.
expect() {
	local name=$1 want=$2 exp=$3
	shift 4
	expect_run "$name" "$want" "$exp" env -C "$tmp/work" "$@"
}

mkdir -p "$tmp/work"
cp -r "$here/lib" "$here/sealed" "$tmp/work/"
GOOD=Scomc.Test.Refs.Good.xml
cp "$here/good/$GOOD" "$tmp/work/$GOOD"
token=$(cat "$here/sealed/token.txt")

# ---- the fixtures themselves ----
for f in $(cd "$here" && ls lib/*.xml sealed/*.mp); do
	expect "fixture $f verifies" 0 - -- "$SCOMC" verify -q --references "$(dirname "$f")" "$f"
done

# ---- a pack with every reference present and right ----
expect "good pack, XML references" 0 - -- "$SCOMC" verify --references lib "$GOOD"
mkdir -p "$tmp/work/signed"
sed "s/0123456789abcdef/$token/" "$here/good/$GOOD" >"$tmp/work/signed/$GOOD"
expect "good pack, sealed references with their token" 0 - -- \
	"$SCOMC" verify --references sealed "signed/$GOOD"
expect "good pack, two directories" 0 - -- \
	"$SCOMC" verify --references sealed --references lib "signed/$GOOD"
expect "SCOMC_REFERENCES, colon-separated" 0 - -- \
	env SCOMC_REFERENCES=sealed:lib "$SCOMC" verify "signed/$GOOD"
expect "--references wins over SCOMC_REFERENCES" 0 - -- \
	env SCOMC_REFERENCES=nowhere "$SCOMC" verify --references lib "$GOOD"

# ---- without references: one note, nothing else changes ----
expect "no references: a note" 0 "$here/expect/no-references.err" -- "$SCOMC" verify "$GOOD"
expect "no references, -q: silent" 0 - -- "$SCOMC" verify -q "$GOOD"

# ---- seeded defects ----
while IFS=$'\t' read -r name prog; do
	case $name in '' | '#'*) continue ;; esac
	mkdir -p "$tmp/work/$name"
	perl -pe "$prog" "$here/good/$GOOD" >"$tmp/work/$name/$GOOD"
	if cmp -s "$tmp/work/$name/$GOOD" "$here/good/$GOOD"; then
		bad "$name" "the substitution does not change the good pack"
		continue
	fi
	expect "$name" 1 "$here/expect/$name.err" -- "$SCOMC" verify --references lib "$name/$GOOD"
done <"$here/cases.txt"

expect "token differs from the sealed pack's" 1 "$here/expect/token-mismatch.err" -- \
	"$SCOMC" verify --references sealed "$GOOD"

# ---- unreadable directories and packs ----
expect "reference directory missing" 3 "$here/expect/dir-missing.err" -- \
	"$SCOMC" verify --references no-such-dir "$GOOD"
mkdir -p "$tmp/work/broken"
cp "$here"/lib/*.xml "$tmp/work/broken/"
head -c 512 "$here/sealed/Scomc.Test.System.Library.mp" >"$tmp/work/broken/Truncated.mp"
printf '<ManagementPack><Manifest><Identity><ID>X</ID></Identity>' >"$tmp/work/broken/NoVersion.xml"
printf '<notapack/>\n' >"$tmp/work/broken/other.xml"
printf '<?xml version="1.0"?>\n<ManagementPack><Manifest' >"$tmp/work/broken/Cut.xml"
sed 's:</ManagementPack>:<oops></ManagementPack>:' "$here/lib/Scomc.Test.Health.Library.xml" \
	>"$tmp/work/broken/Scomc.Test.Health.Library.xml"
ln -s no-such-file "$tmp/work/broken/Dangling.mp"
expect "unreadable reference packs" 1 "$here/expect/broken-packs.err" -- \
	"$SCOMC" verify --references broken "$GOOD"
mkdir -p "$tmp/work/empty"
expect "an empty reference directory: every reference is missing" 1 "$here/expect/dir-empty.err" -- \
	"$SCOMC" verify --references empty "$GOOD"

# ---- hostile reference packs: nothing outside them is read ----
mkdir -p "$tmp/work/hostile"
cp "$here"/lib/*.xml "$tmp/work/hostile/"
perl -0pi -e 's{(<SchemaType ID="System.Health.AlertSchema" Accessibility="Public">)}{$1\n        <xsd:include schemaLocation="/etc/passwd" />}' \
	"$tmp/work/hostile/Scomc.Test.Health.Library.xml"
perl -0pi -e 's{(<\?xml[^>]*>)}{$1\n<!DOCTYPE ManagementPack [<!ENTITY x SYSTEM "file:///etc/passwd">]>}; s{<Name>Scomc Test System Library</Name>}{<Name>&x;</Name>}' \
	"$tmp/work/hostile/Scomc.Test.System.Library.xml"
expect "hostile reference packs: an include and an external entity are refused" 1 \
	"$here/expect/hostile-packs.err" -- "$SCOMC" verify --references hostile "$GOOD"

# ---- each pack's payload is read at most once per run ----
if command -v strace >/dev/null; then
	mkdir -p "$tmp/work/many"
	cp "$here"/lib/*.xml "$tmp/work/many/"
	for i in $(seq 1 20); do
		sed "s/Scomc.Test.System.Library/Scomc.Test.Unused$i.Library/g" \
			"$here/lib/Scomc.Test.System.Library.xml" >"$tmp/work/many/Scomc.Test.Unused$i.Library.xml"
	done
	(cd "$tmp/work" && strace -f -e trace=openat -o "$tmp/trace" "$SCOMC" verify -q \
		--references many "$GOOD" "$GOOD") >/dev/null 2>&1
	used=$(grep -c 'many/Scomc.Test.\(System\|Windows\|Health\).Library.xml' "$tmp/trace")
	unused=$(grep -c 'many/Scomc.Test.Unused' "$tmp/trace")
	# identity + payload for the 3 used packs (two files verified), identity only for 20
	if [ "$used" = 6 ] && [ "$unused" = 20 ]; then
		ok "payloads read once per run (6 opens of the used packs, 20 of the unused)"
	else
		bad "payloads read once per run" "opens: $used used (want 6), $unused unused (want 20)"
	fi
else
	echo "SKIP payloads read once per run: strace not installed"
fi

# ---- the compiler ----
mkdir -p "$tmp/work/ms"
for f in "$here"/lib/*.xml; do
	n=$(basename "$f" | sed 's/Scomc.Test.Windows/Microsoft.Windows/; s/Scomc.Test.Health/System.Health/; s/Scomc.Test.System/System/')
	sed 's/Scomc\.Test\.Windows\.Library/Microsoft.Windows.Library/g; s/Scomc\.Test\.Health\.Library/System.Health.Library/g; s/Scomc\.Test\.System\.Library/System.Library/g' \
		"$f" >"$tmp/work/ms/$n"
done
cp "$here"/alert/*.alert "$here"/alert/*.mpx "$tmp/work/"
expect "compile: clean against the libraries" 0 - -- \
	"$SCOMC" check --references ms Scomc.Test.Refs.Fine.alert
expect "compile: wrong class, unhosted class, missing library at their .alert lines" 1 \
	"$here/expect/compile.err" -- "$SCOMC" check -q --references ms Scomc.Test.Refs.Compile.alert
expect "compile: nothing written after a reference error" 1 "$here/expect/compile.err" -- \
	"$SCOMC" -q -o out --references ms Scomc.Test.Refs.Compile.alert
if [ -e "$tmp/work/out" ]; then bad "compile: no output directory" "out/ was created"; fi
expect "compile: writes with clean references" 0 - -- \
	"$SCOMC" -o out2 --emit=mp --references ms Scomc.Test.Refs.Fine.alert
[ -f "$tmp/work/out2/Scomc.Test.Refs.Fine.xml" ] && ok "compile: the MP is written" ||
	bad "compile: the MP is written"
expect "compile: the written MP verifies against the same packs" 0 - -- \
	"$SCOMC" verify --references ms out2/Scomc.Test.Refs.Fine.xml
expect "compile: a fragment's defect at its line, the .alert's at its own" 1 \
	"$here/expect/compile-fragment.err" -- "$SCOMC" check -q --references ms Scomc.Test.Refs.Frag.alert
mkdir -p "$tmp/work/ms-old"
cp "$tmp/work"/ms/*.xml "$tmp/work/ms-old/"
sed -i 's:<Version>7.5.8501.0</Version>:<Version>6.1.7221.0</Version>:' "$tmp/work/ms-old/Microsoft.Windows.Library.xml"
expect "compile: library older than the target needs" 1 "$here/expect/compile-old.err" -- \
	"$SCOMC" check -q --references ms-old Scomc.Test.Refs.Fine.alert
expect "compile: the same library is enough for 2007r2" 0 - -- \
	"$SCOMC" check -q --target 2007r2 --references ms-old Scomc.Test.Refs.Fine.alert
expect "compile: no library packs at all" 1 "$here/expect/compile-missing.err" -- \
	"$SCOMC" check -q --references lib Scomc.Test.Refs.Fine.alert

# ---- seal: MPSeal's /I ----
cp "$here/sealed/Scomc.Test.Refs.snk" "$tmp/key.snk" # outside the work tree (W801)
expect "seal --references: a good pack is sealed" 0 - -- \
	"$SCOMC" seal --key="$tmp/key.snk" --references sealed -o sealed-out "signed/$GOOD"
[ -f "$tmp/work/sealed-out/Scomc.Test.Refs.Good.mp" ] &&
	ok "seal --references: the .mp is written" || bad "seal --references: the .mp is written"
expect "seal --references: a pack with a defect is not sealed" 1 "$here/expect/seal-refused.err" -- \
	"$SCOMC" seal --key="$tmp/key.snk" --references lib -o sealed-bad "type-unknown/$GOOD"
if [ -e "$tmp/work/sealed-bad" ]; then bad "seal --references: nothing written" "sealed-bad/ exists"; fi
expect "seal --references: the sealed pack is a reference pack itself" 0 - -- \
	"$SCOMC" verify -q --references sealed-out --references sealed "sealed-out/Scomc.Test.Refs.Good.mp"

# ---- every E7xx/W7xx ID has an expected output here ----
missing=""
for id in $(sed -n -E 's/^DIAG_ID\(([EW]7[0-9][0-9]),.*/\1/p' "$ROOT/compiler/diag_ids.def"); do
	grep -qF "[$id]" "$here"/expect/*.err || missing="$missing $id"
done
if [ -n "$missing" ]; then bad "coverage" "IDs without an expected output:$missing"; else ok "coverage: every E7xx/W7xx ID is tested"; fi

expect_summary refs
