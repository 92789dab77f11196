#!/usr/bin/env python3
"""Prints every keyword of the .alert language reference (docs/language.md),
one per line: the quoted words of its Grammar block and the first-column
words of its keyword tables. tests/editors checks each against the editor
grammars and the language server's keyword table."""
import re
import sys

doc = open(sys.argv[1], encoding="utf-8").read()
grammar = re.search(r"## Grammar\n\n```text\n(.*?)```", doc, re.S)
if not grammar:
    sys.exit("no Grammar block in " + sys.argv[1])
words = set(re.findall(r'"([a-z][a-z-]*)"', grammar.group(1)))
for table in re.findall(r"\| keyword \|[^\n]*\n\|[-| ]+\|\n((?:\|[^\n]*\n)+)", doc):
    for row in table.splitlines():
        words.update(re.findall(r"`([a-z][a-z-]*)", row.split("|")[1]))
print("\n".join(sorted(words)))
