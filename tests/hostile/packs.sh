# Sourced by tests/hostile/run.sh: resource limits of the pack readers
# (`scomc verify`, `unseal`, `decompile`, `diff`) against hostile packs
# (issue 17). Each case checks the exact diagnostics (tests/hostile/packs/
# NAME.err) and the exit code; the bombs also a bound on CPU time and peak
# memory (/usr/bin/time). The inputs are generated here, none is committed:
# tests/hostile/packs/mkbomb.c writes the sealed ones with the seal writer.
#
# Which limit is where (what this file adds, and what covers the rest):
#   gzip payload past 64 MiB (UNSEAL_MAX_XML_BYTES), unseal.c:
#     claims       2.5 KB pack whose gzip ISIZE says 10 GiB (mod 2^32: 2 GiB):
#                  refused before inflating (E603, at the ISIZE bytes)
#     claims-res   its manifest resource length says 4 GiB - 1 (E603)
#     bomb         a real maximal-ratio stream (1012:1) of 10 GiB, 10 MB,
#                  true CRC and ISIZE: refused at the trailer (E603)
#     bomb-lying   the same with ISIZE 4096: inflated (counted, no buffer)
#                  up to 64 MiB, then refused (E603); < 2 s CPU, < 100 MB
#     tests/sealed/negative/too-large.mp: 68 MB real payload (sealed suite)
#   metadata tables with absurd row counts, unseal.c layout_tables():
#     rows         ManifestResource rows 0xFFFFFFFF in the sealed fixture (E603)
#     tests/sealed/run.sh: every prefix and byte flip of the fixtures
#   deeply nested XML (libxml2's 256 levels), mpread.c: E651
#     deep         100,000 levels, through verify and decompile
#     tests/hostile/xml-deep.xml, gen/xml-deep: the compiler's model XML
#   millions of elements (MP_MAX_ELEMENTS, 1,000,000), mpread.c: E650
#     many         1,000,001 elements, through verify and diff; < 1 GB
#   entities and DTDs (billion laughs): tests/verify/bad/Verify.Bad.Doctype,
#     tests/hostile/xml-billion-laughs.xml (E602 / E212)
#   input size: MP_INPUT_LIMIT 128 MiB per pack file (E101), as for the compiler
#     (tests/hostile/gen/too-large): too-large.xml, one byte over, through
#     verify, decompile and diff
# Env as run.sh; MKBOMB (default: built with `make hostile-tools`).

packs=$HERE/packs
ptmp=$tmp/packs
mkdir -p "$ptmp"
pbuild=$(realpath --relative-to="$ROOT" "$(dirname "$SCOMC")")
MKBOMB=${MKBOMB:-$ROOT/$pbuild/hostile/mkbomb}
P=(env -C "$ptmp" "$SCOMC")

# bounded NAME MAX_CPU_S MAX_RSS_MB CMD...: the run's CPU time and peak RSS
bounded() {
	local name=$1 cpu=$2 mb=$3
	shift 3
	/usr/bin/time -f '%U %S %M %e' -o "$ptmp/time" "$@" >/dev/null 2>&1
	read -r u s kb wall < <(tail -n 1 "$ptmp/time")
	if awk -v u="$u" -v s="$s" -v kb="$kb" -v c="$cpu" -v m="$mb" 'BEGIN { exit !(u + s < c && kb < m * 1024) }'; then
		ok "$name: $(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }') s CPU (< $cpu), peak RSS $((kb / 1024)) MB (< $mb), ${wall} s wall"
	else
		bad "$name" "CPU ${u}+${s} s (limit $cpu), peak RSS ${kb} KB (limit $mb MB)"
	fi
}

if ! make -s -C "$ROOT" hostile-tools BUILD="$pbuild" >"$ptmp/build.log" 2>&1; then
	bad "packs: mkbomb builds" "$(tail -20 "$ptmp/build.log")"
else
	# the bomb construction inflates to exactly what it claims
	if out=$("$MKBOMB" stream-check 100) && [[ $out == *"CRC and ISIZE good"* ]]; then
		ok "packs: the bomb stream is sound ($out)"
	else
		bad "packs: the bomb stream is sound" "$out"
	fi
	for m in claims claims-res bomb bomb-lying; do
		"$MKBOMB" "$m" "$ptmp/$m.mp" || bad "packs: mkbomb $m"
	done
	size=$(stat -c %s "$ptmp/claims.mp")
	if [ "$size" -le 4096 ]; then ok "packs: claims.mp is $size bytes"; else bad "packs: claims.mp is $size bytes"; fi
	expect_run "packs: gzip ISIZE says 10 GiB" 1 "$packs/claims.err" "${P[@]}" verify claims.mp
	expect_run "packs: resource length says 4 GiB" 1 "$packs/claims-res.err" "${P[@]}" verify claims-res.mp
	expect_run "packs: 10 GiB bomb, true trailer" 1 "$packs/bomb.err" "${P[@]}" verify bomb.mp
	expect_run "packs: 10 GiB bomb, lying trailer" 1 "$packs/bomb-lying.err" "${P[@]}" verify bomb-lying.mp
	expect_run "packs: 10 GiB bomb, lying trailer: unseal" 1 "$packs/bomb-lying-unseal.err" \
		"${P[@]}" unseal -o out bomb-lying.mp
	expect_run "packs: 10 GiB bomb, lying trailer: decompile" 1 "$packs/bomb-lying-decompile.err" \
		"${P[@]}" decompile -o out bomb-lying.mp
	bounded "packs: 10 GiB bomb, true trailer, bounded" 2 100 "${P[@]}" verify bomb.mp
	bounded "packs: 10 GiB bomb, lying trailer, bounded" 2 100 "${P[@]}" verify bomb-lying.mp
