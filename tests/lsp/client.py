#!/usr/bin/env python3
"""A scripted LSP client for `scomc lsp` (tests/lsp/run.sh).

Starts the server, speaks JSON-RPC with Content-Length framing, and checks
each answer: diagnostics on open and change (the same text and IDs as
`scomc check`), hover, completion, definition, symbols, formatting,
shutdown/exit. Prints "ok   ..." / "FAIL ..." lines and a summary; exits 1
on any failure.  Usage: client.py SCOMC WORKDIR
"""
import json
import os
import subprocess
import sys

SCOMC, WORK = sys.argv[1], sys.argv[2]
passed = failed = 0


def check(cond, what, detail=""):
    global passed, failed
    if cond:
        passed += 1
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL " + what + (": " + str(detail)[:1500] if detail != "" else ""))


class Server:
    def __init__(self, args=()):
        self.p = subprocess.Popen([SCOMC, "lsp", *args], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.next_id = 1
        self.notes = []

    def send(self, obj):
        body = json.dumps(obj).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                return None
            if line in (b"\r\n", b"\n"):
                break
            k, _, v = line.decode().partition(":")
            if k.lower() == "content-length":
                length = int(v)
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.read()
            if m is None:
                raise RuntimeError("server closed the stream")
            if m.get("id") == i:
                return m
            self.notes.append(m)

    def request_raw(self, msg):
        """Send msg as it is; the next response (a message with an id or an error)."""
        self.send(msg)
        while True:
            m = self.read()
            if m is None:
                raise RuntimeError("server closed the stream")
            if "id" in m and "method" not in m:
                return m
            self.notes.append(m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri):
        """The next publishDiagnostics for uri (reads until it comes)."""
        while True:
            for k, m in enumerate(self.notes):
                if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                    del self.notes[k]
                    return m["params"]["diagnostics"]
            m = self.read()
            if m is None:
                raise RuntimeError("server closed the stream")
            self.notes.append(m)


def uri_of(path):
    from urllib.parse import quote
    return "file://" + quote(os.path.abspath(path))


def pos(text, needle, delta=0):
    """LSP position (UTF-16) of the first needle in text, plus delta chars."""
    i = text.index(needle) + delta
    before = text[:i]
    line = before.count("\n")
    col = before[before.rfind("\n") + 1:]
    return {"line": line, "character": len(col.encode("utf-16-le")) // 2}


def cli_diagnostics(path):
    """(line, col, id, message) of `scomc check` on path, from its JSON."""
    r = subprocess.run([SCOMC, "check", "--diagnostics-format=json", path],
                       capture_output=True, text=True)
    d = json.loads(r.stdout)
    return [(x.get("line", 1) - 1, x.get("column", 1) - 1, x["id"], x["message"]) for x in d["diagnostics"]]


BROKEN = """pack Contoso.Lsp {
  version 1.0.0.0
  name    "LSP test – ünïcode"
  alert Full {
    event    7
    source   disk
    type     Warnig
    title    "Disk full"
  }
}
"""

GOOD = """pack Contoso.Lsp {
  version 1.0.0.0
  name    "LSP test"
  reference Microsoft.SQLServer.Library {
    version 7.0.0.0
    key     31bf3856ad364e35
    alias   SQL
  }
  defaults {
    source   disk
    priority high
  }
  alert Full {
    event 7
    class SQL!Microsoft.SQLServer.DBEngine
    title "Disk full"

    computer-name host
    suppress      id
    knowledge { section "Summary" "The disk is full." }
  }
  table {
    template {
      type Error
      knowledge { section "Summary" "From the template." }
    }
    columns name event title
    row     Slow 8     "Disk slow"
  }
}
"""


def lifecycle():
    """Before initialize: requests get ServerNotInitialized, notifications
    are dropped; initialize only once."""
    s = Server()
    early = s.request("textDocument/hover", {"textDocument": {"uri": "file:///x.alert"}, "position": {"line": 0, "character": 0}})
    check(early.get("error", {}).get("code") == -32002 and early.get("id") == 1,
          "a request before initialize: ServerNotInitialized (-32002)", early)
    sd = s.request("shutdown", None)
    check(sd.get("error", {}).get("code") == -32002, "shutdown before initialize: ServerNotInitialized", sd)
    u = "file:///early.alert"
    s.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": "alert", "version": 1, "text": BROKEN}})
    init = s.request("initialize", {"capabilities": {}})
    check("result" in init and init["result"]["capabilities"]["textDocumentSync"]["change"] == 2,
          "initialize after an early request: capabilities, incremental sync", init)
    check(not any(m.get("method") == "textDocument/publishDiagnostics" for m in s.notes),
          "a didOpen before initialize is dropped (no diagnostics)", s.notes)
    h = s.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 0, "character": 0}})
    check(h.get("error", {}).get("code") == -32602, "a document opened before initialize is not open", h)
    again = s.request("initialize", {"capabilities": {}})
    check(again.get("error", {}).get("code") == -32600, "a second initialize: InvalidRequest", again)
    bad_id = s.request_raw({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"})
    check(bad_id.get("error", {}).get("code") == -32600 and bad_id.get("id") is None,
          "an id that is an object: InvalidRequest, null id", bad_id)
    s.notify("exit", None)
    check(s.p.wait(timeout=10) == 1, "the id-less shutdown did not count: exit status 1")


def utf16_pos(text, i):
    before = text[:i]
    return {"line": before.count("\n"), "character": len(before[before.rfind("\n") + 1:].encode("utf-16-le")) // 2}


def incremental(path):
    """didChange with ranges: applied in order, positions clamped as the
    protocol says, never splitting a surrogate pair; the diagnostics are
    then `scomc check`'s on the text the edits give."""
    s = Server()
    s.request("initialize", {"capabilities": {}})
    u = uri_of(path)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": "alert", "version": 1, "text": BROKEN}})
    s.diagnostics(u)
    text = BROKEN
    q = text.index('"LSP') + 1
    emoji = "\U0001F600"
    changes = [
        # fix the type: W301 and E305 go
        ({"start": utf16_pos(text, text.index("Warnig")), "end": utf16_pos(text, text.index("Warnig") + 6)}, "Warning"),
        # an emoji inside the name, then a Z in the middle of its surrogate pair: after it
        ({"start": utf16_pos(text, q), "end": utf16_pos(text, q)}, emoji),
        ({"start": {"line": 2, "character": 12}, "end": {"line": 2, "character": 12}}, "Z"),
        # past the end of line 0: at its end; past the last line: at the end
        ({"start": {"line": 0, "character": 500}, "end": {"line": 0, "character": 900}}, " @"),
        ({"start": {"line": 99, "character": 0}, "end": {"line": 120, "character": 3}}, "trailing\n"),
        # an end before its start: an insertion at the start
        ({"start": {"line": 3, "character": 2}, "end": {"line": 1, "character": 0}}, "#c\n  "),
    ]
    want = text.replace("Warnig", "Warning").replace('"LSP', '"' + emoji + 'ZLSP', 1)
    lines = want.split("\n")
    lines[0] += " @"
    lines[3] = lines[3][:2] + "#c\n  " + lines[3][2:]
    want = "\n".join(lines) + "trailing\n"
    s.notify("textDocument/didChange", {"textDocument": {"uri": u, "version": 2},
                                        "contentChanges": [{"range": r, "text": t} for r, t in changes]})
    d = s.diagnostics(u)
    got = [(x["range"]["start"]["line"], x["range"]["start"]["character"], x["code"], x["message"].split("\nhint: ")[0]) for x in d]
    with open(path, "w") as f:
        f.write(want)
    cli = cli_diagnostics(path)
    check(got == cli and cli, "incremental didChange: clamped ranges, a surrogate pair kept whole; diagnostics = scomc check's on the edited text", (got, cli))
    fm = s.request("textDocument/formatting", {"textDocument": {"uri": u}, "options": {"tabSize": 2, "insertSpaces": True}})
    check("result" in fm, "formatting after incremental edits answers", fm)
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=10)


def main():
    os.makedirs(WORK, exist_ok=True)
    broken = os.path.join(WORK, "broken file.alert")
    good = os.path.join(WORK, "good.alert")
    with open(broken, "w") as f:
        f.write(BROKEN)
    with open(good, "w") as f:
        f.write(GOOD)
    s = Server()
    init = s.request("initialize", {"processId": os.getpid(), "rootUri": uri_of(WORK), "capabilities": {}})
    caps = init.get("result", {}).get("capabilities", {})
    check(caps.get("hoverProvider") and caps.get("definitionProvider") and caps.get("documentSymbolProvider")
          and caps.get("documentFormattingProvider") and "completionProvider" in caps
          and caps.get("positionEncoding") == "utf-16",
          "initialize: capabilities (hover, completion, definition, symbols, formatting; utf-16)", caps)
    s.notify("initialized", {})

    # Diagnostics on open: the same as the CLI, position for position.
    bu = uri_of(broken)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": bu, "languageId": "alert", "version": 1, "text": BROKEN}})
    diags = s.diagnostics(bu)
    got = [(d["range"]["start"]["line"], d["range"]["start"]["character"], d["code"],
            d["message"].split("\nhint: ")[0]) for d in diags]
    want = cli_diagnostics(broken)
    check(got == want and want, "didOpen: diagnostics = scomc check's (line, column, ID, message)", (got, want))
    e305 = [d for d in diags if d["code"] == "E305"]
    check(e305 and e305[0]["severity"] == 1 and e305[0]["source"] == "scomc"
          and "hint: did you mean 'Warning'?" in e305[0]["message"],
          "diagnostic: error severity, source scomc, the hint", diags)

    # didChange: fixed text clears them; a new error brings one back.
    fixed = BROKEN.replace("Warnig", "Warning")
    s.notify("textDocument/didChange", {"textDocument": {"uri": bu, "version": 2}, "contentChanges": [{"text": fixed}]})
    d2 = s.diagnostics(bu)
    check([d["code"] for d in d2] == ["W301"], "didChange: the fix leaves only the W301 warning", d2)
    unclosed = fixed.replace("  }\n}\n", "")
    s.notify("textDocument/didChange", {"textDocument": {"uri": bu, "version": 3}, "contentChanges": [{"text": unclosed}]})
    d3 = s.diagnostics(bu)
    check(d3 and d3[0]["code"] == "E205" and "'alert Full' is not closed" in d3[0]["message"]
          and d3[0].get("relatedInformation"), "didChange: missing '}' is E205 naming the block, with the note", d3)

    # A good document: hover, completion, definition, symbols, formatting.
    gu = uri_of(good)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": gu, "languageId": "alert", "version": 1, "text": GOOD}})
    check(s.diagnostics(gu) == [], "a clean document has no diagnostics")

    h = s.request("textDocument/hover", {"textDocument": {"uri": gu}, "position": pos(GOOD, "priority high")})
    hv = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("**priority**" in hv and "normal" in hv, "hover on a keyword: its meaning", h)
    h = s.request("textDocument/hover", {"textDocument": {"uri": gu}, "position": pos(GOOD, "alert Full", 7)})
    hv = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("`priority` high: inherited from `defaults` (line 11)" in hv and "`source` disk: inherited from `defaults` (line 10)" in hv
          and "`title` Disk full: set here (line 16)" in hv and "`log` Application: built-in default" in hv,
          "hover on an alert: effective values and where each comes from", hv)
    h = s.request("textDocument/hover", {"textDocument": {"uri": gu}, "position": pos(GOOD, "Slow")})
    hv = (h.get("result") or {}).get("contents", {}).get("value", "")
    check("`type` Error: inherited from the table `template` (line 24)" in hv, "hover on a table row: values from the template", hv)

    def labels(text, needle, delta):
        c = s.request("textDocument/completion", {"textDocument": {"uri": gu}, "position": pos(text, needle, delta)})
        r = c.get("result") or []
        return [i["label"] for i in (r["items"] if isinstance(r, dict) else r)]
    l1 = labels(GOOD, "    event 7\n", 4)
    check({"event", "title", "priority", "knowledge", "filter"} <= set(l1) and "version" not in l1,
          "completion at a statement start in an alert: alert keywords", l1)
    l2 = labels(GOOD, "priority high", 9)
    check(l2 == ["low", "normal", "high"], "completion after 'priority': the priorities", l2)
    l3 = labels(GOOD, "type Error", 5)
    check(l3 == ["Information", "Warning", "Error", "Critical Error"], "completion after 'type': the alert types", l3)
    l4 = labels(GOOD, "class SQL!", 6)
    check({"SQL!", "Windows!", "System!", "Health!", "Windows!Microsoft.Windows.Computer",
           "SQL!Microsoft.SQLServer.DBEngine"} <= set(l4), "completion after 'class': aliases and classes", l4)
    l7 = labels(GOOD, "computer-name host", 14)
    check(l7 == ["host", "target", "none"], "completion after 'computer-name': its forms", l7)
    l8 = labels(GOOD, "suppress      id", 14)
    check({"id", "source", "none", "absent"} <= set(l8), "completion after 'suppress': fields, none and absent", l8)
    l5 = labels(GOOD, "    source   disk", 11)
    check("disk" in l5, "completion after 'source': sources used in the pack", l5)
    l6 = labels(GOOD, "  defaults {\n", 2)
    check({"alert", "table", "defaults", "reference", "version"} <= set(l6), "completion in the pack: pack keywords", l6)

    dfn = s.request("textDocument/definition", {"textDocument": {"uri": gu}, "position": pos(GOOD, "SQL!Micro", 1)})
    r = dfn.get("result") or {}
    check(r.get("uri") == gu and r.get("range", {}).get("start") == pos(GOOD, "Microsoft.SQLServer.Library"),
          "definition of an alias: its reference", dfn)
    dfn = s.request("textDocument/definition", {"textDocument": {"uri": gu}, "position": pos(GOOD, "Slow")})
    r = dfn.get("result") or {}
    check(r.get("range", {}).get("start") == pos(GOOD, "template"), "definition from a row: the table template", dfn)
    dfn = s.request("textDocument/definition", {"textDocument": {"uri": gu}, "position": pos(GOOD, "event 7")})
    check(dfn.get("result") is None, "definition of a property defaults do not set: none", dfn)
    su = uri_of("stray-brace.alert")
    s.notify("textDocument/didOpen", {"textDocument": {"uri": su, "languageId": "alert", "version": 1,
                                                       "text": "pack A {\n  defaults { source S }\n  alert B {\n    {\n  }\n}\n"}})
    s.diagnostics(su)
    dfn = s.request("textDocument/definition", {"textDocument": {"uri": su}, "position": {"line": 3, "character": 4}})
    check("result" in dfn and dfn["result"] is None, "definition at a statement that is a stray '{': none (it crashed)", dfn)

    sy = s.request("textDocument/documentSymbol", {"textDocument": {"uri": gu}}).get("result") or []
    tree = [(x["name"], x["kind"], [(c["name"], c["kind"], [g["name"] for g in c["children"]]) for c in x["children"]]) for x in sy]
    check(tree == [("Contoso.Lsp", 4, [("Microsoft.SQLServer.Library", 2, []), ("defaults", 3, []), ("Full", 24, []),
                                       ("table", 23, ["template", "Slow"])])], "document symbols: pack > references, defaults, alerts, table > rows", tree)

    ugly = GOOD.replace("    event 7\n", "      event    7\n")
    s.notify("textDocument/didChange", {"textDocument": {"uri": gu, "version": 2}, "contentChanges": [{"text": ugly}]})
    s.diagnostics(gu)
    fm = s.request("textDocument/formatting", {"textDocument": {"uri": gu}, "options": {"tabSize": 2, "insertSpaces": True}})
    edits = fm.get("result") or []
    fmt = subprocess.run([SCOMC, "fmt", "-"], input=ugly, capture_output=True, text=True).stdout
    check(len(edits) == 1 and edits[0]["newText"] == fmt == GOOD and edits[0]["range"]["start"] == {"line": 0, "character": 0},
          "formatting: one edit with the text of scomc fmt", edits)
    s.notify("textDocument/didChange", {"textDocument": {"uri": gu, "version": 3}, "contentChanges": [{"text": GOOD}]})
    s.diagnostics(gu)
    fm = s.request("textDocument/formatting", {"textDocument": {"uri": gu}, "options": {}})
    check(fm.get("result") == [], "formatting a formatted document: no edit", fm)

    bad = s.request("textDocument/hover", {"textDocument": {"uri": "file:///not/open.alert"}, "position": {"line": 0, "character": 0}})
    check(bad.get("error", {}).get("code") == -32602, "a request about a document that is not open: an error", bad)
    unk = s.request("workspace/symbol", {"query": ""})
    check(unk.get("error", {}).get("code") == -32601, "an unknown method: MethodNotFound", unk)

    s.notify("textDocument/didClose", {"textDocument": {"uri": bu}})
    check(s.diagnostics(bu) == [], "didClose clears the document's diagnostics")
    sh = s.request("shutdown", None)
    check("result" in sh and sh["result"] is None, "shutdown: null result", sh)
    late = s.request("textDocument/hover", {"textDocument": {"uri": gu}, "position": {"line": 0, "character": 0}})
    check(late.get("error", {}).get("code") == -32600, "a request after shutdown: InvalidRequest", late)
    s.notify("exit", None)
    code = s.p.wait(timeout=10)
    err = s.p.stderr.read().decode()
    check(code == 0 and err == "", "exit after shutdown: status 0, nothing on stderr", (code, err))

    lifecycle()
    incremental(broken)

    # utf-32 when offered: columns in code points, as scomc counts them.
    s = Server()
    init = s.request("initialize", {"capabilities": {"general": {"positionEncodings": ["utf-32", "utf-16"]}}})
    check(init["result"]["capabilities"]["positionEncoding"] == "utf-32", "utf-32 is chosen when the client offers it")
    emoji = BROKEN.replace('"LSP test', '"\U0001F600 LSP test').replace("name    ", "name ").replace("  alert Full", "  description \"\U0001F600\" x\n  alert Full")
    s.notify("textDocument/didOpen", {"textDocument": {"uri": bu, "languageId": "alert", "version": 1, "text": emoji}})
    d = s.diagnostics(bu)
    e204 = [x for x in d if x["code"] == "E204"]
    check(e204 and e204[0]["range"]["start"]["character"] == 18, "utf-32: a column after an emoji counts it once", d)
    s.notify("exit", None)
    code = s.p.wait(timeout=10)
    check(code == 1, "exit without shutdown: status 1", code)

    # --references: the IDs, versions and classes of the packs found there.
    lib = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "refs", "lib")
    s = Server(["--references", lib])
    s.request("initialize", {"capabilities": {}})
    refdoc = GOOD.replace("Microsoft.SQLServer.Library", "Scomc.Test.Windows.Library").replace("7.0.0.0", "")
    ru = uri_of(os.path.join(WORK, "refs.alert"))
    s.notify("textDocument/didOpen", {"textDocument": {"uri": ru, "languageId": "alert", "version": 1, "text": refdoc}})
    s.diagnostics(ru)
    def ref_labels(needle, delta):
        c = s.request("textDocument/completion", {"textDocument": {"uri": ru}, "position": pos(refdoc, needle, delta)})
        return [i["label"] for i in (c.get("result") or [])]
    r1 = ref_labels("class SQL!", 6)
    check("SQL!Microsoft.Windows.Computer" in r1 and "SQL!Microsoft.Windows.Server.Computer" in r1,
          "--references: completion after 'class' lists the classes of the referenced pack", r1)
    r2 = ref_labels("reference Scomc", 10)
    check({"Scomc.Test.Windows.Library", "Scomc.Test.System.Library", "Scomc.Test.Health.Library"} <= set(r2),
          "--references: completion after 'reference' lists the indexed packs", r2)
    r3 = ref_labels("    version \n", 12)
    check(r3 == ["7.5.8501.0"], "--references: completion of a reference's version", r3)
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(timeout=10)

    # Broken framing ends the session with a message on stderr.
    p = subprocess.run([SCOMC, "lsp"], input=b"Content-Type: x\r\n\r\n{}", capture_output=True, timeout=10)
    check(p.returncode == 1 and b"broken message framing" in p.stderr and p.stdout == b"",
          "no Content-Length: the server stops (status 1), stdout untouched", p)
    for data, why in ((b"Content-Length: 99999999999\r\n\r\n{}", b"Content-Length 99999999999 is over the limit"),
                      (b"Content-Length: 5\r\n\r\n{}", b"input ended after 2 of the 5 bytes of a message")):
        p = subprocess.run([SCOMC, "lsp"], input=data, capture_output=True, timeout=10)
        check(p.returncode == 1 and why in p.stderr and p.stdout == b"",
              "broken framing says how: " + why.decode(), p)
    # A header line longer than the server's line buffer, cut just before
    # its CR LF: the rest of the line is not the blank line ending the headers.
    init = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}).encode()
    bye = b'{"jsonrpc":"2.0","method":"exit"}'
    data = (b"X-Pad: " + b"a" * 1016 + b"\r\n" + b"Content-Length: %d\r\n\r\n" % len(init) + init
            + b"Content-Length: %d\r\n\r\n" % len(bye) + bye)
    p = subprocess.run([SCOMC, "lsp"], input=data, capture_output=True, timeout=10)
    check(p.returncode == 1 and p.stderr == b"" and b'"id":1,"result"' in p.stdout,
          "a 1,025-byte header line: framing kept, initialize answered", p)
    print("lsp: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


main()
