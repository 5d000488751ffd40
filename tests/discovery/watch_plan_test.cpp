// Which announced printers an instance watches (discovery/watch_plan.hpp).
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "config/shard.hpp"
#include "discovery/watch_plan.hpp"

namespace bambu {
namespace {

/// A temp directory of code files, mode 0600, removed at the end.
struct CodeDir {
  std::string path;
  CodeDir() {
    char pattern[] = "/tmp/bambu_codes_XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~CodeDir() { std::filesystem::remove_all(path); }
  void Add(const std::string& serial, const std::string& code) const {
    const std::string file = path + "/" + serial;
    std::ofstream(file) << code << "\n";
    ::chmod(file.c_str(), 0600);
  }
};

DiscoveredPrinter Heard(const std::string& serial, const std::string& address,
                        const std::string& name) {
  DiscoveredPrinter printer;
  printer.announcement.serial = serial;
  printer.announcement.address = address;
  printer.announcement.name = name;
  printer.announcement.model_code = "C12";
  return printer;
}

const auto kNoNames = [](std::string_view) { return false; };

}  // namespace

TEST_CASE("watch plan: auto-add watches a serial with a code at its announced address") {
  CodeDir codes;
  codes.Add("01P00A000000001", "12345678");
  const Config config = ParseConfig(
      "discovery:\n  auto_add: true\n  access_codes_dir: " + codes.path + "\n  mqtt_port: 18883\n",
      "farm.yaml");
  const DiscoveredPrinter heard = Heard("01P00A000000001", "127.0.0.5", "Farm P1S 1");
  const WatchPlan plan = PlanWatch("01P00A000000001", {config, &heard, false, "", kNoNames});
  CHECK(plan.watch == Watch::kYes);
  REQUIRE(plan.session);
  CHECK(plan.session->name == "Farm P1S 1");
  CHECK(plan.session->host == "127.0.0.5");
  CHECK(plan.session->port == 18883);
  CHECK(plan.session->access_code == "12345678");
  CHECK(plan.session->tls.ca_file == DefaultCaFile());

  const DiscoveredPrinter stranger = Heard("01P00A000000002", "127.0.0.6", "x");
  const WatchPlan none = PlanWatch("01P00A000000002", {config, &stranger, false, "", kNoNames});
  CHECK(none.watch == Watch::kNoCode);
  CHECK_FALSE(none.session);
  // The cloud account already follows it: never a second session.
  CHECK(PlanWatch("01P00A000000001", {config, &heard, true, "", kNoNames}).watch == Watch::kCloud);
}

TEST_CASE("watch plan: a configured printer without host follows its announced address") {
  CodeDir codes;
  codes.Add("S1", "abc");
  const Config config = ParseConfig("discovery:\n  access_codes_dir: " + codes.path +
                                        "\nprinters:\n  - serial: S1\n    name: left\n"
                                        "    port: 1883\n",
                                    "farm.yaml");
  REQUIRE(config.printers.size() == 1);
  CHECK(config.printers[0].access_code == "abc");
  CHECK(config.printers[0].host.empty());
  const WatchPlan waiting = PlanWatch("S1", {config, nullptr, false, "", kNoNames});
  CHECK(waiting.watch == Watch::kYes);
  CHECK_FALSE(waiting.session);
  const DiscoveredPrinter heard = Heard("S1", "127.0.0.9", "ignored");
  const WatchPlan plan = PlanWatch("S1", {config, &heard, false, "", kNoNames});
  REQUIRE(plan.session);
  CHECK(plan.session->name == "left");
  CHECK(plan.session->host == "127.0.0.9");
  CHECK(plan.session->port == 1883);
  // Without auto_add, a serial with a code but no entry is not watched.
  codes.Add("S2", "def");
  const Config second =
      ParseConfig("discovery:\n  access_codes_dir: " + codes.path + "\nprinters:\n  - serial: S1\n",
                  "farm.yaml");
  const DiscoveredPrinter other = Heard("S2", "127.0.0.10", "");
  CHECK(PlanWatch("S2", {second, &other, false, "", kNoNames}).watch == Watch::kNotConfigured);
}

TEST_CASE("watch plan: shards split announced printers by the configured rule") {
  CodeDir codes;
  std::set<std::string> owned[2];
  for (int i = 1; i <= 20; ++i) {
    const std::string serial =
        "01P00E" + std::string(6 - std::to_string(i).size(), '0') + std::to_string(i);
    codes.Add(serial, "12345678");
  }
  for (int index = 0; index < 2; ++index) {
    const Config config = ParseConfig("shard: {index: " + std::to_string(index) +
                                          ", count: 2}\ndiscovery:\n  auto_add: true\n"
                                          "  access_codes_dir: " +
                                          codes.path + "\n",
                                      "farm.yaml");
    for (const auto& [serial, code] : config.discovery->codes) {
      const DiscoveredPrinter heard = Heard(serial, "127.0.0.1", "");
      const WatchPlan plan = PlanWatch(serial, {config, &heard, false, "", kNoNames});
      CHECK(plan.watch == (ShardOf(serial, 2) == index ? Watch::kYes : Watch::kAnotherShard));
      if (plan.watch == Watch::kYes) owned[index].insert(serial);
    }
  }
  CHECK(owned[0].size() + owned[1].size() == 20);
  CHECK(owned[0].size() == 10);  // the pinned hash puts 10 of these serials on each shard
  for (const std::string& serial : owned[0]) CHECK_FALSE(owned[1].contains(serial));
}

TEST_CASE("watch plan: unique names for auto-added printers") {
  std::set<std::string, std::less<>> taken = {"Farm", "Farm-0042"};
  auto is_taken = [&](std::string_view name) { return taken.contains(name); };
  CHECK(UniquePrinterName("Bench", "01P00A000000042", is_taken) == "Bench");
  CHECK(UniquePrinterName("Farm", "01P00A000000043", is_taken) == "Farm-0043");
  CHECK(UniquePrinterName("Farm", "01P00A000000042", is_taken) == "Farm-01P00A000000042");
  CHECK(UniquePrinterName("", "01P00A000000042", is_taken) == "01P00A000000042");
}

}  // namespace bambu
