// Discovery end to end on loopback: bambu_sim plays a fleet through one mosquitto and sends each
// printer's SSDP announcement to the exporter's discovery port; the exporter has no printers:
// entries, only a directory of access codes. Also the two real captures replayed, hostile
// datagrams, and `bambu_exporter discover` whose fragment passes --config.check. Every wait is a
// bounded poll; the time each took is printed, never asserted.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "broker_harness.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using test::Binary;
using test::BrokerHarness;
using test::ExporterProcess;

constexpr int kCoded = 50;                   // printers with a code
constexpr char kPrefix[] = "01P00D";         // bambu_sim appends six digits
const std::string kNoCode = "01P00D000051";  // the 51st printer: no code file
const std::string kMoved = "01P00D000007";   // moves to 127.0.0.2

std::string SerialOf(int n) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%06d", n);
  return kPrefix + std::string(digits);
}

/// A UDP port on 127.0.0.1 nobody has bound right now.
int FreeUdpPort() {
  const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
  ::close(fd);
  return ntohs(addr.sin_port);
}

/// Sends datagrams to 127.0.0.1:port from one socket.
class UdpSender {
 public:
  explicit UdpSender(int port) : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    to_.sin_family = AF_INET;
    to_.sin_port = htons(static_cast<std::uint16_t>(port));
    to_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }
  ~UdpSender() { ::close(fd_); }
  void Send(const std::string& bytes) const {
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to_),
             sizeof to_);
  }

 private:
  int fd_;
  sockaddr_in to_{};
};

