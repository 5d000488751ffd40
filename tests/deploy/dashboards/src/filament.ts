// Bambu filament: the fleet's spool inventory, filament used per material and colour over the
// selected range, the active spools against the print time left, and the firing Bambu alerts.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as table from '@grafana/grafana-foundation-sdk/table';

import { TRAY_LEGEND } from './ams.js';
import { COLOUR_FIELD, COLOUR_MAPPINGS, colourBars, colourQuery, swatchCell } from './colour.js';
import {
  barsPanel,
  Board,
  cell,
  keepFields,
  MERGE,
  organize,
  prop,
  query,
  remainingGauge,
  statPanel,
  steps,
  stepsValue,
  tablePanel,
  timeseriesPanel,
} from './kit.js';
import { metric, onTrays, PRINTER_ON, TRAY_ON, trayKey, UNIT_ON } from './promql.js';

/** The filament counter of issue 13 (docs/metrics.md): grams used per material and colour. */
const USED = 'bambu_filament_used_grams_total';
/** Grams used over the dashboard's time range, summed by `labels`. */
function usedInRange(labels: string): string {
  return `sum by (${labels}) (increase(${metric(USED)}[$__range]))`;
}

/** Bambu alerts in the selection; alerts without a printer (exporter, cloud) always show. */
const FIRING_ALERTS = 'ALERTS{alertname=~"Bambu.*", alertstate="firing", job=~"$job|", printer=~"$printer|"}';

/** Table columns that show a tray: printer, its slot name and filament. */
const TRAY_COLUMNS = ['printer', 'slot_name', 'filament_type', 'name', COLOUR_FIELD];
const TRAY_NAMES: Record<string, string> = {
  printer: 'Printer',
  slot_name: 'Slot',
  filament_type: 'Material',
  name: 'Name',
  [COLOUR_FIELD]: 'Colour',
  vendor: 'Spool',
  tray_uuid: 'Spool id',
};
/** Labels of trayKey that a tray table hides. */
const TRAY_HIDDEN = ['Time', 'job', 'instance', 'serial', 'ams', 'slot'];

function inventoryTable(): table.PanelBuilder {
  const column = (ref: string, expr: string, on = TRAY_ON) => query(onTrays(expr, on), ref, { table: true });
  return tablePanel(
    'Spool inventory',
    [
      query(trayKey(), 'A', { table: true }),
      column('B', metric('bambu_tray_remaining_grams')),
      column('C', metric('bambu_tray_remaining_ratio')),
      column('D', metric('bambu_ams_humidity_ratio'), UNIT_ON),
      column('E', metric('bambu_ams_humidity_level'), UNIT_ON),
      colourQuery(metric('bambu_tray_info')),
    ],
    'Printer',
  )
    .overrideByName('Colour', swatchCell())
    .overrideByName('Left', [prop('unit', 'massg'), prop('decimals', 0)])
    .overrideByName('Left %', remainingGauge())
    .overrideByName('Humidity', [
      prop('unit', 'percentunit'),
      prop('decimals', 0),
      prop('custom.cellOptions', cell('color-text')),
      prop('thresholds', stepsValue('green', [0.3, 'yellow'], [0.4, 'red'])),
    ])
    .overrideByName('Humidity level', [
      prop('decimals', 0),
      prop('custom.cellOptions', cell('color-text')),
      prop('thresholds', stepsValue('green', [3, 'yellow'], [4, 'orange'], [5, 'red'])),
    ])
    .overrideByName('Spool', [
      prop('mappings', [
        {
          type: 'value',
          options: { bambu: { text: 'Bambu (RFID)', index: 0 }, other: { text: 'Other', index: 1 } },
        },
      ]),
    ])
    .transformations([
      COLOUR_MAPPINGS,
      MERGE,
      organize(
        [...TRAY_HIDDEN, 'Value #A'],
        [...TRAY_COLUMNS, 'Value #B', 'Value #C', 'Value #D', 'Value #E', 'vendor', 'tray_uuid'],
        {
          ...TRAY_NAMES,
          'Value #B': 'Left',
          'Value #C': 'Left %',
          'Value #D': 'Humidity',
          'Value #E': 'Humidity level',
        },
      ),
    ]);
}

/**
 * Active trays (value 1) with the tray key's labels; `expr` restricted to them. `expr` is
 * parenthesised: `a * on (...) group_left () b / c` would parse as `(a * b) / c`, whose label
 * sets match nothing.
 */
