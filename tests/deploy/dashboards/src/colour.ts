// Tray colour swatches for any #RRGGBB the printer reports, with stock Grafana (>= 10, no plugin).
//
// Grafana paints a table cell (cell type "color-background") or a bar (bar chart "color by field")
// in the colour its value mapping gives the value. A fixed list of mappings can only know the
// colours it lists, so the panels build the mappings from the query results: a config query
// (refId COLOURS) returns one row per distinct colour with two copies of it, `color` and
// `swatch`, and Grafana's "Config from query results" transformation (configFromData) turns
// every row into a value mapping `color` -> paint `swatch`, applied to the panel's `color` field.
// The proof: test/colour_proof.ts runs these transformations and field configs through
// Grafana's published code for colours that appear nowhere in the dashboards.
import type * as barchart from '@grafana/grafana-foundation-sdk/barchart';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';

import { barsPanel, cell, keepFields, organize, prop, query, stepsValue, THRESHOLD_COLOURS } from './kit.js';

export const COLOUR_REF = 'COLOURS';
/** The field (label) that holds the colour in every swatch panel. */
export const COLOUR_FIELD = 'color';
const SWATCH_FIELD = 'swatch';

/**
 * The config query: one row per distinct `color` among the series of `source` (a selector or
 * expression whose series carry the `color` label), with `swatch` a copy of `color`.
 */
export function colourQuery(source: string): prometheus.DataqueryBuilder {
  const expr = `label_replace(\n  count by (${COLOUR_FIELD}) (${source}),\n  "${SWATCH_FIELD}", "$1", "${COLOUR_FIELD}", "(.*)")`;
  return query(expr, COLOUR_REF, { table: true });
}

/**
 * configFromData: every row of the COLOURS frame becomes a value mapping (value `color`, colour
 * `swatch`) on the fields named `color` of the other frames; the COLOURS frame leaves the data.
 * Must come before any transformation that joins frames.
 */
export const COLOUR_MAPPINGS: dashboard.DataTransformerConfig = {
  id: 'configFromData',
  options: {
    configRefId: COLOUR_REF,
    mappings: [
      { fieldName: COLOUR_FIELD, handlerKey: 'mappings.value' },
      { fieldName: SWATCH_FIELD, handlerKey: 'mappings.color' },
    ],
    applyTo: { id: 'byName', options: COLOUR_FIELD },
  },
};

/**
 * Override properties of the colour column (by its display name): the cell's background is the
 * colour of the value mapping; a colour missing from the mappings stays unpainted (transparent).
 * No `mappings` here: they come from the data.
 */
export function swatchCell(): dashboard.DynamicConfigValue[] {
  return [
    prop('custom.cellOptions', cell('color-background')),
    prop('color', THRESHOLD_COLOURS),
    prop('thresholds', stepsValue('transparent')),
  ];
}

/**
 * A bar chart of `expr` (instant, one bar per series, labelled by `xField`), each bar painted in
 * the colour of its series' `color` label ("color by field"); `colourSource` lists the colours.
 */
export function colourBars(title: string, expr: string, xField: string, colourSource: string): barchart.PanelBuilder {
  const fields = xField === COLOUR_FIELD ? [xField, 'Value #A'] : [xField, 'Value #A', COLOUR_FIELD];
  return barsPanel(title, [query(expr, 'A', { table: true }), colourQuery(colourSource)], xField)
    .transformations([COLOUR_MAPPINGS, keepFields(fields), organize([], [], { 'Value #A': title })])
    .colorByField(COLOUR_FIELD);
}
