#!/usr/bin/env bash
# bench/refs.sh - `make bench`, reference-pack section (issue 11).
#
# (r) scomc verify --references of the MPs of 10,000 generated alerts
#     (packs of REFS_BENCH_PER_PACK = 5000, rules and event monitors;
#     bench/gen) against the project's library
#     packs (tests/refs/lib renamed to the library IDs the compiler writes),
#     so every module's configuration is validated against its type's schema
#     and every class and $Target path resolved;
# (x) xmllint --noout --schema mp-1.0.xsd on the same file (what verify's
#     schema pass alone would cost with the reference tool);
# (v) scomc verify without references (for comparison);
# in the same run, RUNS times interleaved. Goal: (r)/(x) <= 2.
#
# (i) indexing a directory of 150 library packs (100 XML of about 300 KB,
#     50 sealed): scomc verify --references DIR of a small pack that uses
#     three of them, so the time is the scan of 150 identities plus three
#     payloads. Goal: under 1 s.
#
# Env: SCOMC, ROOT, BENCH_DIR, BENCH_GEN, BENCH_RUSAGE, XMLLINT,
# REFS_BENCH_ALERTS (10000), REFS_BENCH_RUNS (3).
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
dir=${BENCH_DIR:-$ROOT/build/bench}/refs
gen=${BENCH_GEN:-$ROOT/build/bench/gen}
rusage=${BENCH_RUSAGE:-$ROOT/build/bench/rusage}
xmllint=${XMLLINT:-xmllint}
alerts=${REFS_BENCH_ALERTS:-10000}
runs=${REFS_BENCH_RUNS:-3}
lib=$ROOT/tests/refs/lib

die() { echo "bench/refs: $*" >&2; exit 1; }
command -v "$xmllint" >/dev/null || die "xmllint not found"
for f in "$SCOMC" "$gen" "$rusage"; do [ -x "$f" ] || die "'$f' is not built (run make bench)"; done
export SCOMC_SCHEMA_DIR=$ROOT/schemas SCOMC_TEMPLATE_DIR=$ROOT/templates
unset SCOMC_REFERENCES

