#!/usr/bin/python3
"""Conventions of the alert rules that promtool does not check:

- every alert has `for:`, a `severity` label, `summary`, `description` and a `runbook_url`
  to `/runbook#<alert name in lower case>` of the exporter (or of the external label
  bambu_runbook_url) whose section (`## <AlertName>`) exists in docs/runbook.md;
- every section of docs/runbook.md names an alert (no runbook for a removed alert);
- every alert fires in a `promtool test rules` case (exp_alerts not empty) and stays quiet in one
  (an alert_rule_test without exp_alerts);
- every recording rule is read by a promql_expr_test or by another rule (so a test exercises it).
Exit 1 on any problem, one line per problem. Needs python3-yaml.
"""
import glob
import os
import re
import sys

import yaml

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from check_report import finish  # noqa: E402
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RULES = ["deploy/prometheus/bambu-recording.yml", "deploy/prometheus/bambu-alerts.yml"]
# The section as the exporter serves it (/runbook), or under the deploy-time base URL.
RUNBOOK_URL = ("{{{{ with $externalLabels.bambu_runbook_url }}}}{{{{ . }}}}{{{{ else }}}}http://{{{{ "
               "$labels.instance }}}}/runbook{{{{ end }}}}#{anchor}")


def load(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return yaml.safe_load(f)


def main():
    problems = []
    rules = [r for path in RULES for g in load(path)["groups"] for r in g["rules"]]
    alerts = [r for r in rules if "alert" in r]
    records = [r for r in rules if "record" in r]
    with open(os.path.join(ROOT, "docs/runbook.md"), encoding="utf-8") as f:
        sections = re.findall(r"^## (\S+)\s*$", f.read(), re.MULTILINE)

    for rule in alerts:
        name = rule["alert"]
        annotations = rule.get("annotations", {})
        if "for" not in rule:
            problems.append(f"{name}: no for:")
        if "severity" not in rule.get("labels", {}):
            problems.append(f"{name}: no severity label")
        for key in ("summary", "description", "runbook_url"):
            if not annotations.get(key):
                problems.append(f"{name}: no {key} annotation")
        wanted = RUNBOOK_URL.format(anchor=name.lower())
        if " ".join(str(annotations.get("runbook_url")).split()) != wanted:
            problems.append(f"{name}: runbook_url {annotations.get('runbook_url')!r}, "
                            f"expected {wanted!r}")
        if name not in sections:
            problems.append(f"{name}: docs/runbook.md has no section '## {name}'")
    names = {r["alert"] for r in alerts}
    for section in sections:
        if section not in names:
            problems.append(f"docs/runbook.md: section {section} names no alert")

    fired, quiet, test_exprs = set(), set(), []
    for path in sorted(glob.glob(os.path.join(ROOT, "deploy/prometheus/*_test.yml"))):
        with open(path, encoding="utf-8") as f:
            for test in yaml.safe_load(f)["tests"]:
                for case in test.get("alert_rule_test", []):
                    (fired if case.get("exp_alerts") else quiet).add(case["alertname"])
                test_exprs += [case["expr"] for case in test.get("promql_expr_test", [])]
    for name in sorted(names):
        if name not in fired:
            problems.append(f"{name}: no promtool test case where it fires")
        if name not in quiet:
            problems.append(f"{name}: no promtool test case where it stays quiet")

    readers = test_exprs + [r["expr"] for r in rules]
    for rule in records:
        name = rule["record"]
        pattern = re.compile(re.escape(name) + r"(?![\w:])")
        if not any(pattern.search(expr) for expr in readers if expr is not rule["expr"]):
            problems.append(f"{name}: no test or rule reads this recording rule")

    return finish(problems, f"alert rules: {len(alerts)} alerts, {len(records)} recording "
                            f"rules, {len(sections)} runbook sections")


if __name__ == "__main__":
    sys.exit(main())
