// The seam between a printer's job accounting and the FTPS edge that reads job plans: the state
// stage says when a plan is due and takes what the fetch gave. Event-loop thread only.
#pragma once

#include <optional>

#include "jobs/job_plan.hpp"
#include "state/fleet.hpp"

namespace bambu {

/// A plan fetch due now for `printer`'s current job (at most one outstanding per printer); empty
/// when none is due. The io edge calls it after ingesting reports and on a timer; `now` is
/// seconds on the monotonic clock.
std::optional<PlanFetchRequest> TakePlanRequest(PrinterEntry& printer, double now);

/// What the fetch of a request for `printer` gave; a result for an older job is ignored.
void OnPlanFetched(PrinterEntry& printer, const PlanFetchResult& result, double now);

}  // namespace bambu
