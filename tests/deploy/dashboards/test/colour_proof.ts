// Proof that the dashboards paint every tray colour, with Grafana's own code.
//
//   node build/test/colour_proof.js DASHBOARDS_DIR
//
// For 24 colours that appear in no dashboard file (four official Bambu colours the old fixed
// list missed, and 20 drawn from a seeded generator), a fake fleet whose trays carry them is
// scraped by a real Prometheus (loopback, free ports); every panel of DASHBOARDS_DIR/*.json that
// paints colours (a configFromData transformation) has its queries answered by that Prometheus,
// the answers shaped as Grafana's Prometheus data source shapes instant table queries
// (prom_frames.ts), then the panel's own transformations run through @grafana/data's
// transformDataFrame and its field config through applyFieldOverrides (Grafana's display
// processor, dark theme from createTheme). Asserted for every row: the colour cell (table:
// cell type color-background; bar chart: the colorByField field) gets exactly the row's
// #RRGGBB from Grafana's display processor. Also: every colour is painted somewhere, the spool
// inventory lists every tray under the name the printer shows (or the id fallback for a
// printer without names), and without the COLOURS answer no cell is painted (so the colour comes
// from the query results, not from a list). Exit 1 on any failure.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  applyFieldOverrides,
  createTheme,
  type DataFrame,
  type DataTransformerConfig,
  type Field,
  type FieldConfigSource,
  getFieldDisplayName,
  standardTransformers,
  standardTransformersRegistry,
  type TransformerRegistryItem,
  transformDataFrame,
} from '@grafana/data';

import { configFromDataTransformer } from './config_from_data.js';
import { makeFleet, ScrapedFleet, type Printer } from './fake_fleet.js';
import { fieldConfigRegistry } from './field_registry.js';
import { type QueryAnswer, tableFrames } from './prom_frames.js';

/** Official Bambu colours that the former fixed list of 45 colours did not paint (issue 14). */
const OFFICIAL = ['#DE4343', '#0078BF', '#7D6556', '#AE835B'];
const GENERATED = 20;
const GRAFANA_VARIABLES: Record<string, string> = { __range: '1m', __rate_interval: '1m', __interval: '15s' };

interface PanelJson {
  id: number;
  type: string;
  title: string;
  targets?: { refId: string; expr: string; format?: string; instant?: boolean }[];
  transformations?: DataTransformerConfig[];
  fieldConfig: FieldConfigSource;
  options?: { colorByField?: string };
  panels?: PanelJson[];
}

const failures: string[] = [];
function check(ok: boolean, message: string): void {
  if (!ok) {
    failures.push(message);
  }
}

/** Colours from a fixed-seed generator (xorshift32), none of them in `forbidden` text. */
function colours(forbidden: string): string[] {
  const out = [...OFFICIAL];
  let state = 0x2545f491;
  while (out.length < OFFICIAL.length + GENERATED) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const colour = `#${(state & 0xffffff).toString(16).toUpperCase().padStart(6, '0')}`;
    if (!out.includes(colour) && !forbidden.includes(colour)) {
      out.push(colour);
    }
  }
  for (const colour of out) {
    check(!forbidden.includes(colour), `${colour} appears in a dashboard file`);
  }
  return out;
}

function substitute(expr: string): string {
  return expr.replace(/\$\{?([A-Za-z_]\w*)\}?/g, (_, name: string) => GRAFANA_VARIABLES[name] ?? '.+');
}

async function answer(prometheusUrl: string, expr: string, time: number): Promise<QueryAnswer['series']> {
  const url = `${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: substitute(expr), time: String(time) })}`;
  const body = (await (await fetch(url)).json()) as {
    status: string;
    error?: string;
    data: { resultType: string; result: QueryAnswer['series'] };
  };
  if (body.status !== 'success' || body.data.resultType !== 'vector') {
    throw new Error(`query failed (${body.error ?? body.data.resultType}): ${expr}`);
  }
  return body.data.result;
}

function registerTransformers(): void {
  // standardTransformers lists joinByField twice (also as its deprecated alias seriesToColumns).
  const infos = [...new Set([...Object.values(standardTransformers), configFromDataTransformer])];
  standardTransformersRegistry.setInit(() =>
    infos.map(
      (info) =>
        ({
          id: info.id,
          aliasIds: info.aliasIds,
          name: info.name,
          description: info.description,
          transformation: () => Promise.resolve(info),
        }) as unknown as TransformerRegistryItem,
    ),
  );
}

function transform(configs: DataTransformerConfig[], frames: DataFrame[]): Promise<DataFrame[]> {
  for (const config of configs) {
    if (!standardTransformersRegistry.getIfExists(config.id)) {
      throw new Error(`transformation ${config.id} is not registered (Grafana would run it)`);
    }
  }
  return new Promise((resolve, reject) => {
    transformDataFrame(configs, frames).subscribe({ next: resolve, error: reject });
  });
}

/** The field the panel paints: the bar chart's colorByField, or the table's color-background
 * column holding colours. */
