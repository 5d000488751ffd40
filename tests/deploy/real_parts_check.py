#!/usr/bin/python3
"""Checks of a real Prometheus scraping bambu_exporter fed by bambu_sim (driven by
tests/deploy/real_parts_test.sh, which starts and stops the processes).

  real_parts_check.py config DIR TARGET            # write DIR/prometheus.yml and the rule copies
  real_parts_check.py healthy PROM_URL NAME=MODEL...     # (a) dashboards, (b) no alert, (d) targets
  real_parts_check.py low-tray PROM_URL LABEL=VALUE... text=WHERE  # (c) BambuTrayLow fires,
      # those labels; its description names the printer, WHERE (as "AMS-2 B2"), the filament
  real_parts_check.py alert-text PROM_URL ALERTNAME TEXT...  # fires with each TEXT in a description
  real_parts_check.py runbook-link PROM_URL ALERTNAME  # its runbook_url opens its section
  real_parts_check.py printer-down PROM_URL down|back PRINTING=NAME,... IDLE=NAME,...
      # (e) down: BambuPrinterDownWhilePrinting fires for each printer that was printing when
      #     it went silent, never for one that was idle; back: it resolves for all of them

The rule copies differ from deploy/prometheus/ in two ways only, so that the test ends in
bounded time: every alert's `for:` becomes FOR_TEST (the shipped values, 1m to 30m, would
make the test wait half an hour; their timing is covered by promtool test rules in
bambu-alerts_test.yml), and the recording group's interval becomes 1s (from 1m). Thresholds,
expressions, labels and annotations are the shipped ones.

Every wait is a poll with a deadline. Exit 1 on any failure, with one line per problem.
"""
import calendar
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import check_dashboards  # noqa: E402

JOB = "bambu"
FOR_TEST = "2s"  # long enough to show `pending` first, short enough for a test
DATA_DEADLINE_S = 90  # a busy 2-core machine: scrapes, rule evaluations and sim ticks lag

# Dashboard exprs that cannot return data within a test of a minute or two, and why. They must
# still evaluate without error. Keyed by the metric or rule name they read.
NEEDS_HISTORY = {
    "bambu:tray:filament_used_grams:sum1d":
        "sums 10m deltas on a 10m-aligned subquery grid: the first point needs 10 minutes "
        "of samples before a 10-minute boundary",
    "bambu:printer:filament_used_grams:sum1d": "sum of bambu:tray:filament_used_grams:sum1d",
    "deriv(bambu_tray_remaining_grams":
        "a burn rate needs a drop of the active tray's grams (1 % of the spool) in the last hour",
}
# Dashboard exprs that legitimately return nothing for a healthy simulated fleet.
EMPTY_WHEN_HEALTHY = {
    "bambu_hms_error_info": "no HMS error is active in the simulated fleet",
    'ALERTS{alertname=~"Bambu.*"': "no Bambu alert fires on the healthy fleet",
    "bambu_print_job_tray_": "a running job's plan per tray needs the job's 3MF read over FTPS, "
    "which the simulated fleet does not serve yet",
}
# Metrics the dashboards query ahead of the exporter: empty only while docs/metrics.md lacks them.
PENDING = {name: f"{why}; not in docs/metrics.md yet"
           for name, why in check_dashboards.PENDING_METRICS.items()
           if name not in check_dashboards.metric_reference()[1]}
# Each expr whose series carry a `printer` label must cover every simulated printer, except the
# models listed here for the first key found in the expr (the hardware lacks the data; see
# docs/metrics.md). A printer missing elsewhere (say, a P1S whose trays never arrived) fails.
ABSENT_BY_MODEL = [
    ('extruder="1"', {"X1C", "P1S", "A1"}, "only the H2D has a second (left) nozzle"),
    ("bambu_chamber_temperature_celsius", {"P1S", "A1"}, "no chamber sensor"),
    ("bambu_ams_humidity_level", {"A1"}, "AMS lite has no humidity sensor"),
    ("bambu_ams_humidity_ratio", {"P1S", "A1"},
     "no humidity_raw (AMS lite; P1S fw 01.07 AMS)"),
    ("bambu_ams_temperature_celsius", {"P1S", "A1"},
     "AMS lite has no sensor; the P1S fw 01.07 AMS reports temp 0.0 (no value)"),
    ("bambu_ams_drying", {"P1S", "A1"}, "AMS and AMS lite cannot dry"),
    ("bambu_tray_remaining_", {"A1"}, "the AMS lite capture does not track remaining filament"),
    ("filament_used_grams", {"A1"}, "reads bambu_tray_remaining_grams (see the line above)"),
]


