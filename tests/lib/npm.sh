# tests/lib/npm.sh - sourced by suites that need pinned npm packages.
#   npm_pinned SUITE_DIR NODE_DIR LOG
# installs SUITE_DIR/package.json + package-lock.json with `npm ci` into
# NODE_DIR (git-ignored, under build/) unless the same lock file is already
# installed there. Returns 0, or 1 with npm's output in LOG (NODE_DIR is
# then removed). Needs node and npm (npm_have says whether they are there).
npm_have() {
	command -v node >/dev/null && command -v npm >/dev/null
}

npm_pinned() {
	local here=$1 nodedir=$2 log=$3
	if cmp -s "$here/package-lock.json" "$nodedir/package-lock.json" && [ -d "$nodedir/node_modules" ]; then
		return 0
	fi
	rm -rf "$nodedir" && mkdir -p "$nodedir"
	cp "$here/package.json" "$here/package-lock.json" "$nodedir/"
	if ! (cd "$nodedir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) > "$log" 2>&1; then
		rm -rf "$nodedir"
		return 1
	fi
}
