// libFuzzer target: arbitrary text as exporter.yaml. ConfigError is the expected
// answer to bad input; any other exception, crash or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)bambu::ParseConfig(text, "fuzz.yaml");
  } catch (const bambu::ConfigError&) {
  }
  return 0;
}
