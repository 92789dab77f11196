#!/usr/bin/env bash
# Command-line tests (house style G and H.3; jq tests/shtest, chibicc
# test/driver.sh): --help/--version, usage errors, exit codes 0-4, stdin and
# stdout, all-or-nothing outputs, diagnostics formats and files, data
# directories. Each test prints one line; the suite fails if any test does.
# Diagnostic IDs asserted here as "[E5xx]" count for the coverage check of
# tests/errors/run.sh (IDs no .alert input can reach).
#
#   SCOMC=build/scomc bash tests/cli/run.sh
set -u

. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" cli

PACK=$ROOT/packs/Contoso.Exchange2007.SystemAttendant.alert
PACK_ID=Contoso.Exchange2007.SystemAttendant
problems=""

# ---- harness ----

# run [ARGS...]: runs scomc in $tmp/work with stdin from $STDIN (default
# /dev/null); leaves $code, $tmp/stdout, $tmp/stderr.
run() {
	(cd "$tmp/work" && timeout 60 "$SCOMC" "$@") < "${STDIN:-/dev/null}" \
		> "$tmp/stdout" 2> "$tmp/stderr"
	code=$?
	if [ "$code" -gt 128 ] || [ "$code" = 124 ]; then
		problem "crashed or timed out (exit $code)"
	fi
}
problem() { problems="$problems|$*"; }
expect_code() { [ "$code" = "$1" ] || problem "exit $code, expected $1"; }
expect_err() { grep -qF -- "$1" "$tmp/stderr" || problem "stderr lacks '$1'"; }
expect_out() { grep -qF -- "$1" "$tmp/stdout" || problem "stdout lacks '$1'"; }
expect_no_err() { [ ! -s "$tmp/stderr" ] || problem "stderr not empty: $(head -c 200 "$tmp/stderr")"; }
expect_no_out() { [ ! -s "$tmp/stdout" ] || problem "stdout not empty: $(head -c 200 "$tmp/stdout")"; }
expect_file() { [ -s "$tmp/work/$1" ] || problem "missing output $1"; }
# expect_empty_dir DIR: DIR is absent or holds no files at all
expect_empty_dir() {
	[ ! -d "$tmp/work/$1" ] || [ -z "$(find "$tmp/work/$1" -mindepth 1 -type f)" ] ||
		problem "$1 has files: $(find "$tmp/work/$1" -type f | head -n 3 | tr '\n' ' ')"
	[ -z "$(find "$tmp/work" -name '.scomc-stage-*')" ] || problem "staging directory left behind"
}
# expect_no_new_files: the work directory holds only the inputs of begin()
expect_no_new_files() {
	local extra
	extra=$(cd "$tmp/work" && find . -type f ! -name good.alert ! -name bad.alert ! -name warn.alert)
	[ -z "$extra" ] || problem "files appeared: $(echo "$extra" | head -n 3 | tr '\n' ' ')"
}
expect_json() { # FILE: valid JSON
	python3 -m json.tool "$1" > /dev/null 2> "$tmp/json-err" ||
		problem "not valid JSON: $(head -c 200 "$tmp/json-err")"
}

# begin NAME: a fresh work directory holding good.alert, bad.alert, warn.alert
begin() {
	name=$1
	problems=""
	rm -rf "$tmp/work"
	mkdir "$tmp/work"
	cp "$PACK" "$tmp/work/good.alert"
	cp "$here/bad.alert" "$here/warn.alert" "$tmp/work/"
	unset STDIN
}
end() {
	if [ -z "$problems" ]; then
		echo "ok   $name"
		pass=$((pass + 1))
	else
		echo "FAIL $name"
		printf '%s\n' "$problems" | tr '|' '\n' | sed '/^$/d; s/^/    /'
		sed 's/^/    stderr: /' "$tmp/stderr" | head -n 8
		fail=$((fail + 1))
	fi
}

# ---- --help, --version, usage errors (exit 2) ----

