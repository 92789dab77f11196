#!/usr/bin/env bash
# Seeds for tests/fuzz/fuzz_lsp.c in DIR (input format: the comment at the
# top of fuzz_lsp.c): the byte streams tests/lsp/client.py sends to each
# `scomc lsp` it starts (recorded through a wrapper, as raw streams), and
# scripts that open each .alert of packs/ and tests/golden and edit, hover,
# complete and format it (UTF-16 and UTF-32, with and without initialize).
#   bash tests/fuzz/seeds-lsp.sh DIR      (needs python3 and $SCOMC, default build/scomc)
set -eu
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
dir=$1
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -x "$SCOMC" ] && command -v python3 >/dev/null; then
	cat >"$tmp/scomc" <<WRAP
#!/usr/bin/env bash
if [ "\$1" = lsp ]; then
	n=\$(ls "$tmp"/t.* 2>/dev/null | wc -l)
	exec "$SCOMC" "\$@" < <(tee "$tmp/t.\$n" 2>/dev/null)
else
	exec "$SCOMC" "\$@"
fi
WRAP
	chmod +x "$tmp/scomc"
	SCOMC_SCHEMA_DIR=$ROOT/schemas python3 "$ROOT/tests/lsp/client.py" "$tmp/scomc" "$tmp/work" >/dev/null 2>&1 || true
	for t in "$tmp"/t.*; do
		[ -f "$t" ] && { printf '\x00'; cat "$t"; } >"$dir/transcript-${t##*.}"
	done
fi
python3 - "$dir" "$ROOT"/packs/*.alert "$ROOT"/tests/golden/*/*.alert <<'PY'
import os, sys
out, files = sys.argv[1], sys.argv[2:]
def pos(line, ch):
    return bytes([line & 0x7F, ch & 0x7F])
for k, f in enumerate(files[:12]):
    text = open(f, "rb").read().replace(b"\xff", b"")[:6000]
    ops = b"\x00" + text + b"\xff"                            # didOpen
    ops += b"\x02" + pos(3, 4) + b"\x03" + pos(5, 2) + b"\x04" + pos(6, 10)
    ops += b"\x05\x06"                                        # symbols, formatting
    ops += b"\x01\x01" + b"\xf0\x9f\x98\x80 x\xff\x01" + pos(2, 3) + pos(2, 3)   # ranged insert
    ops += b"\x01\x00" + b"\xff\x01" + pos(1, 0) + pos(120, 0)                   # ranged delete
    ops += b"\x01\x00" + b"Z\xff\x01" + b"\xfe\x00\x10" + pos(0, 0) + pos(0, 0)  # huge line
    ops += b"\x07\x02" + pos(0, 0) + b"\x09\x08\x0a"
    for flags, name in ((1, "utf16"), (5, "utf32")):
        with open(os.path.join(out, "script-%s-%d" % (name, k)), "wb") as g:
            g.write(bytes([flags]) + ops)
    if k == 0:
        with open(os.path.join(out, "script-noinit"), "wb") as g:
            g.write(b"\x03" + ops)
PY
echo "lsp seeds: $(ls "$dir" | wc -l) files in $dir"
