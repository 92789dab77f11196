#!/usr/bin/env bash
# `make leakcheck`: runs $SCOMC under valgrind over every golden case, every
# negative case, every pack, sealing (scomc seal, --seal-key), the hostile
# corpus (and its generated inputs) and the fuzz regressions, in text, JSON and SARIF diagnostics modes.
# Fails on any memory error or definite/indirect leak (valgrind exit 99);
# libxml2's "still reachable" blocks do not count. A crash (exit > 4) fails
# too. Env: SCOMC, ROOT, LEAKCHECK_TIMEOUT (per run, default 300 s).
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
TIMEOUT=${LEAKCHECK_TIMEOUT:-300}
export SCOMC_SCHEMA_DIR=${SCOMC_SCHEMA_DIR:-$ROOT/schemas}
export SCOMC_TEMPLATE_DIR=${SCOMC_TEMPLATE_DIR:-$ROOT/templates}
if ! command -v valgrind >/dev/null; then
	echo "valgrind is not installed (apt-get install valgrind)"
	echo "0 passed, 1 failed"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
VG=(valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --num-callers=30)

# vg NAME ARGS... : one scomc run under valgrind, from the current directory.
vg() {
	local name=$1
	shift
	rm -rf "$tmp/out"
	timeout -k 5 "$TIMEOUT" "${VG[@]}" --log-file="$tmp/vg.log" "$SCOMC" "$@" \
		>/dev/null 2>"$tmp/stderr"
	local rc=$?
	if [ "$rc" -eq 99 ] || [ -s "$tmp/vg.log" ]; then
		echo "FAIL $name (valgrind)"
		sed 's/^/     /' "$tmp/vg.log" | head -60
		fail=$((fail + 1))
	elif [ "$rc" -gt 4 ]; then
		echo "FAIL $name (exit $rc)"
		head -10 "$tmp/stderr" | sed 's/^/     /'
		fail=$((fail + 1))
	else
		echo "ok   $name (exit $rc)"
		pass=$((pass + 1))
	fi
}

shopt -s nullglob
for d in "$ROOT"/tests/golden/*/; do
	for f in "$d"input.alert "$d"input.xml; do
		[ -f "$f" ] && vg "golden/$(basename "$d")" -o "$tmp/out" --emit=mp,docs,model "$f"
	done
done
for f in "$ROOT"/tests/errors/*.alert "$ROOT"/tests/errors/*.xml; do
	vg "errors/$(basename "$f")" -o "$tmp/out" "$f"
done
for f in "$ROOT"/tests/errors/*.alert; do
	vg "errors/$(basename "$f") sarif" -o "$tmp/out" --diagnostics-format=sarif "$f"
	break
done
vg "packs" -o "$tmp/out" --emit=mp,docs,model "$ROOT"/packs/*.alert
vg "packs json" check --diagnostics-format=json "$ROOT"/packs/*.alert
# Sealing (issue 12): a key pair, a public key for delay signing, a broken
# key, and the compiler's --seal-key; the key is copied out of the work tree.
sealed=$ROOT/tests/sealed
cp "$sealed/Scomc.Test.Sealed.snk" "$tmp/key.snk"
head -c 300 "$sealed/Scomc.Test.Sealed.snk" >"$tmp/broken.snk"
vg "seal" seal --key="$tmp/key.snk" --company=Contoso -o "$tmp/out" "$sealed/Scomc.Test.Sealed.xml"
vg "seal a broken key" seal --key="$tmp/broken.snk" -o "$tmp/out" "$sealed/Scomc.Test.Sealed.xml"
vg "seal a broken pack" seal --key="$tmp/key.snk" -o "$tmp/out" "$ROOT/tests/sealed/negative/xml-renamed.mp"
vg "compile --seal-key" --seal-key="$tmp/key.snk" --emit=mp -o "$tmp/out" "$ROOT"/packs/*.alert
# Reference directories (issue 11): an unreadable pack in one (it freed an
# uninitialised pointer) and the project's library packs.
mkdir -p "$tmp/refs"
ln -s no-such-file "$tmp/refs/Dangling.mp"
vg "verify --references: a dangling .mp" verify --references="$tmp/refs" "$ROOT"/tests/refs/good/*.xml
vg "verify --references lib" verify --references="$ROOT/tests/refs/lib" "$ROOT"/tests/refs/good/*.xml
cd "$ROOT/tests/hostile" || exit 1
for f in *.alert *.xml; do
	vg "hostile/$f" -o "$tmp/out" "$f"
done
mkdir -p "$tmp/gen"
for e in gen/*.err; do
	name=$(basename "$e" .err)
	ext=alert
	case $name in xml-*) ext=xml ;; esac
	perl gen/gen.pl "$name" "$tmp/gen/$name.$ext" && vg "hostile/gen/$name" -o "$tmp/out" "$tmp/gen/$name.$ext"
	rm -f "$tmp/gen/$name.$ext"
done
for f in "$ROOT"/tests/fuzz/regressions/*; do
	vg "fuzz/regressions/$(basename "$f")" -o "$tmp/out" "$f"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
