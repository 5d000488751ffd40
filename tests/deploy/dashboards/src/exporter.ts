// Bambu exporter health: MQTT sessions, report rates, rejected reports, reconnects, scrape cost.
import * as common from '@grafana/grafana-foundation-sdk/common';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

import { UP_MAP } from './fleet.js';
import {
  Board,
  countStat,
  dashedThresholds,
  prop,
  query,
  RULES_NOTE,
  statPanel,
  stateTimeline,
  steps,
  timeseriesPanel,
} from './kit.js';
import { metric } from './promql.js';

export function exporterDashboard(): dashboard.Dashboard {
  const board = new Board(
    'bambu-exporter',
    'Bambu exporter health',
    `MQTT sessions, report rates, rejected reports, reconnects and scrape cost of bambu_exporter. ${RULES_NOTE}`,
    ['exporter'],
  );
  const job = '{job=~"$job"}';
  const small = { w: 4, h: 4 };
  board
    .add(
      countStat('Exporter targets up', `sum(up${job})`, 'up', steps('red', [1, 'green'])),
      small,
      "Prometheus' scrape status of the exporter targets.",
    )
    .add(
      countStat('MQTT sessions up', `sum(${metric('bambu_up')})`, 'up', steps('red', [1, 'green'])),
      small,
      'Printers with a live session and a recent report (bambu_up).',
    )
    .add(
      countStat('Printers', `count(${metric('bambu_up')})`, 'printers', steps('text')),
      small,
    )
    .add(
      statPanel('Reports/s (rule)', [
        query(`sum(${metric('bambu:printer:mqtt_messages_received:rate5m')})`, 'A', { legend: 'reports/s' }),
      ])
        .unit('reqps')
        .decimals(2)
        .thresholds(steps('text'))
        .graphMode(common.BigValueGraphMode.Area),
      small,
      RULES_NOTE,
    )
    .add(
      statPanel('Exporter version', [
        query(`bambu_exporter_build_info${job}`, 'A', {
          legend: '{{instance}}: {{version}} ({{revision}})',
          instant: true,
        }),
      ])
        .thresholds(steps('text'))
        .textMode(common.BigValueTextMode.Name)
        .colorMode(common.BigValueColorMode.None),
      { w: 8, h: 4 },
    );

  board.add(
    stateTimeline(
      'MQTT sessions',
      query(metric('bambu_up'), 'A', { legend: '{{printer}} ({{transport}})' }),
      UP_MAP,
      common.VisibilityMode.Never,
    ),
    { w: 24, h: 6 },
    'bambu_up: 1 while the session is connected and a report arrived within the staleness window.',
  );

  board
    .add(
      timeseriesPanel('Reports per second (rule)', [
        query(metric('bambu:printer:mqtt_messages_received:rate5m'), 'A', { legend: '{{printer}}' }),
      ])
        .unit('reqps')
        .min(0)
        .fillOpacity(10),
      { w: 12, h: 8 },
      `Rate of bambu_mqtt_messages_received_total over 5m. ${RULES_NOTE}`,
    )
    .add(
      timeseriesPanel('Reconnects', [
        query(`increase(${metric('bambu_mqtt_reconnects_total')}[$__rate_interval])`, 'A', { legend: '{{printer}}' }),
      ])
        .min(0)
        .decimals(0)
        .drawStyle(common.GraphDrawStyle.Bars)
        .lineInterpolation(common.LineInterpolation.StepAfter)
        .fillOpacity(80),
      { w: 12, h: 8 },
      'Session reconnects after the first connect.',
    )
    .add(
      timeseriesPanel('Connect failures by reason', [
        query(`increase(${metric('bambu_mqtt_connect_failures_total')}[$__rate_interval])`, 'A', {
          legend: '{{printer}} {{reason}}',
        }),
      ])
        .min(0)
        .decimals(0)
        .drawStyle(common.GraphDrawStyle.Bars)
        .lineInterpolation(common.LineInterpolation.StepAfter)
        .fillOpacity(80),
      { w: 12, h: 8 },
      'Failed MQTT connection attempts. bad_credentials: the printer refused the access code ' +
        '(changed on the printer?); tls: certificate or handshake; unreachable: no answer.',
    )
    .add(
      timeseriesPanel('Rejected reports by reason (rule)', [
        query(`sum by (printer, reason) (${metric('bambu:printer:report_errors:rate5m')})`, 'A', {
          legend: '{{printer}} {{reason}}',
        }),
      ])
        .unit('reqps')
        .min(0)
        .fillOpacity(30)
        .stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal).group('A')),
      { w: 12, h: 8 },
      `Reports the exporter could not use, per second. ${RULES_NOTE}`,
    )
    .add(
      timeseriesPanel('Last report age (rule)', [
        query(metric('bambu:printer:last_report_age_seconds'), 'A', { legend: '{{printer}}' }),
      ])
        .unit('s')
        .min(0)
        .thresholds(steps('green', [300, 'red']))
        .thresholdsStyle(dashedThresholds()),
      { w: 12, h: 8 },
      RULES_NOTE,
    )
    .add(
      timeseriesPanel('Scrape duration', [query(`scrape_duration_seconds${job}`, 'A', { legend: '{{instance}}' })])
        .unit('s')
        .min(0)
        .fillOpacity(10),
      { w: 12, h: 8 },
      'How long Prometheus takes to scrape the exporter.',
    )
    .add(
      timeseriesPanel('Samples scraped', [query(`scrape_samples_scraped${job}`, 'A', { legend: '{{instance}}' })])
        .unit('short')
        .min(0)
        .decimals(0)
        .fillOpacity(10),
      { w: 12, h: 8 },
      'Series per scrape; it follows the number of printers, AMS units and trays.',
    )
    .add(
      timeseriesPanel('Exporter memory and CPU', [
        query(`process_resident_memory_bytes${job}`, 'A', { legend: '{{instance}} resident memory' }),
        query(`rate(process_cpu_seconds_total${job}[$__rate_interval])`, 'B', { legend: '{{instance}} CPU' }),
      ])
        .unit('bytes')
        .min(0)
        .overrideByQuery('B', [prop('unit', 'percentunit'), prop('custom.axisPlacement', 'right')]),
      { w: 12, h: 8 },
      'Resident memory of the exporter process and its CPU use (1 = one core), from process_*.',
    )
    .add(
      timeseriesPanel('Exporter file descriptors', [
        query(`process_open_fds${job}`, 'A', { legend: '{{instance}} open' }),
        query(`process_max_fds${job}`, 'B', { legend: '{{instance}} limit' }),
      ])
        .min(0)
        .decimals(0),
      { w: 12, h: 8 },
      'Open file descriptors against the limit (one TLS session per LAN printer; docs/scaling.md).',
    )
    .add(
      timeseriesPanel('Scrape status', [query(`up${job}`, 'A', { legend: '{{instance}}' })])
        .thresholds(steps('red', [1, 'green']))
        .min(0)
        .max(1)
        .decimals(0)
        .fillOpacity(10)
        .lineInterpolation(common.LineInterpolation.StepAfter),
      { w: 12, h: 8 },
    );
  return board.build();
}
