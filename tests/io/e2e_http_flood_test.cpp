// End to end: bambu_exporter's HTTP server under hundreds of silent and slow connections,
// plain and with TLS (docs/security.md, "HTTP server"). A flood thread per exporter plays a LAN
// neighbour at 127.0.0.2 that keeps 300 sockets open for 40 s, more than the server's limit of
// 256: two in three send nothing, one in three trickles a request head (or a TLS ClientHello)
// one byte every 2 s, and every socket the server closes is opened again within 50 ms.
// Meanwhile curl scrapes /metrics and /-/healthy of both exporters from 127.0.0.1 once a second.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "broker_harness.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kFloodSockets = 300;
constexpr int kSeconds = 40;
constexpr auto kTrickleEvery = std::chrono::seconds(2);
constexpr auto kFloodPass = std::chrono::milliseconds(50);  // reopen closed sockets this often
constexpr const char* kNeighbour = "127.0.0.2";

/// Keeps `count` hostile connections to 127.0.0.1:port open on its own thread until destroyed.
class Flood {
 public:
  Flood(int port, bool tls) : port_(port), tls_(tls), thread_([this] { Run(); }) {}
  ~Flood() {
    stop_ = true;
    thread_.join();
  }
  Flood(const Flood&) = delete;
  Flood& operator=(const Flood&) = delete;

  /// Connections opened so far (the first kFloodSockets, then every reopen).
  int opened() const { return opened_; }

 private:
  struct Slot {
    int fd = -1;
    bool slow = false;  // trickles a head; else silent
    std::size_t sent = 0;
    Clock::time_point next_send;
  };

  void Run() {
    std::vector<Slot> slots(kFloodSockets);
    for (std::size_t i = 0; i < slots.size(); ++i) slots[i].slow = i % 3 == 2;
    while (!stop_) {
      const auto pass = Clock::now();
      for (Slot& slot : slots) {
        if (slot.fd < 0) Open(slot);
      }
      std::vector<pollfd> fds;
      for (const Slot& slot : slots) fds.push_back({slot.fd, POLLIN | POLLRDHUP, 0});
      std::this_thread::sleep_until(pass + kFloodPass);
      ::poll(fds.data(), fds.size(), 0);
      const auto now = Clock::now();
      for (std::size_t i = 0; i < slots.size(); ++i) {
        Slot& slot = slots[i];
        bool closed = (fds[i].revents & (POLLIN | POLLRDHUP | POLLHUP | POLLERR)) != 0;
        if (!closed && slot.slow && now >= slot.next_send) closed = !Trickle(slot, now);
        if (closed) Close(slot);
      }
    }
    for (Slot& slot : slots) Close(slot);
  }

  void Open(Slot& slot) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, kNeighbour, &from.sin_addr);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof(from)) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      if (fd >= 0) ::close(fd);
      return;
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    slot.fd = fd;
    slot.sent = 0;
    slot.next_send = Clock::now();
    ++opened_;
  }

  /// Sends the next byte of a head that never ends; false when the socket is gone.
  bool Trickle(Slot& slot, Clock::time_point now) {
    // A request head without its blank line, or a TLS handshake record header and the start
    // of a ClientHello that never completes.
    static const std::string kHttp = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaa";
    static const std::string kTls =
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) + std::string(64, '\x2a');
    const std::string& head = tls_ ? kTls : kHttp;
    slot.next_send = now + kTrickleEvery;
    if (slot.sent >= head.size()) return true;
    return ::send(slot.fd, head.data() + slot.sent++, 1, MSG_NOSIGNAL) == 1;
  }

  static void Close(Slot& slot) {
    if (slot.fd >= 0) ::close(slot.fd);
    slot.fd = -1;
  }

  int port_;
  bool tls_;
  std::atomic<bool> stop_ = false;
  std::atomic<int> opened_ = 0;
  std::thread thread_;
};

/// GET `url` with curl (5 s at most, certificate checked against `ca_file` for https);
/// true on a 2xx answer. The body goes to `body_file` when given.
bool CurlOk(const std::string& url, const std::string& ca_file,
            const std::string& body_file = "/dev/null") {
  std::vector<std::string> argv = {"curl", "-sf", "--max-time", "5", "-o", body_file};
  if (!ca_file.empty()) argv.insert(argv.end(), {"--cacert", ca_file});
  argv.push_back(url);
  const int rc = test::RunCommand(argv);
  if (rc != 0) MESSAGE("curl " << url << " exit " << rc);
  return rc == 0;
}