def api(base, path, **params):
    url = f"{base}/api/v1/{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params, doseq=True)
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        return json.load(e)


def write_config(directory, target):
    with open(os.path.join(ROOT, "deploy/prometheus/bambu-recording.yml"), encoding="utf-8") as f:
        recording = yaml.safe_load(f)
    for group in recording["groups"]:
        group["interval"] = "1s"
    with open(os.path.join(ROOT, "deploy/prometheus/bambu-alerts.yml"), encoding="utf-8") as f:
        alerts = yaml.safe_load(f)
    shortened = 0
    for group in alerts["groups"]:
        for rule in group["rules"]:
            if "alert" in rule:
                rule["for"] = FOR_TEST
                shortened += 1
    for name, doc in (("recording.yml", recording), ("alerts.yml", alerts)):
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            yaml.safe_dump(doc, f, sort_keys=False)
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": ["recording.yml", "alerts.yml"],
        "scrape_configs": [{"job_name": JOB, "static_configs": [{"targets": [target]}]}],
    }
    with open(os.path.join(directory, "prometheus.yml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f, sort_keys=False)
    print(f"prometheus config: target {target}, {shortened} alerts with for: {FOR_TEST}")
    return 0


def dashboard_targets():
    """(label, expr with variables substituted, instant?) for every target of every panel."""
    out = []
    for name in sorted(os.listdir(os.path.join(ROOT, "dashboards"))):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(ROOT, "dashboards", name), encoding="utf-8") as f:
            dashboard = json.load(f)
        for panel in check_dashboards.all_panels(dashboard["panels"]):
            for t in panel.get("targets", []):
                label = f"{name} #{panel['id']} {panel['title']!r} {t['refId']}"
                out.append((label, check_dashboards.substitute(t["expr"]), bool(t.get("instant"))))
    return out


def evaluate(base, expr, instant):
    """(error or None, result series). Range targets: the last 30 s at a 2 s step, as Grafana
    would ask for them."""
    if instant:
        result = api(base, "query", query=expr)
    else:
        now = time.time()
        result = api(base, "query_range", query=expr, start=now - 30, end=now, step=2)
    if result.get("status") != "success":
        return result.get("error", "unknown error"), []
    return None, result["data"]["result"]


def reason_for(expr, table):
    return next((why for key, why in table.items() if key in expr), None)


def uncovered(expr, series, models):
    """Printers (name -> model) with no series of an expr that has printer labels, minus the
    models ABSENT_BY_MODEL allows for it."""
    seen = {s["metric"].get("printer") for s in series}
    if seen == {None}:
        return []  # an aggregate without printer labels
    allowed = next((absent for key, absent, _ in ABSENT_BY_MODEL if key in expr), set())
    return sorted(name for name, model in models.items()
                  if name not in seen and model not in allowed)


def check_dashboards_have_data(base, models, problems):
    targets = dashboard_targets()
    deadline = time.time() + DATA_DEADLINE_S
    while True:
        missing, errors, allowed, partial = [], [], [], []
        for label, expr, instant in targets:
            error, series = evaluate(base, expr, instant)
            if error:
                errors.append(f"{label}: {error}")
            elif not series:
                why = (reason_for(expr, NEEDS_HISTORY) or reason_for(expr, EMPTY_WHEN_HEALTHY)
                       or reason_for(expr, PENDING))
                (allowed if why else missing).append((label, why or expr))
            elif uncovered(expr, series, models):
                partial.append(f"{label}: no series for {uncovered(expr, series, models)}")
        if errors or not (missing or partial) or time.time() > deadline:
            break
        time.sleep(1)
    with_data = len(targets) - len(errors) - len(missing) - len(allowed)
    print(f"dashboard exprs: {len(targets)}, evaluated without error: "
          f"{len(targets) - len(errors)}, returned data: {with_data} (every expected printer: "
          f"{with_data - len(partial)}), empty as expected: {len(allowed)}")
    for label, why in allowed:
        print(f"  empty as expected: {label} ({why})")
    problems += [f"dashboard expr fails: {e}" for e in errors]
    problems += [f"dashboard expr returns no data: {label}: {expr}" for label, expr in missing]
    problems += [f"dashboard expr misses a printer: {p}" for p in partial]
    return with_data


def check_variables(base, printers, problems):
    """The job and printer variables: label_values(bambu_printer_info..., job|printer)."""
    jobs = api(base, "label/job/values", **{"match[]": "bambu_printer_info"})["data"]
    found = api(base, "label/printer/values",
                **{"match[]": f'bambu_printer_info{{job=~"{JOB}"}}'})["data"]
    print(f"variables: job = {jobs}, printer = {found}")
    if jobs != [JOB]:
        problems.append(f"variable job: {jobs}, expected [{JOB!r}]")
    if sorted(found) != sorted(printers):
        problems.append(f"variable printer: {found}, expected {sorted(printers)}")


def check_targets(base, problems):
    """Prometheus' own view of the exporter target: health up, no scrape error (polled until
    the first scrape)."""
    deadline = time.time() + DATA_DEADLINE_S
    while True:
        active = api(base, "targets")["data"]["activeTargets"]
        if (active and all(t["health"] == "up" for t in active)) or time.time() > deadline:
            break
        time.sleep(0.5)
    for t in active:
        print(f"target {t['scrapeUrl']}: health {t['health']}, last error {t['lastError']!r}")
    if len(active) != 1 or any(t["health"] != "up" or t["lastError"] for t in active):
        problems.append("the exporter target is not up")
    up = api(base, "query", query=f'up{{job="{JOB}"}}')["data"]["result"]
    if [r["value"][1] for r in up] != ["1"]:
        problems.append(f'up{{job="{JOB}"}} is {up}, expected one series = 1')


def wait_for_rule_evaluations_after(base, since, problems):
    """Until every rule group has been evaluated after `since` (unix seconds); rule health."""
    deadline = time.time() + DATA_DEADLINE_S
    while True:
        groups = api(base, "rules")["data"]["groups"]
        stamps = [g.get("lastEvaluation", "") for g in groups]
        if all(stamp and parse_time(stamp) > since for stamp in stamps):
            break
        if time.time() > deadline:
            problems.append("rule groups were not evaluated on the complete data in time")
            break
        time.sleep(0.5)
    rules = [r for g in groups for r in g["rules"]]
    bad = [r for r in rules if r.get("health") != "ok"]
    print(f"rules: {len(rules)} loaded in {len(groups)} groups, {len(bad)} unhealthy")
    problems += [f"rule {r['name']}: {r.get('health')} {r.get('lastError')}" for r in bad]


def parse_time(stamp):
    """RFC 3339 with optional fraction and offset (Prometheus' lastEvaluation) -> unix seconds."""
    match = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)", stamp)
    if not match:
        return 0.0
    seconds = calendar.timegm(time.strptime(match.group(1), "%Y-%m-%dT%H:%M:%S"))
    seconds += float(match.group(2) or 0)
    offset = match.group(3)
    if offset != "Z":
        sign = 1 if offset[0] == "+" else -1
        seconds -= sign * (int(offset[1:3]) * 3600 + int(offset[4:6]) * 60)
    return seconds


