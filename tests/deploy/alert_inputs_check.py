#!/usr/bin/python3
"""The alert unit tests speak the exporter's language: every input series of
deploy/prometheus/*_test.yml is checked against a real scrape of the exporter fed by the
simulated fleet (tests/deploy/real_parts_test.sh, stage 5: with an AMS and an external-spool
HMS error, so the HMS labels are in the scrape too).

  alert_inputs_check.py METRICS_URL

For each input series of a bambu_* metric:
  - the exporter sends that metric (NOT_IN_SIM lists the few the simulated fleet cannot send);
  - its label names (without job and instance, which Prometheus adds) are exactly those of a
    series of that metric in the scrape: no label the exporter does not send, none missing
    (a bambu_ams_info without ams_name is an exporter that no longer exists);
  - each label of ENUMERATED has a value the scrape has for that label (say, a print state, a
    unit model, a transport);
  - each name label (ams_name, slot_name) has the shape of a name the scrape has: "AMS HT-1",
    "A3", "Ext-L" (digits and unit letters generalised: "AMS HT-#", "L#"), so "AMS A" or
    "HT-A", names the exporter never gives, fail.
Printer names, serials, firmware, filament and colour values are the user's and the spools'
and are not checked. Exit 1 with one line per problem.
"""
import glob
import os
import re
import sys
import urllib.request

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROMETHEUS_LABELS = {"job", "instance"}
ENUMERATED = {"state", "reason", "transport", "extruder", "vendor", "type", "flow"}
ENUMERATED_BY_METRIC = {"bambu_ams_info": {"model"}}
NAME_LABELS = {"ams_name", "slot_name"}
NOT_IN_SIM = {
    "bambu_cloud_up": "the simulated fleet is on the LAN: no cloud account",
    "bambu_cloud_token_expiry_timestamp_seconds": "the simulated fleet has no cloud token",
    "bambu_print_job_tray_shortfall_grams": "a job's plan per tray needs the job's 3MF read "
    "over FTPS (issue 20), which the simulated fleet does not serve yet",
    "bambu_print_job_tray_backup_spools": "as bambu_print_job_tray_shortfall_grams",
    "bambu_discovered_printer_info": "discovery is off in the real-parts stack; "
    "tests/io/e2e_discovery_test.cpp checks this family's exact label sets from real "
    "announcements",
}
# Values the exporter sends that the simulated fleet cannot show, and why.
BEYOND_SIM = {
    ("transport", "cloud"): "a printer reached through the Bambu cloud (the simulated fleet is on "
                            "the LAN)",
    ("reason", "too_large"): "a report over the size limit (report_decoder.cpp); the simulator "
                             "sends none",
}
SERIES = re.compile(r'^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def scrape(url):
    """{metric: [labels dict, ...]} of a /metrics text."""
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode("utf-8")
    out = {}
    for line in text.splitlines():
        match = SERIES.match(line)
        if match and not line.startswith("#"):
            out.setdefault(match.group(1), []).append(dict(LABEL.findall(match.group(2) or "")))
    return out


def shape(value):
    """A name with its numbers and unit letters generalised: "AMS HT-2" -> "AMS HT-#",
    "B3" -> "L#", "A" -> "L"; "Ext-L" stays."""
    return re.sub(r"\d+", "#", re.sub(r"^[A-H](?=\d|$)", "L", value))


def input_series():
    """(file, test name, metric, labels) of every input series of the rule tests."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "deploy/prometheus/*_test.yml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f)
        for test in doc["tests"]:
            for item in test.get("input_series", []):
                match = SERIES.match(item["series"] + " ")
                labels = dict(LABEL.findall(match.group(2) or ""))
                out.append((os.path.basename(path), test["name"], match.group(1), labels))
    return out


def main(argv):
    if len(argv) != 1:
        print(__doc__)
        return 2
    scraped = scrape(argv[0])
    shapes = {label: {shape(s[label]) for series in scraped.values() for s in series
                      if s.get(label)} for label in NAME_LABELS}
    problems, checked = [], 0
    for path, test, metric, labels in input_series():
        if not metric.startswith("bambu_"):
            continue  # up, ALERTS, recording rules
        where = f"{path} [{test}] {metric}{{{', '.join(f'{k}={v}' for k, v in labels.items())}}}"
        if metric in NOT_IN_SIM:
            continue
        checked += 1
        sent = scraped.get(metric)
        if not sent:
            problems.append(f"{where}: the exporter does not send {metric}")
            continue
        names = set(labels) - PROMETHEUS_LABELS
        if not any(set(s) == names for s in sent):
            known = sorted({tuple(sorted(s)) for s in sent})
            problems.append(f"{where}: label names {sorted(names)}, the exporter sends {known}")
        for label in sorted(names & (ENUMERATED | ENUMERATED_BY_METRIC.get(metric, set()))):
            values = {s.get(label) for s in sent}
            if labels[label] not in values and (label, labels[label]) not in BEYOND_SIM:
                problems.append(f"{where}: {label}={labels[label]!r}, the exporter sends "
                                f"{sorted(v for v in values if v is not None)}")
        for label in sorted(names & NAME_LABELS):
            if labels[label] and shape(labels[label]) not in shapes[label]:
                problems.append(f"{where}: {label}={labels[label]!r} is not a name the exporter "
                                f"gives (shapes {sorted(shapes[label])})")
    print(f"alert test inputs: {checked} series of bambu_* metrics checked against a scrape of "
          f"{sum(len(v) for v in scraped.values())} series; name shapes "
          f"{ {k: sorted(v) for k, v in shapes.items()} }; skipped: {sorted(NOT_IN_SIM)}")
    for problem in problems:
        print(f"FAILED: {problem}")
    if not problems:
        print("ok: every input series has the labels and label values the exporter sends")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
