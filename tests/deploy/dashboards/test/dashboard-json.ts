// Grafana's Dashboard type (@grafana/schema) as dashboard JSON spells it. The schema declares
// some fields as TypeScript string enums (ThresholdsMode, MappingType, FieldColorModeId, ...), to
// which a JSON string literal is not assignable; Json<T> turns each string enum into the union of
// its string values and leaves every other type, required key and optional key unchanged.
import type { Dashboard } from '@grafana/schema';

type Json<T> = T extends string
  ? `${T}`
  : T extends number | boolean | null | undefined
    ? T
    : T extends readonly (infer U)[]
      ? Json<U>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;

export type DashboardJson = Json<Dashboard>;
