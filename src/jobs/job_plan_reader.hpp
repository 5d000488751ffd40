// A job's 3MF, read by ranges -> the plan of its printed plate: the slice_info.config entry of
// the zip, decoded (docs/protocol.md §7.3).
#pragma once

#include <cstdint>

#include "jobs/range_source.hpp"
#include "jobs/slice_info.hpp"
#include "jobs/zip_entry_reader.hpp"

namespace bambu {

/// The entry holding the slicer's per-plate results.
inline constexpr std::string_view kSliceInfoEntry = "Metadata/slice_info.config";

struct JobPlanRead {
  PlanRead read;                 // the plan, or why there is none
  std::uint64_t bytes_read = 0;  // bytes taken from the source
};

/// Reads plate `plate` (0 = the only plate) of the 3MF in `source`.
JobPlanRead ReadJobPlan(RangeSource& source, int plate, const ZipReadLimits& limits);

}  // namespace bambu
