#!/usr/bin/python3
"""Static checks of dashboards/*.json. Exit 1 on any problem; prints one line per problem.

Checks: JSON parses; uid is one of the expected ones and unique; schemaVersion 42 (the one
@grafana/grafana-foundation-sdk writes, and Grafana 13.2's: check_grafana_version.py); no __inputs;
a `datasource` variable of type datasource (query prometheus); `job` and `printer` variables
(multi, include All) from bambu_printer_info; panel ids unique; every non-row panel and every
target uses {"type": "prometheus", "uid": "${datasource}"}; every non-row panel has >= 1 target
with an expr; every $variable used is defined; every metric name in an expr is in the metric
reference (docs/metrics.md), a bambu:* recording rule of deploy/prometheus/bambu-recording.yml,
or one of Prometheus' own series (up, scrape_*, ALERTS); the same for the exprs of the rule files.
PENDING_METRICS: names the dashboards query ahead of the exporter (printed as a note while
docs/metrics.md does not list them; the panels show no data until then).
With --promql FILE it also writes every expr (variables substituted) as a recording rule to FILE
for `promtool check rules`.
"""
import json
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DS = {"type": "prometheus", "uid": "${datasource}"}
EXPECTED_UIDS = {"bambu-ams-filament.json": "bambu-ams",
                 "bambu-filament.json": "bambu-filament",
                 "bambu-printer-fleet.json": "bambu-fleet",
                 "bambu-exporter-health.json": "bambu-exporter"}
SCHEMA_VERSION = 42
PROMETHEUS_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
                     "scrape_samples_post_metric_relabeling", "scrape_series_added", "ALERTS"}
PENDING_METRICS = {
    "bambu_filament_used_grams_total": "filament used per material and colour (issue 13)",
}
# A Grafana variable reference: $name or ${name...} (not a regex group reference like $1).
VARIABLE = r"\$\{?([A-Za-z_]\w*)"
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "bool", "offset", "inf", "nan"}
GRAFANA_VARS = {"__rate_interval": "5m", "__interval": "1m", "__range": "1d",
                "__range_s": "86400", "__interval_ms": "60000", "__range_ms": "86400000"}


def metric_reference():
    """Metric names of docs/metrics.md."""
    path = os.path.join(ROOT, "docs", "metrics.md")
    names = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith(("| `bambu_", "| `process_")):
                continue
            first_cell = line.split("|")[1]
            previous = None
            for token in re.findall(r"`([a-z_:]+)`", first_cell):
                if token.startswith("_") and previous:  # "`x_min_celsius` / `_max_celsius`"
                    parts = token.count("_")
                    token = "_".join(previous.split("_")[:-parts]) + token
                names.add(token)
                previous = token
    return path, names


