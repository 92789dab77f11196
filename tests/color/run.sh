#!/usr/bin/env bash
# Colour in text diagnostics: --color=always|never|auto, NO_COLOR and
# TERM=dumb. auto colours only when stderr is a terminal (run under
# script(1), which gives the command a pseudo-terminal).
#   SCOMC=build/scomc bash tests/color/run.sh
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib/suite.sh" color
bad() { echo "FAIL $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | cat -v | sed 's/^/    /' | head -20; fail=$((fail + 1)); }
esc=$(printf '\033')
cd "$ROOT/tests/errors" || exit 1
in=syn_unclosed_block.alert

"$SCOMC" check --color=always "$in" 2> "$tmp/always"
want="${esc}[01msyn_unclosed_block.alert:9:14:${esc}[m ${esc}[01;31merror:${esc}[m missing '}' at end of file: 'alert A' is not closed [E205]"
if [ "$(head -n 1 "$tmp/always")" = "$want" ] && grep -qF "${esc}[01;32m^${esc}[m" "$tmp/always" &&
   grep -qF "${esc}[01;36mnote:${esc}[m" "$tmp/always" && grep -qF "${esc}[01;32mhint:${esc}[m" "$tmp/always"; then
	ok "--color=always: bold place, red error, cyan note, green hint and caret"
else
	bad "--color=always" "$(head -n 6 "$tmp/always")"
fi
# Without the escapes it is the plain text, byte for byte.
"$SCOMC" check --color=never "$in" 2> "$tmp/never"
if sed "s/${esc}\[[0-9;]*m//g" "$tmp/always" | cmp -s - "$tmp/never" && ! grep -q "$esc" "$tmp/never" &&
   cmp -s "$tmp/never" syn_unclosed_block.err; then
	ok "--color=never and pipes: no escapes; colour adds nothing but escapes"
else
	bad "--color=never" "$(diff "$tmp/never" syn_unclosed_block.err | head)"
fi

tty() { # ENV... : runs scomc check on a pseudo-terminal, prints what it showed
	env "$@" script -qec "'$SCOMC' check $in" /dev/null < /dev/null | tr -d '\r'
}
if tty TERM=xterm | grep -qF "${esc}[01;31merror:"; then
	ok "auto: colour on a terminal"
else
	bad "auto on a terminal" "$(tty TERM=xterm | head -n 2)"
fi
if ! tty TERM=xterm NO_COLOR=1 | grep -q "$esc" && tty TERM=xterm NO_COLOR=1 | grep -q "error:"; then
	ok "auto: NO_COLOR turns it off"
else
	bad "NO_COLOR" "$(tty TERM=xterm NO_COLOR=1 | head -n 2)"
fi
if ! tty TERM=dumb | grep -q "$esc"; then
	ok "auto: TERM=dumb turns it off"
else
	bad "TERM=dumb"
fi
if NO_COLOR=1 "$SCOMC" check --color=always "$in" 2>&1 | grep -q "$esc"; then
	ok "--color=always wins over NO_COLOR"
else
	bad "--color=always with NO_COLOR"
fi
"$SCOMC" check --color=always --diagnostics-format=json "$in" > "$tmp/json" 2> "$tmp/err"
if ! grep -q "$esc" "$tmp/json" && [ ! -s "$tmp/err" ]; then
	ok "JSON diagnostics never carry escapes"
else
	bad "json with --color=always" "$(head -n 3 "$tmp/json")"
fi
"$SCOMC" check --color=sometimes "$in" 2> "$tmp/err"
code=$?
if [ "$code" = 2 ] && grep -qF "unknown --color value (use auto, always or never): 'sometimes'" "$tmp/err"; then
	ok "--color=sometimes is a usage error"
else
	bad "--color=sometimes: exit $code" "$(cat "$tmp/err")"
fi
if "$SCOMC" verify --color=never "$ROOT/tests/verify/warn/Verify.Warn.SameName.xml" > /dev/null 2>&1; [ $? -le 1 ]; then
	ok "every command takes --color"
else
	bad "verify --color=never"
fi
suite_summary
