// Feeding real fixture payloads through Fleet::Ingest and rendering what a
// scrape or the JSON view would show, for the golden and sequence tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "json_test_util.hpp"
#include "metric_family_builder.hpp"
#include "metrics/fleet_collector.hpp"
#include "metrics_test_util.hpp"
#include "state/fleet.hpp"
#include "state/printer_events.hpp"
#include "test_clock.hpp"
#include "web/ams_json_view.hpp"

namespace bambu::test {

inline constexpr double kGoldenNow = 1'790'000'000;  // fixed ingest and scrape time
inline const std::filesystem::path kFixtureDir = BAMBU_FIXTURE_DIR;

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A connected printer named "test" with serial `serial`.
inline PrinterEntry& AddTestPrinter(Fleet& fleet, const std::string& serial) {
  PrinterEntry& printer = fleet.Add({"test", serial, Transport::kLan});
  OnSessionConnected(printer, test::At(0));
  return printer;
}

/// Ingests tests/fixtures/<file> at kGoldenNow; false when it was rejected.
inline bool IngestFixture(Fleet& fleet, PrinterEntry& printer, const std::string& file) {
  return fleet.Ingest(printer, ReadFile(kFixtureDir / file), test::At(kGoldenNow));
}

/// The /metrics text of `fleet` at kGoldenNow, from the direct writer of the /metrics path;
/// checks that prometheus-cpp's TextSerializer writes the same bytes for the same families.
inline std::string MetricsText(const Fleet& fleet) {
  CollectOptions options;
  options.now = At(kGoldenNow);
  std::string text;
  WriteFleetText(fleet, options, text);
  CHECK(text == Serialize(FleetFamilies(fleet, options)));
  return text;
}

/// Sample lines (no HELP/TYPE) of the /metrics text whose family name starts with `prefix`.
inline std::vector<std::string> SeriesLines(const Fleet& fleet, std::string_view prefix = "") {
  std::istringstream text(MetricsText(fleet));
  std::vector<std::string> out;
  for (std::string line; std::getline(text, line);) {
    if (!line.empty() && line[0] != '#' && line.starts_with(prefix)) out.push_back(line);
  }
  return out;
}

/// tests/fixtures/<file> with each `from` replaced by its `to`; every `from` must occur once.
inline std::string EditedFixture(const std::string& file,
                                 const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = ReadFile(kFixtureDir / file);
  for (const auto& [from, to] : edits) {
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, file << ": no " << from);
    REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, file << ": " << from << " twice");
    text.replace(at, from.size(), to);
  }
  return text;
}

/// GET /api/v1/printers/{serial}/ams of `printer`, pretty-printed.
inline std::string AmsJsonText(const PrinterEntry& printer) { return PrettyJson(AmsJson(printer)); }

}  // namespace bambu::test

/// Lists of series lines print one line each in failure messages.
template <>
struct doctest::StringMaker<std::vector<std::string>> {
  static doctest::String convert(const std::vector<std::string>& lines) {
    std::string out = "\n";
    for (const auto& line : lines) out += "  " + line + "\n";
    return out.c_str();
  }
};
