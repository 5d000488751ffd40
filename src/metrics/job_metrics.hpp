// The print job accounting's series of metrics.md ("Print job plan"): job ends by result and
// where their grams came from, plan fetches that gave no plan, and the running job's plan per
// tray: planned, still needed, what the tray holds, the shortfall and backup spools.
#pragma once

#include <optional>

#include "metrics/metric_sink.hpp"
#include "state/job_tracker.hpp"
#include "view/ams_view.hpp"

namespace bambu {

/// Adds bambu_print_jobs_total and bambu_print_job_plan_failures_total (also for a stale
/// printer: counters).
void AddJobCounters(MetricSink& out, const LabelSet& printer, const JobTracker& tracker);

/// Adds the running job's plan series; `view` is the printer's tray view (what each tray holds,
/// its slot name, backup spools). `third_party_spool_g`: what a tray without a remain estimate
/// is assumed to hold, when configured.
void AddRunningJob(MetricSink& out, const LabelSet& printer, const JobTracker& tracker,
                   const PrinterView& view, std::optional<double> third_party_spool_g);

/// What the tray of `tray` holds, grams: remain x spool weight (Bambu RFID spools), else
/// `third_party_spool_g` for a loaded tray; nullopt when unknown.
std::optional<double> TrayHolds(const TrayView& tray, std::optional<double> third_party_spool_g);

/// Loaded AMS trays of `view` other than `except` feeding the same extruder with the same
/// material and colour: auto-refill switches to one of them when the tray runs out. 0 for an
/// external spool.
int BackupSpools(const PrinterView& view, const TrayView& except);

/// Grams the running job still needs from tray `ref` by its plan: planned x (1 - progress), to
/// the milligram; nullopt when no job runs, its plan is not read, or it takes nothing from it.
std::optional<double> JobNeedFrom(const JobTracker& tracker, const TrayRef& ref);

/// The view of tray `ref`, or nullptr.
const TrayView* FindTrayView(const PrinterView& view, const TrayRef& ref);

}  // namespace bambu
