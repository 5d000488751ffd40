// End to end: three printers behind a hostile broker that announces a 200 MB PUBLISH right after
// its SUBACK and streams bytes, beside a printer on a real mosquitto. The exporter refuses each
// oversized packet before it is buffered (io/mqtt/packet_size_guard.hpp): its resident memory
// stays under 64 MB, every refusal is counted per printer and logged once at warn, and the good
// printer keeps reporting.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "broker_harness.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using test::Sample;

constexpr char kGoodSerial[] = "01P00A000000101";
const std::vector<std::string> kHostile = {"hostile1", "hostile2", "hostile3"};
constexpr double kMaxResidentMb = 64;

/// VmRSS of `pid` in MB (0 when unknown).
double ResidentMb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  }
  return 0;
}

/// The hostile broker (tests/io/hostile_mqtt_broker.py) on a free port, with `broker`'s
/// certificate; its log in the broker's directory.
struct HostileBroker {
  int port = test::FreeLoopbackPort();
  std::string log;
  pid_t pid = -1;
  HostileBroker(const test::BrokerHarness& broker, const std::string& mode)
      : log(broker.dir() + "/hostile-" + mode + ".log") {
    pid =
        test::SpawnProcess({"python3", std::string(BAMBU_TESTS_DIR) + "/io/hostile_mqtt_broker.py",
                            "--port", std::to_string(port), "--cert", broker.dir() + "/server.pem",
                            "--key", broker.dir() + "/server.key", "--mode", mode},
                           log);
    REQUIRE(test::WaitFor([&] { return test::PortAccepts(port); }, 20));
  }
  ~HostileBroker() { test::StopProcess(pid, SIGTERM, 5); }
  /// Log lines starting with `word`.
  std::vector<std::string> Lines(const std::string& word) const {
    std::istringstream text(test::ReadFile(log));
    std::vector<std::string> lines;
    for (std::string line; std::getline(text, line);) {
      if (line.rfind(word + " ", 0) == 0) lines.push_back(line);
    }
    return lines;
  }
};

std::string HostilePrinterYaml(const std::string& name, int n, int port,
                               const test::BrokerHarness& broker) {
  return "  - name: " + name + "\n    serial: \"01P00A00000020" + std::to_string(n) +
         "\"\n    host: 127.0.0.1\n    port: " + std::to_string(port) +
         "\n    access_code: \"12345678\"\n    tls:\n      ca_file: " + broker.ca_file() + "\n";
}

std::optional<double> Refusals(const std::string& text, const std::string& printer) {
  return Sample(text, "bambu_report_errors_total",
                {{"printer", printer}, {"reason", "packet_too_large"}});
}

int CountLines(const std::string& text, const std::string& needle) {
  int count = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("oversized MQTT packets are refused before they are buffered, memory stays bounded") {
  test::BrokerHarness good(kGoodSerial);
  HostileBroker hostile(good, "huge");
  std::string printers = test::PrinterYaml("good", kGoodSerial, good);
  for (std::size_t i = 0; i < kHostile.size(); ++i) {
    printers += HostilePrinterYaml(kHostile[i], static_cast<int>(i), hostile.port, good);
  }
  test::ExporterProcess exporter(good.dir(), printers);
  const std::string topic = test::ReportTopic(kGoodSerial);
  double peak_mb = 0;
  double good_before = 0;

  // Two refusals per hostile printer: the first session and one reconnect after backoff.
  std::string text = test::PollMetrics(
      exporter.port(),
      [&](const std::string& t) {
        if (good_before == 0) {
          good_before =
              Sample(t, "bambu_mqtt_messages_received_total", {{"printer", "good"}}).value_or(0);
        }
        return std::all_of(kHostile.begin(), kHostile.end(),
                           [&](const std::string& name) { return Refusals(t, name) >= 2.0; });
      },
      90,
      [&] {
        peak_mb = std::max(peak_mb, ResidentMb(exporter.pid()));
        good.Publish(topic, R"({"print":{"bed_temper":30,"msg":1}})");
      });
  peak_mb = std::max(peak_mb, ResidentMb(exporter.pid()));
  MESSAGE("peak resident memory: " << peak_mb << " MB");
  CHECK(peak_mb > 0);
#if defined(__SANITIZE_ADDRESS__)
  // Under ASan the allocator's shadow and quarantine of the 200 MB blocks Paho reserves make
  // resident memory say nothing about what was buffered; the refusals below still count.
#else
  CHECK(peak_mb < kMaxResidentMb);
#endif
  for (const std::string& name : kHostile) CHECK(Refusals(text, name) >= 2.0);
  CHECK(Sample(text, "bambu_up", {{"printer", "good"}}) == 1.0);
  CHECK(Sample(text, "bambu_mqtt_messages_received_total", {{"printer", "good"}}) > good_before);
  CHECK_FALSE(Refusals(text, "good").has_value());

  // The broker announced 200 MB each time and could send only what the sockets buffer.
  const std::vector<std::string> streamed = hostile.Lines("streamed");
  CHECK(streamed.size() >= kHostile.size());  // the last sessions may still be sending
  for (const std::string& line : streamed) {
    MESSAGE(line);
    CHECK(std::stoll(line.substr(line.rfind(' ') + 1)) < 32LL * 1024 * 1024);
  }
  // Logged at warn once per printer, naming it; later refusals at debug.
  const std::string log = exporter.Log();
  for (const std::string& name : kHostile) {
    CHECK(CountLines(log,
                     "level=warn msg=\"refused an oversized mqtt packet, reconnecting\" printer=" +
                         name + " ") == 1);
  }
}

}  // namespace bambu
