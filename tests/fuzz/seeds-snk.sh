#!/usr/bin/env bash
# Seeds for tests/fuzz/fuzz_snk.c in DIR: the published test key pair and
# its public half (tests/sealed), and, when openssl is installed, PEM RSA
# keys (PKCS#1, PKCS#8, public) of 1024 bits and an EC key.
#   bash tests/fuzz/seeds-snk.sh DIR
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
dir=$1
mkdir -p "$dir"
cp "$ROOT/tests/sealed/Scomc.Test.Sealed.snk" "$dir/pair.snk"
# The public-key blob as `sn -p` writes it: 12-byte header + PUBLICKEYBLOB,
# cut from the sealed fixture's metadata would need a reader; build it
# from the pair instead (bType 6, "RSA1", the modulus).
perl -e '
	local $/; open my $f, "<", $ARGV[0] or die; binmode $f; my $k = <$f>;
	my $bits = unpack("V", substr($k, 12, 4));
	my $pub = pack("CCvV", 6, 2, 0, 0x2400) . "RSA1" . substr($k, 12, 8) . substr($k, 20, $bits / 8);
	print pack("VVV", 0x2400, 0x8004, length $pub) . $pub;
' "$dir/pair.snk" >"$dir/public.snk"
if command -v openssl >/dev/null; then
	openssl genrsa -traditional -out "$dir/pkcs1.pem" 1024 2>/dev/null || openssl genrsa -out "$dir/pkcs1.pem" 1024 2>/dev/null
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$dir/pkcs8.pem" 2>/dev/null
	openssl rsa -in "$dir/pkcs8.pem" -pubout -out "$dir/public.pem" 2>/dev/null
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/ec.pem" 2>/dev/null
fi
