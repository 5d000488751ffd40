// docs/metrics.md and the collector agree: every emitted metric is documented,
// and every documented metric not marked *runtime* is produced by some fixture.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "metric_family_builder.hpp"
#include "metrics/exporter_collector.hpp"
#include "metrics/fleet_collector.hpp"
#include "metrics/process_collector.hpp"
#include "state/fleet.hpp"
#include "state/printer_events.hpp"
#include "test_clock.hpp"

namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

struct Reference {
  std::set<std::string> all;
  std::set<std::string> runtime_only;
};

/// Rows of the reference tables start with "| `bambu_...`" or "| `process_...`".
Reference ParseReference(const std::string& markdown) {
  Reference ref;
  std::istringstream lines(markdown);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `bambu_", 0) != 0 && line.rfind("| `process_", 0) != 0) continue;
    const auto end = line.find('`', 3);
    const std::string name = line.substr(3, end - 3);
    ref.all.insert(name);
    if (line.find("*runtime*") != std::string::npos) ref.runtime_only.insert(name);
  }
  return ref;
}

/// Names of every family the collector emits for one printer fed `files`.
std::set<std::string> EmittedFor(const std::vector<fs::path>& files) {
  bambu::Fleet fleet;
  auto& printer = fleet.Add({"test", "SERIAL0001", bambu::Transport::kLan});
  bambu::OnSessionConnected(printer, bambu::test::At(0));
  const double now = 1'800'000'000;
  for (const auto& file : files) fleet.Ingest(printer, ReadFile(file), bambu::test::At(now));
  std::set<std::string> names;
  for (const auto& family : bambu::FleetFamilies(fleet, {now, 300, false})) {
    names.insert(family.name);
  }
  return names;
}

}  // namespace

Reference DocumentedMetrics() {
  const fs::path docs = fs::path(BAMBU_FIXTURE_DIR) / ".." / ".." / "docs" / "metrics.md";
  return ParseReference(ReadFile(docs));
}

TEST_CASE("docs/metrics.md lists every series of the exporter and the process") {
  const Reference ref = DocumentedMetrics();
  bambu::MetricFamilyBuilder builder;
  const bambu::ExporterCounters counters;
  bambu::ExporterCollector(counters).Collect({}, builder);
  bambu::ProcessCollector().Collect({}, builder);
  const auto families = builder.Take();
  CHECK(families.size() == 10);
  for (const auto& family : families) {
    INFO("emitted but not in docs/metrics.md: ", family.name);
    CHECK(ref.runtime_only.count(family.name) == 1);
  }
}

TEST_CASE("docs/metrics.md lists exactly what the collector emits") {
  const fs::path fixtures = BAMBU_FIXTURE_DIR;
  const Reference ref = DocumentedMetrics();
  REQUIRE(ref.all.size() > 30);

  std::set<std::string> emitted;
  for (const auto& entry : fs::directory_iterator(fixtures)) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".json" || file.find("_get_version") != std::string::npos) {
      continue;
    }
    std::vector<fs::path> feed;
    const std::string stem = file.substr(0, file.rfind('_'));
    const fs::path version = fixtures / (stem + "_get_version.json");
    if (fs::exists(version)) feed.push_back(version);
    feed.push_back(entry.path());
    for (const auto& name : EmittedFor(feed)) emitted.insert(name);
  }

  for (const auto& name : emitted) {
    INFO("emitted but not in docs/metrics.md: ", name);
    CHECK(ref.all.count(name) == 1);
  }
  for (const auto& name : ref.all) {
    if (ref.runtime_only.count(name) || name.starts_with("process_")) continue;
    INFO("documented but no fixture produces it: ", name);
    CHECK(emitted.count(name) == 1);
  }
}
