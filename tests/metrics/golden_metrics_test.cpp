// Golden files for every real fixture: payloads → Fleet::Ingest → CollectFleet
// → TextSerializer, compared with tests/fixtures/expected/<name>.prom, and the
// JSON views (AmsJson, PrinterListJson, SpoolsJson, SpoolsCsv) compared with <name>.ams.json,
// printers.json, spools.json and spools.csv. BAMBU_UPDATE_GOLDEN=1 rewrites the expected files
// (scripts/update-golden).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fixture_fleet.hpp"
#include "test_clock.hpp"
#include "web/spool_inventory.hpp"

namespace bambu {
namespace {

namespace fs = std::filesystem;
using test::kFixtureDir;
using test::ReadFile;

struct GoldenCase {
  std::string name;                // expected file stem
  std::string serial;              // serial label: stem of the full report
  std::vector<fs::path> payloads;  // fed in order
};

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// A fixture's own get_version reply (when there is one), then the fixture.
std::vector<fs::path> WithVersion(const std::string& stem, const fs::path& report) {
  std::vector<fs::path> payloads;
  const fs::path version = kFixtureDir / (stem + "_get_version.json");
  if (fs::exists(version)) payloads.push_back(version);
  payloads.push_back(report);
  return payloads;
}

/// One case per *_full.json (its *_get_version.json first when present).
std::vector<GoldenCase> FullReportCases() {
  std::vector<GoldenCase> cases;
  for (const auto& entry : fs::directory_iterator(kFixtureDir)) {
    const std::string file = entry.path().filename().string();
    if (!EndsWith(file, "_full.json")) continue;
    const std::string stem = file.substr(0, file.size() - std::string("_full.json").size());
    cases.push_back({stem, stem, WithVersion(stem, entry.path())});
  }
  std::sort(cases.begin(), cases.end(),
            [](const GoldenCase& a, const GoldenCase& b) { return a.name < b.name; });
  return cases;
}

/// A full report followed by its deltas: one case per prefix ending in a delta.
std::vector<GoldenCase> SequenceCases(const std::string& full_stem, const std::string& delta_glob) {
  std::vector<fs::path> deltas;
  for (const auto& entry : fs::directory_iterator(kFixtureDir)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(delta_glob, 0) == 0 && EndsWith(file, ".json")) deltas.push_back(entry.path());
  }
  std::sort(deltas.begin(), deltas.end());
  std::vector<fs::path> payloads = WithVersion(full_stem, kFixtureDir / (full_stem + "_full.json"));
  std::vector<GoldenCase> cases;
  for (const fs::path& delta : deltas) {
    payloads.push_back(delta);
    cases.push_back({delta.stem().string(), full_stem, payloads});
  }
  return cases;
}

/// Feeds every payload of `golden` to a new printer of `fleet`.
PrinterEntry& Feed(Fleet& fleet, const GoldenCase& golden) {
  PrinterEntry& printer = test::AddTestPrinter(fleet, golden.serial);
  for (const fs::path& payload : golden.payloads) {
    INFO(payload.string());
    CHECK(fleet.Ingest(printer, ReadFile(payload), test::At(test::kGoldenNow)));
  }
  return printer;
}

/// First differing line, for a readable failure message.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  std::istringstream want(expected);
  std::istringstream got(actual);
  std::string want_line;
  std::string got_line;
  for (int line = 1;; ++line) {
    const bool more_want = static_cast<bool>(std::getline(want, want_line));
    const bool more_got = static_cast<bool>(std::getline(got, got_line));
    if (!more_want && !more_got) return "identical";
    if (!more_want || !more_got || want_line != got_line) {
      return "line " + std::to_string(line) +
             ":\n  expected: " + (more_want ? want_line : "<end>") +
             "\n  actual:   " + (more_got ? got_line : "<end>");
    }
  }
}

/// Compares `actual` with tests/fixtures/expected/<file> (rewritten first when
/// BAMBU_UPDATE_GOLDEN=1); returns the expected text.
std::string CheckExpected(const std::string& file, const std::string& actual) {
  CAPTURE(file);
  const fs::path expected_path = kFixtureDir / "expected" / file;
  const char* update = std::getenv("BAMBU_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    fs::create_directories(expected_path.parent_path());
    std::ofstream(expected_path, std::ios::binary) << actual;
  }
  REQUIRE_MESSAGE(fs::exists(expected_path), "missing " << expected_path.string());
  const std::string expected = ReadFile(expected_path);
  CHECK_MESSAGE(actual == expected, FirstDifference(expected, actual));
  return expected;
}

/// <name>.prom (also checked by promtool) and <name>.ams.json of one case.
void CheckGolden(const GoldenCase& golden) {
  CAPTURE(golden.name);
  Fleet fleet;
  const PrinterEntry& printer = Feed(fleet, golden);
  const std::string metrics = CheckExpected(golden.name + ".prom", test::MetricsText(fleet));
  const auto check = test::PromtoolCheckMetrics(metrics);
  INFO(check.output);
  CHECK(check.exit_code == 0);
  CheckExpected(golden.name + ".ams.json", test::AmsJsonText(printer));
}

}  // namespace

TEST_CASE("golden metrics: every full report") {
  const auto cases = FullReportCases();
  REQUIRE(cases.size() >= 13);
  for (const auto& golden : cases) CheckGolden(golden);
}

TEST_CASE("golden metrics: P1S full report then deltas") {
  const auto cases = SequenceCases("rdiger36-spoolman_P1S-AMS", "rdiger36-spoolman_P1S_delta-");
  REQUIRE(cases.size() == 2);
  for (const auto& golden : cases) CheckGolden(golden);
}

TEST_CASE("golden metrics: H2D full report then deltas") {
  const auto cases = SequenceCases("ha-bambulab_H2D-AMS-AMSHT", "ha-bambulab_H2D_delta-");
  REQUIRE(cases.size() == 3);
  for (const auto& golden : cases) CheckGolden(golden);
}

TEST_CASE("golden metrics: /api/v1/printers and /api/v1/spools of a fleet of every full report") {
  Fleet fleet;
  for (const auto& golden : FullReportCases()) Feed(fleet, golden);
  REQUIRE(fleet.printers().size() >= 13);
  const std::string list =
      test::PrettyJson(PrinterListJson(fleet, test::At(test::kGoldenNow), 300));
  CheckExpected("printers.json", list);
  const auto spools = CollectSpools(fleet, test::At(test::kGoldenNow), 300);
  CHECK(spools.size() >= 40);
  CheckExpected("spools.json", test::PrettyJson(SpoolsJson(spools)));
  CheckExpected("spools.csv", SpoolsCsv(spools));
}

}  // namespace bambu