rm -rf "$dir"
mkdir -p "$dir/ms" "$dir/many"
# the libraries under the IDs the compiler references
for f in "$lib"/*.xml; do
	n=$(basename "$f" | sed 's/Scomc.Test.Windows/Microsoft.Windows/; s/Scomc.Test.Health/System.Health/; s/Scomc.Test.System/System/')
	sed 's/Scomc\.Test\.Windows\.Library/Microsoft.Windows.Library/g; s/Scomc\.Test\.Health\.Library/System.Health.Library/g; s/Scomc\.Test\.System\.Library/System.Library/g' \
		"$f" >"$dir/ms/$n"
done
# the class library bench/gen's packs reference (alias SQL)
cat >"$dir/ms/Contoso.Bench.Database.Library.xml" <<'XML'
<ManagementPack ContentReadable="true" SchemaVersion="2.0" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <Manifest>
    <Identity><ID>Contoso.Bench.Database.Library</ID><Version>1.0.0.0</Version></Identity>
    <Name>Bench database classes</Name>
    <References>
      <Reference Alias="Windows"><ID>Microsoft.Windows.Library</ID><Version>7.5.8501.0</Version><PublicKeyToken>31bf3856ad364e35</PublicKeyToken></Reference>
    </References>
  </Manifest>
  <TypeDefinitions><EntityTypes><ClassTypes>
    <ClassType ID="Contoso.Bench.Database" Accessibility="Public" Abstract="false" Base="Windows!Microsoft.Windows.LocalApplication" Hosted="true" Singleton="false" />
  </ClassTypes></EntityTypes></TypeDefinitions>
</ManagementPack>
XML
"$gen" "$alerts" "$dir/src" "${REFS_BENCH_PER_PACK:-5000}" >/dev/null
"$SCOMC" -q --emit=mp -o "$dir/xml" "$dir"/src/*.alert || die "compile failed"
mp=$(ls "$dir"/xml/*.xml)
"$SCOMC" verify -q --references "$dir/ms" $mp || die "the generated MP does not verify against the libraries"

# 150 library packs: 100 XML padded with classes to about 300 KB, 50 sealed copies
pad=$dir/pad.xml
{
	for i in $(seq 1 1500); do
		printf '        <ClassType ID="Scomc.Bench.Class%04d" Accessibility="Public" Abstract="false" Base="System!System.LogicalEntity" Hosted="false" Singleton="false"><Property ID="Name" Type="string" Key="false" CaseSensitive="false" Length="256" MinLength="0" /></ClassType>\n' "$i"
	done
} >"$pad"
for i in $(seq -w 1 100); do
	sed "s/Scomc\.Test\.Windows\.Library/Scomc.Bench.Library$i/g" "$lib/Scomc.Test.Windows.Library.xml" |
		sed "/<ClassTypes>/r $pad" >"$dir/many/Scomc.Bench.Library$i.xml"
done
for i in $(seq -w 1 50); do
	cp "$ROOT/tests/refs/sealed/Scomc.Test.Health.Library.mp" "$dir/many/Copy$i.Scomc.Test.Health.Library.mp"
done
cp "$lib"/*.xml "$dir/many/"
cp "$ROOT/tests/refs/good/Scomc.Test.Refs.Good.xml" "$dir/"
npacks=$(ls "$dir/many" | wc -l)
manybytes=$(cat "$dir"/many/* | wc -c)

: >"$dir/r.times"
: >"$dir/x.times"
: >"$dir/v.times"
: >"$dir/i.times"
for ((k = 1; k <= runs; k++)); do
	"$rusage" "$SCOMC" verify -q --references "$dir/ms" $mp 3>>"$dir/r.times" >/dev/null ||
		die "verify --references failed"
	"$rusage" "$xmllint" --noout --schema "$ROOT/schemas/mp/mp-1.0.xsd" $mp 3>>"$dir/x.times" \
		>/dev/null 2>&1 || die "xmllint failed"
	"$rusage" "$SCOMC" verify -q $mp 3>>"$dir/v.times" >/dev/null || die "verify failed"
	"$rusage" "$SCOMC" verify -q --references "$dir/many" "$dir/Scomc.Test.Refs.Good.xml" \
		3>>"$dir/i.times" >/dev/null || die "verify with 150 packs failed"
done
median() { sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }
rw=$(median "$dir/r.times" 1) rr=$(median "$dir/r.times" 2) rc=$(median "$dir/r.times" 3)
xw=$(median "$dir/x.times" 1) xr=$(median "$dir/x.times" 2) xc=$(median "$dir/x.times" 3)
vw=$(median "$dir/v.times" 1) vr=$(median "$dir/v.times" 2)
iw=$(median "$dir/i.times" 1) ir=$(median "$dir/i.times" 2)
bytes=$(cat $mp | wc -c)
awk -v n="$alerts" -v b="$bytes" -v rw="$rw" -v rr="$rr" -v rc="$rc" -v xw="$xw" -v xr="$xr" \
	-v xc="$xc" -v vw="$vw" -v vr="$vr" -v iw="$iw" -v ir="$ir" -v np="$npacks" -v mb="$manybytes" \
	-v runs="$runs" 'BEGIN {
	print ""
	printf "== reference packs (issue 11): %d alerts, MP %.1f MB, medians of %d runs\n", n, b / 1e6, runs
	print "| run | wall s | peak MB |"
	print "|---|---:|---:|"
	printf "| (r) scomc verify --references | %.2f | %.0f |\n", rw, rr / 1024
	printf "| (x) xmllint --noout --schema | %.2f | %.0f |\n", xw, xr / 1024
	printf "| (v) scomc verify, no references | %.2f | %.0f |\n", vw, vr / 1024
	printf "| (i) index %d packs (%.0f MB) + verify a small pack | %.3f | %.0f |\n", np, mb / 1e6, iw, ir / 1024
	r = rw / xw; c = rc / xc
	printf "target %-32s <= %-4s %6.2f (cpu %5.2f)  %s\n", "verify --references/xmllint", "2", r, c,
		r <= 2 ? "met" : "NOT MET"
	printf "target %-32s <  %-4s %6.3f  %s\n", "index 150 library packs (s)", "1", iw, iw < 1 ? "met" : "NOT MET"
}'
rm -rf "$dir/xml" "$dir/src" "$dir/many"