begin "--help goes to stdout, exit 0, documents the exit codes"
run --help
expect_code 0; expect_no_err
expect_out "Usage: scomc"; expect_out "Exit status"
for c in 0 1 2 3 4; do grep -qE "^ +$c " "$tmp/stdout" || problem "--help does not explain exit code $c"; done
end

begin "-h is --help"
run -h
expect_code 0; expect_out "Usage: scomc"
end

begin "--version: first line 'scomc X.Y.Z', exit 0"
run --version
expect_code 0; expect_no_err
head -n 1 "$tmp/stdout" | grep -qE '^scomc [0-9]+\.[0-9]+\.[0-9]+$' || problem "first line: $(head -n 1 "$tmp/stdout")"
end

begin "unknown option: exit 2 and a pointer to --help"
run --frobnicate good.alert
expect_code 2; expect_no_out
expect_err "Try 'scomc --help'"
expect_no_new_files
end

begin "no input file: exit 2"
run
expect_code 2; expect_err "no input files"; expect_err "Try 'scomc --help'"
end

begin "bad option values: exit 2"
for args in "--diagnostics-format=xml" "--max-errors=-1" "--max-errors=x" "--emit=pdf" "-t 2016"; do
	# shellcheck disable=SC2086
	run $args good.alert
	[ "$code" = 2 ] || problem "$args: exit $code, expected 2"
	grep -qF "Try 'scomc --help'" "$tmp/stderr" || problem "$args: no pointer to --help"
done
expect_no_new_files
end

# ---- input and output errors (exit 3) ----

begin "missing input file: exit 3, the path in the message [E501]"
run -o out no/such/file.alert
expect_code 3; expect_err "no/such/file.alert"; expect_err "[E501]"
expect_empty_dir out
end

begin "a misspelt command: exit 3 [E501] with a hint naming the command"
run verfy good.alert
expect_code 3; expect_err "cannot open 'verfy'"
expect_err "hint: 'verfy' is not a command: did you mean 'scomc verify'?"
end

begin "a command after an option: exit 3 [E501], the hint says the command comes first"
run -q check good.alert
expect_code 3; expect_err "cannot open 'check'"
expect_err "hint: the command comes first: scomc check [OPTION]... FILE..."
end

begin "a missing file that only looks like a command name later on: no hint"
run good.alert verfy
expect_code 3
grep -q "not a command" "$tmp/stderr" && problem "hint for an operand that is not the first"
end

begin "input is a directory: exit 3 [E501]"
mkdir "$tmp/work/dir.alert"
run -o out dir.alert
expect_code 3; expect_err "dir.alert"; expect_err "[E501]"
end

begin "output under /proc cannot be created: exit 3 [E502]"
run -o /proc/scomc-no-such-dir good.alert
expect_code 3; expect_err "/proc/scomc-no-such-dir"; expect_err "[E502]"
end

begin "output path is a file, not a directory: exit 3 [E502]"
echo keep > "$tmp/work/afile"
run -o afile good.alert
expect_code 3; expect_err "afile"; expect_err "[E502]"
[ "$(cat "$tmp/work/afile")" = keep ] || problem "the file was changed"
end

begin "-o - on a full stdout: exit 3 [E502]"
(cd "$tmp/work" && "$SCOMC" --emit=mp -o - good.alert > /dev/full 2> "$tmp/stderr")
code=$?
expect_code 3; expect_err "[E502]"
end

begin "--diagnostics-output into a missing directory: exit 3 [E502]"
run check --diagnostics-output=no/such/dir/diag.txt warn.alert
expect_code 3; expect_err "no/such/dir/diag.txt"; expect_err "[E502]"
end

# ---- stdin and stdout ----

begin "'-' reads the input from stdin"
STDIN=$PACK run --emit=mp -o out -
expect_code 0; expect_no_err
expect_file "out/$PACK_ID.xml"
run --emit=mp -o ref good.alert
cmp -s "$tmp/work/out/$PACK_ID.xml" "$tmp/work/ref/$PACK_ID.xml" || problem "stdin output differs from file output"
end

begin "'-' in diagnostics is shown as '-'"
STDIN=$here/bad.alert run check -
expect_code 1; expect_err "-:"
end

