#!/usr/bin/env bash
# Prints, for tests/fuzz/pack.dict (after its hand-written lines), the element and attribute names of our MP
# schemas as "<Name", "</Name>" and " Name=\"" tokens (run once by hand
# when the schemas change).
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
grep -hoE '<xs:element name="[A-Za-z]+"' "$ROOT"/schemas/mp/*.xsd | sed 's/.*name="//; s/"$//' | sort -u |
	while read -r n; do printf '"<%s"\n"</%s>"\n' "$n" "$n"; done
grep -hoE '<xs:attribute name="[A-Za-z]+"' "$ROOT"/schemas/mp/*.xsd | sed 's/.*name="//; s/"$//' | sort -u |
	while read -r n; do printf '" %s=\\""\n' "$n"; done