/// Samples of `family` whose line contains every text of `has`: label text → value.
std::map<std::string, double> Samples(const std::string& metrics, const std::string& family,
                                      const std::vector<std::string>& has = {}) {
  std::map<std::string, double> out;
  std::istringstream lines(metrics);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(family + "{", 0) != 0) continue;
    bool all = true;
    for (const std::string& text : has) all = all && line.find(text) != std::string::npos;
    if (!all) continue;
    const auto space = line.rfind(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

double Sample(const std::string& metrics, const std::string& series) {
  const auto at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(metrics.substr(at + series.size() + 2));
}

/// Polls /metrics until `done(text)` or `timeout_s`; returns the last text and the seconds taken.
std::pair<std::string, double> PollMetrics(int port, double timeout_s,
                                           const std::function<bool(const std::string&)>& done) {
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration<double>(timeout_s);
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto text = test::HttpGet(port, "/metrics")) {
      last = *text;
      if (done(last)) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return {last, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

/// bambu_discovery_packets_total{reason="accepted"} once two scrapes 500 ms apart agree.
double SettledAccepted(int port) {
  const std::string series = "bambu_discovery_packets_total{reason=\"accepted\"}";
  double last = -1;
  for (int i = 0; i < 120; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const auto text = test::HttpGet(port, "/metrics");
    const double now = text ? Sample(*text, series) : -1;
    if (now >= 0 && now == last) return now;
    last = now;
  }
  return last;
}

int CountLines(const std::string& text, const std::string& needle) {
  int count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

std::string DiscoveryYaml(int udp_port, const std::string& codes_dir, const BrokerHarness& broker,
                          bool auto_add) {
  return "discovery:\n  listen_address: \"127.0.0.1:" + std::to_string(udp_port) +
         "\"\n  multicast: false\n  auto_add: " + (auto_add ? "true" : "false") +
         "\n  access_codes_dir: " + codes_dir + "\n  mqtt_port: " + std::to_string(broker.port()) +
         "\n  tls:\n    ca_file: " + broker.ca_file() + "\n";
}

std::string MakeCodeDir(const BrokerHarness& broker, int coded) {
  const std::string dir = broker.dir() + "/codes";
  ::mkdir(dir.c_str(), 0700);
  for (int n = 1; n <= coded; ++n) {
    const std::string file = dir + "/" + SerialOf(n);
    test::WriteFile(file, broker.password() + "\n");
    ::chmod(file.c_str(), 0600);
  }
  return dir;
}

std::string ReadFixture(const std::string& name) { return test::ReadFile(test::Fixture(name)); }

}  // namespace

TEST_CASE(
    "discovery: 50 announced printers with codes are watched with no printers: entries, "
    "a moved one is followed, one without a code is listed as unwatched") {
  BrokerHarness broker;
  broker.ListenAlso("127.0.0.2");
  const std::string codes = MakeCodeDir(broker, kCoded);
  const int udp_port = FreeUdpPort();
  ExporterProcess exporter(
      broker.dir() + "/exporter.yaml", broker.dir() + "/exporter.log",
      [&](int port) {
        return "listen_address: \"127.0.0.1:" + std::to_string(port) + "\"\n" +
               DiscoveryYaml(udp_port, codes, broker, true);
      },
      /*debug_log=*/false);
  const pid_t sim = test::SpawnProcess({Binary("bambu_sim"),
                                        "--broker",
                                        broker.uri(),
                                        "--cafile",
                                        broker.ca_file(),
                                        "--username",
                                        broker.user(),
                                        "--password",
                                        broker.password(),
                                        "--count",
                                        std::to_string(kCoded + 1),
                                        "--model",
                                        "P1S",
                                        "--serial-prefix",
                                        kPrefix,
                                        "--interval-ms",
                                        "1000",
                                        "--seed",
                                        "5",
                                        "--announce-to",
                                        "127.0.0.1:" + std::to_string(udp_port),
                                        "--announce-interval-ms",
                                        "1000",
                                        "--move",
                                        kMoved + "=127.0.0.2"},
                                       broker.dir() + "/sim.log");

  const auto [all, all_s] = PollMetrics(exporter.port(), 90, [](const std::string& text) {
    return Samples(text, "bambu_up", {"} 1"}).size() == kCoded &&
           Samples(text, "bambu_discovered_printer_info", {"watched=\"no_code\""}).size() == 1;
  });
  MESSAGE("all 50 printers up " << all_s << " s after the exporter and the sim started");
  CHECK(Samples(all, "bambu_up", {"} 1"}).size() == kCoded);
  CHECK(Samples(all, "bambu_discovered_printer_info", {"watched=\"yes\""}).size() == kCoded);
  const auto unwatched = Samples(all, "bambu_discovered_printer_info", {"watched=\"no_code\""});
  REQUIRE(unwatched.size() == 1);
  CHECK(unwatched.begin()->first ==
        "bambu_discovered_printer_info{address=\"127.0.0.1\",bind_state=\"free\",connect_mode="
        "\"lan\",model=\"P1S\",name=\"Sim P1S 0051\",serial=\"01P00D000051\",watched=\"no_code\"}");
  CHECK(Samples(all, "bambu_up", {"serial=\"" + kNoCode + "\""}).empty());
  CHECK(Sample(all, "bambu_discovered_printer_wifi_signal_dbm{serial=\"" + kNoCode + "\"}") == -48);
  // The auto-added printer is named after its announcement.
  CHECK(
      Samples(all, "bambu_up", {"printer=\"Sim P1S 0007\"", "serial=\"" + kMoved + "\""}).size() ==
      1);
  const auto page = test::HttpGet(exporter.port(), "/");
  REQUIRE(page);
  CHECK(page->find("On the network, not watched") != std::string::npos);
  CHECK(page->find("<td>01P00D000051</td>") != std::string::npos);
  CHECK(page->find("no access code for this serial") != std::string::npos);
  const auto table = page->find("<table class=\"unwatched\">");
  REQUIRE(table != std::string::npos);
  CHECK(CountLines(page->substr(table, page->find("</table>", table) - table), "<tr><td>") == 1);

  REQUIRE(::kill(sim, SIGUSR1) == 0);
  const std::string moved_info = "address=\"127.0.0.2\"";
  const auto [after, moved_s] = PollMetrics(exporter.port(), 60, [&](const std::string& text) {
    return Samples(text, "bambu_discovered_printer_info", {moved_info, kMoved}).size() == 1 &&
           Samples(text, "bambu_up", {"} 1", "serial=\"" + kMoved + "\""}).size() == 1 &&
           exporter.Log().find("uri=ssl://127.0.0.2:") != std::string::npos;
  });
  MESSAGE("the moved printer followed and up " << moved_s << " s after SIGUSR1");
  CHECK(Samples(after, "bambu_discovered_printer_info", {moved_info, kMoved}).size() == 1);
  CHECK(Samples(after, "bambu_up", {"} 1", "serial=\"" + kMoved + "\""}).size() == 1);
  CHECK(Samples(after, "bambu_up", {"} 1"}).size() == kCoded);
  const std::string log = exporter.Log();
  CHECK(CountLines(log, "msg=\"printer address changed, reconnecting\"") == 1);
  CHECK(CountLines(log, "old=127.0.0.1 new=127.0.0.2") == 2);  // announced, and reconnecting
  CHECK(log.find("uri=ssl://127.0.0.2:" + std::to_string(broker.port())) != std::string::npos);
  CHECK(test::StopProcess(sim, SIGTERM, 10) == 0);
  CHECK(exporter.Terminate() == 0);
}

TEST_CASE("discovery: real captures replayed, hostile datagrams counted, the table bounded") {
  BrokerHarness broker;
  const std::string codes = MakeCodeDir(broker, 0);
  // The P1P's serial has a code but there is no printers: entry and auto_add is off.
  test::WriteFile(codes + "/01S00C123456789", "12345678\n");
  ::chmod((codes + "/01S00C123456789").c_str(), 0600);
  const int udp_port = FreeUdpPort();
  ExporterProcess exporter(
      broker.dir() + "/exporter.yaml", broker.dir() + "/exporter.log",
      [&](int port) {
        return "listen_address: \"127.0.0.1:" + std::to_string(port) + "\"\n" +
               DiscoveryYaml(udp_port, codes, broker, false) + "printers:\n" +
               test::PrinterYaml("bench", "BENCH1", broker);
      },
      /*debug_log=*/false);
  REQUIRE(PollMetrics(exporter.port(), 30, [](const std::string& text) {
            return text.find("bambu_discovery_packets_total") != std::string::npos;
          }).first.size() > 0);
  const UdpSender sender(udp_port);
  const std::string x1c = ReadFixture("ssdp/kittycad_X1C_notify.txt");
  sender.Send(x1c);
  sender.Send(ReadFixture("ssdp/bambu-farm_P1P_notify.txt"));
  sender.Send(std::string(3000, 'A'));           // oversized
  sender.Send(x1c.substr(0, x1c.find("USN:")));  // truncated before USN
  sender.Send(std::string("\x16\x03\x01\x00\xa5\x01\x00\x00", 8) + "binary");  // a TLS hello
  sender.Send("M-SEARCH * HTTP/1.1\r\nST: urn:bambulab-com:device:3dprinter:1\r\n\r\n");
  const auto [replayed, replay_s] = PollMetrics(exporter.port(), 30, [](const std::string& text) {
    return Samples(text, "bambu_discovered_printer_info").size() == 2 &&
           Sample(text, "bambu_discovery_packets_total{reason=\"not_notify\"}") == 1;
  });
  CHECK(Samples(replayed, "bambu_discovered_printer_info") ==
        std::map<std::string, double>{
            {"bambu_discovered_printer_info{address=\"192.168.1.68\",bind_state=\"free\","
             "connect_mode=\"lan\",model=\"X1C\",name=\"3DP-00M-629\",serial=\"00M09C452703629\","
             "watched=\"no_code\"}",
             1},
            {"bambu_discovered_printer_info{address=\"192.168.1.71\",bind_state=\"free\","
             "connect_mode=\"lan\",model=\"P1P\",name=\"P1P farm 7\",serial=\"01S00C123456789\","
             "watched=\"not_configured\"}",
             1}});
  CHECK(Sample(replayed, "bambu_discovered_printer_wifi_signal_dbm{serial=\"00M09C452703629\"}") ==
        -51);
  CHECK(Sample(replayed, "bambu_discovery_packets_total{reason=\"accepted\"}") == 2);
  CHECK(Sample(replayed, "bambu_discovery_packets_total{reason=\"oversized\"}") == 1);
  CHECK(Sample(replayed, "bambu_discovery_packets_total{reason=\"missing_field\"}") == 1);
  CHECK(Sample(replayed, "bambu_discovery_packets_total{reason=\"binary\"}") == 1);
  CHECK(Sample(replayed, "bambu_discovery_packets_total{reason=\"not_notify\"}") == 1);
  // Only the configured printer is a session: nothing connects to the captures' LAN addresses.
  CHECK(Samples(replayed, "bambu_up").size() == 1);

  // A flood from one sender: 10,000 announcements in about a second; scrapes are answered.
  int scrapes_answered = 0;
  for (int burst = 0; burst < 10; ++burst) {
    for (int i = 0; i < 1000; ++i) sender.Send(x1c);
    if (test::HttpGet(exporter.port(), "/metrics")) ++scrapes_answered;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(scrapes_answered == 10);
  const double after_flood = SettledAccepted(exporter.port());
  CHECK(after_flood > 2);
  CHECK(after_flood <= 10002);  // what the kernel buffer could not hold was dropped there
  // 10,000 distinct fake serials, paced; a datagram the kernel drops under load never counts.
  std::string fake = x1c;
  const std::string serial_line = "USN: 00M09C452703629";
  const auto at = fake.find(serial_line);
  for (int i = 0; i < 10000; ++i) {
    char serial[32];
    std::snprintf(serial, sizeof serial, "USN: FAKE%011d", i);
    sender.Send(fake.replace(at, serial_line.size(), serial));
    if (i % 100 == 99) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const double accepted = SettledAccepted(exporter.port());
  const double fakes = accepted - after_flood;  // each one a new serial
  CHECK(fakes > 5000);
  const std::string flooded = *test::HttpGet(exporter.port(), "/metrics");
  CHECK(Samples(flooded, "bambu_discovered_printer_info").size() ==
        1024);  // DiscoveredPrinters::kDefaultMaxEntries
  // Every new serial beyond the bound evicted the oldest unwatched one: 2 + fakes - 1,024.
  CHECK(Sample(flooded, "bambu_discovered_printers_forgotten_total{why=\"evicted\"}") ==
        2 + fakes - 1024);
  CHECK(Sample(flooded, "bambu_discovery_packets_total{reason=\"table_full\"}") == 0);
  const std::string status = test::ReadFile("/proc/" + std::to_string(exporter.pid()) + "/status");
  const auto rss = status.find("VmRSS:");
  MESSAGE("after the floods: " << status.substr(rss, status.find('\n', rss) - rss) << ", "
                               << after_flood - 2 << " of 10,000 flood and " << fakes
                               << " of 10,000 fake-serial announcements accepted");
  CHECK(exporter.Terminate() == 0);
}

TEST_CASE("discovery: the fragment bambu_exporter discover prints passes --config.check") {
  BrokerHarness broker;
  const std::string codes = MakeCodeDir(broker, 0);
  const int udp_port = FreeUdpPort();
  const std::string fragment = broker.dir() + "/fragment.yaml";
  const pid_t discover = test::SpawnProcess(
      {"/bin/sh", "-c",
       Binary("bambu_exporter") + " discover --duration=4s --multicast=false --listen-address=" +
           "127.0.0.1:" + std::to_string(udp_port) + " --codes-dir=" + codes + " > " + fragment},
      broker.dir() + "/discover.log");
  const UdpSender sender(udp_port);
  for (int i = 0; i < 12; ++i) {  // 3 s of announcements, the way a printer repeats them
    sender.Send(ReadFixture("ssdp/kittycad_X1C_notify.txt"));
    sender.Send(ReadFixture("ssdp/bambu-farm_P1P_notify.txt"));
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  REQUIRE(test::StopProcess(discover, 0, 20) == 0);
  const std::string text = test::ReadFile(fragment);
  CHECK(text.find("  - name: \"3DP-00M-629\"  # X1C, 192.168.1.68, -51 dBm, fw 01.08.00.00\n"
                  "    serial: \"00M09C452703629\"\n    access_code_file: \"" +
                  codes + "/00M09C452703629\"\n") != std::string::npos);
  CHECK(text.find("access_code:") == std::string::npos);  // paths, never values
  // Saved as the config, with the code files in place, it runs.
  for (const std::string serial : {"00M09C452703629", "01S00C123456789"}) {
    test::WriteFile(codes + "/" + serial, "12345678\n");
    ::chmod((codes + "/" + serial).c_str(), 0600);
  }
  CHECK(test::RunCommand(
            {Binary("bambu_exporter"), "--config.file=" + fragment, "--config.check"}) == 0);
}

}  // namespace bambu
