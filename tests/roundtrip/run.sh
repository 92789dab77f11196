#!/usr/bin/env bash
# Lossless round trip of rules as they were written (issue 14; docs/language.md
# "Rules as they were written", docs/fragments.md). Each fixture is MP XML of
# our own; it is also sealed here (the test key of tests/sealed). For each
# pack, unsealed and sealed:
#
#   scomc decompile --check -o OUT PACK     exit 0, nothing on stderr
#   scomc -o OUT/mp OUT/<ID>.alert          (with OUT/<ID>.mpx beside it)
#   scomc diff PACK OUT/mp/<ID>.xml         exit 0: identical
#
# and every event alert rule of the pack is in the .alert (with the
# statement that states its form), none in the .mpx.
#
#   RT.Forms10.xml   schema 1.0: Run As (data source, write action, both),
#                    <Suppression/>, an empty SuppressionValue, paramN and
#                    XPath values, no Suppression; ComputerName host, target,
#                    Host/Host, a literal, absent, another class's; And
#                    operands in other orders; Type attributes absent, on
#                    the query or the value only, mixed, of another type
#                    (Integer on an event ID); alert parameters that are
#                    expressions ({$Target/...$}); aliases inside
#                    filter, computer and suppression values; a library at
#                    another version, a Manifest name other than the
#                    display name
#   RT.Forms20.xml   the same in schema 2.0, with System.Health.Library
#                    under its own alias (HealthLib)
#   RT.App.xml       classes, a discovery, event rules on the pack's own
#                    class (Run As of the pack's own profiles, one of them
#                    without the pack's prefix; suppression,
#                    computer name, order, types), a collection rule, a
#                    monitor, an override, two languages: the event alerts
#                    are .alert, the rest the fragment
#
#   SCOMC=build/scomc bash tests/roundtrip/run.sh
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=${ROOT:-$(cd "$here/../.." && pwd)}
SCOMC=${SCOMC:-$ROOT/build/scomc}
SCOMC=$(cd "$(dirname "$SCOMC")" && pwd)/$(basename "$SCOMC")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x "$SCOMC" ] || { echo "roundtrip: no compiler at $SCOMC (run make)" >&2; exit 2; }
cd "$here" || exit 2

. "$ROOT/tests/lib/expect.sh"

KEY=$ROOT/tests/sealed/Scomc.Test.Sealed.snk

# The statement each rule's form needs, as decompile must write it
# ("ALERT<TAB>STATEMENT", the statement a regular expression on its line).
forms() {
	cat <<'EOF'
RunAsSource	run-as  *SQL!Microsoft.SQLServer.SQLDefaultAccount$
RunAsAlert	alert-run-as  *SQL!Microsoft.SQLServer.SQLDefaultAccount$
RunAsBoth	run-as  *SQL!Microsoft.SQLServer.MonitoringAccount$
RunAsBoth	alert-run-as  *SQL!Microsoft.SQLServer.SQLDefaultAccount$
SuppressEmpty	suppress  *none$
SuppressEmptyValue	suppress  *""$
SuppressParams	suppress  *param1, id, "\$Data/Property\[@Name='Instance'\]\$", "\$Target/Property\[Type=\\"SQL!Microsoft.SQLServer.DBEngine\\"\]/InstanceName\$"$
SuppressAbsent	suppress  *absent$
ComputerHost	computer-name  *host$
ComputerTarget	computer-name  *target$
ComputerHostHost	computer-name  *"\$Target/Host/Host/Property
ComputerLiteral	computer-name  *"\."$
ComputerAbsent	computer-name  *none$
ComputerSql	computer-name  *"\$Target/Host/Property\[Type=\\"SQL!Microsoft.SQLServer.ServerRole
OrderSourceFirst	order  *source, event$
OrderFilterFirst	order  *filter, event, source$
OrderIdsSourceFirst	order  *source, event, filter$
TypesNone	types  *none$
TypesQuery	types  *query$
TypesValue	types  *value$
TypesMixed	types  *all, value, value$
TypesNamed	types  *Integer, all, all$
ParamExpressions	description  *"\{description\} on \{\$Target/Host/Property\[Type=\\"Windows!Microsoft.Windows.Computer\\"\]/PrincipalName\$\} \(level \{\$Data/EventLevel\$\}, instance \{\$Target/Property\[Type=\\"SQL!
AliasInFilter	param +1 is "\$Target/Property\[Type=\\"SQL!Microsoft.SQLServer.DBEngine\\"\]/InstanceName\$"$
AliasInFilter	description matches "\$Target/Host/Property\[Type=\\"System!System.Entity\\"\]/DisplayName\$"$
Everything	types  *none$
Everything	order  *source, event, filter$
Everything	computer-name  *none$
Everything	run-as  *SQL!
Everything	suppress  *""$
App.Stopped	run-as  *RT.App.Account$
App.Stopped	suppress  *absent$
App.Stopped	order  *source, event$
App.Stopped	types  *none$
App.Hung	alert-run-as  *Legacy_Account$
App.Hung	computer-name  *"\$Target/Host/Property\[Type=\\"Windows!Microsoft.Windows.Computer\\"\]/PrincipalName\$"$
App.Hung	types  *all, all, none$
App.Hung	suppress  *""$
EOF
}

