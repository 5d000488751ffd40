// A file read by byte ranges: what the zip reader needs from wherever the job's 3MF lives (the
// printer over FTPS, memory in tests and benchmarks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "jobs/job_plan.hpp"

namespace bambu {

class RangeSource {
 public:
  virtual ~RangeSource() = default;
  /// The file's size in bytes.
  virtual std::uint64_t Size() const = 0;
  /// Replaces `out` with exactly `length` bytes from `offset` (offset + length <= Size()).
  /// Returns kNone, or why the bytes could not be read (kTimeout, kTransfer, ...).
  virtual PlanFailure Read(std::uint64_t offset, std::size_t length, std::string& out) = 0;
};

/// A file held in memory.
class MemoryRangeSource final : public RangeSource {
 public:
  explicit MemoryRangeSource(std::string bytes) : bytes_(std::move(bytes)) {}
  std::uint64_t Size() const override { return bytes_.size(); }
  PlanFailure Read(std::uint64_t offset, std::size_t length, std::string& out) override {
    if (offset > bytes_.size() || length > bytes_.size() - offset) return PlanFailure::kTransfer;
    out.assign(bytes_, offset, length);
    return PlanFailure::kNone;
  }

 private:
  std::string bytes_;
};

}  // namespace bambu
