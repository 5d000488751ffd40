// Bambu AMS & filament: AMS humidity, temperature and drying and every tray, a row per printer.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

import { COLOUR_FIELD, COLOUR_MAPPINGS, colourBars, colourQuery, swatchCell } from './colour.js';
import {
  Board,
  cell,
  dashedThresholds,
  MERGE,
  organize,
  prop,
  query,
  remainingGauge,
  RULES_NOTE,
  statPanel,
  steps,
  tablePanel,
  timeseriesPanel,
  valueMap,
} from './kit.js';
import { metric, onTrays, onUnits, trayKey } from './promql.js';

/** Legend of a tray series (labels of trayKey). */
export const TRAY_LEGEND = '{{slot_name}} {{filament_type}} {{color}}';
const UNIT_LEGEND = '{{ams_name}}';

export function amsDashboard(): dashboard.Dashboard {
  const board = new Board(
    'bambu-ams',
    'Bambu AMS & filament',
    'AMS humidity, temperature and drying, and every tray\'s filament, one row per printer. Units and ' +
      'slots carry the names the printer shows (A, B, HT-A; A1, B3, Ext). Colour cells and bars are ' +
      `painted in the tray's own colour, whatever #RRGGBB the printer reports. ${RULES_NOTE}`,
    ['ams', 'filament'],
  );
  board.row('$printer', 'printer');

  const unitQuery = (name: string) => query(onUnits(metric(name)), 'A', { legend: UNIT_LEGEND });
  board
    .add(
      statPanel('Humidity level', [unitQuery('bambu_ams_humidity_level')])
        .thresholds(steps('green', [3, 'yellow'], [4, 'orange'], [5, 'red']))
        .min(1)
        .max(5)
        .decimals(0)
        .colorMode(common.BigValueColorMode.Background),
      { w: 6, h: 5 },
      '1 = driest .. 5 = wettest, the scale the Bambu apps show.',
    )
    .add(
      statPanel('Humidity', [unitQuery('bambu_ams_humidity_ratio')])
        .unit('percentunit')
        .thresholds(steps('green', [0.3, 'yellow'], [0.4, 'red']))
        .min(0)
        .max(1)
        .decimals(0)
        .colorMode(common.BigValueColorMode.Background),
      { w: 6, h: 5 },
      'Relative humidity inside each unit.',
    )
    .add(
      statPanel('Temperature', [unitQuery('bambu_ams_temperature_celsius')])
        .unit('celsius')
        .thresholds(steps('green', [45, 'yellow'], [50, 'red']))
        .decimals(1),
      { w: 6, h: 5 },
      'Units without a sensor (AMS lite) show nothing.',
    )
    .add(
      statPanel('Drying', [unitQuery('bambu_ams_drying')]).mappings([
        valueMap({ '0': ['Not drying', 'text'], '1': ['Drying', 'orange'] }),
      ]),
      { w: 3, h: 5 },
      'Units that can dry (AMS 2 Pro, AMS HT).',
    )
    .add(
      statPanel('Drying time left', [unitQuery('bambu_ams_drying_remaining_seconds')])
        .unit('dtdurations')
        .thresholds(steps('text')),
      { w: 3, h: 5 },
    );

  const tray = (ref: string, expr: string) => query(onTrays(expr), ref, { table: true });
  board.add(
    tablePanel(
      'Trays',
      [
        query(trayKey(), 'A', { table: true }),
        tray('B', metric('bambu_tray_remaining_ratio')),
        tray('C', metric('bambu_tray_remaining_grams')),
        tray('D', `max without (extruder) (${metric('bambu_tray_active')})`),
        colourQuery(metric('bambu_tray_info')),
      ],
      'Slot',
    )
      .overrideByName('Colour', swatchCell())
      .overrideByName('Remaining', remainingGauge())
      .overrideByName('Grams', [prop('unit', 'massg'), prop('decimals', 0)])
      .overrideByName('Active', [
        prop('custom.cellOptions', cell('color-text')),
        prop('mappings', [valueMap({ '0': [''], '1': ['active', 'green'] })]),
      ])
      .overrideByName('Spool', [
        prop('mappings', [valueMap({ bambu: ['Bambu (RFID)'], other: ['Other'] })]),
      ])
      .transformations([
        COLOUR_MAPPINGS,
        MERGE,
        organize(
          ['Time', 'job', 'instance', 'printer', 'serial', 'ams', 'slot', 'Value #A'],
          ['slot_name', 'filament_type', 'name', COLOUR_FIELD, 'Value #B', 'Value #C', 'Value #D', 'vendor', 'tray_uuid'],
          {
            slot_name: 'Slot',
            filament_type: 'Type',
            name: 'Name',
            [COLOUR_FIELD]: 'Colour',
            'Value #B': 'Remaining',
            'Value #C': 'Grams',
            'Value #D': 'Active',
            vendor: 'Spool',
            tray_uuid: 'Spool id',
          },
        ),
      ]),
    { w: 16, h: 9 },
    'One row per loaded tray, named as the printer names it (A1 = unit A slot 1, Ext = external ' +
      'spool; "AMS <unit> slot <slot>" from an exporter without names). The Colour cell is painted ' +
      "in the tray's colour: the panel's COLOURS query lists the colours loaded now and Grafana's " +
      '"Config from query results" turns them into value mappings, so any #RRGGBB is painted. ' +
      'Remaining is empty when the printer does not know it (remain -1, third-party spools).',
  );
  board.add(
    colourBars('Remaining', onTrays(metric('bambu_tray_remaining_ratio')), 'slot_name', metric('bambu_tray_info'))
      .unit('percentunit')
      .max(1),
    { w: 8, h: 9 },
    "Remaining filament per tray, each bar in the tray's colour.",
  );

  board
    .add(
      timeseriesPanel('Remaining filament', [
        query(onTrays(metric('bambu_tray_remaining_ratio')), 'A', { legend: TRAY_LEGEND }),
      ])
        .unit('percentunit')
        .min(0)
        .max(1),
      { w: 8, h: 8 },
      'Per loaded tray, as the printer estimates it (steps of 1 %).',
    )
    .add(
      timeseriesPanel('Remaining filament (grams)', [
        query(onTrays(metric('bambu_tray_remaining_grams')), 'A', { legend: TRAY_LEGEND }),
      ])
        .unit('massg')
        .min(0)
        .decimals(0),
      { w: 8, h: 8 },
      'remain × spool weight, when both are known.',
    )
    .add(
      timeseriesPanel('Filament used, last 24 h (rule)', [
        query(onTrays(metric('bambu:tray:filament_used_grams:sum1d')), 'A', { legend: TRAY_LEGEND }),
      ])
        .unit('massg')
        .min(0)
        .decimals(0),
      { w: 8, h: 8 },
      'Sum of the drops of remaining grams over the previous 24 hours, per tray ' +
        `(bambu:tray:filament_used_grams:sum1d). ${RULES_NOTE}`,
    );

  board
    .add(
      timeseriesPanel('Humidity', [unitQuery('bambu_ams_humidity_ratio')])
        .unit('percentunit')
        .thresholds(steps('green', [0.3, 'yellow'], [0.4, 'red']))
        .min(0)
        .max(1)
        .thresholdsStyle(dashedThresholds()),
      { w: 8, h: 8 },
    )
    .add(
      timeseriesPanel('Humidity level', [unitQuery('bambu_ams_humidity_level')])
        .thresholds(steps('green', [4, 'red']))
        .min(1)
        .max(5)
        .decimals(0)
        .lineInterpolation(common.LineInterpolation.StepAfter)
        .thresholdsStyle(dashedThresholds()),
      { w: 8, h: 8 },
      '1 = driest .. 5 = wettest.',
    )
    .add(
      timeseriesPanel('AMS temperature', [
        unitQuery('bambu_ams_temperature_celsius'),
        query(onUnits(metric('bambu_ams_drying')), 'B', { legend: '{{ams_name}} drying' }),
      ])
        .unit('celsius')
        .overrideByQuery('B', [
          prop('custom.drawStyle', 'bars'),
          prop('custom.fillOpacity', 20),
          prop('custom.lineWidth', 0),
          prop('custom.axisPlacement', 'hidden'),
          prop('unit', 'none'),
          prop('min', 0),
          prop('max', 1),
          prop('color', { mode: 'fixed', fixedColor: 'orange' }),
        ]),
      { w: 8, h: 8 },
      'Drying periods (bambu_ams_drying = 1) show as shaded bars on a hidden 0..1 axis.',
    );
  return board.build();
}
