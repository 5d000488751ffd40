// PromQL building blocks of the dashboards. Metric names: docs/metrics.md, the bambu:* recording
// rules of deploy/prometheus/bambu-recording.yml, Prometheus' own up, scrape_* and ALERTS.

/** Labels that identify a printer, an AMS unit and a tray (docs/metrics.md, conventions). */
export const PRINTER_ON = 'job, instance, printer, serial';
export const UNIT_ON = `${PRINTER_ON}, ams`;
export const TRAY_ON = `${UNIT_ON}, slot`;

/** Label matchers for the job and printer variables, plus `extra` matchers. */
export function sel(extra = ''): string {
  const base = 'job=~"$job", printer=~"$printer"';
  return `{${base}${extra ? `, ${extra}` : ''}}`;
}

/** `name{job=~"$job", printer=~"$printer"[, extra]}`. */
export function metric(name: string, extra = ''): string {
  return `${name}${sel(extra)}`;
}

export function byPrinter(expr: string): string {
  return `max by (${PRINTER_ON}) (${expr})`;
}

/**
 * Gives every series of `expr` the label `name`: its own value when the series has one, else
 * `fallback` built from the `ids` labels ($1, $2 ... in order). Lets the dashboards show the
 * printer-style names of bambu_ams_info{ams_name} and bambu_tray_info{slot_name} and still
 * return data (with id-based names) from an exporter that does not export those labels yet.
 */
export function withFallbackName(expr: string, name: string, ids: string[], fallback: string): string {
  const joined = `label_join(\n  ${indent(expr)},\n  "${name}", ";", "${name}", ${ids.map((id) => `"${id}"`).join(', ')})`;
  const kept = `label_replace(\n  ${indent(joined)},\n  "${name}", "$1", "${name}", "([^;]+);.*")`;
  const idGroups = ids.map(() => '(.*)').join(';');
  return `label_replace(\n  ${indent(kept)},\n  "${name}", "${fallback}", "${name}", ";${idGroups}")`;
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n  ');
}

/** Labels of bambu_tray_info shown with a tray (tray_uuid: the spool identity, when exported). */
export const TRAY_LABELS = ['slot_name', 'filament_type', 'name', 'color', 'vendor', 'tray_uuid'];

/**
 * One series per loaded tray (value 1) with the tray's identity and filament labels: the key
 * every tray table merges its columns on. slot_name falls back to "AMS <ams> slot <slot>".
 */
export function trayKey(): string {
  const info = `max by (${TRAY_ON}, ${TRAY_LABELS.join(', ')}) (${metric('bambu_tray_info')})`;
  return withFallbackName(info, 'slot_name', ['ams', 'slot'], 'AMS $1 slot $2');
}

/** A tray (or, with on = UNIT_ON, a unit) series as a column of the tray key's rows. */
export function onTrays(expr: string, on = TRAY_ON): string {
  return `${trayKey()}\n* on (${on}) group_left ()\n  ${indent(expr)}`;
}

/** One series per present AMS unit (value 1) with its printer-style name, fallback "AMS <ams>". */
export function unitKey(): string {
  const info = `max by (${UNIT_ON}, ams_name) (${metric('bambu_ams_info')})`;
  return withFallbackName(info, 'ams_name', ['ams'], 'AMS $1');
}

/** A unit series with the unit's ams_name label. */
export function onUnits(expr: string): string {
  return `${unitKey()}\n* on (${UNIT_ON}) group_left ()\n  ${indent(expr)}`;
}
