// Reads one entry of a zip archive through a RangeSource, touching only the end of the file
// (end of central directory and central directory) and that entry's bytes, with caps against
// zip bombs (docs/protocol.md §7.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jobs/job_plan.hpp"
#include "jobs/range_source.hpp"

namespace bambu {

struct ZipReadLimits {
  std::uint64_t max_entry_bytes = 4 << 20;  // uncompressed size of the entry, bytes
  std::uint64_t max_ratio = 200;            // uncompressed / compressed size of the entry
  std::uint64_t max_read_bytes = 2 << 20;   // all bytes taken from the source, bytes
  std::size_t min_read_bytes = 64 << 10;    // smallest read asked of the source: the zip's
                                            // tail and a small entry in one read each
};

struct ZipEntryRead {
  PlanFailure failure = PlanFailure::kNone;  // kNotZip, kEntryMissing, kEntryTooLarge, or
                                             // the source's failure
  std::string data;                          // the entry, uncompressed, when failure is kNone
  std::uint64_t bytes_read = 0;              // bytes taken from the source
};

/// Reads `entry_name` of the zip in `source` within `limits`.
ZipEntryRead ReadZipEntry(RangeSource& source, std::string_view entry_name,
                          const ZipReadLimits& limits);

}  // namespace bambu
