// Candidates in order; the first that exists is the job's file.
#include "io/ftps/plan_fetch_job.hpp"

#include <exception>

#include "io/ftps/ftps_range_source.hpp"
#include "jobs/job_plan_reader.hpp"

namespace bambu {
namespace {

/// A file whose SIZE moved while it was read is still being written (docs/protocol.md §7.2).
bool Grew(FtpsClient& client, const std::string& path, std::uint64_t size) {
  std::uint64_t again = 0;
  return client.Size(path, again) == PlanFailure::kNone && again != size;
}

void ReadFound(FtpsClient& client, const PlanFetchRequest& request, const PlanFetchOptions& options,
               PlanFetchResult& result) {
  if (result.file_size == 0) {
    result.failure = PlanFailure::kFileIncomplete;
    return;
  }
  FtpsRangeSource source(client, result.path, result.file_size);
  JobPlanRead read = ReadJobPlan(source, request.plate, options.zip);
  result.failure = read.read.failure;
  const bool may_be_growing = result.failure == PlanFailure::kNone ||
                              result.failure == PlanFailure::kNotZip ||
                              result.failure == PlanFailure::kEntryMissing;
  if (may_be_growing && Grew(client, result.path, result.file_size)) {
    result.failure = PlanFailure::kFileIncomplete;
    return;
  }
  if (result.failure == PlanFailure::kNone) result.plan = std::move(read.read.plan);
}

PlanFetchResult Fetch(const FtpsTarget& target, const PlanFetchRequest& request,
                      const PlanFetchOptions& options, const std::atomic<bool>* cancel,
                      std::string& detail) {
  PlanFetchResult result;
  result.job_seq = request.job_seq;
  result.failure = PlanFailure::kNoFile;
  FtpsClient client(target, options.ftps, cancel);
  for (const std::string& path : request.paths) {
    std::uint64_t size = 0;
    const PlanFailure found = client.Size(path, size);
    if (found == PlanFailure::kNoFile) continue;
    if (found != PlanFailure::kNone) {
      result.failure = found;  // login, TLS, timeouts: the next path would fail alike
      break;
    }
    result.path = path;
    result.file_size = size;
    ReadFound(client, request, options, result);
    break;
  }
  result.bytes_transferred = client.bytes_transferred();
  if (result.failure != PlanFailure::kNone) {
    detail = client.last_error().empty() ? std::string(PlanFailureLabel(result.failure))
                                         : client.last_error();
  }
  return result;
}

}  // namespace

PlanFetchResult FetchPlan(const FtpsTarget& target, const PlanFetchRequest& request,
                          const PlanFetchOptions& options, const std::atomic<bool>* cancel,
                          std::string& detail) {
  try {
    return Fetch(target, request, options, cancel, detail);
  } catch (const std::exception& error) {  // allocation failures; nothing else throws here
    detail = error.what();
    PlanFetchResult result;
    result.job_seq = request.job_seq;
    result.failure = PlanFailure::kTransfer;
    return result;
  }
}

}  // namespace bambu
