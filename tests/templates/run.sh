#!/usr/bin/env bash
# tests/templates/run.sh: checks the site templates (templates/*.xsl, .css,
# .js) with xsltproc alone, without the compiler:
#   - the 9317 page carries every fact of the seed page, in the seed's order;
#   - Details values, links, sections, event formats, page structure;
#   - hostile model text comes out escaped, never as markup;
#   - output is byte-identical across runs;
#   - the assets use no network, no innerHTML, no disable-output-escaping.
# Optional: a headless Chromium run of the filter and the search (when
# chromium is on PATH; BROWSER=0 skips it) and a linear-time check over
# 2,000 and 20,000 alerts (PERF=1). KEEP=1 keeps the work directory.
# Exit status: 0 all checks passed, 1 a check failed, 2 a tool is missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tpl="$root/templates"
seed=${SEED:-"$root/../shared/seeds/000_017046753e150bd8.txt"}
gen="scomc 0.1.0"

for tool in xsltproc xmllint cmp; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: $tool not found" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/scomc-templates.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "work directory: $work"
else
  trap 'rm -rf "$work"' EXIT
fi

failures=0
checks=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { checks=$((checks + 1)); }

# has FILE STRING [what]: FILE contains STRING (fixed string).
has() {
  if grep -qF -- "$2" "$1"; then ok; else fail "${3:-$(basename "$1")} lacks: $2"; fi
}
# hasnt FILE STRING [what]: FILE does not contain STRING.
hasnt() {
  if grep -qF -- "$2" "$1"; then fail "${3:-$(basename "$1")} contains: $2"; else ok; fi
}
# count FILE STRING N: STRING occurs exactly N times.
count() {
  local n
  n=$(grep -oF -- "$2" "$1" | wc -l)
  if [ "$n" -eq "$3" ]; then ok; else fail "$(basename "$1"): '$2' occurs $n times, want $3"; fi
}
# page PAGES HREF OUT: extract one <page> of a pages document.
page() {
  xmllint --xpath "/pages/page[@href='$2']" "$1" >"$3" 2>/dev/null ||
    fail "no page $2 in $(basename "$1")"
}

model="$here/sample-model.xml"
site="$here/sample-site.xml"

# ---------------------------------------------------------------- transform
xsltproc --stringparam generator "$gen" "$tpl/pack.xsl" "$model" >"$work/pack.xml" ||
  { echo "FAIL: pack.xsl failed"; exit 1; }
xsltproc --stringparam generator "$gen" "$tpl/pack.xsl" "$model" >"$work/pack2.xml"
xsltproc --stringparam generator "$gen" "$tpl/home.xsl" "$site" >"$work/home.xml" ||
  { echo "FAIL: home.xsl failed"; exit 1; }
xsltproc --stringparam generator "$gen" "$tpl/home.xsl" "$site" >"$work/home2.xml"
xsltproc "$tpl/pack.xsl" "$model" >"$work/pack-nogen.xml"

# ------------------------------------------------------------- determinism
cmp -s "$work/pack.xml" "$work/pack2.xml" && ok || fail "pack.xsl output differs between two runs"
cmp -s "$work/home.xml" "$work/home2.xml" && ok || fail "home.xsl output differs between two runs"

