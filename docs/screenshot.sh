#!/usr/bin/env bash
# Regenerates docs/screenshot-9317.png (the README's picture) from the
# current build: bash docs/screenshot.sh [path/to/scomc]
set -eu
cd "$(dirname "$0")/.."
scomc=${1:-build/scomc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$scomc" -o "$tmp/out" packs/Contoso.Exchange2007.SystemAttendant.alert
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
	--disable-component-update --disable-sync --user-data-dir="$tmp/profile" --hide-scrollbars \
	--window-size=1100,2150 --screenshot="$PWD/docs/screenshot-9317.png" \
	"file://$tmp/out/docs/Contoso.Exchange2007.SystemAttendant/SpnRegistrationFailed.html"