begin "-o - writes the management pack to stdout and nothing else"
run --emit=mp -o - good.alert
expect_code 0; expect_no_err
head -n 2 "$tmp/stdout" | grep -q '<ManagementPack' || problem "stdout is not the MP"
xmllint --noout --schema "$ROOT/schemas/mp/mp-1.0.xsd" "$tmp/stdout" 2> /dev/null || problem "stdout MP is not valid"
[ -z "$(find "$tmp/work" -name '*.xml' -o -name 'docs' | head -n 1)" ] || problem "files were written"
end

begin "-o - --emit=model writes the model to stdout"
run --emit=model -o - good.alert
expect_code 0; expect_no_err
expect_out "<pack id=\"$PACK_ID\""
xmllint --noout --schema "$ROOT/schemas/alertdef.xsd" "$tmp/stdout" 2> /dev/null || problem "stdout model is not valid"
end

begin "-o - with --diagnostics-format=json|sarif is a usage error unless --diagnostics-output"
for fmt in json sarif; do
	for cmd in "" decompile unseal; do
		# shellcheck disable=SC2086
		run $cmd --diagnostics-format=$fmt -o - good.alert
		[ "$code" = 2 ] || problem "${cmd:-compile} $fmt: exit $code, expected 2"
		[ ! -s "$tmp/stdout" ] || problem "${cmd:-compile} $fmt: stdout not empty"
		grep -qF -- "'-o -' and --diagnostics-format=$fmt both need standard output; add --diagnostics-output=FILE" \
			"$tmp/stderr" || problem "${cmd:-compile} $fmt: message: $(head -n 1 "$tmp/stderr")"
	done
	run --emit=mp --diagnostics-format=$fmt --diagnostics-output=diag.$fmt -o - good.alert
	expect_code 0
	head -n 2 "$tmp/stdout" | grep -q '<ManagementPack' || problem "$fmt: stdout is not the MP"
	expect_json "$tmp/work/diag.$fmt"
done
end

begin "an option another command takes is unknown here: exit 2, named"
run --force good.alert
expect_code 2; expect_err "scomc: unknown option '--force'"; expect_err "Try 'scomc --help'"
run verify --emit=mp good.alert
expect_code 2; expect_err "scomc verify: unknown option '--emit'"; expect_err "Try 'scomc verify --help'"
run -o
expect_code 2; expect_err "scomc: missing value for option '-o'"
end

begin "--help lists every registered command"
run --help
for c in check verify unseal decompile; do
	grep -qE "^  $c +[a-z]" "$tmp/stdout" || problem "--help does not list $c"
done
end

begin "-o - with two inputs is a usage error"
cp "$PACK" "$tmp/work/other.alert"
run --emit=mp -o - good.alert other.alert
expect_code 2; expect_no_out
end

# ---- compile, check, all or nothing ----

begin "compile writes the MP, the pages and the search index; exit 0"
run -o out good.alert
expect_code 0; expect_no_err; expect_no_out
expect_file "out/$PACK_ID.xml"
expect_file "out/docs/index.html"
expect_file "out/docs/search.json"
expect_file "out/docs/$PACK_ID/SpnRegistrationFailed.html"
[ -z "$(find "$tmp/work/out" -name '.scomc-stage-*')" ] || problem "staging directory left behind"
end

begin "--emit=model writes only the model"
run --emit=model -o out good.alert
expect_code 0
expect_file "out/$PACK_ID.alertdef.xml"
[ ! -e "$tmp/work/out/$PACK_ID.xml" ] || problem "MP written too"
[ ! -e "$tmp/work/out/docs" ] || problem "docs written too"
end

begin "-t 2012 writes a schema 2.0 MP"
run --emit=mp -t 2012 -o out good.alert
expect_code 0
grep -q 'SchemaVersion="2.0"' "$tmp/work/out/$PACK_ID.xml" || problem "no SchemaVersion=2.0"
xmllint --noout --schema "$ROOT/schemas/mp/mp-2.0.xsd" "$tmp/work/out/$PACK_ID.xml" 2> /dev/null || problem "not valid against mp-2.0.xsd"
end

