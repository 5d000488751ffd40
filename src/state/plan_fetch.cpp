#include "state/plan_fetch.hpp"

namespace bambu {

// Placeholder until the job accounting (issue 20) decides when a plan is due.
std::optional<PlanFetchRequest> TakePlanRequest(PrinterEntry&, double) { return std::nullopt; }

void OnPlanFetched(PrinterEntry&, const PlanFetchResult&, double) {}

}  // namespace bambu
