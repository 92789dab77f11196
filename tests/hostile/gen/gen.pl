#!/usr/bin/perl
# Writes the generated hostile input NAME (too big to keep in the tree) to
# FILE. Each NAME has its expected result in tests/hostile/gen/NAME.expected.
# Usage: gen.pl NAME FILE     (perl, because Debian always has it)
use strict;
use warnings;

my ($name, $file) = @ARGV;
die "usage: gen.pl NAME FILE\n" unless defined $file;
open(my $f, '>:raw', $file) or die "$file: $!\n";
my $head = "pack Hostile.Gen {\n  version 1.0.0.0\n  name \"Generated\"\n";
my $alert = "  alert a1 {\n    event 1\n    source Src\n    title \"T\"\n" .
	"    knowledge { section \"Summary\" \"Text.\" }\n  }\n";
my %gen = (
	# 128 MiB + 1 byte: one byte over the input limit (E101)
	'too-large' => sub {
		print $f $head;
		my $line = "# " . ("x" x 1021) . "\n";
		my $n = length($head);
		while ($n + 1024 <= 128 * 1024 * 1024) { print $f $line; $n += 1024; }
		print $f "#" x (128 * 1024 * 1024 - $n + 1);
	},
	# exactly 128 MiB is still read (and then fails for its own reasons)
	'exactly-limit' => sub {
		print $f $head;
		my $line = "# " . ("x" x 1021) . "\n";
		my $n = length($head);
		while ($n + 1024 <= 128 * 1024 * 1024) { print $f $line; $n += 1024; }
		print $f "#" x (128 * 1024 * 1024 - $n);
	},
	# a comment line of 65537 bytes (E108)
	'long-line' => sub { print $f $head, "# ", "y" x 65535, "\n", $alert, "}\n"; },
	# a line of exactly 65536 bytes is fine
	'line-at-limit' => sub { print $f $head, "# ", "y" x 65534, "\n", $alert, "}\n"; },
	# a word of 4097 bytes (E109)
	'long-word' => sub { print $f $head, "  description ", "w" x 4097, "\n", $alert, "}\n"; },
	# a string of 4097 bytes (E109)
	'long-string' => sub { print $f $head, "  description \"", "s" x 4097, "\"\n", $alert, "}\n"; },
	# a 1 MiB word is refused without slowness (E109)
	'huge-identifier' => sub { print $f "pack ", "A" x (1024 * 1023), " {\n}\n"; },
	# a text block of more than 1 MiB in lines of 100 bytes (E110)
	'big-text-block' => sub {
		print $f $head, "  alert a1 {\n    event 1\n    source Src\n    title \"T\"\n";
		print $f "    knowledge {\n      section \"Summary\" \"\"\"\n";
		print $f "        ", "t" x 91, "\n" for 1 .. 11500;
		print $f "        \"\"\"\n    }\n  }\n}\n";
	},
	# 100000 levels of '{' in an unknown block, 1000 per line
	'deep-braces' => sub {
		print $f $head, "  junk\n";
		print $f "{" x 1000, "\n" for 1 .. 100;
		print $f "}" x 1000, "\n" for 1 .. 100;
		print $f $alert, "}\n";
	},
	# 100000 unclosed levels
	'deep-braces-unclosed' => sub {
		print $f $head, "  alert a1 {\n    knowledge ";
		print $f "{" x 1000, "\n" for 1 .. 100;
	},
	# 100001 alerts in one pack (E210)
	'many-alerts' => sub {
		print $f $head;
		print $f "  alert a$_ { event 1; source S; title \"T\" }\n" for 1 .. 100001;
		print $f "}\n";
	},
	# 50000 errors: stops at --max-errors (20) quickly
	'many-errors' => sub {
		print $f $head;
		print $f "  bogus$_ 1\n" for 1 .. 50000;
		print $f "}\n";
	},
	# 100000 '*' list markers on one line each, nested by indentation
	'deep-lists' => sub {
		print $f $head, "  alert a1 {\n    event 1\n    source Src\n    title \"T\"\n";
		print $f "    knowledge {\n      section \"Summary\" \"\"\"\n";
		print $f "        ", "- " x 2000, "x\n" for 1 .. 20;
		print $f "        \"\"\"\n    }\n  }\n}\n";
	},
	# emphasis nested 20000 deep across lines
	'deep-emphasis' => sub {
		print $f $head, "  alert a1 {\n    event 1\n    source Src\n    title \"T\"\n";
		print $f "    knowledge {\n      section \"Summary\" \"\"\"\n";
		print $f "        *a\n" for 1 .. 20000;
		print $f "        x\n";
		print $f "        b*\n" for 1 .. 20000;
		print $f "        \"\"\"\n    }\n  }\n}\n";
	},
	# links inside links inside emphasis, 5000 deep
	'deep-brackets' => sub {
		print $f $head, "  alert a1 {\n    event 1\n    source Src\n    title \"T\"\n";
		print $f "    knowledge {\n      section \"Summary\" \"\"\"\n";
		print $f "        [*\n" for 1 .. 5000;
		print $f "        x\n";
		print $f "        *](https://example.com/)\n" for 1 .. 5000;
		print $f "        \"\"\"\n    }\n  }\n}\n";
	},
	# 100000 levels of XML elements (libxml2's depth limit, E211)
	'xml-deep' => sub {
		print $f "<?xml version=\"1.0\"?>\n<pack>";
		print $f "<b>" x 1000, "\n" for 1 .. 100;
		print $f "</b>" x 1000, "\n" for 1 .. 100;
		print $f "</pack>\n";
	},
	# 100000 attributes on one element
	'xml-many-attributes' => sub {
		print $f "<?xml version=\"1.0\"?>\n<pack id=\"A.B\" version=\"1.0.0.0\"\n";
		print $f "  a$_=\"x\"\n" for 1 .. 100000;
		print $f "><name>n</name></pack>\n";
	},
	# a 10 MB text node
	'xml-huge-text' => sub {
		print $f "<?xml version=\"1.0\"?>\n<pack id=\"A.B\" version=\"1.0.0.0\"><name>";
		print $f "n" x 1000, "\n" for 1 .. 10000;
		print $f "</name></pack>\n";
	},
);
die "gen.pl: unknown case '$name'\n" unless $gen{$name};
$gen{$name}->();
close($f) or die "$file: $!\n";
