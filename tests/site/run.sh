#!/usr/bin/env bash
# tests/site: the site's full-text search data and its vendored library.
#   - templates/vendor/minisearch.js and its licence are the files of the
#     pinned npm package (tests/site/package*.json, installed with npm ci
#     into build/node-site, git-ignored) and match the README's checksums;
#   - docs/search-text.js decodes (base64, zlib) to each pack's article text,
#     in sections with the pages' anchors, whitespace folded, hostile text
#     kept as data; it is deterministic and written pack by pack;
#   - pack.xsl's part=index and part=pages, assembled as render_html.c does,
#     give the same pages as the whole-pack transform.
# Browser behaviour (typing, ranking, highlighting) is in tests/browser.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" site
nodedir=$ROOT/build/node-site
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: missing '$3'"; fi; }
hasnt() { if grep -qF -- "$3" "$2"; then bad "$1: has '$3'"; else ok "$1"; fi; }

. "$ROOT/tests/lib/npm.sh"
if ! npm_have; then
	echo "FAIL site: node and npm are needed (apt-get install --no-install-recommends nodejs npm)"
	echo "site: 0 passed, 1 failed"
	exit 1
fi

# ---- the vendored library is the pinned package's file
npm_pinned "$here" "$nodedir" "$tmp/npm.log" || bad "npm ci of the pinned minisearch failed: $(tail -5 "$tmp/npm.log")"
pkg=$nodedir/node_modules/minisearch
want=$(sed -n 's/.*"minisearch": "\([^"]*\)".*/\1/p' "$here/package.json")
got=$(sed -n 's/^ *"version": "\([^"]*\)".*/\1/p' "$pkg/package.json" 2>/dev/null | head -1)
[ -n "$want" ] && [ "$want" = "$got" ] && ok "npm installed minisearch $want (pinned)" || bad "minisearch version: want '$want', got '$got'"
grep -q "| $want |" "$ROOT/templates/vendor/README.md" && ok "vendor README names version $want" || bad "vendor README does not name $want"
cmp -s "$pkg/dist/umd/index.js" "$ROOT/templates/vendor/minisearch.js" && ok "templates/vendor/minisearch.js is the package's dist/umd/index.js" \
	|| bad "templates/vendor/minisearch.js differs from the pinned package (run make vendor)"
cmp -s "$pkg/LICENSE.txt" "$ROOT/templates/vendor/minisearch.LICENSE.txt" && ok "licence file is the package's" \
	|| bad "templates/vendor/minisearch.LICENSE.txt differs from the package's LICENSE.txt"
for f in minisearch.js minisearch.LICENSE.txt; do
	sum=$(sha256sum "$ROOT/templates/vendor/$f" | cut -d' ' -f1)
	grep -q "sha256 of \`$f\`: \`$sum\`" "$ROOT/templates/vendor/README.md" && ok "checksum of $f in the README" \
		|| bad "checksum of $f ($sum) is not the README's"
done
grep -q '^Permission is hereby granted' "$ROOT/templates/vendor/minisearch.LICENSE.txt" && ok "licence is MIT text" || bad "licence text"

