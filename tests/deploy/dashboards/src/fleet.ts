// Bambu printer fleet: state, progress, temperatures and health of every printer.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

import {
  Board,
  cell,
  countStat,
  dashedThresholds,
  fixedColour,
  MERGE,
  organize,
  prop,
  query,
  RULES_NOTE,
  statPanel,
  stateTimeline,
  steps,
  stepsValue,
  tablePanel,
  timeseriesPanel,
  valueMap,
} from './kit.js';
import { byPrinter, metric } from './promql.js';

/** bambu:printer:print_state:code -> state name and colour (deploy/prometheus/bambu-recording.yml). */
export const PRINT_STATES = valueMap({
  '0': ['No state', 'text'],
  '1': ['Idle', 'blue'],
  '2': ['Preparing', 'purple'],
  '3': ['Slicing', 'purple'],
  '4': ['Running', 'green'],
  '5': ['Paused', 'yellow'],
  '6': ['Finished', 'text'],
  '7': ['Failed', 'red'],
  '8': ['Unknown', 'orange'],
});
export const UP_MAP = valueMap({ '0': ['Down', 'red'], '1': ['Up', 'green'] });

export function fleetDashboard(): dashboard.Dashboard {
  const board = new Board(
    'bambu-fleet',
    'Bambu printer fleet',
    `State, progress, temperatures and health of every printer. ${RULES_NOTE}`,
    ['fleet'],
  );
  const small = { w: 4, h: 4 };
  board
    .add(countStat('Printers up', `sum(${metric('bambu_up')})`, 'up', steps('red', [1, 'green'])), small)
    .add(countStat('Printers', `count(${metric('bambu_up')})`, 'printers', steps('text')), small)
    .add(
      countStat(
        'Printing',
        `count(${metric('bambu_print_state', 'state="RUNNING"')} == 1) or vector(0)`,
        'printing',
        steps('text', [1, 'green']),
      ),
      small,
    )
    .add(
      countStat(
        'Failed prints',
        `count(${metric('bambu_print_state', 'state="FAILED"')} == 1) or vector(0)`,
        'failed',
        steps('green', [1, 'red']),
      ),
      small,
    )
    .add(
      countStat('Active HMS errors', `sum(${metric('bambu_hms_errors')}) or vector(0)`, 'HMS', steps('green', [1, 'red'])),
      small,
    )
    .add(
      statPanel('Oldest last report', [
        query(`max(time() - ${metric('bambu_last_report_timestamp_seconds')})`, 'A', { legend: 'age' }),
      ])
        .unit('s')
        .decimals(0)
        .thresholds(steps('green', [60, 'yellow'], [300, 'red'])),
      small,
      'Age of the oldest last report among the selected printers.',
    );

  const columns: [string, string, string][] = [
    ['A', 'Up', metric('bambu_up')],
    ['B', 'State', metric('bambu:printer:print_state:code')],
    ['C', 'Progress', metric('bambu_print_progress_ratio')],
    ['D', 'Time left', metric('bambu_print_remaining_seconds')],
    ['E', 'Nozzle', metric('bambu_nozzle_temperature_celsius', 'extruder="0"')],
    ['F', 'Nozzle (left)', metric('bambu_nozzle_temperature_celsius', 'extruder="1"')],
    ['G', 'Bed', metric('bambu_bed_temperature_celsius')],
    ['H', 'Chamber', metric('bambu_chamber_temperature_celsius')],
    ['I', 'HMS errors', metric('bambu_hms_errors')],
    ['J', 'Last report', `time() - ${metric('bambu_last_report_timestamp_seconds')}`],
  ];
  const celsius = [prop('unit', 'celsius'), prop('decimals', 0)];
  board.add(
    tablePanel(
      'Fleet',
      columns.map(([ref, , expr]) => query(byPrinter(expr), ref, { table: true })),
      'printer',
    )
      .overrideByName('Up', [prop('mappings', [UP_MAP]), prop('custom.cellOptions', cell('color-background'))])
      .overrideByName('State', [prop('mappings', [PRINT_STATES]), prop('custom.cellOptions', cell('color-text'))])
      .overrideByName('Progress', [
        prop('unit', 'percentunit'),
        prop('min', 0),
        prop('max', 1),
        prop('decimals', 0),
        prop('custom.cellOptions', cell('gauge')),
        prop('color', fixedColour('green')),
      ])
      .overrideByName('Time left', [prop('unit', 'dtdurations')])
      .overrideByName('Nozzle', celsius)
      .overrideByName('Nozzle (left)', celsius)
      .overrideByName('Bed', celsius)
      .overrideByName('Chamber', celsius)
      .overrideByName('HMS errors', [
        prop('decimals', 0),
        prop('custom.cellOptions', cell('color-text')),
        prop('thresholds', stepsValue('green', [1, 'red'])),
      ])
      .overrideByName('Last report', [
        prop('unit', 's'),
        prop('decimals', 0),
        prop('custom.cellOptions', cell('color-text')),
        prop('thresholds', stepsValue('green', [60, 'yellow'], [300, 'red'])),
      ])
      .transformations([
        MERGE,
        organize(
          ['Time', 'job', 'instance'],
          ['printer', 'serial', ...columns.map(([ref]) => `Value #${ref}`)],
          Object.fromEntries(columns.map(([ref, name]) => [`Value #${ref}`, name])),
        ),
      ]),
    { w: 24, h: 8 },
    `One row per printer. State comes from the recording rule bambu:printer:print_state:code. ${RULES_NOTE}`,
  );

  board.add(
    stateTimeline(
      'Print state (rule)',
      query(metric('bambu:printer:print_state:code'), 'A', { legend: '{{printer}}' }),
      PRINT_STATES,
      common.VisibilityMode.Auto,
    ),
    { w: 24, h: 6 },
    `bambu:printer:print_state:code mapped back to the state names. ${RULES_NOTE}`,
  );

  board
    .add(
      timeseriesPanel('Progress', [query(metric('bambu_print_progress_ratio'), 'A', { legend: '{{printer}}' })])
        .unit('percentunit')
        .min(0)
        .max(1),
      { w: 12, h: 8 },
    )
    .add(
      timeseriesPanel('Remaining print time', [
        query(metric('bambu_print_remaining_seconds'), 'A', { legend: '{{printer}}' }),
      ])
        .unit('s')
        .min(0),
      { w: 12, h: 8 },
    );

  const targetStyle = {
    matcher: { id: 'byRegexp', options: '.*target.*' },
    properties: [prop('custom.lineStyle', { fill: 'dash', dash: [10, 10] })],
  };
  board
    .add(
      timeseriesPanel('Nozzle temperature', [
        query(metric('bambu_nozzle_temperature_celsius'), 'A', { legend: '{{printer}} nozzle {{extruder}}' }),
        query(metric('bambu_nozzle_target_temperature_celsius'), 'B', {
          legend: '{{printer}} nozzle {{extruder}} target',
        }),
      ])
        .unit('celsius')
        .withOverride(targetStyle),
      { w: 8, h: 8 },
      'Extruder 0 is the main (right or only) nozzle, 1 the left one (H2D).',
    )
    .add(
      timeseriesPanel('Bed temperature', [
        query(metric('bambu_bed_temperature_celsius'), 'A', { legend: '{{printer}} bed' }),
        query(metric('bambu_bed_target_temperature_celsius'), 'B', { legend: '{{printer}} bed target' }),
      ])
        .unit('celsius')
        .withOverride(targetStyle),
      { w: 8, h: 8 },
    )
    .add(
      timeseriesPanel('Chamber temperature', [
        query(metric('bambu_chamber_temperature_celsius'), 'A', { legend: '{{printer}}' }),
      ]).unit('celsius'),
      { w: 8, h: 8 },
      'Only printers that report it.',
    );

  board
    .add(
      timeseriesPanel('HMS errors', [query(metric('bambu_hms_errors'), 'A', { legend: '{{printer}}' })])
        .min(0)
        .decimals(0)
        .fillOpacity(10)
        .lineInterpolation(common.LineInterpolation.StepAfter),
      { w: 8, h: 8 },
      'Number of active HMS (health management) entries per printer.',
    )
    .add(
      tablePanel('Active HMS errors', [query(`${metric('bambu_hms_error_info')} == 1`, 'A', { table: true })], 'printer')
        .overrideByName('code', [
          prop('links', [
            {
              title: 'Bambu Lab wiki',
              url: 'https://wiki.bambulab.com/en/x1/troubleshooting/hmscode/${__value.text}',
              targetBlank: true,
            },
          ]),
        ])
        .transformations([
          organize(
            ['Time', 'Value', '__name__', 'job', 'instance', 'serial'],
            ['printer', 'code', 'module', 'severity'],
          ),
        ]),
      { w: 16, h: 8 },
      'Click a code for its page in the Bambu Lab wiki.',
    );

  board
    .add(
      tablePanel('Printers', [query(metric('bambu_printer_info'), 'A', { table: true })], 'printer').transformations([
        organize(
          ['Time', 'Value', '__name__', 'job'],
          ['printer', 'name', 'model', 'firmware', 'serial', 'instance'],
        ),
      ]),
      { w: 12, h: 6 },
    )
    .add(
      timeseriesPanel('Last report age', [
        query(`time() - ${metric('bambu_last_report_timestamp_seconds')}`, 'A', { legend: '{{printer}}' }),
      ])
        .unit('s')
        .min(0)
        .thresholds(steps('green', [300, 'red']))
        .thresholdsStyle(dashedThresholds()),
      { w: 6, h: 6 },
      'Seconds since the last MQTT report of each printer.',
    )
    .add(
      timeseriesPanel('Wi-Fi signal', [query(metric('bambu_wifi_signal_dbm'), 'A', { legend: '{{printer}}' })]).unit(
        'dBm',
      ),
      { w: 6, h: 6 },
    );
  return board.build();
}