# The statements of alert NAME in FILE (from "alert NAME {" to its "}").
alert_block() { sed -n "/^  alert $2 {\$/,/^  }\$/p" "$1"; }

# The ID of every event alert rule (System.Health.GenerateAlert) of PACK.
alert_rules() { grep -o '<Rule ID="[^"]*"' "$1" | sed 's/<Rule ID="//; s/"$//' | grep -v '\.Collection$'; }

# Every form statement of the alerts of ALERTFILE that has them.
check_forms() { # NAME ALERTFILE
	local name=$1 file=$2 a re missing="" n=0
	while IFS=$'\t' read -r a re; do
		grep -q "^  alert $a {\$" "$file" || continue
		n=$((n + 1))
		alert_block "$file" "$a" | grep -Eq "^    ( *)$re" || missing="$missing $a:${re%% *}"
	done < <(forms)
	if [ -z "$missing" ] && [ "$n" -gt 0 ]; then ok "$name: each form is stated in the .alert ($n statements)"
	else bad "$name: each form is stated in the .alert" "missing:${missing:- (no alert has a form)}"; fi
}

round_trip() { # LABEL PACK ID
	local label=$1 pack=$2 id=$3 out=$tmp/out/$1
	expect_run "$label: decompile --check" 0 - "$SCOMC" decompile -q --check --no-caret -o "$out" "$pack"
	[ -s "$out/$id.alert" ] || { bad "$label: $id.alert written"; return; }
	expect_run "$label: the .alert (and its .mpx) compile" 0 - "$SCOMC" -q --emit=mp -o "$out/mp" "$out/$id.alert"
	expect_run "$label: scomc diff finds nothing" 0 - "$SCOMC" diff "$pack" "$out/mp/$id.xml"
	# every event alert rule is an alert of the .alert, not MP XML
	local rules n_in n_alert in_frag=""
	rules=$(alert_rules "$xml_of")
	n_in=$(printf '%s\n' "$rules" | grep -c .)
	n_alert=$(grep -c '^  alert ' "$out/$id.alert")
	for r in $rules; do
		[ -e "$out/$id.mpx" ] && grep -q "<Rule ID=\"$r\"" "$out/$id.mpx" && in_frag="$in_frag $r"
	done
	if [ "$n_in" = "$n_alert" ] && [ -z "$in_frag" ]; then ok "$label: all $n_in event alert rules are .alert, none in the fragment"
	else bad "$label: all event alert rules are .alert" "$n_alert alerts for $n_in rules; in the fragment:${in_frag:- none}"; fi
	check_forms "$label" "$out/$id.alert"
}

mkdir -p "$tmp/sealed" "$tmp/out"
for xml in RT.Forms10.xml RT.Forms20.xml RT.App.xml; do
	id=${xml%.xml}
	"$SCOMC" seal -q --key "$KEY" -o "$tmp/sealed" "$xml" >/dev/null 2>"$tmp/seal.err" ||
		bad "seal $xml" "$(head -n 3 "$tmp/seal.err")"
	xml_of=$xml
	round_trip "$id (XML)" "$xml" "$id"
	[ -s "$tmp/sealed/$id.mp" ] && round_trip "$id (sealed)" "$tmp/sealed/$id.mp" "$id"
