# tests/lib/expect.sh - the one harness for "input, exact stderr, exit code"
# (house style H.2; jq %%FAIL, libxml2 result/*.err). Sourced by
# tests/errors, tests/hostile and tests/verify.
#
# A case is an input file and its expectation NAME.err beside it: the exact
# stderr (caret lines included), optionally preceded by one line "exit N",
# the expected exit code. Without that line the exit code comes from a
# header in the first five lines of the input ("# exit: N", or
# "<!-- exit: N -->" in XML), else from EXPECT_EXIT ("auto": 1 when the
# stderr holds an ": error: " line, else 0). A header "# args: ARGS" adds
# arguments. Optional NAME.json / NAME.sarif: the same run with
# --diagnostics-format=json / sarif prints exactly that on stdout (and
# nothing on stderr). NAME.gen is a bash script whose stdout is the input
# (NAME.alert), for inputs too big or too odd to commit.
#
# Every run: under a timeout (EXPECT_TIMEOUT seconds, default 60); a crash,
# a timeout or an exit code above 4 fails; text diagnostics never go to
# stdout (a case's stdout must be empty). With EXPECT_OUT=1 the command gets "-o DIR" (a fresh empty
# directory) before the input, and a failing run must leave DIR empty and
# no staging directory behind.
#
#   expect_dir DIR CMD...             every case in DIR (*.alert, *.xml,
#                                     *.gen), run from DIR as CMD [ARGS] FILE
#   expect_case NAME DIR FILE ERR HDR CMD...   one case (HDR: the file whose
#                                     header is read, "" for none)
#   expect_run NAME CODE ERR CMD...   one command; ERR is the expected
#                                     stderr ("-": empty, but lines matching
#                                     the ERE $EXPECT_QUIET_OK are allowed),
#                                     CODE a number or auto; stdout is left
#                                     in $EXPECT_TMP/stdout
#   expect_summary SUITE              prints "SUITE: N passed, M failed"
#                                     and returns non-zero on a failure
# UPDATE=1 rewrites the expected files (review with git diff).
# Counters: expect_pass, expect_fail; ok NAME / bad NAME [DETAIL] report.

EXPECT_TMP=${EXPECT_TMP:-$(mktemp -d)}
EXPECT_TIMEOUT=${EXPECT_TIMEOUT:-60}
EXPECT_EXIT=${EXPECT_EXIT:-1}
EXPECT_OUT=${EXPECT_OUT:-0}
UPDATE=${UPDATE:-0}
expect_pass=0
expect_fail=0
expect_cases=0
# shellcheck disable=SC2064
trap "chmod -R u+w '$EXPECT_TMP' 2>/dev/null; rm -rf '$EXPECT_TMP'" EXIT

ok() { echo "ok   $1"; expect_pass=$((expect_pass + 1)); }
bad() {
	echo "FAIL $1${2:+: $(printf '%s' "$2" | head -n 1)}"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | tail -n +2 | head -n 60 | sed 's/^/    /'
	expect_fail=$((expect_fail + 1))
}

# expect_header FILE KEY -> value of "# KEY: value" or "<!-- KEY: value -->"
expect_header() {
	[ -n "$1" ] && [ -f "$1" ] || return 0
	head -n 5 "$1" | sed -n -E "s/^(#|<!--) *$2: *(.*[^ >-]) *(-->)? *\$/\\2/p" | head -n 1
}

# Splits an expected file into $EXPECT_TMP/want-code and want-err.
split_expected() {
	local err=$1 hdr=$2
	: >"$EXPECT_TMP/want-err"
	local code=""
	if [ "$err" != - ] && [ -f "$err" ]; then
		if head -n 1 "$err" | grep -qE '^exit [0-9]+$'; then
			code=$(head -n 1 "$err" | cut -d' ' -f2)
			tail -n +2 "$err" >"$EXPECT_TMP/want-err"
		else
			cp "$err" "$EXPECT_TMP/want-err"
		fi
	fi
	[ -z "$code" ] && code=$(expect_header "$hdr" exit)
	echo "${code:-$EXPECT_EXIT}" >"$EXPECT_TMP/want-code"
}

