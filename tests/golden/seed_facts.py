#!/usr/bin/env python3
"""Checks that a management pack and its HTML page carry every fact of the
seed page (shared/seeds/000_017046753e150bd8.txt, Exchange 2007 event 9317).

usage: seed_facts.py SEED MP.xml PAGE.html
Prints one line per missing fact and exits 1 if any is missing.

The seed is the text of Microsoft's knowledge page: a title, "Topic Last
Modified", an introduction, a Details table (label line, value line) and
the sections Explanation, User Action and For More Information, whose
bullets start with U+2022. Every paragraph and bullet must be one
<maml:para> of the section with that title (whitespace normalised); the
Details values must be the rule's event ID, source, severity and display
names; the page must show the title, date, introduction and details.
"""
import html
import re
import sys
import xml.etree.ElementTree as ET

MAML = "{http://schemas.microsoft.com/maml/2004/10}"
SECTIONS = ("Explanation", "User Action", "For More Information")
SEVERITY = {"Information": "0", "Warning": "1", "Error": "2", "Critical Error": "2"}
# The two links of the User Action section (link texts of the seed page).
LINKS = ("Troubleshooting DNS servers", "Service Logons Fail Due to Incorrectly Set SPNs")

missing = []


def norm(s):
    return " ".join(s.split())


def need(cond, what):
    if not cond:
        missing.append(what)


def parse_seed(path):
    lines = [norm(l.replace("\u2022", "")) for l in open(path, encoding="utf-8")]
    lines = [l for l in lines if l]
    seed = {"title": lines[0], "intro": [], "details": {}, "sections": {}}
    m = re.match(r"Topic Last Modified: (\S+)$", lines[1])
    if not m:
        sys.exit("seed: line 2 is not 'Topic Last Modified: DATE'")
    seed["modified"] = m.group(1)
    i = 2
    while lines[i] != "Details":
        seed["intro"].append(lines[i])
        i += 1
    i += 1
    while lines[i] not in SECTIONS:
        seed["details"][lines[i]] = lines[i + 1]
        i += 2
    current = None
    for line in lines[i:]:
        if line in SECTIONS:
            current = seed["sections"].setdefault(line, [])
        else:
            current.append(line)
    return seed


def text(el):
    return norm("".join(el.itertext()))


def check_rule(root, seed):
    d = seed["details"]
    names = {ds.get("ElementID"): ds.findtext("Name") for ds in root.iter("DisplayString")}
    need(any(k.endswith(".Rule.AlertMessage") and v == seed["title"] for k, v in names.items()),
         "MP: alert title %r" % seed["title"])
    need(any(k.endswith(".Rule") and v == d["MOM Rule Name"] for k, v in names.items()),
         "MP: rule name %r" % d["MOM Rule Name"])
    values = [(v.get("Type"), v.text) for v in root.iter("Value")]
    need(("UnsignedInteger", d["Event ID"]) in values, "MP: event ID %s" % d["Event ID"])
    need(("String", d["Event Source"]) in values, "MP: event source %s" % d["Event Source"])
    want = SEVERITY[d["Alert Type"]]
    sev = [s.text for s in root.iter("Severity")]
    need(sev == [want], "MP: severity %s (%s), found %s" % (want, d["Alert Type"], sev))


def check_knowledge(root, seed):
    sections = {s.findtext(MAML + "title"): s for s in root.iter(MAML + "section")}
    for title, paras in seed["sections"].items():
        sec = sections.get(title)
        need(sec is not None, "MP: knowledge section %r" % title)
        if sec is None:
            continue
        have = [text(p) for p in sec.iter(MAML + "para")]
        for p in paras:
            need(p in have, "MP: %s paragraph %r" % (title, p[:70]))
    ua = sections.get("User Action")
    if ua is None:
        return
    items = ua.findall(".//" + MAML + "listItem")
    need(len(items) == 5, "MP: 5 user actions, found %d" % len(items))
    links = {l.findtext(MAML + "linkText"): l.find(MAML + "uri")
             for l in ua.iter(MAML + "navigationLink")}
    for t in LINKS:
        uri = links.get(t)
        need(uri is not None and uri.get("href", "").startswith("https://"),
             "MP: user-action link %r with an https URI" % t)


def check_page(seed, path):
    raw = open(path, encoding="utf-8").read()
    # tags go away without a space, so "<a>text</a>." stays "text."
    page = norm(html.unescape(re.sub(r"<[^>]+>", "", raw)))
    need(seed["title"] in page, "page: title")
    need(seed["modified"] in page, "page: Topic Last Modified %s" % seed["modified"])
    for p in seed["intro"]:
        need(p in page, "page: introduction %r" % p[:70])
    for label, value in seed["details"].items():
        need(label in page and value in page, "page: %s %r" % (label, value))
    for title, paras in seed["sections"].items():
        need(title in page, "page: section %r" % title)
        for p in paras:
            need(p in page, "page: %s paragraph %r" % (title, p[:70]))


def main():
    seed = parse_seed(sys.argv[1])
    root = ET.parse(sys.argv[2]).getroot()
    check_rule(root, seed)
    check_knowledge(root, seed)
    check_page(seed, sys.argv[3])
    for m in missing:
        print("missing fact:", m)
    if missing:
        return 1
    n = 3 + len(seed["intro"]) + len(seed["details"]) + sum(len(p) for p in seed["sections"].values())
    print("all %d seed facts present" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