function onActiveTrays(expr: string, on = TRAY_ON): string {
  const active = onTrays(`max without (extruder) (${metric('bambu_tray_active')}) == 1`);
  return `(\n  ${active.replace(/\n/g, '\n  ')}\n)\n* on (${on}) group_left ()\n  (${expr})`;
}

function activeTable(): table.PanelBuilder {
  const grams = metric('bambu_tray_remaining_grams');
  const burn = `(-deriv(${grams}[1h]) > 0)`;
  const column = (ref: string, expr: string, on = TRAY_ON) => query(onActiveTrays(expr, on), ref, { table: true });
  return tablePanel(
    'Active spools: time to empty against print time left',
    [
      query(onTrays(`max without (extruder) (${metric('bambu_tray_active')}) == 1`), 'A', { table: true }),
      column('B', grams),
      column('C', `${burn} * 3600`),
      column('D', `${grams} / ${burn}`),
      column('E', metric('bambu_print_remaining_seconds'), PRINTER_ON),
      column(
        'F',
        `(${grams} / ${burn})\n  - on (${PRINTER_ON}) group_left ()\n  ${metric('bambu_print_remaining_seconds')}`,
      ),
      colourQuery(metric('bambu_tray_info')),
    ],
    'Printer',
  )
    .overrideByName('Colour', swatchCell())
    .overrideByName('Left', [prop('unit', 'massg'), prop('decimals', 0)])
    .overrideByName('Burn rate', [prop('unit', 'g/h'), prop('decimals', 1)])
    .overrideByName('Empty in', [prop('unit', 'dtdurations')])
    .overrideByName('Print left', [prop('unit', 'dtdurations')])
    .overrideByName('Margin', [
      prop('unit', 'dtdurations'),
      prop('custom.cellOptions', cell('color-background')),
      prop('color', { mode: 'thresholds' }),
      prop('thresholds', stepsValue('red', [0, 'green'])),
    ])
    .transformations([
      COLOUR_MAPPINGS,
      MERGE,
      organize(
        [...TRAY_HIDDEN, 'Value #A', 'vendor', 'tray_uuid'],
        [...TRAY_COLUMNS, 'Value #B', 'Value #C', 'Value #D', 'Value #E', 'Value #F'],
        {
          ...TRAY_NAMES,
          'Value #B': 'Left',
          'Value #C': 'Burn rate',
          'Value #D': 'Empty in',
          'Value #E': 'Print left',
          'Value #F': 'Margin',
        },
      ),
    ]);
}