# Runs CMD...; sets $code; stdout and stderr in $EXPECT_TMP.
expect_exec() {
	timeout -k 2 "$EXPECT_TIMEOUT" "$@" >"$EXPECT_TMP/stdout" 2>"$EXPECT_TMP/stderr"
	code=$?
}

# Rewrites ERR from the last run (keeping an "exit N" line if it had one).
update_expected() {
	local err=$1 had_exit=$2
	[ "$err" = - ] && return
	if [ "$had_exit" = 1 ]; then
		{ echo "exit $code"; cat "$EXPECT_TMP/stderr"; } >"$err"
	else
		cp "$EXPECT_TMP/stderr" "$err"
	fi
}

# The checks every run shares; 0 if the run is as expected.
expect_check() { # NAME WANT_CODE ERR
	local name=$1 want=$2 err=$3
	if [ "$want" = auto ]; then
		want=0
		grep -q ': error: ' "$EXPECT_TMP/want-err" && want=1
	fi
	if [ "$code" = 124 ] || [ "$code" = 137 ]; then
		bad "$name" "timed out after ${EXPECT_TIMEOUT}s"
	elif [ "$code" -gt 4 ]; then
		bad "$name" "crashed (exit $code)
$(head -n 20 "$EXPECT_TMP/stderr")"
	elif [ "$code" != "$want" ]; then
		bad "$name" "exit $code, expected $want
$(head -n 20 "$EXPECT_TMP/stderr")"
	elif [ "$err" != - ] && [ ! -f "$err" ]; then
		bad "$name" "missing $(basename "$err") (run with UPDATE=1 to create it)"
	elif ! diff -u "$EXPECT_TMP/want-err" "$EXPECT_TMP/stderr" >"$EXPECT_TMP/diff"; then
		bad "$name" "stderr differs from $(basename "$err")
$(cat "$EXPECT_TMP/diff")"
	else
		return 0
	fi
	return 1
}

# Nothing written by a failing run, no staging directory (EXPECT_OUT=1).
expect_no_output() { # NAME
	[ "$EXPECT_OUT" = 1 ] || return 0
	if [ -n "$(find "$EXPECT_TMP/out" -name '.scomc-stage-*' 2>/dev/null)" ]; then
		bad "$1" "a staging directory was left behind"
	elif [ "$code" != 0 ] && [ -n "$(ls -A "$EXPECT_TMP/out" 2>/dev/null)" ]; then
		bad "$1" "exit $code but files were written: $(ls -A "$EXPECT_TMP/out" | tr '\n' ' ')"
	else
		return 0
	fi
	return 1
}

expect_run() { # NAME CODE ERR CMD...
	local name=$1 want=$2 err=$3
	shift 3
	split_expected "$err" ""
	expect_exec "$@"
	if [ "$err" = - ] && [ -n "${EXPECT_QUIET_OK:-}" ]; then
		grep -v -E "$EXPECT_QUIET_OK" "$EXPECT_TMP/stderr" >"$EXPECT_TMP/stderr.n"
		mv "$EXPECT_TMP/stderr.n" "$EXPECT_TMP/stderr"
	fi
	local had_exit=0
	[ "$err" != - ] && [ -f "$err" ] && head -n 1 "$err" | grep -qE '^exit [0-9]+$' && had_exit=1
	[ "$UPDATE" = 1 ] && update_expected "$err" "$had_exit" && split_expected "$err" ""
	expect_check "$name" "$want" "$err" && ok "$name"
}

