#!/usr/bin/env bash
# Golden tests (house style H.1, H.8; cmark spec_tests, libxml2 runtest -u).
#
# Each tests/golden/<case>/ holds one input:
#   input.alert | input.xml     the source (model XML when it starts with '<')
#   input.ref                   or: a repo-relative path (packs/*.alert)
#   args                        optional extra arguments (e.g. -t 2012)
# and the expected outputs, compared with diff -u:
#   expected.xml                the management pack            (required)
#   expected.model.xml          --emit=model                   (required)
#   expected.err                stderr (warnings); else stderr must be empty
#   expected-pages/NAME.html    selected pages docs/<pack id>/NAME.html
#   expected-search.json        docs/search.json
# UPDATE=1 rewrites expected.xml, expected.model.xml, expected.err (when
# there is output) and the pages/search files that already exist (touch a
# file to select it). Every expected.xml is validated against its MP schema
# and every expected.model.xml against schemas/alertdef.xsd; the monitors'
# configurations are validated against schemas/mp/event-monitors.xsd. Each case is
# compiled twice more, once from another directory into another -o path;
# all outputs must be byte-identical. Every packs/*.alert must be the input
# of a case. Last, the seed-facts check: the MP and the page of the 9317
# pack carry every fact of shared/seeds/000_017046753e150bd8.txt.
#
#   SCOMC=build/scomc bash tests/golden/run.sh
#   UPDATE=1 bash tests/golden/run.sh
set -u

. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" golden xmllint python3
SEED_SET=${SEED:+1}
SEED=${SEED:-$ROOT/../shared/seeds/000_017046753e150bd8.txt}

problems=""
problem() { problems="$problems|$*"; }

# compare EXPECTED ACTUAL: diff -u, or copy under UPDATE=1
compare() {
	if [ "$UPDATE" = 1 ]; then
		cp "$2" "$1"
		return
	fi
	if [ ! -f "$1" ]; then
		problem "missing ${1#"$here"/} (UPDATE=1 creates it)"
		return
	fi
	if ! diff -u "$1" "$2" > "$tmp/diff"; then
		problem "${1#"$here"/} differs:"
		problems="$problems|$(head -n 40 "$tmp/diff" | tr '|' '!' | tr '\n' '|')"
	fi
}

validate() { # XML XSD
	xmllint --noout --schema "$2" "$1" 2> "$tmp/xmllint" ||
		problem "${1#"$here"/} is not valid against ${2#"$ROOT"/}: $(grep -m1 -v validates "$tmp/xmllint")"
}

# compile DIR CWD INPUT OUT ARGS...: one run; stderr in $tmp/stderr.
compile() {
	local cwd=$1 input=$2 out=$3
	shift 3
	(cd "$cwd" && timeout 60 "$SCOMC" "$@" --emit=mp,docs,model -o "$out" "$input") \
		> "$tmp/stdout" 2> "$tmp/stderr"
	code=$?
}

report() { # NAME
	if [ -z "$problems" ]; then
		echo "ok   $1"
		pass=$((pass + 1))
	else
		echo "FAIL $1"
		printf '%s\n' "$problems" | tr '|' '\n' | sed '/^$/d; s/^/    /'
		fail=$((fail + 1))
	fi
	problems=""
}

