#!/usr/bin/env bash
# One fuzz_lsp.c regression through the CLI (tests/fuzz/run.sh): `scomc lsp`
# reads FILE's client stream (the bytes after the first; a script, first
# byte odd, is first turned into its messages by the harness with
# FUZZ_LSP_DUMP when build/fuzz/fuzz_lsp is built, else skipped).
# Exit: scomc lsp's (0 after shutdown, 1 without it or on broken framing).
set -u
. "$(dirname "${BASH_SOURCE[0]}")/replay-lib.sh"
in=$1
if [ $(($(od -An -tu1 -N1 "$in" | tr -d ' ') % 2)) = 1 ]; then
	[ -x "$ROOT/build/fuzz/fuzz_lsp" ] || exit 0
	FUZZ_LSP_DUMP=$d/raw "$ROOT/build/fuzz/fuzz_lsp" "$in" >/dev/null 2>&1
	in=$d/raw
fi
tail -c +2 "$in" | "$SCOMC" lsp >/dev/null
