// One plan fetch, start to end, on a worker thread: find the job's 3MF among the candidate
// paths (SIZE), read its zip tail and slice_info.config by ranges (REST + RETR), decode the
// plate, check the file did not grow meanwhile (docs/protocol.md §7.1-7.3).
#pragma once

#include <atomic>
#include <string>

#include "io/ftps/ftps_client.hpp"
#include "jobs/job_plan.hpp"
#include "jobs/zip_entry_reader.hpp"

namespace bambu {

struct PlanFetchOptions {
  FtpsLimits ftps;
  ZipReadLimits zip;
};

/// Fetches `request` from the printer at `target`. Never throws; `detail` gets a text for the
/// log when the fetch failed (libcurl's message, no secrets).
PlanFetchResult FetchPlan(const FtpsTarget& target, const PlanFetchRequest& request,
                          const PlanFetchOptions& options, const std::atomic<bool>* cancel,
                          std::string& detail);

}  // namespace bambu
