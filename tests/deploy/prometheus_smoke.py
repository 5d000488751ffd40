#!/usr/bin/python3
"""Runs a real Prometheus (loopback only) against the exporter's golden outputs and evaluates
every dashboard expression and every rule.

  /usr/bin/python3 tests/deploy/prometheus_smoke.py [--metrics-dir DIR] [--seconds N]
  /usr/bin/python3 tests/deploy/prometheus_smoke.py --target 127.0.0.1:PORT   # a live exporter

Serves DIR/*.prom (default tests/fixtures/expected, the exporter's real /metrics for each
fixture) with python's http.server, one scrape target per file (instance = file name), loads
bambu-recording.yml (evaluated every second here) and bambu-alerts.yml, waits until every target
was scraped and then N seconds more (default 4), then: every target is up; every dashboard expr
(variables substituted) evaluates without error; every rule evaluates without error (/api/v1/rules health). Prints the exprs that
return no series (expected for some: the data is static, so rates are 0 and nothing decreases).
With --target, Prometheus scrapes that running exporter's /metrics instead of the files.
Exit 1 on any failure. Both processes are stopped by PID.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import check_dashboards  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.load(r)


def dashboard_exprs():
    out = []
    for name in sorted(os.listdir(os.path.join(ROOT, "dashboards"))):
        if not name.endswith(".json"):
            continue  # dashboards/kustomization.yaml
        with open(os.path.join(ROOT, "dashboards", name), encoding="utf-8") as f:
            d = json.load(f)
        for p in check_dashboards.all_panels(d["panels"]):
            for t in p.get("targets", []):
                out.append((f"{name} #{p['id']} {p['title']} {t['refId']}",
                            check_dashboards.substitute(t["expr"])))
    return out


def write_config(tmp, targets):
    with open(os.path.join(ROOT, "deploy/prometheus/bambu-recording.yml"), encoding="utf-8") as f:
        recording = yaml.safe_load(f)
    for g in recording["groups"]:
        g["interval"] = "1s"
    with open(os.path.join(tmp, "recording.yml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(recording, f)
    shutil.copy(os.path.join(ROOT, "deploy/prometheus/bambu-alerts.yml"),
                os.path.join(tmp, "alerts.yml"))
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": ["recording.yml", "alerts.yml"],
        "scrape_configs": [{
            "job_name": "bambu",
            "static_configs": targets}],
    }
    with open(os.path.join(tmp, "prometheus.yml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f)


def main():
    args = sys.argv[1:]
    metrics_dir = args[args.index("--metrics-dir") + 1] if "--metrics-dir" in args else \
        os.path.join(ROOT, "tests/fixtures/expected")
    seconds = float(args[args.index("--seconds") + 1]) if "--seconds" in args else 4.0
    live = args[args.index("--target") + 1] if "--target" in args else None
    http_port, prom_port = free_port(), free_port()
    if live:
        files = [live]
        targets = [{"targets": [live], "labels": {"instance": "exporter"}}]
    else:
        files = sorted(f for f in os.listdir(metrics_dir) if f.endswith(".prom"))
        if not files:
            print(f"no .prom files in {metrics_dir}")
            return 2
        targets = [{"targets": [f"127.0.0.1:{http_port}"],
                    "labels": {"__metrics_path__": "/" + name, "instance": name[:-len(".prom")]}}
                   for name in files]
    tmp = tempfile.mkdtemp(prefix="bambu-prom-smoke-")
    write_config(tmp, targets)
    procs = []
    failures = []
    try:
        if not live:
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "http.server", str(http_port), "--bind", "127.0.0.1",
                 "--directory", metrics_dir], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen(
            ["prometheus", f"--config.file={tmp}/prometheus.yml",
             f"--storage.tsdb.path={tmp}/data", f"--web.listen-address=127.0.0.1:{prom_port}"],
            stdout=open(f"{tmp}/prometheus.log", "w"), stderr=subprocess.STDOUT))
        api = f"http://127.0.0.1:{prom_port}/api/v1"
        deadline = time.time() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{prom_port}/-/ready", timeout=1)
                break
            except OSError:
                if time.time() > deadline or procs[-1].poll() is not None:
                    print(open(f"{tmp}/prometheus.log").read()[-2000:])
                    print("prometheus did not become ready")
                    return 1
                time.sleep(0.2)
        up_query = f"{api}/query?query=" + urllib.parse.quote('up{job="bambu"}')
        deadline = time.time() + 60
        while True:  # until every target has been scraped once (the machine may be busy)
            up = get(up_query)["data"]["result"]
            if len(up) == len(files) or time.time() > deadline:
                break
            time.sleep(0.5)
        time.sleep(seconds)  # a few more scrapes and rule evaluations
        up = get(up_query)["data"]["result"]
        down = [r["metric"]["instance"] for r in up if r["value"][1] != "1"]
        print(f"targets: {len(up)} of {len(files)} scraped, down: {down or 'none'}")
        if len(up) != len(files) or down:
            failures.append("not every target is up")

        empty = []
        exprs = dashboard_exprs()
        for label, expr in exprs:
            try:
                res = get(f"{api}/query?query=" + urllib.parse.quote(expr))
                if not res["data"]["result"]:
                    empty.append(label)
            except urllib.error.HTTPError as e:
                failures.append(f"{label}: {json.load(e).get('error')}")
        print(f"dashboard exprs: {len(exprs)} evaluated, {len(exprs) - len(empty)} return series")
        for label in empty:
            print(f"  no series: {label}")

        rules = [r for g in get(f"{api}/rules")["data"]["groups"] for r in g["rules"]]
        bad = [r for r in rules if r.get("health") != "ok"]
        firing = sorted({a["labels"]["alertname"] for r in rules for a in r.get("alerts", [])})
        print(f"rules: {len(rules)} evaluated, {len(bad)} unhealthy; alerts pending or firing "
              f"on the fixtures: {', '.join(firing) or 'none'}")
        for r in bad:
            failures.append(f"rule {r['name']}: {r.get('health')} {r.get('lastError')}")
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print(f"FAILED: {f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
