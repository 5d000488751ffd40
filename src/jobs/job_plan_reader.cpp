// The zip entry, then the XML.
#include "jobs/job_plan_reader.hpp"

namespace bambu {

JobPlanRead ReadJobPlan(RangeSource& source, int plate, const ZipReadLimits& limits) {
  ZipEntryRead entry = ReadZipEntry(source, kSliceInfoEntry, limits);
  JobPlanRead result;
  result.bytes_read = entry.bytes_read;
  if (entry.failure != PlanFailure::kNone) {
    result.read.failure = entry.failure;
    return result;
  }
  result.read = ParseSliceInfo(entry.data, plate);
  return result;
}

}  // namespace bambu
