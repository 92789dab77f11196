#!/usr/bin/env bash
# scomc lsp: a scripted JSON-RPC client (client.py: every request the
# server answers, checked against the CLI), then end to end with a real
# client, Neovim's built-in LSP client run headless (nvim.lua), which opens
# a broken .alert and must receive scomc's diagnostics.
#   SCOMC=build/scomc bash tests/lsp/run.sh
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ROOT:-$(cd "$here/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
SCOMC=$(cd "$(dirname "$SCOMC")" && pwd)/$(basename "$SCOMC")
export SCOMC_SCHEMA_DIR=${SCOMC_SCHEMA_DIR:-$ROOT/schemas}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0 pass=0

python3 "$here/client.py" "$SCOMC" "$tmp/work" > "$tmp/client.log" 2>&1
code=$?
grep -E '^(ok|FAIL)' "$tmp/client.log"
if [ "$code" != 0 ]; then
	tail -n 20 "$tmp/client.log" | grep -vE '^(ok|FAIL)'
	fail=$((fail + 1))
else
	pass=$((pass + 1))
fi

if ! command -v nvim > /dev/null; then
	echo "FAIL neovim is not installed (apt-get install --no-install-recommends neovim)"
	fail=$((fail + 1))
else
	mkdir -p "$tmp/nvim/home"
	cat > "$tmp/nvim/broken.alert" <<'ALERT'
pack Contoso.Nvim {
  version 1.0.0.0
  name    "Neovim"
  defaults { source disk }
  alert Full {
    event 7
    type  Warnig
    title "Disk full"
  }
}
ALERT
	h=$tmp/nvim/home
	HOME=$h XDG_CONFIG_HOME=$h XDG_DATA_HOME=$h XDG_STATE_HOME=$h XDG_CACHE_HOME=$h \
		SCOMC=$SCOMC ALERT_FILE=$tmp/nvim/broken.alert NVIM_OUT=$tmp/nvim/out.txt \
		timeout 60 nvim --headless -u NONE -i NONE -n -c "luafile $here/nvim.lua" < /dev/null > "$tmp/nvim/log" 2>&1
	code=$?
	# What `scomc check` says, in the same LINE:COL ID message form.
	(cd "$tmp/nvim" && "$SCOMC" check --no-caret broken.alert 2>&1 |
		sed -n -E 's/^broken\.alert:([0-9]+):([0-9]+): (error|warning): (.*) \[([A-Z][0-9]+)\]$/\1:\2 \5 \4/p') > "$tmp/nvim/want"
	echo "hover: \`source\` disk: inherited from \`defaults\` (line 4)" >> "$tmp/nvim/want"
	if [ "$code" = 0 ] && grep -q E305 "$tmp/nvim/want" && diff -u "$tmp/nvim/want" "$tmp/nvim/out.txt" > "$tmp/nvim/diff"; then
		echo "ok   neovim $(nvim --version | head -n 1 | sed 's/^NVIM //') headless: opens a broken .alert, gets scomc's diagnostics and hover"
		pass=$((pass + 1))
	else
		echo "FAIL neovim headless (exit $code)"
		sed 's/^/    /' "$tmp/nvim/diff" "$tmp/nvim/log" 2> /dev/null | head -n 30
		fail=$((fail + 1))
	fi
fi
echo "lsp suite: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
