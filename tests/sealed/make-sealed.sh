#!/bin/sh
# Regenerate the sealed-.mp fixtures in tests/sealed/ with Mono.
#
# Needs mono-devel (mcs, sn, mono): apt-get install -y mono-devel.
# Only needed to regenerate fixtures; CI uses the committed files.
#
# Input:  Scomc.Test.Sealed.xml (+ Scomc.Test.Sealed.snk, created if missing)
# Output: Scomc.Test.Sealed.mp, expected-token.txt,
#         unsigned/Scomc.Test.Sealed.mp, tampered/Scomc.Test.Sealed.mp,
#         negative/{garbage,truncated,corrupt-gzip,xml-renamed,
#                   lone-surrogate,too-large}.mp
#
# Usage: tests/sealed/make-sealed.sh [--new-key]
set -eu

here=$(cd "$(dirname "$0")" && pwd)
id=Scomc.Test.Sealed
version=1.0.0.0
xml="$here/$id.xml"
key="$here/$id.snk"

. "$here/mono.sh"
mono_tools make-sealed.sh

if [ "${1:-}" = "--new-key" ] || [ ! -f "$key" ]; then
    rm -f "$key"
    sn -q -k "$key" >/dev/null
    chmod 644 "$key"   # a published test key, not a secret
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# 1. .resources writer: gzip(UTF-16LE, no BOM, XML) as one byte[] entry.
mono_mkres "$work"

# 2. The assembly stub: attributes only, like MPSeal output.
mono_assembly "$work/AssemblyInfo.cs" "$id" "$version"

build() { # build OUTDIR XML MKRES-MODE [extra mcs args...]
    out=$1 in=$2 mode=$3; shift 3
    mkdir -p "$work/$out"
    mono "$work/mkres.exe" "$in" "$work/$out/MPResources.resources" $mode
    (cd "$work/$out" && mcs -nologo -target:library "$@" \
        -resource:MPResources.resources,MPResources.resources \
        -out:"$id.mp" ../AssemblyInfo.cs)
}
build signed "$xml" "" -keyfile:"$key"
build unsigned "$xml" ""
build surrogate "$xml" lone-surrogate -keyfile:"$key"
# > 64 MiB once decompressed: 34,000,000 UTF-16 characters.
{ printf '<ManagementPack>'; head -c 34000000 /dev/zero | tr '\0' ' '
  printf '</ManagementPack>\n'; } >"$work/huge.xml"
build huge "$work/huge.xml" "" -keyfile:"$key"

sn -q -v "$work/signed/$id.mp" >/dev/null || {
    echo "make-sealed.sh: sn -v rejects the fresh build" >&2
    exit 1
}
cp "$work/signed/$id.mp" "$here/$id.mp"
mkdir -p "$here/unsigned" "$here/tampered" "$here/negative"
cp "$work/unsigned/$id.mp" "$here/unsigned/$id.mp"

# 3. Public key token as sn computes it.
sn -T "$here/$id.mp" | sed -n 's/^Public Key Token: *//p' \
    | tr 'A-F' 'a-f' >"$here/expected-token.txt"
grep -Eq '^[0-9a-f]{16}$' "$here/expected-token.txt"

# Offset of the gzip member inside the .mp (1f 8b 08).
gz_off=$(LC_ALL=C grep -obUaP '\x1f\x8b\x08' "$here/$id.mp" | head -n 1 | cut -d: -f1)
[ -n "$gz_off" ]

flip_byte() { # flip_byte FILE OFFSET: XOR the byte at OFFSET with 0x01
    old=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    new=$(printf '%03o' $((old ^ 1)))
    printf "\\$new" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# 4. Tampered: one byte of the gzip header's MTIME field changed. The
#    payload still inflates to the same XML, but the signature fails.
cp "$here/$id.mp" "$here/tampered/$id.mp"
flip_byte "$here/tampered/$id.mp" $((gz_off + 4))
if sn -q -v "$here/tampered/$id.mp" >/dev/null 2>&1; then
    echo "make-sealed.sh: sn -v still accepts the tampered file" >&2
    exit 1
fi

# 5. Negative inputs.
cp "$here/$id.mp" "$here/negative/corrupt-gzip.mp"
flip_byte "$here/negative/corrupt-gzip.mp" $((gz_off + 40))
yes 'this is not a sealed management pack' | head -c 4096 \
    >"$here/negative/garbage.mp"
head -c 1024 "$here/$id.mp" >"$here/negative/truncated.mp"
cp "$xml" "$here/negative/xml-renamed.mp"
cp "$work/surrogate/$id.mp" "$here/negative/lone-surrogate.mp"
cp "$work/huge/$id.mp" "$here/negative/too-large.mp"

chmod 644 "$here/$id.mp" "$here/unsigned/$id.mp" "$here/tampered/$id.mp" \
    "$here"/negative/*.mp

echo "make-sealed.sh: token $(cat "$here/expected-token.txt"), gzip at $gz_off"
