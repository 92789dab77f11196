#!/bin/sh
# Regenerate tests/refs/sealed/: the three library packs of tests/refs/lib
# sealed with scomc's own test key, as MPSeal would (a strong-named
# assembly whose MPResources.resources holds the gzip'd UTF-16 XML; the
# same layout as tests/sealed/make-sealed.sh builds). The references
# between them carry the key's real token, so the set is consistent.
#
# Needs mono-devel (mcs, sn, mono). CI uses the committed files.
# Usage: tests/refs/make-sealed.sh [--new-key]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/sealed"
key="$out/Scomc.Test.Refs.snk"
for tool in mcs sn mono; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "make-sealed.sh: '$tool' not found; apt-get install -y mono-devel" >&2
        exit 2
    }
done
mkdir -p "$out"
if [ "${1:-}" = "--new-key" ] || [ ! -f "$key" ]; then
    rm -f "$key"
    sn -q -k "$key" >/dev/null
    chmod 644 "$key" # a published test key, not a secret
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
sn -q -p "$key" "$work/pub.snk" >/dev/null
token=$(sn -q -t "$work/pub.snk" | sed -n 's/^Public Key Token: *//p' | tr 'A-F' 'a-f')
echo "$token" | grep -Eq '^[0-9a-f]{16}$' || { echo "make-sealed.sh: no token" >&2; exit 1; }

cat >"$work/mkres.cs" <<'CS'
using System.IO;
using System.IO.Compression;
using System.Resources;
using System.Text;
static class MkRes {
    static int Main(string[] a) {
        string text = File.ReadAllText(a[0], new UTF8Encoding(false)).TrimStart('\uFEFF').TrimEnd();
        byte[] utf16 = Encoding.Unicode.GetBytes(text);
        var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionMode.Compress, true))
            gz.Write(utf16, 0, utf16.Length);
        using (var w = new ResourceWriter(a[1]))
            w.AddResource("ManagementPack", packed.ToArray());
        return 0;
    }
}
CS
mcs -nologo -out:"$work/mkres.exe" "$work/mkres.cs"

for xml in "$here"/lib/*.xml; do
    id=$(basename "$xml" .xml)
    version=$(sed -n 's:.*<Identity>.*::; s:^ *<Version>\([0-9.]*\)</Version>.*:\1:p' "$xml" | head -n 1)
    d="$work/$id"
    mkdir -p "$d"
    sed "s/<PublicKeyToken>0123456789abcdef</<PublicKeyToken>$token</" "$xml" >"$d/$id.xml"
    mono "$work/mkres.exe" "$d/$id.xml" "$d/MPResources.resources"
    cat >"$d/AssemblyInfo.cs" <<CS
using System.Reflection;
[assembly: AssemblyTitle("$id")]
[assembly: AssemblyCompany("Scomc Test Fixtures")]
[assembly: AssemblyVersion("$version")]
CS
    (cd "$d" && mcs -nologo -target:library -keyfile:"$key" \
        -resource:MPResources.resources,MPResources.resources \
        -out:"$id.mp" AssemblyInfo.cs)
    sn -q -v "$d/$id.mp" >/dev/null
    cp "$d/$id.mp" "$out/$id.mp"
    chmod 644 "$out/$id.mp"
done
echo "$token" >"$out/token.txt"
echo "make-sealed.sh: token $token"
