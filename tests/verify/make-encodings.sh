#!/bin/sh
# Regenerates the committed UTF-16 / BOM fixtures of tests/verify from
# good/Verify.Good.Schema10.xml and bad/Verify.Bad.Utf16.src (UTF-8 sources),
# with iconv. The generated files are committed; tests never run this.
#   good/Verify.Good.Utf16Le.xml    UTF-16LE with BOM, encoding="utf-16"
#   good/Verify.Good.Utf16Be.xml    UTF-16BE with BOM, encoding="utf-16"
#   good/Verify.Good.Utf16NoBom.xml UTF-16LE without BOM or declaration
#   good/Verify.Good.Utf8Bom.xml    UTF-8 with BOM
#   bad/Verify.Bad.Utf16.xml        UTF-16BE with BOM, with located errors
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src="$here/good/Verify.Good.Schema10.xml"
variant() { # ID DECLARATION
	sed -e "s/Verify\.Good\.Schema10/$1/g" \
	    -e "1s/.*/$2/" "$src"
}
variant Verify.Good.Utf16Le '<?xml version="1.0" encoding="utf-16"?>' |
	iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } >"$here/good/Verify.Good.Utf16Le.xml"
variant Verify.Good.Utf16Be '<?xml version="1.0" encoding="UTF-16"?>' |
	iconv -f UTF-8 -t UTF-16BE | { printf '\376\377'; cat; } >"$here/good/Verify.Good.Utf16Be.xml"
variant Verify.Good.Utf16NoBom '<!-- UTF-16LE, no BOM, no XML declaration -->' |
	iconv -f UTF-8 -t UTF-16LE >"$here/good/Verify.Good.Utf16NoBom.xml"
variant Verify.Good.Utf8Bom '<?xml version="1.0" encoding="utf-8"?>' |
	{ printf '\357\273\277'; cat; } >"$here/good/Verify.Good.Utf8Bom.xml"
iconv -f UTF-8 -t UTF-16BE "$here/bad/Verify.Bad.Utf16.src" |
	{ printf '\376\377'; cat; } >"$here/bad/Verify.Bad.Utf16.xml"
