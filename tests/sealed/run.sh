#!/bin/sh
# Tests for compiler/unseal.c on the fixtures in tests/sealed/.
#
# Builds tests/sealed/unseal_main.c + compiler/unseal.c twice (warnings as
# errors; and with -fsanitize=address,undefined), checks the good, tampered,
# unsigned and negative fixtures, then sweeps truncations and byte flips
# under the sanitizers (and valgrind when it is installed).
# Prints "N passed, N failed" and exits non-zero on any failure.
# Needs cc, zlib1g-dev and libssl-dev (installed with apt-get when missing
# and running as root); xmllint is used for the XML comparison if present.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
id=Scomc.Test.Sealed
CC=${CC:-cc}
WARN="-std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
      -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wvla -fno-common"
LIBS="-lz -lcrypto"

pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

need_packages() {
    missing=
    for p in zlib1g-dev libssl-dev; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null \
            | grep -q 'install ok installed' || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "run.sh: missing packages:$missing (apt-get install them)" >&2
        exit 2
    fi
    echo "run.sh: installing$missing"
    apt-get update -q >/dev/null && apt-get install -y -q $missing >/dev/null \
        || { echo "run.sh: apt-get install$missing failed" >&2; exit 2; }
}

command -v dpkg-query >/dev/null 2>&1 && need_packages

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT INT TERM
src="$here/unseal_main.c $root/compiler/unseal.c $root/compiler/strongname.c $root/compiler/utf.c"

# shellcheck disable=SC2086
if $CC $WARN -Werror -O2 -o "$build/unseal" $src $LIBS 2>"$build/cc.log"; then
    ok "build with warnings as errors"
else
    cat "$build/cc.log"; bad "build with warnings as errors"
    echo "$pass passed, $fail failed"; exit 1
fi
# shellcheck disable=SC2086
if $CC $WARN -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
        -fno-omit-frame-pointer -o "$build/unseal-san" $src $LIBS \
        2>"$build/cc-san.log"; then
    ok "build with -fsanitize=address,undefined"
    SAN="$build/unseal-san"
else
    cat "$build/cc-san.log"; bad "build with -fsanitize=address,undefined"
    SAN="$build/unseal"
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98

# run FILE: unseal FILE with the sanitizer build into $build/out.{txt,xml}
run() {
    rm -f "$build/out.xml"
    "$SAN" "$1" "$build/out.xml" >"$build/out.txt" 2>"$build/err.txt"
    status=$?
    [ -s "$build/err.txt" ] && { echo "  stderr:"; sed 's/^/    /' "$build/err.txt"; }
    return 0
}
field() { sed -n "s/^$1=//p" "$build/out.txt"; }

# expect NAME KEY VALUE: field KEY of the last run equals VALUE
expect() {
    got=$(field "$2")
    if [ "$got" = "$3" ]; then ok "$1: $2=$3"
    else bad "$1: $2 is '$got', expected '$3'"; fi
}

same_xml() { # same_xml NAME: out.xml has the content of the source XML
    if [ ! -s "$build/out.xml" ]; then bad "$1: no XML written"; return; fi
    if command -v xmllint >/dev/null 2>&1; then
        xmllint --c14n "$here/$id.xml" >"$build/want.c14n" 2>&1
        if xmllint --c14n "$build/out.xml" >"$build/got.c14n" 2>&1 &&
           cmp -s "$build/want.c14n" "$build/got.c14n"; then
            ok "$1: xml equals $id.xml after xmllint --c14n"
        else
            bad "$1: xml differs from $id.xml after c14n"
        fi
    fi
    for s in '<ID>Scomc.Test.Sealed</ID>' \
             'TypeID="Health!System.Health.GenerateAlert"' \
             '<maml:title>Resolutions</maml:title>' \
             'Zürich – café – 日本 – 🔔' '&amp; friends'; do
        grep -qF -- "$s" "$build/out.xml" || { bad "$1: xml lacks '$s'"; return; }
    done
    ok "$1: xml holds the key strings (incl. non-ASCII and a surrogate pair)"
}

token=$(cat "$here/expected-token.txt")

echo "# good: $id.mp"
run "$here/$id.mp"
expect good rc 0; expect good signature 1; expect good token "$token"
expect good name "$id"; expect good version 1.0.0.0
expect good resource MPResources.resources
same_xml good

echo "# tampered: tampered/$id.mp (one gzip header byte changed)"
run "$here/tampered/$id.mp"
expect tampered rc 0; expect tampered signature 0
expect tampered token "$token"; expect tampered name "$id"
same_xml tampered

echo "# unsigned: unsigned/$id.mp (built without a key)"
run "$here/unsigned/$id.mp"
expect unsigned rc 0; expect unsigned signature -1; expect unsigned token ""
expect unsigned name "$id"
same_xml unsigned

# negative FILE ERROR-SUBSTRING: rc -1, no XML, that error, exit status 1
negative() {
    name=negative/$(basename "$1")
    run "$1"
    expect "$name" rc -1
    expect "$name" xml_null 1
    err=$(field error)
    case "$err" in
    *"$2"*) ok "$name: error '$err'" ;;
    *) bad "$name: error '$err', expected '$2'" ;;
    esac
    if [ "$status" = 1 ]; then ok "$name: exit status 1"
    else bad "$name: exit status $status"; fi
}

echo "# negative inputs"
negative "$here/negative/garbage.mp" "no 'MZ' signature"
negative "$here/negative/xml-renamed.mp" "no 'MZ' signature"
negative "$here/negative/truncated.mp" "past the end of the file"
negative "$here/negative/corrupt-gzip.mp" "gzip data is corrupt"
expect negative/corrupt-gzip.mp signature 0
negative "$here/negative/lone-surrogate.mp" "unpaired utf-16 surrogate"
negative "$here/negative/too-large.mp" "larger than 64 MiB"
: >"$build/empty.mp"
negative "$build/empty.mp" "no 'MZ' signature"
printf 'MZ\220\0' >"$build/mz-only.mp"
negative "$build/mz-only.mp" "truncated file: 4 bytes, shorter than the 64-byte DOS header"

echo "# sweeps: every prefix and flipped byte, sanitizers on"
for f in "$id.mp" "tampered/$id.mp" "unsigned/$id.mp" \
         negative/corrupt-gzip.mp negative/lone-surrogate.mp; do
    for step in 97 1; do
        if "$SAN" --sweep "$step" "$here/$f" >"$build/sweep.txt" 2>&1; then
            ok "sweep step $step $f: $(tail -n 1 "$build/sweep.txt")"
        else
            sed 's/^/    /' "$build/sweep.txt" | tail -n 20
            bad "sweep step $step $f"
        fi
    done
done

if command -v valgrind >/dev/null 2>&1; then
    echo "# valgrind"
    for args in "$here/$id.mp" "--sweep 97 $here/$id.mp"; do
        # shellcheck disable=SC2086
        if valgrind -q --error-exitcode=97 --leak-check=full \
                --errors-for-leak-kinds=definite,indirect \
                "$build/unseal" $args >"$build/vg.txt" 2>&1; then
            ok "valgrind unseal_main $(echo "$args" | sed "s|$here/||")"
        else
            sed 's/^/    /' "$build/vg.txt" | tail -n 30
            bad "valgrind unseal_main $args"
        fi
    done
else
    echo "# valgrind not installed: skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
