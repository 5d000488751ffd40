// End to end: secrets never leak. A real bambu_exporter (debug log) serves three LAN printers whose
// access codes come inline, from a file and from an environment variable, behind basic auth from
// a --web.config.file. After scrapes, the JSON view, a failed auth, a rejected and an accepted
// reload and SIGTERM, no secret (nor the bcrypt hash) appears in the log or any response body.
#include <crypt.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "broker_harness.hpp"
#include "exporter_process.hpp"

namespace bambu {
namespace {

using test::Fixture;
using test::HttpResult;
using test::ReportTopic;
using test::Sample;

constexpr char kInlineCode[] = "SECRETinline1";
constexpr char kFileCode[] = "SECRETfile22";
constexpr char kEnvCode[] = "SECRETenv333";
constexpr char kWebPassword[] = "SECRETweb4444";
constexpr char kEnvName[] = "BAMBU_E2E_SECRETS_ACCESS_CODE";
constexpr char kSerialA[] = "01P00C3A0000061";
constexpr char kSerialB[] = "01P00C3A0000062";
constexpr char kSerialC[] = "01P00C3A0000063";
const char* const kP1sFull = "rdiger36-spoolman_P1S-AMS_full.json";

std::string BcryptHash(const std::string& password) {
  std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> salt{};
  REQUIRE(crypt_gensalt_rn("$2y$", 10, nullptr, 0, salt.data(), static_cast<int>(salt.size())) !=
          nullptr);
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  return crypt_r(password.c_str(), salt.data(), data.get());
}

std::string Base64(const std::string& in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    std::uint32_t chunk = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) chunk |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) chunk |= static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(chunk >> 18) & 63];
    out += kAlphabet[(chunk >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[chunk & 63] : '=';
  }
  return out;
}

/// `method target` to 127.0.0.1:port with basic auth `user:password` (none when user is
/// empty); the body is the whole answer, headers included: they must not leak either.
HttpResult AuthRequest(int port, const std::string& method, const std::string& target,
                       const std::string& user, const std::string& password) {
  const std::string auth =
      user.empty() ? "" : "Authorization: Basic " + Base64(user + ":" + password) + "\r\n";
  HttpResult result = test::HttpRequest(port, method, target, auth);
  result.body = std::move(result.raw);
  return result;
}

HttpResult Get(int port, const std::string& target) {
  return AuthRequest(port, "GET", target, "admin", kWebPassword);
}

/// One printer entry on `broker`; `code_line` is its access_code* line.
std::string PrinterEntry(const std::string& name, const std::string& serial,
                         const test::BrokerHarness& broker, const std::string& code_line,
                         const std::string& port) {
  return "  - name: " + name + "\n    serial: \"" + serial +
         "\"\n    host: 127.0.0.1\n    port: " + port + "\n    " + code_line +
         "\n    tls:\n      ca_file: " + broker.ca_file() + "\n";
}

}  // namespace

