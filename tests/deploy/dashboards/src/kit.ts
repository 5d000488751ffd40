// Building blocks shared by every dashboard: the data source, queries, field config pieces,
// panel defaults and the dashboard frame (variables, links, ids). Built on
// @grafana/grafana-foundation-sdk; nothing here knows a metric name.
import * as barchart from '@grafana/grafana-foundation-sdk/barchart';
import * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/** Every panel and query uses the dashboard's `datasource` variable. */
export const DS: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export const RULES_NOTE =
  'Panels marked (rule) read recording rules from deploy/prometheus/bambu-recording.yml; load them in Prometheus.';

export interface QueryOptions {
  legend?: string;
  /** Instant query in table format (one row per series). */
  table?: boolean;
  /** Instant query keeping the time-series format (stat panels showing a label). */
  instant?: boolean;
}

export function query(expr: string, refId: string, options: QueryOptions = {}): prometheus.DataqueryBuilder {
  const q = new prometheus.DataqueryBuilder()
    .datasource(DS)
    .expr(expr)
    .refId(refId)
    .editorMode(prometheus.QueryEditorMode.Code)
    .legendFormat(options.legend ?? '__auto');
  if (options.table) {
    return q.instant().format(prometheus.PromQueryFormat.Table);
  }
  return options.instant ? q.instant() : q.range();
}

/** Threshold steps: the base colour, then [value, colour] pairs. */
export function steps(base: string, ...more: [number, string][]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder()
    .mode(dashboard.ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...more.map(([value, color]) => ({ value, color }))]);
}

/** Raw thresholds (for override properties). */
export function stepsValue(base: string, ...more: [number, string][]): dashboard.ThresholdsConfig {
  return steps(base, ...more).build();
}

/** One value mapping: value -> [display text, colour or undefined]. */
export function valueMap(entries: Record<string, [string, string?]>): dashboard.ValueMapping {
  const options: Record<string, dashboard.ValueMappingResult> = {};
  Object.entries(entries).forEach(([value, [text, color]], index) => {
    options[value] = color ? { text, color, index } : { text, index };
  });
  return { type: dashboard.MappingType.ValueToText, options };
}

export function prop(id: string, value: unknown): dashboard.DynamicConfigValue {
  return { id, value };
}

export function fixedColour(color: string): dashboard.FieldColor {
  return { mode: dashboard.FieldColorModeId.Fixed, fixedColor: color };
}

export const THRESHOLD_COLOURS: dashboard.FieldColor = { mode: dashboard.FieldColorModeId.Thresholds };

export function cell(type: 'color-background' | 'color-text' | 'gauge' | 'auto'): common.TableCellOptions {
  switch (type) {
    case 'color-background':
      return { type: common.TableCellDisplayMode.ColorBackground, mode: common.TableCellBackgroundDisplayMode.Basic };
    case 'color-text':
      return { type: common.TableCellDisplayMode.ColorText };
    case 'gauge':
      return {
        type: common.TableCellDisplayMode.Gauge,
        mode: common.BarGaugeDisplayMode.Basic,
        valueDisplayMode: common.BarGaugeValueMode.Text,
      };
    case 'auto':
      return { type: common.TableCellDisplayMode.Auto };
  }
}

// --- panels -------------------------------------------------------------------------------------

export function statPanel(title: string, targets: prometheus.DataqueryBuilder[]): stat.PanelBuilder {
  return new stat.PanelBuilder()
    .title(title)
    .targets(targets)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('').values(false))
    .orientation(common.VizOrientation.Auto)
    .textMode(common.BigValueTextMode.Auto)
    .colorMode(common.BigValueColorMode.Value)
    .graphMode(common.BigValueGraphMode.None)
    .justifyMode(common.BigValueJustifyMode.Auto)
    .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Thresholds));
}

/** No legend (panels whose rows or bars are labelled). */
function hiddenLegend(): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder()
    .showLegend(false)
    .displayMode(common.LegendDisplayMode.List)
    .placement(common.LegendPlacement.Bottom);
}

