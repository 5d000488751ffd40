// Ranges by REST + RETR; the whole file only after a refused REST.
#include "io/ftps/ftps_range_source.hpp"

namespace bambu {

PlanFailure FtpsRangeSource::Read(std::uint64_t offset, std::size_t length, std::string& out) {
  if (offset > size_ || length > size_ - offset) return PlanFailure::kTransfer;
  if (!whole_loaded_) {
    const PlanFailure failure = client_.ReadRange(path_, offset, length, out);
    if (!client_.rest_refused()) return failure;
    const PlanFailure whole = LoadWhole();
    if (whole != PlanFailure::kNone) return whole;
  }
  out.assign(whole_, offset, length);
  return PlanFailure::kNone;
}

PlanFailure FtpsRangeSource::LoadWhole() {
  const PlanFailure failure = client_.ReadWhole(path_, whole_);
  if (failure != PlanFailure::kNone) return failure;
  // Shorter or longer than SIZE said: the file is still being written (§7.2).
  if (whole_.size() != size_) return PlanFailure::kFileIncomplete;
  whole_loaded_ = true;
  return PlanFailure::kNone;
}

}  // namespace bambu
