#!/usr/bin/env bash
# Editor support: the TextMate grammar (VS Code and every editor that reads
# TextMate grammars) and the Vim syntax file highlight every keyword of the
# language reference (docs/language.md, as keywords.py reads it), and the
# language server has a hover text for each (compiler/keywords.def).
#   SCOMC=build/scomc bash tests/editors/run.sh
set -u
SUITE_NO_SCOMC=1 . "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" editors
tally() { while IFS= read -r l; do echo "$l"; case $l in ok*) pass=$((pass + 1)) ;; FAIL*) fail=$((fail + 1)) ;; esac; done; }

python3 "$here/keywords.py" "$ROOT/docs/language.md" > "$tmp/words" || { echo "FAIL keywords.py"; exit 1; }
n=$(wc -l < "$tmp/words")
if [ "$n" -lt 40 ]; then
	echo "FAIL only $n keywords read from docs/language.md"
	fail=$((fail + 1))
fi

# VS Code: the package names a grammar and a configuration that exist.
node -e '
const fs = require("fs"), path = require("path"), dir = process.argv[1];
const p = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
const lang = p.contributes.languages[0], gr = p.contributes.grammars[0];
JSON.parse(fs.readFileSync(path.join(dir, lang.configuration), "utf8"));
const g = JSON.parse(fs.readFileSync(path.join(dir, gr.path), "utf8"));
if (!lang.extensions.includes(".alert") || gr.language !== lang.id || g.scopeName !== gr.scopeName) process.exit(1);
' "$ROOT/editors/vscode" && ok "VS Code extension: package.json, grammar and language configuration agree" ||
	{ echo "FAIL VS Code package.json"; fail=$((fail + 1)); }
out=$(node "$here/textmate.js" "$ROOT/editors/vscode/syntaxes/alert.tmLanguage.json" < "$tmp/words" 2>&1)
tally <<< "$out"
[ -n "$out" ] || { echo "FAIL textmate.js printed nothing"; fail=$((fail + 1)); }

# Vim: the syntax file in headless Neovim.
if command -v nvim > /dev/null; then
	WORDS=$tmp/words SYNTAX=$ROOT/editors/vim/syntax/alert.vim VIM_OUT=$tmp/vim.out HOME=$tmp \
		timeout 60 nvim --headless -u NONE -i NONE -n -c "luafile $here/vim.lua" < /dev/null > "$tmp/vim.log" 2>&1
	if [ -s "$tmp/vim.out" ]; then tally < "$tmp/vim.out"; else echo "FAIL vim.lua wrote nothing: $(head -c 400 "$tmp/vim.log")"; fail=$((fail + 1)); fi
else
	echo "FAIL neovim is not installed"
	fail=$((fail + 1))
fi
grep -q 'setfiletype alert' "$ROOT/editors/vim/ftdetect/alert.vim" && ok "vim: *.alert is filetype alert" ||
	{ echo "FAIL vim ftdetect"; fail=$((fail + 1)); }

# The language server's hover texts.
missing=""
while read -r w; do
	grep -q "^KEYWORD(\"$w\"," "$ROOT/compiler/keywords.def" || missing="$missing $w"
done < "$tmp/words"
if [ -z "$missing" ]; then
	ok "compiler/keywords.def explains every keyword (hover in scomc lsp)"
else
	echo "FAIL keywords of docs/language.md without a KEYWORD(\"word\", \"meaning\") line in compiler/keywords.def:$missing"
	fail=$((fail + 1))
fi
suite_summary
