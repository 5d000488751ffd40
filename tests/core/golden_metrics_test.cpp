// Golden /metrics text for every real fixture: payloads → Fleet::Ingest →
// CollectFleet → TextSerializer, compared with tests/fixtures/expected/*.prom.
// BAMBU_UPDATE_GOLDEN=1 rewrites the expected files (scripts/update-golden).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/metrics_collector.hpp"
#include "metrics_test_util.hpp"

namespace bambu {
namespace {

namespace fs = std::filesystem;

constexpr double kNow = 1'790'000'000;  // fixed ingest and scrape time
const fs::path kFixtureDir = BAMBU_FIXTURE_DIR;

struct GoldenCase {
  std::string name;                // expected file stem
  std::string serial;              // serial label: stem of the full report
  std::vector<fs::path> payloads;  // fed in order
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// One case per *_full.json (its *_get_version.json first when present).
std::vector<GoldenCase> FullReportCases() {
  std::vector<GoldenCase> cases;
  for (const auto& entry : fs::directory_iterator(kFixtureDir)) {
    const std::string file = entry.path().filename().string();
    if (!EndsWith(file, "_full.json")) continue;
    GoldenCase golden;
    golden.name = file.substr(0, file.size() - std::string("_full.json").size());
    golden.serial = golden.name;
    const fs::path version = kFixtureDir / (golden.name + "_get_version.json");
    if (fs::exists(version)) golden.payloads.push_back(version);
    golden.payloads.push_back(entry.path());
    cases.push_back(std::move(golden));
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
  std::vector<fs::path> payloads;
  const fs::path version = kFixtureDir / (full_stem + "_get_version.json");
  if (fs::exists(version)) payloads.push_back(version);
  payloads.push_back(kFixtureDir / (full_stem + "_full.json"));
  std::vector<GoldenCase> cases;
  for (const fs::path& delta : deltas) {
    payloads.push_back(delta);
    cases.push_back({delta.stem().string(), full_stem, payloads});
  }
  return cases;
}

std::string RenderMetrics(const GoldenCase& golden) {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"test", golden.serial, "lan"});
  fleet.MarkConnected(printer);
  for (const fs::path& payload : golden.payloads) {
    INFO(payload.string());
    CHECK(fleet.Ingest(printer, ReadFile(payload), kNow));
  }
  CollectOptions options;
  options.now_unix = kNow;
  return test::Serialize(CollectFleet(fleet, options));
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

void CheckGolden(const GoldenCase& golden) {
  CAPTURE(golden.name);
  const std::string actual = RenderMetrics(golden);
  const fs::path expected_path = kFixtureDir / "expected" / (golden.name + ".prom");
  const char* update = std::getenv("BAMBU_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    fs::create_directories(expected_path.parent_path());
    std::ofstream(expected_path, std::ios::binary) << actual;
  }
  REQUIRE_MESSAGE(fs::exists(expected_path), "missing " << expected_path.string());
  const std::string expected = ReadFile(expected_path);
  CHECK_MESSAGE(actual == expected, FirstDifference(expected, actual));
  const auto check = test::PromtoolCheckMetrics(expected);
  INFO(check.output);
  CHECK(check.exit_code == 0);
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

}  // namespace bambu
