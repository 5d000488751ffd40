// Helpers for end-to-end tests that run bambu_exporter as a child process against
// a BrokerHarness and talk to it over loopback HTTP. Every wait is a bounded poll.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "broker_harness.hpp"

namespace bambu::test {

inline std::string Fixture(const std::string& name) {
  return std::string(BAMBU_FIXTURE_DIR) + "/" + name;
}
inline std::string ReportTopic(const std::string& serial) { return "device/" + serial + "/report"; }
inline std::string Binary(const std::string& name) {
  return std::string(BAMBU_BINARY_DIR) + "/" + name;
}

struct HttpResult {
  int status = 0;  // 0: no answer
  std::string body;
  std::string raw;  // status line, headers and body as received
};

/// Sends `method target` (no body) to 127.0.0.1:port and reads the whole answer;
/// `extra_headers` are whole "Name: value\r\n" lines.
inline HttpResult HttpRequest(int port, const std::string& method, const std::string& target,
                              const std::string& extra_headers = "") {
  HttpResult result;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return result;
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                extra_headers + "Content-Length: 0\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[65536];
      ssize_t n = 0;
      while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) response.append(buffer, n);
    }
  }
  ::close(fd);
  const auto header_end = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.1 ", 0) != 0 || header_end == std::string::npos) return result;
  result.status = std::stoi(response.substr(9, 3));
  result.body = response.substr(header_end + 4);
  result.raw = std::move(response);
  return result;
}

/// GET `target` from 127.0.0.1:port; returns the body, or nullopt unless the answer is 200.
inline std::optional<std::string> HttpGet(int port, const std::string& target) {
  HttpResult result = HttpRequest(port, "GET", target);
  if (result.status != 200) return std::nullopt;
  return std::move(result.body);
}

using Labels = std::initializer_list<std::pair<const char*, std::string>>;

/// The value of the first sample of `name` whose labels include all `labels`.
inline std::optional<double> Sample(const std::string& text, const std::string& name,
                                    Labels labels) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(name + "{", 0) != 0 && line.rfind(name + " ", 0) != 0) continue;
    const auto close = line.rfind('}');
    const std::string label_text = close == std::string::npos ? "" : line.substr(0, close + 1);
    bool match = true;
    for (const auto& [key, value] : labels) {
      const std::string pair = std::string(key) + "=\"" + value + "\"";
      match = match && (label_text.find("{" + pair) != std::string::npos ||
                        label_text.find("," + pair) != std::string::npos);
    }
    if (match) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return std::nullopt;
}

/// Number of sample lines (any family) carrying label printer=`printer`.
inline int CountPrinterSamples(const std::string& text, const std::string& printer) {
  std::istringstream lines(text);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    if (!line.starts_with('#') && line.find("printer=\"" + printer + "\"") != std::string::npos) {
      ++count;
    }
  }
  return count;
}

/// Number of samples of `name` with label printer=`printer`.
inline int CountSamples(const std::string& text, const std::string& name,
                        const std::string& printer) {
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

/// Whether `promtool check metrics` accepts `scrape` (written to `dir`/scrape.txt).
inline bool PromtoolAccepts(const std::string& dir, const std::string& scrape) {
  const std::string file = dir + "/scrape.txt";
  WriteFile(file, scrape);
  return RunCommand({"sh", "-c", "promtool check metrics < '" + file + "'"}) == 0;
}

/// Polls /metrics (running `nudge` before each poll) until `ready(text)`; returns the last text.
inline std::string PollMetrics(int port, const std::function<bool(const std::string&)>& ready,
                               double timeout_s, const std::function<void()>& nudge = {}) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    if (nudge) nudge();
    HttpResult result = HttpRequest(port, "GET", "/metrics");
    if (result.status == 200) {
      last = std::move(result.body);
      if (ready(last)) return last;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  return last;
}

/// Polls until `done()` holds or `timeout_s` passes; returns done().
inline bool WaitFor(const std::function<bool()>& done, double timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return done();
}

/// One `printers:` entry for a printer on `broker`.
inline std::string PrinterYaml(const std::string& name, const std::string& serial,
                               const BrokerHarness& broker) {
  return "  - name: " + name + "\n    serial: \"" + serial +
         "\"\n    host: 127.0.0.1\n    port: " + std::to_string(broker.port()) +
         "\n    access_code: \"" + broker.password() +
         "\"\n    tls:\n      ca_file: " + broker.ca_file() + "\n";
}

/// bambu_exporter as a child process reading `dir`/exporter.yaml, logging to `dir`/exporter.log.
class ExporterProcess {
 public:
  /// The whole config text for an exporter listening on 127.0.0.1:`port`.
  using ConfigFor = std::function<std::string(int port)>;

  /// Writes the config (listen address + `printers_yaml`) and starts the exporter.
  ExporterProcess(const std::string& dir, const std::string& printers_yaml)
      : ExporterProcess(dir + "/exporter.yaml", dir + "/exporter.log", [&](int port) {
          return ListenYaml(port) + "printers:\n" + printers_yaml;
        }) {}
  /// Writes `config_for(port)` to `config_file` and starts the exporter, logging to `log_file`
  /// (at debug level when `debug_log`), with `extra_flags` after the others; `launcher` (e.g.
  /// "env LD_PRELOAD=... ") runs before the binary when not empty.
  ExporterProcess(std::string config_file, std::string log_file, const ConfigFor& config_for,
                  bool debug_log = true, const std::vector<std::string>& extra_flags = {},
                  const std::vector<std::string>& launcher = {})
      : port_(FreeLoopbackPort()), config_(std::move(config_file)), log_(std::move(log_file)) {
    WriteFile(config_, config_for(port_));
    std::vector<std::string> argv = launcher;
    argv.insert(argv.end(), {Binary("bambu_exporter"), "--config.file=" + config_});
    if (debug_log) argv.push_back("--log.level=debug");
    argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
    pid_ = SpawnProcess(argv, log_);
  }
  ~ExporterProcess() {
    if (pid_ > 0) StopProcess(pid_, SIGKILL, 5);
  }
  ExporterProcess(const ExporterProcess&) = delete;
  ExporterProcess& operator=(const ExporterProcess&) = delete;

  /// Rewrites the config file with the same listen address and `printers_yaml`.
  void WriteConfig(const std::string& printers_yaml) const {
    WriteFile(config_, ListenYaml(port_) + "printers:\n" + printers_yaml);
  }
  void WriteRawConfig(const std::string& text) const { WriteFile(config_, text); }
  bool Signal(int signal) const { return pid_ > 0 && ::kill(pid_, signal) == 0; }
  std::string Log() const { return ReadFile(log_); }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  /// SIGTERM; the exit status, or -1 when it did not exit by itself within 10 s.
  int Terminate() { return StopProcess(std::exchange(pid_, -1), SIGTERM, 10); }

 private:
  static std::string ListenYaml(int port) {
    return "listen_address: \"127.0.0.1:" + std::to_string(port) + "\"\n";
  }

  int port_;
  std::string config_;
  std::string log_;
  pid_t pid_ = -1;
};

}  // namespace bambu::test