# ---- the site: assets, search text
"$SCOMC" -o "$tmp/out" "$ROOT"/packs/*.alert "$ROOT"/tests/browser/hostile.alert || bad "compile"
docs=$tmp/out/docs
for f in assets/minisearch.js assets/minisearch.LICENSE.txt search-text.js search.js; do
	[ -s "$docs/$f" ] && ok "site has $f" || bad "site lacks $f"
done
cmp -s "$docs/assets/minisearch.js" "$ROOT/templates/vendor/minisearch.js" && ok "assets/minisearch.js copied unchanged" || bad "assets/minisearch.js differs"
node "$here/decode.js" "$docs" > "$tmp/text.jsonl" 2> "$tmp/decode.err" && ok "search-text.js decodes" || bad "decode: $(cat "$tmp/decode.err")"
[ "$(wc -l < "$tmp/text.jsonl")" = 2 ] && ok "one line per pack" || bad "want 2 packs, got $(wc -l < "$tmp/text.jsonl")"
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const spn = lines.find(p => p.pack === "Contoso.Exchange2007.SystemAttendant");
const a = spn.alerts.find(x => x[0] === "SpnRegistrationFailed.html");
for (const [anchor, heading, text] of a[1]) console.log(anchor + "\t" + heading + "\t" + text);
const h = lines.find(p => p.pack === "Scomc.Test.Hostile");
for (const x of h.alerts) for (const [anchor, heading, text] of x[1]) console.log("H\t" + x[0] + "\t" + anchor + "\t" + heading + "\t" + text);
' "$tmp/text.jsonl" > "$tmp/parts.txt" 2>&1 || bad "parts: $(head -3 "$tmp/parts.txt")"
has "9317: Explanation is section k1" "$tmp/parts.txt" "k1	Explanation	This Error event indicates that the Microsoft Exchange System Attendant service failed"
has "9317: the article's Kerberos sentence" "$tmp/parts.txt" "Each service that needs Kerberos authentication must have an SPN"
has "9317: User Action is k2, list items as words" "$tmp/parts.txt" "k2	User Action	To resolve this error, do one or more of the following: In the Services console"
has "9317: link text is text" "$tmp/parts.txt" "see Troubleshooting DNS servers."
has "9317: For More Information is k3" "$tmp/parts.txt" "k3	For More Information	To search the Microsoft Knowledge Base"
hasnt "9317: no markup in the text" "$tmp/parts.txt" "<a "
hasnt "9317: no URLs from links" "$tmp/parts.txt" "learn.microsoft.com"
if grep -P '  |\t $|^\S+\t\S*\t ' "$tmp/parts.txt" | grep -v '^H' >/dev/null; then bad "white space not folded"; else ok "white space folded"; fi
has "hostile: script text kept as data" "$tmp/parts.txt" "A paragraph with <script>document.body.setAttribute('data-pwned','para')</script> inside."
has "hostile: section title as data" "$tmp/parts.txt" "k1	Summary <b>bold?</b>	"
has "JSON escapes: quotes, backslash, U+2028" "$tmp/text.jsonl" 'Quotes \"q\", a backslash \\ and a line separator \u2028 in JSON.'
has "decoded text keeps them" "$tmp/parts.txt" "Quotes \"q\", a backslash \\ and a line separator $(printf '\342\200\250') in JSON."
"$SCOMC" -o "$tmp/out2" "$ROOT"/packs/*.alert "$ROOT"/tests/browser/hostile.alert
cmp -s "$docs/search-text.js" "$tmp/out2/docs/search-text.js" && ok "search-text.js is deterministic" || bad "search-text.js differs between runs"
"$SCOMC" --emit=mp -o "$tmp/out3" "$ROOT"/packs/*.alert
[ ! -e "$tmp/out3/docs" ] && ok "--emit=mp writes no site" || bad "--emit=mp wrote docs/"

# ---- --baseline: the page of what changed since the previous version
"$SCOMC" --baseline="$here/changes-old.alert" -o "$tmp/ch" "$here/changes-new.alert" 2> "$tmp/ch.err" \
	&& ok "compile with --baseline" || bad "compile with --baseline: $(cat "$tmp/ch.err")"
[ -s "$tmp/ch.err" ] && bad "--baseline run printed: $(cat "$tmp/ch.err")" || ok "--baseline run is quiet"
vp=$tmp/ch/docs/Contoso.Changes/version-1.0.0.1.html
has "changes page: heading" "$vp" "<h1>What changed in version 1.0.0.1</h1>"
has "changes page: summary in words" "$vp" "Compared with version 1.0.0.0 of Changes test pack: 1 alert added, 1 alert changed, 1 alert removed.</p>"
has "changes page: added, linked" "$vp" '<li><a href="Added.html">A new alert</a> (event 400) is new in this version.</li>'
has "changes page: removed, not linked" "$vp" "<li>An alert that is removed (event 300) is no longer in the pack.</li>"
has "changes page: title change, escaped" "$vp" "<li>The title changed from “The old title” to “The &lt;new&gt; title”.</li>"
has "changes page: event IDs" "$vp" "<li>The event IDs changed from “200” to “200, 201”.</li>"
has "changes page: type" "$vp" "<li>The alert type changed from “Warning” to “Error”.</li>"
has "changes page: article sections" "$vp" "<li>The knowledge article changed: User Action. No longer in the article: Old Notes.</li>"
hasnt "changes page: an unchanged alert is not listed" "$vp" "Kept.html"
hasnt "changes page: no raw markup from the pack" "$vp" "<new>"
has "pack index links to the changes page" "$tmp/ch/docs/Contoso.Changes/index.html" \
	'<p class="changes"><a href="version-1.0.0.1.html">What changed in version 1.0.0.1</a> since version 1.0.0.0</p>'
"$SCOMC" -o "$tmp/noch" "$here/changes-new.alert"
[ ! -e "$tmp/noch/docs/Contoso.Changes/version-1.0.0.1.html" ] && ok "no changes page without --baseline" || bad "changes page without --baseline"
hasnt "no changes link without --baseline" "$tmp/noch/docs/Contoso.Changes/index.html" 'class="changes"'
"$SCOMC" --baseline="$here/changes-new.alert" -o "$tmp/same" "$here/changes-new.alert" 2> "$tmp/same.err"
grep -q "W520" "$tmp/same.err" && ok "same version: W520" || bad "same version: no W520 ($(cat "$tmp/same.err"))"
has "no change: said so" "$tmp/same/docs/Contoso.Changes/version-1.0.0.1.html" "of Changes test pack: no alert changed.</p>"
"$SCOMC" --baseline="$here/changes-old.alert" -o "$tmp/two" "$here/changes-new.alert" "$ROOT"/packs/*.alert 2>/dev/null \
	&& [ -f "$tmp/two/docs/Contoso.Changes/version-1.0.0.1.html" ] && [ -z "$(ls "$tmp/two/docs/Contoso.Exchange2007.SystemAttendant" | grep '^version-')" ] \
	&& ok "with several inputs, only the baseline's pack gets the page" || bad "several inputs and --baseline"
"$SCOMC" --baseline="$tmp/nothere.alert" -o "$tmp/nb" "$here/changes-new.alert" 2>/dev/null
[ $? = 3 ] && [ ! -e "$tmp/nb/docs" ] && ok "unreadable baseline: exit 3, nothing written" || bad "unreadable baseline"

# ---- one page at a time = the whole-pack transform
tpl=$ROOT/templates
model=$ROOT/tests/templates/sample-model.xml
xsltproc "$tpl/pack.xsl" "$model" > "$tmp/whole.xml"
xsltproc --stringparam part index --stringparam alert-count 3 "$tpl/pack.xsl" "$model" > "$tmp/index.xml"
xsltproc --stringparam part pages "$tpl/pack.xsl" "$model" > "$tmp/pages.xml"
[ "$(xmllint --xpath 'count(/pages/page)' "$tmp/index.xml")" = 1 ] && ok "part=index: one page" || bad "part=index pages"
has "part=index: rows marker" "$tmp/index.xml" "<tbody>
<!--rows--></tbody>"
[ "$(xmllint --xpath 'count(/pages/page[@href="index.html"])' "$tmp/pages.xml")" = 0 ] && ok "part=pages: no index page" || bad "part=pages has the index"
[ "$(xmllint --xpath 'count(/pages/row)' "$tmp/pages.xml")" = 3 ] && ok "part=pages: a row per alert" || bad "part=pages rows"
node -e '
const fs = require("fs");
const [index, pages, whole] = process.argv.slice(1, 4).map(f => fs.readFileSync(f, "utf8"));
const page = (doc, href) => { const m = doc.match(new RegExp("<page href=\"" + href + "\">[\\s\\S]*?</page>")); return m ? m[0] : ""; };
const rows = [...pages.matchAll(/<row>([\s\S]*?)<\/row>/g)].map(m => m[1]).join("");
fs.writeFileSync(process.argv[4], page(index, "index.html").replace("<!--rows-->", () => rows));
fs.writeFileSync(process.argv[5], page(whole, "index.html"));
' "$tmp/index.xml" "$tmp/pages.xml" "$tmp/whole.xml" "$tmp/assembled.txt" "$tmp/whole-index.txt"
grep -q "<tr><td>9317</td>" "$tmp/assembled.txt" && cmp -s "$tmp/assembled.txt" "$tmp/whole-index.txt" && ok "index head + rows = the whole-pack index page" \
	|| bad "assembled index page differs: $(diff "$tmp/assembled.txt" "$tmp/whole-index.txt" | head -5)"
for p in SpnRegistrationFailed StoreServiceErrors HostileText; do
	a=$(xmllint --xpath "/pages/page[@href='$p.html']" "$tmp/pages.xml")
	b=$(xmllint --xpath "/pages/page[@href='$p.html']" "$tmp/whole.xml")
	[ -n "$a" ] && [ "$a" = "$b" ] && ok "part=pages $p.html = whole-pack page" || bad "part=pages $p.html differs"
done

suite_summary
