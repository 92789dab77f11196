#!/usr/bin/env bash
# MAML and HTML come from one model: for every alert of every pack we
# compile, the knowledge sections in the MP (MAML) and on the alert's HTML
# page have the same titles, the same text and the same list structure.
set -u
cd "$ROOT"
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inputs=(packs/*.alert tests/browser/hostile.alert)
for f in tests/golden/*/input.alert; do [ -f "$f" ] && inputs+=("$f"); done
for input in "${inputs[@]}"; do
	out="$tmp/$(echo "$input" | tr / _)"
	if ! "$SCOMC" -q -o "$out" "$input" 2>"$tmp/err"; then
		echo "FAIL $input: does not compile: $(head -1 "$tmp/err")"
		fail=$((fail + 1))
		continue
	fi
	for mp in "$out"/*.xml; do
		id=$(basename "$mp" .xml)
		xsltproc tests/agree/maml-text.xsl "$mp" > "$tmp/maml.txt"
		: > "$tmp/html.txt"
		for rule in $(cut -d'|' -f1 "$tmp/maml.txt" | uniq); do
			name=${rule#"$id".}
			name=${name%.Rule}
			name=${name%.Monitor}
			xsltproc --stringparam rule "$rule" tests/agree/html-text.xsl \
				"$out/docs/$id/$name.html" >> "$tmp/html.txt"
		done
		n=$(wc -l < "$tmp/maml.txt")
		if [ "$n" -gt 0 ] && cmp -s "$tmp/maml.txt" "$tmp/html.txt"; then
			echo "ok   $input: $n sections agree"
			pass=$((pass + 1))
		else
			echo "FAIL $input: MAML and HTML differ ($n MAML sections)"
			diff "$tmp/maml.txt" "$tmp/html.txt" | head -10
			fail=$((fail + 1))
		fi
	done
done

# Every generated page is well-formed and byte-identical across runs.
"$SCOMC" -q -o "$tmp/run1" "${inputs[@]}" 2>/dev/null
(cd "$tmp" && "$SCOMC" -q -o run2 "${inputs[@]/#/$ROOT/}" 2>/dev/null)
pages=$(find "$tmp/run1/docs" -name '*.html' | wc -l)
if [ "$pages" -gt 0 ] && find "$tmp/run1/docs" -name '*.html' -print0 | xargs -0 xmllint --noout 2>"$tmp/wf"; then
	echo "ok   $pages pages are well-formed"
	pass=$((pass + 1))
else
	echo "FAIL pages not well-formed: $(head -3 "$tmp/wf")"
	fail=$((fail + 1))
fi
if diff -r "$tmp/run1" "$tmp/run2" >/dev/null; then
	echo "ok   two runs (other directory, other -o) give identical output"
	pass=$((pass + 1))
else
	echo "FAIL output differs between runs"
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
