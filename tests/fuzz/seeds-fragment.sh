#!/usr/bin/env bash
# Seeds for tests/fuzz/fuzz_fragment.c in DIR: "ALERT\0FRAGMENT" inputs,
# each .alert of tests/fragments with each .mpx there (good and bad), each
# .mpx alone (merged into the harness's built-in pack), and the
# regressions. Names are content hashes. Usage: tests/fuzz/seeds-fragment.sh DIR
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$1
mkdir -p "$dir"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
add() {
	local h
	h=$(sha1sum "$1" | cut -c1-40)
	[ -f "$dir/$h" ] || cp "$1" "$dir/$h"
}
frags=$(find "$ROOT/tests/fragments" -name '*.mpx' | sort)
for a in $(find "$ROOT/tests/fragments" -name '*.alert' | sort); do
	for f in $frags; do
		{ cat "$a"; printf '\0'; cat "$f"; } >"$tmp"
		add "$tmp"
	done
	# the good pack with both of its fragments
	if [ -f "${a%.alert}.mpx" ] && [ -f "$(dirname "$a")/extra.mpx" ]; then
		{ cat "$a"; printf '\0'; cat "${a%.alert}.mpx"; printf '\0'; cat "$(dirname "$a")/extra.mpx"; } >"$tmp"
		add "$tmp"
	fi
done
for f in $frags; do add "$f"; done
for f in $(find "$ROOT/tests/fuzz/regressions/fragment" -type f 2>/dev/null); do add "$f"; done
echo "seeds: $(ls "$dir" | wc -l) files in $dir"
