// Prometheus answers as the data frames Grafana's Prometheus data source hands a panel.
//
// Grafana's Prometheus data source is not among its published Apache-licensed packages (the
// query runs in Grafana's Go backend; the front-end part, @grafana/prometheus, is AGPL and needs
// Grafana's runtime), so this is our rendition of what it does for an instant query in table
// format, from its documented behaviour: the backend answers each series with a frame of two
// fields, `Time` (milliseconds) and the value (a number field labelled with the series' labels,
// `__name__` included); the front end joins the frames of one query into one table frame:
// `Time`, then one string field per label (first seen first, each series' labels sorted by
// name; a series without that label gets ""), then the value field, named `Value #<refId>`
// when the panel's answer holds more than one table query and `Value` otherwise.
import { type DataFrame, type Field, FieldType } from '@grafana/data';

export interface PromSeries {
  metric: Record<string, string>;
  value: [number, string];
}

export interface QueryAnswer {
  refId: string;
  series: PromSeries[];
}

/** Prometheus' sample text as a number (Go's strconv forms: "NaN", "+Inf", "-Inf"). */
function sample(text: string): number {
  if (/^[+-]?inf$/i.test(text)) {
    return text.startsWith('-') ? -Infinity : Infinity;
  }
  return Number(text);
}

export function tableFrames(answers: QueryAnswer[]): DataFrame[] {
  const valueName = (refId: string) => (answers.length > 1 ? `Value #${refId}` : 'Value');
  return answers.map(({ refId, series }) => {
    const labelNames: string[] = [];
    for (const s of series) {
      for (const name of Object.keys(s.metric).sort()) {
        if (!labelNames.includes(name)) {
          labelNames.push(name);
        }
      }
    }
    const time: Field = { name: 'Time', type: FieldType.time, config: {}, values: [] };
    const labels: Field[] = labelNames.map((name) => ({
      name,
      type: FieldType.string,
      config: { filterable: true },
      values: [],
    }));
    const value: Field = { name: valueName(refId), type: FieldType.number, config: {}, values: [] };
    for (const s of series) {
      time.values.push(s.value[0] * 1000);
      labels.forEach((field) => field.values.push(s.metric[field.name] ?? ''));
      value.values.push(sample(s.value[1]));
    }
    return { refId, fields: [time, ...labels, value], length: series.length };
  });
}
