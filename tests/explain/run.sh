#!/usr/bin/env bash
# Every diagnostic ID has its long form: an entry in compiler/diag_explain.def
# for each DIAG_ID in compiler/diag_ids.def (no more, no fewer), and
# `scomc --explain ID` prints it (meaning, example, fix; exit 0), while an
# unknown ID is a usage error (exit 2).
#   SCOMC=build/scomc bash tests/explain/run.sh
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" explain
ids=$ROOT/compiler/diag_ids.def
expl=$ROOT/compiler/diag_explain.def

sed -n -E 's/^DIAG_ID\(([A-Z][0-9]+),.*/\1/p' "$ids" > "$tmp/ids"
sed -n -E 's/^DIAG_EXPLAIN\(([A-Z][0-9]+),.*/\1/p' "$expl" > "$tmp/explained"
missing=$(grep -vxF -f "$tmp/explained" "$tmp/ids")
if [ -n "$missing" ]; then
	for id in $missing; do
		echo "FAIL $id has no explanation. Add to compiler/diag_explain.def (beside diag_ids.def):"
		echo "    DIAG_EXPLAIN($id,"
		echo "        \"what it means, in a sentence or two\","
		echo "        \"a short input that gets it (\\\\n between lines)\","
		echo "        \"how to fix it\")"
	done
	fail=$((fail + 1))
else
	echo "ok   every ID in diag_ids.def has an entry in diag_explain.def ($(wc -l < "$tmp/ids") IDs)"
	pass=$((pass + 1))
fi
stray=$(grep -vxF -f "$tmp/ids" "$tmp/explained")
dups=$(sort "$tmp/explained" | uniq -d)
if [ -n "$stray$dups" ]; then
	echo "FAIL diag_explain.def: entries for IDs not in diag_ids.def:${stray:+ $stray}; given twice:${dups:+ $dups}"
	fail=$((fail + 1))
else
	echo "ok   diag_explain.def names only known IDs, each once"
	pass=$((pass + 1))
fi

if "$SCOMC" --help | grep -q -- '--explain'; then
	bad=""
	while read -r id; do
		"$SCOMC" --explain "$id" > "$tmp/out" 2> "$tmp/err"
		code=$?
		if [ "$code" != 0 ] || [ -s "$tmp/err" ] || ! head -n 1 "$tmp/out" | grep -q "^$id: " ||
		   ! grep -q '^Example:' "$tmp/out" || ! grep -q '^Fix:' "$tmp/out"; then
			bad="$bad $id"
		fi
	done < "$tmp/ids"
	if [ -n "$bad" ]; then
		echo "FAIL scomc --explain does not print ID: title, Example: and Fix: for:$bad"
		fail=$((fail + 1))
	else
		echo "ok   scomc --explain ID prints the title, meaning, example and fix of every ID"
		pass=$((pass + 1))
	fi
	"$SCOMC" --explain E205 > "$tmp/out"
	if grep -q "names the block that is still open" "$tmp/out" && grep -q '^    pack Contoso.Disk {$' "$tmp/out"; then
		echo "ok   --explain E205 shows the meaning and the example indented as code"
		pass=$((pass + 1))
	else
		echo "FAIL --explain E205:"; sed 's/^/    /' "$tmp/out"
		fail=$((fail + 1))
	fi
	"$SCOMC" --explain e205 > "$tmp/lower" 2>&1
	"$SCOMC" --explain E999 > "$tmp/out" 2> "$tmp/err"
	code=$?
	if [ "$code" = 2 ] && grep -q "unknown diagnostic ID 'E999'" "$tmp/err" && cmp -s "$tmp/lower" <("$SCOMC" --explain E205); then
		echo "ok   --explain of an unknown ID exits 2; lower case works"
		pass=$((pass + 1))
	else
		echo "FAIL --explain E999: exit $code, stderr: $(cat "$tmp/err")"
		fail=$((fail + 1))
	fi
else
	echo "FAIL scomc --help does not list --explain"
	fail=$((fail + 1))
fi
suite_summary