/** A tooltip of the hovered value only. */
function singleTooltip(): common.VizTooltipOptionsBuilder {
  return new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Single).sort(common.SortOrder.None);
}

/** A stat of one count or sum (legend `legend`), no decimals, coloured by `colours`. */
export function countStat(
  title: string,
  expr: string,
  legend: string,
  colours: dashboard.ThresholdsConfigBuilder,
): stat.PanelBuilder {
  return statPanel(title, [query(expr, 'A', { legend })]).thresholds(colours).decimals(0);
}

/** A state timeline of one query, its values named and coloured by `mapping`. */
export function stateTimeline(
  title: string,
  target: prometheus.DataqueryBuilder,
  mapping: dashboard.ValueMapping,
  showValue: common.VisibilityMode,
): statetimeline.PanelBuilder {
  return new statetimeline.PanelBuilder()
    .title(title)
    .withTarget(target)
    .mappings([mapping])
    .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.Thresholds))
    .fillOpacity(80)
    .lineWidth(0)
    .showValue(showValue)
    .mergeValues(true)
    .alignValue(common.TimelineValueAlignment.Left)
    .rowHeight(0.9)
    .legend(hiddenLegend())
    .tooltip(singleTooltip());
}

/** Override properties of a remaining-filament ratio column: a gauge, red below 10 %. */
export function remainingGauge(): dashboard.DynamicConfigValue[] {
  return [
    prop('unit', 'percentunit'),
    prop('min', 0),
    prop('max', 1),
    prop('decimals', 0),
    prop('custom.cellOptions', cell('gauge')),
    prop('color', THRESHOLD_COLOURS),
    prop('thresholds', stepsValue('red', [0.1, 'yellow'], [0.25, 'green'])),
  ];
}

export function timeseriesPanel(title: string, targets: prometheus.DataqueryBuilder[]): timeseries.PanelBuilder {
  return new timeseries.PanelBuilder()
    .title(title)
    .targets(targets)
    .colorScheme(new dashboard.FieldColorBuilder().mode(dashboard.FieldColorModeId.PaletteClassic))
    .drawStyle(common.GraphDrawStyle.Line)
    .lineInterpolation(common.LineInterpolation.Linear)
    .lineWidth(1)
    .fillOpacity(0)
    .showPoints(common.VisibilityMode.Never)
    .spanNulls(false)
    .axisPlacement(common.AxisPlacement.Auto)
    .legend(
      new common.VizLegendOptionsBuilder()
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom)
        .showLegend(true),
    )
    .tooltip(new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending));
}

/** Dashed threshold lines on a time series. */
export function dashedThresholds(): common.GraphThresholdsStyleConfigBuilder {
  return new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed);
}

export function tablePanel(title: string, targets: prometheus.DataqueryBuilder[], sortBy?: string): table.PanelBuilder {
  const panel = new table.PanelBuilder()
    .title(title)
    .targets(targets)
    .showHeader(true)
    .cellHeight(common.TableCellHeight.Sm)
    .footer(new common.TableFooterOptionsBuilder().show(false).reducer(['sum']).countRows(false))
    .align(common.FieldTextAlignment.Auto)
    .cellOptions(cell('auto'))
    .inspect(false);
  return sortBy ? panel.sortBy([new common.TableSortByFieldStateBuilder().displayName(sortBy).desc(false)]) : panel;
}

/** A bar chart of instant table queries, one bar per row, labelled by the string field `xField`. */
export function barsPanel(title: string, targets: prometheus.DataqueryBuilder[], xField: string): barchart.PanelBuilder {
  return new barchart.PanelBuilder()
    .title(title)
    .targets(targets)
    .xField(xField)
    .min(0)
    .orientation(common.VizOrientation.Horizontal)
    .showValue(common.VisibilityMode.Always)
    .fillOpacity(90)
    .lineWidth(1)
    .legend(hiddenLegend())
    .tooltip(singleTooltip());
}

