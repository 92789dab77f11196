#!/usr/bin/env bash
# bench/trip.sh - `make bench`, round-trip section (issue 14).
#
# On the MPs of 10,000 generated alerts (packs of TRIP_BENCH_PER_PACK =
# 5000, rules and event monitors; bench/gen), in the same run, RUNS times
# interleaved:
# (d) scomc decompile -o DIR of every MP (writes <ID>.alert and <ID>.mpx;
#     each alert is compiled again and compared with its rule);
# (f) scomc diff of every MP against the pack its decompiled .alert and
#     fragment compile to (the round trip; it must find nothing);
# (x) xmllint --noout --schema mp-1.0.xsd on the same MPs.
# Goal: (d)/(x) <= 1.5 and (f)/(x) <= 1.5.
#
# Env: SCOMC, ROOT, BENCH_DIR, BENCH_GEN, BENCH_RUSAGE, XMLLINT,
# TRIP_BENCH_ALERTS (10000), TRIP_BENCH_PER_PACK (5000), TRIP_BENCH_RUNS (3).
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
dir=${BENCH_DIR:-$ROOT/build/bench}/trip
gen=${BENCH_GEN:-$ROOT/build/bench/gen}
rusage=${BENCH_RUSAGE:-$ROOT/build/bench/rusage}
xmllint=${XMLLINT:-xmllint}
alerts=${TRIP_BENCH_ALERTS:-10000}
runs=${TRIP_BENCH_RUNS:-3}

die() { echo "bench/trip: $*" >&2; exit 1; }
command -v "$xmllint" >/dev/null || die "xmllint not found"
for f in "$SCOMC" "$gen" "$rusage"; do [ -x "$f" ] || die "'$f' is not built (run make bench)"; done
export SCOMC_SCHEMA_DIR=$ROOT/schemas SCOMC_TEMPLATE_DIR=$ROOT/templates

rm -rf "$dir"
mkdir -p "$dir"
"$gen" "$alerts" "$dir/src" "${TRIP_BENCH_PER_PACK:-5000}" >/dev/null
"$SCOMC" -q --emit=mp -o "$dir/xml" "$dir"/src/*.alert || die "compile failed"
mps=$(ls "$dir"/xml/*.xml)
# the round trip, once: decompile, compile the .alert with its fragment
"$SCOMC" decompile -q -o "$dir/dc" $mps || die "decompile failed"
"$SCOMC" -q --emit=mp -o "$dir/rt" "$dir"/dc/*.alert || die "the decompiled packs do not compile"
exact=yes
pairs=""
for mp in $mps; do
	"$SCOMC" diff -q "$mp" "$dir/rt/$(basename "$mp")" || exact=no
	pairs="$pairs $mp $dir/rt/$(basename "$mp")"
done
# diff_all: one scomc diff per pair (differences are measured, not fatal)
cat >"$dir/diff_all.sh" <<'SH'
scomc=$1; shift
while [ $# -ge 2 ]; do "$scomc" diff -q "$1" "$2"; shift 2; done
exit 0
SH

: >"$dir/d.times"
: >"$dir/f.times"
: >"$dir/x.times"
for ((k = 1; k <= runs; k++)); do
	rm -rf "$dir/d"
	"$rusage" "$SCOMC" decompile -q -o "$dir/d" $mps 3>>"$dir/d.times" >/dev/null || die "decompile failed"
	"$rusage" bash "$dir/diff_all.sh" "$SCOMC" $pairs 3>>"$dir/f.times" >/dev/null || die "diff failed"
	"$rusage" "$xmllint" --noout --schema "$ROOT/schemas/mp/mp-1.0.xsd" $mps 3>>"$dir/x.times" \
		>/dev/null 2>&1 || die "xmllint failed"
done
median() { sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }
dw=$(median "$dir/d.times" 1) dr=$(median "$dir/d.times" 2) dc=$(median "$dir/d.times" 3)
fw=$(median "$dir/f.times" 1) fr=$(median "$dir/f.times" 2) fc=$(median "$dir/f.times" 3)
xw=$(median "$dir/x.times" 1) xr=$(median "$dir/x.times" 2) xc=$(median "$dir/x.times" 3)
bytes=$(cat $mps | wc -c)
awk -v n="$alerts" -v b="$bytes" -v dw="$dw" -v dr="$dr" -v dc="$dc" -v fw="$fw" -v fr="$fr" -v fc="$fc" \
	-v xw="$xw" -v xr="$xr" -v xc="$xc" -v runs="$runs" -v exact="$exact" 'BEGIN {
	print ""
	printf "== round trip (issue 14): %d alerts, MP %.1f MB, medians of %d runs\n", n, b / 1e6, runs
	print "| run | wall s | cpu s | peak MB |"
	print "|---|---:|---:|---:|"
	printf "| (d) scomc decompile | %.2f | %.2f | %.0f |\n", dw, dc, dr / 1024
	printf "| (f) scomc diff, MP against its round trip | %.2f | %.2f | %.0f |\n", fw, fc, fr / 1024
	printf "| (x) xmllint --noout --schema | %.2f | %.2f | %.0f |\n", xw, xc, xr / 1024
	printf "round trip exact (diff finds nothing): %s\n", exact
	r = dw / xw; c = dc / xc
	printf "target %-32s <= %-4s %6.2f (cpu %5.2f)  %s\n", "decompile/xmllint", "1.5", r, c, r <= 1.5 ? "met" : "NOT MET"
	r = fw / xw; c = fc / xc
	printf "target %-32s <= %-4s %6.2f (cpu %5.2f)  %s\n", "diff/xmllint", "1.5", r, c, r <= 1.5 ? "met" : "NOT MET"
}'
rm -rf "$dir/xml" "$dir/src" "$dir/dc" "$dir/d" "$dir/rt"
