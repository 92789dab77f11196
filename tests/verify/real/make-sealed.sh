#!/bin/sh
# Seal every tests/verify/real/*.xml into real/sealed/<ID>.mp with Mono
# (tests/sealed/mono.sh: the layout of MPSeal output), signed with the
# published test key of tests/sealed. Only needed to regenerate the
# fixtures; the tests use the committed files.
#
# Usage: tests/verify/real/make-sealed.sh
set -eu

here=$(cd "$(dirname "$0")" && pwd)
sealed=$here/../../sealed
key=$sealed/Scomc.Test.Sealed.snk
. "$sealed/mono.sh"
mono_tools make-sealed.sh
[ -f "$key" ] || { echo "make-sealed.sh: no test key at $key" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mono_mkres "$work"

for xml in "$here"/*.xml; do
    id=$(basename "$xml" .xml)
    version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$xml" | head -n 1)
    dir=$work/$id
    mkdir -p "$dir"
    mono "$work/mkres.exe" "$xml" "$dir/MPResources.resources"
    mono_assembly "$dir/AssemblyInfo.cs" "$id" "$version"
    (cd "$dir" && mcs -nologo -target:library -keyfile:"$key" \
        -resource:MPResources.resources,MPResources.resources \
        -out:"$id.mp" AssemblyInfo.cs)
    sn -q -v "$dir/$id.mp" >/dev/null
    cp "$dir/$id.mp" "$here/sealed/$id.mp"
    chmod 644 "$here/sealed/$id.mp"
done
echo "make-sealed.sh: sealed $(ls "$here"/sealed/*.mp | wc -l) packs"
