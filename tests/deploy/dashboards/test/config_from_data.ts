// "Config from query results" (transformation id configFromData), value-mapping part.
//
// Grafana ships this transformation in its application code (public/app/features/transformers,
// AGPL), not in the published @grafana/data package, so this is our rendition of its documented
// behaviour for the options the dashboards use:
// - the frame whose refId is `configRefId` is the config frame; without it the data passes
//   unchanged; with it (and other frames) it is left out of the output;
// - each config field has a handler: the one named in `mappings` for its display name, else the
//   handler whose key is the lower-cased field name, else none. The value-mapping handlers
//   (`mappings.value`, `mappings.color`, `mappings.text`) read every row of their field; together
//   they make one value mapping of type "value": row i maps value[i] (as text) to colour[i] and
//   text[i]; rows whose value is empty are skipped;
// - the resulting field config ({mappings: [that mapping]}) is spread over the config of every
//   field of the other frames that `applyTo` matches (Grafana's field matchers; default: numeric).
// Any other handler, which the dashboards do not use, fails the proof instead of being guessed.
import {
  type DataFrame,
  type DataTransformerInfo,
  type FieldConfig,
  FieldMatcherID,
  getFieldDisplayName,
  getFieldMatcher,
  MappingType,
  type MatcherConfig,
  type ValueMap,
} from '@grafana/data';
import { map } from 'rxjs';

export interface ConfigFromDataOptions {
  configRefId?: string;
  mappings: { fieldName: string; handlerKey: string | null }[];
  applyTo?: MatcherConfig;
}

const MAPPING_HANDLERS = ['mappings.value', 'mappings.color', 'mappings.text'];
/** Every handler key of Grafana's transformation (a field may select one by its name alone). */
const ALL_HANDLERS = [
  ...MAPPING_HANDLERS,
  'field.name',
  'field.value',
  'field.label',
  '__ignore',
  'max',
  'min',
  'unit',
  'decimals',
  'displayname',
  'color',
  'threshold1',
];

function configFrom(frame: DataFrame, options: ConfigFromDataOptions): FieldConfig {
  const columns: Record<string, unknown[]> = {};
  for (const field of frame.fields) {
    const name = getFieldDisplayName(field, frame);
    const mapping = options.mappings.find((m) => m.fieldName === name);
    const key = mapping ? mapping.handlerKey : name.toLowerCase();
    if (key === null || key === '__ignore' || !ALL_HANDLERS.includes(key)) {
      continue;
    }
    if (!MAPPING_HANDLERS.includes(key)) {
      throw new Error(`configFromData handler ${key} (field ${name}) is outside this rendition`);
    }
    columns[key] = field.values;
  }
  const values = columns['mappings.value'];
  if (!values) {
    return {};
  }
  const mapping: ValueMap = { type: MappingType.ValueToText, options: {} };
  values.forEach((value, i) => {
    if (value !== null && value !== undefined) {
      mapping.options[String(value)] = {
        color: columns['mappings.color']?.[i] as string | undefined,
        text: columns['mappings.text']?.[i] as string | undefined,
        index: i,
      };
    }
  });
  return { mappings: [mapping] };
}

export function applyConfigFromData(options: ConfigFromDataOptions, data: DataFrame[]): DataFrame[] {
  const configFrame = data.find((frame) => frame.refId === options.configRefId);
  if (!configFrame) {
    return data;
  }
  const config = configFrom(configFrame, options);
  const matches = getFieldMatcher(options.applyTo ?? { id: FieldMatcherID.numeric });
  return data
    .filter((frame) => frame !== configFrame || data.length === 1)
    .map((frame) => ({
      ...frame,
      fields: frame.fields.map((field) =>
        matches(field, frame, data) ? { ...field, config: { ...field.config, ...config } } : field,
      ),
    }));
}

export const configFromDataTransformer: DataTransformerInfo<ConfigFromDataOptions> = {
  id: 'configFromData',
  name: 'Config from query results (rendition)',
  description: 'Value mappings from a config query',
  defaultOptions: { configRefId: 'config', mappings: [] },
  operator: (options) => (source) => source.pipe(map((data) => applyConfigFromData(options, data))),
};
