#!/usr/bin/env bash
# Tests for `scomc seal` and `scomc --seal-key` (issue 12; docs/seal.md),
# checked by readers we did not write: Mono's `sn -v` / `sn -T`, `monodis`,
# and MpReader.cs (compiled with mcs: Assembly.LoadFile + ResourceReader +
# GZipStream, the SCOM SDK's path). Also our own `scomc unseal`.
#
# Packs: packs/*.alert for both targets, tests/sealed/Scomc.Test.Sealed.xml
# and a generated 1,000-alert pack (bench/gen.c). Keys: the published test
# key tests/sealed/Scomc.Test.Sealed.snk (copied out of the work tree),
# and keys made here with `sn -k` and `openssl genrsa/genpkey`.
# A library pack (refs/) is sealed and a second pack (refs/*.alert) that
# references it by ID, version and token compiles and verifies against it
# with --references. Negative cases compare the exact stderr and exit code,
# and check that nothing was written. Needs mono-devel and mono-utils (make check installs
# them), openssl, perl, cmp.
#
#   SCOMC=build/scomc bash tests/seal/run.sh
set -u

. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" seal
unset SCOMC_SEAL_KEY
export SCOMC_SCHEMA_DIR=$ROOT/schemas SCOMC_TEMPLATE_DIR=$ROOT/templates

for tool in mcs mono sn monodis openssl perl cmp xmllint python3 iconv; do
	command -v "$tool" >/dev/null || { echo "seal: needs $tool (apt-get install mono-devel mono-utils openssl perl)" >&2; exit 2; }
done

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1${2:+: $2}"; }
check() { # check NAME CMD...: ok when CMD succeeds
	local name=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then ok "$name"; else bad "$name" "$(head -c 600 "$tmp/check.out")"; fi
}
refuse() { # refuse NAME CMD...: ok when CMD fails (exit 1..127)
	local name=$1
	shift
	"$@" >"$tmp/check.out" 2>&1
	local rc=$?
	if [ $rc -ge 1 ] && [ $rc -le 127 ]; then ok "$name"; else bad "$name" "exit $rc"; fi
}

# The XML a sealed pack must hold: no BOM, no declaration, no trailing space.
stored_text() { perl -0777 -pe 's/\A\xEF\xBB\xBF//; s/\A<\?xml.*?\?>\s*//s; s/\s+\z//' "$1"; }

mcs -nologo -out:"$tmp/MpReader.exe" "$here/MpReader.cs" >"$tmp/mcs.log" 2>&1 ||
	{ cat "$tmp/mcs.log"; echo "seal: cannot compile MpReader.cs" >&2; exit 2; }

key=$tmp/keys/test.snk
mkdir -p "$tmp/keys"
cp "$ROOT/tests/sealed/Scomc.Test.Sealed.snk" "$key"
token_of_key=$(cat "$ROOT/tests/sealed/expected-token.txt")

# ---- the readers on one sealed pack --------------------------------------