def wait_for_consumption(base, problems):
    """Until every printer that reports grams has a tray whose grams went down (the sim's first
    AMS tick, after 10 reports), so the burn-rate alert has really been evaluated on a print."""
    burning = 'count(count by (printer) (deriv(bambu_tray_remaining_grams[1h]) < 0))'
    weighed = 'count(count by (printer) (bambu_tray_remaining_grams))'
    deadline = time.time() + DATA_DEADLINE_S
    while True:
        counts = [api(base, "query", query=q)["data"]["result"] for q in (burning, weighed)]
        values = [int(float(r[0]["value"][1])) if r else 0 for r in counts]
        if (values[0] and values[0] == values[1]) or time.time() > deadline:
            break
        time.sleep(1)
    print(f"filament consumption: {values[0]} of {values[1]} printers with grams burn filament")
    if not values[0] or values[0] != values[1]:
        problems.append("not every printer with grams consumed filament in time")


def bambu_alerts(base):
    alerts = api(base, "alerts")["data"]["alerts"]
    return [a for a in alerts if a["labels"].get("alertname", "").startswith("Bambu")]


def describe(alert):
    labels = {k: v for k, v in alert["labels"].items() if k not in ("job", "instance")}
    return f"{alert['state']} {labels}"


def healthy(base, printer_models):
    """printer_models: ["NAME=MODEL", ...] of the simulated fleet."""
    models = dict(arg.split("=", 1) for arg in printer_models)
    printers = sorted(models)
    problems = []
    started = time.time()
    check_targets(base, problems)
    with_data = check_dashboards_have_data(base, models, problems)
    check_variables(base, printers, problems)
    wait_for_consumption(base, problems)
    wait_for_rule_evaluations_after(base, time.time() + 1, problems)
    check_targets(base, problems)
    alerts = bambu_alerts(base)
    # Every alert that was pending or firing at any evaluation so far, from the ALERTS series.
    window = int(time.time() - started) + 120
    history = api(base, "query", query=f'max_over_time(ALERTS{{alertname=~"Bambu.*"}}[{window}s])')
    seen = sorted({(r["metric"]["alertname"], r["metric"]["alertstate"])
                   for r in history["data"]["result"]})
    print(f"healthy fleet: {len(alerts)} Bambu alerts pending or firing now; "
          f"ever during the run: {seen or 'none'}")
    problems += [f"alert on the healthy fleet: {describe(a)}" for a in alerts]
    problems += [f"alert {name} was {state} during the run" for name, state in seen]
    return report(problems, f"healthy: {with_data} dashboard exprs with data, no alert")


