#include "state/plan_fetch.hpp"

#include <string>

#include "base/log.hpp"

namespace bambu {
namespace {

void LogNoPlan(const PrinterEntry& printer, PlanFailure failure, std::string_view path) {
  log::Info("no plan for the print job: its filament counts by remain",
            {{"printer", printer.identity.name},
             {"job", printer.state.subtask_name.value_or("")},
             {"reason", std::string(PlanFailureLabel(failure))},
             {"path", std::string(path)}});
}

}  // namespace

std::optional<PlanFetchRequest> TakePlanRequest(PrinterEntry& printer, double now) {
  JobTracker& tracker = printer.tracker;
  const PlanState before = tracker.plan_state();
  std::optional<PlanFetchRequest> request = tracker.TakeRequest(printer.state, now);
  if (request) {
    printer.filament.HoldDrops();  // the plan will count this job's grams per material
  } else if (before != PlanState::kFailed && tracker.plan_state() == PlanState::kFailed) {
    printer.filament.ReleaseHeld();
    LogNoPlan(printer, tracker.failure(), "");
  }
  return request;
}

void OnPlanFetched(PrinterEntry& printer, const PlanFetchResult& result, double now) {
  switch (printer.tracker.OnFetched(result, printer.state, now)) {
    case JobTracker::FetchOutcome::kIgnored:
    case JobTracker::FetchOutcome::kRetry:
      return;
    case JobTracker::FetchOutcome::kPlan:
      log::Info("print job plan read",
                {{"printer", printer.identity.name},
                 {"path", result.path},
                 {"rule", std::string(MappingRuleLabel(printer.tracker.mapping().rule))},
                 {"bytes", std::to_string(result.bytes_transferred)}});
      return;
    case JobTracker::FetchOutcome::kFailed:
      printer.filament.ReleaseHeld();  // the job counts by remain from here
      LogNoPlan(printer, result.failure, result.path);
      return;
  }
}

}  // namespace bambu
