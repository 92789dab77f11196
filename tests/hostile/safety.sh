# tests/hostile/safety.sh - sourced by run.sh (uses its ok/bad/run_scomc,
# $tmp, $HERE, $ROOT, $SCOMC). Failure safety of a whole run:
#   escaping   hostile text compiles and is escaped in MP XML and HTML
#   noread     XXE, external DTDs, parameter entities, XInclude and PIs
#              never make scomc open the file they name (strace and an
#              LD_PRELOAD open() log)
#   atomic     a failing run into a directory leaves it byte-identical
#   unwritable a bad output path, /dev/full: exit 3 and the path named
#   inject     the Nth fwrite/fflush/fclose/rename/mkdir/fopen under -o DIR
#              fails (ENOSPC, EIO): exit 3, path named, nothing changed
#   determinism  same bytes across runs, working directories and -o paths

# A listing of DIR: every directory and every file with its hash.
snapshot() {
	(cd "$1" 2>/dev/null && find . -type d | sort && find . -type f -exec sha256sum {} + | sort -k2) || echo "missing $1"
}

# ---- escaping ----
check_escaping() {
	local out=$tmp/esc
	rm -rf "$out"
	run_scomc "$out" xss-knowledge.alert xml-escaped-script.xml
	if [ "$rc" -ne 0 ]; then
		bad escaping "exit $rc: $(head -5 "$tmp/stderr")"
		return
	fi
	local files problems=""
	files=$(find "$out" -name '*.xml' -o -name '*.html')
	for f in $files; do
		local rel=${f#"$out"/}
		# the only raw tags allowed: the site's own <script src="..."> tags
		if grep -v '<script src="' "$f" | grep -qiE '<(script|img|svg|iframe)'; then
			problems+="raw markup in $rel: $(grep -v '<script src="' "$f" | grep -oiE '<(script|img|svg|iframe)[^>]*>' | head -3 | tr '\n' ' ')"$'\n'
		fi
		if command -v xmllint >/dev/null && ! xmllint --noout "$f" 2>"$tmp/xmllint"; then
			problems+="$rel is not well-formed: $(head -2 "$tmp/xmllint")"$'\n'
		fi
	done
	local want
	for want in "Hostile.Xss.xml:&lt;script&gt;alert(1)&lt;/script&gt;" \
		"Hostile.Xss.xml:]]&gt; &lt;![CDATA[ x ]]&gt;" \
		"Hostile.Xss.xml:&quot;&gt;&lt;img src=x onerror=alert(1)&gt;|\"&gt;&lt;img src=x onerror=alert(1)&gt;" \
		"docs/Hostile.Xss/a1.html:&lt;script&gt;alert(1)&lt;/script&gt;" \
		"docs/Hostile.Xss/a1.html:&lt;iframe src=" \
		"docs/Hostile.Xss/a1.html:]]&gt;" \
		"docs/Hostile.Xml/a1.html:&lt;script&gt;alert(2)&lt;/script&gt;" \
		"Hostile.Xml.xml:&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;"; do
		local file=${want%%:*} text=${want#*:}
		if ! grep -qE -- "$(printf '%s' "$text" | sed 's/[][().*^$]/\\&/g')" "$out/$file" 2>/dev/null; then
			problems+="$file lacks the escaped form '$text'"$'\n'
		fi
	done
	if [ -z "$files" ]; then
		problems+="no outputs written"
	fi
	if [ -n "$problems" ]; then
		bad escaping "$problems"
	else
		ok escaping
	fi
}

# ---- nothing read through XML ----
check_noread() {
	local d=$tmp/noread secret
	mkdir -p "$d"
	secret=$d/secret-target.txt
	echo "SCOMC-SECRET-MARKER" >"$secret"
	local head='<?xml version="1.0"?>'
	local body='<pack id="Hostile.Read" version="1.0.0.0"><name>&e;</name><alert name="a"><event><id>1</id></event><source>s</source><title>t</title></alert></pack>'
	printf '%s\n<!DOCTYPE pack [<!ENTITY e SYSTEM "file://%s">]>\n%s\n' "$head" "$secret" "$body" >"$d/xxe-file.xml"
	printf '%s\n<!DOCTYPE pack [<!ENTITY e SYSTEM "secret-target.txt">]>\n%s\n' "$head" "$body" >"$d/xxe-relative.xml"
	printf '%s\n<!DOCTYPE pack SYSTEM "%s">\n%s\n' "$head" "$secret" "${body/&e;/x}" >"$d/external-dtd.xml"
	printf '%s\n<!DOCTYPE pack [<!ENTITY %% p SYSTEM "%s"> %%p;]>\n%s\n' "$head" "$secret" "${body/&e;/x}" >"$d/parameter-entity.xml"
	printf '%s\n%s\n' "$head" "${body/&e;/<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"$secret\" parse=\"text\"/>}" >"$d/xinclude.xml"
	printf '%s\n<?xml-stylesheet type="text/xsl" href="%s"?>\n%s\n' "$head" "$secret" "${body/&e;/x}" >"$d/stylesheet-pi.xml"
	printf '%s\n<!DOCTYPE pack [<!ENTITY e SYSTEM "file://%s">]>\n<pack id="Hostile.Read" version="1.0.0.0" xml:base="file://%s"><name>&e;</name></pack>\n' "$head" "$secret" "$d/" >"$d/xxe-base.xml"
	local so=$ROOT/build/inject_errors.so have_strace=0
	command -v strace >/dev/null && have_strace=1
	if [ ! -f "$so" ] && [ "$have_strace" = 0 ]; then
		bad noread "neither strace nor build/inject_errors.so to watch open()"
		return
	fi
	local f
	for f in "$d"/*.xml; do
		local name
		name=noread/$(basename "$f" .xml)
		rm -rf "$d/out" "$d/trace" "$d/opens"
		if [ "$have_strace" = 1 ]; then
			ASAN_OPTIONS=detect_leaks=0 timeout -k 2 "$TIMEOUT" strace -f -qq -e trace=%file -o "$d/trace" \
				"$SCOMC" -o "$d/out" "$f" >"$tmp/stdout" 2>"$tmp/stderr"
			rc=$?
		fi
		if [ -f "$so" ]; then
			timeout -k 2 "$TIMEOUT" env ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0 \
				SCOMC_INJECT_LOG="$d/opens" LD_PRELOAD="$so" \
				"$SCOMC" -o "$d/out" "$f" >"$tmp/stdout" 2>"$tmp/stderr"
			rc=$?
		fi
		if grep -s secret-target "$d/trace" "$d/opens" | grep -v "$(basename "$f")" | grep -q .; then
			bad "$name" "the target was touched: $(grep -sh secret-target "$d/trace" "$d/opens" | head -3)"
		elif grep -rqs SCOMC-SECRET-MARKER "$d/out" "$tmp/stdout" "$tmp/stderr"; then
			bad "$name" "the target's content leaked into the output"
		elif [ "$rc" -gt 1 ]; then
			bad "$name" "exit $rc: $(head -3 "$tmp/stderr")"
		elif [ "$rc" -eq 1 ] && ! grep -q 'E21[12]\]' "$tmp/stderr"; then
			bad "$name" "refused without E211/E212: $(head -3 "$tmp/stderr")"
		elif [ "$have_strace" = 1 ] && ! grep -q "$(basename "$f")" "$d/trace"; then
			bad "$name" "strace saw nothing (broken trace?)"
		else
			ok "$name"
		fi
	done
}

# ---- all or nothing ----
check_atomic() {
	local out=$tmp/atomic before after
	rm -rf "$out"
	run_scomc "$out" bom-ok.alert xml-ok.xml
	if [ "$rc" -ne 0 ]; then
		bad atomic "good run: exit $rc: $(head -3 "$tmp/stderr")"
		return
	fi
	before=$(snapshot "$out")
	local args
	for args in "bom-ok.alert xml-ok.xml invalid-utf8.alert" "xss-knowledge.alert xml-xxe-file.xml" \
		"xml-ok.xml --template-dir=/nonexistent" "xml-ok.xml --schema-dir=/nonexistent" \
		"bom-ok.alert bom-ok.alert"; do
		# shellcheck disable=SC2086
		run_scomc "$out" $args
		after=$(snapshot "$out")
		if [ "$rc" -eq 0 ] || [ "$rc" -gt 3 ]; then
			bad "atomic: $args" "exit $rc"
		elif [ "$before" != "$after" ]; then
			bad "atomic: $args" "$(diff <(echo "$before") <(echo "$after") | head -10)"
		else
			ok "atomic: $args (exit $rc)"
		fi
	done
	# a fresh directory is not even created by a failing run
	rm -rf "$tmp/fresh"
	run_scomc "$tmp/fresh" bom-ok.alert xml-ok.xml --template-dir=/nonexistent
	if [ -e "$tmp/fresh" ]; then
		bad "atomic: fresh dir" "exit $rc, but $tmp/fresh exists: $(ls -A "$tmp/fresh")"
	else
		ok "atomic: fresh dir (exit $rc)"
	fi
	# an existing output that is a symlink is replaced, not written through
	rm -rf "$out" "$tmp/victim"
	mkdir -p "$out"
	echo victim >"$tmp/victim"
	ln -s "$tmp/victim" "$out/Hostile.Ok.xml"
	run_scomc "$out" bom-ok.alert
	if [ "$rc" -ne 0 ] || [ "$(cat "$tmp/victim")" != victim ] || [ -L "$out/Hostile.Ok.xml" ]; then
		bad "atomic: symlink" "exit $rc; victim: $(cat "$tmp/victim" | head -c 80)"
	else
		ok "atomic: symlink replaced, target untouched"
	fi
}

# ---- unwritable outputs ----
check_unwritable() {
	local f=$tmp/a-file
	echo x >"$f"
	run_scomc "$f/sub" bom-ok.alert
	expect_env "unwritable: dir under a file" "$f/sub"
	run_scomc /proc/version/out bom-ok.alert
	expect_env "unwritable: /proc/version/out" /proc/version/out
	if [ "$(id -u)" != 0 ]; then
		mkdir -p "$tmp/ro" && chmod 555 "$tmp/ro"
		run_scomc "$tmp/ro" bom-ok.alert
		expect_env "unwritable: read-only dir" "$tmp/ro"
	fi
	if [ -w /dev/full ]; then
		timeout -k 2 "$TIMEOUT" "$SCOMC" -o - --emit=mp xml-ok.xml >/dev/full 2>"$tmp/stderr"
		rc=$?
		expect_env "unwritable: -o - >/dev/full" "standard output|<stdout>"
		timeout -k 2 "$TIMEOUT" "$SCOMC" -o "$tmp/full" --diagnostics-output=/dev/full warning-only.alert \
			>"$tmp/stdout" 2>"$tmp/stderr"
		rc=$?
		expect_env "unwritable: --diagnostics-output=/dev/full" /dev/full
		timeout -k 2 "$TIMEOUT" "$SCOMC" -o "$tmp/full" --diagnostics-format=json warning-only.alert \
			>/dev/full 2>"$tmp/stderr"
		rc=$?
		expect_env "unwritable: json diagnostics >/dev/full" "standard output|<stdout>"
	fi
}

# expect_env NAME PATH: exit 3, E502, PATH named in the message (PATH may
# list alternatives: "a|b").
expect_env() {
	local found=0 p
	IFS='|' read -ra alts <<<"$2"
	for p in "${alts[@]}"; do
		grep -qF -- "$p" "$tmp/stderr" && found=1
	done
	if [ "$rc" -ne 3 ]; then
		bad "$1" "exit $rc, not 3: $(head -3 "$tmp/stderr")"
	elif [ "$found" = 0 ] || ! grep -q 'E50[12]' "$tmp/stderr"; then
		bad "$1" "message does not name '$2' with E502: $(head -3 "$tmp/stderr")"
	else
		ok "$1"
	fi
}

# ---- injected write failures ----
check_inject() {
	local so=$ROOT/build/inject_errors.so
	if [ ! -f "$so" ]; then
		make -s -C "$ROOT" inject-errors >/dev/null 2>&1 || true
	fi
	if [ ! -f "$so" ]; then
		bad inject "cannot build build/inject_errors.so"
		return
	fi
	local out=$tmp/inj
	rm -rf "$out"
	run_scomc "$out" bom-ok.alert xml-ok.xml
	local before
	before=$(snapshot "$out")
	export ASAN_OPTIONS=$ASAN_OPTIONS:verify_asan_link_order=0
	timeout -k 2 "$TIMEOUT" env SCOMC_INJECT_DIR="$out" SCOMC_INJECT_COUNT="$tmp/counts" \
		LD_PRELOAD="$so" "$SCOMC" -o "$out" bom-ok.alert xml-ok.xml >/dev/null 2>&1
	local total=0 fn n errno k
	while read -r fn n; do
		[ "$fn" = write ] && continue # stdio's own writes are not interposable
		for ((k = 1; k <= n; k++)); do
			errno=ENOSPC
			[ $((k % 2)) = 0 ] && errno=EIO
			timeout -k 2 "$TIMEOUT" env SCOMC_INJECT="$fn:$k:$errno" SCOMC_INJECT_DIR="$out" \
				LD_PRELOAD="$so" "$SCOMC" -o "$out" bom-ok.alert xml-ok.xml >"$tmp/stdout" 2>"$tmp/stderr"
			rc=$?
			total=$((total + 1))
			local why=""
			if [ "$rc" -ne 3 ]; then
				why="exit $rc, not 3: $(head -3 "$tmp/stderr")"
			elif ! grep -qF -- "$out" "$tmp/stderr" || ! grep -q 'E502' "$tmp/stderr"; then
				why="message does not name the path: $(head -3 "$tmp/stderr")"
			elif [ "$(snapshot "$out")" != "$before" ]; then
				why="output changed: $(diff <(echo "$before") <(snapshot "$out") | head -8)"
			elif [ "$errno" = ENOSPC ] && ! grep -q 'No space left' "$tmp/stderr"; then
				why="strerror(ENOSPC) missing: $(head -2 "$tmp/stderr")"
			fi
			if [ -n "$why" ]; then
				bad "inject $fn:$k:$errno" "$why"
			else
				ok "inject $fn:$k:$errno"
			fi
		done
	done <"$tmp/counts"
	# into a directory that does not exist yet: it must not exist afterwards
	local fresh=$tmp/inj-fresh
	for fn in rename mkdir fclose; do
		n=$(sed -n "s/^$fn //p" "$tmp/counts")
		for ((k = 1; k <= n; k += 3)); do
			rm -rf "$fresh"
			timeout -k 2 "$TIMEOUT" env SCOMC_INJECT="$fn:$k:EIO" SCOMC_INJECT_DIR="$fresh" \
				LD_PRELOAD="$so" "$SCOMC" -o "$fresh" bom-ok.alert xml-ok.xml >"$tmp/stdout" 2>"$tmp/stderr"
			rc=$?
			total=$((total + 1))
			if [ "$rc" -eq 0 ]; then
				continue # fewer calls in a fresh directory: nothing failed
			elif [ "$rc" -ne 3 ] || ! grep -qF -- "$fresh" "$tmp/stderr"; then
				bad "inject fresh $fn:$k:EIO" "exit $rc: $(head -3 "$tmp/stderr")"
			elif [ -e "$fresh" ]; then
				bad "inject fresh $fn:$k:EIO" "left behind: $(cd "$fresh" && find . | head -5 | tr '\n' ' ')"
			else
				ok "inject fresh $fn:$k:EIO"
			fi
		done
	done
	if [ "$total" -lt 10 ]; then
		bad inject "only $total failure points found: $(tr '\n' ' ' <"$tmp/counts")"
	fi
	# a second pack into a site that has the first: its page directory is
	# moved into place whole (out.c), and a later failing rename must move
	# it back, leaving the output directory as it was
	local two=$tmp/inj-two snap
	rm -rf "$two"
	run_scomc "$two" bom-ok.alert
	snap=$(cd "$two" && find . -type f -exec md5sum {} + | sort; find . -type d | sort)
	rm -rf "$tmp/inj-two-count"
	cp -r "$two" "$tmp/inj-two-count"
	env SCOMC_INJECT_DIR="$tmp/inj-two-count" SCOMC_INJECT_COUNT="$tmp/counts2" LD_PRELOAD="$so" \
		"$SCOMC" -o "$tmp/inj-two-count" bom-ok.alert xss-knowledge.alert >/dev/null 2>&1
	rm -rf "$tmp/inj-two-count"
	n=$(sed -n "s/^rename //p" "$tmp/counts2")
	for ((k = 1; k <= ${n:-0}; k++)); do
		timeout -k 2 "$TIMEOUT" env SCOMC_INJECT="rename:$k:EIO" SCOMC_INJECT_DIR="$two" \
			LD_PRELOAD="$so" "$SCOMC" -o "$two" bom-ok.alert xss-knowledge.alert >/dev/null 2>"$tmp/stderr"
		rc=$?
		if [ "$rc" -ne 3 ]; then
			bad "inject second pack rename:$k" "exit $rc: $(head -3 "$tmp/stderr")"
		elif [ "$(cd "$two" && find . -type f -exec md5sum {} + | sort; find . -type d | sort)" != "$snap" ]; then
			bad "inject second pack rename:$k" "the output directory changed"
		else
			ok "inject second pack rename:$k: the site is as before"
		fi
	done
}

# ---- determinism ----
check_determinism() {
	local a=$tmp/detA c=$tmp/copy inputs="xss-knowledge.alert xml-utf16le.xml bom-ok.alert"
	rm -rf "$a" "$c" "$tmp/detB" "$tmp/detC"
	run_scomc "$a" $inputs "$ROOT"/packs/*.alert
	local rc1=$rc
	mkdir -p "$c/sub"
	# shellcheck disable=SC2086
	cp $inputs "$ROOT"/packs/*.alert "$c/sub/"
	local packs
	packs=$(cd "$ROOT/packs" && ls ./*.alert)
	# shellcheck disable=SC2086
	(cd "$c/sub" && timeout -k 2 "$TIMEOUT" "$SCOMC" -o ../../detB $inputs $packs >/dev/null 2>&1)
	local rc2=$?
	run_scomc "$tmp/detC" $inputs "$ROOT"/packs/*.alert
	if [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
		bad determinism "exit $rc1 / $rc2"
	elif ! diff -r "$a" "$tmp/detB" >"$tmp/diff" || ! diff -r "$a" "$tmp/detC" >>"$tmp/diff"; then
		bad determinism "$(head -20 "$tmp/diff")"
	elif grep -rqF -- "$tmp" "$a"; then
		bad determinism "an absolute path leaked into the outputs: $(grep -rlF -- "$tmp" "$a" | head -3)"
	else
		ok "determinism ($(find "$a" -type f | wc -l) files, 3 runs, 2 working dirs, absolute and relative -o)"
	fi
}

check_escaping
check_noread
check_atomic
check_unwritable
check_inject
check_determinism
