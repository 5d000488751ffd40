#include "state/job_accounting.hpp"

#include <algorithm>

#include "state/fleet.hpp"

namespace bambu {

double CountedShare(const JobEnd& end) {
  const double reached = end.result == JobResult::kFinished ? 1.0 : end.reached;
  return std::max(0.0, reached - end.joined_at);
}

void AccountJob(PrinterEntry& printer, const ReportUpdate& update) {
  const std::optional<JobEnd> end = printer.tracker.Observe(printer.state, update);
  if (!end) return;
  const JobTracker& tracker = printer.tracker;
  if (!tracker.plan()) {
    printer.filament.ReleaseHeld();  // today's rule: the drops of remain
    printer.tracker.CountEnd(*end, GramsSource::kRemain);
    return;
  }
  // The plan counts the job; the drops of remain it saw stay on the spools' own counters.
  printer.filament.DiscardHeld();
  const double share = CountedShare(*end);
  for (const PlannedTray& tray : tracker.mapping().trays) {
    printer.filament.AddPlanned(tray.key, tray.grams * share);
  }
  printer.tracker.CountEnd(*end, GramsSource::kPlan);
}

}  // namespace bambu
