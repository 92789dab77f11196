#!/bin/sh
# Seal every tests/verify/real/*.xml into real/sealed/<ID>.mp with Mono,
# signed with the published test key of tests/sealed (see its README: the
# same .resources layout as MPSeal output, gzip of the UTF-16LE XML as the
# one entry "ManagementPack"). Only needed to regenerate the fixtures; the
# tests use the committed files. Needs mono-devel (mcs, sn, mono).
#
# Usage: tests/verify/real/make-sealed.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
key=$here/../../sealed/Scomc.Test.Sealed.snk
for tool in mcs sn mono; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "make-sealed.sh: '$tool' not found; apt-get install -y mono-devel" >&2
        exit 2
    }
done
[ -f "$key" ] || { echo "make-sealed.sh: no test key at $key" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

cat >"$work/mkres.cs" <<'CS'
using System.IO;
using System.IO.Compression;
using System.Resources;
using System.Text;

static class MkRes {
    static int Main(string[] args) {
        string text = File.ReadAllText(args[0], new UTF8Encoding(false));
        text = text.TrimStart('\uFEFF').TrimEnd();
        byte[] utf16 = Encoding.Unicode.GetBytes(text);
        var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionMode.Compress, true))
            gz.Write(utf16, 0, utf16.Length);
        using (var w = new ResourceWriter(args[1]))
            w.AddResource("ManagementPack", packed.ToArray());
        return 0;
    }
}
CS
mcs -nologo -out:"$work/mkres.exe" "$work/mkres.cs"

for xml in "$here"/*.xml; do
    id=$(basename "$xml" .xml)
    version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$xml" | head -n 1)
    dir=$work/$id
    mkdir -p "$dir"
    mono "$work/mkres.exe" "$xml" "$dir/MPResources.resources"
    cat >"$dir/AssemblyInfo.cs" <<CS
using System.Reflection;
[assembly: AssemblyTitle("$id")]
[assembly: AssemblyCompany("Scomc Test Fixtures")]
[assembly: AssemblyProduct("$id")]
[assembly: AssemblyCopyright("Test fixture, no rights reserved")]
[assembly: AssemblyVersion("$version")]
[assembly: AssemblyFileVersion("$version")]
CS
    (cd "$dir" && mcs -nologo -target:library -keyfile:"$key" \
        -resource:MPResources.resources,MPResources.resources \
        -out:"$id.mp" AssemblyInfo.cs)
    sn -q -v "$dir/$id.mp" >/dev/null
    cp "$dir/$id.mp" "$here/sealed/$id.mp"
    chmod 644 "$here/sealed/$id.mp"
done
echo "make-sealed.sh: sealed $(ls "$here"/sealed/*.mp | wc -l) packs"