done

# RT.App: the rest is MP XML in the fragment, with its IDs.
frag=$tmp/out/RT.App\ \(XML\)/RT.App.mpx
missing=""
for want in '<ClassType ID="RT.App.App"' '<Discovery ID="RT.App.App.Discovery"' '<Rule ID="RT.App.App.Events.Collection"' \
	'<UnitMonitor ID="RT.App.App.Service.Monitor"' '<RulePropertyOverride ID="RT.App.App.Events.Collection.Override"' \
	'<SecureReference ID="RT.App.Account"' '<SecureReference ID="Legacy_Account"' '<LanguagePack ID="DEU"'; do
	grep -qF "$want" "$frag" 2>/dev/null || missing="$missing $want"
done
[ -z "$missing" ] && ok "RT.App: classes, discovery, collection rule, monitor, override, profile and DEU are the fragment" ||
	bad "RT.App: the rest is the fragment" "missing:$missing"

# The pack-level forms: a library at another version, a library under its
# own alias, a Manifest name other than the display name.
a10=$tmp/out/RT.Forms10\ \(XML\)/RT.Forms10.alert a20=$tmp/out/RT.Forms20\ \(XML\)/RT.Forms20.alert
grep -q '^  manifest-name "RT.Forms10 (manifest name)"$' "$a10" 2>/dev/null &&
	sed -n '/^  reference Microsoft.Windows.Library {$/,/^  }$/p' "$a10" | grep -q '^    version 6.0.5000.0$' &&
	sed -n '/^  reference System.Health.Library {$/,/^  }$/p' "$a20" 2>/dev/null | grep -q '^    alias   HealthLib$' &&
	ok "the pack header states the Manifest name, a library's version and a library's own alias" ||
	bad "the pack header states the Manifest name, a library's version and a library's own alias"

