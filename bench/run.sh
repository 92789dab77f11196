#!/usr/bin/env bash
# bench/run.sh - compile time and memory of scomc against xmllint (issue 7).
#
# For each size in BENCH_SIZES, bench/gen writes the alerts as packs of at
# most BENCH_PER_PACK alerts (one .alert file each; scomc reads at most
# 128 MiB per input file). Then, BENCH_RUNS times, interleaved:
#   (a)  scomc --emit=mp                        compile with all validation
#   (c)  xmllint --noout --schema mp-1.0.xsd    on the MP XML (a) wrote
#   (a') scomc --emit=mp --no-validate-output   trust the emitter
#   (b)  scomc --emit=mp,docs                   compile plus the HTML site
# and prints one table of medians: wall seconds and peak RSS (bench/rusage:
# wait4 ru_maxrss) per run, the ratios to (c) (wall, and CPU user+system in
# parentheses), the growth from the second largest to the largest size, and
# the targets of issue 7.
#
# Then the site section (issue 16): the search index against the pages, and
# peak memory of (b) for one 10k-alert and one 50k-alert pack.
# Then the verify section (issue 10): scomc verify of the 10k-alert MP
# against xmllint --noout --schema on the same files, and verify of a 4 MB
# UTF-16 pack (targets: ratio <= 1.5, under 0.1 s).
#
# Outputs go to a fresh directory per run under BENCH_OUT (default: a tmpfs
# directory when /dev/shm is usable, else BENCH_DIR/out), removed at the
# end: deleting tens of thousands of pages between runs would make ext4's
# inode allocator (its "recently deleted" scan) a large part of (b).
#
# Env: SCOMC (binary), ROOT (repo), BENCH_DIR (work dir), BENCH_OUT,
# BENCH_GEN, BENCH_RUSAGE, BENCH_SIZES, BENCH_RUNS, BENCH_PER_PACK, XMLLINT,
# BENCH_VERIFY_RUNS (UTF-16 runs, default 9), BENCH_UTF16_ALERTS (290),
# BENCH_SITE_SIZES ("10000 50000"), BENCH_SITE_RUNS (1).
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
dir=${BENCH_DIR:-$ROOT/build/bench}
gen=${BENCH_GEN:-$dir/gen}
rusage=${BENCH_RUSAGE:-$dir/rusage}
sizes=${BENCH_SIZES:-1000 10000 50000}
runs=${BENCH_RUNS:-3}
per=${BENCH_PER_PACK:-5000}
xmllint=${XMLLINT:-xmllint}
schema=$ROOT/schemas/mp/mp-1.0.xsd

die() { echo "bench: $*" >&2; exit 1; }
command -v "$xmllint" >/dev/null || die "xmllint not found (Debian: apt-get install libxml2-utils)"
for f in "$SCOMC" "$gen" "$rusage"; do [ -x "$f" ] || die "'$f' is not built (run make bench)"; done
export SCOMC_SCHEMA_DIR=$ROOT/schemas SCOMC_TEMPLATE_DIR=$ROOT/templates

if [ -z "${BENCH_OUT:-}" ]; then
	BENCH_OUT=$dir/out
	if [ -d /dev/shm ] && [ -w /dev/shm ] &&
		[ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt $((4 * 1024 * 1024)) ]; then
		BENCH_OUT=/dev/shm/scomc-bench-$$
	fi
fi
out=$BENCH_OUT
mkdir -p "$dir" "$out"
trap 'rm -rf "$out"' EXIT

# measure FILE CMD...: runs CMD, appends "wall rss_kib cpu status" to FILE.
measure() {
	local file=$1
	shift
	if ! "$rusage" "$@" 3>>"$file" >/dev/null 2>"$dir/last.log"; then
		tail -n 5 "$dir/last.log" >&2
		die "failed: $*"
	fi
}

