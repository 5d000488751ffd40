#!/usr/bin/python3
"""Every dashboard panel shows data: each target of each panel of dashboards/*.json asked of a
real Prometheus (recording rules evaluated) that scrapes bambu_exporter fed by bambu_sim
(driven by tests/deploy/real_parts_test.sh, stage 5, with the simulator lighting every panel:
a job whose spool runs out, an AMS HMS error, drying units).

  panels_check.py PROM_URL PRINTER

Each target is asked twice, as Grafana asks it: with the variables at "All" (Grafana joins
every value of a multi-value variable into a regex alternation) and at one printer (PRINTER,
the simulated printer that has every kind of data). A stat's `or vector(0)` is dropped first:
it would show a 0 where the query itself finds nothing (that hid the broken "Spools running
out"). A panel repeated over `printer` is asked once per printer at "All".
Prints every panel with the number of series of each target. Fails on an error and on an
empty result, except the targets of DECLARED_EMPTY (matched by a piece of their expr), each
with its reason. Polls (the simulator needs a few reports) until every target has data or
DEADLINE_S has passed. Exit 1 on any failure.
"""
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import check_dashboards  # noqa: E402

DEADLINE_S = 90
# Targets that may stay empty in this stage, by a piece of their expr, and why. Keep it short:
# anything else empty is a panel a user would see blank.
DECLARED_EMPTY = {
    "bambu:tray:filament_used_grams:sum1d":
        "sums 10m deltas on a 10m-aligned subquery grid: the first point needs 10 minutes "
        "of samples before a 10-minute boundary (longer than the test)",
    "bambu:printer:filament_used_grams:sum1d": "sum of bambu:tray:filament_used_grams:sum1d",
    'state="FAILED"} == 1': "no simulated print fails (the stat shows 0 by its or vector(0))",
}
OR_ZERO = re.compile(r"\s*or\s+vector\(0\)\s*$")


def api(base, path, **params):
    url = f"{base}/api/v1/{path}?" + urllib.parse.urlencode(params, doseq=True)
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        return json.load(e)


def variable_values(base):
    """{"job": [...], "printer": [...]} as the dashboards' variable queries list them."""
    jobs = api(base, "label/job/values", **{"match[]": "bambu_printer_info"})["data"]
    printers = api(base, "label/printer/values",
                   **{"match[]": f'bambu_printer_info{{job=~"{regex_of(jobs)}"}}'})["data"]
    return {"job": jobs, "printer": printers}


def escape(value):
    """A value as a regex inside a PromQL string, as Grafana escapes it: regex specials get a
    backslash, written doubled in the PromQL string."""
    return re.sub(r"([\\^$*+?.()|\[\]{}])", r"\\\\\1", value)


def regex_of(values):
    """Grafana's "All" of a multi-value variable without allValue: (a|b|c), values escaped."""
    escaped = [escape(v) for v in values]
    return escaped[0] if len(escaped) == 1 else "(" + "|".join(escaped) + ")"


def expand(expr, values):
    """expr with Grafana's interval variables and $job/$printer set to `values` (lists)."""
    e = expr
    for var, value in check_dashboards.GRAFANA_VARS.items():
        e = e.replace("${" + var + "}", value).replace("$" + var, value)
    for var in ("job", "printer"):
        e = re.sub(r"\$\{" + var + r"(:\w+)?\}|\$" + var + r"\b", lambda _: regex_of(values[var]),
                   e)
    leftover = re.findall(check_dashboards.VARIABLE, e)
    if leftover:
        raise ValueError(f"unexpanded variables {leftover}")
    return OR_ZERO.sub("", e)


def evaluate(base, expr, instant):
    """(error or None, number of series). Range targets: the last 30 s at a 2 s step."""
    if instant:
        result = api(base, "query", query=expr)
    else:
        now = time.time()
        result = api(base, "query_range", query=expr, start=now - 30, end=now, step=2)
    if result.get("status") != "success":
        return result.get("error", "unknown error"), 0
    return None, len(result["data"]["result"])


def targets():
    """(dashboard file, panel, target) of every target of every panel."""
    out = []
    for name in sorted(os.listdir(os.path.join(ROOT, "dashboards"))):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(ROOT, "dashboards", name), encoding="utf-8") as f:
            dashboard = json.load(f)
        for panel in check_dashboards.all_panels(dashboard["panels"]):
            for target in panel.get("targets", []):
                out.append((name, panel, target))
    return out


def ask_all(base, values, printer):
    """One row per target: (file, panel, target, {selection: (error, series)})."""
    rows = []
    for name, panel, target in targets():
        selections = {"All": values}
        if panel.get("repeat") == "printer":
            selections = {f"All, repeat {p}": {**values, "printer": [p]}
                          for p in values["printer"]}
        selections[printer] = {**values, "printer": [printer]}
        answers = {}
        for label, chosen in selections.items():
            try:
                answers[label] = evaluate(base, expand(target["expr"], chosen),
                                          bool(target.get("instant")))
            except ValueError as e:
                answers[label] = (str(e), 0)
        rows.append((name, panel, target, answers))
    return rows


def declared(expr):
    return next((why for key, why in DECLARED_EMPTY.items() if key in expr), None)


def problems_of(rows):
    problems = []
    for name, panel, target, answers in rows:
        where = f"{name} #{panel['id']} {panel['title']!r} {target['refId']}"
        for label, (error, count) in answers.items():
            if error:
                problems.append(f"{where} ({label}): error {error}")
            elif count == 0 and not declared(target["expr"]):
                problems.append(f"{where} ({label}): no data")
    return problems


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    base, printer = argv
    deadline = time.time() + DEADLINE_S
    while True:
        values = variable_values(base)
        rows = ask_all(base, values, printer)
        problems = problems_of(rows)
        if not problems or time.time() > deadline:
            break
        time.sleep(2)
    print(f"variables: job = {values['job']}, printer = {values['printer']}; one printer: "
          f"{printer}")
    current = None
    for name, panel, target, answers in rows:
        if name != current:
            print(f"{name}")
            current = name
        counts = ", ".join(f"{label}: {'error' if error else count}"
                           for label, (error, count) in answers.items())
        why = declared(target["expr"])
        note = f"  (may be empty: {why})" if why and not all(c for _, c in answers.values()) else ""
        print(f"  #{panel['id']} {panel['title']} [{target['refId']}] series {counts}{note}")
    empty_ok = sum(1 for *_, answers in rows for _, c in answers.values() if c == 0)
    print(f"panels: {len(rows)} targets, {sum(len(a) for *_, a in rows)} queries, "
          f"{len(problems)} problems, {empty_ok} empty answers in all")
    for problem in problems:
        print(f"FAILED: {problem}")
    if not problems:
        print("ok: every panel target returned data (or is declared empty with its reason)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
