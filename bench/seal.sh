#!/usr/bin/env bash
# bench/seal.sh - `make bench`, sealing section (issue 12): the time of
# `scomc seal` on the MPs of 10,000 generated alerts against `gzip -6` of
# the same UTF-16LE bytes (what a sealed pack stores), in the same run.
#
# bench/gen writes the alerts as packs of at most SEAL_BENCH_PER_PACK
# (default 2000; a pack must stay under 64 MiB as UTF-16 to be sealed,
# about 4,500 of these alerts); scomc compiles them to MP XML; perl strips
# the XML declarations and iconv makes the UTF-16LE files. Then, RUNS
# times, interleaved: (s) scomc seal of every MP (verify + build + sign +
# read back), (g) gzip -6 of every UTF-16LE file, (v) scomc verify of every
# MP (the verification inside (s)). Prints the medians (wall and CPU
# user+system seconds, peak RSS), the ratio (s)/(g), goal <= 1.5, and
# ((s)-(v))/(g), what sealing costs beyond verification.
#
# Env: SCOMC, ROOT, BENCH_DIR, BENCH_GEN, BENCH_RUSAGE, SEAL_BENCH_ALERTS,
# SEAL_BENCH_PER_PACK, SEAL_BENCH_RUNS.
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
dir=${BENCH_DIR:-$ROOT/build/bench}/seal
gen=${BENCH_GEN:-$ROOT/build/bench/gen}
rusage=${BENCH_RUSAGE:-$ROOT/build/bench/rusage}
alerts=${SEAL_BENCH_ALERTS:-10000}
per=${SEAL_BENCH_PER_PACK:-2000}
runs=${SEAL_BENCH_RUNS:-3}

die() { echo "bench/seal: $*" >&2; exit 1; }
for t in gzip iconv perl; do command -v "$t" >/dev/null || die "needs $t"; done
for f in "$SCOMC" "$gen" "$rusage"; do [ -x "$f" ] || die "'$f' is not built (run make bench)"; done
export SCOMC_SCHEMA_DIR=$ROOT/schemas SCOMC_TEMPLATE_DIR=$ROOT/templates
unset SCOMC_SEAL_KEY

rm -rf "$dir"
mkdir -p "$dir/u16"
"$gen" "$alerts" "$dir/src" "$per" >/dev/null
"$SCOMC" -q --emit=mp -o "$dir/xml" "$dir"/src/*.alert || die "compile failed"
key=$dir/bench.snk
cp "$ROOT/tests/sealed/Scomc.Test.Sealed.snk" "$key" # a published test key, outside the work tree
for f in "$dir"/xml/*.xml; do
	perl -0777 -pe 's/\A<\?xml.*?\?>\s*//s; s/\s+\z//' "$f" | iconv -f UTF-8 -t UTF-16LE \
		>"$dir/u16/$(basename "$f" .xml).u16"
done

: >"$dir/s.times"
: >"$dir/g.times"
: >"$dir/v.times"
for ((i = 1; i <= runs; i++)); do
	rm -rf "$dir/mp"
	"$rusage" "$SCOMC" seal -q --key="$key" -o "$dir/mp" "$dir"/xml/*.xml 3>>"$dir/s.times" >/dev/null ||
		die "scomc seal failed"
	"$rusage" sh -c 'for f in "$@"; do gzip -6 -c "$f" >"$f.gz"; done' sh "$dir"/u16/*.u16 \
		3>>"$dir/g.times" >/dev/null || die "gzip failed"
	"$rusage" "$SCOMC" verify -q "$dir"/xml/*.xml 3>>"$dir/v.times" >/dev/null || die "scomc verify failed"
done
median() { sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }
sw=$(median "$dir/s.times" 1) sr=$(median "$dir/s.times" 2) sc=$(median "$dir/s.times" 3)
gw=$(median "$dir/g.times" 1) gr=$(median "$dir/g.times" 2) gc=$(median "$dir/g.times" 3)
vw=$(median "$dir/v.times" 1) vc=$(median "$dir/v.times" 3)
xml=$(cat "$dir"/xml/*.xml | wc -c) u16=$(cat "$dir"/u16/*.u16 | wc -c)
mp=$(cat "$dir"/mp/*.mp | wc -c) gz=$(cat "$dir"/u16/*.gz | wc -c)
npacks=$(ls "$dir"/xml/*.xml | wc -l)
awk -v a="$alerts" -v p="$npacks" -v xml="$xml" -v u16="$u16" -v mp="$mp" -v gz="$gz" -v runs="$runs" \
	-v sw="$sw" -v sr="$sr" -v sc="$sc" -v gw="$gw" -v gr="$gr" -v gc="$gc" -v vw="$vw" -v vc="$vc" 'BEGIN {
	print ""
	print "Sealing (issue 12): scomc seal vs gzip -6 of the same UTF-16LE bytes"
	print ""
	print "| alerts | packs | MP XML (B) | UTF-16 (B) | .mp (B) | .gz (B) | (s) s | (s) cpu | (s) MB | (g) s | (g) cpu | (g) MB | (v) s | (v) cpu | (s)/(g) | ((s)-(v))/(g) |"
	print "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	printf "| %d | %d | %d | %d | %d | %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f (cpu %.2f) | %.2f (cpu %.2f) |\n",
		a, p, xml, u16, mp, gz, sw, sc, sr / 1024, gw, gc, gr / 1024, vw, vc, sw / gw, sc / gc,
		(sw - vw) / gw, (sc - vc) / gc
	printf "\nMedians of %d runs. (s) scomc seal of every pack: verify as scomc verify does, build,\n", runs
	print "sign (RSA-1024), read back; (g) gzip -6 of each UTF-16LE file; (v) scomc verify of the same"
	print "packs, the part of (s) that is verification. Ratios: wall (CPU user+system)."
	r = sw / gw; c = sc / gc
	printf "target %-32s <= %-4s %6.2f (cpu %5.2f)  %s\n", "(s)/(g) seal vs gzip -6", 1.5, r, c,
		r <= 1.5 ? "met" : c <= 1.5 ? "met on CPU time only" : "NOT MET"
}'
rm -rf "$dir"
