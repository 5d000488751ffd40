// Writes a zip archive in memory (libzip): how the simulator, tests and benchmarks make the
// 3MF files a printer would hold.
#pragma once

#include <string>
#include <vector>

namespace bambu {

struct ZipWriterEntry {
  std::string name;
  std::string content;
  bool deflate = true;  // false: stored as is
};

/// The archive's bytes, entries in order; empty when libzip fails.
std::string WriteZip(const std::vector<ZipWriterEntry>& entries);

}  // namespace bambu