# readers NAME MP XML TOKEN [COMPANY]: every independent check of one .mp
readers() {
	local name=$1 mp=$2 xml=$3 token=$4 company=${5:-}
	local id version
	id=$(basename "$mp" .mp)
	version=$(perl -0777 -ne 'print $1 if m{<Identity>\s*<ID>[^<]*</ID>\s*<Version>([^<]*)</Version>}' "$xml")
	check "$name: sn -v accepts it" sn -q -v "$mp"
	local t
	t=$(sn -q -T "$mp" 2>/dev/null | sed -n 's/^Public Key Token: *//p' | tr 'A-F' 'a-f')
	[ "$t" = "$token" ] && ok "$name: sn -T token $t" || bad "$name: sn -T token" "got '$t', want '$token'"
	monodis --assembly "$mp" >"$tmp/asm.txt" 2>/dev/null
	if grep -qx "Name: *$id" "$tmp/asm.txt" && grep -qx "Version: *$version" "$tmp/asm.txt" &&
		grep -q '^PublicKey:' "$tmp/asm.txt"; then
		ok "$name: monodis --assembly shows $id $version and the public key"
	else
		bad "$name: monodis --assembly" "$(head -c 400 "$tmp/asm.txt")"
	fi
	# The token of the public key as monodis dumps it (SHA-1, last 8 bytes reversed).
	t=$(perl -MDigest::SHA=sha1 -ne 'if (/^0x[0-9A-Fa-f]+:((?: [0-9A-Fa-f]{2})+)/) { $h .= $1 }
		END { $h =~ s/\s//g; print unpack("H*", scalar reverse substr(sha1(pack("H*", $h)), 12, 8)) }' "$tmp/asm.txt")
	[ "$t" = "$token" ] && ok "$name: the public key monodis shows has token $t" ||
		bad "$name: token of monodis's public key" "got '$t', want '$token'"
	monodis --manifest "$mp" >"$tmp/man.txt" 2>/dev/null
	grep -q "public 'MPResources.resources' at offset 0 in current module" "$tmp/man.txt" &&
		ok "$name: monodis --manifest shows MPResources.resources" ||
		bad "$name: monodis --manifest" "$(cat "$tmp/man.txt")"
	if mono "$tmp/MpReader.exe" "$mp" "$tmp/reader.xml" >"$tmp/reader.txt" 2>&1; then
		stored_text "$xml" >"$tmp/want.xml"
		cmp -s "$tmp/want.xml" "$tmp/reader.xml" && ok "$name: C# reader gives the XML's content" ||
			bad "$name: C# reader content differs" "$(cmp "$tmp/want.xml" "$tmp/reader.xml" 2>&1)"
		printf 'name=%s\nversion=%s\ntoken=%s\ncompany=%s\nfileversion=%s\nfilecompany=%s\nfilename=%s.mp\n' \
			"$id" "$version" "$token" "$company" "$version" "$company" "$id" >"$tmp/want.txt"
		grep -v '^copyright=' "$tmp/reader.txt" | cmp -s "$tmp/want.txt" - &&
			ok "$name: C# reader sees name, version, token, company and the version resource" ||
			bad "$name: C# reader identity" "$(diff "$tmp/want.txt" "$tmp/reader.txt")"
	else
		bad "$name: C# reader failed" "$(head -c 600 "$tmp/reader.txt")"
	fi
	"$SCOMC" unseal -o "$tmp/unsealed" "$mp" >"$tmp/unseal.txt" 2>"$tmp/unseal.err"
	printf 'signature: valid\ntoken: %s\n' "$token" | cmp -s - "$tmp/unseal.txt" &&
		ok "$name: scomc unseal says signature valid, token $token" ||
		bad "$name: scomc unseal" "$(cat "$tmp/unseal.txt" "$tmp/unseal.err")"
	{ printf '<?xml version="1.0" encoding="UTF-8"?>\n'; stored_text "$xml"; printf '\n'; } >"$tmp/want-unsealed.xml"
	cmp -s "$tmp/want-unsealed.xml" "$tmp/unsealed/$id.xml" && ok "$name: unseal gives the XML back" ||
		bad "$name: unseal output differs" "$(cmp "$tmp/want-unsealed.xml" "$tmp/unsealed/$id.xml" 2>&1)"
	rm -rf "$tmp/unsealed"
}

# seal_and_read NAME XML OUTDIR [seal options]: seal twice, compare, read
seal_and_read() {
	local name=$1 xml=$2 out=$3
	shift 3
	local id
	id=$(perl -0777 -ne 'print $1 if m{<Identity>\s*<ID>([^<]*)</ID>}' "$xml")
	if "$SCOMC" seal --key="$key" -o "$out" "$@" "$xml" >"$tmp/seal.out" 2>"$tmp/seal.err"; then
		ok "$name: seals"
	else
		bad "$name: seal failed" "$(cat "$tmp/seal.err")"
		return
	fi
	local version
	version=$(perl -0777 -ne 'print $1 if m{<Identity>\s*<ID>[^<]*</ID>\s*<Version>([^<]*)</Version>}' "$xml")
	printf 'sealed %s/%s.mp %s %s token %s\n' "$out" "$id" "$id" "$version" "$token_of_key" |
		cmp -s - "$tmp/seal.out" && ok "$name: prints the token line" || bad "$name: stdout" "$(cat "$tmp/seal.out")"
	[ -s "$tmp/seal.err" ] && bad "$name: diagnostics on a clean seal" "$(cat "$tmp/seal.err")"
	"$SCOMC" seal --key="$key" -o "$out.again" "$@" "$xml" >/dev/null 2>&1
	cmp -s "$out/$id.mp" "$out.again/$id.mp" && ok "$name: two seals are byte-identical" ||
		bad "$name: two seals differ"
	readers "$name" "$out/$id.mp" "$xml" "$token_of_key" "${company:-}"
}

# The shipped pack, both targets; the fixture pack; 1,000 alerts.
for target in 2007r2 2012; do
	"$SCOMC" -t "$target" --emit=mp -o "$tmp/xml-$target" "$ROOT"/packs/*.alert >/dev/null 2>&1 ||
		bad "compile packs/ for $target"
	for xml in "$tmp/xml-$target"/*.xml; do
		company="Contoso Ltd." seal_and_read "$(basename "$xml" .xml) ($target)" "$xml" "$tmp/mp-$target" \
			--company="Contoso Ltd." --copyright="(c) Contoso"
	done
done
seal_and_read "Scomc.Test.Sealed fixture" "$ROOT/tests/sealed/Scomc.Test.Sealed.xml" "$tmp/mp-fixture"

# The same pack saved as UTF-16 (with a BOM) and with CRLF line ends: the
# stored text is the pack's characters, whatever the file's encoding.
mkdir -p "$tmp/enc/utf16" "$tmp/enc/crlf"
iconv -f UTF-8 -t UTF-16 "$ROOT/tests/sealed/Scomc.Test.Sealed.xml" >"$tmp/enc/utf16/Scomc.Test.Sealed.xml"
sed 's/$/\r/' "$ROOT/tests/sealed/Scomc.Test.Sealed.xml" >"$tmp/enc/crlf/Scomc.Test.Sealed.xml"
if "$SCOMC" seal -q --key="$key" -o "$tmp/enc/utf16-mp" "$tmp/enc/utf16/Scomc.Test.Sealed.xml" >/dev/null 2>&1 &&
	cmp -s "$tmp/enc/utf16-mp/Scomc.Test.Sealed.mp" "$tmp/mp-fixture/Scomc.Test.Sealed.mp"; then
	ok "UTF-16 file with a BOM: the same .mp as its UTF-8 twin"
else
	bad "UTF-16 file with a BOM seals like its UTF-8 twin"
fi
seal_and_read "CRLF line ends" "$tmp/enc/crlf/Scomc.Test.Sealed.xml" "$tmp/enc/crlf-mp"

# A pack libxml2 reads in another encoding: declared ISO-8859-1 (with
# "Ã©", whose two bytes are also valid UTF-8) and UCS-4 (detected). The
# sealed pack must be the same document (canonical XML), not the bytes
# read as UTF-8 (once sealed as mojibake, refused as too large [E807], or
# a BUG on the NULs of UCS-4).
mkdir -p "$tmp/enc/latin1" "$tmp/enc/ucs4"
python3 - "$ROOT/tests/sealed/Scomc.Test.Sealed.xml" "$tmp/enc/latin1/Scomc.Test.Sealed.xml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"<!--.*?-->", "", s, flags=re.S).replace("</Description>", " \u00c3\u00a9</Description>", 1)
s = '<?xml version="1.0" encoding="ISO-8859-1"?>\n' + re.sub(r"^<\?xml[^>]*\?>\s*", "", s)
open(sys.argv[2], "wb").write(s.encode("latin-1", "xmlcharrefreplace"))
PY
iconv -f UTF-8 -t UCS-4 "$ROOT/tests/sealed/Scomc.Test.Sealed.xml" >"$tmp/enc/ucs4/Scomc.Test.Sealed.xml"
for enc in latin1 ucs4; do
	src=$tmp/enc/$enc/Scomc.Test.Sealed.xml
	if "$SCOMC" seal -q --key="$key" -o "$tmp/enc/$enc-mp" "$src" >"$tmp/enc/$enc.out" 2>&1 &&
		"$SCOMC" unseal -o "$tmp/enc/$enc-back" "$tmp/enc/$enc-mp/Scomc.Test.Sealed.mp" >/dev/null 2>&1 &&
		xmllint --c14n "$src" >"$tmp/enc/$enc.want" && xmllint --c14n "$tmp/enc/$enc-back/Scomc.Test.Sealed.xml" >"$tmp/enc/$enc.got" &&
		cmp -s "$tmp/enc/$enc.want" "$tmp/enc/$enc.got"; then
		ok "$enc file: sealed as the same document (canonical XML of the source and of what unseals)"
	else
		bad "$enc file seals as the same document" "$(head -c 600 "$tmp/enc/$enc.out"; cmp "$tmp/enc/$enc.want" "$tmp/enc/$enc.got" 2>&1)"
	fi
done
grep -q ' Ã©</Description>' "$tmp/enc/latin1.got" 2>/dev/null &&
	ok "latin1 file: 'Ã©' stays two characters" || bad "latin1 file: 'Ã©' is not in the unsealed pack"

gen=$tmp/gen
cc -O2 -o "$gen" "$ROOT/bench/gen.c" 2>/dev/null || bad "build bench/gen.c"
mkdir -p "$tmp/big"
"$gen" 1000 "$tmp/big" >/dev/null && "$SCOMC" --emit=mp -o "$tmp/big/xml" "$tmp"/big/*.alert >/dev/null 2>&1 ||
	bad "compile a 1,000-alert pack"
for xml in "$tmp"/big/xml/*.xml; do
	# -q: the generated names repeat (W602), which is not what this tests
	seal_and_read "$(basename "$xml" .xml) (1,000 alerts)" "$xml" "$tmp/big/mp" -q
done

# Several packs in one run: each is built on a second thread while the
# next is verified; the bytes are those of sealing each alone.
if "$SCOMC" seal -q --key="$key" -o "$tmp/together" "$ROOT/tests/sealed/Scomc.Test.Sealed.xml" \
	"$tmp"/big/xml/*.xml "$tmp"/xml-2012/*.xml >"$tmp/together.out" 2>&1; then
	same=0 # (the 2012 pack was sealed with --company above, so only these two)
	for f in "$tmp"/mp-fixture/*.mp "$tmp"/big/mp/*.mp; do
		cmp -s "$f" "$tmp/together/$(basename "$f")" && same=$((same + 1))
	done
	[ "$same" = 2 ] && [ "$(grep -c '^sealed ' "$tmp/together.out")" = 3 ] &&
		ok "three packs in one run: the same bytes as one at a time" ||
		bad "three packs in one run" "$same identical; $(cat "$tmp/together.out")"
else
	bad "three packs in one run" "$(cat "$tmp/together.out")"
fi

# ---- other keys: sn -k 2048, PEM (PKCS#1 2048, PKCS#8 4096) ---------------

fixture=$ROOT/tests/sealed/Scomc.Test.Sealed.xml
sn -q -k 2048 "$tmp/keys/k2048.snk" >/dev/null 2>&1 && sn -q -p "$tmp/keys/k2048.snk" "$tmp/keys/k2048.pub" >/dev/null 2>&1
sn_token=$(sn -q -t "$tmp/keys/k2048.pub" 2>/dev/null | sed -n 's/^Public Key Token: *//p' | tr 'A-F' 'a-f')
openssl genrsa -out "$tmp/keys/rsa2048.pem" 2048 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out "$tmp/keys/rsa4096.pem" 2>/dev/null
for k in k2048.snk rsa2048.pem rsa4096.pem; do
	key=$tmp/keys/$k
	out=$tmp/mp-$k
	if ! "$SCOMC" seal --key="$key" -o "$out" "$fixture" >"$tmp/seal.out" 2>"$tmp/seal.err"; then
		bad "key $k: seal failed" "$(cat "$tmp/seal.err")"
		continue
	fi
	token_of_key=$(sed -n 's/.* token //p' "$tmp/seal.out")
	[ "$k" = k2048.snk ] && { [ "$token_of_key" = "$sn_token" ] && ok "key $k: token is sn -t's $sn_token" ||
		bad "key $k: token" "ours '$token_of_key', sn -t '$sn_token'"; }
	readers "key $k" "$out/Scomc.Test.Sealed.mp" "$fixture" "$token_of_key"
done
key=$tmp/keys/test.snk
token_of_key=$(cat "$ROOT/tests/sealed/expected-token.txt")

# ---- tampering, delay signing, the compiler's --seal-key -------------------

mp=$tmp/mp-fixture/Scomc.Test.Sealed.mp
cp "$mp" "$tmp/tampered.mp"
gz=$(LC_ALL=C grep -obUaP '\x1f\x8b\x08' "$tmp/tampered.mp" | head -n 1 | cut -d: -f1)
printf '\x01' | dd of="$tmp/tampered.mp" bs=1 seek=$((gz + 4)) conv=notrunc status=none
refuse "tampered copy: sn -v rejects it" sn -q -v "$tmp/tampered.mp"
"$SCOMC" unseal --force -o "$tmp/t" "$tmp/tampered.mp" 2>/dev/null | head -n 1 | grep -qx 'signature: invalid' &&
	ok "tampered copy: scomc unseal says signature invalid" || bad "tampered copy: scomc unseal"

sn -q -p "$key" "$tmp/keys/public.snk" >/dev/null 2>&1
if "$SCOMC" seal --delay-sign --key="$tmp/keys/public.snk" -o "$tmp/delay" "$fixture" >"$tmp/seal.out" 2>"$tmp/seal.err"; then
	printf 'delay-signed %s/delay/Scomc.Test.Sealed.mp Scomc.Test.Sealed 1.0.0.0 token %s\n' "$tmp" "$token_of_key" |
		cmp -s - "$tmp/seal.out" && ok "delay-sign with a public key: prints the token" || bad "delay-sign stdout" "$(cat "$tmp/seal.out")"
	sn -v "$tmp/delay/Scomc.Test.Sealed.mp" 2>&1 | grep -q 'is delay-signed but not strongnamed' &&
		ok "delay-signed: sn -v says delay-signed" || bad "delay-signed: sn -v"
	check "delay-signed: sn -R signs it with the key pair" sn -q -R "$tmp/delay/Scomc.Test.Sealed.mp" "$key"
	check "delay-signed then sn -R: sn -v accepts it" sn -q -v "$tmp/delay/Scomc.Test.Sealed.mp"
else
	bad "delay-sign with a public key" "$(cat "$tmp/seal.err")"
fi

if "$SCOMC" --seal-key="$key" --emit=mp -o "$tmp/compiled" "$ROOT"/packs/*.alert >"$tmp/seal.out" 2>"$tmp/seal.err"; then
	ok "compile --seal-key: writes the XML and the .mp in one run"
	for xml in "$tmp"/compiled/*.xml; do
		id=$(basename "$xml" .xml)
		"$SCOMC" seal --key="$key" -o "$tmp/compiled-sealed" "$xml" >/dev/null 2>&1
		cmp -s "$tmp/compiled/$id.mp" "$tmp/compiled-sealed/$id.mp" &&
			ok "compile --seal-key: same bytes as scomc seal of its XML" || bad "compile --seal-key: differs from scomc seal"
		readers "compile --seal-key $id" "$tmp/compiled/$id.mp" "$xml" "$token_of_key"
	done
else
	bad "compile --seal-key" "$(cat "$tmp/seal.err")"
fi

# ---- a pack that references a sealed one (--references) -------------------

# The library packs of tests/refs/lib under the IDs the compiler writes.
mkdir -p "$tmp/refs/ms"
for f in "$ROOT"/tests/refs/lib/*.xml; do
	n=$(basename "$f" | sed 's/Scomc.Test.Windows/Microsoft.Windows/; s/Scomc.Test.Health/System.Health/; s/Scomc.Test.System/System/')
	sed 's/Scomc\.Test\.Windows\.Library/Microsoft.Windows.Library/g; s/Scomc\.Test\.Health\.Library/System.Health.Library/g; s/Scomc\.Test\.System\.Library/System.Library/g' \
		"$f" >"$tmp/refs/ms/$n"
done
lib=$here/refs/Scomc.Test.Seal.Library.xml
consumer=$here/refs/Scomc.Test.Seal.Consumer.alert
if "$SCOMC" seal --key="$key" --references "$tmp/refs/ms" -o "$tmp/refs/packs" "$lib" >"$tmp/seal.out" 2>"$tmp/seal.err" &&
	[ ! -s "$tmp/seal.err" ]; then
	ok "library pack: verifies against its references and seals"
	cp "$tmp"/refs/ms/*.xml "$tmp/refs/packs/"
	grep -q "key $(sed -n 's/.* token //p' "$tmp/seal.out");" "$consumer" &&
		ok "consumer .alert names the token scomc seal printed" || bad "consumer token" "$(cat "$tmp/seal.out")"
	check "consumer: scomc check --references passes (ID, version, token, class)" \
		sh -c '"$1" check --references "$2" "$3" 2>&1 | { ! grep .; }' sh "$SCOMC" "$tmp/refs/packs" "$consumer"
	check "consumer: compiles with --references" \
		"$SCOMC" --emit=mp -o "$tmp/refs/out" --references "$tmp/refs/packs" "$consumer"
	check "consumer: its MP verifies against the sealed library" \
		sh -c '"$1" verify --references "$2" "$3" 2>&1 | { ! grep .; }' sh "$SCOMC" "$tmp/refs/packs" \
		"$tmp/refs/out/Scomc.Test.Seal.Consumer.xml"
	check "consumer: seals with --references" \
		"$SCOMC" seal --key="$key" --references "$tmp/refs/packs" -o "$tmp/refs/out2" \
		"$tmp/refs/out/Scomc.Test.Seal.Consumer.xml"
	sed 's/key [0-9a-f]*;/key 0011223344556677;/' "$consumer" >"$tmp/refs/Scomc.Test.Seal.Consumer.alert"
	"$SCOMC" check --references "$tmp/refs/packs" "$tmp/refs/Scomc.Test.Seal.Consumer.alert" >/dev/null 2>"$tmp/refs/err"
	rc=$?
	[ $rc = 1 ] && grep -q "is signed with $token_of_key \[E703\]" "$tmp/refs/err" &&
		ok "consumer with another token: refused against the sealed library (E703)" ||
		bad "consumer with another token" "exit $rc: $(cat "$tmp/refs/err")"
else
	bad "library pack: seal --references" "$(cat "$tmp/seal.err")"
fi

# The compiler verifies what it seals as scomc verify does: verify's W602
# (two rules with one display name) shows up, located in the written XML,
# only with --seal-key.
"$SCOMC" --emit=mp -o "$tmp/big/plain" "$tmp"/big/*.alert 2>"$tmp/plain.err"
"$SCOMC" --seal-key="$key" --emit=mp -o "$tmp/big/sealed" "$tmp"/big/*.alert 2>"$tmp/sealed.err" >/dev/null
if ! grep -q '\[W602\]' "$tmp/plain.err" &&
	grep -q "^$tmp/big/sealed/Contoso.Bench.Pack0001.xml:[0-9]*:[0-9]*: warning: .*\[W602\]" "$tmp/sealed.err" &&
	[ -f "$tmp/big/sealed/Contoso.Bench.Pack0001.mp" ]; then
	ok "compile --seal-key: the MP is verified (W602 at its lines) before it is sealed"
else
	bad "compile --seal-key verifies" "$(grep -m3 W602 "$tmp/plain.err" "$tmp/sealed.err")"
fi

# ---- bad input: exact stderr, exit code, nothing written -------------------

# fails NAME RC EXPECTED-STDERR CMD...: CMD exits RC, prints exactly that on
# stderr, nothing on stdout, and leaves no $tmp/no directory behind
fails() {
	local name=$1 want=$2 exp=$3
	shift 3
	rm -rf "$tmp/no"
	(cd "$tmp" && "$@") >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ $rc -ne "$want" ]; then bad "$name: exit $rc, want $want" "$(cat "$tmp/err")"
	elif ! printf '%s\n' "$exp" | cmp -s - "$tmp/err"; then bad "$name: stderr" "$(diff <(printf '%s\n' "$exp") "$tmp/err")"
	elif [ -s "$tmp/out" ]; then bad "$name: wrote to stdout" "$(head -c 200 "$tmp/out")"
	elif [ -e "$tmp/no" ]; then bad "$name: wrote output"
	else ok "$name"; fi
}

cp "$key" "$tmp/k.snk"
mkdir -p "$tmp/in/broken" "$tmp/in/version"
cp "$fixture" "$tmp/in/Scomc.Test.Sealed.xml"
sed 's|Target="Windows!Microsoft.Windows.Computer"|Target="Windoze!Microsoft.Windows.Computer"|' "$fixture" \
	>"$tmp/in/broken/Scomc.Test.Sealed.xml"
sed 's|<Version>1.0.0.0</Version>|<Version>1.0.0.70000</Version>|' "$fixture" >"$tmp/in/version/Scomc.Test.Sealed.xml"
x=in/Scomc.Test.Sealed.xml
head -c 300 "$key" >"$tmp/trunc.snk"
yes 'not a key' | head -c 596 >"$tmp/garbage.snk"
printf '\x07\x02\x00\x00\x00\x22\x00\x00DSS2\x00\x04\x00\x00' >"$tmp/dsa.snk"
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/ec.pem" 2>/dev/null
openssl genrsa -aes128 -passout pass:secret -out "$tmp/encrypted.pem" 2048 2>/dev/null
openssl genrsa -out "$tmp/rsa512.pem" 512 2>/dev/null
hint_make="hint: make a key pair with 'sn -k KEY.snk' or 'openssl genrsa -out KEY.pem 2048'"

fails "no key: E801, exit 3" 3 "scomc: error: no signing key: give --key=KEY or set SCOMC_SEAL_KEY [E801]
hint: make one with 'sn -k KEY.snk' (Mono) or 'openssl genrsa -out KEY.pem 2048'" \
	"$SCOMC" seal -o no "$x"
fails "unreadable key: E802, exit 3" 3 "scomc: error: cannot read signing key 'missing.snk': No such file or directory [E802]" \
	"$SCOMC" seal --key=missing.snk -o no "$x"
fails "key is a directory: E802, exit 3" 3 "scomc: error: cannot read signing key 'in': Is a directory [E802]" \
	"$SCOMC" seal --key=in -o no "$x"
fails "SCOMC_SEAL_KEY names a missing file: E802" 3 "scomc: error: cannot read signing key 'nowhere.snk': No such file or directory [E802]" \
	env SCOMC_SEAL_KEY=nowhere.snk "$SCOMC" seal -o no "$x"
fails "EC key: E803" 1 "scomc: error: signing key 'ec.pem': the key is an EC key, not RSA [E803]
$hint_make" "$SCOMC" seal --key=ec.pem -o no "$x"
fails "DSA key blob: E803" 1 "scomc: error: signing key 'dsa.snk': the key blob is not an RSA key (algorithm 0x2200) [E803]
$hint_make" "$SCOMC" seal --key=dsa.snk -o no "$x"
fails "garbage key: E803" 1 "scomc: error: signing key 'garbage.snk': not an RSA strong-name key (expected a .snk from 'sn -k' or 'sn -p', or a PEM RSA key) [E803]
$hint_make" "$SCOMC" seal --key=garbage.snk -o no "$x"
fails "truncated .snk: E803" 1 "scomc: error: signing key 'trunc.snk': the 1024-bit key pair blob has 300 bytes, not 596 [E803]
$hint_make" "$SCOMC" seal --key=trunc.snk -o no "$x"
fails "encrypted PEM key: E803" 1 "scomc: error: signing key 'encrypted.pem': encrypted PEM keys are not supported [E803]
$hint_make" "$SCOMC" seal --key=encrypted.pem -o no "$x"
fails "512-bit key: E803" 1 "scomc: error: signing key 'rsa512.pem': 512-bit RSA keys are not supported (use 1024 to 4096 bits, a multiple of 16) [E803]
$hint_make" "$SCOMC" seal --key=rsa512.pem -o no "$x"
fails "public key without --delay-sign: E804" 1 "scomc: error: signing key 'keys/public.snk' holds only a public key [E804]
hint: sealing needs the key pair; with --delay-sign a public key is enough (sign later with 'sn -R')" \
	"$SCOMC" seal --key=keys/public.snk -o no "$x"
fails "broken pack: its errors, E805" 1 "in/broken/Scomc.Test.Sealed.xml: error: not sealed: the management pack has errors [E805]
in/broken/Scomc.Test.Sealed.xml:23:80: error: unknown alias 'Windoze' in 'Windoze!Microsoft.Windows.Computer' [E606]
   23 |       <Rule ID=\"Scomc.Test.Sealed.TestSource.4242.Rule\" Enabled=\"true\" Target=\"Windoze!Microsoft.Windows.Computer\" ConfirmDelivery=\"true\" Remotable=\"true\" Priority=\"Normal\" DiscardLevel=\"100\">
      |                                                                                ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
      = hint: did you mean 'Windows'?" \
	"$SCOMC" seal --key=k.snk -o no in/broken/Scomc.Test.Sealed.xml
fails "a good and a broken pack: nothing written" 1 "$(cat "$tmp/err")" \
	"$SCOMC" seal --key=k.snk -o no "$x" in/broken/Scomc.Test.Sealed.xml
fails "version part over 65534: E806" 1 "in/version/Scomc.Test.Sealed.xml:5:7: error: version '1.0.0.70000' cannot be an assembly version (four numbers from 0 to 65534) [E806]
    5 |       <Version>1.0.0.70000</Version>
      |       ^~~~~~~~" \
	"$SCOMC" seal --key=k.snk -o no in/version/Scomc.Test.Sealed.xml
fails "--company not UTF-8: E808" 1 "scomc: error: --company must be valid UTF-8 of at most 1024 bytes [E808]" \
	"$SCOMC" seal --key=k.snk --company=$'\xff' -o no "$x"
fails "unwritable -o: E502, exit 3" 3 "scomc: error: cannot create directory '/proc/scomc-seal-test': No such file or directory [E502]" \
	"$SCOMC" seal --key=k.snk -o /proc/scomc-seal-test "$x"
fails "key pair inside the Git work tree with --werror: W801, nothing written" 1 \
	"scomc: warning: signing key '$ROOT/tests/sealed/Scomc.Test.Sealed.snk' is inside the Git work tree '$ROOT' [W801]
hint: a committed key pair lets anyone seal as you: keep it outside the repository (a CI secret, passed with SCOMC_SEAL_KEY)" \
	"$SCOMC" seal --werror --key="$ROOT/tests/sealed/Scomc.Test.Sealed.snk" -o no "$x"
fails "compile --seal-key with no readable key: nothing written" 3 "scomc: error: cannot read signing key 'missing.snk': No such file or directory [E802]" \
	"$SCOMC" --seal-key=missing.snk -o no "$ROOT"/packs/*.alert
fails "compile --delay-sign without --seal-key: usage" 2 "scomc: --company, --copyright and --delay-sign need --seal-key
Try 'scomc --help' for more information." \
	"$SCOMC" --delay-sign -o no "$ROOT"/packs/*.alert

# E807: over 64 MiB as UTF-16 (34 comments of a million spaces each).
perl -0777 -pe 's{</Manifest>}{"</Manifest>" . ("<!--" . (" " x 1000000) . "-->") x 34}e' "$fixture" \
	>"$tmp/in/Scomc.Test.Sealed.big"
mkdir -p "$tmp/in/big" && mv "$tmp/in/Scomc.Test.Sealed.big" "$tmp/in/big/Scomc.Test.Sealed.xml"
fails "over 64 MiB as UTF-16: E807" 1 "in/big/Scomc.Test.Sealed.xml:4:7: error: management pack 'Scomc.Test.Sealed' is too large to seal (over 64 MiB as UTF-16) [E807]
    4 |       <ID>Scomc.Test.Sealed</ID>
      |       ^~~" \
	"$SCOMC" seal -q --key=k.snk -o no in/big/Scomc.Test.Sealed.xml

suite_summary
