#!/usr/bin/env bash
# Browser tests: the generated pages opened in headless Chromium (Debian's
# chromium package). What a reader sees is read from the DOM after scripts
# ran (--dump-dom); typing is simulated by harness.html, which drives the
# page's own filter box with input events.
set -u
cd "$ROOT"
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
	echo "FAIL chromium not found (Debian package 'chromium'; .ci/run installs it)"
	echo "0 passed, 1 failed"
	exit 1
fi

dom() { # URL -> DOM after scripts, on stdout
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--allow-file-access-from-files --user-data-dir="$tmp/profile" \
		--virtual-time-budget=8000 --dump-dom "$1" 2>/dev/null
}
has() { # name, haystack file, needle (fixed string)
	if grep -qF -- "$3" "$2"; then ok "$1"; else bad "$1: missing '$3'"; fi
}

"$SCOMC" -o "$tmp/out" packs/*.alert tests/browser/hostile.alert || bad "compile"
docs="$tmp/out/docs"
page="$docs/Contoso.Exchange2007.SystemAttendant/SpnRegistrationFailed.html"

# 1. The 9317 page: Details values and both user-action links in the DOM.
dom "file://$page" > "$tmp/9317.html"
for v in "Exchange" "8.0 (Exchange Server 2007)" "9317" "MSExchangeSA" "Warning" \
	"Microsoft Exchange Server/Exchange 2007/Mailbox/System Attendant" \
	"Failed to register Service Principal Name. This may blocks specific users from accessing their mailboxes." \
	"Topic Last Modified: 2007-11-16"; do
	has "9317 page shows '$v'" "$tmp/9317.html" "$v"
done
for th in "Product Name" "Product Version" "Event ID" "Event Source" "Alert Type" "MOM Rule Path" "MOM Rule Name"; do
	has "9317 details row '$th'" "$tmp/9317.html" "$th</th>"
done
has "link: Troubleshooting DNS servers" "$tmp/9317.html" 'href="https://learn.microsoft.com/troubleshoot/windows-server/networking/troubleshoot-dns-servers">Troubleshooting DNS servers</a>'
has "link: Service Logons Fail" "$tmp/9317.html" 'href="https://support.microsoft.com/kb/321044">Service Logons Fail Due to Incorrectly Set SPNs</a>'
for s in "Explanation" "User Action" "For More Information"; do
	has "section '$s'" "$tmp/9317.html" ">$s</h2>"
done

# 2. The filter on the pack index narrows the table as you type.
idx="$docs/Scomc.Test.Hostile/index.html"
dom "file://$ROOT/tests/browser/harness.html?box=filter&type=15&page=file://$idx" > "$tmp/f1.html"
grep -q "RESULT rows=2 shown=1 " "$tmp/f1.html" && ok "filter '15' (inside range 10-20) shows 1 of 2 rows" \
	|| bad "filter '15': $(grep RESULT "$tmp/f1.html")"
dom "file://$ROOT/tests/browser/harness.html?box=filter&type=nomatchxyz&page=file://$idx" > "$tmp/f2.html"
grep -q "RESULT rows=2 shown=0 " "$tmp/f2.html" && ok "filter with no match hides every row" \
	|| bad "filter no match: $(grep RESULT "$tmp/f2.html")"
dom "file://$ROOT/tests/browser/harness.html?box=filter&type=&page=file://$idx" > "$tmp/f3.html"
grep -q "RESULT rows=2 shown=2 " "$tmp/f3.html" && ok "empty filter shows every row" \
	|| bad "empty filter: $(grep RESULT "$tmp/f3.html")"

# 3. The home page searches every alert of the site (search.js, file://).
dom "file://$ROOT/tests/browser/harness.html?box=search&type=9317&page=file://$docs/index.html" > "$tmp/s1.html"
grep -q "shown=1 " "$tmp/s1.html" && grep -q "Failed to register Service Principal Name" "$tmp/s1.html" \
	&& ok "home search '9317' finds the 9317 alert" || bad "home search: $(grep RESULT "$tmp/s1.html")"

# 3b. Full-text search of the article text (MiniSearch, search-text.js).
search() { # NAME QUERY -> $tmp/NAME.html (the harness result)
	local q
	q=$(printf '%s' "$2" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/&/%26/g' -e 's/#/%23/g' -e 's/"/%22/g')
	dom "file://$ROOT/tests/browser/harness.html?box=search&wait=2500&type=$q&page=file://$docs/index.html" > "$tmp/$1.html"
}
search kerb kerberos
grep -q "RESULT rows=1 shown=1 " "$tmp/kerb.html" && grep -q "^9317|" "$tmp/kerb.html" \
	&& ok "search 'kerberos' finds the 9317 alert only" || bad "search kerberos: $(grep -A4 RESULT "$tmp/kerb.html" | head -5)"
grep -qE "^MARKS Kerberos(\|Kerberos)*$" "$tmp/kerb.html" && ok "search 'kerberos': the word is highlighted" \
	|| bad "search kerberos marks: $(grep MARKS "$tmp/kerb.html")"
grep -q "^HREF Contoso.Exchange2007.SystemAttendant/SpnRegistrationFailed.html#k1$" "$tmp/kerb.html" \
	&& ok "search 'kerberos' links to the section holding the word" || bad "search kerberos link: $(grep HREF "$tmp/kerb.html")"
grep -q "^SNIPPET .*Each service that needs Kerberos authentication" "$tmp/kerb.html" \
	&& ok "search 'kerberos' shows a snippet of the article" || bad "search kerberos snippet: $(grep SNIPPET "$tmp/kerb.html")"
search phrase "Review other Warning events and Error events in the Application log"
grep -q "shown=1 " "$tmp/phrase.html" && grep -q "^HREF Contoso.Exchange2007.SystemAttendant/SpnRegistrationFailed.html#k2$" "$tmp/phrase.html" \
	&& ok "a phrase from the middle of a User Action finds its alert (section k2)" \
	|| bad "phrase: $(grep -A4 RESULT "$tmp/phrase.html" | head -5)"
search quoted '"events in the Application log"'
grep -q "shown=1 " "$tmp/quoted.html" && ok "a quoted phrase finds its alert" || bad "quoted: $(grep RESULT "$tmp/quoted.html")"
search quoted2 '"log Application the in events"'
grep -q "shown=0 " "$tmp/quoted2.html" && ok "a quoted phrase must occur as written" || bad "quoted2: $(grep RESULT "$tmp/quoted2.html")"
search nomatch "zzyzxnomatch"
grep -q "RESULT rows=0 shown=0 count=No alert matches “zzyzxnomatch”." "$tmp/nomatch.html" \
	&& ok "a query with no match says so" || bad "no match: $(grep RESULT "$tmp/nomatch.html")"
search mixed "9317 kerberos"
grep -q "shown=1 " "$tmp/mixed.html" && ok "event ID and a word together" || bad "mixed: $(grep RESULT "$tmp/mixed.html")"
search range "15"
grep -q "shown=1 " "$tmp/range.html" && grep -q "^2, 10–20|" "$tmp/range.html" \
	&& ok "an event ID inside a range finds the alert" || bad "range: $(grep -A2 RESULT "$tmp/range.html")"
for q in pwned "data-pwned" "onerror" "script"; do
	search hostile "$q"
	if grep -q "PWNED no ELEMENTS 0" "$tmp/hostile.html" && grep -q "shown=[1-9]" "$tmp/hostile.html"; then
		ok "search '$q' over hostile articles: found, shown as text, no script ran"
	else
		bad "search '$q' hostile: $(grep -A3 RESULT "$tmp/hostile.html" | head -4)"
	fi
done
grep -qF "&lt;script&gt;document.body.setAttribute" "$tmp/hostile.html" && ok "hostile snippet is escaped text" \
	|| bad "hostile snippet: $(grep SNIPPET "$tmp/hostile.html")"
# Deep link: index.html?q=... runs the search on load.
dom "file://$docs/index.html?q=kerberos" > "$tmp/deep.html"
grep -q '1 matching alert.' "$tmp/deep.html" && grep -q '<mark>Kerberos</mark>' "$tmp/deep.html" \
	&& ok "deep link index.html?q=kerberos shows the result, highlighted" || bad "deep link: $(grep -o 'search-status[^<]*<' "$tmp/deep.html")"
# The home page alone loads no index (it is loaded when searching).
dom "file://$docs/index.html" > "$tmp/home.html"
if grep -q 'src="search.js"\|src="search-text.js"\|minisearch' "$tmp/home.html"; then
	bad "home page loads the index before a search"
else
	ok "home page loads no index until the reader searches"
fi

# 4. Hostile text renders literally; no script runs, no attribute is injected.
for p in "$docs/Scomc.Test.Hostile/ScriptInText.html" "$docs/Scomc.Test.Hostile/index.html" "$docs/index.html"; do
	name=${p#"$docs/"}
	dom "file://$p" > "$tmp/h.html"
	if grep -q '<body[^>]*data-pwned' "$tmp/h.html"; then
		bad "$name: a script ran (data-pwned set)"
	else
		ok "$name: no script ran"
	fi
	if grep -q '<img src="x"' "$tmp/h.html" || grep -qi '<script>document' "$tmp/h.html"; then
		bad "$name: injected markup became elements"
	else
		ok "$name: injected markup stayed text"
	fi
done
dom "file://$docs/Scomc.Test.Hostile/ScriptInText.html" > "$tmp/h.html"
has "hostile: <script> shown as text" "$tmp/h.html" "&lt;script&gt;document.body.setAttribute('data-pwned','para')&lt;/script&gt;"
has "hostile: attribute breaker shown as text" "$tmp/h.html" '"&gt;&lt;img src=x onerror="document.body.setAttribute('"'data-pwned','img'"')"&gt;'
has "hostile: ]]> shown as text" "$tmp/h.html" "A CDATA end ]]&gt;"

# 5. Screenshots at desktop and phone widths render (non-trivial PNGs);
# SHOTS=DIR keeps them (and one of the search results) for a look.
if [ -n "${SHOTS:-}" ]; then
	mkdir -p "$SHOTS"
	for w in "1200,900" "390,1200"; do
		timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--allow-file-access-from-files --user-data-dir="$tmp/profile" --hide-scrollbars \
			--window-size="$w" --virtual-time-budget=8000 \
			--screenshot="$SHOTS/search-${w%%,*}.png" "file://$docs/index.html?q=kerberos" >/dev/null 2>&1
	done
fi

for w in "1200,1600" "390,1600"; do
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$tmp/profile" --hide-scrollbars --window-size="$w" \
		--screenshot="$tmp/shot.png" "file://$page" >/dev/null 2>&1
	size=$(stat -c %s "$tmp/shot.png" 2>/dev/null || echo 0)
	[ "$size" -gt 20000 ] && ok "screenshot at $w ($size bytes)" || bad "screenshot at $w ($size bytes)"
	rm -f "$tmp/shot.png"
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
