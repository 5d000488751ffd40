#!/usr/bin/python3
"""Static checks of deploy/: every YAML file parses, and every path a deploy file refers to
exists in the repository. Exit 1 on any problem; prints one line per problem.

Paths checked: docker-compose build context/dockerfile and host volume sources; container paths
given to a service (--*.file= flags, *_PATH environment values) through its volume mounts; the
Grafana dashboards provider path through the grafana service's mounts (it must hold the
dashboards); Dockerfile COPY sources (build context = repository root); Alertmanager template
globs; Prometheus rule_files; files named by the kustomizations; hosts of Prometheus targets, Alertmanager
targets and the Grafana data source URL are compose services. Needs python3-yaml.
"""
import glob
import os
import re
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPLOY = os.path.join(ROOT, "deploy")
problems = []


def fail(where, msg):
    problems.append(f"{os.path.relpath(where, ROOT)}: {msg}")


def load(path):
    with open(path, encoding="utf-8") as f:
        return list(yaml.safe_load_all(f))


def check_yaml_parses():
    files = sorted(glob.glob(os.path.join(DEPLOY, "**", "*.y*ml"), recursive=True))
    for path in files:
        try:
            docs = load(path)
            if not any(d is not None for d in docs):
                fail(path, "empty YAML")
        except yaml.YAMLError as e:
            fail(path, f"YAML does not parse: {e}")
    return len(files)


def mounts_of(service, base):
    """[(container path, host path)] of a compose service's bind mounts."""
    out = []
    for v in service.get("volumes", []):
        src, _, rest = v.partition(":")
        dst = rest.split(":")[0]
        if src.startswith((".", "/")):
            out.append((dst, os.path.normpath(os.path.join(base, src))))
    return out


def to_host(container_path, mounts):
    for dst, src in sorted(mounts, key=lambda m: -len(m[0])):
        if container_path == dst:
            return src
        if container_path.startswith(dst.rstrip("/") + "/"):
            return os.path.join(src, os.path.relpath(container_path, dst))
    return None


def check_compose():
    path = os.path.join(DEPLOY, "docker", "docker-compose.yml")
    base = os.path.dirname(path)
    compose = load(path)[0]
    services = compose["services"]
    for name, svc in services.items():
        where = f"service {name}"
        build = svc.get("build")
        if build:
            ctx = os.path.normpath(os.path.join(base, build.get("context", ".")))
            if not os.path.isdir(ctx):
                fail(path, f"{where}: build context {ctx} missing")
            dockerfile = os.path.join(ctx, build.get("dockerfile", "Dockerfile"))
            if not os.path.isfile(dockerfile):
                fail(path, f"{where}: dockerfile {dockerfile} missing")
            else:
                check_dockerfile(dockerfile, ctx)
        mounts = mounts_of(svc, base)
        for dst, src in mounts:
            if not os.path.exists(src):
                fail(path, f"{where}: volume source {os.path.relpath(src, ROOT)} missing")
        command = svc.get("command", [])
        args = command if isinstance(command, list) else command.split()
        env = svc.get("environment", {})
        env_paths = [v for k, v in env.items() if k.endswith("_PATH") and str(v).startswith("/")]
        for arg in args:
            m = re.match(r"--[\w.-]*file=(/\S+)", arg)
            if m:
                env_paths.append(m.group(1))
        for cpath in env_paths:
            host = to_host(cpath, mounts)
            if host is None or not os.path.exists(host):
                fail(path, f"{where}: {cpath} is not provided by a mounted repository file")
        for dep in svc.get("depends_on", []):
            if dep not in services:
                fail(path, f"{where}: depends_on unknown service {dep}")
    return services, base


def check_dockerfile(path, ctx):
    for line in open(path, encoding="utf-8"):
        words = line.split()
        if not words or words[0].upper() not in ("COPY", "ADD"):
            continue
        args = [w for w in words[1:] if not w.startswith("--")]
        if any(w.startswith("--from") for w in words[1:]):
            continue
        for src in args[:-1]:
            if not glob.glob(os.path.join(ctx, src)):
                fail(path, f"COPY source {src} missing in the build context")


def host_of(url):
    m = re.match(r"(?:\w+://)?([^:/]+)", url)
    return m.group(1) if m else url


def check_grafana(services, base):
    prov = os.path.join(DEPLOY, "grafana", "provisioning")
    mounts = mounts_of(services["grafana"], base)
    if to_host("/etc/grafana/provisioning", mounts) != prov:
        fail(prov, "the grafana service does not mount it at /etc/grafana/provisioning")
    for path in glob.glob(os.path.join(prov, "dashboards", "*.y*ml")):
        for p in load(path)[0].get("providers", []):
            host = to_host(p["options"]["path"], mounts)
            wanted = {"bambu-ams-filament.json", "bambu-printer-fleet.json",
                      "bambu-exporter-health.json"}
            if host is None or not wanted <= set(os.listdir(host) if os.path.isdir(host) else []):
                fail(path, f"provider {p['name']}: {p['options']['path']} does not hold "
                           "the dashboards in docker-compose")
    for path in glob.glob(os.path.join(prov, "datasources", "*.y*ml")):
        for ds in load(path)[0].get("datasources", []):
            if host_of(ds["url"]) not in services:
                fail(path, f"data source {ds['name']}: host of {ds['url']} is not a service")


def check_prometheus(services):
    path = os.path.join(DEPLOY, "prometheus", "prometheus.yml")
    cfg = load(path)[0]
    for rf in cfg.get("rule_files", []):
        if not glob.glob(os.path.join(os.path.dirname(path), rf)):
            fail(path, f"rule file {rf} missing")
    targets = [t for sc in cfg.get("scrape_configs", []) for c in sc.get("static_configs", [])
               for t in c.get("targets", [])]
    targets += [t for am in cfg.get("alerting", {}).get("alertmanagers", [])
                for c in am.get("static_configs", []) for t in c.get("targets", [])]
    for t in targets:
        if host_of(t) not in services and host_of(t) != "localhost":
            fail(path, f"target {t} is not a docker-compose service")
    if not any("bambu" in sc["job_name"] for sc in cfg["scrape_configs"]):
        fail(path, 'no scrape job with "bambu" in its name (BambuExporterDown needs one)')


def check_alertmanager():
    path = os.path.join(DEPLOY, "alertmanager", "alertmanager.yml")
    for pattern in load(path)[0].get("templates", []):
        if not glob.glob(os.path.join(os.path.dirname(path), pattern)):
            fail(path, f"template glob {pattern} matches no file")


def check_kustomization():
    """Every resource, component and generator file a kustomization names exists (the rendered
    output is checked by check_kustomize.py)."""
    paths = glob.glob(os.path.join(DEPLOY, "kubernetes", "**", "kustomization.yaml"),
                      recursive=True) + [os.path.join(ROOT, "dashboards", "kustomization.yaml")]
    for path in paths:
        doc = load(path)[0]
        names = doc.get("resources", []) + doc.get("components", [])
        names += [f for g in doc.get("configMapGenerator", []) for f in g.get("files", [])]
        names += [p["path"] for p in doc.get("patches", []) if "path" in p]
        for name in names:
            if not os.path.exists(os.path.join(os.path.dirname(path), name.split("=")[-1])):
                fail(path, f"{name} missing")


def main():
    n = check_yaml_parses()
    services, base = check_compose()
    check_grafana(services, base)
    check_prometheus(services)
    check_alertmanager()
    check_kustomization()
    for p in problems:
        print(p)
    print(f"deploy: {n} YAML files parse; path references checked; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
