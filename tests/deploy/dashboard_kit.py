"""Building blocks for the Grafana dashboards (classic JSON, schemaVersion 39).

Used by gen_dashboards.py. Every panel and target points at the `datasource` template variable;
panel ids are assigned in order, so they are unique and stable.
"""

DS = {"type": "prometheus", "uid": "${datasource}"}
SCHEMA_VERSION = 39
TRAY_ON = "job, instance, printer, serial, ams, slot"
PRINTER_ON = "job, instance, printer, serial"


def sel(extra=""):
    """Label matchers for the job/printer variables, plus `extra` matchers."""
    base = 'job=~"$job", printer=~"$printer"'
    return "{" + base + (", " + extra if extra else "") + "}"


def target(expr, ref, legend="", instant=False, fmt="time_series"):
    t = {"datasource": DS, "expr": expr, "refId": ref, "legendFormat": legend or "__auto",
         "range": not instant, "instant": instant, "editorMode": "code"}
    if fmt != "time_series":
        t["format"] = fmt
    return t


def steps(*pairs):
    """Threshold steps: steps("green", (0.1, "yellow"), ...); the first is the base colour."""
    out = [{"color": pairs[0], "value": None}]
    out += [{"color": c, "value": v} for v, c in pairs[1:]]
    return {"mode": "absolute", "steps": out}


def value_map(mapping):
    """{value: (text, colour or None)} -> one Grafana value mapping."""
    opts = {}
    for i, (k, (text, color)) in enumerate(mapping.items()):
        r = {"text": text, "index": i}
        if color:
            r["color"] = color
        opts[str(k)] = r
    return {"type": "value", "options": opts}


def defaults(unit=None, thresholds=None, *, mappings=None, min_=None, max_=None, decimals=None,
             color_mode="thresholds", custom=None):
    d = {"color": {"mode": color_mode}, "mappings": mappings or [],
         "thresholds": thresholds or steps("green")}
    if unit:
        d["unit"] = unit
    if min_ is not None:
        d["min"] = min_
    if max_ is not None:
        d["max"] = max_
    if decimals is not None:
        d["decimals"] = decimals
    if custom is not None:
        d["custom"] = custom
    return d


def override(name, **props):
    """Field override by (display) name; props map property ids (dots as __) to values."""
    return {"matcher": {"id": "byName", "options": name},
            "properties": [{"id": k.replace("__", "."), "value": v} for k, v in props.items()]}


def timeseries_custom(fill=10, bars=False, stack=False):
    c = {"drawStyle": "bars" if bars else "line", "lineWidth": 1, "fillOpacity": fill,
         "showPoints": "never", "spanNulls": False, "axisPlacement": "auto",
         "lineInterpolation": "stepAfter" if bars else "linear"}
    if stack:
        c["stacking"] = {"mode": "normal", "group": "A"}
    return c


class Layout:
    """Assigns panel ids and grid positions (24 columns) row by row."""

    def __init__(self):
        self.panels = []
        self.next_id = 1
        self.x = 0
        self.y = 0
        self.row_h = 0

    def _place(self, w, h):
        if self.x + w > 24:
            self.newline()
        pos = {"h": h, "w": w, "x": self.x, "y": self.y}
        self.x += w
        self.row_h = max(self.row_h, h)
        return pos

    def newline(self):
        self.y += self.row_h
        self.x = 0
        self.row_h = 0

    def row(self, title, repeat=None):
        self.newline()
        p = {"type": "row", "id": self.next_id, "title": title, "collapsed": False, "panels": [],
             "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}}
        if repeat:
            p["repeat"] = repeat
        self.next_id += 1
        self.y += 1
        self.panels.append(p)

    def add(self, kind, title, targets, w, h, description="", field_defaults=None,
            overrides=None, options=None, transformations=None):
        p = {"type": kind, "id": self.next_id, "title": title, "datasource": DS,
             "gridPos": self._place(w, h), "targets": targets,
             "fieldConfig": {"defaults": field_defaults or defaults(),
                             "overrides": overrides or []},
             "options": options or {}}
        if description:
            p["description"] = description
        if transformations:
            p["transformations"] = transformations
        self.next_id += 1
        self.panels.append(p)
        return p


def stat_options(text_mode="auto", color_mode="value", graph=False):
    return {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
            "orientation": "auto", "textMode": text_mode, "colorMode": color_mode,
            "graphMode": "area" if graph else "none", "justifyMode": "auto"}


def ts_options():
    return {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
            "tooltip": {"mode": "multi", "sort": "desc"}}


def table_options(sort_by=None):
    o = {"showHeader": True, "cellHeight": "sm",
         "footer": {"show": False, "reducer": ["sum"], "countRows": False, "fields": ""}}
    if sort_by:
        o["sortBy"] = [{"displayName": sort_by, "desc": False}]
    return o


def datasource_var():
    return {"name": "datasource", "label": "Data source", "type": "datasource",
            "query": "prometheus", "hide": 0, "includeAll": False,
            "multi": False, "options": [], "refresh": 1, "regex": "", "skipUrlSync": False}


def query_var(name, label, query):
    return {"name": name, "label": label, "type": "query", "datasource": DS,
            "query": {"query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery"},
            "hide": 0, "includeAll": True, "multi": True, "options": [],
            "refresh": 2, "regex": "", "skipUrlSync": False, "sort": 1}


def standard_vars():
    """datasource, then job and printer chained from bambu_printer_info (multi, with All)."""
    return [datasource_var(),
            query_var("job", "Job", "label_values(bambu_printer_info, job)"),
            query_var("printer", "Printer",
                      'label_values(bambu_printer_info{job=~"$job"}, printer)')]


def dashboard(uid, title, description, layout, tags=()):
    return {
        "annotations": {"list": [{
            "builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"},
            "enable": True, "hide": True, "iconColor": "rgba(0, 211, 255, 1)",
            "name": "Annotations & Alerts", "type": "dashboard"}]},
        "description": description,
        "editable": True,
        "fiscalYearStartMonth": 0,
        "graphTooltip": 1,
        "id": None,
        "links": [{"title": "Bambu dashboards", "type": "dashboards", "tags": ["bambu"],
                   "asDropdown": True, "includeVars": True, "keepTime": True,
                   "icon": "external link", "targetBlank": False, "tooltip": "", "url": ""}],
        "panels": layout.panels,
        "refresh": "1m",
        "schemaVersion": SCHEMA_VERSION,
        "tags": ["bambu", "3d-printing", *tags],
        "templating": {"list": standard_vars()},
        "time": {"from": "now-24h", "to": "now"},
        "timepicker": {},
        "timezone": "browser",
        "title": title,
        "uid": uid,
        "version": 1,
        "weekStart": "",
    }