# The SARIF and JSON variants of a case; the version is normalised.
expect_formats() { # NAME DIR FILE ARGS CMD...
	local name=$1 dir=$2 file=$3 args=$4 fmt base=${3%.*}
	shift 4
	local version
	version=$("$SCOMC" --version | head -n 1 | sed 's/^scomc //')
	for fmt in json sarif; do
		local want=${EXPECT_CASE_DIR:-$dir}/$base.$fmt
		[ -f "$want" ] || continue
		rm -rf "$EXPECT_TMP/out" && mkdir "$EXPECT_TMP/out"
		# shellcheck disable=SC2086 # args is a word list by design
		(cd "$dir" && expect_exec "$@" $args "--diagnostics-format=$fmt" \
			${EXPECT_OUT_ARGS:+-o "$EXPECT_TMP/out"} "$file"; exit "$code")
		code=$?
		sed "s/\"version\": \"$version\"/\"version\": \"@VERSION@\"/" "$EXPECT_TMP/stdout" >"$EXPECT_TMP/norm"
		[ "$version" = 2.1.0 ] && cp "$EXPECT_TMP/stdout" "$EXPECT_TMP/norm"
		[ "$UPDATE" = 1 ] && cp "$EXPECT_TMP/norm" "$want"
		if [ "$code" != "$(cat "$EXPECT_TMP/want-code")" ] && [ "$(cat "$EXPECT_TMP/want-code")" != auto ]; then
			bad "$name ($fmt)" "exit $code, expected $(cat "$EXPECT_TMP/want-code")"
			return 1
		elif [ -s "$EXPECT_TMP/stderr" ]; then
			bad "$name ($fmt)" "stderr is not empty
$(head -n 5 "$EXPECT_TMP/stderr")"
			return 1
		elif ! diff -u "$want" "$EXPECT_TMP/norm" >"$EXPECT_TMP/diff"; then
			bad "$name ($fmt)" "$(basename "$want") differs
$(cat "$EXPECT_TMP/diff")"
			return 1
		fi
	done
	return 0
}

expect_case() { # NAME DIR FILE ERR HDR CMD...
	local name=$1 dir=$2 file=$3 err=$4 hdr=$5
	shift 5
	expect_cases=$((expect_cases + 1))
	split_expected "$err" "$hdr"
	local args="" had_exit=0
	args=$(expect_header "$hdr" args)
	[ -f "$err" ] && head -n 1 "$err" | grep -qE '^exit [0-9]+$' && had_exit=1
	EXPECT_OUT_ARGS=""
	[ "$EXPECT_OUT" = 1 ] && EXPECT_OUT_ARGS=1
	rm -rf "$EXPECT_TMP/out" && mkdir "$EXPECT_TMP/out"
	# shellcheck disable=SC2086 # args is a word list by design
	(cd "$dir" && expect_exec "$@" $args ${EXPECT_OUT_ARGS:+-o "$EXPECT_TMP/out"} "$file"; exit "$code")
	code=$?
	[ "$UPDATE" = 1 ] && update_expected "$err" "$had_exit" && split_expected "$err" "$hdr"
	expect_check "$name" "$(cat "$EXPECT_TMP/want-code")" "$err" || return
	expect_no_output "$name" || return
	if [ -s "$EXPECT_TMP/stdout" ]; then
		bad "$name" "text diagnostics went to stdout"
		return
	fi
	expect_formats "$name" "$dir" "$file" "$args" "$@" || return
	ok "$name"
}

expect_dir() { # DIR CMD...
	local dir=$1 input base name
	shift
	EXPECT_CASE_DIR=$dir
	for input in "$dir"/*.alert "$dir"/*.xml "$dir"/*.gen; do
		[ -e "$input" ] || continue
		base=$(basename "$input")
		name=${base%.*}
		if [ "${base##*.}" = gen ]; then
			rm -rf "$EXPECT_TMP/gen" && mkdir "$EXPECT_TMP/gen"
			if ! bash "$input" >"$EXPECT_TMP/gen/$name.alert"; then
				bad "$name" "generator failed"
				continue
			fi
			expect_case "$name" "$EXPECT_TMP/gen" "$name.alert" "$dir/$name.err" "$input" "$@"
		else
			expect_case "$name" "$dir" "$base" "$dir/$name.err" "$input" "$@"
		fi
	done
}

expect_summary() { # SUITE
	[ "$UPDATE" = 1 ] && echo "(UPDATE=1: expected files rewritten; review with git diff)"
	local cases=""
	[ "$expect_cases" -gt 0 ] && cases=" ($expect_cases cases)"
	echo "$1: $expect_pass passed, $expect_fail failed$cases"
	[ "$expect_fail" -eq 0 ]
}

# expect_same NAME EXPECTED ACTUAL: the files are byte-equal (UPDATE=1
# rewrites EXPECTED); used for golden outputs that are not diagnostics.
expect_same() {
	[ "$UPDATE" = 1 ] && cp "$3" "$2"
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		bad "$1" "output differs from $(basename "$2")
$(diff -u "$2" "$3" | head -n 30)"
	fi
}
