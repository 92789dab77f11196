#!/usr/bin/env bash
# make install PREFIX=... DESTDIR=...: the installed binary finds its
# schemas and templates from any directory and produces the same output as
# the build tree; make uninstall removes what install put there.
set -u
cd "$ROOT"
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

make -s install PREFIX=/opt/scomc DESTDIR="$tmp/root" >/dev/null 2>&1 && ok "make install" || bad "make install"
bin="$tmp/root/opt/scomc/bin/scomc"
for f in bin/scomc share/scomc/schemas/alertdef.xsd share/scomc/schemas/mp/mp-1.0.xsd \
	share/scomc/schemas/mp/mp-2.0.xsd share/scomc/templates/pack.xsl share/man/man1/scomc.1; do
	[ -f "$tmp/root/opt/scomc/$f" ] && ok "installed $f" || bad "installed $f"
done
pack=$(ls "$ROOT"/packs/*.alert | head -1)
(cd / && env -u SCOMC_SCHEMA_DIR -u SCOMC_TEMPLATE_DIR "$bin" -o "$tmp/a" "$pack") && ok "installed binary runs from /" || bad "installed binary runs from /"
"$SCOMC" -o "$tmp/b" "$pack" >/dev/null 2>&1
if diff -r "$tmp/a" "$tmp/b" >/dev/null; then ok "same output as the build tree"; else bad "same output as the build tree"; fi
"$bin" --version | head -1 | grep -q '^scomc [0-9]' && ok "--version" || bad "--version"
make -s uninstall PREFIX=/opt/scomc DESTDIR="$tmp/root" >/dev/null 2>&1
left=$(find "$tmp/root" -type f | wc -l)
[ "$left" = 0 ] && ok "uninstall removes every file" || bad "uninstall left $left files"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
