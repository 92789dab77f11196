#!/usr/bin/env bash
# One fuzz_fragment.c regression through the CLI (tests/fuzz/run.sh): the
# input split as the harness splits it (NUL bytes: ALERT, FRAGMENT...; no
# NUL: one fragment for the harness's built-in pack, here
# tests/fuzz/seeds/fragment-pack.alert) and compiled with
# `scomc -o DIR in.alert in.0.mpx ...`. Exit: scomc's.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/replay-lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
perl -e '
	local $/; open my $f, "<", $ARGV[0] or die; binmode $f; my $in = <$f>;
	my ($dir, $builtin) = @ARGV[1, 2];
	my @p = index($in, "\0") >= 0 ? split(/\0/, $in, 4) : (undef, $in);
	if (!defined $p[0]) { open my $b, "<", $builtin or die; local $/; $p[0] = <$b>; }
	for my $i (0 .. $#p) {
		my $name = $i ? "$dir/in." . ($i - 1) . ".mpx" : "$dir/in.alert";
		open my $o, ">", $name or die; binmode $o; print $o $p[$i]; close $o;
	}
' "$1" "$d" "$here/seeds/fragment-pack.alert"
frags=()
for f in "$d"/in.*.mpx; do frags+=("$f"); done
"$SCOMC" -o "$d/out" "$d/in.alert" "${frags[@]}"
