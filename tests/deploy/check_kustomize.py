#!/usr/bin/python3
"""Renders deploy/kubernetes with `kubectl kustomize` (the base and every overlay, which between
them use every component) and checks what comes out:

- base: Deployment, Service, ServiceMonitor, PrometheusRule (its groups = the rule files), the
  exporter config as a ConfigMap with a content-hash name that the pod mounts where
  --config.file points, one ConfigMap per dashboards/*.json labelled grafana_dashboard: "1" with
  the file's exact text; a changed exporter.yaml changes the ConfigMap name in the pod template
  (so applying it rolls the pod);
- every rendering: access_code_file paths lie in the mount of the access-code Secret;
- overlays/kube-prometheus-stack: ServiceMonitor and PrometheusRule carry release:
  kube-prometheus-stack, everything is in the overlay's namespace;
- overlays/cloud: the token file is the mounted token Secret, the state file lies on the mounted
  PersistentVolumeClaim;
- overlays/sharded: no Deployment; a StatefulSet whose replicas equal its SHARD_COUNT, whose
  pods the base Service selects, and a headless Service the ServiceMonitor does not select;
- dashboards/kustomization.yaml lists exactly dashboards/*.json.
Without kubectl (not a Debian package) the renderings are skipped with a message and the exit
status is 2 (the caller reports a skip). Needs python3-yaml.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from check_report import finish  # noqa: E402
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KDIR = "deploy/kubernetes"
OVERLAYS = ["kube-prometheus-stack", "cloud", "sharded"]
problems = []


def fail(where, msg):
    problems.append(f"{where}: {msg}")


def render(root, path):
    out = subprocess.run(["kubectl", "kustomize", os.path.join(root, path)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if out.returncode != 0:
        fail(path, f"kubectl kustomize failed: {out.stderr.strip()}")
        return []
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def of_kind(docs, kind):
    return [d for d in docs if d["kind"] == kind]


def pod_spec(docs):
    workloads = of_kind(docs, "Deployment") + of_kind(docs, "StatefulSet")
    return workloads[0]["spec"]["template"]["spec"] if len(workloads) == 1 else None


def container(spec):
    return next(c for c in spec["containers"] if c["name"] == "bambu-exporter")


def mounts(spec):
    """{mount path: volume} of the exporter container."""
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    return {m["mountPath"]: volumes[m["name"]] for m in container(spec).get("volumeMounts", [])}


def volume_at(spec, path):
    """The volume whose mount holds `path`, or None."""
    found = [(p, v) for p, v in mounts(spec).items() if path.startswith(p.rstrip("/") + "/")]
    return max(found, key=lambda pv: len(pv[0]))[1] if found else None


def exporter_config(docs, where):
    """(ConfigMap, parsed exporter.yaml) of the config the pod mounts."""
    spec = pod_spec(docs)
    if spec is None:
        fail(where, "not exactly one Deployment or StatefulSet")
        return None, {}
    maps = {m["metadata"]["name"]: m for m in of_kind(docs, "ConfigMap")}
    names = [v["configMap"]["name"] for v in spec["volumes"] if "configMap" in v]
    config = [maps[n] for n in names if n.startswith("bambu-exporter-config-") and n in maps]
    if len(config) != 1:
        fail(where, f"the pod mounts no generated bambu-exporter-config-<hash> ConfigMap: {names}")
        return None, {}
    return config[0], yaml.safe_load(config[0]["data"]["exporter.yaml"])


def check_config_mount(docs, where):
    spec = pod_spec(docs)
    configmap, config = exporter_config(docs, where)
    if configmap is None:
        return config
    if of_kind(docs, "Deployment"):
        flag = next(a for a in container(spec)["args"] if a.startswith("--config.file="))
        volume = volume_at(spec, flag.split("=", 1)[1])
        if not volume or volume.get("configMap", {}).get("name") != configmap["metadata"]["name"]:
            fail(where, f"{flag} is not in the mount of {configmap['metadata']['name']}")
    for i, printer in enumerate(config.get("printers", [])):
        path = printer.get("access_code_file")
        volume = volume_at(spec, path) if path else None
        if path and (not volume or volume.get("secret", {}).get("secretName")
                     != "bambu-exporter-access-codes"):
            fail(where, f"printers[{i}].access_code_file {path} is not in the access-code Secret")
    return config


def check_base(docs):
    where = f"{KDIR}/base"
    kinds = sorted({d["kind"] for d in docs})
    for kind in ("ConfigMap", "Deployment", "PrometheusRule", "Service", "ServiceMonitor"):
        if kind not in kinds:
            fail(where, f"no {kind} (kinds: {kinds})")
    check_config_mount(docs, where)
    configmap, _ = exporter_config(docs, where)
    with open(os.path.join(ROOT, KDIR, "base/exporter.yaml"), encoding="utf-8") as f:
        if configmap and configmap["data"]["exporter.yaml"] != f.read():
            fail(where, "the config ConfigMap is not base/exporter.yaml")
    rules = []
    for path in ("deploy/prometheus/bambu-recording.yml", "deploy/prometheus/bambu-alerts.yml"):
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            rules += yaml.safe_load(f)["groups"]
    if [r["spec"]["groups"] for r in of_kind(docs, "PrometheusRule")] != [rules]:
        fail(where, "the PrometheusRule groups are not those of deploy/prometheus")
    dashboards = {m["metadata"]["name"]: m for m in of_kind(docs, "ConfigMap")
                  if m["metadata"].get("labels", {}).get("grafana_dashboard") == "1"}
    files = sorted(glob.glob(os.path.join(ROOT, "dashboards", "*.json")))
    shipped = {}
    for m in dashboards.values():
        shipped.update(m["data"])
    for path in files:
        with open(path, encoding="utf-8") as f:
            if shipped.get(os.path.basename(path)) != f.read():
                fail(where, f"no grafana_dashboard ConfigMap holds dashboards/"
                            f"{os.path.basename(path)} as it is")
    if len(shipped) != len(files) or len(dashboards) != len(files):
        fail(where, f"{len(dashboards)} dashboard ConfigMaps with {len(shipped)} files for "
                    f"{len(files)} dashboards (one each)")
    print(f"base: {', '.join(kinds)}; {len(dashboards)} dashboard ConfigMaps; config "
          f"{configmap['metadata']['name'] if configmap else '?'}")


def check_rollout(base_docs):
    """A changed exporter.yaml renders a new ConfigMap name into the pod template."""
    tmp = tempfile.mkdtemp(prefix="bambu-kustomize-")
    try:
        shutil.copytree(os.path.join(ROOT, "deploy"), os.path.join(tmp, "deploy"))
        shutil.copytree(os.path.join(ROOT, "dashboards"), os.path.join(tmp, "dashboards"))
        with open(os.path.join(tmp, KDIR, "base/exporter.yaml"), "a", encoding="utf-8") as f:
            f.write("keep_stale_series: true\n")
        changed = render(tmp, f"{KDIR}/base")
    finally:
        shutil.rmtree(tmp)
    before, _ = exporter_config(base_docs, "base")
    after, config = exporter_config(changed, "base with a changed exporter.yaml")
    if before and after:
        old, new = before["metadata"]["name"], after["metadata"]["name"]
        if old == new or config.get("keep_stale_series") is not True:
            fail(f"{KDIR}/base", f"a changed exporter.yaml keeps the ConfigMap name {old}")
        else:
            print(f"rollout: a changed exporter.yaml turns {old} into {new} in the pod template")


def check_kube_prometheus_stack(docs, where):
    with open(os.path.join(ROOT, where, "kustomization.yaml"), encoding="utf-8") as f:
        namespace = yaml.safe_load(f).get("namespace")
    for doc in of_kind(docs, "ServiceMonitor") + of_kind(docs, "PrometheusRule"):
        if doc["metadata"].get("labels", {}).get("release") != "kube-prometheus-stack":
            fail(where, f"{doc['kind']} without the label release: kube-prometheus-stack")
    stray = [d["kind"] for d in docs if d["metadata"].get("namespace") != namespace]
    if stray:
        fail(where, f"not in namespace {namespace}: {stray}")


def check_cloud(docs, where):
    config = check_config_mount(docs, where)
    spec = pod_spec(docs)
    cloud = config.get("cloud") or {}
    token = volume_at(spec, cloud.get("token_file", "/"))
    if not token or token.get("secret", {}).get("secretName") != "bambu-exporter-cloud-token":
        fail(where, f"token_file {cloud.get('token_file')} is not in the cloud-token Secret")
    state = volume_at(spec, cloud.get("state_file", "/"))
    claims = {c["metadata"]["name"] for c in of_kind(docs, "PersistentVolumeClaim")}
    if not state or state.get("persistentVolumeClaim", {}).get("claimName") not in claims:
        fail(where, f"state_file {cloud.get('state_file')} is not on a PersistentVolumeClaim")
    else:
        print(f"{where}: token in Secret bambu-exporter-cloud-token, state on PVC "
              f"{state['persistentVolumeClaim']['claimName']}")


def check_sharded(docs, where):
    check_config_mount(docs, where)
    if of_kind(docs, "Deployment"):
        fail(where, "the base Deployment is still there")
    sets = of_kind(docs, "StatefulSet")
    if len(sets) != 1:
        fail(where, "expected one StatefulSet")
        return
    sts = sets[0]
    env = {e["name"]: e.get("value") for c in sts["spec"]["template"]["spec"]["initContainers"]
           for e in c.get("env", [])}
    if str(sts["spec"]["replicas"]) != env.get("SHARD_COUNT"):
        fail(where, f"replicas {sts['spec']['replicas']} != SHARD_COUNT {env.get('SHARD_COUNT')}")
    pod_labels = sts["spec"]["template"]["metadata"]["labels"]
    services = of_kind(docs, "Service")
    selecting = [s for s in services
                 if all(pod_labels.get(k) == v for k, v in s["spec"]["selector"].items())]
    headless = [s for s in selecting if s["spec"].get("clusterIP") == "None"]
    if sts["spec"]["serviceName"] not in {s["metadata"]["name"] for s in headless}:
        fail(where, "serviceName is not a headless Service selecting the shards")
    monitor = of_kind(docs, "ServiceMonitor")[0]["spec"]["selector"]["matchLabels"]
    monitored = [s["metadata"]["name"] for s in selecting
                 if all(s["metadata"]["labels"].get(k) == v for k, v in monitor.items())]
    if len(monitored) != 1:
        fail(where, f"the ServiceMonitor scrapes the shards through {monitored}, expected one "
                    "Service")
    print(f"{where}: {sts['spec']['replicas']} shards, scraped through {monitored}")


def check_dashboard_list():
    with open(os.path.join(ROOT, "dashboards/kustomization.yaml"), encoding="utf-8") as f:
        listed = sorted(f for g in yaml.safe_load(f)["configMapGenerator"] for f in g["files"])
    files = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "dashboards/*.json")))
    if listed != files:
        fail("dashboards/kustomization.yaml", f"lists {listed}, the folder holds {files}: add a "
                                              "configMapGenerator entry per dashboard")


def main():
    check_dashboard_list()
    if not shutil.which("kubectl"):
        for p in problems:
            print(p)
        print("kubectl not found (not a Debian package; see https://kubernetes.io/docs/tasks/"
              "tools/): the kustomize renderings are not checked")
        return 1 if problems else 2
    print(subprocess.run(["kubectl", "version", "--client"], stdout=subprocess.PIPE,
                         text=True).stdout.strip().replace("\n", "; "))
    base = render(ROOT, f"{KDIR}/base")
    if base:
        check_base(base)
        check_rollout(base)
    for name in OVERLAYS:
        where = f"{KDIR}/overlays/{name}"
        docs = render(ROOT, where)
        if not docs:
            continue
        check_kube_prometheus_stack(docs, where)
        {"kube-prometheus-stack": check_config_mount, "cloud": check_cloud,
         "sharded": check_sharded}[name](docs, where)
    return finish(problems, f"kustomize: base and {len(OVERLAYS)} overlays rendered")


if __name__ == "__main__":
    sys.exit(main())