# median FILE COLUMN: the median (lower middle) of one column.
median() {
	sort -n -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

bytes() { cat "$@" | wc -c | tr -d ' '; }
largest() { wc -c "$@" | awk '!/ total$/ { if ($1 > m) m = $1 } END { print m }'; }

results=$dir/results.txt
: >"$results"
for n in $sizes; do
	w=$dir/$n
	o=$out/$n
	rm -rf "$w"
	mkdir -p "$w" "$o"
	"$gen" "$n" "$w/src" "$per"
	for r in a a2 b c; do : >"$w/$r.times"; done
	for ((i = 1; i <= runs; i++)); do
		measure "$w/a.times" "$SCOMC" --emit=mp -o "$o/a$i" "$w"/src/*.alert
		measure "$w/c.times" "$xmllint" --noout --schema "$schema" "$o/a$i"/*.xml
		measure "$w/a2.times" "$SCOMC" --emit=mp --no-validate-output -o "$o/a2-$i" "$w"/src/*.alert
		measure "$w/b.times" "$SCOMC" --emit=mp,docs -o "$o/b$i" "$w"/src/*.alert
	done
	cmp -s <(cat "$o"/a1/*.xml) <(cat "$o"/a2-1/*.xml) || die "--no-validate-output changed the MP at $n"
	line="$n $(ls "$w"/src/*.alert | wc -l) $(bytes "$w"/src/*.alert) $(bytes "$o"/a1/*.xml) $(largest "$o"/a1/*.xml)"
	for r in a a2 b c; do
		line="$line $(median "$w/$r.times" 1) $(median "$w/$r.times" 2) $(median "$w/$r.times" 3)"
	done
	echo "$line" >>"$results"
done

# results.txt: alerts packs in mp mpmax, then for a a2 b c: wall_s rss_kib cpu_s
awk -v runs="$runs" -v per="$per" -v out="$out" '
function mb(kb) { return sprintf("%.0f", kb / 1024) }
function r(x, y) { return y > 0 ? sprintf("%.2f", x / y) : "-" }
function rc(i, j) { return sprintf("%s (%s)", r(v[NR, i], v[NR, 15]), r(v[NR, j], v[NR, 17])) }
BEGIN {
	print "| alerts | packs | input (B) | MP XML (B) | (a) s | (a) MB | (a\x27) s | (a\x27) MB | (b) s | (b) MB | (c) s | (c) MB | (a)/(c) | (a\x27)/(c) | (b)/(c) | RSS/MP |"
	print "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
}
{
	for (i = 1; i <= NF; i++) v[NR, i] = $i
	n[NR] = $1
	rssmp = $7 * 1024 / $5
	printf "| %d | %d | %d | %d | %.2f | %s | %.2f | %s | %.2f | %s | %.2f | %s | %s | %s | %s | %.2f |\n",
		$1, $2, $3, $4, $6, mb($7), $9, mb($10), $12, mb($13), $15, mb($16),
		rc(6, 8), rc(9, 11), rc(12, 14), rssmp
	if ($1 == 10000) ten = NR
	if ($1 >= 10000 && rssmp > worst) worst = rssmp
}
END {
	if (NR >= 2) {
		p = NR - 1
		printf "| %s/%s | | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | | | | |\n",
			n[NR], n[p], r(v[NR, 3], v[p, 3]), r(v[NR, 4], v[p, 4]),
			r(v[NR, 6], v[p, 6]), r(v[NR, 7], v[p, 7]), r(v[NR, 9], v[p, 9]), r(v[NR, 10], v[p, 10]),
			r(v[NR, 12], v[p, 12]), r(v[NR, 13], v[p, 13]), r(v[NR, 15], v[p, 15]), r(v[NR, 16], v[p, 16])
	}
	packs = per > 0 ? "packs of at most " per " alerts" : "one pack per size"
	printf "\nMedians of %d runs; %s. (a) scomc --emit=mp; (a\x27) the same with\n", runs, packs
	print "--no-validate-output; (b) --emit=mp,docs; (c) xmllint --noout --schema schemas/mp/mp-1.0.xsd on"
	print "the MP XML of (a). Ratios: wall time (CPU user+system time). RSS/MP: peak RSS of (a) over the"
	print "largest MP file (scomc holds one pack at a time; at 1k, ~30 MB of libraries and compiled"
	print "schemas dominate, so the target is checked from 10k up). Last row: largest size over the one"
	print "before. Outputs written under " out "."
	if (!ten)
		exit
	t = ten
	print ""
	verdict("(a)/(c) at 10k", v[t, 6] / v[t, 15], v[t, 8] / v[t, 17], 2)
	verdict("(a\x27)/(c) at 10k", v[t, 9] / v[t, 15], v[t, 11] / v[t, 17], 1)
	verdict("(b)/(c) at 10k", v[t, 12] / v[t, 15], v[t, 14] / v[t, 17], 3)
	verdict("(b)/(c) at 10k (issue 16)", v[t, 12] / v[t, 15], v[t, 14] / v[t, 17], 2.5)
	if (NR > t && n[NR] == 50000)
		verdict("time(50k)/time(10k) of (a)", v[NR, 6] / v[t, 6], v[NR, 8] / v[t, 8], 5.5)
	verdict("peak RSS of (a) / MP size, 10k+", worst, -1, 4)
}
function verdict(what, x, c, lim,    cpu, v) {
	cpu = c < 0 ? "" : sprintf("(cpu %5.2f)", c)
	v = x <= lim ? "met" : (c >= 0 && c <= lim) ? "met on CPU time only" : "NOT MET"
	printf "target %-32s <= %-4s %6.2f %-11s  %s\n", what, lim, x, cpu, v
}' "$results"

# ---- the site (issue 16) ----
# The search index against the pages, from the 10k run's (b) output: the
# files the home page loads when the reader searches (search.js,
# search-text.js, assets/minisearch.js) over the bytes of every .html page;
# target: at most a quarter. Then peak RSS of (b) for ONE pack of each size
# in BENCH_SITE_SIZES (default "10000 50000"; BENCH_SITE_RUNS runs, default
# 1) over that pack's MP file: the site is rendered a batch of pages at a
# time, so the target is 3x whatever the size.
if [ -d "$out/10000/b1/docs" ]; then
	d=$out/10000/b1/docs
	pages=$(find "$d" -name '*.html' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
	facts=$(bytes "$d/search.js") text=$(bytes "$d/search-text.js") lib=$(bytes "$d/assets/minisearch.js")
	awk -v p="$pages" -v f="$facts" -v t="$text" -v l="$lib" 'BEGIN {
		print ""
		print "| site at 10k | bytes | of the pages |"
		print "|---|---:|---:|"
		printf "| pages (*.html) | %d | 1.000 |\n", p
		printf "| search.js (facts) | %d | %.3f |\n", f, f / p
		printf "| search-text.js (article text, zlib + base64) | %d | %.3f |\n", t, t / p
		printf "| assets/minisearch.js | %d | %.3f |\n", l, l / p
		printf "| index loaded by a search | %d | %.3f |\n", f + t + l, (f + t + l) / p
		print ""
		r = (f + t + l) / p
		printf "target %-32s <= %-4s %6.3f              %s\n", "search index / page bytes, 10k", "0.25", r, r <= 0.25 ? "met" : "NOT MET"
	}'
fi
site_sizes=${BENCH_SITE_SIZES:-10000 50000}
: >"$dir/site.txt"
for n in $site_sizes; do
	w=$dir/one-$n
	rm -rf "$w"
	mkdir -p "$w"
	"$gen" "$n" "$w/src" 0
	: >"$w/b.times"
	for ((i = 1; i <= ${BENCH_SITE_RUNS:-1}; i++)); do
		rm -rf "$out/one-$n"
		measure "$w/b.times" "$SCOMC" -q --emit=mp,docs -o "$out/one-$n" "$w"/src/*.alert
	done
	echo "$n $(bytes "$w"/src/*.alert) $(largest "$out/one-$n"/*.xml) $(median "$w/b.times" 1) $(median "$w/b.times" 2) $(median "$w/b.times" 3)" >>"$dir/site.txt"
	rm -rf "$out/one-$n" "$w"
done
awk -v runs="${BENCH_SITE_RUNS:-1}" '
BEGIN {
	print ""
	print "| one pack of | input (B) | MP XML (B) | (b) s | (b) cpu s | (b) MB | (b) RSS / MP |"
	print "|---:|---:|---:|---:|---:|---:|---:|"
}
{
	r = $5 * 1024 / $3
	printf "| %d | %d | %d | %.2f | %.2f | %.0f | %.2f |\n", $1, $2, $3, $4, $6, $5 / 1024, r
	if ($1 >= 10000) # below, the libraries and compiled schemas dominate
		line[++nl] = sprintf("target %-32s <= %-4s %6.2f              %s", "peak RSS of (b) / MP, one " $1, "3", r, r <= 3 ? "met" : "NOT MET")
}
END {
	printf "\nMedians of %d runs, scomc -q --emit=mp,docs on one pack (bench/gen N DIR 0).\n\n", runs
	for (i = 1; i <= nl; i++) print line[i]
}' "$dir/site.txt"

# ---- verify (issue 10) ----
# (v) scomc verify of the 10k-alert MP (the packs of BENCH_PER_PACK alerts
# scomc compiles from bench/gen 10000) against (x) xmllint --noout --schema
# on the same files, BENCH_RUNS times interleaved; and (u) scomc verify of
# one pack converted to UTF-16LE with a BOM, about 4 MB, BENCH_VERIFY_RUNS
# times. Medians, as above.
vdir=$dir/verify
vout=$out/verify
rm -rf "$vdir" "$vout"
mkdir -p "$vdir" "$vout/mp" "$vout/utf16"
"$gen" 10000 "$vdir/src" "$per"
"$SCOMC" --emit=mp -q -o "$vout/mp" "$vdir"/src/*.alert || die "cannot compile the verify input"
# ~290 alerts make a 4 MB pack once it is UTF-16 (2 bytes per character).
"$gen" "${BENCH_UTF16_ALERTS:-290}" "$vdir/src16"
"$SCOMC" --emit=mp -q -o "$vdir/mp16" "$vdir"/src16/*.alert || die "cannot compile the UTF-16 input"
for f in "$vdir"/mp16/*.xml; do
	{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE "$f"; } >"$vout/utf16/$(basename "$f")"
done
for r in v x u; do : >"$vdir/$r.times"; done
for ((i = 1; i <= runs; i++)); do
	measure "$vdir/v.times" "$SCOMC" verify "$vout"/mp/*.xml
	measure "$vdir/x.times" "$xmllint" --noout --schema "$schema" "$vout"/mp/*.xml
done
for ((i = 1; i <= ${BENCH_VERIFY_RUNS:-9}; i++)); do
	measure "$vdir/u.times" "$SCOMC" verify "$vout"/utf16/*.xml
done
vw=$(median "$vdir/v.times" 1) vc=$(median "$vdir/v.times" 3) vr=$(median "$vdir/v.times" 2)
xw=$(median "$vdir/x.times" 1) xc=$(median "$vdir/x.times" 3) xr=$(median "$vdir/x.times" 2)
uw=$(median "$vdir/u.times" 1) ur=$(median "$vdir/u.times" 2) uc=$(median "$vdir/u.times" 3)
awk -v mp="$(bytes "$vout"/mp/*.xml)" -v n="$(ls "$vout"/mp/*.xml | wc -l)" -v u="$(bytes "$vout"/utf16/*.xml)" \
	-v vw="$vw" -v vc="$vc" -v vr="$vr" -v xw="$xw" -v xc="$xc" -v xr="$xr" -v uw="$uw" -v ur="$ur" -v uc="$uc" '
BEGIN {
	print ""
	print "| verify | input (B) | (v) s | (v) MB | (x) s | (x) MB | (v)/(x) |"
	print "|---|---:|---:|---:|---:|---:|---:|"
	printf "| 10k alerts, %d packs | %d | %.2f | %.0f | %.2f | %.0f | %.2f (%.2f) |\n",
		n, mp, vw, vr / 1024, xw, xr / 1024, vw / xw, vc / xc
	printf "| UTF-16LE pack | %d | %.3f (cpu %.3f) | %.0f | | | |\n", u, uw, uc, ur / 1024
	print ""
	print "(v) scomc verify (every check, diagnostics written); (x) xmllint --noout --schema"
	print "schemas/mp/mp-1.0.xsd on the same files; ratio: wall (CPU user+system)."
	lim = 1.5
	r = vw / xw; c = vc / xc
	printf "target %-32s <= %-4s %6.2f (cpu %5.2f)  %s\n", "verify/xmllint at 10k", lim, r, c,
		r <= lim ? "met" : c <= lim ? "met on CPU time only" : "NOT MET"
	printf "target %-32s <  %-4s %6.3f (cpu %5.3f)  %s\n", "verify of 4 MB UTF-16 (s)", "0.1", uw, uc,
		uw < 0.1 ? "met" : uc < 0.1 ? "met on CPU time only" : "NOT MET"
}'