begin "check validates and writes nothing"
run check -o out good.alert warn.alert
expect_code 0
expect_no_new_files
end

begin "check reports errors with exit 1"
run check bad.alert
expect_code 1; expect_err "bad.alert:"; expect_err "error:"
end

begin "several files, one bad: exit 1, every file reported, nothing written"
run -o out good.alert bad.alert warn.alert
expect_code 1
expect_err "bad.alert:"; expect_err "warn.alert:"
expect_empty_dir out
end

begin "a failing run leaves earlier outputs untouched"
run -o out good.alert
expect_code 0
(cd "$tmp/work/out" && find . -type f | sort | xargs sha256sum) > "$tmp/before"
cp "$tmp/work/bad.alert" "$tmp/work/good2.alert"
sed -i 's/^pack [A-Za-z.]*/pack Contoso.Exchange2007.SystemAttendant/' "$tmp/work/good2.alert"
run -o out good2.alert
expect_code 1
(cd "$tmp/work/out" && find . -type f | sort | xargs sha256sum) > "$tmp/after"
cmp -s "$tmp/before" "$tmp/after" || problem "outputs changed: $(diff "$tmp/before" "$tmp/after" | head -n 3)"
[ -z "$(find "$tmp/work/out" -name '.scomc-stage-*')" ] || problem "staging directory left behind"
end

begin "two inputs with one pack id: exit 1 [E308]"
cp "$PACK" "$tmp/work/copy.alert"
run -o out good.alert copy.alert
expect_code 1; expect_err "copy.alert:"; expect_err "[E308]"
expect_empty_dir out
end

# ---- diagnostics ----

begin "--diagnostics-format=json: valid JSON on stdout, nothing on stderr"
run check --diagnostics-format=json bad.alert warn.alert
expect_code 1; expect_no_err
expect_json "$tmp/stdout"
python3 - "$tmp/stdout" <<'EOF' || problem "JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["errors"] >= 1 and d["warnings"] >= 1, d
for x in d["diagnostics"]:
    assert x["level"] in ("error", "warning"), x
    assert x["file"] in ("bad.alert", "warn.alert"), x
    assert x["line"] >= 1 and x["column"] >= 1, x
EOF
end

begin "--diagnostics-format=sarif: valid SARIF 2.1.0 on stdout"
run check --diagnostics-format=sarif bad.alert warn.alert
expect_code 1; expect_no_err
expect_json "$tmp/stdout"
python3 - "$tmp/stdout" <<'EOF' || problem "SARIF content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and "sarif" in d["$schema"], d.keys()
run = d["runs"][0]
assert run["columnKind"] == "unicodeCodePoints"
drv = run["tool"]["driver"]
assert drv["name"] == "scomc" and drv["version"]
rules = {r["id"] for r in drv["rules"]}
assert run["results"], "no results"
for r in run["results"]:
    assert r["ruleId"] in rules, r["ruleId"]
    assert r["level"] in ("error", "warning", "note"), r
    assert r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] in ("bad.alert", "warn.alert")
    reg = loc["region"]
    assert reg["startLine"] >= 1 and reg["startColumn"] >= 1
EOF
end

begin "--diagnostics-format=json with no problems: an empty list"
run check --diagnostics-format=json good.alert
expect_code 0; expect_no_err; expect_json "$tmp/stdout"
expect_out '"errors": 0'
end

begin "environment errors appear in JSON too"
run check --diagnostics-format=json missing.alert
expect_code 3; expect_no_err; expect_json "$tmp/stdout"
expect_out '"E501"'
end

begin "--diagnostics-output=FILE takes the text diagnostics"
run check --diagnostics-output=diag.txt bad.alert
expect_code 1; expect_no_err; expect_no_out
grep -q "bad.alert:.*error:" "$tmp/work/diag.txt" || problem "diag.txt lacks the errors"
end

begin "--diagnostics-output=FILE with SARIF"
run check --diagnostics-format=sarif --diagnostics-output=out.sarif bad.alert
expect_code 1; expect_no_err; expect_no_out
expect_json "$tmp/work/out.sarif"
end

