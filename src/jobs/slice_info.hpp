// Metadata/slice_info.config (XML) -> the JobPlan of one plate (docs/protocol.md §7.3).
#pragma once

#include <optional>
#include <string_view>

#include "jobs/job_plan.hpp"

namespace bambu {

/// A plan, or why there is none.
struct PlanRead {
  std::optional<JobPlan> plan;               // set when failure is kNone
  PlanFailure failure = PlanFailure::kNone;  // kBadXml, kPlateMissing or kBadValues
};

/// Decodes the <plate> whose <metadata key="index"> is `plate`; with `plate` 0, the file's only
/// <plate>. A document with a DOCTYPE (and so DTD entities) is refused as kBadXml; negative,
/// unparsable or absurd grams, metres, times or ids as kBadValues.
PlanRead ParseSliceInfo(std::string_view xml, int plate);

}  // namespace bambu
