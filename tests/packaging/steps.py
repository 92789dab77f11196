#!/usr/bin/env python3
"""Reads the CI and packaging files and prints the shell commands they run,
one per line, for tests/packaging/run.sh:
  steps.py github FILE      the `run:` commands of a GitHub Actions workflow
  steps.py gitlab FILE      before_script and script lines of every job
  steps.py docker FILE      the RUN commands of the first (build) stage,
                            split at '&&'
  steps.py precommit FILE   "ID<TAB>ENTRY<TAB>FILES-REGEX" of each hook
  steps.py uses FILE        the actions a GitHub workflow uses
Exits 1 if the file does not parse (YAML) or has none."""
import re
import sys

import yaml

kind, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
out = []
if kind in ("github", "uses"):
    wf = yaml.safe_load(text)
    for job in wf["jobs"].values():
        for step in job["steps"]:
            if kind == "uses" and "uses" in step:
                out.append(step["uses"])
            if kind == "github" and "run" in step:
                out.extend(l for l in step["run"].splitlines() if l.strip())
elif kind == "gitlab":
    ci = yaml.safe_load(text)
    for name, job in ci.items():
        if isinstance(job, dict) and "script" in job:
            out.extend(job.get("before_script", []) + job["script"])
elif kind == "docker":
    lines = re.sub(r"\\\n", " ", text).splitlines()
    stages = 0
    for l in lines:
        if re.match(r"FROM\s", l):
            stages += 1
        m = re.match(r"RUN\s+(.*)", l)
        if m and stages == 1:
            out.extend(c.strip() for c in m.group(1).split("&&"))
elif kind == "precommit":
    for hook in yaml.safe_load(text):
        out.append("%s\t%s\t%s" % (hook["id"], hook["entry"], hook["files"]))
if not out:
    sys.exit("nothing found in " + path)
print("\n".join(out))