begin "--max-errors=2 stops with 'too many errors'"
run check --max-errors=2 bad.alert
expect_code 1; expect_err "too many errors"
[ "$(grep -c ': error:' "$tmp/stderr")" = 2 ] || problem "expected exactly 2 errors, got $(grep -c ': error:' "$tmp/stderr")"
end

begin "--max-errors=0 means no limit"
run check --max-errors=0 bad.alert
expect_code 1
grep -q "too many errors" "$tmp/stderr" && problem "stopped early"
[ "$(grep -c ': error:' "$tmp/stderr")" -gt 2 ] || problem "expected more than 2 errors"
end

begin "a warning alone: exit 0 and outputs written"
run -o out warn.alert
expect_code 0; expect_err "warning:"
[ -n "$(find "$tmp/work/out" -name '*.xml')" ] || problem "no MP written"
end

begin "--werror turns a warning into exit 1 and writes nothing"
run --werror -o out warn.alert
expect_code 1; expect_err "warning:"
expect_empty_dir out
end

begin "-q hides warnings"
run check -q warn.alert
expect_code 0; expect_no_err
end

begin "-q still shows errors"
run check -q bad.alert
expect_code 1; expect_err "error:"
grep -q "warning:" "$tmp/stderr" && problem "a warning was shown"
end

begin "--no-caret: no source lines"
run check --no-caret bad.alert
expect_code 1
grep -q '^ *[0-9]* | ' "$tmp/stderr" && problem "a source line was shown"
end

begin "paths are printed as given"
mkdir -p "$tmp/work/sub/dir"
cp "$tmp/work/bad.alert" "$tmp/work/sub/dir/"
run check ./sub/dir/bad.alert
expect_code 1; expect_err "./sub/dir/bad.alert:"
end

begin "--dump-tokens prints the tokens"
run check --dump-tokens good.alert
expect_code 0
grep -q "word 'pack'" "$tmp/stdout" || problem "no 'pack' token in the dump"
end

# ---- data directories ----

mkdir -p "$tmp/empty"

begin "--schema-dir without schemas: exit 3 [E503]"
run --schema-dir="$tmp/empty" -o out good.alert
expect_code 3; expect_err "[E503]"; expect_err "alertdef.xsd"
expect_empty_dir out
end

begin "--template-dir without templates: exit 3 [E503]"
run --template-dir="$tmp/empty" -o out good.alert
expect_code 3; expect_err "[E503]"; expect_err "pack.xsl"
expect_empty_dir out
end

begin "SCOMC_SCHEMA_DIR is used when --schema-dir is not given"
SCOMC_SCHEMA_DIR="$tmp/empty" run check good.alert
expect_code 3; expect_err "[E503]"
SCOMC_SCHEMA_DIR="$ROOT/schemas" run check good.alert
expect_code 0
end

begin "--schema-dir wins over SCOMC_SCHEMA_DIR"
SCOMC_SCHEMA_DIR="$tmp/empty" run check --schema-dir="$ROOT/schemas" good.alert
expect_code 0
end

begin "SCOMC_TEMPLATE_DIR is used when --template-dir is not given"
SCOMC_TEMPLATE_DIR="$tmp/empty" run -o out good.alert
expect_code 3; expect_err "[E503]"
expect_empty_dir out
end

begin "a broken schema file: exit 3 [E503]"
cp -r "$ROOT/schemas" "$tmp/work/broken"
echo '<xs:schema' > "$tmp/work/broken/alertdef.xsd"
run check --schema-dir=broken good.alert
expect_code 3; expect_err "[E503]"
end