/** The organize transformation: exclude, order and rename fields (by their names before it). */
export function organize(
  exclude: string[],
  order: string[],
  rename: Record<string, string> = {},
): dashboard.DataTransformerConfig {
  return {
    id: 'organize',
    options: {
      excludeByName: Object.fromEntries(exclude.map((name) => [name, true])),
      indexByName: Object.fromEntries(order.map((name, index) => [name, index])),
      renameByName: rename,
    },
  };
}

/** Keeps only the named fields (filterFieldsByName). */
export function keepFields(names: string[]): dashboard.DataTransformerConfig {
  return { id: 'filterFieldsByName', options: { include: { names } } };
}

export const MERGE: dashboard.DataTransformerConfig = { id: 'merge', options: {} };

// --- dashboards ---------------------------------------------------------------------------------

export interface PanelSize {
  w: number;
  h: number;
}

/** A panel builder of any visualization. */
export type AnyPanel = cog.Builder<dashboard.Panel> & {
  id(id: number): unknown;
  datasource(ds: common.DataSourceRef): unknown;
  span(w: number): unknown;
  height(h: number): unknown;
  description(text: string): unknown;
};

/**
 * A dashboard under construction: the SDK builder plus panel ids (assigned in order, so unique
 * and stable), the shared variables (datasource, job, printer chained from bambu_printer_info),
 * the link menu to the other Bambu dashboards and the built-in annotations.
 */
export class Board {
  private readonly builder: dashboard.DashboardBuilder;
  private nextId = 1;

  constructor(uid: string, title: string, description: string, tags: string[]) {
    this.builder = new dashboard.DashboardBuilder(title)
      .uid(uid)
      .description(description)
      .tags(['bambu', '3d-printing', ...tags])
      .editable()
      .tooltip(dashboard.DashboardCursorSync.Crosshair)
      .refresh('1m')
      .time({ from: 'now-24h', to: 'now' })
      .timezone('browser')
      .version(1)
      .annotation(
        new dashboard.AnnotationQueryBuilder()
          .name('Annotations & Alerts')
          .datasource({ type: 'grafana', uid: '-- Grafana --' })
          .enable(true)
          .hide(true)
          .iconColor('rgba(0, 211, 255, 1)')
          .builtIn(1)
          .type('dashboard'),
      )
      .link(
        new dashboard.DashboardLinkBuilder('Bambu dashboards')
          .type(dashboard.DashboardLinkType.Dashboards)
          .tags(['bambu'])
          .asDropdown(true)
          .includeVars(true)
          .keepTime(true)
          .icon('external link')
          .tooltip('')
          .targetBlank(false),
      )
      .withVariable(new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'))
      .withVariable(printerVariable('job', 'Job', 'label_values(bambu_printer_info, job)'))
      .withVariable(printerVariable('printer', 'Printer', 'label_values(bambu_printer_info{job=~"$job"}, printer)'));
  }

  /** A full-width row; `repeat` repeats it (and the panels after it) per variable value. */
  row(title: string, repeat?: string): this {
    const row = new dashboard.RowBuilder(title).id(this.nextId++);
    this.builder.withRow(repeat ? row.repeat(repeat) : row);
    return this;
  }

  /** Adds a panel at the next free place of the 24-column grid. */
  add(panel: AnyPanel, size: PanelSize, description?: string): this {
    panel.id(this.nextId++);
    panel.datasource(DS);
    panel.span(size.w);
    panel.height(size.h);
    if (description) {
      panel.description(description);
    }
    this.builder.withPanel(panel);
    return this;
  }

  build(): dashboard.Dashboard {
    const built = this.builder.build();
    // The SDK writes the interval variable's auto, auto_min and auto_count on every variable;
    // Grafana's Dashboard type (@grafana/schema) has them only on interval variables.
    for (const variable of built.templating.list ?? []) {
      if (variable.type !== dashboard.VariableType.Interval) {
        delete variable.auto;
        delete variable.auto_min;
        delete variable.auto_count;
      }
    }
    return built;
  }
}

function printerVariable(name: string, label: string, q: string): dashboard.QueryVariableBuilder {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DS)
    .query({ query: q, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
    .multi(true)
    .includeAll(true)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc);
}
