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

# 5. Screenshots at desktop and phone widths render (non-trivial PNGs).
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