# What decompile writes is in scomc fmt's layout.
if "$SCOMC" fmt --check "$tmp"/out/*/*.alert >"$tmp/fmt.out" 2>&1; then ok "the decompiled .alert files are in scomc fmt's layout"
else bad "the decompiled .alert files are in scomc fmt's layout" "$(head -n 10 "$tmp/fmt.out")"; fi

# The checks can fail: the same .alert without one of its statements (or
# with a library under its built-in alias) compiles to another pack, and
# scomc diff (exit 1) finds it.
mut=$tmp/mut
while IFS=$'\t' read -r which what edit; do
	src=$a10 orig=RT.Forms10.xml
	[ "$which" = 20 ] && src=$a20 orig=RT.Forms20.xml
	base=$(basename "$src")
	rm -rf "$mut"
	mkdir -p "$mut/in"
	sed -E "$edit" "$src" >"$mut/in/$base"
	if cmp -s "$src" "$mut/in/$base"; then bad "without $what: nothing was changed"; continue; fi
	"$SCOMC" -q --emit=mp -o "$mut/mp" "$mut/in/$base" >/dev/null 2>&1 || { bad "without $what: it compiles"; continue; }
	"$SCOMC" diff "$orig" "$mut/mp/${base%.alert}.xml" >/dev/null 2>&1
	rc=$?
	[ $rc -eq 1 ] && ok "without $what: scomc diff finds the difference (exit 1)" ||
		bad "without $what: scomc diff finds the difference" "exit $rc"
done <<'MUTATIONS'
10	order	/^    order  *source, event$/d
10	types	/^    types  *none$/d
10	suppress absent	/^    suppress  *absent$/d
10	suppress ""	/^    suppress  *""$/d
10	computer-name none	/^    computer-name  *none$/d
10	run-as	/^    run-as +/d
10	alert-run-as	/^    alert-run-as +/d
10	rule-description	/^    rule-description +/d
10	manifest-name	/^  manifest-name +/d
10	a library's version	s/^    version 6.0.5000.0$/    version 6.1.7221.0/
20	a library's own alias	s/^    alias   HealthLib$/    alias   Health/
MUTATIONS

# A pack of many alerts: decompile checks it in batches of alerts on
# threads (compiler/decompile_batch.c); --check compiles the whole source at
# once. bench/gen's 700 alerts and monitors (knowledge articles, tables,
# defaults, a reference) in one pack, every 150th data source renamed (those
# rules stay MP XML: W611 and W610 in several batches). What decompile
# writes and reports is the same with and without --check, on one CPU
# (taskset) and on all, is fmt's layout of itself, and compiles back to the
# pack.
big=$tmp/big
mkdir -p "$big"
if ${CC:-cc} -O2 -o "$big/gen" "$ROOT/bench/gen.c" 2>"$big/cc.err" && "$big/gen" 700 "$big/src" >/dev/null &&
	"$SCOMC" -q --emit=mp -o "$big/xml" "$big"/src/*.alert 2>"$big/cc.err"; then
	pack=$(ls "$big"/xml/*.xml)
	id=$(basename "$pack" .xml)
	awk '/<DataSource ID="DS"/ && ++n % 150 == 0 { sub(/ID="DS"/, "ID=\"Events\"") } { print }' "$pack" >"$big/$id.xml"
	decompile_big() { # DIR ARGS...
		local d=$1
		shift
		"$SCOMC" decompile --no-caret "$@" -o "$big/$d" "$big/$id.xml" >/dev/null 2>"$big/$d.err"
	}
	if decompile_big batches && decompile_big whole --check; then
		ok "a pack of 700 alerts: decompile and decompile --check (exit 0)"
		same=yes
		for f in "$id.alert" "$id.mpx"; do cmp -s "$big/batches/$f" "$big/whole/$f" || same="no: $f"; done
		cmp -s "$big/batches.err" "$big/whole.err" || same="no: the diagnostics"
		[ "$same" = yes ] && ok "a pack of 700 alerts: the same .alert, .mpx and diagnostics as the whole source checked at once" ||
			bad "a pack of 700 alerts: the same as the whole source checked at once" "$same
$(diff "$big/batches.err" "$big/whole.err" | head -n 10)"
		n611=$(grep -c 'W611' "$big/batches.err") n610=$(grep -c 'stays MP XML in the fragment' "$big/batches.err")
		[ "$n611" -ge 4 ] && [ "$n610" -ge 4 ] && ok "a pack of 700 alerts: the renamed rules are W611 and stay MP XML ($n610 rules)" ||
			bad "a pack of 700 alerts: the renamed rules are W611 and stay MP XML" "$n611 W611, $n610 W610"
		if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then
			taskset -c 0 "$SCOMC" decompile --no-caret -o "$big/one" "$big/$id.xml" >/dev/null 2>"$big/one.err"
			cmp -s "$big/batches/$id.alert" "$big/one/$id.alert" && cmp -s "$big/batches/$id.mpx" "$big/one/$id.mpx" &&
				cmp -s "$big/batches.err" "$big/one.err" &&
				ok "a pack of 700 alerts: the same on one CPU" || bad "a pack of 700 alerts: the same on one CPU"
		fi
		"$SCOMC" fmt - <"$big/batches/$id.alert" >"$big/fmt.alert" 2>"$big/fmt.err" &&
			cmp -s "$big/batches/$id.alert" "$big/fmt.alert" &&
			ok "a pack of 700 alerts: the .alert is scomc fmt of itself" ||
			bad "a pack of 700 alerts: the .alert is scomc fmt of itself" "$(diff "$big/batches/$id.alert" "$big/fmt.alert" | head -n 10)"
		if "$SCOMC" -q --emit=mp -o "$big/rt" "$big/batches/$id.alert" 2>"$big/rt.err" &&
			"$SCOMC" diff -q "$big/$id.xml" "$big/rt/$id.xml" >/dev/null 2>&1; then
			ok "a pack of 700 alerts: the .alert and .mpx compile back to the pack"
		else
			bad "a pack of 700 alerts: the .alert and .mpx compile back to the pack" "$(head -n 5 "$big/rt.err")"
		fi
	else
		bad "a pack of 700 alerts: decompile" "$(head -n 5 "$big/batches.err" "$big/whole.err" 2>/dev/null)"
	fi
else
	bad "a pack of 700 alerts: bench/gen and compile" "$(head -n 5 "$big/cc.err")"
fi

expect_summary roundtrip
