// Filament-used counters of metrics.md ("Filament used"), from a printer's FilamentUsage.
#pragma once

#include "metrics/metric_sink.hpp"
#include "state/filament_usage.hpp"

namespace bambu {

/// Adds bambu_filament_used_grams_total per material and colour; `printer` holds the printer
/// and serial labels. Counters: also for a stale printer.
void AddFilamentCounters(MetricSink& out, const LabelSet& printer, const FilamentUsage& usage);

}  // namespace bambu
