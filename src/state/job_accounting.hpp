// A job's filament at its end (protocol.md §7.5): FINISH adds the plan's grams per tray's
// material and colour to the printer's filament counters, FAILED or a cancel the plan
// pro-rated by the progress reached; a job without a plan keeps today's rule (the drops of
// remain held back while its plan was awaited are added instead). Event-loop thread only.
#pragma once

#include "report/report_update.hpp"
#include "state/job_tracker.hpp"

namespace bambu {

struct PrinterEntry;

/// Share of a job's plan a job end counts: what it printed while the exporter watched
/// (1 - joined_at at FINISH, reached - joined_at otherwise; never negative).
double CountedShare(const JobEnd& end);

/// Folds the report just merged into `printer`'s job tracker; when it ended a job, counts the
/// job's filament and its end.
void AccountJob(PrinterEntry& printer, const ReportUpdate& update);

}  // namespace bambu