def recording_rules():
    """Records of both rule files (bambu-alerts.yml keeps those only its alerts read)."""
    names = set()
    for rules_file in ("bambu-recording.yml", "bambu-alerts.yml"):
        with open(os.path.join(ROOT, "deploy/prometheus", rules_file), encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        names |= {r["record"] for g in doc["groups"] for r in g["rules"] if "record" in r}
    return names


def metric_names(expr):
    """Metric names used in a PromQL expression (no full parser: strips strings, matchers,
    ranges, label lists and function calls, then keeps the remaining identifiers)."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    e = re.sub(r"\{[^}]*\}", " ", e)
    e = re.sub(r"\[[^\]]*\]", " ", e)
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    names = set()
    for m in re.finditer(r"(?<![\w:$.])([a-zA-Z_:][\w:]*)\s*(\()?", e):
        ident, call = m.group(1), m.group(2)
        if call or ident.lower() in KEYWORDS or re.fullmatch(r"\d+[smhdwy]", ident):
            continue
        names.add(ident)
    return names


def substitute(expr):
    e = expr
    for var, value in GRAFANA_VARS.items():
        e = e.replace("$" + var, value).replace("${" + var + "}", value)
    return re.sub(VARIABLE + r"\}?", ".+", e)


def all_panels(panels):
    for p in panels:
        yield p
        yield from all_panels(p.get("panels", []))


class Checker:
    def __init__(self, known_metrics, rules):
        self.known = known_metrics
        self.rules = rules
        self.problems = []
        self.exprs = []  # (label, expr)
        self.pending = set()  # PENDING_METRICS names used

    def fail(self, where, msg):
        self.problems.append(f"{where}: {msg}")

    def check_vars(self, name, d):
        tvars = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}
        ds = tvars.get("datasource")
        if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
            self.fail(name, 'needs variable "datasource" of type datasource, query prometheus')
        for var in ("job", "printer"):
            v = tvars.get(var)
            if not v or v.get("type") != "query" or not v.get("multi") or not v.get("includeAll"):
                self.fail(name, f'needs variable "{var}" (query, multi, include All)')
                continue
            if v.get("datasource") != DS:
                self.fail(name, f'variable "{var}" must use the datasource variable')
            q = v.get("query")
            q = q.get("query", "") if isinstance(q, dict) else q or ""
            if "bambu_printer_info" not in q:
                self.fail(name, f'variable "{var}" must come from bambu_printer_info')
            self.check_metrics(f"{name} variable {var}", re.sub(r"label_values\((.*),\s*\w+\)$",
                                                                 r"\1", q))
        if "$job" not in json.dumps(tvars.get("printer", {})):
            self.fail(name, 'variable "printer" must be chained from $job')
        return set(tvars) | set(GRAFANA_VARS)

    def check_metrics(self, where, expr):
        for metric in sorted(metric_names(expr)):
            if metric in self.known or metric in PROMETHEUS_SERIES:
                continue
            if metric in PENDING_METRICS:
                self.pending.add(metric)
                continue
            if metric.startswith("bambu:"):
                if metric not in self.rules:
                    self.fail(where, f"recording rule {metric} is in no rule file")
                continue
            self.fail(where, f"unknown metric {metric} (not in the metric reference)")

    def check(self, name, d):
        if "__inputs" in d:
            self.fail(name, "has __inputs (use the datasource variable instead)")
        if d.get("uid") != EXPECTED_UIDS.get(name):
            self.fail(name, f"uid {d.get('uid')!r}, expected {EXPECTED_UIDS.get(name)!r}")
        if d.get("schemaVersion") != SCHEMA_VERSION:
            self.fail(name, f"schemaVersion {d.get('schemaVersion')}, expected {SCHEMA_VERSION}")
        defined = self.check_vars(name, d)
        ids = set()
        for p in all_panels(d.get("panels", [])):
            where = f"{name} panel {p.get('id')} {p.get('title')!r}"
            if p.get("id") in ids or not isinstance(p.get("id"), int):
                self.fail(where, "panel id missing or not unique")
            ids.add(p.get("id"))
            for used in re.findall(VARIABLE, json.dumps(p)):
                if used not in defined and not used.startswith("__"):  # __ = Grafana built-in
                    self.fail(where, f"uses undefined variable ${used}")
            if p.get("repeat") and p["repeat"] not in defined:
                self.fail(where, f"repeats over undefined variable {p['repeat']}")
            if p.get("type") == "row":
                continue
            if p.get("datasource") != DS:
                self.fail(where, f"datasource {p.get('datasource')}, expected {DS}")
            targets = p.get("targets") or []
            if not targets:
                self.fail(where, "has no targets")
            for t in targets:
                expr = t.get("expr", "").strip()
                if not expr:
                    self.fail(where, f"target {t.get('refId')} has no expr")
                    continue
                if t.get("datasource") != DS:
                    self.fail(where, f"target {t.get('refId')} datasource {t.get('datasource')}")
                self.check_metrics(f"{where} target {t.get('refId')}", expr)
                self.exprs.append((f"{name} panel {p['id']} {t.get('refId')}", expr))


def main():
    args = sys.argv[1:]
    promql_out = args[args.index("--promql") + 1] if "--promql" in args else None
    ref_path, known = metric_reference()
    checker = Checker(known, recording_rules())
    files = sorted(f for f in os.listdir(os.path.join(ROOT, "dashboards")) if f.endswith(".json"))
    for name in sorted(set(EXPECTED_UIDS) - set(files)):
        checker.fail(name, "missing")
    uids = {}
    for name in files:
        try:
            with open(os.path.join(ROOT, "dashboards", name), encoding="utf-8") as f:
                d = json.load(f)
        except (OSError, json.JSONDecodeError) as e:
            checker.fail(name, f"invalid JSON: {e}")
            continue
        if d.get("uid") in uids:
            checker.fail(name, f"uid {d.get('uid')} also used by {uids[d.get('uid')]}")
        uids[d.get("uid")] = name
        checker.check(name, d)
    for rules_file in ("bambu-alerts.yml", "bambu-recording.yml"):
        with open(os.path.join(ROOT, "deploy/prometheus", rules_file), encoding="utf-8") as f:
            for group in yaml.safe_load(f)["groups"]:
                for rule in group["rules"]:
                    name = rule.get("alert") or rule.get("record")
                    checker.check_metrics(f"{rules_file} {name}", rule["expr"])
    if promql_out:
        rules = [{"record": f"dashboard_check:expr_{i}", "expr": substitute(e)}
                 for i, (_, e) in enumerate(checker.exprs)]
        with open(promql_out, "w", encoding="utf-8") as f:
            yaml.safe_dump({"groups": [{"name": "dashboard-exprs", "rules": rules}]}, f,
                           sort_keys=False, width=1000)
        with open(promql_out + ".index", "w", encoding="utf-8") as f:
            f.writelines(f"expr_{i}: {label}\n" for i, (label, _) in enumerate(checker.exprs))
    for metric in sorted(checker.pending):
        print(f"note: {metric} is not in {os.path.relpath(ref_path, ROOT)} yet "
              f"({PENDING_METRICS[metric]}): its panels stay empty until the exporter has it")
    for problem in checker.problems:
        print(problem)
    print(f"dashboards: {len(files)} files, {len(checker.exprs)} exprs, "
          f"{len(known)} metric names from {os.path.relpath(ref_path, ROOT)}, "
          f"{len(checker.problems)} problems")
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main())
