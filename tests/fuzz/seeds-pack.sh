#!/usr/bin/env bash
# Seeds for tests/fuzz/fuzz_pack.c in DIR: the management pack XML the
# tests hold (tests/verify, tests/diff, tests/sealed, tests/seal,
# tests/refs, the expected packs of tests/golden and tests/fragments),
# up to 256 KiB each, and the regressions. Names are content hashes.
# Usage: tests/fuzz/seeds-pack.sh DIR
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$1
mkdir -p "$dir"
{
	find "$ROOT/tests/verify" "$ROOT/tests/diff" "$ROOT/tests/sealed" "$ROOT/tests/seal" \
		"$ROOT/tests/refs" "$ROOT/tests/golden" "$ROOT/tests/fragments" \
		-name '*.xml' -size -257k 2>/dev/null
	find "$ROOT/tests/fuzz/regressions/pack" -type f 2>/dev/null || true
} | while IFS= read -r f; do
	case $f in *.alertdef.xml) continue ;; esac
	# packs only: the root element is ManagementPack (UTF-16 ones kept too)
	head -c 4096 "$f" | tr -d '\0' | grep -q '<ManagementPack[ >]' || continue
	h=$(sha1sum "$f" | cut -c1-40)
	[ -f "$dir/$h" ] || cp "$f" "$dir/$h"
done
echo "seeds: $(ls "$dir" | wc -l) files in $dir"
