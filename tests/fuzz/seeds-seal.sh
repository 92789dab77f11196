#!/usr/bin/env bash
# Seeds for tests/fuzz/fuzz_seal.c in DIR (input format: the comment at the
# top of fuzz_seal.c): every MP XML that verifies in the tests
# (tests/golden/*/expected.xml, tests/sealed, tests/seal/refs) with each
# fixed key, delay-signed, with company and copyright, and with the key
# pair in the input; the same texts raw (ID and version in the header,
# both schema versions); and the inputs in tests/fuzz/regressions/seal.
#   bash tests/fuzz/seeds-seal.sh DIR
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$1
mkdir -p "$dir"
key=$ROOT/tests/sealed/Scomc.Test.Sealed.snk
seed() { cat >"$dir/$1"; } # seed NAME: stdin is the seed
for f in "$ROOT"/tests/golden/*/expected.xml "$ROOT"/tests/sealed/Scomc.Test.Sealed.xml \
	"$ROOT"/tests/seal/refs/*.xml; do
	name=$(basename "$(dirname "$f")")-$(basename "$f" .xml)
	id=$(sed -n 's:.*<ID>\([^<]*\)</ID>.*:\1:p' "$f" | head -n 1)
	for flags in 0 1 2 4; do
		{ printf "\\x$(printf %02x $flags)"; cat "$f"; } | seed "$name-k$flags"
	done
	{ printf '\x20Contoso Ltd\0(c) 2026 Contoso, caf\xc3\xa9\0'; cat "$f"; } | seed "$name-attrs"
	{ printf '\x03'; perl -e 'print pack("v", -s $ARGV[0])' "$key"; cat "$key" "$f"; } | seed "$name-key"
	{ printf '\x08%s\0001.0.0.0\0' "$id"; cat "$f"; } | seed "$name-raw"
	{ printf '\x39%s\0002.10.300.4000\0Fabrikam\0\0' "$id"; cat "$f"; } | seed "$name-raw2"
done
for f in "$ROOT"/tests/fuzz/regressions/seal/*; do
	[ -f "$f" ] && seed "regression-$(basename "$f")" <"$f"
done
echo "seal seeds: $(ls "$dir" | wc -l) files in $dir"