export function filamentDashboard(): dashboard.Dashboard {
  const board = new Board(
    'bambu-filament',
    'Bambu filament',
    'Every loaded spool of the fleet, the filament used per material and colour over the selected ' +
      'range, the active spools against the print time left and the firing Bambu alerts. Slots carry ' +
      "the printer's names (A1, B3, HT-A, Ext); colour cells and bars are painted in the filament's " +
      'own colour, whatever #RRGGBB the printer reports.',
    ['filament'],
  );
  const small = { w: 4, h: 4 };
  board
    .add(
      statPanel('Spools loaded', [query(`count(${metric('bambu_tray_info')}) or vector(0)`, 'A', { legend: 'spools' })])
        .decimals(0)
        .thresholds(steps('text')),
      small,
    )
    .add(
      statPanel('Filament left', [query(`sum(${metric('bambu_tray_remaining_grams')})`, 'A', { legend: 'left' })])
        .unit('massg')
        .decimals(0)
        .thresholds(steps('text')),
      small,
      'Sum of the remaining grams of every spool whose remaining filament is known (RFID spools).',
    )
    .add(
      statPanel('Used in range', [query(`sum(${usedInRange(PRINTER_ON)})`, 'A', { legend: 'used' })])
        .unit('massg')
        .decimals(0)
        .thresholds(steps('text')),
      small,
      `Grams of filament used by the selected printers over the dashboard's time range (${USED}).`,
    )
    .add(
      statPanel('Spools below 10 %', [
        query(`count(${metric('bambu_tray_remaining_ratio')} < 0.10) or vector(0)`, 'A', { legend: 'low' }),
      ])
        .decimals(0)
        .thresholds(steps('green', [1, 'orange'])),
      small,
    )
    .add(
      statPanel('Spools running out', [
        query(`count(${onActiveTrays(`${metric('bambu_tray_remaining_grams')} / (-deriv(${metric('bambu_tray_remaining_grams')}[1h]) > 0)`)}\n  < on (${PRINTER_ON}) group_left () ${metric('bambu_print_remaining_seconds')}) or vector(0)`, 'A', {
          legend: 'running out',
        }),
      ])
        .decimals(0)
        .thresholds(steps('green', [1, 'red'])),
      small,
      'Active spools that will be empty before their print ends at the current burn rate.',
    )
    .add(
      statPanel('Bambu alerts firing', [query(`count(${FIRING_ALERTS}) or vector(0)`, 'A', { legend: 'alerts' })])
        .decimals(0)
        .thresholds(steps('green', [1, 'red'])),
      small,
    );

  board.add(
    inventoryTable(),
    { w: 24, h: 10 },
    'Every loaded spool of the selected printers, one row each. Slot: the name the printer shows ' +
      '(A1 = unit A slot 1, HT-A = an AMS HT, Ext = external spool; "AMS <unit> slot <slot>" from an ' +
      "exporter without names). Colour: painted in the spool's colour. Left: remaining grams and " +
      'ratio, when the printer knows them (RFID spools). Humidity: of the unit the spool sits in.',
  );

  board.row('Filament used over the selected range');
  board
    .add(
      barsPanel('Used by material', [query(usedInRange('filament_type'), 'A', { table: true })], 'filament_type')
        .transformations([keepFields(['filament_type', 'Value #A']), organize([], [], { 'Value #A': 'Used' })])
        .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.PaletteClassic))
        .unit('massg'),
      { w: 8, h: 9 },
      `Grams used per material over the dashboard's time range (${USED}).`,
    )
    .add(
      colourBars('Used by colour', usedInRange(COLOUR_FIELD), COLOUR_FIELD, metric(USED)).unit('massg'),
      { w: 8, h: 9 },
      "Grams used per filament colour over the dashboard's time range, each bar in its colour.",
    )
    .add(
      tablePanel(
        'Used by material and colour',
        [query(usedInRange(`filament_type, ${COLOUR_FIELD}`), 'A', { table: true }), colourQuery(metric(USED))],
        'Used',
      )
        .overrideByName('Colour', swatchCell())
        .overrideByName('Used', [prop('unit', 'massg'), prop('decimals', 0)])
        .transformations([
          COLOUR_MAPPINGS,
          organize(['Time'], ['filament_type', COLOUR_FIELD, 'Value #A'], {
            filament_type: 'Material',
            [COLOUR_FIELD]: 'Colour',
            'Value #A': 'Used',
          }),
        ]),
      { w: 8, h: 9 },
    );

  board.row('Printing now');
  board
    .add(
      activeTable(),
      { w: 24, h: 8 },
      'The spool feeding each extruder. Burn rate: grams per hour over the last hour (remain moves in ' +
        'steps of 1 % of the spool, so the rate needs a few steps of history). Empty in: remaining grams ' +
        'at that rate. Margin: empty in minus print time left; red when the spool runs out before the ' +
        'print ends (the alert BambuTrayRunsOutBeforePrintEnds).',
    )
    .add(
      tablePanel('Firing Bambu alerts', [query(FIRING_ALERTS, 'A', { table: true })], 'alertname')
        .transformations([
          organize(
            ['Time', '__name__', 'Value', 'alertstate', 'job', 'instance', 'serial'],
            ['alertname', 'severity', 'printer', 'slot_name', 'ams', 'slot', 'filament_type', COLOUR_FIELD],
          ),
        ]),
      { w: 24, h: 7 },
      'Bambu alerts firing now for the selected printers (and those without a printer, e.g. ' +
        'BambuExporterDown). See deploy/prometheus/bambu-alerts.yml.',
    );

  board.row('Over time');
  board
    .add(
      timeseriesPanel('Remaining filament (grams)', [
        query(onTrays(metric('bambu_tray_remaining_grams')), 'A', { legend: `{{printer}} ${TRAY_LEGEND}` }),
      ])
        .unit('massg')
        .min(0)
        .decimals(0),
      { w: 12, h: 8 },
    )
    .add(
      timeseriesPanel('Filament used per material', [
        query(`sum by (filament_type) (increase(${metric(USED)}[$__rate_interval]))`, 'A', {
          legend: '{{filament_type}}',
        }),
      ])
        .unit('massg')
        .min(0)
        .drawStyle(common.GraphDrawStyle.Bars)
        .fillOpacity(80)
        .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal).group('A')),
      { w: 12, h: 8 },
      `Grams used per interval and material (${USED}).`,
    );
  return board.build();
}