/// One exporter under test: its URL scheme, CA file (TLS) and the answers counted.
struct Target {
  std::string name;
  std::string base_url;
  std::string ca_file;
  int metrics_ok = 0;
  int healthy_ok = 0;

  double Counter(const std::string& dir, const std::string& metric) const {
    const std::string file = dir + "/" + name + "-metrics.txt";
    if (!CurlOk(base_url + "/metrics", ca_file, file)) return -1;
    return test::Sample(test::ReadFile(file), metric, {}).value_or(-1);
  }
};

}  // namespace

TEST_CASE(
    "bambu_exporter answers scrapes and health checks under 300 silent or slow "
    "connections, plain and TLS") {
  std::string dir_pattern =
      (std::filesystem::temp_directory_path() / "bambu-flood-XXXXXX").string();
  REQUIRE(::mkdtemp(dir_pattern.data()) != nullptr);
  const std::string dir = dir_pattern;
  // A self-signed server certificate for 127.0.0.1 (its own CA for curl).
  REQUIRE(test::RunCommand({"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj",
                            "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                            dir + "/server.key", "-out", dir + "/server.crt"}) == 0);
  test::WriteFile(dir + "/web.yml",
                  "tls_server_config:\n  cert_file: server.crt\n"
                  "  key_file: server.key\n");
  // One printer that is never reachable: the HTTP side is under test.
  const std::string printers =
      "printers:\n  - serial: 01P00A000000051\n    host: 127.0.0.1\n"
      "    port: " +
      std::to_string(test::FreeLoopbackPort()) + "\n    access_code: \"12345678\"\n";
  const auto config_for = [&](int port) {
    return "listen_address: \"127.0.0.1:" + std::to_string(port) + "\"\n" + printers;
  };
  test::ExporterProcess plain(dir + "/plain.yaml", dir + "/plain.log", config_for, false);
  test::ExporterProcess tls(dir + "/tls.yaml", dir + "/tls.log", config_for, false,
                            {"--web.config.file=" + dir + "/web.yml"});
  std::vector<Target> targets = {
      {"plain", "http://127.0.0.1:" + std::to_string(plain.port()), ""},
      {"tls", "https://127.0.0.1:" + std::to_string(tls.port()), dir + "/server.crt"}};
  for (const Target& target : targets) {
    REQUIRE(
        test::WaitFor([&] { return CurlOk(target.base_url + "/-/healthy", target.ca_file); }, 15));
  }

  int rounds = 0;
  int plain_opened = 0;
  int tls_opened = 0;
  {
    Flood plain_flood(plain.port(), false);
    Flood tls_flood(tls.port(), true);
    const auto start = Clock::now();
    for (; rounds < kSeconds; ++rounds) {
      std::this_thread::sleep_until(start + std::chrono::seconds(rounds));
      for (Target& target : targets) {
        target.metrics_ok += CurlOk(target.base_url + "/metrics", target.ca_file);
        target.healthy_ok += CurlOk(target.base_url + "/-/healthy", target.ca_file);
      }
    }
    for (const Target& target : targets) {
      // The limit (256) was reached and connections were shed, still under attack.
      CHECK(target.Counter(dir, "bambu_exporter_http_connections_shed_total") > 0);
    }
    plain_opened = plain_flood.opened();
    tls_opened = tls_flood.opened();
  }
  for (const Target& target : targets) {
    MESSAGE(target.name << ": /metrics " << target.metrics_ok << "/" << rounds << ", /-/healthy "
                        << target.healthy_ok << "/" << rounds);
    CHECK(target.metrics_ok >= rounds * 9 / 10);
    CHECK(target.healthy_ok >= rounds * 9 / 10);
  }
  MESSAGE("flood connections opened: plain " << plain_opened << ", tls " << tls_opened);
  CHECK(plain_opened > kFloodSockets);  // the server closed flood sockets, which came back
  CHECK(tls_opened > kFloodSockets);
  // The silent TLS clients failed their handshakes, and the exporters are alive.
  CHECK(targets[1].Counter(dir, "bambu_exporter_http_tls_handshake_failures_total") > 0);
  CHECK(plain.Terminate() == 0);
  CHECK(tls.Terminate() == 0);
  std::filesystem::remove_all(dir);
}

}  // namespace bambu