def low_tray(base, expected):
    problems = []
    deadline = time.time() + DATA_DEADLINE_S
    states = []
    while True:
        alerts = bambu_alerts(base)
        mine = [a for a in alerts if a["labels"]["alertname"] == "BambuTrayLow"
                and all(a["labels"].get(k) == v for k, v in expected.items() if k != "text")]
        states = sorted({a["state"] for a in mine} | set(states))
        if any(a["state"] == "firing" for a in mine) or time.time() > deadline:
            break
        time.sleep(0.5)
    firing = [a for a in mine if a["state"] == "firing"]
    print(f"BambuTrayLow for {expected}: states seen {states}")
    for a in alerts:
        print(f"  alert: {describe(a)}")
        print(f"    description: {a['annotations'].get('description', '')}")
    if len(firing) != 1:
        problems.append(f"BambuTrayLow with labels {expected} is not firing")
    else:
        alert = firing[0]
        description = alert["annotations"].get("description", "")
        for key in ("printer", "text", "filament_type", "name", "color"):
            if f"{expected[key]}" not in description:
                problems.append(f"description does not name {key} {expected[key]!r}: "
                                f"{description!r}")
        if alert["labels"].get("severity") != "warning":
            problems.append(f"severity {alert['labels'].get('severity')!r}, expected 'warning'")
    others = [a for a in alerts if a not in mine]
    problems += [f"unexpected alert: {describe(a)}" for a in others]
    return report(problems, "low tray: BambuTrayLow fires with the tray's labels")


def down_while_printing(base):
    """Printers with BambuPrinterDownWhilePrinting firing now, and those that were pending or
    firing at any evaluation of the last RUN_WINDOW."""
    firing = {a["labels"].get("printer") for a in bambu_alerts(base)
              if a["labels"]["alertname"] == "BambuPrinterDownWhilePrinting"
              and a["state"] == "firing"}
    history = api(base, "query", query='max_over_time(ALERTS{alertname='
                  '"BambuPrinterDownWhilePrinting"}[10m])')["data"]["result"]
    return firing, {r["metric"].get("printer") for r in history}


