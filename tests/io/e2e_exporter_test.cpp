// End to end: mosquitto (playing the printers' brokers) → bambu_exporter → GET /metrics,
// with real fixture payloads and with bambu_sim. Every wait is a bounded poll.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "broker_harness.hpp"

namespace bambu {
namespace {

using test::BrokerHarness;

constexpr char kX1cSerial[] = "00M00A2B0000001";
constexpr char kP1sSerial[] = "01P00C3A0000002";

std::string Fixture(const std::string& name) { return std::string(BAMBU_FIXTURE_DIR) + "/" + name; }
std::string Binary(const std::string& name) { return std::string(BAMBU_BINARY_DIR) + "/" + name; }
std::string ReportTopic(const std::string& serial) { return "device/" + serial + "/report"; }

/// GET `target` from 127.0.0.1:port; returns the body, or nullopt on any failure.
std::optional<std::string> HttpGet(int port, const std::string& target) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::nullopt;
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    std::string request =
        "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[65536];
      ssize_t n = 0;
      while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) response.append(buffer, n);
    }
  }
  ::close(fd);
  auto header_end = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.1 200", 0) != 0 || header_end == std::string::npos) {
    return std::nullopt;
  }
  return response.substr(header_end + 4);
}

using Labels = std::initializer_list<std::pair<const char*, std::string>>;

/// The value of the first sample of `name` whose labels include all `labels`.
std::optional<double> Sample(const std::string& text, const std::string& name, Labels labels) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(name + "{", 0) != 0 && line.rfind(name + " ", 0) != 0) continue;
    auto close = line.rfind('}');
    std::string label_text = close == std::string::npos ? "" : line.substr(0, close + 1);
    bool match = true;
    for (const auto& [key, value] : labels) {
      std::string pair = std::string(key) + "=\"" + value + "\"";
      if (label_text.find("{" + pair) == std::string::npos &&
          label_text.find("," + pair) == std::string::npos) {
        match = false;
      }
    }
    if (!match) continue;
    return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return std::nullopt;
}

/// Number of samples of `name` with label printer=`printer`.
int CountSamples(const std::string& text, const std::string& name, const std::string& printer) {
  std::istringstream lines(text);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    if (line.rfind(name + "{", 0) == 0 &&
        line.find("printer=\"" + printer + "\"") != std::string::npos) {
      ++count;
    }
  }
  return count;
}

/// Polls /metrics (and runs `nudge` before each poll) until `ready(text)`; returns the last text.
std::string PollMetrics(int port, const std::function<bool(const std::string&)>& ready,
                        double timeout_s, const std::function<void()>& nudge = {}) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    if (nudge) nudge();
    if (auto text = HttpGet(port, "/metrics")) {
      last = *text;
      if (ready(last)) return last;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  return last;
}

std::string PrinterYaml(const std::string& name, const std::string& serial,
                        const BrokerHarness& broker) {
  return "  - name: " + name + "\n    serial: \"" + serial +
         "\"\n    host: 127.0.0.1\n    port: " + std::to_string(broker.port()) +
         "\n    access_code: \"" + broker.password() +
         "\"\n    tls:\n      ca_file: " + broker.ca_file() + "\n";
}

/// bambu_exporter as a child process, configured for two printers on `broker`.
class ExporterProcess {
 public:
  ExporterProcess(const BrokerHarness& broker, const std::string& x1c_serial,
                  const std::string& p1s_serial)
      : port_(test::FreeLoopbackPort()) {
    std::string config = broker.dir() + "/exporter.yaml";
    test::WriteFile(config, "listen_address: \"127.0.0.1:" + std::to_string(port_) +
                                "\"\nprinters:\n" + PrinterYaml("x1c", x1c_serial, broker) +
                                PrinterYaml("p1s", p1s_serial, broker));
    pid_ = test::SpawnProcess(
        {Binary("bambu_exporter"), "--config.file=" + config, "--log.level=debug"},
        broker.dir() + "/exporter.log");
  }
  ~ExporterProcess() {
    if (pid_ > 0) test::StopProcess(pid_, SIGKILL, 5);
  }
  int port() const { return port_; }
  /// SIGTERM; the exit status, or -1 when it did not exit by itself within 10 s.
  int Terminate() { return test::StopProcess(std::exchange(pid_, -1), SIGTERM, 10); }

 private:
  int port_;
  pid_t pid_ = -1;
};

bool PromtoolAccepts(const BrokerHarness& broker, const std::string& scrape) {
  std::string file = broker.dir() + "/scrape.txt";
  test::WriteFile(file, scrape);
  return test::RunCommand({"sh", "-c", "promtool check metrics < '" + file + "'"}) == 0;
}

}  // namespace