# decompile's self-check compiles on threads, which need alertdef.xsd
# loaded first (compiler/decompile_batch.c): it is tried without a word, and
# the self-check reports why it does not load once, as before (W611, then
# every rule stays MP XML: E618), libxml2's own message once.
begin "decompile with a broken alertdef.xsd: the self-check says so once [W611] [E503]"
run --emit=mp -o mp good.alert
cp -r "$ROOT/schemas" "$tmp/work/broken"
echo '<xs:schema' > "$tmp/work/broken/alertdef.xsd"
mp=$(cd "$tmp/work" && echo mp/*.xml)
run decompile --schema-dir=broken --no-caret -o d "$mp" "$mp"
expect_code 1; expect_err "does not compile: line 0:0: cannot load schema"
[ "$(grep -c 'E503' "$tmp/stderr")" = 1 ] || problem "E503 told $(grep -c 'E503' "$tmp/stderr") times, not once"
[ "$(grep -c 'parser error' "$tmp/stderr")" = 1 ] || problem "libxml2's message told $(grep -c 'parser error' "$tmp/stderr") times"
[ "$(grep -c 'nothing to decompile' "$tmp/stderr")" = 2 ] || problem "not both packs: nothing to decompile [E618]"
end

begin "an MP schema that rejects valid output: internal error, exit 4 [E402]"
cp -r "$ROOT/schemas" "$tmp/work/wrong"
sed -i 's/<xs:element name="ManagementPack">/<xs:element name="NotAManagementPack">/' "$tmp/work/wrong/mp/mp-1.0.xsd"
grep -q NotAManagementPack "$tmp/work/wrong/mp/mp-1.0.xsd" || problem "could not break the schema"
run --schema-dir=wrong -o out good.alert
expect_code 4; expect_err "[E402]"
expect_empty_dir out
end

begin "--no-validate-output skips the MP schema"
cp -r "$ROOT/schemas" "$tmp/work/wrong"
sed -i 's/<xs:element name="ManagementPack">/<xs:element name="NotAManagementPack">/' "$tmp/work/wrong/mp/mp-1.0.xsd"
run --schema-dir=wrong --no-validate-output --emit=mp -o out good.alert
expect_code 0
expect_file "out/$PACK_ID.xml"
end

begin "a template writing outside the site is refused: exit 1 [E504]"
cp -r "$ROOT/templates" "$tmp/work/evil"
cat > "$tmp/work/evil/pack.xsl" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <pages><page href="../../escape.html"><html><body>x</body></html></page></pages>
  </xsl:template>
</xsl:stylesheet>
EOF
run --template-dir=evil -o out good.alert
expect_code 1; expect_err "[E504]"
expect_empty_dir out
if [ -e "$tmp/work/escape.html" ] || [ -e "$tmp/escape.html" ]; then
	problem "a file escaped the output directory"
fi
end

begin "one pack given twice: no output, exit 1 [E505], an earlier output untouched"
run --emit=mp -o mp good.alert
cp "$tmp/work/mp/$PACK_ID.xml" "$tmp/work/copy.xml"
mkdir -p "$tmp/work/out" && echo earlier > "$tmp/work/out/keep.txt"
run decompile -q -o out "mp/$PACK_ID.xml" copy.xml
expect_code 1; expect_no_out
printf '%s\n' "scomc: error: two outputs of this run are named '$PACK_ID.alert' [E505]" \
	"hint: two inputs are one pack, or packs whose IDs differ only in case: give each once" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/stderr" || problem "stderr: $(head -c 300 "$tmp/stderr")"
[ "$(cat "$tmp/work/out/keep.txt")" = earlier ] || problem "the earlier output changed"
[ "$(find "$tmp/work/out" -type f | wc -l)" = 1 ] || problem "files written: $(ls "$tmp/work/out")"
[ -z "$(find "$tmp/work" -name '.scomc-stage-*')" ] || problem "staging directory left behind"
run decompile -q -o out2 "mp/$PACK_ID.xml"
expect_code 0; expect_file "out2/$PACK_ID.alert"
end

begin "a sealed pack given twice to unseal: exit 1 [E505]"
cp "$ROOT/tests/sealed/Scomc.Test.Sealed.mp" "$tmp/work/a.mp"
cp "$ROOT/tests/sealed/Scomc.Test.Sealed.mp" "$tmp/work/b.mp"
run unseal -q -o out a.mp b.mp
expect_code 1; expect_err "scomc: error: two outputs of this run are named 'Scomc.Test.Sealed.xml' [E505]"
expect_empty_dir out
end

suite_summary
