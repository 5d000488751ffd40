// The exporter-toolkit web config: exact values of a full file, and errors that
// name the file and the key.
#include "web/web_config.hpp"

#include "config/command_line.hpp"
#include "web/basic_auth.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

using bambu::ClientAuth;
using bambu::ParseWebConfig;
using bambu::TlsVersion;
using bambu::WebConfig;
using bambu::WebConfigError;

constexpr const char* kSource = "/etc/bambu/web.yml";
constexpr const char* kAliceHash = "$2y$10$mDwo.lAisC94iLAyP81MCesa29IzH37oigHC/42V2pdJlUprsJPze";

/// The message of the WebConfigError that parsing `yaml` throws; "" when it parses.
std::string ErrorOf(const std::string& yaml) {
  try {
    ParseWebConfig(yaml, kSource);
  } catch (const WebConfigError& error) {
    return error.what();
  }
  return "";
}

TEST_CASE("web config: a full file gives exact values, relative paths resolve to its directory") {
  const WebConfig config = ParseWebConfig(std::string(R"(
tls_server_config:
  cert_file: server.crt
  key_file: /abs/server.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: certs/ca.crt
  min_version: TLS13
  max_version: TLS13
http_server_config:
  headers:
    X-Content-Type-Options: nosniff
    X-Frame-Options: deny
    Strict-Transport-Security: max-age=31536000
basic_auth_users:
  alice: )") + kAliceHash + "\n  bob: " + kAliceHash +
                                              "\n",
                                          kSource);
  CHECK(config.source_path == kSource);
  REQUIRE(config.tls.has_value());
  CHECK(config.tls->cert_file == "/etc/bambu/server.crt");
  CHECK(config.tls->key_file == "/abs/server.key");
  CHECK(config.tls->client_ca_file == "/etc/bambu/certs/ca.crt");
  CHECK(config.tls->client_auth == ClientAuth::kRequireAndVerifyClientCert);
  CHECK(config.tls->min_version == TlsVersion::kTls13);
  CHECK(config.tls->max_version == TlsVersion::kTls13);
  REQUIRE(config.headers.size() == 3);
  CHECK(config.headers[0].first == "X-Content-Type-Options");
  CHECK(config.headers[0].second == "nosniff");
  CHECK(config.headers[1].first == "X-Frame-Options");
  CHECK(config.headers[1].second == "deny");
  CHECK(config.headers[2].first == "Strict-Transport-Security");
  CHECK(config.headers[2].second == "max-age=31536000");
  REQUIRE(config.basic_auth_users.size() == 2);
  CHECK(config.basic_auth_users.at("alice") == kAliceHash);
  CHECK(config.basic_auth_users.at("bob") == kAliceHash);
}

TEST_CASE("web config: defaults, an empty file means plain HTTP without auth") {
  const WebConfig tls_only =
      ParseWebConfig("tls_server_config: {cert_file: a.crt, key_file: a.key}\n", "web.yml");
  REQUIRE(tls_only.tls.has_value());
  CHECK(tls_only.tls->cert_file == "a.crt");  // no directory in the source name
  CHECK(tls_only.tls->client_auth == ClientAuth::kNoClientCert);
  CHECK(tls_only.tls->min_version == TlsVersion::kTls12);
  CHECK(tls_only.tls->max_version == TlsVersion::kTls13);
  CHECK(tls_only.basic_auth_users.empty());
  const WebConfig empty = ParseWebConfig("", "web.yml");
  CHECK_FALSE(empty.tls.has_value());
  CHECK(empty.headers.empty());
  CHECK(empty.basic_auth_users.empty());
  const WebConfig verify_if_given = ParseWebConfig(
      "tls_server_config: {cert_file: a, key_file: b, client_auth_type: VerifyClientCertIfGiven, "
      "client_ca_file: c}\n",
      "web.yml");
  CHECK(verify_if_given.tls->client_auth == ClientAuth::kVerifyClientCertIfGiven);
}