TEST_CASE("bambu_exporter serves fixture reports received over MQTT") {
  BrokerHarness broker;
  ExporterProcess exporter(broker, kX1cSerial, kP1sSerial);
  const std::string x1c_full = Fixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json");
  const std::string p1s_full = Fixture("rdiger36-spoolman_P1S-AMS_full.json");
  const Labels p1s = {{"printer", "p1s"}, {"serial", kP1sSerial}};
  const Labels x1c = {{"printer", "x1c"}, {"serial", kX1cSerial}};

  // Full reports, repeated until the exporter (subscribed after its connect) has them.
  std::string text = PollMetrics(
      exporter.port(),
      [&](const std::string& t) {
        return Sample(t, "bambu_tray_remaining_ratio", {{"printer", "p1s"}, {"ams", "0"}}) &&
               Sample(t, "bambu_tray_remaining_ratio", {{"printer", "x1c"}, {"ams", "0"}});
      },
      30,
      [&] {
        broker.PublishFile(ReportTopic(kX1cSerial), x1c_full);
        broker.PublishFile(ReportTopic(kP1sSerial), p1s_full);
      });
  REQUIRE(Sample(text, "bambu_tray_remaining_ratio", {{"printer", "p1s"}, {"ams", "0"}}));

  // P1S deltas in order: bed_temper 11.96875, then 12.
  text = PollMetrics(
      exporter.port(),
      [&](const std::string& t) {
        return Sample(t, "bambu_bed_temperature_celsius", p1s) == 11.96875;
      },
      15,
      [&] {
        broker.PublishFile(ReportTopic(kP1sSerial), Fixture("rdiger36-spoolman_P1S_delta-1.json"));
      });
  CHECK(Sample(text, "bambu_bed_temperature_celsius", p1s) == 11.96875);
  text = PollMetrics(
      exporter.port(),
      [&](const std::string& t) { return Sample(t, "bambu_bed_temperature_celsius", p1s) == 12; },
      15,
      [&] {
        broker.PublishFile(ReportTopic(kP1sSerial), Fixture("rdiger36-spoolman_P1S_delta-2.json"));
      });

  CHECK(Sample(text, "bambu_up",
               {{"printer", "p1s"}, {"serial", kP1sSerial}, {"transport", "lan"}}) == 1);
  CHECK(Sample(text, "bambu_up",
               {{"printer", "x1c"}, {"serial", kX1cSerial}, {"transport", "lan"}}) == 1);
  CHECK(Sample(text, "bambu_bed_temperature_celsius", p1s) == 12);
  CHECK(Sample(text, "bambu_wifi_signal_dbm", p1s) == -68);
  CHECK(Sample(text, "bambu_nozzle_temperature_celsius", p1s) == 15.0625);  // from the full report
  // P1S AMS 0 slot 0: remain 83 on a Bambu spool; unit humidity 5 → level 1.
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", "p1s"}, {"ams", "0"}, {"slot", "0"}}) == 0.83);
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", "p1s"}, {"ams", "0"}, {"slot", "1"}}) == 1.0);
  CHECK(Sample(text, "bambu_ams_humidity_level", {{"printer", "p1s"}, {"ams", "0"}}) == 1);
  // X1C: AMS 0 slot 3 remain 83, AMS 1 slot 0 remain 21; AMS 2 Pro humidity 4 → level 2.
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", "x1c"}, {"ams", "0"}, {"slot", "3"}}) == 0.83);
  CHECK(Sample(text, "bambu_tray_remaining_ratio",
               {{"printer", "x1c"}, {"ams", "1"}, {"slot", "0"}}) == 0.21);
  CHECK(Sample(text, "bambu_ams_humidity_level", {{"printer", "x1c"}, {"ams", "2"}}) == 2);
  CHECK(Sample(text, "bambu_ams_humidity_level", {{"printer", "x1c"}, {"ams", "0"}}) == 1);
  CHECK(Sample(text, "bambu_nozzle_temperature_celsius", x1c) == 26);
  CHECK(CountSamples(text, "bambu_ams_info", "x1c") == 4);
  CHECK(CountSamples(text, "bambu_ams_info", "p1s") == 1);
  CHECK(Sample(text, "bambu_mqtt_messages_received_total", p1s) >= 3);

  CHECK(PromtoolAccepts(broker, text));
  CHECK(exporter.Terminate() == 0);
}

TEST_CASE("bambu_exporter follows two printers played by bambu_sim") {
  BrokerHarness broker;
  const std::string x1c_serial = "00M00A2B0000011";
  const std::string p1s_serial = "01P00C3A0000012";
  ExporterProcess exporter(broker, x1c_serial, p1s_serial);
  pid_t sim = test::SpawnProcess(
      {Binary("bambu_sim"), "--broker", broker.uri(), "--cafile", broker.ca_file(), "--username",
       broker.user(), "--password", broker.password(), "--printer", "X1C:" + x1c_serial,
       "--printer", "P1S:" + p1s_serial, "--interval-ms", "200", "--seed", "7"},
      broker.dir() + "/sim.log");

  std::string text = PollMetrics(
      exporter.port(),
      [](const std::string& t) {
        return CountSamples(t, "bambu_ams_info", "x1c") > 0 &&
               CountSamples(t, "bambu_ams_info", "p1s") > 0;
      },
      30);
  CHECK(CountSamples(text, "bambu_ams_info", "x1c") == 4);  // AMS 0, 1, AMS 2 Pro 2, AMS HT 128
  CHECK(CountSamples(text, "bambu_ams_info", "p1s") == 1);
  CHECK(Sample(text, "bambu_up", {{"printer", "p1s"}, {"transport", "lan"}}) == 1);
  // The simulated job is running on both.
  CHECK(Sample(text, "bambu_print_state", {{"printer", "p1s"}, {"state", "RUNNING"}}) == 1);
  CHECK(Sample(text, "bambu_print_state", {{"printer", "x1c"}, {"state", "RUNNING"}}) == 1);
  CHECK(PromtoolAccepts(broker, text));

  CHECK(test::StopProcess(sim, SIGTERM, 10) == 0);
  CHECK(exporter.Terminate() == 0);
}

}  // namespace bambu