# -------------------------------------------------------------- page list
hrefs=$(xmllint --xpath '/pages/page/@href' "$work/pack.xml" 2>/dev/null | tr -s ' \n' ' ')
want=' href="index.html" href="SpnRegistrationFailed.html" href="StoreServiceErrors.html" href="HostileText.html" '
[ " ${hrefs# }" = "$want" ] || [ "$hrefs" = "$want" ] && ok || fail "pack pages are [$hrefs], want [$want]"
for f in pack home; do
  n_pages=$(xmllint --xpath 'count(/pages/page)' "$work/$f.xml")
  n_html=$(xmllint --xpath 'count(/pages/page/html)' "$work/$f.xml")
  n_one=$(xmllint --xpath 'count(/pages/page[count(*) = 1 and html])' "$work/$f.xml")
  [ "$n_pages" = "$n_html" ] && [ "$n_pages" = "$n_one" ] && ok ||
    fail "$f: every <page> must hold exactly one <html>"
  # exactly one h1 per page, h2 never before it, no namespace on the output
  [ "$(xmllint --xpath 'count(/pages/page[count(.//h1) != 1])' "$work/$f.xml")" = 0 ] && ok ||
    fail "$f: a page without exactly one h1"
  [ "$(xmllint --xpath 'count(/pages/page[(.//*[self::h1 or self::h2])[1][not(self::h1)]])' "$work/$f.xml")" = 0 ] && ok ||
    fail "$f: a page whose first heading is not its h1"
  [ "$(xmllint --xpath 'count(//*[namespace-uri() != ""])' "$work/$f.xml")" = 0 ] && ok ||
    fail "$f: output elements must have no namespace"
done

