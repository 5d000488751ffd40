// Sharding end to end: bambu_sim plays 20 printers through one mosquitto; two
// bambu_exporter processes share the same 20-printer config as shard 0 and shard 1
// of 2. Their /metrics must split the fleet: disjoint, and together every printer
// exactly once. Every wait is a bounded poll.
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "broker_harness.hpp"
#include "config/shard.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using test::BrokerHarness;

constexpr int kPrinters = 20;
constexpr char kSerialPrefix[] = "01P00E";  // bambu_sim appends six digits: 01P00E000001 ...

using test::Binary;
using test::ExporterProcess;

std::vector<std::string> FleetSerials() {
  std::vector<std::string> serials;
  for (int n = 1; n <= kPrinters; ++n) {
    char digits[16];
    std::snprintf(digits, sizeof(digits), "%06d", n);
    serials.push_back(kSerialPrefix + std::string(digits));
  }
  return serials;
}

/// bambu_up samples of a scrape: serial → value, and how many samples each serial has.
struct UpSamples {
  std::map<std::string, double> value;
  std::map<std::string, int> samples;
  int UpCount() const {
    int up = 0;
    for (const auto& [serial, v] : value) up += v == 1 ? 1 : 0;
    return up;
  }
};

UpSamples ParseUp(const std::string& text) {
  UpSamples up;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("bambu_up{", 0) != 0) continue;
    const auto start = line.find("serial=\"");
    if (start == std::string::npos) continue;
    const auto end = line.find('"', start + 8);
    const std::string serial = line.substr(start + 8, end - start - 8);
    up.value[serial] = std::stod(line.substr(line.rfind(' ') + 1));
    ++up.samples[serial];
  }
  return up;
}

/// bambu_exporter as a child process: the whole fleet configured, shard `index` of `count`.
ExporterProcess StartShard(const BrokerHarness& broker, int index, int count) {
  const std::string name = "shard" + std::to_string(index);
  return ExporterProcess(
      broker.dir() + "/" + name + ".yaml", broker.dir() + "/" + name + ".log",
      [&](int port) {
        std::string config = "listen_address: \"127.0.0.1:" + std::to_string(port) +
                             "\"\nshard: {index: " + std::to_string(index) +
                             ", count: " + std::to_string(count) + "}\nprinters:\n";
        for (const std::string& serial : FleetSerials()) {
          config += test::PrinterYaml("p" + serial, serial, broker);
        }
        return config;
      },
      /*debug_log=*/false);
}

/// Polls both exporters until each reports bambu_up 1 for `want[i]` printers; the last scrapes.
std::vector<UpSamples> PollUntilUp(const std::vector<const ExporterProcess*>& exporters,
                                   const std::vector<int>& want, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  std::vector<UpSamples> last(exporters.size());
  while (std::chrono::steady_clock::now() < deadline) {
    bool done = true;
    for (std::size_t i = 0; i < exporters.size(); ++i) {
      if (auto text = test::HttpGet(exporters[i]->port(), "/metrics")) last[i] = ParseUp(*text);
      done = done && last[i].UpCount() == want[i];
    }
    if (done) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  return last;
}

}  // namespace

TEST_CASE("two exporter shards split one simulated fleet, every printer exactly once") {
  BrokerHarness broker;
  const std::vector<std::string> fleet = FleetSerials();
  std::vector<std::set<std::string>> expected(2);
  for (const std::string& serial : fleet) expected[ShardOf(serial, 2)].insert(serial);
  // The pinned hash (reference implementation) puts 10 of these 20 serials on each shard,
  // 01P00E000001 on shard 0 and 01P00E000003 on shard 1.
  REQUIRE(expected[0].size() == 10);
  REQUIRE(expected[1].size() == 10);
  REQUIRE(expected[0].contains("01P00E000001"));
  REQUIRE(expected[1].contains("01P00E000003"));

  ExporterProcess shard0 = StartShard(broker, 0, 2);
  ExporterProcess shard1 = StartShard(broker, 1, 2);
  const pid_t sim = test::SpawnProcess(
      {Binary("bambu_sim"), "--broker", broker.uri(), "--cafile", broker.ca_file(), "--username",
       broker.user(), "--password", broker.password(), "--count", std::to_string(kPrinters),
       "--model", "P1S", "--serial-prefix", kSerialPrefix, "--interval-ms", "500", "--seed", "3"},
      broker.dir() + "/sim.log");

  const std::vector<UpSamples> up = PollUntilUp({&shard0, &shard1}, {10, 10}, 60);

  std::map<std::string, int> owners;  // serial → number of exporters reporting it up
  for (int index = 0; index < 2; ++index) {
    CAPTURE(index);
    CHECK(up[index].UpCount() == static_cast<int>(expected[index].size()));
    // Printers of the other shard are absent, not reported down.
    CHECK(up[index].value.size() == expected[index].size());
    for (const auto& [serial, value] : up[index].value) {
      CAPTURE(serial);
      CHECK(expected[index].contains(serial));
      CHECK(up[index].samples.at(serial) == 1);
      if (value == 1) ++owners[serial];
    }
  }
  CHECK(owners.size() == fleet.size());
  for (const std::string& serial : fleet) {
    CAPTURE(serial);
    CHECK(owners[serial] == 1);
  }

  CHECK(test::StopProcess(sim, SIGTERM, 10) == 0);
  CHECK(shard0.Terminate() == 0);
  CHECK(shard1.Terminate() == 0);
}

}  // namespace bambu
