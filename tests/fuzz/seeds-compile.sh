#!/usr/bin/env bash
# Collects fuzz seeds into DIR: every .alert and model XML that the tests and
# packs hold (tests/errors, tests/golden, tests/hostile, tests/fuzz/regressions,
# packs/, tests/schemas/valid/alertdef, tests/fuzz/seeds). Names are content hashes, so reruns
# add nothing twice. Usage: tests/fuzz/seeds-compile.sh DIR
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$1
mkdir -p "$dir"
{
	find "$ROOT/tests/errors" "$ROOT/tests/golden" "$ROOT/tests/hostile" "$ROOT/packs" \
		-type f \( -name '*.alert' -o -name '*.xml' \) 2>/dev/null || true
	find "$ROOT/tests/schemas/valid/alertdef" "$ROOT/tests/fuzz/regressions" "$ROOT/tests/fuzz/seeds" -type f 2>/dev/null || true
} | while IFS= read -r f; do
	# expected outputs are MP XML, not inputs; keep model XML only
	case $f in */expected*) continue ;; esac
	h=$(sha1sum "$f" | cut -c1-40)
	[ -f "$dir/$h" ] || cp "$f" "$dir/$h"
done
echo "seeds: $(ls "$dir" | wc -l) files in $dir"
