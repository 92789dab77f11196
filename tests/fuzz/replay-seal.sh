#!/usr/bin/env bash
# One fuzz_seal.c regression through the CLI (tests/fuzz/run.sh): the XML
# of FILE (the input format is fuzz_seal.c's: the flags byte and the header
# strings are cut off) sealed by `scomc seal` from standard input with the
# key the flags name (the test key pair when the key was in the input) and
# --delay-sign, --company and --copyright as the flags say, then the sealed
# pack unsealed again. Exit: the largest of their exit codes.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/replay-lib.sh"
python3 - "$1" "$d" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
flags, rest = (data[0] if data else 0), data[1:]
def string():
    global rest
    s, _, rest = rest.partition(b"\0")
    return s
if flags & 8:
    string(); string()                      # ID, version: the CLI reads them from the XML
company = copyright = b""
if flags & 32:
    company, copyright = string(), string()
if flags & 3 == 3:
    n = rest[0] | rest[1] << 8 if len(rest) >= 2 else 0
    rest = rest[2 + n:]
keys = ["tests/sealed/Scomc.Test.Sealed.snk", "tests/fuzz/keys/seal-2048.pem",
        "tests/fuzz/keys/seal-1536-e3.pem", "tests/sealed/Scomc.Test.Sealed.snk"]
open(sys.argv[2] + "/in.xml", "wb").write(rest)
with open(sys.argv[2] + "/args", "wb") as f:
    f.write(b"--key=" + keys[flags & 3].encode() + b"\0")
    if flags & 4:
        f.write(b"--delay-sign\0")
    if company:
        f.write(b"--company=" + company + b"\0")
    if copyright:
        f.write(b"--copyright=" + copyright + b"\0")
PY
mapfile -d '' args <"$d/args"
cd "$ROOT" || exit 4
"$SCOMC" seal "${args[@]}" -o "$d/out" - <"$d/in.xml"
worst=$?
for mp in "$d"/out/*.mp; do
	[ -f "$mp" ] || continue
	"$SCOMC" unseal -o "$d/unsealed" "$mp"
	rc=$?
	[ "$rc" -gt "$worst" ] && worst=$rc
done
exit "$worst"
