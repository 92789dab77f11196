#!/usr/bin/env bash
# Schema tests: every tests/schemas/valid/<schema>/*.xml must validate and
# every tests/schemas/invalid/<schema>/*.xml must fail, where <schema> is
# alertdef (schemas/alertdef.xsd), mp-1.0 or mp-2.0 (schemas/mp/<schema>.xsd).
# Prints one line per case and exits non-zero if any case is wrong.
#
#   bash tests/schemas/run.sh            # all cases
#   VERBOSE=1 bash tests/schemas/run.sh  # also show xmllint's messages
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

if ! command -v xmllint >/dev/null 2>&1; then
    echo "run.sh: xmllint not found" >&2
    exit 2
fi

schema_file() {
    case "$1" in
        alertdef) echo "$root/schemas/alertdef.xsd" ;;
        mp-1.0|mp-2.0) echo "$root/schemas/mp/$1.xsd" ;;
        *) return 1 ;;
    esac
}

pass=0
fail=0
total=0
shopt -s nullglob

for expect in valid invalid; do
    for dir in "$here/$expect"/*/; do
        name=$(basename "$dir")
        if ! xsd=$(schema_file "$name"); then
            echo "FAIL $expect/$name: unknown schema directory"
            fail=$((fail + 1))
            continue
        fi
        for xml in "$dir"*.xml; do
            total=$((total + 1))
            case_name="$expect/$name/$(basename "$xml")"
            out=$(xmllint --noout --schema "$xsd" "$xml" 2>&1)
            rc=$?
            # rc 3 = not valid; anything else non-zero (schema did not
            # compile, file unreadable, not well-formed) is a failure for
            # both kinds of case, so a broken schema cannot make the
            # invalid cases "pass".
            if [ "$expect" = valid ] && [ $rc -eq 0 ]; then
                ok=1
            elif [ "$expect" = invalid ] && [ $rc -eq 3 ]; then
                ok=1
            else
                ok=0
            fi
            if [ $ok -eq 1 ]; then
                pass=$((pass + 1))
                if [ "$expect" = invalid ]; then
                    # first schema error, for the record
                    why=$(printf '%s\n' "$out" | grep -m1 'validity error' | sed 's/.*validity error : //')
                    echo "ok   $case_name (rejected: ${why:-?})"
                else
                    echo "ok   $case_name"
                fi
            else
                fail=$((fail + 1))
                echo "FAIL $case_name (xmllint exit $rc, expected $([ "$expect" = valid ] && echo 0 || echo 3))"
            fi
            if [ "${VERBOSE:-0}" = 1 ] || [ $ok -eq 0 ]; then
                printf '%s\n' "$out" | sed 's/^/       /'
            fi
        done
    done
done

echo "schemas: $pass passed, $fail failed, $total cases"
[ $fail -eq 0 ] && [ $total -gt 0 ]