run_case() { # DIR
	local dir=$1 name cwd input args=() id
	name=$(basename "$dir")
	if [ -f "$dir/input.ref" ]; then
		cwd=$ROOT
		input=$(head -n 1 "$dir/input.ref")
	elif [ -f "$dir/input.alert" ]; then
		cwd=$dir input=input.alert
	elif [ -f "$dir/input.xml" ]; then
		cwd=$dir input=input.xml
	else
		problem "no input"; report "$name"; return
	fi
	[ -f "$dir/args" ] && read -r -a args < "$dir/args"
	rm -rf "$tmp/out" "$tmp/again" "$tmp/elsewhere"
	compile "$cwd" "$input" "$tmp/out" "${args[@]}"
	if [ "$code" != 0 ]; then
		problem "exit $code, expected 0"
		problems="$problems|$(head -n 10 "$tmp/stderr" | tr '\n' '|')"
		report "$name"; return
	fi
	if [ -s "$tmp/stdout" ]; then problem "stdout is not empty"; fi
	if [ -f "$dir/expected.err" ] || { [ "$UPDATE" = 1 ] && [ -s "$tmp/stderr" ]; }; then
		compare "$dir/expected.err" "$tmp/stderr"
	elif [ -s "$tmp/stderr" ]; then
		problem "unexpected stderr: $(head -n 3 "$tmp/stderr" | tr '\n' ' ')"
	fi
	id=$(sed -n 's/^<pack id="\([^"]*\)".*/\1/p' "$tmp/out"/*.alertdef.xml | head -n 1)
	if [ -z "$id" ] || [ ! -f "$tmp/out/$id.xml" ]; then
		problem "no management pack written"; report "$name"; return
	fi
	compare "$dir/expected.xml" "$tmp/out/$id.xml"
	compare "$dir/expected.model.xml" "$tmp/out/$id.alertdef.xml"
	local page
	for page in "$dir"/expected-pages/*.html; do
		[ -e "$page" ] || continue
		if [ -f "$tmp/out/docs/$id/$(basename "$page")" ]; then
			compare "$page" "$tmp/out/docs/$id/$(basename "$page")"
		else
			problem "page docs/$id/$(basename "$page") was not written"
		fi
	done
	[ -f "$dir/expected-search.json" ] && compare "$dir/expected-search.json" "$tmp/out/docs/search.json"
	# the expected files are what the schemas must accept
	local mpxsd=$ROOT/schemas/mp/mp-1.0.xsd
	grep -q 'SchemaVersion="2.0"' "$dir/expected.xml" 2> /dev/null && mpxsd=$ROOT/schemas/mp/mp-2.0.xsd
	[ -f "$dir/expected.xml" ] && validate "$dir/expected.xml" "$mpxsd"
	[ -f "$dir/expected.model.xml" ] && validate "$dir/expected.model.xml" "$ROOT/schemas/alertdef.xsd"
	# each monitor's configuration against its monitor type's schema
	if grep -q '<UnitMonitor ' "$dir/expected.xml" 2> /dev/null; then
		xsltproc "$here/monitor-config.xsl" "$dir/expected.xml" > "$tmp/config.xml" &&
			validate "$tmp/config.xml" "$ROOT/schemas/mp/event-monitors.xsd"
	fi
	# determinism: the same run again, then from / with an absolute input
	# path into a differently named, deeper output directory
	compile "$cwd" "$input" "$tmp/again" "${args[@]}"
	diff -r "$tmp/out" "$tmp/again" > /dev/null || problem "second run differs: $(diff -rq "$tmp/out" "$tmp/again" | head -n 2 | tr '\n' ' ')"
	mkdir -p "$tmp/elsewhere/a/b"
	compile / "$cwd/$input" "$tmp/elsewhere/a/b/out" "${args[@]}"
	diff -r "$tmp/out" "$tmp/elsewhere/a/b/out" > /dev/null ||
		problem "run from / into another -o differs: $(diff -rq "$tmp/out" "$tmp/elsewhere/a/b/out" | head -n 2 | tr '\n' ' ')"
	report "$name"
}

for dir in "$here"/*/; do
	run_case "${dir%/}"
done

# Every real pack has a golden case.
for pack in "$ROOT"/packs/*.alert; do
	[ -e "$pack" ] || continue
	rel=packs/$(basename "$pack")
	grep -qxF "$rel" "$here"/*/input.ref 2> /dev/null || problem "$rel has no golden case (add tests/golden/<case>/input.ref)"
done
report "every packs/*.alert has a golden case"

# ---- the seed facts (event 9317) ----
seed_check() {
	local dir=$tmp/seed
	if [ ! -f "$SEED" ]; then
		problem "seed file not found: $SEED (set SEED=...)"
		return
	fi
	rm -rf "$dir"
	compile "$ROOT" packs/Contoso.Exchange2007.SystemAttendant.alert "$dir"
	[ "$code" = 0 ] || { problem "exit $code"; return; }
	python3 "$here/seed_facts.py" "$SEED" "$dir/Contoso.Exchange2007.SystemAttendant.xml" \
		"$dir/docs/Contoso.Exchange2007.SystemAttendant/SpnRegistrationFailed.html" \
		> "$tmp/seed.out" 2>&1 || problems="$problems|$(tr '\n' '|' < "$tmp/seed.out")"
}
# The seed is shared material, not ours to commit: it lives in ../shared
# beside the checkout (as in CI). A checkout with no ../shared at all skips
# this one check, loudly; a ../shared without the seed file fails it.
if [ -z "${SEED_SET:-}" ] && [ ! -d "$ROOT/../shared" ]; then
	echo "skip seed facts: no ../shared beside this checkout (CI has it; or set SEED=FILE)"
else
	seed_check
	report "seed facts of event 9317 in the MP and its page"
fi

[ "$UPDATE" = 1 ] && echo "(UPDATE=1: expected files rewritten; review with git diff)"
suite_summary
