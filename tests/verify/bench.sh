#!/usr/bin/env bash
# `make bench-verify` (mk/verify.mk): times `scomc verify` on a generated
# management pack of about 2 MB against `xmllint --noout --schema` on the
# same file, and fails when verify takes a second or more.
# The pack is compiled by scomc from a generated .alert with ALERTS alerts
# (each with a list and a range of event IDs, placeholders and a two-section
# knowledge article), so it is a realistic event-alert pack.
#   bash tests/verify/bench.sh SCOMC DIR [ALERTS]     (default 380 alerts)
set -eu
scomc=$1 dir=$2 n=${3:-380} runs=${RUNS:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir"
alert=$dir/Verify.Bench.alert
{
	printf 'pack Verify.Bench {\n  version 1.0.0.0\n  name "Verify benchmark"\n'
	printf '  defaults {\n    source BenchSource\n  }\n'
	for i in $(seq 1 "$n"); do
		cat <<A
  alert Alert$i {
    event       $i, 60000-60010
    title       "Benchmark alert $i"
    description "{source} logged {id} on {computer}: {description}"
    knowledge {
      section "Summary" """
        Alert $i fired. See **the runbook** and [the wiki](https://example.com/$i).
        """
      section "Resolutions" """
        - Check the service.
        - Restart it.
        """
    }
  }
A
	done
	printf '}\n'
} >"$alert"
"$scomc" --emit=mp -q -o "$dir" "$alert"
mp=$dir/Verify.Bench.xml
bytes=$(stat -c %s "$mp")

# best wall-clock time of $runs runs, in seconds
best() {
	local b=999999 t0 t1 ms
	for _ in $(seq 1 "$runs"); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || { echo "bench-verify: '$*' failed" >&2; exit 1; }
		t1=$(date +%s%N)
		ms=$(((t1 - t0) / 1000000))
		[ "$ms" -lt "$b" ] && b=$ms
	done
	echo "$b"
}
v=$(best "$scomc" verify -q "$mp")
x=$(best xmllint --noout --schema "$root/schemas/mp/mp-1.0.xsd" "$mp")
printf 'pack: %s alerts, %s bytes (%s)\n' "$n" "$bytes" "$mp"
printf 'scomc verify:            %5d ms (best of %d; schema + all checks)\n' "$v" "$runs"
printf 'xmllint --noout --schema %5d ms (best of %d; schema only)\n' "$x" "$runs"
if [ "$v" -ge 1000 ]; then
	echo "bench-verify: FAIL: verify took ${v} ms, the budget is well under 1000 ms" >&2
	exit 1
fi
echo "bench-verify: ok (budget < 1000 ms)"
