// 3MF archives for tests and benchmarks, laid out as Bambu Studio writes them
// (docs/protocol.md §7.3): content types, slice_info.config, the plate's G-code and picture
// (incompressible stand-ins of the given size), the model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "jobs/zip_writer.hpp"

namespace bambu::test {

/// Deterministic bytes that do not compress.
inline std::string Noise(std::size_t size, std::uint32_t seed = 12345) {
  std::string bytes(size, '\0');
  std::uint32_t state = seed;
  for (char& byte : bytes) {
    state = state * 1664525u + 1013904223u;
    byte = static_cast<char>(state >> 24);
  }
  return bytes;
}

inline std::string PlanArchive(std::string_view slice_info, std::size_t gcode_bytes) {
  return WriteZip({{"[Content_Types].xml", "<Types/>", true},
                   {"Metadata/slice_info.config", std::string(slice_info), true},
                   {"Metadata/plate_2.gcode", Noise(gcode_bytes), false},
                   {"Metadata/plate_2.png", Noise(4096, 99), false},
                   {"3D/3dmodel.model", "<model/>", true}});
}

}  // namespace bambu::test