TEST_CASE("e2e secrets: access codes and web passwords never appear in logs or pages") {
  // One broker per printer, each accepting only that printer's access code.
  test::BrokerHarness broker_a(kSerialA, "bblp", kInlineCode);
  test::BrokerHarness broker_b(kSerialB, "bblp", kFileCode);
  test::BrokerHarness broker_c(kSerialC, "bblp", kEnvCode);
  const std::string dir = broker_a.dir();
  const std::string code_file = dir + "/access_code.txt";
  test::WriteFile(code_file, std::string(kFileCode) + "\n");
  REQUIRE(::setenv(kEnvName, kEnvCode, 1) == 0);

  const std::string hash = BcryptHash(kWebPassword);
  REQUIRE(hash.rfind("$2y$10$", 0) == 0);
  const std::string web_config = dir + "/web.yml";
  test::WriteFile(web_config, "basic_auth_users:\n  admin: '" + hash + "'\n");

  const int port = test::FreeLoopbackPort();
  const std::string config = dir + "/exporter.yaml";
  auto write_config = [&](const std::string& port_b) {
    test::WriteFile(
        config,
        "listen_address: \"127.0.0.1:" + std::to_string(port) + "\"\nprinters:\n" +
            PrinterEntry("a", kSerialA, broker_a,
                         std::string("access_code: \"") + kInlineCode + "\"",
                         std::to_string(broker_a.port())) +
            PrinterEntry("b", kSerialB, broker_b, "access_code_file: " + code_file, port_b) +
            PrinterEntry("c", kSerialC, broker_c, std::string("access_code_env: ") + kEnvName,
                         std::to_string(broker_c.port())));
  };
  write_config(std::to_string(broker_b.port()));
  const std::string log_path = dir + "/exporter.log";
  pid_t pid = test::SpawnProcess(
      {std::string(BAMBU_BINARY_DIR) + "/bambu_exporter", "--config.file=" + config,
       "--web.config.file=" + web_config, "--log.level=debug"},
      log_path);
  REQUIRE(pid > 0);
  std::vector<std::string> bodies;

  // Every printer connects (its code was resolved) and reports the fixture.
  auto all_reported = [&](const std::string& text) {
    for (const char* name : {"a", "b", "c"}) {
      if (Sample(text, "bambu_tray_remaining_ratio",
                 {{"printer", name}, {"ams", "0"}, {"slot", "0"}}) != 0.83) {
        return false;
      }
    }
    return true;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  HttpResult metrics;
  while (std::chrono::steady_clock::now() < deadline) {
    broker_a.PublishFile(ReportTopic(kSerialA), Fixture(kP1sFull));
    broker_b.PublishFile(ReportTopic(kSerialB), Fixture(kP1sFull));
    broker_c.PublishFile(ReportTopic(kSerialC), Fixture(kP1sFull));
    metrics = Get(port, "/metrics");
    if (metrics.status == 200 && all_reported(metrics.body)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  REQUIRE(metrics.status == 200);
  REQUIRE(all_reported(metrics.body));
  for (const char* name : {"a", "b", "c"}) {
    CHECK(Sample(metrics.body, "bambu_up", {{"printer", name}}) == 1);
  }
  bodies.push_back(metrics.body);

  const HttpResult landing = Get(port, "/");
  CHECK(landing.status == 200);
  CHECK(landing.body.find("/metrics") != std::string::npos);
  bodies.push_back(landing.body);

  const HttpResult printers = Get(port, "/api/v1/printers");
  CHECK(printers.status == 200);
  CHECK(printers.body.find(kSerialA) != std::string::npos);
  CHECK(printers.body.find(kSerialC) != std::string::npos);
  bodies.push_back(printers.body);

  const HttpResult ams = Get(port, std::string("/api/v1/printers/") + kSerialB + "/ams");
  CHECK(ams.status == 200);
  CHECK(ams.body.find("\"remain\":83") != std::string::npos);  // slot 0: 0.83 in the fixture
  bodies.push_back(ams.body);

  // Wrong password, no credentials: 401 without echoing anything.
  const HttpResult wrong = AuthRequest(port, "GET", "/metrics", "admin", "SECRETwrong55555");
  CHECK(wrong.status == 401);
  bodies.push_back(wrong.body);
  const HttpResult anonymous = AuthRequest(port, "GET", "/api/v1/printers", "", "");
  CHECK(anonymous.status == 401);
  bodies.push_back(anonymous.body);

  // A broken config (printer b's port is not a number) is rejected; the good one is accepted.
  write_config("eighty");
  const HttpResult rejected = AuthRequest(port, "POST", "/-/reload", "admin", kWebPassword);
  CHECK(rejected.status == 500);
  CHECK(rejected.body.find("printers[1].port") != std::string::npos);
  bodies.push_back(rejected.body);
  write_config(std::to_string(broker_b.port()));
  const HttpResult reloaded = AuthRequest(port, "POST", "/-/reload", "admin", kWebPassword);
  CHECK(reloaded.status == 200);
  bodies.push_back(reloaded.body);
  metrics = Get(port, "/metrics");
  CHECK(metrics.status == 200);
  CHECK(Sample(metrics.body, "bambu_up", {{"printer", "b"}}) == 1);
  bodies.push_back(metrics.body);

  CHECK(test::StopProcess(pid, SIGTERM, 10) == 0);
  ::unsetenv(kEnvName);

  const std::string log = test::ReadFile(log_path);
  CHECK(log.find("config reload rejected") != std::string::npos);  // the log is real
  CHECK(log.find("printers[1].port") != std::string::npos);
  for (const std::string& secret :
       {std::string(kInlineCode), std::string(kFileCode), std::string(kEnvCode),
        std::string(kWebPassword), std::string("SECRETwrong55555"), hash,
        Base64(std::string("admin:") + kWebPassword)}) {
    CAPTURE(secret);
    CHECK(log.find(secret) == std::string::npos);
    for (const std::string& body : bodies) CHECK(body.find(secret) == std::string::npos);
  }
}

}  // namespace bambu
