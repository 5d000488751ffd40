// Filament-used counters of metrics.md ("Filament used"), from a printer's FilamentUsage.
#pragma once

#include "metrics/metric_sink.hpp"
#include "state/filament_usage.hpp"
#include "state/print_job.hpp"

namespace bambu {

/// Adds bambu_filament_used_grams_total per material and colour and
/// bambu_spool_filament_used_grams_total per loaded spool; `printer` holds the printer and serial
/// labels. Counters: also for a stale printer.
void AddFilamentCounters(MetricSink& out, const LabelSet& printer, const FilamentUsage& usage);

/// Adds the bambu_print_job_* series of the printer's current or last job, when it reported one.
void AddPrintJob(MetricSink& out, const LabelSet& printer, const PrintJob& job);

}  // namespace bambu
