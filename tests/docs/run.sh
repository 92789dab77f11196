#!/usr/bin/env bash
# Documentation examples are tests (house style H.9; jq tests/man.test,
# cmark spec.txt): every ```alert fenced block in docs/*.md and README.md
# (when it exists) is extracted and compiled for both targets (2007r2 and
# 2012), and each management pack is validated against schemas/mp; a block
# that does not compile fails the suite. Fragments use ```text instead.
#
#   SCOMC=build/scomc bash tests/docs/run.sh
set -u

. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" docs

# extract NAME < DOC: writes $tmp/<n>.alert per ```alert block and prints
# "<n> <line of the opening fence>" for each; fails on an unclosed block.
extract() {
	awk -v dir="$tmp" -v doc="$1" '
		/^```alert[ \t]*$/ && !inside { inside = 1; n++; start = NR
			file = sprintf("%s/%d.alert", dir, n); printf "" > file; next }
		/^```[ \t]*$/ && inside { inside = 0; close(file); print n, start; next }
		inside { print > file }
		END { if (inside) { print "unclosed ```alert block at " doc ":" start > "/dev/stderr"; exit 1 } }
	'
}

docs=("$ROOT"/docs/*.md)
[ -f "$ROOT/README.md" ] && docs+=("$ROOT/README.md")
for doc in "${docs[@]}"; do
	rel=${doc#"$ROOT"/}
	rm -f "$tmp"/*.alert
	if ! extract "$rel" < "$doc" > "$tmp/list" 2> "$tmp/err"; then
		echo "FAIL $rel: $(cat "$tmp/err")"
		fail=$((fail + 1))
		continue
	fi
	while read -r n line; do
		# the example is compiled under a name that points back at the doc
		cp "$tmp/$n.alert" "$tmp/example.alert"
		# compiled for both targets; the compiler validates each MP against
		# schemas/mp, and xmllint checks it again here
		rm -rf "$tmp/o7" "$tmp/o12"
		if (cd "$tmp" && timeout 60 "$SCOMC" -t 2007r2 -o o7 example.alert &&
			timeout 60 "$SCOMC" -q -t 2012 -o o12 example.alert) > "$tmp/out" 2>&1 &&
			xmllint --noout --schema "$ROOT/schemas/mp/mp-1.0.xsd" "$tmp"/o7/*.xml 2>> "$tmp/out" &&
			xmllint --noout --schema "$ROOT/schemas/mp/mp-2.0.xsd" "$tmp"/o12/*.xml 2>> "$tmp/out"; then
			echo "ok   $rel:$line"
			pass=$((pass + 1))
		else
			echo "FAIL $rel:$line (the example below this fence)"
			# example.alert:L:C: -> DOC:(fence line + L):C:
			awk -v doc="$rel" -v off="$line" '{
				if (match($0, /^example\.alert:[0-9]+:/)) {
					split(substr($0, 1, RLENGTH), p, ":")
					$0 = doc ":" (p[2] + off) ":" substr($0, RLENGTH + 1)
				}
				print "    " $0 }' "$tmp/out" | head -n 20
			fail=$((fail + 1))
		fi
	done < "$tmp/list"
done

# The language reference must hold at least one complete example.
if ! grep -q '^```alert' "$ROOT/docs/language.md"; then
	echo "FAIL docs/language.md has no \`\`\`alert example"
	fail=$((fail + 1))
fi
echo "docs: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
