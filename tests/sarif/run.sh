#!/usr/bin/env bash
# Every SARIF log scomc writes validates against the SARIF 2.1.0 JSON schema
# (draft-04, shipped by Microsoft's @microsoft/jest-sarif package) with Ajv's
# draft-04 validator and full format checks (validate.js). The logs: the SARIF
# of every negative test in tests/errors (with its own arguments), of every
# verify case in tests/verify/{bad,warn}, the golden *.sarif files, and file
# names with spaces, '#', '%', non-ASCII letters, a missing and an absolute
# path. A known-bad log must be rejected, so the validator cannot be a no-op.
#
# The npm packages are pinned (package.json + package-lock.json here) and
# installed with `npm ci` into build/node-sarif (git-ignored) on first use.
#   SCOMC=build/scomc bash tests/sarif/run.sh
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" sarif
nodedir=$ROOT/build/node-sarif

. "$ROOT/tests/lib/npm.sh"
if ! npm_have; then
	echo "FAIL sarif: node and npm are needed (apt-get install --no-install-recommends nodejs npm)"
	echo "sarif: 0 passed, 1 failed"
	exit 1
fi
if ! npm_pinned "$here" "$nodedir" "$tmp/npm.log"; then
	echo "FAIL sarif: npm ci failed:"; sed 's/^/    /' "$tmp/npm.log" | tail -20
	echo "sarif: 0 passed, 1 failed"
	exit 1
fi
validate() { NODE_PATH=$nodedir/node_modules node "$here/validate.js" "$@"; }

mkdir -p "$tmp/logs" "$tmp/out"
n=0
# sarif_of DIR LOGNAME ARGS...: runs scomc in DIR, keeps its SARIF on stdout
sarif_of() {
	local dir=$1 name=$2
	shift 2
	n=$((n + 1))
	(cd "$dir" && timeout 60 "$SCOMC" "$@" --diagnostics-format=sarif) \
		> "$tmp/logs/$n-$name.sarif" 2> "$tmp/stderr"
	local code=$?
	if [ "$code" -gt 3 ] || [ -s "$tmp/stderr" ]; then
		echo "FAIL $name: exit $code, stderr: $(head -c 300 "$tmp/stderr")"
		fail=$((fail + 1))
	fi
}

shopt -s nullglob
for input in "$ROOT"/tests/errors/*.alert "$ROOT"/tests/errors/*.xml; do
	base=$(basename "$input")
	args=$(head -n 5 "$input" | sed -n -E 's/^(#|<!--) *args: *(.*[^ >-]) *(-->)? *$/\2/p' | head -n 1)
	# shellcheck disable=SC2086 # args is a word list by design
	sarif_of "$ROOT/tests/errors" "${base%.*}" $args -o "$tmp/out" "$base"
done
for input in "$ROOT"/tests/verify/bad/*.xml "$ROOT"/tests/verify/warn/*.xml; do
	sarif_of "$(dirname "$input")" "verify-$(basename "${input%.xml}")" verify "$(basename "$input")"
done

# Names that need percent-encoding, a missing file, an absolute path, a note.
mkdir -p "$tmp/names/sub dir"
bad='pack Odd.Names {\n  version 1.0.0.0\n  name "x"\n  bogus 1\n  alert A {\n    event 1\n    priority high\n    priority low\n  }\n}\n'
for f in 'my file#1.alert' '100%.alert' 'café ünïcödé.alert' 'sub dir/a?b[c].alert' 'semi;colon:x.alert'; do
	printf "$bad" > "$tmp/names/$f"
done
sarif_of "$tmp/names" names check 'my file#1.alert' '100%.alert' 'café ünïcödé.alert' \
	'sub dir/a?b[c].alert' 'semi;colon:x.alert'
sarif_of "$tmp/names" missing check 'no such file.alert'
sarif_of "$tmp/names" absolute check "$tmp/names/my file#1.alert"

logs=("$tmp"/logs/*.sarif "$ROOT"/tests/errors/*.sarif)
if validate "${logs[@]}" > "$tmp/report"; then
	echo "ok   ${#logs[@]} SARIF logs validate against the SARIF 2.1.0 schema"
	pass=$((pass + 1))
else
	grep -A10 '^FAIL' "$tmp/report" | head -n 60
	fail=$((fail + 1))
fi

# The encoding itself: exact URIs for the odd names, each relative to SRCROOT.
expect_uris=$(printf '%s\n' 'my%20file%231.alert' '100%25.alert' \
	'caf%C3%A9%20%C3%BCn%C3%AFc%C3%B6d%C3%A9.alert' 'sub%20dir/a%3Fb%5Bc%5D.alert' \
	'semi%3Bcolon%3Ax.alert')
got=$(node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const run = d.runs[0];
if (!run.originalUriBaseIds || !run.originalUriBaseIds.SRCROOT) throw new Error("no SRCROOT");
const seen = [];
for (const r of run.results) for (const l of r.locations) {
  const a = l.physicalLocation.artifactLocation;
  if (a.uriBaseId !== "SRCROOT") throw new Error("no uriBaseId on " + a.uri);
  if (!seen.includes(a.uri)) seen.push(a.uri);
}
console.log(seen.join("\n"));' "$tmp"/logs/*-names.sarif 2>&1)
if [ "$got" = "$expect_uris" ]; then
	echo "ok   odd file names are percent-encoded relative to SRCROOT"
	pass=$((pass + 1))
else
	echo "FAIL odd names: got"; printf '%s\n' "$got" | sed 's/^/    /'
	fail=$((fail + 1))
fi

# A missing input is a result about that file; an absolute path a file: URI;
# every rule has shortDescription, fullDescription and help.
check=$(node -e '
const fs = require("fs");
const get = f => JSON.parse(fs.readFileSync(f, "utf8")).runs[0];
const miss = get(process.argv[1]).results[0];
if (miss.ruleId !== "E501" || miss.locations[0].physicalLocation.artifactLocation.uri !== "no%20such%20file.alert")
  throw new Error("missing file: " + JSON.stringify(miss));
const abs = get(process.argv[2]).results[0].locations[0].physicalLocation.artifactLocation;
if (!/^file:\/\/\/.*\/my%20file%231\.alert$/.test(abs.uri) || abs.uriBaseId)
  throw new Error("absolute path: " + JSON.stringify(abs));
let rules = 0;
for (const f of process.argv.slice(3)) for (const r of get(f).tool.driver.rules) {
  rules++;
  for (const k of ["shortDescription", "fullDescription", "help"])
    if (!r[k] || !r[k].text) throw new Error(f + ": rule " + r.id + " has no " + k);
}
console.log(rules);' "$tmp"/logs/*-missing.sarif "$tmp"/logs/*-absolute.sarif "$tmp"/logs/*.sarif 2>&1)
if [[ "$check" =~ ^[0-9]+$ ]] && [ "$check" -gt 0 ]; then
	echo "ok   missing input carries its artifact; absolute path is a file: URI; $check rules described"
	pass=$((pass + 1))
else
	echo "FAIL artifacts and rules: $check"
	fail=$((fail + 1))
fi

# The validator rejects what the old writer produced (a raw space and '#').
sed 's/"uri": "my%20file%231.alert"/"uri": "my file#1 x.alert"/' "$tmp"/logs/*-names.sarif > "$tmp/bad.sarif"
if ! validate "$tmp/bad.sarif" > /dev/null; then
	echo "ok   the validator rejects an unencoded URI"
	pass=$((pass + 1))
else
	echo "FAIL the validator accepted 'my file#1 x.alert' as a uri-reference"
	fail=$((fail + 1))
fi

suite_summary