TEST_CASE("web config: every error names the file and the key") {
  const std::string file = std::string(kSource) + ": ";
  CHECK(ErrorOf("rate_limit: {interval: 1s}\n") == file + "rate_limit: unknown key");
  CHECK(ErrorOf("tls_server_config: {cert_file: a, key_file: b, cipher_suites: []}\n") ==
        file + "tls_server_config.cipher_suites: unknown key");
  CHECK(ErrorOf("tls_server_config: {key_file: b}\n") ==
        file + "tls_server_config.cert_file: required when TLS is configured");
  CHECK(ErrorOf("tls_server_config: {cert_file: a}\n") ==
        file + "tls_server_config.key_file: required when TLS is configured");
  CHECK(ErrorOf("tls_server_config: {cert_file: a, key_file: b, min_version: TLS11}\n") ==
        file + "tls_server_config.min_version: TLS11 is not supported; use TLS12 or TLS13");
  CHECK(ErrorOf("tls_server_config: {cert_file: a, key_file: b, max_version: SSL3}\n") ==
        file + "tls_server_config.max_version: expected TLS12 or TLS13, got \"SSL3\"");
  CHECK(ErrorOf("tls_server_config: {cert_file: a, key_file: b, min_version: TLS13, "
                "max_version: TLS12}\n") ==
        file + "tls_server_config.min_version: is above max_version");
  CHECK(ErrorOf("tls_server_config: {cert_file: a, key_file: b, client_auth_type: Sometimes}\n")
            .starts_with(file + "tls_server_config.client_auth_type: expected NoClientCert"));
  CHECK(ErrorOf("tls_server_config: {cert_file: a, key_file: b, "
                "client_auth_type: RequireAndVerifyClientCert}\n") ==
        file +
            "tls_server_config.client_ca_file: required when client_auth_type verifies "
            "certificates");
  CHECK(ErrorOf("tls_server_config: {cert_file: a, key_file: b, client_ca_file: c}\n")
            .starts_with(file + "tls_server_config.client_ca_file: set, but client_auth_type"));
  CHECK(ErrorOf("http_server_config: {http2: true}\n") ==
        file + "http_server_config.http2: unknown key");
  CHECK(ErrorOf("http_server_config: {headers: {Server: nginx}}\n")
            .starts_with(file + "http_server_config.headers.Server: header not allowed"));
  CHECK(ErrorOf("http_server_config: {headers: {X-Frame-Options: allow}}\n") ==
        file + "http_server_config.headers.X-Frame-Options: value must be deny or sameorigin");
  CHECK(ErrorOf("basic_auth_users: {alice: plaintext}\n") ==
        file + "basic_auth_users.alice: must be a bcrypt hash ($2a$, $2b$ or $2y$)");
  CHECK(ErrorOf("basic_auth_users: [alice]\n") == file + "basic_auth_users: must be a mapping");
  CHECK(ErrorOf("tls_server_config: [a]\n") == file + "tls_server_config: must be a mapping");
  CHECK(ErrorOf(std::string("basic_auth_users: {alice: '") + kAliceHash + "', alice: '" +
                kAliceHash + "'}\n") == file + "basic_auth_users.alice: duplicate user");
  CHECK(ErrorOf("[1, 2]\n") == file + "(document): must be a mapping of keys");
  CHECK(ErrorOf("tls_server_config: {cert_file: [a], key_file: b}\n") ==
        file + "tls_server_config.cert_file: must be a string");
}

TEST_CASE("web config: LoadWebConfig reads a file and names it when unreadable") {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("bambu_web_config_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "web.yml").string();
  std::ofstream(path) << "basic_auth_users:\n  alice: " << kAliceHash << "\n";
  CHECK(bambu::LoadWebConfig(path).basic_auth_users.at("alice") == kAliceHash);
  std::ofstream(path) << "basic_auth_user:\n  alice: x\n";
  CHECK_THROWS_WITH_AS(bambu::LoadWebConfig(path),
                       (path + ": basic_auth_user: unknown key").c_str(), WebConfigError);
  std::filesystem::remove_all(dir);
  CHECK_THROWS_WITH_AS(bambu::LoadWebConfig(path),
                       (path + ": cannot read: No such file or directory").c_str(), WebConfigError);
}

TEST_CASE("web config: deploy/web-config.example.yml is valid") {
  const std::string path = std::string(BAMBU_FIXTURE_DIR) + "/../../deploy/web-config.example.yml";
  const WebConfig config = bambu::LoadWebConfig(path);
  REQUIRE(config.tls.has_value());
  CHECK(config.tls->cert_file.ends_with("/deploy/server.crt"));
  CHECK(config.tls->key_file.ends_with("/deploy/server.key"));
  CHECK(config.tls->client_auth == ClientAuth::kNoClientCert);
  CHECK(config.tls->min_version == TlsVersion::kTls12);
  REQUIRE(config.headers.size() == 3);
  CHECK(config.headers[1].first == "X-Frame-Options");
  REQUIRE(config.basic_auth_users.size() == 1);
  CHECK(config.basic_auth_users.at("prometheus").starts_with("$2y$10$"));
  // The password its comment documents.
  CHECK(bambu::VerifyCryptHash("example-only-change-me", config.basic_auth_users.at("prometheus")));
}

TEST_CASE("--web.config.file sets the web config path, absent means none") {
  CHECK(bambu::ParseCommandLine({"--web.config.file=/etc/bambu/web.yml"}).web_config_file ==
        "/etc/bambu/web.yml");
  CHECK(bambu::ParseCommandLine({"--web.config.file", "web.yml"}).web_config_file == "web.yml");
  CHECK(bambu::ParseCommandLine({}).web_config_file.empty());
  CHECK_THROWS_AS(bambu::ParseCommandLine({"--web.config.file="}), bambu::CommandLineError);
  CHECK(bambu::UsageText("bambu_exporter").find("  --web.config.file=PATH") != std::string::npos);
}

}  // namespace