# ------------------------------------------------------- the 9317 page
p="$work/spn.html"
page "$work/pack.xml" SpnRegistrationFailed.html "$p"
has "$p" '<html lang="en">'
has "$p" '<meta charset="utf-8"/>'
has "$p" '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
has "$p" '<title>Failed to register Service Principal Name – Exchange Server 2007 System Attendant</title>'
has "$p" '<link rel="stylesheet" href="../assets/scomc.css"/>'
has "$p" '<h1>Failed to register Service Principal Name</h1>'
has "$p" '<p class="modified">Topic Last Modified: 2007-11-16</p>'
has "$p" 'Topic Last Modified: 2007-11-16'
has "$p" '<h2 id="details">Details</h2>'
has "$p" '<th scope="row">Product Name</th><td>Exchange</td>'
has "$p" '<th scope="row">Product Version</th><td>8.0 (Exchange Server 2007)</td>'
has "$p" '<th scope="row">Event ID</th><td>9317</td>'
has "$p" '<th scope="row">Event Source</th><td>MSExchangeSA</td>'
has "$p" '<th scope="row">Alert Type</th><td><span class="type type-warning">Warning</span></td>'
has "$p" '<th scope="row">MOM Rule Path</th><td>Microsoft Exchange Server/Exchange 2007/Mailbox/System Attendant</td>'
has "$p" '<th scope="row">MOM Rule Name</th><td>Failed to register Service Principal Name. This may blocks specific users from accessing their mailboxes.</td>'
has "$p" '<a href="https://learn.microsoft.com/troubleshoot/windows-server/networking/troubleshoot-dns-servers">Troubleshooting DNS servers</a>'
has "$p" '<a href="https://support.microsoft.com/kb/321044">Service Logons Fail Due to Incorrectly Set SPNs</a>'
has "$p" '<h2 id="k1">Explanation</h2>'
has "$p" '<h2 id="k2">User Action</h2>'
has "$p" '<h2 id="k3">For More Information</h2>'
has "$p" '<a href="../index.html">All packs</a>'
has "$p" '<a href="index.html">Exchange Server 2007 System Attendant</a>'
has "$p" '<span class="pack-id">Contoso.Exchange2007.SystemAttendant</span> version 1.0.0.0 · Generated by scomc 0.1.0'
[ "$(xmllint --xpath "count(/pages/page[@href='SpnRegistrationFailed.html']//main//ul)" "$work/pack.xml")" = 2 ] && ok ||
  fail "9317 page: want 2 bulleted lists"
[ "$(xmllint --xpath "count(/pages/page[@href='SpnRegistrationFailed.html']//main//li)" "$work/pack.xml")" = 7 ] && ok ||
  fail "9317 page: want 7 list items"

# Every line of the seed page, in the seed's order, in the page's <main>.
if [ -r "$seed" ]; then
  text=$(xmllint --xpath "normalize-space(/pages/page[@href='SpnRegistrationFailed.html']//main)" "$work/pack.xml")
  rest=$text
  while IFS= read -r line; do
    line=$(printf '%s' "$line" | sed -e 's/\xc2\xa0/ /g' -e 's/^[[:space:]]*•[[:space:]]*//' \
      -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e 's/[[:space:]][[:space:]]*/ /g')
    [ -n "$line" ] || continue
    case $rest in
      *"$line"*) rest=${rest#*"$line"}; ok ;;
      *) case $text in
           *"$line"*) fail "seed line out of order: $line" ;;
           *) fail "seed line missing: $line" ;;
         esac ;;
    esac
  done <"$seed"
else
  echo "SKIP: seed page not found at $seed (set SEED=...)"
fi

# ------------------------------------------- the other alert pages
p="$work/store.html"
page "$work/pack.xml" StoreServiceErrors.html "$p"
has "$p" '<th scope="row">Event ID</th><td>9300–9310</td>'
has "$p" '<th scope="row">Event Source</th><td>MSExchange*</td>'
hasnt "$p" '(wildcard)'
has "$p" '<span class="type type-critical-error">Critical Error</span>'
has "$p" 'Topic Last Modified: 2024-03-05'
has "$p" '<ol>'
has "$p" '<li><p>Review the Application log:</p>'
has "$p" '<strong>Microsoft Exchange Information Store</strong>'
has "$p" '<strong>usually <em>transient</em></strong>'
has "$p" '<code>MSExchangeIS</code>'
has "$p" '<a href="SpnRegistrationFailed.html">SPN registration article</a>'
has "$p" '<a href="mailto:exchange-ops@contoso.example">the Exchange team</a>'

p="$work/hostile.html"
page "$work/pack.xml" HostileText.html "$p"
has "$p" '<th scope="row">Event ID</th><td>1, 2, 5–7</td>'
hasnt "$p" 'Topic Last Modified'
has "$p" '<th scope="row">Product Name</th><td><span class="none">Not specified</span></td>'
has "$p" 'This rule is disabled by default'

# -------------------------------------------------------- hostile text
for f in "$work/pack.xml" "$work/home.xml"; do
  has "$f" '&lt;script&gt;alert(1)&lt;/script&gt;'
  has "$f" '"&gt;&lt;img src=x onerror=alert(1)&gt;'
  has "$f" ']]&gt;'
  hasnt "$f" '<script>alert'
  hasnt "$f" '<img'
  hasnt "$f" '<![CDATA['
  hasnt "$f" '<!--'
  hasnt "$f" '<b>'
  # the only script elements are the site's own
  bad=$(grep -oE '<script[^>]*>' "$f" | grep -vE '^<script src="(\.\./assets/scomc\.js|assets/scomc\.js|search\.js)"/?>$')
  [ -z "$bad" ] && ok || fail "$(basename "$f"): unexpected script element: $bad"
done
has "$work/pack.xml" '<a href="https://example.com/?a=&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;b=&lt;script&gt;">'
has "$work/pack.xml" '<title>&lt;script&gt;alert(1)&lt;/script&gt; title – Exchange Server 2007 System Attendant</title>'
has "$work/pack.xml" 'Rule ]]&gt; &lt;![CDATA[ x ]]&gt; &amp;amp; &lt;/td&gt;'

# ------------------------------------------------------- pack index
p="$work/index.html"
page "$work/pack.xml" index.html "$p"
has "$p" '<h1>Exchange Server 2007 System Attendant</h1>'
has "$p" '<p class="lead">Alerts and knowledge articles for the Microsoft Exchange System Attendant service'
has "$p" '<code>Contoso.Exchange2007.SystemAttendant</code>'
has "$p" '<dd>1.0.0.0</dd>'
has "$p" 'Operations Manager 2007 R2'
has "$p" '<label for="filter">Filter alerts</label>'
has "$p" 'id="filter"'
has "$p" '<table id="alerts"'
has "$p" '<p id="count" class="count" aria-live="polite">3 of 3 alerts</p>'
has "$p" '<script src="../assets/scomc.js"/>'
has "$p" '<a href="../index.html">All packs</a>'
count "$p" '<th scope="col">' 5
has "$p" '<th scope="col">Event ID</th><th scope="col">Source</th><th scope="col">Type</th><th scope="col">Title</th><th scope="col">Rule Path</th>'
has "$p" '<tr><td>9317</td><td>MSExchangeSA</td><td><span class="type type-warning">Warning</span></td><td><a href="SpnRegistrationFailed.html">Failed to register Service Principal Name</a></td><td>Microsoft Exchange Server/Exchange 2007/Mailbox/System Attendant</td></tr>'
order=$(grep -oE 'href="(SpnRegistrationFailed|StoreServiceErrors|HostileText)\.html"' "$p" | tr '\n' ' ')
[ "$order" = 'href="SpnRegistrationFailed.html" href="StoreServiceErrors.html" href="HostileText.html" ' ] && ok ||
  fail "index rows not in document order: $order"

# ------------------------------------------------------------ home page
p="$work/home.xml"
has "$p" '<page href="index.html"><html lang="en">'
has "$p" '<link rel="stylesheet" href="assets/scomc.css"/>'
has "$p" 'id="search"'
has "$p" '<table id="results"'
has "$p" '<a href="Contoso.Exchange2007.SystemAttendant/index.html">Exchange Server 2007 System Attendant</a>'
has "$p" '<a href="Contoso.NoDescription/index.html">Pack without a description</a>'
has "$p" 'Knowledge articles for 50,004 alerts in 3 management packs'
count "$p" '<th scope="col">' 10
has "$p" 'Generated by scomc 0.1.0'
scripts=$(grep -oE '<script src="[^"]*"' "$p" | tr '\n' ' ')
[ "$scripts" = '<script src="assets/scomc.js" ' ] && ok ||
  fail "home: want only assets/scomc.js (the index loads when searching), got: $scripts"

# ------------------------------------------------------------ languages
for pair in DEU:de JPN:ja ESN:es FRA:fr ENU:en XYZ:en; do
  sed "s/language=\"ENU\"/language=\"${pair%%:*}\"/" "$model" >"$work/lang.xml"
  xsltproc "$tpl/pack.xsl" "$work/lang.xml" >"$work/lang.out"
  count "$work/lang.out" "<html lang=\"${pair#*:}\">" 4
done

# -------------------------------------------------------------- params
hasnt "$work/pack-nogen.xml" 'Generated by'
hasnt "$work/pack-nogen.xml" 'name="generator"'

# ------------------------------------------------------- wrong input root
if xsltproc "$tpl/pack.xsl" "$site" >/dev/null 2>&1; then fail "pack.xsl accepted a <site>"; else ok; fi
if xsltproc "$tpl/home.xsl" "$model" >/dev/null 2>&1; then fail "home.xsl accepted a <pack>"; else ok; fi

# ------------------------------------------------------- template rules
for f in "$tpl"/*.xsl; do
  hasnt "$f" 'disable-output-escaping='
  hasnt "$f" 'document('
  hasnt "$f" 'xsl:document'
  hasnt "$f" 'exslt.org'
  hasnt "$f" 'generate-id'
done
for word in innerHTML outerHTML insertAdjacentHTML document.write 'eval(' 'Function(' 'fetch(' XMLHttpRequest import; do
  hasnt "$tpl/scomc.js" "$word" scomc.js
done
for f in "$tpl/scomc.js" "$tpl/scomc.css"; do
  hasnt "$f" 'http://'
  hasnt "$f" 'https://'
  hasnt "$f" '//cdn'
  hasnt "$f" '@import'
  hasnt "$f" 'url('
done
if command -v node >/dev/null 2>&1; then
  node --check "$tpl/scomc.js" && ok || fail "scomc.js: syntax error"
fi

# ---------------------------------------------- browser (optional)
browser=${CHROMIUM:-chromium}
if [ "${BROWSER:-1}" != 0 ] && command -v "$browser" >/dev/null 2>&1; then
  s="$work/site"
  mkdir -p "$s/P" "$s/assets"
  cp "$tpl/scomc.css" "$tpl/scomc.js" "$s/assets/"
  cp "$here/sample-search.js" "$s/search.js"
  xsltproc --stringparam dir "$s/P" "$here/split.xsl" "$work/pack.xml" &&
    xsltproc --stringparam dir "$s" "$here/split.xsl" "$work/home.xml" ||
    fail "split.xsl failed"
  dom() {
    local profile
    profile=$(mktemp -d "$work/profile.XXXXXX")
    timeout 60 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --user-data-dir="$profile" --dump-dom "$1" 2>/dev/null
  }
  dom "file://$s/P/index.html?q=9305" >"$work/dom-filter.html"
  has "$work/dom-filter.html" '<p id="count" class="count" aria-live="polite">1 of 3 alerts</p>' "filter ?q=9305"
  count "$work/dom-filter.html" '<tr hidden=""' 2
  dom "file://$s/P/index.html?q=msexchange%20warning" >"$work/dom-filter2.html"
  has "$work/dom-filter2.html" '1 of 3 alerts' "filter ?q=msexchange warning"
  dom "file://$s/index.html?q=9317" >"$work/dom-search.html"
  has "$work/dom-search.html" '2 matching alerts.' "search ?q=9317"
  has "$work/dom-search.html" '<a href="Contoso.Exchange2007.SystemAttendant/SpnRegistrationFailed.html">Failed to register Service Principal Name</a>' "search ?q=9317"
  hasnt "$work/dom-search.html" 'javascript:' "search ?q=9317"
  hasnt "$work/dom-search.html" '<img' "search ?q=9317"
  dom "file://$s/P/HostileText.html" >"$work/dom-hostile.html"
  hasnt "$work/dom-hostile.html" '<img' "hostile page DOM"
  count "$work/dom-hostile.html" '<script' 0
  dom "file://$s/P/SpnRegistrationFailed.html" >"$work/dom-spn.html"
  has "$work/dom-spn.html" '<td>9317</td>' "9317 page DOM"
else
  echo "SKIP: browser checks (no $browser, or BROWSER=0)"
fi

# ------------------------------------------- linear time (optional)
if [ "${PERF:-0}" = 1 ]; then
  gen_model() { # gen_model N > file: the 9317 alert N times
    awk -v n="$1" '
      /<alert name="SpnRegistrationFailed"/ { grab = 1 }
      grab { a = a $0 "\n" }
      grab && /<\/alert>/ { grab = 0; done = 1; next }
      !grab && !done { print; next }
      done && /<\/pack>/ {
        for (i = 0; i < n; i++) { s = a; sub(/name="SpnRegistrationFailed"/, "name=\"A" i "\"", s); printf "%s", s }
        print
      }' "$model"
  }
  gen_model 2000 >"$work/m2k.xml"
  gen_model 20000 >"$work/m20k.xml"
  t() { local a b; a=$(date +%s%N); xsltproc "$tpl/pack.xsl" "$1" >/dev/null; b=$(date +%s%N); echo $(((b - a) / 1000000)); }
  t2=$(t "$work/m2k.xml")
  t20=$(t "$work/m20k.xml")
  echo "PERF: 2,000 alerts ${t2} ms, 20,000 alerts ${t20} ms"
  [ "$t20" -lt $((t2 * 20 + 500)) ] && ok || fail "pack.xsl is not linear: ${t2} ms -> ${t20} ms"
fi

echo "$checks checks passed, $failures failed"
[ "$failures" -eq 0 ]
