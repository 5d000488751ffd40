// The field config properties applyFieldOverrides knows. Grafana registers its standard options
// and each panel's custom options in application code (with React editors); the published
// @grafana/data has the processors. This registers the ids the dashboards use, each with the
// processor Grafana uses for it, so the panels' defaults and overrides are applied as in Grafana.
import {
  dataLinksOverrideProcessor,
  displayNameOverrideProcessor,
  type FieldConfigPropertyItem,
  FieldConfigOptionsRegistry,
  identityOverrideProcessor,
  numberOverrideProcessor,
  stringOverrideProcessor,
  thresholdsOverrideProcessor,
  ThresholdsMode,
  unitOverrideProcessor,
  valueMappingsOverrideProcessor,
} from '@grafana/data';

type Processor = FieldConfigPropertyItem['process'];

const STANDARD: [string, Processor, unknown?][] = [
  ['unit', unitOverrideProcessor],
  ['min', numberOverrideProcessor],
  ['max', numberOverrideProcessor],
  ['decimals', numberOverrideProcessor],
  ['displayName', displayNameOverrideProcessor],
  ['noValue', stringOverrideProcessor],
  ['color', identityOverrideProcessor, { mode: 'thresholds' }],
  [
    'thresholds',
    thresholdsOverrideProcessor,
    {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    },
  ],
  ['mappings', valueMappingsOverrideProcessor, []],
  ['links', dataLinksOverrideProcessor],
];

/** Custom (panel) options: stored as given. */
const CUSTOM = ['cellOptions', 'align', 'inspect', 'width', 'minWidth', 'filterable', 'hidden', 'displayMode'];

export function fieldConfigRegistry(): FieldConfigOptionsRegistry {
  const registry = new FieldConfigOptionsRegistry();
  const item = (id: string, path: string, process: Processor, defaultValue: unknown, isCustom: boolean) =>
    ({
      id,
      path,
      name: id,
      process,
      defaultValue,
      isCustom,
      settings: {},
      shouldApply: () => true,
      override: () => null,
      editor: () => null,
    }) as unknown as FieldConfigPropertyItem;
  for (const [id, process, defaultValue] of STANDARD) {
    registry.register(item(id, id, process, defaultValue, false));
  }
  for (const id of CUSTOM) {
    registry.register(item(`custom.${id}`, id, identityOverrideProcessor, undefined, true));
  }
  return registry;
}
