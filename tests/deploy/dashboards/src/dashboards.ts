// The dashboards this repository ships, by file name under dashboards/.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

import { amsDashboard } from './ams.js';
import { exporterDashboard } from './exporter.js';
import { filamentDashboard } from './filament.js';
import { fleetDashboard } from './fleet.js';

export const DASHBOARDS: Record<string, () => dashboard.Dashboard> = {
  'bambu-ams-filament.json': amsDashboard,
  'bambu-exporter-health.json': exporterDashboard,
  'bambu-filament.json': filamentDashboard,
  'bambu-printer-fleet.json': fleetDashboard,
};

/** The file text: 2-space JSON and a final newline. */
export function render(d: dashboard.Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