function paintedField(panel: PanelJson, frame: DataFrame): Field | undefined {
  if (panel.type === 'barchart') {
    return frame.fields.find((f) => getFieldDisplayName(f, frame) === panel.options?.colorByField);
  }
  return frame.fields.find(
    (f) =>
      (f.config.custom as { cellOptions?: { type?: string } } | undefined)?.cellOptions?.type === 'color-background' &&
      f.values.some((v) => typeof v === 'string' && /^#[0-9A-F]{6}$/i.test(v)),
  );
}

interface PanelResult {
  rows: number;
  painted: string[];
  unpainted: string[];
  frame: DataFrame;
}

async function render(panel: PanelJson, answers: QueryAnswer[]): Promise<PanelResult> {
  const frames = await transform(panel.transformations ?? [], tableFrames(answers));
  check(frames.length === 1, `${panel.title}: ${frames.length} frames after the transformations, expected 1`);
  const [frame] = applyFieldOverrides({
    data: frames,
    fieldConfig: panel.fieldConfig,
    replaceVariables: (text: string) => text,
    theme: createTheme(),
    fieldConfigRegistry: fieldConfigRegistry(),
    timeZone: 'utc',
  });
  const result: PanelResult = { rows: frame.length, painted: [], unpainted: [], frame };
  const field = paintedField(panel, frame);
  if (!field?.display) {
    return result;
  }
  for (const value of field.values as string[]) {
    const colour = field.display(value).color;
    (colour === value ? result.painted : result.unpainted).push(`${value} -> ${colour}`);
  }
  return result;
}

function checkInventory(result: PanelResult, fleet: Printer[]): void {
  const column = (name: string) =>
    result.frame.fields.find((f) => getFieldDisplayName(f, result.frame) === name)?.values ?? [];
  const printers = column('Printer');
  const slots = column('Slot');
  const colourValues = column('Colour');
  const trays = fleet.flatMap((p) => p.trays);
  check(result.rows === trays.length, `Spool inventory: ${result.rows} rows, expected ${trays.length}`);
  for (const tray of trays) {
    const row = printers.findIndex((p, i) => p === tray.printer && colourValues[i] === tray.color);
    check(row >= 0, `Spool inventory: no row for ${tray.printer} ${tray.color}`);
    check(
      row < 0 || slots[row] === tray.shownSlot,
      `Spool inventory: ${tray.printer} ${tray.color} slot ${String(slots[row])}, expected ${tray.shownSlot}`,
    );
  }
}

async function main(dir: string): Promise<number> {
  // Browser globals @grafana/data reads: transformDataFrame window.__grafanaSceneContext, the
  // local date formats navigator.languages (Node >= 21 has navigator; Debian 12's Node 18 not).
  const browser = globalThis as { window?: object; navigator?: object };
  browser.window ??= {};
  browser.navigator ??= { language: 'en-US', languages: ['en-US'] };
  registerTransformers();
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'));
  const palette = colours(texts.join('\n').toUpperCase());
  const fleet = makeFleet([...palette, palette[0]]); // one colour twice: one mapping, two rows
  console.log(`colours (in no dashboard file): ${palette.join(' ')}`);

  const panels: [string, PanelJson][] = [];
  const walk = (file: string, list: PanelJson[]) =>
    list.forEach((p) => {
      if (p.transformations?.some((t) => t.id === 'configFromData')) panels.push([file, p]);
      walk(file, p.panels ?? []);
    });
  texts.forEach((text, i) => walk(files[i], (JSON.parse(text) as { panels: PanelJson[] }).panels));

  const scraped = await ScrapedFleet.start(fleet);
  const seen = new Set<string>();
  try {
    await scraped.waitForScrapes(6);
    const time = Date.now() / 1000;
    for (const [file, panel] of panels) {
      const targets = panel.targets ?? [];
      check(
        targets.every((t) => t.format === 'table' && t.instant),
        `${file} ${panel.title}: a colour panel query is not an instant table query`,
      );
      const answers: QueryAnswer[] = [];
      for (const t of targets) {
        answers.push({ refId: t.refId, series: await answer(scraped.url, t.expr, time) });
      }
      const result = await render(panel, answers);
      const control = await render(
        panel,
        answers.filter((a) => a.refId !== 'COLOURS'),
      );
      const where = `${file} #${panel.id} ${panel.title}`;
      console.log(
        `${where}: ${result.rows} rows, ${result.painted.length} painted in their colour, ` +
          `${result.unpainted.length} not; without the COLOURS answer: ${control.painted.length} painted`,
      );
      check(result.rows > 0 && result.painted.length === result.rows, `${where}: ${result.unpainted.join(', ') || 'no rows'}`);
      check(control.painted.length === 0, `${where}: painted without the COLOURS answer: ${control.painted.join(', ')}`);
      result.painted.forEach((p) => seen.add(p.split(' ')[0]));
      if (panel.title === 'Spool inventory') {
        checkInventory(result, fleet);
      }
    }
  } finally {
    await scraped.stop();
  }
  check(panels.length >= 5, `only ${panels.length} colour panels found`);
  const missing = palette.filter((c) => !seen.has(c));
  check(missing.length === 0, `colours never painted: ${missing.join(' ')}`);
  for (const failure of failures) {
    console.log(`FAILED: ${failure}`);
  }
  console.log(
    `colour proof: ${panels.length} panels, ${seen.size} of ${palette.length} colours painted by Grafana's ` +
      `display processor; ${failures.length} failures`,
  );
  return failures.length ? 1 : 0;
}

main(process.argv[2] ?? '../../../dashboards').then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.log(`FAILED: ${error instanceof Error ? error.stack : String(error)}`);
    process.exitCode = 1;
  },
);