def printer_down(base, phase, printing, idle):
    """down: the fleet went silent after `idle` printers reported IDLE: the alert fires for
    every printing printer and never for an idle one. back: the fleet reports again and no
    printer-down alert fires any more."""
    problems = []
    deadline = time.time() + DATA_DEADLINE_S
    while True:
        firing, seen = down_while_printing(base)
        done = firing >= printing if phase == "down" else not firing
        if done or time.time() > deadline:
            break
        time.sleep(0.5)
    print(f"BambuPrinterDownWhilePrinting ({phase}): firing for {sorted(firing)}; "
          f"pending or firing in the last 10 minutes for {sorted(seen)}")
    if phase == "down":
        problems += [f"{name} stopped while printing, but the alert is not firing"
                     for name in sorted(printing - firing)]
        problems += [f"{name} was idle when it stopped, but the alert was raised"
                     for name in sorted(idle & seen)]
        for alert in bambu_alerts(base):
            if alert["labels"]["alertname"] == "BambuPrinterDownWhilePrinting":
                print(f"  {describe(alert)}: {alert['annotations'].get('description', '')}")
                if alert["labels"].get("severity") != "critical":
                    problems.append(f"severity of {describe(alert)} is not critical")
        success = f"printer down: fires for {sorted(printing)}, quiet for idle {sorted(idle)}"
    else:
        problems += [f"still firing after the printer came back: {name}" for name in sorted(firing)]
        success = "printer down: resolved once every printer reports again"
    return report(problems, success)


def alert_text(base, name, texts):
    """`name` fires, and each of `texts` is in the description of one of its firing alerts:
    the text a person reads, rendered from the labels the exporter really sent."""
    deadline = time.time() + DATA_DEADLINE_S
    while True:
        firing = [a for a in bambu_alerts(base)
                  if a["labels"]["alertname"] == name and a["state"] == "firing"]
        descriptions = [a["annotations"].get("description", "") for a in firing]
        missing = [t for t in texts if not any(t in d for d in descriptions)]
        if not missing or time.time() > deadline:
            break
        time.sleep(0.5)
    for description in descriptions:
        print(f"  {name}: {description}")
    return report([f"no firing {name} says {t!r}" for t in missing],
                  f"{name} says {', '.join(repr(t) for t in texts)}")


def runbook_link(base, name):
    """Follows the runbook_url of a firing `name` alert as a person clicking it would: the page
    answers 200 with HTML and has the element its #fragment names, the heading `name`."""
    firing = [a for a in bambu_alerts(base)
              if a["labels"]["alertname"] == name and a["state"] == "firing"]
    if not firing:
        return report([f"no firing {name}"], "")
    url = firing[0]["annotations"].get("runbook_url", "")
    page, fragment = urllib.parse.urldefrag(url)
    problems = []
    try:
        with urllib.request.urlopen(page, timeout=10) as response:
            status, kind = response.status, response.headers.get("Content-Type", "")
            html = response.read().decode("utf-8")
    except (urllib.error.URLError, ValueError) as e:
        return report([f"{name}: runbook_url {url!r} does not open: {e}"], "")
    heading = f'<h2 id="{fragment}">{name}</h2>'
    print(f"{name}: runbook_url {url} -> {status} {kind}, {len(html)} bytes")
    if status != 200 or not kind.startswith("text/html"):
        problems.append(f"{url}: {status} {kind}")
    if not fragment or heading not in html:
        problems.append(f"{url}: the page has no section {heading!r}")
    return report(problems, f"{name}: its runbook_url opens the section {name}")


def report(problems, success):
    for problem in problems:
        print(f"FAILED: {problem}")
    if not problems:
        print(f"ok: {success}")
    return 1 if problems else 0


def main(argv):
    if len(argv) >= 3 and argv[0] == "config":
        return write_config(argv[1], argv[2])
    if len(argv) >= 3 and argv[0] == "healthy":
        return healthy(argv[1], argv[2:])
    if len(argv) == 5 and argv[0] == "printer-down" and argv[2] in ("down", "back"):
        names = dict(arg.split("=", 1) for arg in argv[3:])
        return printer_down(argv[1], argv[2], set(filter(None, names.get("PRINTING", "").split(","))),
                            set(filter(None, names.get("IDLE", "").split(","))))
    if len(argv) == 3 and argv[0] == "runbook-link":
        return runbook_link(argv[1], argv[2])
    if len(argv) >= 4 and argv[0] == "alert-text":
        return alert_text(argv[1], argv[2], argv[3:])
    if len(argv) >= 3 and argv[0] == "low-tray":
        return low_tray(argv[1], dict(arg.split("=", 1) for arg in argv[2:]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