fi

# ManifestResource (table 0x28) row count 0xFFFFFFFF in the sealed fixture
perl -e '
	local $/; open my $f, "<", $ARGV[0] or die; binmode $f; my $d = <$f>;
	my $m = index($d, "BSJB"); die "no metadata" if $m < 0;
	my $vlen = unpack("V", substr($d, $m + 12, 4));
	my $p = $m + 16 + $vlen; my $n = unpack("v", substr($d, $p + 2, 2)); $p += 4;
	for (1 .. $n) {
		my ($off) = unpack("V", substr($d, $p, 4)); my $e = index($d, "\0", $p + 8);
		my $name = substr($d, $p + 8, $e - $p - 8); $p = ($e + 4) & ~3;
		next unless $name eq "#~";
		my $t = $m + $off; my ($lo, $hi) = unpack("VV", substr($d, $t + 8, 8));
		my $i = 0; for my $b (0 .. 0x27) { $i++ if ($b < 32 ? $lo >> $b : $hi >> ($b - 32)) & 1 }
		substr($d, $t + 24 + 4 * $i, 4) = pack("V", 0xFFFFFFFF);
		open my $o, ">", $ARGV[1] or die; binmode $o; print $o $d; exit 0;
	}
	die "no #~ stream";
' "$ROOT/tests/sealed/Scomc.Test.Sealed.mp" "$ptmp/rows.mp" || bad "packs: rows.mp" "perl failed"
expect_run "packs: 4 billion manifest resource rows" 1 "$packs/rows.err" "${P[@]}" verify rows.mp

# 100,000 levels of nesting; 1,000,001 elements
perl -e 'print qq{<?xml version="1.0" encoding="utf-8"?>\n<ManagementPack ContentReadable="true" SchemaVersion="2.0">\n<Manifest><Identity><ID>deep</ID><Version>1.0.0.0</Version></Identity></Manifest>\n<Monitoring>\n}, "<a>" x 100000, "\n", "</a>" x 100000, "\n</Monitoring>\n</ManagementPack>\n"' >"$ptmp/deep.xml"
expect_run "packs: 100,000 levels deep" 1 "$packs/deep.err" "${P[@]}" verify deep.xml
expect_run "packs: 100,000 levels deep: decompile" 1 "$packs/deep-decompile.err" "${P[@]}" decompile -o out deep.xml
perl -e 'print qq{<?xml version="1.0" encoding="utf-8"?>\n<ManagementPack ContentReadable="true" SchemaVersion="2.0">\n<Manifest><Identity><ID>many</ID><Version>1.0.0.0</Version></Identity></Manifest>\n<Monitoring><Rules>\n}; print qq{<Rule ID="R$_"/>\n} for 1 .. 999994; print "</Rules></Monitoring>\n</ManagementPack>\n"' >"$ptmp/many.xml"
# a timeout for a loaded machine: the bound that counts is bounded()'s CPU time
saved_timeout=$EXPECT_TIMEOUT
EXPECT_TIMEOUT=60
expect_run "packs: 1,000,001 elements" 1 "$packs/many.err" "${P[@]}" verify many.xml
expect_run "packs: 1,000,001 elements: diff" 1 "$packs/many-diff.err" "${P[@]}" diff many.xml many.xml
bounded "packs: 1,000,001 elements, bounded" 5 1024 "${P[@]}" verify many.xml
EXPECT_TIMEOUT=$saved_timeout
# one byte over the input limit (a sparse file: nothing is written to disk)
truncate -s $((128 * 1024 * 1024 + 1)) "$ptmp/too-large.xml"
expect_run "packs: 128 MiB + 1 byte" 1 "$packs/too-large.err" "${P[@]}" verify too-large.xml
expect_run "packs: 128 MiB + 1 byte: decompile" 1 "$packs/too-large-decompile.err" "${P[@]}" decompile -o out too-large.xml
bounded "packs: 128 MiB + 1 byte, bounded" 2 400 "${P[@]}" diff too-large.xml too-large.xml
rm -rf "$ptmp"
